//! unknown-directive: a directive no module of nginx or of Debian's nginx
//! packages declares, or one only nginx releases after 1.22 know.

use std::collections::HashMap;

use super::{Placement, Resolution};
use crate::diag::{Diagnostic, Label, Severity};
use crate::nginx::directives::{self as table, Context};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "unknown-directive",
    Severity::Error,
    Category::Startup,
    "a directive nginx does not know: it refuses to start with unknown directive",
    check = check
);

/// Names longer than this get no suggestion (they are data, not typos).
const MAX_SUGGEST_LEN: usize = 64;

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    let known = &project.options.known_directives;
    let mut suggestions: HashMap<(String, Context), Option<(&'static str, bool)>> = HashMap::new();
    for tree in &project.nginx {
        let placement = Placement::new(tree, known);
        for (dir, r) in placement.directives() {
            let name = dir.name();
            let shown = crate::text::escape_control(name);
            match r {
                Resolution::Unknown => {
                    let Some(ctx) = placement.context(dir.scope) else {
                        continue;
                    };
                    let suggestion = *suggestions
                        .entry((name.to_string(), ctx))
                        .or_insert_with(|| suggest(name, ctx));
                    // A near miss (at most two edits) of a directive allowed right
                    // here is a typo; a farther name may be a module's own.
                    let typo = matches!(suggestion, Some((s, true)) if crate::text::edit_distance(name, s) <= 2);
                    let mut d = if typo {
                        Diagnostic::error(
                            META.name,
                            format!("nginx refuses to start: unknown directive \"{shown}\""),
                            Label::new(
                                dir.name.span,
                                "a misspelt directive: no module of nginx or of Debian's nginx packages has this name",
                            ),
                        )
                    } else {
                        Diagnostic::warning(
                            META.name,
                            format!("nginx refuses to start with unknown directive \"{shown}\" unless a third-party module it loads provides it"),
                            Label::new(
                                dir.name.span,
                                "no module of nginx or of Debian's nginx packages has this directive",
                            ),
                        )
                    };
                    d = match suggestion {
                        Some((s, true)) if typo => d.with_help(format!("did you mean \"{s}\"?")),
                        Some((s, true)) => d.with_help(format!(
                            "did you mean \"{s}\"? If a third-party module provides \"{shown}\", list it in known-directives under [options] in .fpmlint.toml"
                        )),
                        Some((s, false)) => d.with_help(format!(
                            "did you mean \"{s}\" (which is not allowed here either)? If a third-party module provides \"{shown}\", list it in known-directives under [options] in .fpmlint.toml"
                        )),
                        None => d.with_help(format!(
                            "if a third-party module provides \"{shown}\", load it with load_module and list the directive in known-directives under [options] in .fpmlint.toml"
                        )),
                    };
                    out.push(d);
                }
                Resolution::Newer(entry) => {
                    let since = entry.since.unwrap_or("?");
                    let Some(ctx) = placement.context(dir.scope) else {
                        continue;
                    };
                    let elsewhere = table::lookup(name).iter().any(|d| d.since.is_none());
                    let message = if elsewhere {
                        format!(
                            "\"{shown}\" is allowed in {} only from nginx {since} on: nginx 1.22 (Debian 12) refuses to start with \"{shown}\" directive is not allowed here",
                            ctx.describe()
                        )
                    } else {
                        format!(
                            "\"{shown}\" needs nginx {since} or later: nginx 1.22 (Debian 12) refuses to start with unknown directive \"{shown}\""
                        )
                    };
                    out.push(
                        Diagnostic::warning(
                            META.name,
                            message,
                            Label::new(
                                dir.name.span,
                                format!("taken here since nginx {since}"),
                            ),
                        )
                        .with_help(format!(
                            "on nginx {since} or later this line is fine: list \"{shown}\" in known-directives under [options] in .fpmlint.toml"
                        )),
                    );
                }
                _ => {}
            }
        }
    }
}

/// The closest directive name: first among those allowed where the typo
/// stands (true), then among all (false).
fn suggest(name: &str, ctx: Context) -> Option<(&'static str, bool)> {
    if name.len() > MAX_SUGGEST_LEN {
        return None;
    }
    let here = table::DIRECTIVES
        .iter()
        .filter(|d| d.since.is_none() && d.allowed_in(ctx))
        .map(|d| d.name);
    crate::text::did_you_mean(name, here)
        .map(|s| (s, true))
        .or_else(|| crate::text::did_you_mean(name, table::names()).map(|s| (s, false)))
}
