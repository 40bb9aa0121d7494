//! php-source-exposed: a server that expects PHP (`index index.php`, a
//! `try_files` falling back to a .php script) where no location passes requests
//! to PHP-FPM or another upstream: nginx serves the PHP files themselves.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::{DirId, NginxTree, ScopeId, ScopeKind};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "php-source-exposed",
    Severity::Warning,
    Category::Security,
    "a server expects index.php but nothing passes .php to PHP-FPM: the PHP source is served as a file",
    check = check
);

/// Directives that hand a request to something that can run PHP.
const PASSES: &[&str] = &[
    "fastcgi_pass",
    "proxy_pass",
    "uwsgi_pass",
    "scgi_pass",
    "grpc_pass",
];

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for tree in &project.nginx {
        // Every scope of each server.
        let mut members: HashMap<ScopeId, Vec<ScopeId>> = HashMap::new();
        for i in 0..tree.scopes.len() as u32 {
            let s = ScopeId(i);
            if let Some(server) = tree.server_of(s) {
                members.entry(server).or_default().push(s);
            }
        }
        let mut servers: Vec<_> = members.into_iter().collect();
        servers.sort();
        for (server, scopes) in servers {
            // Server-level lines of a file included into a server elsewhere: the
            // PHP location may be in the including server.
            if tree.scope(server).dir().is_none() {
                continue;
            }
            let own = |name: &'static str| scopes.iter().flat_map(move |s| tree.own(*s, name));
            if scopes
                .iter()
                .any(|s| tree.own(*s, "include").iter().any(|&i| tree.is_unread(i)))
            {
                continue;
            }
            if PASSES.iter().any(|p| own(p).next().is_some()) || php_refused(tree, &scopes) {
                continue;
            }
            let expects = own("index")
                .chain(own("try_files"))
                .find(|d| php_arg(tree, **d).is_some());
            if let Some(d) = expects {
                out.push(report(tree, server, *d));
            }
        }
    }
}

/// The argument naming a .php script (`index.php`, `/index.php?$args`).
fn php_arg(tree: &NginxTree, d: DirId) -> Option<&str> {
    tree.dir(d).args.iter().map(|a| a.value.as_str()).find(|v| {
        let path = v.split(['?', '$']).next().unwrap_or("");
        path.to_ascii_lowercase().ends_with(".php")
    })
}

/// A location about PHP that refuses the request (`deny all`, `return 403`):
/// the source is not served.
fn php_refused(tree: &NginxTree, scopes: &[ScopeId]) -> bool {
    scopes.iter().any(|s| {
        let sc = tree.scope(*s);
        sc.kind == ScopeKind::Location
            && sc.dir().is_some_and(|d| {
                tree.dir(d)
                    .args
                    .iter()
                    .any(|a| a.value.to_ascii_lowercase().contains("php"))
            })
            && (!tree.own(*s, "deny").is_empty() || !tree.own(*s, "return").is_empty())
    })
}

fn report(tree: &NginxTree, server: ScopeId, d: DirId) -> Diagnostic {
    let script = php_arg(tree, d).unwrap_or("index.php");
    let script = script.split(['?', '$']).next().unwrap_or(script);
    let mut diag = Diagnostic::new(
        META.name,
        META.severity,
        format!(
            "PHP files are served as plain files: a request for {} returns its source code, with any password it holds",
            if script.starts_with('/') { script.to_string() } else { format!("/{script}") }
        ),
        Label::new(
            tree.dir(d).span,
            format!("this server expects PHP ({script})"),
        ),
    );
    if let Some(s) = tree.scope(server).dir() {
        diag = diag.with_label(Label::new(
            tree.dir(s).span,
            "no location of this server passes requests to PHP-FPM",
        ));
    }
    diag.with_note("nginx serves a .php file like any other: with the types of mime.types, it goes out as application/octet-stream (a download) or whatever default_type says")
        .with_help("add a PHP location: `location ~ \\.php$ { try_files $uri =404; include fastcgi.conf; fastcgi_pass unix:/run/php/php8.2-fpm.sock; }`")
}
