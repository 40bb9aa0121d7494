//! Discovery: from the paths on the command line to entry points, each with the
//! context its relative and absolute paths resolve in.
//!
//! - a sysroot (`/`, `/etc`, or any directory holding etc/nginx or etc/php*):
//!   the distributions' own entry points;
//! - a repository of config files: every nginx.conf and php-fpm.conf in it, with
//!   the absolute paths inside them mapped back into the repository;
//! - single files, `--nginx`/`--fpm` entry points, and `-` (stdin, including the
//!   output of `nginx -T`).
//!
//! Files that no entry point includes are linted too, as fragments, in the context
//! they are written for.

use std::path::{Path, PathBuf};

use crate::confine::Confinement;
use crate::model::fpm::FpmContext;
use crate::model::nginx::NginxContext;
use crate::paths::{self, RootMap};

/// Something fpmlint was asked to check and could not read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct NginxEntry {
    pub path: PathBuf,
    pub ctx: NginxContext,
    /// Index into [`Plan::hosts`].
    pub host: usize,
}

#[derive(Clone, Debug)]
pub struct FpmEntry {
    pub path: PathBuf,
    pub ctx: FpmContext,
    /// Index into [`Plan::hosts`].
    pub host: usize,
}

#[derive(Clone, Debug)]
pub struct ApacheEntry {
    pub path: PathBuf,
    pub ctx: crate::model::apache::ApacheContext,
    /// Index into [`Plan::hosts`].
    pub host: usize,
}

/// One machine (or container) of the deployment: nginx and php-fpm pair only
/// within a host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
    /// How the summary names it: the sysroot's path relative to the linted
    /// directory, `/` for a live machine, the repository's own name.
    pub name: String,
    /// The directory it is read from.
    pub root: PathBuf,
    /// True when the directory stands for `/` (a sysroot).
    pub sysroot: bool,
    /// A compose service: its project and its index in the project's services.
    pub service: Option<(std::sync::Arc<crate::deploy::ComposeProject>, usize)>,
}

impl Host {
    /// The compose service the host is, with its project.
    pub fn service(&self) -> Option<(&crate::deploy::ComposeProject, &crate::deploy::Service)> {
        self.service
            .as_ref()
            .map(|(p, i)| (p.as_ref(), &p.services[*i]))
    }
}

/// What to check.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub nginx: Vec<NginxEntry>,
    pub fpm: Vec<FpmEntry>,
    /// Candidates to lint as fragments when no entry point reaches them.
    pub loose_nginx: Vec<NginxEntry>,
    pub loose_fpm: Vec<FpmEntry>,
    /// Apache httpd main files (apache2.conf, httpd.conf).
    pub apache: Vec<ApacheEntry>,
    /// Apache files to lint as fragments when no Apache main file reaches them.
    pub loose_apache: Vec<ApacheEntry>,
    /// Text read from standard input (path, bytes): registered before loading.
    pub virtual_files: Vec<(PathBuf, Vec<u8>)>,
    pub problems: Vec<Problem>,
    /// `--max-file-size`: the largest file to read (None: the default cap).
    pub max_file_size: Option<u64>,
    /// `--max-total-size`: the most bytes to read in all (None: the default).
    pub max_total_size: Option<u64>,
    /// What may be opened: the roots the paths on the command line stand for.
    pub confine: Confinement,
    /// The hosts found; entries name theirs by index.
    pub hosts: Vec<Host>,
    /// The host entries are added to now.
    current: usize,
    /// Files a directory walk met and did not take as configs, with the reason
    /// (`--list-files` shows them).
    pub skipped: Vec<(PathBuf, &'static str)>,
    /// What directory walks leave out.
    pub exclude: crate::exclude::Exclude,
    /// Config files inside a host's directory standing for `/`: those its entry
    /// points do not reach are listed as not linted.
    pub host_configs: Vec<PathBuf>,
    /// What [`classify`] said of each file, once per file: the walks classify
    /// their files on both cores ahead of the loops that read the kinds.
    kinds: KindCache,
    /// Virtual files shown under another file's name (a ConfigMap key: the
    /// manifest it is written in): (path, the file shown, a suffix to its
    /// name, what the file is).
    pub shown_as: Vec<(PathBuf, PathBuf, String, String)>,
    /// The nginx image's templates and what they render to.
    pub rendered: Vec<crate::deploy::env::Rendered>,
}

/// Below this many files, work is done on one thread: a small tree (Debian's
/// default `/etc`) is checked before a thread pool would have started.
pub const PARALLEL_FILES: usize = 64;

/// Nor below this many bytes: past it, a few large files are work enough for
/// both cores.
pub const PARALLEL_BYTES: usize = 1 << 20;

#[derive(Debug, Default)]
struct KindCache(std::sync::Mutex<crate::paths::PathHashMap<Kind>>);

impl Clone for KindCache {
    fn clone(&self) -> KindCache {
        KindCache(std::sync::Mutex::new(self.lock().clone()))
    }
}

impl KindCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, crate::paths::PathHashMap<Kind>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Plan {
    /// [`classify`], remembered.
    fn kind(&self, f: &Path) -> Kind {
        if let Some(k) = self.kinds.lock().get(f) {
            return *k;
        }
        let k = classify(&self.confine, f);
        self.kinds.lock().insert(f.to_path_buf(), k);
        k
    }

    /// Classify `files` in parallel (each reads the start of its file), so
    /// that the loops that follow find their kinds remembered.
    fn classify_ahead(&self, files: &[PathBuf]) {
        use rayon::prelude::*;
        let todo: Vec<&PathBuf> = {
            let known = self.kinds.lock();
            files.iter().filter(|f| !known.contains_key(*f)).collect()
        };
        // A few files are classified here at once: starting the threads
        // would cost more than it saves.
        let found: Vec<(PathBuf, Kind)> = if todo.len() < PARALLEL_FILES {
            todo.into_iter()
                .map(|f| (f.clone(), classify(&self.confine, f)))
                .collect()
        } else {
            // Paths to one file (`sites-enabled/x -> ../sites-available/x`)
            // are classified after the first of them, whose read they reuse: two
            // cores reading the same file at once would both read it.
            let phys: Vec<Option<PathBuf>> = todo
                .par_iter()
                .map(|f| self.confine.resolve(f).ok().map(|(p, _)| p))
                .collect();
            let mut seen = crate::paths::PathHashSet::default();
            let (first, again): (Vec<_>, Vec<_>) = todo
                .into_iter()
                .zip(phys)
                .partition(|(_, p)| p.as_ref().is_none_or(|p| seen.insert(p.clone())));
            let classify_all = |v: Vec<(&PathBuf, Option<PathBuf>)>| -> Vec<(PathBuf, Kind)> {
                v.into_par_iter()
                    .map(|(f, _)| (f.clone(), classify(&self.confine, f)))
                    .collect()
            };
            let mut found = classify_all(first);
            found.extend(classify_all(again));
            found
        };
        self.kinds.lock().extend(found);
    }
    /// Start (or go back to) the host read from `root`.
    fn host(&mut self, name: String, root: &Path, sysroot: bool) {
        if let Some(i) = self.hosts.iter().position(|h| h.root == root) {
            self.current = i;
            return;
        }
        self.hosts.push(Host {
            name,
            root: root.to_path_buf(),
            sysroot,
            service: None,
        });
        self.current = self.hosts.len() - 1;
    }

    fn nginx(&mut self, path: PathBuf, ctx: NginxContext) {
        let host = self.current_host();
        self.nginx.push(NginxEntry { path, ctx, host });
    }

    fn apache(&mut self, path: PathBuf, ctx: crate::model::apache::ApacheContext) {
        let host = self.current_host();
        if !self.apache.iter().any(|e| e.path == path) {
            self.apache.push(ApacheEntry { path, ctx, host });
        }
    }

    fn loose_apache(&mut self, path: PathBuf, ctx: crate::model::apache::ApacheContext) {
        let host = self.current_host();
        self.loose_apache.push(ApacheEntry { path, ctx, host });
    }

    fn loose_nginx(&mut self, path: PathBuf, ctx: NginxContext) {
        let host = self.current_host();
        self.loose_nginx.push(NginxEntry { path, ctx, host });
    }

    fn fpm(&mut self, path: PathBuf, ctx: FpmContext) {
        let host = self.current_host();
        self.fpm.push(FpmEntry { path, ctx, host });
    }

    fn loose_fpm(&mut self, path: PathBuf, ctx: FpmContext) {
        let host = self.current_host();
        self.loose_fpm.push(FpmEntry { path, ctx, host });
    }

    /// The current host, made when none was started (single files, stdin).
    fn current_host(&mut self) -> usize {
        if self.hosts.is_empty() {
            self.hosts.push(Host {
                name: "(files)".into(),
                root: PathBuf::new(),
                sysroot: false,
                service: None,
            });
            self.current = 0;
        }
        self.current
    }
}

/// Options that shape discovery.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--root DIR`: the directory standing for `/`.
    pub root: Option<PathBuf>,
    /// `--nginx FILE`.
    pub nginx: Vec<PathBuf>,
    /// `--fpm FILE`.
    pub fpm: Vec<PathBuf>,
    /// `--max-file-size BYTES`.
    pub max_file_size: Option<u64>,
    /// `--max-total-size BYTES`.
    pub max_total_size: Option<u64>,
    /// `--exclude`, `exclude` of .fpmlint.toml, .gitignore.
    pub exclude: crate::exclude::Exclude,
}

/// The kind of a config file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    NginxMain,
    Nginx,
    FpmMain,
    FpmPool,
    PhpIni,
    Other,
}

