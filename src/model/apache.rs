//! The Apache httpd model: one tree per main file (apache2.conf, httpd.conf), read
//! as httpd reads it while starting: `Include`/`IncludeOptional` relative to
//! `ServerRoot`, `Define` and `${VAR}` (Debian's `envvars`), `<IfModule>`,
//! `<IfDefine>`, `<IfVersion>`, `<IfFile>` decided against what is loaded and
//! defined earlier in file order. What the rules read: the loaded modules,
//! `User`/`Group`, `Listen`, the virtual hosts, the PHP handlers (`SetHandler
//! "proxy:..."`, `ProxyPassMatch ... fcgi://...`) and the timeouts in effect.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::apache::ast::{Arg, Config, Directive, Item, Section, SectionKind};
use crate::diag::{Diagnostic, Label, Severity};
use crate::paths::RootMap;
use crate::source::{FileId, SourceMap, Span};

/// Where a tree's paths resolve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApacheContext {
    pub roots: RootMap,
    /// The compiled-in `ServerRoot` (config side): `/etc/apache2`, `/etc/httpd`,
    /// `/usr/local/apache2`.
    pub server_root: String,
    /// Debian's `envvars` (config side), whose `export K=V` lines seed `${K}`.
    pub envvars: Option<String>,
    /// The modules built into the binary (`httpd -l`), as source file names.
    pub static_modules: &'static [&'static str],
    /// True when a missing file may be on the target machine only (a repository):
    /// a missing `Include` is then a warning.
    pub repository: bool,
    /// A fragment: a file no Apache main file reaches (a vhost set, a
    /// conf-available snippet), read on its own. The modules its server loads
    /// are unknown: an `<IfModule>` test on a module neither built in nor loaded
    /// by the fragment itself is read as holding, positive or negated (each
    /// branch is written for some server; what a handler found there does is
    /// graded as an assumption), and the rules that need the module list do
    /// not judge it.
    pub fragment: bool,
}

/// Debian's `apache2 -l` (also close to RHEL's and the httpd image's builds).
pub const STATIC_MODULES: &[&str] = &[
    "core.c",
    "mod_so.c",
    "mod_watchdog.c",
    "http_core.c",
    "mod_log_config.c",
    "mod_logio.c",
    "mod_version.c",
    "mod_unixd.c",
];

/// The version `<IfVersion>` tests against (Debian 12's 2.4).
pub const VERSION: (u32, u32, u32) = (2, 4, 62);

/// A loaded module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    /// The symbol given to LoadModule (`proxy_fcgi_module`), or for a static one
    /// the symbol derived from the file name.
    pub symbol: String,
    /// The source file name (`mod_proxy_fcgi.c`).
    pub source: String,
    /// The LoadModule line (None: built in).
    pub span: Option<Span>,
}

/// A value with the directive it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub value: String,
    /// The argument's span.
    pub span: Span,
    /// The whole directive.
    pub line: Span,
}

/// `Listen [IP:]port [protocol]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listen {
    /// None: every address.
    pub host: Option<String>,
    pub port: u16,
    pub span: Span,
}

/// `<VirtualHost addr...>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VirtualHost {
    /// `(host, port)`: host None for `*` / `_default_`, port None for `*`.
    pub addrs: Vec<(Option<String>, Option<u16>)>,
    pub server_name: Option<Value>,
    pub aliases: Vec<Value>,
    pub document_root: Option<Value>,
    pub timeout: Option<Value>,
    pub proxy_timeout: Option<Value>,
    /// The opening line.
    pub span: Span,
}

/// Where a handler sends PHP requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    Unix(String),
    Tcp { host: String, port: u16 },
}

/// How a handler is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandlerForm {
    /// `SetHandler "proxy:..."` (served by the core when mod_proxy cannot take it).
    SetHandler,
    /// `ProxyPass` / `ProxyPassMatch` to `fcgi://` (needs mod_proxy to parse).
    ProxyPass,
}

/// One PHP handler: a `proxy:` handler or an `fcgi://` proxy target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Handler {
    pub form: HandlerForm,
    /// The backend; None when the text names none fpmlint can read (a relative
    /// socket, a variable).
    pub backend: Option<Backend>,
    /// The value as written (after `${VAR}`).
    pub text: String,
    /// The argument's span.
    pub span: Span,
    /// The directive.
    pub line: Span,
    /// Index into [`ApacheTree::vhosts`] (None: the main server).
    pub vhost: Option<usize>,
    /// The `<IfModule>` test that dropped this handler, when it was read in a
    /// conditional section httpd skips: (the section's opening line, its test).
    pub skipped_by: Option<(Span, String)>,
    /// The `<Proxy>` worker whose URL the handler's target matches.
    pub worker: Option<usize>,
    /// In a fragment: the `<IfModule>` tests read as holding around this handler
    /// (the module list is unknown), outermost first, joined by `and`, with the
    /// innermost section's opening line.
    pub assumed: Option<(Span, String)>,
}

