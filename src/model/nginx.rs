//! The nginx model: one tree per entry point with every `include` expanded in place,
//! a scope per block, and lookups of *effective* values as nginx merges them:
//! an inner level overrides an outer one; array directives (`fastcgi_param`,
//! `proxy_set_header`, `add_header`, ...) replace the outer set entirely when a
//! level has any (nginx-fpm-semantics B4).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::{Diagnostic, Label};
use crate::nginx::{self, Arg, Config, Directive, Item};
use crate::paths::{self, RootMap};
use crate::source::{FileId, SourceMap, Span};
use crate::units;

/// Where a tree's relative paths resolve.
#[derive(Clone, Debug)]
pub struct NginxContext {
    pub roots: RootMap,
    /// nginx's `conf_prefix`: the config-side directory of the main nginx.conf.
    /// Relative `include`s resolve against it, whichever file includes them.
    pub conf_prefix: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DirId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeId(pub u32);

/// The kind of block a scope is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Main,
    Events,
    Http,
    Server,
    Location,
    /// `if` inside a server or location.
    If,
    LimitExcept,
    Upstream,
    /// `stream`, `mail` and their servers, `map`, `types`, `geo`, ...: blocks whose
    /// contents are not http directives.
    Other(Box<str>),
}

/// One directive of the expanded tree: the parsed directive (shared with the
/// file's tree, not copied: its `name`, `args` and `span` read through it) and
/// where the expansion put it.
///
/// 16 bytes: a large tree holds hundreds of thousands (the optional id is
/// kept as `u32::MAX` for none, read through [`Dir::included_by`]; the scope a
/// block opens is the tree's to say, [`NginxTree::block_of`]).
#[derive(Clone, Debug)]
pub struct Dir {
    pub directive: triomphe::Arc<Directive>,
    /// The scope it appears in.
    pub scope: ScopeId,
    /// The `include` that brought it into the tree, or `NONE`.
    included_by: u32,
}

/// An optional id of a [`Dir`] that is absent.
const NONE: u32 = u32::MAX;

impl std::ops::Deref for Dir {
    type Target = Directive;

    fn deref(&self) -> &Directive {
        &self.directive
    }
}

impl Dir {
    fn new(directive: triomphe::Arc<Directive>, scope: ScopeId, included_by: Option<DirId>) -> Dir {
        Dir {
            directive,
            scope,
            included_by: included_by.map_or(NONE, |d| d.0),
        }
    }
    /// The `include` that brought it into the tree, if any.
    pub fn included_by(&self) -> Option<DirId> {
        (self.included_by != NONE).then_some(DirId(self.included_by))
    }
    pub fn name(&self) -> &str {
        &self.name.value
    }
    pub fn arg(&self, i: usize) -> Option<&str> {
        self.args.get(i).map(|a| a.value.as_str())
    }
}

/// A block of the expanded tree (or the main scope). Kept small (48 bytes),
/// with its lists in one allocation: a large tree holds tens of thousands.
#[derive(Clone, Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    /// The directive whose block this is, or `NONE` ([`Scope::dir`]).
    dir: u32,
    /// The enclosing scope, or `NONE` ([`Scope::parent`]).
    parent: u32,
    /// Three lists of as many entries, one after the other: the directives
    /// directly in this block, includes expanded, in order ([`Scope::dirs`]);
    /// the same ordered by the number of their name (the tree's
    /// [`NginxTree::name_number`]), then in order; and the number of each of
    /// those names (kept in a `DirId`'s four bytes). The directives of one
    /// name are a run found by binary search over the numbers, without
    /// reading a directive (twelve bytes a directive, where a map of names
    /// held a table entry and a list each).
    ids: Box<[DirId]>,
    /// One bit for each name of this scope ([`present_bit`] of its number): a
    /// name whose bit is clear is not here, known without reading `ids`
    /// (most names asked of a scope are not in it).
    present: u32,
}

/// A name number's bit in [`Scope::present`].
fn present_bit(n: u32) -> u32 {
    1 << (n % 32)
}

impl Scope {
    fn new(kind: ScopeKind, dir: Option<DirId>, parent: Option<ScopeId>) -> Scope {
        Scope {
            kind,
            dir: dir.map_or(NONE, |d| d.0),
            parent: parent.map_or(NONE, |s| s.0),
            ids: Box::default(),
            present: 0,
        }
    }
    /// The directive whose block this is (None for the main scope).
    pub fn dir(&self) -> Option<DirId> {
        (self.dir != NONE).then_some(DirId(self.dir))
    }
    /// The enclosing scope (None for the main scope).
    pub fn parent(&self) -> Option<ScopeId> {
        (self.parent != NONE).then_some(ScopeId(self.parent))
    }
    /// The directives directly in this block, includes expanded, in order.
    pub fn dirs(&self) -> &[DirId] {
        &self.ids[..self.ids.len() / 3]
    }
    /// [`Scope::dirs`] in name order.
    fn by_name(&self) -> &[DirId] {
        let n = self.ids.len() / 3;
        &self.ids[n..2 * n]
    }
    /// The number of each [`Scope::by_name`] entry's name.
    fn name_numbers(&self) -> &[DirId] {
        &self.ids[2 * self.ids.len() / 3..]
    }
}

/// What an `include` brought in: recorded for `fpmlint dump`.
#[derive(Clone, Debug)]
pub struct Inclusion {
    pub include: DirId,
    pub files: Box<[FileId]>,
}

/// An nginx configuration as nginx would load it from one entry point.
#[derive(Debug)]
pub struct NginxTree {
    pub entry: FileId,
    pub ctx: NginxContext,
    /// The kind of the root scope: Main for an nginx.conf; Http, Server or
    /// Location for a fragment no entry point includes.
    pub root_kind: ScopeKind,
    pub dirs: Vec<Dir>,
    pub scopes: Vec<Scope>,
    /// Every file the tree reads, the entry first.
    pub files: Vec<FileId>,
    pub inclusions: Vec<Inclusion>,
    /// Parsed files, so a file included twice is parsed once.
    pub parsed: HashMap<FileId, Arc<Config>>,
    /// [`NginxTree::unread_includes`], worked out once the tree is built.
    unread: Box<[DirId]>,
    /// Every directive name of the tree with its number ([`NginxTree::name_number`]).
    names: Names,
    /// The host it runs on (index into `Project::hosts`): nginx reaches the pools
    /// of its own host only.
    pub host: usize,
}

/// The directive names of a tree, each with its number: `include` is 0
/// (whether the tree has one or not), then each name in the order met.
type Names = HashMap<Box<str>, u32, foldhash::fast::FixedState>;

/// The number of `include` in every tree's [`Names`].
const INCLUDE: u32 = 0;

/// Trees of at least this many directives are indexed, and placed
/// (`model::placement`), on every core.
pub(crate) const PARALLEL_DIRS: usize = 1 << 16;

/// Deepest include chain followed; deeper chains are reported.
pub const MAX_INCLUDE_DEPTH: usize = 64;
/// Deepest combined nesting (blocks across includes) followed.
const MAX_TOTAL_DEPTH: usize = 200;
/// Most directives one tree holds with its includes expanded: a file included
/// twice by a file included twice... doubles at every level, and stops here.
pub const MAX_TREE_DIRECTIVES: usize = 1_000_000;
/// Most directives all trees of one run hold together: memory stays in
/// proportion whatever the number of files.
pub const MAX_TOTAL_DIRECTIVES: usize = 3_000_000;

