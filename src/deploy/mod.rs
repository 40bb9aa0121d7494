//! The deployment layer: compose files. Each service running an nginx or a
//! php-fpm image is a host of its own: its bind mounts (and the Dockerfile's
//! `COPY` lines) say where repository files land in the container, the image
//! supplies the rest of the configuration (embedded below, with its source), and
//! its networks say which names nginx can reach. Volumes (named, bind mounts,
//! a pod's emptyDir) say which files two containers share. Kubernetes
//! manifests (`kube`) become the same model: each container of a pod a service,
//! the pod's containers sharing one network namespace.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use yaml_rust2::{Yaml, YamlLoader};

use crate::confine::Confinement;
use crate::paths::RootMap;

pub mod env;
pub mod kube;
use env::{EnvOrigin, Environment};

/// Compose file names, in the order `docker compose` looks for them.
pub const COMPOSE_FILES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

/// nginx's own files that nginx packages install beside nginx.conf (nginx's
/// `conf/fastcgi_params`, `conf/fastcgi.conf`, `conf/mime.types`): what a
/// repository that includes them without holding them reads, since every target
/// host's nginx has them.
pub fn nginx_package_file(name: &str) -> Option<&'static str> {
    match name {
        "fastcgi_params" => Some(include_str!("images/nginx/fastcgi_params")),
        "fastcgi.conf" => Some(include_str!("images/nginx/fastcgi.conf")),
        "mime.types" => Some(include_str!("images/nginx/mime.types")),
        _ => None,
    }
}

/// Override files, merged over the compose file of the same directory.
pub const OVERRIDE_FILES: &[&str] = &[
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// Which program an image runs, and whether fpmlint knows the files it ships.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    /// The official nginx image (`nginx`, `nginxinc/nginx-unprivileged`).
    Nginx { unprivileged: bool, alpine: bool },
    /// Another nginx image: its own layout is not known.
    OtherNginx,
    /// The official php image, `php:*-fpm*`; `layout_a`: before the images moved
    /// `listen = 9000` from zz-docker.conf to docker.conf.
    Fpm { layout_a: bool },
    /// Another php-fpm image (bitnami/php-fpm, ...): its own layout is not known.
    OtherFpm,
    /// The official Apache httpd image (`httpd`): its ServerRoot is
    /// /usr/local/apache2. (`php:*-apache` runs mod_php, not php-fpm: Other.)
    Httpd,
    /// Anything else (a database, a cache, an application image).
    Other,
}

/// A compose service, as far as linting goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    /// The compose file (the first one, overrides merged over it).
    pub file: PathBuf,
    pub name: String,
    /// The image (or the build's final `FROM`).
    pub image: String,
    pub program: Program,
    /// The networks it is on (`default` when none is given).
    pub networks: Vec<String>,
    /// Names other containers reach it by, per network (`*`: every network it
    /// is on): the service name, `container_name`, aliases. (`hostname` is not
    /// registered in Docker's DNS: only the container itself resolves it.)
    pub names: Vec<(String, String)>,
    /// `hostname:`, resolved by the container itself (its /etc/hosts).
    pub hostname: Option<String>,
    /// `links: [svc:alias]` and `extra_hosts` of this service: names it reaches
    /// (the service linked to, None for extra_hosts).
    pub links: Vec<(String, Option<String>)>,
    /// `network_mode: service:X`: X's loopback is its own.
    pub shares_net_of: Option<String>,
    /// Where repository files land in the container: (container path, disk path).
    pub mounts: Vec<(PathBuf, PathBuf)>,
    /// The container's memory limit (`deploy.resources.limits.memory` or
    /// `mem_limit`), when the compose file sets one fpmlint can read.
    pub memory: Option<ServiceMemory>,
    /// The container's environment, as far as the repository says: the
    /// Dockerfile's `ENV` (its stages followed), `env_file:`, `environment:`.
    pub env: Environment,
    /// The user the container's processes start as: compose `user:`, else the
    /// Dockerfile's last `USER`, with where it is set. None: the image's own
    /// (root for the official nginx and php images).
    pub user: Option<(String, EnvOrigin)>,
    /// Where each mount is made: (container path, the compose `volumes:` entry
    /// or the Dockerfile `COPY` line).
    pub mount_origins: Vec<(PathBuf, EnvOrigin)>,
    /// The build's `RUN` lines name modules (installs or builds one, writes a
    /// `load_module`): the image's modules are not the official image's.
    pub builds_modules: bool,
    /// What the container shares with others through volumes: (container path,
    /// the volume's identity in the project: `volume:NAME`, `bind:/abs`,
    /// a pod's `emptyDir`...), with a volume's `subPath` joined to it.
    pub volumes: Vec<(PathBuf, String)>,
    /// A container of a Kubernetes pod: where it is declared.
    pub kube: Option<kube::KubeContainer>,
    /// Its Dockerfile's `RUN` lines create or change accounts (`useradd`,
    /// `adduser`, `groupadd`, `addgroup`, `usermod`): the image's own are not
    /// all it has.
    pub adds_accounts: bool,
}

impl Service {
    /// The mount that holds the container path `p` (the most specific one):
    /// (container path, disk path).
    pub fn mount_of(&self, p: &Path) -> Option<&(PathBuf, PathBuf)> {
        self.mounts
            .iter()
            .filter(|(t, _)| p.starts_with(t))
            .max_by_key(|(t, _)| t.as_os_str().len())
    }

    /// Where the mount at container path `target` is made.
    pub fn mount_origin(&self, target: &Path) -> Option<&EnvOrigin> {
        self.mount_origins
            .iter()
            .find(|(t, _)| t == target)
            .map(|(_, o)| o)
    }
}

/// A compose service's memory limit and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceMemory {
    pub bytes: u64,
    /// `mem_limit` or `deploy.resources.limits.memory`.
    pub key: &'static str,
    /// The compose file that sets it (an override wins) and the byte range of
    /// the value in it, when found.
    pub file: PathBuf,
    pub range: Option<std::ops::Range<usize>>,
}

impl Service {
    /// The service whose network namespace this one lives in.
    pub fn net(&self) -> &str {
        self.shares_net_of.as_deref().unwrap_or(&self.name)
    }

    /// A short description for messages: `service php (image php:8.3-fpm)`.
    pub fn describe(&self) -> String {
        match &self.kube {
            Some(k) => format!(
                "container `{}` of {} `{}` (image {})",
                k.container, k.kind, k.pod, self.image
            ),
            None => format!("compose service `{}` (image {})", self.name, self.image),
        }
    }

    /// How messages name it: `compose service `php``, `container `php` of
    /// Deployment `web``.
    pub fn label(&self) -> String {
        match &self.kube {
            Some(k) => format!("container `{}` of {} `{}`", k.container, k.kind, k.pod),
            None => format!("compose service `{}`", self.name),
        }
    }

    /// The name another container reaches this one by: the compose service's
    /// name, or the first Kubernetes Service that selects its pod (None: no
    /// Service does).
    pub fn dns_name(&self) -> Option<String> {
        match &self.kube {
            Some(k) => k.services.first().cloned(),
            None => Some(self.name.clone()),
        }
    }

    /// Where the container path `p` lies in a volume shared with other
    /// containers: the volume's identity and the path inside it.
    pub fn volume_path(&self, p: &Path) -> Option<String> {
        let (t, id) = self
            .volumes
            .iter()
            .filter(|(t, _)| p.starts_with(t))
            .max_by_key(|(t, _)| t.as_os_str().len())?;
        let rel = p.strip_prefix(t).ok()?;
        Some(if rel.as_os_str().is_empty() {
            id.clone()
        } else {
            format!("{id}/{}", rel.display())
        })
    }

    /// The container path at which this container sees `at` (a volume and a
    /// path inside it, as `volume_path` gives), if it mounts that volume.
    pub fn path_in_volume(&self, at: &str) -> Option<PathBuf> {
        self.volumes
            .iter()
            .filter_map(|(t, id)| {
                let rest = at.strip_prefix(id.as_str())?;
                if rest.is_empty() {
                    return Some(t.clone());
                }
                let rest = rest.strip_prefix('/')?;
                Some(t.join(rest))
            })
            .next()
    }
}

