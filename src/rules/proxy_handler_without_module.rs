//! proxy-handler-without-module: a PHP handler (`SetHandler "proxy:..."`,
//! `ProxyPassMatch ... fcgi://`) while mod_proxy or mod_proxy_fcgi is not loaded.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::apache::{ApacheTree, Handler, HandlerForm};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "proxy-handler-without-module",
    Severity::Error,
    Category::Security,
    "a php-fpm handler while mod_proxy_fcgi is not loaded: Apache serves the PHP source, or refuses to start",
    check = check
);

const LOAD_HELP: &str = "load both modules (Debian: `a2enmod proxy_fcgi`, which enables proxy too; elsewhere `LoadModule proxy_module modules/mod_proxy.so` and `LoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so`)";

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    // A fragment's loaded modules are unknown: nothing to judge them by.
    for tree in project.apache.iter().filter(|t| !t.ctx.fragment) {
        // No MPM loaded: Apache cannot start at all, so this is a partial copy
        // (a repository without mods-enabled/): the module set is unknown.
        if !tree.modules.iter().any(|m| m.symbol.starts_with("mpm_")) {
            continue;
        }
        // mod_php serves PHP itself: a php-fpm handler its guard drops is by design.
        let mod_php =
            tree.loaded("php_module") || tree.loaded("php7_module") || tree.loaded("php5_module");
        let proxy = tree.loaded("proxy_module");
        let fcgi = tree.loaded("proxy_fcgi_module");
        for h in &tree.handlers {
            let d = match &h.skipped_by {
                Some((open, test)) => {
                    if mod_php || (proxy && fcgi) || !guards_proxy(test) {
                        continue;
                    }
                    skipped(project, tree, h, *open, test)
                }
                None if proxy && fcgi => continue,
                None => match h.form {
                    HandlerForm::SetHandler => source_served(project, tree, h, proxy),
                    HandlerForm::ProxyPass if !proxy => refuses_to_start(project, tree, h),
                    HandlerForm::ProxyPass => no_protocol_handler(project, tree, h),
                },
            };
            out.push(d);
        }
    }
}

/// A failing `<IfModule proxy_fcgi_module>` (or `mod_proxy.c`...): a test on the
/// modules the handler needs.
fn guards_proxy(test: &str) -> bool {
    let t = test.to_ascii_lowercase();
    let operand = t
        .trim_start_matches('<')
        .trim_end_matches('>')
        .split_whitespace()
        .nth(1)
        .unwrap_or("");
    !operand.starts_with('!') && operand.contains("proxy")
}

fn missing(tree: &ApacheTree) -> &'static str {
    if tree.loaded("proxy_module") {
        "mod_proxy_fcgi is not loaded"
    } else if tree.loaded("proxy_fcgi_module") {
        "mod_proxy is not loaded"
    } else {
        "neither mod_proxy nor mod_proxy_fcgi is loaded"
    }
}

fn main_note(project: &Project, tree: &ApacheTree) -> String {
    format!(
        "fpmlint read every LoadModule of the configuration from {} (and the files it includes)",
        project.sources.get(tree.entry).name
    )
}

fn skipped(
    project: &Project,
    tree: &ApacheTree,
    h: &Handler,
    open: crate::source::Span,
    test: &str,
) -> Diagnostic {
    Diagnostic::error(
        META.name,
        format!(
            "PHP files are sent as their source code (200, no PHP run): {}, so `{test}` is false and Apache drops this handler; the core handler serves .php files as static files",
            missing(tree)
        ),
        Label::new(h.span, "dropped: the section around it is skipped"),
    )
    .with_label(Label::new(open, "false: the module is not loaded"))
    .with_help(LOAD_HELP)
    .with_note("Apache starts and logs nothing: `apachectl -t` says `Syntax OK`")
    .with_note(main_note(project, tree))
}

fn source_served(project: &Project, tree: &ApacheTree, h: &Handler, proxy: bool) -> Diagnostic {
    let why = if proxy {
        "mod_proxy takes the handler, finds no module for the fcgi scheme and declines"
    } else {
        "no module takes `proxy:` handlers"
    };
    Diagnostic::error(
        META.name,
        format!(
            "PHP files are sent as their source code (200, no PHP run): {}: {why}, and the core handler serves the .php file as a static file",
            missing(tree)
        ),
        Label::new(h.span, "no module handles this"),
    )
    .with_help(LOAD_HELP)
    .with_note("Apache starts and logs nothing: SetHandler is a core directive, so `apachectl -t` says `Syntax OK`")
    .with_note(main_note(project, tree))
}

fn refuses_to_start(project: &Project, tree: &ApacheTree, h: &Handler) -> Diagnostic {
    let name = project
        .sources
        .get(h.line.file)
        .slice(h.line)
        .split_whitespace()
        .next()
        .unwrap_or("ProxyPassMatch")
        .to_string();
    Diagnostic::error(
        META.name,
        format!(
            "Apache refuses to start: `Invalid command '{name}', perhaps misspelled or defined by a module not included in the server configuration`: {name} belongs to mod_proxy, which is not loaded"
        ),
        Label::new(h.line, "needs mod_proxy"),
    )
    .with_help(LOAD_HELP)
    .with_note(main_note(project, tree))
}

fn no_protocol_handler(project: &Project, tree: &ApacheTree, h: &Handler) -> Diagnostic {
    Diagnostic::error(
        META.name,
        "every PHP request here gets 500 Internal Server Error: mod_proxy_fcgi is not loaded; Apache logs `AH01144: No protocol handler was valid for the URL ... (scheme 'fcgi'). If you are using a DSO version of mod_proxy, make sure the proxy submodules are included in the configuration using LoadModule.`",
        Label::new(h.span, "no module handles fcgi://"),
    )
    .with_help(LOAD_HELP)
    .with_note(main_note(project, tree))
}
