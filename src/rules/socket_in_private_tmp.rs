//! socket-in-private-tmp: a pool's unix socket under /tmp or /var/tmp, which
//! systemd's PrivateTmp= hides from the other service.

use super::{context_notes, pass_span, pool_of};
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::{Endpoint, FpmTree};
use crate::model::index::normalize_unix;
use crate::model::system::{System, Unit};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "socket-in-private-tmp",
    Severity::Warning,
    Category::Runtime,
    "the pool's socket is under /tmp or /var/tmp, which systemd's PrivateTmp= hides from nginx",
    check = check
);

fn in_tmp(path: &str) -> bool {
    let p = normalize_unix(path);
    p.starts_with("/tmp/") || p.starts_with("/var/tmp/")
}

/// The php-fpm units that may run this tree (see [`System::fpm_units`]).
fn fpm_units<'s>(project: &Project, tree: &FpmTree, system: &'s System) -> Vec<&'s Unit> {
    let path = project.sources.get(tree.entry).path.to_string_lossy();
    system.fpm_units(&path)
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
            let Endpoint::Unix(path) = &l.listen.endpoint else {
                continue;
            };
            if !in_tmp(path) {
                continue;
            }
            let (ftree, pool) = pool_of(project, l);
            let system = project
                .system(&tree.ctx.roots)
                .or_else(|| project.system(&ftree.ctx.roots));
            let units: Vec<&Unit> = match system {
                Some(s) => {
                    let mut v = fpm_units(project, ftree, s);
                    v.extend(s.unit("nginx.service"));
                    v
                }
                None => Vec::new(),
            };
            let private: Vec<&Unit> = units
                .iter()
                .copied()
                .filter(|u| u.private_tmp.is_some_and(|(on, _)| on))
                .collect();
            let has_nginx = units.iter().any(|u| u.name == "nginx.service");
            let has_fpm = units.iter().any(|u| u.name != "nginx.service");
            if private.is_empty() && has_nginx && has_fpm {
                // Both units known, neither hides /tmp: it works.
                continue;
            }
            let at = pass_span(project, pass);
            let tmp = if normalize_unix(path).starts_with("/var/tmp/") {
                "/var/tmp"
            } else {
                "/tmp"
            };
            let listen_span = l.listen.setting.value_span().unwrap_or(pool.header);
            let mut d = if private.is_empty() {
                Diagnostic::warning(
                    META.name,
                    format!(
                        "if {} runs with systemd's PrivateTmp=true, every PHP request here gets 502 Bad Gateway: pool [{}]'s socket {path} is under {tmp}, which a service with PrivateTmp= gets a private copy of; nginx would log `connect() to unix:{path} failed (2: No such file or directory) while connecting to upstream`",
                        match (has_nginx, has_fpm) {
                            (true, _) => "php-fpm",
                            (false, true) => "nginx",
                            _ => "nginx or php-fpm",
                        },
                        pool.name
                    ),
                    Label::new(at, format!("nginx looks for the socket in its own {tmp}")),
                )
            } else {
                let names: Vec<&str> = private.iter().map(|u| u.name.as_str()).collect();
                Diagnostic::error(
                    META.name,
                    format!(
                        "every PHP request here gets 502 Bad Gateway: {} PrivateTmp=true, so pool [{}]'s socket {path} is in a {tmp} the other service never sees; nginx logs `connect() to unix:{path} failed (2: No such file or directory) while connecting to upstream`",
                        if names.len() == 1 { format!("{} sets", names[0]) } else { format!("{} set", names.join(" and ")) },
                        pool.name
                    ),
                    Label::new(at, format!("nginx looks for the socket in its own {tmp}")),
                )
            };
            d = d.with_label(Label::new(
                listen_span,
                format!("pool [{}] creates its socket under {tmp}", pool.name),
            ));
            for u in &private {
                if let Some((_, span)) = u.private_tmp {
                    d = d.with_label(Label::new(
                        span,
                        format!(
                            "{} gets a private /tmp and /var/tmp",
                            u.name.trim_end_matches(".service")
                        ),
                    ));
                }
            }
            d = d.with_help(format!(
                "move the socket out of {tmp}: `listen = /run/php/{}.sock` in pool [{}] and the same path in fastcgi_pass",
                pool.name, pool.name
            ));
            if private.is_empty() {
                d = d.with_note(match (has_nginx, has_fpm) {
                    (false, false) => "the systemd units are not under the linted root: fpmlint cannot check PrivateTmp= (php-src's own php-fpm.service sets PrivateTmp=true; Debian's php8.2-fpm.service does not)".to_string(),
                    (true, _) => "nginx.service is under the linted root and leaves PrivateTmp= off; no php-fpm unit is, so fpmlint cannot check php-fpm's side (php-src's own php-fpm.service sets PrivateTmp=true; Debian's phpX.Y-fpm.service does not)".to_string(),
                    (false, true) => format!(
                        "{} under the linted root leaves PrivateTmp= off; nginx.service is not there, so fpmlint cannot check nginx's side",
                        units
                            .iter()
                            .map(|u| u.name.as_str())
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                });
            }
            out.push(context_notes(d, project, Some(pass), &[l]));
        }
    }
}
