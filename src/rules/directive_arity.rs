//! directive-arity: a directive with a number of arguments its module does not
//! take (`invalid number of arguments in "%s" directive`), or a block directive
//! without its `{` and a simple one given a block.

use super::Resolution;
use crate::diag::{Diagnostic, Label, Severity};
use crate::nginx::directives as table;
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "directive-arity",
    Severity::Error,
    Category::Startup,
    "a directive with the wrong number of arguments: \"invalid number of arguments\"",
    check = check
);

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for i in 0..project.nginx.len() {
        let placement = project.placement(i);
        for (dir, r) in placement.directives() {
            let Resolution::Known(entry) = r else {
                continue;
            };
            let has_block = dir.block.is_some();
            if entry.is_block() == has_block && entry.arity_ok(dir.args.len()) {
                continue;
            }
            let name = crate::text::escape_control(dir.name());
            if entry.is_block() && !has_block {
                out.push(
                    Diagnostic::new(
                        META.name,
                        META.severity,
                        format!(
                            "nginx refuses to start: directive \"{name}\" has no opening \"{{\""
                        ),
                        Label::new(dir.span, "ends with ';' where a block must open"),
                    )
                    .with_help(format!(
                        "\"{name}\" opens a block: write {name} ... {{ ... }}"
                    )),
                );
                continue;
            }
            if !entry.is_block() && has_block {
                out.push(
                    Diagnostic::new(
                        META.name,
                        META.severity,
                        format!("nginx refuses to start: directive \"{name}\" is not terminated by \";\""),
                        Label::new(dir.span, "opens a block, but this directive takes none"),
                    )
                    .with_help(format!("end \"{name}\" with ';' and move what the braces hold to where it belongs")),
                );
                continue;
            }
            let n = dir.args.len();
            if entry.arity_ok(n) {
                continue;
            }
            let given = match n {
                0 => "given no argument".to_string(),
                1 => "given 1 argument".to_string(),
                n => format!("given {n} arguments"),
            };
            // `fastcgi_pass 127.0.0.1:9000` + newline + `fastcgi_index ...;`:
            // a missing ';' glues the next directive into the arguments.
            let line = |sp: crate::source::Span| {
                project.sources.get(sp.file).line_col(sp.start as usize).0
            };
            let name_line = line(dir.name.span);
            let glued = dir.args.iter().skip(1).find(|a| {
                a.quote == crate::nginx::Quote::None
                    && !table::lookup(&a.value).is_empty()
                    && line(a.span) != name_line
            });
            let mut d = Diagnostic::new(
                META.name,
                META.severity,
                format!(
                    "nginx refuses to start: invalid number of arguments in \"{name}\" directive"
                ),
                Label::new(
                    dir.name.span,
                    format!("takes {}, {given}", entry.arity_text()),
                ),
            );
            d = match glued {
                Some(g) => d
                    .with_label(Label::new(
                        g.span,
                        "the next directive, read as more arguments",
                    ))
                    .with_help(format!(
                        "a ';' is missing at the end of the \"{name}\" line"
                    )),
                None => d.with_help(format!("\"{name}\" takes {}", entry.arity_text())),
            };
            out.push(d);
        }
    }
}
