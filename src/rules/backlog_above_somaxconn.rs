//! backlog-above-somaxconn: a pool asks `listen(2)` for a longer accept queue
//! than the host's `net.core.somaxconn`, and Linux silently cuts it to the cap.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::capacity::effective_backlog;
use crate::model::fpm::{Endpoint, Setting};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "backlog-above-somaxconn",
    Severity::Warning,
    Category::Performance,
    "listen.backlog above the host's net.core.somaxconn: the kernel silently cuts the queue to it",
    check = check
);

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for (tree, pool) in project.pools() {
        let Some(b) = effective_backlog(project, tree, pool) else {
            continue;
        };
        if !b.is_cut() {
            continue;
        }
        let Some(limit) = &b.somaxconn else {
            continue;
        };
        let cap = limit.value;
        let cap_at = limit.span.unwrap_or(pool.header);
        let cap_label = format!("the kernel caps every listen queue at {cap}");
        let requested = b.requested;
        let symptom = match pool.listen().map(|l| l.endpoint) {
            Some(Endpoint::Tcp { .. }) => {
                "further connections are dropped until the queue drains: nginx waits and logs `upstream timed out (110: Connection timed out) while connecting to upstream` (504)"
            }
            _ => {
                "nginx's connect() fails at once with `connect() to unix:... failed (11: Resource temporarily unavailable) while connecting to upstream` and the visitor gets 502 Bad Gateway"
            }
        };
        let (primary, other) = match b.setting.as_ref().and_then(Setting::value_span) {
            Some(span) => (
                Label::new(
                    span,
                    format!("asks for a queue of {requested} connections; the kernel gives {cap}"),
                ),
                Label::new(cap_at, cap_label.clone()),
            ),
            None => (
                Label::new(
                    pool.header,
                    format!(
                        "no listen.backlog: php-fpm's default of {requested} (before PHP 8.2); the kernel gives {cap}"
                    ),
                ),
                Label::new(cap_at, cap_label.clone()),
            ),
        };
        let mut d = Diagnostic::new(
            META.name,
            META.severity,
            format!(
                "pool [{}]: {} is silently cut to {cap} by net.core.somaxconn: when more than {cap} connections (not {requested}) wait for a free worker, {symptom}",
                pool.name,
                b.requested_text(),
            ),
            primary,
        )
        .with_label(other)
        .with_help(format!(
            "raise net.core.somaxconn to at least {requested} in sysctl.d (`net.core.somaxconn = {requested}`, then `sysctl --system` and restart php-fpm, which calls listen() at start), or {} so the configuration says what the kernel gives",
            if b.setting.is_some() { format!("lower listen.backlog to {cap}") } else { format!("set `listen.backlog = {cap}`") }
        ))
        .with_note(
            "whether the shorter queue matters depends on the bursts of traffic the pool gets, which fpmlint cannot see; inside a container the value is the container's own net.core.somaxconn, not the host's",
        );
        if let (None, Some(r)) = (&b.setting, &b.release) {
            d = d.with_note(format!("PHP {} is the release of {}", r.text, r.origin));
        }
        out.push(d);
    }
}
