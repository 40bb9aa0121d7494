//! The confined file system: the only place fpmlint touches files.
//!
//! What may be opened is decided once, up front, from the paths on the command
//! line: each is a *root*. A path is resolved component by component, every
//! symbolic link read and followed by hand, so that:
//!
//! - in a sysroot (a directory standing for `/`), an absolute link
//!   (`sites-enabled/x -> /etc/nginx/sites-available/x`) and `..` at the top stay
//!   inside the sysroot, as `chroot` would see them;
//! - in a repository or beside a single file, a path (or a link) that leaves the
//!   root is refused: [`LoadError::OutsideRoot`], and nothing of the target is
//!   read, not even whether it exists.
//!
//! Only regular files are read: the descriptor is opened with `O_NONBLOCK` and
//! `O_NOFOLLOW`, its type checked with `fstat` (FIFOs, sockets and devices are
//! refused without a read, so none can block), files of the kernel's pseudo file
//! systems (`/proc`, `/sys`) are refused, and at most the size cap is read.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ffi::OsString;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

use crate::source::LoadError;

/// How many symbolic links one resolution follows (Linux's own limit).
const MAX_LINKS: usize = 40;

/// What a resolved path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    /// Not a regular file nor a directory: FIFO, socket, device.
    Special(&'static str),
}

#[derive(Clone, Debug)]
struct Root {
    /// The directory as the paths fpmlint builds name it (absolute, normalised).
    logical: PathBuf,
    /// The same directory with every link resolved.
    physical: PathBuf,
    /// A sysroot: absolute links and `..` at the top stay inside it.
    chroot: bool,
}

/// The roots fpmlint may read below, and the reads themselves.
#[derive(Clone, Debug, Default)]
pub struct Confinement {
    roots: Vec<Root>,
    /// The input is standard input: with no root, a path on disk is not read
    /// ([`LoadError::NotFollowed`]) rather than refused.
    pub stdin: bool,
    /// Directories already resolved, so that a path below one is not walked
    /// again component by component (a `statx` and maybe a `readlink` each).
    dirs: DirCache,
    /// Whole paths already resolved (as spelled), to their physical path and
    /// kind: discovery's classification, the sniff and the full read of one
    /// file resolve it once. Only successes are kept, as for `dirs`.
    resolved: ResolvedCache,
    /// Whole files a bounded read (discovery's sniff) has already read, by
    /// physical path, until the full read of the file takes them: each file is
    /// read from disk once.
    sniffed: SniffCache,
}

#[derive(Debug, Default)]
struct SniffCache(std::sync::Mutex<crate::paths::PathHashMap<std::sync::Arc<Vec<u8>>>>);

impl Clone for SniffCache {
    fn clone(&self) -> SniffCache {
        SniffCache::default()
    }
}

impl SniffCache {
    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, crate::paths::PathHashMap<std::sync::Arc<Vec<u8>>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A resolution's state after the first components of a path as spelled: the
/// components reached below the root's physical directory (a directory, none of
/// them a link) and the links followed so far. Resolving the rest from there is
/// what resolving the whole path would do from that point; only successes are
/// kept. The files are taken to stay as they are for the run (as between a
/// resolution and its open today); a clone starts empty, a new root empties it.
#[derive(Debug, Default)]
struct DirCache(RwLock<Vec<PathMap<Arc<Resolved>>>>);

/// Keyed by the path's bytes as spelled (a path spelled two ways is looked up
/// twice, never confused), with a randomly seeded fast hash: names come from
/// the linted tree.
type PathMap<V> = HashMap<OsString, V, foldhash::fast::RandomState>;

/// The physical components below the root, and the links followed to them.
type Resolved = (Vec<OsString>, usize);

impl Clone for DirCache {
    fn clone(&self) -> DirCache {
        DirCache::default()
    }
}

impl DirCache {
    fn get(&self, root: usize, prefix: &Path) -> Option<Arc<Resolved>> {
        let maps = self.0.read().unwrap_or_else(|e| e.into_inner());
        maps.get(root)?.get(prefix.as_os_str()).cloned()
    }

