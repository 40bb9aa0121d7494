//! fpmlint's own diagnostic model, and its rendering through miette.
//!
//! A diagnostic has one primary label and any number of secondary labels, in any
//! files. miette gives one diagnostic one source, so labels in other files are
//! rendered as related diagnostics, each with its own file.

use std::fmt;
use std::sync::Arc;

use crate::source::{SourceFile, SourceMap, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    /// Most labels are fixed text, kept without a copy.
    pub message: std::borrow::Cow<'static, str>,
}

impl Label {
    pub fn new(span: Span, message: impl Into<std::borrow::Cow<'static, str>>) -> Label {
        Label {
            span,
            message: message.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule name, e.g. `nginx-syntax`, `fastcgi-pass-unmatched`.
    pub rule: &'static str,
    pub severity: Severity,
    /// First line: what breaks.
    pub message: String,
    pub primary: Label,
    /// Labels elsewhere, in this file or in others.
    pub secondary: Vec<Label>,
    /// The one-line fix.
    pub help: Option<String>,
    /// Extra context (e.g. "included from").
    pub notes: Vec<String>,
}

/// A message as long as its text: `format!` leaves up to twice the room, and a
/// run can hold thousands of findings.
fn exact(mut s: String) -> String {
    s.shrink_to_fit();
    s
}

impl Diagnostic {
    pub fn new(
        rule: &'static str,
        severity: Severity,
        message: impl Into<String>,
        primary: Label,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            message: exact(message.into()),
            primary,
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }
    pub fn error(rule: &'static str, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic::new(rule, Severity::Error, message, primary)
    }
    pub fn warning(rule: &'static str, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic::new(rule, Severity::Warning, message, primary)
    }
    pub fn info(rule: &'static str, message: impl Into<String>, primary: Label) -> Diagnostic {
        Diagnostic::new(rule, Severity::Info, message, primary)
    }
    pub fn with_label(mut self, label: Label) -> Diagnostic {
        // Exact: a finding has a label or two, and a run can hold thousands.
        self.secondary.reserve_exact(1);
        self.secondary.push(label);
        self
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(exact(help.into()));
        self
    }
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Sort key: file, offset, rule.
    pub fn sort_key(&self) -> (u32, u32, &'static str, &str) {
        (
            self.primary.span.file.0,
            self.primary.span.start,
            self.rule,
            &self.message,
        )
    }
}

/// Sorts findings and folds together those that say the same thing at the same
/// place (one location reaching the pools of several PHP versions, one
/// directive read through several includes): one finding labels every file
/// involved instead of repeating itself.
pub fn sort_and_fold(v: &mut Vec<Diagnostic>) {
    sort_in_place(v);
    v.dedup();
    // In place: a finding folded into the one before it gives it its labels
    // and notes, and is dropped.
    v.dedup_by(|d, last| {
        let same = last.rule == d.rule
            && last.severity == d.severity
            && last.primary == d.primary
            && last.message == d.message
            && last.help == d.help;
        if same {
            for l in std::mem::take(&mut d.secondary) {
                if !last.secondary.contains(&l) {
                    last.secondary.push(l);
                }
            }
            for n in std::mem::take(&mut d.notes) {
                if !last.notes.contains(&n) {
                    last.notes.push(n);
                }
            }
        }
        same
    });
}

/// A stable sort by [`Diagnostic::sort_key`] that holds the findings once: the
/// order is worked out on their indexes (a slice sort's scratch space would
/// hold a copy of them all), then each cycle of it is followed once.
fn sort_in_place(v: &mut [Diagnostic]) {
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    order.sort_by(|&a, &b| v[a as usize].sort_key().cmp(&v[b as usize].sort_key()));
    // v[i] becomes what v[order[i]] was; a place is marked done by order[i] == i.
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start || from == at {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// Options for the graphical renderer.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 100,
        }
    }
}

/// Render one diagnostic with miette's graphical handler.
pub fn render(sources: &SourceMap, diag: &Diagnostic, opts: RenderOptions) -> String {
    let report = to_miette(sources, diag);
    let theme = if opts.color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(opts.width)
        // Wrap at spaces only: never inside a path, a socket name or a URL.
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_show_related_as_nested(true);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}: {} [{}]\n", diag.severity, diag.message, diag.rule);
    }
    out
}

