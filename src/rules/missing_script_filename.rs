//! missing-script-filename: a location that passes requests to PHP-FPM while its
//! effective `fastcgi_param` set has no SCRIPT_FILENAME, so PHP never learns which
//! script to run.

use std::collections::HashSet;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::{DirId, Entries, NginxTree, ScopeId, ScopeKind};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "missing-script-filename",
    Severity::Error,
    Category::Runtime,
    "fastcgi_pass without fastcgi_param SCRIPT_FILENAME: PHP answers 404 \"File not found.\" or an empty page",
    check = check
);

const HELP: &str = "include fastcgi.conf instead of fastcgi_params, or add `fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;`";

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for (ti, tree) in project.nginx.iter().enumerate() {
        // One finding per parameter set (a set at the http level reaches many
        // locations).
        let mut seen: HashSet<ScopeId> = HashSet::new();
        for scope in tree.locations() {
            let Some(pass) = tree.own(scope, "fastcgi_pass").last().copied() else {
                continue;
            };
            if !for_php(project, ti, tree, scope, pass) {
                continue;
            }
            if tree
                .effective_entry(scope, "fastcgi_param", "SCRIPT_FILENAME")
                .is_some()
            {
                continue;
            }
            let params = tree.effective_entries(scope, "fastcgi_param");
            // An include fpmlint could not read may hold the parameters.
            let unknown = tree
                .ancestry(scope)
                .any(|s| tree.own(s, "include").iter().any(|&i| tree.is_unread(i)));
            // In a file no nginx.conf includes, an empty set may be filled by
            // the includer.
            if unknown || (params.level.is_none() && tree.root_kind != ScopeKind::Main) {
                continue;
            }
            if params.level.is_some_and(|l| !seen.insert(l)) {
                continue;
            }
            out.push(report(tree, pass, &params));
        }
    }
}

/// True when the location is meant for PHP: its pattern names php, it sets
/// `fastcgi_index` or `fastcgi_split_path_info`, or its pass reaches a php-fpm
/// pool. Other FastCGI servers (fcgiwrap, test servers) may need no
/// SCRIPT_FILENAME.
fn for_php(project: &Project, ti: usize, tree: &NginxTree, scope: ScopeId, pass: DirId) -> bool {
    let named = tree.ancestry(scope).any(|s| {
        let sc = tree.scope(s);
        sc.kind == ScopeKind::Location
            && sc.dir().is_some_and(|d| {
                tree.dir(d)
                    .args
                    .iter()
                    .any(|a| a.value.to_ascii_lowercase().contains("php"))
            })
    });
    named
        || tree.effective(scope, "fastcgi_index").is_some()
        || tree.effective(scope, "fastcgi_split_path_info").is_some()
        || project
            .links()
            .passes_of(ti, pass)
            .any(|p| p.targets.iter().any(|t| !t.reach.pools.is_empty()))
}

/// What the visitor gets, from the parameters PHP-FPM does receive (observed with
/// php-fpm 8.2).
fn outcome(params: &Entries) -> &'static str {
    if params.get("SCRIPT_NAME").is_some() {
        "every PHP request gets 404 \"File not found.\": php-fpm cannot find the script (nginx logs: FastCGI sent in stderr: \"Primary script unknown\")"
    } else {
        "every PHP request gets an empty 200 page: with neither SCRIPT_FILENAME nor SCRIPT_NAME, PHP-FPM runs no script and nginx logs no error"
    }
}

fn report(tree: &NginxTree, pass: DirId, params: &Entries) -> Diagnostic {
    let pass_label = Label::new(tree.dir(pass).span, "requests go to PHP-FPM here");
    let Some(level) = params.level else {
        return Diagnostic::new(
            META.name,
            META.severity,
            outcome(params),
            pass_label.clone(),
        )
        .with_note("no fastcgi_param reaches this location: nginx sends PHP-FPM no script path")
        .with_help(HELP);
    };
    let first = params.by_name.values().min().copied().unwrap_or(pass);
    // The include that brought the set in, when it came from a file.
    let include = Some(tree.written_in(first, level)).filter(|i| *i != first);
    let primary = match include {
        Some(i) => Label::new(
            tree.dir(i).span,
            format!(
                "the fastcgi_param set here ({}) has no SCRIPT_FILENAME",
                count(params)
            ),
        ),
        None => Label::new(
            tree.dir(first).span,
            format!(
                "the fastcgi_param set of this block ({}) has no SCRIPT_FILENAME",
                count(params)
            ),
        ),
    };
    let mut d =
        Diagnostic::new(META.name, META.severity, outcome(params), primary).with_label(pass_label);
    // An outer level had SCRIPT_FILENAME, and this level's own set replaced it.
    let outer = tree
        .scope(level)
        .parent()
        .and_then(|p| tree.effective_entry(p, "fastcgi_param", "SCRIPT_FILENAME"));
    if let Some(o) = outer {
        d = d
            .with_label(Label::new(
                tree.dir(o).span,
                "not inherited: a block with any fastcgi_param of its own drops every outer one",
            ))
            .with_help("repeat `fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;` in the inner block (or include fastcgi.conf there)");
    } else {
        if include.is_some_and(|i| {
            tree.dir(i)
                .arg(0)
                .is_some_and(|a| a.ends_with("fastcgi_params"))
        }) {
            d = d.with_note("fastcgi_params, unlike fastcgi.conf, does not set SCRIPT_FILENAME");
        }
        d = d.with_help(HELP);
    }
    d
}

fn count(params: &Entries) -> String {
    match params.by_name.len() {
        1 => "1 parameter".into(),
        n => format!("{n} parameters"),
    }
}
