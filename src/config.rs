//! `.fpmlint.toml`: which rules run, at which severity, where they are ignored, the
//! options the rules read, and the exit-code threshold. Found by walking up from each
//! PATH, or named with `--config FILE`; flags are applied on top.
//!
//! ```toml
//! select = ["fastcgi-pass-unmatched", "runtime"]   # rules or categories; omitted: all
//! ignore = ["listen-backlog-low"]
//! fail-on = "warning"                              # error | warning | info
//! exclude = ["vendor/", "*.dpkg-old"]   # gitignore syntax, relative to this file
//! respect-gitignore = true              # leave out what git ignores (default)
//!
//! [severity]
//! undersized-buffer = "info"                        # error | warning | info | off
//!
//! [options]
//! nginx-user = "www-data"        # the nginx user when nginx.conf has no `user`
//! min-buffer-size = "8k"         # undersized-buffer threshold (nginx size syntax)
//! known-directives = ["more_set_headers"]
//!
//! [target]                       # every host
//! nginx = "1.26"                 # the nginx release; else the image tag, else unknown
//! modules = ["ngx_http_js_module"]   # dynamic modules nginx loads beyond its load_module lines
//! php = "8.1"                    # the PHP release; else the image tag or etc/php/X.Y, else unknown
//!
//! [per-path-ignores]
//! "sites-available/**" = ["nginx-include"]
//!
//! [host]                         # the limits of every host linted
//! memory = "2G"                  # what php-fpm may use (K, M, G, T: base 1024)
//! somaxconn = 4096               # the kernel's net.core.somaxconn
//!
//! [hosts."docker-compose.yml service php"]   # one host, as the summary names it
//! memory = "512M"
//!
//! [hosts."web".target]           # one host's target, over [target]
//! nginx = "1.24"
//! ```
//!
//! A file that cannot be read as this gives a diagnostic pointing into the TOML.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diag::{Diagnostic, Label, RenderOptions, Severity};
use crate::project::Options;
use crate::rules::{self, Category, RuleMeta};
use crate::source::{SourceMap, Span};

/// The file name looked for.
pub const FILE_NAME: &str = ".fpmlint.toml";

/// The diagnostic name of a bad configuration file.
pub const CONFIG_ERROR: &str = "config-file";

/// The effective configuration: the file's settings with the flags applied.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it was read from, if any.
    pub source: Option<PathBuf>,
    /// Only these rules or categories run; `None`: all.
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    /// Findings at or above this severity make the exit status 1.
    pub fail_on: Severity,
    /// Severity per rule; `None` switches the rule off.
    pub severity: BTreeMap<String, Option<Severity>>,
    pub options: Options,
    /// Glob (relative to the configuration file's directory) -> rules not reported
    /// for findings in matching files.
    pub per_path_ignores: Vec<(String, glob::Pattern, Vec<String>)>,
    /// Patterns (gitignore syntax, relative to the configuration file's
    /// directory) of paths directory walks leave out.
    pub exclude: Vec<String>,
    /// Leave out what git ignores, inside a repository.
    pub respect_gitignore: bool,
    /// `--exclude` patterns, relative to the current directory.
    pub cli_exclude: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            source: None,
            select: None,
            ignore: Vec::new(),
            fail_on: Severity::Warning,
            severity: BTreeMap::new(),
            options: Options::default(),
            per_path_ignores: Vec::new(),
            exclude: Vec::new(),
            respect_gitignore: true,
            cli_exclude: Vec::new(),
        }
    }
}

/// What the command line sets on top of the file.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub fail_on: Option<Severity>,
    pub nginx_user: Option<String>,
    /// `--exclude`: added to `exclude`, relative to the current directory.
    pub exclude: Vec<String>,
    /// `--no-respect-gitignore`.
    pub no_respect_gitignore: bool,
}

/// A configuration file that cannot be used.
#[derive(Clone, Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub text: String,
    /// Byte range in `text` the error is about.
    pub span: Option<Range<usize>>,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

