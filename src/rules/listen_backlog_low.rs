//! listen-backlog-low: `listen.backlog` set explicitly below `pm.max_children` or
//! below 128, so a burst of connections finds the accept queue full.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::Endpoint;
use crate::project::Project;
use crate::rules::Category;
use crate::units;

crate::declare_rule!(
    "listen-backlog-low",
    Severity::Warning,
    Category::Performance,
    "listen.backlog below pm.max_children or 128: bursts are refused with 502",
    check = check
);

/// Below this, even a small burst fills the queue (also Linux's `somaxconn`
/// before kernel 5.4).
pub const MIN_BACKLOG: i64 = 128;

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for (_, pool) in project.pools() {
        let Some(s) = pool.settings.get("listen.backlog") else {
            continue;
        };
        let Some(span) = s.value_span() else { continue };
        let Some(backlog) = units::fpm_integer(&s.value) else {
            continue; // fpm-invalid-value
        };
        if backlog < 0 {
            // Negative: the kernel maximum (net.core.somaxconn).
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
        let mut d = Diagnostic::new(
            META.name,
            META.severity,
            format!(
                "pool [{}]: when more than {backlog} connections wait for a free worker, {symptom}",
                pool.name
            ),
            Label::new(span, why),
        )
        .with_help(format!(
            "remove `listen.backlog` (php-fpm 8.2+ then uses the kernel maximum, net.core.somaxconn) or raise it to at least {target}"
        ));
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