/// Plan the check of `paths` (stdin given as `-`).
pub fn discover(paths: &[PathBuf], opts: &Options) -> Plan {
    let mut plan = Plan {
        max_file_size: opts.max_file_size,
        max_total_size: opts.max_total_size,
        exclude: opts.exclude.clone(),
        ..Plan::default()
    };
    for f in &opts.nginx {
        let (path, ctx) = single_nginx(&mut plan, f, opts);
        plan.nginx(path, ctx);
    }
    for f in &opts.fpm {
        let (path, ctx) = single_fpm(&mut plan, f, opts);
        plan.fpm(path, ctx);
    }
    for p in paths {
        if p.as_os_str() == "-" {
            plan.confine.stdin = true;
            stdin(&mut plan);
            continue;
        }
        // The paths on the command line are the user's own: they are stat'ed as
        // given; everything below them goes through the confinement.
        match std::fs::metadata(p) {
            Err(e) => plan.problems.push(Problem {
                path: p.clone(),
                message: format!("cannot read {}: {}", p.display(), io_reason(&e)),
            }),
            Ok(m) if m.is_dir() => directory(&mut plan, p, opts),
            Ok(_) => single_file(&mut plan, p, opts),
        }
    }
    plan
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// The directory standing for `/` when `dir` is a sysroot or an `etc`.
fn sysroot_of(dir: &Path) -> Option<PathBuf> {
    let mut inside = Confinement::new();
    inside.add_root(dir, false);
    let has = |p: &str| inside.kind(&dir.join(p)).is_some();
    let globbed = |p: &str| !inside.glob(&dir.join(p)).files.is_empty();
    // A compose project is a repository: its services are the hosts, and its
    // `etc/...` are files it mounts.
    if dir != Path::new("/") && crate::deploy::COMPOSE_FILES.iter().any(|c| has(c)) {
        return None;
    }
    if dir == Path::new("/")
        || has("etc/nginx/nginx.conf")
        || globbed("etc/php/*/fpm/php-fpm.conf")
        || has("etc/php-fpm.conf")
        || has("etc/php-fpm.d")
        || has("usr/local/etc/php-fpm.conf")
        || has("etc/opt/remi")
        || has("usr/local/nginx/conf/nginx.conf")
        || has("usr/local/php/etc/php-fpm.conf")
        || has("opt/homebrew/etc/nginx/nginx.conf")
        || has("opt/homebrew/etc/php")
        || APACHE_LAYOUTS
            .iter()
            .any(|(m, ..)| has(m.trim_start_matches('/')))
        || !inside
            .glob(&dir.join("etc/php[0-9]*/php-fpm.conf"))
            .files
            .is_empty()
    {
        return Some(dir.to_path_buf());
    }
    if dir.file_name().is_some_and(|n| n == "etc")
        && (has("nginx/nginx.conf")
            || globbed("php/*/fpm/php-fpm.conf")
            || has("php-fpm.conf")
            || has("apache2/apache2.conf")
            || has("httpd/conf/httpd.conf"))
    {
        return dir.parent().map(Path::to_path_buf);
    }
    None
}

fn directory(plan: &mut Plan, dir: &Path, opts: &Options) {
    // Absolute and normalised (`.`, `./x`): glob results and the root mapping
    // must agree on the form of every path.
    let dir = absolute(dir);
    let root = opts
        .root
        .as_deref()
        .map(absolute)
        .or_else(|| sysroot_of(&dir));
    match root {
        Some(root) => {
            plan.confine.add_root(&root, true);
            plan.host(host_name(&root, None), &root, true);
            sysroot(plan, &root, false)
        }
        None => {
            plan.confine.add_root(&dir, false);
            repository(plan, &dir)
        }
    }
}

/// Where distributions keep php-fpm: the main file (a glob), the install prefix
/// (relative `include=` and `listen` paths resolve against it), php.ini (None:
/// beside php-fpm.conf) and PHP's scan directory (None: `conf.d` beside it).
const FPM_LAYOUTS: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    // Debian and Ubuntu, one tree per PHP version.
    ("/etc/php/*/fpm/php-fpm.conf", "/usr", None, None),
    // RHEL, Fedora.
    (
        "/etc/php-fpm.conf",
        "/usr",
        Some("/etc/php.ini"),
        Some("/etc/php.d"),
    ),
    // Alpine (and openSUSE's /etc/php7, /etc/php8).
    ("/etc/php[0-9]*/php-fpm.conf", "/usr", None, None),
    // Debian's PHP 5.
    ("/etc/php5/fpm/php-fpm.conf", "/usr", None, None),
    // Remi's software collections: /etc/opt/remi/php74, with the binary under
    // /opt/remi/php74/root.
    (
        "/etc/opt/remi/php*/php-fpm.conf",
        "/usr",
        None,
        Some("/etc/opt/remi/php*/php.d"),
    ),
    // A source build with its default prefix.
    (
        "/usr/local/php/etc/php-fpm.conf",
        "/usr/local/php",
        Some("/usr/local/php/lib/php.ini"),
        None,
    ),
    // Homebrew (Apple silicon, then Intel and Linuxbrew's /usr/local).
    (
        "/opt/homebrew/etc/php/*/php-fpm.conf",
        "/opt/homebrew",
        None,
        None,
    ),
    (
        "/usr/local/etc/php/*/php-fpm.conf",
        "/usr/local",
        None,
        None,
    ),
    // The official Docker image.
    (
        "/usr/local/etc/php-fpm.conf",
        "/usr/local",
        Some("/usr/local/etc/php/php.ini"),
        Some("/usr/local/etc/php/conf.d"),
    ),
];

/// Where Apache httpd keeps its main file: (main file, compiled-in ServerRoot,
/// Debian's envvars).
const APACHE_LAYOUTS: &[(&str, &str, Option<&str>)] = &[
    // Debian and Ubuntu.
    (
        "/etc/apache2/apache2.conf",
        "/etc/apache2",
        Some("/etc/apache2/envvars"),
    ),
    // RHEL, Fedora.
    ("/etc/httpd/conf/httpd.conf", "/etc/httpd", None),
    // Alpine (its httpd.conf sets ServerRoot /var/www).
    ("/etc/apache2/httpd.conf", "/etc/apache2", None),
    // The official httpd image and source builds.
    (
        "/usr/local/apache2/conf/httpd.conf",
        "/usr/local/apache2",
        None,
    ),
];

/// The Apache main files of a sysroot.
fn apache_entries(plan: &mut Plan, roots: &RootMap) {
    for (main, server_root, envvars) in APACHE_LAYOUTS {
        let disk = roots.map(main);
        if plan.confine.is_file(&disk) {
            let envvars = envvars
                .filter(|e| plan.confine.is_file(&roots.map(e)))
                .map(String::from);
            plan.apache(
                disk,
                crate::model::apache::ApacheContext {
                    roots: roots.clone(),
                    server_root: server_root.to_string(),
                    envvars,
                    static_modules: crate::model::apache::STATIC_MODULES,
                    repository: roots.partial_tree(),
                    fragment: false,
                },
            );
        }
    }
}

/// Where nginx builds keep their configuration directory.
const NGINX_LAYOUTS: &[&str] = &[
    "/etc/nginx",
    "/usr/local/nginx/conf",
    "/usr/local/etc/nginx",
    "/opt/homebrew/etc/nginx",
    "/usr/local/openresty/nginx/conf",
    "/opt/nginx/conf",
];

/// Top-level directories of a sysroot that hold no configuration of a custom
/// layout (system trees, kernel and runtime file systems, data).
const SYSTEM_DIRS: &[&str] = &[
    "bin",
    "boot",
    "dev",
    "home",
    "lib",
    "lib32",
    "lib64",
    "libx32",
    "lost+found",
    "media",
    "mnt",
    "proc",
    "root",
    "run",
    "sbin",
    "snap",
    "sys",
    "tmp",
    "usr",
    "var",
];

/// Files named `name` in custom places of a sysroot (`/nginx/nginx.conf`,
/// `/srv/app/php-fpm.conf`), as config-side absolute paths: under `/opt`,
/// `/srv` and the top-level directories that are not system trees, at most three
/// levels down and at most 20,000 directories in all.
fn find_named(plan: &mut Plan, root: &Path, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(top) = plan.confine.list_dir(root) else {
        return out;
    };
    let mut queue: Vec<(PathBuf, usize)> = top
        .into_iter()
        .filter(|n| {
            let n = n.to_string_lossy();
            !n.starts_with('.') && !SYSTEM_DIRS.contains(&n.as_ref()) && n != "etc"
        })
        .map(|n| (root.join(n), 1))
        .collect();
    let mut budget = 20_000usize;
    while let Some((dir, depth)) = queue.pop() {
        if budget == 0 {
            break;
        }
        budget -= 1;
        if !plan.confine.is_dir(&dir) {
            continue;
        }
        if plan.confine.is_file(&dir.join(name)) {
            if let Ok(rel) = dir.join(name).strip_prefix(root) {
                out.push(format!("/{}", rel.display()));
            }
        }
        if depth >= 3 {
            continue;
        }
        if let Ok(names) = plan.confine.list_dir(&dir) {
            for n in names {
                let s = n.to_string_lossy();
                if !s.starts_with('.') && !SKIPPED_DIRS.contains(&s.as_ref()) {
                    queue.push((dir.join(n), depth + 1));
                }
            }
        }
    }
    out.sort();
    out
}

/// The configuration files the host's systemd units start nginx and php-fpm
/// with: `nginx -c FILE`, `php-fpm -y FILE` / `--fpm-config FILE` in
/// `ExecStart=` (later unit directories and drop-ins win, as in systemd).
fn unit_entry_points(plan: &mut Plan, roots: &RootMap) -> (Vec<String>, Vec<String>) {
    let (mut nginx, mut fpm) = (Vec::new(), Vec::new());
    for dir in [
        "/lib/systemd/system",
        "/usr/lib/systemd/system",
        "/etc/systemd/system",
    ] {
        let disk = roots.map(dir);
        for pattern in ["*nginx*.service", "*php*fpm*.service", "*.service.d/*.conf"] {
            for f in plan.confine.glob(&disk.join(pattern)).files {
                let Ok(bytes) = plan.confine.read(&f, 1024 * 1024, false) else {
                    continue;
                };
                for line in String::from_utf8_lossy(&bytes).lines() {
                    let Some(cmd) = line.trim().strip_prefix("ExecStart=") else {
                        continue;
                    };
                    let words: Vec<&str> = cmd.split_whitespace().collect();
                    let Some(prog) = words.first() else { continue };
                    let prog = prog.trim_start_matches(['-', '@', '+', '!', ':']);
                    let flags: &[&str] = if prog.ends_with("nginx") {
                        &["-c"]
                    } else if prog.contains("php") && prog.contains("fpm") {
                        &["-y", "--fpm-config"]
                    } else {
                        continue;
                    };
                    for w in words.windows(2) {
                        let value = if flags.contains(&w[0]) {
                            Some(w[1])
                        } else {
                            flags
                                .iter()
                                .find_map(|f| w[0].strip_prefix(&format!("{f}=")))
                        };
                        if let Some(v) = value.filter(|v| v.starts_with('/')) {
                            let list = if prog.ends_with("nginx") {
                                &mut nginx
                            } else {
                                &mut fpm
                            };
                            if !list.contains(&v.to_string()) {
                                list.push(v.to_string());
                            }
                        }
                    }
                }
            }
        }
    }
    (nginx, fpm)
}