/// Array directives: a level that sets any of them replaces the outer set.
pub const ARRAY_DIRECTIVES: &[&str] = &[
    "fastcgi_param",
    "proxy_set_header",
    "uwsgi_param",
    "scgi_param",
    "grpc_set_header",
    "add_header",
    "add_trailer",
    "fastcgi_hide_header",
    "fastcgi_pass_header",
    "proxy_hide_header",
    "proxy_pass_header",
    "uwsgi_hide_header",
    "uwsgi_pass_header",
    "scgi_hide_header",
    "scgi_pass_header",
    "error_page",
    "access_log",
    "index",
    "fastcgi_cache_valid",
    "proxy_cache_valid",
];

/// Directives that belong to their own block only and are never inherited by
/// nested locations (`*_pass` is inherited by `if` and `limit_except` only).
const NOT_INHERITED: &[&str] = &[
    "fastcgi_pass",
    "proxy_pass",
    "uwsgi_pass",
    "scgi_pass",
    "grpc_pass",
    "memcached_pass",
    "try_files",
    "return",
    "rewrite",
    "set",
    "break",
    "if",
    "location",
    "server",
    "listen",
    "server_name",
    "include",
    "limit_except",
    "alias",
    "internal",
    "fastcgi_split_path_info",
];

impl NginxTree {
    /// Give every scope its directives and their order by name for
    /// [`NginxTree::own`], once the tree is complete: `numbers` holds the
    /// number of each directive's name, in the tree's order.
    fn index_names(&mut self, numbers: Vec<u32>) {
        // Built by pushing: give back what the doubling left unused.
        self.dirs.shrink_to_fit();
        self.scopes.shrink_to_fit();
        self.inclusions.shrink_to_fit();
        self.names.shrink_to_fit();
        // Each scope's directives, in order: counted, then placed (one list
        // for all, where a list per scope grew push by push).
        let mut at = vec![0u32; self.scopes.len() + 1];
        for d in &self.dirs {
            at[d.scope.0 as usize + 1] += 1;
        }
        for i in 1..at.len() {
            at[i] += at[i - 1];
        }
        let mut next = at.clone();
        let mut order = vec![DirId(0); self.dirs.len()];
        for (i, d) in self.dirs.iter().enumerate() {
            let slot = &mut next[d.scope.0 as usize];
            order[*slot as usize] = DirId(i as u32);
            *slot += 1;
        }
        drop(next);
        let index = |(i, sc): (usize, &mut Scope)| {
            let own = &order[at[i] as usize..at[i + 1] as usize];
            let mut keyed: Vec<(u32, DirId)> =
                own.iter().map(|&d| (numbers[d.0 as usize], d)).collect();
            // Stable: in order within a name.
            keyed.sort_by_key(|k| k.0);
            sc.present = keyed.iter().fold(0, |m, k| m | present_bit(k.0));
            sc.ids = (own.iter().copied())
                .chain(keyed.iter().map(|k| k.1))
                .chain(keyed.iter().map(|k| DirId(k.0)))
                .collect();
        };
        // Each scope on its own: a large tree's are shared out between the cores.
        if self.dirs.len() < PARALLEL_DIRS {
            self.scopes.iter_mut().enumerate().for_each(index);
        } else {
            use rayon::prelude::*;
            self.scopes.par_iter_mut().enumerate().for_each(index);
        }
    }

    /// The scope the block of directive `id` opens, if it has one (a block
    /// nested past the depth limit opens none). The scopes after the main one
    /// were made in the order of their directives: a binary search.
    pub fn block_of(&self, id: DirId) -> Option<ScopeId> {
        let blocks = self.scopes.get(1..)?;
        let i = blocks.partition_point(|s| s.dir < id.0);
        (blocks.get(i)?.dir == id.0).then_some(ScopeId(i as u32 + 1))
    }

