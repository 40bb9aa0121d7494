//! The links between nginx and php-fpm, built once per project: every pool
//! endpoint indexed by its normalised form, and every `fastcgi_pass` with the
//! pools its target reaches. The cross-file rules read this.

use std::collections::HashMap;
use std::net::IpAddr;

use crate::model::fpm::{Endpoint, FpmTree, Listen, Pool};
use crate::model::nginx::{DirId, NginxTree, PassTarget, ScopeId, ScopeKind};
use crate::model::system::System;
use crate::project::Project;

/// Debian's version-independent socket, a link to the default version's www pool.
pub const DEBIAN_DEFAULT_SOCKET: &str = "/run/php/php-fpm.sock";

/// A TCP host as far as reaching it goes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Host {
    /// Every interface: a port alone, `0.0.0.0`, `::`, `*`.
    Any,
    /// 127.0.0.0/8, `::1`, `localhost`.
    Loopback,
    /// Another address or a host name (lower-cased).
    Addr(String),
}

impl Host {
    pub fn of(host: Option<&str>) -> Host {
        let Some(h) = host else {
            return Host::Any;
        };
        let h = h.trim_start_matches('[').trim_end_matches(']');
        if h.is_empty() || h == "*" {
            return Host::Any;
        }
        if h.eq_ignore_ascii_case("localhost") || h.eq_ignore_ascii_case("ip6-localhost") {
            return Host::Loopback;
        }
        match h.parse::<IpAddr>() {
            Ok(ip) if ip.is_unspecified() => Host::Any,
            Ok(ip) if ip.is_loopback() => Host::Loopback,
            _ => Host::Addr(h.to_ascii_lowercase()),
        }
    }

    /// True for a literal IP address (not a name).
    pub fn is_ip(&self) -> bool {
        match self {
            Host::Addr(a) => a.parse::<IpAddr>().is_ok(),
            _ => true,
        }
    }
}

/// A normalised endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Unix(String),
    Tcp { host: Host, port: u16 },
}

/// Normalise a unix socket path: repeated slashes collapsed, `/var/run` read
/// as `/run` (a symlink on every current distribution).
pub fn normalize_unix(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    if out == "/var/run" {
        return "/run".into();
    }
    if let Some(rest) = out.strip_prefix("/var/run/") {
        return format!("/run/{rest}");
    }
    out
}

pub fn key_of_endpoint(e: &Endpoint) -> Key {
    match e {
        Endpoint::Unix(p) => Key::Unix(normalize_unix(p)),
        Endpoint::Tcp { host, port } => Key::Tcp {
            host: Host::of(host.as_deref()),
            port: *port,
        },
    }
}

/// A pool with a usable `listen`.
#[derive(Clone, Debug)]
pub struct Listener {
    /// The host of the pool's tree: only nginx on that host reaches it.
    pub host: usize,
    pub tree: usize,
    pub pool: usize,
    pub listen: Listen,
    pub key: Key,
}

/// How a pass target relates to the pools.
#[derive(Clone, Debug, Default)]
pub struct Reach {
    /// Listeners (indexes into [`Links::listeners`]) the target connects to.
    pub pools: Vec<usize>,
    /// Reached through Debian's `/run/php/php-fpm.sock` link.
    pub debian_alias: bool,
    /// Pools on the same port that listen on loopback only while nginx connects
    /// through another host: they exist but cannot be reached.
    pub loopback_only: Vec<usize>,
    /// nginx runs in a compose service and the target's host name is no name
    /// of the services on its networks: nginx refuses to start.
    pub host_not_found: bool,
    /// The target is a compose service (or an `extra_hosts` name) whose php-fpm
    /// configuration fpmlint does not know: nothing to say about it.
    pub unknown: bool,
}

/// One endpoint a `fastcgi_pass` sends to (itself, or one upstream server).
#[derive(Clone, Debug)]
pub struct Target {
    pub target: PassTarget,
    /// The upstream `server` line, when reached through an upstream block.
    pub via: Option<DirId>,
    pub reach: Reach,
}