/// The distributions' entry points under a sysroot.
fn sysroot(plan: &mut Plan, root: &Path, partial: bool) {
    // "/" too is a sysroot (not the identity map): system files such as
    // /etc/group are then read as those of the linted machine.
    let mut roots = RootMap::with_sysroot(root);
    roots.partial = partial;
    let at = |p: &str| roots.map(p);
    apache_entries(plan, &roots);
    // The layouts' nginx.conf, then those the host's systemd units name
    // (`nginx -c FILE`) and those found in custom places (`/nginx/nginx.conf`).
    let mut dirs: Vec<String> = NGINX_LAYOUTS.iter().map(|d| d.to_string()).collect();
    let (unit_nginx, mut unit_fpm) = unit_entry_points(plan, &roots);
    // Custom places are a fallback: searched only when neither a layout nor a
    // unit names the program's configuration.
    let known_nginx = !unit_nginx.is_empty()
        || NGINX_LAYOUTS
            .iter()
            .any(|d| plan.confine.is_file(&at(&format!("{d}/nginx.conf"))));
    let custom_nginx = if known_nginx {
        Vec::new()
    } else {
        find_named(plan, root, "nginx.conf")
    };
    let known_fpm = !unit_fpm.is_empty()
        || FPM_LAYOUTS
            .iter()
            .any(|(p, ..)| !plan.confine.glob(&at(p)).files.is_empty());
    if !known_fpm {
        unit_fpm.extend(find_named(plan, root, "php-fpm.conf"));
    }
    for main in unit_nginx.into_iter().chain(custom_nginx) {
        let dir = parent_str(&main);
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    for dir in &dirs {
        let main = format!("{dir}/nginx.conf");
        if plan.confine.is_file(&at(&main)) {
            plan.nginx(
                at(&main),
                NginxContext {
                    roots: roots.clone(),
                    conf_prefix: dir.clone(),
                },
            );
        }
    }
    // Loose nginx files: everything under the nginx config directories.
    for dir in dirs.iter().map(String::as_str) {
        for f in walk_files(&at(dir), plan) {
            if plan.kind(&f) != Kind::Other {
                plan.loose_nginx(
                    f,
                    NginxContext {
                        roots: roots.clone(),
                        conf_prefix: dir.to_string(),
                    },
                );
            }
        }
    }
    // php-fpm: each layout's main file (a glob), install prefix and php.ini;
    // then the files the units name and those in custom places.
    let mut fpm_mains: Vec<(String, String, String, String)> = Vec::new(); // (main, prefix, php.ini, scan dir)
    let extra: Vec<(String, &str, Option<&str>, Option<&str>)> = unit_fpm
        .into_iter()
        .map(|m| (m, "/usr", None, None))
        .collect();
    let layouts = FPM_LAYOUTS
        .iter()
        .map(|(p, pre, ini, scan)| (p.to_string(), *pre, *ini, *scan))
        .chain(extra);
    for (pattern, prefix, ini, scan) in layouts {
        for main in glob(plan, &at(&pattern)) {
            let Some(cfg) = roots.unmap(&main) else {
                continue;
            };
            let cfg = cfg.to_string_lossy().into_owned();
            if fpm_mains.iter().any(|(m, ..)| *m == cfg) {
                continue;
            }
            let ini = ini
                .map(String::from)
                .unwrap_or_else(|| format!("{}/php.ini", parent_str(&cfg)));
            // A `*` in the scan directory is the main file's version directory.
            let scan = scan
                .map(|s| match s.split_once('*') {
                    Some((a, b)) => {
                        let version = cfg[a.len()..].split('/').next().unwrap_or("");
                        format!("{a}{version}{}", b.trim_start_matches(|c| c != '/'))
                    }
                    None => s.to_string(),
                })
                .unwrap_or_else(|| format!("{}/conf.d", parent_str(&cfg)));
            fpm_mains.push((cfg, prefix.to_string(), ini, scan));
        }
    }
    for (main, prefix, ini, scan) in fpm_mains {
        let ctx = FpmContext {
            roots: roots.clone(),
            prefix,
            php_ini: Some(at(&ini)).filter(|p| plan.confine.is_file(p)),
            php_ini_scan_dir: Some(at(&scan)).filter(|p| plan.confine.is_dir(p)),
            ..Default::default()
        };
        let conf_dir = parent_str(&main);
        for f in walk_files(&at(&conf_dir), plan) {
            let k = plan.kind(&f);
            if matches!(k, Kind::FpmPool) {
                plan.loose_fpm(f, ctx.clone());
            }
        }
        plan.fpm(at(&main), ctx);
    }
    // Pool directories whose php-fpm.conf the tree does not hold (an image
    // overlay that ships only its pool): each pool file is linted on its own.
    for (dir, prefix, ini) in FPM_POOL_DIRS {
        for f in glob(plan, &at(&format!("{dir}/*.conf"))) {
            let Some(cfg) = roots.unmap(&f) else {
                continue;
            };
            let cfg = cfg.to_string_lossy().into_owned();
            // The directory above the pool directory: php.ini and conf.d.
            let conf_dir = parent_str(&parent_str(&cfg));
            let ini = ini
                .map(String::from)
                .unwrap_or_else(|| format!("{conf_dir}/php.ini"));
            let ctx = FpmContext {
                roots: roots.clone(),
                prefix: prefix.to_string(),
                php_ini: Some(at(&ini)).filter(|p| plan.confine.is_file(p)),
                php_ini_scan_dir: Some(at(&format!("{conf_dir}/conf.d")))
                    .filter(|p| plan.confine.is_dir(p)),
                ..Default::default()
            };
            if matches!(plan.kind(&f), Kind::FpmPool) {
                plan.loose_fpm(f, ctx);
            }
        }
    }
}

/// Where the layouts keep their pools: (directory, install prefix, php.ini
/// when not beside the directory's parent).
const FPM_POOL_DIRS: &[(&str, &str, Option<&str>)] = &[
    ("/etc/php/*/fpm/pool.d", "/usr", None),
    ("/etc/php-fpm.d", "/usr", Some("/etc/php.ini")),
    ("/etc/php[0-9]*/php-fpm.d", "/usr", None),
    ("/etc/php5/fpm/pool.d", "/usr", None),
    (
        "/usr/local/etc/php-fpm.d",
        "/usr/local",
        Some("/usr/local/etc/php/php.ini"),
    ),
];

/// A repository of config files: each nginx.conf and php-fpm.conf is an entry
/// point whose absolute paths map back into the repository.
///
/// A directory of the repository that is itself a sysroot (`hosts/web1/etc/nginx`,
/// `roles/app/files/etc/php/8.2/fpm`) is a host of its own, read as a sysroot:
/// its files are never paired with another host's.
fn repository(plan: &mut Plan, dir: &Path) {
    let files = walk_files(dir, plan);
    // Sysroots inside: the directory above each `etc` (or `usr/local/etc`) that
    // holds what a sysroot holds, outermost first.
    let mut roots: Vec<PathBuf> = Vec::new();
    for f in &files {
        for a in f.ancestors().skip(1) {
            if a == dir {
                break;
            }
            if a.file_name().is_some_and(|n| n == "etc") {
                let Some(candidate) = a.parent().and_then(|p| {
                    if p.ends_with("usr/local") || p.ends_with("opt/homebrew") {
                        p.parent()?.parent().map(Path::to_path_buf)
                    } else {
                        Some(p.to_path_buf())
                    }
                }) else {
                    continue;
                };
                // `templates/etc/nginx/...`, `rootfs/tpls/etc/...`: rendered
                // into place when the container starts, not a tree as it runs.
                let template_dir = in_template_dir(dir, &candidate);
                if candidate.starts_with(dir)
                    && !template_dir
                    && candidate != dir
                    && !roots.iter().any(|r| candidate.starts_with(r))
                    && sysroot_of(&candidate).as_deref() == Some(candidate.as_path())
                {
                    roots.retain(|r| !r.starts_with(&candidate));
                    roots.push(candidate);
                }
            }
        }
    }
    roots.sort();
    let in_sysroot = |f: &Path| roots.iter().any(|r| f.starts_with(r));
    // What the hosts' entry points do not reach is listed, never dropped.
    for f in files.iter().filter(|f| in_sysroot(f)) {
        match plan.kind(f) {
            Kind::Other => plan
                .skipped
                .push((f.clone(), skip_reason(&plan.confine, f))),
            _ => plan.host_configs.push(f.clone()),
        }
    }
    // Compose projects: the files their services mount are linted in the
    // service's container, not as the plain repository's.
    let mut services = compose_services(plan, dir, &files);
    // Kubernetes manifests: each pod's containers, read as one cluster.
    let (pods, kube_files) = kube_services(plan, dir, &files);
    services.extend(pods);
    let mounted: std::collections::HashSet<&PathBuf> = services
        .iter()
        .flat_map(|s| s.nginx.iter().chain(&s.fpm).chain(&s.apache))
        .chain(&kube_files)
        .collect();
    let rest: Vec<PathBuf> = files
        .iter()
        .filter(|f| !in_sysroot(f) && !mounted.contains(f))
        .cloned()
        .collect();
    let mut configs = Vec::new();
    let mut apache = Vec::new();
    let mut loose_apache = Vec::new();
    for f in rest {
        if let Some(e) = apache_in_place(&plan.confine, &f) {
            apache.push(e);
            continue;
        }
        match plan.kind(&f) {
            Kind::PhpIni => {}
            Kind::Other if !is_template(&plan.confine, &f) => {
                match apache_fragment(&plan.confine, &f) {
                    Some(e) => loose_apache.push(e),
                    None => {
                        let why = skip_reason(&plan.confine, &f);
                        plan.skipped.push((f, why))
                    }
                }
            }
            Kind::Other => {
                let why = skip_reason(&plan.confine, &f);
                plan.skipped.push((f, why))
            }
            k => configs.push((k, f)),
        }
    }
    // A Dockerfile with no compose file beside it that copies a php-fpm file
    // into its image: the image's USER starts the master.
    let docker_users: Vec<(PathBuf, (String, crate::deploy::env::EnvOrigin))> = files
        .iter()
        .filter(|f| file_name(f) == "Dockerfile")
        .filter(|f| {
            let d = f.parent().unwrap_or(Path::new("."));
            crate::deploy::compose_files(&plan.confine, d).is_empty()
        })
        .filter_map(|f| crate::deploy::dockerfile_image(&plan.confine, f))
        .filter_map(|img| {
            let user = img.user?;
            Some(
                img.copies
                    .into_iter()
                    .map(move |(_, disk)| (disk, user.clone())),
            )
        })
        .flatten()
        .collect();
    let master_of = |f: &Path| {
        docker_users
            .iter()
            .find(|(disk, _)| f.starts_with(disk))
            .map(|(_, u)| u.clone())
    };
    if !configs.is_empty()
        || !apache.is_empty()
        || !loose_apache.is_empty()
        || (roots.is_empty() && services.is_empty() && kube_files.is_empty())
    {
        plan.host(host_name(dir, None), dir, false);
        for (p, ctx) in apache {
            plan.apache(p, ctx);
        }
        for (p, ctx) in loose_apache {
            plan.loose_apache(p, ctx);
        }
        for (k, f) in configs {
            let c = &plan.confine;
            match k {
                Kind::NginxMain => {
                    let (p, ctx) = nginx_in_place(c, &f);
                    plan.nginx(p, ctx)
                }
                Kind::Nginx => {
                    let (p, ctx) = nginx_in_place(c, &f);
                    plan.loose_nginx(p, ctx)
                }
                Kind::FpmMain => {
                    let (p, mut ctx) = fpm_in_place(c, &f);
                    ctx.master_user = master_of(&f);
                    plan.fpm(p, ctx)
                }
                _ => {
                    let (p, mut ctx) = fpm_in_place(c, &f);
                    ctx.master_user = master_of(&f);
                    plan.loose_fpm(p, ctx)
                }
            }
        }
    }
    for s in &services {
        service_host(plan, dir, s);
    }
    for root in roots {
        plan.confine.add_root(&root, true);
        plan.host(host_name(&root, Some(dir)), &root, true);
        sysroot(plan, &root, true);
    }
}

/// A compose service that runs nginx or php-fpm, with the repository files it
/// mounts, by role.
struct ServicePlan {
    project: std::sync::Arc<crate::deploy::ComposeProject>,
    index: usize,
    nginx: Vec<PathBuf>,
    fpm: Vec<PathBuf>,
    /// Files mounted into an httpd service's ServerRoot.
    apache: Vec<PathBuf>,
}

impl ServicePlan {
    /// An empty plan for service `index` of `project`, with which programs it
    /// runs (nginx, php-fpm, Apache); None for a service running none of them.
    fn of(
        project: &std::sync::Arc<crate::deploy::ComposeProject>,
        index: usize,
    ) -> Option<(ServicePlan, bool, bool, bool)> {
        use crate::deploy::Program;
        let s = &project.services[index];
        let nginx = matches!(s.program, Program::Nginx { .. } | Program::OtherNginx);
        let fpm = matches!(s.program, Program::Fpm { .. } | Program::OtherFpm);
        let apache = s.program == Program::Httpd;
        (nginx || fpm || apache).then(|| {
            let sp = ServicePlan {
                project: project.clone(),
                index,
                nginx: Vec::new(),
                fpm: Vec::new(),
                apache: Vec::new(),
            };
            (sp, nginx, fpm, apache)
        })
    }
}

/// The compose projects of a repository (`files`: every file of its walk) and
/// their nginx and php-fpm services.
fn compose_services(plan: &mut Plan, dir: &Path, files: &[PathBuf]) -> Vec<ServicePlan> {
    use crate::deploy;
    let mut dirs: Vec<&Path> = files
        .iter()
        .filter(|f| {
            f.file_name()
                .is_some_and(|n| deploy::COMPOSE_FILES.iter().any(|c| n == *c))
        })
        .filter_map(|f| f.parent())
        .collect();
    dirs.dedup();
    let mut read = Vec::new();
    for d in dirs {
        let compose = deploy::compose_files(&plan.confine, d);
        match deploy::read_project(&plan.confine, &compose) {
            Ok(p) => read.push(p),
            Err(message) => plan.problems.push(Problem {
                path: compose[0].clone(),
                message,
            }),
        }
    }
    // A file another project includes (`include:`, `extends: file:`) is part
    // of that project, not a project of its own.
    let included: Vec<PathBuf> = read.iter().flat_map(|p| p.included.clone()).collect();
    read.retain(|p| !included.contains(&crate::paths::normalize(&p.file)));
    let mut out = Vec::new();
    for mut project in read {
        // Only what fpmlint may read: sources inside the linted directory that
        // exist (a missing source is created empty by Docker).
        for s in &mut project.services {
            let c = &plan.confine;
            s.mounts
                .retain(|(_, disk)| disk.starts_with(dir) && c.kind(disk).is_some());
        }
        let project = std::sync::Arc::new(project);
        for (index, s) in project.services.iter().enumerate() {
            let Some((mut sp, nginx, fpm, apache)) = ServicePlan::of(&project, index) else {
                continue;
            };
            for (target, disk) in &s.mounts {
                let found = if !plan.confine.is_dir(disk) {
                    vec![disk.clone()]
                } else if ["/etc", "/usr/local/etc", "/opt", "/usr/local/apache2/conf"]
                    .iter()
                    .any(|d| target.starts_with(d))
                {
                    walk_files(disk, plan)
                } else {
                    // Code (`./:/var/www`): its config files are not the
                    // container's unless a config directory includes them.
                    Vec::new()
                };
                if apache {
                    // What the ServerRoot's conf holds is read (or not) as its
                    // httpd.conf includes it.
                    if target.starts_with("/usr/local/apache2/conf") {
                        sp.apache.extend(found);
                    }
                    continue;
                }
                for f in found {
                    match plan.kind(&f) {
                        Kind::NginxMain | Kind::Nginx if nginx => sp.nginx.push(f),
                        Kind::FpmMain | Kind::FpmPool if fpm => sp.fpm.push(f),
                        Kind::PhpIni if fpm => sp.fpm.push(f),
                        _ => {}
                    }
                }
            }
            out.push(sp);
        }
    }
    out
}

/// The containers of a repository's Kubernetes pods that run nginx, php-fpm
/// or httpd, as services of one cluster; and the repository files the
/// manifests account for (the manifests, Helm templates, files a
/// `configMapGenerator` puts into a pod), which are not linted on their own.
fn kube_services(
    plan: &mut Plan,
    dir: &Path,
    files: &[PathBuf],
) -> (Vec<ServicePlan>, Vec<PathBuf>) {
    use crate::deploy::kube;
    let mut cluster = kube::read(&plan.confine, files);
    let mut taken: Vec<PathBuf> = Vec::new();
    for m in &cluster.manifests {
        plan.skipped.push((m.clone(), kube::MANIFEST));
        taken.push(m.clone());
    }
    for t in &cluster.templates {
        plan.skipped.push((t.clone(), kube::HELM_TEMPLATE));
        taken.push(t.clone());
    }
    for t in &cluster.invalid {
        plan.skipped.push((t.clone(), kube::INVALID));
        taken.push(t.clone());
    }
    if cluster.project.services.is_empty() {
        return (Vec::new(), taken);
    }
    for s in &mut cluster.project.services {
        let c = &plan.confine;
        let virt = &cluster.virtual_files;
        s.mounts.retain(|(_, disk)| {
            virt.iter().any(|v| v.path.starts_with(disk))
                || (disk.starts_with(dir) && c.kind(disk).is_some())
                || disk
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("ConfigMap "))
        });
    }
    for v in std::mem::take(&mut cluster.virtual_files) {
        plan.shown_as
            .push((v.path.clone(), v.shown, v.suffix, v.what));
        plan.virtual_files.push((v.path, v.text.into_bytes()));
    }
    let project = std::sync::Arc::new(std::mem::take(&mut cluster.project));
    let mut out = Vec::new();
    for (index, s) in project.services.iter().enumerate() {
        let Some((mut sp, nginx, fpm, apache)) = ServicePlan::of(&project, index) else {
            continue;
        };
        // The files a ConfigMap puts into the container's configuration.
        for (target, disk) in &s.mounts {
            let in_config = ["/etc", "/usr/local/etc", "/opt", "/usr/local/apache2/conf"]
                .iter()
                .any(|d| target.starts_with(d));
            if !in_config {
                continue;
            }
            let found: Vec<PathBuf> = if plan.virtual_files.iter().any(|(v, _)| v == disk) {
                vec![disk.clone()]
            } else if plan.confine.is_file(disk) {
                taken.push(disk.clone());
                vec![disk.clone()]
            } else {
                plan.virtual_files
                    .iter()
                    .filter(|(v, _)| v.parent() == Some(disk.as_path()))
                    .map(|(v, _)| v.clone())
                    .collect()
            };
            for f in found {
                let name = f
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if apache {
                    sp.apache.push(f);
                } else if name.ends_with(".ini") {
                    continue;
                } else if nginx && (name.ends_with(".conf") || kind_by_name(&name).is_some()) {
                    sp.nginx.push(f);
                } else if fpm && name.ends_with(".conf") {
                    sp.fpm.push(f);
                }
            }
        }
        sp.nginx.dedup();
        sp.fpm.dedup();
        out.push(sp);
    }
    (out, taken)
}