    pub fn dir(&self, id: DirId) -> &Dir {
        &self.dirs[id.0 as usize]
    }
    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id.0 as usize]
    }
    pub fn root(&self) -> ScopeId {
        ScopeId(0)
    }

    /// Directives named `name` directly in `scope`.
    pub fn own(&self, scope: ScopeId, name: &str) -> &[DirId] {
        match self.name_number(name) {
            Some(n) => self.own_numbered(scope, n),
            None => &[],
        }
    }

    /// The number of a directive name the tree holds (None: no directive of
    /// the tree has this name; `include` always has one).
    fn name_number(&self, name: &str) -> Option<u32> {
        self.names.get(name).copied()
    }

    /// Every directive of the tree named one of `names`, in the tree's order.
    /// Found through the scopes' name indexes: the other directives are not
    /// read (a rule after a few names need not go through a large tree's all).
    pub fn named(&self, names: &[&str]) -> Vec<DirId> {
        let numbers: Vec<u32> = names.iter().filter_map(|n| self.name_number(n)).collect();
        let mask = numbers.iter().fold(0, |m, &n| m | present_bit(n));
        let mut found = Vec::new();
        if mask == 0 {
            return found;
        }
        for (i, sc) in self.scopes.iter().enumerate() {
            if sc.present & mask != 0 {
                for &n in &numbers {
                    found.extend_from_slice(self.own_numbered(ScopeId(i as u32), n));
                }
            }
        }
        found.sort_unstable();
        found
    }

    /// The names written more than once directly in `scope`: for each, its
    /// directives in order (the first is the first written). Read from the
    /// scope's name index, not from the directives.
    pub fn repeated(&self, scope: ScopeId) -> impl Iterator<Item = &[DirId]> + '_ {
        let sc = self.scope(scope);
        let numbers = sc.name_numbers();
        let by_name = sc.by_name();
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < numbers.len() {
                let start = at;
                let n = numbers[start];
                at += numbers[start..].iter().take_while(|&&x| x == n).count();
                if at - start > 1 {
                    return Some(&by_name[start..at]);
                }
            }
            None
        })
    }

    /// [`NginxTree::own`] by the name's number.
    fn own_numbered(&self, scope: ScopeId, n: u32) -> &[DirId] {
        let sc = self.scope(scope);
        if sc.present & present_bit(n) == 0 {
            return &[];
        }
        let numbers = sc.name_numbers();
        let lo = numbers.partition_point(|x| x.0 < n);
        let len = numbers[lo..].partition_point(|x| x.0 == n);
        &sc.by_name()[lo..lo + len]
    }

    /// Whether the directory `dir` (an absolute path the configuration names)
    /// exists, as far as the linted tree shows it: known only when `witness`
    /// (another absolute directory it names, such as the site's `root`) is a
    /// directory through the same path map, so the linted tree holds the document
    /// trees at all (a live `/`, or a sysroot copied with them); None otherwise.
    ///
    /// Asked through the source map's confinement: nothing outside the linted
    /// tree is looked at.
    pub fn dir_exists_beside(&self, sources: &SourceMap, dir: &str, witness: &str) -> Option<bool> {
        use crate::confine::Kind;
        if !dir.starts_with('/') || !witness.starts_with('/') {
            return None;
        }
        if sources.kind(&self.ctx.roots.map(witness)) != Some(Kind::Dir) {
            return None;
        }
        Some(sources.kind(&self.ctx.roots.map(dir)) == Some(Kind::Dir))
    }

    /// The chain from `scope` outwards.
    pub fn ancestry(&self, scope: ScopeId) -> impl Iterator<Item = ScopeId> + '_ {
        std::iter::successors(Some(scope), |s| self.scope(*s).parent())
    }

    /// The effective single-valued directive at `scope`: its own, else the nearest
    /// outer level's. `*_pass` and the other non-inherited directives are looked up
    /// in the scope itself, and through `if`/`limit_except` up to their location.
    pub fn effective(&self, scope: ScopeId, name: &str) -> Option<DirId> {
        let n = self.name_number(name)?;
        if NOT_INHERITED.contains(&name) {
            for s in self.ancestry(scope) {
                if let Some(d) = self.own_numbered(s, n).last() {
                    return Some(*d);
                }
                if !matches!(self.scope(s).kind, ScopeKind::If | ScopeKind::LimitExcept) {
                    return None;
                }
            }
            return None;
        }
        self.ancestry(scope)
            .find_map(|s| self.own_numbered(s, n).last().copied())
    }

    /// The effective set of an array directive at `scope`: the directives of the
    /// innermost level that has any, and that level.
    pub fn effective_array(&self, scope: ScopeId, name: &str) -> (Option<ScopeId>, &[DirId]) {
        let Some(n) = self.name_number(name) else {
            return (None, &[]);
        };
        for s in self.ancestry(scope) {
            let own = self.own_numbered(s, n);
            if !own.is_empty() {
                return (Some(s), own);
            }
        }
        (None, &[])
    }

    /// Every scope of the kinds requests can end up in (location, if, limit_except).
    pub fn locations(&self) -> impl Iterator<Item = ScopeId> + '_ {
        (0..self.scopes.len() as u32).map(ScopeId).filter(|s| {
            matches!(
                self.scope(*s).kind,
                ScopeKind::Location | ScopeKind::If | ScopeKind::LimitExcept
            )
        })
    }

    /// Scopes of one kind.
    pub fn scopes_of(&self, kind: ScopeKind) -> impl Iterator<Item = ScopeId> + '_ {
        (0..self.scopes.len() as u32)
            .map(ScopeId)
            .filter(move |s| self.scope(*s).kind == kind)
    }

    /// The enclosing server of a scope, if any.
    pub fn server_of(&self, scope: ScopeId) -> Option<ScopeId> {
        self.ancestry(scope)
            .find(|s| self.scope(*s).kind == ScopeKind::Server)
    }

    /// An effective time value in milliseconds, with the directive that set it
    /// (None: the default). Invalid text yields None for the value.
    pub fn effective_time(
        &self,
        scope: ScopeId,
        name: &str,
        default_ms: u64,
    ) -> Setting<Option<u64>> {
        match self.effective(scope, name) {
            Some(d) => Setting {
                value: self.dir(d).arg(0).and_then(|v| units::nginx_time(v, false)),
                dir: Some(d),
            },
            None => Setting {
                value: Some(default_ms),
                dir: None,
            },
        }
    }

    /// An effective size value in bytes (`ngx_parse_size`: `k`, `m`, no `g`), with
    /// the directive that set it (None: the default). Invalid text yields None for
    /// the value.
    pub fn effective_size(&self, scope: ScopeId, name: &str, default: u64) -> Setting<Option<u64>> {
        match self.effective(scope, name) {
            Some(d) => Setting {
                value: self.dir(d).arg(0).and_then(units::nginx_size),
                dir: Some(d),
            },
            None => Setting {
                value: Some(default),
                dir: None,
            },
        }
    }

    /// The effective set of an array directive at `scope` keyed by each entry's
    /// first argument (the parameter or header name; header names lower-cased, as
    /// nginx compares them), the last entry of each name winning.
    pub fn effective_entries(&self, scope: ScopeId, name: &str) -> Entries<'_> {
        let (level, dirs) = self.effective_array(scope, name);
        let mut by_name = BTreeMap::new();
        for d in dirs {
            if let Some(key) = self.dir(*d).arg(0) {
                by_name.insert(entry_key(name, key), *d);
            }
        }
        Entries { level, by_name }
    }

    /// The entry `key` of [`NginxTree::effective_entries`] (a header name
    /// given in lower case), found without making the whole set.
    pub fn effective_entry(&self, scope: ScopeId, name: &str, key: &str) -> Option<DirId> {
        let (_, dirs) = self.effective_array(scope, name);
        dirs.iter()
            .rev()
            .find(|&&d| {
                self.dir(d)
                    .arg(0)
                    .is_some_and(|k| entry_key(name, k) == key)
            })
            .copied()
    }

    /// The directive of `scope` that brings `dir` into it: `dir` itself when it is
    /// written there, else the `include` in `scope` it comes through.
    pub fn written_in(&self, dir: DirId, scope: ScopeId) -> DirId {
        let mut best = dir;
        while let Some(inc) = self.dir(best).included_by() {
            if self.dir(inc).scope != scope {
                break;
            }
            best = inc;
        }
        best
    }

    /// `include`s whose contents are unknown: a file (not a glob) that could not be
    /// read, or an included file that could not be parsed. What such an include
    /// would have set cannot be known. A missing `mime.types` is not counted: it
    /// holds a `types` block and nothing else.
    ///
    /// In order: ask with [`NginxTree::is_unread`].
    pub fn unread_includes(&self) -> &[DirId] {
        &self.unread
    }

    /// Whether `include` is one of [`NginxTree::unread_includes`].
    pub fn is_unread(&self, include: DirId) -> bool {
        self.unread.binary_search(&include).is_ok()
    }

    /// The worker's user and group from the main-context `user` directive.
    pub fn user(&self) -> Option<DirId> {
        if self.root_kind != ScopeKind::Main {
            return None;
        }
        self.own(self.root(), "user").last().copied()
    }

    /// `upstream` blocks by lower-cased name.
    pub fn upstream(&self, name: &str) -> Option<ScopeId> {
        let name = name.to_ascii_lowercase();
        self.scopes_of(ScopeKind::Upstream).find(|s| {
            self.scope(*s)
                .dir()
                .and_then(|d| self.dir(d).arg(0))
                .is_some_and(|n| n.eq_ignore_ascii_case(&name))
        })
    }

    /// The target of a `*_pass` directive, parsed as nginx parses it.
    pub fn pass_target(&self, pass: DirId) -> Option<PassTarget> {
        let d = self.dir(pass);
        let a = d.args.first()?;
        Some(parse_pass_target(d.name(), a))
    }

    /// The endpoints a pass target reaches: itself, or the servers of the
    /// upstream block it names.
    pub fn resolve_target(&self, target: &PassTarget) -> Vec<Resolved> {
        match target {
            PassTarget::Unix { .. } | PassTarget::Inet { .. } => vec![Resolved {
                target: target.clone(),
                via: None,
            }],
            PassTarget::Name { name } => match self.upstream(name) {
                Some(up) => self
                    .own(up, "server")
                    .iter()
                    .filter_map(|s| {
                        let a = self.dir(*s).args.first()?;
                        Some(Resolved {
                            target: parse_upstream_server(a),
                            via: Some(*s),
                        })
                    })
                    .collect(),
                None => Vec::new(),
            },
            PassTarget::Variable { .. } | PassTarget::Invalid { .. } => Vec::new(),
        }
    }
}