impl ConfigError {
    /// The error as a diagnostic pointing into the file.
    pub fn render(&self, opts: RenderOptions) -> String {
        let mut sources = SourceMap::new();
        sources.display_base = std::env::current_dir().ok();
        let id = sources.add_virtual(self.path.clone(), self.text.clone().into_bytes());
        let Some(range) = self.span.clone() else {
            return format!(
                "error: fpmlint cannot use {}: {}\n",
                sources.get(id).name,
                self.message
            );
        };
        let len = self.text.len();
        let (mut start, mut end) = (range.start.min(len), range.end.min(len));
        // An empty span (an error at the end of a line) shows the character before.
        if start == end {
            if let Some(c) = self.text[..start].chars().next_back() {
                if c == '\n' {
                    start = start.saturating_sub(1);
                    end = start;
                } else {
                    start -= c.len_utf8();
                }
            }
        }
        let d = Diagnostic::error(
            CONFIG_ERROR,
            format!(
                "fpmlint cannot use {}: {}",
                sources.get(id).name,
                self.message
            ),
            Label::new(Span::new(id, start, end.max(start)), self.label.clone()),
        );
        let d = match &self.help {
            Some(h) => d.with_help(h.clone()),
            None => d,
        };
        crate::diag::render(&sources, &d, opts)
    }
}

// ------------------------------------------------------------------ the file

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    fail_on: Option<Spanned<String>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    options: Option<RawOptions>,
    target: Option<RawTarget>,
    per_path_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    exclude: Option<Vec<Spanned<String>>>,
    respect_gitignore: Option<bool>,
    host: Option<RawHost>,
    hosts: Option<BTreeMap<String, RawHost>>,
}

/// `[host]` and `[hosts."<name>"]`: the limits of the machine or container.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawHost {
    memory: Option<Spanned<toml::Value>>,
    somaxconn: Option<Spanned<toml::Value>>,
    target: Option<RawTarget>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOptions {
    nginx_user: Option<Spanned<String>>,
    min_buffer_size: Option<Spanned<toml::Value>>,
    known_directives: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawTarget {
    nginx: Option<Spanned<String>>,
    modules: Option<Vec<Spanned<String>>>,
    php: Option<Spanned<String>>,
}

/// `[target]` or `[hosts."<name>".target]`: what a host runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetDecl {
    /// The nginx release (`1.26`, `1.25.1`).
    pub nginx: Option<String>,
    /// The dynamic modules nginx loads beyond the `load_module` lines fpmlint
    /// reads, as shared-object names (`ngx_http_js_module.so`).
    pub modules: Option<Vec<String>>,
    /// The PHP release (`8.1`, `7.3.11`) php-fpm runs.
    pub php: Option<String>,
}

/// `8.1` or `7.3.11` as (major, minor, patch when written).
pub fn parse_php_release(v: &str) -> Option<(u32, u32, Option<u32>)> {
    let mut it = v.trim().split('.');
    let major = it.next()?.parse().ok()?;
    let minor = it.next()?.parse().ok()?;
    let patch = match it.next() {
        Some(p) => Some(p.parse().ok()?),
        None => None,
    };
    if it.next().is_some() || !(5..=9).contains(&major) {
        return None;
    }
    Some((major, minor, patch))
}

/// A module as `.fpmlint.toml` may write it (`ngx_http_lua_module`,
/// `modules/ngx_http_lua_module.so`, Debian's `libnginx-mod-http-lua`) as the
/// shared object `load_module` names.
pub fn module_object(name: &str) -> String {
    let name = name.trim();
    let file = name.rsplit('/').next().unwrap_or(name);
    if let Some(o) = crate::nginx::directives::debian_module_object(file) {
        return o;
    }
    let stem = file.strip_suffix(".so").unwrap_or(file);
    format!("{stem}.so")
}

/// Every category name, as written in `select`/`ignore`.
const CATEGORIES: &[(&str, Category)] = &[
    ("syntax", Category::Syntax),
    ("startup", Category::Startup),
    ("runtime", Category::Runtime),
    ("security", Category::Security),
    ("performance", Category::Performance),
    ("suppression", Category::Suppression),
];

fn category_name(c: Category) -> &'static str {
    CATEGORIES
        .iter()
        .find(|(_, k)| *k == c)
        .map_or("", |(n, _)| n)
}

/// The name of every rule, for suppression comments: `all`.
pub const ALL: &str = "all";

/// True when `name`, as a suppression comment writes it, covers `rule`: the rule
/// itself, its category, or `all`.
pub fn name_covers(name: &str, rule: &str) -> bool {
    name == rule
        || name == ALL
        || rules::find(rule).is_some_and(|m| category_name(m.category) == name)
}

/// True when `name` stands for several rules: a category or `all`.
pub fn is_group(name: &str) -> bool {
    name == ALL || CATEGORIES.iter().any(|(n, _)| *n == name)
}