/// One `fastcgi_pass` in effect in a location.
#[derive(Clone, Debug)]
pub struct Pass {
    /// Index into `project.nginx`.
    pub tree: usize,
    /// The nginx tree's host.
    pub host: usize,
    /// The location (or `if`) the pass is written in.
    pub scope: ScopeId,
    pub dir: DirId,
    pub target: Option<PassTarget>,
    pub targets: Vec<Target>,
}

/// One Apache PHP handler (`SetHandler "proxy:..."`, `ProxyPassMatch ... fcgi://`),
/// a client of the pools as a `fastcgi_pass` is.
#[derive(Clone, Debug)]
pub struct ApachePass {
    /// Index into `project.apache`.
    pub tree: usize,
    pub host: usize,
    /// Index into the tree's handlers.
    pub handler: usize,
    pub target: PassTarget,
    pub reach: Reach,
}

/// The nginx worker's identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Worker {
    pub user: String,
    pub group: String,
    /// The `user` directive: (nginx tree index, directive). `None`: the build default.
    pub dir: Option<(usize, DirId)>,
}

/// Endpoints and passes of the whole project.
#[derive(Debug, Default)]
pub struct Links {
    pub listeners: Vec<Listener>,
    // Every key starts with the host: pools pair with nginx on their own host.
    unix: HashMap<(usize, String), Vec<usize>>,
    unix_dir: HashMap<(usize, String), Vec<usize>>,
    tcp: HashMap<(usize, u16), Vec<usize>>,
    /// Per host, the www pool of the highest Debian php-fpm version
    /// (`/etc/php/X.Y/fpm`).
    pub debian_default: HashMap<usize, usize>,
    pub passes: Vec<Pass>,
    /// The Apache handlers in effect (not those a skipped section dropped).
    pub apache: Vec<ApachePass>,
    /// Per pool (tree, pool) the passes reaching it: `by_pool[&(t, p)]`.
    pub by_pool: HashMap<(usize, usize), Vec<usize>>,
    /// (nginx tree, directive, index into `passes`), sorted: the passes of
    /// each directive ([`Links::passes_of`]), twelve bytes a pass.
    by_dir: Vec<(u32, DirId, u32)>,
    /// Per host, the compose service it is (project, service index).
    services: Vec<Option<(std::sync::Arc<crate::deploy::ComposeProject>, usize)>>,
    /// Hosts with php-fpm trees.
    with_pools: std::collections::HashSet<usize>,
}

impl Links {
    /// The listeners (indexes into `listeners`) a pass reaches through any of its
    /// targets, each once, in order.
    pub fn reached(&self, pass: &Pass) -> Vec<usize> {
        let mut v: Vec<usize> = Vec::new();
        for &li in pass.targets.iter().flat_map(|t| &t.reach.pools) {
            if !v.contains(&li) {
                v.push(li);
            }
        }
        v
    }

    /// The pools a pass reaches, each once (a pool reached through two
    /// listeners counts once), as the index of the first listener reaching it.
    pub fn reached_pools(&self, pass: &Pass) -> Vec<usize> {
        let mut pools: Vec<(usize, usize)> = Vec::new();
        self.reached(pass)
            .into_iter()
            .filter(|&li| {
                let l = &self.listeners[li];
                let fresh = !pools.contains(&(l.tree, l.pool));
                pools.push((l.tree, l.pool));
                fresh
            })
            .collect()
    }

