//! The deployment model: a repository holding several hosts keeps them apart,
//! and says which host lacks a side.

use std::path::{Path, PathBuf};

mod common;
use common::{copy_dir, fpmlint, write};

const SITE: &str = "etc/nginx/sites-enabled/shop.example.com";

/// `hosts/web1`: nginx passes to php8.1's socket, only php8.2 is installed
/// (broken). `hosts/web2`: nginx passes to php8.2 (healthy), and a second pool
/// listens on php8.1's socket, which would hide web1's breakage if the two hosts
/// were one machine.
fn two_hosts() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/debian-php-upgrade/etc");
    for h in ["web1", "web2"] {
        copy_dir(&example, &repo.join("hosts").join(h).join("etc"));
    }
    let web2 = repo.join("hosts/web2");
    for site in [SITE, "etc/nginx/sites-available/shop.example.com"] {
        let p = web2.join(site);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains("php8.1-fpm.sock"));
        std::fs::write(&p, text.replace("php8.1-fpm.sock", "php8.2-fpm.sock")).unwrap();
    }
    std::fs::write(
        web2.join("etc/php/8.2/fpm/pool.d/legacy.conf"),
        "[legacy]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.1-fpm.sock\n\
         listen.owner = www-data\nlisten.group = www-data\npm = ondemand\npm.max_children = 2\n",
    )
    .unwrap();
    (tmp, repo)
}

