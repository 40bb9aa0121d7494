//! socket-permission-denied: the nginx worker cannot write the pool's unix socket.

use super::{context_notes, pass_span, pool_of};
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::{Endpoint, Pool, Setting};
use crate::model::index::{worker, Listener, Pass, Worker};
use crate::model::system::System;
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "socket-permission-denied",
    Severity::Error,
    Category::Runtime,
    "the nginx worker user cannot write the pool's unix socket: 502 (13: Permission denied)",
    check = check
);

/// Who may connect, as far as fpmlint can tell.
enum Verdict {
    Allowed,
    Denied {
        why: String,
    },
    /// Denied unless the worker is in a group fpmlint cannot check.
    Unknown {
        why: String,
    },
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    if !super::active(project) {
        return;
    }
    let links = project.links();
    for pass in &links.passes {
        let tree = &project.nginx[pass.tree];
        for li in links.reached(pass) {
            let l = &links.listeners[li];
            if !matches!(l.listen.endpoint, Endpoint::Unix(_)) {
                continue;
            }
            let (ftree, pool) = pool_of(project, l);
            let system = project
                .system(&tree.ctx.roots)
                .or_else(|| project.system(&ftree.ctx.roots));
            let w = worker(project, pass.tree, system);
            // An unprivileged master owns the sockets it creates.
            let master = ftree
                .ctx
                .master_user
                .as_ref()
                .filter(|_| ftree.ctx.unprivileged_master())
                .map(|(u, _)| u.as_str());
            let verdict = judge(&w, pool, system, master);
            if let Some(d) = report(project, pass, l, pool, &w, system, verdict) {
                out.push(d);
            }
        }
    }
    apache(project, out);
}

/// Apache's children (`User`, `Group`, and the User's groups in etc/group:
/// `initgroups`) connecting to a pool's socket: 503 when they may not write it.
fn apache(project: &Project, out: &mut Vec<Diagnostic>) {
    let links = project.links();
    for ap in &links.apache {
        let tree = &project.apache[ap.tree];
        let (Some(user), group) = tree.identity() else {
            continue;
        };
        let group = group.unwrap_or(user);
        if user.value.contains("${") || group.value.contains("${") {
            continue;
        }
        let h = &tree.handlers[ap.handler];
        for &li in &ap.reach.pools {
            let l = &links.listeners[li];
            let Endpoint::Unix(path) = &l.listen.endpoint else {
                continue;
            };
            let (ftree, pool) = pool_of(project, l);
            let system = project
                .system(&tree.ctx.roots)
                .or_else(|| project.system(&ftree.ctx.roots));
            let w = Worker {
                user: user.value.clone(),
                group: group.value.clone(),
                dir: None,
            };
            // An unprivileged master owns the sockets it creates.
            let master = ftree
                .ctx
                .master_user
                .as_ref()
                .filter(|_| ftree.ctx.unprivileged_master())
                .map(|(u, _)| u.as_str());
            let (severity, why) = match judge(&w, pool, system, master) {
                Verdict::Allowed => continue,
                Verdict::Denied { why } => (Severity::Error, why),
                Verdict::Unknown { why } => (Severity::Warning, why),
            };
            let (uh, up) = crate::model::apache::url_host_port(h);
            let log = format!(
                "(13)Permission denied: AH02454: FCGI: attempt to connect to Unix domain socket {path} ({uh}:{up}) failed"
            );
            let message = if severity == Severity::Error {
                format!("every PHP request here gets 503 Service Unavailable: Apache's children (User {}, Group {}) cannot write the socket of pool [{}]; Apache logs `{log}`", w.user, w.group, pool.name)
            } else {
                format!("fpmlint cannot verify that Apache's children (User {}, Group {}) may write the socket of pool [{}]: if they may not, every PHP request here gets 503 Service Unavailable (`{log}`)", w.user, w.group, pool.name)
            };
            let mut d = Diagnostic::new(
                META.name,
                severity,
                message,
                Label::new(h.span, format!("Apache connects as {}:{}", w.user, w.group)),
            )
            .with_label(Label::new(
                user.line,
                if project
                    .sources
                    .get(user.span.file)
                    .slice(user.span)
                    .contains("${")
                {
                    format!(
                        "Apache's children run as user {} (set in envvars)",
                        user.value
                    )
                } else {
                    format!("Apache's children run as user {}", user.value)
                },
            ));
            if let Some(span) = l.listen.setting.value_span() {
                d = d.with_label(Label::new(
                    span,
                    format!("pool [{}]'s socket: {why}", pool.name),
                ));
            }
            d = d.with_help(format!(
                "set `listen.owner = {}` and `listen.group = {}` in pool [{}] (or `listen.acl_users = {}`), or add {} to the socket's group",
                w.user, w.group, pool.name, w.user, w.user
            ));
            if system.is_none_or(|s| s.group_file.is_none()) {
                d = d.with_note("no etc/group under the linted root: fpmlint could not check which groups Apache's User belongs to");
            }
            out.push(context_notes(d, project, None, &[l]));
        }
    }
}

