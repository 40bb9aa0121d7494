//! template-variable-undefined: a `${NAME}` in a template the official nginx
//! image renders at start, with NAME not in the container's environment:
//! envsubst leaves it as written and nginx reads it as its own variable.

use crate::deploy::env::{Environment, Rendered, Unset};
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::Dir;
use crate::project::Project;
use crate::rules::Category;
use crate::source::Span;

crate::declare_rule!(
    "template-variable-undefined",
    Severity::Error,
    Category::Startup,
    "a ${NAME} in an nginx image template that the container's environment does not define: nginx refuses to start with unknown \"name\" variable",
    check = check
);

/// Directives whose arguments nginx compiles as variables: an unknown
/// `${name}` there stops it at start (each seen with nginx 1.22).
const COMPILES_VARIABLES: &[&str] = &[
    "root",
    "alias",
    "index",
    "try_files",
    "error_page",
    "add_header",
    "add_trailer",
    "return",
    "rewrite",
    "set",
    "if",
    "access_log",
    "expires",
    "limit_rate",
    "limit_rate_after",
    "sub_filter",
    "auth_basic",
    "auth_basic_user_file",
    "ssl_certificate",
    "ssl_certificate_key",
    "fastcgi_pass",
    "fastcgi_param",
    "fastcgi_bind",
    "fastcgi_cache",
    "fastcgi_cache_key",
    "fastcgi_cache_bypass",
    "fastcgi_no_cache",
    "fastcgi_store",
    "proxy_pass",
    "proxy_set_header",
    "proxy_set_body",
    "proxy_method",
    "proxy_redirect",
    "proxy_cookie_domain",
    "proxy_cookie_path",
    "proxy_bind",
    "proxy_cache",
    "proxy_cache_key",
    "proxy_cache_bypass",
    "proxy_no_cache",
    "proxy_store",
    "proxy_ssl_name",
    "proxy_ssl_certificate",
    "proxy_ssl_certificate_key",
    "uwsgi_pass",
    "uwsgi_param",
    "scgi_pass",
    "scgi_param",
    "grpc_pass",
    "grpc_set_header",
];

/// nginx's own variables (the http modules' index), compared lowercase: a
/// `${host}` left by envsubst is nginx's `$host`, not a mistake.
const NGINX_VARIABLES: &[&str] = &[
    "ancient_browser",
    "args",
    "binary_remote_addr",
    "body_bytes_sent",
    "bytes_sent",
    "connection",
    "connection_requests",
    "connection_time",
    "content_length",
    "content_type",
    "document_root",
    "document_uri",
    "fastcgi_path_info",
    "fastcgi_script_name",
    "gzip_ratio",
    "host",
    "hostname",
    "http2",
    "http3",
    "https",
    "invalid_referer",
    "is_args",
    "memcached_key",
    "modern_browser",
    "msec",
    "msie",
    "nginx_version",
    "pid",
    "pipe",
    "proxy_add_x_forwarded_for",
    "proxy_host",
    "proxy_port",
    "query_string",
    "realpath_root",
    "remote_addr",
    "remote_port",
    "remote_user",
    "request",
    "request_body",
    "request_body_file",
    "request_completion",
    "request_filename",
    "request_id",
    "request_length",
    "request_method",
    "request_time",
    "request_uri",
    "scheme",
    "secure_link",
    "secure_link_expires",
    "server_addr",
    "server_name",
    "server_port",
    "server_protocol",
    "slice_range",
    "status",
    "time_iso8601",
    "time_local",
    "uri",
];

/// Families of nginx variables, by prefix.
const NGINX_PREFIXES: &[&str] = &[
    "arg_",
    "cookie_",
    "http_",
    "sent_http_",
    "sent_trailer_",
    "upstream_",
    "ssl_",
    "geoip_",
    "geoip2_",
    "proxy_protocol_",
    "realip_",
    "connections_",
    "limit_",
    "tcpinfo_",
    "uid_",
    "date_",
    "jwt_",
];

/// Names set in every container of the official nginx image: its ENV, and
/// what Docker and the entry point's shell add.
const IMAGE_NAMES: &[&str] = &[
    "NGINX_VERSION",
    "NJS_VERSION",
    "NJS_RELEASE",
    "PKG_RELEASE",
    "DYNPKG_RELEASE",
    "PATH",
    "HOSTNAME",
    "HOME",
    "PWD",
    "SHLVL",
];

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for r in &project.rendered {
        let Some(output) = project.sources.lookup(&r.output) else {
            continue;
        };
        let template = project.sources.lookup(&r.template);
        for u in &r.unset {
            if let Some(d) = finding(project, r, u, output, template) {
                out.push(d);
            }
        }
    }
}