#[test]
fn hosts_of_one_repository_are_never_paired() {
    let (_tmp, repo) = two_hosts();
    let run = fpmlint(&repo, &["--format", "json", "."]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    let unmatched: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule"] == "fastcgi-pass-unmatched")
        .collect();
    assert_eq!(unmatched.len(), 1, "{}", run.stdout);
    assert_eq!(
        unmatched[0]["location"]["file"],
        format!("hosts/web1/{SITE}"),
        "{}",
        run.stdout
    );
    // No finding labels files of two hosts.
    for f in findings {
        let mut files = vec![f["location"]["file"].as_str().unwrap().to_string()];
        for r in f["related"].as_array().unwrap() {
            files.push(r["file"].as_str().unwrap().to_string());
        }
        let hosts: std::collections::BTreeSet<&str> = files
            .iter()
            .map(|p| p.split('/').take(2).last().unwrap_or(""))
            .collect();
        assert_eq!(hosts.len(), 1, "a finding across hosts: {f}");
    }
    let hosts = doc["summary"]["hosts"].as_array().unwrap();
    let names: Vec<&str> = hosts.iter().map(|h| h["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["hosts/web1", "hosts/web2"]);
    assert_eq!(hosts[1]["pools"], 2);

    let run = fpmlint(&repo, &["hosts/web2"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = fpmlint(&repo, &["."]);
    assert!(
        run.stdout.contains("checked 2 hosts (hosts/web1: ")
            && run.stdout.contains("; hosts/web2: "),
        "{}",
        run.stdout
    );
}

#[test]
fn a_host_without_php_fpm_is_named_and_not_paired() {
    let (_tmp, repo) = two_hosts();
    std::fs::remove_dir_all(repo.join("hosts/web1/etc/php")).unwrap();
    let run = fpmlint(&repo, &["."]);
    // web1's stale socket is not judged against web2's pools: no php-fpm on web1.
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "hosts/web1: no php-fpm configuration found: its nginx <-> php-fpm checks are skipped"
        ),
        "{}",
        run.stdout
    );
    let run = fpmlint(&repo, &["--format", "sarif", "."]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let notes = &doc["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert!(
        notes
            .to_string()
            .contains("hosts/web1: no php-fpm configuration found"),
        "{notes}"
    );
}

#[test]
fn list_files_names_every_file_its_host_and_role() {
    let (_tmp, repo) = two_hosts();
    std::fs::write(repo.join("README.md"), "# configs\n").unwrap();
    let run = fpmlint(&repo, &["--list-files", "."]);
    let out = &run.stdout;
    let web1 = out.find("host hosts/web1").expect(out);
    let web2 = out.find("host hosts/web2").expect(out);
    assert!(web1 < web2, "{out}");
    let (first, second) = out.split_at(web2);
    assert!(
        first.contains("hosts/web1/etc/nginx/nginx.conf  nginx main configuration"),
        "{out}"
    );
    assert!(
        second.contains("hosts/web2/etc/php/8.2/fpm/pool.d/legacy.conf  php-fpm include"),
        "{out}"
    );
    assert!(!first.contains("hosts/web2/"), "{out}");
    assert!(
        out.contains("not linted\n  README.md  not an nginx or php-fpm file"),
        "{out}"
    );
}

/// A minimal nginx.conf passing PHP to `pass`.
fn nginx_conf(pass: &str) -> String {
    format!(
        "events {{}}\nhttp {{\n    server {{\n        listen 80;\n        root /srv/www;\n        \
         location ~ \\.php$ {{\n            include fastcgi.conf;\n            fastcgi_pass {pass};\n        \
         }}\n    }}\n}}\n"
    )
}

const FASTCGI_CONF: &str =
    "fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\nfastcgi_param QUERY_STRING $query_string;\n";

fn pool(listen: &str) -> String {
    format!(
        "[www]\nuser = nobody\ngroup = nogroup\nlisten = {listen}\nlisten.mode = 0666\npm = ondemand\npm.max_children = 2\n"
    )
}

/// Each layout: (name, files). nginx passes to /run/a.sock; the pool listens on
/// /run/b.sock: a finding proves both sides were found and paired.
fn layouts() -> Vec<(&'static str, Vec<(String, String)>)> {
    let n = nginx_conf("unix:/run/a.sock");
    let p = pool("/run/b.sock");
    let f = FASTCGI_CONF.to_string();
    vec![
        (
            "source build",
            vec![
                ("usr/local/nginx/conf/nginx.conf".into(), n.clone()),
                ("usr/local/nginx/conf/fastcgi.conf".into(), f.clone()),
                (
                    "usr/local/php/etc/php-fpm.conf".into(),
                    "[global]\ninclude=etc/php-fpm.d/*.conf\n".into(),
                ),
                ("usr/local/php/etc/php-fpm.d/www.conf".into(), p.clone()),
            ],
        ),
        (
            "homebrew",
            vec![
                ("opt/homebrew/etc/nginx/nginx.conf".into(), n.clone()),
                ("opt/homebrew/etc/nginx/fastcgi.conf".into(), f.clone()),
                (
                    "opt/homebrew/etc/php/8.3/php-fpm.conf".into(),
                    "[global]\ninclude=/opt/homebrew/etc/php/8.3/php-fpm.d/*.conf\n".into(),
                ),
                (
                    "opt/homebrew/etc/php/8.3/php-fpm.d/www.conf".into(),
                    p.clone(),
                ),
            ],
        ),
        (
            "remi",
            vec![
                ("etc/nginx/nginx.conf".into(), n.clone()),
                ("etc/nginx/fastcgi.conf".into(), f.clone()),
                (
                    "etc/opt/remi/php74/php-fpm.conf".into(),
                    "[global]\ninclude=/etc/opt/remi/php74/php-fpm.d/*.conf\n".into(),
                ),
                ("etc/opt/remi/php74/php-fpm.d/www.conf".into(), p.clone()),
            ],
        ),
        (
            "custom path named by the unit",
            vec![
                ("nginx/nginx.conf".into(), n.clone()),
                ("nginx/fastcgi.conf".into(), f.clone()),
                (
                    "lib/systemd/system/nginx.service".into(),
                    "[Service]\nExecStart=/usr/sbin/nginx -c /nginx/nginx.conf -g 'daemon off;'\n"
                        .into(),
                ),
                (
                    "etc/php-fpm.conf".into(),
                    "[global]\ninclude=/etc/php-fpm.d/*.conf\n".into(),
                ),
                ("etc/php-fpm.d/www.conf".into(), p.clone()),
            ],
        ),
    ]
}

#[test]
fn layouts_beyond_the_distributions_are_found() {
    for (name, files) in layouts() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("sysroot");
        for (path, text) in &files {
            write(&root.join(path), text);
        }
        let run = fpmlint(tmp.path(), &["sysroot"]);
        assert!(
            run.stdout.contains("fastcgi-pass-unmatched") && run.code == 1,
            "{name}: {}{}",
            run.stdout,
            run.stderr
        );
        let run = fpmlint(tmp.path(), &["--list-files", "sysroot"]);
        for (path, _) in files.iter().filter(|(p, _)| !p.ends_with("fastcgi.conf")) {
            assert!(
                run.stdout.contains(path.as_str()),
                "{name}: {path} not listed:\n{}",
                run.stdout
            );
        }
    }
}

/// A compose project whose mounted files sit under `etc/` (`etc/nginx/default.conf`,
/// `etc/php/php.ini`) is a repository of services, not a sysroot: the nginx
/// image's own fastcgi_params resolves the site's include.
#[test]
fn a_compose_project_with_an_etc_folder_is_not_a_sysroot() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    write(
        &repo.join("docker-compose.yml"),
        "services:\n  web:\n    image: nginx:alpine\n    volumes:\n      - \"./etc/nginx/default.conf:/etc/nginx/conf.d/default.conf\"\n      - \"./web:/var/www/html\"\n  php:\n    image: php:8.2-fpm\n    volumes:\n      - \"./etc/php/php.ini:/usr/local/etc/php/conf.d/php.ini\"\n      - \"./web:/var/www/html\"\n",
    );
    write(
        &repo.join("etc/nginx/default.conf"),
        "server {\n    listen 80;\n    root /var/www/html/public;\n    location ~ \\.php$ {\n        try_files $uri =404;\n        fastcgi_pass php:9000;\n        include fastcgi_params;\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n    }\n}\n",
    );
    write(&repo.join("etc/php/php.ini"), "memory_limit = 256M\n");
    let run = fpmlint(repo, &["."]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("checked 2 hosts (docker-compose.yml service web: "),
        "{}",
        run.stdout
    );
}

/// A repository that includes nginx's own files without holding them (they come
/// with the target host's nginx package) reads fpmlint's copy: checked, not
/// "missing"; a file of its own that is missing is still reported.
#[test]
fn nginx_package_files_missing_from_a_repository_are_read_from_nginx_own() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    write(
        &repo.join("nginx/nginx.conf"),
        "events {}\nhttp {\n    include /etc/nginx/mime.types;\n    server {\n        listen 80;\n        root /srv/www;\n        location ~ \\.php$ {\n            try_files $uri =404;\n            include fastcgi_params;\n            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n            fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n        }\n    }\n}\n",
    );
    let run = fpmlint(repo, &["."]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = fpmlint(repo, &["--list-files", "."]);
    assert!(
        run.stdout
            .contains("(nginx package file)/fastcgi_params  nginx include"),
        "{}",
        run.stdout
    );
    write(
        &repo.join("nginx/nginx.conf"),
        "events {}\nhttp {\n    include snippets/mine.conf;\n}\n",
    );
    let run = fpmlint(repo, &["."]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("snippets/mine.conf"), "{}", run.stdout);
}

/// `[${PHP_FPM_POOL}]` beside `[www]` may reopen it: one pool whose name is known
/// only when php-fpm starts, not a second pool that "refuses to start".
#[test]
fn a_pool_named_from_the_environment_is_not_judged_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("sysroot");
    write(
        &root.join("usr/local/etc/php-fpm.conf"),
        "[global]\ninclude=etc/php-fpm.d/*.conf\n",
    );
    write(
        &root.join("usr/local/etc/php-fpm.d/www.conf"),
        &pool("127.0.0.1:9000"),
    );
    write(
        &root.join("usr/local/etc/php-fpm.d/zz-app.conf"),
        "[${PHP_FPM_POOL}]\npm.max_children = 10\n",
    );
    let run = fpmlint(tmp.path(), &["--format", "concise", "sysroot"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        !run.stdout.contains("refuses to start: `[pool"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("info[pool-invalid] the name of pool [${PHP_FPM_POOL}] comes from the environment: if it names [www]"),
        "{}",
        run.stdout
    );
    // Alone, it is a pool of its own and is judged as one.
    std::fs::remove_file(root.join("usr/local/etc/php-fpm.d/www.conf")).unwrap();
    let run = fpmlint(tmp.path(), &["--format", "concise", "sysroot"]);
    assert!(
        run.stdout.contains("no listen address have been defined"),
        "{}",
        run.stdout
    );
}

/// An image overlay (`rootfs/`) that ships its pool but not php-fpm.conf, and a
/// site nothing includes: the pool is linted on its own, the site is listed.
#[test]
fn an_overlay_pool_is_linted_and_unreached_files_are_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    write(
        &repo.join("rootfs/etc/nginx/nginx.conf"),
        &nginx_conf("unix:/run/php-fpm.sock"),
    );
    write(
        &repo.join("rootfs/etc/php83/php-fpm.d/www.conf"),
        "[www]\nuser = nobody\ngroup = nobody\nlisten = /run/php-fpm.sock\nlisten.owner = nobody\nlisten.group = nginx\nlisten.mode = 0666\npm = static\n",
    );
    write(
        &repo.join("rootfs/opt/app/site.conf"),
        "server { listen 81; }\n",
    );
    let r = fpmlint(repo, &["--format", "concise", "."]);
    // pm = static without pm.max_children: php-fpm refuses to start.
    assert!(
        r.stdout.contains("rootfs/etc/php83/php-fpm.d/www.conf")
            && r.stdout.contains("pool-invalid"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    let listed = fpmlint(repo, &["--list-files", "."]);
    assert!(
        listed
            .stdout
            .contains("rootfs/etc/php83/php-fpm.d/www.conf  php-fpm pool file"),
        "{}",
        listed.stdout
    );
    assert!(
        listed
            .stdout
            .contains("rootfs/opt/app/site.conf  no entry point of its host reaches it"),
        "{}",
        listed.stdout
    );
}

/// Templates (Go's `{{ }}`, `{name}`, `@NAME@`) are rendered into configs; they
/// are listed with that reason, never parsed as nginx or php-fpm files.
#[test]
fn templates_are_listed_not_linted() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    write(
        &repo.join("assets/nginx-site.conf"),
        "server {\n    listen 80;\n    {{ if .Https }}listen 443 ssl;{{ end }}\n    root {{ .Docroot }};\n}\n",
    );
    write(
        &repo.join("provision/site-fallback.conf"),
        "server {\n    listen 80;\n    server_name {vvv_hosts};\n    {vvv_tls_cert}\n}\n",
    );
    write(
        &repo.join("tpls/www.conf"),
        "[www]\nlisten = /run/php-fpm.sock\npm = dynamic\npm.max_children = @FPM_PM_MAX_CHILDREN@\n",
    );
    // Named as a main file, under a directory standing for / that is a
    // templates folder.
    write(
        &repo.join("rootfs/tpls/etc/nginx/nginx.conf"),
        "events {}\nhttp {\n    client_max_body_size @UPLOAD_MAX_SIZE@;\n}\n",
    );
    write(
        &repo.join("nginx/nginx.conf"),
        &nginx_conf("127.0.0.1:9000"),
    );
    let r = fpmlint(repo, &["--format", "concise", "."]);
    assert!(!r.stdout.contains("nginx-syntax"), "{}", r.stdout);
    assert!(!r.stdout.contains("invalid-value"), "{}", r.stdout);
    assert!(!r.stdout.contains("fpm-invalid-value"), "{}", r.stdout);
    let listed = fpmlint(repo, &["--list-files", "."]);
    for f in [
        "assets/nginx-site.conf",
        "provision/site-fallback.conf",
        "tpls/www.conf",
        "rootfs/tpls/etc/nginx/nginx.conf",
    ] {
        assert!(
            listed
                .stdout
                .contains(&format!("{f}  a template (placeholders")),
            "{f}: {}",
            listed.stdout
        );
    }
}

/// `include /var/www/html/nginx[.]conf;` (an application's optional file) in a
/// repository: nginx starts whether it matches or not, so the check is complete
/// and says what it did not see.
#[test]
fn a_glob_into_a_directory_the_repository_lacks_is_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    write(
        &repo.join("nginx/nginx.conf"),
        "events {}\nhttp {\n    server {\n        listen 80;\n        include /var/www/html/nginx[.]conf;\n    }\n}\n",
    );
    let r = fpmlint(repo, &["--format", "concise", "."]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("info[nginx-include] include \"/var/www/html/nginx[.]conf\" matches no file in the repository"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("INCOMPLETE"), "{}", r.stdout);
}

/// Two PHP versions' masters on one socket: an error on a machine (each
/// installed version's service starts), a warning for a tree kept in a
/// repository (an image shipping every version it can run).
#[test]
fn two_masters_on_one_socket_in_a_repository_are_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let machine = tmp.path().join("machine");
    for v in ["8.1", "8.2"] {
        write(
            &machine.join(format!("etc/php/{v}/fpm/php-fpm.conf")),
            &format!("[global]\npid = /run/php/php{v}-fpm.pid\ninclude = /etc/php/{v}/fpm/pool.d/*.conf\n"),
        );
        write(
            &machine.join(format!("etc/php/{v}/fpm/pool.d/www.conf")),
            &pool("/run/php/php-fpm.sock"),
        );
    }
    let alone = fpmlint(
        &machine,
        &["--format", "concise", "--select", "listen-collision", "."],
    );
    assert!(
        alone
            .stdout
            .contains("error[listen-collision] two php-fpm masters claim the socket"),
        "{}",
        alone.stdout
    );
    let repo = tmp.path();
    let inside = fpmlint(
        repo,
        &["--format", "concise", "--select", "listen-collision", "."],
    );
    assert!(
        inside.stdout.contains(
            "warning[listen-collision] two php-fpm masters, if both run, claim the socket"
        ),
        "{}",
        inside.stdout
    );
    assert!(
        !inside.stdout.contains("error[listen-collision]"),
        "{}",
        inside.stdout
    );
}

#[test]
fn a_units_environment_and_user_are_its_php_fpm_masters() {
    // A Debian sysroot whose php-fpm unit sets the variables the pool reads:
    // Environment= and EnvironmentFile= (which wins), and User=.
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path().join("srv");
    write(
        &r.join("etc/nginx/nginx.conf"),
        &nginx_conf("unix:/run/php/php8.2-fpm.sock"),
    );
    write(&r.join("etc/nginx/fastcgi.conf"), FASTCGI_CONF);
    write(
        &r.join("etc/php/8.2/fpm/php-fpm.conf"),
        "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n",
    );
    write(
        &r.join("etc/php/8.2/fpm/pool.d/www.conf"),
        "[www]\nlisten = /run/php/php8.2-fpm.sock\nlisten.mode = 0666\npm = ondemand\n\
         pm.max_children = ${CHILDREN}\nrequest_terminate_timeout = ${FPM_TIMEOUT}\n",
    );
    write(
        &r.join("lib/systemd/system/php8.2-fpm.service"),
        "[Service]\nExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\n\
         User=www-data\nEnvironment=FPM_TIMEOUT=30 CHILDREN=4\nEnvironmentFile=-/etc/default/php-fpm\n",
    );
    write(
        &r.join("etc/default/php-fpm"),
        "# tuning\nFPM_TIMEOUT=120\n",
    );
    let run = fpmlint(&r, &["--format", "human", "."]);
    let out = run
        .stdout
        .split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ");
    // FPM_TIMEOUT: 120 from the EnvironmentFile, beyond nginx's 60s.
    assert!(
        out.contains("php-fpm lets it run up to 120 seconds"),
        "{out}"
    );
    assert!(
        out.contains("request_terminate_timeout = 120: `${FPM_TIMEOUT}` from etc/default/php-fpm:2 (EnvironmentFile=)"),
        "{out}"
    );
    // The master runs as www-data (User=): the pool needs no `user`.
    assert!(!out.contains("user has not been defined"), "{out}");
    assert!(!out.contains("that read `pm.max_children`"), "{out}");
    // Without the unit, the same pool is judged as under a root master, and
    // its variables are unknown.
    std::fs::remove_file(r.join("lib/systemd/system/php8.2-fpm.service")).unwrap();
    let run = fpmlint(&r, &["--format", "human", "."]);
    let out = run
        .stdout
        .split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ");
    assert!(out.contains("user has not been defined"), "{out}");
    assert!(
        out.contains("the timeouts of pool [www] are not checked"),
        "{out}"
    );
}

#[test]
fn the_nginx_target_of_fpmlint_toml_decides_newer_directives() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("nginx/nginx.conf"),
        "events {}\nhttp {\n    server {\n        listen 443 ssl;\n        http2 on;\n        ssl_certificate /etc/ssl/a.crt;\n        ssl_certificate_key /etc/ssl/a.key;\n    }\n}\n",
    );
    // Unknown release: a warning that names the release that added it.
    let run = fpmlint(r, &["--select", "unknown-directive", "."]);
    assert!(
        run.stdout
            .contains("warning[unknown-directive] \"http2\" needs nginx 1.25.1 or later"),
        "{}",
        run.stdout
    );
    write(
        &r.join(".fpmlint.toml"),
        "[target]\nnginx = \"1.26\"\nmodules = [\"ngx_http_js_module\"]\n",
    );
    let run = fpmlint(r, &["--select", "unknown-directive", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.stdout.contains("http2"), "{}", run.stdout);
    // `fpmlint dump` shows the release and the modules with their origins.
    let dump = fpmlint(r, &["dump", "."]);
    let v: serde_json::Value = serde_json::from_str(&dump.stdout).unwrap();
    let target = &v["hosts"][0]["nginx"][0]["target"];
    assert_eq!(
        target["nginx"],
        serde_json::json!({"release": "1.26", "origin": "`[target] nginx` in .fpmlint.toml"}),
        "{}",
        dump.stdout
    );
    assert_eq!(
        target["modules"]["loaded"],
        serde_json::json!(["ngx_http_js_module.so"]),
        "{}",
        dump.stdout
    );
    write(&r.join(".fpmlint.toml"), "[target]\nnginx = \"1.24.0\"\n");
    let run = fpmlint(r, &["--select", "unknown-directive", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "error[unknown-directive] nginx refuses to start: unknown directive \"http2\": nginx 1.24.0 does not have it (nginx 1.25.1 added it)"
        ),
        "{}",
        run.stdout
    );
    // Not a release: the configuration file is refused, pointing at the value.
    write(&r.join(".fpmlint.toml"), "[target]\nnginx = \"stable\"\n");
    let run = fpmlint(r, &["."]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("`stable` is not an nginx release"),
        "{}",
        run.stderr
    );
}

/// A status or ping path from an unset variable is unknown: no startup check
/// reads `${PHP_FPM_PM_STATUS_PATH}` as the path itself.
#[test]
fn an_unknown_status_path_is_not_judged() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    write(
        &repo.join("php-fpm.d/pool.conf"),
        "[www]\nuser = www-data\ngroup = www-data\nlisten = 9000\npm = static\npm.max_children = 4\n\
         pm.status_path = ${PHP_FPM_PM_STATUS_PATH}\nping.path = ${PING}\n",
    );
    let r = fpmlint(
        repo,
        &["--format", "concise", "--select", "pool-invalid", "."],
    );
    assert!(!r.stdout.contains("must start with a '/'"), "{}", r.stdout);
    assert!(!r.stdout.contains("error[pool-invalid]"), "{}", r.stdout);
    assert!(
        r.stdout.contains("info[pool-invalid]") && r.stdout.contains("`pm.status_path`"),
        "{}",
        r.stdout
    );
}

