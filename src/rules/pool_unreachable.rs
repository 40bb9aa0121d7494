//! pool-unreachable: the pool listens, but not where nginx connects from: loopback
//! only while nginx comes through another host, or `listen.allowed_clients` drops
//! nginx's address (or every address).

use std::net::IpAddr;

use super::{context_notes, endpoint_words, pass_span, pool_of, target_text};
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::Endpoint;
use crate::model::index::{Host, Listener, Pass, Target};
use crate::model::nginx::PassTarget;
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "pool-unreachable",
    Severity::Error,
    Category::Runtime,
    "the pool listens on loopback only, or listen.allowed_clients drops nginx: 502",
    check = check
);

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    if !super::active(project) {
        return;
    }
    apache(project, out);
    let links = project.links();
    let mut reported_empty: Vec<usize> = Vec::new();
    for pass in &links.passes {
        for t in &pass.targets {
            if t.reach.pools.is_empty() {
                if let Some(&li) = t.reach.loopback_only.first() {
                    out.push(loopback_only(project, pass, t, &links.listeners[li]));
                }
                continue;
            }
            for &li in &t.reach.pools {
                let l = &links.listeners[li];
                if let Some(d) = allowed_clients(project, pass, t, l, li, &mut reported_empty) {
                    out.push(d);
                }
            }
        }
    }
}

/// Apache's handlers: the same tests, with Apache's outcome (503).
fn apache(project: &Project, out: &mut Vec<Diagnostic>) {
    let links = project.links();
    for ap in &links.apache {
        let h = &project.apache[ap.tree].handlers[ap.handler];
        let shown = target_text(&ap.target);
        if ap.reach.pools.is_empty() {
            if let Some(&li) = ap.reach.loopback_only.first() {
                let l = &links.listeners[li];
                let (_, pool) = pool_of(project, l);
                let (host, port) = match &ap.target {
                    PassTarget::Inet { host, port } => (host.clone(), *port),
                    _ => continue,
                };
                let mut d = Diagnostic::error(
                    META.name,
                    format!(
                        "every PHP request here gets 503 Service Unavailable: pool [{}] listens on {} (loopback only), but Apache connects to {shown}; Apache logs `(111)Connection refused: AH00957: FCGI: attempt to connect to {host}:{port} ({host}:{port}) failed`",
                        pool.name,
                        endpoint_words(&l.listen.endpoint)
                    ),
                    Label::new(h.span, format!("Apache connects to {shown}, not through loopback")),
                );
                if let Some(span) = l.listen.setting.value_span() {
                    d = d.with_label(Label::new(
                        span,
                        format!(
                            "pool [{}] accepts connections from this machine only",
                            pool.name
                        ),
                    ));
                }
                d = d.with_help(format!(
                    "point the handler at 127.0.0.1:{port} if php-fpm runs beside Apache, or set `listen = {port}` in pool [{}] (and keep port {port} off the public network)",
                    pool.name
                ));
                out.push(context_notes(d, project, None, &[l]));
            }
            continue;
        }
        let PassTarget::Inet { host, .. } = &ap.target else {
            continue;
        };
        for &li in &ap.reach.pools {
            let l = &links.listeners[li];
            if !matches!(l.listen.endpoint, Endpoint::Tcp { .. }) {
                continue;
            }
            let (_, pool) = pool_of(project, l);
            let Some(setting) = pool.listen_allowed_clients() else {
                continue;
            };
            let Some(span) = setting.value_span().or(setting.line_span()) else {
                continue;
            };
            let (ok, _) = parse_allowed(&setting.value);
            let denied = match Host::of(Some(host)) {
                Host::Loopback | Host::Any => {
                    let v6 = host.parse::<IpAddr>().ok().map(|ip| ip.is_ipv6());
                    !ok.iter()
                        .any(|ip| ip.is_loopback() && v6.is_none_or(|v6| ip.is_ipv6() == v6))
                }
                Host::Addr(_) => ok.iter().all(|ip| ip.is_loopback()),
            };
            if !denied {
                continue;
            }
            let d = Diagnostic::error(
                META.name,
                format!(
                    "every PHP request here gets 503 Service Unavailable: pool [{}] drops Apache's connections (listen.allowed_clients does not list the address Apache connects from); php-fpm closes the connection and Apache logs `AH01075: Error dispatching request to` or `AH01074: Failed writing Environment to`, with `(104)Connection reset by peer` or `(32)Broken pipe` (by when the close arrives)",
                    pool.name
                ),
                Label::new(h.span, format!("Apache connects to {shown}")),
            )
            .with_label(Label::new(span, "Apache's address is not in this list"))
            .with_help(format!(
                "add the address Apache connects from to listen.allowed_clients of pool [{}] (127.0.0.1 when php-fpm runs beside Apache), or remove the line",
                pool.name
            ))
            .with_note("php-fpm logs nothing at its default log level");
            out.push(context_notes(d, project, None, &[l]));
        }
    }
}

fn at_label(project: &Project, pass: &Pass, t: &Target, what: &str) -> (Label, Option<Label>) {
    let tree = &project.nginx[pass.tree];
    match t.via {
        Some(server) => (
            Label::new(tree.dir(server).span, what.to_string()),
            Some(Label::new(
                pass_span(project, pass),
                "PHP requests go to this upstream",
            )),
        ),
        None => (Label::new(pass_span(project, pass), what.to_string()), None),
    }
}

