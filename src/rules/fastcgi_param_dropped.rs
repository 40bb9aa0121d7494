//! fastcgi-param-dropped: a block that sets any `fastcgi_param`,
//! `proxy_set_header` or `add_header` of its own, and so drops every entry of the
//! outer level's set, when the outer set held entries the inner one lacks.

use std::collections::HashSet;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::{DirId, NginxTree, ScopeId, ScopeKind};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "fastcgi-param-dropped",
    Severity::Warning,
    Category::Runtime,
    "a block's own fastcgi_param, proxy_set_header or add_header silently drops every one set at the outer level",
    check = check
);

/// The array directive, the pass it feeds (None: every response), and what the
/// entries are called.
const ARRAYS: &[(&str, Option<&str>, &str)] = &[
    ("fastcgi_param", Some("fastcgi_pass"), "FastCGI parameters"),
    ("proxy_set_header", Some("proxy_pass"), "request headers"),
    ("add_header", None, "response headers"),
];

/// Dropped entries named in the message, at most.
const LISTED: usize = 6;

/// Why a dropped entry matters, or that it does not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Weight {
    Matters(&'static str),
    /// Informational only: nothing reads it to decide anything.
    Cosmetic,
}

/// How much losing an entry of `directive` named `key` matters. Names not listed
/// are taken to matter (an application parameter, a header a client relies on).
fn weight(directive: &str, key: &str) -> Weight {
    let k = key.to_ascii_lowercase();
    match directive {
        "add_header" => match k.as_str() {
            "strict-transport-security"
            | "content-security-policy"
            | "content-security-policy-report-only"
            | "x-frame-options"
            | "x-content-type-options"
            | "referrer-policy"
            | "permissions-policy"
            | "feature-policy"
            | "cross-origin-opener-policy"
            | "cross-origin-embedder-policy"
            | "cross-origin-resource-policy"
            | "x-xss-protection"
            | "x-permitted-cross-domain-policies" => Weight::Matters("security headers"),
            k if k.starts_with("access-control-") => Weight::Matters("CORS headers"),
            "cache-control" | "expires" | "pragma" | "vary" => Weight::Matters("caching headers"),
            "x-powered-by" | "x-served-by" | "x-server" | "server" | "x-backend" | "x-host"
            | "x-hostname" | "x-node" | "x-upstream" | "x-cache" | "x-cache-status" | "via" => {
                Weight::Cosmetic
            }
            k if k.starts_with("x-debug") => Weight::Cosmetic,
            _ => Weight::Matters(""),
        },
        "fastcgi_param" => match key {
            "SCRIPT_FILENAME" => Weight::Matters("which script PHP runs"),
            "HTTPS" => {
                Weight::Matters("PHP sees plain http: redirect loops, cookies without Secure")
            }
            "GATEWAY_INTERFACE" | "SERVER_SOFTWARE" | "REDIRECT_STATUS" => Weight::Cosmetic,
            _ => Weight::Matters(""),
        },
        _ => Weight::Matters(""),
    }
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for tree in &project.nginx {
        for &(name, pass, what) in ARRAYS {
            // The levels whose set some pass actually uses.
            let used: Option<HashSet<ScopeId>> = pass.map(|p| {
                tree.locations()
                    .filter(|s| !tree.own(*s, p).is_empty())
                    .filter_map(|s| tree.effective_array(s, name).0)
                    .collect()
            });
            for scope in blocks(tree) {
                if tree.own(scope, name).is_empty()
                    || used.as_ref().is_some_and(|u| !u.contains(&scope))
                {
                    continue;
                }
                let Some(parent) = tree.scope(scope).parent() else {
                    continue;
                };
                // An include fpmlint could not read may hold the missing entries.
                let unknown = tree
                    .ancestry(scope)
                    .any(|s| tree.own(s, "include").iter().any(|&i| tree.is_unread(i)));
                if unknown {
                    continue;
                }
                let outer = tree.effective_entries(parent, name);
                let Some(outer_level) = outer.level else {
                    continue;
                };
                // nginx 1.29.3+: `add_header_inherit merge;` keeps the outer
                // headers, `off` drops them on purpose.
                if name == "add_header"
                    && tree
                        .effective(scope, "add_header_inherit")
                        .and_then(|d| tree.dir(d).arg(0))
                        .is_some_and(|v| v == "merge" || v == "off")
                {
                    continue;
                }
                let inner = tree.effective_entries(scope, name);
                let dropped: Vec<(&str, DirId)> = outer
                    .by_name
                    .iter()
                    .filter(|(k, _)| !inner.by_name.contains_key(*k))
                    .map(|(k, d)| (k.as_ref(), *d))
                    .collect();
                if dropped.is_empty() {
                    continue;
                }
                out.push(report(tree, scope, outer_level, name, pass, what, &dropped));
            }
        }
    }
}

