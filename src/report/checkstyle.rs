//! Checkstyle XML, as CI plugins and review bots read it: one `<file>` per file,
//! one `<error>` per finding with `source="fpmlint.<rule>"`.

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
    // Findings are sorted by file: group runs of the same file.
    let mut i = 0;
    while i < r.findings.len() {
        let file = r.findings[i].primary.span.file;
        s.push_str(&format!(
            "  <file name=\"{}\">\n",
            attr(&sources.get(file).name)
        ));
        while i < r.findings.len() && r.findings[i].primary.span.file == file {
            let d = &r.findings[i];
            let p = place(sources, d.primary.span);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let mut msg = d.message.clone();
            if let Some(h) = &d.help {
                msg.push_str(&format!("\nhelp: {h}"));
            }
            s.push_str(&format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"fpmlint.{}\"/>\n",
                p.line,
                p.column,
                attr(&msg),
                d.rule
            ));
            i += 1;
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