/// A compose service as a host: the image's files under a virtual root, the
/// service's mounts over them.
fn service_host(plan: &mut Plan, dir: &Path, sp: &ServicePlan) {
    use crate::deploy::{self, Program};
    let s = &sp.project.services[sp.index];
    let root = deploy::image_root(s);
    let name = match &s.kube {
        Some(k) => format!(
            "{} {} {} container {}",
            host_name(&s.file, Some(dir)),
            k.kind,
            crate::text::escape_name(&k.pod),
            crate::text::escape_name(&k.container)
        ),
        None => format!(
            "{} service {}",
            host_name(&s.file, Some(dir)),
            crate::text::escape_name(&s.name)
        ),
    };
    plan.host(name, &root, false);
    let current = plan.current;
    plan.hosts[current].service = Some((sp.project.clone(), sp.index));
    let roots = deploy::root_map(s);
    for (path, text) in deploy::image_files(&s.program) {
        if !deploy::covered(s, path) {
            plan.virtual_files
                .push((roots.map(path), text.into_bytes()));
        }
    }
    // The entry point: the image's own file, or what a mount puts there.
    let present = |plan: &Plan, p: &Path| {
        plan.confine.is_file(p) || plan.virtual_files.iter().any(|(v, _)| v == p)
    };
    // The official image's entry point renders /etc/nginx/templates/*.template
    // into conf.d with the container's environment (20-envsubst-on-templates.sh).
    if matches!(s.program, Program::Nginx { .. }) {
        let dir_of = |k: &str, d: &str| {
            s.env
                .get(k)
                .map(|v| v.value.clone())
                .unwrap_or_else(|| d.to_string())
        };
        let templates = PathBuf::from(dir_of(
            "NGINX_ENVSUBST_TEMPLATE_DIR",
            "/etc/nginx/templates",
        ));
        let suffix = dir_of("NGINX_ENVSUBST_TEMPLATE_SUFFIX", ".template");
        let output = PathBuf::from(dir_of("NGINX_ENVSUBST_OUTPUT_DIR", "/etc/nginx/conf.d"));
        for (_, disk) in &s.mounts {
            let files = if plan.confine.is_dir(disk) {
                walk_files(disk, plan)
            } else {
                vec![disk.clone()]
            };
            for f in files {
                let Some(at) = roots.unmap(&f).filter(|p| p.starts_with(&templates)) else {
                    continue;
                };
                let Some(rel) = at
                    .strip_prefix(&templates)
                    .ok()
                    .and_then(|r| r.to_str())
                    .and_then(|r| r.strip_suffix(suffix.as_str()))
                else {
                    continue;
                };
                let Ok(bytes) = plan.confine.read(&f, 1024 * 1024, false) else {
                    continue;
                };
                let (text, unset) =
                    crate::deploy::env::envsubst_tracked(&String::from_utf8_lossy(&bytes), &s.env);
                let out = roots.map(&output.join(rel).to_string_lossy());
                plan.rendered.retain(|r| r.output != out);
                plan.rendered.push(crate::deploy::env::Rendered {
                    host: current,
                    template: f.clone(),
                    output: out.clone(),
                    unset,
                });
                for (p, why) in plan.skipped.iter_mut() {
                    if *p == f {
                        *why = "an nginx image template: linted as the conf.d file the image renders from it";
                    }
                }
                plan.virtual_files.retain(|(v, _)| *v != out);
                plan.virtual_files.push((out, text.into_bytes()));
            }
        }
    }
    if s.program == Program::Httpd {
        let main = roots.map("/usr/local/apache2/conf/httpd.conf");
        if present(plan, &main) {
            plan.apache(
                main,
                crate::model::apache::ApacheContext {
                    roots: roots.clone(),
                    server_root: "/usr/local/apache2".into(),
                    envvars: None,
                    static_modules: crate::model::apache::STATIC_MODULES,
                    repository: false,
                    fragment: false,
                },
            );
        }
        // Mounted files its httpd.conf does not include are listed as not linted.
        plan.host_configs.extend(sp.apache.iter().cloned());
    } else if matches!(s.program, Program::Nginx { .. } | Program::OtherNginx) {
        let ctx = NginxContext {
            roots: roots.clone(),
            conf_prefix: "/etc/nginx".into(),
        };
        let main = roots.map("/etc/nginx/nginx.conf");
        if present(plan, &main) {
            plan.nginx(main, ctx.clone());
        }
        for f in &sp.nginx {
            plan.loose_nginx(f.clone(), ctx.clone());
        }
    } else {
        let ini = roots.map("/usr/local/etc/php/php.ini");
        let scan = roots.map("/usr/local/etc/php/conf.d");
        let ctx = FpmContext {
            roots: roots.clone(),
            prefix: "/usr/local".into(),
            php_ini: Some(ini).filter(|p| plan.confine.is_file(p)),
            php_ini_scan_dir: Some(scan).filter(|p| {
                plan.confine.is_dir(p)
                    || s.mounts
                        .iter()
                        .any(|(t, _)| t.starts_with("/usr/local/etc/php/conf.d"))
            }),
            env: s.env.clone(),
            master_user: s.user.clone(),
            php_version: deploy::php_image_version(&s.image),
            php_declared: None,
        };
        let main = roots.map("/usr/local/etc/php-fpm.conf");
        if present(plan, &main) {
            plan.fpm(main, ctx.clone());
        }
        for f in &sp.fpm {
            if plan.kind(f) != Kind::PhpIni {
                plan.loose_fpm(f.clone(), ctx.clone());
            }
        }
    }
}

