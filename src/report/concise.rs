//! One line per finding: `file:line:col: severity[rule] message`, the shape
//! compilers use, so editors and `grep` read it; the finding's other places
//! follow, indented, as `file:line:col: note: label`.

use std::fmt::Write;

use super::{one_line, place, Report};

pub fn render(r: &Report<'_>) -> String {
    let mut s = String::new();
    for d in r.findings {
        let p = place(&r.project.sources, d.primary.span);
        let _ = writeln!(
            s,
            "{}:{}:{}: {}[{}] {}",
            one_line(&p.file),
            p.line,
            p.column,
            d.severity,
            d.rule,
            one_line(&d.message)
        );
        for l in &d.secondary {
            let q = place(&r.project.sources, l.span);
            let label = if l.message.is_empty() {
                "related location"
            } else {
                &l.message
            };
            let _ = writeln!(
                s,
                "  {}:{}:{}: note: {}",
                one_line(&q.file),
                q.line,
                q.column,
                one_line(label)
            );
        }
    }
    for p in &r.project.problems {
        let _ = writeln!(s, "error: {}", one_line(&p.message));
    }
    s
}
