//! Where each nginx directive stands: the context of every scope of a tree, and
//! what each directive is in the context where it stands, as `ngx_conf_handler`
//! decides it (unknown, not allowed here, or the module's table entry that
//! takes it). Several rules read it; `Project::placement` builds it once per tree.

use crate::model::nginx::{Dir, DirId, NginxTree, ScopeId, ScopeKind, PARALLEL_DIRS};
use crate::nginx::directives::{self as table, Body, Context, Directive};

/// What a directive is where it stands.
#[derive(Clone, Copy, Debug)]
pub enum Resolution {
    /// Inside data (`map`, `geo`, `types`...), raw code, or a block fpmlint
    /// cannot place: not checked.
    Skip,
    /// Listed in the `known_directives` option.
    Declared,
    /// No module of the table declares it.
    Unknown,
    /// Only nginx releases after 1.22 take it here.
    Newer(&'static Directive),
    /// Declared by some module, but not for this context.
    NotAllowed(Context),
    /// The entry nginx would hand it to.
    Known(&'static Directive),
}

/// The placement of one tree, owned: the context of each scope, and what each
/// directive is where it stands (two bytes a directive).
#[derive(Debug)]
pub struct Placed {
    /// Per scope: its context, or None when its contents are not checked.
    ctx: Vec<Option<Context>>,
    /// Per directive: its [`Resolution`], encoded by [`encode`].
    codes: Vec<u16>,
}

impl Placed {
    pub fn new(tree: &NginxTree, known: &[String]) -> Placed {
        let c = Contexts { tree, known };
        let root = if tree.root_kind == ScopeKind::Main {
            Some(Context::Main)
        } else {
            c.fragment_root()
        };
        let ctx = c.contexts_from(root);
        let code = |d: &Dir| match ctx.get(d.scope.0 as usize).copied().flatten() {
            Some(sc) => encode(resolve(d.name(), sc, known)),
            None => encode(Resolution::Skip),
        };
        // Each directive on its own: a large tree's are shared out between the
        // cores (in order).
        let codes = if tree.dirs.len() < PARALLEL_DIRS {
            tree.dirs.iter().map(code).collect()
        } else {
            use rayon::prelude::*;
            tree.dirs.par_iter().with_min_len(4096).map(code).collect()
        };
        Placed { ctx, codes }
    }
}

/// A tree with its placement.
#[derive(Clone, Copy)]
pub struct Placement<'t> {
    pub tree: &'t NginxTree,
    placed: &'t Placed,
}

impl<'t> Placement<'t> {
    pub fn new(tree: &'t NginxTree, placed: &'t Placed) -> Placement<'t> {
        Placement { tree, placed }
    }

    /// True when the tree is a fragment: a file no entry point includes, checked
    /// in the context where it fits best.
    pub fn fragment(&self) -> bool {
        self.tree.root_kind != ScopeKind::Main
    }

    /// The context of a scope (None: not checked).
    pub fn context(&self, scope: ScopeId) -> Option<Context> {
        self.placed.ctx.get(scope.0 as usize).copied().flatten()
    }

    /// What the directive `id` is where it stands.
    pub fn of(&self, id: DirId) -> Resolution {
        let d = self.tree.dir(id);
        decode(self.placed.codes[id.0 as usize], || self.context(d.scope))
    }

    /// Every directive of the tree with what it is where it stands.
    pub fn directives(&self) -> impl Iterator<Item = (&'t Dir, Resolution)> + '_ {
        let tree = self.tree;
        tree.dirs
            .iter()
            .zip(&self.placed.codes)
            .map(move |(d, &code)| (d, decode(code, || self.context(d.scope))))
    }
}

const SKIP: u16 = 0;
const DECLARED: u16 = 1;
const UNKNOWN: u16 = 2;
const NOT_ALLOWED: u16 = 3;
const KNOWN: u16 = 4;
const NEWER: u16 = 5;

/// A resolution in two bytes: the kind in the low three bits, a table entry's
/// index above them (the table has fewer than 8,192 entries: a test says so).
/// "Not allowed" keeps no context: it is the scope's.
fn encode(r: Resolution) -> u16 {
    let entry = |d: &'static Directive| {
        let i = (d as *const Directive as usize - table::DIRECTIVES.as_ptr() as usize)
            / std::mem::size_of::<Directive>();
        debug_assert!(std::ptr::eq(&table::DIRECTIVES[i], d));
        (i as u16) << 3
    };
    match r {
        Resolution::Skip => SKIP,
        Resolution::Declared => DECLARED,
        Resolution::Unknown => UNKNOWN,
        Resolution::NotAllowed(_) => NOT_ALLOWED,
        Resolution::Known(d) => KNOWN | entry(d),
        Resolution::Newer(d) => NEWER | entry(d),
    }
}

fn decode(code: u16, context: impl FnOnce() -> Option<Context>) -> Resolution {
    let entry = || &table::DIRECTIVES[(code >> 3) as usize];
    match code & 7 {
        DECLARED => Resolution::Declared,
        UNKNOWN => Resolution::Unknown,
        NOT_ALLOWED => context().map_or(Resolution::Skip, Resolution::NotAllowed),
        KNOWN => Resolution::Known(entry()),
        NEWER => Resolution::Newer(entry()),
        _ => Resolution::Skip,
    }
}

/// Works out the contexts of a tree's scopes.
struct Contexts<'t> {
    tree: &'t NginxTree,
    known: &'t [String],
}