/// The rules a group (category or `all`) stands for.
pub fn group_rules(name: &str) -> Vec<&'static str> {
    rules::all_meta()
        .iter()
        .map(|m| m.name)
        .filter(|r| name_covers(name, r))
        .collect()
}

/// Why a rule or category name is not known, with a suggestion.
pub fn unknown_name(name: &str) -> Option<String> {
    let metas = rules::all_meta();
    if metas.iter().any(|m| m.name == name) || CATEGORIES.iter().any(|(n, _)| *n == name) {
        return None;
    }
    let candidates = metas
        .iter()
        .map(|m| m.name)
        .chain(CATEGORIES.iter().map(|(n, _)| *n));
    Some(match crate::text::did_you_mean(name, candidates) {
        Some(s) => format!("no rule or category is named `{name}` (did you mean `{s}`?)"),
        None => format!("no rule or category is named `{name}`"),
    })
}

fn parse_severity(s: &str) -> Option<Severity> {
    match s {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

/// Walk up from each path to the nearest `.fpmlint.toml`. Paths that lead to
/// different files are an error (lint them separately, or pass `--config`).
pub fn find(paths: &[PathBuf]) -> Result<Option<PathBuf>, String> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let mut found: Option<(PathBuf, PathBuf)> = None;
    for p in paths {
        let abs = if p.as_os_str() == "-" {
            cwd.clone()
        } else if p.is_absolute() {
            p.clone()
        } else {
            cwd.join(p)
        };
        let abs = abs.canonicalize().unwrap_or(abs);
        let start = if abs.is_dir() {
            abs.clone()
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or(abs.clone())
        };
        // Not following links: a `.fpmlint.toml` is found by its name; whether it
        // may be read is decided when it is read (inside its directory only).
        let Some(file) = start
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|f| std::fs::symlink_metadata(f).is_ok())
        else {
            continue;
        };
        match &found {
            Some((f, from)) if *f != file => {
                return Err(format!(
                    "{} and {} have different configuration files ({} and {}): \
                     lint them separately, or name one with --config",
                    from.display(),
                    p.display(),
                    f.display(),
                    file.display()
                ))
            }
            Some(_) => {}
            None => found = Some((file, p.clone())),
        }
    }
    Ok(found.map(|(f, _)| f))
}

/// The largest configuration file read.
const MAX_CONFIG_SIZE: u64 = 1024 * 1024;

/// Read and check a configuration file. A file found by its name (`named` false)
/// is read only when it resolves inside its own directory: a `.fpmlint.toml`
/// that links elsewhere is refused. Either way only a regular file is read.
pub fn load(path: &Path, named: bool) -> Result<Config, Box<ConfigError>> {
    let path_abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut confine = crate::confine::Confinement::new();
    if let Some(dir) = path_abs.parent() {
        confine.add_root(dir, false);
    }
    if named {
        // The user named this file: its own place (a link's target) is fine.
        if let Some(dir) = std::fs::canonicalize(&path_abs)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
        {
            confine.add_root(&dir, false);
        }
    }
    let text = match confine.read(&path_abs, MAX_CONFIG_SIZE, false) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => {
            return Err(Box::new(ConfigError {
                path: path.to_path_buf(),
                text: String::new(),
                span: None,
                message: format!("cannot read it: {e}"),
                label: String::new(),
                help: None,
            }))
        }
    };
    parse(path, &text)
}

