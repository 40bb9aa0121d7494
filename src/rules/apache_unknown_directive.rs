//! apache-unknown-directive: a directive of a module the configuration does not
//! load, outside any `<IfModule>` that would skip it: Apache refuses to start.

use crate::diag::{Diagnostic, Label};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "apache-unknown-directive",
    crate::diag::Severity::Error,
    Category::Startup,
    "a directive whose module is not loaded: Apache refuses to start (`Invalid command`)",
    check = check
);

/// Directives of the modules PHP sites use, with the module that provides them
/// (symbol, the name `a2enmod` takes). Core and built-in modules are left out.
const PROVIDED: &[(&str, &str, &[&str])] = &[
    (
        "proxy_module",
        "proxy",
        &[
            "ProxyPass",
            "ProxyPassMatch",
            "ProxyPassReverse",
            "ProxyPreserveHost",
            "ProxyRequests",
            "ProxyTimeout",
            "ProxySet",
            "ProxyErrorOverride",
            "ProxyAddHeaders",
            "BalancerMember",
        ],
    ),
    (
        "proxy_fcgi_module",
        "proxy_fcgi",
        &["ProxyFCGIBackendType", "ProxyFCGISetEnvIf"],
    ),
    (
        "rewrite_module",
        "rewrite",
        &[
            "RewriteEngine",
            "RewriteRule",
            "RewriteCond",
            "RewriteBase",
            "RewriteMap",
            "RewriteOptions",
        ],
    ),
    (
        "ssl_module",
        "ssl",
        &[
            "SSLEngine",
            "SSLCertificateFile",
            "SSLCertificateKeyFile",
            "SSLCertificateChainFile",
            "SSLProtocol",
            "SSLCipherSuite",
            "SSLHonorCipherOrder",
            "SSLProxyEngine",
        ],
    ),
    ("headers_module", "headers", &["Header", "RequestHeader"]),
    (
        "remoteip_module",
        "remoteip",
        &[
            "RemoteIPHeader",
            "RemoteIPInternalProxy",
            "RemoteIPTrustedProxy",
            "RemoteIPInternalProxyList",
            "RemoteIPTrustedProxyList",
        ],
    ),
    (
        "setenvif_module",
        "setenvif",
        &[
            "SetEnvIf",
            "SetEnvIfNoCase",
            "SetEnvIfExpr",
            "BrowserMatch",
            "BrowserMatchNoCase",
        ],
    ),
    (
        "expires_module",
        "expires",
        &["ExpiresActive", "ExpiresByType", "ExpiresDefault"],
    ),
    (
        "php_module",
        "php8.2",
        &["php_value", "php_flag", "php_admin_value", "php_admin_flag"],
    ),
    (
        "alias_module",
        "alias",
        &[
            "Alias",
            "AliasMatch",
            "Redirect",
            "RedirectMatch",
            "RedirectPermanent",
            "RedirectTemp",
            "ScriptAlias",
            "ScriptAliasMatch",
        ],
    ),
    (
        "dir_module",
        "dir",
        &["DirectoryIndex", "DirectorySlash", "FallbackResource"],
    ),
    ("env_module", "env", &["SetEnv", "UnsetEnv", "PassEnv"]),
    (
        "mime_module",
        "mime",
        &[
            "AddType",
            "AddHandler",
            "AddOutputFilter",
            "TypesConfig",
            "RemoveHandler",
        ],
    ),
];

/// The PHP 8 module is loaded under other symbols by older packages.
fn loaded(tree: &crate::model::apache::ApacheTree, symbol: &str) -> bool {
    tree.loaded(symbol)
        || (symbol == "php_module" && (tree.loaded("php7_module") || tree.loaded("php5_module")))
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    // A fragment's loaded modules are unknown: nothing to judge them by.
    for tree in project.apache.iter().filter(|t| !t.ctx.fragment) {
        // No MPM: a partial copy whose modules fpmlint cannot know.
        if !tree.modules.iter().any(|m| m.symbol.starts_with("mpm_")) {
            continue;
        }
        // httpd stops at the first one: report each missing module once.
        let mut seen: Vec<&str> = Vec::new();
        for (d, _) in &tree.directives {
            let Some((symbol, a2, name)) = PROVIDED.iter().find_map(|(sym, a2, names)| {
                names.iter().find(|n| d.is(n)).map(|n| (*sym, *a2, *n))
            }) else {
                continue;
            };
            if loaded(tree, symbol) || seen.contains(&symbol) {
                continue;
            }
            seen.push(symbol);
            let module = format!("mod_{}", symbol.trim_end_matches("_module"));
            out.push(
                Diagnostic::error(
                    META.name,
                    format!(
                        "Apache refuses to start: `Invalid command '{}', perhaps misspelled or defined by a module not included in the server configuration`: {name} belongs to {module}, which is not loaded",
                        d.name()
                    ),
                    Label::new(d.name.span, format!("needs {module}")),
                )
                .with_help(format!(
                    "load {module} (Debian: `a2enmod {a2}`; elsewhere `LoadModule {symbol} modules/{module}.so`), or wrap the directive in `<IfModule {symbol}>`"
                ))
                .with_note(format!(
                    "`apachectl -t` fails with `AH00526: Syntax error on line N of FILE:` and this message; a reload keeps the old configuration (read from {})",
                    project.sources.get(tree.entry).name
                )),
            );
        }
    }
}
