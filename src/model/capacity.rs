//! What a host can hold: its memory and its kernel's `net.core.somaxconn`, each
//! with where it comes from, and the accept queue the kernel really gives a pool.
//!
//! A limit is taken from the first of, in order:
//! 1. `.fpmlint.toml`: `[hosts."<name>"]` for that host, else `[host]`;
//! 2. memory only: the compose service's container limit
//!    (`deploy.resources.limits.memory`, else `mem_limit`);
//! 3. memory only: `MemoryMax=` of the systemd unit running the php-fpm master;
//! 4. somaxconn only: the sysctl.d files of a sysroot;
//! 5. only when the linted root is the running machine's `/`: /proc/meminfo
//!    (`MemTotal`) and /proc/sys/net/core/somaxconn.
//!
//! None is guessed: a limit no source gives is unknown, and the summary says so
//! once ([`unknown_notes`]).

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use crate::model::fpm::{FpmTree, Pool, Setting};
use crate::model::nginx::{DirId, ScopeKind};
use crate::project::Project;
use crate::source::{FileId, Span};
use crate::units;

/// The limits `.fpmlint.toml` declares for one host (or for every host).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostDecl {
    /// Bytes, and the value's byte range in the file.
    pub memory: Option<(u64, Range<usize>)>,
    pub somaxconn: Option<(i64, Range<usize>)>,
}

/// `[host]` and `[hosts."<name>"]` of `.fpmlint.toml`.
#[derive(Clone, Debug, Default)]
pub struct Declared {
    /// `[host]`: every host.
    pub default: HostDecl,
    /// `[hosts."<name>"]`: the host the summary names so (or a compose service
    /// by its service name).
    pub hosts: Vec<(String, HostDecl)>,
    /// The file's path and text, when it declares anything.
    pub file: Option<(PathBuf, String)>,
    /// The file in the project's source map ([`declare`]).
    pub file_id: Option<FileId>,
}

impl Declared {
    pub fn is_set(&self) -> bool {
        self.default != HostDecl::default() || !self.hosts.is_empty()
    }
}

/// A memory size as `.fpmlint.toml` writes it: digits, an optional fraction,
/// an optional K, M, G or T (either case, base 1024, an optional `B` or `iB`).
pub fn parse_memory(v: &str) -> Option<u64> {
    let v = v.trim();
    let split = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let (num, unit) = v.split_at(split);
    let unit = unit.trim().to_ascii_uppercase();
    let unit = unit
        .strip_suffix("IB")
        .or_else(|| unit.strip_suffix('B'))
        .unwrap_or(&unit);
    let shift = match unit {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return None,
    };
    let n: f64 = num.parse().ok()?;
    let bytes = n * (1u64 << shift) as f64;
    (bytes.is_finite() && bytes >= 1.0 && bytes < u64::MAX as f64).then_some(bytes as u64)
}

/// `2 GiB`, `1.5 GiB`, `264 MiB`.
pub fn bytes_text(n: u64) -> String {
    const GIB: u64 = 1 << 30;
    const MIB: u64 = 1 << 20;
    if n >= GIB {
        let tenths = (n * 10 + GIB / 2) / GIB;
        if tenths.is_multiple_of(10) {
            format!("{} GiB", tenths / 10)
        } else {
            format!("{}.{} GiB", tenths / 10, tenths % 10)
        }
    } else {
        format!("{} MiB", (n + MIB / 2) / MIB)
    }
}

/// Where a limit comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `.fpmlint.toml`: `[host]`, or `[hosts."<name>"]` (Some(name)).
    Declared(Option<String>),
    /// A compose service's container limit: (service, key).
    Container(String, &'static str),
    /// `MemoryMax=` of a systemd unit.
    Unit(String),
    /// A sysctl.d file (or etc/sysctl.conf).
    Sysctl,
    /// The running machine's /proc.
    Machine,
}

