//! Loading a [`Plan`] into a [`Project`]: every file read once into the source
//! map, every entry point built into its model, fragments for the files no entry
//! point reaches. Rules read the project; they never read files.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::diag::{Diagnostic, Severity};
use crate::discover::{Plan, Problem};
use crate::model::fpm::{self, FpmTree};
use crate::model::nginx::{self, NginxTree, ScopeKind};
use crate::source::{FileId, LoadError, SourceMap};

/// Settings the rules read (from flags and the configuration file).
#[derive(Clone, Debug)]
pub struct Options {
    /// The nginx worker user when no `user` directive is present (nginx's build
    /// default; `--nginx-user`).
    pub nginx_user: String,
    /// undersized-buffer: the smallest fastcgi/proxy buffer size not reported.
    pub min_buffer_size: u64,
    /// Third-party directives to accept as known.
    pub known_directives: Vec<String>,
    /// `[host]` and `[hosts."<name>"]` of .fpmlint.toml: declared host limits.
    pub declared: crate::model::capacity::Declared,
    /// `[target]`: the nginx release the configuration is for (`1.26`,
    /// `1.25.1`) and the modules it loads; unset: read from the deployment.
    pub target: crate::config::TargetDecl,
    /// `[hosts."<name>".target]`: one host's, over `[target]`.
    pub host_targets: Vec<(String, crate::config::TargetDecl)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            nginx_user: "nobody".into(),
            min_buffer_size: 4096,
            known_directives: Vec::new(),
            declared: Default::default(),
            target: Default::default(),
            host_targets: Vec::new(),
        }
    }
}

/// Everything the rules read.
#[derive(Debug, Default)]
pub struct Project {
    pub options: Options,
    pub sources: SourceMap,
    pub nginx: Vec<NginxTree>,
    pub fpm: Vec<FpmTree>,
    /// Apache httpd trees, one per main file.
    pub apache: Vec<crate::model::apache::ApacheTree>,
    /// Syntax, include and load diagnostics met while building the models.
    pub diagnostics: Vec<Diagnostic>,
    /// What could not be read at all: the check is incomplete.
    pub problems: Vec<Problem>,
    /// Users, groups and systemd units of each linted root (sysroots only).
    pub systems: Vec<crate::model::system::System>,
    /// nginx <-> php-fpm links, built on first use.
    pub links: std::sync::OnceLock<crate::model::index::Links>,
    /// Where each directive of each nginx tree stands, built on first use.
    pub placements: std::sync::OnceLock<Vec<crate::model::placement::Placed>>,
    /// The machines and containers of the deployment; every tree names its own.
    pub hosts: Vec<crate::discover::Host>,
    /// Files a directory walk met and did not take as configs, with the reason.
    pub skipped: Vec<(PathBuf, &'static str)>,
    /// Config files inside a host's directory standing for `/`; those no
    /// entry point reached are listed as not linted.
    pub host_configs: Vec<PathBuf>,
    /// Paths not read because they lead to a file the host already holds
    /// (`sites-available/x` beside its link `sites-enabled/x`): the path and
    /// that file.
    pub same_files: Vec<(PathBuf, FileId)>,
    /// Said once in the summary: host limits the rules needed and did not know.
    pub notes: Vec<String>,
    /// The nginx image's templates and the files they render to (each
    /// template in the source map).
    pub rendered: Vec<crate::deploy::env::Rendered>,
}

/// Rule names of the diagnostics the loader itself emits.
pub const UNREADABLE: &str = "unreadable-file";
pub const OUTSIDE_ROOT: &str = "include-outside-root";
pub const INPUT_LIMIT: &str = "input-limit";

impl Project {
    /// True when something kept fpmlint from checking everything: the result
    /// cannot be "clean", whatever the rule selection says.
    pub fn incomplete(&self) -> bool {
        !self.problems.is_empty() || self.diagnostics.iter().any(could_not_check)
    }

    /// nginx trees built from a main nginx.conf.
    pub fn nginx_mains(&self) -> impl Iterator<Item = &NginxTree> {
        self.nginx.iter().filter(|t| t.root_kind == ScopeKind::Main)
    }

