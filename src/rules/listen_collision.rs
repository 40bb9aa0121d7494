//! listen-collision: two pools claim the same endpoint, or a pool's TCP port is
//! one nginx listens on.

use std::net::IpAddr;

use super::{context_notes, endpoint_words, pool_at, pool_of};
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::Endpoint;
use crate::model::index::{Key, Listener};
use crate::model::nginx::ScopeKind;
use crate::project::Project;
use crate::rules::Category;
use crate::source::Span;

crate::declare_rule!(
    "listen-collision",
    Severity::Error,
    Category::Startup,
    "two pools (or a pool and nginx) claim the same socket or port",
    check = check
);

/// The address a TCP listen binds, finer than [`crate::model::index::Host`]:
/// `localhost` is 127.0.0.1 (php-fpm binds the first address it resolves to).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Bind {
    Any,
    Addr(String),
}

fn bind_of(host: Option<&str>) -> Bind {
    let Some(h) = host else {
        return Bind::Any;
    };
    let h = h.trim_start_matches('[').trim_end_matches(']');
    if h.is_empty() || h == "*" {
        return Bind::Any;
    }
    if h.eq_ignore_ascii_case("localhost") {
        return Bind::Addr("127.0.0.1".into());
    }
    match h.parse::<IpAddr>() {
        Ok(ip) if ip.is_unspecified() => Bind::Any,
        Ok(ip) => Bind::Addr(ip.to_string()),
        Err(_) => Bind::Addr(h.to_ascii_lowercase()),
    }
}

fn overlap(a: &Bind, b: &Bind) -> bool {
    matches!((a, b), (Bind::Any, _) | (_, Bind::Any)) || a == b
}

fn span_of(l: &Listener, fallback: Span) -> Span {
    l.listen.setting.line_span().unwrap_or(fallback)
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    // nginx and Apache clash without php-fpm too.
    apache_ports(project, out);
    if !super::active(project) {
        return;
    }
    let links = project.links();
    for group in links.shared() {
        let mut reported: Vec<usize> = Vec::new();
        for (n, &b) in group.iter().enumerate() {
            for &a in &group[..n] {
                if reported.contains(&b) {
                    break;
                }
                if let Some(d) = pair(project, &links.listeners[a], &links.listeners[b]) {
                    reported.push(b);
                    out.push(d);
                }
            }
        }
    }
    nginx_ports(project, out);
}

/// The address Apache names when it cannot bind a `Listen` (`[::]:80` for a port
/// alone: the dual-stack socket comes first).
fn apache_addr(al: &crate::model::apache::Listen) -> String {
    match al.host.as_deref() {
        Some(h) if h.contains(':') => format!("[{h}]:{}", al.port),
        Some(h) => format!("{h}:{}", al.port),
        None => format!("[::]:{}", al.port),
    }
}

/// nginx and Apache (or Apache and a pool) binding one port on the same machine
/// (same sysroot).
fn apache_ports(project: &Project, out: &mut Vec<Diagnostic>) {
    let mut reported: Vec<(Span, u16)> = Vec::new();
    let links = project.links();
    for at in &project.apache {
        let Some(root) = &at.ctx.roots.sysroot else {
            continue;
        };
        for al in &at.listens {
            let ab = bind_of(al.host.as_deref());
            for &li in links.listeners_on_port(at.host, al.port) {
                let l = &links.listeners[li];
                let (ft, pool) = pool_of(project, l);
                let Endpoint::Tcp { host, .. } = &l.listen.endpoint else {
                    continue;
                };
                if ft.ctx.roots.sysroot.as_ref() != Some(root)
                    || !overlap(&ab, &bind_of(host.as_deref()))
                {
                    continue;
                }
                let port = al.port;
                let d = Diagnostic::error(
                    META.name,
                    format!(
                        "Apache and pool [{}] both listen on port {port}: whichever starts second fails to bind it (Apache: `(98)Address already in use: AH00072: make_sock: could not bind to address {}`; php-fpm: `unable to bind listening socket for address '{}': Address already in use (98)`)",
                        pool.name, apache_addr(al), l.listen.setting.value
                    ),
                    Label::new(al.span, format!("Apache listens on port {port}")),
                )
                .with_label(Label::new(
                    span_of(l, pool.header),
                    format!("pool [{}] listens on {}", pool.name, endpoint_words(&l.listen.endpoint)),
                ))
                .with_help(format!(
                    "move pool [{}] to another port (9000 is php-fpm's usual one) or to a unix socket, and update Apache's handler",
                    pool.name
                ));
                out.push(context_notes(d, project, None, &[l]));
            }
            for tree in project.nginx.iter() {
                if tree.ctx.roots.sysroot.as_ref() != Some(root) {
                    continue;
                }
                for server in tree.scopes_of(ScopeKind::Server) {
                    for &ld in tree.own(server, "listen") {
                        let Some(arg) = tree.dir(ld).arg(0) else {
                            continue;
                        };
                        let Some((nb, port)) = nginx_listen(arg) else {
                            continue;
                        };
                        // nginx's [::] is IPv6-only by default: it leaves Apache's
                        // 0.0.0.0 alone.
                        let v6_only = arg.starts_with("[::]")
                            && !tree.dir(ld).args.iter().any(|a| a.value == "ipv6only=off");
                        if port != al.port
                            || !overlap(&nb, &ab)
                            || (v6_only && al.host.as_deref() == Some("0.0.0.0"))
                            || reported.contains(&(al.span, port))
                        {
                            continue;
                        }
                        reported.push((al.span, port));
                        let shown = apache_addr(al);
                        let mut d = Diagnostic::error(
                            META.name,
                            format!(
                                "nginx and Apache both listen on port {port}: whichever starts second fails to start (Apache: `(98)Address already in use: AH00072: make_sock: could not bind to address {shown}`; nginx: `[emerg] bind() to {}:{port} failed (98: Address already in use)`); the first one then answers every request on port {port}, and the sites of the other are unreachable",
                                match &nb {
                                    Bind::Addr(a) if a.contains(':') => format!("[{a}]"),
                                    Bind::Addr(a) => a.clone(),
                                    Bind::Any => "0.0.0.0".into(),
                                }
                            ),
                            Label::new(al.span, format!("Apache listens on port {port}")),
                        )
                        .with_label(Label::new(
                            tree.dir(ld).span,
                            format!("nginx listens on port {port}"),
                        ))
                        .with_help(format!(
                            "move Apache to another port behind nginx (change this Listen and its <VirtualHost *:{port}> to 8080, say, and proxy_pass http://127.0.0.1:8080 from nginx), or disable one of the two servers"
                        ))
                        .with_note("`nginx -t` and `apachectl -t` both pass: the clash shows only when the second server binds");
                        // A tree kept in a repository (an image offering either
                        // web server): whether both start is not in the files.
                        if tree.ctx.roots.partial {
                            d.severity = Severity::Warning;
                            d.message = d.message.replacen(
                                "nginx and Apache both listen",
                                "if both run, nginx and Apache both listen",
                                1,
                            );
                            d = d.with_note("these files are kept in a repository: whether the target host starts both nginx and Apache is not in them");
                        }
                        out.push(d);
                    }
                }
            }
        }
    }
}