/// An include that reaches a template (gomplate's `{{ getenv "X" }}`) in a
/// repository: an info note, never a syntax error in a file nginx never reads
/// as it is.
#[test]
fn an_included_template_is_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    write(
        &repo.join("nginx/nginx.conf"),
        "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n",
    );
    write(
        &repo.join("nginx/conf.d/default.conf"),
        "server {\n    listen 80;\n    server_name {{ getenv \"APP_DOMAIN\" }};\n}\n",
    );
    let r = fpmlint(repo, &["--format", "concise", "."]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("nginx-syntax"), "{}", r.stdout);
    assert!(
        r.stdout.contains("info[nginx-include]") && r.stdout.contains("is a template"),
        "{}",
        r.stdout
    );
}

/// A site kept in `etc/nginx/sites-available/` of a repository (no nginx.conf):
/// `/etc/nginx/snippets/...` is its sibling directory, and an include of a file
/// rendered at start from `NAME.template` beside it is a note.
#[test]
fn a_site_in_sites_available_reads_its_siblings_and_rendered_files() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    write(
        &repo.join("etc/nginx/sites-available/site"),
        "server {\n    listen 80;\n    include /etc/nginx/snippets/headers.conf;\n    include /etc/nginx/site-opts.d/http.conf;\n}\n",
    );
    write(
        &repo.join("etc/nginx/snippets/headers.conf"),
        "add_header X-Frame-Options SAMEORIGIN;\n",
    );
    write(
        &repo.join("etc/nginx/site-opts.d/http.conf.template"),
        "listen ${NGINX_HTTP_PORT};\n",
    );
    let r = fpmlint(repo, &["--format", "concise", "."]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        !r.stdout.contains("headers.conf\" is not in the repository"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("info[nginx-include] included file \"/etc/nginx/site-opts.d/http.conf\" is rendered when the container starts from etc/nginx/site-opts.d/http.conf.template"),
        "{}",
        r.stdout
    );
}

