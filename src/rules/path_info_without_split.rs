//! path-info-without-split: a location written for path-info URLs
//! (`\.php(/|$)`, `^(.+\.php)(/.+)$`) that passes them to PHP-FPM without
//! `fastcgi_split_path_info`, so SCRIPT_FILENAME ends in `/index.php/login`.

use super::unsafe_php_location::fix_pathinfo;
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::{DirId, NginxTree, ScopeId, ScopeKind};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "path-info-without-split",
    Severity::Error,
    Category::Runtime,
    "a path-info location without fastcgi_split_path_info: 403 \"Access denied.\" with cgi.fix_pathinfo=0, an empty PATH_INFO otherwise",
    check = check
);

/// True when a location regex lets a path follow the `.php` it names:
/// `\.php(/|$)`, `\.php(/.*)?$`, `^(.+\.php)(/.+)$`.
pub(crate) fn path_info_regex(pattern: &str) -> bool {
    let lower = pattern.to_ascii_lowercase();
    let Some(at) = lower.rfind("php") else {
        return false;
    };
    lower[at + 3..].contains('/')
}

/// The location scope of `scope` and its regex, when it is a regex location.
fn regex_location(tree: &NginxTree, scope: ScopeId) -> Option<(ScopeId, DirId, String)> {
    let loc = tree
        .ancestry(scope)
        .find(|s| tree.scope(*s).kind == ScopeKind::Location)?;
    let ldir = tree.scope(loc).dir()?;
    match &tree.dir(ldir).args[..] {
        [m, p] if m.value == "~" || m.value == "~*" => Some((loc, ldir, p.value.to_string())),
        _ => None,
    }
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    let links = project.links();
    for (ti, tree) in project.nginx.iter().enumerate() {
        for scope in tree.locations() {
            let Some(pass) = tree.own(scope, "fastcgi_pass").last().copied() else {
                continue;
            };
            let Some((_, ldir, pattern)) = regex_location(tree, scope) else {
                continue;
            };
            if !path_info_regex(&pattern)
                || tree.effective(scope, "fastcgi_split_path_info").is_some()
            {
                continue;
            }
            let Some(script) = super::uri_script_filename(tree, scope) else {
                continue;
            };
            // cgi.fix_pathinfo of the pools reached: off everywhere makes the
            // 403 certain; on (PHP's default) or unknown leaves PATH_INFO empty.
            let pools = links.pools_of_pass(ti, pass);
            if super::fpm_page_location(project, tree, scope, &pools) {
                continue;
            }
            let mut off_line = None;
            let all_off = !pools.is_empty()
                && pools.iter().all(|(t, p)| {
                    let ft = &project.fpm[*t];
                    let (on, s) = fix_pathinfo(ft, &ft.pools[*p]);
                    if !on {
                        off_line = off_line.or(s.and_then(|s| s.line_span()));
                    }
                    !on
                });
            let script_span = tree
                .dir(script)
                .args
                .get(1)
                .map_or(tree.dir(script).span, |a| a.span);
            let mut d = if all_off {
                Diagnostic::error(
                    META.name,
                    "every path-info URL here (/index.php/login) gets 403 \"Access denied.\": without fastcgi_split_path_info, SCRIPT_FILENAME ends in /index.php/login, and with cgi.fix_pathinfo=0 php-fpm refuses it (`has been denied (see security.limit_extensions)`)",
                    Label::new(tree.dir(ldir).span, "matches /index.php/login and passes it whole"),
                )
            } else {
                Diagnostic::warning(
                    META.name,
                    "path-info URLs here (/index.php/login) reach PHP with an empty PATH_INFO and SCRIPT_NAME /index.php/login: without fastcgi_split_path_info nginx passes the whole URI as the script, and an application that routes on PATH_INFO serves the wrong page",
                    Label::new(tree.dir(ldir).span, "matches /index.php/login and passes it whole"),
                )
            };
            d = d.with_label(Label::new(
                script_span,
                "the script path here ends in /index.php/login",
            ));
            if let Some(s) = off_line {
                d = d.with_label(Label::new(
                    s,
                    "cgi.fix_pathinfo = 0: php-fpm takes SCRIPT_FILENAME as it is",
                ));
            }
            if !all_off {
                d = d.with_note(if pools.is_empty() {
                    "no php-fpm pool found for this fastcgi_pass: with cgi.fix_pathinfo=0 every such URL gets 403 \"Access denied.\"; with PHP's default (1) php-fpm finds index.php but leaves PATH_INFO empty".to_string()
                } else {
                    "a warning: cgi.fix_pathinfo is on, so php-fpm walks back to index.php and runs it; whether the application reads PATH_INFO is not in the configuration. Turning cgi.fix_pathinfo off, as hardening guides advise, makes every such URL 403 \"Access denied.\"".to_string()
                });
            }
            d = d.with_help("add `fastcgi_split_path_info ^(.+?\\.php)(/.*)$;` and `fastcgi_param PATH_INFO $fastcgi_path_info;` to this location (with a try_files, save it first: `set $path_info $fastcgi_path_info;`), or include Debian's snippets/fastcgi-php.conf, which does all of it");
            out.push(d);
        }
    }
}