/// A size as nginx writes it: `32768` -> `32k`, `1048576` -> `1m`, else bytes.
pub fn size_text(n: u64) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{}m", n >> 20)
    } else if n >= 1024 && n.is_multiple_of(1024) {
        format!("{}k", n >> 10)
    } else {
        n.to_string()
    }
}

/// The entries of an array directive's effective set (see
/// [`NginxTree::effective_entries`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entries<'t> {
    /// The level whose entries apply (None: no level sets any).
    pub level: Option<ScopeId>,
    /// Entry name -> the directive (the last one of that name). The name is
    /// the tree's own text, copied only when it is lower-cased.
    pub by_name: BTreeMap<std::borrow::Cow<'t, str>, DirId>,
}

impl Entries<'_> {
    /// The directive of entry `key` (header names given in lower case).
    pub fn get(&self, key: &str) -> Option<DirId> {
        self.by_name.get(key).copied()
    }
}

/// How nginx compares the names of an array directive's entries: header names
/// case-insensitively, FastCGI/uwsgi/SCGI parameter names exactly.
fn entry_key<'t>(directive: &str, key: &'t str) -> std::borrow::Cow<'t, str> {
    if (directive.ends_with("_header") || directive == "add_trailer")
        && key.bytes().any(|b| b.is_ascii_uppercase())
    {
        key.to_ascii_lowercase().into()
    } else {
        key.into()
    }
}

/// A value with the directive that set it (`None` means nginx's default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub dir: Option<DirId>,
}

/// Where a `fastcgi_pass` (or other `*_pass`) sends requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PassTarget {
    /// `unix:/path` (everything after `unix:` is the path, a trailing `:` included).
    Unix { path: String },
    /// `host:port` or `[v6]:port`.
    Inet { host: String, port: u16 },
    /// A name without a port: an `upstream` block, or nginx refuses to start.
    Name { name: String },
    /// Contains variables: resolved per request.
    Variable { text: String },
    /// Something nginx refuses (a scheme on fastcgi_pass, a bad port, ...).
    Invalid { text: String, reason: String },
}

/// An endpoint reached through an upstream (or directly, `via` None).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub target: PassTarget,
    /// The `server` line of the upstream block.
    pub via: Option<DirId>,
}

/// Parse the argument of a `*_pass` directive (ngx_parse_url with no default port
/// for fastcgi/uwsgi/scgi/grpc; `proxy_pass` needs a scheme).
pub fn parse_pass_target(directive: &str, arg: &Arg) -> PassTarget {
    let text = arg.value.to_string();
    if arg.has_variables() {
        return PassTarget::Variable { text };
    }
    let mut rest = text.as_str();
    if directive == "proxy_pass" {
        let lower = rest.to_ascii_lowercase();
        if let Some(r) = lower.strip_prefix("http://") {
            rest = &text[text.len() - r.len()..];
        } else if let Some(r) = lower.strip_prefix("https://") {
            rest = &text[text.len() - r.len()..];
        } else {
            return PassTarget::Invalid {
                reason: "invalid URL prefix".into(),
                text,
            };
        }
        // proxy_pass: the unix path ends at the first ':' after "unix:"; the host
        // part ends at '/'.
        if let Some(p) = rest.strip_prefix("unix:") {
            let path = p.split(':').next().unwrap_or("");
            return PassTarget::Unix { path: path.into() };
        }
        let host_port = rest.split(['/', '?']).next().unwrap_or("");
        let default_port = if lower.starts_with("https") { 443 } else { 80 };
        return match split_host_port(host_port) {
            Ok((h, Some(p))) => PassTarget::Inet { host: h, port: p },
            Ok((h, None)) => PassTarget::Name { name: h },
            Err(reason) => {
                let _ = default_port;
                PassTarget::Invalid { text, reason }
            }
        };
    }
    if let Some(p) = rest.strip_prefix("unix:") {
        if p.is_empty() {
            return PassTarget::Invalid {
                reason: "no path in the unix domain socket".into(),
                text,
            };
        }
        return PassTarget::Unix { path: p.into() };
    }
    if rest.contains(['/', '?']) || rest.contains("://") {
        return PassTarget::Invalid {
            reason: format!("invalid host in upstream \"{text}\""),
            text,
        };
    }
    match split_host_port(rest) {
        Ok((h, Some(p))) => PassTarget::Inet { host: h, port: p },
        Ok((h, None)) => PassTarget::Name { name: h },
        Err(reason) => PassTarget::Invalid { text, reason },
    }
}

/// An upstream `server` address: like a pass target, with port 80 by default.
pub fn parse_upstream_server(arg: &Arg) -> PassTarget {
    match parse_pass_target("server", arg) {
        PassTarget::Name { name } => PassTarget::Inet {
            host: name,
            port: 80,
        },
        other => other,
    }
}

fn split_host_port(s: &str) -> Result<(String, Option<u16>), String> {
    if let Some(v6) = s.strip_prefix('[') {
        let Some((host, rest)) = v6.split_once(']') else {
            return Err(format!("invalid IPv6 address in \"{s}\""));
        };
        return match rest.strip_prefix(':') {
            Some(p) => Ok((host.into(), Some(parse_port(p)?))),
            None if rest.is_empty() => Ok((host.into(), None)),
            None => Err(format!("invalid host in \"{s}\"")),
        };
    }
    match s.rsplit_once(':') {
        Some((h, p)) => Ok((h.into(), Some(parse_port(p)?))),
        None => Ok((s.into(), None)),
    }
}

fn parse_port(p: &str) -> Result<u16, String> {
    match p.parse::<u32>() {
        Ok(n) if (1..=65535).contains(&n) => Ok(n as u16),
        _ => Err(format!("invalid port in \"{p}\"")),
    }
}

// ---------------------------------------------------------------------------
// Building a tree

/// The scope kind a block directive opens, given the kind it appears in.
fn block_kind(name: &str, parent: &ScopeKind) -> ScopeKind {
    match (name, parent) {
        ("events", _) => ScopeKind::Events,
        ("http", _) => ScopeKind::Http,
        ("server", ScopeKind::Http) => ScopeKind::Server,
        ("location", ScopeKind::Server | ScopeKind::Location) => ScopeKind::Location,
        ("if", ScopeKind::Server | ScopeKind::Location) => ScopeKind::If,
        ("limit_except", ScopeKind::Location) => ScopeKind::LimitExcept,
        ("upstream", ScopeKind::Http) => ScopeKind::Upstream,
        (other, _) => ScopeKind::Other(other.into()),
    }
}

/// The context a file no entry point includes was written for, from what it holds.
pub fn fragment_kind(config: &Config) -> ScopeKind {
    let names: Vec<&str> = config.directives().map(|d| d.name()).collect();
    let has = |n: &str| names.contains(&n);
    if has("http") || has("events") || has("worker_processes") || has("user") {
        ScopeKind::Main
    } else if has("server") || has("upstream") || has("map") {
        ScopeKind::Http
    } else if has("location") || has("listen") || has("server_name") {
        ScopeKind::Server
    } else {
        ScopeKind::Location
    }
}