/// `[hosts."<name>".target]` decides for its host over `[target]`: the release
/// and the modules, each finding on the host whose target refuses it.
#[test]
fn a_host_target_overrides_the_target_of_every_host() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    for h in ["web1", "web2"] {
        write(
            &r.join(format!("hosts/{h}/etc/nginx/nginx.conf")),
            "events {}\nhttp {\n    server {\n        listen 443 ssl;\n        http2 on;\n        ssl_certificate /etc/ssl/a.crt;\n        ssl_certificate_key /etc/ssl/a.key;\n        more_set_headers \"Server: web\";\n    }\n}\n",
        );
    }
    write(
        &r.join(".fpmlint.toml"),
        "[target]\nnginx = \"1.26\"\nmodules = [\"libnginx-mod-http-headers-more-filter\"]\n\n\
         [hosts.\"hosts/web1\".target]\nnginx = \"1.24\"\nmodules = []\n",
    );
    let run = fpmlint(r, &["--select", "unknown-directive", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("[unknown-directive]"))
        .collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines.iter().all(|l| l.starts_with("hosts/web1/")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "unknown directive \"http2\": nginx 1.24 does not have it (nginx 1.25.1 added it)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("unknown directive \"more_set_headers\": it comes from the module ngx_http_headers_more_filter_module.so, which this host does not load"),
        "{}",
        run.stdout
    );
    // The human report says where the release and the modules are declared.
    let run = fpmlint(
        r,
        &["--select", "unknown-directive", "--format", "human", "."],
    );
    let out = run
        .stdout
        .split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        out.contains("nginx 1.24: from `[hosts.\"hosts/web1\".target] nginx` in .fpmlint.toml"),
        "{out}"
    );
    assert!(
        out.contains("`modules` of [hosts.\"hosts/web1\".target] in .fpmlint.toml"),
        "{out}"
    );
    // Without the host's section, [target] holds for both: clean.
    write(
        &r.join(".fpmlint.toml"),
        "[target]\nnginx = \"1.26\"\nmodules = [\"modules/ngx_http_headers_more_filter_module.so\"]\n",
    );
    let run = fpmlint(r, &["--select", "unknown-directive", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // A section that names no host is said to be unused.
    write(
        &r.join(".fpmlint.toml"),
        "[target]\nnginx = \"1.26\"\nmodules = [\"libnginx-mod-http-headers-more-filter\"]\n\n[hosts.\"web9\".target]\nnginx = \"1.24\"\n",
    );
    let run = fpmlint(r, &["--select", "unknown-directive", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(".fpmlint.toml [hosts.\"web9\".target] names no host linted, its target is not used (the hosts: \"hosts/web1\", \"hosts/web2\")"),
        "{}",
        run.stdout
    );
    // A module name that is no file name is refused, pointing at it.
    write(
        &r.join(".fpmlint.toml"),
        "[target]\nmodules = [\"lua jit\"]\n",
    );
    let run = fpmlint(r, &["."]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("`lua jit` is not a module name"),
        "{}",
        run.stderr
    );
}

/// The official nginx image ships njs, GeoIP, image filter and XSLT as
/// dynamic modules its nginx.conf does not load; a build that names modules
/// in its RUN lines is another image, whose modules are unknown.
#[test]
fn the_official_image_loads_its_modules_only_by_load_module() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27-alpine\n    volumes:\n      - ./default.conf:/etc/nginx/conf.d/default.conf:ro\n",
    );
    write(
        &r.join("default.conf"),
        "server {\n    listen 80;\n    location / {\n        js_content main.hello;\n    }\n}\n",
    );
    let run = fpmlint(r, &["--select", "unknown-directive", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("unknown directive \"js_content\": it comes from the module ngx_http_js_module.so, which the image ships but this configuration does not load"),
        "{}",
        run.stdout
    );
    // The -slim image ships no module at all.
    write(
        &r.join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27-alpine-slim\n    volumes:\n      - ./default.conf:/etc/nginx/conf.d/default.conf:ro\n",
    );
    let run = fpmlint(r, &["--select", "unknown-directive", "."]);
    assert!(
        run.stdout
            .contains("which the image nginx:1.27-alpine-slim does not have"),
        "{}",
        run.stdout
    );
    // A build that installs a module: its image's modules are not known.
    write(
        &r.join("compose.yaml"),
        "services:\n  web:\n    build: .\n    volumes:\n      - ./default.conf:/etc/nginx/conf.d/default.conf:ro\n",
    );
    write(
        &r.join("Dockerfile"),
        "FROM nginx:1.27-alpine\nRUN apk add --no-cache nginx-module-njs && sed -i '1i load_module modules/ngx_http_js_module.so;' /etc/nginx/nginx.conf\n",
    );
    let run = fpmlint(r, &["--select", "unknown-directive", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// A Dockerfile with no compose file (nginx and php-fpm in one image under
/// supervisord) that copies a pool into the image and ends with `USER nobody`:
/// its master runs as nobody, so the pool needs no `user`. The destination's
/// `${PHP_INI_DIR}` is the Dockerfile's own ENV.
#[test]
fn a_dockerfiles_user_runs_the_master_of_the_pool_it_copies() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("config/fpm-pool.conf"),
        "[global]\nerror_log = /dev/stderr\n\n[www]\nlisten = 127.0.0.1:9000\npm = ondemand\npm.max_children = 10\n",
    );
    let dockerfile = "FROM alpine:3.20\nRUN apk add --no-cache nginx php83 php83-fpm supervisor\nENV PHP_INI_DIR=/etc/php83\nCOPY config/fpm-pool.conf ${PHP_INI_DIR}/php-fpm.d/www.conf\nUSER nobody\n";
    write(&r.join("Dockerfile"), dockerfile);
    let run = fpmlint(r, &["--select", "pool-invalid", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let dump = fpmlint(r, &["dump", "."]);
    assert!(
        dump.stdout.contains("\"user\": \"nobody\""),
        "{}",
        dump.stdout
    );
    assert!(
        dump.stdout.contains("\"at\": \"Dockerfile:5\""),
        "{}",
        dump.stdout
    );
    // Without USER the master is root, and the pool needs its user.
    write(
        &r.join("Dockerfile"),
        &dockerfile.replace("USER nobody\n", ""),
    );
    let run = fpmlint(r, &["--select", "pool-invalid", "."]);
    assert!(
        run.stdout
            .contains("`[pool www] user has not been defined`"),
        "{}",
        run.stdout
    );
}

/// A directory standing for / inside a repository (an image overlay) whose
/// nginx.conf includes modules-enabled: the image's packages may put the
/// load_module lines there, so a module's directive is not "not loaded"; and
/// nginx beside Apache on one port there is a warning (either may be the one
/// the image starts).
#[test]
fn an_overlay_does_not_know_its_modules_or_which_server_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    let conf = "events {}\nhttp {\n    include /etc/nginx/modules-enabled/*.conf;\n    brotli on;\n    server {\n        listen 80;\n    }\n}\n";
    write(&repo.join("rootfs/etc/nginx/nginx.conf"), conf);
    write(
        &repo.join("rootfs/etc/apache2/apache2.conf"),
        "Include ports.conf\n",
    );
    write(&repo.join("rootfs/etc/apache2/ports.conf"), "Listen 80\n");
    let r = fpmlint(repo, &["--format", "concise", "."]);
    assert!(
        !r.stdout.contains("error[unknown-directive]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "warning[listen-collision] if both run, nginx and Apache both listen on port 80"
        ),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("error[listen-collision]"),
        "{}",
        r.stdout
    );
    // The same tree linted as the machine itself: both are certain.
    let m = fpmlint(&repo.join("rootfs"), &["--format", "concise", "."]);
    assert!(
        m.stdout.contains("error[unknown-directive]"),
        "{}",
        m.stdout
    );
    assert!(m.stdout.contains("error[listen-collision]"), "{}", m.stdout);
}

/// A repository of templates only: nothing to lint, and the message says why.
#[test]
fn a_repository_of_templates_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    write(
        &repo.join("tpls/etc/nginx/nginx.conf"),
        "events {}\nhttp {\n    client_max_body_size @UPLOAD_MAX_SIZE@;\n}\n",
    );
    let r = fpmlint(repo, &["."]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        format!("{}{}", r.stdout, r.stderr)
            .contains("(1 template skipped: lint the files they render to"),
        "{}{}",
        r.stdout,
        r.stderr
    );
}

/// `[target] php` (and per host) decides which php-fpm options exist: a key
/// added after the declared release is php-fpm's `unknown entry`; the
/// declaration wins over the versioned layout.
#[test]
fn the_php_target_of_fpmlint_toml_decides_newer_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("php-fpm.d/www.conf"),
        "[www]\nuser = www-data\ngroup = www-data\nlisten = 9000\npm = dynamic\npm.max_children = 5\n\
         pm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\npm.max_spawn_rate = 8\n",
    );
    // Release unknown: nothing said.
    let run = fpmlint(r, &["--select", "fpm-unknown-key", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    write(&r.join(".fpmlint.toml"), "[target]\nphp = \"8.0\"\n");
    let run = fpmlint(r, &["--select", "fpm-unknown-key", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "error[fpm-unknown-key] php-fpm 8.0 refuses to start: `unknown entry 'pm.max_spawn_rate'`"
        ),
        "{}",
        run.stdout
    );
    write(&r.join(".fpmlint.toml"), "[target]\nphp = \"8.1\"\n");
    let run = fpmlint(r, &["--select", "fpm-unknown-key", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // `fpmlint dump` shows the release with its origin.
    let dump = fpmlint(r, &["dump", "."]);
    let v: serde_json::Value = serde_json::from_str(&dump.stdout).unwrap();
    assert_eq!(
        v["hosts"][0]["php_fpm"][0]["target"]["php"],
        serde_json::json!({"release": "8.1", "origin": "`[target] php` in .fpmlint.toml"}),
        "{}",
        dump.stdout
    );
    // Not a release: the configuration file is refused, pointing at the value.
    write(&r.join(".fpmlint.toml"), "[target]\nphp = \"latest\"\n");
    let run = fpmlint(r, &["."]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("`latest` is not a PHP release"),
        "{}",
        run.stderr
    );
}

/// `[hosts."<name>".target] php` decides for its host over the image's tag.
#[test]
fn a_host_php_target_overrides_the_image_tag() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("compose.yaml"),
        "services:\n  php:\n    image: php:8.3-fpm\n    volumes:\n      - ./php/zz-app.conf:/usr/local/etc/php-fpm.d/zz-app.conf:ro\n",
    );
    write(
        &r.join("php/zz-app.conf"),
        "[www]\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\n\
         pm.max_spare_servers = 3\npm.status_listen = 127.0.0.1:9001\n",
    );
    let run = fpmlint(r, &["--select", "fpm-unknown-key", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    write(
        &r.join(".fpmlint.toml"),
        "[hosts.\"php\".target]\nphp = \"7.4\"\n",
    );
    let run = fpmlint(
        r,
        &["--format", "human", "--select", "fpm-unknown-key", "."],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = run
        .stdout
        .split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        out.contains("php-fpm 7.4 refuses to start: `unknown entry 'pm.status_listen'`")
            && out.contains(
                "PHP 7.4 is the release of `[hosts.\"php\".target] php` in .fpmlint.toml"
            ),
        "{out}"
    );
}

/// A compose service of an official image with no etc/passwd in the
/// repository: `fpmlint dump` shows the image's accounts as the assumption
/// unknown-account reads.
#[test]
fn dump_shows_the_accounts_assumed_for_an_image() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27-alpine\n",
    );
    let dump = fpmlint(r, &["dump", "."]);
    let v: serde_json::Value = serde_json::from_str(&dump.stdout).unwrap();
    let accounts = &v["hosts"][0]["accounts"];
    assert!(
        accounts["origin"].as_str().is_some_and(
            |o| o.starts_with("assumption: the accounts of the image nginx:1.27-alpine")
        ),
        "{accounts}"
    );
    let users: Vec<&str> = accounts["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["name"].as_str())
        .collect();
    assert!(
        users.contains(&"nginx") && !users.contains(&"www-data"),
        "{users:?}"
    );
}

/// An nginx image template is read for its findings, and `--list-files` keeps
/// saying what it is.
#[test]
fn a_template_read_for_its_findings_keeps_its_role() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./templates:/etc/nginx/templates:ro\n",
    );
    write(
        &r.join("templates/default.conf.template"),
        "server {\n    listen 80;\n    root ${APP_ROOT};\n}\n",
    );
    let run = fpmlint(r, &["--format", "concise", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "templates/default.conf.template:3:10: error[template-variable-undefined] nginx refuses to start, logging `unknown \"app_root\" variable` (emerg)"
        ),
        "{}",
        run.stdout
    );
    let files = fpmlint(r, &["--list-files", "."]);
    assert!(
        files.stdout.contains(
            "templates/default.conf.template  an nginx image template: linted as the conf.d file the image renders from it"
        ),
        "{}",
        files.stdout
    );
}

/// The declared PHP release decides what `${NAME:-default}` reads as it
/// decides fpm-unknown-key: the default of an image of PHP 8.3 applies, and a
/// host declared PHP 8.2 reads the whole `NAME:-default` as a variable's name.
#[test]
fn the_declared_php_release_decides_variable_fallbacks() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n\
         \x20     - ./src:/var/www/html\n  php:\n    image: php:8.3-fpm\n    volumes:\n\
         \x20     - ./php/zz-app.conf:/usr/local/etc/php-fpm.d/zz-app.conf:ro\n      - ./src:/var/www/html\n",
    );
    write(
        &r.join("nginx/default.conf"),
        "server {\n    listen 80;\n    root /var/www/html;\n    location ~ \\.php$ {\n        try_files $uri =404;\n\
         \x20       include fastcgi_params;\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n\
         \x20       fastcgi_pass php:9000;\n    }\n}\n",
    );
    write(
        &r.join("php/zz-app.conf"),
        "[www]\nrequest_terminate_timeout = ${FPM_TIMEOUT:-120}\n",
    );
    let run = fpmlint(
        r,
        &["--format", "human", "--select", "timeout-inversion", "."],
    );
    let out = flatten(&run.stdout);
    assert!(
        out.contains("php-fpm lets it run up to 120 seconds"),
        "{out}"
    );
    write(
        &r.join(".fpmlint.toml"),
        "[hosts.\"php\".target]\nphp = \"8.2\"\n",
    );
    let run = fpmlint(
        r,
        &["--format", "human", "--select", "timeout-inversion", "."],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let out = flatten(&run.stdout);
    assert!(!out.contains("up to 120 seconds"), "{out}");
    assert!(
        out.contains(
            "this host runs PHP 8.2: `${NAME:-default}` is PHP 8.3's; PHP 8.2 reads the whole `FPM_TIMEOUT:-120` as one variable's name, so the default never applies and `FPM_TIMEOUT` itself is not read"
        ),
        "{out}"
    );
    // The other way round: the image says 8.2, the declaration 8.3.
    let compose = std::fs::read_to_string(r.join("compose.yaml")).unwrap();
    write(
        &r.join("compose.yaml"),
        &compose.replace("php:8.3-fpm", "php:8.2-fpm"),
    );
    write(&r.join(".fpmlint.toml"), "[target]\nphp = \"8.3\"\n");
    let run = fpmlint(
        r,
        &["--format", "human", "--select", "timeout-inversion", "."],
    );
    let out = flatten(&run.stdout);
    assert!(
        out.contains("php-fpm lets it run up to 120 seconds"),
        "{out}"
    );
}

