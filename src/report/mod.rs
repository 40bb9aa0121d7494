//! Output formats: one file each. Every format reads the same findings, already
//! filtered, suppressed and given their final severity by the runner
//! (`crate::cli::check_with`).

pub mod capacity;
pub mod checkstyle;
pub mod concise;
pub mod files;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod sarif;

use crate::diag::{Diagnostic, RenderOptions};
use crate::project::Project;
use crate::source::{SourceMap, Span};

/// `--format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Code frames with every label (the default on a terminal).
    Human,
    /// One line per finding: `file:line:col: severity[rule] message` (the default
    /// when standard output is not a terminal).
    Concise,
    /// fpmlint's JSON document, schema version 1: `findings` (rule, severity,
    /// category, message, help, notes, location, related), `problems`, `summary`.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// Checkstyle XML.
    Checkstyle,
    /// GitLab Code Quality JSON.
    Gitlab,
}

impl Format {
    /// The format when `--format` is not given.
    pub fn default_for(terminal: bool) -> Format {
        if terminal {
            Format::Human
        } else {
            Format::Concise
        }
    }

    /// True when standard output is one document: the summary goes to standard
    /// error instead.
    pub fn is_document(self) -> bool {
        matches!(
            self,
            Format::Json | Format::Sarif | Format::Checkstyle | Format::Gitlab
        )
    }
}

/// What a format renders.
pub struct Report<'a> {
    pub project: &'a Project,
    pub findings: &'a [Diagnostic],
    pub render: RenderOptions,
}

/// Render the findings (and what could not be read) in a format.
///
/// The line-oriented formats go through [`crate::text::ci_safe`] as a whole: no
/// line of theirs can be read by a CI runner as a command, whatever a config or
/// a file name holds.
pub fn render(format: Format, r: &Report<'_>) -> String {
    match format {
        Format::Human => crate::text::ci_safe(human::render(r.project, r.findings, r.render)),
        Format::Concise => crate::text::ci_safe(concise::render(r)),
        Format::Json => json::render(r),
        Format::Sarif => sarif::render(r),
        // Each line is an annotation whose data is escaped onto that line.
        Format::Github => crate::text::azure_safe(&github::render(r)),
        Format::Checkstyle => checkstyle::render(r),
        Format::Gitlab => gitlab::render(r),
    }
}

/// Write what [`render`] gives to `out`; the concise format a piece at a time
/// (a large report is not held whole before it is written).
pub fn write(format: Format, r: &Report<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    match format {
        // Line by line safe: each piece is whole lines.
        Format::Concise => concise::write(r, &mut |piece| {
            out.write_all(crate::text::ci_safe(piece).as_bytes())
        }),
        f => out.write_all(render(f, r).as_bytes()),
    }
}

/// Where a span is, ready to print. Lines and columns start at 1; columns count
/// characters; the end is exclusive (the position just after the last character).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Byte offset in the file, and length in bytes.
    pub offset: usize,
    pub length: usize,
}

pub fn place(sources: &SourceMap, span: Span) -> Place {
    let f = sources.get(span.file);
    let (line, column) = f.line_col(span.start as usize);
    let (end_line, end_column) = f.line_col(span.end as usize);
    Place {
        file: f.name.clone(),
        line,
        column,
        end_line,
        end_column,
        offset: span.start as usize,
        length: span.len(),
    }
}

/// The files a finding points into besides its primary one, each with its labels,
/// in the order the labels come.
pub fn other_files(d: &Diagnostic) -> Vec<(crate::source::FileId, Vec<&crate::diag::Label>)> {
    let mut out: Vec<(crate::source::FileId, Vec<&crate::diag::Label>)> = Vec::new();
    for l in &d.secondary {
        if l.span.file == d.primary.span.file {
            continue;
        }
        match out.iter_mut().find(|(f, _)| *f == l.span.file) {
            Some((_, v)) => v.push(l),
            None => out.push((l.span.file, vec![l])),
        }
    }
    out
}

/// What an entry in another file of a finding says: that file's label, then the
/// finding and where it is reported.
pub fn related_message(sources: &SourceMap, d: &Diagnostic, label: &crate::diag::Label) -> String {
    let p = place(sources, d.primary.span);
    let what = if label.message.is_empty() {
        "related location".to_string()
    } else {
        label.message.to_string()
    };
    format!(
        "{what} ({} at {}:{}: {})",
        d.rule, p.file, p.line, d.message
    )
}

/// One line of text: control characters escaped, line breaks as spaces.
pub fn one_line(s: &str) -> std::borrow::Cow<'_, str> {
    match crate::text::escape_control(s) {
        std::borrow::Cow::Borrowed(b) if !b.contains(['\n', '\t']) => b.into(),
        c => c.replace(['\n', '\t'], " ").into(),
    }
}