/// `<Proxy URL>` with its `timeout=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Worker {
    pub url: String,
    /// The socket before `|`, when the URL is `unix:PATH|fcgi://NAME`.
    pub backend: Option<Backend>,
    /// The label after `|` or the `fcgi://HOST[:PORT]`, lower-cased, no trailing `/`.
    pub name: String,
    pub timeout: Option<Value>,
    pub span: Span,
}

/// One Apache configuration read from its main file.
#[derive(Debug)]
pub struct ApacheTree {
    pub entry: FileId,
    pub ctx: ApacheContext,
    /// Files read, entry first.
    pub files: Vec<FileId>,
    /// Debian's envvars, when read.
    pub envvars: Option<FileId>,
    /// The syntax tree of every file read, by file (for suppression comments).
    pub parsed: Vec<(FileId, Arc<Config>)>,
    pub host: usize,
    pub modules: Vec<Module>,
    pub user: Option<Value>,
    pub group: Option<Value>,
    pub listens: Vec<Listen>,
    pub vhosts: Vec<VirtualHost>,
    pub handlers: Vec<Handler>,
    pub workers: Vec<Worker>,
    /// Main-server `Timeout` and `ProxyTimeout`.
    pub timeout: Option<Value>,
    pub proxy_timeout: Option<Value>,
    /// Every directive httpd runs (not those of skipped sections), once each even
    /// when its file is included several times, with the name of the innermost
    /// section around it.
    pub directives: Vec<(Directive, Option<String>)>,
}

impl ApacheTree {
    /// Is a module loaded (by symbol, `proxy_fcgi_module`, or source, `mod_proxy_fcgi.c`)?
    pub fn loaded(&self, name: &str) -> bool {
        self.modules
            .iter()
            .any(|m| m.symbol == name || m.source == name)
    }

    /// The socket timeout a handler's connection gets, in seconds, with the
    /// directive it comes from (None: the compiled default, 60 s): the worker's
    /// `timeout=`, else `ProxyTimeout`, else `Timeout` (vhost before main server).
    pub fn handler_timeout(&self, h: &Handler) -> (u64, Option<&Value>) {
        let v = h.vhost.map(|i| &self.vhosts[i]);
        let found = h
            .worker
            .and_then(|w| self.workers[w].timeout.as_ref())
            .or_else(|| v.and_then(|v| v.proxy_timeout.as_ref()))
            .or(self.proxy_timeout.as_ref())
            .or_else(|| v.and_then(|v| v.timeout.as_ref()))
            .or(self.timeout.as_ref());
        match found.and_then(|f| seconds(&f.value).map(|s| (s, f))) {
            Some((s, f)) => (s, Some(f)),
            None => (60, None),
        }
    }

    /// The `User` and `Group` children run as (None: not set).
    pub fn identity(&self) -> (Option<&Value>, Option<&Value>) {
        (self.user.as_ref(), self.group.as_ref())
    }
}

/// `Timeout 30`, `Timeout 5s`, `Timeout 500ms`, `2mi`, `1h`: seconds (rounded up).
pub fn seconds(v: &str) -> Option<u64> {
    let v = v.trim();
    let digits = v.find(|c: char| !c.is_ascii_digit()).unwrap_or(v.len());
    let n: u64 = v[..digits].parse().ok()?;
    Some(match v[digits..].to_ascii_lowercase().as_str() {
        "" | "s" => n,
        "ms" => n.div_ceil(1000),
        "mi" => n * 60,
        "h" => n * 3600,
        _ => return None,
    })
}

/// `proxy:unix:/run/php/x.sock|fcgi://localhost` or `proxy:fcgi://127.0.0.1:9000`
/// (without `proxy:` for ProxyPass URLs): the backend.
pub fn parse_backend(url: &str) -> Option<Backend> {
    let u = url.strip_prefix("proxy:").unwrap_or(url);
    if u.len() >= 5 && u[..5].eq_ignore_ascii_case("unix:") {
        let (path, rest) = u[5..].split_once('|')?;
        if !rest.contains(':') || !path.starts_with('/') {
            return None;
        }
        return Some(Backend::Unix(path.to_string()));
    }
    let (host, port) = fcgi_host(u)?;
    Some(Backend::Tcp {
        host,
        port: port.unwrap_or(8000),
    })
}

/// `fcgi://HOST[:PORT][/...]`: the host (lower-cased) and port.
fn fcgi_host(u: &str) -> Option<(String, Option<u16>)> {
    if u.len() < 7 || !u[..7].eq_ignore_ascii_case("fcgi://") {
        return None;
    }
    let rest = &u[7..];
    let hostport = rest.split('/').next().unwrap_or("");
    if hostport.is_empty() || hostport.contains('$') {
        return None;
    }
    if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6.split_once(']')?;
        let port = after.strip_prefix(':').and_then(|p| p.parse().ok());
        return Some((h.to_ascii_lowercase(), port));
    }
    match hostport.rsplit_once(':') {
        Some((h, p)) => Some((h.to_ascii_lowercase(), Some(p.parse().ok()?))),
        None => Some((hostport.to_ascii_lowercase(), None)),
    }
}

