//! The machine the configurations run on, as far as the linted root shows it:
//! users and groups from `etc/passwd` and `etc/group`, and the php-fpm and nginx
//! systemd units (with their drop-ins): `PrivateTmp=`, `User=`, `Group=`,
//! `RuntimeDirectory=`, `Environment=` and `EnvironmentFile=`; and the kernel
//! settings of sysctl.d (`net.core.somaxconn`...).
//!
//! Only a sysroot (or a live `/`) has these files; a repository of config files
//! does not, and the rules then say that they could not check.

use std::path::{Path, PathBuf};

use crate::deploy::env::{EnvOrigin, Environment};
use crate::paths::RootMap;
use crate::source::{FileId, SourceMap, Span};

/// One line of `etc/group`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub gid: Option<u32>,
    pub members: Vec<String>,
    pub span: Span,
}

/// One line of `etc/passwd`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    pub span: Span,
}

/// One value of a unit setting and the line that set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitValue {
    pub value: String,
    /// The whole `Key=value` line.
    pub span: Span,
}

/// A systemd unit and the `[Service]` settings fpmlint reads, after its drop-ins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// `php8.2-fpm.service`, `nginx.service`.
    pub name: String,
    /// The unit file (the one systemd uses: /etc over /usr/lib and /lib).
    pub file: FileId,
    /// The drop-ins applied, in systemd's order.
    pub dropins: Vec<FileId>,
    /// The last `PrivateTmp=` in `[Service]` across the unit and its drop-ins,
    /// with the line that set it; `None`: unset (systemd's default, off).
    pub private_tmp: Option<(bool, Span)>,
    /// `User=`: the user the main process runs as; `None`: root.
    pub user: Option<UnitValue>,
    /// `Group=`; `None`: the user's primary group.
    pub group: Option<UnitValue>,
    /// `RuntimeDirectory=` entries, relative to /run (systemd creates them).
    pub runtime_directory: Vec<UnitValue>,
    /// `Environment=` assignments, in order (a later one of a name wins).
    pub environment: Vec<(String, UnitValue)>,
    /// `EnvironmentFile=` entries (a leading `-`: the file may be missing).
    pub environment_files: Vec<UnitValue>,
    /// `MemoryMax=`: the cgroup memory limit of the unit's processes, as written
    /// (`2G`, `512M`, `infinity`, `80%`); the last assignment wins, an empty one
    /// resets it.
    pub memory_max: Option<UnitValue>,
}

impl Unit {
    fn new(name: String, file: FileId) -> Unit {
        Unit {
            name,
            file,
            dropins: Vec::new(),
            private_tmp: None,
            user: None,
            group: None,
            runtime_directory: Vec::new(),
            environment: Vec::new(),
            environment_files: Vec::new(),
            memory_max: None,
        }
    }

    /// `MemoryMax=` in bytes: a number with an optional K, M, G, T suffix (base
    /// 1024). `None` when unset, `infinity`, a percentage (of a RAM size fpmlint
    /// does not know) or unreadable.
    pub fn memory_max_bytes(&self) -> Option<u64> {
        parse_bytes(&self.memory_max.as_ref()?.value)
    }

    /// True when the main process runs as root: no `User=`, or `User=root` / `0`.
    pub fn runs_as_root(&self) -> bool {
        self.user
            .as_ref()
            .is_none_or(|u| u.value == "root" || u.value == "0")
    }

    /// The value of an `Environment=` variable (the last assignment).
    pub fn env(&self, name: &str) -> Option<&UnitValue> {
        self.environment
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// True for a php-fpm unit (not nginx.service).
    pub fn is_fpm(&self) -> bool {
        self.name != "nginx.service"
    }
}

/// What the linted root says about its machine.
#[derive(Clone, Debug, Default)]
pub struct System {
    /// The directory standing for `/`.
    pub root: PathBuf,
    /// `etc/group`, when present.
    pub group_file: Option<FileId>,
    pub groups: Vec<Group>,
    /// `etc/passwd`, when present.
    pub passwd_file: Option<FileId>,
    pub users: Vec<User>,
    pub units: Vec<Unit>,
    /// Where else the host looks up accounts: the `passwd:` and `group:` sources
    /// of etc/nsswitch.conf other than files, compat and systemd (`ldap`, `sss`,
    /// `nis`...), and `nis` for `+`/`-` lines of etc/passwd or etc/group.
    pub other_account_sources: Vec<String>,
    /// Kernel settings from sysctl.d and etc/sysctl.conf, by key with `/` read as
    /// `.`, each with the line that set it last (systemd-sysctl's order).
    pub sysctl: std::collections::BTreeMap<String, UnitValue>,
    /// The machine's memory in bytes, with its line: `MemTotal:` of /proc/meminfo,
    /// read only when the root is the running machine's `/`.
    pub memory: Option<(u64, UnitValue)>,
    /// The first user and group of each name, indexed on first use: a hosting
    /// host asks for thousands of accounts among thousands.
    user_index: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
    group_index: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
}

/// The position of the first of each name (as a search from the start finds).
fn first_of<'a>(names: impl Iterator<Item = &'a str>) -> std::collections::HashMap<String, usize> {
    let mut m = std::collections::HashMap::new();
    for (i, n) in names.enumerate() {
        m.entry(n.to_string()).or_insert(i);
    }
    m
}

