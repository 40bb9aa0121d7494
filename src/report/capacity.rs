//! `fpmlint capacity`: per host, the arithmetic behind pool-memory-overcommit and
//! pool-saturation, as a table (or JSON): each pool's `pm.max_children`,
//! `memory_limit`, worst-case memory, effective backlog and the nginx requests
//! that can reach it, and the host's limits with their origin.

use serde::Serialize;

use crate::model::capacity::{self, bytes_text, Limit, NginxSide, WORKER_BASE};
use crate::model::fpm::Setting;
use crate::project::Project;
use crate::source::Span;

/// A host limit and where it comes from.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct LimitOut {
    pub value: i64,
    /// `MemoryMax= of php8.2-fpm.service`, `.fpmlint.toml [host]`...
    pub origin: String,
    /// `file:line` of the text that sets it, when placed.
    pub at: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub struct PoolRow {
    pub pool: String,
    /// `file:line` of the pool's header.
    pub at: String,
    pub max_children: Option<i64>,
    /// Bytes; `None` with `memory_limit_unbounded`: `-1`.
    pub memory_limit: Option<u64>,
    pub memory_limit_unbounded: bool,
    /// `file:line` of the memory_limit setting; `None`: PHP's default (128M).
    pub memory_limit_at: Option<String>,
    /// `max_children × (memory_limit + 8 MiB)`; `None`: unbounded or unknown.
    pub worst_case: Option<u64>,
    /// What php-fpm passes to listen(2) (-1: the kernel maximum).
    pub backlog_requested: Option<i64>,
    /// The queue the kernel gives; `None`: the kernel's cap is unknown.
    pub backlog_effective: Option<i64>,
    /// The requests the pool holds at once: max_children + effective backlog + 1;
    /// `None`: unknown.
    pub holds: Option<i64>,
    /// The requests the nginx trees reaching this pool alone can have in flight
    /// to it (worker_processes × worker_connections ÷ 2); `None`: none reaches it.
    pub nginx_requests: Option<i64>,
    /// True when a `worker_processes auto` was counted as one worker.
    pub nginx_at_least: bool,
    /// The memory limit bounding this pool's master.
    pub memory: Option<LimitOut>,
}

#[derive(Serialize, Clone, Debug)]
pub struct HostOut {
    pub host: String,
    /// The kernel's net.core.somaxconn.
    pub somaxconn: Option<LimitOut>,
    pub pools: Vec<PoolRow>,
}

fn at(project: &Project, span: Span) -> String {
    let f = project.sources.get(span.file);
    let (line, _) = f.line_col(span.start as usize);
    format!("{}:{line}", f.name)
}

fn limit_out(project: &Project, l: &Limit) -> LimitOut {
    LimitOut {
        value: l.value,
        origin: l.origin(),
        at: l.span.map(|s| at(project, s)),
    }
}

/// The capacity of every host with php-fpm pools.
pub fn hosts(project: &Project) -> Vec<HostOut> {
    let reaching = capacity::nginx_reaching(project);
    let mut out: Vec<HostOut> = Vec::new();
    for (hi, host) in project.hosts.iter().enumerate() {
        let mut h = HostOut {
            host: host.name.clone(),
            somaxconn: None,
            pools: Vec::new(),
        };
        for (ti, tree) in project.fpm.iter().enumerate() {
            if tree.host != hi || tree.fragment {
                continue;
            }
            let memory = capacity::memory_for(project, ti).map(|(_, l)| limit_out(project, &l));
            for (pi, pool) in tree.pools.iter().enumerate() {
                let children = pool.max_children();
                let ml = capacity::memory_limit(tree, pool);
                let (limit, unbounded, limit_at) = match &ml {
                    Some((l, from)) => (
                        *l,
                        l.is_none(),
                        from.as_ref()
                            .and_then(Setting::line_span)
                            .map(|s| at(project, s)),
                    ),
                    None => (None, false, None),
                };
                let worst_case = match (children, limit) {
                    (Some(c), Some(l)) if c > 0 => Some(c as u64 * (l + WORKER_BASE)),
                    _ => None,
                };
                let backlog = capacity::effective_backlog(project, tree, pool);
                if h.somaxconn.is_none() {
                    h.somaxconn = backlog
                        .as_ref()
                        .and_then(|b| b.somaxconn.as_ref())
                        .map(|l| limit_out(project, l));
                }
                let sides: &[NginxSide] = reaching.get(&(ti, pi)).map_or(&[], Vec::as_slice);
                h.pools.push(PoolRow {
                    pool: pool.name.clone(),
                    at: at(project, pool.header),
                    max_children: children,
                    memory_limit: limit,
                    memory_limit_unbounded: unbounded,
                    memory_limit_at: limit_at,
                    worst_case,
                    backlog_requested: backlog.as_ref().map(|b| b.requested),
                    backlog_effective: backlog.as_ref().and_then(|b| b.effective()),
                    holds: match (children, backlog.as_ref().and_then(|b| b.effective())) {
                        (Some(c), Some(q)) if c > 0 => Some(c + q.max(0) + 1),
                        _ => None,
                    },
                    nginx_requests: (!sides.is_empty())
                        .then(|| sides.iter().map(NginxSide::requests).sum()),
                    nginx_at_least: sides.iter().any(|s| s.processes.is_none()),
                    memory: memory.clone(),
                });
            }
        }
        if !h.pools.is_empty() {
            out.push(h);
        }
    }
    out
}

