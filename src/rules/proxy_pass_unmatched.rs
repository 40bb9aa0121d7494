//! proxy-pass-unmatched: nginx `proxy_pass` to an address of its own machine on
//! which no program of that machine listens (nginx in front of Apache).

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::apache::ApacheTree;
use crate::model::index::Host;
use crate::model::nginx::{parse_pass_target, PassTarget};
use crate::project::Project;
use crate::rules::Category;
use crate::source::Span;

crate::declare_rule!(
    "proxy-pass-unmatched",
    Severity::Error,
    Category::Runtime,
    "nginx proxy_pass to a port of its own machine where neither Apache, nginx nor php-fpm listens: 502",
    check = check
);

/// The ports Apache is put on behind nginx (Plesk 7080/7081, HestiaCP and VestaCP
/// 8080/8443), and its own defaults: a proxy_pass there is meant for Apache.
const APACHE_PORTS: &[u16] = &[80, 443, 7080, 7081, 8080, 8081, 8443];

/// A TCP socket some program of the machine binds: (address, port, where, who).
struct Bound {
    host: Host,
    port: u16,
    span: Span,
    who: &'static str,
}

fn bound_on(project: &Project, root: &std::path::Path) -> Vec<Bound> {
    let mut out = Vec::new();
    for t in &project.apache {
        if t.ctx.roots.sysroot.as_deref() != Some(root) {
            continue;
        }
        for l in &t.listens {
            out.push(Bound {
                host: Host::of(l.host.as_deref()),
                port: l.port,
                span: l.span,
                who: "Apache",
            });
        }
    }
    for t in &project.nginx {
        if t.ctx.roots.sysroot.as_deref() != Some(root) {
            continue;
        }
        for d in t.named(&["listen"]).into_iter().map(|id| t.dir(id)) {
            let Some(a) = d.arg(0) else { continue };
            if a.starts_with("unix:") {
                continue;
            }
            let (host, port) = match a.rsplit_once(':') {
                Some((h, p)) if !a.ends_with(']') => (Some(h.to_string()), p.parse().ok()),
                _ if a.bytes().all(|b| b.is_ascii_digit()) => (None, a.parse().ok()),
                _ => (Some(a.to_string()), Some(80)),
            };
            if let Some(port) = port {
                out.push(Bound {
                    host: Host::of(host.as_deref()),
                    port,
                    span: d.span,
                    who: "nginx",
                });
            }
        }
    }
    for t in &project.fpm {
        if t.ctx.roots.sysroot.as_deref() != Some(root) {
            continue;
        }
        for p in &t.pools {
            if let Some(l) = p.listen() {
                if let crate::model::fpm::Endpoint::Tcp { host, port } = &l.endpoint {
                    out.push(Bound {
                        host: Host::of(host.as_deref()),
                        port: *port,
                        span: l.setting.line_span().unwrap_or(p.header),
                        who: "php-fpm",
                    });
                }
            }
        }
    }
    out
}

/// A connection to `to` reaches a socket bound on `at`.
fn reaches(to: &Host, at: &Host) -> bool {
    matches!(at, Host::Any) || to == at
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for tree in &project.nginx {
        let Some(root) = tree.ctx.roots.sysroot.as_deref() else {
            continue;
        };
        // Only with Apache on the machine: nginx proxies to many programs fpmlint
        // does not read (application servers), and nginx in front of Apache is
        // the setup it can check whole.
        let apache: Vec<&ApacheTree> = project
            .apache
            .iter()
            .filter(|t| t.ctx.roots.sysroot.as_deref() == Some(root))
            .collect();
        if apache.is_empty() {
            continue;
        }
        let bound = bound_on(project, root);
        for d in tree
            .named(&["proxy_pass"])
            .into_iter()
            .map(|id| tree.dir(id))
        {
            let Some(arg) = d.args.first() else { continue };
            let https = arg.value.to_ascii_lowercase().starts_with("https://");
            let target = parse_pass_target("proxy_pass", arg);
            let targets: Vec<(PassTarget, Option<Span>)> = match &target {
                PassTarget::Name { name } if tree.upstream(name).is_none() => vec![(
                    PassTarget::Inet {
                        host: name.clone(),
                        port: if https { 443 } else { 80 },
                    },
                    None,
                )],
                t => tree
                    .resolve_target(t)
                    .into_iter()
                    .map(|r| (r.target, r.via.map(|v| tree.dir(v).span)))
                    .collect(),
            };
            for (t, via) in targets {
                let PassTarget::Inet { host, port } = &t else {
                    continue;
                };
                let to = match Host::of(Some(host)) {
                    Host::Any => Host::Loopback,
                    h => h,
                };
                // An address of this machine: loopback, or one a program binds.
                let local = to == Host::Loopback
                    || bound
                        .iter()
                        .any(|b| matches!(&b.host, Host::Addr(_)) && b.host == to);
                if !local
                    || bound
                        .iter()
                        .any(|b| b.port == *port && reaches(&to, &b.host))
                {
                    continue;
                }
                out.push(finding(
                    project, arg.span, via, host, *port, &bound, &apache,
                ));
            }
        }
    }
}

fn finding(
    project: &Project,
    at: Span,
    via: Option<Span>,
    host: &str,
    port: u16,
    bound: &[Bound],
    apache: &[&ApacheTree],
) -> Diagnostic {
    let shown = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let meant = APACHE_PORTS.contains(&port);
    let severity = if meant {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut message = format!(
        "every request proxied here gets 502 Bad Gateway: neither Apache, nginx nor php-fpm of this machine listens on {shown}; nginx logs `connect() failed (111: Connection refused) while connecting to upstream`"
    );
    if !meant {
        message.push_str(&format!(
            " (unless a program fpmlint does not read, such as an application server, listens on port {port})"
        ));
    }
    let primary = match via {
        Some(server) => Label::new(server, "nothing listens here"),
        None => Label::new(at, "nothing listens here"),
    };
    let mut d = Diagnostic::new(META.name, severity, message, primary);
    if via.is_some() {
        d = d.with_label(Label::new(at, "requests go to this upstream"));
    }
    // Apache's sockets: the one the proxy most likely means.
    let apache_bound: Vec<&Bound> = bound.iter().filter(|b| b.who == "Apache").collect();
    if let Some(b) = apache_bound
        .iter()
        .find(|b| b.port != port && APACHE_PORTS.contains(&b.port) && b.port != 80 && b.port != 443)
        .or_else(|| apache_bound.first())
    {
        let f = project.sources.get(b.span.file);
        let (line, _) = f.line_col(b.span.start as usize);
        d = d
            .with_label(Label::new(b.span, format!("Apache listens on port {}", b.port)))
            .with_help(format!(
                "point proxy_pass at port {} where Apache listens ({}:{line}), or make Apache listen on {shown} (`Listen {shown}` and a matching <VirtualHost>)",
                b.port, f.name
            ));
    } else if let Some(t) = apache.first() {
        d = d.with_help(format!(
            "make Apache listen on {shown} (`Listen {shown}` in {}) with a matching <VirtualHost>",
            project.sources.get(t.entry).name
        ));
    }
    d.with_note("`nginx -t` passes: nginx connects only when a request arrives")
}