impl System {
    pub fn group(&self, name: &str) -> Option<&Group> {
        let index = self
            .group_index
            .get_or_init(|| first_of(self.groups.iter().map(|g| g.name.as_str())));
        index.get(name).map(|&i| &self.groups[i])
    }
    pub fn group_by_gid(&self, gid: u32) -> Option<&Group> {
        self.groups.iter().find(|g| g.gid == Some(gid))
    }
    pub fn user(&self, name: &str) -> Option<&User> {
        let index = self
            .user_index
            .get_or_init(|| first_of(self.users.iter().map(|u| u.name.as_str())));
        index.get(name).map(|&i| &self.users[i])
    }

    /// The groups a process gets from `initgroups(user, group)`: `group` itself and
    /// every group of etc/group listing `user`. `None` when there is no etc/group.
    pub fn groups_of(&self, user: &str, group: &str) -> Option<Vec<String>> {
        self.group_file?;
        let mut v = vec![group.to_string()];
        for g in &self.groups {
            if g.members.iter().any(|m| m == user) && !v.contains(&g.name) {
                v.push(g.name.clone());
            }
        }
        Some(v)
    }

    /// The primary group name of a user (from etc/passwd and etc/group).
    pub fn primary_group(&self, user: &str) -> Option<String> {
        let gid = self.user(user)?.gid?;
        self.group_by_gid(gid).map(|g| g.name.clone())
    }

    /// A kernel setting the root's sysctl files set (`net.core.somaxconn`).
    pub fn sysctl(&self, key: &str) -> Option<&UnitValue> {
        self.sysctl.get(&key.replace('/', "."))
    }

    pub fn unit(&self, name: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.name == name)
    }

    /// The php-fpm units that may run the configuration at `config_path` (its
    /// php-fpm.conf, as a path under the root): `php8.2-fpm.service` for a Debian
    /// tree of 8.2, else every php*fpm*.service of the root.
    pub fn fpm_units(&self, config_path: &str) -> Vec<&Unit> {
        let config_path = config_path.replace('\\', "/");
        let versioned: Vec<&Unit> = self
            .units
            .iter()
            .filter(|u| u.is_fpm())
            .filter(|u| {
                u.name
                    .strip_prefix("php")
                    .and_then(|r| r.strip_suffix("-fpm.service"))
                    .is_some_and(|v| !v.is_empty() && config_path.contains(&format!("/php/{v}/")))
            })
            .collect();
        if !versioned.is_empty() {
            return versioned;
        }
        self.units.iter().filter(|u| u.is_fpm()).collect()
    }
}

impl System {
    /// What the php-fpm unit that runs the configuration at `config_path` says of
    /// its master: its environment (`Environment=`, then `EnvironmentFile=`,
    /// whose values win) and `User=`. None unless exactly one unit runs it.
    pub fn fpm_master(
        &self,
        sources: &mut SourceMap,
        config_path: &str,
    ) -> Option<(Environment, Option<(String, EnvOrigin)>)> {
        let units = self.fpm_units(config_path);
        let [unit] = units.as_slice() else {
            return None;
        };
        let origin = |sources: &SourceMap, span: Span, what: &str| {
            let f = sources.get(span.file);
            EnvOrigin {
                path: f.path.clone(),
                line: f.line_col(span.start as usize).0,
                what: what.into(),
            }
        };
        let mut env = Environment {
            looked_in: format!(
                "systemd unit {} (Environment=, EnvironmentFile=)",
                unit.name
            ),
            ..Environment::default()
        };
        for (name, v) in &unit.environment {
            env.set(
                name,
                v.value.clone(),
                origin(sources, v.span, "Environment="),
            );
        }
        let roots = if self.root == Path::new("/") {
            RootMap::identity()
        } else {
            RootMap::with_sysroot(&self.root)
        };
        for f in &unit.environment_files {
            let path = f.value.trim_start_matches('-');
            let Ok(id) = sources.load(&roots.map(path)) else {
                continue;
            };
            let file = sources.get(id);
            for (k, v, line) in crate::deploy::env::env_file(&file.text) {
                env.set(
                    &k,
                    v,
                    EnvOrigin {
                        path: file.path.clone(),
                        line,
                        what: "EnvironmentFile=".into(),
                    },
                );
            }
        }
        let user = unit
            .user
            .as_ref()
            .map(|u| (u.value.clone(), origin(sources, u.span, "User=")));
        Some((env, user))
    }
}