struct Builder<'s> {
    sources: &'s mut SourceMap,
    tree: NginxTree,
    diags: Vec<Diagnostic>,
    /// The include chain being expanded: (file, the include directive's span).
    stack: Vec<(FileId, Option<Span>)>,
    /// Files whose parse failed (reported once).
    failed: HashMap<FileId, ()>,
    /// MAX_TREE_DIRECTIVES was reached: nothing more is expanded.
    full: bool,
    /// The number of each directive's name, in the tree's order (the scopes'
    /// name indexes are made from them once the tree is complete).
    numbers: Vec<u32>,
    /// The includes whose contents are unknown ([`NginxTree::unread_includes`]).
    unread: Vec<DirId>,
    /// The file each include pattern without a glob has read, by pattern.
    resolved: HashMap<String, FileId>,
    /// Per file id: the file is in `tree.files` already.
    in_tree: Vec<bool>,
}

/// Build the tree of an entry file (an nginx.conf, or a fragment when
/// `root_kind` is not Main). Returns the tree and the diagnostics met on the way
/// (syntax errors, missing includes, cycles).
pub fn build(
    sources: &mut SourceMap,
    entry: FileId,
    ctx: &NginxContext,
    root_kind: Option<ScopeKind>,
) -> (NginxTree, Vec<Diagnostic>) {
    let mut b = Builder {
        sources,
        tree: NginxTree {
            entry,
            ctx: ctx.clone(),
            root_kind: ScopeKind::Main,
            dirs: Vec::new(),
            scopes: Vec::new(),
            files: vec![entry],
            inclusions: Vec::new(),
            parsed: HashMap::new(),
            unread: Box::default(),
            names: Names::from_iter([("include".into(), INCLUDE)]),
            host: 0,
        },
        diags: Vec::new(),
        stack: vec![(entry, None)],
        failed: HashMap::new(),
        full: false,
        numbers: Vec::new(),
        unread: Vec::new(),
        resolved: HashMap::new(),
        in_tree: Vec::new(),
    };
    b.in_tree = vec![false; entry.0 as usize + 1];
    b.in_tree[entry.0 as usize] = true;
    let config = b.parse(entry);
    let kind = match (&root_kind, &config) {
        (Some(k), _) => k.clone(),
        (None, Some(c)) => fragment_kind(c),
        (None, None) => ScopeKind::Main,
    };
    b.tree.root_kind = kind.clone();
    b.tree.scopes.push(Scope::new(kind, None, None));
    if let Some(c) = config {
        b.walk(&c.items, ScopeId(0), None, 0);
    }
    let numbers = std::mem::take(&mut b.numbers);
    b.tree.index_names(numbers);
    b.unread.sort_unstable();
    b.tree.unread = b.unread.into_boxed_slice();
    (b.tree, b.diags)
}

