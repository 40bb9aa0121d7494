//! Checkstyle XML, as CI plugins and review bots read it: one `<file>` per file,
//! one `<error>` per finding with `source="fpmlint.<rule>"`, and one more in each
//! other file the finding points into, saying what that file's place is.

use super::{place, Report};
use crate::diag::Severity;

/// Attribute text: XML escapes, control characters shown escaped (XML 1.0 cannot
/// hold most of them), line breaks as character references.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::text::xml_chars(&crate::text::escape_control(s)).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

pub fn render(r: &Report<'_>) -> String {
    let sources = &r.project.sources;
    let mut s =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    // Every entry with its file, then the files in the order they first come.
    let mut entries: Vec<(crate::source::FileId, String)> = Vec::new();
    for d in r.findings {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let help = d
            .help
            .as_ref()
            .map(|h| format!("\nhelp: {h}"))
            .unwrap_or_default();
        let mut at = |span: crate::source::Span, msg: String| {
            let p = place(sources, span);
            entries.push((
                span.file,
                format!(
                    "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"fpmlint.{}\"/>\n",
                    p.line,
                    p.column,
                    attr(&msg),
                    d.rule
                ),
            ));
        };
        at(d.primary.span, format!("{}{help}", d.message));
        for (_, labels) in super::other_files(d) {
            at(
                labels[0].span,
                format!("{}{help}", super::related_message(sources, d, labels[0])),
            );
        }
    }
    let mut files: Vec<crate::source::FileId> = Vec::new();
    for (f, _) in &entries {
        if !files.contains(f) {
            files.push(*f);
        }
    }
    for file in files {
        s.push_str(&format!(
            "  <file name=\"{}\">\n",
            attr(&sources.get(file).name)
        ));
        for (_, e) in entries.iter().filter(|(f, _)| *f == file) {
            s.push_str(e);
        }
        s.push_str("  </file>\n");
    }
    for p in &r.project.problems {
        s.push_str(&format!(
            "  <file name=\"{}\">\n    <error line=\"1\" severity=\"error\" message=\"{}\" source=\"fpmlint.unreadable-file\"/>\n  </file>\n",
            attr(&sources.display_path(&p.path)),
            attr(&p.message)
        ));
    }
    s.push_str("</checkstyle>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_escaped() {
        assert_eq!(
            attr("a<b & \"c\"\n'd'\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;&apos;d&apos;\\x01"
        );
    }
}
