//! One line per finding: `file:line:col: severity[rule] message`, the shape
//! compilers use, so editors and `grep` read it; the finding's other places
//! follow, indented, as `file:line:col: note: label`.

use std::fmt::Write;

use super::{one_line, place, Report};

pub fn render(r: &Report<'_>) -> String {
    let mut all = String::new();
    // Writing to a String cannot fail.
    let _ = write(r, &mut |piece| {
        all.push_str(&piece);
        Ok(())
    });
    all
}

/// The report a piece at a time (whole lines, about 64 KB each), so that a
/// report of many findings is never held whole.
pub fn write(
    r: &Report<'_>,
    emit: &mut dyn FnMut(String) -> std::io::Result<()>,
) -> std::io::Result<()> {
    const PIECE: usize = 64 * 1024;
    let mut s = String::new();
    for d in r.findings {
        if s.len() >= PIECE {
            emit(std::mem::take(&mut s))?;
        }
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
    emit(s)
}