/// All services of one compose project, hosts or not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposeProject {
    pub file: PathBuf,
    pub services: Vec<Service>,
    /// The files its top-level `include:` brings in (each part of this
    /// project, not a project of its own), and those `extends: file:` reads.
    pub included: Vec<PathBuf>,
    /// The Kubernetes manifests of a repository, read as one cluster: each
    /// container of a pod is a service, the pod's containers share one loopback.
    pub kube: bool,
    /// Names that resolve to something outside the repository (a Kubernetes
    /// Service whose selector matches no pod of the manifests, an
    /// `ExternalName`): reachable, but to pools fpmlint cannot see.
    /// (network, name), as `Service::names`.
    pub external: Vec<(String, String)>,
    /// Kubernetes Service ports: (name nginx resolves, port, the pods' port).
    pub ports: Vec<(String, u16, u16)>,
}

impl ComposeProject {
    /// The service that `from` reaches by `name`: Some(Some(s)) a service of the
    /// project on a shared network, Some(None) a name that resolves elsewhere
    /// (extra_hosts), None a name Docker's DNS does not know.
    pub fn resolve<'a>(&'a self, from: &'a Service, name: &str) -> Option<Option<&'a Service>> {
        let name = name.to_ascii_lowercase();
        if let Some((_, target)) = from
            .links
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
        {
            return Some(
                target
                    .as_ref()
                    .and_then(|t| self.services.iter().find(|s| &s.name == t)),
            );
        }
        let me = self.net_owner(from);
        // Its own hostname (and that of the service whose network it joined).
        if [from, me]
            .iter()
            .any(|s| s.hostname.as_deref() == Some(name.as_str()))
        {
            return Some(Some(me));
        }
        for s in &self.services {
            let shared = |net: &str| {
                (net == "*" && s.networks.iter().any(|n| me.networks.contains(n)))
                    || (me.networks.iter().any(|n| n == net))
            };
            if s.names
                .iter()
                .any(|(net, n)| n.eq_ignore_ascii_case(&name) && shared(net))
            {
                return Some(Some(s));
            }
        }
        if self
            .external
            .iter()
            .any(|(net, n)| *n == name && me.networks.contains(net))
        {
            return Some(None);
        }
        None
    }

    /// The port a connection to `name:port` arrives on in the pod behind a
    /// Kubernetes Service (its `targetPort`); the port itself for another
    /// name. None: a Service that does not declare that port (its address
    /// takes no connection there).
    pub fn target_port(&self, name: &str, port: u16) -> Option<u16> {
        let declared = self.service_ports(name);
        if declared.is_empty() {
            return Some(port);
        }
        let name = name.to_ascii_lowercase();
        self.ports
            .iter()
            .find(|(n, p, _)| *n == name && *p == port)
            .map(|(_, _, t)| *t)
    }

    /// The ports a Kubernetes Service named `name` declares.
    pub fn service_ports(&self, name: &str) -> Vec<u16> {
        let name = name.to_ascii_lowercase();
        let mut v: Vec<u16> = self
            .ports
            .iter()
            .filter(|(n, ..)| *n == name)
            .map(|(_, p, _)| *p)
            .collect();
        v.dedup();
        v
    }

    /// The service owning `s`'s network namespace.
    pub fn net_owner<'a>(&'a self, s: &'a Service) -> &'a Service {
        match &s.shares_net_of {
            Some(x) => self.services.iter().find(|t| &t.name == x).unwrap_or(s),
            None => s,
        }
    }
}

/// Compose files of a directory: the first of the usual names, then the first
/// override, as `docker compose` picks them.
pub fn compose_files(c: &Confinement, dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(f) = COMPOSE_FILES
        .iter()
        .map(|n| dir.join(n))
        .find(|p| c.is_file(p))
    {
        out.push(f);
        if let Some(o) = OVERRIDE_FILES
            .iter()
            .map(|n| dir.join(n))
            .find(|p| c.is_file(p))
        {
            out.push(o);
        }
    }
    out
}

const MAX_COMPOSE_SIZE: u64 = 1024 * 1024;

/// Read a compose project (the file and its override), through the confinement.
/// Err: why it cannot be read.
pub fn read_project(c: &Confinement, files: &[PathBuf]) -> Result<ComposeProject, String> {
    let Some(first) = files.first() else {
        return Err("no compose file".into());
    };
    let dir = first.parent().unwrap_or(Path::new("."));
    let env = dot_env(c, dir);
    let mut project = ComposeProject {
        file: first.clone(),
        ..ComposeProject::default()
    };
    read_into(c, files, dir, &env, &mut project, 0)?;
    Ok(project)
}

/// How deep `include:` and `extends:` are followed.
const MAX_COMPOSE_DEPTH: usize = 8;

/// Read compose `files` (merged in order) into `project`: their services,
/// each `extends` resolved, then the services of the files their top-level
/// `include:` names (a service the including files define is theirs).
fn read_into(
    c: &Confinement,
    files: &[PathBuf],
    dir: &Path,
    env: &HashMap<String, String>,
    project: &mut ComposeProject,
    depth: usize,
) -> Result<(), String> {
    let Some(first) = files.first() else {
        return Ok(());
    };
    let mut doc = Yaml::Hash(Default::default());
    let mut texts = Vec::new();
    for f in files {
        let bytes = c
            .read(f, MAX_COMPOSE_SIZE, false)
            .map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let docs = YamlLoader::load_from_str(&text)
            .map_err(|e| format!("{}: not valid YAML: {e}", f.display()))?;
        if let Some(d) = docs.into_iter().next() {
            merge(&mut doc, d);
        }
        texts.push((f.clone(), text));
    }
    if let Some(services) = get(&doc, "services").as_hash() {
        let mut from: Vec<(usize, Vec<String>)> = Vec::new();
        for (name, svc) in services {
            let Some(name) = name.as_str() else { continue };
            let svc = extended(c, &doc, dir, svc, &mut project.included, 0);
            let mut s = service(c, first, dir, env, &texts, name, &svc);
            s.memory = memory_limit(c, files, env, name, &svc);
            if let Yaml::Array(a) = get(&svc, "volumes_from") {
                from.push((
                    project.services.len(),
                    a.iter().filter_map(scalar).collect(),
                ));
            }
            project.services.push(s);
        }
        // `volumes_from: [php]` (`php:ro`): php's volumes, at php's paths.
        for (i, names) in from {
            for n in names {
                let n = n.split(':').next().unwrap_or("").to_string();
                if let Some(o) = project.services.iter().find(|x| x.name == n) {
                    let vols = o.volumes.clone();
                    project.services[i].volumes.extend(vols);
                }
            }
        }
    }
    if depth >= MAX_COMPOSE_DEPTH {
        return Ok(());
    }
    let entries = match get(&doc, "include") {
        Yaml::Array(a) => a.clone(),
        _ => Vec::new(),
    };
    for entry in &entries {
        // `- path.yml`, or `- path: a.yml | [a.yml, b.yml]` with
        // `project_directory` and `env_file`.
        let (paths, project_dir, env_files) = match entry {
            Yaml::String(p) => (vec![p.clone()], None, Vec::new()),
            Yaml::Hash(_) => {
                let list = |y: &Yaml| -> Vec<String> {
                    match y {
                        Yaml::Array(a) => a.iter().filter_map(scalar).collect(),
                        y => scalar(y).into_iter().collect(),
                    }
                };
                (
                    list(get(entry, "path")),
                    scalar(get(entry, "project_directory")),
                    list(get(entry, "env_file")),
                )
            }
            _ => continue,
        };
        let inc: Vec<PathBuf> = paths
            .iter()
            .filter_map(|p| interpolate(p, env))
            .map(|p| crate::paths::normalize(&dir.join(p)))
            .filter(|p| c.is_file(p) && !project.included.contains(p) && !files.contains(p))
            .collect();
        let Some(inc_first) = inc.first() else {
            continue;
        };
        let inc_dir = match project_dir.and_then(|d| interpolate(&d, env)) {
            Some(d) => crate::paths::normalize(&dir.join(d)),
            None => inc_first.parent().unwrap_or(dir).to_path_buf(),
        };
        let inc_env = if env_files.is_empty() {
            dot_env(c, &inc_dir)
        } else {
            let mut e = HashMap::new();
            for f in &env_files {
                e.extend(read_env(c, &crate::paths::normalize(&dir.join(f))));
            }
            e
        };
        project.included.extend(inc.iter().cloned());
        let mut sub = ComposeProject::default();
        if read_into(c, &inc, &inc_dir, &inc_env, &mut sub, depth + 1).is_err() {
            continue;
        }
        project.included.extend(sub.included);
        for s in sub.services {
            if !project.services.iter().any(|x| x.name == s.name) {
                project.services.push(s);
            }
        }
    }
    Ok(())
}