/// One host limit and its origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    pub value: i64,
    /// The text that sets it; `None` when fpmlint could not place it (the
    /// origin is then described only).
    pub span: Option<Span>,
    pub source: Source,
}

impl Limit {
    /// Where it comes from, for a message: `.fpmlint.toml [host]`,
    /// `mem_limit of compose service php`, `MemoryMax= of php8.2-fpm.service`.
    pub fn origin(&self) -> String {
        match &self.source {
            Source::Declared(None) => ".fpmlint.toml [host]".into(),
            Source::Declared(Some(n)) => format!(".fpmlint.toml [hosts.\"{n}\"]"),
            Source::Container(s, key) => format!("{key} of {s}"),
            Source::Unit(u) => format!("MemoryMax= of {u}"),
            Source::Sysctl => "sysctl.d".into(),
            Source::Machine => "/proc of the running machine".into(),
        }
    }

    pub fn bytes(&self) -> u64 {
        self.value.max(0) as u64
    }
}

/// The memory limit of the trees it bounds: a host, or one master (a unit's
/// `MemoryMax=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    Host(usize),
    Tree(usize),
}

/// Compose files holding a container memory limit, into the source map so
/// findings can point at the value. Called by the loader.
pub fn load_files(p: &mut Project) {
    let files: Vec<PathBuf> = p
        .hosts
        .iter()
        .filter_map(|h| h.service().and_then(|(_, s)| s.memory.as_ref()))
        .filter(|m| m.range.is_some())
        .map(|m| m.file.clone())
        .collect();
    for f in files {
        if p.sources.lookup(&f).is_none() {
            let _ = p.sources.load(&f);
        }
    }
}

/// The declared limits' file into the source map. Called when a run's options
/// are set.
pub fn declare(p: &mut Project) {
    if let Some((path, text)) = p.options.declared.file.clone() {
        let id = p.sources.add_virtual(path, text.into_bytes());
        p.options.declared.file_id = Some(id);
    }
}

/// The `.fpmlint.toml` declaration for a host: its own section, else `[host]`.
fn declared_for(
    project: &Project,
    host: usize,
    pick: impl Fn(&HostDecl) -> Option<(i64, Range<usize>)>,
) -> Option<Limit> {
    let d = &project.options.declared;
    let h = project.hosts.get(host);
    let own = d.hosts.iter().find(|(n, _)| {
        h.is_some_and(|h| *n == h.name || h.service().is_some_and(|(_, s)| s.name == *n))
    });
    let (name, value) = match own.and_then(|(n, decl)| Some((n, pick(decl)?))) {
        Some((n, v)) => (Some(n.clone()), v),
        None => (None, pick(&d.default)?),
    };
    let span = d
        .file_id
        .map(|id| Span::new(id, value.1.start, value.1.end));
    Some(Limit {
        value: value.0,
        span,
        source: Source::Declared(name),
    })
}

/// The memory the pools of `tree` may use, and the trees that share it.
pub fn memory_for(project: &Project, ti: usize) -> Option<(Scope, Limit)> {
    let tree = &project.fpm[ti];
    let host = Scope::Host(tree.host);
    if let Some(l) = declared_for(project, tree.host, |d| {
        d.memory.as_ref().map(|(n, r)| (*n as i64, r.clone()))
    }) {
        return Some((host, l));
    }
    if let Some((_, svc)) = project.hosts.get(tree.host).and_then(|h| h.service()) {
        let m = svc.memory.as_ref()?;
        let span = m.range.as_ref().and_then(|r| {
            let id = project.sources.lookup(&m.file)?;
            Some(Span::new(id, r.start, r.end))
        });
        return Some((
            host,
            Limit {
                value: m.bytes.min(i64::MAX as u64) as i64,
                span,
                source: Source::Container(svc.label(), m.key),
            },
        ));
    }
    let system = project.system(&tree.ctx.roots)?;
    let path = project.sources.get(tree.entry).path.to_string_lossy();
    let mut units: Vec<_> = system
        .fpm_units(&path)
        .into_iter()
        .filter(|u| u.memory_max_bytes().is_some())
        .collect();
    if units.len() == 1 {
        let u = units.remove(0);
        let (bytes, line) = (u.memory_max_bytes()?, u.memory_max.as_ref()?);
        return Some((
            Scope::Tree(ti),
            Limit {
                value: bytes.min(i64::MAX as u64) as i64,
                span: Some(line.span),
                source: Source::Unit(u.name.clone()),
            },
        ));
    }
    let (bytes, line) = system.memory.as_ref()?;
    Some((
        host,
        Limit {
            value: (*bytes).min(i64::MAX as u64) as i64,
            span: Some(line.span),
            source: Source::Machine,
        },
    ))
}

