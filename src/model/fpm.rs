//! The php-fpm model: one tree per main config file, after `include=`, sections
//! reopened across files, `$pool` expansion and php-fpm's defaults. Every effective
//! value says where it was set ([`Origin::Set`]) or that it is php-fpm's default.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::deploy::env::{EnvOrigin, Environment};
use crate::diag::{Diagnostic, Label, Severity};
use crate::fpm::ast::{Entry, IniFile, Line, Value};
use crate::fpm::keys;
use crate::paths::{has_glob, RootMap};
use crate::source::{FileId, SourceMap, Span};
use crate::units;

/// Rule name of include problems found while building the tree.
pub const RULE_INCLUDE: &str = "fpm-include";
/// Rule name of `$pool` used in `[global]`.
pub const RULE_POOL_VAR: &str = "fpm-pool-var";

/// php-fpm refuses nesting deeper than this (`if (ini_recursion++ > 4)` in
/// `fpm_conf_load_ini_file`): at most 5 files open at once.
pub const MAX_INCLUDE_DEPTH: usize = 5;

/// How the configs relate to the machine they run on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FpmContext {
    pub roots: RootMap,
    /// Config-side absolute install prefix (`-p`, else `PHP_PREFIX`) used for relative
    /// `include=` and relative `listen` paths: `/usr` (Debian, RHEL), `/usr/local` (Docker).
    pub prefix: String,
    /// On-disk php.ini to read `max_execution_time`, `cgi.fix_pathinfo`...
    pub php_ini: Option<PathBuf>,
    /// On-disk scan directory (PHP's `--with-config-file-scan-dir`: Debian's
    /// `/etc/php/X.Y/fpm/conf.d`, RHEL's `/etc/php.d`, the official image's
    /// `/usr/local/etc/php/conf.d`): its `*.ini` files are read after php.ini.
    pub php_ini_scan_dir: Option<PathBuf>,
    /// The environment the master starts with, as far as fpmlint sees it (a
    /// compose service's, a systemd unit's): php-fpm expands `${VAR}` from it.
    pub env: Environment,
    /// The user the master runs as when the deployment says (compose `user:`,
    /// the Dockerfile's `USER`, systemd `User=`), with where it is said. None:
    /// root, as under systemd and in the official images.
    pub master_user: Option<(String, EnvOrigin)>,
    /// The PHP release (`8.3`), when the deployment says: the image tag, the
    /// versioned layout (`/etc/php/8.3`).
    pub php_version: Option<String>,
    /// The PHP release .fpmlint.toml declares for this host (`[hosts."<name>".target]
    /// php`, else `[target] php`): over `php_version` ([`declared_php`]).
    pub php_declared: Option<String>,
}

impl FpmContext {
    /// The PHP release as (major, minor): the declared one, else the
    /// deployment's.
    pub fn php(&self) -> Option<(u32, u32)> {
        let v = self
            .php_declared
            .as_deref()
            .or(self.php_version.as_deref())?;
        let mut it = v.split('.').map(|p| p.parse::<u32>().ok());
        Some((it.next()??, it.next()??))
    }

    /// True when the master is known to run as an account other than root.
    pub fn unprivileged_master(&self) -> bool {
        self.master_user
            .as_ref()
            .is_some_and(|(u, _)| !matches!(u.split(':').next(), Some("root" | "0")))
    }
}

/// The PHP release php-fpm runs on a tree's host: its text (`8.1`), as
/// (major, minor, patch when written), and where fpmlint has it from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    pub text: String,
    pub version: (u32, u32, Option<u32>),
    pub origin: String,
}

/// The PHP release .fpmlint.toml declares for a host, with where:
/// `[hosts."<name>".target] php` (the host's name or its compose service's),
/// else `[target] php`.
pub fn declared_php(
    options: &crate::project::Options,
    host: Option<&crate::discover::Host>,
) -> Option<(String, String)> {
    let own = options.host_targets.iter().find(|(n, _)| {
        host.is_some_and(|h| *n == h.name || h.service().is_some_and(|(_, s)| s.name == *n))
    });
    match own.and_then(|(n, t)| Some((n, t.php.as_ref()?))) {
        Some((n, v)) => Some((
            v.clone(),
            format!("`[hosts.\"{n}\".target] php` in .fpmlint.toml"),
        )),
        None => options
            .target
            .php
            .as_ref()
            .map(|v| (v.clone(), "`[target] php` in .fpmlint.toml".to_string())),
    }
}

/// The PHP release of a tree's host, which every release-dependent verdict
/// reads: the declaration of .fpmlint.toml ([`declared_php`]), else its
/// compose service's image tag (`php:8.3-fpm`) or the versioned layout
/// (`etc/php/8.3`).
pub fn php_release(project: &crate::project::Project, tree: &FpmTree) -> Option<Release> {
    let h = project.hosts.get(tree.host);
    let (text, origin) = match declared_php(&project.options, h) {
        Some(d) => d,
        None => {
            let v = tree
                .ctx
                .php_declared
                .clone()
                .or(tree.ctx.php_version.clone())?;
            let origin = match (&tree.ctx.php_declared, h.and_then(|h| h.service())) {
                (Some(_), _) => "the target of .fpmlint.toml".into(),
                (None, Some((_, s))) => {
                    format!("the image {} of compose service `{}`", s.image, s.name)
                }
                (None, None) => format!("the versioned layout (etc/php/{v})"),
            };
            (v, origin)
        }
    };
    let version = crate::config::parse_php_release(&text)?;
    Some(Release {
        text,
        version,
        origin,
    })
}