fn limit_text(l: &Option<LimitOut>, show: impl Fn(i64) -> String) -> String {
    match l {
        Some(l) => match &l.at {
            Some(at) => format!("{} ({}, {at})", show(l.value), l.origin),
            None => format!("{} ({})", show(l.value), l.origin),
        },
        None => "unknown".into(),
    }
}

/// The table.
pub fn render_text(hosts: &[HostOut]) -> String {
    let mut s = String::new();
    for h in hosts {
        s.push_str(&format!("host {}\n", h.host));
        s.push_str(&format!(
            "  net.core.somaxconn: {}\n",
            limit_text(&h.somaxconn, |v| v.to_string())
        ));
        // The memory limits of its masters, each once.
        let mut memories: Vec<&Option<LimitOut>> = Vec::new();
        for p in &h.pools {
            if !memories.contains(&&p.memory) {
                memories.push(&p.memory);
            }
        }
        for m in &memories {
            let pools: Vec<&PoolRow> = h.pools.iter().filter(|p| &p.memory == *m).collect();
            let total: Option<u64> = pools.iter().map(|p| p.worst_case).sum();
            let total = match total {
                Some(t) => bytes_text(t),
                None => "unbounded".into(),
            };
            s.push_str(&format!(
                "  memory: {}; worst case of its pools: {total}\n",
                limit_text(m, |v| bytes_text(v.max(0) as u64))
            ));
        }
        let rows: Vec<[String; 8]> = h
            .pools
            .iter()
            .map(|p| {
                [
                    format!("[{}]", p.pool),
                    p.max_children.map_or("?".into(), |c| c.to_string()),
                    match (p.memory_limit, p.memory_limit_unbounded) {
                        (_, true) => "-1 (none)".into(),
                        (Some(l), _) if p.memory_limit_at.is_none() => {
                            format!("{} (default)", bytes_text(l))
                        }
                        (Some(l), _) => bytes_text(l),
                        (None, _) => "?".into(),
                    },
                    p.worst_case.map_or("unbounded".into(), bytes_text),
                    match (p.backlog_requested, p.backlog_effective) {
                        (Some(r), Some(e)) if r == e => e.to_string(),
                        (Some(r), Some(e)) => format!("{r} -> {e}"),
                        (Some(r), None) => format!("{r} -> ?"),
                        (None, _) => "?".into(),
                    },
                    p.holds.map_or("?".into(), |n| n.to_string()),
                    match p.nginx_requests {
                        Some(n) if p.nginx_at_least => format!(">= {n}"),
                        Some(n) => n.to_string(),
                        None => "-".into(),
                    },
                    p.at.clone(),
                ]
            })
            .collect();
        let head = [
            "POOL",
            "MAX_CHILDREN",
            "MEMORY_LIMIT",
            "WORST_CASE",
            "BACKLOG",
            "HOLDS",
            "NGINX",
            "DEFINED AT",
        ];
        let mut w = head.map(str::len);
        for r in &rows {
            for (i, c) in r.iter().enumerate() {
                w[i] = w[i].max(c.chars().count());
            }
        }
        let line = |cells: [&str; 8]| -> String {
            let mut l = String::from("  ");
            for (i, c) in cells.iter().enumerate() {
                if i == 7 {
                    l.push_str(c);
                } else {
                    let pad = w[i] - c.chars().count();
                    l.push_str(c);
                    l.push_str(&" ".repeat(pad + 2));
                }
            }
            l.push('\n');
            l
        };
        s.push_str(&line(head));
        for r in &rows {
            s.push_str(&line(r.each_ref().map(String::as_str)));
        }
        s.push('\n');
    }
    s.push_str(&format!(
        "WORST_CASE = MAX_CHILDREN × (MEMORY_LIMIT + {} per worker); BACKLOG = listen.backlog -> what the kernel gives (net.core.somaxconn);\n\
         HOLDS = MAX_CHILDREN + BACKLOG + 1 requests at once; NGINX = requests nginx can have in flight to the pool (worker_processes × worker_connections ÷ 2).\n",
        bytes_text(WORKER_BASE)
    ));
    s
}
