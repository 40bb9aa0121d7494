//! fastcgi-pass-unmatched: nginx sends PHP requests to a socket or address on
//! which no discovered php-fpm pool listens.

use super::{context_notes, endpoint_as_pass, pass_span, pool_at, pool_of, target_text};
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::index::DEBIAN_DEFAULT_SOCKET;
use crate::model::nginx::PassTarget;
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "fastcgi-pass-unmatched",
    Severity::Error,
    Category::Runtime,
    "fastcgi_pass points at a socket or address no php-fpm pool listens on: 502",
    check = check
);

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    if !super::active(project) {
        return;
    }
    let links = project.links();
    for pass in &links.passes {
        let tree = &project.nginx[pass.tree];
        let at = pass_span(project, pass);
        if let Some(PassTarget::Variable { text }) = &pass.target {
            out.push(context_notes(
                Diagnostic::new(
                    META.name,
                    Severity::Info,
                    format!("fastcgi_pass {text} is chosen per request: fpmlint cannot tell which php-fpm pool it reaches"),
                    Label::new(at, "a variable: resolved at run time"),
                )
                .with_note("the cross-file checks skip this location"),
                project,
                Some(pass),
                &[],
            ));
            continue;
        }
        let reached_any = pass.targets.iter().any(|t| !t.reach.pools.is_empty());
        for t in &pass.targets {
            if t.reach.host_not_found {
                out.push(host_not_found(project, pass, t));
                continue;
            }
            if t.reach.unknown || !t.reach.pools.is_empty() || !t.reach.loopback_only.is_empty() {
                continue;
            }
            let shown = target_text(&t.target);
            let log = match &t.target {
                PassTarget::Unix { path } => format!(
                    "connect() to unix:{path} failed (2: No such file or directory) while connecting to upstream"
                ),
                _ => "connect() failed (111: Connection refused) while connecting to upstream"
                    .to_string(),
            };
            let (severity, message) = if t.via.is_some() && reached_any {
                (
                    Severity::Warning,
                    format!("no php-fpm pool listens on {shown}: nginx logs `{log}` for each request it sends to this upstream server, then retries another server"),
                )
            } else {
                (
                    Severity::Error,
                    format!("every PHP request here gets 502 Bad Gateway: no php-fpm pool listens on {shown}; nginx logs `{log}`"),
                )
            };
            let mut d = match t.via {
                Some(server) => Diagnostic::new(
                    META.name,
                    severity,
                    message,
                    Label::new(
                        tree.dir(server).span,
                        "no pool listens on this upstream server",
                    ),
                )
                .with_label(Label::new(at, "PHP requests go to this upstream")),
                None => Diagnostic::new(
                    META.name,
                    severity,
                    message,
                    Label::new(at, "no pool listens here"),
                ),
            };
            let closest = links.closest(pass.host, &t.target);
            let mut listeners = Vec::new();
            if let Some(ci) = closest {
                let l = &links.listeners[ci];
                let (_, pool) = pool_of(project, l);
                let span = l.listen.setting.value_span().unwrap_or(pool.header);
                let fix = endpoint_as_pass(&l.listen.endpoint);
                d = d
                    .with_label(Label::new(
                        span,
                        format!("the closest pool endpoint: pool [{}] listens here", pool.name),
                    ))
                    .with_help(format!(
                        "point fastcgi_pass at {fix}, where {} listens, or make a pool listen on {shown}",
                        pool_at(project, pool, span)
                    ));
                let kube = project.hosts[pass.host]
                    .service()
                    .is_some_and(|(p, _)| p.kube);
                if let crate::model::fpm::Endpoint::Unix(path) = &l.listen.endpoint {
                    if let Some(note) = crate::deploy::socket_note(project, pass.host, l.host, path)
                    {
                        d = d.with_note(note);
                        if crate::model::index::normalize_unix(path)
                            == crate::model::index::normalize_unix(match &t.target {
                                PassTarget::Unix { path } => path,
                                _ => "",
                            })
                        {
                            d = d.with_help(format!(
                                "make the socket's directory one volume both containers mount at {}",
                                std::path::Path::new(path)
                                    .parent()
                                    .unwrap_or(std::path::Path::new("/"))
                                    .display()
                            ));
                        }
                    }
                } else if let Some(note) = crate::deploy::services_note(project, pass.host, l.host)
                {
                    let help = if kube {
                        format!(
                            "point fastcgi_pass at a Service selecting the php-fpm pod ({}), or run nginx and php-fpm as containers of one pod",
                            service_pass(project, l.host, &l.listen.endpoint)
                        )
                    } else {
                        format!(
                            "point fastcgi_pass at the php-fpm service by name ({}), or run nginx in that service's network namespace (`network_mode: service:...`)",
                            service_pass(project, l.host, &l.listen.endpoint)
                        )
                    };
                    d = d.with_note(note).with_help(help);
                }
                listeners.push(l);
            }
            // A Kubernetes Service that does not declare the port.
            if let (PassTarget::Inet { host, port }, Some((p, _))) =
                (&t.target, project.hosts[pass.host].service())
            {
                let declared = p.service_ports(host);
                if p.kube && !declared.is_empty() && !declared.contains(port) {
                    let list: Vec<String> = declared.iter().map(u16::to_string).collect();
                    d = d.with_note(format!(
                        "Service {host} declares port {} only: a connection to its port {port} reaches no pod",
                        list.join(", ")
                    ));
                }
            }
            if matches!(&t.target, PassTarget::Unix { path } if crate::model::index::normalize_unix(path) == DEBIAN_DEFAULT_SOCKET)
                && project.hosts[pass.host].service().is_none()
            {
                d = d.with_note(format!(
                    "unix:{DEBIAN_DEFAULT_SOCKET} is Debian's link to the default PHP version's www pool socket; fpmlint found no Debian php-fpm tree (etc/php/X.Y/fpm) with a www pool on a unix socket"
                ));
            }
            out.push(context_notes(d, project, Some(pass), &listeners));
        }
    }
    apache_unmatched(project, out);
}

