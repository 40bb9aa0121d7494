//! invalid-pass-target: a `fastcgi_pass`, `uwsgi_pass`, `scgi_pass` or
//! `proxy_pass` target nginx refuses at load (a scheme where none is allowed, no
//! port and no upstream of that name, a socket path too long) or one that can
//! never connect (`unix:/path:` on fastcgi_pass: the colon is part of the path).

use std::collections::HashSet;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::{parse_pass_target, Dir, NginxTree, PassTarget, ScopeKind};
use crate::nginx::Arg;
use crate::paths::has_glob;
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "invalid-pass-target",
    Severity::Error,
    Category::Startup,
    "a *_pass target nginx refuses (scheme, missing port, socket path too long) or that can never connect",
    check = check
);

/// The longest unix socket path nginx 1.22 accepts in a `*_pass` (observed: 107
/// bytes are refused with `too long path in the unix domain socket`).
const MAX_SOCKET_PATH: usize = 106;

const PASSES: &[&str] = &["fastcgi_pass", "uwsgi_pass", "scgi_pass", "proxy_pass"];

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    // Upstream names anywhere in the project: a file no nginx.conf includes may
    // use an upstream defined in another such file.
    let mut all_names: HashSet<String> = HashSet::new();
    for tree in &project.nginx {
        all_names.extend(upstream_names(tree, true));
    }
    let any_open_glob = project.nginx.iter().any(open_glob);
    for tree in &project.nginx {
        let blocks = upstream_names(tree, false);
        let names = upstream_names(tree, true);
        let names = if tree.root_kind == ScopeKind::Main {
            &names
        } else {
            &all_names
        };
        let open_glob = if tree.root_kind == ScopeKind::Main {
            open_glob(tree)
        } else {
            any_open_glob
        };
        let known = Known {
            blocks,
            names,
            open_glob,
        };
        for id in tree.named(PASSES) {
            let dir = tree.dir(id);
            if dir.block.is_some() {
                continue;
            }
            // The http module's directives live in locations; a `proxy_pass`
            // directly in a server is the stream module's (no scheme there).
            if !matches!(
                tree.scope(dir.scope).kind,
                ScopeKind::Location | ScopeKind::If | ScopeKind::LimitExcept
            ) {
                continue;
            }
            let Some(arg) = dir.args.first() else {
                continue;
            };
            if arg.has_variables() {
                continue;
            }
            out.extend(check_pass(dir, arg, &known).map(|d| {
                if tree.root_kind == ScopeKind::Main {
                    d
                } else {
                    d.with_note("this file is not included from any nginx.conf fpmlint found: this is what nginx says once it is")
                }
            }));
        }
    }
}

/// In a repository, an include glob that matches nothing may be filled at deploy
/// time (a Dockerfile writing conf.d/upstream.conf): upstreams fpmlint cannot see.
fn open_glob(tree: &NginxTree) -> bool {
    tree.ctx.roots.sysroot.is_none()
        && tree
            .inclusions
            .iter()
            .any(|inc| inc.files.is_empty() && tree.dir(inc.include).arg(0).is_some_and(has_glob))
}

/// Upstream names a pass target may name, lower-cased.
struct Known<'a> {
    /// `upstream` blocks of this tree.
    blocks: HashSet<String>,
    /// Those, and the implicit upstreams of literal proxy_pass targets (of the
    /// whole project for a file no nginx.conf includes).
    names: &'a HashSet<String>,
    /// Upstreams may be defined in files fpmlint cannot see.
    open_glob: bool,
}

impl Known<'_> {
    fn name(&self, host: &str) -> bool {
        self.open_glob || self.names.contains(&host.to_ascii_lowercase())
    }
    fn block(&self, host: &str) -> bool {
        self.blocks.contains(&host.to_ascii_lowercase())
    }
}

/// Upstream block names, and with `implicit` the hosts of literal `proxy_pass`
/// targets (nginx turns them into upstreams a port-less name can match),
/// lower-cased.
fn upstream_names(tree: &NginxTree, implicit: bool) -> HashSet<String> {
    let mut names: HashSet<String> = tree
        .scopes_of(ScopeKind::Upstream)
        .filter_map(|s| tree.scope(s).dir())
        .filter_map(|d| tree.dir(d).arg(0))
        .map(str::to_ascii_lowercase)
        .collect();
    if !implicit {
        return names;
    }
    for id in tree.named(&["proxy_pass"]) {
        let d = tree.dir(id);
        if let Some(PassTarget::Name { name }) =
            d.args.first().map(|a| parse_pass_target("proxy_pass", a))
        {
            names.insert(name.to_ascii_lowercase());
        }
    }
    names
}

/// The argument as the module parses it: uwsgi_pass accepts and strips
/// `uwsgi://` and `suwsgi://`.
fn target_arg(dir: &Dir, arg: &Arg) -> Arg {
    let mut a = arg.clone();
    if dir.name() == "uwsgi_pass" {
        let lower = a.value.to_ascii_lowercase();
        for scheme in ["uwsgi://", "suwsgi://"] {
            if lower.starts_with(scheme) {
                a.value = a.value[scheme.len()..].into();
                break;
            }
        }
    }
    a
}