    fn put(&self, root: usize, prefix: PathBuf, rel: &[OsString], links: usize) {
        let mut maps = self.0.write().unwrap_or_else(|e| e.into_inner());
        if maps.len() <= root {
            maps.resize_with(root + 1, PathMap::default);
        }
        maps[root]
            .entry(prefix.into_os_string())
            .or_insert_with(|| Arc::new((rel.to_vec(), links)));
    }

    fn clear(&self) {
        self.0.write().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

#[derive(Debug, Default)]
struct ResolvedCache(RwLock<PathMap<(PathBuf, Kind)>>);

impl Clone for ResolvedCache {
    fn clone(&self) -> ResolvedCache {
        ResolvedCache::default()
    }
}

impl ResolvedCache {
    fn get(&self, path: &Path) -> Option<(PathBuf, Kind)> {
        let map = self.0.read().unwrap_or_else(|e| e.into_inner());
        map.get(path.as_os_str()).cloned()
    }

    fn put(&self, path: &Path, found: &(PathBuf, Kind)) {
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        map.insert(path.as_os_str().to_os_string(), found.clone());
    }

    fn clear(&self) {
        self.0.write().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// A glob's expansion: matching paths (sorted, directories left out) and the
/// directories that could not be read.
#[derive(Debug, Default)]
pub struct GlobMatches {
    pub files: Vec<PathBuf>,
    pub unreadable: Vec<(PathBuf, LoadError)>,
}

impl Confinement {
    /// No root at all: nothing can be opened (standard input alone).
    pub fn new() -> Confinement {
        Confinement::default()
    }

    /// Allow reading below `dir` (absolute). `chroot`: `dir` stands for `/`.
    pub fn add_root(&mut self, dir: &Path, chroot: bool) {
        let logical = crate::paths::normalize(dir);
        let physical = std::fs::canonicalize(&logical).unwrap_or_else(|_| logical.clone());
        self.dirs.clear();
        self.resolved.clear();
        self.sniffed.lock().clear();
        if let Some(r) = self.roots.iter_mut().find(|r| r.logical == logical) {
            r.chroot |= chroot;
            return;
        }
        self.roots.push(Root {
            logical,
            physical,
            chroot,
        });
    }

    /// The roots, as given.
    pub fn roots(&self) -> impl Iterator<Item = &Path> {
        self.roots.iter().map(|r| r.logical.as_path())
    }

    /// True when no root was given: every read is refused.
    pub fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    /// The innermost root holding `path` (as spelled, else lexically
    /// normalised), and the components of `path` below it: a sysroot found in
    /// a repository reads its absolute links inside itself.
    fn root_of(&self, path: &Path) -> Option<(usize, Vec<OsString>)> {
        self.root_of_spelled(path)
            .or_else(|| self.root_of_spelled(&crate::paths::normalize(path)))
    }

    fn root_of_spelled(&self, path: &Path) -> Option<(usize, Vec<OsString>)> {
        let mut best: Option<(usize, Vec<OsString>)> = None;
        for (i, r) in self.roots.iter().enumerate() {
            let rest = path
                .strip_prefix(&r.logical)
                .or_else(|_| path.strip_prefix(&r.physical));
            if let Ok(rest) = rest {
                let deeper = best.as_ref().is_none_or(|(b, _)| {
                    r.logical.as_os_str().len() > self.roots[*b].logical.as_os_str().len()
                });
                if deeper {
                    let comps = rest
                        .components()
                        .map(|c| c.as_os_str().to_os_string())
                        .collect();
                    best = Some((i, comps));
                }
            }
        }
        best
    }

    /// Resolve `path` inside its root: the physical path (no link left in it) and
    /// what it is.
    pub fn resolve(&self, path: &Path) -> Result<(PathBuf, Kind), LoadError> {
        if let Some(found) = self.resolved.get(path) {
            return Ok(found);
        }
        let found = self.resolve_uncached(path)?;
        self.resolved.put(path, &found);
        Ok(found)
    }

    fn resolve_uncached(&self, path: &Path) -> Result<(PathBuf, Kind), LoadError> {
        let Some((ri, comps)) = self.root_of(path) else {
            return Err(if self.stdin && self.roots.is_empty() {
                LoadError::NotFollowed
            } else {
                LoadError::OutsideRoot
            });
        };
        let root = &self.roots[ri];
        // The longest leading run of the components already resolved (never
        // the whole path: its last component is looked at every time).
        let mut start = 0;
        // The components below root.physical reached so far (never links).
        let mut rel: Vec<OsString> = Vec::new();
        let mut links = 0usize;
        let mut prefix = PathBuf::new();
        for k in (1..comps.len()).rev() {
            let key: PathBuf = comps[..k].iter().collect();
            if let Some(state) = self.dirs.get(ri, &key) {
                (rel, links) = (state.0.clone(), state.1);
                start = k;
                prefix = key;
                break;
            }
        }
        // Components of followed links, read before the next one of `comps`.
        let mut queue: VecDeque<OsString> = VecDeque::new();
        let mut next_comp = start;
        let here = |rel: &[OsString]| {
            let mut p = root.physical.clone();
            p.extend(rel);
            p
        };
        // What the last component reached is, when it was just looked at.
        let mut last: Option<std::fs::Metadata> = None;
        loop {
            let c = match queue.pop_front() {
                Some(c) => c,
                None => {
                    if next_comp > start && next_comp < comps.len() {
                        // The first `next_comp` components are resolved, to a
                        // directory (the last one was checked as one).
                        self.dirs.put(ri, prefix.clone(), &rel, links);
                    }
                    let Some(c) = comps.get(next_comp) else {
                        break;
                    };
                    next_comp += 1;
                    prefix.push(c);
                    c.clone()
                }
            };
            let more = !queue.is_empty() || next_comp < comps.len();
            last = None;
            if c == "." || c.is_empty() {
                continue;
            }
            if c == ".." {
                if rel.pop().is_none() && !root.chroot {
                    return Err(LoadError::OutsideRoot);
                }
                continue;
            }
            if c == "/" {
                continue;
            }
            let candidate = here(&rel).join(&c);
            let meta = std::fs::symlink_metadata(&candidate).map_err(io_to_load)?;
            if meta.file_type().is_symlink() {
                links += 1;
                if links > MAX_LINKS {
                    return Err(LoadError::SymlinkLoop);
                }
                let target = std::fs::read_link(&candidate).map_err(io_to_load)?;
                let mut next: Vec<OsString> = Vec::new();
                if target.is_absolute() {
                    if root.chroot {
                        rel.clear();
                        next.extend(components(&target));
                    } else {
                        // A repository's absolute link is kept only when it points
                        // back inside the root.
                        let rest = target
                            .strip_prefix(&root.physical)
                            .or_else(|_| target.strip_prefix(&root.logical))
                            .map_err(|_| LoadError::OutsideRoot)?;
                        rel.clear();
                        next.extend(components(rest));
                    }
                } else {
                    next.extend(components(&target));
                }
                for c in next.into_iter().rev() {
                    queue.push_front(c);
                }
                continue;
            }
            if more && !meta.is_dir() {
                // ENOTDIR: a file used as a directory.
                return Err(LoadError::NotFound);
            }
            rel.push(c);
            last = Some(meta);
        }
        let phys = here(&rel);
        let meta = match last {
            Some(m) => m,
            None => std::fs::symlink_metadata(&phys).map_err(io_to_load)?,
        };
        Ok((phys, kind_of(&meta.file_type())))
    }

    /// What `path` is, when it resolves inside its root.
    pub fn kind(&self, path: &Path) -> Option<Kind> {
        self.resolve(path).ok().map(|(_, k)| k)
    }

    pub fn is_file(&self, path: &Path) -> bool {
        self.kind(path) == Some(Kind::File)
    }

    pub fn is_dir(&self, path: &Path) -> bool {
        self.kind(path) == Some(Kind::Dir)
    }

    /// Read a regular file: at most `cap` bytes (`TooLarge` beyond), or with
    /// `truncate`, its first `cap` bytes.
    pub fn read(&self, path: &Path, cap: u64, truncate: bool) -> Result<Vec<u8>, LoadError> {
        if truncate {
            return self.sniff(path, cap, |b| b.to_vec());
        }
        let (phys, kind) = self.resolve(path)?;
        match kind {
            Kind::File => {}
            Kind::Dir => return Err(LoadError::IsDirectory),
            Kind::Special(what) => return Err(LoadError::NotRegular(what)),
        }
        let cached = self.sniffed.lock().remove(&phys);
        if let Some(b) = cached {
            if b.len() as u64 > cap {
                return Err(LoadError::TooLarge(b.len() as u64));
            }
            return Ok(std::sync::Arc::try_unwrap(b).unwrap_or_else(|b| (*b).clone()));
        }
        self.read_phys(&phys, cap, false)
    }

    /// The first `cap` bytes of a file (all of it when shorter), lent to `f`
    /// without a copy. A file read whole is kept for the full read that
    /// follows ([`Confinement::read`]), so each file is read from disk once.
    pub fn sniff<R>(
        &self,
        path: &Path,
        cap: u64,
        f: impl FnOnce(&[u8]) -> R,
    ) -> Result<R, LoadError> {
        let (phys, kind) = self.resolve(path)?;
        match kind {
            Kind::File => {}
            Kind::Dir => return Err(LoadError::IsDirectory),
            Kind::Special(what) => return Err(LoadError::NotRegular(what)),
        }
        let cached = self.sniffed.lock().get(&phys).cloned();
        if let Some(b) = cached {
            return Ok(f(&b[..b.len().min(cap as usize)]));
        }
        let bytes = self.read_phys(&phys, cap, true)?;
        if bytes.len() as u64 <= cap {
            let bytes = std::sync::Arc::new(bytes);
            self.sniffed.lock().insert(phys, bytes.clone());
            return Ok(f(&bytes));
        }
        Ok(f(&bytes[..cap as usize]))
    }

    /// Read a resolved regular file: at most `cap` bytes, or one more when
    /// `truncate` (so that the caller knows the file is longer).
    fn read_phys(&self, phys: &Path, cap: u64, truncate: bool) -> Result<Vec<u8>, LoadError> {
        let file = open_regular(phys)?;
        let meta = file.metadata().map_err(io_to_load)?;
        if !meta.file_type().is_file() {
            // Swapped for something else between the check and the open.
            return Err(LoadError::NotRegular(special_name(&meta.file_type())));
        }
        if pseudo_fs(&file) {
            return Err(LoadError::NotRegular(
                "a file of the kernel's /proc or /sys, not a config file",
            ));
        }
        if meta.len() > cap && !truncate {
            return Err(LoadError::TooLarge(meta.len()));
        }
        let mut bytes = Vec::with_capacity(meta.len().min(cap) as usize);
        file.take(cap.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(io_to_load)?;
        if bytes.len() as u64 > cap && !truncate {
            return Err(LoadError::TooLarge(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// The names in a directory, sorted.
    pub fn list_dir(&self, dir: &Path) -> Result<Vec<OsString>, LoadError> {
        let (phys, kind) = self.resolve(dir)?;
        if kind != Kind::Dir {
            return Err(LoadError::NotFound);
        }
        let mut names: Vec<OsString> = std::fs::read_dir(&phys)
            .map_err(io_to_load)?
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        names.sort();
        Ok(names)
    }

    /// Expand a glob(3)-style pattern (absolute), component by component through
    /// [`Confinement::list_dir`]: a leading dot must be matched literally; matches
    /// that are directories are left out; a directory that exists but cannot be
    /// read is reported. The paths are as the pattern spells them (links kept), so
    /// a match that resolves outside the root is refused when it is read.
    pub fn glob(&self, pattern: &Path) -> GlobMatches {
        let mut out = GlobMatches::default();
        let comps: Vec<OsString> = pattern
            .components()
            .map(|c| c.as_os_str().to_os_string())
            .collect();
        let Some((first, rest)) = comps.split_first() else {
            return out;
        };
        self.glob_from(PathBuf::from(first), rest, false, &mut out);
        out.files.sort();
        out.files.dedup();
        out
    }

    /// `listed`: `base` was read from its directory (it exists, if only as a
    /// dangling link, which glob(3) returns too); else it is spelled out in the
    /// pattern and matches only if it is there.
    fn glob_from(&self, base: PathBuf, rest: &[OsString], listed: bool, out: &mut GlobMatches) {
        let Some((comp, rest)) = rest.split_first() else {
            match self.resolve(&base) {
                Ok((_, Kind::Dir)) => {}
                Err(LoadError::NotFound) if !listed => {}
                _ => out.files.push(base),
            }
            return;
        };
        let text = comp.to_string_lossy();
        if !crate::paths::has_glob(&text) {
            self.glob_from(base.join(comp), rest, false, out);
            return;
        }
        let Ok(pattern) = glob::Pattern::new(&text) else {
            return;
        };
        let names = match self.list_dir(&base) {
            Ok(n) => n,
            // glob(3) matches nothing under a missing directory.
            Err(LoadError::NotFound) => return,
            Err(e) => {
                out.unreadable.push((base, e));
                return;
            }
        };
        let opts = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: true,
        };
        for name in names {
            let n = name.to_string_lossy();
            if pattern.matches_with(&n, opts) {
                let next = base.join(&name);
                if rest.is_empty() || self.is_dir(&next) {
                    self.glob_from(next, rest, true, out);
                }
            }
        }
    }

    /// The regular files below `dir`, sorted, as paths under `dir`. An entry
    /// `keep(path, name, is_dir)` refuses is left out (a directory is not
    /// entered), hidden files are left out; links are followed when they resolve
    /// inside the root (once per directory, so a link loop ends). What cannot be
    /// read or leaves the root is reported.
    pub fn walk(
        &self,
        dir: &Path,
        keep: &mut dyn FnMut(&Path, &str, bool) -> bool,
    ) -> (Vec<PathBuf>, Vec<(PathBuf, LoadError)>) {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        let mut seen: HashSet<PathBuf> = HashSet::new();
        self.walk_into(dir, keep, &mut seen, &mut files, &mut problems);
        (files, problems)
    }

    fn walk_into(
        &self,
        dir: &Path,
        keep: &mut dyn FnMut(&Path, &str, bool) -> bool,
        seen: &mut HashSet<PathBuf>,
        files: &mut Vec<PathBuf>,
        problems: &mut Vec<(PathBuf, LoadError)>,
    ) {
        let phys = match self.resolve(dir) {
            Ok((p, Kind::Dir)) => p,
            Ok(_) => return,
            Err(e) => {
                problems.push((dir.to_path_buf(), e));
                return;
            }
        };
        if !seen.insert(phys) {
            problems.push((dir.to_path_buf(), LoadError::SymlinkLoop));
            return;
        }
        let names = match self.list_dir(dir) {
            Ok(n) => n,
            Err(e) => {
                problems.push((dir.to_path_buf(), e));
                return;
            }
        };
        // Each entry is resolved (a `lstat`, a `readlink` for a link): in a
        // large directory (`sites-available` of a hosting host), on both
        // cores; the entries are then taken in order.
        let resolve = |name: &OsString| {
            let path = dir.join(name);
            let r = self.resolve(&path);
            (path, r)
        };
        let resolved: Vec<_> = if names.len() >= PARALLEL_ENTRIES {
            use rayon::prelude::*;
            names.par_iter().map(resolve).collect()
        } else {
            names.iter().map(resolve).collect()
        };
        for (name, (path, r)) in names.iter().zip(resolved) {
            let n = name.to_string_lossy();
            match r {
                Ok((_, Kind::File)) if n.starts_with('.') => {}
                Ok((_, Kind::File)) => {
                    if keep(&path, &n, false) {
                        files.push(path)
                    }
                }
                Ok((_, Kind::Dir)) => {
                    if keep(&path, &n, true) {
                        self.walk_into(&path, keep, seen, files, problems);
                    }
                }
                Ok((_, Kind::Special(_))) => {}
                // A dangling link is no file to lint.
                Err(LoadError::NotFound) => {}
                Err(e) => problems.push((path, e)),
            }
        }
    }
}

/// Entries of one directory from which a walk resolves them on the thread
/// pool: below it, starting the threads would cost more than it saves.
const PARALLEL_ENTRIES: usize = 256;

/// Standard input, at most `cap` bytes (`TooLarge` beyond: never read further).
pub fn read_stdin(cap: u64) -> Result<Vec<u8>, LoadError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_to_load)?;
    if bytes.len() as u64 > cap {
        return Err(LoadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

fn components(p: &Path) -> impl Iterator<Item = OsString> + '_ {
    p.components().filter_map(|c| match c {
        Component::Normal(n) => Some(n.to_os_string()),
        Component::ParentDir => Some("..".into()),
        _ => None,
    })
}

fn kind_of(t: &std::fs::FileType) -> Kind {
    if t.is_file() {
        Kind::File
    } else if t.is_dir() {
        Kind::Dir
    } else {
        Kind::Special(special_name(t))
    }
}

fn special_name(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe), not a regular file";
        }
        if t.is_socket() {
            return "a socket, not a regular file";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device, not a regular file";
        }
    }
    let _ = t;
    "not a regular file"
}

#[cfg(unix)]
fn open_regular(path: &Path) -> Result<std::fs::File, LoadError> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY | libc::O_CLOEXEC)
        .open(path)
        .map_err(io_to_load)
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> Result<std::fs::File, LoadError> {
    std::fs::File::open(path).map_err(io_to_load)
}

/// The only files of the kernel's pseudo file systems fpmlint reads, and only
/// when the linted root is the running machine's `/`: the memory of the machine
/// and the cap of listen queues.
pub const LIVE_KERNEL_FILES: &[&str] = &["/proc/meminfo", "/proc/sys/net/core/somaxconn"];

/// Read one of [`LIVE_KERNEL_FILES`] (any other path is refused): without
/// following a link, at most 64 KiB. `None` when it cannot be read.
pub fn read_live_kernel_file(path: &Path) -> Option<Vec<u8>> {
    if !LIVE_KERNEL_FILES.iter().any(|f| Path::new(f) == path) {
        return None;
    }
    let file = open_regular(path).ok()?;
    if !file.metadata().ok()?.file_type().is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(64 << 10).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Files of the kernel's pseudo file systems look regular but are generated
/// (and some never end): refuse them.
#[cfg(target_os = "linux")]
fn pseudo_fs(file: &std::fs::File) -> bool {
    use std::os::fd::AsRawFd;
    const PSEUDO: &[i64] = &[
        0x9fa0,      // proc
        0x6265_6572, // sysfs
        0x6462_6720, // debugfs
        0x7472_6163, // tracefs
        0x7363_6673, // securityfs
        0x0027_e0eb, // cgroup
        0x6367_7270, // cgroup2
        0x6e73_6673, // nsfs
    ];
    // SAFETY: fstatfs writes into the zeroed struct it is given; the descriptor
    // is open for the duration of the call.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::fstatfs(file.as_raw_fd(), &mut st) };
    rc == 0 && PSEUDO.contains(&(st.f_type as i64))
}

#[cfg(not(target_os = "linux"))]
fn pseudo_fs(_file: &std::fs::File) -> bool {
    false
}

pub(crate) fn io_to_load(e: std::io::Error) -> LoadError {
    match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound,
        std::io::ErrorKind::PermissionDenied => LoadError::PermissionDenied,
        std::io::ErrorKind::IsADirectory => LoadError::IsDirectory,
        _ if e.raw_os_error() == Some(40) => LoadError::SymlinkLoop,
        _ if e.raw_os_error() == Some(20) => LoadError::NotFound,
        _ => LoadError::Other(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_large_directory_walks_as_a_small_one() {
        // Past PARALLEL_ENTRIES the entries are resolved on the thread pool:
        // the walk must find the same files, in the same order, with the same
        // problems, as in a directory walked on one thread.
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("secret"), "x\n").unwrap();
        let root = t.path().join("repo");
        let fill = |dir: &Path, n: usize| {
            std::fs::create_dir_all(dir.join("sub")).unwrap();
            std::fs::write(dir.join("sub/inner.conf"), "x\n").unwrap();
            for i in 0..n {
                std::fs::write(dir.join(format!("site{i}.conf")), "x\n").unwrap();
            }
            std::fs::write(dir.join(".hidden"), "x\n").unwrap();
            symlink("site0.conf", dir.join("link.conf")).unwrap();
            symlink("missing", dir.join("dangling.conf")).unwrap();
            symlink(t.path().join("secret"), dir.join("leak.conf")).unwrap();
        };
        let (small, large) = (root.join("small"), root.join("large"));
        fill(&small, 3);
        fill(&large, PARALLEL_ENTRIES + 40);
        let mut c = Confinement::new();
        c.add_root(&root, false);
        let walk = |dir: &Path| {
            let (files, problems) = c.walk(dir, &mut |_, _, _| true);
            let rel = |p: &Path| p.strip_prefix(dir).unwrap().display().to_string();
            let files: Vec<String> = files.iter().map(|f| rel(f)).collect();
            let problems: Vec<String> = problems
                .iter()
                .map(|(p, e)| format!("{} {e:?}", rel(p)))
                .collect();
            (files, problems)
        };
        let (small_files, small_problems) = walk(&small);
        let (large_files, large_problems) = walk(&large);
        let expected: Vec<String> = {
            let mut v: Vec<String> = (0..PARALLEL_ENTRIES + 40)
                .map(|i| format!("site{i}.conf"))
                .chain(["link.conf".into(), "sub/inner.conf".into()])
                .collect();
            v.sort();
            v
        };
        // In the directory's sorted order, entry by entry.
        assert_eq!(large_files, expected);
        // The order is the directory's sorted order, entry by entry.
        let small_order: Vec<&String> = small_files
            .iter()
            .filter(|f| !f.starts_with("site"))
            .collect();
        let large_order: Vec<&String> = large_files
            .iter()
            .filter(|f| !f.starts_with("site"))
            .collect();
        assert_eq!(small_order, large_order);
        assert_eq!(small_problems, large_problems);
        assert_eq!(small_problems, ["leak.conf OutsideRoot"]);
    }

    #[test]
    fn links_stay_inside_their_root() {
        let t = tempfile::tempdir().unwrap();
        let outside = t.path().join("secret");
        std::fs::write(&outside, "top secret\n").unwrap();
        let root = t.path().join("repo");
        std::fs::create_dir_all(root.join("etc/nginx/sites-available")).unwrap();
        std::fs::create_dir_all(root.join("etc/nginx/sites-enabled")).unwrap();
        std::fs::write(root.join("etc/nginx/sites-available/x"), "server {}\n").unwrap();
        symlink(
            "/etc/nginx/sites-available/x",
            root.join("etc/nginx/sites-enabled/x"),
        )
        .unwrap();
        symlink(&outside, root.join("leak")).unwrap();
        symlink("../secret", root.join("up")).unwrap();

        // A sysroot: the absolute link is re-rooted.
        let mut sys = Confinement::new();
        sys.add_root(&root, true);
        let x = root.join("etc/nginx/sites-enabled/x");
        assert_eq!(sys.read(&x, 1000, false).unwrap(), b"server {}\n");
        assert!(matches!(
            sys.read(&root.join("leak"), 1000, false),
            Err(LoadError::NotFound)
        ));
        // `..` at the top of a sysroot stays at the top.
        assert!(matches!(
            sys.read(&root.join("up"), 1000, false),
            Err(LoadError::NotFound)
        ));

        // A repository: links and `..` that leave it are refused.
        let mut repo = Confinement::new();
        repo.add_root(&root, false);
        for p in [
            root.join("leak"),
            root.join("up"),
            root.join("etc/../../secret"),
            outside.clone(),
        ] {
            assert!(
                matches!(repo.read(&p, 1000, false), Err(LoadError::OutsideRoot)),
                "{}",
                p.display()
            );
        }
    }

    #[test]
    fn remembered_directories_refuse_what_a_fresh_walk_refuses() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("secret"), "top secret\n").unwrap();
        let root = t.path().join("repo");
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/f"), "server {}\n").unwrap();
        symlink(t.path().join("secret"), root.join("a/b/leak")).unwrap();
        symlink("../../../secret", root.join("a/b/up")).unwrap();
        symlink("a", root.join("l")).unwrap();
        let mut repo = Confinement::new();
        repo.add_root(&root, false);
        // The first read remembers a and a/b; what follows starts from there.
        assert_eq!(
            repo.read(&root.join("a/b/f"), 100, false).unwrap(),
            b"server {}\n"
        );
        for p in ["a/b/leak", "a/b/up", "a/b/../../../secret", "l/b/leak"] {
            assert!(
                matches!(
                    repo.read(&root.join(p), 100, false),
                    Err(LoadError::OutsideRoot)
                ),
                "{p}"
            );
        }
        assert!(matches!(
            repo.read(&root.join("a/b/f/x"), 100, false),
            Err(LoadError::NotFound)
        ));
        let (phys, kind) = repo.resolve(&root.join("l/b/f")).unwrap();
        assert_eq!(
            (phys, kind),
            (root.join("a/b/f").canonicalize().unwrap(), Kind::File)
        );
        // A sniffed file, read whole, is handed to the full read once, under
        // the full read's own cap.
        assert_eq!(repo.read(&root.join("a/b/f"), 4, true).unwrap(), b"serv");
        assert_eq!(
            repo.read(&root.join("a/b/f"), 1000, true).unwrap(),
            b"server {}\n"
        );
        assert!(matches!(
            repo.read(&root.join("a/b/f"), 4, false),
            Err(LoadError::TooLarge(10))
        ));
        assert_eq!(
            repo.read(&root.join("a/b/f"), 100, false).unwrap(),
            b"server {}\n"
        );
    }

    #[test]
    fn special_files_are_never_read() {
        let t = tempfile::tempdir().unwrap();
        let fifo = t.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let mut c = Confinement::new();
        c.add_root(t.path(), false);
        assert!(matches!(
            c.read(&fifo, 1000, false),
            Err(LoadError::NotRegular(_))
        ));
        let mut sys = Confinement::new();
        sys.add_root(Path::new("/"), true);
        assert!(matches!(
            sys.read(Path::new("/dev/zero"), 1000, false),
            Err(LoadError::NotRegular(_))
        ));
        assert!(matches!(
            sys.read(Path::new("/proc/self/status"), 1000, false),
            Err(LoadError::NotRegular(_))
        ));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn only_the_two_live_kernel_files_are_read() {
        let n = read_live_kernel_file(Path::new("/proc/sys/net/core/somaxconn")).unwrap();
        assert!(String::from_utf8(n).unwrap().trim().parse::<u32>().is_ok());
        let m = read_live_kernel_file(Path::new("/proc/meminfo")).unwrap();
        assert!(String::from_utf8(m).unwrap().starts_with("MemTotal:"));
        for p in ["/proc/self/status", "/proc/sys/../meminfo", "/etc/passwd"] {
            assert!(read_live_kernel_file(Path::new(p)).is_none(), "{p}");
        }
    }

    #[test]
    fn globs_report_unreadable_directories_and_skip_dot_files() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("conf.d/sub")).unwrap();
        std::fs::write(t.path().join("conf.d/a.conf"), "").unwrap();
        std::fs::write(t.path().join("conf.d/.hidden.conf"), "").unwrap();
        let mut c = Confinement::new();
        c.add_root(t.path(), false);
        let m = c.glob(&t.path().join("conf.d/*"));
        assert_eq!(m.files, vec![t.path().join("conf.d/a.conf")]);
        let m = c.glob(&t.path().join("missing/*.conf"));
        assert!(m.files.is_empty() && m.unreadable.is_empty());
    }
}