/// Split a comma list as php-fpm does: no trimming.
fn list(s: &Option<Setting>) -> Vec<String> {
    s.as_ref()
        .map(|s| {
            s.value
                .split(',')
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// A user or group name from a listen.owner / listen.group value (numeric ids
/// are looked up when the root has etc/passwd or etc/group).
fn user_name(v: &str, system: Option<&System>) -> String {
    match v.parse::<u32>() {
        Ok(uid) => system
            .and_then(|s| s.users.iter().find(|u| u.uid == Some(uid)))
            .map(|u| u.name.clone())
            .unwrap_or_else(|| format!("uid {uid}")),
        Err(_) => v.to_string(),
    }
}

fn group_name(v: &str, system: Option<&System>) -> String {
    match v.parse::<u32>() {
        Ok(gid) => system
            .and_then(|s| s.group_by_gid(gid))
            .map(|g| g.name.clone())
            .unwrap_or_else(|| format!("gid {gid}")),
        Err(_) => v.to_string(),
    }
}

/// Groups no distribution puts a web server's user in: administrative and
/// system groups. Any other group (www-data, nginx, apache, the site's own) may
/// hold it through a `usermod -a -G` fpmlint cannot see without etc/group.
fn never_holds_web_user(group: &str) -> bool {
    matches!(
        group,
        "root" | "wheel" | "sudo" | "admin" | "adm" | "shadow" | "disk" | "sys" | "bin" | "daemon"
    )
}

fn judge(w: &Worker, pool: &Pool, system: Option<&System>, master: Option<&str>) -> Verdict {
    if w.user == "root" || w.user == "0" {
        return Verdict::Allowed;
    }
    // No `user` in the pool: php-fpm refuses to start as root, so its master runs
    // as some unprivileged account the configuration does not name (a container's
    // USER, typically shared with nginx) and owns the socket: nothing to judge.
    if pool.user().is_none() {
        return Verdict::Allowed;
    }
    let mode = pool.listen_mode();
    let groups = system.and_then(|s| s.groups_of(&w.user, &w.group));
    let in_group = |g: &str| -> Option<bool> {
        if g == w.group {
            return Some(true);
        }
        groups.as_ref().map(|v| v.iter().any(|x| x == g))
    };
    let acl_users = list(&pool.listen_acl_users());
    let acl_groups = list(&pool.listen_acl_groups());
    if !acl_users.is_empty() || !acl_groups.is_empty() {
        if acl_users.contains(&w.user) {
            return Verdict::Allowed;
        }
        let mut unknown = false;
        for g in &acl_groups {
            match in_group(g) {
                Some(true) => return Verdict::Allowed,
                Some(false) => {}
                None => unknown = true,
            }
        }
        if mode & 0o002 != 0 {
            return Verdict::Allowed;
        }
        let why = format!(
            "{} is not in listen.acl_users{}",
            w.user,
            if acl_groups.is_empty() {
                String::new()
            } else {
                format!(
                    " nor in a group of listen.acl_groups ({})",
                    acl_groups.join(",")
                )
            }
        );
        return if unknown {
            Verdict::Unknown { why }
        } else {
            Verdict::Denied { why }
        };
    }
    // Owner and group: listen.owner/listen.group, else the master's (root, or
    // the unprivileged user it runs as: `user[:group]`).
    let (master_user, master_group) = match master {
        Some(m) => match m.split_once(':') {
            Some((u, g)) => (u.to_string(), Some(group_name(g, system))),
            None => (user_name(m, system), None),
        },
        None => ("root".to_string(), Some("root".to_string())),
    };
    let owner = pool
        .listen_owner()
        .map(|s| user_name(&s.value, system))
        .unwrap_or_else(|| master_user.clone());
    let group: Option<String> = match (pool.listen_group(), pool.listen_owner()) {
        (Some(g), _) => Some(group_name(&g.value, system)),
        // listen.owner alone: the owner's primary group.
        (None, Some(_)) => system.and_then(|s| s.primary_group(&owner)),
        (None, None) => master_group.or_else(|| system.and_then(|s| s.primary_group(&owner))),
    };
    let octal = format!("{mode:04o}");
    if owner == w.user {
        return if mode & 0o200 != 0 {
            Verdict::Allowed
        } else {
            Verdict::Denied {
                why: format!("the socket belongs to {owner}, but mode {octal} gives its owner no write permission"),
            }
        };
    }
    let Some(group) = group else {
        // The owner's primary group is unknown (no etc/passwd).
        if mode & 0o002 != 0 {
            return Verdict::Allowed;
        }
        if mode & 0o020 == 0 {
            return Verdict::Denied {
                why: format!(
                    "the socket belongs to {owner} with mode {octal}: only its owner may write it"
                ),
            };
        }
        return Verdict::Unknown {
            why: format!("the socket belongs to {owner} and {owner}'s primary group (unknown without etc/passwd), mode {octal}"),
        };
    };
    match in_group(&group) {
        Some(true) => {
            if mode & 0o020 != 0 {
                Verdict::Allowed
            } else {
                Verdict::Denied {
                    why: format!("the socket's group is {group}, but mode {octal} gives the group no write permission"),
                }
            }
        }
        Some(false) => {
            if mode & 0o002 != 0 {
                Verdict::Allowed
            } else {
                Verdict::Denied {
                    why: format!("the socket is {owner}:{group} with mode {octal}, and {} is neither {owner} nor in group {group}", w.user),
                }
            }
        }
        None => {
            if mode & 0o002 != 0 || mode & 0o020 == 0 {
                if mode & 0o002 != 0 {
                    Verdict::Allowed
                } else {
                    Verdict::Denied {
                        why: format!("the socket is {owner}:{group} with mode {octal}: only its owner may write it"),
                    }
                }
            } else if never_holds_web_user(&group) {
                Verdict::Denied {
                    why: format!("the socket is {owner}:{group} with mode {octal}, and {} is neither {owner} nor, on any distribution's stock accounts, in group {group}", w.user),
                }
            } else {
                Verdict::Unknown {
                    why: format!("the socket is {owner}:{group} with mode {octal}: {} may write it only as a member of group {group}, which fpmlint cannot check", w.user),
                }
            }
        }
    }
}

fn report(
    project: &Project,
    pass: &Pass,
    l: &Listener,
    pool: &Pool,
    w: &Worker,
    system: Option<&System>,
    verdict: Verdict,
) -> Option<Diagnostic> {
    let (severity, why, certain) = match verdict {
        Verdict::Allowed => return None,
        Verdict::Denied { why } => (Severity::Error, why, true),
        Verdict::Unknown { why } => (Severity::Warning, why, false),
    };
    let Endpoint::Unix(path) = &l.listen.endpoint else {
        return None;
    };
    let log = format!(
        "connect() to unix:{path} failed (13: Permission denied) while connecting to upstream"
    );
    let message = if certain {
        format!("every PHP request here gets 502 Bad Gateway: nginx's workers (user {}, group {}) cannot write the socket of pool [{}]; nginx logs `{log}`", w.user, w.group, pool.name)
    } else {
        format!("fpmlint cannot verify that nginx's workers (user {}, group {}) may write the socket of pool [{}]: if they may not, every PHP request here gets 502 Bad Gateway (`{log}`)", w.user, w.group, pool.name)
    };
    let who = match w.dir {
        Some(_) => format!("nginx connects as {}:{}", w.user, w.group),
        None => format!(
            "nginx connects as {}:{} (nginx default: no `user` directive)",
            w.user, w.group
        ),
    };
    let mut d = Diagnostic::new(
        META.name,
        severity,
        message,
        Label::new(pass_span(project, pass), who),
    );
    if let Some((ti, dir)) = w.dir {
        let what = if project.nginx[ti].dir(dir).args.len() > 1 {
            format!("workers run as user {} and group {}", w.user, w.group)
        } else {
            format!(
                "workers run as user {} and the group named {}",
                w.user, w.group
            )
        };
        d = d.with_label(Label::new(project.nginx[ti].dir(dir).span, what));
    }
    let acl = pool.listen_acl_users().is_some() || pool.listen_acl_groups().is_some();
    let mut any_listen_line = false;
    let keys: &[(&str, Option<Setting>)] = if acl {
        &[
            ("listen.acl_users", pool.listen_acl_users()),
            ("listen.acl_groups", pool.listen_acl_groups()),
            (
                "listen.mode",
                pool.get("listen.mode").filter(|s| !s.is_default()),
            ),
        ]
    } else {
        &[
            ("listen.owner", pool.listen_owner()),
            ("listen.group", pool.listen_group()),
            (
                "listen.mode",
                pool.get("listen.mode").filter(|s| !s.is_default()),
            ),
        ]
    };
    for (k, s) in keys {
        if let Some(span) = s.as_ref().and_then(Setting::line_span) {
            any_listen_line = true;
            d = d.with_label(Label::new(span, format!("{k} of pool [{}]", pool.name)));
        }
    }
    let socket_label = if any_listen_line {
        format!("pool [{}]'s socket: {why}", pool.name)
    } else {
        format!("pool [{}]'s socket, with php-fpm's defaults (no listen.owner, listen.group or listen.mode): {why}", pool.name)
    };
    if let Some(span) = l.listen.setting.value_span() {
        d = d.with_label(Label::new(span, socket_label));
    }
    let help = if acl {
        format!("add {} to listen.acl_users of pool [{}] (php-fpm ignores listen.owner and listen.group while an ACL is set)", w.user, pool.name)
    } else {
        format!(
            "either set `listen.owner = {}` and `listen.group = {}` in pool [{}], or run nginx's workers as a user that may write the socket (`user` in nginx.conf, or add {} to the socket's group)",
            w.user, w.group, pool.name, w.user
        )
    };
    d = d.with_help(help);
    if !acl && pool.listen_owner().is_none() && pool.listen_group().is_none() {
        d = d.with_note("without listen.owner and listen.group php-fpm does not chown the socket: it belongs to the user running the master, root under systemd and in the official Docker image");
    }
    match system {
        Some(s) if s.group_file.is_some() => {}
        _ if certain => {
            d = d.with_note("no etc/group under the linted root: fpmlint assumes the stock accounts of the distributions, where no web server user is in an administrative or system group such as root");
        }
        _ => {
            d = d.with_note("no etc/group under the linted root: fpmlint could not check which groups the nginx user belongs to");
        }
    }
    Some(context_notes(d, project, Some(pass), &[l]))
}