/// Unit directories, lowest precedence first.
const UNIT_DIRS: &[&str] = &[
    "/lib/systemd/system",
    "/usr/lib/systemd/system",
    "/etc/systemd/system",
];

/// The accounts of an official image, for a host whose repository carries no
/// etc/passwd and etc/group: what the image's base distribution ships and what
/// its Dockerfile adds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageAccounts {
    pub users: Vec<&'static str>,
    pub groups: Vec<&'static str>,
    /// The assumption, as a finding states it: `the accounts of the image
    /// nginx:1.27-alpine (Alpine's base accounts, and nginx (uid 101) its
    /// Dockerfile creates)`.
    pub describe: String,
    /// The web account the image's own configuration uses (`nginx`, `www-data`).
    pub web: &'static str,
}

/// Debian's base-passwd (the official images' Debian base).
const DEBIAN_USERS: &[&str] = &[
    "root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy",
    "www-data", "backup", "list", "irc", "gnats", "_apt", "nobody",
];
const DEBIAN_GROUPS: &[&str] = &[
    "root", "daemon", "bin", "sys", "adm", "tty", "disk", "lp", "mail", "news", "uucp", "man",
    "proxy", "kmem", "dialout", "fax", "voice", "cdrom", "floppy", "tape", "sudo", "audio", "dip",
    "www-data", "backup", "operator", "list", "irc", "src", "gnats", "shadow", "utmp", "video",
    "sasl", "plugdev", "staff", "games", "users", "nogroup",
];
/// alpine-baselayout's accounts (its older releases' too: a name either has
/// is taken as present).
const ALPINE_USERS: &[&str] = &[
    "root",
    "bin",
    "daemon",
    "adm",
    "lp",
    "sync",
    "shutdown",
    "halt",
    "mail",
    "news",
    "uucp",
    "operator",
    "man",
    "postmaster",
    "cron",
    "ftp",
    "sshd",
    "at",
    "squid",
    "xfs",
    "games",
    "cyrus",
    "vpopmail",
    "ntp",
    "smmsp",
    "guest",
    "nobody",
];
const ALPINE_GROUPS: &[&str] = &[
    "root", "bin", "daemon", "sys", "adm", "tty", "disk", "lp", "mem", "kmem", "wheel", "floppy",
    "mail", "news", "uucp", "man", "cron", "console", "audio", "cdrom", "dialout", "ftp", "sshd",
    "input", "at", "tape", "video", "netdev", "readproc", "squid", "xfs", "kvm", "games", "shadow",
    "cdrw", "www-data", "users", "vpopmail", "ntp", "smmsp", "locate", "abuild", "utmp", "ping",
    "nogroup", "nobody",
];

/// The accounts of a compose service's official image (nginx, php-fpm),
/// when its Dockerfile (if any) adds none.
pub fn image_accounts(service: &crate::deploy::Service) -> Option<ImageAccounts> {
    use crate::deploy::Program;
    if service.adds_accounts {
        return None;
    }
    let tag = service
        .image
        .rsplit_once(':')
        .filter(|(_, t)| !t.contains('/'))
        .map_or("latest", |(_, t)| t);
    let alpine = tag.contains("alpine");
    let (base, mut users, mut groups) = if alpine {
        (
            "Alpine's base accounts",
            ALPINE_USERS.to_vec(),
            ALPINE_GROUPS.to_vec(),
        )
    } else {
        (
            "Debian's base accounts",
            DEBIAN_USERS.to_vec(),
            DEBIAN_GROUPS.to_vec(),
        )
    };
    let (added, web) = match &service.program {
        Program::Nginx {
            unprivileged: false,
            ..
        } => {
            users.push("nginx");
            groups.push("nginx");
            (
                ", and nginx (uid 101, group nginx) its Dockerfile creates",
                "nginx",
            )
        }
        Program::Fpm { .. } if alpine => {
            users.push("www-data");
            (", and www-data (uid 82) its Dockerfile creates", "www-data")
        }
        Program::Fpm { .. } => ("", "www-data"),
        _ => return None,
    };
    Some(ImageAccounts {
        users,
        groups,
        describe: format!(
            "the accounts of the image {} ({base}{added})",
            service.image
        ),
        web,
    })
}

/// A distribution a tree's layout names, for a host whose tree carries no
/// etc/passwd and etc/group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Distro {
    Debian,
    Rhel,
    Alpine,
}

/// RHEL's `setup` package (Fedora, Rocky, Alma alike).
const RHEL_USERS: &[&str] = &[
    "root", "bin", "daemon", "adm", "lp", "sync", "shutdown", "halt", "mail", "operator", "games",
    "ftp", "nobody",
];
const RHEL_GROUPS: &[&str] = &[
    "root",
    "bin",
    "daemon",
    "sys",
    "adm",
    "tty",
    "disk",
    "lp",
    "mem",
    "kmem",
    "wheel",
    "cdrom",
    "mail",
    "man",
    "dialout",
    "floppy",
    "games",
    "tape",
    "video",
    "ftp",
    "lock",
    "audio",
    "users",
    "nobody",
    "utmp",
    "utempter",
    "input",
    "kvm",
    "render",
    "systemd-journal",
];