/// How the `${VAR}` references of a value were resolved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvUse {
    /// Each variable resolved, with where its value is set.
    pub resolved: Vec<(String, EnvOrigin)>,
    /// Variables fpmlint has no value for: the value is unknown (php-fpm reads
    /// an unset variable as empty, but the deployment may set it elsewhere).
    pub unknown: Vec<String>,
    /// Where fpmlint looked (`Environment::looked_in`).
    pub looked_in: String,
    /// The PHP release the expansion followed (`${NAME:-default}` is 8.3's),
    /// when known.
    pub php: Option<(u32, u32)>,
}

/// Where an effective value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Written in a file: the whole statement, its key and its value.
    Set { line: Span, key: Span, value: Span },
    /// php-fpm's built-in default.
    Default,
}

/// One effective value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The key as written (`php_value[memory_limit]` for array entries, the
    /// canonical name for defaults).
    pub key: String,
    /// The value as php-fpm keeps it: after INI unquoting, and after `$pool`
    /// expansion for string options and array values.
    pub value: String,
    pub origin: Origin,
    /// The `${VAR}` references of the value and how they resolved.
    pub env: EnvUse,
}

impl Setting {
    /// True when the value holds a `${VAR}` fpmlint has no value for: rules
    /// must not read it (it is neither 0 nor empty nor the variable's name).
    pub fn is_unknown(&self) -> bool {
        !self.env.unknown.is_empty()
    }

    /// For an unknown value: a note naming the variables and where fpmlint
    /// looked for them.
    pub fn unknown_note(&self) -> Option<String> {
        if !self.is_unknown() {
            return None;
        }
        let names = self
            .env
            .unknown
            .iter()
            .map(|n| format!("`${{{n}}}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let looked = if self.env.looked_in.is_empty() {
            "fpmlint sees no environment for this php-fpm (no compose service or systemd unit runs it)".to_string()
        } else {
            format!("not set in {}", self.env.looked_in)
        };
        let with_default = self.env.unknown.iter().find(|n| n.contains(":-"));
        let fallback = match (with_default, self.env.php) {
            (None, _) => String::new(),
            (Some(n), Some((a, b))) => {
                let name = n.split(":-").next().unwrap_or(n).trim();
                format!(
                    " (this host runs PHP {a}.{b}: `${{NAME:-default}}` is PHP 8.3's; PHP {a}.{b} reads the whole `{n}` as one variable's name, so the default never applies and `{name}` itself is not read: write the value, or run PHP 8.3 or later)"
                )
            }
            (Some(_), None) => " (`${NAME:-default}` is PHP 8.3's; before 8.3 the whole `NAME:-default` is one variable's name, so the default applies only from PHP 8.3, and fpmlint does not know this host's release: declare it in .fpmlint.toml, `[target] php = \"8.3\"`)".to_string(),
        };
        Some(format!(
            "`{}` comes from {names}: {looked}; php-fpm reads an unset variable as empty, but the value may come from elsewhere (the shell, `docker run -e`, the orchestrator), so fpmlint does not judge it{fallback}",
            self.key
        ))
    }

    /// The resolved variables, as `${A} = 30 from compose.yaml:12 (environment:)`.
    pub fn env_description(&self, src: &SourceMap) -> Vec<String> {
        self.env
            .resolved
            .iter()
            .map(|(n, o)| format!("`${{{n}}}` from {}", o.describe(|p| src.display_path(p))))
            .collect()
    }

    fn set(
        key: impl Into<String>,
        value: String,
        line: Span,
        key_span: Span,
        value_span: Span,
    ) -> Setting {
        Setting {
            key: key.into(),
            value,
            origin: Origin::Set {
                line,
                key: key_span,
                value: value_span,
            },
            env: EnvUse::default(),
        }
    }

    fn from_entry(e: &Entry, v: &Value, key: String, value: String, env: &EnvUse) -> Setting {
        let mut s = Setting::set(key, value, e.span, e.key_span, v.span);
        s.env = env.clone();
        s
    }

    pub fn is_default(&self) -> bool {
        self.origin == Origin::Default
    }

    /// The span of the value, when written in a file.
    pub fn value_span(&self) -> Option<Span> {
        match self.origin {
            Origin::Set { value, .. } => Some(value),
            Origin::Default => None,
        }
    }

    /// The span of the whole statement, when written in a file.
    pub fn line_span(&self) -> Option<Span> {
        match self.origin {
            Origin::Set { line, .. } => Some(line),
            Origin::Default => None,
        }
    }
}

/// `pm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pm {
    Static,
    Dynamic,
    Ondemand,
}

/// Where a pool listens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// A unix socket: absolute config-side path (relative ones get the prefix).
    Unix(String),
    /// TCP. `host: None` is a port alone: php-fpm binds every interface
    /// (`::`, falling back to `0.0.0.0`).
    Tcp { host: Option<String>, port: u16 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listen {
    pub endpoint: Endpoint,
    pub setting: Setting,
}

/// One `[pool]`, merged over every section with its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pool {
    /// The name as first written.
    pub name: String,
    /// The first `[name]` header.
    pub header: Span,
    /// Explicit options by lowercase key (unknown keys too: rules report them).
    pub settings: BTreeMap<String, Setting>,
    pub php_value: BTreeMap<String, Setting>,
    pub php_admin_value: BTreeMap<String, Setting>,
    pub php_flag: BTreeMap<String, Setting>,
    pub php_admin_flag: BTreeMap<String, Setting>,
    pub env: BTreeMap<String, Setting>,
    /// `access.suppress_path[] = /x` values, in order.
    pub access_suppress_path: Vec<Setting>,
    /// `name[key] = value` with a name php-fpm does not know (`unknown directive`).
    pub unknown_arrays: Vec<Setting>,
    /// The tree's install prefix (`FpmContext::prefix`).
    pub install_prefix: String,
}