/// A host's name: its path below the linted directory, else the directory
/// itself (`/` for the live machine).
fn host_name(root: &Path, base: Option<&Path>) -> String {
    if let Some(rel) = base.and_then(|b| root.strip_prefix(b).ok()) {
        if !rel.as_os_str().is_empty() {
            return crate::text::escape_name(&rel.display().to_string());
        }
    }
    let cwd = std::env::current_dir().ok();
    match cwd.as_deref().and_then(|c| root.strip_prefix(c).ok()) {
        Some(rel) if !rel.as_os_str().is_empty() => {
            crate::text::escape_name(&rel.display().to_string())
        }
        Some(_) => ".".into(),
        None => crate::text::escape_name(&root.display().to_string()),
    }
}

/// The context of an nginx file found in a repository: its directory (or the
/// nearest enclosing one holding nginx.conf) stands for /etc/nginx.
fn nginx_in_place(c: &Confinement, f: &Path) -> (PathBuf, NginxContext) {
    let dir = f.parent().unwrap_or(Path::new("."));
    // Without an nginx.conf above it, a file in one of nginx's own
    // subdirectories (`etc/nginx/sites-available/x`) has the directory above
    // as its configuration directory: `/etc/nginx/snippets/...` is a sibling.
    let own_subdir = dir.file_name().is_some_and(|n| {
        matches!(
            n.to_str(),
            Some(
                "sites-available"
                    | "sites-enabled"
                    | "conf.d"
                    | "http.d"
                    | "snippets"
                    | "default.d"
                    | "modules-enabled"
            )
        )
    });
    let fallback = match dir.parent() {
        Some(p) if own_subdir && !p.as_os_str().is_empty() => p,
        _ => dir,
    };
    let conf_dir = dir
        .ancestors()
        .find(|d| c.is_file(&d.join("nginx.conf")))
        .unwrap_or(fallback)
        .to_path_buf();
    // The usual configuration directories of nginx builds: whichever the files
    // name, it is this directory.
    let mounts = [
        "/etc/nginx",
        "/usr/local/nginx/conf",
        "/usr/local/etc/nginx",
        "/usr/local/openresty/nginx/conf",
        "/opt/nginx/conf",
    ]
    .iter()
    .map(|p| (PathBuf::from(p), conf_dir.clone()))
    .collect();
    (
        f.to_path_buf(),
        NginxContext {
            roots: RootMap {
                sysroot: None,
                partial: false,
                mounts,
            },
            conf_prefix: "/etc/nginx".into(),
        },
    )
}

/// An Apache main file found in a repository (`apache2.conf`, `httpd.conf`): its
/// directory stands for the ServerRoot (`/etc/apache2`; `/etc/httpd` above a
/// `conf/` directory), a Debian `envvars` beside it seeds `${VAR}`.
fn apache_in_place(
    c: &Confinement,
    f: &Path,
) -> Option<(PathBuf, crate::model::apache::ApacheContext)> {
    let name = file_name(f);
    let dir = f.parent().unwrap_or(Path::new("."));
    let (server_root, mounts): (&str, Vec<(PathBuf, PathBuf)>) = match name.as_str() {
        "apache2.conf" => (
            "/etc/apache2",
            vec![(PathBuf::from("/etc/apache2"), dir.into())],
        ),
        "httpd.conf" => {
            let root = if dir.file_name().is_some_and(|n| n == "conf") {
                dir.parent().unwrap_or(dir)
            } else {
                dir
            };
            (
                "/etc/httpd",
                vec![
                    (PathBuf::from("/etc/httpd"), root.into()),
                    (PathBuf::from("/etc/httpd/conf"), dir.into()),
                    (PathBuf::from("/usr/local/apache2"), root.into()),
                    (PathBuf::from("/usr/local/apache2/conf"), dir.into()),
                ],
            )
        }
        _ => return None,
    };
    let envvars = (name == "apache2.conf" && c.is_file(&dir.join("envvars")))
        .then(|| "/etc/apache2/envvars".to_string());
    Some((
        f.to_path_buf(),
        crate::model::apache::ApacheContext {
            roots: RootMap {
                sysroot: None,
                mounts,
                partial: false,
            },
            server_root: server_root.into(),
            envvars,
            static_modules: crate::model::apache::STATIC_MODULES,
            repository: true,
            fragment: false,
        },
    ))
}

/// Directories of Apache's layouts whose files are read by a main file one
/// level up (Debian's `sites-available`, RHEL's `conf.d`...).
const APACHE_DIRS: &[&str] = &[
    "sites-available",
    "sites-enabled",
    "conf-available",
    "conf-enabled",
    "mods-available",
    "mods-enabled",
    "conf.d",
    "conf.modules.d",
];

/// An Apache file that is not a main file (a vhost set, a conf-available
/// snippet), read as a fragment in the context it is written for: a file of an
/// `apache2/` (`httpd/`) tree, or of one of its directories (`sites-available`,
/// `conf.d`...), in that tree's ServerRoot (`/etc/apache2`, `/etc/httpd`); any
/// other in Debian's `/etc/apache2`, its directory standing for the ServerRoot.
/// A file is Apache's by its place and name (`*.conf`, `*.load` in an
/// `apache2/` or `httpd/` tree) or by its text (its sections, `<VirtualHost
/// *:80>`, outnumber nginx's lines); templates are not.
fn apache_fragment(
    c: &Confinement,
    f: &Path,
) -> Option<(PathBuf, crate::model::apache::ApacheContext)> {
    let name = file_name(f);
    if matches!(name.as_str(), "apache2.conf" | "httpd.conf") {
        return None;
    }
    let dir = f.parent()?;
    let tree = f.ancestors().skip(1).find(|a| {
        a.file_name()
            .is_some_and(|n| n == "apache2" || n == "httpd")
    });
    let in_layout_dir = APACHE_DIRS.contains(&parent_name(f).as_str());
    // Other programs keep files in `conf.d` and `sites-*` too: outside an
    // `apache2/` (`httpd/`) tree the text decides.
    let by_place =
        tree.is_some() && (name.ends_with(".conf") || name.ends_with(".load") || in_layout_dir);
    if !by_place && !name.ends_with(".conf") && !name.ends_with(".vhost") && !in_layout_dir {
        return None;
    }
    let text = c.read(f, 256 * 1024, true).ok()?;
    if text.contains(&0) {
        return None;
    }
    let text = String::from_utf8_lossy(&text);
    if template_marker(&text).is_some() || !(by_place || sniff_apache(&text)) {
        return None;
    }
    // The ServerRoot the file is written for, and the directory standing for it.
    let httpd = tree.is_some_and(|t| t.file_name().is_some_and(|n| n == "httpd"));
    let root_dir = match tree {
        Some(t) => t.to_path_buf(),
        None if in_layout_dir => dir.parent().unwrap_or(dir).to_path_buf(),
        None => dir.to_path_buf(),
    };
    let server_root = if httpd { "/etc/httpd" } else { "/etc/apache2" };
    let mounts = vec![(PathBuf::from(server_root), root_dir)];
    Some((
        f.to_path_buf(),
        crate::model::apache::ApacheContext {
            roots: RootMap {
                sysroot: None,
                mounts,
                partial: false,
            },
            server_root: server_root.into(),
            envvars: None,
            static_modules: crate::model::apache::STATIC_MODULES,
            repository: true,
            fragment: true,
        },
    ))
}