/// A service with its `extends` resolved: the base service (of the same
/// document, or of `file:`, its relative paths made relative to this file's
/// directory), with this service merged over it.
fn extended(
    c: &Confinement,
    doc: &Yaml,
    dir: &Path,
    svc: &Yaml,
    included: &mut Vec<PathBuf>,
    depth: usize,
) -> Yaml {
    let ext = get(svc, "extends");
    let (base_name, base_file) = match ext {
        Yaml::String(s) => (s.clone(), None),
        Yaml::Hash(_) => match scalar(get(ext, "service")) {
            Some(n) => (n, scalar(get(ext, "file"))),
            None => return svc.clone(),
        },
        _ => return svc.clone(),
    };
    if depth >= MAX_COMPOSE_DEPTH {
        return svc.clone();
    }
    let (base_doc, base_dir) = match base_file {
        Some(f) => {
            let path = crate::paths::normalize(&dir.join(f));
            let Ok(bytes) = c.read(&path, MAX_COMPOSE_SIZE, false) else {
                return svc.clone();
            };
            let Some(d) = YamlLoader::load_from_str(&String::from_utf8_lossy(&bytes))
                .ok()
                .and_then(|d| d.into_iter().next())
            else {
                return svc.clone();
            };
            if !included.contains(&path) {
                included.push(path.clone());
            }
            (d, path.parent().unwrap_or(dir).to_path_buf())
        }
        None => (doc.clone(), dir.to_path_buf()),
    };
    let base = get(get(&base_doc, "services"), &base_name);
    if base.is_badvalue() {
        return svc.clone();
    }
    let mut base = extended(c, &base_doc, &base_dir, base, included, depth + 1);
    if base_dir != dir {
        rebase(&mut base, &base_dir);
    }
    let mut own = svc.clone();
    if let Yaml::Hash(h) = &mut own {
        h.remove(&Yaml::String("extends".into()));
    }
    if let Yaml::Hash(h) = &mut base {
        h.remove(&Yaml::String("extends".into()));
    }
    merge(&mut base, own);
    base
}

/// Make the relative paths of a service read from another directory (bind
/// mount sources, build context, env files) absolute.
fn rebase(svc: &mut Yaml, from: &Path) {
    let fix = |p: &str| -> Option<String> {
        (p.starts_with("./") || p.starts_with("../") || p == ".").then(|| {
            crate::paths::normalize(&from.join(p))
                .to_string_lossy()
                .into_owned()
        })
    };
    let Yaml::Hash(h) = svc else { return };
    if let Some(Yaml::Array(vols)) = h.get_mut(&Yaml::String("volumes".into())) {
        for v in vols.iter_mut() {
            match v {
                Yaml::String(s) => {
                    if let Some((src, rest)) = s.split_once(':') {
                        if let Some(abs) = fix(src) {
                            *s = format!("{abs}:{rest}");
                        }
                    }
                }
                Yaml::Hash(m) => {
                    if let Some(Yaml::String(src)) = m.get_mut(&Yaml::String("source".into())) {
                        if let Some(abs) = fix(src) {
                            *src = abs;
                        }
                    }
                }
                _ => {}
            }
        }
    }
    match h.get_mut(&Yaml::String("build".into())) {
        Some(Yaml::String(ctx)) => {
            if let Some(abs) = fix(ctx).or_else(|| {
                (!ctx.starts_with('/') && !ctx.contains("://"))
                    .then(|| from.join(&*ctx).to_string_lossy().into_owned())
            }) {
                *ctx = abs;
            }
        }
        Some(Yaml::Hash(b)) => {
            if let Some(Yaml::String(ctx)) = b.get_mut(&Yaml::String("context".into())) {
                if !ctx.starts_with('/') && !ctx.contains("://") {
                    *ctx = crate::paths::normalize(&from.join(&*ctx))
                        .to_string_lossy()
                        .into_owned();
                }
            }
        }
        _ => {}
    }
    match h.get_mut(&Yaml::String("env_file".into())) {
        Some(Yaml::String(f)) if !f.starts_with('/') => {
            *f = from.join(&*f).to_string_lossy().into_owned();
        }
        Some(Yaml::Array(a)) => {
            for f in a.iter_mut() {
                if let Yaml::String(f) = f {
                    if !f.starts_with('/') {
                        *f = from.join(&*f).to_string_lossy().into_owned();
                    }
                }
            }
        }
        _ => {}
    }
}

/// A service's memory limit: `deploy.resources.limits.memory`, else
/// `mem_limit` (docker's byte units: b, k, m, g, base 1024), with the place of
/// the value in the last compose file that writes it.
fn memory_limit(
    c: &Confinement,
    files: &[PathBuf],
    env: &HashMap<String, String>,
    name: &str,
    svc: &Yaml,
) -> Option<ServiceMemory> {
    let deploy = get(
        get(get(get(svc, "deploy"), "resources"), "limits"),
        "memory",
    );
    let (key, path, value) = match scalar(deploy) {
        Some(v) => (
            "deploy.resources.limits.memory",
            &["deploy", "resources", "limits", "memory"][..],
            v,
        ),
        None => (
            "mem_limit",
            &["mem_limit"][..],
            scalar(get(svc, "mem_limit"))?,
        ),
    };
    let bytes = docker_bytes(&interpolate(&value, env)?)?;
    let mut found = (files.first()?.clone(), None);
    for f in files.iter().rev() {
        let Ok(text) = c.read(f, MAX_COMPOSE_SIZE, false) else {
            continue;
        };
        if let Some(r) = yaml_value_range(&String::from_utf8_lossy(&text), name, path) {
            found = (f.clone(), Some(r));
            break;
        }
    }
    Some(ServiceMemory {
        bytes,
        key,
        file: found.0,
        range: found.1,
    })
}

/// Docker's memory size: digits, an optional b, k, m or g (either case, base
/// 1024), an optional trailing b (`512mb`).
fn docker_bytes(v: &str) -> Option<u64> {
    let v = v.trim().to_ascii_lowercase();
    let digits = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let (num, unit) = v.split_at(digits);
    let shift = match unit.trim() {
        "" | "b" => 0,
        "k" | "kb" => 10,
        "m" | "mb" => 20,
        "g" | "gb" => 30,
        _ => return None,
    };
    num.parse::<u64>().ok()?.checked_mul(1 << shift)
}

/// The byte range of the value at `keys` under `services.<service>` in a
/// compose file's text (block style), by indentation.
fn yaml_value_range(text: &str, service: &str, keys: &[&str]) -> Option<std::ops::Range<usize>> {
    let mut want: Vec<&str> = vec!["services", service];
    want.extend_from_slice(keys);
    // (indent, key) of the enclosing mappings.
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let t = body.trim_start();
        if t.is_empty() || t.starts_with('#') || t.starts_with('-') {
            continue;
        }
        let indent = body.len() - t.len();
        let Some((k, v)) = t.split_once(':') else {
            continue;
        };
        let k = k.trim().trim_matches(['"', '\'']);
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        stack.push((indent, k.to_string()));
        if stack.len() == want.len() && stack.iter().zip(&want).all(|((_, a), b)| a == b) {
            let v = v.split(" #").next().unwrap_or("").trim();
            if v.is_empty() {
                return None;
            }
            let colon = indent + t.find(':')?;
            let off = start + colon + 1 + body[colon + 1..].find(v)?;
            return Some(off..off + v.len());
        }
    }
    None
}

/// `.env` beside the compose file: it feeds the interpolation of the file.
fn dot_env(c: &Confinement, dir: &Path) -> HashMap<String, String> {
    read_env(c, &dir.join(".env"))
}

/// The variables of an env file (`.env`, an `include:`'s `env_file`).
fn read_env(c: &Confinement, path: &Path) -> HashMap<String, String> {
    let mut env = HashMap::new();
    let Ok(bytes) = c.read(path, MAX_COMPOSE_SIZE, false) else {
        return env;
    };
    for line in String::from_utf8_lossy(&bytes).lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            env.insert(k.trim().to_string(), v.to_string());
        }
    }
    env
}

