//! The nginx model: includes expanded in place, effective values after inheritance.

use std::path::PathBuf;

use fpmlint::model::nginx::{self, NginxContext, NginxTree, PassTarget, ScopeId, ScopeKind};
use fpmlint::paths::RootMap;
use fpmlint::source::SourceMap;

/// A sysroot that exists nowhere on disk: only the in-memory files are seen.
const ROOT: &str = "/nonexistent-fpmlint-root";

/// Build a tree from in-memory files at /etc/nginx/... under [`ROOT`]; the first
/// is the entry.
fn tree(files: &[(&str, &str)]) -> (SourceMap, NginxTree, Vec<fpmlint::diag::Diagnostic>) {
    let mut sources = SourceMap::confined_to(std::path::Path::new(ROOT), true);
    let roots = RootMap::with_sysroot(ROOT);
    let mut ids = Vec::new();
    for (path, text) in files {
        ids.push(sources.add_virtual(roots.map(path), text.as_bytes().to_vec()));
    }
    let ctx = NginxContext {
        roots,
        conf_prefix: "/etc/nginx".into(),
    };
    let (t, d) = nginx::build(&mut sources, ids[0], &ctx, None);
    (sources, t, d)
}

fn location(t: &NginxTree, pattern: &str) -> ScopeId {
    t.scopes_of(ScopeKind::Location)
        .find(|s| {
            let d = t.dir(t.scope(*s).dir().unwrap());
            d.args.last().map(|a| a.value.as_str()) == Some(pattern)
        })
        .unwrap_or_else(|| panic!("no location {pattern}"))
}

const MAIN: &str = "user www-data;
events {}
http {
    fastcgi_read_timeout 300s;
    fastcgi_param APP_ENV prod;
    fastcgi_param APP_DEBUG 0;
    include /etc/nginx/sites-enabled/*;
}
";

const SITE: &str = "server {
    listen 80;
    root /srv/www;
    location / { }
    location ~ \\.php$ {
        fastcgi_read_timeout 1m30s;
        include fastcgi.conf;
        fastcgi_pass unix:/run/php/php8.2-fpm.sock;
    }
    location /status {
        location /status/deep { fastcgi_pass 127.0.0.1:9000; }
        fastcgi_pass php;
    }
}
";

const FASTCGI_CONF: &str = "fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
fastcgi_param QUERY_STRING $query_string;
";

fn example() -> (SourceMap, NginxTree) {
    let (s, t, d) = tree(&[
        ("/etc/nginx/nginx.conf", MAIN),
        ("/etc/nginx/sites-enabled/site", SITE),
        ("/etc/nginx/fastcgi.conf", FASTCGI_CONF),
    ]);
    assert!(d.is_empty(), "{d:#?}");
    (s, t)
}

#[test]
fn includes_are_expanded_in_place() {
    let (s, t) = example();
    assert_eq!(t.files.len(), 3);
    let php = location(&t, "\\.php$");
    // The location's fastcgi_param come from fastcgi.conf, included inside it.
    let (_, params) = t.effective_array(php, "fastcgi_param");
    let names: Vec<&str> = params.iter().map(|d| t.dir(*d).arg(0).unwrap()).collect();
    assert_eq!(names, ["SCRIPT_FILENAME", "QUERY_STRING"]);
    let first = t.dir(params[0]);
    assert_eq!(
        s.get(first.span.file).path,
        PathBuf::from(format!("{ROOT}/etc/nginx/fastcgi.conf"))
    );
    assert!(first.included_by().is_some());
}

#[test]
fn inner_level_overrides_outer() {
    let (_, t) = example();
    let php = location(&t, "\\.php$");
    let root = location(&t, "/");
    assert_eq!(
        t.effective_time(php, "fastcgi_read_timeout", 60_000).value,
        Some(90_000)
    );
    let outer = t.effective_time(root, "fastcgi_read_timeout", 60_000);
    assert_eq!(outer.value, Some(300_000));
    assert!(outer.dir.is_some(), "set in http, not the default");
    // Nothing sets fastcgi_connect_timeout: the default, with no directive.
    let def = t.effective_time(root, "fastcgi_connect_timeout", 60_000);
    assert_eq!((def.value, def.dir), (Some(60_000), None));
}

#[test]
fn array_directives_replace_the_outer_set() {
    let (_, t) = example();
    let php = location(&t, "\\.php$");
    let root = location(&t, "/");
    // The .php location sets its own params: APP_ENV and APP_DEBUG from http are gone.
    let (_, own) = t.effective_array(php, "fastcgi_param");
    assert!(own.iter().all(|d| t.dir(*d).arg(0) != Some("APP_ENV")));
    // location / sets none: it inherits http's set whole.
    let (level, inherited) = t.effective_array(root, "fastcgi_param");
    let names: Vec<&str> = inherited
        .iter()
        .map(|d| t.dir(*d).arg(0).unwrap())
        .collect();
    assert_eq!(names, ["APP_ENV", "APP_DEBUG"]);
    assert_eq!(t.scope(level.unwrap()).kind, ScopeKind::Http);
}

#[test]
fn pass_is_not_inherited_by_nested_locations() {
    let (_, t) = example();
    let status = location(&t, "/status");
    let deep = location(&t, "/status/deep");
    let pass = t.effective(status, "fastcgi_pass").unwrap();
    assert_eq!(
        t.pass_target(pass),
        Some(PassTarget::Name { name: "php".into() })
    );
    let deep_pass = t.effective(deep, "fastcgi_pass").unwrap();
    assert_eq!(
        t.pass_target(deep_pass),
        Some(PassTarget::Inet {
            host: "127.0.0.1".into(),
            port: 9000
        })
    );
    let root = location(&t, "/");
    assert_eq!(t.effective(root, "fastcgi_pass"), None);
    let user = t.user().unwrap();
    assert_eq!(t.dir(user).arg(0), Some("www-data"));
}

#[test]
fn a_file_included_twice_is_parsed_once_and_analysed_in_each_place() {
    let (_, t, d) = tree(&[
        ("/etc/nginx/nginx.conf", "events {}\nhttp { server { location /a { include p.conf; } location /b { include p.conf; } } }\n"),
        ("/etc/nginx/p.conf", "fastcgi_read_timeout 5s;\n"),
    ]);
    assert!(d.is_empty());
    assert_eq!(t.parsed.len(), 2);
    for loc in ["/a", "/b"] {
        let s = location(&t, loc);
        assert_eq!(
            t.effective_time(s, "fastcgi_read_timeout", 60_000).value,
            Some(5_000)
        );
    }
}

#[test]
fn upstream_servers_resolve() {
    let (_, t, _) = tree(&[(
        "/etc/nginx/nginx.conf",
        "events {}\nhttp { upstream php-fpm { server unix:/run/php-fpm/www.sock; server 10.0.0.2; } server { location / { fastcgi_pass php-fpm; } } }\n",
    )]);
    let loc = location(&t, "/");
    let target = t
        .pass_target(t.effective(loc, "fastcgi_pass").unwrap())
        .unwrap();
    let resolved: Vec<PassTarget> = t
        .resolve_target(&target)
        .into_iter()
        .map(|r| r.target)
        .collect();
    assert_eq!(
        resolved,
        [
            PassTarget::Unix {
                path: "/run/php-fpm/www.sock".into()
            },
            PassTarget::Inet {
                host: "10.0.0.2".into(),
                port: 80
            },
        ]
    );
}
