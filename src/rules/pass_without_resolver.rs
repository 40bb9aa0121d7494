//! pass-without-resolver: a `*_pass` with variables whose host can be a name
//! (not an IP address, a unix socket or an upstream), with no `resolver` in scope:
//! nginx resolves such names per request and, without a resolver, answers 502.

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::{parse_pass_target, DirId, NginxTree, PassTarget, ScopeKind};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "pass-without-resolver",
    Severity::Error,
    Category::Runtime,
    "a *_pass with variables that can name a host, and no resolver: nginx answers 502 Bad Gateway",
    check = check
);

const PASSES: &[&str] = &[
    "fastcgi_pass",
    "uwsgi_pass",
    "scgi_pass",
    "proxy_pass",
    "grpc_pass",
];

/// Variables whose value is a host name: the requested one, the server's, the
/// machine's.
const NAME_VARIABLES: &[&str] = &["host", "http_host", "server_name", "hostname"];

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    // In a file no nginx.conf includes, the includer may define the resolver.
    for tree in project.nginx_mains() {
        let values = variable_values(tree);
        let upstreams = upstream_hosts(tree);
        for id in tree.named(PASSES) {
            let dir = tree.dir(id);
            if dir.block.is_some() {
                continue;
            }
            if !matches!(
                tree.scope(dir.scope).kind,
                ScopeKind::Location | ScopeKind::If | ScopeKind::LimitExcept
            ) {
                continue;
            }
            let Some(arg) = dir.args.first().filter(|a| a.has_variables()) else {
                continue;
            };
            if tree.effective(dir.scope, "resolver").is_some() {
                continue;
            }
            let Some(found) = name_host(dir.name(), &arg.value, &values, &upstreams) else {
                continue;
            };
            out.push(report(tree, id, &found));
        }
    }
}

/// A host name the target can take, and where it comes from.
struct Found {
    host: String,
    /// The `set` or `map` line that gives it (None: a request variable).
    source: Option<DirId>,
    variable: Option<String>,
}

/// The part of the target that names the host: after a scheme, before a URI.
fn host_part<'a>(directive: &str, text: &'a str) -> &'a str {
    let rest = match text.find("://") {
        Some(i) => &text[i + 3..],
        None => text,
    };
    if directive == "fastcgi_pass" || directive == "scgi_pass" {
        return rest;
    }
    let mut host = rest.split(['/', '?']).next().unwrap_or("");
    // Variables that hold a URI (they start with `/` or `?`) end the host.
    for (start, _, name) in variables(host) {
        if URI_VARIABLES.contains(&name.as_str()) {
            host = &host[..start];
            break;
        }
    }
    host
}

/// Variables whose value is a URI or its arguments.
const URI_VARIABLES: &[&str] = &[
    "request_uri",
    "uri",
    "document_uri",
    "is_args",
    "args",
    "query_string",
];

/// Variable references in `s`: (start, end, name).
fn variables(s: &str) -> Vec<(usize, usize, String)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        let start = i;
        if b.get(i + 1) == Some(&b'{') {
            if let Some(close) = s[i + 2..].find('}') {
                out.push((start, i + 3 + close, s[i + 2..i + 2 + close].to_string()));
                i += 3 + close;
                continue;
            }
            break;
        }
        let mut j = i + 1;
        while j < b.len() && (b[j] == b'_' || b[j].is_ascii_alphanumeric()) {
            j += 1;
        }
        if j > i + 1 {
            out.push((start, j, s[i + 1..j].to_string()));
        }
        i = j.max(i + 1);
    }
    out
}

/// The literal values each variable is given by `set` and `map`, with the line.
fn variable_values(tree: &NginxTree) -> HashMap<String, Vec<(String, DirId)>> {
    let mut v: HashMap<String, Vec<(String, DirId)>> = HashMap::new();
    for id in tree.named(&["set", "map"]) {
        let d = tree.dir(id);
        if d.name() == "set" {
            if let (Some(var), Some(val)) = (d.arg(0), d.arg(1)) {
                if let Some(name) = var.strip_prefix('$') {
                    v.entry(name.to_string())
                        .or_default()
                        .push((val.to_string(), id));
                }
            }
        }
        if d.name() == "map" {
            let (Some(var), Some(block)) = (d.arg(1), tree.block_of(id)) else {
                continue;
            };
            let Some(name) = var.strip_prefix('$') else {
                continue;
            };
            let entry = v.entry(name.to_string()).or_default();
            for e in tree.scope(block).dirs() {
                let e_dir = tree.dir(*e);
                // `hostnames`, `volatile`: flags, not entries.
                if let Some(val) = e_dir.arg(0) {
                    entry.push((val.to_string(), *e));
                }
            }
        }
    }
    v
}