/// Compose interpolation of a value: `$VAR`, `${VAR}`, `${VAR:-default}`,
/// `${VAR-default}`, `$$`. None when a variable is neither in `.env` nor given
/// a default (its value is unknown to fpmlint: the shell may set it).
pub fn interpolate(s: &str, env: &HashMap<String, String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(r) = after.strip_prefix('$') {
            out.push('$');
            rest = r;
        } else if let Some(r) = after.strip_prefix('{') {
            let end = r.find('}')?;
            let inner = &r[..end];
            let (name, default) = match inner.find([':', '-', '?', '+']) {
                Some(j) => {
                    let op = &inner[j..];
                    let d = op
                        .strip_prefix(":-")
                        .or_else(|| op.strip_prefix('-'))
                        .map(str::to_string);
                    (&inner[..j], d)
                }
                None => (inner, None),
            };
            match env.get(name).filter(|v| !v.is_empty()).cloned().or(default) {
                Some(v) => out.push_str(&v),
                None => return None,
            }
            rest = &r[end + 1..];
        } else {
            let n = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            if n == 0 {
                out.push('$');
                rest = after;
                continue;
            }
            out.push_str(env.get(&after[..n])?);
            rest = &after[n..];
        }
    }
    out.push_str(rest);
    Some(out)
}

/// A key of a mapping, looking through YAML merge keys (`<<: *defaults`).
fn get<'a>(y: &'a Yaml, key: &str) -> &'a Yaml {
    let v = &y[key];
    if !v.is_badvalue() {
        return v;
    }
    match &y["<<"] {
        Yaml::Array(a) => a
            .iter()
            .map(|m| get(m, key))
            .find(|v| !v.is_badvalue())
            .unwrap_or(v),
        m @ Yaml::Hash(_) => get(m, key),
        _ => v,
    }
}

