//! unsafe-php-location: a location that hands `.php` URIs (or everything) to
//! PHP-FPM without checking that the script exists, while cgi.fix_pathinfo is on;
//! or a pool whose security.limit_extensions is emptied or widened beyond PHP.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::{FpmTree, Pool};
use crate::model::nginx::{DirId, NginxTree, ScopeId, ScopeKind};
use crate::project::Project;
use crate::rules::Category;
use crate::units;

crate::declare_rule!(
    "unsafe-php-location",
    Severity::Warning,
    Category::Security,
    "PHP passed without checking the script exists while cgi.fix_pathinfo is on, or security.limit_extensions widened: uploads can run as PHP",
    check = check
);

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    let links = project.links();
    let all: Vec<(usize, usize)> = project
        .fpm
        .iter()
        .enumerate()
        .flat_map(|(t, tree)| (0..tree.pools.len()).map(move |p| (t, p)))
        .collect();
    for (ti, tree) in project.nginx.iter().enumerate() {
        // Once a tree, not once a location: the pools of its host.
        let host_pools: Vec<(usize, usize)> = all
            .iter()
            .copied()
            .filter(|(t, _)| project.fpm[*t].host == tree.host)
            .collect();
        for scope in tree.locations() {
            let Some(pass) = tree.own(scope, "fastcgi_pass").last().copied() else {
                continue;
            };
            let Some(loc) = unchecked_php_location(tree, scope) else {
                continue;
            };
            // Unreached: any pool of this host may be the one.
            let own = links.pools_of_pass(ti, pass);
            let pools = match own.as_slice() {
                [] => host_pools.as_slice(),
                reached => reached,
            };
            // php-fpm's status and ping pages are no scripts.
            if super::fpm_page_location(project, tree, scope, &own) {
                continue;
            }
            if let Some(d) = location_finding(project, tree, loc, pass, pools) {
                out.push(d);
            }
        }
    }
    for tree in &project.fpm {
        for pool in &tree.pools {
            out.extend(pool_finding(pool));
        }
    }
}

/// The location whose URIs reach PHP unchecked, when `scope` (which has its own
/// fastcgi_pass) is one: a regex location that matches any `.php` path, or a
/// prefix location; SCRIPT_FILENAME built from the URI; no `try_files` and no
/// `if (!-f ...)`.
fn unchecked_php_location(tree: &NginxTree, scope: ScopeId) -> Option<ScopeId> {
    let loc = tree
        .ancestry(scope)
        .find(|s| tree.scope(*s).kind == ScopeKind::Location)?;
    let ldir = tree.dir(tree.scope(loc).dir()?);
    let (modifier, pattern) = match &ldir.args[..] {
        [p] => ("", p.value.as_str()),
        [m, p] => (m.value.as_str(), p.value.as_str()),
        _ => return None,
    };
    let generic = match modifier {
        "~" | "~*" => generic_php_regex(pattern),
        "" | "^~" => !pattern.starts_with('@'),
        _ => false,
    };
    if !generic {
        return None;
    }
    let from_uri = super::uri_script_filename(tree, scope).is_some();
    if !from_uri || tree.effective(scope, "try_files").is_some() {
        return None;
    }
    // `if (!-f $request_filename) { return 404; }` and the like.
    let checked = tree
        .ancestry(scope)
        .take_while(|s| *s != tree.scope(loc).parent().unwrap_or(loc))
        .any(|s| {
            tree.own(s, "if").iter().any(|i| {
                tree.dir(*i).args.iter().any(|a| {
                    matches!(
                        a.value.trim_matches(['(', ')']),
                        "!-f" | "-f" | "!-e" | "-e"
                    )
                })
            })
        });
    (!checked && !guarded_before_matching(tree, loc)).then_some(loc)
}

/// `if (!-e $request_filename) { rewrite ^ /index.php last; }` in the server
/// (or an enclosing location): a missing file is rewritten or refused before
/// this location is chosen, so `/uploads/a.jpg/x.php` never reaches it as such.
fn guarded_before_matching(tree: &NginxTree, loc: ScopeId) -> bool {
    let Some(parent) = tree.scope(loc).parent() else {
        return false;
    };
    tree.ancestry(parent).any(|s| {
        tree.own(s, "if").iter().any(|i| {
            let d = tree.dir(*i);
            let tests_missing = d
                .args
                .iter()
                .any(|a| matches!(a.value.trim_matches(['(', ')']), "!-f" | "!-e"));
            let of_request = d
                .args
                .iter()
                .any(|a| a.value.trim_matches(['(', ')']) == "$request_filename");
            let acts = tree.block_of(*i).is_some_and(|b| {
                !tree.own(b, "rewrite").is_empty() || !tree.own(b, "return").is_empty()
            });
            tests_missing && of_request && acts
        })
    })
}