impl Builder<'_> {
    /// The number of a directive name, a new one for a name not met before.
    fn number(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.tree.names.get(name) {
            return n;
        }
        let n = self.tree.names.len() as u32;
        self.tree.names.insert(name.into(), n);
        n
    }

    fn parse(&mut self, file: FileId) -> Option<Arc<Config>> {
        if let Some(c) = self.tree.parsed.get(&file) {
            return Some(c.clone());
        }
        if self.failed.contains_key(&file) {
            return None;
        }
        let parsed = match self.sources.take_parsed(file) {
            Some(crate::source::Parsed::Nginx(r)) => r,
            _ => nginx::parse(self.sources.get(file)),
        };
        match parsed {
            Ok(c) => {
                let c = Arc::new(c);
                self.tree.parsed.insert(file, c.clone());
                Some(c)
            }
            Err(d) => {
                self.failed.insert(file, ());
                self.diags.push(*d);
                None
            }
        }
    }

    fn walk(&mut self, items: &[Item], scope: ScopeId, via: Option<DirId>, depth: usize) {
        for item in items {
            let Item::Directive(d) = item else { continue };
            if self.full {
                return;
            }
            let total = self.sources.directives;
            if self.tree.dirs.len() >= MAX_TREE_DIRECTIVES || total >= MAX_TOTAL_DIRECTIVES {
                self.full = true;
                let mut diag = if total >= MAX_TOTAL_DIRECTIVES {
                    Diagnostic::error(
                        crate::project::INPUT_LIMIT,
                        format!("the configurations hold more than {MAX_TOTAL_DIRECTIVES} directives in all; fpmlint stops reading here"),
                        Label::new(d.span, "the limit is reached here"),
                    )
                    .with_help("lint the hosts or trees one at a time")
                } else {
                    Diagnostic::error(
                        crate::project::INPUT_LIMIT,
                        format!("the includes expand to more than {MAX_TREE_DIRECTIVES} directives; fpmlint stops reading this configuration here"),
                        Label::new(d.span, "the limit is reached here"),
                    )
                    .with_help("a file that includes the same files several times, at several levels, multiplies them: include each file once")
                };
                if let Some(s) = self.stack.iter().rev().find_map(|(_, s)| *s) {
                    diag = diag.with_label(Label::new(s, "included here"));
                }
                self.diags.push(diag);
                return;
            }
            self.sources.directives += 1;
            let id = DirId(self.tree.dirs.len() as u32);
            self.tree.dirs.push(Dir::new(d.clone(), scope, via));
            let n = self.number(d.name());
            self.numbers.push(n);

            if n == INCLUDE && d.block.is_none() {
                if let Some(pattern) = d.args.first() {
                    self.include(id, pattern, scope, depth);
                }
                continue;
            }
            if let Some(block) = &d.block {
                if depth + 1 > MAX_TOTAL_DEPTH {
                    self.diags.push(
                        Diagnostic::error(
                            "nginx-syntax",
                            format!("blocks nest more than {MAX_TOTAL_DEPTH} levels deep across includes; fpmlint stops here"),
                            Label::new(block.open, "too deep"),
                        ),
                    );
                    continue;
                }
                let parent_kind = self.tree.scopes[scope.0 as usize].kind.clone();
                let child = ScopeId(self.tree.scopes.len() as u32);
                self.tree.scopes.push(Scope::new(
                    block_kind(d.name(), &parent_kind),
                    Some(id),
                    Some(scope),
                ));
                self.walk(&block.items, child, via, depth + 1);
            }
        }
    }

    fn include(&mut self, id: DirId, pattern: &Arg, scope: ScopeId, depth: usize) {
        let span = pattern.span;
        let config_path = if pattern.value.starts_with('/') {
            pattern.value.to_string()
        } else {
            format!(
                "{}/{}",
                self.tree.ctx.conf_prefix.trim_end_matches('/'),
                pattern.value
            )
        };
        let disk = self.tree.ctx.roots.map(&config_path);
        let glob = paths::has_glob(&pattern.value);
        // A file this tree has included before is the same file again: no
        // need to find and load it (a snippet every site includes).
        if let Some(&file) = (!glob)
            .then(|| self.resolved.get(&*pattern.value))
            .flatten()
        {
            let mut reached = Vec::new();
            let read = self.enter(file, span, id, scope, depth, &mut reached);
            self.record(id, &pattern.value, glob, reached, read);
            return;
        }
        let mut read = true;
        let files: Vec<PathBuf> = if glob {
            // A glob that matches nothing is fine for nginx; one that cannot
            // read a directory leaves the check incomplete.
            let m = self.sources.glob(&disk);
            for (dir, e) in m.unreadable {
                if matches!(e, crate::source::LoadError::NotFollowed) {
                    self.sources.not_followed += 1;
                    continue;
                }
                // A repository does not hold the target host's other
                // directories (an application's own `nginx[.]conf`, a runtime
                // mount): nginx starts whether the pattern matches or not.
                if matches!(e, crate::source::LoadError::OutsideRoot)
                    && self.tree.ctx.roots.partial_tree()
                    && disk == std::path::Path::new(&config_path)
                {
                    self.diags.push(
                        Diagnostic::new(
                            "nginx-include",
                            crate::diag::Severity::Info,
                            format!(
                                "include \"{}\" matches no file in the repository: nginx starts either way, and what the target host holds there is not checked",
                                pattern.value
                            ),
                            Label::new(span, "a directory the repository does not hold"),
                        )
                        .with_help("lint the files that land there too (add them to the repository, or lint the host) if they matter"),
                    );
                    continue;
                }
                self.diags.push(
                    Diagnostic::error(
                        crate::project::UNREADABLE,
                        format!(
                            "cannot expand include \"{}\": directory {} {e}",
                            pattern.value,
                            self.sources.display_path(&dir)
                        ),
                        Label::new(span, "included here"),
                    )
                    .with_help("the files this pattern matches are not checked"),
                );
            }
            let mut v = m.files;
            v.extend(self.sources.virtual_matches(&disk));
            v.sort();
            v.dedup();
            let mounted = self.tree.ctx.roots.mount_matches(&config_path);
            if !mounted.is_empty() {
                v.extend(mounted);
                self.tree.ctx.roots.sort_as_mounted(&mut v);
            }
            v
        } else {
            vec![disk.clone()]
        };
        let mut reached = Vec::new();
        // In a repository, nginx's own files that the target host's package
        // installs beside nginx.conf are read from fpmlint's copy when the
        // repository does not hold them.
        let repository = self.tree.ctx.roots.partial_tree();
        let package_file = |config_path: &str| {
            let (dir, name) = config_path.rsplit_once('/')?;
            if !repository || dir != self.tree.ctx.conf_prefix.trim_end_matches('/') {
                return None;
            }
            crate::deploy::nginx_package_file(name).map(|t| (name.to_string(), t))
        };
        let package = package_file(&config_path);
        // Read and parse the matches on every core; the walk below takes them in order.
        self.sources
            .prefetch(&files, crate::source::Language::Nginx);
        for path in files {
            let loaded = match self.sources.load(&path) {
                Err(crate::source::LoadError::NotFound) if package.is_some() => {
                    let (name, text) = package.clone().unwrap_or_default();
                    Ok(self.sources.add_virtual(
                        PathBuf::from(format!("(nginx package file)/{name}")),
                        text.as_bytes().to_vec(),
                    ))
                }
                other => other,
            };
            let file = match loaded {
                Ok(f) => f,
                // Standard input is a tree of its own (`nginx -T` inlines every
                // file): what it does not hold is not read from disk.
                Err(crate::source::LoadError::NotFollowed) => {
                    self.sources.not_followed += 1;
                    continue;
                }
                Err(e) => {
                    let shown = if path == disk {
                        config_path.clone()
                    } else {
                        self.sources.display_path(&path)
                    };
                    // A missing file, or a directory (nginx's read() then fails with
                    // EISDIR): nginx refuses to start. A file outside the linted
                    // tree is never opened. Anything else means fpmlint could not
                    // read what nginx may well read.
                    let rule = match e {
                        crate::source::LoadError::NotFound
                        | crate::source::LoadError::IsDirectory
                        | crate::source::LoadError::SymlinkLoop => "nginx-include",
                        crate::source::LoadError::OutsideRoot => crate::project::OUTSIDE_ROOT,
                        _ => crate::project::UNREADABLE,
                    };
                    let mut d = Diagnostic::error(
                        rule,
                        format!("cannot read included file \"{shown}\": {e}"),
                        Label::new(span, "included here"),
                    )
                    .with_help(match e {
                        crate::source::LoadError::NotFound
                        | crate::source::LoadError::IsDirectory
                        | crate::source::LoadError::SymlinkLoop => {
                            "nginx refuses to start: open() of this file fails; fix the path or create the file"
                        }
                        crate::source::LoadError::TooLarge(_) => {
                            "this file is not checked; raise the limit with --max-file-size if it really is a config file"
                        }
                        crate::source::LoadError::Binary => {
                            "this file is not checked: it holds NUL bytes; make the pattern match config files only"
                        }
                        crate::source::LoadError::OutsideRoot => {
                            "this file is not checked: lint the tree that holds it (a directory standing for /, or --root), or correct the path"
                        }
                        crate::source::LoadError::NotRegular(_) => {
                            "this file is not checked: nginx reads regular files only; make the path name a config file"
                        }
                        crate::source::LoadError::OverBudget(_) => {
                            "this file is not checked; raise --max-total-size if the configuration really is this large"
                        }
                        _ => "this file is not checked: run fpmlint as a user who can read it (nginx reads it as root)",
                    });
                    if disk.to_str() != Some(config_path.as_str()) {
                        d = d.with_note(format!(
                            "looked for it at {}",
                            self.sources.display_path(&disk)
                        ));
                    }
                    // In a repository of config files, an include may name a
                    // file the target host provides (mime.types from the package):
                    // fpmlint cannot tell, so it warns instead of failing.
                    let repository = self.tree.ctx.roots.partial_tree();
                    if matches!(e, crate::source::LoadError::NotFound) && repository {
                        d.severity = crate::diag::Severity::Warning;
                        d.message = format!(
                            "included file \"{shown}\" is not in the repository: nginx refuses to start unless the target host provides it"
                        );
                        d.help = Some(
                            "add the file to the repository, or correct the path if it is a typo"
                                .into(),
                        );
                        // `https.conf` rendered at start from the
                        // `https.conf.template` beside it (an entrypoint's
                        // envsubst or gomplate).
                        let mut template = path.clone().into_os_string();
                        template.push(".template");
                        let template = PathBuf::from(template);
                        if self.sources.confine.is_file(&template) {
                            d.severity = crate::diag::Severity::Info;
                            d.message = format!(
                                "included file \"{shown}\" is rendered when the container starts from {}: what it renders to is not checked",
                                self.sources.display_path(&template)
                            );
                            d.help = Some(
                                "lint the rendered file (or the deployment that renders it) to check what nginx reads"
                                    .into(),
                            );
                        }
                    }
                    self.diags.push(d);
                    continue;
                }
            };
            // In a repository, a file with template placeholders (`{{ getenv
            // "APP_DOMAIN" }}`) is rendered before nginx reads it: what it
            // becomes is not in the files.
            if self.tree.ctx.roots.partial_tree() {
                if let Some(marker) = crate::discover::template_marker(&self.sources.get(file).text)
                {
                    self.diags.push(
                        Diagnostic::new(
                            "nginx-include",
                            crate::diag::Severity::Info,
                            format!(
                                "\"{}\" is a template ({marker} placeholders): what it renders to is not checked",
                                self.sources.get(file).name
                            ),
                            Label::new(span, "includes a template"),
                        )
                        .with_help("lint the rendered file (or the deployment that renders it) to check what nginx reads"),
                    );
                    continue;
                }
            }
            if !glob {
                self.resolved.insert(pattern.value.to_string(), file);
            }
            read &= self.enter(file, span, id, scope, depth, &mut reached);
        }
        self.record(id, &pattern.value, glob, reached, read);
    }

    /// Record what the include `id` of `pattern` reached, and whether every
    /// file it reached was parsed (`read`).
    fn record(&mut self, id: DirId, pattern: &str, glob: bool, reached: Vec<FileId>, read: bool) {
        // Its contents are unknown when a file (not a glob) cannot be read,
        // or a file it reads cannot be parsed. A missing `mime.types` holds a
        // `types` block and nothing else.
        if !read || (reached.is_empty() && !glob && !pattern.ends_with("mime.types")) {
            self.unread.push(id);
        }
        self.tree.inclusions.push(Inclusion {
            include: id,
            files: reached.into_boxed_slice(),
        });
    }

    /// Expand the file `file` that the include `id` (at `span`) reads into
    /// `scope`, unless it closes a cycle or nests too deep. False when it
    /// cannot be parsed: what it would have set is unknown.
    fn enter(
        &mut self,
        file: FileId,
        span: Span,
        id: DirId,
        scope: ScopeId,
        depth: usize,
        reached: &mut Vec<FileId>,
    ) -> bool {
        if let Some(pos) = self.stack.iter().position(|(f, _)| *f == file) {
            let mut d = Diagnostic::error(
                "nginx-include",
                format!(
                    "include cycle: \"{}\" includes itself again",
                    self.sources.get(file).name
                ),
                Label::new(span, "this include closes the cycle"),
            )
            .with_help("nginx would include these files forever; remove one include of the cycle");
            if let Some(first) = self.stack[pos].1 {
                d = d.with_label(Label::new(first, "first included here"));
            }
            for s in self.stack[pos + 1..].iter().filter_map(|(_, s)| *s) {
                d = d.with_label(Label::new(s, "part of the cycle"));
            }
            self.diags.push(d);
            return true;
        }
        if self.stack.len() > MAX_INCLUDE_DEPTH {
            self.diags.push(Diagnostic::error(
                "nginx-include",
                format!("includes nest more than {MAX_INCLUDE_DEPTH} files deep; fpmlint stops following them here"),
                Label::new(span, "too deep"),
            ));
            return true;
        }
        let seen = file.0 as usize;
        if self.in_tree.len() <= seen {
            self.in_tree.resize(seen + 1, false);
        }
        if !self.in_tree[seen] {
            self.in_tree[seen] = true;
            self.tree.files.push(file);
        }
        reached.push(file);
        let Some(config) = self.parse(file) else {
            return false;
        };
        self.stack.push((file, Some(span)));
        self.walk(&config.items, scope, Some(id), depth + 1);
        self.stack.pop();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arg(v: &str) -> Arg {
        Arg {
            value: v.into(),
            quote: nginx::Quote::None,
            span: Span::new(FileId(0), 0, 0),
        }
    }

    /// A tree from in-memory files under a sysroot that exists nowhere; the first
    /// file is the entry, at /etc/nginx/nginx.conf.
    fn tree_of(files: &[(&str, &str)]) -> NginxTree {
        let mut sources =
            SourceMap::confined_to(std::path::Path::new("/nonexistent-fpmlint-root"), true);
        let roots = RootMap::with_sysroot("/nonexistent-fpmlint-root");
        let ids: Vec<FileId> = files
            .iter()
            .map(|(p, t)| sources.add_virtual(roots.map(p), t.as_bytes().to_vec()))
            .collect();
        let ctx = NginxContext {
            roots,
            conf_prefix: "/etc/nginx".into(),
        };
        build(&mut sources, ids[0], &ctx, None).0
    }

    /// The scope a block opens is found by its directive, included blocks
    /// included; a directive without a block opens none.
    #[test]
    fn block_of_finds_each_block_s_scope() {
        let deep = "if ($a) { set $b 1; ".repeat(20) + &"} ".repeat(20);
        let main = format!(
            "events {{}}\nhttp {{ include b.conf; server {{ listen 80; location / {{ {deep} }} }} include b.conf; }}\n"
        );
        let t = tree_of(&[
            ("/etc/nginx/nginx.conf", &main),
            (
                "/etc/nginx/b.conf",
                "upstream u { server 127.0.0.1:9000; }\nmap $x $y { a b; }\n",
            ),
        ]);
        let mut blocks = 0;
        for i in 0..t.dirs.len() as u32 {
            let id = DirId(i);
            let made = (1..t.scopes.len()).find(|&s| t.scopes[s].dir() == Some(id));
            assert_eq!(
                t.block_of(id),
                made.map(|s| ScopeId(s as u32)),
                "{}",
                t.dir(id).name()
            );
            blocks += usize::from(made.is_some());
        }
        let with_block = t.dirs.iter().filter(|d| d.block.is_some()).count();
        assert_eq!(blocks, with_block);
        assert!(blocks > 25 && blocks < t.dirs.len(), "{blocks} blocks");
    }

    fn only_location(t: &NginxTree) -> ScopeId {
        t.scopes_of(ScopeKind::Location).next().expect("a location")
    }

    #[test]
    fn own_finds_each_name_among_names_that_share_a_bit() {
        // Forty names: any two numbered 32 apart (x3 and x35 among them)
        // share a bit of a scope's presence mask. Each is written twice, the
        // second round reversed.
        let names: Vec<String> = (0..40).map(|i| format!("x{i}")).collect();
        let mut conf = String::from("events {}\nhttp {\n");
        for (i, n) in names.iter().enumerate() {
            conf.push_str(&format!("{n} a{i};\n"));
        }
        for (i, n) in names.iter().enumerate().rev() {
            conf.push_str(&format!("{n} b{i};\n"));
        }
        conf.push_str("server { x3 c; }\n}\n");
        let t = tree_of(&[("/etc/nginx/nginx.conf", &conf)]);
        let http = t.scopes_of(ScopeKind::Http).next().unwrap();
        let server = t.scopes_of(ScopeKind::Server).next().unwrap();
        let args = |scope: ScopeId, name: &str| -> Vec<&str> {
            t.own(scope, name)
                .iter()
                .map(|&d| t.dir(d).arg(0).unwrap())
                .collect()
        };
        for (i, n) in names.iter().enumerate() {
            assert_eq!(args(http, n), [format!("a{i}"), format!("b{i}")], "{n}");
        }
        assert!(args(http, "absent").is_empty());
        assert_eq!(args(server, "x3"), ["c"]);
        // Its bit is set in the server, its name is in the tree: still not here.
        assert!(args(server, "x35").is_empty());
        assert_eq!(
            t.effective(server, "x35").map(|d| t.dir(d).arg(0)),
            Some(Some("b35"))
        );
        assert_eq!(t.effective_array(server, "x3").1.len(), 1);
        assert_eq!(t.effective_array(server, "absent"), (None, &[][..]));
        // The directives of a few names, in the tree's order, whatever their bits.
        let of = |ids: &[DirId]| -> Vec<&str> {
            ids.iter().map(|&d| t.dir(d).arg(0).unwrap()).collect()
        };
        assert_eq!(
            of(&t.named(&["x35", "x3", "absent"])),
            ["a3", "a35", "b35", "b3", "c"]
        );
        assert!(t.named(&["absent"]).is_empty());
        // Each name of the http block is written twice, the server's once.
        let twice: Vec<Vec<&str>> = t.repeated(http).map(of).collect();
        assert_eq!(twice.len(), names.len());
        assert!(twice
            .iter()
            .all(|run| run.len() == 2 && run[0].starts_with('a')));
        assert_eq!(t.repeated(server).count(), 0);
    }

    #[test]
    fn sizes_are_written_as_nginx_reads_them() {
        assert_eq!(size_text(32 * 1024), "32k");
        assert_eq!(size_text(3 << 20), "3m");
        assert_eq!(size_text(1536 * 1024), "1536k");
        assert_eq!(size_text(1000), "1000");
        assert_eq!(size_text(0), "0");
    }

    #[test]
    fn effective_sizes_inherit_and_default() {
        let t = tree_of(&[(
            "/etc/nginx/nginx.conf",
            "events {}\nhttp { fastcgi_buffer_size 32k; proxy_buffer_size 1g;\n\
             server { location / { fastcgi_busy_buffers_size 2m; } } }\n",
        )]);
        let loc = only_location(&t);
        let bs = t.effective_size(loc, "fastcgi_buffer_size", 4096);
        assert_eq!(bs.value, Some(32 * 1024));
        assert_eq!(t.dir(bs.dir.unwrap()).arg(0), Some("32k"));
        assert_eq!(
            t.effective_size(loc, "fastcgi_busy_buffers_size", 0).value,
            Some(2 << 20)
        );
        let unset = t.effective_size(loc, "fastcgi_temp_file_write_size", 8192);
        assert_eq!((unset.value, unset.dir), (Some(8192), None));
        // `g` is not a size suffix: the value is unknown, the directive known.
        let bad = t.effective_size(loc, "proxy_buffer_size", 4096);
        assert_eq!(bad.value, None);
        assert!(bad.dir.is_some());
    }

    #[test]
    fn effective_entries_are_keyed_by_name_from_the_winning_level() {
        let t = tree_of(&[
            (
                "/etc/nginx/nginx.conf",
                "events {}\nhttp { fastcgi_param APP_ENV prod; add_header X-Frame-Options DENY;\n\
                 server { add_header Cache-Control no-cache; add_header cache-control private;\n\
                 location / { include fastcgi_params; fastcgi_param SCRIPT_NAME /x; } } }\n",
            ),
            (
                "/etc/nginx/fastcgi_params",
                "fastcgi_param QUERY_STRING $query_string;\nfastcgi_param SCRIPT_NAME $fastcgi_script_name;\n",
            ),
        ]);
        let loc = only_location(&t);
        let params = t.effective_entries(loc, "fastcgi_param");
        assert_eq!(params.level, Some(loc));
        let names: Vec<&str> = params.by_name.keys().map(|k| k.as_ref()).collect();
        assert_eq!(names, ["QUERY_STRING", "SCRIPT_NAME"]);
        // The last SCRIPT_NAME wins; the outer APP_ENV is dropped.
        assert_eq!(t.dir(params.get("SCRIPT_NAME").unwrap()).arg(1), Some("/x"));
        assert_eq!(params.get("APP_ENV"), None);
        let server = t.server_of(loc).unwrap();
        let outer = t.effective_entries(t.scope(server).parent().unwrap(), "fastcgi_param");
        assert!(outer.get("APP_ENV").is_some());
        // Header names are compared case-insensitively.
        let headers = t.effective_entries(loc, "add_header");
        assert_eq!(headers.level, Some(server));
        assert_eq!(headers.by_name.len(), 1);
        assert_eq!(
            t.dir(headers.get("cache-control").unwrap()).arg(1),
            Some("private")
        );
        assert_eq!(
            t.effective_entries(server, "proxy_set_header"),
            Entries::default()
        );
        // One entry, found without the set: the same directive as the set's.
        for (scope, name, key) in [
            (loc, "fastcgi_param", "SCRIPT_NAME"),
            (loc, "fastcgi_param", "QUERY_STRING"),
            (loc, "fastcgi_param", "APP_ENV"),
            (loc, "fastcgi_param", "script_name"),
            (server, "fastcgi_param", "APP_ENV"),
            (loc, "add_header", "cache-control"),
            (loc, "add_header", "x-frame-options"),
            (server, "proxy_set_header", "host"),
        ] {
            assert_eq!(
                t.effective_entry(scope, name, key),
                t.effective_entries(scope, name).get(key),
                "{name} {key}"
            );
        }
        assert!(t
            .effective_entry(loc, "add_header", "cache-control")
            .is_some());
    }

    #[test]
    fn written_in_climbs_to_the_include_of_the_scope() {
        let t = tree_of(&[
            (
                "/etc/nginx/nginx.conf",
                "events {}\nhttp { include sites/*.conf; }\n",
            ),
            (
                "/etc/nginx/sites/a.conf",
                "server { location / { include php.conf; fastcgi_param A 1; } }\n",
            ),
            ("/etc/nginx/php.conf", "include params.conf;\n"),
            ("/etc/nginx/params.conf", "fastcgi_param B 2;\n"),
        ]);
        let loc = only_location(&t);
        let params = t.effective_entries(loc, "fastcgi_param");
        let a = params.get("A").unwrap();
        let b = params.get("B").unwrap();
        // Written in the location's own file (itself included from http).
        assert_eq!(t.written_in(a, loc), a);
        // Through two includes: the one written in the location.
        assert_eq!(t.dir(t.written_in(b, loc)).arg(0), Some("php.conf"));
    }

    #[test]
    fn unread_includes_are_those_whose_contents_are_unknown() {
        let t = tree_of(&[
            (
                "/etc/nginx/nginx.conf",
                "events {}\nhttp { include mime.types; include missing.conf; include conf.d/*.conf; include broken.conf; include ok.conf; }\n",
            ),
            ("/etc/nginx/broken.conf", "server {\n"),
            ("/etc/nginx/ok.conf", "server { }\n"),
        ]);
        let unread: Vec<&str> = t
            .unread_includes()
            .iter()
            .map(|&d| t.dir(d).arg(0).unwrap())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(unread, ["broken.conf", "missing.conf"]);
    }

    #[test]
    fn pass_targets() {
        assert_eq!(
            parse_pass_target("fastcgi_pass", &arg("unix:/run/php/php8.2-fpm.sock")),
            PassTarget::Unix {
                path: "/run/php/php8.2-fpm.sock".into()
            }
        );
        assert_eq!(
            parse_pass_target("fastcgi_pass", &arg("unix:/run/php.sock:")),
            PassTarget::Unix {
                path: "/run/php.sock:".into()
            }
        );
        assert_eq!(
            parse_pass_target("fastcgi_pass", &arg("127.0.0.1:9000")),
            PassTarget::Inet {
                host: "127.0.0.1".into(),
                port: 9000
            }
        );
        assert_eq!(
            parse_pass_target("fastcgi_pass", &arg("[::1]:9000")),
            PassTarget::Inet {
                host: "::1".into(),
                port: 9000
            }
        );
        assert_eq!(
            parse_pass_target("fastcgi_pass", &arg("php-fpm")),
            PassTarget::Name {
                name: "php-fpm".into()
            }
        );
        assert!(matches!(
            parse_pass_target("fastcgi_pass", &arg("http://127.0.0.1:9000")),
            PassTarget::Invalid { .. }
        ));
        assert!(matches!(
            parse_pass_target("fastcgi_pass", &arg("$backend")),
            PassTarget::Variable { .. }
        ));
        assert_eq!(
            parse_pass_target("proxy_pass", &arg("http://unix:/tmp/app.sock:/uri/")),
            PassTarget::Unix {
                path: "/tmp/app.sock".into()
            }
        );
        assert_eq!(
            parse_upstream_server(&arg("127.0.0.1")),
            PassTarget::Inet {
                host: "127.0.0.1".into(),
                port: 80
            }
        );
    }
}