/// Merge an override document: mappings key by key, later wins; sequences
/// append (volumes with the same target are resolved when read).
fn merge(base: &mut Yaml, over: Yaml) {
    match (base, over) {
        (Yaml::Hash(b), Yaml::Hash(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (Yaml::Array(b), Yaml::Array(o)) => b.extend(o),
        (b, o) => *b = o,
    }
}

fn scalar(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The line of a compose file that sets `key` in service `service` (a key of
/// `environment:`, or `user:`): the last file that does, else the service's
/// header. 1-based.
fn compose_line(texts: &[(PathBuf, String)], service: &str, key: &str) -> Option<(PathBuf, usize)> {
    let mut header = None;
    for (path, text) in texts.iter().rev() {
        let lines: Vec<&str> = text.lines().collect();
        let indent_of = |l: &str| l.len() - l.trim_start().len();
        // The services are the keys one level under the top-level `services:`.
        let Some(top) = lines.iter().position(|l| l.trim_end() == "services:") else {
            continue;
        };
        let Some(level) = lines[top + 1..]
            .iter()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|l| indent_of(l))
        else {
            continue;
        };
        let Some(start) = (top + 1..lines.len()).find(|&i| {
            let l = lines[i];
            indent_of(l) == level
                && l.trim().ends_with(':')
                && l.trim().trim_end_matches(':').trim_matches(['"', '\'']) == service
        }) else {
            continue;
        };
        let indent = lines[start].len() - lines[start].trim_start().len();
        header.get_or_insert((path.clone(), start + 1));
        for (i, l) in lines.iter().enumerate().skip(start + 1) {
            let t = l.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if l.len() - l.trim_start().len() <= indent {
                break;
            }
            let t = t
                .strip_prefix("- ")
                .unwrap_or(t)
                .trim_start_matches(['"', '\'']);
            if let Some(r) = t.strip_prefix(key) {
                if r.is_empty() || r.starts_with(['=', ':', '"', '\'']) {
                    return Some((path.clone(), i + 1));
                }
            }
        }
    }
    header
}

fn service(
    c: &Confinement,
    file: &Path,
    dir: &Path,
    env: &HashMap<String, String>,
    texts: &[(PathBuf, String)],
    name: &str,
    svc: &Yaml,
) -> Service {
    let str_of = |key: &str| scalar(get(svc, key)).and_then(|v| interpolate(&v, env));
    // The build's Dockerfile: its final FROM and its COPY lines.
    let mut copies = Vec::new();
    let mut from = None;
    let mut runs = String::new();
    let mut facts = DockerfileFacts::default();
    let mut docker_path = PathBuf::new();
    let build = get(svc, "build");
    let mut build_args = HashMap::new();
    match get(build, "args") {
        Yaml::Hash(h) => {
            for (k, v) in h {
                if let (Some(k), Some(v)) =
                    (scalar(k), scalar(v).and_then(|v| interpolate(&v, env)))
                {
                    build_args.insert(k, v);
                }
            }
        }
        Yaml::Array(a) => {
            for kv in a.iter().filter_map(scalar) {
                if let Some((k, v)) = kv.split_once('=') {
                    if let Some(v) = interpolate(v, env) {
                        build_args.insert(k.to_string(), v);
                    }
                }
            }
        }
        _ => {}
    }
    let context = match build {
        Yaml::String(s) => interpolate(s, env),
        Yaml::Hash(_) => scalar(get(build, "context")).and_then(|v| interpolate(&v, env)),
        _ => None,
    };
    if let Some(context) = context.filter(|c| !c.contains("://")) {
        let ctx_dir = crate::paths::normalize(&dir.join(context));
        let docker_file = scalar(get(build, "dockerfile")).unwrap_or_else(|| "Dockerfile".into());
        let path = crate::paths::normalize(&ctx_dir.join(docker_file));
        if let Ok(bytes) = c.read(&path, MAX_COMPOSE_SIZE, false) {
            facts = dockerfile(&String::from_utf8_lossy(&bytes), &ctx_dir, &build_args);
            from = facts.from.take();
            copies = std::mem::take(&mut facts.copies);
            runs = std::mem::take(&mut facts.runs);
            docker_path = path;
        }
    }
    let image = str_of("image")
        .filter(|_| from.is_none())
        .or(from)
        .unwrap_or_default();
    // A build that installs the other program (nginx and php-fpm in one
    // container, under supervisord or s6) is not the image's layout: not modelled.
    let program = match program_of(&image) {
        Program::Nginx { .. } | Program::OtherNginx if runs.contains("php") => Program::Other,
        Program::Fpm { .. } | Program::OtherFpm if runs.contains("nginx") => Program::Other,
        p => p,
    };

    let mut networks = Vec::new();
    let mut names = vec![("*".to_string(), name.to_ascii_lowercase())];
    match get(svc, "networks") {
        Yaml::Array(a) => networks.extend(a.iter().filter_map(scalar)),
        Yaml::Hash(h) => {
            for (net, v) in h {
                let Some(net) = scalar(net) else { continue };
                if let Yaml::Array(aliases) = get(v, "aliases") {
                    for a in aliases.iter().filter_map(scalar) {
                        names.push((net.clone(), a.to_ascii_lowercase()));
                    }
                }
                networks.push(net);
            }
        }
        _ => {}
    }
    if networks.is_empty() {
        networks.push("default".into());
    }
    if let Some(n) = str_of("container_name") {
        names.push(("*".into(), n.to_ascii_lowercase()));
    }
    let hostname = str_of("hostname").map(|h| h.to_ascii_lowercase());
    let mut links = Vec::new();
    if let Yaml::Array(a) = get(svc, "links") {
        for l in a.iter().filter_map(scalar) {
            let (target, alias) = l.split_once(':').unwrap_or((&l, &l));
            links.push((alias.to_ascii_lowercase(), Some(target.to_string())));
        }
    }
    match get(svc, "extra_hosts") {
        Yaml::Array(a) => {
            for h in a.iter().filter_map(scalar) {
                if let Some((n, _)) = h.split_once([':', '=']) {
                    links.push((n.to_ascii_lowercase(), None));
                }
            }
        }
        Yaml::Hash(h) => {
            for n in h.keys().filter_map(scalar) {
                links.push((n.to_ascii_lowercase(), None));
            }
        }
        _ => {}
    }
    let shares_net_of =
        str_of("network_mode").and_then(|m| m.strip_prefix("service:").map(str::to_string));

    // Mounts: the Dockerfile's COPY lines first, volumes over them (the same
    // target: the later one wins).
    let mut mounts: Vec<(PathBuf, PathBuf)> = copies;
    let mut mount_origins: Vec<(PathBuf, EnvOrigin)> = facts
        .copy_lines
        .iter()
        .map(|(t, line)| {
            (
                t.clone(),
                EnvOrigin {
                    path: docker_path.clone(),
                    line: *line,
                    what: "Dockerfile COPY".into(),
                },
            )
        })
        .collect();
    let mut shared_volumes: Vec<(PathBuf, String)> = Vec::new();
    if let Yaml::Array(vols) = get(svc, "volumes") {
        for v in vols {
            if let Some((target, id)) = shared_volume(v, dir, env) {
                shared_volumes.retain(|(t, _)| *t != target);
                // Where a named volume is mounted, for messages.
                if id.starts_with("volume ") {
                    let key = match v {
                        Yaml::String(raw) => Some(raw.clone()),
                        _ => scalar(get(v, "target")).map(|t| format!("target: {t}")),
                    };
                    if let Some((path, line)) = key.and_then(|k| compose_line(texts, name, &k)) {
                        mount_origins.retain(|(t, _)| *t != target);
                        mount_origins.push((
                            target.clone(),
                            EnvOrigin {
                                path,
                                line,
                                what: "volumes:".into(),
                            },
                        ));
                    }
                }
                shared_volumes.push((target, id));
            }
            if let Some(m) = volume(v, dir, env) {
                mounts.retain(|(t, _)| *t != m.0);
                mount_origins.retain(|(t, _)| *t != m.0);
                let key = match v {
                    Yaml::String(raw) => Some(raw.clone()),
                    _ => scalar(get(v, "target")).map(|t| format!("target: {t}")),
                };
                if let Some((path, line)) = key.and_then(|k| compose_line(texts, name, &k)) {
                    mount_origins.push((
                        m.0.clone(),
                        EnvOrigin {
                            path,
                            line,
                            what: "volumes:".into(),
                        },
                    ));
                }
                mounts.push(m);
            }
        }
    }
    // The environment: the image's ENV < env_file < environment.
    let mut environment = Environment::default();
    let mut looked = Vec::new();
    if !docker_path.as_os_str().is_empty() {
        looked.push("its Dockerfile's ENV");
        for (k, v, line) in &facts.env {
            environment.set(
                k,
                v.clone(),
                EnvOrigin {
                    path: docker_path.clone(),
                    line: *line,
                    what: "Dockerfile ENV".into(),
                },
            );
        }
    }
    let env_files: Vec<(String, bool)> = match get(svc, "env_file") {
        Yaml::Array(a) => a
            .iter()
            .filter_map(|e| match e {
                Yaml::Hash(_) => Some((
                    scalar(get(e, "path"))?,
                    !matches!(get(e, "required"), Yaml::Boolean(false)),
                )),
                other => scalar(other).map(|p| (p, true)),
            })
            .collect(),
        other => scalar(other).map(|p| (p, true)).into_iter().collect(),
    };
    if !env_files.is_empty() {
        looked.push("env_file:");
    }
    for (p, _) in env_files {
        let Some(p) = interpolate(&p, env) else {
            continue;
        };
        let path = crate::paths::normalize(&dir.join(p));
        let Ok(bytes) = c.read(&path, MAX_COMPOSE_SIZE, false) else {
            environment.unread.push(path);
            continue;
        };
        for (k, v, line) in env::env_file(&String::from_utf8_lossy(&bytes)) {
            environment.set(
                &k,
                v,
                EnvOrigin {
                    path: path.clone(),
                    line,
                    what: "env_file:".into(),
                },
            );
        }
    }
    let pairs: Vec<(String, Option<String>)> = match get(svc, "environment") {
        Yaml::Hash(h) => h
            .iter()
            .filter_map(|(k, v)| Some((scalar(k)?, scalar(v))))
            .collect(),
        Yaml::Array(a) => a
            .iter()
            .filter_map(scalar)
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (kv, None),
            })
            .collect(),
        _ => Vec::new(),
    };
    if !pairs.is_empty() {
        looked.push("environment:");
    }
    for (k, v) in pairs {
        let origin = |what: &str| {
            let (path, line) =
                compose_line(texts, name, &k).unwrap_or_else(|| (file.to_path_buf(), 1));
            EnvOrigin {
                path,
                line,
                what: what.into(),
            }
        };
        match v.as_deref().map(|v| interpolate(v, env)) {
            Some(Some(value)) => environment.set(&k, value, origin("environment:")),
            // A bare name takes the value of the shell that runs compose (or
            // of .env): unknown unless .env has it.
            None => match env.get(&k) {
                Some(value) => {
                    environment.set(&k, value.clone(), origin("environment:, from .env"))
                }
                None => {
                    environment.vars.remove(&k);
                    environment
                        .shell
                        .push((k.clone(), origin("environment:"), true));
                }
            },
            // `${X}` that neither .env nor a default gives: the shell's.
            Some(None) => {
                environment.vars.remove(&k);
                environment
                    .shell
                    .push((k.clone(), origin("environment:"), false));
            }
        }
    }
    environment.looked_in = if looked.is_empty() {
        format!("compose service `{name}` (which has no environment:, env_file: or Dockerfile ENV)")
    } else {
        format!("compose service `{name}` ({})", looked.join(", "))
    };
    // Who its processes start as: compose `user:` over the Dockerfile's USER.
    let user = match str_of("user") {
        Some(u) => {
            let (path, line) =
                compose_line(texts, name, "user").unwrap_or_else(|| (file.to_path_buf(), 1));
            Some((
                u,
                EnvOrigin {
                    path,
                    line,
                    what: "user:".into(),
                },
            ))
        }
        None => facts.user.take().map(|(u, line)| {
            (
                u,
                EnvOrigin {
                    path: docker_path.clone(),
                    line,
                    what: "Dockerfile USER".into(),
                },
            )
        }),
    };
    Service {
        file: file.to_path_buf(),
        name: name.to_string(),
        image,
        program,
        networks,
        names,
        hostname,
        links,
        shares_net_of,
        mounts,
        memory: None,
        env: environment,
        user,
        mount_origins,
        builds_modules: runs.contains("module"),
        volumes: shared_volumes,
        kube: None,
        adds_accounts: ["useradd", "adduser", "groupadd", "addgroup", "usermod"]
            .iter()
            .any(|c| runs.contains(c)),
    }
}

/// What a volume entry shares with other services: (container path, the
/// volume: `volume NAME` for a named volume of the project, `bind DIR` for a
/// bind mount, whose directory any service binding it shares). Anonymous
/// volumes and tmpfs are the container's own.
fn shared_volume(v: &Yaml, dir: &Path, env: &HashMap<String, String>) -> Option<(PathBuf, String)> {
    let (kind, source, target) = match v {
        Yaml::String(s) => {
            let s = interpolate(s, env)?;
            let mut parts = s.splitn(3, ':');
            let source = parts.next()?.to_string();
            let target = parts.next()?.to_string();
            let kind = if source.starts_with(['.', '/', '~']) {
                "bind"
            } else {
                "volume"
            };
            (kind.to_string(), source, target)
        }
        Yaml::Hash(_) => (
            scalar(get(v, "type")).unwrap_or_else(|| "volume".into()),
            interpolate(&scalar(get(v, "source"))?, env)?,
            interpolate(&scalar(get(v, "target"))?, env)?,
        ),
        _ => return None,
    };
    if !target.starts_with('/') || source.is_empty() {
        return None;
    }
    let target = crate::paths::normalize(Path::new(&target));
    match kind.as_str() {
        "bind" => {
            let disk = crate::paths::normalize(&dir.join(&source));
            Some((target, format!("bind {}", disk.display())))
        }
        "volume" => Some((target, format!("volume {source}"))),
        _ => None,
    }
}

/// A bind mount: (container path, disk path). Named volumes, tmpfs and
/// sources outside the project directory are not files fpmlint can read.
fn volume(v: &Yaml, dir: &Path, env: &HashMap<String, String>) -> Option<(PathBuf, PathBuf)> {
    let (source, target) = match v {
        Yaml::String(s) => {
            let s = interpolate(s, env)?;
            let mut parts = s.splitn(3, ':');
            let source = parts.next()?.to_string();
            let target = parts.next()?.to_string();
            (source, target)
        }
        Yaml::Hash(_) => {
            if scalar(get(v, "type")).is_some_and(|t| t != "bind") {
                return None;
            }
            (
                interpolate(&scalar(get(v, "source"))?, env)?,
                interpolate(&scalar(get(v, "target"))?, env)?,
            )
        }
        _ => return None,
    };
    if !(source.starts_with('.') || source.starts_with('/')) || !target.starts_with('/') {
        return None;
    }
    let disk = crate::paths::normalize(&dir.join(&source));
    Some((crate::paths::normalize(Path::new(&target)), disk))
}

/// What a Dockerfile built without a compose file puts in its image: the
/// repository files its `COPY`/`ADD` lines bring (container path, disk path),
/// and the user its processes start as (its last `USER`), with where it is set.
pub struct DockerfileImage {
    pub copies: Vec<(PathBuf, PathBuf)>,
    pub user: Option<(String, EnvOrigin)>,
}

/// Read a Dockerfile whose build context is its own directory.
pub fn dockerfile_image(c: &Confinement, path: &Path) -> Option<DockerfileImage> {
    let bytes = c.read(path, MAX_COMPOSE_SIZE, false).ok()?;
    let ctx = path.parent().unwrap_or(Path::new("."));
    let facts = dockerfile(&String::from_utf8_lossy(&bytes), ctx, &HashMap::new());
    Some(DockerfileImage {
        copies: facts.copies,
        user: facts.user.map(|(u, line)| {
            (
                u,
                EnvOrigin {
                    path: path.to_path_buf(),
                    line,
                    what: "Dockerfile USER".into(),
                },
            )
        }),
    })
}

/// What a Dockerfile says of the image it builds (its final stage).
#[derive(Debug, Default)]
struct DockerfileFacts {
    /// The final `FROM` (stage names followed to their image, `ARG` defaults).
    from: Option<String>,
    /// `COPY`/`ADD` lines from the build context, as mounts.
    copies: Vec<(PathBuf, PathBuf)>,
    /// The line of each copy: (container path, line).
    copy_lines: Vec<(PathBuf, usize)>,
    /// The final stage's `RUN` lines (lower-cased).
    runs: String,
    /// `ENV` of the final stage and the stages it is built `FROM`: (name, value, line).
    env: Vec<(String, String, usize)>,
    /// The last `USER` of those stages: (user, line).
    user: Option<(String, usize)>,
}

/// The words of a Dockerfile instruction's arguments, quotes removed (a quoted
/// piece keeps its blanks).
fn docker_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            (None, c) if c.is_whitespace() => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (_, c) => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

/// Read a Dockerfile: the final `FROM` (following stage names, `ARG`
/// defaults, `build_args` over them), its `COPY`/`ADD` lines from the build
/// context, `RUN`, `ENV` and `USER` of the final stage (inherited through
/// `FROM <stage>`).
fn dockerfile(text: &str, ctx: &Path, build_args: &HashMap<String, String>) -> DockerfileFacts {
    #[derive(Clone, Default)]
    struct Stage {
        image: String,
        env: Vec<(String, String, usize)>,
        user: Option<(String, usize)>,
    }
    let mut f = DockerfileFacts::default();
    // ARG before the first FROM: for FROM lines; ARG in a stage: for its lines.
    let mut global_args: HashMap<String, String> = HashMap::new();
    let mut args: HashMap<String, String> = HashMap::new();
    let mut stages: HashMap<String, Stage> = HashMap::new();
    let mut stage = Stage::default();
    let mut cur_name: Option<String> = None;
    let mut in_stage = false;
    // Continuation lines joined, each logical line with the number of its first.
    let mut logical: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let (cont, body) = match line.strip_suffix('\\') {
            Some(b) => (true, b),
            None => (false, line),
        };
        match &mut pending {
            Some((_, acc)) => {
                acc.push(' ');
                acc.push_str(body);
            }
            None => pending = Some((i + 1, body.to_string())),
        }
        if !cont {
            logical.extend(pending.take());
        }
    }
    logical.extend(pending.take());
    let vars = |args: &HashMap<String, String>, env: &[(String, String, usize)]| {
        let mut m = args.clone();
        for (k, v, _) in env {
            m.insert(k.clone(), v.clone());
        }
        m
    };
    for (no, line) in logical {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(first) = words.first() else { continue };
        if first.starts_with('#') {
            continue;
        }
        let rest = line.trim_start()[first.len()..].trim();
        match first.to_ascii_uppercase().as_str() {
            "ARG" => {
                for w in docker_words(rest) {
                    let (k, v) = match w.split_once('=') {
                        Some((k, v)) => (k.to_string(), Some(v.to_string())),
                        None => (w.clone(), None),
                    };
                    let value = build_args
                        .get(&k)
                        .cloned()
                        .or(v)
                        .or_else(|| global_args.get(&k).cloned().filter(|_| in_stage));
                    let table = if in_stage {
                        &mut args
                    } else {
                        &mut global_args
                    };
                    if let Some(v) = value {
                        table.insert(k, v);
                    }
                }
            }
            "FROM" => {
                let parts: Vec<&&str> =
                    words[1..].iter().filter(|w| !w.starts_with("--")).collect();
                // The stage that ends, for a later `FROM <name>`.
                if let Some(n) = cur_name.take() {
                    stages.insert(n, stage.clone());
                }
                in_stage = true;
                args.clear();
                f.copies.clear();
                f.copy_lines.clear();
                f.runs.clear();
                let img = parts.first().and_then(|i| interpolate(i, &global_args));
                stage = match img {
                    Some(img) => match stages.get(&img) {
                        Some(s) => s.clone(),
                        None => Stage {
                            image: img,
                            ..Stage::default()
                        },
                    },
                    None => Stage::default(),
                };
                cur_name = stage_name(&parts);
                f.from = Some(stage.image.clone()).filter(|i| !i.is_empty());
            }
            "ENV" => {
                let words = docker_words(rest);
                let pairs: Vec<(String, String)> = if words.first().is_some_and(|w| w.contains('='))
                {
                    words
                        .iter()
                        .filter_map(|w| w.split_once('='))
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect()
                } else if let Some((k, v)) = words.split_first() {
                    vec![(k.clone(), v.join(" "))]
                } else {
                    Vec::new()
                };
                for (k, v) in pairs {
                    let known = vars(&args, &stage.env);
                    // A reference the build cannot resolve becomes empty.
                    let v = interpolate(&v, &known).unwrap_or_default();
                    stage.env.retain(|(n, ..)| *n != k);
                    stage.env.push((k, v, no));
                }
            }
            "USER" => {
                if let Some(u) = words.get(1) {
                    let known = vars(&args, &stage.env);
                    if let Some(u) = interpolate(u, &known) {
                        stage.user = Some((u, no));
                    }
                }
            }
            "RUN" => {
                f.runs.push_str(&line.to_ascii_lowercase());
                f.runs.push('\n');
            }
            "COPY" | "ADD" => {
                if words.iter().any(|w| w.starts_with("--from")) {
                    continue;
                }
                let parts: Vec<&str> = words[1..]
                    .iter()
                    .copied()
                    .filter(|w| !w.starts_with("--"))
                    .collect();
                let Some((dest, sources)) = parts.split_last() else {
                    continue;
                };
                // `COPY a ${PHP_INI_DIR}/php-fpm.d/`: the build expands it.
                let known = vars(&args, &stage.env);
                let Some(dest) = interpolate(dest, &known) else {
                    continue;
                };
                let dest = dest.as_str();
                if !dest.starts_with('/') || sources.is_empty() {
                    continue;
                }
                for s in sources {
                    if crate::paths::has_glob(s) || s.contains("://") || s.starts_with('[') {
                        continue;
                    }
                    let disk = crate::paths::normalize(&ctx.join(s));
                    let target = if dest.ends_with('/') || sources.len() > 1 {
                        match disk.file_name() {
                            Some(n) => Path::new(dest).join(n),
                            None => continue,
                        }
                    } else {
                        PathBuf::from(dest)
                    };
                    let target = crate::paths::normalize(&target);
                    f.copies.retain(|(t, _)| *t != target);
                    f.copy_lines.retain(|(t, _)| *t != target);
                    f.copy_lines.push((target.clone(), no));
                    f.copies.push((target, disk));
                }
            }
            _ => {}
        }
    }
    f.env = stage.env;
    f.user = stage.user;
    f
}