    /// The endpoint index and every fastcgi_pass with the pools it reaches.
    pub fn links(&self) -> &crate::model::index::Links {
        self.links
            .get_or_init(|| crate::model::index::Links::build(self))
    }

    /// Where the directives of `self.nginx[tree]` stand (the contexts and module
    /// entries of the directive table), for every tree at once on first use.
    pub fn placement(&self, tree: usize) -> crate::model::placement::Placement<'_> {
        crate::model::placement::Placement::new(&self.nginx[tree], &self.placements()[tree])
    }

    /// The placement of every tree, made on first use.
    pub fn placements(&self) -> &[crate::model::placement::Placed] {
        self.placements.get_or_init(|| {
            let known = &self.options.known_directives;
            self.nginx
                .iter()
                .map(|t| crate::model::placement::Placed::new(t, known))
                .collect()
        })
    }

    /// Why the cross-file (nginx <-> php-fpm) rules do not run, when they do not.
    pub fn cross_file_skipped(&self) -> Option<&'static str> {
        if self.fpm.is_empty() {
            Some("no php-fpm configuration was found")
        } else if self.pools().next().is_none() {
            Some("the php-fpm configuration defines no pool")
        } else {
            None
        }
    }

    /// What the root behind this root map says about its machine, when it is a
    /// sysroot.
    pub fn system(&self, roots: &crate::paths::RootMap) -> Option<&crate::model::system::System> {
        let root = system_root(roots)?;
        self.systems.iter().find(|s| s.root == root)
    }

    /// What each host holds, in the order hosts were found.
    pub fn host_summaries(&self) -> Vec<HostSummary> {
        self.hosts
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let mains = self
                    .nginx
                    .iter()
                    .filter(|t| t.host == i && t.root_kind == ScopeKind::Main)
                    .count();
                let fragments = self.nginx.iter().filter(|t| t.host == i).count() - mains;
                let fpm_trees = self.fpm.iter().filter(|t| t.host == i).count();
                let pools = self
                    .fpm
                    .iter()
                    .filter(|t| t.host == i)
                    .map(|t| t.pools.len())
                    .sum();
                // A compose service pairs with the other services of its project.
                let missing = match (mains + fragments > 0, fpm_trees > 0) {
                    _ if h.service.is_some() => None,
                    (true, false) => Some("php-fpm"),
                    (false, true) if !self.apache.iter().any(|t| t.host == i) => Some("nginx"),
                    _ => None,
                };
                HostSummary {
                    name: h.name.clone(),
                    nginx_trees: mains,
                    nginx_fragments: fragments,
                    apache_trees: self
                        .apache
                        .iter()
                        .filter(|t| t.host == i && !t.ctx.fragment)
                        .count(),
                    apache_fragments: self
                        .apache
                        .iter()
                        .filter(|t| t.host == i && t.ctx.fragment)
                        .count(),
                    pools,
                    missing,
                }
            })
            .collect()
    }

    /// Apply the options of a run: the rules read them, and the declared host
    /// limits' file (.fpmlint.toml) joins the source map so findings can point
    /// into it.
    pub fn set_options(&mut self, options: Options) {
        self.options = options;
        crate::model::capacity::declare(self);
    }

    /// All pools of all php-fpm trees.
    pub fn pools(&self) -> impl Iterator<Item = (&FpmTree, &fpm::Pool)> {
        self.fpm
            .iter()
            .flat_map(|t| t.pools.iter().map(move |p| (t, p)))
    }
}

/// Does this loader diagnostic mean that part of the input went unchecked? A
/// syntax error (the rest of the file is not read), an include that cannot be
/// followed (missing, outside the tree, unreadable, a cycle), an unreadable file,
/// a limit reached. Such a diagnostic is never filtered away and makes the run
/// exit 2. Notes (info) such as a php-fpm include through `${VAR}` are not.
pub fn could_not_check(d: &Diagnostic) -> bool {
    match d.rule {
        UNREADABLE | OUTSIDE_ROOT | INPUT_LIMIT => true,
        "nginx-syntax" | "fpm-syntax" | "fpm-include" | "apache-syntax" => {
            d.severity == Severity::Error
        }
        // In a repository a missing include is a warning (the target host may
        // hold the file), but what it holds is still unchecked.
        "nginx-include" | "apache-include" => d.severity <= Severity::Warning,
        _ => false,
    }
}

