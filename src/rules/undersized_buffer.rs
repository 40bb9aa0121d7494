//! undersized-buffer: the effective `fastcgi_buffer_size` or `proxy_buffer_size`
//! of a location that passes requests upstream is below a threshold, so response
//! headers that outgrow it end in `upstream sent too big header` and a 502.

use std::collections::HashSet;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::{size_text, DirId, NginxTree};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "undersized-buffer",
    Severity::Error,
    Category::Runtime,
    "fastcgi_buffer_size or proxy_buffer_size below the threshold: larger response headers get 502 Bad Gateway",
    check = check
);

/// `ngx_pagesize`: the default buffer size.
const PAGE: u64 = 4096;

/// Below this (1k or less), ordinary responses of common PHP applications do not
/// fit: with nginx 1.22 and php-fpm 8.2, a WordPress login and Nextcloud's login
/// page get 502 at 1k, and a Laravel page with its session and CSRF cookies keeps
/// a few bytes to spare (rules/undersized-buffer.md).
const ORDINARY_HEADERS: u64 = 1025;

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    let min = project.options.min_buffer_size;
    for tree in &project.nginx {
        // One finding per directive (or, for the default, per pass).
        let mut seen: HashSet<DirId> = HashSet::new();
        for scope in tree.locations() {
            for prefix in ["fastcgi", "proxy"] {
                let Some(pass) = tree.own(scope, &format!("{prefix}_pass")).last() else {
                    continue;
                };
                let bs = tree.effective_size(scope, &format!("{prefix}_buffer_size"), PAGE);
                // An unreadable value is invalid-value's.
                let Some(value) = bs.value else { continue };
                if value >= min || !seen.insert(bs.dir.unwrap_or(*pass)) {
                    continue;
                }
                out.push(report(tree, prefix, *pass, bs.dir, value, min));
            }
        }
    }
}

fn report(
    tree: &NginxTree,
    prefix: &str,
    pass: DirId,
    dir: Option<DirId>,
    value: u64,
    min: u64,
) -> Diagnostic {
    let upstream = if prefix == "fastcgi" {
        "PHP-FPM (or the FastCGI server)"
    } else {
        "the proxied server"
    };
    let certain = value < ORDINARY_HEADERS;
    let severity = if certain {
        Severity::Error
    } else {
        Severity::Warning
    };
    let message = if certain {
        format!(
            "ordinary responses of common PHP applications get 502 Bad Gateway: their headers (a WordPress login, Nextcloud's login page) do not fit in {}, and nginx logs \"upstream sent too big header while reading response header from upstream\"",
            size_text(value)
        )
    } else {
        format!(
            "a response whose headers exceed {} gets 502 Bad Gateway: nginx logs \"upstream sent too big header while reading response header from upstream\"",
            size_text(value)
        )
    };
    let pass_label = Label::new(
        tree.dir(pass).span,
        format!("responses from {upstream} are read here"),
    );
    let mut d = match dir {
        Some(b) => Diagnostic::new(
            META.name,
            severity,
            message,
            Label::new(
                tree.dir(b).span,
                format!(
                    "every response header block must fit in {}, below the {} threshold",
                    size_text(value),
                    size_text(min)
                ),
            ),
        )
        .with_label(pass_label),
        None => Diagnostic::new(
            META.name,
            severity,
            message,
            Label::new(
                tree.dir(pass).span,
                format!(
                    "{prefix}_buffer_size is nginx's default here ({}, one memory page), below the {} threshold",
                    size_text(value),
                    size_text(min)
                ),
            ),
        ),
    };
    d = d.with_note(if certain {
        "measured with nginx 1.22 and php-fpm 8.2: at 1k a WordPress login (three auth cookies) and Nextcloud's login page (its Content-Security-Policy and four cookies) get 502; a Laravel page with its session and CSRF cookies fits, with a few dozen bytes to spare".to_string()
    } else {
        format!("whether a response outgrows {} depends on the application, which the configuration does not name: large cookies, single sign-on tokens, long Content-Security-Policy or Link headers and many Set-Cookie lines do", size_text(value))
    });
    let busy_ok = 2 * min <= 7 * PAGE;
    d.with_help(if busy_ok {
        format!("set `{prefix}_buffer_size {};`", size_text(min))
    } else {
        format!(
            "set `{prefix}_buffer_size {};` together with `{prefix}_buffers 8 {};` (nginx refuses a buffer size whose double the buffers cannot hold)",
            size_text(min),
            size_text(min.div_ceil(2).max(PAGE))
        )
    })
}