/// A php-fpm configuration as the master would load it.
#[derive(Clone, Debug)]
pub struct FpmTree {
    pub entry: FileId,
    /// Every file read, in the order php-fpm reads them (the entry first).
    pub files: Vec<FileId>,
    /// Explicit `[global]` options by lowercase key (see [`FpmTree::global_get`]).
    pub global: BTreeMap<String, Setting>,
    pub pools: Vec<Pool>,
    pub php_ini: Option<PhpIni>,
    /// Array entries written in `[global]` (php-fpm: `Array are not allowed in the
    /// global section`).
    pub global_arrays: Vec<Setting>,
    /// The parsed files, each once.
    pub asts: BTreeMap<FileId, IniFile>,
    /// Every `key = value` statement in the order php-fpm reads it (includes
    /// followed in place), with the section it lands in. Unlike `settings`, which
    /// keep the last value, this keeps each line: php-fpm checks every line as it
    /// reads it, so an overridden line can still stop it.
    pub read: Vec<ReadEntry>,
    /// Where the tree's paths resolve (its root map, prefix and php.ini).
    pub ctx: FpmContext,
    /// True for a lone pool file that no php-fpm.conf fpmlint found includes.
    pub fragment: bool,
    /// The host it runs on (index into `Project::hosts`).
    pub host: usize,
}

/// One statement as php-fpm reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadEntry {
    /// The parsed entry, shared with the file's tree.
    pub entry: std::sync::Arc<Entry>,
    /// Index into `pools`; `None` for `[global]` (also lines before any section).
    pub pool: Option<usize>,
    /// The `[section]` header in effect, when there is one. It may be in another
    /// file: after an `include=`, lines go to the included file's last section.
    pub section: Option<Span>,
}

/// The php.ini values PHP starts with: php.ini, then the `*.ini` files of the
/// scan directory in alphabetical order, a later value replacing an earlier one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhpIni {
    /// The first file read: php.ini, else the first file of the scan directory.
    pub file: FileId,
    /// Every file read, in PHP's order.
    pub files: Vec<FileId>,
    /// By lowercase key; last definition wins (each keeps the file and line it
    /// comes from); `[PATH=...]`/`[HOST=...]` sections and everything after a
    /// file's first syntax error (PHP stops reading that file there) left out.
    pub values: BTreeMap<String, Setting>,
}

impl PhpIni {
    pub fn get(&self, key: &str) -> Option<&Setting> {
        self.values.get(&key.to_ascii_lowercase())
    }

    /// `max_execution_time` in seconds (PHP's default 30; 0 = unlimited);
    /// None when it comes from a `${VAR}` fpmlint has no value for.
    pub fn max_execution_time(&self) -> Option<i64> {
        match self.get("max_execution_time") {
            Some(s) if s.is_unknown() => None,
            Some(s) => Some(units::atoi(&s.value)),
            None => Some(30),
        }
    }
}

impl FpmTree {
    /// A `[global]` option: explicit, else php-fpm's default.
    pub fn global_get(&self, key: &str) -> Option<Setting> {
        if let Some(s) = self.global.get(&key.to_ascii_lowercase()) {
            return Some(s.clone());
        }
        default_setting(keys::global_key(key)?)
    }

    pub fn pool(&self, name: &str) -> Option<&Pool> {
        self.pools
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }
}

fn default_setting(info: &keys::KeyInfo) -> Option<Setting> {
    Some(Setting {
        key: info.name.to_string(),
        value: info.default?.to_string(),
        origin: Origin::Default,
        env: EnvUse::default(),
    })
}

impl Pool {
    fn new(name: &str, header: Span, install_prefix: &str) -> Pool {
        Pool {
            name: name.to_string(),
            header,
            settings: BTreeMap::new(),
            php_value: BTreeMap::new(),
            php_admin_value: BTreeMap::new(),
            php_flag: BTreeMap::new(),
            php_admin_flag: BTreeMap::new(),
            env: BTreeMap::new(),
            access_suppress_path: Vec::new(),
            unknown_arrays: Vec::new(),
            install_prefix: install_prefix.to_string(),
        }
    }

    /// An option: the explicit value, else php-fpm's default (`None` when php-fpm
    /// has none, e.g. `user`, `listen`, `pm`).
    pub fn get(&self, key: &str) -> Option<Setting> {
        if let Some(s) = self.settings.get(&key.to_ascii_lowercase()) {
            return Some(s.clone());
        }
        default_setting(keys::pool_key(key)?)
    }

    /// Only an explicit value.
    fn explicit(&self, key: &str) -> Option<Setting> {
        self.settings.get(key).cloned()
    }

    /// `listen`, parsed as php-fpm does; relative unix paths get the pool's `prefix`,
    /// else the install prefix. `None` when unset, empty or unparsable.
    pub fn listen(&self) -> Option<Listen> {
        let setting = self.explicit("listen")?;
        let endpoint = match parse_listen(&setting.value).ok()? {
            Endpoint::Unix(p) => Endpoint::Unix(full_path(&p, &self.path_prefix())),
            tcp => tcp,
        };
        Some(Listen { endpoint, setting })
    }

