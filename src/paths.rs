//! Where absolute paths written inside configs live when the configs are linted
//! from somewhere else than `/` (a repository, a sysroot copy, a conf dir).

use std::path::{Component, Path, PathBuf};

/// A map keyed by path with a fast hash (randomly seeded): the loader, the
/// discovery and their caches look a path up several times for each file.
pub type PathHashMap<V> = std::collections::HashMap<PathBuf, V, foldhash::fast::RandomState>;

/// A set of paths with the same fast hash.
pub type PathHashSet = std::collections::HashSet<PathBuf, foldhash::fast::RandomState>;

/// Maps the absolute paths a config names to paths on this machine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RootMap {
    /// A directory standing for `/` (sysroot layout, or `--root`).
    pub sysroot: Option<PathBuf>,
    /// Directories standing for a given absolute directory (conf-dir layout:
    /// `/etc/nginx` is `REPO/nginx`). Longest prefix wins.
    pub mounts: Vec<(PathBuf, PathBuf)>,
    /// A directory standing for `/` found inside a repository (`rootfs/`,
    /// `hosts/web1/`): it holds the files someone keeps there, not
    /// necessarily every file the machine or image has.
    pub partial: bool,
}

impl RootMap {
    /// True for a repository of config files, or a directory standing for `/`
    /// inside one: a file it lacks may be one the target host provides.
    pub fn partial_tree(&self) -> bool {
        (self.sysroot.is_none() && !self.mounts.is_empty()) || self.partial
    }

    /// The identity map: paths are what they say (linting a live `/`).
    pub fn identity() -> RootMap {
        RootMap::default()
    }

    pub fn with_sysroot(root: impl Into<PathBuf>) -> RootMap {
        RootMap {
            sysroot: Some(root.into()),
            mounts: Vec::new(),
            partial: false,
        }
    }

    /// Where the absolute config path `abs` is on disk.
    pub fn map(&self, abs: &str) -> PathBuf {
        let p = Path::new(abs);
        if !p.is_absolute() {
            return p.to_path_buf();
        }
        let mut best: Option<(usize, &PathBuf, PathBuf)> = None;
        for (from, to) in &self.mounts {
            if let Some(rest) = strip_mount(p, from) {
                let len = from.as_os_str().len();
                if best.as_ref().is_none_or(|(b, _, _)| len > *b) {
                    best = Some((len, to, rest));
                }
            }
        }
        if let Some((_, to, rest)) = best {
            // A file mounted on its own (a compose bind mount): the file itself.
            if rest.as_os_str().is_empty() {
                return to.clone();
            }
            return to.join(rest);
        }
        match &self.sysroot {
            Some(root) => root.join(p.strip_prefix("/").unwrap_or(p)),
            None => p.to_path_buf(),
        }
    }

    /// The config-side absolute path of a file on disk, when the map covers it
    /// (inverse of [`RootMap::map`]).
    pub fn unmap(&self, disk: &Path) -> Option<PathBuf> {
        for (from, to) in &self.mounts {
            if let Ok(rest) = disk.strip_prefix(to) {
                if rest.as_os_str().is_empty() {
                    return Some(from.clone());
                }
                return Some(from.join(rest));
            }
        }
        match &self.sysroot {
            Some(root) => disk
                .strip_prefix(root)
                .ok()
                .map(|rest| Path::new("/").join(rest)),
            None => Some(disk.to_path_buf()),
        }
    }
}

impl RootMap {
    /// The files mounted on their own (compose bind mounts of single files)
    /// whose config-side path matches the glob `pattern`, on disk: a glob of a
    /// directory sees the files mounted into it.
    pub fn mount_matches(&self, pattern: &str) -> Vec<PathBuf> {
        let Ok(pat) = glob::Pattern::new(pattern) else {
            return Vec::new();
        };
        let opts = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: true,
        };
        self.mounts
            .iter()
            .filter(|(from, _)| from.as_os_str() != "/" && pat.matches_path_with(from, opts))
            .map(|(_, to)| to.clone())
            .collect()
    }

    /// Sort files found by a glob as the program sees them: by their
    /// config-side path (a mounted file sorts where it is mounted).
    pub fn sort_as_mounted(&self, files: &mut Vec<PathBuf>) {
        files.sort_by_cached_key(|f| self.unmap(f).unwrap_or_else(|| f.clone()));
        files.dedup();
    }
}

/// `p` without the mount point `from`, whose components may be `*` (any one
/// component, for `/etc/php/*/fpm`).
fn strip_mount(p: &Path, from: &Path) -> Option<PathBuf> {
    let mut pc = p.components();
    for fc in from.components() {
        let c = pc.next()?;
        if fc.as_os_str() != "*" && fc != c {
            return None;
        }
    }
    Some(pc.as_path().to_path_buf())
}

/// Lexically normalise a path: drop `.`, fold `..`, collapse repeated slashes.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// True when the pattern holds glob characters (nginx: `*?[`; php-fpm uses glob(3) always).
pub fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sysroot_and_mounts() {
        let mut m = RootMap::with_sysroot("/repo");
        assert_eq!(
            m.map("/etc/nginx/nginx.conf"),
            PathBuf::from("/repo/etc/nginx/nginx.conf")
        );
        m.mounts.push(("/etc/nginx".into(), "/repo/web".into()));
        assert_eq!(
            m.map("/etc/nginx/conf.d/a.conf"),
            PathBuf::from("/repo/web/conf.d/a.conf")
        );
        assert_eq!(
            m.unmap(Path::new("/repo/web/x")),
            Some(PathBuf::from("/etc/nginx/x"))
        );
        m.mounts.push(("/etc/php/*/fpm".into(), "/repo/php".into()));
        assert_eq!(
            m.map("/etc/php/8.2/fpm/pool.d/www.conf"),
            PathBuf::from("/repo/php/pool.d/www.conf")
        );
        assert_eq!(
            normalize(Path::new("/a//b/./c/../d")),
            PathBuf::from("/a/b/d")
        );
    }
}
