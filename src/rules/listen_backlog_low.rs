//! listen-backlog-low: the effective accept queue of a pool (`listen.backlog`,
//! capped by the host's `net.core.somaxconn`) below `pm.max_children` or below
//! 128, so a burst of connections finds it full.
//!
//! [`effective_backlog`] (in `model::capacity`) is the queue the kernel really
//! gives a pool; backlog-above-somaxconn and pool-saturation read it too.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::{Endpoint, Setting};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "listen-backlog-low",
    Severity::Warning,
    Category::Performance,
    "the pool's accept queue (listen.backlog, capped by net.core.somaxconn) is below pm.max_children or 128: bursts are refused with 502",
    check = check
);

use crate::model::capacity::{effective_backlog, MIN_BACKLOG};

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for (tree, pool) in project.pools() {
        let Some(b) = effective_backlog(project, tree, pool) else {
            continue;
        };
        let Some(backlog) = b.effective() else {
            continue; // the kernel's cap, unknown here
        };
        // An unset backlog is judged only when the host's cap is known.
        if b.setting.is_none() && b.somaxconn.is_none() {
            continue;
        }
        let children = pool.max_children().filter(|c| *c > 0);
        let below_children = children.is_some_and(|c| backlog < c);
        if !below_children && backlog >= MIN_BACKLOG {
            continue;
        }
        let symptom = match pool.listen().map(|l| l.endpoint) {
            Some(Endpoint::Tcp { .. }) => {
                "new connections are dropped until the queue drains: nginx waits and logs `upstream timed out (110: Connection timed out) while connecting to upstream` (504), or 502 when the connection is refused"
            }
            _ => {
                "nginx's connect() fails at once: `connect() to unix:... failed (11: Resource temporarily unavailable) while connecting to upstream` and the visitor gets 502 Bad Gateway"
            }
        };
        let why = match children {
            Some(c) if below_children => {
                format!("a queue of {backlog} connections, fewer than the {c} workers of the pool")
            }
            _ => format!("a queue of {backlog} connections"),
        };
        let target = children.map_or(MIN_BACKLOG, |c| c.max(MIN_BACKLOG));
        // Where the effective value comes from: the kernel's cap when it cuts
        // (or stands for) the request, else the pool's line.
        let capped = b.requested < 0 || b.is_cut();
        let set_span = b.setting.as_ref().and_then(Setting::value_span);
        let (primary, help) = match (&b.somaxconn, set_span) {
            (Some(l), _) if capped => (
                Label::new(
                    l.span.unwrap_or(pool.header),
                    match children {
                        Some(c) if below_children => format!(
                            "the kernel caps every listen queue at {}, fewer than the {c} workers of the pool",
                            l.value
                        ),
                        _ => format!("the kernel caps every listen queue at {}", l.value),
                    },
                ),
                format!(
                    "raise net.core.somaxconn to at least {target} in sysctl.d (`net.core.somaxconn = {target}`, then `sysctl --system` and restart php-fpm)"
                ),
            ),
            (_, Some(span)) => (
                Label::new(span, why),
                format!(
                    "remove `listen.backlog` (php-fpm 8.2+ then uses the kernel maximum, net.core.somaxconn) or raise it to at least {target}"
                ),
            ),
            (_, None) => (
                Label::new(pool.header, format!("php-fpm's default backlog, {why}")),
                format!("set `listen.backlog = {target}` or more"),
            ),
        };
        let mut d = Diagnostic::new(
            META.name,
            META.severity,
            format!(
                "pool [{}]: when more than {backlog} connections wait for a free worker, {symptom}",
                pool.name
            ),
            primary,
        )
        .with_help(help);
        if capped {
            match set_span {
                Some(span) => {
                    d = d.with_label(Label::new(
                        span,
                        if b.requested < 0 {
                            format!("{}: the kernel maximum, here {backlog}", b.requested_text())
                        } else {
                            format!("{}, cut to {backlog} by the kernel", b.requested_text())
                        },
                    ))
                }
                None => {
                    d = d.with_label(Label::new(
                        pool.header,
                        format!("{}, here {backlog}", b.requested_text()),
                    ))
                }
            }
        }
        if below_children {
            if let Some(cs) = pool.settings.get("pm.max_children") {
                if let Some(l) = cs.line_span() {
                    d = d.with_label(Label::new(l, "workers that can be busy at once"));
                }
            }
        }
        out.push(d);
    }
}