/// Hosts nginx finds among its upstreams without resolving: `upstream` blocks and
/// the hosts of literal `*_pass` targets (implicit upstreams), lower-cased.
fn upstream_hosts(tree: &NginxTree) -> HashSet<String> {
    let mut h: HashSet<String> = tree
        .scopes_of(ScopeKind::Upstream)
        .filter_map(|s| tree.scope(s).dir())
        .filter_map(|d| tree.dir(d).arg(0))
        .map(str::to_ascii_lowercase)
        .collect();
    for id in tree.named(PASSES) {
        let d = tree.dir(id);
        let Some(a) = d.args.first() else { continue };
        match parse_pass_target(d.name(), a) {
            PassTarget::Name { name } => h.insert(name.to_ascii_lowercase()),
            PassTarget::Inet { host, .. } => h.insert(host.to_ascii_lowercase()),
            _ => false,
        };
    }
    h
}

/// The host of `host:port` or `[v6]:port`.
fn without_port(host: &str) -> &str {
    if let Some(v6) = host.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    }
}

/// True when nginx would need a resolver for this host text (no variables).
fn needs_resolver(host: &str, upstreams: &HashSet<String>) -> bool {
    if host.is_empty() || host.starts_with("unix:") {
        return false;
    }
    let name = without_port(host);
    if name.parse::<std::net::IpAddr>().is_ok() || upstreams.contains(&name.to_ascii_lowercase()) {
        return false;
    }
    // Something like a host name (with at least one letter).
    name.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
        && name.bytes().any(|b| b.is_ascii_alphabetic())
}

/// A host name the target can take, if any.
fn name_host(
    directive: &str,
    text: &str,
    values: &HashMap<String, Vec<(String, DirId)>>,
    upstreams: &HashSet<String>,
) -> Option<Found> {
    let host = host_part(directive, text);
    let vars = variables(host);
    if vars.is_empty() {
        // proxy_pass without a literal scheme: the variables build the address
        // in ways not followed here (`http:/$uri`).
        if directive != "fastcgi_pass" && directive != "scgi_pass" && !text.contains("://") {
            return None;
        }
        // The variables are in the URI: the literal host is resolved per request.
        return needs_resolver(host, upstreams).then(|| Found {
            host: host.to_string(),
            source: None,
            variable: None,
        });
    }
    if vars.len() != 1 {
        return None;
    }
    let (start, end, name) = &vars[0];
    // Offsets of the host part within the whole text.
    let offset = host.as_ptr() as usize - text.as_ptr() as usize;
    if let Some(vals) = values.get(name.as_str()) {
        for (val, dir) in vals {
            if val.contains('$') {
                continue;
            }
            let whole = format!(
                "{}{}{}",
                &text[..offset + start],
                val,
                &text[offset + end..]
            );
            let h = host_part(directive, &whole);
            if variables(h).is_empty() && needs_resolver(h, upstreams) {
                return Some(Found {
                    host: h.to_string(),
                    source: Some(*dir),
                    variable: Some(name.clone()),
                });
            }
        }
        return None;
    }
    // A request variable that holds a host name: whatever name the client sends.
    NAME_VARIABLES.contains(&name.as_str()).then(|| Found {
        host: format!("${name}"),
        source: None,
        variable: Some(name.clone()),
    })
}

fn report(tree: &NginxTree, pass: DirId, found: &Found) -> Diagnostic {
    let dir = tree.dir(pass);
    let arg_span = dir.args[0].span;
    let (message, label) = match (&found.variable, found.source) {
        (Some(v), Some(_)) => (
            format!(
                "requests here get 502 Bad Gateway: nginx logs \"no resolver defined to resolve {}\"",
                without_port(&found.host)
            ),
            format!(
                "${v} is read per request; it can be the host name {}",
                without_port(&found.host)
            ),
        ),
        (Some(v), None) => (
            format!(
                "requests here get 502 Bad Gateway: nginx logs \"no resolver defined to resolve ...\" with the host name taken from ${v}"
            ),
            format!("${v} comes from the request: a host name, resolved per request"),
        ),
        (None, _) => (
            format!(
                "requests here get 502 Bad Gateway: nginx logs \"no resolver defined to resolve {}\"",
                without_port(&found.host)
            ),
            "with variables in the target, nginx resolves this host per request, not at start"
                .to_string(),
        ),
    };
    let mut d = Diagnostic::new(
        META.name,
        META.severity,
        message,
        Label::new(arg_span, label),
    );
    if let Some(src) = found.source {
        d = d.with_label(Label::new(tree.dir(src).span, "gives it a host name"));
    }
    d.with_note("no `resolver` is set in this location, its server or http: nginx resolves host names in targets with variables only through one")
        .with_help("add a `resolver` (e.g. `resolver 127.0.0.11 valid=30s;` inside Docker, or your DNS server) at the http or server level, or pass to an upstream block without variables")
}