/// The distribution a host's config paths (relative to its root, `/`
/// separated) name, with the path that says so: Debian's `etc/php/X.Y/fpm`,
/// `etc/php5/fpm` or `etc/nginx/sites-enabled`; RHEL's `etc/php-fpm.conf`,
/// `etc/php-fpm.d` or Remi's `etc/opt/remi`; Alpine's `etc/php82/php-fpm.conf`
/// (`etc/phpNN/`). None when the paths name none, or more than one.
pub fn layout_distro<'a>(paths: impl IntoIterator<Item = &'a str>) -> Option<(Distro, String)> {
    let mut found: Option<(Distro, String)> = None;
    for p in paths {
        let d = if p.starts_with("etc/nginx/sites-enabled/")
            || p.starts_with("etc/nginx/sites-available/")
        {
            Some(Distro::Debian)
        } else if p == "etc/php-fpm.conf"
            || p.starts_with("etc/php-fpm.d/")
            || p.starts_with("etc/opt/remi/")
        {
            Some(Distro::Rhel)
        } else if let Some(rest) = p.strip_prefix("etc/php") {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let tail = &rest[digits..];
            if tail.starts_with('/') && rest.len() > digits {
                // etc/php/8.2/fpm (digits == 0) or etc/php5/fpm: Debian's.
                let after = &tail[1..];
                let versioned = digits == 0
                    && after
                        .split_once('/')
                        .is_some_and(|(v, t)| v.contains('.') && t.starts_with("fpm/"));
                if versioned || (digits > 0 && after.starts_with("fpm/")) {
                    Some(Distro::Debian)
                } else if digits > 0 && (after == "php-fpm.conf" || after.starts_with("php-fpm.d/"))
                {
                    Some(Distro::Alpine)
                } else {
                    None
                }
            } else {
                None
            }
        } else {
            None
        };
        match (d, &found) {
            (None, _) => {}
            (Some(d), None) => found = Some((d, p.to_string())),
            (Some(d), Some((f, _))) if d == *f => {}
            (Some(_), Some(_)) => return None,
        }
    }
    found
}