/// Words that start the directives of Apache's common modules (`RewriteCond`,
/// `SecRule`, `SSLEngine`, `php_value`): nginx's directives are lower case.
const APACHE_WORDS: &[&str] = &[
    "Rewrite",
    "Sec",
    "SetEnv",
    "SSL",
    "Proxy",
    "Redirect",
    "WSGI",
    "Expires",
    "Auth",
    "Add",
    "Header",
    "RequestHeader",
    "Include",
    "Alias",
    "ScriptAlias",
    "Document",
    "Server",
    "ErrorDocument",
    "ErrorLog",
    "CustomLog",
    "LogFormat",
    "LoadModule",
    "Listen",
    "Options",
    "AllowOverride",
    "Require",
    "Order",
    "Allow",
    "Deny",
    "Satisfy",
    "DirectoryIndex",
    "SetHandler",
    "FileETag",
    "php_",
];

/// Apache's syntax, from the first meaningful lines: its sections
/// (`<VirtualHost *:80>`, `</Directory>`) and its common modules' directives
/// (a file of `RewriteCond` or `SecRule` lines) outnumber nginx's `;`/`{` lines.
fn sniff_apache(text: &str) -> bool {
    let (mut apache, mut nginx) = (0usize, 0usize);
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .take(200)
    {
        // `<VirtualHost *:80>`, `</Directory>`: httpd's own sections only
        // (fail2ban's `<iptables>` tags are not).
        let section = line
            .strip_prefix("</")
            .or_else(|| line.strip_prefix('<'))
            .filter(|_| line.ends_with('>'))
            .map(|rest| {
                rest.split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or("")
            })
            .is_some_and(|name| {
                crate::apache::parse::KNOWN_SECTIONS
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(name))
            });
        if section {
            apache += 1;
        } else if line.ends_with(';') || line.ends_with('{') || line.ends_with('}') {
            nginx += 1;
        } else if line
            .split_whitespace()
            .next()
            .is_some_and(|w| APACHE_WORDS.iter().any(|p| w.starts_with(p)) && !w.contains('='))
        {
            apache += 1;
        }
    }
    apache > 0 && apache >= nginx
}

/// The context of a php-fpm file found in a repository: its directory (or the one
/// above a pool directory) stands for the usual php-fpm configuration directories.
fn fpm_in_place(c: &Confinement, f: &Path) -> (PathBuf, FpmContext) {
    let dir = f.parent().unwrap_or(Path::new("."));
    let conf_dir = if c.is_file(&dir.join("php-fpm.conf")) {
        dir
    } else {
        dir.parent()
            .filter(|p| c.is_file(&p.join("php-fpm.conf")))
            .unwrap_or(dir)
    }
    .to_path_buf();
    let ini = ["php.ini", "php/php.ini"]
        .iter()
        .map(|n| conf_dir.join(n))
        .find(|p| c.is_file(p));
    let scan = ["conf.d", "php/conf.d"]
        .iter()
        .map(|n| conf_dir.join(n))
        .find(|p| c.is_dir(p));
    (
        f.to_path_buf(),
        FpmContext {
            roots: RootMap {
                sysroot: None,
                partial: false,
                mounts: vec![
                    ("/usr/local/etc".into(), conf_dir.clone()),
                    ("/etc/php/*/fpm".into(), conf_dir.clone()),
                    ("/etc".into(), conf_dir),
                ],
            },
            prefix: "/usr/local".into(),
            php_ini: ini,
            php_ini_scan_dir: scan,
            ..Default::default()
        },
    )
}

fn single_file(plan: &mut Plan, f: &Path, opts: &Options) {
    let abs = absolute(f);
    allow_file(plan, &abs, opts);
    match classify_content(&plan.confine, &abs) {
        Kind::NginxMain | Kind::Nginx => {
            let (path, ctx) = single_nginx(plan, f, opts);
            plan.nginx(path, ctx)
        }
        Kind::FpmMain | Kind::FpmPool => {
            let (path, ctx) = single_fpm(plan, f, opts);
            plan.fpm(path, ctx)
        }
        Kind::Other if apache_fragment(&plan.confine, &abs).is_some() => {
            if let Some((path, mut ctx)) = apache_fragment(&plan.confine, &abs) {
                // In its sysroot (`/etc/apache2/sites-available/x.conf` on a
                // server), absolute paths resolve there and a missing include is
                // missing on that machine.
                if file_root(&abs, opts).is_some() {
                    ctx.roots = file_roots(&abs, opts);
                    ctx.repository = ctx.roots.partial_tree();
                }
                plan.loose_apache(path, ctx)
            }
        }
        Kind::PhpIni | Kind::Other => plan.problems.push(Problem {
            path: f.to_path_buf(),
            message: format!(
                "{}: not an nginx or php-fpm configuration file (name it with --nginx or --fpm)",
                f.display()
            ),
        }),
    }
}

/// The sysroot a file lies in: the directory above the `etc` (or
/// `usr/local/etc`) on its path that holds what a sysroot holds (`/` for
/// `/etc/nginx/nginx.conf` on a server).
fn enclosing_sysroot(abs: &Path) -> Option<PathBuf> {
    abs.ancestors().skip(1).find_map(|a| {
        if a.file_name()? != "etc" {
            return None;
        }
        let p = a.parent()?;
        let p = if p.ends_with("usr/local") {
            p.parent()?.parent()?
        } else {
            p
        };
        (sysroot_of(p).as_deref() == Some(p)).then(|| p.to_path_buf())
    })
}

/// The root a file named on the command line is read in: `--root`, else the
/// sysroot it lies in.
fn file_root(abs: &Path, opts: &Options) -> Option<PathBuf> {
    opts.root
        .as_deref()
        .map(absolute)
        .or_else(|| enclosing_sysroot(abs))
}

/// How the absolute paths of a file named on the command line map: under its
/// root (the identity for the live `/`).
fn file_roots(abs: &Path, opts: &Options) -> RootMap {
    match file_root(abs, opts) {
        Some(r) if r != Path::new("/") => RootMap::with_sysroot(r),
        _ => RootMap::identity(),
    }
}

/// A file named on the command line: read in its sysroot (`--root`, or the one
/// it lies in, as `/etc/nginx/nginx.conf` lies in `/`), so its includes resolve
/// as on its machine; else the file's directory (and, when the file is a link,
/// its target's). Files named one by one are one host: the user pairs them.
fn allow_file(plan: &mut Plan, abs: &Path, opts: &Options) {
    match file_root(abs, opts) {
        Some(root) => {
            plan.confine.add_root(&root, true);
            plan.host(host_name(&root, None), &root, true);
        }
        None => {
            plan.host("(files)".into(), Path::new(""), false);
            if let Some(dir) = abs.parent() {
                plan.confine.add_root(dir, false);
            }
            if let Some(dir) = std::fs::canonicalize(abs)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf))
            {
                plan.confine.add_root(&dir, false);
            }
        }
    }
}

fn single_nginx(plan: &mut Plan, f: &Path, opts: &Options) -> (PathBuf, NginxContext) {
    let abs = absolute(f);
    allow_file(plan, &abs, opts);
    let roots = file_roots(&abs, opts);
    let dir = abs.parent().unwrap_or(Path::new("/"));
    // The tree the file belongs to: the nearest directory above it holding
    // nginx.conf (a site in sites-enabled/ resolves `snippets/...` from there).
    let tree_dir = if plan.confine.is_empty() {
        dir
    } else {
        dir.ancestors()
            .take(4)
            .find(|d| plan.confine.is_file(&d.join("nginx.conf")))
            .unwrap_or(dir)
    };
    let conf_prefix = roots
        .unmap(tree_dir)
        .unwrap_or_else(|| tree_dir.to_path_buf());
    (
        abs,
        NginxContext {
            roots,
            conf_prefix: conf_prefix.to_string_lossy().into(),
        },
    )
}

fn single_fpm(plan: &mut Plan, f: &Path, opts: &Options) -> (PathBuf, FpmContext) {
    let abs = absolute(f);
    allow_file(plan, &abs, opts);
    let roots = file_roots(&abs, opts);
    (
        abs,
        FpmContext {
            roots,
            prefix: "/usr".into(),
            php_ini: None,
            php_ini_scan_dir: None,
            ..Default::default()
        },
    )
}

fn absolute(f: &Path) -> PathBuf {
    if f.is_absolute() {
        paths::normalize(f)
    } else {
        std::env::current_dir()
            .map(|d| paths::normalize(&d.join(f)))
            .unwrap_or_else(|_| f.to_path_buf())
    }
}

fn parent_str(p: &str) -> String {
    Path::new(p)
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|| "/".into())
}

/// Standard input: a single file, or `nginx -T` output split back into files.
fn stdin(plan: &mut Plan) {
    let cap = plan
        .max_file_size
        .unwrap_or(crate::source::DEFAULT_MAX_FILE_SIZE);
    let bytes = match crate::confine::read_stdin(cap) {
        Ok(b) => b,
        Err(e) => {
            plan.problems.push(Problem {
                path: "-".into(),
                message: format!("cannot check standard input: {e}"),
            });
            return;
        }
    };
    let files = split_nginx_t(&bytes);
    if let Some((first, _)) = files.first() {
        let ctx = NginxContext {
            roots: RootMap::identity(),
            conf_prefix: parent_str(&first.to_string_lossy()),
        };
        let path = first.clone();
        plan.virtual_files.extend(files);
        plan.host("-".into(), Path::new("-"), false);
        plan.nginx(path, ctx);
        return;
    }
    let path = PathBuf::from("<stdin>");
    let kind = sniff(&String::from_utf8_lossy(&bytes));
    plan.virtual_files.push((path.clone(), bytes));
    let ctx = NginxContext {
        roots: RootMap::identity(),
        conf_prefix: "/etc/nginx".into(),
    };
    plan.host("-".into(), Path::new("-"), false);
    match kind {
        Kind::FpmMain | Kind::FpmPool => plan.fpm(
            path,
            FpmContext {
                roots: RootMap::identity(),
                prefix: "/usr".into(),
                php_ini: None,
                php_ini_scan_dir: None,
                ..Default::default()
            },
        ),
        _ => plan.nginx(path, ctx),
    }
}

