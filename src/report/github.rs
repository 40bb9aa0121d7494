//! GitHub Actions workflow commands: each finding becomes an annotation on the
//! line it points at (`::error file=...,line=...::message`), and one more on each
//! other file it points into, saying what to look at there.

use super::{place, Report};
use crate::diag::Severity;

/// Escaping of a command's message (`%`, CR, LF), as the runner unescapes it.
fn data(s: &str) -> String {
    crate::text::escape_control(
        &s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
    .into_owned()
}

/// Escaping of a property value: also `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(r: &Report<'_>) -> String {
    let sources = &r.project.sources;
    let mut s = String::new();
    for d in r.findings {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let p = place(sources, d.primary.span);
        let props = |p: &super::Place| {
            let mut props = vec![
                format!("file={}", property(&p.file)),
                format!("line={}", p.line),
                format!("endLine={}", p.end_line),
            ];
            // Columns only mean something within one line.
            if p.end_line == p.line {
                props.push(format!("col={}", p.column));
                props.push(format!("endColumn={}", p.end_column.max(p.column + 1) - 1));
            }
            props.push(format!(
                "title={}",
                property(&format!("fpmlint {}", d.rule))
            ));
            props.join(",")
        };
        let mut msg = d.message.clone();
        if !d.primary.message.is_empty() {
            msg.push_str(&format!("\n{}:{}: {}", p.file, p.line, d.primary.message));
        }
        for l in &d.secondary {
            let q = place(sources, l.span);
            msg.push_str(&format!("\n{}:{}: {}", q.file, q.line, l.message));
        }
        if let Some(h) = &d.help {
            msg.push_str(&format!("\nhelp: {h}"));
        }
        for n in &d.notes {
            msg.push_str(&format!("\nnote: {n}"));
        }
        s.push_str(&format!("::{level} {}::{}\n", props(&p), data(&msg)));
        for (_, labels) in super::other_files(d) {
            let q = place(sources, labels[0].span);
            let mut msg = super::related_message(sources, d, labels[0]);
            if let Some(h) = &d.help {
                msg.push_str(&format!("\nhelp: {h}"));
            }
            s.push_str(&format!("::{level} {}::{}\n", props(&q), data(&msg)));
        }
    }
    for p in &r.project.problems {
        s.push_str(&format!("::error title=fpmlint::{}\n", data(&p.message)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_unescapes() {
        assert_eq!(data("50% of\r\nrequests"), "50%25 of%0D%0Arequests");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(data("\u{1b}[31m"), "\\x1b[31m");
    }
}