/// The label of a handler or worker URL: what follows `|`, or the whole URL
/// without `proxy:`, as `fcgi://host[:port]` lower-cased, path dropped.
fn worker_name(url: &str) -> Option<String> {
    let u = url.strip_prefix("proxy:").unwrap_or(url);
    let u = match u.split_once('|') {
        Some((_, r)) => r,
        None => u,
    };
    let (h, p) = fcgi_host(u)?;
    Some(match p {
        Some(p) => format!("fcgi://{h}:{p}"),
        None => format!("fcgi://{h}"),
    })
}

/// The two lines Apache's error log gets when the handler's backend refuses the
/// connection (mod_proxy_fcgi, `proxy_util.c: ap_proxy_connect_backend`).
pub fn connect_failure_log(h: &Handler) -> String {
    let (host, port) = url_host_port(h);
    match &h.backend {
        Some(Backend::Unix(p)) => format!(
            "`(2)No such file or directory: AH02454: FCGI: attempt to connect to Unix domain socket {p} ({host}:{port}) failed` and `AH01079: failed to make connection to backend: {host}`"
        ),
        Some(Backend::Tcp { host, port }) => format!(
            "`(111)Connection refused: AH00957: FCGI: attempt to connect to {host}:{port} ({host}:{port}) failed` and `AH01079: failed to make connection to backend: {host}`"
        ),
        None => String::new(),
    }
}

/// The host and port of a handler's URL (after `|` for a socket: Apache prints
/// them for a socket too, fcgi's default port 8000 when none is written).
pub fn url_host_port(h: &Handler) -> (String, u16) {
    let u = h.text.strip_prefix("proxy:").unwrap_or(&h.text);
    let u = u.split_once('|').map_or(u, |(_, r)| r);
    let (host, port) = fcgi_host(u).unwrap_or(("localhost".into(), None));
    (host, port.unwrap_or(8000))
}

/// The handler rewritten to reach a pool endpoint.
pub fn handler_fix(h: &Handler, e: &crate::model::fpm::Endpoint) -> String {
    use crate::model::fpm::Endpoint;
    let tcp = |e: &Endpoint| match e {
        Endpoint::Tcp { host: None, port } => format!("127.0.0.1:{port}"),
        Endpoint::Tcp {
            host: Some(h),
            port,
        } if h.contains(':') => format!("[{h}]:{port}"),
        Endpoint::Tcp {
            host: Some(h),
            port,
        } => format!("{h}:{port}"),
        Endpoint::Unix(p) => p.clone(),
    };
    match (h.form, e) {
        (HandlerForm::SetHandler, Endpoint::Unix(p)) => {
            format!("\"proxy:unix:{p}|fcgi://localhost\"")
        }
        (HandlerForm::SetHandler, e) => format!("\"proxy:fcgi://{}\"", tcp(e)),
        (HandlerForm::ProxyPass, Endpoint::Unix(p)) => format!("\"unix:{p}|fcgi://localhost/...\""),
        (HandlerForm::ProxyPass, e) => format!("fcgi://{}/...", tcp(e)),
    }
}

/// The module symbol and source name a `LoadModule sym path` stands for.
fn module_of(symbol: &str, path: &str) -> Module {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.strip_suffix(".so").unwrap_or(file);
    // libphp8.2.so / libphp.so: mod_php.c (PHP 8), mod_php7.c before.
    let source = if stem.starts_with("libphp") {
        if stem.starts_with("libphp5") {
            "mod_php5.c".to_string()
        } else if stem.starts_with("libphp7") {
            "mod_php7.c".to_string()
        } else {
            "mod_php.c".to_string()
        }
    } else {
        format!("{stem}.c")
    };
    Module {
        symbol: symbol.to_string(),
        source,
        span: None,
    }
}

fn static_module(source: &str) -> Module {
    let stem = source.strip_suffix(".c").unwrap_or(source);
    let symbol = match stem {
        "core" => "core_module".to_string(),
        "http_core" => "http_module".to_string(),
        s => format!("{}_module", s.strip_prefix("mod_").unwrap_or(s)),
    };
    Module {
        symbol,
        source: source.to_string(),
        span: None,
    }
}

/// The value an `UnDefine` leaves in the define list (no Define holds a NUL).
const UNDEFINED: &str = "\u{0}undef";

/// The longest `Include` chain fpmlint follows (httpd's own limit).
const MAX_DEPTH: usize = 128;

/// The most directives one configuration may expand to (a file included several
/// times at several levels multiplies them); past it fpmlint stops reading.
const MAX_DIRECTIVES: usize = 500_000;

struct Builder<'a> {
    sources: &'a mut SourceMap,
    tree: ApacheTree,
    diags: Vec<Diagnostic>,
    server_root: String,
    defines: Vec<(String, Option<String>)>,
    env: HashMap<String, String>,
    parsed: HashMap<FileId, Option<Arc<Config>>>,
    stack: Vec<FileId>,
    vhost: Option<usize>,
    worker: Option<usize>,
    /// Directives read so far (with repeats), and whether the limit was hit.
    read: usize,
    stopped: bool,
    listed: std::collections::HashSet<Span>,
    /// What each Include pattern (config side) matched: the file system is asked once.
    resolved: HashMap<String, Vec<PathBuf>>,
    ids: HashMap<PathBuf, FileId>,
    /// The `<IfModule>` tests a fragment is read inside, read as holding.
    assumed: Vec<(Span, String)>,
}