/// The distribution a sysroot host's layout names ([`layout_distro`] over the
/// files of its nginx and php-fpm trees), for a host that is no compose
/// service.
pub fn host_distro(project: &crate::project::Project, host: usize) -> Option<(Distro, String)> {
    let h = project
        .hosts
        .get(host)
        .filter(|h| h.sysroot && h.service.is_none())?;
    let files = project
        .nginx
        .iter()
        .filter(|t| t.host == host)
        .flat_map(|t| t.files.iter())
        .chain(
            project
                .fpm
                .iter()
                .filter(|t| t.host == host)
                .flat_map(|t| t.files.iter()),
        );
    let paths: Vec<String> = files
        .filter_map(|f| {
            let path = &project.sources.get(*f).path;
            let rel = path.strip_prefix(&h.root).ok()?;
            Some(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    layout_distro(paths.iter().map(String::as_str))
}

/// The stock accounts of a distribution with its nginx and php-fpm packages
/// installed, as an assumption a finding states.
pub fn distro_accounts(d: Distro) -> ImageAccounts {
    match d {
        Distro::Debian => ImageAccounts {
            users: DEBIAN_USERS.to_vec(),
            groups: DEBIAN_GROUPS.to_vec(),
            describe:
                "Debian's stock accounts (base-passwd; its nginx and php-fpm packages add none)"
                    .into(),
            web: "www-data",
        },
        Distro::Rhel => {
            let mut users = RHEL_USERS.to_vec();
            let mut groups = RHEL_GROUPS.to_vec();
            users.extend(["nginx", "apache"]);
            groups.extend(["nginx", "apache"]);
            ImageAccounts {
                users,
                groups,
                describe: "RHEL's stock accounts (the setup package's, nginx that its nginx package creates, apache that php-fpm creates)".into(),
                web: "nginx",
            }
        }
        Distro::Alpine => {
            let mut users = ALPINE_USERS.to_vec();
            let mut groups = ALPINE_GROUPS.to_vec();
            users.push("nginx");
            groups.push("nginx");
            ImageAccounts {
                users,
                groups,
                describe: "Alpine's stock accounts (alpine-baselayout's, and nginx (group nginx, also in www-data) that its nginx package creates; php-fpm creates none)".into(),
                web: "nginx",
            }
        }
    }
}

/// Read what `root` (the directory standing for `/`) holds.
pub fn load(sources: &mut SourceMap, root: &Path) -> System {
    let roots = if root == Path::new("/") {
        RootMap::identity()
    } else {
        RootMap::with_sysroot(root)
    };
    let mut s = System {
        root: root.to_path_buf(),
        ..System::default()
    };
    if let Ok(id) = sources.load(&roots.map("/etc/group")) {
        s.group_file = Some(id);
        s.groups = parse_lines(sources, id, |f, span| {
            let name = f.first()?.to_string();
            Some(Group {
                name,
                gid: f.get(2).and_then(|g| g.parse().ok()),
                members: f
                    .get(3)
                    .map(|m| {
                        m.split(',')
                            .map(str::trim)
                            .filter(|m| !m.is_empty())
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default(),
                span,
            })
        });
    }
    if let Ok(id) = sources.load(&roots.map("/etc/passwd")) {
        s.passwd_file = Some(id);
        s.users = parse_lines(sources, id, |f, span| {
            Some(User {
                name: f.first()?.to_string(),
                uid: f.get(2).and_then(|g| g.parse().ok()),
                gid: f.get(3).and_then(|g| g.parse().ok()),
                span,
            })
        });
    }
    s.units = load_units(sources, &roots);
    s.sysctl = load_sysctl(sources, &roots);
    if root == Path::new("/") {
        load_live(sources, &mut s);
    }
    if let Ok(id) = sources.load(&roots.map("/etc/nsswitch.conf")) {
        s.other_account_sources = nss_sources(&sources.get(id).text);
    }
    let compat = |f: Option<FileId>| {
        f.is_some_and(|id| {
            sources
                .get(id)
                .text
                .lines()
                .any(|l| l.starts_with('+') || l.starts_with('-'))
        })
    };
    if (compat(s.passwd_file) || compat(s.group_file))
        && !s.other_account_sources.iter().any(|x| x == "nis")
    {
        s.other_account_sources.push("nis".into());
    }
    s
}

/// What only the running machine tells: its memory (/proc/meminfo) and, when no
/// sysctl file sets it, the live `net.core.somaxconn`.
fn load_live(sources: &mut SourceMap, s: &mut System) {
    if !s.sysctl.contains_key("net.core.somaxconn") {
        let path = Path::new("/proc/sys/net/core/somaxconn");
        if let Some(bytes) = crate::confine::read_live_kernel_file(path) {
            let id = sources.add_virtual(path.to_path_buf(), bytes);
            let text = &sources.get(id).text;
            let value = text.trim().to_string();
            if value.parse::<i64>().is_ok() {
                let start = text.len() - text.trim_start().len();
                let span = Span::new(id, start, start + value.len());
                s.sysctl
                    .insert("net.core.somaxconn".into(), UnitValue { value, span });
            }
        }
    }
    let path = Path::new("/proc/meminfo");
    if let Some(bytes) = crate::confine::read_live_kernel_file(path) {
        let id = sources.add_virtual(path.to_path_buf(), bytes);
        let text = &sources.get(id).text;
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let t = line.trim_end();
            let Some(rest) = t.strip_prefix("MemTotal:") else {
                continue;
            };
            let kb = rest
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok();
            if let Some(kb) = kb {
                let span = Span::new(id, start, start + t.len());
                s.memory = Some((
                    kb * 1024,
                    UnitValue {
                        value: t.to_string(),
                        span,
                    },
                ));
            }
            break;
        }
    }
}

/// sysctl.d directories, lowest precedence first: a file name in a later one
/// replaces the same name in an earlier one.
const SYSCTL_DIRS: &[&str] = &[
    "/lib/sysctl.d",
    "/usr/lib/sysctl.d",
    "/run/sysctl.d",
    "/etc/sysctl.d",
];

/// systemd-sysctl's order: every `*.conf` of the sysctl.d directories by file
/// name, then etc/sysctl.conf; a later assignment wins.
fn load_sysctl(
    sources: &mut SourceMap,
    roots: &RootMap,
) -> std::collections::BTreeMap<String, UnitValue> {
    let mut files: Vec<(std::ffi::OsString, PathBuf)> = Vec::new();
    for dir in SYSCTL_DIRS {
        for f in sources.glob(&roots.map(dir).join("*.conf")).files {
            let Some(base) = f.file_name().map(|n| n.to_os_string()) else {
                continue;
            };
            files.retain(|(b, _)| *b != base);
            files.push((base, f));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut paths: Vec<PathBuf> = files.into_iter().map(|(_, p)| p).collect();
    paths.push(roots.map("/etc/sysctl.conf"));
    let mut out = std::collections::BTreeMap::new();
    for p in paths {
        let Ok(id) = sources.load(&p) else {
            continue;
        };
        let file = sources.get(id);
        let mut at = 0usize;
        for line in file.text.split_inclusive('\n') {
            let start = at;
            at += line.len();
            let body = line.trim_end_matches(['\n', '\r']);
            let t = body.trim();
            if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
                continue;
            }
            let Some((k, v)) = t.split_once('=') else {
                continue;
            };
            // A leading `-`: ignore failures to set it.
            let k = k.trim().trim_start_matches('-').replace('/', ".");
            let lead = body.len() - body.trim_start().len();
            let span = Span::new(id, start + lead, start + lead + t.len());
            out.insert(
                k,
                UnitValue {
                    value: v.trim().to_string(),
                    span,
                },
            );
        }
    }
    out
}

/// The account sources of nsswitch.conf's `passwd:` and `group:` lines that are
/// not local files.
fn nss_sources(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let Some((db, rest)) = line.split_once(':') else {
            continue;
        };
        if !matches!(db.trim(), "passwd" | "group") {
            continue;
        }
        for src in rest.split_whitespace() {
            if src.starts_with('[') || src.ends_with(']') {
                continue;
            }
            if matches!(src, "files" | "compat" | "systemd") {
                continue;
            }
            if !out.iter().any(|o| o == src) {
                out.push(src.to_string());
            }
        }
    }
    out
}

/// `name:x:...` lines, comments and blanks skipped.
fn parse_lines<T>(
    sources: &SourceMap,
    id: FileId,
    mut f: impl FnMut(&[&str], Span) -> Option<T>,
) -> Vec<T> {
    let file = sources.get(id);
    let mut out = Vec::new();
    let mut at = 0usize;
    for line in file.text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() || body.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = body.split(':').collect();
        if fields.first().is_none_or(|n| n.is_empty()) {
            continue;
        }
        let span = Span::new(id, start, start + body.len());
        if let Some(v) = f(&fields, span) {
            out.push(v);
        }
    }
    out
}

fn wanted_unit(name: &str) -> bool {
    name == "nginx.service"
        || (name.starts_with("php") && name.ends_with(".service") && name.contains("fpm"))
}

fn load_units(sources: &mut SourceMap, roots: &RootMap) -> Vec<Unit> {
    // name -> unit file on disk (later directories override earlier ones).
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    // (unit, drop-in file name, path): a drop-in of a later directory replaces
    // the one of the same name in an earlier directory.
    let mut dropins: Vec<(String, std::ffi::OsString, PathBuf)> = Vec::new();
    for dir in UNIT_DIRS {
        let disk = roots.map(dir);
        let Ok(names) = sources.list_dir(&disk) else {
            continue;
        };
        let names: Vec<String> = names
            .iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        for name in names {
            let is_file = sources.kind(&disk.join(&name)) == Some(crate::confine::Kind::File);
            if wanted_unit(&name) && is_file {
                files.retain(|(n, _)| *n != name);
                files.push((name.clone(), disk.join(&name)));
            } else if let Some(unit) = name.strip_suffix(".d") {
                if wanted_unit(unit) {
                    for f in sources.glob(&disk.join(&name).join("*.conf")).files {
                        let Some(base) = f.file_name().map(|n| n.to_os_string()) else {
                            continue;
                        };
                        dropins.retain(|(u, b, _)| !(u == unit && *b == base));
                        dropins.push((unit.to_string(), base, f));
                    }
                }
            }
        }
    }
    let mut units = Vec::new();
    for (name, path) in files {
        let Ok(id) = sources.load(&path) else {
            continue;
        };
        let mut unit = Unit::new(name, id);
        read_service(sources, id, &mut unit);
        // Drop-ins apply in file-name order, whatever their directory.
        let mut mine: Vec<&(String, std::ffi::OsString, PathBuf)> =
            dropins.iter().filter(|(n, _, _)| *n == unit.name).collect();
        mine.sort_by(|a, b| a.1.cmp(&b.1));
        for (_, _, p) in mine {
            if let Ok(d) = sources.load(p) {
                unit.dropins.push(d);
                read_service(sources, d, &mut unit);
            }
        }
        units.push(unit);
    }
    units
}

/// The settings of the `[Service]` section of one unit file (or drop-in), applied
/// over what earlier files set: single values are replaced, lists extended, and
/// an empty assignment resets a list (systemd's rules).
fn read_service(sources: &SourceMap, id: FileId, unit: &mut Unit) {
    let file = sources.get(id);
    let mut at = 0usize;
    let mut in_service = false;
    for line in file.text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let t = body.trim();
        if t.starts_with('[') {
            in_service = t == "[Service]";
            continue;
        }
        if !in_service || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        let Some((k, v)) = t.split_once('=') else {
            continue;
        };
        let lead = body.len() - body.trim_start().len();
        let span = Span::new(id, start + lead, start + lead + t.len());
        let v = v.trim();
        let value = |s: &str| UnitValue {
            value: s.to_string(),
            span,
        };
        match k.trim() {
            "PrivateTmp" => match v.to_ascii_lowercase().as_str() {
                "yes" | "true" | "1" | "on" | "disconnected" => {
                    unit.private_tmp = Some((true, span))
                }
                "no" | "false" | "0" | "off" | "" => unit.private_tmp = Some((false, span)),
                _ => {}
            },
            "User" => unit.user = (!v.is_empty()).then(|| value(v)),
            "Group" => unit.group = (!v.is_empty()).then(|| value(v)),
            "RuntimeDirectory" if v.is_empty() => unit.runtime_directory.clear(),
            "RuntimeDirectory" => unit
                .runtime_directory
                .extend(words(v).iter().map(|w| value(w))),
            "Environment" if v.is_empty() => unit.environment.clear(),
            "Environment" => {
                for w in words(v) {
                    if let Some((name, val)) = w.split_once('=') {
                        unit.environment.push((name.to_string(), value(val)));
                    }
                }
            }
            "EnvironmentFile" if v.is_empty() => unit.environment_files.clear(),
            "EnvironmentFile" => unit.environment_files.push(value(v)),
            "MemoryMax" => unit.memory_max = (!v.is_empty()).then(|| value(v)),
            _ => {}
        }
    }
}

/// A systemd byte size (`parse_size` with base 1024): digits, an optional
/// fraction, an optional K/M/G/T/P/E suffix.
fn parse_bytes(v: &str) -> Option<u64> {
    let v = v.trim();
    let split = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let (num, suffix) = v.split_at(split);
    let shift = match suffix.trim() {
        "" | "B" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        "P" => 50,
        "E" => 60,
        _ => return None,
    };
    let n: f64 = num.parse().ok()?;
    let bytes = n * (1u64 << shift) as f64;
    (bytes.is_finite() && bytes >= 0.0 && bytes < u64::MAX as f64).then_some(bytes as u64)
}

/// A systemd list value split into words: whitespace separates, double or single
/// quotes group (`Environment="A=b c" D=e`), a backslash escapes the next character.
fn words(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut has = false;
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        match (c, quote) {
            ('\\', _) => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                    has = true;
                }
            }
            (q, None) if q == '"' || q == '\'' => {
                quote = Some(q);
                has = true;
            }
            (q, Some(open)) if q == open => quote = None,
            (w, None) if w.is_whitespace() => {
                if has {
                    out.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            (c, _) => {
                cur.push(c);
                has = true;
            }
        }
    }
    if has {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_account_is_the_first_of_its_name() {
        let span = Span::new(crate::source::FileId(0), 0, 0);
        let user = |name: &str, uid| User {
            name: name.into(),
            uid: Some(uid),
            gid: None,
            span,
        };
        let group = |name: &str, gid| Group {
            name: name.into(),
            gid: Some(gid),
            members: Vec::new(),
            span,
        };
        let s = System {
            users: vec![
                user("www-data", 33),
                user("site1", 1001),
                user("www-data", 34),
            ],
            groups: vec![group("site1", 1001), group("site1", 1002)],
            ..System::default()
        };
        assert_eq!(s.user("www-data").and_then(|u| u.uid), Some(33));
        assert_eq!(s.user("site1").and_then(|u| u.uid), Some(1001));
        assert!(s.user("nobody").is_none());
        assert_eq!(s.group("site1").and_then(|g| g.gid), Some(1001));
        assert!(s.group("www-data").is_none());
    }

    #[test]
    fn a_layout_names_its_distribution() {
        use super::{layout_distro, Distro};
        let d = |p: &[&str]| layout_distro(p.iter().copied()).map(|(d, _)| d);
        assert_eq!(
            d(&["etc/php/8.2/fpm/pool.d/www.conf"]),
            Some(Distro::Debian)
        );
        assert_eq!(d(&["etc/php5/fpm/php-fpm.conf"]), Some(Distro::Debian));
        assert_eq!(
            d(&["etc/nginx/sites-enabled/default"]),
            Some(Distro::Debian)
        );
        assert_eq!(
            d(&["etc/php-fpm.conf", "etc/php-fpm.d/www.conf"]),
            Some(Distro::Rhel)
        );
        assert_eq!(d(&["etc/php82/php-fpm.d/www.conf"]), Some(Distro::Alpine));
        assert_eq!(d(&["etc/php7/php-fpm.conf"]), Some(Distro::Alpine));
        // Nothing to go by, or two distributions: no assumption.
        assert_eq!(d(&["etc/nginx/nginx.conf", "etc/php/php-fpm.conf"]), None);
        assert_eq!(
            d(&["etc/php-fpm.d/www.conf", "etc/nginx/sites-enabled/a"]),
            None
        );
    }

    use super::*;

    #[test]
    fn reads_groups_users_and_units() {
        let dir = std::env::temp_dir().join(format!("fpmlint-system-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("etc/systemd/system/php8.2-fpm.service.d")).unwrap();
        std::fs::create_dir_all(dir.join("lib/systemd/system")).unwrap();
        std::fs::write(
            dir.join("etc/group"),
            "root:x:0:\nwww-data:x:33:\nweb:x:50:nginx,www-data\n",
        )
        .unwrap();
        std::fs::write(dir.join("etc/passwd"), "nginx:x:994:994::/:/sbin/nologin\n").unwrap();
        std::fs::write(
            dir.join("lib/systemd/system/php8.2-fpm.service"),
            "[Unit]\nPrivateTmp=yes\n[Service]\nPrivateTmp=true\nMemoryMax=1G\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("etc/systemd/system/php8.2-fpm.service.d/override.conf"),
            "[Service]\n  PrivateTmp=no\nUser=php\nEnvironment=\"A=b c\" D=e\nRuntimeDirectory=php\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("etc/systemd/system/php8.2-fpm.service.d/zz.conf"),
            "[Service]\nEnvironment=\nEnvironment=F=g\nEnvironmentFile=-/etc/default/php\nMemoryMax=1.5G\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("lib/systemd/system/nginx.service"),
            "[Service]\nPrivateTmp=on\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.join("usr/lib/sysctl.d")).unwrap();
        std::fs::create_dir_all(dir.join("etc/sysctl.d")).unwrap();
        std::fs::write(
            dir.join("usr/lib/sysctl.d/50-default.conf"),
            "net.core.somaxconn = 4096\nvm.swappiness=60\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("etc/sysctl.d/50-default.conf"),
            "vm.swappiness=5\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("etc/sysctl.d/90-web.conf"),
            "# web\nnet/core/somaxconn = 1024\n",
        )
        .unwrap();
        let mut sources = SourceMap::confined_to(&dir, true);
        let s = load(&mut sources, &dir);
        assert_eq!(
            s.groups_of("www-data", "www-data").unwrap(),
            vec!["www-data", "web"]
        );
        assert_eq!(s.groups_of("nobody", "nogroup").unwrap(), vec!["nogroup"]);
        assert_eq!(s.user("nginx").and_then(|u| u.gid), Some(994));
        let php = s.unit("php8.2-fpm.service").unwrap();
        let (on, span) = php.private_tmp.unwrap();
        assert!(!on);
        assert_eq!(sources.get(span.file).slice(span), "PrivateTmp=no");
        assert!(s.unit("nginx.service").unwrap().private_tmp.unwrap().0);
        assert!(s.unit("nginx.service").unwrap().runs_as_root());
        assert!(!php.runs_as_root());
        assert_eq!(php.user.as_ref().unwrap().value, "php");
        assert_eq!(php.runtime_directory[0].value, "php");
        // `Environment=` empty resets the list; the later drop-in (zz) wins.
        assert!(php.env("A").is_none());
        assert_eq!(php.env("F").unwrap().value, "g");
        assert_eq!(php.environment_files[0].value, "-/etc/default/php");
        assert_eq!(php.dropins.len(), 2);
        // The later drop-in's MemoryMax= wins over the unit's.
        assert_eq!(php.memory_max.as_ref().unwrap().value, "1.5G");
        assert_eq!(php.memory_max_bytes(), Some(3 << 29));
        assert_eq!(s.unit("nginx.service").unwrap().memory_max_bytes(), None);
        assert_eq!(s.fpm_units("/etc/php/8.2/fpm/php-fpm.conf").len(), 1);
        assert_eq!(words(r#""A=b c" D=e\ f"#), vec!["A=b c", "D=e f"]);
        assert!(s.other_account_sources.is_empty());
        assert_eq!(s.sysctl("net/core/somaxconn").unwrap().value, "1024");
        assert_eq!(s.sysctl("vm.swappiness").unwrap().value, "5");
        assert_eq!(
            nss_sources("# x\npasswd: files systemd sss [NOTFOUND=return] ldap\ngroup: files sss\nhosts: dns\n"),
            vec!["sss", "ldap"]
        );
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(parse_bytes("512M"), Some(512 << 20));
        assert_eq!(parse_bytes("2048"), Some(2048));
        assert_eq!(parse_bytes("infinity"), None);
        assert_eq!(parse_bytes("80%"), None);
        assert_eq!(parse_bytes("2g"), None);
        let none = load(&mut sources, Path::new("/nonexistent-fpmlint-root"));
        assert!(none.memory.is_none());
        assert!(none.groups_of("a", "b").is_none());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_running_machine_tells_its_memory_and_somaxconn() {
        let mut sources = SourceMap::confined_to(Path::new("/"), true);
        let s = load(&mut sources, Path::new("/"));
        let (bytes, line) = s.memory.clone().unwrap();
        assert!(bytes > 0);
        assert!(sources
            .get(line.span.file)
            .slice(line.span)
            .starts_with("MemTotal:"));
        // From a sysctl file of the machine, else /proc/sys/net/core/somaxconn.
        let n = s.sysctl("net.core.somaxconn").unwrap();
        assert!(n.value.parse::<i64>().is_ok());
        // A sysroot never reads the running machine's /proc.
        let t = tempfile::tempdir().unwrap();
        let other = load(&mut SourceMap::confined_to(t.path(), true), t.path());
        assert!(other.memory.is_none() && other.sysctl("net.core.somaxconn").is_none());
    }
}
