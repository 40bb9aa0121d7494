//! Cross-file rules: nginx <-> php-fpm relations behind 502s.
//!
//! Declare each rule module here with `#[path = "<name>.rs"] pub mod <name>;`
//! and list it in `RULES`. The helpers below are shared by these rules: they read
//! the links of [`crate::model::index`] and word labels and notes alike.

use super::Rule;

use crate::diag::Diagnostic;
use crate::model::fpm::{Endpoint, FpmTree, Pool};
use crate::model::index::{Listener, Pass, DEBIAN_DEFAULT_SOCKET};
use crate::model::nginx::{NginxTree, PassTarget, ScopeKind};
use crate::project::Project;
use crate::source::Span;

#[path = "fastcgi_pass_unmatched.rs"]
pub mod fastcgi_pass_unmatched;
#[path = "listen_collision.rs"]
pub mod listen_collision;
#[path = "pool_saturation.rs"]
pub mod pool_saturation;
#[path = "pool_unreachable.rs"]
pub mod pool_unreachable;
#[path = "script_filename_mismatch.rs"]
pub mod script_filename_mismatch;
#[path = "socket_in_private_tmp.rs"]
pub mod socket_in_private_tmp;
#[path = "socket_permission_denied.rs"]
pub mod socket_permission_denied;
#[path = "timeout_inversion.rs"]
pub mod timeout_inversion;
#[path = "unknown_account.rs"]
pub mod unknown_account;

pub static RULES: &[&dyn Rule] = &[
    &fastcgi_pass_unmatched::Check,
    &socket_permission_denied::Check,
    &pool_unreachable::Check,
    &timeout_inversion::Check,
    &socket_in_private_tmp::Check,
    &script_filename_mismatch::Check,
    &listen_collision::Check,
    &unknown_account::Check,
    &pool_saturation::Check,
];

/// True when the cross-file rules run (see [`Project::cross_file_skipped`]).
pub(crate) fn active(project: &Project) -> bool {
    project.cross_file_skipped().is_none()
}

/// The `fastcgi_pass` value's span (the directive's when it has no argument).
pub(crate) fn pass_span(project: &Project, pass: &Pass) -> Span {
    let d = project.nginx[pass.tree].dir(pass.dir);
    d.args.first().map_or(d.span, |a| a.span)
}

/// `unix:/path` or `host:port` as nginx writes it.
pub(crate) fn target_text(t: &PassTarget) -> String {
    match t {
        PassTarget::Unix { path } => format!("unix:{path}"),
        PassTarget::Inet { host, port } if host.contains(':') => format!("[{host}]:{port}"),
        PassTarget::Inet { host, port } => format!("{host}:{port}"),
        PassTarget::Name { name } => name.clone(),
        PassTarget::Variable { text } | PassTarget::Invalid { text, .. } => text.clone(),
    }
}

/// A pool endpoint in nginx's `fastcgi_pass` syntax.
pub(crate) fn endpoint_as_pass(e: &Endpoint) -> String {
    match e {
        Endpoint::Unix(p) => format!("unix:{p}"),
        Endpoint::Tcp { host: None, port } => format!("127.0.0.1:{port}"),
        Endpoint::Tcp {
            host: Some(h),
            port,
        } if h.contains(':') => format!("[{h}]:{port}"),
        Endpoint::Tcp {
            host: Some(h),
            port,
        } => format!("{h}:{port}"),
    }
}

/// A pool endpoint as the pool writes it, said in words.
pub(crate) fn endpoint_words(e: &Endpoint) -> String {
    match e {
        Endpoint::Unix(p) => format!("unix:{p}"),
        Endpoint::Tcp { host: None, port } => format!("port {port} on all interfaces"),
        Endpoint::Tcp {
            host: Some(h),
            port,
        } => format!("{h}:{port}"),
    }
}

/// `pool [www] (etc/php/8.2/fpm/pool.d/www.conf:41)`.
pub(crate) fn pool_at(project: &Project, pool: &Pool, span: Span) -> String {
    let f = project.sources.get(span.file);
    let (line, _) = f.line_col(span.start as usize);
    format!("pool [{}] ({}:{line})", pool.name, f.name)
}

/// The pool behind a listener.
pub(crate) fn pool_of<'p>(project: &'p Project, l: &Listener) -> (&'p FpmTree, &'p Pool) {
    let t = &project.fpm[l.tree];
    (t, &t.pools[l.pool])
}

/// Notes every finding about a pass carries: a fragment no nginx.conf includes,
/// a pool file no php-fpm.conf includes, Debian's version-independent socket.
pub(crate) fn context_notes(
    mut d: Diagnostic,
    project: &Project,
    pass: Option<&Pass>,
    listeners: &[&Listener],
) -> Diagnostic {
    if let Some(pass) = pass {
        let tree: &NginxTree = &project.nginx[pass.tree];
        if tree.root_kind != ScopeKind::Main {
            d = d.with_note(format!(
                "{} is not included by any nginx.conf fpmlint found: this applies once a server loads it",
                project.sources.get(tree.entry).name
            ));
        }
        let alias = pass.targets.iter().any(|t| t.reach.debian_alias);
        if alias {
            if let Some(l) = listeners.first() {
                let (_, pool) = pool_of(project, l);
                d = d.with_note(format!(
                    "unix:{DEBIAN_DEFAULT_SOCKET} is Debian's link to the default PHP version's www pool, here pool [{}] on {}",
                    pool.name,
                    endpoint_words(&l.listen.endpoint)
                ));
            }
        }
    }
    let mut seen = Vec::new();
    for l in listeners {
        let t = &project.fpm[l.tree];
        if t.fragment && !seen.contains(&l.tree) {
            seen.push(l.tree);
            d = d.with_note(format!(
                "{} is not included by any php-fpm.conf fpmlint found: this applies once php-fpm loads it",
                project.sources.get(t.entry).name
            ));
        }
    }
    d
}