/// The part nginx quotes in its messages: for proxy_pass, the URL after the scheme.
fn quoted(dir: &Dir, text: &str) -> String {
    if dir.name() == "proxy_pass" {
        let lower = text.to_ascii_lowercase();
        for scheme in ["http://", "https://"] {
            if lower.starts_with(scheme) {
                let rest = &text[scheme.len()..];
                if rest.to_ascii_lowercase().starts_with("unix:") {
                    return rest.to_string();
                }
                return rest.split(['/', '?']).next().unwrap_or("").to_string();
            }
        }
    }
    text.to_string()
}

fn refuses(arg: &Arg, message: String, label: &str, help: String) -> Diagnostic {
    Diagnostic::new(
        META.name,
        META.severity,
        format!("nginx refuses to start: {message}"),
        Label::new(arg.span, label.to_string()),
    )
    .with_help(help)
}

fn check_pass(dir: &Dir, arg: &Arg, known: &Known) -> Option<Diagnostic> {
    let name = dir.name();
    let a = target_arg(dir, arg);
    let target = parse_pass_target(name, &a);
    let shown = quoted(dir, &a.value);
    match target {
        PassTarget::Invalid { reason, .. } if name == "proxy_pass" && reason.contains("prefix") => {
            Some(refuses(
                arg,
                "invalid URL prefix".into(),
                "proxy_pass needs http:// or https:// before the address",
                format!("write `proxy_pass http://{};`", a.value),
            ))
        }
        PassTarget::Invalid { reason, .. } => {
            let (message, label, help) = if reason.starts_with("no path") {
                (
                    format!("no path in the unix domain socket in upstream \"{shown}\""),
                    "unix: without a socket path",
                    "write the socket path after `unix:`, e.g. `unix:/run/php/php8.2-fpm.sock`"
                        .to_string(),
                )
            } else if reason.starts_with("invalid port") {
                (
                    format!("invalid port in upstream \"{shown}\""),
                    "the port must be a number from 1 to 65535",
                    "write the port php-fpm listens on, e.g. `127.0.0.1:9000`".to_string(),
                )
            } else if name != "proxy_pass" && a.value.contains("://") {
                let scheme = a.value.split("://").next().unwrap_or("");
                let rest = &a.value[scheme.len() + 3..];
                (
                    format!("invalid host in upstream \"{shown}\""),
                    "no scheme here: this directive speaks its own protocol",
                    format!("remove `{scheme}://`: `{name} {rest};`"),
                )
            } else {
                (
                    format!("invalid host in upstream \"{shown}\""),
                    "an address is host:port, [IPv6]:port, unix:/path or an upstream name, with no URI",
                    format!(
                        "write only the address, e.g. `{name} 127.0.0.1:9000;` or `{name} unix:/run/php/php8.2-fpm.sock;`"
                    ),
                )
            };
            Some(refuses(arg, message, label, help))
        }
        PassTarget::Name { name: host } if name != "proxy_pass" && !known.name(&host) => {
            Some(refuses(
                arg,
                format!("no port in upstream \"{host}\""),
                "a name without a port must be an upstream block, and there is none of that name",
                format!(
                    "add the port (`{name} {host}:9000;`) or define `upstream {host} {{ server ...; }}`"
                ),
            ))
        }
        PassTarget::Inet { host, port } if known.block(&host) => Some(refuses(
            arg,
            format!("upstream \"{host}\" may not have port {port}"),
            "names an upstream block: its servers carry the ports",
            format!("write `{name} {host};` and put the port on the upstream's server lines"),
        )),
        PassTarget::Unix { path } if path.len() > MAX_SOCKET_PATH => Some(refuses(
            arg,
            format!("too long path in the unix domain socket in upstream \"{shown}\""),
            &format!(
                "this socket path is {} bytes; nginx accepts at most {MAX_SOCKET_PATH}",
                path.len()
            ),
            "move the socket to a shorter path (e.g. under /run/php/) and change php-fpm's listen to match"
                .into(),
        )),
        PassTarget::Unix { path } if name != "proxy_pass" && path.ends_with(':') => {
            let clean = path.trim_end_matches(':');
            Some(
                Diagnostic::new(
                    META.name,
                    META.severity,
                    format!(
                        "every request through it gets 502 Bad Gateway: nginx connects to a socket literally named \"{path}\", colon included"
                    ),
                    Label::new(arg.span, "the trailing `:` is part of the socket path"),
                )
                .with_note(format!(
                    "nginx logs: connect() to unix:{path} failed (2: No such file or directory) while connecting to upstream"
                ))
                .with_help(format!("remove the colon: `{name} unix:{clean};`")),
            )
        }
        _ => None,
    }
}