    pub fn build(project: &Project) -> Links {
        let mut l = Links::default();
        let mut debian: HashMap<usize, ((u32, u32), usize)> = HashMap::new();
        for (ti, tree) in project.fpm.iter().enumerate() {
            let host = tree.host;
            let version = debian_version(project, tree);
            for (pi, pool) in tree.pools.iter().enumerate() {
                let Some(listen) = pool.listen() else {
                    continue;
                };
                let key = key_of_endpoint(&listen.endpoint);
                let i = l.listeners.len();
                match &key {
                    Key::Unix(p) => {
                        l.unix.entry((host, p.clone())).or_default().push(i);
                        l.unix_dir.entry((host, dir_of(p))).or_default().push(i);
                        if let Some(v) = version {
                            if pool.name == "www"
                                && !tree.fragment
                                && debian.get(&host).is_none_or(|(best, _)| v > *best)
                            {
                                debian.insert(host, (v, i));
                            }
                        }
                    }
                    Key::Tcp { port, .. } => l.tcp.entry((host, *port)).or_default().push(i),
                }
                l.listeners.push(Listener {
                    host,
                    tree: ti,
                    pool: pi,
                    listen,
                    key,
                });
            }
        }
        l.debian_default = debian.into_iter().map(|(h, (_, i))| (h, i)).collect();
        // A host with no php-fpm configuration: its passes are not checked (the
        // summary says so).
        let with_pools: std::collections::HashSet<usize> =
            project.fpm.iter().map(|t| t.host).collect();
        l.with_pools = with_pools.clone();
        l.services = project.hosts.iter().map(|h| h.service.clone()).collect();

        for (ni, tree) in project.nginx.iter().enumerate() {
            // A compose service reaches the other services: its passes are
            // checked whatever it holds itself.
            let service = l.services.get(tree.host).is_some_and(Option::is_some);
            if !with_pools.contains(&tree.host) && !service {
                continue;
            }
            let mut seen = std::collections::HashSet::new();
            for scope in tree.locations() {
                let Some(dir) = tree.effective(scope, "fastcgi_pass") else {
                    continue;
                };
                if !seen.insert(dir) {
                    continue;
                }
                let target = tree.pass_target(dir);
                let mut targets: Vec<Target> = match &target {
                    Some(t) => tree
                        .resolve_target(t)
                        .into_iter()
                        .filter(|r| !server_is_down(tree, r.via))
                        .map(|r| Target {
                            reach: l.reach(tree.host, &r.target),
                            target: r.target,
                            via: r.via,
                        })
                        .collect(),
                    None => Vec::new(),
                };
                // One target (nearly always): not the four a collected vector
                // starts with (a pass a location).
                targets.shrink_to_fit();
                let pi = l.passes.len();
                for t in &targets {
                    for &li in &t.reach.pools {
                        let lis = &l.listeners[li];
                        let v = l.by_pool.entry((lis.tree, lis.pool)).or_default();
                        if !v.contains(&pi) {
                            v.push(pi);
                        }
                    }
                }
                l.passes.push(Pass {
                    tree: ni,
                    host: tree.host,
                    scope: dir_scope(tree, dir),
                    dir,
                    target,
                    targets,
                });
            }
        }
        for (ai, tree) in project.apache.iter().enumerate() {
            // As for nginx: a host without php-fpm configuration is not checked.
            if !l.with_pools.contains(&tree.host) && l.service(tree.host).is_none() {
                continue;
            }
            for (hi, h) in tree.handlers.iter().enumerate() {
                let target = match (&h.backend, &h.skipped_by) {
                    (Some(crate::model::apache::Backend::Unix(p)), None) => {
                        PassTarget::Unix { path: p.clone() }
                    }
                    (Some(crate::model::apache::Backend::Tcp { host, port }), None) => {
                        PassTarget::Inet {
                            host: host.clone(),
                            port: *port,
                        }
                    }
                    _ => continue,
                };
                l.apache.push(ApachePass {
                    tree: ai,
                    host: tree.host,
                    handler: hi,
                    reach: l.reach(tree.host, &target),
                    target,
                });
            }
        }
        l.passes.shrink_to_fit();
        l.by_dir = (l.passes.iter().enumerate())
            .map(|(i, p)| (p.tree as u32, p.dir, i as u32))
            .collect();
        l.by_dir.sort_unstable();
        l
    }