/// The kernel's `net.core.somaxconn` where `tree`'s master runs.
pub fn somaxconn_for(project: &Project, tree: &FpmTree) -> Option<Limit> {
    if let Some(l) = declared_for(project, tree.host, |d| d.somaxconn.clone()) {
        return Some(l);
    }
    let system = project.system(&tree.ctx.roots)?;
    let v = system.sysctl("net.core.somaxconn")?;
    // The kernel reads the value as an int; below 0 listen() gets 0.
    let n: i64 = v.value.trim().parse().ok()?;
    let live = project.sources.get(v.span.file).path.starts_with("/proc");
    Some(Limit {
        value: n.max(0),
        span: Some(v.span),
        source: if live {
            Source::Machine
        } else {
            Source::Sysctl
        },
    })
}

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
    /// The host's `net.core.somaxconn`, when known.
    pub somaxconn: Option<Limit>,
    /// The PHP release whose default applies (no `listen.backlog` line), when
    /// fpmlint knows it.
    pub release: Option<crate::model::fpm::Release>,
}

impl Backlog {
    /// The queue length the kernel gives; `None` when it is the kernel's cap and
    /// the cap is unknown.
    pub fn effective(&self) -> Option<i64> {
        let cap = self.somaxconn.as_ref().map(|l| l.value);
        match (self.requested < 0, cap) {
            (true, cap) => cap,
            (false, Some(cap)) => Some(self.requested.min(cap)),
            (false, None) => Some(self.requested),
        }
    }

    /// An upper bound of the queue: the effective value, else (the cap
    /// unknown) the requested one when it is not the kernel maximum.
    pub fn at_most(&self) -> Option<i64> {
        self.effective()
            .or((self.requested >= 0).then_some(self.requested))
    }

    /// True when the kernel cuts the requested queue to `net.core.somaxconn`.
    pub fn is_cut(&self) -> bool {
        self.requested >= 0
            && self
                .somaxconn
                .as_ref()
                .is_some_and(|l| self.requested > l.value)
    }

    /// `listen.backlog = N` or php-fpm's default, as a message says it.
    pub fn requested_text(&self) -> String {
        match (&self.setting, self.requested) {
            (Some(_), n) => format!("listen.backlog = {n}"),
            (None, n) => {
                let php = match &self.release {
                    Some(r) => format!("php-fpm {}'s", r.text),
                    None => "php-fpm's".into(),
                };
                if n < 0 {
                    format!("{php} default backlog (-1: the kernel maximum)")
                } else {
                    format!("{php} default backlog of {n}")
                }
            }
        }
    }
}

/// The pool's effective backlog; `None` when `listen.backlog` is not a number
/// (fpm-invalid-value reports it).
pub fn effective_backlog(project: &Project, tree: &FpmTree, pool: &Pool) -> Option<Backlog> {
    let setting = pool.settings.get("listen.backlog").cloned();
    let setting = setting.filter(|s| !s.is_default());
    // The default is -1 since PHP 8.2; 511 before, on Linux. The release is
    // the host's as every release-dependent verdict reads it.
    let release = match setting {
        Some(_) => None,
        None => crate::model::fpm::php_release(project, tree),
    };
    let requested = match (&setting, &release) {
        (Some(s), _) => units::fpm_integer(&s.value)?,
        (None, Some(r)) if (r.version.0, r.version.1) < (8, 2) => OLD_DEFAULT_BACKLOG,
        (None, _) => -1,
    };
    Some(Backlog {
        requested,
        setting,
        somaxconn: somaxconn_for(project, tree),
        release,
    })
}