fn loopback_only(project: &Project, pass: &Pass, t: &Target, l: &Listener) -> Diagnostic {
    let (_, pool) = pool_of(project, l);
    let shown = target_text(&t.target);
    let port = match &l.listen.endpoint {
        Endpoint::Tcp { port, .. } => *port,
        Endpoint::Unix(_) => 0,
    };
    let (primary, extra) = at_label(
        project,
        pass,
        t,
        &format!("nginx connects to {shown}, not through loopback"),
    );
    let mut d = Diagnostic::error(
        META.name,
        format!(
            "every PHP request here gets 502 Bad Gateway: pool [{}] listens on {} (loopback only), but nginx connects to {shown}; nginx logs `connect() failed (111: Connection refused) while connecting to upstream`",
            pool.name,
            endpoint_words(&l.listen.endpoint)
        ),
        primary,
    );
    if let Some(x) = extra {
        d = d.with_label(x);
    }
    if let Some(span) = l.listen.setting.value_span() {
        d = d.with_label(Label::new(
            span,
            format!(
                "pool [{}] accepts connections from this machine only",
                pool.name
            ),
        ));
    }
    d = d
        .with_help(format!(
            "set `listen = {port}` in pool [{}] so it listens on every interface (and keep port {port} off the public network), or point fastcgi_pass at 127.0.0.1:{port} if php-fpm runs beside nginx",
            pool.name
        ))
        .with_note("a loopback address is reachable only from the same machine (the same container): another host or container is refused");
    if let Some(note) = crate::deploy::services_note(project, pass.host, l.host) {
        d = d.with_note(note);
    }
    context_notes(d, project, Some(pass), &[l])
}

/// Items of `listen.allowed_clients` as php-fpm reads them: split on `,`, no trimming.
fn parse_allowed(v: &str) -> (Vec<IpAddr>, Vec<String>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    for item in v.split(',') {
        match item.parse::<IpAddr>() {
            Ok(ip) => ok.push(ip),
            Err(_) => bad.push(item.to_string()),
        }
    }
    (ok, bad)
}

fn allowed_clients(
    project: &Project,
    pass: &Pass,
    t: &Target,
    l: &Listener,
    li: usize,
    reported_empty: &mut Vec<usize>,
) -> Option<Diagnostic> {
    if !matches!(l.listen.endpoint, Endpoint::Tcp { .. }) {
        // Ignored for unix sockets.
        return None;
    }
    let (_, pool) = pool_of(project, l);
    let setting = pool.listen_allowed_clients()?;
    let span = setting.value_span().or(setting.line_span())?;
    let (ok, bad) = parse_allowed(&setting.value);
    let shown = target_text(&t.target);
    let bad_note = if bad.is_empty() {
        None
    } else {
        let quoted: Vec<String> = bad.iter().map(|b| format!("'{b}'")).collect();
        Some(format!(
            "php-fpm skips {} (`Wrong IP address ... in listen.allowed_clients`): it takes only IP addresses separated by commas, without spaces, CIDR ranges, host names or `any`",
            quoted.join(", ")
        ))
    };
    // Which of the two nginx logs depends on whether php-fpm closed the connection
    // before or after reading the request (both observed with php-fpm 8.2).
    let log = "upstream prematurely closed connection while reading response header from upstream` or `recv() failed (104: Connection reset by peer) while reading response header from upstream";
    if ok.is_empty() {
        if reported_empty.contains(&li) {
            return None;
        }
        reported_empty.push(li);
        let (primary, extra) = at_label(project, pass, t, "PHP requests go here");
        let mut d = Diagnostic::error(
            META.name,
            format!(
                "every PHP request to pool [{}] gets 502 Bad Gateway: listen.allowed_clients holds no valid address, so php-fpm drops every connection (`There are no allowed addresses`); nginx logs `{log}`",
                pool.name
            ),
            primary,
        );
        if let Some(x) = extra {
            d = d.with_label(x);
        }
        d = d
            .with_label(Label::new(span, "no address here that php-fpm accepts"))
            .with_help(format!(
                "list the address nginx connects from (`listen.allowed_clients = 127.0.0.1` when nginx runs beside php-fpm), or remove the line from pool [{}] to accept every client",
                pool.name
            ));
        if let Some(n) = bad_note {
            d = d.with_note(n);
        }
        return Some(context_notes(d, project, Some(pass), &[l]));
    }
    let PassTarget::Inet { host, .. } = &t.target else {
        return None;
    };
    let loopback_ok = |v6: Option<bool>| {
        ok.iter().any(|ip| {
            ip.is_loopback()
                && match v6 {
                    Some(true) => ip.is_ipv6(),
                    Some(false) => ip.is_ipv4(),
                    None => true,
                }
        })
    };
    let (denied, from) = match Host::of(Some(host)) {
        Host::Loopback | Host::Any => {
            let v6 = host.parse::<IpAddr>().ok().map(|ip| ip.is_ipv6());
            (!loopback_ok(v6), "a loopback address".to_string())
        }
        Host::Addr(_) => (
            ok.iter().all(|ip| ip.is_loopback()),
            format!("its own address on the way to {shown}, never a loopback address"),
        ),
    };
    if !denied {
        return None;
    }
    let (primary, extra) = at_label(project, pass, t, &format!("nginx connects from {from}"));
    let mut d = Diagnostic::error(
        META.name,
        format!(
            "every PHP request here gets 502 Bad Gateway: pool [{}] drops nginx's connections (listen.allowed_clients does not list the address nginx connects from); nginx logs `{log}`",
            pool.name
        ),
        primary,
    );
    if let Some(x) = extra {
        d = d.with_label(x);
    }
    d = d
        .with_label(Label::new(span, "nginx's address is not in this list"))
        .with_help(format!(
            "add the address nginx connects from to listen.allowed_clients of pool [{}], or remove the line",
            pool.name
        ))
        .with_note("php-fpm logs `Connection disallowed: IP address '...' has been dropped.` in the worker's output");
    if let Some(n) = bad_note {
        d = d.with_note(n);
    }
    Some(context_notes(d, project, Some(pass), &[l]))
}
