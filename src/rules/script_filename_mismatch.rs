//! script-filename-mismatch: the SCRIPT_FILENAME nginx sends cannot name the
//! script: a hard-coded path outside the location's root, `$document_root` with
//! no root in effect, or a path outside the pool's chroot.

use super::{context_notes, pass_span, pool_of};
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::{DirId, NginxTree, ScopeId, ScopeKind};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "script-filename-mismatch",
    Severity::Error,
    Category::Runtime,
    "SCRIPT_FILENAME does not lie under the location's root or the pool's chroot: \"File not found.\"",
    check = check
);

const LOG: &str = "FastCGI sent in stderr: \"Primary script unknown\" while reading response header from upstream";

/// The effective `fastcgi_param SCRIPT_FILENAME` at a scope.
fn script_filename(tree: &NginxTree, scope: ScopeId) -> Option<DirId> {
    let (_, dirs) = tree.effective_array(scope, "fastcgi_param");
    dirs.iter()
        .rev()
        .copied()
        .find(|d| tree.dir(*d).arg(0) == Some("SCRIPT_FILENAME"))
}

/// The text before the first variable.
fn literal_prefix(v: &str) -> &str {
    match v.find('$') {
        Some(i) => &v[..i],
        None => v,
    }
}

fn under(path: &str, dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() {
        return true;
    }
    path == dir || path.starts_with(&format!("{dir}/"))
}