/// Split `nginx -T` output (`# configuration file /path:` headers) into files.
pub fn split_nginx_t(bytes: &[u8]) -> Vec<(PathBuf, Vec<u8>)> {
    const MARK: &[u8] = b"# configuration file ";
    let mut out: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut pos = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let trimmed = line.strip_suffix(b"\n").unwrap_or(line);
        let trimmed = trimmed.strip_suffix(b"\r").unwrap_or(trimmed);
        if trimmed.starts_with(MARK) && trimmed.ends_with(b":") {
            let path = &trimmed[MARK.len()..trimmed.len() - 1];
            out.push((
                PathBuf::from(String::from_utf8_lossy(path).into_owned()),
                Vec::new(),
            ));
        } else if let Some((_, body)) = out.last_mut() {
            body.extend_from_slice(line);
        }
        pos += line.len();
    }
    let _ = pos;
    // nginx -T prints a blank line after each file: drop it.
    for (_, body) in &mut out {
        if body.ends_with(b"\n\n") {
            body.pop();
        }
    }
    out
}

/// Directories a walk does not enter: version control and build output.
/// Other dot-folders (`.docker`, `.deploy`) are read: configs live there.
const SKIPPED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".bzr",
    ".venv",
    ".tox",
    ".cache",
    "target",
    "node_modules",
    "__pycache__",
];

/// Files under a directory, sorted, skipping hidden files, build output and
/// anything unreadable or outside the linted tree (reported).
fn walk_files(dir: &Path, plan: &mut Plan) -> Vec<PathBuf> {
    if !plan.confine.is_dir(dir) {
        return Vec::new();
    }
    let mut keep = plan.exclude.walker(dir, &plan.confine);
    let (files, problems) = plan.confine.walk(dir, &mut |path, name, is_dir| {
        !(is_dir && SKIPPED_DIRS.contains(&name)) && keep.keep(path, is_dir)
    });
    for (path, e) in problems {
        // A link out of the tree (or a device, a FIFO) under a name no config
        // has (`etc/mysql/my.cnf -> /etc/alternatives/my.cnf`): fpmlint would
        // never read it, so it cannot leave the check incomplete.
        if matches!(
            e,
            crate::source::LoadError::OutsideRoot | crate::source::LoadError::NotRegular(_)
        ) && !candidate_name(&path)
        {
            plan.skipped.push((
                path,
                "not an nginx or php-fpm file by its name, and not readable inside the linted tree",
            ));
            continue;
        }
        let message = match e {
            crate::source::LoadError::SymlinkLoop => {
                format!("{}: symbolic link loop, not followed", path.display())
            }
            e => format!("cannot read {}: {e}", path.display()),
        };
        plan.problems.push(Problem { path, message });
    }
    plan.classify_ahead(&files);
    files
}

/// A glob's matches under the confinement; directories it could not read are
/// reported.
fn glob(plan: &mut Plan, pattern: &Path) -> Vec<PathBuf> {
    let m = plan.confine.glob(pattern);
    for (path, e) in m.unreadable {
        plan.problems.push(Problem {
            message: format!("cannot read {}: {e}", path.display()),
            path,
        });
    }
    m.files
}

fn file_name(f: &Path) -> String {
    f.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// The main files, known by name alone.
fn kind_by_name(name: &str) -> Option<Kind> {
    match name {
        "nginx.conf" => Some(Kind::NginxMain),
        "php-fpm.conf" => Some(Kind::FpmMain),
        _ => None,
    }
}

/// What kind of config a file is, from its name and place, then its content.
pub fn classify(c: &Confinement, f: &Path) -> Kind {
    // A template is no config, whatever its name (`tpls/etc/nginx/nginx.conf`
    // with `@UPLOAD_MAX_SIZE@` in it).
    if candidate_name(f) && is_template(c, f) {
        return Kind::Other;
    }
    let name = file_name(f);
    if let Some(k) = kind_by_name(&name) {
        return k;
    }
    if name.starts_with("php.ini") || name.ends_with(".ini") {
        return Kind::PhpIni;
    }
    // Apache httpd's files: read from their main file, never as nginx's.
    if matches!(name.as_str(), "apache2.conf" | "httpd.conf")
        || f.ancestors().skip(1).any(|a| {
            a.file_name()
                .is_some_and(|n| n == "apache2" || n == "httpd")
        })
    {
        return Kind::Other;
    }
    if !candidate_name(f) {
        return Kind::Other;
    }
    let parent = parent_name(f);
    if ["pool.d", "php-fpm.d"].contains(&parent.as_str()) {
        return Kind::FpmPool;
    }
    classify_content(c, f)
}

fn parent_name(f: &Path) -> String {
    f.parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Whether a file's name or place can make it an nginx or php-fpm config.
fn candidate_name(f: &Path) -> bool {
    let name = file_name(f);
    if kind_by_name(&name).is_some() || name.starts_with("php.ini") || name.ends_with(".ini") {
        return true;
    }
    let parent = parent_name(f);
    let in_dir = |names: &[&str]| names.contains(&parent.as_str());
    let nginx_name = matches!(
        name.as_str(),
        "fastcgi_params"
            | "fastcgi.conf"
            | "proxy_params"
            | "uwsgi_params"
            | "scgi_params"
            | "mime.types"
    );
    nginx_name
        || name.ends_with(".conf")
        || name.ends_with(".nginx")
        || name.ends_with(".vhost")
        || in_dir(&[
            "sites-enabled",
            "sites-available",
            "conf.d",
            "snippets",
            "default.d",
        ])
}

/// True when the directory `path` is, or lies in, a `templates` (`template`,
/// `tpls`, `tpl`) directory below `dir`: files an entry point renders (envsubst, gomplate, sed) into
/// the places the programs read.
fn in_template_dir(dir: &Path, path: &Path) -> bool {
    path.strip_prefix(dir).is_ok_and(|rel| {
        rel.components().any(|c| {
            matches!(
                c.as_os_str().to_str(),
                Some("templates" | "template" | "tpls" | "tpl")
            )
        })
    })
}

fn is_template(c: &Confinement, f: &Path) -> bool {
    c.sniff(f, 256 * 1024, |b| template_marker_bytes(b).is_some())
        .unwrap_or(false)
}

/// Why a file a walk met is not linted.
fn skip_reason(c: &Confinement, f: &Path) -> &'static str {
    if candidate_name(f) && is_template(c, f) {
        "a template (placeholders such as {{ }}, {name} or @NAME@): lint the file it renders to"
    } else if apache_fragment(c, f).is_some() {
        "an Apache file that no Apache main file of its host includes"
    } else {
        "not an nginx or php-fpm file"
    }
}

/// Decide from the text.
fn classify_content(c: &Confinement, f: &Path) -> Kind {
    if let Some(k) = kind_by_name(&file_name(f)) {
        return k;
    }
    // The first lines decide: read a bounded prefix, never a whole huge file
    // (the loader reports files over the size cap).
    const SNIFF_BYTES: u64 = 256 * 1024;
    c.sniff(f, SNIFF_BYTES, |mut bytes| {
        if bytes.len() as u64 == SNIFF_BYTES {
            // Keep whole lines only.
            if let Some(nl) = memchr::memrchr(b'\n', bytes) {
                bytes = &bytes[..nl + 1];
            }
        }
        if memchr::memchr(0, bytes).is_some() {
            return Kind::Nginx;
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => sniff(text),
            Err(_) => sniff(&String::from_utf8_lossy(bytes)),
        }
    })
    // Unreadable: let the loader report why.
    .unwrap_or(Kind::Nginx)
}

/// nginx or php-fpm, from the first meaningful lines: each line votes for the
/// syntax it fits: `key = value` with a key php-fpm knows, for php-fpm (other INI
/// files, such as supervisord's, are neither); `name args;`, `name {` and `}` for
/// nginx. `[global]` and a top-level `http`/`events` decide.
pub fn sniff(text: &str) -> Kind {
    if template_marker(text).is_some() {
        return Kind::Other;
    }
    // JSON named *.conf (CNI, some exporters): no nginx file starts with a brace.
    let trimmed = text.trim_start();
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && serde_json::from_str::<serde_json::Value>(text).is_ok()
    {
        return Kind::Other;
    }
    // SOGo's property lists and the like: an nginx file cannot open with a
    // brace or a parenthesis.
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("//"));
    if first.is_some_and(|l| l.starts_with('{') || l.starts_with('(')) {
        return Kind::Other;
    }
    let (mut fpm_keys, mut other_keys, mut sections, mut nginx) = (0usize, 0usize, 0usize, 0usize);
    // Lines no nginx file has: syslog-ng's `@version:` and `};` and
    // `name(args);` calls, UCL's `key = {` (rspamd).
    let mut foreign = 0usize;
    // Statements ending in `;`: the one shape only nginx of these syntaxes has.
    // `key: value` lines belong to YAML-like configs (NATS, Caddy's JSON...).
    let (mut nginx_statements, mut openers, mut colon_keys) = (0usize, 0usize, 0usize);
    let mut nginx_main = false;
    let mut global = false;
    // `<VirtualHost *:80>`, `</Directory>`: Apache httpd's sections.
    let mut apache = 0usize;
    let meaningful = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with(';'))
        .take(200);
    for line in meaningful {
        if line.starts_with('[') && line.ends_with(']') {
            // `[global]` is php-fpm's main section, and pip's, and others':
            // its keys decide.
            global |= line.eq_ignore_ascii_case("[global]");
            sections += 1;
            continue;
        }
        if is_foreign_line(line) {
            foreign += 1;
            continue;
        }
        // A brace is nginx's whatever comes before it (`location = /x {`,
        // one-line blocks `location /x { deny all; }`).
        if line.ends_with('{') || (line.ends_with('}') && line.contains(';')) {
            nginx += 1;
            nginx_statements += usize::from(line.contains(';'));
            openers += usize::from(line.ends_with('{'));
            let word = line
                .split(|c: char| c.is_whitespace() || c == '{')
                .next()
                .unwrap_or("");
            if matches!(word, "http" | "events") {
                nginx_main = true;
            }
            continue;
        }
        let key_len = line
            .find(|c: char| !(c.is_ascii_alphanumeric() || "_.-[]".contains(c)))
            .unwrap_or(line.len());
        if key_len > 0 && line[key_len..].trim_start().starts_with('=') {
            let key = &line[..key_len];
            let base = key.split('[').next().unwrap_or(key);
            let known = crate::fpm::keys::pool_key(key).is_some()
                || crate::fpm::keys::global_key(key).is_some()
                || crate::fpm::keys::is_array_key(base)
                || key == "include";
            if known {
                fpm_keys += 1;
            } else {
                other_keys += 1;
            }
            continue;
        }
        if line.starts_with("</")
            || (line.starts_with('<') && line[1..].starts_with(|c: char| c.is_ascii_alphabetic()))
        {
            apache += 1;
            continue;
        }
        if key_len > 0
            && !line.ends_with(';')
            && line[key_len..].starts_with(':')
            && !line[key_len..].starts_with("::")
        {
            colon_keys += 1;
            continue;
        }
        if line.ends_with(';') || line.ends_with('{') || line.ends_with('}') {
            nginx += 1;
            nginx_statements += usize::from(line.ends_with(';'));
            openers += usize::from(line.ends_with('{'));
            let word = line
                .split(|c: char| c.is_whitespace() || c == '{')
                .next()
                .unwrap_or("");
            if matches!(word, "http" | "events" | "worker_processes") {
                nginx_main = true;
            }
        }
    }
    // Braces alone around `key = value` or `key: value` lines (Sphinx,
    // Manticore, NATS, HAProxy-like files named *.conf) are not nginx.
    if !nginx_main
        && nginx + foreign > 0
        && sections == 0
        && ((foreign > 0 && foreign >= nginx_statements)
            || (nginx_statements == 0 && fpm_keys + other_keys + colon_keys > openers))
    {
        return Kind::Other;
    }
    let fpm = if fpm_keys > 0 && fpm_keys >= other_keys {
        fpm_keys + 2 * sections
    } else {
        0
    };
    if global && fpm > 0 {
        return Kind::FpmMain;
    }
    if apache > 0 && apache >= nginx {
        Kind::Other
    } else if nginx_main && nginx >= fpm {
        Kind::NginxMain
    } else if nginx > fpm {
        Kind::Nginx
    } else if fpm > 0 {
        Kind::FpmPool
    } else {
        Kind::Other
    }
}