/// Check the text of a configuration file.
pub fn parse(path: &Path, text: &str) -> Result<Config, Box<ConfigError>> {
    let err = |span: Option<Range<usize>>, message: String, label: &str, help: Option<String>| {
        Box::new(ConfigError {
            path: path.to_path_buf(),
            text: text.to_string(),
            span,
            message,
            label: label.to_string(),
            help,
        })
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().replace('\n', " ");
        let help = if message.contains("unknown field") {
            Some(
                "the keys are select, ignore, fail-on, exclude, respect-gitignore, [severity], \
                 [options] (nginx-user, min-buffer-size, known-directives), [target] (nginx, modules, php), \
                 [per-path-ignores], [host] and [hosts.\"<name>\"] (memory, somaxconn, [hosts.\"<name>\".target])"
                    .to_string(),
            )
        } else {
            None
        };
        err(e.span(), message, "here", help)
    })?;
    let names =
        |list: Option<Vec<Spanned<String>>>| -> Result<Option<Vec<String>>, Box<ConfigError>> {
            let Some(list) = list else { return Ok(None) };
            let mut v = Vec::new();
            for n in list {
                if let Some(why) = unknown_name(n.get_ref()) {
                    return Err(err(
                        Some(n.span()),
                        why,
                        "unknown name",
                        Some("`fpmlint rules` lists the rules and their categories".into()),
                    ));
                }
                v.push(n.into_inner());
            }
            Ok(Some(v))
        };
    let mut c = Config {
        source: Some(path.to_path_buf()),
        select: names(raw.select)?,
        ignore: names(raw.ignore)?.unwrap_or_default(),
        ..Config::default()
    };
    if let Some(f) = raw.fail_on {
        c.fail_on = parse_severity(f.get_ref()).ok_or_else(|| {
            err(
                Some(f.span()),
                format!("fail-on is `{}`", f.get_ref()),
                "not a severity",
                Some("write error, warning or info".into()),
            )
        })?;
    }
    for (rule, sev) in raw.severity.unwrap_or_default() {
        if rules::find(rule.get_ref()).is_none() {
            let why = unknown_name(rule.get_ref())
                .unwrap_or_else(|| format!("`{}` is a category, not a rule", rule.get_ref()));
            return Err(err(
                Some(rule.span()),
                why,
                "unknown rule",
                Some("`fpmlint rules` lists the rules".into()),
            ));
        }
        let value = if sev.get_ref() == "off" {
            None
        } else {
            Some(parse_severity(sev.get_ref()).ok_or_else(|| {
                err(
                    Some(sev.span()),
                    format!("the severity of {} is `{}`", rule.get_ref(), sev.get_ref()),
                    "not a severity",
                    Some("write error, warning, info or off".into()),
                )
            })?)
        };
        c.severity.insert(rule.into_inner(), value);
    }
    let o = raw.options.unwrap_or_default();
    if let Some(u) = o.nginx_user {
        if u.get_ref().trim().is_empty() {
            return Err(err(
                Some(u.span()),
                "nginx-user is empty".into(),
                "empty",
                Some("write the user nginx's workers run as, e.g. \"www-data\"".into()),
            ));
        }
        c.options.nginx_user = u.into_inner();
    }
    if let Some(m) = o.min_buffer_size {
        let n = match m.get_ref() {
            toml::Value::Integer(i) => u64::try_from(*i).ok(),
            toml::Value::String(s) => crate::units::nginx_size(s),
            _ => None,
        };
        c.options.min_buffer_size = n.ok_or_else(|| {
            err(
                Some(m.span()),
                "min-buffer-size is not a size".into(),
                "not a size",
                Some("write a number of bytes, or a size as nginx reads it: \"4k\", \"1m\"".into()),
            )
        })?;
    }
    if let Some(k) = o.known_directives {
        c.options.known_directives = k.into_iter().map(Spanned::into_inner).collect();
    }
    let target_decl = |t: RawTarget| -> Result<TargetDecl, Box<ConfigError>> {
        let mut d = TargetDecl::default();
        if let Some(v) = t.nginx {
            if crate::nginx::directives::parse_version(v.get_ref()).is_none() {
                return Err(err(
                    Some(v.span()),
                    format!("`{}` is not an nginx release", v.get_ref()),
                    "not a version",
                    Some("write the release as nginx numbers it: \"1.26\" or \"1.25.1\"".into()),
                ));
            }
            d.nginx = Some(v.into_inner());
        }
        if let Some(v) = t.php {
            if parse_php_release(v.get_ref()).is_none() {
                return Err(err(
                    Some(v.span()),
                    format!("`{}` is not a PHP release", v.get_ref()),
                    "not a version",
                    Some("write the release as PHP numbers it: \"8.1\" or \"7.3.11\"".into()),
                ));
            }
            d.php = Some(v.into_inner());
        }
        if let Some(list) = t.modules {
            let mut objects = Vec::new();
            for m in list {
                let ok = !m.get_ref().trim().is_empty()
                    && m.get_ref()
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'));
                if !ok {
                    return Err(err(
                        Some(m.span()),
                        format!("`{}` is not a module name", m.get_ref()),
                        "not a module",
                        Some("write the module as load_module names it (\"ngx_http_js_module.so\") or as its Debian package (\"libnginx-mod-http-lua\")".into()),
                    ));
                }
                objects.push(module_object(m.get_ref()));
            }
            d.modules = Some(objects);
        }
        Ok(d)
    };
    if let Some(t) = raw.target {
        c.options.target = target_decl(t)?;
    }
    for (pattern, list) in raw.per_path_ignores.unwrap_or_default() {
        let glob = glob::Pattern::new(pattern.get_ref()).map_err(|e| {
            err(
                Some(pattern.span()),
                format!("`{}` is not a glob pattern: {}", pattern.get_ref(), e.msg),
                "bad pattern",
                None,
            )
        })?;
        let rules = names(Some(list))?.unwrap_or_default();
        c.per_path_ignores.push((pattern.into_inner(), glob, rules));
    }
    let base = path.parent().unwrap_or(Path::new("."));
    for p in raw.exclude.unwrap_or_default() {
        crate::exclude::patterns(base, std::slice::from_ref(p.get_ref())).map_err(|why| {
            err(
                Some(p.span()),
                why,
                "bad pattern",
                Some("exclude takes gitignore patterns: `vendor/`, `*.bak`, `/old/sites`".into()),
            )
        })?;
        c.exclude.push(p.into_inner());
    }
    if let Some(g) = raw.respect_gitignore {
        c.respect_gitignore = g;
    }
    let host_decl = |h: RawHost| -> Result<crate::model::capacity::HostDecl, Box<ConfigError>> {
        let mut d = crate::model::capacity::HostDecl::default();
        if let Some(m) = h.memory {
            let n = match m.get_ref() {
                toml::Value::Integer(i) => u64::try_from(*i).ok(),
                toml::Value::String(s) => crate::model::capacity::parse_memory(s),
                _ => None,
            };
            let n = n.filter(|n| *n > 0).ok_or_else(|| {
                err(
                    Some(m.span()),
                    "memory is not a size".into(),
                    "not a size",
                    Some("write a number of bytes, or a size with K, M, G or T (base 1024): \"2G\", \"512M\"".into()),
                )
            })?;
            d.memory = Some((n, m.span()));
        }
        if let Some(m) = h.somaxconn {
            let n = match m.get_ref() {
                toml::Value::Integer(i) if *i > 0 && *i <= i64::from(i32::MAX) => Some(*i),
                _ => None,
            };
            let n = n.ok_or_else(|| {
                err(
                    Some(m.span()),
                    "somaxconn is not a positive integer".into(),
                    "not a number",
                    Some("write the host's net.core.somaxconn, e.g. 4096".into()),
                )
            })?;
            d.somaxconn = Some((n, m.span()));
        }
        Ok(d)
    };
    if let Some(h) = raw.host {
        c.options.declared.default = host_decl(h)?;
    }
    for (name, mut h) in raw.hosts.unwrap_or_default() {
        if let Some(t) = h.target.take() {
            c.options.host_targets.push((name.clone(), target_decl(t)?));
            if h.memory.is_none() && h.somaxconn.is_none() {
                continue;
            }
        }
        let d = host_decl(h)?;
        c.options.declared.hosts.push((name, d));
    }
    if c.options.declared.is_set() {
        c.options.declared.file = Some((path.to_path_buf(), text.to_string()));
    }
    Ok(c)
}