/// php-fpm's default `listen.backlog` is 511 before PHP 8.2 and -1 (the
/// kernel's cap) since: a tree whose layout names no release follows the
/// declared one.
#[test]
fn the_declared_php_release_decides_the_default_backlog() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("etc/php-fpm.d/www.conf"),
        "[www]\nuser = apache\ngroup = apache\nlisten = /run/php-fpm/www.sock\nlisten.mode = 0666\n\
         pm = static\npm.max_children = 4\n",
    );
    write(
        &r.join("etc/sysctl.d/90-net.conf"),
        "net.core.somaxconn = 128\n",
    );
    let args = [
        "--format",
        "human",
        "--select",
        "backlog-above-somaxconn",
        ".",
    ];
    let run = fpmlint(r, &args);
    assert_eq!(run.code, 0, "{}", run.stdout);
    write(&r.join(".fpmlint.toml"), "[target]\nphp = \"7.4\"\n");
    let run = fpmlint(r, &args);
    let out = flatten(&run.stdout);
    assert!(
        out.contains(
            "pool [www]: php-fpm 7.4's default backlog of 511 is silently cut to 128 by net.core.somaxconn"
        ) && out.contains("PHP 7.4 is the release of `[target] php` in .fpmlint.toml"),
        "{out}"
    );
    write(&r.join(".fpmlint.toml"), "[target]\nphp = \"8.2\"\n");
    let run = fpmlint(r, &args);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// Human output as one line of words (the frame's bars left out).
