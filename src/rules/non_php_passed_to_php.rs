//! non-php-passed-to-php: a location with a `fastcgi_pass` to PHP-FPM that
//! matches files other than PHP scripts (`location /`, `location ~ \.(php|html)$`)
//! and names the requested file as the script: php-fpm refuses them with 403.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::{DirId, NginxTree, ScopeId, ScopeKind};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "non-php-passed-to-php",
    Severity::Error,
    Category::Runtime,
    "a location that matches static files passes them to PHP-FPM: 403 \"Access denied.\" for CSS, JS, images, HTML",
    check = check
);

/// PHP script extensions by convention (`php`, `php7`, `phtml`, `phar`).
fn php_like(ext: &str) -> bool {
    let e = ext.to_ascii_lowercase();
    let e = e.trim_start_matches('.');
    e == "phar"
        || e == "phtml"
        || e.strip_prefix("php")
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
}

/// The other extensions a regex names beside PHP in one alternation:
/// `\.(php|html)$` gives `html`.
fn other_extensions(pattern: &str) -> Vec<String> {
    let lower = pattern.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut rest = lower.as_str();
    while let Some(open) = rest.find("\\.(") {
        let group = &rest[open + 3..];
        let Some(close) = group.find(')') else { break };
        let alts: Vec<&str> = group[..close].split('|').collect();
        if alts.len() > 1
            && alts.iter().any(|a| php_like(a))
            && alts
                .iter()
                .all(|a| a.chars().all(|c| c.is_ascii_alphanumeric()))
        {
            found.extend(alts.iter().filter(|a| !php_like(a)).map(|a| a.to_string()));
        }
        rest = &group[close..];
    }
    found
}

enum Matches {
    /// A prefix location: every file under it.
    Everything(String),
    /// A regex naming these other extensions.
    Extensions(Vec<String>),
}

fn what_it_matches(tree: &NginxTree, loc: ScopeId) -> Option<(DirId, Matches)> {
    let ldir = tree.scope(loc).dir()?;
    let m = match &tree.dir(ldir).args[..] {
        [p] if !p.value.starts_with('@') => Matches::Everything(p.value.to_string()),
        [m, p] if m.value == "^~" => Matches::Everything(p.value.to_string()),
        [m, p] if m.value == "~" || m.value == "~*" => {
            let other = other_extensions(&p.value);
            if other.is_empty() {
                return None;
            }
            Matches::Extensions(other)
        }
        _ => return None,
    };
    Some((ldir, m))
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    let links = project.links();
    // (nginx tree, fastcgi_pass) -> the pools it reaches.
    for (ti, tree) in project.nginx.iter().enumerate() {
        for scope in tree.locations() {
            if tree.scope(scope).kind != ScopeKind::Location {
                continue;
            }
            let Some(pass) = tree.own(scope, "fastcgi_pass").last().copied() else {
                continue;
            };
            let pools = links.pools_of_pass(ti, pass);
            if super::fpm_page_location(project, tree, scope, &pools) {
                continue;
            }
            // PHP-FPM, as far as fpmlint can tell: a pool reached, or a target
            // that says php.
            let php = !pools.is_empty()
                || tree
                    .dir(pass)
                    .arg(0)
                    .is_some_and(|a| a.to_ascii_lowercase().contains("php"));
            if !php {
                continue;
            }
            let Some((ldir, matches)) = what_it_matches(tree, scope) else {
                continue;
            };
            // A fixed script (`$document_root/index.php`) takes every URI as its input.
            let Some(script) = super::uri_script_filename(tree, scope) else {
                continue;
            };
            // The extensions the pools let through (default `.php .phar`).
            let allowed: Vec<String> = pools
                .iter()
                .flat_map(|(t, p)| {
                    let pool = &project.fpm[*t].pools[*p];
                    let v = pool
                        .get("security.limit_extensions")
                        .map(|s| s.value)
                        .unwrap_or_else(|| ".php .phar".into());
                    if v.trim().is_empty() {
                        // Every extension runs: unsafe-php-location's finding.
                        vec![String::new()]
                    } else {
                        v.split_whitespace()
                            .map(|e| e.trim_start_matches('.').to_ascii_lowercase())
                            .collect()
                    }
                })
                .collect();
            if allowed.iter().any(String::is_empty) {
                continue;
            }
            let script_span = tree
                .dir(script)
                .args
                .get(1)
                .map_or(tree.dir(script).span, |a| a.span);
            let log = "has been denied (see security.limit_extensions)";
            let d = match matches {
                Matches::Extensions(exts) => {
                    let refused: Vec<String> = exts
                        .into_iter()
                        .filter(|e| !allowed.contains(e))
                        .collect();
                    if refused.is_empty() {
                        continue;
                    }
                    let list = refused
                        .iter()
                        .map(|e| format!(".{e}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    Diagnostic::error(
                        META.name,
                        format!("every {list} request here gets 403 \"Access denied.\": this location hands them to PHP-FPM as the script, and security.limit_extensions lets only PHP scripts run (php-fpm logs `{log}`)"),
                        Label::new(tree.dir(ldir).span, format!("matches {list} files as well as PHP scripts")),
                    )
                    .with_help(format!("match PHP scripts only (`location ~ \\.php$`) and let nginx serve {list} files itself; to run PHP inside {list} files, add the extensions to security.limit_extensions of the pool"))
                }
                Matches::Everything(prefix) => Diagnostic::warning(
                    META.name,
                    format!("requests for static files under {prefix} (CSS, JS, images) get 403 \"Access denied.\": this location hands every URI to PHP-FPM as the script, and security.limit_extensions lets only PHP scripts run (php-fpm logs `{log}`)"),
                    Label::new(tree.dir(ldir).span, "a prefix location: matches every file under it"),
                )
                .with_note("a warning: whether the site has static files under this prefix is not in the configuration")
                .with_help("serve files with `try_files $uri $uri/ /index.php$is_args$args;` here and pass PHP in its own `location ~ \\.php$`, or send every URI to one script with `fastcgi_param SCRIPT_FILENAME $document_root/index.php;`"),
            };
            let d = d
                .with_label(Label::new(script_span, "the requested file is the script"))
                .with_label(Label::new(tree.dir(pass).span, "passed to PHP-FPM here"));
            out.push(d);
        }
    }
}