// ------------------------------------------------------------------ using it

fn names_rule(list: &[String], m: &RuleMeta) -> bool {
    let cat = category_name(m.category);
    list.iter().any(|n| n == m.name || n == cat)
}

impl Config {
    /// Apply the command line's settings; unknown names are an error.
    pub fn apply(&mut self, o: &Overrides) -> Result<(), String> {
        for (flag, list) in [
            ("--select", o.select.as_deref().unwrap_or(&[])),
            ("--ignore", &o.ignore[..]),
        ] {
            for n in list {
                if let Some(why) = unknown_name(n) {
                    return Err(format!("{flag}: {why}; `fpmlint rules` lists them"));
                }
            }
        }
        if let Some(s) = &o.select {
            self.select = Some(s.clone());
        }
        self.ignore.extend(o.ignore.iter().cloned());
        if let Some(f) = o.fail_on {
            self.fail_on = f;
        }
        if let Some(u) = &o.nginx_user {
            self.options.nginx_user = u.clone();
        }
        if o.no_respect_gitignore {
            self.respect_gitignore = false;
        }
        self.cli_exclude.extend(o.exclude.iter().cloned());
        Ok(())
    }

    /// What directory walks leave out: `--exclude`, `exclude`, and .gitignore.
    pub fn exclusions(&self) -> Result<crate::exclude::Exclude, String> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let mut sets = Vec::new();
        if !self.cli_exclude.is_empty() {
            sets.push(
                crate::exclude::patterns(&cwd, &self.cli_exclude)
                    .map_err(|e| format!("--exclude: {e}"))?,
            );
        }
        if !self.exclude.is_empty() {
            let base = self
                .source
                .as_deref()
                .and_then(Path::parent)
                .map(|b| {
                    if b.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        b
                    }
                })
                .unwrap_or(Path::new("."));
            let base = if base.is_absolute() {
                base.to_path_buf()
            } else {
                cwd.join(base)
            };
            let base = crate::paths::normalize(&base);
            sets.push(crate::exclude::patterns(&base, &self.exclude)?);
        }
        Ok(crate::exclude::Exclude::new(sets, self.respect_gitignore))
    }

    /// True when the rule runs in this configuration.
    pub fn active(&self, rule: &str) -> bool {
        let Some(m) = rules::find(rule) else {
            return true;
        };
        if let Some(sel) = &self.select {
            if !names_rule(sel, m) {
                return false;
            }
        }
        !names_rule(&self.ignore, m) && !matches!(self.severity.get(rule), Some(None))
    }

    /// The severity a finding of `rule` is reported at.
    pub fn severity_of(&self, rule: &str, default: Severity) -> Severity {
        match self.severity.get(rule) {
            Some(Some(s)) => *s,
            _ => default,
        }
    }

    /// True when `rule` is ignored for findings in `path` (per-path ignores,
    /// relative to the configuration file's directory).
    pub fn ignored_in(&self, rule: &str, path: &Path) -> bool {
        if self.per_path_ignores.is_empty() {
            return false;
        }
        let Some(m) = rules::find(rule) else {
            return false;
        };
        let base = self
            .source
            .as_deref()
            .and_then(Path::parent)
            .map(|b| b.canonicalize().unwrap_or(b.to_path_buf()));
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(path)
        };
        let abs = abs.canonicalize().unwrap_or(abs);
        let rel = base
            .as_deref()
            .and_then(|b| abs.strip_prefix(b).ok())
            .unwrap_or(&abs);
        let opts = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: false,
        };
        self.per_path_ignores
            .iter()
            .any(|(_, g, rules)| g.matches_path_with(rel, opts) && names_rule(rules, m))
    }

    /// Print the effective configuration as TOML, with the rules that run.
    pub fn describe(&self) -> String {
        #[derive(Serialize)]
        #[serde(rename_all = "kebab-case")]
        struct Out<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            select: Option<&'a Vec<String>>,
            ignore: &'a Vec<String>,
            fail_on: &'static str,
            exclude: Vec<&'a str>,
            respect_gitignore: bool,
            severity: BTreeMap<&'a str, &'static str>,
            options: OutOptions<'a>,
            #[serde(skip_serializing_if = "Option::is_none")]
            target: Option<OutTarget<'a>>,
            per_path_ignores: BTreeMap<&'a str, &'a Vec<String>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            host: Option<OutHost<'a>>,
            #[serde(skip_serializing_if = "BTreeMap::is_empty")]
            hosts: BTreeMap<&'a str, OutHost<'a>>,
        }
        #[derive(Serialize)]
        struct OutHost<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            memory: Option<u64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            somaxconn: Option<i64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            target: Option<OutTarget<'a>>,
        }
        let out_host = |d: &crate::model::capacity::HostDecl| OutHost {
            memory: d.memory.as_ref().map(|m| m.0),
            somaxconn: d.somaxconn.as_ref().map(|m| m.0),
            target: None,
        };
        #[derive(Serialize)]
        struct OutTarget<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            nginx: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            modules: Option<&'a Vec<String>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            php: Option<&'a str>,
        }
        fn out_target(t: &TargetDecl) -> OutTarget<'_> {
            OutTarget {
                nginx: t.nginx.as_deref(),
                modules: t.modules.as_ref(),
                php: t.php.as_deref(),
            }
        }
        #[derive(Serialize)]
        #[serde(rename_all = "kebab-case")]
        struct OutOptions<'a> {
            nginx_user: &'a str,
            min_buffer_size: u64,
            known_directives: &'a Vec<String>,
        }
        let mut hosts: BTreeMap<&str, OutHost> = self
            .options
            .declared
            .hosts
            .iter()
            .map(|(n, d)| (n.as_str(), out_host(d)))
            .collect();
        for (n, t) in &self.options.host_targets {
            hosts
                .entry(n.as_str())
                .or_insert_with(|| out_host(&Default::default()))
                .target = Some(out_target(t));
        }
        let out = Out {
            select: self.select.as_ref(),
            ignore: &self.ignore,
            fail_on: self.fail_on.as_str(),
            exclude: self
                .exclude
                .iter()
                .chain(&self.cli_exclude)
                .map(String::as_str)
                .collect(),
            respect_gitignore: self.respect_gitignore,
            severity: self
                .severity
                .iter()
                .map(|(k, v)| (k.as_str(), v.map_or("off", Severity::as_str)))
                .collect(),
            options: OutOptions {
                nginx_user: &self.options.nginx_user,
                min_buffer_size: self.options.min_buffer_size,
                known_directives: &self.options.known_directives,
            },
            target: (self.options.target != TargetDecl::default())
                .then(|| out_target(&self.options.target)),
            per_path_ignores: self
                .per_path_ignores
                .iter()
                .map(|(p, _, r)| (p.as_str(), r))
                .collect(),
            host: (self.options.declared.default != Default::default())
                .then(|| out_host(&self.options.declared.default)),
            hosts,
        };
        let mut s = match &self.source {
            Some(p) => format!("# from {}, with the command line's flags applied\n", p.display()),
            None => format!(
                "# no {FILE_NAME} found (nor --config): the defaults, with the command line's flags applied\n"
            ),
        };
        if self.select.is_none() {
            s.push_str("# select: every rule\n");
        }
        s.push_str(&toml::to_string(&out).unwrap_or_default());
        let all = rules::all_meta();
        let on: Vec<&&RuleMeta> = all.iter().filter(|m| self.active(m.name)).collect();
        s.push_str(&format!(
            "\n# Rules that run: {} of {}\n",
            on.len(),
            all.len()
        ));
        let w = on.iter().map(|m| m.name.len()).max().unwrap_or(0);
        for m in on {
            let sev = self.severity_of(m.name, m.severity);
            s.push_str(&format!("#   {:<w$}  {}\n", m.name, sev.as_str()));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(text: &str) -> ConfigError {
        *parse(Path::new(".fpmlint.toml"), text).expect_err(text)
    }

    #[test]
    fn reads_every_key() {
        let c = parse(
            Path::new("/x/.fpmlint.toml"),
            "select = [\"syntax\"]\nignore = [\"fpm-include\"]\nfail-on = \"error\"\n\
             [severity]\nnginx-include = \"info\"\nfpm-syntax = \"off\"\n\
             [options]\nnginx-user = \"www-data\"\nmin-buffer-size = \"8k\"\n\
             known-directives = [\"more_set_headers\"]\n\
             [per-path-ignores]\n\"sites-available/**\" = [\"nginx-include\"]\n",
        )
        .unwrap();
        assert_eq!(c.fail_on, Severity::Error);
        assert_eq!(c.options.min_buffer_size, 8192);
        assert_eq!(c.options.nginx_user, "www-data");
        assert!(c.active("nginx-syntax"));
        assert!(!c.active("fpm-include"));
        assert!(!c.active("fpm-syntax"));
        assert_eq!(
            c.severity_of("nginx-include", Severity::Error),
            Severity::Info
        );
        assert!(c.ignored_in("nginx-include", Path::new("/x/sites-available/a/b.conf")));
        assert!(!c.ignored_in("nginx-include", Path::new("/x/sites-enabled/b.conf")));
    }

    #[test]
    fn errors_point_into_the_file() {
        let text = "select = [\"nginx-syntx\"]\n";
        let e = bad(text);
        assert!(e.message.contains("did you mean `nginx-syntax`"), "{e:?}");
        assert_eq!(&text[e.span.clone().unwrap()], "\"nginx-syntx\"");
        let e = bad("fail-on = \"never\"\n");
        assert!(e.message.contains("never"));
        let e = bad("colour = 1\n");
        assert!(e.span.is_some(), "{e:?}");
        let e = bad("select = [\n");
        assert!(e.span.is_some(), "{e:?}");
        let e = bad("[options]\nmin-buffer-size = \"4q\"\n");
        assert!(e.message.contains("min-buffer-size"));
    }
}