/// `FROM image AS name`: the stage's name.
fn stage_name(parts: &[&&str]) -> Option<String> {
    (parts.len() >= 3 && parts[1].eq_ignore_ascii_case("as")).then(|| parts[2].to_string())
}

/// The program an image runs.
pub fn program_of(image: &str) -> Program {
    let image = image.to_ascii_lowercase();
    let (repo, tag) = match image.rsplit_once(':') {
        Some((r, t)) if !t.contains('/') => (r, t),
        _ => (image.as_str(), "latest"),
    };
    let repo = repo.split('@').next().unwrap_or(repo);
    let repo = repo
        .strip_prefix("docker.io/")
        .unwrap_or(repo)
        .trim_start_matches("library/");
    let last = repo.rsplit('/').next().unwrap_or(repo);
    match repo {
        "nginx" => {
            return Program::Nginx {
                unprivileged: false,
                alpine: tag.contains("alpine"),
            }
        }
        "nginxinc/nginx-unprivileged" | "nginx/nginx-unprivileged" => {
            return Program::Nginx {
                unprivileged: true,
                alpine: tag.contains("alpine"),
            }
        }
        "httpd" => return Program::Httpd,
        "php" if tag.contains("fpm") => {
            return Program::Fpm {
                layout_a: php_layout_a(tag),
            }
        }
        _ => {}
    }
    if last == "nginx" || last.starts_with("nginx-") {
        Program::OtherNginx
    } else if (last.contains("php") && last.contains("fpm"))
        || (last.contains("php") && tag.contains("fpm"))
    {
        Program::OtherFpm
    } else {
        Program::Other
    }
}