/// Build the model of one Apache main file.
pub fn build(
    sources: &mut SourceMap,
    entry: FileId,
    ctx: &ApacheContext,
) -> (ApacheTree, Vec<Diagnostic>) {
    let (env, envvars) = ctx
        .envvars
        .as_deref()
        .and_then(|p| read_envvars(sources, &ctx.roots.map(p)))
        .map_or((HashMap::new(), None), |(e, id)| (e, Some(id)));
    let mut b = Builder {
        tree: ApacheTree {
            entry,
            ctx: ctx.clone(),
            files: vec![entry],
            envvars,
            parsed: Vec::new(),
            host: 0,
            modules: ctx
                .static_modules
                .iter()
                .map(|m| static_module(m))
                .collect(),
            user: None,
            group: None,
            listens: Vec::new(),
            vhosts: Vec::new(),
            handlers: Vec::new(),
            workers: Vec::new(),
            timeout: None,
            proxy_timeout: None,
            directives: Vec::new(),
        },
        sources,
        diags: Vec::new(),
        server_root: ctx.server_root.clone(),
        defines: Vec::new(),
        env,
        parsed: HashMap::new(),
        stack: Vec::new(),
        vhost: None,
        worker: None,
        read: 0,
        stopped: false,
        listed: std::collections::HashSet::new(),
        resolved: HashMap::new(),
        ids: HashMap::new(),
        assumed: Vec::new(),
    };
    b.file(entry);
    // A handler naming a `<Proxy>` worker's label goes where the worker goes.
    let workers = b.tree.workers.clone();
    for h in &mut b.tree.handlers {
        let Some(name) = worker_name(&h.text) else {
            continue;
        };
        if let Some(wi) = workers.iter().rposition(|w| w.name == name) {
            h.worker = Some(wi);
            if matches!(h.backend, Some(Backend::Tcp { .. })) && !h.text.contains('|') {
                if let Some(be) = &workers[wi].backend {
                    h.backend = Some(be.clone());
                }
            }
        }
    }
    let mut parsed: Vec<(FileId, Arc<Config>)> = b
        .parsed
        .iter()
        .filter_map(|(id, c)| Some((*id, c.clone()?)))
        .collect();
    parsed.sort_by_key(|(id, _)| *id);
    b.tree.parsed = parsed;
    (b.tree, b.diags)
}

/// `export K=V` lines of Debian's envvars (a shell file), `$X`/`${X}` expanded from
/// earlier lines (unknown ones empty, as `$SUFFIX` is without a second instance).
fn read_envvars(
    sources: &mut SourceMap,
    path: &std::path::Path,
) -> Option<(HashMap<String, String>, FileId)> {
    let mut env = HashMap::new();
    let id = sources.load(path).ok()?;
    let text = sources.get(id).text.clone();
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix("export ") else {
            continue;
        };
        let Some((k, v)) = rest.trim().split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches('"').trim_matches('\'');
        let mut out = String::new();
        let mut chars = v.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '$' {
                out.push(c);
                continue;
            }
            let mut name = String::new();
            if chars.peek() == Some(&'{') {
                chars.next();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    name.push(c);
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        name.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
            }
            out.push_str(env.get(&name).map(String::as_str).unwrap_or(""));
        }
        env.insert(k.trim().to_string(), out);
    }
    Some((env, id))
}

