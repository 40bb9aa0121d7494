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

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for tree in &project.nginx {
        let unread = tree.unread_includes();
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
                let Some(parent) = tree.scope(scope).parent else {
                    continue;
                };
                // An include fpmlint could not read may hold the missing entries.
                let unknown = tree
                    .ancestry(scope)
                    .any(|s| tree.own(s, "include").iter().any(|i| unread.contains(i)));
                if unknown {
                    continue;
                }
                let outer = tree.effective_entries(parent, name);
                let Some(outer_level) = outer.level else {
                    continue;
                };
                let inner = tree.effective_entries(scope, name);
                let dropped: Vec<(&String, DirId)> = outer
                    .by_name
                    .iter()
                    .filter(|(k, _)| !inner.by_name.contains_key(*k))
                    .map(|(k, d)| (k, *d))
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
    dropped: &[(&String, DirId)],
) -> Diagnostic {
    let here = level_name(&tree.scope(scope).kind);
    let there = level_name(&tree.scope(outer_level).kind);
    // Entries are shown as written (header names keep their case).
    let shown: Vec<String> = dropped
        .iter()
        .take(LISTED)
        .map(|(_, d)| tree.dir(*d).arg(0).unwrap_or("").to_string())
        .collect();
    let mut list = shown.join(", ");
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
    let mut d = Diagnostic::new(
        META.name,
        META.severity,
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
    d.with_note(format!(
        "nginx inherits {name} only into blocks that have none of their own: the {what} of the {there} level are dropped here, not merged"
    ))
    .with_help(format!(
        "repeat the dropped {name} lines in this {here}, or move the shared ones into a file included at both levels"
    ))
}