fn pair(project: &Project, a: &Listener, b: &Listener) -> Option<Diagnostic> {
    let (ta, pa) = pool_of(project, a);
    let (tb, pb) = pool_of(project, b);
    let same_tree = a.tree == b.tree;
    // Two configurations collide only when they run on one machine: trees of one
    // sysroot. Configurations side by side in a repository are alternatives, or
    // run in separate containers.
    if !same_tree
        && (ta.ctx.roots.sysroot.is_none() || ta.ctx.roots.sysroot != tb.ctx.roots.sysroot)
    {
        let reopened = (ta.fragment || tb.fragment) && pa.name.eq_ignore_ascii_case(&pb.name);
        let one_side_fragment = ta.fragment != tb.fragment;
        if reopened || !one_side_fragment {
            return None;
        }
    }
    // A lone pool file reopening a pool of the same name is that pool, not another.
    if !same_tree && (ta.fragment || tb.fragment) && pa.name.eq_ignore_ascii_case(&pb.name) {
        return None;
    }
    let a_span = span_of(a, pa.header);
    let b_span = span_of(b, pb.header);
    let (message, shared_socket) = match (&a.key, &b.key) {
        (Key::Unix(path), Key::Unix(_)) => {
            let same_string = a.listen.endpoint == b.listen.endpoint;
            if same_tree && same_string {
                (format!(
                    "php-fpm refuses to start: `[pool {}] unable to set listen address as it's already used in another pool '{}'`; every PHP request gets 502 Bad Gateway",
                    pb.name, pa.name
                ), false)
            } else if same_tree {
                (format!(
                    "php-fpm refuses to start: pools [{}] and [{}] both listen on {path} (`Another FPM instance seems to already listen on {path}`); every PHP request gets 502 Bad Gateway",
                    pa.name, pb.name
                ), false)
            } else {
                (format!(
                    "two php-fpm masters claim the socket {path}: the one started second refuses to start (`Another FPM instance seems to already listen on {path}`), and its pools get no requests"
                ), false)
            }
        }
        (Key::Tcp { port, .. }, Key::Tcp { .. }) => {
            let (Endpoint::Tcp { host: ha, .. }, Endpoint::Tcp { host: hb, .. }) =
                (&a.listen.endpoint, &b.listen.endpoint)
            else {
                return None;
            };
            let (ba, bb) = (bind_of(ha.as_deref()), bind_of(hb.as_deref()));
            if !overlap(&ba, &bb) {
                return None;
            }
            let same_string = a.listen.setting.value == b.listen.setting.value;
            let later = &b.listen.setting.value;
            if same_tree && same_string {
                (format!(
                    "php-fpm refuses to start: `[pool {}] unable to set listen address as it's already used in another pool '{}'`; every PHP request gets 502 Bad Gateway",
                    pb.name, pa.name
                ), false)
            } else if same_tree && ba == bb {
                (format!(
                    "pools [{}] and [{}] share one socket on {}: php-fpm binds it once and hands each request to either pool at random, running it with the other pool's user, limits and php_admin_values; no 502, but the pools are no longer isolated",
                    pa.name, pb.name, endpoint_words(&a.listen.endpoint)
                ), true)
            } else if same_tree {
                (format!(
                    "php-fpm refuses to start: pools [{}] and [{}] both bind port {port} (`unable to bind listening socket for address '{later}': Address already in use (98)`); every PHP request gets 502 Bad Gateway",
                    pa.name, pb.name
                ), false)
            } else {
                (format!(
                    "two php-fpm masters claim port {port}: the one started second fails (`unable to bind listening socket for address '{later}': Address already in use (98)`), and its pools get no requests"
                ), false)
            }
        }
        _ => return None,
    };
    let fragment = ta.fragment || tb.fragment;
    // Two masters of a tree kept in a repository (an image's files for every
    // PHP version it can run): whether both run is not in the files.
    let both_may_not_run =
        !same_tree && (ta.ctx.roots.partial_tree() || tb.ctx.roots.partial_tree());
    let severity = if fragment || both_may_not_run {
        Severity::Warning
    } else {
        Severity::Error
    };
    let mut d = Diagnostic::new(
        META.name,
        severity,
        message,
        Label::new(
            b_span,
            format!("pool [{}] claims {}", pb.name, endpoint_words(&b.listen.endpoint)),
        ),
    )
    .with_label(Label::new(
        a_span,
        format!("pool [{}] already claims {}", pa.name, endpoint_words(&a.listen.endpoint)),
    ))
    .with_help(if shared_socket {
        format!(
            "give pool [{}] its own port or socket (say `listen = /run/php/{}.sock`), and point its nginx locations there",
            pb.name, pb.name
        )
    } else {
        format!(
            "give pool [{}] its own socket or port, other than the one {} uses, and point its nginx locations there",
            pb.name,
            pool_at(project, pa, a_span)
        )
    });
    if both_may_not_run && !fragment {
        d.message = d.message.replacen(
            "two php-fpm masters claim",
            "two php-fpm masters, if both run, claim",
            1,
        );
        d = d.with_note("these files are kept in a repository: whether the target host starts both masters (one service per PHP version) is not in them");
    }
    if fragment {
        d = d.with_note("a pool file that no php-fpm.conf fpmlint found includes: this collision happens once php-fpm loads it (mounted or included into the same configuration)");
    }
    Some(context_notes(d, project, None, &[a, b]))
}