/// True for a regex that mentions php and lets any path come before the
/// script name (`\.php$`, `\.php(/|$)`, `^(.+\.php)(/.+)$`), as opposed to one
/// naming scripts (`^/(index|app)\.php(/|$)`).
fn generic_php_regex(pattern: &str) -> bool {
    let lower = pattern.to_ascii_lowercase();
    let Some(at) = lower.find("php") else {
        return false;
    };
    let before = &lower[..at];
    let Some(rest) = before.strip_prefix("^/") else {
        return true;
    };
    // After `^/`, only names, alternations and escaped dots: specific scripts.
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if chars.next() != Some('.') {
                    return true;
                }
            }
            c if c.is_ascii_alphanumeric() || "_-/|()?:".contains(c) => {}
            _ => return true,
        }
    }
    false
}

/// cgi.fix_pathinfo as PHP reads it (a boolean; PHP's default is on), with the
/// line that sets it.
pub(crate) fn fix_pathinfo(
    tree: &FpmTree,
    pool: &Pool,
) -> (bool, Option<crate::model::fpm::Setting>) {
    let s = pool
        .php_ini_value("cgi.fix_pathinfo")
        .or_else(|| tree.php_ini.as_ref()?.get("cgi.fix_pathinfo").cloned());
    let on = s.as_ref().is_none_or(|s| ini_bool(&s.value));
    (on, s)
}

/// `zend_ini_parse_bool`: on/yes/true, else a non-zero number.
fn ini_bool(v: &str) -> bool {
    let v = v.trim();
    ["on", "yes", "true"]
        .iter()
        .any(|t| v.eq_ignore_ascii_case(t))
        || units::atoi(v) != 0
}

/// The extensions a pool lets php-fpm run (`None`: every one).
fn limit_extensions(pool: &Pool) -> Option<Vec<String>> {
    let v = pool
        .get("security.limit_extensions")
        .map(|s| s.value)
        .unwrap_or_else(|| ".php .phar".into());
    let exts: Vec<String> = v.split_whitespace().map(str::to_string).collect();
    (!exts.is_empty()).then_some(exts)
}

/// Extensions that are PHP scripts by convention (`.php`, `.php7`, `.phtml`, `.phar`).
fn php_like(ext: &str) -> bool {
    let e = ext.to_ascii_lowercase();
    let e = e.trim_start_matches('.');
    e == "phar"
        || e == "phtml"
        || e.strip_prefix("php")
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
}