/// An Apache handler to a socket or port no pool listens on: Apache answers 503.
fn apache_unmatched(project: &Project, out: &mut Vec<Diagnostic>) {
    let links = project.links();
    for ap in &links.apache {
        let r = &ap.reach;
        if r.host_not_found {
            out.push(apache_host_not_found(project, ap));
            continue;
        }
        if r.unknown || !r.pools.is_empty() || !r.loopback_only.is_empty() {
            continue;
        }
        let h = &project.apache[ap.tree].handlers[ap.handler];
        let shown = target_text(&ap.target);
        let log = crate::model::apache::connect_failure_log(h);
        let mut d = Diagnostic::error(
            META.name,
            format!("every PHP request here gets 503 Service Unavailable: no php-fpm pool listens on {shown}; Apache logs {log}"),
            Label::new(h.span, "no pool listens here"),
        );
        // A fragment's handler inside an `<IfModule>` test: whether it is in
        // effect depends on the modules the server loads, not in the files.
        if let Some((open, test)) = &h.assumed {
            d.severity = crate::diag::Severity::Warning;
            d.message = format!("if this handler is in effect, every PHP request here gets 503 Service Unavailable: no php-fpm pool listens on {shown}; Apache logs {log}");
            d = d
                .with_label(Label::new(*open, "whether this test holds is not in the files"))
                .with_note(format!(
                    "no Apache main file includes this file, so the modules its server loads are unknown: the handler is in effect on a server where these hold: {test}"
                ));
        }
        let mut listeners = Vec::new();
        if let Some(ci) = links.closest(ap.host, &ap.target) {
            let l = &links.listeners[ci];
            let (_, pool) = pool_of(project, l);
            let span = l.listen.setting.value_span().unwrap_or(pool.header);
            // A pool of another compose service is reached by its name.
            let endpoint = match (&l.listen.endpoint, project.hosts[l.host].service()) {
                (crate::model::fpm::Endpoint::Tcp { port, .. }, Some((_, s)))
                    if l.host != ap.host =>
                {
                    crate::model::fpm::Endpoint::Tcp {
                        host: Some(s.name.clone()),
                        port: *port,
                    }
                }
                (e, _) => e.clone(),
            };
            let fix = crate::model::apache::handler_fix(h, &endpoint);
            d = d
                .with_label(Label::new(
                    span,
                    format!(
                        "the closest pool endpoint: pool [{}] listens here",
                        pool.name
                    ),
                ))
                .with_help(format!(
                    "point {} at {fix}, where {} listens, or make a pool listen on {shown}",
                    match h.form {
                        crate::model::apache::HandlerForm::SetHandler => "SetHandler",
                        crate::model::apache::HandlerForm::ProxyPass => "the proxy URL",
                    },
                    pool_at(project, pool, span)
                ));
            listeners.push(l);
        }
        if h.form == crate::model::apache::HandlerForm::SetHandler {
            d = d.with_note(
                "`apachectl -t` says `Syntax OK`: Apache only connects when a request arrives",
            );
        }
        out.push(context_notes(d, project, None, &listeners));
    }
}