/// The placeholder syntax of a template (Go, Jinja, Mustache `{{ }}`, Jinja's
/// `{% %}`, `{name}`, `@NAME@`), when a line outside comments has one: such a
/// file is rendered into the config the program reads, and is not one itself.
pub fn template_marker(text: &str) -> Option<&'static str> {
    template_marker_bytes(text.as_bytes())
}

/// [`template_marker`] on bytes, decoded (lossily) only on the lines that
/// may hold a placeholder: every marker has a `{` or an `@`.
pub fn template_marker_bytes(text: &[u8]) -> Option<&'static str> {
    let text = first_lines(text, 2000);
    let mut from = 0;
    while let Some(hit) = memchr::memchr2(b'{', b'@', &text[from..]) {
        let hit = from + hit;
        let start = memchr::memrchr(b'\n', &text[..hit]).map_or(0, |nl| nl + 1);
        let end = memchr::memchr(b'\n', &text[hit..]).map_or(text.len(), |nl| hit + nl);
        from = end;
        let line = String::from_utf8_lossy(&text[start..end]);
        let line = line.trim();
        if line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(a) = line.find("{{") {
            if line[a..].contains("}}") {
                return Some("{{ }}");
            }
        }
        if let Some(a) = line.find("{%") {
            if line[a..].contains("%}") {
                return Some("{% %}");
            }
        }
        let b = line.as_bytes();
        for (i, _) in line.match_indices('{') {
            // A placeholder starts a value: `{name}`, `"{name}/x"`; never
            // nginx's `${var}`, Apache's `%{VAR}` or a regex's `\p{N}`.
            if i > 0 && !b" \t\"'/=:".contains(&b[i - 1]) {
                continue;
            }
            let rest = &line[i + 1..];
            let Some(end) = rest.find('}') else { continue };
            let word = &rest[..end];
            if word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Some("{name}");
            }
        }
        for tok in line.split(|c: char| c.is_whitespace() || c == ';' || c == '=') {
            if tok.len() > 2
                && tok.starts_with('@')
                && tok.ends_with('@')
                && tok[1..tok.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            {
                return Some("@NAME@");
            }
        }
    }
    None
}

/// The first `n` lines of `text` (without the newline that ends the last).
/// Newlines are counted a block at a time (memchr's vectorised count) until
/// the block that holds the n-th, then found one by one there: most files are
/// shorter than `n` lines.
fn first_lines(text: &[u8], n: usize) -> &[u8] {
    const BLOCK: usize = 16 * 1024;
    let mut seen = 0;
    for (i, block) in text.chunks(BLOCK).enumerate() {
        let here = memchr::memchr_iter(b'\n', block).count();
        if seen + here >= n {
            let nl = memchr::memchr_iter(b'\n', block)
                .nth(n - seen - 1)
                .map_or(block.len(), |nl| nl);
            return &text[..i * BLOCK + nl];
        }
        seen += here;
    }
    text
}

/// A line of a brace-structured syntax that is not nginx's.
fn is_foreign_line(line: &str) -> bool {
    if line.starts_with('@') || line.starts_with("};") {
        return true;
    }
    let word_len = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_-".contains(c)))
        .unwrap_or(line.len());
    let (word, rest) = line.split_at(word_len);
    if word.is_empty() {
        return false;
    }
    // `chain_hostnames(off);`, `unix-dgram("/dev/log");` (nginx writes
    // `if (...)`, and `if(...)` is no call).
    if rest.starts_with('(') && word != "if" && (line.ends_with(';') || line.ends_with(')')) {
        return true;
    }
    // `bad_extensions = {`, `ip_reputation = {`
    let rest = rest.trim_start();
    (rest.starts_with('=') || rest.starts_with(':')) && rest[1..].trim() == "{"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_nginx_t_output() {
        let t = b"nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n# configuration file /etc/nginx/nginx.conf:\nuser x;\ninclude a.conf;\n\n# configuration file /etc/nginx/a.conf:\nworker_processes 1;\n\n";
        let files = split_nginx_t(t);
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].0, PathBuf::from("/etc/nginx/nginx.conf"));
        assert_eq!(files[0].1, b"user x;\ninclude a.conf;\n");
        assert_eq!(files[1].1, b"worker_processes 1;\n");
    }

    #[test]
    fn first_lines_cuts_before_the_nth_newline() {
        let reference = |t: &[u8], n: usize| -> usize {
            memchr::memchr_iter(b'\n', t).nth(n - 1).unwrap_or(t.len())
        };
        let line = b"ab\n";
        for (lines, n) in [
            (0, 3),
            (2, 3),
            (3, 3),
            (4, 3),
            (10_000, 2000),
            (1999, 2000),
            (2000, 2000),
        ] {
            let mut t = line.repeat(lines);
            t.extend_from_slice(b"tail");
            assert_eq!(
                first_lines(&t, n).len(),
                reference(&t, n),
                "{lines} lines, first {n}"
            );
        }
        // Lines longer than a block, and a newline at a block's last byte.
        let mut t = vec![b'x'; 16 * 1024 - 1];
        t.push(b'\n');
        t.extend(vec![b'y'; 40_000]);
        t.push(b'\n');
        t.extend_from_slice(b"z\n");
        for n in 1..=4 {
            assert_eq!(first_lines(&t, n).len(), reference(&t, n), "first {n}");
        }
    }

    #[test]
    fn sniffs_kinds() {
        assert_eq!(sniff("[www]\nlisten = 9000\n"), Kind::FpmPool);
        assert_eq!(sniff("; c\n[global]\npid = x\n"), Kind::FpmMain);
        assert_eq!(sniff("server {\n listen 80;\n}\n"), Kind::Nginx);
        assert_eq!(sniff("# c\nhttp {\n}\n"), Kind::NginxMain);
        // A pool whose values end with a stray ';' is still a pool.
        assert_eq!(
            sniff(
                "[www]\npm = ondemand\npm.process_idle_timeout = 10s;\nlisten = /run/php.sock;\n"
            ),
            Kind::FpmPool
        );
        assert_eq!(
            sniff("location / {\n  if ($a = b) { return 403; }\n}\n"),
            Kind::Nginx
        );
        // Brace-structured configs of other programs are not nginx's.
        assert_eq!(
            sniff("index rt {\n    type = rt\n    path = /var/lib/x\n}\nsearchd {\n    listen = 9312\n    log = /var/log/s.log\n}\n"),
            Kind::Other
        );
        assert_eq!(
            sniff("location = /robots.txt { access_log off; deny all; }\nlocation ~ /x { deny all; }\n"),
            Kind::Nginx
        );
        assert_eq!(
            sniff(
                "port: 4222\ncluster {\n  port: 6222\n  authorization {\n    user: ruser\n  }\n}\n"
            ),
            Kind::Other
        );
        assert_eq!(
            sniff("{\n  \"cniVersion\": \"0.3.1\",\n  \"type\": \"loopback\"\n}\n"),
            Kind::Other
        );
        // syslog-ng, rspamd's UCL, SOGo's property list.
        assert_eq!(
            sniff("@version: 4.5\n@include \"scl.conf\"\noptions {\n  chain_hostnames(off);\n  use_dns(no);\n};\nsource s { unix-dgram(\"/dev/log\"); };\nlog { source(s); destination(d); };\n"),
            Kind::Other
        );
        assert_eq!(
            sniff("symbols = {\n    \"LOCAL_FUZZY_UNKNOWN\" {\n        weight = 0.1;\n    }\n}\n"),
            Kind::Other
        );
        assert_eq!(
            sniff("bad_extensions = {\n  apk = 4,\n  appx = 4,\n};\n"),
            Kind::Other
        );
        assert_eq!(
            sniff("{\n    SOGoCalendarDefaultRoles = (\n        PublicViewer\n    );\n}\n"),
            Kind::Other
        );
        assert_eq!(
            sniff("server {\n  if($request_method = POST) { return 405; }\n  location @fallback { proxy_pass http://x; }\n}\n"),
            Kind::Nginx
        );
        // Templates are not configs.
        for t in [
            "server {\n  listen 80;\n  {{ if .Https }}listen 443 ssl;{{ end }}\n}\n",
            "server {\n  listen 80;\n  server_name {vvv_hosts};\n}\n",
            "[www]\nlisten = 9000\npm.max_children = @FPM_PM_MAX_CHILDREN@\n",
            "{% if x %}\nserver { listen 80; }\n{% endif %}\n",
        ] {
            assert_eq!(sniff(t), Kind::Other, "{t}");
            assert!(template_marker(t).is_some(), "{t}");
        }
        // nginx's own ${var}, regex counts and classes are no placeholders.
        assert_eq!(
            sniff("server {\n  location ~ \"^/a{2}\\p{N}\" { return 200 \"${host}\"; }\n}\n"),
            Kind::Nginx
        );
        // pip's `[global]` is not php-fpm's.
        assert_eq!(
            sniff("[global]\nindex-url = https://pypi.example/simple\n[list]\nformat = columns\n"),
            Kind::Other
        );
        // Other INI files are not php-fpm's.
        assert_eq!(
            sniff("[supervisord]\nnodaemon=true\n[program:php-fpm]\ncommand=php-fpm -F\nautostart=true\n"),
            Kind::Other
        );
    }
}
