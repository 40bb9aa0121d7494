//! The machine the configurations run on, as far as the linted root shows it:
//! users and groups from `etc/passwd` and `etc/group`, and `PrivateTmp=` of the
//! php-fpm and nginx systemd units (with their drop-ins).
//!
//! Only a sysroot (or a live `/`) has these files; a repository of config files
//! does not, and the rules then say that they could not check.

use std::path::{Path, PathBuf};

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

/// A systemd unit and its effective `PrivateTmp=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// `php8.2-fpm.service`, `nginx.service`.
    pub name: String,
    /// The unit file (the one systemd uses: /etc over /usr/lib and /lib).
    pub file: FileId,
    /// The last `PrivateTmp=` in `[Service]` across the unit and its drop-ins,
    /// with the line that set it; `None`: unset (systemd's default, off).
    pub private_tmp: Option<(bool, Span)>,
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
}

impl System {
    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }
    pub fn group_by_gid(&self, gid: u32) -> Option<&Group> {
        self.groups.iter().find(|g| g.gid == Some(gid))
    }
    pub fn user(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
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

    pub fn unit(&self, name: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.name == name)
    }
}

/// Unit directories, lowest precedence first.
const UNIT_DIRS: &[&str] = &[
    "/lib/systemd/system",
    "/usr/lib/systemd/system",
    "/etc/systemd/system",
];

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
    s
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
    let mut dropins: Vec<(String, PathBuf)> = Vec::new();
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
                        dropins.push((unit.to_string(), f));
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
        let mut private_tmp = private_tmp_in(sources, id, None);
        // Drop-ins apply in file-name order, whatever their directory.
        let mut mine: Vec<&PathBuf> = dropins
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, p)| p)
            .collect();
        mine.sort_by_key(|p| p.file_name().map(|n| n.to_os_string()));
        for p in mine {
            if let Ok(d) = sources.load(p) {
                private_tmp = private_tmp_in(sources, d, private_tmp);
            }
        }
        units.push(Unit {
            name,
            file: id,
            private_tmp,
        });
    }
    units
}

/// The last `PrivateTmp=` of the `[Service]` section of one unit file.
fn private_tmp_in(
    sources: &SourceMap,
    id: FileId,
    mut value: Option<(bool, Span)>,
) -> Option<(bool, Span)> {
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
        if k.trim() != "PrivateTmp" {
            continue;
        }
        let lead = body.len() - body.trim_start().len();
        let span = Span::new(id, start + lead, start + lead + t.len());
        match v.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" | "on" => value = Some((true, span)),
            "no" | "false" | "0" | "off" | "" => value = Some((false, span)),
            "disconnected" => value = Some((true, span)),
            _ => {}
        }
    }
    value
}

#[cfg(test)]
mod tests {
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
            "[Unit]\nPrivateTmp=yes\n[Service]\nPrivateTmp=true\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("etc/systemd/system/php8.2-fpm.service.d/override.conf"),
            "[Service]\n  PrivateTmp=no\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("lib/systemd/system/nginx.service"),
            "[Service]\nPrivateTmp=on\n",
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
        let _ = std::fs::remove_dir_all(&dir);
        let none = load(&mut sources, Path::new("/nonexistent-fpmlint-root"));
        assert!(none.groups_of("a", "b").is_none());
    }
}
