//! `--list-files`: per host, every file read and the role it played, then the
//! files a directory walk met and did not lint, with the reason.

use std::collections::BTreeMap;

use crate::model::nginx::ScopeKind;
use crate::project::Project;
use crate::source::FileId;

/// The listing, one line per file.
pub fn render(project: &Project) -> String {
    let sources = &project.sources;
    // The first role a file is met in wins (a pool file is a php-fpm include
    // before it is anything else).
    let mut roles: BTreeMap<FileId, (usize, &'static str)> = BTreeMap::new();
    let mut put = |f: FileId, host: usize, role: &'static str| {
        roles.entry(f).or_insert((host, role));
    };
    for t in &project.nginx {
        let entry = if t.root_kind == ScopeKind::Main {
            "nginx main configuration"
        } else {
            "nginx fragment (no main configuration includes it)"
        };
        put(t.entry, t.host, entry);
        for &f in t.files.iter().skip(1) {
            put(f, t.host, "nginx include");
        }
    }
    for t in &project.apache {
        let entry = if t.ctx.fragment {
            "Apache fragment (no Apache main file includes it: its loaded modules are unknown)"
        } else {
            "Apache main configuration"
        };
        put(t.entry, t.host, entry);
        for &f in t.files.iter().skip(1) {
            put(f, t.host, "Apache include");
        }
        if let Some(f) = t.envvars {
            put(f, t.host, "Apache envvars (${VAR} values)");
        }
    }
    for t in &project.fpm {
        let entry = if t.fragment {
            "php-fpm pool file (no php-fpm.conf includes it)"
        } else {
            "php-fpm main configuration"
        };
        put(t.entry, t.host, entry);
        for &f in t.files.iter().skip(1) {
            put(f, t.host, "php-fpm include");
        }
        if let Some(ini) = &t.php_ini {
            for &f in &ini.files {
                put(f, t.host, "php.ini (or its scan directory)");
            }
        }
    }
    for s in &project.systems {
        let Some(host) = project.hosts.iter().position(|h| h.root == s.root) else {
            continue;
        };
        if let Some(f) = s.group_file {
            put(f, host, "accounts (etc/group)");
        }
        if let Some(f) = s.passwd_file {
            put(f, host, "accounts (etc/passwd)");
        }
        for u in &s.units {
            put(u.file, host, "systemd unit");
            for &d in &u.dropins {
                put(d, host, "systemd drop-in");
            }
        }
    }
    let mut out = String::new();
    for (i, h) in project.hosts.iter().enumerate() {
        let kind = if h.sysroot {
            "a directory standing for /"
        } else {
            "config files in place"
        };
        out.push_str(&format!("host {} ({kind})\n", h.name));
        for (f, (host, role)) in &roles {
            if *host == i {
                let file = sources.get(*f);
                // A ConfigMap key: the manifest's name, and which key it is.
                let what = match sources.shown_as.get(&file.path) {
                    Some((_, suffix, what)) if suffix.is_empty() => format!(" ({what})"),
                    _ => String::new(),
                };
                out.push_str(&format!("  {}{what}  {role}\n", file.name));
            }
        }
    }
    let (deployment, other): (Vec<_>, Vec<_>) = sources
        .files()
        .filter(|f| !roles.contains_key(&f.id))
        .map(|f| {
            let manifest = project
                .skipped
                .iter()
                .any(|(p, why)| *p == f.path && *why == crate::deploy::kube::MANIFEST);
            // A file a walk set aside with its reason and read anyway (an nginx
            // image template, read for its findings) keeps that reason.
            let set_aside = project
                .skipped
                .iter()
                .find(|(p, _)| *p == f.path)
                .map(|(_, why)| *why);
            (
                f,
                deployment_role(&f.path)
                    .or(manifest.then_some(KUBE_ROLE))
                    .or(set_aside),
            )
        })
        .partition(|(_, role)| role.is_some());
    // Compose files are read by the deployment layer whether or not a finding
    // needed their text.
    let mut read_for_deployment: Vec<(String, &str)> = deployment
        .into_iter()
        .map(|(f, role)| (f.name.clone(), role.unwrap_or_default()))
        .collect();
    let compose = |p: &std::path::Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| crate::deploy::COMPOSE_FILES.contains(&n))
    };
    for (p, _) in project
        .skipped
        .iter()
        .filter(|(p, why)| compose(p) || *why == crate::deploy::kube::MANIFEST)
    {
        let name = sources.display_path(p);
        if !read_for_deployment.iter().any(|(n, _)| *n == name) {
            let role = deployment_role(p).unwrap_or(KUBE_ROLE);
            read_for_deployment.push((name, role));
        }
    }
    if !read_for_deployment.is_empty() {
        out.push_str("read for the deployment\n");
        for (name, role) in read_for_deployment {
            out.push_str(&format!("  {name}  {role}\n"));
        }
    }
    let other: Vec<_> = other.into_iter().map(|(f, _)| f).collect();
    if !other.is_empty() {
        out.push_str("read, no role (a copy of a file read elsewhere, or a system file)\n");
        for f in other {
            out.push_str(&format!("  {}\n", f.name));
        }
    }
    if !project.same_files.is_empty() {
        out.push_str("not read again: the same file as one above, by another path\n");
        for (p, same) in &project.same_files {
            out.push_str(&format!(
                "  {}  (= {})\n",
                sources.display_path(p),
                sources.get(*same).name
            ));
        }
    }
    let same: std::collections::HashSet<&std::path::PathBuf> =
        project.same_files.iter().map(|(p, _)| p).collect();
    let unreached: Vec<&std::path::PathBuf> = project
        .host_configs
        .iter()
        .filter(|p| sources.lookup(p).is_none() && !same.contains(p))
        .collect();
    if !project.skipped.is_empty() || !project.problems.is_empty() || !unreached.is_empty() {
        out.push_str("not linted\n");
        // A file of a host's system read in a role (etc/group) is not "not linted".
        for (p, why) in project.skipped.iter().filter(|(p, why)| {
            sources.lookup(p).is_none() && !compose(p) && *why != crate::deploy::kube::MANIFEST
        }) {
            out.push_str(&format!("  {}  {why}\n", sources.display_path(p)));
        }
        for p in unreached {
            out.push_str(&format!(
                "  {}  no entry point of its host reaches it (no nginx.conf or php-fpm.conf of that host includes it)\n",
                sources.display_path(p)
            ));
        }
        for p in &project.problems {
            out.push_str(&format!("  {}\n", crate::text::escape_name(&p.message)));
        }
    }
    out
}

const KUBE_ROLE: &str =
    "Kubernetes manifest (pods, containers, volumes, Services, ConfigMaps, limits)";

/// What a file read beside the configs tells fpmlint, by its name.
fn deployment_role(path: &std::path::Path) -> Option<&'static str> {
    let name = path.file_name()?.to_str()?;
    if crate::deploy::COMPOSE_FILES.contains(&name) {
        return Some("compose file (services, mounts, networks, environment, limits)");
    }
    Some(match name {
        ".fpmlint.toml" | "fpmlint.toml" => "fpmlint configuration",
        ".gitignore" => "ignore patterns",
        ".env" => "compose environment (.env)",
        n if n == "Dockerfile" || n.ends_with(".Dockerfile") || n.starts_with("Dockerfile.") => {
            "Dockerfile (image, user, environment, copied files)"
        }
        n if n.ends_with(".env") => "environment file (env_file:)",
        _ => return None,
    })
}
