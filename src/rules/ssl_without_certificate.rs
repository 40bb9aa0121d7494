//! ssl-without-certificate: a `listen ... ssl` in an http server with no
//! `ssl_certificate` in effect. For the default server of the address nginx
//! refuses to start; for another server on it, visitors get the default server's
//! certificate.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::{DirId, NginxTree, ScopeId, ScopeKind};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "ssl-without-certificate",
    Severity::Error,
    Category::Startup,
    "`listen ... ssl` with no ssl_certificate in effect: nginx refuses to start, or serves another server's certificate",
    check = check
);

const REFUSAL: &str = "no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive";

/// The address a `listen` names, as nginx groups servers: a port alone is
/// `*:port`; the default port is 80.
fn address(arg: &str) -> String {
    if arg.starts_with("unix:") {
        return arg.to_string();
    }
    if arg.chars().all(|c| c.is_ascii_digit()) {
        return format!("*:{arg}");
    }
    if arg.starts_with('[') {
        return if arg.contains("]:") {
            arg.to_string()
        } else {
            format!("{arg}:80")
        };
    }
    if arg.contains(':') {
        arg.to_string()
    } else {
        format!("{arg}:80")
    }
}

struct Listen {
    server: ScopeId,
    dir: DirId,
    addr: String,
    ssl: bool,
    default: bool,
}

/// Whether the `listen` directive `d` has the parameter `flag` after its address.
fn has_flag(tree: &NginxTree, d: DirId, flag: &str) -> bool {
    tree.dir(d).args.iter().skip(1).any(|a| a.value == flag)
}

fn has_certificate(tree: &NginxTree, server: ScopeId) -> bool {
    tree.effective(server, "ssl_certificate").is_some()
        || tree
            .effective(server, "ssl_reject_handshake")
            .is_some_and(|d| tree.dir(d).arg(0) == Some("on"))
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for tree in &project.nginx {
        // A file included from elsewhere may get ssl_certificate from the http
        // block that includes it.
        if tree.root_kind != ScopeKind::Main {
            continue;
        }
        // Nothing to say of a tree where no listen says ssl (most): its
        // listens are not gathered.
        let says_ssl = |&d: &DirId| has_flag(tree, d, "ssl");
        if !tree
            .scopes_of(ScopeKind::Server)
            .any(|s| tree.own(s, "listen").iter().any(says_ssl))
        {
            continue;
        }
        let mut listens: Vec<Listen> = Vec::new();
        for server in tree.scopes_of(ScopeKind::Server) {
            for &dir in tree.own(server, "listen") {
                let d = tree.dir(dir);
                let Some(a) = d.arg(0) else { continue };
                if a.contains('$') {
                    continue;
                }
                listens.push(Listen {
                    server,
                    dir,
                    addr: address(a),
                    ssl: has_flag(tree, dir, "ssl"),
                    default: has_flag(tree, dir, "default_server")
                        || has_flag(tree, dir, "default"),
                });
            }
        }
        let default_of = |addr: &str| -> Option<&Listen> {
            let same: Vec<&Listen> = listens.iter().filter(|m| m.addr == addr).collect();
            same.iter().find(|m| m.default).or(same.first()).copied()
        };
        let mut done: Vec<ScopeId> = Vec::new();
        // nginx checks the default server of every address on which any listen
        // says ssl (`ngx_http_ssl_init`).
        let mut addrs: Vec<&str> = listens
            .iter()
            .filter(|l| l.ssl)
            .map(|l| l.addr.as_str())
            .collect();
        addrs.sort_unstable();
        addrs.dedup();
        for addr in addrs {
            let Some(l) = default_of(addr) else { continue };
            if done.contains(&l.server) || has_certificate(tree, l.server) {
                continue;
            }
            done.push(l.server);
            out.push(
                Diagnostic::error(
                    META.name,
                    format!("nginx refuses to start: `{REFUSAL}`: this server is the default one for {addr}, TLS is on for that address, and no ssl_certificate is in effect in the server or in http"),
                    Label::new(tree.dir(l.dir).span, "TLS is enabled for this address, with no certificate to present"),
                )
                .with_help("add `ssl_certificate` and `ssl_certificate_key` to this server (or to http), or remove `ssl` from the listen line; `ssl_reject_handshake on;` makes a catch-all TLS server that needs none"),
            );
        }
        for l in listens.iter().filter(|l| l.ssl) {
            if done.contains(&l.server) || has_certificate(tree, l.server) {
                continue;
            }
            done.push(l.server);
            let listen_span = tree.dir(l.dir).span;
            let mut d = Diagnostic::warning(
                META.name,
                format!("HTTPS visitors of this server get another server's certificate: no ssl_certificate is in effect here, so nginx presents the one of the default server for {}, and browsers refuse it unless that certificate also names this server", l.addr),
                Label::new(listen_span, "TLS is enabled here, with no certificate of its own"),
            );
            if let Some(m) = default_of(&l.addr) {
                d = d.with_label(Label::new(
                    tree.dir(m.dir).span,
                    "the default server for this address, whose certificate is presented",
                ));
            }
            let d = d
                .with_help("add `ssl_certificate` and `ssl_certificate_key` for this server's names")
                .with_note("a warning: whether the default server's certificate covers this server's names is in the certificate, not in the configuration");
            out.push(d);
        }
    }
}