/// The blocks nginx merges: servers, locations, `if` and `limit_except`.
fn blocks(tree: &NginxTree) -> impl Iterator<Item = ScopeId> + '_ {
    (0..tree.scopes.len() as u32).map(ScopeId).filter(|s| {
        matches!(
            tree.scope(*s).kind,
            ScopeKind::Server | ScopeKind::Location | ScopeKind::If | ScopeKind::LimitExcept
        )
    })
}

fn level_name(kind: &ScopeKind) -> &'static str {
    match kind {
        ScopeKind::Http => "http",
        ScopeKind::Server => "server",
        ScopeKind::Location => "location",
        ScopeKind::If => "if",
        ScopeKind::LimitExcept => "limit_except",
        _ => "outer",
    }
}

fn report(
    tree: &NginxTree,
    scope: ScopeId,
    outer_level: ScopeId,
    name: &str,
    pass: Option<&str>,
    what: &str,
    dropped: &[(&str, DirId)],
) -> Diagnostic {
    let here = level_name(&tree.scope(scope).kind);
    let there = level_name(&tree.scope(outer_level).kind);
    // Entries are shown as written (header names keep their case), those that
    // matter first, each with why.
    let mut weighed: Vec<(String, Weight)> = dropped
        .iter()
        .map(|(_, d)| {
            let k = tree.dir(*d).arg(0).unwrap_or("").to_string();
            let w = weight(name, &k);
            (k, w)
        })
        .collect();
    // Named reasons first, grouped; plain entries next; informational last.
    weighed.sort_by_key(|(_, w)| match w {
        Weight::Matters(why) if !why.is_empty() => (0, *why),
        Weight::Matters(_) => (1, ""),
        Weight::Cosmetic => (2, ""),
    });
    let cosmetic_only = weighed.iter().all(|(_, w)| *w == Weight::Cosmetic);
    let listed = &weighed[..weighed.len().min(LISTED)];
    let mut shown: Vec<String> = Vec::new();
    let mut i = 0;
    while i < listed.len() {
        let w = listed[i].1;
        let mut j = i;
        while j < listed.len() && listed[j].1 == w {
            j += 1;
        }
        let names: Vec<&str> = listed[i..j].iter().map(|(k, _)| k.as_str()).collect();
        shown.push(match w {
            Weight::Matters(why) if !why.is_empty() => format!("{} ({why})", names.join(", ")),
            _ => names.join(", "),
        });
        i = j;
    }
    let mut list = shown.join("; ");
    if dropped.len() > LISTED {
        list.push_str(&format!(" and {} more", dropped.len() - LISTED));
    }
    let message = match pass {
        Some("fastcgi_pass") => format!(
            "requests passed to PHP-FPM from this {here} lack the FastCGI parameters set at the {there} level: {list}"
        ),
        Some(_) => format!(
            "requests proxied from this {here} lack the headers set at the {there} level: {list}"
        ),
        None => format!(
            "responses from this {here} lack the headers added at the {there} level: {list}"
        ),
    };
    let first = tree.own(scope, name)[0];
    let written = tree.written_in(first, scope);
    let severity = if cosmetic_only {
        Severity::Info
    } else {
        Severity::Warning
    };
    let mut d = Diagnostic::new(
        META.name,
        severity,
        message,
        Label::new(
            tree.dir(written).span,
            format!("this {here}'s own {name} lines start here: they replace every {name} of the {there} level"),
        ),
    );
    for (_, o) in dropped.iter().take(3) {
        d = d.with_label(Label::new(
            tree.dir(*o).span,
            format!("not applied in that {here}"),
        ));
    }
    if cosmetic_only {
        d = d.with_note(
            "only informational entries are dropped: nothing reads them to decide anything",
        );
    }
    d.with_note(format!(
        "nginx inherits {name} only into blocks that have none of their own: the {what} of the {there} level are dropped here, not merged"
    ))
    .with_help(if name == "add_header" {
        format!("repeat the dropped add_header lines in this {here}, or move the shared ones into a file included at both levels (on nginx 1.29.3 or later, `add_header_inherit merge;` in this {here} keeps them)")
    } else {
        format!("repeat the dropped {name} lines in this {here}, or move the shared ones into a file included at both levels")
    })
}