/// Load and build everything the plan names.
/// The fragments no other fragment includes (fastcgi.conf is linted inside
/// snippets/fastcgi-php.conf, not alone); `files` gives a tree's entry and the
/// files it reads, the entry first.
fn outermost<T>(
    fragments: Vec<(T, Vec<Diagnostic>)>,
    files: impl Fn(&T) -> (FileId, &[FileId]),
) -> Vec<(T, Vec<Diagnostic>)> {
    let included: HashSet<FileId> = fragments
        .iter()
        .flat_map(|(t, _)| files(t).1.iter().skip(1).copied())
        .collect();
    fragments
        .into_iter()
        .filter(|(t, _)| !included.contains(&files(t).0))
        .collect()
}

pub fn load(plan: Plan, display_base: Option<PathBuf>) -> Project {
    load_with(plan, display_base, Options::default())
}

/// `load` with a run's options: what .fpmlint.toml declares (the PHP release
/// `${VAR:-default}` depends on) is known while the models are built.
pub fn load_with(mut plan: Plan, display_base: Option<PathBuf>, options: Options) -> Project {
    let mut p = Project {
        problems: plan.problems,
        hosts: plan.hosts,
        skipped: plan.skipped,
        host_configs: plan.host_configs,
        rendered: plan.rendered,
        ..Project::default()
    };
    p.sources.display_base = display_base.map(|b| crate::paths::normalize(&b));
    p.sources.max_file_size = plan.max_file_size;
    p.sources.max_total_size = plan.max_total_size;
    p.sources.confine = plan.confine;
    for (path, shown, suffix, what) in std::mem::take(&mut plan.shown_as) {
        p.sources.shown_as.insert(path, (shown, suffix, what));
    }
    for (path, bytes) in std::mem::take(&mut plan.virtual_files) {
        p.sources.add_virtual(path, bytes);
    }
    let mut reached: HashSet<FileId> = HashSet::new();
    // The machines first: a php-fpm unit's environment and user are part of
    // how its configuration reads.
    let mut roots: Vec<PathBuf> = Vec::new();
    let all_roots = plan
        .nginx
        .iter()
        .chain(&plan.loose_nginx)
        .map(|e| &e.ctx.roots)
        .chain(plan.fpm.iter().chain(&plan.loose_fpm).map(|e| &e.ctx.roots))
        .chain(
            plan.apache
                .iter()
                .chain(&plan.loose_apache)
                .map(|e| &e.ctx.roots),
        );
    for r in all_roots {
        if let Some(root) = system_root(r) {
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
    }
    for root in roots {
        let s = crate::model::system::load(&mut p.sources, &root);
        p.systems.push(s);
    }
    for e in plan.fpm.iter_mut().chain(plan.loose_fpm.iter_mut()) {
        // Debian's versioned layout names the PHP release: /etc/php/8.3/fpm.
        if e.ctx.php_version.is_none() {
            let path = e.path.to_string_lossy();
            e.ctx.php_version = path.split("/php/").nth(1).and_then(|rest| {
                let v = rest.split('/').next()?;
                let (a, b) = v.split_once('.')?;
                (a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok()).then(|| v.to_string())
            });
        }
        e.ctx.php_declared =
            crate::model::fpm::declared_php(&options, p.hosts.get(e.host)).map(|(v, _)| v);
        let Some(root) = system_root(&e.ctx.roots) else {
            continue;
        };
        let Some(i) = p.systems.iter().position(|s| s.root == root) else {
            continue;
        };
        let path = e.path.to_string_lossy().into_owned();
        if let Some((env, user)) = p.systems[i].fpm_master(&mut p.sources, &path) {
            e.ctx.env = env;
            if e.ctx.master_user.is_none() {
                e.ctx.master_user = user;
            }
        }
    }

    for e in &plan.nginx {
        if let Some(id) = load_entry(&mut p, &e.path) {
            let (mut tree, diags) = nginx::build(&mut p.sources, id, &e.ctx, None);
            tree.host = e.host;
            reached.extend(tree.files.iter().copied());
            p.diagnostics.extend(diags);
            p.nginx.push(tree);
        }
    }
    for e in &plan.fpm {
        if let Some(id) = load_entry(&mut p, &e.path) {
            let (mut tree, diags) = fpm::build(&mut p.sources, id, &e.ctx);
            tree.host = e.host;
            reached.extend(tree.files.iter().copied());
            p.diagnostics.extend(diags);
            p.fpm.push(tree);
        }
    }
    for e in &plan.apache {
        if let Some(id) = load_entry(&mut p, &e.path) {
            let (mut tree, diags) = crate::model::apache::build(&mut p.sources, id, &e.ctx);
            tree.host = e.host;
            reached.extend(tree.files.iter().copied());
            p.diagnostics.extend(diags);
            p.apache.push(tree);
        }
    }
    // Fragments: files no entry point reaches, unless they are copies of one
    // that is reached (sites-available/x beside its copy in sites-enabled/).
    // By host: two hosts may well hold the same site.
    let mut seen_text = SeenText::default();
    for (h, f) in p
        .nginx
        .iter()
        .flat_map(|t| t.files.iter().map(move |f| (t.host, *f)))
        .chain(
            p.fpm
                .iter()
                .flat_map(|t| t.files.iter().map(move |f| (t.host, *f))),
        )
        .chain(
            p.apache
                .iter()
                .flat_map(|t| t.files.iter().map(move |f| (t.host, *f))),
        )
    {
        seen_text.insert(&p.sources, h, f);
    }
    // Build every fragment, then keep only those no other fragment includes
    // (fastcgi.conf is linted inside snippets/fastcgi-php.conf, not alone).
    let mut fragments = Vec::new();
    for e in &plan.loose_nginx {
        if let Some(id) = load_loose(&mut p, &e.path, &reached, e.host, &mut seen_text) {
            let (mut tree, diags) = nginx::build(&mut p.sources, id, &e.ctx, None);
            tree.host = e.host;
            fragments.push((tree, diags));
        }
    }
    for (tree, diags) in outermost(fragments, |t| (t.entry, &t.files)) {
        reached.extend(tree.files.iter().copied());
        p.diagnostics.extend(diags);
        p.nginx.push(tree);
    }
    for e in &plan.loose_fpm {
        if let Some(id) = load_loose(&mut p, &e.path, &reached, e.host, &mut seen_text) {
            let (mut tree, diags) = fpm::build(&mut p.sources, id, &e.ctx);
            tree.fragment = true;
            tree.host = e.host;
            reached.extend(tree.files.iter().copied());
            p.diagnostics.extend(diags);
            p.fpm.push(tree);
        }
    }
    // Apache fragments (`ctx.fragment`): as nginx's, those no other fragment
    // includes.
    let mut fragments = Vec::new();
    for e in &plan.loose_apache {
        if let Some(id) = load_loose(&mut p, &e.path, &reached, e.host, &mut seen_text) {
            let (mut tree, diags) = crate::model::apache::build(&mut p.sources, id, &e.ctx);
            tree.host = e.host;
            fragments.push((tree, diags));
        }
    }
    for (tree, diags) in outermost(fragments, |t| (t.entry, &t.files)) {
        reached.extend(tree.files.iter().copied());
        p.diagnostics.extend(diags);
        p.apache.push(tree);
    }
    crate::model::capacity::load_files(&mut p);
    // The nginx image's templates with a name left as written: their findings
    // point into the template.
    let templates: Vec<PathBuf> = p
        .rendered
        .iter()
        .filter(|r| !r.unset.is_empty())
        .map(|r| r.template.clone())
        .collect();
    for t in templates {
        let _ = p.sources.load(&t);
    }
    p.set_options(options);
    p.diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    p.diagnostics.dedup();
    p
}

/// The directory standing for `/` behind a root map: its sysroot. None for a
/// repository's mounts and for the identity map (single files, the live `/`):
/// fpmlint does not read the machine it runs on as if it were the linted one.
fn system_root(roots: &crate::paths::RootMap) -> Option<PathBuf> {
    match (&roots.sysroot, roots.mounts.is_empty()) {
        (Some(r), _) => Some(r.clone()),
        _ => None,
    }
}

fn load_entry(p: &mut Project, path: &std::path::Path) -> Option<FileId> {
    match p.sources.load(path) {
        Ok(id) => Some(id),
        Err(e) => {
            p.problems.push(problem(path, &e));
            None
        }
    }
}

fn load_loose(
    p: &mut Project,
    path: &std::path::Path,
    reached: &HashSet<FileId>,
    host: usize,
    seen_text: &mut SeenText,
) -> Option<FileId> {
    if p.sources
        .lookup(path)
        .is_some_and(|id| reached.contains(&id))
    {
        return None;
    }
    // The same file as one the host already holds, through another path
    // (`sites-enabled/x -> ../sites-available/x`): not read again.
    if let Ok((phys, _)) = p.sources.confine.resolve(path) {
        if let Some(&same) = seen_text.1.get(&(host, phys)) {
            p.same_files.push((path.to_path_buf(), same));
            return None;
        }
    }
    let id = load_entry(p, path)?;
    if reached.contains(&id) {
        return None;
    }
    if !seen_text.insert(&p.sources, host, id) {
        return None;
    }
    Some(id)
}

/// The texts of the files already linted, by host: the files' ids by a hash of
/// their text (a match is then compared in full), never a copy of the text.
#[derive(Default)]
struct SeenText(
    std::collections::HashMap<(usize, u64), Vec<FileId>>,
    /// Those files by physical path, by host.
    std::collections::HashMap<(usize, std::path::PathBuf), FileId, foldhash::fast::RandomState>,
    /// A fast hash of the texts (randomly seeded: a match is compared in full).
    foldhash::quality::RandomState,
);

impl SeenText {
    /// False when `host` already holds a file of the same text.
    fn insert(&mut self, sources: &crate::source::SourceMap, host: usize, id: FileId) -> bool {
        use std::hash::BuildHasher;
        let file = sources.get(id);
        if let Ok((phys, _)) = sources.confine.resolve(&file.path) {
            self.1.entry((host, phys)).or_insert(id);
        }
        let text = &file.text;
        let hash = self.2.hash_one(text.as_str());
        let ids = self.0.entry((host, hash)).or_default();
        if ids.iter().any(|&f| sources.get(f).text == *text) {
            return false;
        }
        ids.push(id);
        true
    }
}

fn problem(path: &std::path::Path, e: &LoadError) -> Problem {
    Problem {
        path: path.to_path_buf(),
        message: format!("cannot check {}: {e}", path.display()),
    }
}

/// What one host holds, for the summary and the machine formats.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct HostSummary {
    pub name: String,
    pub nginx_trees: usize,
    pub nginx_fragments: usize,
    /// Apache httpd configurations (main files).
    #[serde(skip_serializing_if = "is_zero")]
    pub apache_trees: usize,
    /// Apache files no Apache main file reaches, linted on their own.
    #[serde(skip_serializing_if = "is_zero")]
    pub apache_fragments: usize,
    pub pools: usize,
    /// The program no configuration was found for (`nginx` or `php-fpm`): the
    /// checks between the two are skipped on this host.
    pub missing: Option<&'static str>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl HostSummary {
    /// `hosts/web2: no php-fpm configuration found: its nginx <-> php-fpm checks are skipped`.
    pub fn missing_note(&self) -> Option<String> {
        self.missing.map(|m| {
            format!(
                "{}: no {m} configuration found: its nginx <-> php-fpm checks are skipped",
                self.name
            )
        })
    }
}

/// Counts for the closing summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) -> Counts {
        let mut c = Counts::default();
        for d in diags {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Info => c.infos += 1,
            }
        }
        c
    }
}