    /// The prefix php-fpm puts before relative paths of this pool
    /// (`fpm_evaluate_full_path`: pool `prefix`, else `-p`/`PHP_PREFIX`).
    pub fn path_prefix(&self) -> String {
        self.explicit("prefix")
            .map(|s| s.value)
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| self.install_prefix.clone())
    }

    pub fn pm(&self) -> Option<Pm> {
        let v = self.explicit("pm")?.value;
        [
            ("static", Pm::Static),
            ("dynamic", Pm::Dynamic),
            ("ondemand", Pm::Ondemand),
        ]
        .into_iter()
        .find(|(n, _)| v.eq_ignore_ascii_case(n))
        .map(|(_, pm)| pm)
    }

    /// An integer option through `fpm_conf_set_integer` (`None` when invalid).
    pub fn integer(&self, key: &str) -> Option<i64> {
        units::fpm_integer(&self.get(key)?.value)
    }

    /// A time option in seconds through `fpm_conf_set_time` (`None` when invalid).
    pub fn seconds(&self, key: &str) -> Option<i64> {
        units::fpm_time(&self.get(key)?.value)
            .ok()
            .map(|t| t.seconds)
    }

    pub fn max_children(&self) -> Option<i64> {
        self.integer("pm.max_children")
    }

    /// Seconds; 0 = off.
    pub fn request_terminate_timeout(&self) -> Option<i64> {
        self.seconds("request_terminate_timeout")
    }

    /// `listen.mode` as php-fpm reads it: `strtoul(value, 0, 8)`, no validation,
    /// default 0660.
    pub fn listen_mode(&self) -> u32 {
        self.get("listen.mode")
            .map(|s| strtoul_octal(&s.value))
            .unwrap_or(0o660)
    }

    pub fn listen_owner(&self) -> Option<Setting> {
        self.explicit("listen.owner")
    }
    pub fn listen_group(&self) -> Option<Setting> {
        self.explicit("listen.group")
    }
    pub fn listen_acl_users(&self) -> Option<Setting> {
        self.explicit("listen.acl_users")
    }
    pub fn listen_acl_groups(&self) -> Option<Setting> {
        self.explicit("listen.acl_groups")
    }
    pub fn listen_allowed_clients(&self) -> Option<Setting> {
        self.explicit("listen.allowed_clients")
    }
    pub fn user(&self) -> Option<Setting> {
        self.explicit("user")
    }
    pub fn group(&self) -> Option<Setting> {
        self.explicit("group")
    }
    pub fn chroot(&self) -> Option<Setting> {
        self.explicit("chroot")
    }

    /// A php.ini directive set by the pool: `php_admin_value`, then `php_admin_flag`,
    /// then `php_value`, then `php_flag` (admin values are applied last and win,
    /// `fpm_php_apply_defines`).
    pub fn php_ini_value(&self, name: &str) -> Option<Setting> {
        [
            &self.php_admin_value,
            &self.php_admin_flag,
            &self.php_value,
            &self.php_flag,
        ]
        .into_iter()
        .find_map(|m| m.get(name).cloned())
    }
}

/// `fpm_evaluate_full_path`: a path not starting with `/` gets `prefix/`.
pub fn full_path(path: &str, prefix: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{}", prefix.trim_end_matches('/'), path)
    }
}

/// `listen` as php-fpm reads it (fpm_sockets.c): a `:` means TCP split at the last
/// colon (brackets around an IPv6 host stripped); all digits is a port alone (every
/// interface); anything else is a unix socket path, returned as written.
pub fn parse_listen(s: &str) -> Result<Endpoint, String> {
    if s.is_empty() {
        return Err("no listen address".to_string());
    }
    let (host, port) = match s.rfind(':') {
        Some(i) => {
            let host = &s[..i];
            let host = host
                .strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .unwrap_or(host);
            (Some(host.to_string()), &s[i + 1..])
        }
        None if s.bytes().all(|b| b.is_ascii_digit()) => (None, s),
        None => return Ok(Endpoint::Unix(s.to_string())),
    };
    let n = units::atoi(port);
    match u16::try_from(n) {
        Ok(p) if p >= 1 => Ok(Endpoint::Tcp { host, port: p }),
        _ => Err(format!("invalid port value '{port}'")),
    }
}

/// C `strtoul(s, NULL, 8)`: blanks, optional sign, octal digits up to the first other
/// character; 0 when there are none.
pub fn strtoul_octal(s: &str) -> u32 {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut n: u32 = 0;
    for b in t.bytes().take_while(|b| (b'0'..=b'7').contains(b)) {
        n = n.saturating_mul(8).saturating_add(u32::from(b - b'0'));
    }
    if neg {
        n.wrapping_neg()
    } else {
        n
    }
}

/// Build the tree of a php-fpm main config (or of a lone pool file).
pub fn build(
    sources: &mut SourceMap,
    entry: FileId,
    ctx: &FpmContext,
) -> (FpmTree, Vec<Diagnostic>) {
    let mut b = Builder {
        sources,
        ctx,
        diags: Vec::new(),
        tree: FpmTree {
            entry,
            files: vec![entry],
            global: BTreeMap::new(),
            pools: Vec::new(),
            php_ini: None,
            global_arrays: Vec::new(),
            asts: BTreeMap::new(),
            read: Vec::new(),
            ctx: ctx.clone(),
            fragment: false,
            host: 0,
        },
        current: None,
        section: None,
        stack: Vec::new(),
        by_name: HashMap::new(),
    };
    // php.ini first: php-fpm's `${VAR}` reads a php.ini directive of that name
    // before the environment.
    b.load_php_ini();
    b.walk(entry, None);
    (b.tree, b.diags)
}

struct Builder<'a> {
    sources: &'a mut SourceMap,
    ctx: &'a FpmContext,
    diags: Vec<Diagnostic>,
    tree: FpmTree,
    /// The pool lines go to (`current_wp`); `None` is `[global]`.
    current: Option<usize>,
    /// The header of the section in effect.
    section: Option<Span>,
    /// Files being read, outermost first (php-fpm's `ini_recursion`), each with
    /// the `include=` value that opened it.
    stack: Vec<(FileId, Option<Span>)>,
    /// Pools by lowercase name: a section header is found in O(1).
    by_name: HashMap<String, usize>,
}

