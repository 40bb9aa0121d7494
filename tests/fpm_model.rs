//! The php-fpm model built from real directories.

use std::fs;
use std::path::Path;

use fpmlint::diag::Severity;
use fpmlint::model::fpm::{build, parse_listen, Endpoint, FpmContext, FpmTree, Origin};
use fpmlint::paths::RootMap;
use fpmlint::source::SourceMap;

/// Write `files` (config-side absolute paths) under a sysroot and build from `entry`.
fn tree(
    files: &[(&str, &str)],
    entry: &str,
) -> (SourceMap, FpmTree, Vec<fpmlint::diag::Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    for (path, text) in files {
        let p = root.join(path.trim_start_matches('/'));
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, text).unwrap();
    }
    let ctx = FpmContext {
        roots: RootMap::with_sysroot(&root),
        prefix: "/usr".into(),
        php_ini: None,
        php_ini_scan_dir: None,
        ..Default::default()
    };
    let mut sources = SourceMap::confined_to(&root, true);
    let id = sources
        .load(&root.join(entry.trim_start_matches('/')))
        .unwrap();
    let (t, d) = build(&mut sources, id, &ctx);
    // Sources are in memory: the directory can go.
    drop(dir);
    (sources, t, d)
}

fn text_at(sources: &SourceMap, span: fpmlint::source::Span) -> String {
    sources.get(span.file).slice(span).to_string()
}

#[test]
fn defaults_have_default_origin() {
    let (_, t, d) = tree(
        &[(
            "/etc/php-fpm.conf",
            "[www]\nlisten = 9000\npm = static\npm.max_children = 5\n",
        )],
        "/etc/php-fpm.conf",
    );
    assert!(d.is_empty(), "{d:?}");
    let p = &t.pools[0];
    let mode = p.get("listen.mode").unwrap();
    assert_eq!(mode.value, "0660");
    assert_eq!(mode.origin, Origin::Default);
    assert_eq!(p.listen_mode(), 0o660);
    assert_eq!(p.get("clear_env").unwrap().value, "1");
    assert_eq!(p.request_terminate_timeout(), Some(0));
    assert!(p.get("user").is_none());
    assert_eq!(p.max_children(), Some(5));
    assert!(!p.get("pm.max_children").unwrap().is_default());
    assert_eq!(t.global_get("daemonize").unwrap().origin, Origin::Default);
}

#[test]
fn pool_variable_in_listen() {
    let conf = "[app]\nlisten = /run/php/$pool.sock\nuser = $pool\npm.max_children = 5\n";
    let (sources, t, d) = tree(&[("/etc/php-fpm.conf", conf)], "/etc/php-fpm.conf");
    assert!(d.is_empty());
    let l = t.pools[0].listen().unwrap();
    assert_eq!(l.endpoint, Endpoint::Unix("/run/php/app.sock".into()));
    let Origin::Set { line, key, value } = l.setting.origin else {
        panic!()
    };
    assert_eq!(text_at(&sources, line), "listen = /run/php/$pool.sock");
    assert_eq!(text_at(&sources, key), "listen");
    assert_eq!(text_at(&sources, value), "/run/php/$pool.sock");
    assert_eq!(t.pools[0].user().unwrap().value, "app");
}

#[test]
fn pool_variable_in_global_is_an_error() {
    let (sources, _, d) = tree(
        &[(
            "/etc/php-fpm.conf",
            "[global]\nerror_log = /var/log/$pool.log\n",
        )],
        "/etc/php-fpm.conf",
    );
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, Severity::Error);
    assert!(d[0]
        .message
        .contains("Can't use '$pool' when the pool is not defined"));
    assert_eq!(text_at(&sources, d[0].primary.span), "$pool");
}