impl Builder<'_> {
    fn parse(&mut self, file: FileId) -> Option<Arc<Config>> {
        if let Some(c) = self.parsed.get(&file) {
            return c.clone();
        }
        let c = match crate::apache::parse(self.sources.get(file)) {
            Ok(c) => Some(Arc::new(c)),
            Err(d) => {
                self.diags.push(*d);
                None
            }
        };
        self.parsed.insert(file, c.clone());
        c
    }

    fn file(&mut self, file: FileId) {
        if self.stack.len() >= MAX_DEPTH || self.stack.contains(&file) {
            return;
        }
        let Some(config) = self.parse(file) else {
            return;
        };
        self.stack.push(file);
        self.items(&config.items, None, &[]);
        self.stack.pop();
    }

    /// `${NAME}`: Define (case-insensitive) first, then the environment.
    fn expand(&self, text: &str) -> String {
        if !text.contains("${") {
            return text.to_string();
        }
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            let Some(j) = after.find('}') else {
                out.push_str(&rest[i..]);
                return out;
            };
            let name = &after[..j];
            // The latest Define or UnDefine of the name decides; a Define without
            // value (or an UnDefine) leaves ${NAME} to the environment.
            let val = self
                .defines
                .iter()
                .rev()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .and_then(|(_, v)| v.clone())
                .filter(|v| v != UNDEFINED)
                .or_else(|| self.env.get(name).cloned());
            match val {
                Some(v) => out.push_str(&v),
                None => out.push_str(&rest[i..i + 3 + j]),
            }
            rest = &after[j + 1..];
        }
        out.push_str(rest);
        out
    }

    fn arg(&self, a: &Arg) -> String {
        self.expand(&a.value)
    }

    /// The sections around a node, innermost last; `skipped`: the failing
    /// `<IfModule>` test that drops what is read, when reading a skipped body.
    fn items(&mut self, items: &[Item], skipped: Option<&(Span, String)>, within: &[&str]) {
        for item in items {
            match item {
                Item::Comment(_) => {}
                Item::Directive(_) | Item::Section(_) if self.stopped => return,
                Item::Directive(d) if self.read >= MAX_DIRECTIVES => {
                    self.stopped = true;
                    self.diags.push(
                        Diagnostic::error(
                            crate::project::INPUT_LIMIT,
                            format!("the includes expand to more than {MAX_DIRECTIVES} directives; fpmlint stops reading this Apache configuration here"),
                            Label::new(d.span, "the limit is reached here"),
                        )
                        .with_help("a file that includes the same files several times, at several levels, multiplies them: include each file once"),
                    );
                    return;
                }
                Item::Directive(d) => match skipped {
                    Some(s) => self.skipped_directive(d, s),
                    None => self.directive(d, within),
                },
                Item::Section(s) => self.section(s, skipped, within),
            }
        }
    }

    fn section(&mut self, s: &Section, skipped: Option<&(Span, String)>, within: &[&str]) {
        if let SectionKind::Conditional(_) = s.kind {
            if skipped.is_some() {
                self.items(&s.items, skipped, within);
                return;
            }
            if self.condition(s) {
                let assumed = self.assumed_module(s);
                if let Some(a) = &assumed {
                    self.assumed.push(a.clone());
                }
                self.items(&s.items, None, within);
                if assumed.is_some() {
                    self.assumed.pop();
                }
            } else {
                // Handlers in a skipped `<IfModule>` are kept aside: the section
                // dropped them, and what that does is the rules' business.
                let test = format!("<{} {}>", s.name, s.args_text.trim());
                self.items(&s.items, Some(&(s.open, test)), within);
            }
            return;
        }
        // A macro's body runs where the macro is used (`Use`), not here.
        if s.kind == SectionKind::Macro {
            return;
        }
        let mut inner: Vec<&str> = within.to_vec();
        inner.push(&s.name);
        if skipped.is_some() {
            if s.is("VirtualHost") || s.is("Proxy") {
                return;
            }
            self.items(&s.items, skipped, &inner);
            return;
        }
        if s.is("VirtualHost") {
            let addrs = s.args.iter().map(|a| vhost_addr(&self.arg(a))).collect();
            self.tree.vhosts.push(VirtualHost {
                addrs,
                server_name: None,
                aliases: Vec::new(),
                document_root: None,
                timeout: None,
                proxy_timeout: None,
                span: s.open,
            });
            let saved = self.vhost.replace(self.tree.vhosts.len() - 1);
            self.items(&s.items, None, &inner);
            self.vhost = saved;
            return;
        }
        if s.is("Proxy") {
            let url = s.args.first().map(|a| self.arg(a)).unwrap_or_default();
            let backend = if url.to_ascii_lowercase().starts_with("unix:") {
                parse_backend(&url)
            } else {
                None
            };
            let timeout = s.args.iter().skip(1).find_map(|a| {
                let v = self.arg(a);
                let (k, val) = v.split_once('=')?;
                k.eq_ignore_ascii_case("timeout").then(|| Value {
                    value: val.to_string(),
                    span: a.span,
                    line: s.open,
                })
            });
            if let Some(name) = worker_name(&url) {
                self.tree.workers.push(Worker {
                    url,
                    backend,
                    name,
                    timeout,
                    span: s.open,
                });
                let saved = self.worker.replace(self.tree.workers.len() - 1);
                self.items(&s.items, None, &inner);
                self.worker = saved;
                return;
            }
        }
        self.items(&s.items, None, &inner);
    }

    /// Does a conditional section's test hold now?
    fn condition(&mut self, s: &Section) -> bool {
        use crate::apache::Conditional::*;
        let SectionKind::Conditional(kind) = s.kind else {
            return true;
        };
        let Some(c) = s.condition() else {
            return true;
        };
        let operand = c.operand.trim().to_string();
        let held = match kind {
            // A fragment's modules are unknown: a test on a module it does
            // not load itself holds either way (see [`ApacheContext::fragment`]).
            IfModule if self.assumed_module(s).is_some() => return true,
            IfModule => self.tree.loaded(&operand),
            IfDefine => self
                .defines
                .iter()
                .rev()
                .find(|(n, _)| *n == operand)
                .is_some_and(|(_, v)| v.as_deref() != Some(UNDEFINED)),
            IfVersion => return if_version(&c.text),
            IfFile => {
                let p = self.server_path(&self.expand(&operand));
                self.sources.kind(&p).is_some()
            }
            IfDirective | IfSection => true,
        };
        held != c.negated
    }

    /// In a fragment, `<IfModule [!]X>` on a module neither built in nor loaded
    /// by the fragment itself: read as holding, an assumption findings state.
    fn assumed_module(&self, s: &Section) -> Option<(Span, String)> {
        if !self.tree.ctx.fragment
            || s.kind != SectionKind::Conditional(crate::apache::Conditional::IfModule)
        {
            return None;
        }
        let c = s.condition()?;
        (!self.tree.loaded(c.operand.trim()))
            .then(|| (s.open, format!("<{} {}>", s.name, s.args_text.trim())))
    }

    /// A config path relative to ServerRoot, on disk.
    fn server_path(&self, p: &str) -> PathBuf {
        let abs = if p.starts_with('/') {
            p.to_string()
        } else {
            format!("{}/{}", self.server_root.trim_end_matches('/'), p)
        };
        self.tree.ctx.roots.map(&abs)
    }

    fn value(&self, d: &Directive, i: usize) -> Option<Value> {
        let a = d.args.get(i)?;
        Some(Value {
            value: self.arg(a),
            span: a.span,
            line: d.span,
        })
    }

    fn skipped_directive(&mut self, d: &Directive, skipped: &(Span, String)) {
        self.read += 1;
        if let Some(mut h) = self.handler(d) {
            h.skipped_by = Some(skipped.clone());
            self.tree.handlers.push(h);
        }
    }

    fn handler(&self, d: &Directive) -> Option<Handler> {
        let (form, arg) = if d.is("SetHandler") {
            let a = d.args.first()?;
            if !self.arg(a).to_ascii_lowercase().starts_with("proxy:") {
                return None;
            }
            (HandlerForm::SetHandler, a)
        } else if d.is("ProxyPassMatch") || d.is("ProxyPass") {
            // In <Location>, the one-argument form names the URL alone.
            let a = d.args.iter().find(|a| {
                let v = self.arg(a).to_ascii_lowercase();
                v.starts_with("fcgi://") || v.starts_with("unix:")
            })?;
            let v = self.arg(a).to_ascii_lowercase();
            if v.starts_with("unix:") && !v.contains("|fcgi:") {
                return None;
            }
            (HandlerForm::ProxyPass, a)
        } else {
            return None;
        };
        let text = self.arg(arg);
        Some(Handler {
            form,
            backend: parse_backend(&text),
            text,
            span: arg.span,
            line: d.span,
            vhost: self.vhost,
            skipped_by: None,
            worker: None,
            assumed: self.assumed.last().map(|(span, _)| {
                let tests: Vec<&str> = self.assumed.iter().map(|(_, t)| t.as_str()).collect();
                (*span, tests.join(" and "))
            }),
        })
    }

    fn directive(&mut self, d: &Directive, within: &[&str]) {
        self.read += 1;
        let name = d.name.value.to_ascii_lowercase();
        match name.as_str() {
            "include" | "includeoptional" => {
                self.include(d, name == "includeoptional");
                return;
            }
            "define" => {
                if let Some(n) = d.args.first() {
                    let v = d.args.get(1).map(|a| self.arg(a));
                    self.defines.push((self.arg(n), v));
                }
            }
            "undefine" => {
                if let Some(n) = d.args.first() {
                    self.defines.push((self.arg(n), Some(UNDEFINED.into())));
                }
            }
            "serverroot" => {
                if let Some(v) = d.args.first() {
                    self.server_root = self.arg(v);
                }
            }
            "loadmodule" => {
                if let (Some(sym), Some(path)) = (d.args.first(), d.args.get(1)) {
                    let mut m = module_of(&self.arg(sym), &self.arg(path));
                    m.span = Some(d.span);
                    if !self.tree.loaded(&m.symbol) {
                        self.tree.modules.push(m);
                    }
                }
            }
            "user" if self.vhost.is_none() => self.tree.user = self.value(d, 0),
            "group" if self.vhost.is_none() => self.tree.group = self.value(d, 0),
            "listen" if self.vhost.is_none() && within.is_empty() => {
                if let Some(v) = d.args.first() {
                    if let Some((host, port)) = listen_addr(&self.arg(v)) {
                        self.tree.listens.push(Listen {
                            host,
                            port,
                            span: d.span,
                        });
                    }
                }
            }
            "servername" | "serveralias" | "documentroot" | "timeout" | "proxytimeout" => {
                let values: Vec<Value> =
                    (0..d.args.len()).filter_map(|i| self.value(d, i)).collect();
                match self.vhost {
                    Some(vi) => {
                        let v = &mut self.tree.vhosts[vi];
                        match name.as_str() {
                            "servername" => v.server_name = values.into_iter().next(),
                            "serveralias" => v.aliases.extend(values),
                            "documentroot" => v.document_root = values.into_iter().next(),
                            "timeout" => v.timeout = values.into_iter().next(),
                            _ => v.proxy_timeout = values.into_iter().next(),
                        }
                    }
                    None if within.is_empty() => match name.as_str() {
                        "timeout" => self.tree.timeout = values.into_iter().next(),
                        "proxytimeout" => self.tree.proxy_timeout = values.into_iter().next(),
                        _ => {}
                    },
                    None => {}
                }
            }
            "proxyset" => {
                if let Some(wi) = self.worker {
                    for a in &d.args {
                        let v = self.arg(a);
                        if let Some((k, val)) = v.split_once('=') {
                            if k.eq_ignore_ascii_case("timeout") {
                                self.tree.workers[wi].timeout = Some(Value {
                                    value: val.to_string(),
                                    span: a.span,
                                    line: d.span,
                                });
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        if let Some(h) = self.handler(d) {
            self.tree.handlers.push(h);
        }
        // A file included several times is listed once.
        if self.listed.insert(d.span) {
            self.tree
                .directives
                .push((d.clone(), within.last().map(|s| s.to_string())));
        }
    }

    fn include(&mut self, d: &Directive, optional: bool) {
        let Some(a) = d.args.first() else {
            return;
        };
        let pattern = self.arg(a);
        if pattern.contains("${") {
            return;
        }
        let abs = if pattern.starts_with('/') {
            pattern.clone()
        } else {
            format!("{}/{}", self.server_root.trim_end_matches('/'), pattern)
        };
        let disk = self.tree.ctx.roots.map(&abs);
        // In a repository, a path outside the directories it stands for is on the
        // target machine only: not followed, not reported.
        if self.tree.ctx.repository && disk == std::path::Path::new(&abs) {
            return;
        }
        let mut files: Vec<PathBuf> = Vec::new();
        let mut missing = false;
        if let Some(cached) = self.resolved.get(&abs) {
            files = cached.clone();
            missing = files.is_empty();
        } else if crate::paths::has_glob(&abs) {
            let m = self.sources.glob(&disk);
            let mut matched = m.files;
            // A matched directory is read whole.
            matched.sort();
            for f in matched {
                files.extend(self.dir_or_file(&f));
            }
            if files.is_empty() {
                missing = true;
            }
        } else {
            match self.sources.kind(&disk) {
                Some(crate::confine::Kind::Dir) => files.extend(self.dir_or_file(&disk)),
                Some(_) => files.push(disk.clone()),
                None => missing = true,
            }
        }
        self.resolved.insert(abs.clone(), files.clone());
        if missing {
            if !optional {
                let sev = if self.tree.ctx.repository {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                let msg = if crate::paths::has_glob(&abs) {
                    let (dir, pat) = abs.rsplit_once('/').unwrap_or(("", &abs));
                    if self.sources.kind(&self.tree.ctx.roots.map(dir)).is_some() {
                        format!("Apache refuses to start: `Include/IncludeOptional: No matches for the wildcard '{pat}' in '{dir}', failing`")
                    } else {
                        format!("Apache refuses to start: `Include/IncludeOptional: Could not open directory {dir}: No such file or directory`")
                    }
                } else {
                    format!("Apache refuses to start: `Could not open configuration file {abs}: No such file or directory`")
                };
                let msg = if self.tree.ctx.repository {
                    msg.replacen(
                        "Apache refuses to start: ",
                        &format!("{abs} is not in the repository: unless the target machine has it, Apache refuses to start: "),
                        1,
                    )
                } else {
                    msg
                };
                let mut d = Diagnostic::new(
                    "apache-include",
                    sev,
                    msg,
                    Label::new(
                        a.span,
                        if self.tree.ctx.repository {
                            "not in the repository"
                        } else {
                            "no such file"
                        },
                    ),
                );
                // What the distributions' packages (and a2enmod...) make on the
                // server: rarely copied into a repository.
                d = match package_made(&abs) {
                    Some(what) if self.tree.ctx.repository => d.with_help(format!(
                        "nothing to change when the target machine has it: {what}; else add it to the repository"
                    )),
                    _ => d.with_help(
                        "create the file, or use IncludeOptional, which ignores a missing file",
                    ),
                };
                self.diags.push(d);
            }
            return;
        }
        for f in files {
            if let Some(&id) = self.ids.get(&f) {
                self.file(id);
                continue;
            }
            match self.sources.load(&f) {
                Ok(id) => {
                    self.ids.insert(f.clone(), id);
                    if !self.tree.files.contains(&id) {
                        self.tree.files.push(id);
                    }
                    self.file(id);
                }
                Err(e) => {
                    let rule = match e {
                        crate::source::LoadError::OutsideRoot => crate::project::OUTSIDE_ROOT,
                        _ => crate::project::UNREADABLE,
                    };
                    self.diags.push(Diagnostic::error(
                        rule,
                        format!(
                            "cannot read included file \"{}\": {e}",
                            self.sources.display_path(&f)
                        ),
                        Label::new(a.span, "included here"),
                    ));
                }
            }
        }
    }

    /// A file, or every file below a directory (httpd reads a directory whole,
    /// dot-files included), sorted.
    fn dir_or_file(&mut self, p: &std::path::Path) -> Vec<PathBuf> {
        if self.sources.kind(p) != Some(crate::confine::Kind::Dir) {
            return vec![p.to_path_buf()];
        }
        let mut out = Vec::new();
        let mut queue = vec![(p.to_path_buf(), 0)];
        while let Some((dir, depth)) = queue.pop() {
            let Ok(names) = self.sources.list_dir(&dir) else {
                continue;
            };
            for n in names {
                let f = dir.join(n);
                match self.sources.kind(&f) {
                    Some(crate::confine::Kind::Dir) if depth < 16 => queue.push((f, depth + 1)),
                    Some(crate::confine::Kind::Dir) => {}
                    Some(_) => out.push(f),
                    None => {}
                }
            }
        }
        out.sort();
        out
    }
}

/// What makes a missing include on the server, when a distribution's package
/// does: Debian's `*-enabled` directories, its `ports.conf`, RHEL's
/// `conf.modules.d` and `conf.d`.
fn package_made(abs: &str) -> Option<&'static str> {
    let made: &[(&str, &str)] = &[
        (
            "/etc/apache2/mods-enabled",
            "Debian's apache2 package and a2enmod make mods-enabled",
        ),
        (
            "/etc/apache2/sites-enabled",
            "Debian's apache2 package and a2ensite make sites-enabled",
        ),
        (
            "/etc/apache2/conf-enabled",
            "Debian's apache2 package and a2enconf make conf-enabled",
        ),
        (
            "/etc/apache2/ports.conf",
            "Debian's apache2 package ships ports.conf",
        ),
        (
            "/etc/httpd/conf.modules.d",
            "the httpd package of RHEL and Fedora ships conf.modules.d",
        ),
        (
            "/etc/httpd/conf.d",
            "the httpd package of RHEL and Fedora ships conf.d",
        ),
    ];
    made.iter()
        .find(|(p, _)| abs == *p || abs.starts_with(&format!("{p}/")))
        .map(|(_, what)| *what)
}

/// `<IfVersion [op] version>` against [`VERSION`]; regular expressions hold.
fn if_version(text: &str) -> bool {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('!') {
        Some(r) => (true, r.trim_start()),
        None => (false, t),
    };
    let mut words = t.split_whitespace();
    let (op, ver) = match (words.next(), words.next()) {
        (Some(op), Some(v)) => (op, v),
        (Some(v), None) => ("=", v),
        _ => return true,
    };
    if op == "~" || ver.starts_with('/') {
        return !neg;
    }
    let parts: Vec<u32> = ver.split('.').filter_map(|p| p.parse().ok()).collect();
    let want = (
        parts.first().copied().unwrap_or(0),
        parts.get(1).copied().unwrap_or(0),
        parts.get(2).copied().unwrap_or(0),
    );
    let cmp = VERSION.cmp(&want);
    use std::cmp::Ordering::*;
    let held = match op {
        "=" | "==" => cmp == Equal,
        "<" => cmp == Less,
        "<=" => cmp != Greater,
        ">" => cmp == Greater,
        ">=" => cmp != Less,
        _ => true,
    };
    held != neg
}

/// `Listen [IP:]port`: (host, port).
pub fn listen_addr(v: &str) -> Option<(Option<String>, u16)> {
    if let Some(v6) = v.strip_prefix('[') {
        let (h, p) = v6.split_once("]:")?;
        return Some((Some(h.to_string()), p.parse().ok()?));
    }
    match v.rsplit_once(':') {
        Some((h, p)) => Some((Some(h.to_string()), p.parse().ok()?)),
        None => Some((None, v.parse().ok()?)),
    }
}

/// A `<VirtualHost>` address.
fn vhost_addr(v: &str) -> (Option<String>, Option<u16>) {
    let (h, p) = match v.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((h, rest)) => (h.to_string(), rest.strip_prefix(':').map(str::to_string)),
            None => (v.to_string(), None),
        },
        None => match v.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p.to_string())),
            None => (v.to_string(), None),
        },
    };
    let host = match h.as_str() {
        "*" | "_default_" => None,
        _ => Some(h),
    };
    (host, p.and_then(|p| p.parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends() {
        assert_eq!(
            parse_backend("proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"),
            Some(Backend::Unix("/run/php/php8.2-fpm.sock".into()))
        );
        assert_eq!(
            parse_backend("proxy:fcgi://127.0.0.1:9000"),
            Some(Backend::Tcp {
                host: "127.0.0.1".into(),
                port: 9000
            })
        );
        assert_eq!(
            parse_backend("fcgi://php/var/www/$1"),
            Some(Backend::Tcp {
                host: "php".into(),
                port: 8000
            })
        );
        assert_eq!(parse_backend("proxy:unix:/x.sock"), None);
        assert_eq!(
            worker_name("proxy:unix:/x.sock|fcgi://LocalHost/"),
            Some("fcgi://localhost".into())
        );
        assert_eq!(seconds("5s"), Some(5));
        assert_eq!(seconds("1500ms"), Some(2));
        assert_eq!(seconds("2mi"), Some(120));
        assert!(if_version(">= 2.4"));
        assert!(!if_version("< 2.4"));
        assert_eq!(
            listen_addr("127.0.0.1:8080"),
            Some((Some("127.0.0.1".into()), 8080))
        );
        assert_eq!(listen_addr("80"), Some((None, 80)));
        assert_eq!(listen_addr("[::]:80"), Some((Some("::".into()), 80)));
    }
}