    /// The passes of the directive `dir` of nginx tree `tree`.
    pub fn passes_of(&self, tree: usize, dir: DirId) -> impl Iterator<Item = &Pass> {
        let key = (tree as u32, dir);
        let start = self.by_dir.partition_point(|e| (e.0, e.1) < key);
        self.by_dir[start..]
            .iter()
            .take_while(move |e| (e.0, e.1) == key)
            .map(|e| &self.passes[e.2 as usize])
    }

    /// The compose service a host is.
    pub fn service(
        &self,
        host: usize,
    ) -> Option<(&crate::deploy::ComposeProject, &crate::deploy::Service)> {
        self.services
            .get(host)?
            .as_ref()
            .map(|(p, i)| (p.as_ref(), &p.services[*i]))
    }

    /// The hosts of the services of `project` named `name`, or sharing the
    /// network namespace of service `name`.
    fn service_hosts(&self, project: &crate::deploy::ComposeProject, net: &str) -> Vec<usize> {
        (0..self.services.len())
            .filter(|&h| {
                self.service(h)
                    .is_some_and(|(p, s)| std::ptr::eq(p, project) && p.net_owner(s).name == net)
            })
            .collect()
    }

    /// Per (nginx tree, `fastcgi_pass` directive), the (php-fpm tree, pool) pairs
    /// its targets reach, in order.
    pub fn pools_by_pass(&self) -> HashMap<(usize, DirId), Vec<(usize, usize)>> {
        let mut reached: HashMap<(usize, DirId), Vec<(usize, usize)>> = HashMap::new();
        for pass in &self.passes {
            let pools = reached.entry((pass.tree, pass.dir)).or_default();
            for t in &pass.targets {
                for l in &t.reach.pools {
                    let li = &self.listeners[*l];
                    pools.push((li.tree, li.pool));
                }
            }
        }
        reached
    }

    /// The (php-fpm tree, pool) pairs the passes of directive `dir` of nginx
    /// tree `tree` reach, in order (empty for a directive that is no pass):
    /// one entry of [`Links::pools_by_pass`], without building the map.
    pub fn pools_of_pass(&self, tree: usize, dir: DirId) -> Vec<(usize, usize)> {
        self.passes_of(tree, dir)
            .flat_map(|p| &p.targets)
            .flat_map(|t| &t.reach.pools)
            .map(|&l| (self.listeners[l].tree, self.listeners[l].pool))
            .collect()
    }

    /// The pools a target reaches from nginx on `host`.
    pub fn reach(&self, on: usize, target: &PassTarget) -> Reach {
        if let Some((project, service)) = self.service(on) {
            return self.reach_service(on, project, service, target);
        }
        self.reach_on(on, target)
    }