/// What an idle php-fpm 8.2 worker holds before any request: 8436 kB RSS
/// measured (Debian php8.2-fpm 8.2.36, Debian php.ini, OPcache on), rounded down.
pub const WORKER_BASE: u64 = 8 << 20;

/// PHP's built-in `memory_limit` (`main/main.c`).
pub const DEFAULT_MEMORY_LIMIT: u64 = 128 << 20;

/// `memory_limit` as PHP reads it (`zend_ini_parse_quantity`): an integer with an
/// optional k, m or g suffix (either case); exactly `-1` is no limit
/// (`Some(None)`). `None`: not a quantity fpmlint reads.
pub fn php_quantity(v: &str) -> Option<Option<u64>> {
    let v = v.trim();
    if v == "-1" {
        return Some(None);
    }
    let (num, shift) = match v.chars().last()? {
        'k' | 'K' => (&v[..v.len() - 1], 10),
        'm' | 'M' => (&v[..v.len() - 1], 20),
        'g' | 'G' => (&v[..v.len() - 1], 30),
        _ => (v, 0),
    };
    let n: u64 = num.trim().parse().ok()?;
    Some(Some(n.checked_mul(1 << shift)?))
}

/// A pool's `memory_limit` (`None` inside: `-1`, no limit) and the setting it
/// comes from (the pool's php_value / php_admin_value, else php.ini; `None`:
/// PHP's default). `None`: not a quantity fpmlint reads.
pub fn memory_limit(tree: &FpmTree, pool: &Pool) -> Option<(Option<u64>, Option<Setting>)> {
    let from = pool
        .php_ini_value("memory_limit")
        .or_else(|| tree.php_ini.as_ref()?.get("memory_limit").cloned());
    let limit = match &from {
        Some(s) => php_quantity(&s.value)?,
        None => Some(DEFAULT_MEMORY_LIMIT),
    };
    Some((limit, from))
}

/// nginx's `worker_connections` when unset.
pub const DEFAULT_WORKER_CONNECTIONS: i64 = 512;

/// One nginx (a main nginx.conf) sending requests to a pool.
#[derive(Clone, Debug)]
pub struct NginxSide {
    /// Index into `project.nginx`.
    pub tree: usize,
    /// `worker_processes`: `None` for `auto` (one per CPU, a count fpmlint
    /// cannot see), with its directive (`None`: the default, 1).
    pub processes: Option<i64>,
    pub processes_dir: Option<DirId>,
    /// `worker_connections`, with its directive (`None`: the default, 512).
    pub connections: i64,
    pub connections_dir: Option<DirId>,
    /// The `fastcgi_pass` directives that reach this pool and no other.
    pub passes: Vec<DirId>,
}

impl NginxSide {
    /// The requests this nginx can have in flight to FastCGI at once: every
    /// request holds two of a worker's connections (the client's and the
    /// upstream's). With `worker_processes auto`, the count of one worker (at
    /// least that).
    pub fn requests(&self) -> i64 {
        self.processes.unwrap_or(1) * (self.connections / 2)
    }
}

/// The worker processes and connections of an nginx tree.
#[derive(Clone, Copy)]
struct Workers {
    processes: Option<i64>,
    processes_dir: Option<DirId>,
    connections: i64,
    connections_dir: Option<DirId>,
}

