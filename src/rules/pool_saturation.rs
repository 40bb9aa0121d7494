//! pool-saturation: the nginx workers whose `fastcgi_pass` reaches one pool can
//! have more requests in flight than the pool serves (`pm.max_children`) and
//! queues (its effective `listen.backlog`, plus one): the rest are refused (unix
//! socket, 502) or wait out `fastcgi_connect_timeout` (TCP, 504).

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::capacity::{self, effective_backlog, NginxSide};
use crate::model::fpm::{Endpoint, Pm, Setting};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "pool-saturation",
    Severity::Warning,
    Category::Performance,
    "nginx can send a pool more requests at once than pm.max_children plus its accept queue: a burst is refused with 502 (unix socket) or 504 (TCP)",
    check = check
);

/// nginx's `fastcgi_connect_timeout` when unset, in milliseconds.
const DEFAULT_CONNECT_TIMEOUT_MS: u64 = 60_000;

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `1 worker process × 768 worker_connections ÷ 2`.
fn side_text(s: &NginxSide) -> String {
    let processes = match s.processes {
        Some(n) if s.processes_dir.is_some() => plural(n, "worker process", "worker processes"),
        Some(n) => format!(
            "{} (nginx's default)",
            plural(n, "worker process", "worker processes")
        ),
        None => {
            let connections = match s.connections_dir {
                Some(_) => format!("{} worker_connections", s.connections),
                None => format!("{} worker_connections (nginx's default)", s.connections),
            };
            return format!(
                "{connections} ÷ 2 in each worker process, and worker_processes auto starts one per CPU, a count fpmlint does not see"
            );
        }
    };
    let connections = if s.connections_dir.is_some() {
        format!("{} worker_connections", s.connections)
    } else {
        format!("{} worker_connections (nginx's default)", s.connections)
    };
    format!("{processes} × {connections} ÷ 2")
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    if !super::active(project) {
        return;
    }
    let reaching = capacity::nginx_reaching(project);
    let mut pools: Vec<(&(usize, usize), &Vec<NginxSide>)> = reaching.iter().collect();
    pools.sort_by_key(|(k, _)| **k);
    for (&(ti, pi), sides) in pools {
        let tree = &project.fpm[ti];
        let pool = &tree.pools[pi];
        let Some(children) = pool.max_children().filter(|c| *c > 0) else {
            continue; // pool-invalid
        };
        let Some(backlog) = effective_backlog(project, tree, pool) else {
            continue;
        };
        // The queue; when the kernel's cap is unknown, the requested value is
        // an upper bound of it (and -1 leaves it unknown: the summary says so).
        let Some(queue) = backlog.at_most() else {
            continue;
        };
        let exact = backlog.effective().is_some();
        let hold = children + queue.max(0) + 1;
        let send: i64 = sides.iter().map(NginxSide::requests).sum();
        if send <= hold {
            continue;
        }
        let auto = sides.iter().any(|s| s.processes.is_none());
        let Some(listen) = pool.listen() else {
            continue;
        };
        let first = &sides[0];
        let ntree = &project.nginx[first.tree];
        let mut timeout_at = None;
        let outcome = match &listen.endpoint {
            Endpoint::Unix(path) => format!(
                "nginx's connect() fails at once: `connect() to unix:{path} failed (11: Resource temporarily unavailable) while connecting to upstream` and the visitor gets 502 Bad Gateway"
            ),
            Endpoint::Tcp { .. } => {
                let scope = ntree.dir(first.passes[0]).scope;
                let t = ntree.effective_time(
                    scope,
                    "fastcgi_connect_timeout",
                    DEFAULT_CONNECT_TIMEOUT_MS,
                );
                let secs = t
                    .value
                    .map(|ms| format!("{} s", ms as f64 / 1000.0))
                    .unwrap_or_else(|| "its value".into());
                if let Some(dir) = t.dir {
                    timeout_at = Some(ntree.dir(dir).span);
                }
                format!(
                    "the connection waits (the kernel drops connection attempts to a full queue and retransmits them) until fastcgi_connect_timeout ({secs}{}) passes: nginx logs `upstream timed out (110: Connection timed out) while connecting to upstream` and the visitor gets 504 Gateway Time-out",
                    if t.dir.is_none() { ", nginx's default" } else { "" }
                )
            }
        };
        let queue_text = if exact {
            format!("a queue of {queue} + 1")
        } else {
            format!("a queue of at most {queue} + 1")
        };
        let sides_text: Vec<String> = sides.iter().map(side_text).collect();
        let message = format!(
            "pool [{}] holds {hold} requests at once ({} busy, {queue_text} waiting), and nginx can send it {}{send} ({}; each request holds a client and an upstream connection): in a burst above {hold}, {outcome}",
            pool.name,
            plural(children, "worker", "workers"),
            if auto { "at least " } else { "" },
            sides_text.join(", plus "),
        );
        let at = pool
            .settings
            .get("pm.max_children")
            .and_then(Setting::line_span)
            .unwrap_or(pool.header);
        let mut d = Diagnostic::new(
            META.name,
            META.severity,
            message,
            Label::new(
                at,
                format!(
                    "pool [{}]: {} at once",
                    pool.name,
                    plural(children, "request", "requests")
                ),
            ),
        );
        // The queue: the pool's line, the kernel's cap.
        let set_span = backlog.setting.as_ref().and_then(Setting::value_span);
        match (&backlog.somaxconn, set_span) {
            (Some(cap), span) if backlog.requested < 0 || backlog.is_cut() => {
                if let Some(span) = span {
                    d = d.with_label(Label::new(
                        span,
                        format!("{}, cut to {queue} by the kernel", backlog.requested_text()),
                    ));
                }
                if let Some(cs) = cap.span {
                    d = d.with_label(Label::new(
                        cs,
                        format!("the kernel caps the queue at {}", cap.value),
                    ));
                } else {
                    d = d.with_note(format!(
                        "net.core.somaxconn = {} comes from {}",
                        cap.value,
                        cap.origin()
                    ));
                }
            }
            (_, Some(span)) => {
                d = d.with_label(Label::new(span, format!("a queue of {queue}")));
            }
            (_, None) => {}
        }
        if let Some(l) = listen.setting.value_span() {
            d = d.with_label(Label::new(l, "nginx connects here"));
        }
        for s in sides {
            let t = &project.nginx[s.tree];
            if let Some(dir) = s.processes_dir {
                let text = match s.processes {
                    Some(n) => plural(n, "worker process", "worker processes"),
                    None => "one worker process per CPU".into(),
                };
                d = d.with_label(Label::new(t.dir(dir).span, text));
            }
            if let Some(dir) = s.connections_dir {
                d = d.with_label(Label::new(
                    t.dir(dir).span,
                    format!(
                        "{} connections per worker: {} requests to FastCGI",
                        s.connections,
                        s.connections / 2
                    ),
                ));
            }
            for &p in &s.passes {
                let dir = t.dir(p);
                let span = dir.args.first().map_or(dir.span, |a| a.span);
                d = d.with_label(Label::new(span, format!("sends to pool [{}]", pool.name)));
            }
        }
        if let Some(span) = timeout_at {
            d = d.with_label(Label::new(
                span,
                "nginx waits this long for the pool to accept, then answers 504",
            ));
        }
        let more = send - children - 1;
        d = d.with_help(format!(
            "raise pm.max_children (as far as memory allows: see pool-memory-overcommit), give the pool a queue of at least {more} (`listen.backlog = -1` and net.core.somaxconn ≥ {more}), or lower worker_connections so that nginx sends at most {hold}"
        ));
        if !matches!(pool.pm(), Some(Pm::Static)) {
            d = d.with_note(format!(
                "when every worker is busy php-fpm logs `WARNING: [pool {}] server reached pm.max_children setting ({children}), consider raising it`",
                pool.name
            ));
        }
        let mut note = "whether that many requests come at once depends on traffic, which fpmlint cannot see; the count takes every connection nginx can hold as a request to this pool".to_string();
        if !exact {
            note.push_str(
                "; net.core.somaxconn is unknown, and the kernel may cut the queue lower still",
            );
        }
        d = d.with_note(note);
        out.push(d);
    }
}