#[test]
fn include_glob_is_relative_to_the_prefix() {
    let main = "[global]\npid = /run/php-fpm.pid\ninclude = etc/php-fpm.d/*.conf\n";
    let (_, t, d) = tree(
        &[
            ("/usr/etc/php-fpm.conf", main),
            ("/usr/etc/php-fpm.d/b.conf", "[b]\nlisten = 9001\n"),
            ("/usr/etc/php-fpm.d/a.conf", "[a]\nlisten = 9000\n"),
            ("/usr/etc/php-fpm.d/skip.txt", "[c]\n"),
        ],
        "/usr/etc/php-fpm.conf",
    );
    assert!(d.is_empty(), "{d:?}");
    let names: Vec<&str> = t.pools.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(t.files.len(), 3);
    assert_eq!(t.global["pid"].value, "/run/php-fpm.pid");
}

#[test]
fn include_without_match_is_a_warning() {
    let (sources, _, d) = tree(
        &[("/etc/php-fpm.conf", "include=/etc/php-fpm.d/*.conf\n")],
        "/etc/php-fpm.conf",
    );
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, Severity::Warning);
    assert!(d[0]
        .message
        .contains("Nothing matches the include pattern '/etc/php-fpm.d/*.conf' from"));
    assert_eq!(
        text_at(&sources, d[0].primary.span),
        "/etc/php-fpm.d/*.conf"
    );
}

#[test]
fn section_state_crosses_includes() {
    // After the include, lines go to the included file's last pool.
    let main = "include = /etc/pool.conf\npm.max_children = 7\n[WWW]\nuser = nobody\n";
    let (_, t, d) = tree(
        &[
            ("/etc/main.conf", main),
            ("/etc/pool.conf", "[www]\nlisten = 9000\n"),
        ],
        "/etc/main.conf",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(t.pools.len(), 1, "[WWW] reopens [www]");
    let p = &t.pools[0];
    assert_eq!(p.name, "www");
    assert_eq!(p.max_children(), Some(7));
    assert_eq!(p.user().unwrap().value, "nobody");
}

#[test]
fn every_line_is_kept_in_reading_order_with_its_section() {
    let main = "pid = /run/x.pid\ninclude = /etc/pool.conf\npm.max_children = 7\n[WWW]\npm.max_children = 8\n";
    let (s, t, d) = tree(
        &[
            ("/etc/main.conf", main),
            ("/etc/pool.conf", "[www]\nlisten = 9000\n"),
        ],
        "/etc/main.conf",
    );
    assert!(d.is_empty(), "{d:?}");
    let keys: Vec<(&str, Option<usize>)> = t
        .read
        .iter()
        .map(|r| (r.entry.key.as_str(), r.pool))
        .collect();
    assert_eq!(
        keys,
        [
            ("pid", None),
            ("include", None),
            ("listen", Some(0)),
            ("pm.max_children", Some(0)),
            ("pm.max_children", Some(0)),
        ]
    );
    assert!(t.read[0].section.is_none());
    // After the include, the section in effect is the included file's `[www]`.
    let sec = t.read[3].section.unwrap();
    assert_eq!(text_at(&s, sec), "[www]");
    assert_ne!(sec.file, t.read[3].entry.span.file);
    assert_eq!(text_at(&s, t.read[4].section.unwrap()), "[WWW]");
    // The overridden line is still there; the setting keeps the last value.
    assert_eq!(t.pools[0].max_children(), Some(8));
}

#[test]
fn hash_line_is_one_syntax_error() {
    let conf = "[www]\nlisten = 9000\n  # pm = static\n";
    let (sources, _, d) = tree(&[("/etc/php-fpm.conf", conf)], "/etc/php-fpm.conf");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].rule, "fpm-syntax");
    assert_eq!(d[0].primary.span.start as usize, conf.find('#').unwrap());
    assert_eq!(text_at(&sources, d[0].primary.span), "#");
}