impl Builder<'_> {
    /// Parse a file once; later inclusions reuse the tree.
    fn parsed(&mut self, id: FileId) -> Vec<Line> {
        if !self.tree.asts.contains_key(&id) {
            let (ini, diags) = match self.sources.take_parsed(id) {
                Some(crate::source::Parsed::Fpm(ini, diags)) => (ini, diags),
                _ => crate::fpm::parse(self.sources.get(id)),
            };
            self.diags.extend(diags);
            self.tree.asts.insert(id, ini);
        }
        // The walk skips comments: a pool file is mostly comments, never copied.
        self.tree.asts[&id]
            .lines
            .iter()
            .filter(|l| !matches!(l, Line::Comments { .. }))
            .cloned()
            .collect()
    }

    /// Read one file's lines in order, following includes where they appear.
    /// Section state is not saved around an include: after it, lines go to the last
    /// section of the included file, as in php-fpm (`current_wp` is a file static).
    fn walk(&mut self, id: FileId, via: Option<Span>) {
        self.stack.push((id, via));
        for line in self.parsed(id) {
            match line {
                Line::Section(s) => {
                    self.section(&s.name, s.span);
                    self.section = Some(s.span);
                }
                Line::Entry(e) => {
                    self.tree.read.push(ReadEntry {
                        entry: e.clone(),
                        pool: self.current,
                        section: self.section,
                    });
                    self.entry(&e);
                }
                Line::Comments { .. } => {}
            }
        }
        self.stack.pop();
    }

    /// `fpm_conf_ini_parser_section`: `[global]` (any case) switches to the global
    /// table; a known pool name (case-insensitive) reopens it; else a new pool.
    fn section(&mut self, name: &str, span: Span) {
        // `[${POOL}]`: the name the environment gives, when fpmlint knows it.
        let resolved;
        let name = if name.contains("${") {
            let x = self.expand(name, &crate::deploy::env::refs(name));
            resolved = x.0;
            if x.1.unknown.is_empty() {
                resolved.as_str()
            } else {
                name
            }
        } else {
            name
        };
        if name.eq_ignore_ascii_case("global") {
            self.current = None;
            return;
        }
        let key = name.to_ascii_lowercase();
        if let Some(&i) = self.by_name.get(&key) {
            self.current = Some(i);
            return;
        }
        self.tree
            .pools
            .push(Pool::new(name, span, &self.ctx.prefix));
        self.current = Some(self.tree.pools.len() - 1);
        self.by_name.insert(key, self.tree.pools.len() - 1);
    }

    fn entry(&mut self, e: &Entry) {
        let Some(v) = &e.value else {
            self.diags.push(
                Diagnostic::error(
                    crate::fpm::parse::RULE,
                    format!(
                        "php-fpm refuses to start: `{}` has no `=` and no value (`value is NULL for a ZEND_INI_PARSER_ENTRY`)",
                        e.key
                    ),
                    Label::new(e.key_span, "a key without a value"),
                )
                .with_help("write `key = value`; to disable the line, start it with `;`"),
            );
            return;
        };
        match &e.subkey {
            Some((sub, _)) => self.array_entry(e, v, sub),
            None if e.key == "include" => self.include(e, v),
            None => self.option(e, v),
        }
    }

    /// A value's text with its `${VAR}` references resolved where fpmlint knows
    /// them: a php.ini directive of that name, then the master's environment
    /// (`zend_ini_get_var`).
    fn resolve(&self, v: &Value) -> (String, EnvUse) {
        if !v.is_symbolic() {
            return (v.text.clone(), EnvUse::default());
        }
        self.expand(&v.text, &v.env_refs)
    }

    fn expand(&self, text: &str, names: &[String]) -> (String, EnvUse) {
        let x = crate::deploy::env::expand(text, names, self.ctx.php(), |name| {
            if let Some(s) = self.tree.php_ini.as_ref().and_then(|i| i.values.get(name)) {
                if let (Some(span), false) = (s.line_span(), s.is_unknown()) {
                    let f = self.sources.get(span.file);
                    let (line, _) = f.line_col(span.start as usize);
                    return Some((
                        s.value.clone(),
                        EnvOrigin {
                            path: f.path.clone(),
                            line,
                            what: "php.ini directive".into(),
                        },
                    ));
                }
            }
            self.ctx
                .env
                .get(name)
                .map(|v| (v.value.clone(), v.origin.clone()))
        });
        (
            x.text,
            EnvUse {
                resolved: x.resolved,
                unknown: x.unknown,
                looked_in: self.ctx.env.looked_in.clone(),
                php: self.ctx.php(),
            },
        )
    }

    fn option(&mut self, e: &Entry, v: &Value) {
        let lower = e.key.to_ascii_lowercase();
        let (text, env) = self.resolve(v);
        let Some(i) = self.current else {
            let expands = keys::global_key(&e.key).is_some_and(|k| k.ty.expands_pool());
            if expands && text.contains("$pool") {
                self.diags.push(pool_in_global(e, v));
            }
            let s = Setting::from_entry(e, v, e.key.clone(), text, &env);
            self.tree.global.insert(lower, s);
            return;
        };
        let pool = &mut self.tree.pools[i];
        let expands = keys::pool_key(&e.key).is_some_and(|k| k.ty.expands_pool());
        let value = if expands {
            expand_pool(&text, &pool.name)
        } else {
            text
        };
        pool.settings
            .insert(lower, Setting::from_entry(e, v, e.key.clone(), value, &env));
    }

    /// `fpm_conf_ini_parser_array`. php-fpm prepends each entry to a list that is
    /// applied from its head, so the first definition of a key is the one that
    /// stays in effect: first wins here.
    fn array_entry(&mut self, e: &Entry, v: &Value, sub: &str) {
        let full = format!("{}[{}]", e.key, sub);
        let (text, env) = self.resolve(v);
        let env = &env;
        let Some(i) = self.current else {
            if text.contains("$pool") {
                self.diags.push(pool_in_global(e, v));
            }
            let s = Setting::from_entry(e, v, full, text, env);
            self.tree.global_arrays.push(s);
            return;
        };
        let pool = &mut self.tree.pools[i];
        let expanded = expand_pool(&text, &pool.name);
        let flag = || match text.as_str() {
            "1" => "1".to_string(),
            "" => "0".to_string(),
            other => other.to_string(),
        };
        let (map, value) = match e.key.as_str() {
            "env" => (&mut pool.env, expanded),
            "php_value" => (&mut pool.php_value, expanded),
            "php_admin_value" => (&mut pool.php_admin_value, expanded),
            "php_flag" => (&mut pool.php_flag, flag()),
            "php_admin_flag" => (&mut pool.php_admin_flag, flag()),
            "access.suppress_path" => {
                pool.access_suppress_path
                    .push(Setting::from_entry(e, v, full, expanded, env));
                return;
            }
            _ => {
                pool.unknown_arrays
                    .push(Setting::from_entry(e, v, full, expanded, env));
                return;
            }
        };
        map.entry(sub.to_string())
            .or_insert_with(|| Setting::from_entry(e, v, full, value, env));
    }

    /// `include=` (`fpm_conf_ini_parser_include`): relative to the install prefix,
    /// glob(3) order, no match is only a warning, a file that fails is fatal.
    fn include(&mut self, e: &Entry, v: &Value) {
        if v.is_symbolic() {
            self.diags.push(
                Diagnostic::info(
                    RULE_INCLUDE,
                    format!("this include uses `${{{}}}`, known only when php-fpm starts; fpmlint does not follow it", v.env_refs.join("}`, `${")),
                    Label::new(v.span, ""),
                ),
            );
            return;
        }
        let pattern = full_path(&v.text, &self.ctx.prefix);
        let disk = self.ctx.roots.map(&pattern);
        let matches = if has_glob(&pattern) {
            let m = self.sources.glob(&disk);
            for (dir, e) in m.unreadable {
                if matches!(e, crate::source::LoadError::NotFollowed) {
                    self.sources.not_followed += 1;
                    continue;
                }
                self.diags.push(
                    Diagnostic::error(
                        crate::project::UNREADABLE,
                        format!(
                            "cannot expand include {pattern}: directory {} {e}",
                            self.sources.display_path(&dir)
                        ),
                        Label::new(v.span, "included here"),
                    )
                    .with_help("the files this pattern matches are not checked"),
                );
            }
            let mut v = m.files;
            v.extend(self.sources.virtual_matches(&disk));
            v.extend(self.ctx.roots.mount_matches(&pattern));
            self.ctx.roots.sort_as_mounted(&mut v);
            v
        } else if self.sources.lookup(&disk).is_some() {
            vec![disk.clone()]
        } else {
            match self.sources.confine.resolve(&disk) {
                // glob(GLOB_MARK) returns `dir/`, which php-fpm skips silently.
                Ok((_, crate::confine::Kind::Dir)) => return,
                Err(crate::source::LoadError::NotFound) => Vec::new(),
                // Everything else is reported when it is read.
                _ => vec![disk.clone()],
            }
        };
        if matches.is_empty() {
            let from = self.sources.get(e.span.file).name.clone();
            let (line, _) = self
                .sources
                .get(e.span.file)
                .line_col(e.span.start as usize);
            self.diags.push(
                Diagnostic::warning(
                    RULE_INCLUDE,
                    format!("php-fpm starts without these files: `Nothing matches the include pattern '{pattern}' from {from} at line {line}.`"),
                    Label::new(v.span, format!("looked for {}", disk.display())),
                )
                .with_help("fix the path (relative paths are under the install prefix, not the config directory) or remove the include"),
            );
            return;
        }
        // Read and parse the matches on every core; include_file takes them in order.
        self.sources
            .prefetch(&matches, crate::source::Language::Fpm);
        for path in matches {
            self.include_file(e, v, &path);
        }
    }

    fn include_file(&mut self, e: &Entry, v: &Value, path: &Path) {
        let from = self.sources.get(e.span.file).name.clone();
        let (line, _) = self
            .sources
            .get(e.span.file)
            .line_col(e.span.start as usize);
        let shown = self
            .ctx
            .roots
            .unmap(path)
            .unwrap_or_else(|| path.to_path_buf());
        let id = match self.sources.load(path) {
            Ok(id) => id,
            Err(err) => {
                use crate::source::LoadError;
                // What fpmlint cannot read (permissions, its size cap) php-fpm,
                // started as root, may read: the check is incomplete, not failed.
                if matches!(err, LoadError::NotFollowed) {
                    self.sources.not_followed += 1;
                    return;
                }
                if matches!(err, LoadError::OutsideRoot) {
                    self.diags.push(
                        Diagnostic::error(
                            crate::project::OUTSIDE_ROOT,
                            format!("cannot read included file {}: {err}", shown.display()),
                            Label::new(v.span, "included here"),
                        )
                        .with_help("this file is not checked: lint the tree that holds it (a directory standing for /, or --root), or correct the path"),
                    );
                    return;
                }
                if matches!(
                    err,
                    LoadError::PermissionDenied
                        | LoadError::TooLarge(_)
                        | LoadError::OverBudget(_)
                        | LoadError::NotRegular(_)
                        | LoadError::Other(_)
                ) {
                    self.diags.push(
                        Diagnostic::error(
                            crate::project::UNREADABLE,
                            format!("cannot read included file {}: {err}", shown.display()),
                            Label::new(v.span, "included here"),
                        )
                        .with_help("this file is not checked: run fpmlint as a user who can read it, or raise --max-file-size / --max-total-size"),
                    );
                    return;
                }
                self.diags.push(
                    Diagnostic::error(
                        RULE_INCLUDE,
                        format!("php-fpm refuses to start: `Unable to include {} from {from} at line {line}`: {err}", shown.display()),
                        Label::new(v.span, "included here"),
                    )
                    .with_help("make the included file a readable text file, or narrow the pattern"),
                );
                return;
            }
        };
        if let Some(first) = self.stack.iter().position(|(f, _)| *f == id) {
            let chain: Vec<String> = self.stack[first..]
                .iter()
                .map(|(f, _)| self.sources.get(*f).name.clone())
                .chain(std::iter::once(self.sources.get(id).name.clone()))
                .collect();
            let mut d = Diagnostic::error(
                    RULE_INCLUDE,
                    format!(
                        "php-fpm refuses to start: this include closes a cycle ({}); php-fpm follows it until `failed to include more than {MAX_INCLUDE_DEPTH} files recursively`",
                        chain.join(" -> ")
                    ),
                    Label::new(v.span, "includes a file that is already being read"),
                )
                .with_help("remove the include that points back, or narrow its pattern so it does not match the including file");
            for (_, via) in &self.stack[first + 1..] {
                if let Some(span) = via {
                    d = d.with_label(Label::new(*span, "part of the cycle"));
                }
            }
            self.diags.push(d);
            return;
        }
        if self.stack.len() >= MAX_INCLUDE_DEPTH {
            self.diags.push(
                Diagnostic::error(
                    RULE_INCLUDE,
                    format!("php-fpm refuses to start: `failed to include more than {MAX_INCLUDE_DEPTH} files recursively` (`Unable to include {} from {from} at line {line}`)", shown.display()),
                    Label::new(v.span, format!("the {}th nested file", self.stack.len() + 1)),
                )
                .with_help("flatten the includes: php-fpm opens at most 5 files at once"),
            );
            return;
        }
        if !self.tree.files.contains(&id) {
            self.tree.files.push(id);
        }
        self.walk(id, Some(v.span));
    }

    /// php.ini and the scan directory, with the same parser, in PHP's order
    /// (`php_init_config`): php.ini first, then every regular file of the scan
    /// directory whose name ends in `.ini`, sorted by name; a later value wins.
    fn load_php_ini(&mut self) {
        let mut paths: Vec<PathBuf> = Vec::new();
        if let Some(path) = &self.ctx.php_ini {
            paths.push(path.clone());
        }
        if let Some(dir) = &self.ctx.php_ini_scan_dir {
            let mut found = Vec::new();
            if let Ok(names) = self.sources.list_dir(dir) {
                for n in names {
                    let p = dir.join(&n);
                    if n.to_string_lossy().ends_with(".ini")
                        && self.sources.kind(&p) == Some(crate::confine::Kind::File)
                    {
                        found.push(p);
                    }
                }
            }
            // Files mounted (or copied into an image) one by one into it.
            if let Some(config_dir) = self.ctx.roots.unmap(dir) {
                let pattern = format!("{}/*.ini", config_dir.display());
                found.extend(self.ctx.roots.mount_matches(&pattern));
            }
            // alphasort in the C locale, by the name PHP sees.
            self.ctx.roots.sort_as_mounted(&mut found);
            paths.extend(found);
        }
        let mut values = BTreeMap::new();
        let mut files = Vec::new();
        for path in paths {
            let Ok(id) = self.sources.load(&path) else {
                continue;
            };
            self.read_ini_file(id, &mut values);
            files.push(id);
        }
        if let Some(&file) = files.first() {
            self.tree.php_ini = Some(PhpIni {
                file,
                files,
                values,
            });
        }
    }

    /// One ini file over `values`. PHP reads it whole, not line by line: it stops
    /// at the first syntax error and keeps what came before; bare keys (and so
    /// `#` lines) are ignored.
    fn read_ini_file(&mut self, id: FileId, values: &mut BTreeMap<String, Setting>) {
        let file = self.sources.get(id).clone();
        let (ini, diags) = crate::fpm::parse(&file);
        let stop = diags
            .iter()
            .filter(|d| file.slice(d.primary.span) != "#")
            .map(|d| d.primary.span.start)
            .min();
        for d in diags.iter().filter(|d| Some(d.primary.span.start) == stop) {
            let mut w = d.clone();
            w.severity = Severity::Warning;
            w.message = format!(
                "PHP stops reading {} at this syntax error: the settings after it are ignored",
                file.path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "php.ini".into())
            );
            w.notes = vec![format!("the INI parser says: {}", d.message)];
            self.diags.push(w);
        }
        let mut skip = false;
        for line in &ini.lines {
            match line {
                Line::Section(s) => {
                    let n = s.name.to_ascii_uppercase();
                    skip = n.starts_with("PATH=") || n.starts_with("HOST=");
                }
                Line::Entry(e) if stop.is_some_and(|s| e.span.start >= s) => break,
                Line::Entry(e) if !skip && e.subkey.is_none() => {
                    if let Some(v) = &e.value {
                        // PHP expands php.ini's `${VAR}` from the environment.
                        let (text, env) = if v.is_symbolic() {
                            let x = crate::deploy::env::expand(
                                &v.text,
                                &v.env_refs,
                                self.ctx.php(),
                                |n| {
                                    self.ctx
                                        .env
                                        .get(n)
                                        .map(|v| (v.value.clone(), v.origin.clone()))
                                },
                            );
                            (
                                x.text,
                                EnvUse {
                                    resolved: x.resolved,
                                    unknown: x.unknown,
                                    looked_in: self.ctx.env.looked_in.clone(),
                                    php: self.ctx.php(),
                                },
                            )
                        } else {
                            (v.text.clone(), EnvUse::default())
                        };
                        values.insert(
                            e.key.to_ascii_lowercase(),
                            Setting::from_entry(e, v, e.key.clone(), text, &env),
                        );
                    }
                }
                _ => {}
            }
        }
        self.tree.asts.insert(id, ini);
    }
}