impl Workers {
    /// None when either value is invalid (invalid-value reports it).
    fn of(tree: &crate::model::nginx::NginxTree) -> Option<Workers> {
        let processes_dir = tree.own(tree.root(), "worker_processes").last().copied();
        let processes = match processes_dir.and_then(|d| tree.dir(d).arg(0)) {
            Some("auto") => None,
            Some(n) => match n.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => return None,
            },
            None => Some(1),
        };
        let connections_dir = tree
            .scopes_of(ScopeKind::Events)
            .flat_map(|e| tree.own(e, "worker_connections").last().copied())
            .last();
        let connections = match connections_dir.and_then(|d| tree.dir(d).arg(0)) {
            Some(n) => match n.parse::<i64>() {
                Ok(n) if n > 0 => n,
                _ => return None,
            },
            None => DEFAULT_WORKER_CONNECTIONS,
        };
        Some(Workers {
            processes,
            processes_dir,
            connections,
            connections_dir,
        })
    }
}

/// What reaches each pool: per (php-fpm tree, pool), the nginx trees whose
/// `fastcgi_pass` reaches it alone (a pass balanced over several pools is left
/// out: how nginx splits it is not in the configuration).
pub fn nginx_reaching(project: &Project) -> HashMap<(usize, usize), Vec<NginxSide>> {
    let links = project.links();
    let mut out: HashMap<(usize, usize), Vec<NginxSide>> = HashMap::new();
    let mut by_pass: Vec<_> = links.pools_by_pass().into_iter().collect();
    by_pass.sort_by_key(|(k, _)| *k);
    // Each tree's workers, read once (a tree reaches many pools); None when a
    // value is invalid (invalid-value reports it).
    let mut workers: HashMap<usize, Option<Workers>> = HashMap::new();
    for ((nt, dir), mut pools) in by_pass {
        pools.sort_unstable();
        pools.dedup();
        let [pool] = pools[..] else {
            continue;
        };
        let tree = &project.nginx[nt];
        if tree.root_kind != ScopeKind::Main {
            continue; // no nginx.conf: its workers are not known
        }
        let sides = out.entry(pool).or_default();
        if let Some(side) = sides.iter_mut().find(|s| s.tree == nt) {
            side.passes.push(dir);
            continue;
        }
        let Some(w) = *workers.entry(nt).or_insert_with(|| Workers::of(tree)) else {
            continue;
        };
        let Workers {
            processes,
            processes_dir,
            connections,
            connections_dir,
        } = w;
        sides.push(NginxSide {
            tree: nt,
            processes,
            processes_dir,
            connections,
            connections_dir,
            passes: vec![dir],
        });
    }
    out
}

/// The host names of the trees, `this host` when the run has one host.
fn host_names(project: &Project, hosts: &[usize]) -> String {
    if project.hosts.len() <= 1 {
        return "this host".into();
    }
    let names: Vec<&str> = hosts
        .iter()
        .filter_map(|h| project.hosts.get(*h).map(|h| h.name.as_str()))
        .collect();
    names.join(", ")
}

