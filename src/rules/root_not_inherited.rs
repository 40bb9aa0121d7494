//! root-not-inherited: `root` set only inside some locations of a server, while
//! another location of it uses the document root (try_files, a file test, a
//! SCRIPT_FILENAME built from `$document_root`) with none in effect: that one
//! works on nginx's compiled-in default root.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::{DirId, NginxTree, ScopeId, ScopeKind};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "root-not-inherited",
    Severity::Error,
    Category::Runtime,
    "root set only in a sibling location: this location uses nginx's compiled-in default root (\"File not found.\", static files answered by the fallback)",
    check = check
);

/// Whether a location uses its document root, and how.
enum Use {
    /// A fastcgi_pass whose SCRIPT_FILENAME is built from the root.
    Script(DirId, DirId),
    /// try_files, or `if (-f ...)`.
    Files(DirId),
}

fn uses_root(tree: &NginxTree, loc: ScopeId) -> Option<Use> {
    if let Some(pass) = tree.own(loc, "fastcgi_pass").last().copied() {
        let sf = tree.effective_entry(loc, "fastcgi_param", "SCRIPT_FILENAME")?;
        let v = tree.dir(sf).arg(1)?;
        return ["$document_root", "$realpath_root", "$request_filename"]
            .iter()
            .any(|x| v.contains(x))
            .then_some(Use::Script(pass, sf));
    }
    if let Some(t) = tree.own(loc, "try_files").last().copied() {
        return Some(Use::Files(t));
    }
    tree.own(loc, "if")
        .iter()
        .copied()
        .find(|i| {
            tree.dir(*i).args.iter().any(|a| {
                matches!(
                    a.value.trim_matches(['(', ')']),
                    "!-f" | "-f" | "!-e" | "-e" | "-d" | "!-d"
                )
            })
        })
        .map(Use::Files)
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for (ti, tree) in project.nginx.iter().enumerate() {
        // A file included from elsewhere may get its root from the includer.
        if tree.root_kind != ScopeKind::Main {
            continue;
        }
        for server in tree.scopes_of(ScopeKind::Server) {
            if tree.effective(server, "root").is_some() {
                continue;
            }
            let locations: Vec<ScopeId> = tree
                .scopes_of(ScopeKind::Location)
                .filter(|l| tree.server_of(*l) == Some(server))
                .collect();
            // The roots set in locations of this server.
            let set: Vec<(ScopeId, DirId)> = locations
                .iter()
                .filter_map(|l| tree.own(*l, "root").last().map(|d| (*l, *d)))
                .collect();
            let Some(&(_, root_dir)) = set.first() else {
                continue;
            };
            let root_value = tree.dir(root_dir).arg(0).unwrap_or("").to_string();
            for &loc in &locations {
                if tree.effective(loc, "root").is_some() || tree.effective(loc, "alias").is_some() {
                    continue;
                }
                // php-fpm's own pages need no root.
                if let Some(pass) = tree.own(loc, "fastcgi_pass").last().copied() {
                    let pools = super::pools_reached(project, ti, pass);
                    if super::fpm_page_location(project, tree, loc, &pools) {
                        continue;
                    }
                }
                let Some(usage) = uses_root(tree, loc) else {
                    continue;
                };
                let Some(ldir) = tree.scope(loc).dir() else {
                    continue;
                };
                let d = match usage {
                    Use::Script(pass, sf) => Diagnostic::error(
                        META.name,
                        format!("every PHP request here gets 404 \"File not found.\": `root {root_value}` is set only in another location, so here $document_root is nginx's compiled-in default (html under its prefix, /usr/share/nginx/html on Debian) and php-fpm answers `Primary script unknown`"),
                        Label::new(tree.dir(ldir).span, "no root in effect in this location"),
                    )
                    .with_label(Label::new(tree.dir(sf).span, "the script path is built from the default root"))
                    .with_label(Label::new(tree.dir(pass).span, "PHP requests go here")),
                    Use::Files(t) => Diagnostic::warning(
                        META.name,
                        format!("requests here look for files under nginx's compiled-in default root (html under its prefix, /usr/share/nginx/html on Debian), not under {root_value}: `root {root_value}` is set only in another location, so the site's static files are not found and go to the fallback (index.php answers them)"),
                        Label::new(tree.dir(ldir).span, "no root in effect in this location"),
                    )
                    .with_label(Label::new(tree.dir(t).span, "checks files under the default root"))
                    .with_note("a warning: what the fallback does with a static file's URL is the application's; nginx's default page answers `/` itself"),
                };
                out.push(
                    d.with_label(Label::new(
                        tree.dir(root_dir).span,
                        "set here, for this location and the ones inside it only",
                    ))
                    .with_help(format!("move `root {root_value};` up into the server block, so every location inherits it")),
                );
            }
        }
    }
}