    /// From nginx in a compose service: loopback is its own container's (and
    /// that of the services sharing its network namespace); a name is a service
    /// on a shared network, or nginx refuses to start.
    fn reach_service(
        &self,
        on: usize,
        project: &crate::deploy::ComposeProject,
        service: &crate::deploy::Service,
        target: &PassTarget,
    ) -> Reach {
        let own = self.service_hosts(project, &project.net_owner(service).name);
        if let PassTarget::Unix { path } = target {
            // A unix socket: in nginx's own container, or in a volume (a
            // named volume, a bind mount, a pod's emptyDir) another container
            // mounts, at its own path there.
            let mut r = self.reach_on(on, target);
            let Some(at) = service.volume_path(std::path::Path::new(&normalize_unix(path))) else {
                return r;
            };
            for h in (0..self.services.len()).filter(|&h| h != on) {
                let Some((p, s)) = self.service(h) else {
                    continue;
                };
                if !std::ptr::eq(p, project) {
                    continue;
                }
                if let Some(there) = s.path_in_volume(&at) {
                    let x = self.reach_on(
                        h,
                        &PassTarget::Unix {
                            path: there.to_string_lossy().into_owned(),
                        },
                    );
                    r.pools.extend(x.pools);
                }
            }
            return r;
        }
        let PassTarget::Inet { host, port } = target else {
            return Reach::default();
        };
        let n = Host::of(Some(host));
        let mut r = Reach::default();
        let hosts = match &n {
            Host::Any | Host::Loopback => own,
            Host::Addr(name) if !n.is_ip() => match project.resolve(service, name) {
                None => {
                    r.host_not_found = true;
                    return r;
                }
                Some(None) => {
                    r.unknown = true;
                    return r;
                }
                Some(Some(s)) => {
                    let hosts = self.service_hosts(project, &project.net_owner(s).name);
                    if !hosts.iter().any(|h| self.with_pools.contains(h)) {
                        r.unknown = true;
                        return r;
                    }
                    hosts
                }
            },
            // An IP address: a static address of any service.
            Host::Addr(_) => {
                let all = (0..self.services.len())
                    .filter(|&h| {
                        self.service(h)
                            .is_some_and(|(p, _)| std::ptr::eq(p, project))
                    })
                    .collect::<Vec<_>>();
                if !all.iter().any(|h| self.with_pools.contains(h)) {
                    r.unknown = true;
                    return r;
                }
                all
            }
        };
        let _ = on;
        // A Kubernetes Service forwards its port to the pods' targetPort.
        let port = match &n {
            Host::Addr(name) if !n.is_ip() => match project.target_port(name, *port) {
                Some(p) => p,
                None => return r,
            },
            _ => *port,
        };
        for h in hosts {
            let x = self.reach_on(
                h,
                &PassTarget::Inet {
                    host: host.clone(),
                    port,
                },
            );
            r.pools.extend(x.pools);
            r.loopback_only.extend(x.loopback_only);
        }
        r
    }

    /// The pools a target reaches from nginx on `host`, on that host.
    fn reach_on(&self, on: usize, target: &PassTarget) -> Reach {
        let mut r = Reach::default();
        match target {
            PassTarget::Unix { path } => {
                let p = normalize_unix(path);
                if let Some(v) = self.unix.get(&(on, p.clone())) {
                    r.pools = v.clone();
                } else if p == DEBIAN_DEFAULT_SOCKET {
                    if let Some(&d) = self.debian_default.get(&on) {
                        r.pools = vec![d];
                        r.debian_alias = true;
                    }
                }
            }
            PassTarget::Inet { host, port } => {
                let n = Host::of(Some(host));
                // nginx connecting to 0.0.0.0 reaches this machine: loopback.
                let n = if n == Host::Any { Host::Loopback } else { n };
                for &i in self.listeners_on_port(on, *port) {
                    let Key::Tcp { host: p, .. } = &self.listeners[i].key else {
                        continue;
                    };
                    match tcp_match(&n, p) {
                        Match::Yes => r.pools.push(i),
                        Match::LoopbackOnly => r.loopback_only.push(i),
                        Match::No => {}
                    }
                }
            }
            _ => {}
        }
        r
    }

    /// The pool endpoint of `host` closest to an unmatched target: same
    /// directory (another PHP version), same port elsewhere, or the other kind
    /// of socket.
    pub fn closest(&self, host: usize, target: &PassTarget) -> Option<usize> {
        // From a compose service: its own container first, then the services of
        // its project (the pool is likely in another container).
        if let Some((project, service)) = self.service(host) {
            let own = self.service_hosts(project, &project.net_owner(service).name);
            let others = (0..self.services.len()).filter(|&h| {
                !own.contains(&h)
                    && self
                        .service(h)
                        .is_some_and(|(p, _)| std::ptr::eq(p, project))
            });
            return own
                .iter()
                .copied()
                .chain(others)
                .find_map(|h| self.closest_on(h, target));
        }
        self.closest_on(host, target)
    }