fn flatten(s: &str) -> String {
    s.split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

/// A sysroot without etc/passwd whose layout names Debian: `fpmlint dump`
/// shows Debian's stock accounts as the assumption unknown-account reads.
#[test]
fn dump_shows_the_accounts_assumed_for_a_distribution() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/unknown-account/bad-debian-layout-nginx-user");
    let dump = fpmlint(&dir, &["dump", "."]);
    let v: serde_json::Value = serde_json::from_str(&dump.stdout).unwrap();
    let accounts = &v["hosts"][0]["accounts"];
    assert!(
        accounts["origin"]
            .as_str()
            .is_some_and(|o| o.starts_with("assumption: Debian's stock accounts")
                && o.contains("as the layout says (etc/")),
        "{accounts}"
    );
    let users = accounts["users"].as_array().unwrap();
    assert!(users.iter().any(|u| u["name"] == "www-data"), "{accounts}");
    assert!(!users.iter().any(|u| u["name"] == "nginx"), "{accounts}");
}

/// Debian's `sites-enabled/x -> ../sites-available/x`: the site is read once,
/// through the link nginx includes, and `--list-files` names the other path
/// with the file it leads to.
#[test]
fn a_linked_site_is_read_once_and_its_other_path_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("sysroot");
    write(
        &root.join("etc/nginx/nginx.conf"),
        "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n",
    );
    write(
        &root.join("etc/nginx/sites-available/shop"),
        "server {\n    listen 80;\n    root /var/www/shop;\n}\n",
    );
    std::fs::create_dir_all(root.join("etc/nginx/sites-enabled")).unwrap();
    std::os::unix::fs::symlink(
        "../sites-available/shop",
        root.join("etc/nginx/sites-enabled/shop"),
    )
    .unwrap();
    let run = fpmlint(tmp.path(), &["--list-files", "sysroot"]);
    assert!(
        run.stdout.contains(
            "not read again: the same file as one above, by another path\n  sysroot/etc/nginx/sites-available/shop  (= sysroot/etc/nginx/sites-enabled/shop)\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  sysroot/etc/nginx/sites-enabled/shop  nginx include"),
        "{}",
        run.stdout
    );
}
