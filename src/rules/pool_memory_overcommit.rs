//! pool-memory-overcommit: the pools of one php-fpm master, every worker busy at
//! its `memory_limit`, need more memory than the master's cgroup may use
//! (systemd `MemoryMax=` of its unit).

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::capacity::{self, bytes_text as bytes, Limit, Scope, Source};
use crate::model::fpm::{FpmTree, Pool, Setting};
use crate::project::Project;
use crate::rules::Category;
use crate::source::Span;

crate::declare_rule!(
    "pool-memory-overcommit",
    Severity::Warning,
    Category::Performance,
    "the pools' pm.max_children × (memory_limit + a worker's base) exceed the memory php-fpm may use: the OOM killer takes workers mid-request (502)",
    check = check
);

pub(crate) use crate::model::capacity::{php_quantity, WORKER_BASE};

/// One pool's part of the sum.
struct Share<'a> {
    pool: &'a Pool,
    children: u64,
    /// `None`: `memory_limit = -1`.
    limit: Option<u64>,
    /// Where the limit comes from: the pool's php_value / php_admin_value, or
    /// php.ini; `None`: PHP's default.
    limit_from: Option<Setting>,
}

impl Share<'_> {
    fn bytes(&self) -> Option<u64> {
        Some(self.children * (self.limit? + WORKER_BASE))
    }
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    // Trees by the limit that bounds them together: a host's (declared, its
    // container's, the machine's) or one master's (its unit's MemoryMax=).
    let mut groups: Vec<(Scope, Limit, Vec<&FpmTree>)> = Vec::new();
    for (ti, tree) in project.fpm.iter().enumerate() {
        if tree.fragment {
            continue;
        }
        let Some((scope, limit)) = capacity::memory_for(project, ti) else {
            continue; // unknown: the summary says so
        };
        match groups.iter_mut().find(|(s, _, _)| *s == scope) {
            Some((_, _, trees)) => trees.push(tree),
            None => groups.push((scope, limit, vec![tree])),
        }
    }
    for (_, limit, trees) in groups {
        check_pools(&trees, &limit, out);
    }
}

