//! What discovery leaves out of its directory walks: `--exclude` patterns,
//! `exclude = [...]` of .fpmlint.toml, and, inside a git repository, what git
//! ignores (`.gitignore` files, `.git/info/exclude`, the global excludes file).
//!
//! Patterns have gitignore syntax and are matched by the `ignore` crate (the
//! matcher ripgrep uses): `vendor/` is a directory named vendor at any depth,
//! `*.bak` any such file, `/build` or `sites/old.conf` a path relative to the
//! pattern's base (the current directory for `--exclude`, the configuration
//! file's directory for `exclude`), `!keep.conf` re-includes.
//!
//! Only the walks of directories are filtered: a file named on the command line,
//! or included by a configuration, is read whatever the patterns say.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// The exclusions of a run. The default excludes nothing and ignores git.
#[derive(Clone, Default)]
pub struct Exclude {
    /// Pattern sets, each with the directory its patterns are relative to.
    sets: Arc<Vec<Gitignore>>,
    /// Follow git's ignore files inside a repository.
    gitignore: bool,
}

impl std::fmt::Debug for Exclude {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exclude")
            .field(
                "patterns",
                &self.sets.iter().map(Gitignore::num_ignores).sum::<u64>(),
            )
            .field("gitignore", &self.gitignore)
            .finish()
    }
}

/// Patterns and the directory they are relative to.
pub fn patterns(base: &Path, lines: &[String]) -> Result<Gitignore, String> {
    let mut b = GitignoreBuilder::new(base);
    for line in lines {
        b.add_line(None, line)
            .map_err(|e| format!("`{line}` is not a pattern: {}", error_text(&e)))?;
    }
    b.build().map_err(|e| error_text(&e))
}

fn error_text(e: &ignore::Error) -> String {
    // The crate's messages name the glob again: keep the reason.
    let s = e.to_string();
    match s.rsplit_once(": ") {
        Some((_, why)) if !why.is_empty() => why.to_string(),
        _ => s,
    }
}

impl Exclude {
    pub fn new(sets: Vec<Gitignore>, gitignore: bool) -> Exclude {
        Exclude {
            sets: Arc::new(sets.into_iter().filter(|g| !g.is_empty()).collect()),
            gitignore,
        }
    }

    /// The filter for one walk from `root` (absolute). The walk's own
    /// `.gitignore` files are read through `confine` (regular files inside the
    /// linted tree only: a FIFO or a link out is no ignore file).
    pub fn walker(&self, root: &Path, confine: &crate::confine::Confinement) -> Walker {
        let repo = if self.gitignore {
            root.ancestors()
                .find(|d| std::fs::symlink_metadata(d.join(".git")).is_ok())
                .map(Path::to_path_buf)
        } else {
            None
        };
        let git_extra = repo.as_ref().map(|r| {
            let mut v = Vec::new();
            let (info, _) = Gitignore::new(r.join(".git/info/exclude"));
            v.push(info);
            let (global, _) = Gitignore::global();
            v.push(global);
            v
        });
        // The same place with symbolic links resolved: a configuration file's
        // directory is found that way, while the walk keeps the path as given.
        let real = root
            .canonicalize()
            .ok()
            .filter(|r| r != root)
            .map(|r| (root.to_path_buf(), r));
        Walker {
            sets: self.sets.clone(),
            real,
            repo,
            git_extra: git_extra.unwrap_or_default(),
            dirs: HashMap::new(),
            confine: confine.clone(),
        }
    }
}

/// The filter of one walk: `keep` for each entry, parents before children (a
/// left-out directory is not entered, so its files are not asked about).
pub struct Walker {
    sets: Arc<Vec<Gitignore>>,
    /// The walk's root as given and with symbolic links resolved, when they differ.
    real: Option<(PathBuf, PathBuf)>,
    /// The git work tree the walk is in, if any (and git is followed).
    repo: Option<PathBuf>,
    /// `.git/info/exclude` and the global excludes file.
    git_extra: Vec<Gitignore>,
    /// Each directory's own .gitignore, read once.
    dirs: HashMap<PathBuf, Gitignore>,
    /// What the walk may read.
    confine: crate::confine::Confinement,
}

impl Walker {
    /// False when `path` is left out.
    pub fn keep(&mut self, path: &Path, is_dir: bool) -> bool {
        let real = self
            .real
            .as_ref()
            .and_then(|(given, real)| path.strip_prefix(given).ok().map(|rest| real.join(rest)));
        for set in self.sets.iter() {
            for p in std::iter::once(path).chain(real.as_deref()) {
                if p.starts_with(set.path())
                    && set.matched_path_or_any_parents(p, is_dir).is_ignore()
                {
                    return false;
                }
            }
        }
        let Some(repo) = self.repo.clone() else {
            return true;
        };
        if !path.starts_with(&repo) || path.components().any(|c| c.as_os_str() == ".git") {
            return true;
        }
        // The deepest .gitignore that has a say decides, as in git.
        let mut dir = path.parent();
        while let Some(d) = dir {
            if !d.starts_with(&repo) {
                break;
            }
            let confine = &self.confine;
            let gi = self
                .dirs
                .entry(d.to_path_buf())
                .or_insert_with(|| gitignore_in(confine, d));
            let m = gi.matched(path, is_dir);
            if m.is_ignore() {
                return false;
            }
            if m.is_whitelist() {
                return true;
            }
            dir = d.parent();
        }
        for gi in &self.git_extra {
            let m = gi.matched(path, is_dir);
            if !m.is_none() {
                return !m.is_ignore();
            }
        }
        true
    }
}

/// A directory's `.gitignore`, read through the confinement: only a regular
/// file of at most 1 MiB inside the linted tree; anything else ignores nothing.
fn gitignore_in(confine: &crate::confine::Confinement, dir: &Path) -> Gitignore {
    let mut b = GitignoreBuilder::new(dir);
    if let Ok(bytes) = confine.read(&dir.join(".gitignore"), 1024 * 1024, false) {
        for line in String::from_utf8_lossy(&bytes).lines() {
            let _ = b.add_line(None, line);
        }
    }
    b.build().unwrap_or_else(|_| Gitignore::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_relative_to_their_base() {
        let base = Path::new("/repo");
        let set = patterns(base, &["vendor/".into(), "/build".into(), "*.bak".into()]).unwrap();
        let ex = Exclude::new(vec![set], false);
        let mut w = ex.walker(Path::new("/repo"), &crate::confine::Confinement::new());
        assert!(!w.keep(Path::new("/repo/a/vendor"), true));
        assert!(w.keep(Path::new("/repo/a/vendor"), false));
        assert!(!w.keep(Path::new("/repo/build"), true));
        assert!(w.keep(Path::new("/repo/a/build"), true));
        assert!(!w.keep(Path::new("/repo/x/site.conf.bak"), false));
        // Outside the base, the patterns say nothing.
        assert!(w.keep(Path::new("/elsewhere/build"), true));
    }

    #[test]
    fn a_bad_pattern_is_reported() {
        let e = patterns(Path::new("/"), &["sites-{a".into()]).unwrap_err();
        assert_eq!(
            e,
            "`sites-{a` is not a pattern: unclosed alternate group; missing '}' \
             (maybe escape '{' with '[{]'?)"
        );
    }
}