/// True when another location of the same server sets `root`: root-not-inherited
/// reports that case, naming the sibling.
fn sibling_root(tree: &NginxTree, scope: ScopeId) -> bool {
    let Some(server) = tree.server_of(scope) else {
        return false;
    };
    tree.scopes_of(ScopeKind::Location)
        .any(|l| tree.server_of(l) == Some(server) && !tree.own(l, "root").is_empty())
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    if !super::active(project) {
        return;
    }
    let links = project.links();
    for pass in &links.passes {
        let tree = &project.nginx[pass.tree];
        // php-fpm answers its status and ping pages without opening a script.
        let pools = crate::rules::group_nginx::pools_reached(project, pass.tree, pass.dir);
        if crate::rules::group_nginx::fpm_page_location(project, tree, pass.scope, &pools) {
            continue;
        }
        let Some(sf) = script_filename(tree, pass.scope) else {
            continue;
        };
        let Some(value) = tree.dir(sf).arg(1) else {
            continue;
        };
        let sf_span = tree
            .dir(sf)
            .args
            .get(1)
            .map_or(tree.dir(sf).span, |a| a.span);
        let at = pass_span(project, pass);
        let alias = tree.effective(pass.scope, "alias").is_some();
        let root = tree.effective(pass.scope, "root");
        let root_value = root.and_then(|d| tree.dir(d).arg(0)).map(str::to_string);
        let uses_root = value.contains("$document_root") || value.contains("$realpath_root");
        let prefix = literal_prefix(value);
        let hard_coded = prefix.starts_with('/');

        // A chrooted pool reads the path inside its chroot: checked below.
        let chrooted = pass.targets.iter().any(|t| {
            t.reach.pools.iter().any(|&li| {
                let (_, pool) = pool_of(project, &links.listeners[li]);
                pool.chroot().is_some_and(|c| !c.value.is_empty())
            })
        });
        // The path the script is looked up at, as far as it is known.
        let mut effective_dir: Option<String> = None;
        if hard_coded {
            effective_dir = Some(prefix.to_string());
            if let (Some(r), Some(rd), false, false) = (&root_value, root, alias, chrooted) {
                if !r.contains('$') && !under(prefix, r) {
                    // `/var/www/html$fastcgi_script_name`: the prefix is a directory.
                    let dir = prefix.trim_end_matches('/');
                    let missing = tree.dir_exists_beside(&project.sources, dir, r) == Some(false);
                    let d = if missing {
                        Diagnostic::error(
                            META.name,
                            format!(
                                "every PHP request here gets 404 \"File not found.\": SCRIPT_FILENAME starts with {prefix}, outside this location's root {r}, and the linted tree has no directory {dir}; php-fpm answers `Primary script unknown` (nginx logs `{LOG}`)"
                            ),
                            Label::new(sf_span, format!("php-fpm opens scripts under {prefix}, which does not exist")),
                        )
                    } else {
                        Diagnostic::warning(
                            META.name,
                            format!(
                                "PHP requests here may get 404 \"File not found.\": SCRIPT_FILENAME starts with {prefix}, outside this location's root {r}; php-fpm answers `Primary script unknown` for any script that is not there too (nginx logs `{LOG}`)"
                            ),
                            Label::new(sf_span, format!("php-fpm opens scripts under {prefix}")),
                        )
                    }
                    .with_label(Label::new(tree.dir(rd).span, format!("nginx serves files from {r}")))
                    .with_label(Label::new(at, "PHP requests go here"))
                    .with_help("use `fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;` (or `include fastcgi.conf;`) so the path follows `root`");
                    let d = if missing {
                        d.with_note(format!("{r} exists in the linted tree and {dir} does not, so no script can be found under it"))
                    } else {
                        d.with_note("a warning: whether scripts exist under that path is not in the configuration (the linted tree does not hold the document roots); when php-fpm sees the files under another path (another container), the hard-coded path is intended: keep both mounts in step")
                    };
                    out.push(context_notes(d, project, Some(pass), &[]));
                }
            }
        } else if uses_root && !alias {
            match (&root_value, root) {
                (Some(r), _) if !r.contains('$') && r.starts_with('/') => {
                    effective_dir = Some(r.clone())
                }
                (None, _)
                    if tree.root_kind == ScopeKind::Main && !sibling_root(tree, pass.scope) =>
                {
                    let d = Diagnostic::error(
                        META.name,
                        format!(
                            "every PHP request here gets 404 \"File not found.\": no `root` is in effect, so $document_root is nginx's compiled-in default (html under its prefix, where packages put no PHP script) and php-fpm answers `Primary script unknown` (nginx logs `{LOG}`)"
                        ),
                        Label::new(sf_span, "$document_root here is nginx's default"),
                    )
                    .with_label(Label::new(at, "PHP requests go here"))
                    .with_help("set `root /path/to/the/site;` in the server block");
                    out.push(context_notes(d, project, Some(pass), &[]));
                }
                _ => {}
            }
        }

        // chroot of the pools reached: php-fpm opens chroot + SCRIPT_FILENAME.
        let Some(dir) = effective_dir else {
            continue;
        };
        other_container(project, pass, &dir, sf_span, out);
        let Some(r) = root_value
            .as_deref()
            .filter(|r| r.starts_with('/') && !r.contains('$'))
        else {
            continue;
        };
        for li in links.reached_pools(pass) {
            let l = &links.listeners[li];
            let (_, pool) = pool_of(project, l);
            let Some(chroot) = pool.chroot() else {
                continue;
            };
            let c = chroot.value.replace("$prefix", &pool.path_prefix());
            let c = c.trim_end_matches('/');
            if c.is_empty() || !c.starts_with('/') {
                continue;
            }
            let opened = format!(
                "{c}{}",
                if dir.starts_with('/') {
                    dir.clone()
                } else {
                    format!("/{dir}")
                }
            );
            let opened = opened.trim_end_matches('/').to_string();
            let r = r.trim_end_matches('/');
            if opened == r {
                continue;
            }
            // php-fpm looks in a directory above the site: scripts may happen to
            // be there (warning). Inside the site (the root repeated within
            // itself, as when chroot equals root) or beside it, none are (error).
            let above = under(r, &opened);
            let inside = r.strip_prefix(c).filter(|rest| rest.starts_with('/'));
            let message = format!(
                "{} get 404 \"File not found.\": pool [{}] runs chrooted in {c}, so php-fpm opens {opened}/..., not {r}/... where nginx serves the site; php-fpm answers `Primary script unknown` (nginx logs `{LOG}`)",
                if above { "PHP requests here may" } else { "every PHP request here would" },
                pool.name
            );
            let mut d = Diagnostic::new(
                META.name,
                if above {
                    Severity::Warning
                } else {
                    Severity::Error
                },
                message,
                Label::new(sf_span, format!("nginx sends a path under {dir}")),
            )
            .with_label(Label::new(
                at,
                format!("PHP requests go to pool [{}]", pool.name),
            ));
            if let Some(s) = chroot.line_span() {
                d = d.with_label(Label::new(
                    s,
                    "php-fpm opens every script path inside this directory",
                ));
            }
            if let Some(rd) = root {
                d = d.with_label(Label::new(
                    tree.dir(rd).span,
                    format!("nginx serves files from {r}"),
                ));
            }
            d = d.with_help(match inside {
                Some(rest) => format!("send the path as seen inside the chroot: `fastcgi_param SCRIPT_FILENAME {rest}$fastcgi_script_name;`"),
                None => format!("put the site under {c} and send the path as seen inside it, or remove chroot from pool [{}]", pool.name),
            });
            out.push(context_notes(d, project, Some(pass), &[l]));
        }
    }
}