fn location_finding(
    project: &Project,
    tree: &NginxTree,
    loc: ScopeId,
    pass: DirId,
    pools: &[(usize, usize)],
) -> Option<Diagnostic> {
    // The pools that would run the fallback file, and what stops it.
    let mut fix_line = None;
    let mut any_on = pools.is_empty();
    // The first non-PHP extension a pool allows ("" when it allows every one).
    let mut widened: Option<String> = None;
    for (t, p) in pools {
        let tree = &project.fpm[*t];
        let pool = &tree.pools[*p];
        let (on, s) = fix_pathinfo(tree, pool);
        if on {
            any_on = true;
            fix_line = fix_line.or(s.and_then(|s| s.line_span()));
            if widened.is_none() {
                widened = match limit_extensions(pool) {
                    None => Some(String::new()),
                    Some(e) => e.into_iter().find(|x| !php_like(x)),
                };
            }
        }
    }
    if !any_on {
        return None;
    }
    let ldir = tree.scope(loc).dir()?;
    // A prefix location (`location /`) hands every URI to PHP-FPM as the script.
    let prefix = match &tree.dir(ldir).args[..] {
        [p] => Some(p.value.clone()),
        [m, p] if m.value == "^~" => Some(p.value.clone()),
        _ => None,
    };
    let outcome = match (&prefix, &widened) {
        (Some(p), Some(e)) if e.is_empty() => format!(
            "every file under {p} runs as PHP when requested: this location passes every URI to PHP-FPM as the script, so an uploaded image requested as /uploads/avatar.jpg runs as code"
        ),
        (Some(p), Some(e)) => format!(
            "an uploaded {e} file under {p} runs as PHP when requested: this location passes every URI to PHP-FPM as the script"
        ),
        (Some(p), None) => format!(
            "every URI under {p} goes to PHP-FPM as a script: static files get 403 \"Access denied.\", and /uploads/avatar.jpg/x.php makes PHP-FPM fall back to /uploads/avatar.jpg, which only security.limit_extensions keeps from running as PHP"
        ),
        (None, _) => String::new(),
    };
    let outcome = if !outcome.is_empty() {
        outcome
    } else {
        match &widened {
        Some(e) if e.is_empty() => {
            "an uploaded image requested as /uploads/avatar.jpg/x.php runs as PHP".to_string()
        }
        Some(e) => format!("an uploaded file requested as /uploads/file{e}/x.php runs as PHP"),
        None => "a request for /uploads/avatar.jpg/x.php makes PHP-FPM fall back to /uploads/avatar.jpg; only security.limit_extensions keeps it from running as PHP".to_string(),
        }
    };
    let mut d = Diagnostic::new(
        META.name,
        META.severity,
        outcome,
        Label::new(
            tree.dir(ldir).span,
            if prefix.is_some() {
                "passes every URI under it to PHP-FPM, whether the file exists or not"
            } else {
                "passes any URI ending in .php to PHP-FPM, whether the file exists or not"
            },
        ),
    )
    .with_label(Label::new(
        tree.dir(pass).span,
        "no try_files or file check before this",
    ));
    if let Some(l) = fix_line {
        d = d.with_label(Label::new(
            l,
            "cgi.fix_pathinfo is on: PHP-FPM walks back to the longest existing file",
        ));
    } else if pools.is_empty() {
        d = d.with_note("no php-fpm configuration was found beside it: PHP's default cgi.fix_pathinfo is 1 (on)");
    } else {
        d = d.with_note("cgi.fix_pathinfo is not set: PHP's default is 1 (on)");
    }
    if widened.is_none() {
        d = d.with_note("security.limit_extensions (.php .phar) answers such requests with 403 \"Access denied.\", but an uploaded .phar still runs");
    }
    Some(d.with_help(if prefix.is_some() {
        "serve files here with `try_files $uri $uri/ /index.php$is_args$args;` and pass PHP only from its own `location ~ \\.php$ { try_files $uri =404; ... }`; set cgi.fix_pathinfo=0 in php.ini"
    } else {
        "add `try_files $uri =404;` to this location (or `try_files $fastcgi_script_name =404;` after fastcgi_split_path_info), and set cgi.fix_pathinfo=0 in php.ini"
    }))
}

fn pool_finding(pool: &Pool) -> Option<Diagnostic> {
    let s = pool.settings.get("security.limit_extensions")?;
    let span = if s.value.trim().is_empty() {
        s.line_span()
    } else {
        s.value_span().or(s.line_span())
    }?;
    let exts: Vec<&str> = s.value.split_whitespace().collect();
    let (message, label) = if exts.is_empty() {
        (
            format!(
                "pool [{}] lets php-fpm run a file of any extension as PHP: an uploaded image or text file that reaches it runs as code",
                pool.name
            ),
            "empty: php-fpm checks no extension at all".to_string(),
        )
    } else {
        let extra: Vec<&str> = exts.iter().copied().filter(|e| !php_like(e)).collect();
        if extra.is_empty() {
            return None;
        }
        (
            format!(
                "pool [{}] lets php-fpm run {} files as PHP: an uploaded file with that extension that reaches it runs as code",
                pool.name,
                extra.join(" ")
            ),
            format!("{} are not PHP scripts", extra.join(" ")),
        )
    };
    Some(
        Diagnostic::new(META.name, META.severity, message, Label::new(span, label))
            .with_note("security.limit_extensions is php-fpm's last guard against nginx passing a non-PHP file (e.g. /uploads/x.jpg/y.php with cgi.fix_pathinfo=1)")
            .with_help("remove the line (the default is `.php .phar`) or list only PHP extensions"),
    )
}