/// A miette view of one diagnostic (or of the labels it has in one other file).
struct MietteView {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Arc<SourceFile>,
    labels: Vec<miette::LabeledSpan>,
    related: Vec<MietteView>,
}

impl fmt::Debug for MietteView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for MietteView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteView {}

impl miette::Diagnostic for MietteView {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&*self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

fn labeled(label: &Label, primary: bool) -> miette::LabeledSpan {
    let text = if label.message.is_empty() {
        None
    } else {
        Some(crate::text::escape_name(&label.message))
    };
    let span = miette::SourceSpan::from((label.span.start as usize, label.span.len()));
    if primary {
        miette::LabeledSpan::new_primary_with_span(text, span)
    } else {
        miette::LabeledSpan::new_with_span(text, span)
    }
}

fn to_miette(sources: &SourceMap, diag: &Diagnostic) -> MietteView {
    let main_file = diag.primary.span.file;
    let mut labels = vec![labeled(&diag.primary, true)];
    let mut others: Vec<(crate::source::FileId, Vec<miette::LabeledSpan>)> = Vec::new();
    for l in &diag.secondary {
        if l.span.file == main_file {
            labels.push(labeled(l, false));
        } else if let Some((_, v)) = others.iter_mut().find(|(f, _)| *f == l.span.file) {
            v.push(labeled(l, false));
        } else {
            others.push((l.span.file, vec![labeled(l, false)]));
        }
    }
    // Each piece on one line: text from a config never breaks a line of its own.
    let mut help = diag.help.as_deref().map(crate::text::escape_name);
    if !diag.notes.is_empty() {
        let notes: Vec<String> = diag
            .notes
            .iter()
            .map(|n| crate::text::escape_name(n))
            .collect();
        let notes = notes.join("\n");
        help = Some(match help {
            Some(h) => format!("{h}\n{notes}"),
            None => notes,
        });
    }
    let related = others
        .into_iter()
        .map(|(file, labels)| MietteView {
            message: format!("in {}", sources.get(file).name),
            code: None,
            severity: miette::Severity::Advice,
            help: None,
            source: sources.get(file).clone(),
            labels,
            related: Vec::new(),
        })
        .collect();
    MietteView {
        message: crate::text::escape_name(&diag.message),
        code: Some(diag.rule.to_string()),
        severity: match diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        help,
        source: sources.get(main_file).clone(),
        labels,
        related,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

    fn span(file: u32, start: u32) -> Span {
        Span {
            file: FileId(file),
            start,
            end: start + 1,
        }
    }

    /// The in-place sort orders as a stable slice sort does, equal keys in
    /// their first order.
    #[test]
    fn the_in_place_sort_is_the_stable_sort() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for len in [0usize, 1, 2, 3, 10, 100, 1000] {
            let v: Vec<Diagnostic> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    let rule = ["b-rule", "a-rule"][(seed % 2) as usize];
                    let at = span((seed >> 8) as u32 % 3, (seed >> 16) as u32 % 5);
                    Diagnostic::error(rule, format!("m{}", (seed >> 24) % 3), Label::new(at, "x"))
                        .with_note(format!("first place {i}"))
                })
                .collect();
            let mut stable = v.clone();
            stable.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            let mut in_place = v;
            sort_in_place(&mut in_place);
            assert_eq!(in_place, stable, "{len} findings");
        }
    }

    #[test]
    fn same_finding_at_one_place_folds_and_keeps_every_file() {
        let at = |pool_file| {
            Diagnostic::error("timeout-inversion", "504", Label::new(span(0, 5), "here"))
                .with_label(Label::new(span(pool_file, 1), "php.ini"))
        };
        let other = Diagnostic::error("timeout-inversion", "504", Label::new(span(0, 9), "here"));
        let mut v = vec![at(2), other.clone(), at(1), at(2)];
        sort_and_fold(&mut v);
        assert_eq!(v.len(), 2);
        let files: Vec<u32> = v[0].secondary.iter().map(|l| l.span.file.0).collect();
        assert_eq!(files, vec![2, 1], "in the order the findings came");
        assert_eq!(v[1], other);
        // A different message at the same place stays its own finding.
        let mut v = vec![
            at(1),
            Diagnostic::error("timeout-inversion", "502", Label::new(span(0, 5), "here")),
        ];
        sort_and_fold(&mut v);
        assert_eq!(v.len(), 2);
    }
}