/// What the summary says once about the limits the active rules needed and
/// did not find: the memory (pool-memory-overcommit) and `net.core.somaxconn`
/// (backlog-above-somaxconn, listen-backlog-low, pool-saturation), per host.
pub fn unknown_notes(project: &Project, active: impl Fn(&str) -> bool) -> Vec<String> {
    let mut notes = Vec::new();
    let mut no_memory: Vec<usize> = Vec::new();
    let mut no_cap: Vec<usize> = Vec::new();
    for (ti, tree) in project.fpm.iter().enumerate() {
        if tree.fragment || tree.pools.is_empty() {
            continue;
        }
        if memory_for(project, ti).is_none() && !no_memory.contains(&tree.host) {
            no_memory.push(tree.host);
        }
        // Only a queue the kernel may cut, or that is the kernel's cap, needs it.
        let needs_cap = tree.pools.iter().any(|p| {
            effective_backlog(project, tree, p)
                .is_some_and(|b| b.requested < 0 || b.requested > MIN_BACKLOG)
        });
        if needs_cap && somaxconn_for(project, tree).is_none() && !no_cap.contains(&tree.host) {
            no_cap.push(tree.host);
        }
    }
    if !no_memory.is_empty() && active("pool-memory-overcommit") {
        // The advice follows where the limit lives: a Kubernetes container's
        // manifest, a compose service, else the declaration of .fpmlint.toml.
        let kind = |h: &usize| match project.hosts.get(*h).and_then(|h| h.service()) {
            Some((p, _)) if p.kube => 0,
            Some(_) => 1,
            None => 2,
        };
        for k in 0..3 {
            let of_kind: Vec<usize> = no_memory.iter().copied().filter(|h| kind(h) == k).collect();
            if of_kind.is_empty() {
                continue;
            }
            let advice = match k {
                0 => "set `resources.limits.memory` on the container in its manifest, which is also what the kubelet enforces",
                1 => "set `mem_limit` or `deploy.resources.limits.memory` on the service in the compose file, which is also what docker enforces",
                _ => "declare `memory` under [host] in .fpmlint.toml",
            };
            notes.push(format!(
                "the memory of {} is unknown: pool-memory-overcommit skipped there ({advice})",
                host_names(project, &of_kind)
            ));
        }
    }
    let cap_rules: Vec<&str> = [
        "backlog-above-somaxconn",
        "listen-backlog-low",
        "pool-saturation",
    ]
    .into_iter()
    .filter(|r| active(r))
    .collect();
    if !no_cap.is_empty() && !cap_rules.is_empty() {
        notes.push(format!(
            "net.core.somaxconn of {} is unknown: pools with listen.backlog -1 (php-fpm 8.2's default) or above 128 have an unknown queue, skipped by {} (declare `somaxconn` under [host] in .fpmlint.toml)",
            host_names(project, &no_cap),
            cap_rules.join(", ")
        ));
    }
    // A `[hosts."<name>"]` or `[hosts."<name>".target]` that names no host
    // declares nothing.
    let unknown = |name: &str| {
        !project
            .hosts
            .iter()
            .any(|h| h.name == name || h.service().is_some_and(|(_, s)| s.name == name))
    };
    let hosts = || {
        project
            .hosts
            .iter()
            .map(|h| format!("\"{}\"", h.name))
            .collect::<Vec<String>>()
            .join(", ")
    };
    for (name, _) in &project.options.declared.hosts {
        if unknown(name) {
            notes.push(format!(
                ".fpmlint.toml [hosts.\"{name}\"] names no host linted, its limits are not used (the hosts: {})",
                hosts()
            ));
        }
    }
    for (name, _) in &project.options.host_targets {
        if unknown(name) {
            notes.push(format!(
                ".fpmlint.toml [hosts.\"{name}\".target] names no host linted, its target is not used (the hosts: {})",
                hosts()
            ));
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_memory_sizes() {
        assert_eq!(parse_memory("2G"), Some(2 << 30));
        assert_eq!(parse_memory("512m"), Some(512 << 20));
        assert_eq!(parse_memory("1.5GiB"), Some(3 << 29));
        assert_eq!(parse_memory("4096"), Some(4096));
        assert_eq!(parse_memory("2 GB"), Some(2 << 30));
        assert_eq!(parse_memory("lots"), None);
        assert_eq!(parse_memory("2X"), None);
        assert_eq!(bytes_text(2 << 30), "2 GiB");
        assert_eq!(bytes_text(264 << 20), "264 MiB");
    }

    #[test]
    fn the_kernel_cuts_the_backlog() {
        let cap = |n| Limit {
            value: n,
            span: None,
            source: Source::Sysctl,
        };
        let b = |requested, somaxconn| Backlog {
            release: None,
            requested,
            setting: None,
            somaxconn,
        };
        assert_eq!(b(4096, Some(cap(128))).effective(), Some(128));
        assert!(b(4096, Some(cap(128))).is_cut());
        assert_eq!(b(-1, Some(cap(4096))).effective(), Some(4096));
        assert!(!b(-1, Some(cap(128))).is_cut());
        assert_eq!(b(-1, None).effective(), None);
        assert_eq!(b(-1, None).at_most(), None);
        assert_eq!(b(511, None).at_most(), Some(511));
    }
}