fn check_pools(trees: &[&FpmTree], limit: &Limit, out: &mut Vec<Diagnostic>) {
    let memory = limit.bytes();
    let mut shares = Vec::new();
    for (tree, pool) in trees
        .iter()
        .flat_map(|t| t.pools.iter().map(move |p| (*t, p)))
    {
        let Some(children) = pool.max_children().filter(|c| *c > 0) else {
            continue; // pool-invalid
        };
        let Some((limit, from)) = capacity::memory_limit(tree, pool) else {
            return; // not a quantity: the sum is unknown
        };
        shares.push(Share {
            pool,
            children: children as u64,
            limit,
            limit_from: from,
        });
    }
    if shares.is_empty() {
        return;
    }
    let base_total: u64 = shares.iter().map(|s| s.children * WORKER_BASE).sum();
    let bounded: Option<u64> = shares.iter().map(Share::bytes).sum();
    let unbounded: Vec<&Share> = shares.iter().filter(|s| s.limit.is_none()).collect();
    let over_base = base_total > memory;
    if !over_base && bounded.is_some_and(|t| t <= memory) {
        return;
    }
    let children_total: u64 = shares.iter().map(|s| s.children).sum();
    let oom = "when they reach it, the kernel's OOM killer kills a worker mid-request: nginx logs `recv() failed (104: Connection reset by peer) while reading response header from upstream` and the visitor gets 502 Bad Gateway";
    let may_use = match &limit.source {
        Source::Unit(unit) => format!("the {} {unit} may use (MemoryMax=)", bytes(memory)),
        Source::Machine => format!("the {} of this machine (MemTotal)", bytes(memory)),
        Source::Container(svc, key) => format!(
            "the {} {} may use ({key})",
            bytes(memory),
            container_of(svc)
        ),
        _ => format!(
            "the {} declared for this host ({})",
            bytes(memory),
            limit.origin()
        ),
    };
    let message = if over_base {
        format!(
            "the {children_total} workers php-fpm may run need {} even idle ({children_total} × {} base), more than {may_use}: {oom}",
            bytes(base_total),
            bytes(WORKER_BASE),
        )
    } else if let Some(total) = bounded {
        format!(
            "php-fpm's pools may need {} when every worker is busy at its memory_limit, more than {may_use}: {oom}",
            bytes(total),
        )
    } else {
        format!(
            "{} {} memory_limit = -1 (no limit): the workers' memory is bounded only by {may_use}; {oom}",
            unbounded
                .iter()
                .map(|s| format!("pool [{}]", s.pool.name))
                .collect::<Vec<_>>()
                .join(", "),
            if unbounded.len() == 1 { "sets" } else { "set" },
        )
    };
    let severity = if over_base {
        Severity::Error
    } else {
        META.severity
    };
    let limit_label = match &limit.source {
        Source::Unit(unit) => format!("{unit} may use at most {}", bytes(memory)),
        Source::Machine => format!("the memory of the running machine, {}", bytes(memory)),
        Source::Container(svc, _) => {
            format!(
                "{} may use at most {}",
                container_of(svc).replace("container of compose service ", "container of "),
                bytes(memory)
            )
        }
        _ => format!("the memory declared for this host, {}", bytes(memory)),
    };
    // The limit's line, else (not placed) the first pool's.
    let first_pool = shares
        .first()
        .map(|s| s.pool.header)
        .expect("shares is not empty");
    let mut d = Diagnostic::new(
        META.name,
        severity,
        message,
        Label::new(limit.span.unwrap_or(first_pool), limit_label),
    );
    // Each pool's share, on its pm.max_children line.
    let scale = |s: &Share| -> u64 {
        // The pm.max_children that fits when every pool shrinks alike.
        match bounded {
            Some(total) => s.children * memory / total,
            None => s.children * memory / base_total,
        }
    };
    let mut fits = Vec::new();
    let mut limit_lines: Vec<(Span, Vec<String>)> = Vec::new();
    for s in &shares {
        let limit_text = match (&s.limit, &s.limit_from) {
            (None, _) => "no memory_limit (-1)".to_string(),
            (Some(l), Some(_)) => format!("{} memory_limit", bytes(*l)),
            (Some(l), None) => format!("{} memory_limit (PHP's default)", bytes(*l)),
        };
        let share = match s.bytes() {
            Some(b) => bytes(b),
            None => "unbounded".to_string(),
        };
        let label = format!(
            "pool [{}]: {} workers × ({limit_text} + {} base) = {share}",
            s.pool.name,
            s.children,
            bytes(WORKER_BASE)
        );
        let at = s
            .pool
            .settings
            .get("pm.max_children")
            .and_then(Setting::line_span)
            .unwrap_or(s.pool.header);
        d = d.with_label(Label::new(at, label));
        if let Some(span) = s.limit_from.as_ref().and_then(Setting::line_span) {
            match limit_lines.iter_mut().find(|(at, _)| *at == span) {
                Some((_, names)) => names.push(format!("[{}]", s.pool.name)),
                None => limit_lines.push((span, vec![format!("[{}]", s.pool.name)])),
            }
        }
        if s.limit.is_some() || over_base {
            fits.push(format!("[{}] {}", s.pool.name, scale(s)));
        }
    }
    for (span, names) in limit_lines {
        let pools = if names.len() == 1 { "pool" } else { "pools" };
        d = d.with_label(Label::new(
            span,
            format!("memory_limit of {pools} {}", names.join(", ")),
        ));
    }
    let raise = match &limit.source {
        Source::Unit(_) => "raise MemoryMax=",
        Source::Container(_, key) => match *key {
            "mem_limit" => "raise mem_limit",
            "resources.limits.memory" => "raise the container's resources.limits.memory",
            _ => "raise deploy.resources.limits.memory",
        },
        Source::Declared(_) => "give the host more memory (and raise `memory` in .fpmlint.toml)",
        _ => "add memory",
    };
    let help = if over_base && bounded.is_none() {
        format!(
            "lower pm.max_children (at most {} in all: {}), or {raise}",
            memory / WORKER_BASE,
            fits.join(", ")
        )
    } else if bounded.is_some() {
        format!(
            "lower pm.max_children to what fits ({}), lower memory_limit, or {raise}",
            fits.join(", ")
        )
    } else {
        format!(
            "set a memory_limit in php.ini or with php_admin_value[memory_limit] so the sum has a bound, then size pm.max_children to fit {}",
            match &limit.source {
                Source::Unit(_) => "MemoryMax=",
                Source::Container(..) => "the container's limit",
                Source::Declared(_) => "the declared memory",
                _ => "the machine's memory",
            }
        )
    };
    let note = if over_base {
        format!(
            "{} is an idle php-fpm 8.2 worker's memory: the pools cannot run all their workers within the limit, whatever the requests do",
            bytes(WORKER_BASE)
        )
    } else {
        format!(
            "the sum assumes every worker busy at once, each at its memory_limit plus a base of {} (an idle php-fpm 8.2 worker's memory); whether that happens depends on traffic, which fpmlint cannot see",
            bytes(WORKER_BASE)
        )
    };
    d = d.with_help(help).with_note(note);
    out.push(d);
}