/// `fpm_conf_expand_pool_name`: every `$pool` becomes the pool name.
fn expand_pool(text: &str, pool: &str) -> String {
    text.replace("$pool", pool)
}

fn pool_in_global(e: &Entry, v: &Value) -> Diagnostic {
    let at = v.raw.find("$pool").map(|i| v.span.start as usize + i);
    let span = match at {
        Some(s) => Span::new(v.span.file, s, s + 5),
        None => v.span,
    };
    Diagnostic::error(
        RULE_POOL_VAR,
        format!(
            "php-fpm refuses to start: `unable to parse value for entry '{}': Can't use '$pool' when the pool is not defined`",
            e.key
        ),
        Label::new(span, "no pool here: this line is in [global]"),
    )
    .with_help("move the line into a pool section, or write the pool name instead of `$pool`")
}

/// The tree as JSON for `fpmlint dump`.
pub fn dump(src: &SourceMap, t: &FpmTree) -> serde_json::Value {
    use serde_json::json;
    let at = |s: &Setting| -> serde_json::Value {
        match s.origin {
            Origin::Default => json!("default"),
            Origin::Set { line, .. } => {
                let f = src.get(line.file);
                let (l, c) = f.line_col(line.start as usize);
                json!(format!("{}:{l}:{c}", f.name))
            }
        }
    };
    // A value from `${VAR}`: the variables and where each is set; an unknown
    // one has no value.
    let one = |s: &Setting| -> serde_json::Value {
        let mut v = json!({"value": s.value, "at": at(s)});
        if !s.env.resolved.is_empty() || !s.env.unknown.is_empty() {
            let o = v.as_object_mut().expect("an object");
            if s.is_unknown() {
                o.insert("value".into(), serde_json::Value::Null);
            }
            o.insert(
                "environment".into(),
                s.env
                    .resolved
                    .iter()
                    .map(|(n, e)| json!({"var": n, "kind": e.what, "at": format!("{}:{}", src.display_path(&e.path), e.line)}))
                    .collect::<Vec<_>>()
                    .into(),
            );
            o.insert("unknown".into(), json!(s.env.unknown));
        }
        v
    };
    let map = |m: &BTreeMap<String, Setting>| -> serde_json::Value {
        m.iter()
            .map(|(k, s)| (k.clone(), one(s)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let list = |v: &[Setting]| -> serde_json::Value {
        v.iter()
            .map(|s| json!({"key": s.key, "value": s.value, "at": at(s)}))
            .collect::<Vec<_>>()
            .into()
    };
    let pools: Vec<serde_json::Value> = t
        .pools
        .iter()
        .map(|p| {
            let listen = p.listen().map(|l| match l.endpoint {
                Endpoint::Unix(path) => json!({"unix": path}),
                Endpoint::Tcp { host, port } => json!({"host": host, "port": port}),
            });
            json!({
                "name": p.name,
                "settings": map(&p.settings),
                "listen": listen,
                "php_value": map(&p.php_value),
                "php_admin_value": map(&p.php_admin_value),
                "php_flag": map(&p.php_flag),
                "php_admin_flag": map(&p.php_admin_flag),
                "env": map(&p.env),
                "access_suppress_path": list(&p.access_suppress_path),
                "unknown_arrays": list(&p.unknown_arrays),
            })
        })
        .collect();
    json!({
        "entry": src.get(t.entry).name,
        "files": t.files.iter().map(|f| src.get(*f).name.clone()).collect::<Vec<_>>(),
        "global": map(&t.global),
        "global_arrays": list(&t.global_arrays),
        "pools": pools,
        "php_ini": t.php_ini.as_ref().map(|i| json!({
            "file": src.get(i.file).name,
            "files": i.files.iter().map(|f| src.get(*f).name.clone()).collect::<Vec<_>>(),
            "values": map(&i.values),
        })),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octal_modes() {
        assert_eq!(strtoul_octal("0660"), 0o660);
        assert_eq!(strtoul_octal("660"), 0o660);
        assert_eq!(strtoul_octal("0666 "), 0o666);
        assert_eq!(strtoul_octal("rw-rw----"), 0);
        assert_eq!(strtoul_octal("0689"), 0o6);
    }

    #[test]
    fn listen_edges() {
        assert_eq!(
            parse_listen("localhost:9000"),
            Ok(Endpoint::Tcp {
                host: Some("localhost".into()),
                port: 9000
            })
        );
        assert_eq!(
            parse_listen("[::]:9000"),
            Ok(Endpoint::Tcp {
                host: Some("::".into()),
                port: 9000
            })
        );
        assert_eq!(
            parse_listen("php.sock"),
            Ok(Endpoint::Unix("php.sock".into()))
        );
        assert!(parse_listen("0").is_err());
        assert!(parse_listen("").is_err());
        assert_eq!(full_path("php.sock", "/usr/"), "/usr/php.sock");
        assert_eq!(full_path("/run/x.sock", "/usr"), "/run/x.sock");
    }
}
