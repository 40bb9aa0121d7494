//! duplicate-directive: a directive set twice in one block where nginx takes it
//! once (`"try_files" directive is duplicate`): nginx refuses to start.

use super::Resolution;
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::ScopeId;
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "duplicate-directive",
    Severity::Error,
    Category::Startup,
    "a directive set twice in one block where nginx allows it once: \"directive is duplicate\"",
    check = check
);

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for i in 0..project.nginx.len() {
        let placement = project.placement(i);
        let tree = placement.tree;
        // Only names written twice in one block can be duplicates: found from
        // each block's name index, without reading the other directives.
        let twice = (0..tree.scopes.len() as u32).flat_map(|s| tree.repeated(ScopeId(s)));
        for (first, later) in twice.flat_map(|run| run[1..].iter().map(|&d| (run[0], d))) {
            let Resolution::Known(entry) = placement.of(later) else {
                continue;
            };
            if !entry.once() {
                continue;
            }
            // Each later one is reported against the first of its block.
            let (prev, dir) = (tree.dir(first), tree.dir(later));
            let name = crate::text::escape_control(dir.name());
            let same = prev
                .args
                .iter()
                .map(|a| a.value.as_str())
                .eq(dir.args.iter().map(|a| a.value.as_str()));
            let mut d = Diagnostic::error(
                META.name,
                format!(
                    "nginx refuses to start: `\"{name}\" directive is duplicate`; {name} may be set once per block"
                ),
                Label::new(dir.span, "set a second time in the same block"),
            )
            .with_label(Label::new(prev.span, "first set here"));
            d = d.with_help(if same {
                format!("remove one of the two identical \"{name}\" lines")
            } else {
                format!("keep the \"{name}\" you mean and remove the other: nginx takes no second value for the same block")
            });
            out.push(d);
        }
    }
}