/// The nginx release series of an nginx image's tag (`nginx:1.27-alpine`:
/// `1.27`); None for a tag without one (`latest`, `alpine`, `mainline`).
pub fn nginx_image_version(image: &str) -> Option<String> {
    if !matches!(
        program_of(image),
        Program::Nginx { .. } | Program::OtherNginx
    ) {
        return None;
    }
    let (_, tag) = image.rsplit_once(':').filter(|(_, t)| !t.contains('/'))?;
    let v = tag.split('-').next()?;
    crate::nginx::directives::parse_version(v).map(|_| v.to_string())
}

/// The dynamic modules the official nginx image ships in /etc/nginx/modules
/// (its Dockerfiles install nginx-module-njs, -geoip, -image-filter and -xslt;
/// the `-perl` variants add nginx-module-perl, the `-slim` ones install none).
/// Its nginx.conf loads none of them. None for another image.
pub fn nginx_image_modules(image: &str) -> Option<Vec<&'static str>> {
    if !matches!(program_of(image), Program::Nginx { .. }) {
        return None;
    }
    let tag = image
        .rsplit_once(':')
        .filter(|(_, t)| !t.contains('/'))
        .map_or("latest", |(_, t)| t);
    if tag.contains("slim") {
        return Some(Vec::new());
    }
    let mut v = vec![
        "ngx_http_js_module.so",
        "ngx_stream_js_module.so",
        "ngx_http_geoip_module.so",
        "ngx_stream_geoip_module.so",
        "ngx_http_image_filter_module.so",
        "ngx_http_xslt_filter_module.so",
    ];
    if tag.contains("perl") {
        v.push("ngx_http_perl_module.so");
    }
    Some(v)
}

/// The PHP release (`8.3`) of a php image's tag (`php:8.3-fpm-alpine`,
/// `php:8.2.30-fpm`); None for a tag without one (`fpm`, `latest`).
pub fn php_image_version(image: &str) -> Option<String> {
    if !matches!(program_of(image), Program::Fpm { .. } | Program::OtherFpm) {
        return None;
    }
    let (_, tag) = image.rsplit_once(':').filter(|(_, t)| !t.contains('/'))?;
    let v = tag.split('-').next()?;
    let parts: Vec<&str> = v.split('.').collect();
    if parts.len() < 2 || parts.iter().any(|p| p.parse::<u32>().is_err()) {
        return None;
    }
    Some(format!("{}.{}", parts[0], parts[1]))
}

/// Tags of php images built before `listen = 9000` moved to docker.conf
/// (<= 8.2.30, 8.3.29, 8.4.16, 8.5.1; every 7.x, 8.0 and 8.1).
fn php_layout_a(tag: &str) -> bool {
    let nums: Vec<u32> = tag
        .split('-')
        .next()
        .unwrap_or("")
        .split('.')
        .map_while(|n| n.parse().ok())
        .collect();
    match nums.as_slice() {
        [major, ..] if *major < 8 => true,
        [8, minor, ..] if *minor < 2 => true,
        [8, 2, patch] => *patch <= 30,
        [8, 3, patch] => *patch <= 29,
        [8, 4, patch] => *patch <= 16,
        [8, 5, patch] => *patch <= 1,
        _ => false,
    }
}

/// The files an image ships, at their container paths: (path, text).
pub fn image_files(program: &Program) -> Vec<(&'static str, String)> {
    match program {
        Program::Nginx {
            unprivileged,
            alpine,
        } => {
            let mut conf = include_str!("images/nginx/nginx.conf").to_string();
            let mut default = include_str!("images/nginx/default.conf").to_string();
            if *unprivileged {
                // nginxinc/docker-nginx-unprivileged mainline/debian/Dockerfile @8ead5ced.
                conf = conf
                    .replace("user  nginx;\n", "")
                    .replace("pid        /run/nginx.pid;", "pid        /tmp/nginx.pid;")
                    .replace(
                        "http {\n",
                        "http {\n    proxy_temp_path /tmp/proxy_temp;\n    client_body_temp_path /tmp/client_temp;\n    fastcgi_temp_path /tmp/fastcgi_temp;\n    uwsgi_temp_path /tmp/uwsgi_temp;\n    scgi_temp_path /tmp/scgi_temp;\n\n",
                    );
                conf.insert_str(
                    0,
                    "# nginxinc/nginx-unprivileged: no `user`, pid and temp paths in /tmp.\n",
                );
                default = default.replace("listen       80;", "listen       8080;");
            }
            let mut v = vec![
                ("/etc/nginx/nginx.conf", conf),
                ("/etc/nginx/conf.d/default.conf", default),
                (
                    "/etc/nginx/fastcgi_params",
                    include_str!("images/nginx/fastcgi_params").to_string(),
                ),
                (
                    "/etc/nginx/mime.types",
                    include_str!("images/nginx/mime.types").to_string(),
                ),
            ];
            if *alpine {
                v.push((
                    "/etc/nginx/fastcgi.conf",
                    include_str!("images/nginx/fastcgi.conf").to_string(),
                ));
            }
            v
        }
        Program::Httpd => vec![(
            "/usr/local/apache2/conf/httpd.conf",
            include_str!("images/httpd/httpd.conf").to_string(),
        )],
        Program::Fpm { layout_a } => {
            let include = if *layout_a {
                "etc/php-fpm.d/*.conf"
            } else {
                "/usr/local/etc/php-fpm.d/*.conf"
            };
            let listen = if *layout_a {
                "listen = 127.0.0.1:9000"
            } else {
                ";listen = 127.0.0.1:9000"
            };
            let mut docker = include_str!("images/php/docker.conf").to_string();
            if !layout_a {
                docker.push_str("\n; default listen address for easy override in later php-fpm.d/*.conf files\nlisten = 9000\n");
            }
            let zz = if *layout_a {
                include_str!("images/php/zz-docker-a.conf")
            } else {
                include_str!("images/php/zz-docker-b.conf")
            };
            vec![
                (
                    "/usr/local/etc/php-fpm.conf",
                    include_str!("images/php/php-fpm.conf").replace("@INCLUDE@", include),
                ),
                ("/usr/local/etc/php-fpm.d/docker.conf", docker),
                (
                    "/usr/local/etc/php-fpm.d/www.conf",
                    include_str!("images/php/www.conf").replace("@LISTEN@", listen),
                ),
                ("/usr/local/etc/php-fpm.d/zz-docker.conf", zz.to_string()),
            ]
        }
        _ => Vec::new(),
    }
}

/// The directory that stands for `/` of a service's image: it exists nowhere
/// on disk; the image's files are virtual files under it.
pub fn image_root(service: &Service) -> PathBuf {
    let dir = service.file.parent().unwrap_or(Path::new("."));
    let name = match &service.kube {
        Some(k) => format!("{} {} container {}", k.kind, k.pod, k.container),
        None => service.name.clone(),
    };
    dir.join(format!(
        "{} (image {})",
        name.replace('/', "_"),
        service.image.replace('/', "_")
    ))
}

/// The map of a service's container paths: its mounts (most specific source
/// first, so a path maps back to its own mount), then the image.
pub fn root_map(service: &Service) -> RootMap {
    let mut mounts = service.mounts.clone();
    mounts.sort_by_key(|(_, to)| std::cmp::Reverse(to.as_os_str().len()));
    mounts.push((PathBuf::from("/"), image_root(service)));
    RootMap {
        sysroot: None,
        partial: false,
        mounts,
    }
}

/// True when a mount covers the container path `p` (the file, or a directory
/// above it): the image's own file is hidden.
pub fn covered(service: &Service, p: &str) -> bool {
    service
        .mounts
        .iter()
        .any(|(t, _)| Path::new(p).starts_with(t))
}

