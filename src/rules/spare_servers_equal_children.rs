//! spare-servers-equal-children: `pm = dynamic` with `pm.max_spare_servers`
//! equal to `pm.max_children`: idle workers are never ended.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::Pm;
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "spare-servers-equal-children",
    Severity::Info,
    Category::Performance,
    "pm = dynamic with pm.max_spare_servers equal to pm.max_children: idle workers are never ended",
    check = check
);

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for (_, pool) in project.pools() {
        if pool.pm() != Some(Pm::Dynamic) {
            continue;
        }
        let (Some(children), Some(spare)) = (
            pool.settings.get("pm.max_children"),
            pool.settings.get("pm.max_spare_servers"),
        ) else {
            continue;
        };
        let (Some(c), Some(s)) = (
            crate::units::fpm_integer(&children.value),
            crate::units::fpm_integer(&spare.value),
        ) else {
            continue;
        };
        if c <= 1 || c != s {
            continue;
        }
        let (Some(spare_span), Some(children_span)) = (spare.line_span(), children.line_span())
        else {
            continue;
        };
        let suggested = (c / 4).max(1);
        out.push(
            Diagnostic::new(
                META.name,
                META.severity,
                format!(
                    "pool [{}]: pm.max_spare_servers = pm.max_children = {c}: php-fpm ends an idle worker only when more than {s} are idle, which never happens, so after a burst all {c} workers stay and keep their memory; the pool behaves as pm = static once it has grown",
                    pool.name
                ),
                Label::new(spare_span, format!("up to {s} idle workers are kept")),
            )
            .with_label(Label::new(children_span, format!("{c} workers at most")))
            .with_help(format!(
                "lower pm.max_spare_servers (e.g. {suggested}) so idle workers are ended after a burst, or say `pm = static` if every worker should stay"
            )),
        );
    }
}