/// `php:9000`: the service name and port of a pool in another service.
fn service_pass(project: &Project, host: usize, endpoint: &crate::model::fpm::Endpoint) -> String {
    let name = project.hosts[host]
        .service()
        .map(|(p, s)| {
            p.net_owner(s)
                .dns_name()
                .unwrap_or_else(|| "SERVICE".into())
        })
        .unwrap_or_default();
    match endpoint {
        crate::model::fpm::Endpoint::Tcp { port, .. } => format!("{name}:{port}"),
        crate::model::fpm::Endpoint::Unix(p) => format!("unix:{p} on a volume both services mount"),
    }
}

/// nginx in a compose service names a host that no service on its networks
/// is known by: it refuses to start.
fn host_not_found(
    project: &Project,
    pass: &crate::model::index::Pass,
    t: &crate::model::index::Target,
) -> Diagnostic {
    let tree = &project.nginx[pass.tree];
    let at = pass_span(project, pass);
    let (name, port) = match &t.target {
        PassTarget::Inet { host, port } => (host.clone(), *port),
        _ => (String::new(), 0),
    };
    // nginx quotes the whole address for an upstream server, the host alone
    // for a fastcgi_pass address.
    let quoted = if t.via.is_some() {
        format!("{name}:{port}")
    } else {
        name.clone()
    };
    if let Some((p, s)) = project.hosts[pass.host].service().filter(|(p, _)| p.kube) {
        return kube_host_not_found(project, pass, t, p, s, &name, &quoted);
    }
    let (service, names) = reachable_names(project, pass.host);
    let mut d = match t.via {
        Some(server) => Diagnostic::error(
            META.name,
            String::new(),
            Label::new(tree.dir(server).span, format!("no service is named {name}")),
        )
        .with_label(Label::new(at, "PHP requests go to this upstream")),
        None => Diagnostic::error(
            META.name,
            String::new(),
            Label::new(at, format!("no service is named {name}")),
        ),
    };
    d.message = format!(
        "nginx refuses to start: `[emerg] host not found in upstream \"{quoted}\"`: nginx resolves {name} when it loads its configuration, and no service on the networks of {service} is named {name}"
    );
    let help = if names.is_empty() {
        format!("no other service shares a network with this one: put the php-fpm service on a network of {service}, or give it `{name}` as a network alias")
    } else {
        format!("point fastcgi_pass at the php-fpm service's name ({names}), or give that service `{name}` as a network alias")
    };
    d.with_help(help)
    .with_note("the nginx container exits at start (docker compose restarts it only under a `restart:` policy), so every request to it fails")
    .with_note("names nginx can reach in a compose project: the names Docker's DNS registers on the networks it shares with a service (service name, container_name, network aliases), and its own links, extra_hosts and hostname; another service's `hostname:` is not registered")
}

/// The service `host` is, described, and the names of the services on its
/// networks (the php-fpm services only when there are any).
fn reachable_names(project: &Project, host: usize) -> (String, String) {
    match project.hosts[host].service() {
        Some((p, s)) => {
            let me = p.net_owner(s);
            let reachable: Vec<&crate::deploy::Service> = p
                .services
                .iter()
                .filter(|o| o.name != me.name && o.networks.iter().any(|n| me.networks.contains(n)))
                .collect();
            // The php-fpm services first: those are what a pass wants.
            let fpm: Vec<&&crate::deploy::Service> = reachable
                .iter()
                .filter(|o| {
                    matches!(
                        o.program,
                        crate::deploy::Program::Fpm { .. } | crate::deploy::Program::OtherFpm
                    )
                })
                .collect();
            let mut names: Vec<String> = if fpm.is_empty() {
                reachable.iter().map(|o| o.name.clone()).collect()
            } else {
                fpm.iter().map(|o| o.name.clone()).collect()
            };
            names.sort();
            (s.describe(), names.join(", "))
        }
        None => (String::new(), String::new()),
    }
}