impl Contexts<'_> {
    fn contexts_from(&self, root: Option<Context>) -> Vec<Option<Context>> {
        let tree = self.tree;
        let mut v: Vec<Option<Context>> = Vec::with_capacity(tree.scopes.len());
        for (i, scope) in tree.scopes.iter().enumerate() {
            let c = if i == 0 {
                root
            } else {
                // Scopes are created after their parent: its context is known.
                match (scope.parent(), scope.dir()) {
                    (Some(parent), Some(dir)) => {
                        match v.get(parent.0 as usize).copied().flatten() {
                            Some(pc) => {
                                let name = tree.dir(dir).name();
                                match resolve(name, pc, self.known) {
                                    Resolution::Known(d) if d.is_block() => {
                                        match table::block_body(pc, name) {
                                            Body::Directives(c) => Some(c),
                                            Body::Data => None,
                                        }
                                    }
                                    _ => None,
                                }
                            }
                            None => None,
                        }
                    }
                    _ => None,
                }
            };
            v.push(c);
        }
        v
    }

    /// The context a fragment (a file no entry point includes) is checked in:
    /// the one where the fewest of its directives are out of place, the context
    /// fpmlint inferred for it first among equals. A fragment of data (the body
    /// of a `map` or `geo`, a list of types) is not checked.
    fn fragment_root(&self) -> Option<Context> {
        let tree = self.tree;
        let root_dirs: Vec<&Dir> = tree
            .scope(tree.root())
            .dirs()
            .iter()
            .map(|d| tree.dir(*d))
            .filter(|d| d.name() != "include")
            .collect();
        let known_any = root_dirs
            .iter()
            .any(|d| !table::lookup(d.name()).is_empty() || self.declared(d.name()));
        let wordlike = |n: &str| {
            !n.is_empty()
                && n.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        };
        // Keywords of map and geo bodies.
        const DATA_WORDS: [&str; 6] = [
            "default",
            "hostnames",
            "volatile",
            "ranges",
            "proxy",
            "delete",
        ];
        if !root_dirs.is_empty()
            && !known_any
            && (root_dirs.len() >= 2
                || root_dirs
                    .iter()
                    .any(|d| !wordlike(d.name()) || DATA_WORDS.contains(&d.name())))
        {
            return None;
        }
        let inferred = match tree.root_kind {
            ScopeKind::Http => Context::Http,
            ScopeKind::Server => Context::HttpServer,
            ScopeKind::Events => Context::Events,
            _ => Context::HttpLocation,
        };
        let mut best: Option<(usize, Context)> = None;
        for c in std::iter::once(inferred).chain(CANDIDATES) {
            let ctx = self.contexts_from(Some(c));
            let misplaced = tree
                .dirs
                .iter()
                .filter(|d| {
                    ctx[d.scope.0 as usize].is_some_and(|sc| {
                        matches!(resolve(d.name(), sc, self.known), Resolution::NotAllowed(_))
                    })
                })
                .count();
            if best.is_none_or(|(n, _)| misplaced < n) {
                best = Some((misplaced, c));
            }
            if misplaced == 0 {
                break;
            }
        }
        best.map(|(_, c)| c)
    }

    fn declared(&self, name: &str) -> bool {
        self.known.iter().any(|k| k == name)
    }
}

/// Where a fragment may be included, most likely first.
const CANDIDATES: [Context; 17] = [
    Context::HttpLocation,
    Context::HttpServer,
    Context::Http,
    Context::Main,
    Context::HttpLocationIf,
    Context::HttpServerIf,
    Context::LimitExcept,
    Context::HttpUpstream,
    Context::Events,
    Context::Stream,
    Context::StreamServer,
    Context::StreamUpstream,
    Context::Mail,
    Context::MailServer,
    Context::Rtmp,
    Context::RtmpServer,
    Context::RtmpApplication,
];

/// What `ngx_conf_handler` makes of a directive name in a context: the first
/// module entry that takes it there, "not allowed here" when some module
/// declares it for other contexts only, "unknown directive" when none does.
pub fn resolve(name: &str, ctx: Context, known: &[String]) -> Resolution {
    let entries = table::lookup(name);
    if let Some(d) = entries
        .iter()
        .find(|d| d.since.is_none() && d.allowed_in(ctx))
    {
        return Resolution::Known(d);
    }
    if known.iter().any(|k| k == name) {
        return Resolution::Declared;
    }
    if let Some(d) = entries.iter().find(|d| d.allowed_in(ctx)) {
        return Resolution::Newer(d);
    }
    if entries.is_empty() {
        Resolution::Unknown
    } else {
        Resolution::NotAllowed(ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_entry_survives_its_two_byte_code() {
        assert!(
            table::DIRECTIVES.len() < 1 << 13,
            "an index fits above the kind's three bits"
        );
        for d in table::DIRECTIVES {
            for r in [Resolution::Known(d), Resolution::Newer(d)] {
                let back = decode(encode(r), || None);
                let ((Resolution::Known(b), Resolution::Known(a))
                | (Resolution::Newer(b), Resolution::Newer(a))) = (back, r)
                else {
                    panic!("{r:?} came back as {back:?}");
                };
                assert!(std::ptr::eq(a, b), "{}", d.name);
            }
        }
        let ctx = || Some(Context::HttpLocation);
        assert!(matches!(
            decode(encode(Resolution::NotAllowed(Context::Http)), ctx),
            Resolution::NotAllowed(Context::HttpLocation)
        ));
        assert!(matches!(
            decode(encode(Resolution::Unknown), ctx),
            Resolution::Unknown
        ));
        assert!(matches!(
            decode(encode(Resolution::Declared), ctx),
            Resolution::Declared
        ));
        assert!(matches!(
            decode(encode(Resolution::Skip), ctx),
            Resolution::Skip
        ));
    }
}