/// nginx and the pool in two compose services: the script path nginx sends
/// (under `dir`, where nginx's container has the code) must exist in the php
/// container. When php mounts the same code at another path and nothing at
/// `dir`, no script is ever found there.
fn other_container(
    project: &Project,
    pass: &crate::model::index::Pass,
    dir: &str,
    sf_span: crate::source::Span,
    out: &mut Vec<Diagnostic>,
) {
    use std::path::Path;
    let links = project.links();
    let tree = &project.nginx[pass.tree];
    let Some((_, web)) = project.hosts.get(tree.host).and_then(|h| h.service()) else {
        return;
    };
    let dir_path = Path::new(dir);
    // The code nginx serves: the bind mount holding the directory in nginx's
    // container, else the volume (named volume, a pod's emptyDir) holding it.
    let volume_of = |s: &crate::deploy::Service| {
        s.volumes
            .iter()
            .filter(|(t, id)| dir_path.starts_with(t) && !id.starts_with("bind "))
            .max_by_key(|(t, _)| t.as_os_str().len())
            .cloned()
    };
    let (web_target, code, source) = match (web.mount_of(dir_path), volume_of(web)) {
        (Some((t, c)), _) => (t.clone(), Ok(c.clone()), project.sources.display_path(c)),
        (None, Some((t, id))) => (t, Err(id.clone()), format!("the {id}")),
        (None, None) => return,
    };
    let web_target = &web_target;
    let mut done: Vec<&str> = Vec::new();
    for li in links.reached_pools(pass) {
        let l = &links.listeners[li];
        let (ftree, pool) = pool_of(project, l);
        let Some((_, php)) = project.hosts.get(ftree.host).and_then(|h| h.service()) else {
            continue;
        };
        if php.name == web.name || done.contains(&php.name.as_str()) {
            continue;
        }
        // php has something at that path (the same code, or other files):
        // not judged here.
        if php.mount_of(dir_path).is_some() || volume_of(php).is_some() {
            continue;
        }
        // The same code mounted elsewhere in php's container.
        let php_target = match &code {
            Ok(code) => php
                .mounts
                .iter()
                .find(|(t, src)| src == code && !dir_path.starts_with(t))
                .map(|(t, _)| t.clone()),
            Err(id) => php
                .volumes
                .iter()
                .find(|(t, v)| v == id && !dir_path.starts_with(t))
                .map(|(t, _)| t.clone()),
        };
        let Some(php_target) = php_target else {
            continue;
        };
        let php_target = &php_target;
        done.push(&php.name);
        let rel = dir_path.strip_prefix(web_target).unwrap_or(Path::new(""));
        let there = crate::paths::normalize(&php_target.join(rel));
        let show = |o: Option<&crate::deploy::env::EnvOrigin>| {
            o.map(|o| o.describe(|p| project.sources.display_path(p)))
                .unwrap_or_else(|| "the compose file".into())
        };
        let d = Diagnostic::error(
            META.name,
            format!(
                "every PHP request here gets 404 \"File not found.\": nginx sends SCRIPT_FILENAME under {dir}, but {} mounts the code at {} and has nothing at {}; php-fpm answers `Primary script unknown` (nginx logs `{LOG}`)",
                php.label(),
                php_target.display(),
                web_target.display()
            ),
            Label::new(sf_span, format!("a path under {dir}: where nginx's container has the code")),
        )
        .with_label(Label::new(
            pass_span(project, pass),
            format!("PHP requests go to pool [{}] in {}", pool.name, php.label()),
        ))
        .with_note(format!(
            "{}: {} (nginx) mounts {source} at {}",
            show(web.mount_origin(web_target)),
            web.label(),
            web_target.display()
        ))
        .with_note(format!(
            "{}: {} (php-fpm) mounts {source} at {}",
            show(php.mount_origin(php_target)),
            php.label(),
            php_target.display()
        ))
        .with_help(format!(
            "mount the code at the same path in both services (e.g. {} in both), or send the path php-fpm sees: `fastcgi_param SCRIPT_FILENAME {}$fastcgi_script_name;`",
            web_target.display(),
            there.display()
        ));
        out.push(context_notes(d, project, Some(pass), &[l]));
    }
}
