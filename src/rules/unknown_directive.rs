//! unknown-directive: a directive no module of nginx or of Debian's nginx
//! packages declares, one only nginx releases after 1.22 know, or one of a
//! dynamic module the host's nginx does not load.

use std::collections::HashMap;

use super::{Placement, Resolution};
use crate::config::TargetDecl;
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

/// The `.fpmlint.toml` target of a host: `[hosts."<name>".target]` (the
/// summary's name of the host, or its compose service's), with the section's
/// name, and `[target]`.
fn declared(project: &Project, host: usize) -> (Option<(&str, &TargetDecl)>, &TargetDecl) {
    let h = project.hosts.get(host);
    let own = project.options.host_targets.iter().find(|(n, _)| {
        h.is_some_and(|h| *n == h.name || h.service().is_some_and(|(_, s)| s.name == *n))
    });
    (own.map(|(n, t)| (n.as_str(), t)), &project.options.target)
}

/// The nginx release a tree's host runs, and where fpmlint has it from:
/// `[hosts."<name>".target]` or `[target]` of .fpmlint.toml, else its compose
/// service's image tag.
fn target(project: &Project, tree: &crate::model::nginx::NginxTree) -> Option<(String, String)> {
    let (own, all) = declared(project, tree.host);
    if let Some((n, v)) = own.and_then(|(n, t)| Some((n, t.nginx.as_ref()?))) {
        return Some((
            v.clone(),
            format!("`[hosts.\"{n}\".target] nginx` in .fpmlint.toml"),
        ));
    }
    if let Some(v) = &all.nginx {
        return Some((v.clone(), "`[target] nginx` in .fpmlint.toml".into()));
    }
    let (_, s) = project.hosts.get(tree.host)?.service()?;
    let v = crate::deploy::nginx_image_version(&s.image)?;
    Some((v, format!("the image {} of {}", s.image, s.label())))
}

/// What decides which dynamic modules a tree's nginx has.
enum ModulesFrom {
    /// Debian's layout: modules-enabled/*.conf, one file per installed package.
    Debian,
    /// The official nginx image: it ships these, its nginx.conf loads none.
    Image {
        image: String,
        service: String,
        ships: Vec<&'static str>,
    },
    /// `modules = [...]` of .fpmlint.toml, in this section.
    Declared(String),
}

/// The dynamic modules a tree's nginx loads (`load_module` file names), when
/// fpmlint knows them all, and what says so. Only for a main nginx.conf:
/// - `modules` of the host's `.fpmlint.toml` target, with the tree's
///   `load_module` lines;
/// - Debian's layout (it includes modules-enabled, the only way Debian's
///   packages load their modules) whose modules fpmlint sees (the include
///   reads files, or the tree is a machine's, where an empty modules-enabled
///   loads nothing);
/// - the official nginx image (not one a build adds modules to), whose
///   main-context includes all read files: only its `load_module` lines load.
fn loaded_modules(
    project: &Project,
    tree: &crate::model::nginx::NginxTree,
    placement: &Placement,
) -> Option<(Vec<String>, ModulesFrom)> {
    if tree.root_kind != crate::model::nginx::ScopeKind::Main {
        return None;
    }
    let lines = || -> Vec<String> {
        tree.dirs
            .iter()
            .filter(|d| d.name() == "load_module")
            .filter_map(|d| d.arg(0))
            .filter_map(|a| a.rsplit('/').next().map(str::to_string))
            .collect()
    };
    let (own, all) = declared(project, tree.host);
    let own = own.and_then(|(n, t)| Some((format!("[hosts.\"{n}\".target]"), t.modules.as_ref()?)));
    if let Some((section, modules)) =
        own.or_else(|| Some(("[target]".to_string(), all.modules.as_ref()?)))
    {
        let mut v = lines();
        v.extend(modules.iter().cloned());
        return Some((v, ModulesFrom::Declared(section)));
    }
    let host = project.hosts.get(tree.host);
    // A machine's modules-enabled is all it loads; a directory standing for /
    // inside a repository may lack what the image's packages add there.
    let machine = host.is_some_and(|h| h.sysroot) && !tree.ctx.roots.partial;
    let debian = tree.inclusions.iter().any(|inc| {
        tree.dir(inc.include)
            .arg(0)
            .is_some_and(|a| a.contains("modules-enabled"))
            && (machine || !inc.files.is_empty())
    });
    if debian {
        return Some((lines(), ModulesFrom::Debian));
    }
    let (_, s) = host?.service()?;
    if s.builds_modules {
        return None;
    }
    let ships = crate::deploy::nginx_image_modules(&s.image)?;
    // An include at the top that reads nothing fpmlint sees may load modules.
    let blind = tree.inclusions.iter().any(|inc| {
        inc.files.is_empty()
            && placement.context(tree.dir(inc.include).scope) == Some(Context::Main)
    });
    if blind {
        return None;
    }
    Some((
        lines(),
        ModulesFrom::Image {
            image: s.image.clone(),
            service: s.label(),
            ships,
        },
    ))
}