#[test]
fn include_cycle_and_depth() {
    let (sources, _, d) = tree(
        &[
            ("/etc/a.conf", "include=/etc/b.conf\n"),
            ("/etc/b.conf", "[www]\ninclude=/etc/a.conf\n"),
        ],
        "/etc/a.conf",
    );
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0]
        .message
        .contains("failed to include more than 5 files recursively"));
    assert!(Path::new(&sources.get(d[0].primary.span.file).name).ends_with("b.conf"));
    assert_eq!(text_at(&sources, d[0].primary.span), "/etc/a.conf");
    assert_eq!(
        d[0].secondary.len(),
        1,
        "the include of b.conf is part of the cycle"
    );
    assert_eq!(text_at(&sources, d[0].secondary[0].span), "/etc/b.conf");

    let files: Vec<(String, String)> = (0..7)
        .map(|i| {
            (
                format!("/etc/{i}.conf"),
                format!("include=/etc/{}.conf\n", i + 1),
            )
        })
        .chain(std::iter::once((
            "/etc/7.conf".to_string(),
            "[www]\n".to_string(),
        )))
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (sources, t, d) = tree(&refs, "/etc/0.conf");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0]
        .message
        .contains("failed to include more than 5 files recursively"));
    assert!(sources.get(d[0].primary.span.file).name.ends_with("4.conf"));
    assert_eq!(t.files.len(), 5);
}

#[test]
fn listen_forms() {
    assert_eq!(
        parse_listen("9000"),
        Ok(Endpoint::Tcp {
            host: None,
            port: 9000
        })
    );
    assert_eq!(
        parse_listen("127.0.0.1:9000"),
        Ok(Endpoint::Tcp {
            host: Some("127.0.0.1".into()),
            port: 9000
        })
    );
    assert_eq!(
        parse_listen("[::1]:9000"),
        Ok(Endpoint::Tcp {
            host: Some("::1".into()),
            port: 9000
        })
    );
    assert_eq!(
        parse_listen("/run/php/php8.2-fpm.sock"),
        Ok(Endpoint::Unix("/run/php/php8.2-fpm.sock".into()))
    );
    assert!(parse_listen("127.0.0.1:99999").is_err());
    let (_, t, _) = tree(
        &[("/etc/php-fpm.conf", "[www]\nlisten = localhost\n")],
        "/etc/php-fpm.conf",
    );
    assert_eq!(
        t.pools[0].listen().unwrap().endpoint,
        Endpoint::Unix("/usr/localhost".into())
    );
    let (_, t, _) = tree(
        &[(
            "/etc/php-fpm.conf",
            "[www]\nprefix = /srv/$pool\nlisten = php.sock\n",
        )],
        "/etc/php-fpm.conf",
    );
    assert_eq!(
        t.pools[0].listen().unwrap().endpoint,
        Endpoint::Unix("/srv/www/php.sock".into())
    );
}

#[test]
fn arrays_and_php_ini() {
    let conf = "[www]\nphp_admin_value[memory_limit] = 256M\nphp_value[memory_limit] = 64M\n\
                php_flag[display_errors] = off\nenv[TMP] = /tmp/$pool\nenv[TMP] = /other\n\
                access.suppress_path[] = /ping\n";
    let dir = tempfile::tempdir().unwrap();
    let ini = dir.path().join("php.ini");
    fs::write(
        &ini,
        "[PHP]\nmax_execution_time = 60\nerror_reporting = E_ALL & ~E_NOTICE\n",
    )
    .unwrap();
    let conf_path = dir.path().join("php-fpm.conf");
    fs::write(&conf_path, conf).unwrap();
    let ctx = FpmContext {
        roots: RootMap::identity(),
        prefix: "/usr".into(),
        php_ini: Some(ini),
        php_ini_scan_dir: None,
        ..Default::default()
    };
    let mut sources = SourceMap::confined_to(conf_path.parent().unwrap(), false);
    let id = sources.load(&conf_path).unwrap();
    let (t, d) = build(&mut sources, id, &ctx);
    assert!(d.is_empty(), "{d:?}");
    let p = &t.pools[0];
    assert_eq!(p.php_ini_value("memory_limit").unwrap().value, "256M");
    assert_eq!(p.php_ini_value("display_errors").unwrap().value, "0");
    assert_eq!(
        p.env["TMP"].value, "/tmp/www",
        "the first definition stays in effect"
    );
    assert_eq!(p.access_suppress_path.len(), 1);
    let php = t.php_ini.as_ref().unwrap();
    assert_eq!(php.max_execution_time(), Some(60));
    assert_eq!(php.get("error_reporting").unwrap().value, "32759");
}
