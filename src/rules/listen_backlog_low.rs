//! listen-backlog-low: the effective accept queue of a pool (`listen.backlog`,
//! capped by the host's `net.core.somaxconn`) below `pm.max_children` or below
//! 128, so a burst of connections finds it full.
//!
//! [`effective_backlog`] is the queue the kernel really gives a pool; the
//! backlog-above-somaxconn rule reads it too.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::{Endpoint, FpmTree, Pool, Setting};
use crate::model::system::UnitValue;
use crate::project::Project;
use crate::rules::Category;
use crate::units;

crate::declare_rule!(
    "listen-backlog-low",
    Severity::Warning,
    Category::Performance,
    "the pool's accept queue (listen.backlog, capped by net.core.somaxconn) is below pm.max_children or 128: bursts are refused with 502",
    check = check
);

/// Below this, even a small burst fills the queue (also Linux's `somaxconn`
/// before kernel 5.4).
pub const MIN_BACKLOG: i64 = 128;

/// php-fpm's `FPM_BACKLOG_DEFAULT` on Linux before PHP 8.2 (-1, the kernel
/// maximum, since).
pub const OLD_DEFAULT_BACKLOG: i64 = 511;

/// The accept queue of a pool as the kernel sets it: `listen(2)` gets
/// `listen.backlog` (or php-fpm's default) and Linux silently caps it at
/// `net.core.somaxconn` (a negative value means the cap itself).
#[derive(Clone, Debug)]
pub struct Backlog {
    /// What php-fpm passes to `listen(2)`.
    pub requested: i64,
    /// The `listen.backlog` line; `None`: php-fpm's default.
    pub setting: Option<Setting>,
    /// The host's `net.core.somaxconn` and the sysctl line that sets it, when
    /// the linted root has one.
    pub somaxconn: Option<(i64, UnitValue)>,
}

impl Backlog {
    /// The queue length the kernel gives; `None` when it is the kernel's cap and
    /// the cap is unknown.
    pub fn effective(&self) -> Option<i64> {
        let cap = self.somaxconn.as_ref().map(|(n, _)| *n);
        match (self.requested < 0, cap) {
            (true, cap) => cap,
            (false, Some(cap)) => Some(self.requested.min(cap)),
            (false, None) => Some(self.requested),
        }
    }

    /// True when the kernel cuts the requested queue to `net.core.somaxconn`.
    pub fn is_cut(&self) -> bool {
        self.requested >= 0
            && self
                .somaxconn
                .as_ref()
                .is_some_and(|(cap, _)| self.requested > *cap)
    }

    /// `listen.backlog = N` or php-fpm's default, as a message says it.
    pub fn requested_text(&self) -> String {
        match (&self.setting, self.requested) {
            (Some(_), n) => format!("listen.backlog = {n}"),
            (None, n) if n < 0 => "php-fpm's default backlog (-1: the kernel maximum)".into(),
            (None, n) => format!("php-fpm's default backlog of {n}"),
        }
    }
}

/// `(major, minor)` of a Debian-layout tree (`etc/php/X.Y/fpm/...`).
fn php_version(project: &Project, tree: &FpmTree) -> Option<(u32, u32)> {
    let path = project
        .sources
        .get(tree.entry)
        .path
        .to_string_lossy()
        .replace('\\', "/");
    let i = path.find("etc/php/")?;
    let (ver, tail) = path[i + "etc/php/".len()..].split_once('/')?;
    if !tail.starts_with("fpm/") {
        return None;
    }
    let (a, b) = ver.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// The pool's effective backlog; `None` when `listen.backlog` is not a number
/// (fpm-invalid-value reports it).
pub fn effective_backlog(project: &Project, tree: &FpmTree, pool: &Pool) -> Option<Backlog> {
    let setting = pool.settings.get("listen.backlog").cloned();
    let requested = match &setting {
        Some(s) => units::fpm_integer(&s.value)?,
        // The default is -1 since PHP 8.2; 511 before, on Linux.
        None if php_version(project, tree).is_some_and(|v| v < (8, 2)) => OLD_DEFAULT_BACKLOG,
        None => -1,
    };
    let somaxconn = project.system(&tree.ctx.roots).and_then(|s| {
        let v = s.sysctl("net.core.somaxconn")?;
        // The kernel reads the value as an int; below 0 listen() gets 0.
        let n: i64 = v.value.trim().parse().ok()?;
        Some((n.max(0), v.clone()))
    });
    Some(Backlog {
        requested,
        setting: setting.filter(|s| !s.is_default()),
        somaxconn,
    })
}

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
            (Some((cap, line)), _) if capped => (
                Label::new(
                    line.span,
                    match children {
                        Some(c) if below_children => format!(
                            "the kernel caps every listen queue at {cap}, fewer than the {c} workers of the pool"
                        ),
                        _ => format!("the kernel caps every listen queue at {cap}"),
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