/// The finding for a directive of the module `object` (Debian package
/// `package`), which the tree's nginx does not load.
fn not_loaded(
    dir: &crate::model::nginx::Dir,
    shown: &str,
    object: &str,
    package: &str,
    from: &ModulesFrom,
) -> Diagnostic {
    let unknown = format!("nginx refuses to start: unknown directive \"{shown}\"");
    let load =
        format!("`load_module modules/{object};` at the top of nginx.conf (before events {{}})");
    match from {
        ModulesFrom::Debian => Diagnostic::error(
            META.name,
            format!("{unknown}: it comes from the module {object}, which this configuration does not load"),
            Label::new(
                dir.name.span,
                format!("a directive of {object} (Debian package {package})"),
            ),
        )
        .with_note("Debian's nginx builds this module as a dynamic module: its directives exist only after a `load_module` line, which the package puts in /etc/nginx/modules-enabled")
        .with_help(format!(
            "install {package} (it adds the load_module line to /etc/nginx/modules-enabled/), or write `load_module modules/{object};` at the top of nginx.conf"
        )),
        ModulesFrom::Image { image, service, ships } if ships.contains(&object) => Diagnostic::error(
            META.name,
            format!("{unknown}: it comes from the module {object}, which the image ships but this configuration does not load"),
            Label::new(
                dir.name.span,
                format!("a directive of {object}, not loaded"),
            ),
        )
        .with_note(format!(
            "{service} runs the image {image}: it ships {object} in /etc/nginx/modules, and its directives exist only after a `load_module` line (the image's nginx.conf has none)"
        ))
        .with_help(format!(
            "write `load_module modules/{object};` at the top of /etc/nginx/nginx.conf, before events {{}} (to change the image's, mount your own nginx.conf there)"
        )),
        ModulesFrom::Image { image, service, .. } => Diagnostic::error(
            META.name,
            format!("{unknown}: it comes from the module {object}, which the image {image} does not have"),
            Label::new(
                dir.name.span,
                format!("a directive of {object}, a module {image} does not have"),
            ),
        )
        .with_note(format!(
            "{service} runs the image {image}: the official nginx image ships only the njs, GeoIP, image filter and XSLT modules (and perl in its -perl variants), none other"
        ))
        .with_help(format!(
            "build an image FROM {image} that adds {object} and write `load_module modules/{object};` at the top of its nginx.conf, or remove the line"
        )),
        ModulesFrom::Declared(section) => Diagnostic::error(
            META.name,
            format!("{unknown}: it comes from the module {object}, which this host does not load"),
            Label::new(
                dir.name.span,
                format!("a directive of {object} (Debian package {package})"),
            ),
        )
        .with_note(format!(
            "the modules of this host: `modules` of {section} in .fpmlint.toml, and the load_module lines of its nginx.conf"
        ))
        .with_help(format!(
            "if the host loads {object}, add it to `modules` of {section}; else write {load}, or remove the line"
        )),
    }
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    let mut suggestions: HashMap<(String, Context), Option<(&'static str, bool)>> = HashMap::new();
    // A name no module fpmlint knows declares (a build's own directive) is
    // reported once per host, at its first use, with the other places.
    let mut once: Vec<((usize, String), Diagnostic, usize)> = Vec::new();
    for (i, tree) in project.nginx.iter().enumerate() {
        let target = target(project, tree);
        let placement = project.placement(i);
        let loaded = loaded_modules(project, tree, &placement);
        for (dir, r) in placement.directives() {
            // Read only for a finding: most directives give none (and a
            // large tree's directives are many).
            let shown = || crate::text::escape_control(dir.name());
            match r {
                // A dynamic module's directive in a tree that does not load it.
                Resolution::Known(entry) => {
                    let Some((loaded, from)) = &loaded else {
                        continue;
                    };
                    let module = match from {
                        ModulesFrom::Debian => table::debian_dynamic_module(entry),
                        _ => table::dynamic_module(entry),
                    };
                    let Some((object, package)) = module else {
                        continue;
                    };
                    if loaded.contains(&object) {
                        continue;
                    }
                    out.push(not_loaded(dir, &shown(), &object, package, from));
                }
                Resolution::Unknown => {
                    let name = dir.name();
                    let Some(ctx) = placement.context(dir.scope) else {
                        continue;
                    };
                    let shown = shown();
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
                    let name = dir.name();
                    let since = entry.since.unwrap_or("?");
                    let Some(ctx) = placement.context(dir.scope) else {
                        continue;
                    };
                    let shown = shown();
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

/// The nginx release of a tree's host and where it is from (`fpmlint dump`).
pub(crate) fn nginx_release(
    project: &Project,
    tree: &crate::model::nginx::NginxTree,
) -> Option<(String, String)> {
    target(project, tree)
}

/// The dynamic modules a tree's nginx loads and what says so, when fpmlint
/// knows them all (`fpmlint dump`).
pub(crate) fn modules_loaded(
    project: &Project,
    tree: &crate::model::nginx::NginxTree,
) -> Option<(Vec<String>, String)> {
    let i = project.nginx.iter().position(|t| std::ptr::eq(t, tree))?;
    let placement = project.placement(i);
    let (v, from) = loaded_modules(project, tree, &placement)?;
    let origin = match from {
        ModulesFrom::Debian => {
            "its load_module lines, with Debian's modules-enabled/ (one file per installed package)"
                .to_string()
        }
        ModulesFrom::Image { image, service, .. } => format!(
            "its load_module lines: compose service `{service}` runs the image {image}, whose nginx.conf loads none"
        ),
        ModulesFrom::Declared(section) => {
            format!("its load_module lines, with `modules` of {section} in .fpmlint.toml")
        }
    };
    Some((v, origin))
}