/// A note naming the two compose services of a cross-container finding: nginx's
/// (`nginx_host`) and the pool's, when they differ.
pub fn services_note(
    project: &crate::project::Project,
    nginx_host: usize,
    pool_host: usize,
) -> Option<String> {
    let (p, nginx) = project.hosts.get(nginx_host)?.service()?;
    let (_, fpm) = project.hosts.get(pool_host)?.service()?;
    if p.net_owner(nginx).name == p.net_owner(fpm).name {
        return None;
    }
    if p.kube {
        return Some(format!(
            "nginx runs in {} and the pool in {}: each pod has its own loopback (127.0.0.1 in nginx is nginx's pod)",
            nginx.describe(),
            fpm.describe()
        ));
    }
    Some(format!(
        "nginx runs in {} and the pool in {}: each container has its own loopback (127.0.0.1 in nginx is nginx's container)",
        nginx.describe(),
        fpm.describe()
    ))
}

/// A note for a unix socket a pool of another container creates: where the
/// socket is, and whether nginx's container sees it through a shared volume.
pub fn socket_note(
    project: &crate::project::Project,
    nginx_host: usize,
    pool_host: usize,
    path: &str,
) -> Option<String> {
    let (p, nginx) = project.hosts.get(nginx_host)?.service()?;
    let (_, fpm) = project.hosts.get(pool_host)?.service()?;
    if nginx_host == pool_host {
        return None;
    }
    let dir = Path::new(path).parent().unwrap_or(Path::new("/"));
    let same_pod = p.net_owner(nginx).name == p.net_owner(fpm).name;
    let shared = match (p.kube, same_pod) {
        (true, true) => "an emptyDir volume mounted in both containers",
        (true, false) => "an emptyDir volume, which only containers of one pod share: run nginx and php-fpm in one pod, or make the pool listen on a port behind a Service",
        _ => "a named volume (or bind mount) mounted in both services",
    };
    Some(match fpm.volume_path(Path::new(path)) {
        Some(v) if nginx.path_in_volume(&v).is_some() => format!(
            "the pool's socket {path} is in a volume {} also mounts, at {}",
            nginx.describe(),
            nginx.path_in_volume(&v).unwrap_or_default().display()
        ),
        Some(_) => format!(
            "the pool creates its socket {path} in {}, on a volume {} does not mount: the socket is not visible in nginx's container; mount the same volume at {} in both",
            fpm.describe(),
            nginx.describe(),
            dir.display()
        ),
        None => format!(
            "the pool creates its socket {path} inside {}: each container has its own file system, so the socket is not visible in nginx's container; share {} through {shared}",
            fpm.describe(),
            dir.display()
        ),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn memory_limit_value_and_place() {
        let text = "services:\n  web:\n    image: nginx\n  php:\n    image: php:8.2-fpm\n    mem_limit: 512m  # small\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n";
        let r = super::yaml_value_range(text, "php", &["mem_limit"]).unwrap();
        assert_eq!(&text[r], "512m");
        let r = super::yaml_value_range(text, "php", &["deploy", "resources", "limits", "memory"])
            .unwrap();
        assert_eq!(&text[r], "1G");
        assert!(super::yaml_value_range(text, "web", &["mem_limit"]).is_none());
        assert_eq!(super::docker_bytes("512m"), Some(512 << 20));
        assert_eq!(super::docker_bytes("1GB"), Some(1 << 30));
        assert_eq!(super::docker_bytes("2048"), Some(2048));
        assert_eq!(super::docker_bytes("lots"), None);
    }

    use super::*;

    #[test]
    fn dockerfile_env_and_user() {
        let f = super::dockerfile(
            "ARG MAX=30\nFROM php:8.3-fpm AS base\nARG MAX\nENV A=1 B=\"x y\" \\\n    T=${MAX}\nUSER www-data\nFROM base\nENV LEGACY some value\n",
            Path::new("/r"),
            &[("MAX".to_string(), "45".to_string())].into(),
        );
        assert_eq!(f.from.as_deref(), Some("php:8.3-fpm"));
        assert_eq!(
            f.env,
            vec![
                ("A".into(), "1".into(), 4),
                ("B".into(), "x y".into(), 4),
                ("T".into(), "45".into(), 4),
                ("LEGACY".into(), "some value".into(), 8),
            ]
        );
        assert_eq!(f.user, Some(("www-data".into(), 6)));
    }

    #[test]
    fn compose_lines_are_found_under_the_service() {
        let text = "services:\n  web:\n    depends_on:\n      php:\n        condition: service_started\n    environment:\n      - A=1\n  php:\n    environment:\n      A: 2\n    user: www-data\n";
        let texts = vec![(PathBuf::from("c.yaml"), text.to_string())];
        assert_eq!(
            compose_line(&texts, "php", "A"),
            Some((PathBuf::from("c.yaml"), 10))
        );
        assert_eq!(
            compose_line(&texts, "web", "A"),
            Some((PathBuf::from("c.yaml"), 7))
        );
        assert_eq!(
            compose_line(&texts, "php", "user"),
            Some((PathBuf::from("c.yaml"), 11))
        );
        // Not set: the service's header.
        assert_eq!(
            compose_line(&texts, "php", "B"),
            Some((PathBuf::from("c.yaml"), 8))
        );
    }

    #[test]
    fn php_image_versions() {
        assert_eq!(php_image_version("php:8.3-fpm").as_deref(), Some("8.3"));
        assert_eq!(
            php_image_version("php:8.2.30-fpm-alpine").as_deref(),
            Some("8.2")
        );
        assert_eq!(php_image_version("php:fpm"), None);
        assert_eq!(php_image_version("nginx:1.27"), None);
    }

    #[test]
    fn nginx_image_versions() {
        assert_eq!(
            nginx_image_version("nginx:1.27-alpine").as_deref(),
            Some("1.27")
        );
        assert_eq!(
            nginx_image_version("nginx:1.24.0").as_deref(),
            Some("1.24.0")
        );
        assert_eq!(nginx_image_version("nginx:alpine"), None);
        assert_eq!(nginx_image_version("nginx"), None);
        assert_eq!(nginx_image_version("php:8.3-fpm"), None);
    }

    #[test]
    fn images() {
        assert_eq!(
            program_of("nginx:1.27-alpine"),
            Program::Nginx {
                unprivileged: false,
                alpine: true
            }
        );
        assert_eq!(program_of("php:8.3-fpm"), Program::Fpm { layout_a: false });
        assert_eq!(
            program_of("php:8.2.30-fpm-alpine"),
            Program::Fpm { layout_a: true }
        );
        assert_eq!(program_of("php:7.4-fpm"), Program::Fpm { layout_a: true });
        assert_eq!(program_of("php:8.3-cli"), Program::Other);
        assert_eq!(program_of("bitnami/php-fpm:8.2"), Program::OtherFpm);
        assert_eq!(program_of("bitnami/nginx"), Program::OtherNginx);
        assert_eq!(program_of("mysql:8"), Program::Other);
        assert_eq!(
            program_of("docker.io/library/nginx"),
            Program::Nginx {
                unprivileged: false,
                alpine: false
            }
        );
    }

    #[test]
    fn interpolation() {
        let env: HashMap<String, String> = [("A".to_string(), "x".to_string())].into();
        assert_eq!(interpolate("${A}/b", &env).as_deref(), Some("x/b"));
        assert_eq!(interpolate("${B:-d}/$A", &env).as_deref(), Some("d/x"));
        assert_eq!(interpolate("$$x", &env).as_deref(), Some("$x"));
        assert_eq!(interpolate("${B}", &env), None);
    }

    #[test]
    fn dockerfile_stages_and_copies() {
        let f = super::dockerfile(
            "ARG V=8.3\nFROM composer AS deps\nFROM php:${V}-fpm-alpine AS app\nCOPY --chown=www-data zz-app.conf /usr/local/etc/php-fpm.d/zz-app.conf\nCOPY a.ini b.ini /usr/local/etc/php/conf.d/\n",
            Path::new("/r/php"),
            &HashMap::new(),
        );
        let (from, copies, runs) = (f.from, f.copies, f.runs);
        assert_eq!(from.as_deref(), Some("php:8.3-fpm-alpine"));
        assert!(runs.is_empty());
        assert_eq!(
            copies[0],
            (
                PathBuf::from("/usr/local/etc/php-fpm.d/zz-app.conf"),
                PathBuf::from("/r/php/zz-app.conf")
            )
        );
        assert_eq!(
            copies[2].0,
            PathBuf::from("/usr/local/etc/php/conf.d/b.ini")
        );
    }
}
