//! directive-context: a directive nginx knows, in a block where no module takes
//! it: nginx refuses to start with `"%s" directive is not allowed here`.

use super::Resolution;
use crate::diag::{Diagnostic, Label, Severity};
use crate::nginx::directives as table;
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "directive-context",
    Severity::Error,
    Category::Startup,
    "a directive in a block where nginx does not take it: \"not allowed here\"",
    check = check
);

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for (i, tree) in project.nginx.iter().enumerate() {
        let placement = project.placement(i);
        for (dir, r) in placement.directives() {
            let Resolution::NotAllowed(ctx) = r else {
                continue;
            };
            let name = crate::text::escape_control(dir.name());
            let allowed: Vec<String> = {
                let entries: Vec<_> = table::lookup(dir.name())
                    .iter()
                    .filter(|d| d.since.is_none())
                    .collect();
                // nginx's own modules first: a third-party namesake only
                // when nginx has none.
                let own: Vec<_> = entries.iter().filter(|d| !d.third_party()).collect();
                let pick: Vec<_> = if own.is_empty() {
                    entries.iter().collect()
                } else {
                    own
                };
                let mut v: Vec<String> = pick.iter().map(|d| d.contexts_text()).collect();
                v.dedup();
                v
            };
            let mut d = Diagnostic::new(
                META.name,
                META.severity,
                format!("nginx refuses to start: \"{name}\" directive is not allowed here"),
                Label::new(dir.name.span, format!("not allowed in {}", where_(ctx))),
            );
            let block = tree.scope(dir.scope).dir();
            if let Some(b) = block {
                let b = tree.dir(b);
                d = d.with_label(Label::new(
                    b.name.span,
                    format!(
                        "the {} block it stands in",
                        crate::text::escape_control(b.name())
                    ),
                ));
            }
            d = d.with_help(format!(
                "move it to a block where nginx takes it: {}",
                allowed.join(", ")
            ));
            if let (true, Some(root)) = (placement.fragment(), placement.context(tree.root())) {
                d = d.with_note(format!(
                    "no nginx.conf fpmlint read includes this file: its top level was checked as if included in {}, where the fewest of its directives are out of place; nowhere does every one fit",
                    where_(root)
                ));
            }
            out.push(d);
        }
    }
}

fn where_(ctx: table::Context) -> String {
    use table::Context::*;
    match ctx {
        Main => "the main context (outside any block)".into(),
        HttpServerIf => "an if block inside a server".into(),
        HttpLocationIf => "an if block inside a location".into(),
        Events | Http | Stream | Mail | Rtmp => format!("the {} block", ctx.describe()),
        c => format!("a {} block", c.describe()),
    }
}