/// nginx `listen` argument: (bind, port) for TCP.
fn nginx_listen(arg: &str) -> Option<(Bind, u16)> {
    if arg.starts_with("unix:") {
        return None;
    }
    if let Some(rest) = arg.strip_prefix('[') {
        let (host, port) = rest.split_once("]:")?;
        return Some((bind_of(Some(host)), port.parse().ok()?));
    }
    match arg.rsplit_once(':') {
        Some((h, p)) => Some((bind_of(Some(h)), p.parse().ok()?)),
        None if arg.bytes().all(|b| b.is_ascii_digit()) => Some((Bind::Any, arg.parse().ok()?)),
        // A host alone: port 80.
        None => Some((bind_of(Some(arg)), 80)),
    }
}

/// A pool's TCP port that nginx listens on, on the same machine (same sysroot).
fn nginx_ports(project: &Project, out: &mut Vec<Diagnostic>) {
    let links = project.links();
    for tree in project.nginx.iter() {
        let Some(root) = &tree.ctx.roots.sysroot else {
            continue;
        };
        for server in tree.scopes_of(ScopeKind::Server) {
            for &ld in tree.own(server, "listen") {
                let Some(arg) = tree.dir(ld).arg(0) else {
                    continue;
                };
                let Some((nb, port)) = nginx_listen(arg) else {
                    continue;
                };
                for &li in links.listeners_on_port(tree.host, port) {
                    let l = &links.listeners[li];
                    let (ft, pool) = pool_of(project, l);
                    if ft.ctx.roots.sysroot.as_ref() != Some(root) {
                        continue;
                    }
                    let Endpoint::Tcp { host, .. } = &l.listen.endpoint else {
                        continue;
                    };
                    if !overlap(&nb, &bind_of(host.as_deref())) {
                        continue;
                    }
                    let d = Diagnostic::error(
                        META.name,
                        format!(
                            "nginx and pool [{}] both listen on port {port}: whichever starts second fails to bind it (`Address already in use`)",
                            pool.name
                        ),
                        Label::new(tree.dir(ld).span, format!("nginx listens on port {port}")),
                    )
                    .with_label(Label::new(
                        span_of(l, pool.header),
                        format!("pool [{}] listens on {}", pool.name, endpoint_words(&l.listen.endpoint)),
                    ))
                    .with_help(format!(
                        "move pool [{}] to another port (9000 is php-fpm's usual one) or to a unix socket, and update fastcgi_pass",
                        pool.name
                    ));
                    out.push(context_notes(d, project, None, &[l]));
                }
            }
        }
    }
}
