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

/// At most this many more places are labelled on a directive reported once.
const MORE_LABELS: usize = 4;

/// The nginx release a tree's host runs, and where fpmlint has it from:
/// `[target] nginx` of .fpmlint.toml, else its compose service's image tag.
fn target(project: &Project, tree: &crate::model::nginx::NginxTree) -> Option<(String, String)> {
    if let Some(v) = &project.options.target_nginx {
        return Some((v.clone(), "`[target] nginx` in .fpmlint.toml".into()));
    }
    let (_, s) = project.hosts.get(tree.host)?.service()?;
    let v = crate::deploy::nginx_image_version(&s.image)?;
    Some((
        v,
        format!("the image {} of compose service `{}`", s.image, s.name),
    ))
}

/// The shared object a Debian libnginx-mod-* package loads
/// (`libnginx-mod-http-lua`: `ngx_http_lua_module.so`).
fn module_object(package: &str) -> Option<String> {
    let stem = package.strip_prefix("libnginx-mod-")?;
    Some(match stem {
        "http-ndk" => "ndk_http_module.so".into(),
        _ => format!("ngx_{}_module.so", stem.replace('-', "_")),
    })
}

/// For a main nginx.conf of Debian's layout (it includes modules-enabled, the
/// only way Debian's packages load their modules) whose modules fpmlint sees
/// (the include reads files, or the tree is a machine's, where an empty
/// modules-enabled loads nothing): the modules it loads (`load_module` file
/// names). None for any other tree.
fn loaded_modules(project: &Project, tree: &crate::model::nginx::NginxTree) -> Option<Vec<String>> {
    if tree.root_kind != crate::model::nginx::ScopeKind::Main {
        return None;
    }
    let machine = project.hosts.get(tree.host).is_some_and(|h| h.sysroot);
    let debian = tree.inclusions.iter().any(|inc| {
        tree.dir(inc.include)
            .arg(0)
            .is_some_and(|a| a.contains("modules-enabled"))
            && (machine || !inc.files.is_empty())
    });
    if !debian {
        return None;
    }
    Some(
        tree.dirs
            .iter()
            .filter(|d| d.name() == "load_module")
            .filter_map(|d| d.arg(0))
            .filter_map(|a| a.rsplit('/').next().map(str::to_string))
            .collect(),
    )
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    let known = &project.options.known_directives;
    let mut suggestions: HashMap<(String, Context), Option<(&'static str, bool)>> = HashMap::new();
    // A name no module fpmlint knows declares (a build's own directive) is
    // reported once per host, at its first use, with the other places.
    let mut once: Vec<((usize, String), Diagnostic, usize)> = Vec::new();
    for tree in &project.nginx {
        let target = target(project, tree);
        let loaded = loaded_modules(project, tree);
        let placement = Placement::new(tree, known);
        for (dir, r) in placement.directives() {
            let name = dir.name();
            let shown = crate::text::escape_control(name);
            match r {
                // A Debian module's directive in a tree that does not load it.
                Resolution::Known(entry) if entry.third_party() => {
                    let (Some(loaded), Some(object)) = (&loaded, module_object(entry.module))
                    else {
                        continue;
                    };
                    if loaded.contains(&object) {
                        continue;
                    }
                    out.push(
                        Diagnostic::error(
                            META.name,
                            format!("nginx refuses to start: unknown directive \"{shown}\": it comes from the module {object}, which this configuration does not load"),
                            Label::new(
                                dir.name.span,
                                format!("a directive of {object} (Debian package {})", entry.module),
                            ),
                        )
                        .with_note("Debian's nginx builds this module as a dynamic module: its directives exist only after a `load_module` line, which the package puts in /etc/nginx/modules-enabled")
                        .with_help(format!(
                            "install {} (it adds the load_module line to /etc/nginx/modules-enabled/), or write `load_module modules/{object};` at the top of nginx.conf",
                            entry.module
                        )),
                    );
                }
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
                    if !typo {
                        let key = (tree.host, name.to_string());
                        if let Some((_, first, more)) = once.iter_mut().find(|(k, ..)| *k == key) {
                            *more += 1;
                            if *more <= MORE_LABELS {
                                first
                                    .secondary
                                    .push(Label::new(dir.name.span, "also used here"));
                            }
                            continue;
                        }
                    }
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
                    if typo {
                        out.push(d);
                    } else {
                        once.push(((tree.host, name.to_string()), d, 0));
                    }
                }
                Resolution::Newer(entry) => {
                    let since = entry.since.unwrap_or("?");
                    let Some(ctx) = placement.context(dir.scope) else {
                        continue;
                    };
                    let elsewhere = table::lookup(name).iter().any(|d| d.since.is_none());
                    let nginx_says = if elsewhere {
                        format!("\"{shown}\" directive is not allowed here")
                    } else {
                        format!("unknown directive \"{shown}\"")
                    };
                    // The host's release decides, when fpmlint knows it.
                    if let Some((version, from)) = &target {
                        match table::has_since(version, since) {
                            Some(true) => continue,
                            Some(false) => {
                                let mut d = Diagnostic::error(
                                    META.name,
                                    format!("nginx refuses to start: {nginx_says}: nginx {version} does not have it (nginx {since} added it)"),
                                    Label::new(
                                        dir.name.span,
                                        format!("needs nginx {since}; this host runs nginx {version}"),
                                    ),
                                )
                                .with_note(format!("nginx {version}: from {from}"));
                                d = if name == "http2" {
                                    d.with_help("before nginx 1.25.1, HTTP/2 is a parameter of listen: remove `http2 on;` and write `listen 443 ssl http2;`; or run nginx 1.25.1 or later")
                                } else {
                                    d.with_help(format!(
                                        "run nginx {since} or later, or remove the line"
                                    ))
                                };
                                out.push(d);
                                continue;
                            }
                            None => {}
                        }
                    }
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
    for (_, mut d, more) in once {
        if more > MORE_LABELS {
            d = d.with_note(format!(
                "used {} more times on this host (each would stop nginx the same way)",
                more - MORE_LABELS
            ));
        }
        out.push(d);
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