/// `the container of compose service `php``; a pod's container names itself
/// (`container `php` of Deployment `web``).
fn container_of(svc: &str) -> String {
    if svc.starts_with("container ") {
        svc.to_string()
    } else {
        format!("the container of {svc}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_php_quantities() {
        assert_eq!(php_quantity("128M"), Some(Some(128 << 20)));
        assert_eq!(php_quantity("1g"), Some(Some(1 << 30)));
        assert_eq!(php_quantity("512k"), Some(Some(512 << 10)));
        assert_eq!(php_quantity("1048576"), Some(Some(1 << 20)));
        assert_eq!(php_quantity("-1"), Some(None));
        assert_eq!(php_quantity("lots"), None);
        assert_eq!(bytes(2 << 30), "2 GiB");
        assert_eq!(bytes(3 << 29), "1.5 GiB");
        assert_eq!(bytes(264 << 20), "264 MiB");
    }

    /// The machine's memory (/proc/meminfo on the running machine) bounds the
    /// pools of every master without a MemoryMax=.
    #[test]
    fn machine_memory_bounds_the_pools() {
        use crate::model::fpm::{build, FpmContext};
        use crate::paths::RootMap;
        use crate::source::SourceMap;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("php-fpm.conf"),
            "[global]\n[a]\nuser = www-data\nlisten = /run/a.sock\npm = static\npm.max_children = 6\n\
             php_admin_value[memory_limit] = 248M\n[b]\nuser = www-data\nlisten = /run/b.sock\n\
             pm = static\npm.max_children = 2\n",
        )
        .unwrap();
        let ctx = FpmContext {
            roots: RootMap::with_sysroot(dir.path()),
            prefix: "/usr".into(),
            php_ini: None,
            php_ini_scan_dir: None,
            ..Default::default()
        };
        let mut sources = SourceMap::confined_to(dir.path(), true);
        let id = sources.load(&dir.path().join("php-fpm.conf")).unwrap();
        let (tree, _) = build(&mut sources, id, &ctx);
        let mem = sources.add_virtual(
            "/proc/meminfo".into(),
            b"MemTotal:        1048576 kB\n".to_vec(),
        );
        let limit = Limit {
            value: 1 << 30,
            span: Some(Span::new(mem, 0, 27)),
            source: Source::Machine,
        };
        let mut out = Vec::new();
        check_pools(&[&tree], &limit, &mut out);
        assert_eq!(out.len(), 1);
        let d = &out[0];
        assert_eq!(d.severity, Severity::Warning);
        // 6 × (248 + 8) MiB + 2 × (128 + 8) MiB = 1.8 GiB.
        assert!(d.message.contains("may need 1.8 GiB"), "{}", d.message);
        assert!(
            d.message.contains("the 1 GiB of this machine (MemTotal)"),
            "{}",
            d.message
        );
        assert!(
            d.help.as_deref().unwrap().contains("[a] 3, [b] 1"),
            "{:?}",
            d.help
        );
        // The limit fits: no finding.
        let roomy = Limit {
            value: 2 << 30,
            ..limit
        };
        let mut out = Vec::new();
        check_pools(&[&tree], &roomy, &mut out);
        assert!(out.is_empty());
    }
}