fn finding(
    project: &Project,
    r: &Rendered,
    u: &Unset,
    output: crate::source::FileId,
    template: Option<crate::source::FileId>,
) -> Option<Diagnostic> {
    let lower = u.name.to_ascii_lowercase();
    if IMAGE_NAMES.contains(&u.name.as_str())
        || NGINX_VARIABLES.contains(&lower.as_str())
        || NGINX_PREFIXES.iter().any(|p| lower.starts_with(p))
        || lower.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let (_, service) = project.hosts.get(r.host)?.service()?;
    let env: &Environment = &service.env;
    // A name whose value the shell running compose gives is defined (a bare
    // `- NAME` only when that shell has it).
    let shell = env.shell.iter().find(|(n, _, _)| *n == u.name);
    if matches!(shell, Some((_, _, false))) {
        return None;
    }
    // The directive of the rendered file the name is in, in a tree of the host.
    let at = Span::new(output, u.output.start, u.output.end);
    let mut dir: Option<&Dir> = None;
    for tree in project.nginx.iter().filter(|t| t.host == r.host) {
        if let Some(d) = tree.dirs.iter().find(|d| {
            d.span.file == output
                && d.span.start as usize <= u.output.start
                && u.output.end <= d.span.end as usize
        }) {
            dir = Some(d);
            break;
        }
    }
    let dir = dir?;
    // The same name defined by the configuration itself (`set`, `map`...) is
    // nginx's.
    if defined_in_config(project, r.host, &lower) {
        return None;
    }
    let name = dir.name();
    let written = project.sources.get(output).slice(at).to_string();
    let compiles = COMPILES_VARIABLES.contains(&name);
    let quoted = format!("unknown \"{lower}\" variable");
    let service_name = service.describe();
    let (certain, why) = match (shell, env.unread.is_empty()) {
        (Some((_, origin, _)), _) => (
            false,
            Some(format!(
                "{} lists {} without a value: the container has it only when the shell that runs `docker compose` does",
                origin.describe(|p| project.sources.display_path(p)),
                u.name
            )),
        ),
        (None, false) => (
            false,
            Some(format!(
                "{} reads {}, which fpmlint could not read: {} may be set there",
                service_name,
                env.unread
                    .iter()
                    .map(|p| project.sources.display_path(p))
                    .collect::<Vec<_>>()
                    .join(", "),
                u.name
            )),
        ),
        (None, true) => (true, None),
    };
    let message = match (compiles, certain) {
        (true, true) => format!(
            "nginx refuses to start, logging `{quoted}` (emerg): {service_name} does not define {}, so the image's envsubst leaves `{written}` as written and nginx reads it as its own variable ${lower}",
            u.name
        ),
        (true, false) => format!(
            "unless {} is set when the container starts, nginx refuses to start, logging `{quoted}` (emerg): the image's envsubst leaves `{written}` as written and nginx reads it as its own variable ${lower}",
            u.name
        ),
        (false, _) => format!(
            "{service_name} does not define {}: the image's envsubst leaves `{written}` as written in `{name}`, where nginx does not expand variables (it reads the text as it is, or refuses it as a value)",
            u.name
        ),
    };
    let severity = if compiles && certain {
        Severity::Error
    } else {
        Severity::Warning
    };
    let missing = if certain {
        format!("{} is not in the container's environment", u.name)
    } else {
        format!("{} is not in the environment the repository gives", u.name)
    };
    let primary = match template {
        Some(t) => Label::new(Span::new(t, u.template.start, u.template.end), missing),
        None => Label::new(at, missing),
    };
    let mut d = Diagnostic::new(META.name, severity, message, primary);
    if template.is_some() {
        d = d.with_label(Label::new(
            at,
            format!("the file the image renders keeps it: nginx reads ${lower}"),
        ));
    }
    d = d
        .with_help(format!(
            "set {} in the `environment:` (or an `env_file:`) of {service_name}, or write the value itself in the template",
            u.name
        ))
        .with_note(format!(
            "the image's entry point (20-envsubst-on-templates.sh) runs `envsubst` with only the names the container's environment defines; fpmlint looked in {}",
            env.looked_in
        ));
    if let Some(why) = why {
        d = d.with_note(why);
    }
    Some(d)
}

/// True when a tree of `host` defines the variable `name` (lowercase): `set`,
/// `map`, `geo`, `split_clients`, `*_set`, or a named regex capture.
fn defined_in_config(project: &Project, host: usize, name: &str) -> bool {
    let var = format!("${name}");
    let captures = [
        format!("?<{name}>"),
        format!("?P<{name}>"),
        format!("?'{name}'"),
    ];
    project
        .nginx
        .iter()
        .filter(|t| t.host == host)
        .flat_map(|t| t.dirs.iter())
        .any(|d| {
            let defined = match d.name() {
                "set" | "perl_set" | "js_set" | "auth_request_set" => d.args.first(),
                "map" | "geo" | "split_clients" => d.args.last(),
                _ => None,
            };
            defined.is_some_and(|a| a.value.eq_ignore_ascii_case(&var))
                || d.args.iter().any(|a| {
                    let v = a.value.to_ascii_lowercase();
                    captures.iter().any(|c| v.contains(c.as_str()))
                })
        })
}