    fn closest_on(&self, host: usize, target: &PassTarget) -> Option<usize> {
        match target {
            PassTarget::Unix { path } => {
                let p = normalize_unix(path);
                if let Some(v) = self.unix_dir.get(&(host, dir_of(&p))) {
                    return v
                        .iter()
                        .copied()
                        .max_by_key(|i| similarity(&p, &self.listeners[*i].key));
                }
                self.first_unix(host).or_else(|| self.first_tcp(host))
            }
            PassTarget::Inet { port, .. } => self
                .listeners_on_port(host, *port)
                .first()
                .copied()
                .or_else(|| self.first_tcp(host))
                .or_else(|| self.first_unix(host)),
            _ => None,
        }
    }

    fn first_unix(&self, host: usize) -> Option<usize> {
        self.listeners
            .iter()
            .position(|l| l.host == host && matches!(l.key, Key::Unix(_)))
    }
    fn first_tcp(&self, host: usize) -> Option<usize> {
        self.listeners
            .iter()
            .position(|l| l.host == host && matches!(l.key, Key::Tcp { .. }))
    }

    /// Listeners of one host sharing a normalised unix path or a TCP port, in
    /// groups of two or more (candidates for collisions; the rule decides).
    pub fn shared(&self) -> Vec<Vec<usize>> {
        let mut out: Vec<Vec<usize>> = self
            .unix
            .values()
            .chain(self.tcp.values())
            .filter(|v| v.len() > 1)
            .cloned()
            .collect();
        out.sort();
        out
    }

    /// The listeners of `host` on a TCP port.
    pub fn listeners_on_port(&self, host: usize, port: u16) -> &[usize] {
        self.tcp
            .get(&(host, port))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn pool<'p>(&self, project: &'p Project, i: usize) -> (&'p FpmTree, &'p Pool) {
        let l = &self.listeners[i];
        let t = &project.fpm[l.tree];
        (t, &t.pools[l.pool])
    }
}

/// How an nginx host meets a pool host on the same port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    Yes,
    No,
    LoopbackOnly,
}

/// nginx connecting to `n` (never Any) reaches a pool listening on `p`?
pub fn tcp_match(n: &Host, p: &Host) -> Match {
    match (n, p) {
        (_, Host::Any) => Match::Yes,
        (Host::Loopback, Host::Loopback) => Match::Yes,
        (_, Host::Loopback) => Match::LoopbackOnly,
        (Host::Addr(a), Host::Addr(b)) if a == b => Match::Yes,
        // A name on either side may resolve to the other: do not claim a mismatch.
        (a, b) if !a.is_ip() || !b.is_ip() => Match::Yes,
        _ => Match::No,
    }
}

fn dir_of(p: &str) -> String {
    match p.rfind('/') {
        Some(i) => p[..i].to_string(),
        None => String::new(),
    }
}

/// Common-prefix length, to pick the most similar socket in a directory.
/// How alike a socket path and a pool's socket are: the same name once version
/// numbers are set aside (`php7.4-fpm-myapp.sock` and `php8.2-fpm-myapp.sock`: the
/// same site on another PHP version, preferred to that version's generic
/// `php8.2-fpm.sock`), then the longest common ending, then the longest common
/// beginning.
fn similarity(a: &str, k: &Key) -> (bool, usize, usize) {
    match k {
        Key::Unix(b) => {
            let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
            let stem = |p: &str| {
                name(p)
                    .chars()
                    .filter(|c| !c.is_ascii_digit() && *c != '.')
                    .collect::<String>()
            };
            let suffix = name(a)
                .chars()
                .rev()
                .zip(name(b).chars().rev())
                .take_while(|(x, y)| x == y)
                .count();
            let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            (stem(a) == stem(b), suffix, prefix)
        }
        Key::Tcp { .. } => (false, 0, 0),
    }
}