/// Apache in a compose service hands PHP to a host name no service on its
/// networks is known by: Apache starts (it resolves the name per request), and
/// every PHP request gets 500.
fn apache_host_not_found(project: &Project, ap: &crate::model::index::ApachePass) -> Diagnostic {
    let h = &project.apache[ap.tree].handlers[ap.handler];
    let name = match &ap.target {
        PassTarget::Inet { host, .. } => host.clone(),
        _ => String::new(),
    };
    let (service, names) = reachable_names(project, ap.host);
    let what = match h.form {
        crate::model::apache::HandlerForm::SetHandler => "SetHandler",
        crate::model::apache::HandlerForm::ProxyPass => "the proxy URL",
    };
    let mut d = Diagnostic::error(
        META.name,
        format!(
            "every PHP request here gets 500 Proxy Error: no service on the networks of {service} is named {name}, so Apache's lookup fails and it logs `AH00898: DNS lookup failure for: {name}`"
        ),
        Label::new(h.span, format!("no service is named {name}")),
    );
    if let Some((open, test)) = &h.assumed {
        d.severity = Severity::Warning;
        d.message = format!("if this handler is in effect, {}", d.message);
        d = d
            .with_label(Label::new(*open, "whether this test holds is not in the files"))
            .with_note(format!(
                "no Apache main file includes this file, so the modules its server loads are unknown: the handler is in effect on a server where these hold: {test}"
            ));
    }
    let help = if names.is_empty() {
        format!("no other service shares a network with this one: put the php-fpm service on a network of {service}, or give it `{name}` as a network alias")
    } else {
        format!("point {what} at the php-fpm service's name ({names}), or give that service `{name}` as a network alias")
    };
    d.with_help(help)
        .with_note("`apachectl -t` says `Syntax OK` and Apache starts: it looks the name up when a request arrives, not when it reads its configuration")
        .with_note("names Apache can reach in a compose project: the names Docker's DNS registers on the networks it shares with a service (service name, container_name, network aliases), and its own links, extra_hosts and hostname; another service's `hostname:` is not registered")
}

/// nginx in a Kubernetes pod names a host that no Service of the manifests is
/// named: nginx refuses to start unless the cluster has it from elsewhere.
fn kube_host_not_found(
    project: &Project,
    pass: &crate::model::index::Pass,
    t: &crate::model::index::Target,
    p: &crate::deploy::ComposeProject,
    s: &crate::deploy::Service,
    name: &str,
    quoted: &str,
) -> Diagnostic {
    let tree = &project.nginx[pass.tree];
    let at = pass_span(project, pass);
    let ns = s.kube.as_ref().map_or("default", |k| k.namespace.as_str());
    let label = format!("no Service of the manifests is named {name}");
    let mut d = match t.via {
        Some(server) => Diagnostic::new(
            META.name,
            Severity::Warning,
            String::new(),
            Label::new(tree.dir(server).span, label),
        )
        .with_label(Label::new(at, "PHP requests go to this upstream")),
        None => Diagnostic::new(
            META.name,
            Severity::Warning,
            String::new(),
            Label::new(at, label),
        ),
    };
    d.message = format!(
        "unless the cluster has a Service {name} that these manifests do not define, nginx refuses to start: `[emerg] host not found in upstream \"{quoted}\"`: nginx resolves {name} when it loads its configuration"
    );
    // The Services selecting a php-fpm pod: what a pass wants.
    let mut names: Vec<String> = p
        .services
        .iter()
        .filter(|o| {
            matches!(
                o.program,
                crate::deploy::Program::Fpm { .. } | crate::deploy::Program::OtherFpm
            ) && o.kube.as_ref().is_some_and(|k| k.namespace == ns)
        })
        .flat_map(|o| {
            p.net_owner(o)
                .kube
                .iter()
                .flat_map(|k| k.services.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    names.sort();
    names.dedup();
    let help = if names.is_empty() {
        format!("no Service of the manifests selects a php-fpm pod: add a Service named {name} whose selector matches the php-fpm pod's labels, or run php-fpm as a container of this pod and pass to 127.0.0.1")
    } else {
        format!("point fastcgi_pass at a Service selecting the php-fpm pod ({}), or name that Service {name}", names.join(", "))
    };
    d.with_help(help)
        .with_note(format!(
            "names {} resolves: the Services of its namespace `{ns}` (NAME) and of the cluster (NAME.NAMESPACE, NAME.NAMESPACE.svc.cluster.local); fpmlint sees only the Services in these manifests, so a Service another chart or the cluster defines is assumed absent",
            s.label()
        ))
        .with_note("the nginx container exits at start and the pod restarts it (CrashLoopBackOff), so every request to it fails")
}