/// The scope a directive is written in.
fn dir_scope(tree: &NginxTree, dir: DirId) -> ScopeId {
    tree.dir(dir).scope
}

fn server_is_down(tree: &NginxTree, via: Option<DirId>) -> bool {
    via.is_some_and(|d| tree.dir(d).args.iter().skip(1).any(|a| a.value == "down"))
}

/// `(major, minor)` of a Debian php-fpm tree (`/etc/php/X.Y/fpm/php-fpm.conf`).
fn debian_version(project: &Project, tree: &FpmTree) -> Option<(u32, u32)> {
    let path = project
        .sources
        .get(tree.entry)
        .path
        .to_string_lossy()
        .replace('\\', "/");
    let i = path.find("etc/php/")?;
    let rest = &path[i + "etc/php/".len()..];
    let (ver, tail) = rest.split_once('/')?;
    if !tail.starts_with("fpm/") {
        return None;
    }
    let (a, b) = ver.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// The worker user and group of an nginx tree: its `user` directive, or that of
/// the main tree of the same root for a fragment, else the build default.
pub fn worker(project: &Project, tree: usize, system: Option<&System>) -> Worker {
    let t = &project.nginx[tree];
    let found = if t.root_kind == ScopeKind::Main {
        t.user().map(|d| (tree, d))
    } else {
        project
            .nginx
            .iter()
            .enumerate()
            .filter(|(_, m)| m.root_kind == ScopeKind::Main && m.ctx.roots == t.ctx.roots)
            .find_map(|(i, m)| m.user().map(|d| (i, d)))
    };
    if let Some((i, d)) = found {
        let dir = project.nginx[i].dir(d);
        let user = dir.arg(0).unwrap_or("").to_string();
        let group = dir.arg(1).unwrap_or(&user).to_string();
        return Worker {
            user,
            group,
            dir: Some((i, d)),
        };
    }
    let opt = &project.options.nginx_user;
    let (user, group) = match opt.split_once(':') {
        Some((u, g)) => (u.to_string(), g.to_string()),
        None => {
            // nginx's configure picks nogroup when the build host has it.
            let g = if opt == "nobody"
                && system
                    .is_some_and(|s| s.group("nogroup").is_some() && s.group("nobody").is_none())
            {
                "nogroup".to_string()
            } else {
                opt.clone()
            };
            (opt.clone(), g)
        }
    };
    Worker {
        user,
        group,
        dir: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_unix_paths() {
        assert_eq!(normalize_unix("/var/run//php/x.sock"), "/run/php/x.sock");
        assert_eq!(normalize_unix("/run/php/x.sock"), "/run/php/x.sock");
        assert_eq!(normalize_unix("/var/running/x"), "/var/running/x");
    }

    #[test]
    fn hosts() {
        assert_eq!(Host::of(None), Host::Any);
        assert_eq!(Host::of(Some("[::]")), Host::Any);
        assert_eq!(Host::of(Some("0.0.0.0")), Host::Any);
        assert_eq!(Host::of(Some("127.0.0.1")), Host::Loopback);
        assert_eq!(Host::of(Some("::1")), Host::Loopback);
        assert_eq!(Host::of(Some("LocalHost")), Host::Loopback);
        assert_eq!(Host::of(Some("PHP")), Host::Addr("php".into()));
        let php = Host::of(Some("php"));
        assert_eq!(tcp_match(&php, &Host::Any), Match::Yes);
        assert_eq!(tcp_match(&php, &Host::Loopback), Match::LoopbackOnly);
        assert_eq!(tcp_match(&Host::Loopback, &Host::Loopback), Match::Yes);
        let a = Host::of(Some("10.0.0.2"));
        let b = Host::of(Some("10.0.0.3"));
        assert_eq!(tcp_match(&a, &b), Match::No);
        assert_eq!(tcp_match(&Host::Loopback, &b), Match::No);
        assert_eq!(tcp_match(&php, &b), Match::Yes);
    }
}
