//! Compose repositories: each nginx or php-fpm service is a host, the image's
//! own files complete what the repository mounts, and nginx reaches the other
//! services by name over the project's networks.

use std::process::Command;

mod common;
use common::{fpmlint, write, Run};

/// Human output without its line wrapping and frame characters.
fn flat(s: &str) -> String {
    s.split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

const COMPOSE: &str = "\
services:
  web:
    image: nginx:1.27
    ports:
      - \"8080:80\"
    volumes:
      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
      - ./src:/var/www/html
    depends_on:
      - php
  php:
    build: ./php
    volumes:
      - type: bind
        source: ./src
        target: /var/www/html
  db:
    image: mariadb:11
";

fn site(pass: &str) -> String {
    format!(
        "server {{
    listen 80;
    server_name localhost;
    root /var/www/html;
    index index.php;

    location / {{
        try_files $uri $uri/ /index.php?$query_string;
    }}

    location ~ \\.php$ {{
        try_files $uri =404;
        fastcgi_pass {pass};
        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
        include fastcgi_params;
    }}
}}
"
    )
}

const POOL: &str = "\
[www]
pm = dynamic
pm.max_children = 10
pm.start_servers = 3
pm.min_spare_servers = 2
pm.max_spare_servers = 4
";

/// A compose repository holding only the files it mounts or copies: nginx's
/// default.conf, a pool override copied by the php Dockerfile, the compose file.
fn repo(compose: &str, pass: &str, pool_extra: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(&r.join("compose.yaml"), compose);
    write(&r.join("nginx/default.conf"), &site(pass));
    write(
        &r.join("php/Dockerfile"),
        "FROM php:8.3-fpm\nCOPY zz-app.conf /usr/local/etc/php-fpm.d/zz-app.conf\n",
    );
    write(&r.join("php/zz-app.conf"), &format!("{POOL}{pool_extra}"));
    write(&r.join("src/index.php"), "<?php echo 'hi';\n");
    tmp
}

#[test]
fn a_compose_repository_of_mounted_files_lints_clean() {
    let tmp = repo(COMPOSE, "php:9000", "");
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("compose.yaml service web: 1 nginx tree")
            && run
                .stdout
                .contains("compose.yaml service php: 0 nginx trees, 1 php-fpm pool")
            && run.stdout.contains("no findings"),
        "{}",
        run.stdout
    );
    // Without the image's fastcgi_params, nginx would not start; without its
    // docker.conf, the pool would have no listen.
    let files = fpmlint(tmp.path(), &["--list-files", "."]);
    for f in [
        "web (image nginx:1.27)/etc/nginx/nginx.conf  nginx main configuration",
        "web (image nginx:1.27)/etc/nginx/fastcgi_params  nginx include",
        "nginx/default.conf  nginx include",
        "php (image php:8.3-fpm)/usr/local/etc/php-fpm.d/zz-docker.conf  php-fpm include",
        "php/zz-app.conf  php-fpm include",
        "read for the deployment\n  compose.yaml  compose file",
    ] {
        assert!(files.stdout.contains(f), "{f}:\n{}", files.stdout);
    }
    // The mounted file is linted once, in its container, not as a loose file of
    // the repository.
    assert_eq!(files.stdout.matches("nginx/default.conf").count(), 1);
    // The image's own default.conf is hidden by the mount.
    assert!(
        !files.stdout.contains("conf.d/default.conf"),
        "{}",
        files.stdout
    );
}

#[test]
fn loopback_from_the_nginx_container_names_both_services() {
    let tmp = repo(COMPOSE, "127.0.0.1:9000", "");
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("fastcgi-pass-unmatched"),
        "{}",
        run.stdout
    );
    let flat = flat(&run.stdout);
    assert!(
        flat.contains("nginx runs in compose service `web` (image nginx:1.27) and the pool in compose service `php` (image php:8.3-fpm): each container has its own loopback"),
        "{flat}"
    );
    assert!(flat.contains("(php:9000)"), "{flat}");
}

#[test]
fn a_pool_on_loopback_is_unreachable_from_another_service() {
    let tmp = repo(COMPOSE, "php:9000", "listen = 127.0.0.1:9000\n");
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let flat = flat(&run.stdout);
    assert!(
        flat.contains(
            "pool [www] listens on 127.0.0.1:9000 (loopback only), but nginx connects to php:9000"
        ),
        "{flat}"
    );
    assert!(flat.contains("compose service `php`"), "{flat}");
}

#[test]
fn an_unknown_service_name_stops_nginx() {
    let tmp = repo(COMPOSE, "app:9000", "");
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("nginx refuses to start: `[emerg] host not found in upstream \"app\"`"),
        "{}",
        run.stdout
    );
    // Through an upstream block nginx quotes the whole address.
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(&r.join("compose.yaml"), COMPOSE);
    write(
        &r.join("nginx/default.conf"),
        &format!(
            "upstream backend {{ server app:9000; }}\n{}",
            site("backend")
        ),
    );
    write(&r.join("php/Dockerfile"), "FROM php:8.3-fpm\n");
    let run = fpmlint(r, &["."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("`[emerg] host not found in upstream \"app:9000\"`"),
        "{}",
        run.stdout
    );
}

#[test]
fn aliases_links_and_shared_network_namespaces() {
    // A network alias reaches the service.
    let aliased = COMPOSE.replace(
        "  php:\n    build: ./php\n",
        "  php:\n    build: ./php\n    networks:\n      default:\n        aliases: [app]\n",
    );
    let tmp = repo(&aliased, "app:9000", "");
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // A service on no network nginx shares is not reachable.
    let apart = COMPOSE.replace(
        "  php:\n    build: ./php\n",
        "  php:\n    build: ./php\n    networks: [backend]\n",
    ) + "networks:\n  backend: {}\n";
    let tmp = repo(&apart, "php:9000", "");
    let run = fpmlint(tmp.path(), &["."]);
    assert!(
        run.stdout.contains("host not found in upstream \"php\""),
        "{}",
        run.stdout
    );
    // network_mode: service:php puts nginx on php's loopback.
    let shared = COMPOSE.replace(
        "    ports:\n      - \"8080:80\"\n",
        "    network_mode: service:php\n",
    );
    let tmp = repo(&shared, "127.0.0.1:9000", "");
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// COMPOSE with a named volume `sock` at /run/php in web and php.
fn shared_socket_dir(compose: &str) -> String {
    compose
        .replace(
            "      - ./src:/var/www/html\n",
            "      - ./src:/var/www/html\n      - sock:/run/php\n",
        )
        .replace(
            "        target: /var/www/html\n",
            "        target: /var/www/html\n      - type: volume\n        source: sock\n        target: /run/php\n",
        )
        + "volumes:\n  sock: {}\n"
}

#[test]
fn a_socket_is_shared_only_through_a_volume_both_services_mount() {
    let pool = "listen = /run/php/app.sock\nlisten.mode = 0666\n";
    let tmp = repo(&shared_socket_dir(COMPOSE), "unix:/run/php/app.sock", pool);
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // A bind mount of one directory in both shares it too, at any path.
    let bound = COMPOSE
        .replace(
            "      - ./src:/var/www/html\n",
            "      - ./src:/var/www/html\n      - ./run:/sockets\n",
        )
        .replace(
            "        target: /var/www/html\n",
            "        target: /var/www/html\n      - ./run/:/run/php\n",
        );
    let tmp = repo(&bound, "unix:/sockets/app.sock", pool);
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // No volume: the socket php-fpm creates is in php's container only.
    let tmp = repo(COMPOSE, "unix:/run/php/app.sock", pool);
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let text = flat(&run.stdout);
    assert!(
        text.contains("no php-fpm pool listens on unix:/run/php/app.sock")
            && text.contains("the pool creates its socket /run/php/app.sock inside compose service `php` (image php:8.3-fpm): each container has its own file system, so the socket is not visible in nginx's container; share /run/php through a named volume (or bind mount) mounted in both services")
            && text.contains("help: make the socket's directory one volume both containers mount at /run/php"),
        "{text}"
    );
    // Only php mounts the volume.
    let half = shared_socket_dir(COMPOSE).replacen("      - sock:/run/php\n", "", 1);
    let tmp = repo(&half, "unix:/run/php/app.sock", pool);
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        flat(&run.stdout)
            .contains("on a volume compose service `web` (image nginx:1.27) does not mount"),
        "{}",
        run.stdout
    );
    // volumes_from: web mounts php's volumes at php's paths.
    let from = half.replace(
        "    depends_on:\n",
        "    volumes_from:\n      - php\n    depends_on:\n",
    );
    let tmp = repo(&from, "unix:/run/php/app.sock", pool);
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn an_override_file_and_the_image_layout_decide_the_listen() {
    // php:8.2.30 (docker-library/php layout A): zz-docker.conf's `listen = 9000`
    // comes after zz-app.conf and wins, so a socket set there is overridden.
    // (The socket's directory is a named volume both services mount.)
    let tmp = repo(
        &shared_socket_dir(COMPOSE),
        "unix:/run/php/app.sock",
        "listen = /run/php/app.sock\n",
    );
    std::fs::write(
        tmp.path().join("php/Dockerfile"),
        "FROM php:8.2.30-fpm\nCOPY zz-app.conf /usr/local/etc/php-fpm.d/zz-app.conf\n",
    )
    .unwrap();
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("no php-fpm pool listens on unix:/run/php/app.sock"),
        "{}",
        run.stdout
    );
    // The same on a current image (layout B): the socket is the pool's listen
    // (nginx's workers, uid 101, write it only through its mode).
    write(
        &tmp.path().join("php/zz-app.conf"),
        &format!("{POOL}listen = /run/php/app.sock\nlisten.mode = 0666\n"),
    );
    std::fs::write(
        tmp.path().join("php/Dockerfile"),
        "FROM php:8.3-fpm\nCOPY zz-app.conf /usr/local/etc/php-fpm.d/zz-app.conf\n",
    )
    .unwrap();
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // An override file replaces the nginx site by another mount of the target.
    write(
        &tmp.path().join("compose.override.yml"),
        "services:\n  web:\n    volumes:\n      - ./nginx/other.conf:/etc/nginx/conf.d/default.conf\n",
    );
    write(&tmp.path().join("nginx/other.conf"), &site("nowhere:9000"));
    let run = fpmlint(tmp.path(), &["."]);
    assert!(
        run.stdout.contains("other.conf")
            && run
                .stdout
                .contains("host not found in upstream \"nowhere\""),
        "{}",
        run.stdout
    );
}

#[test]
fn another_services_hostname_is_no_dns_name() {
    // docker compose registers service names, container names and aliases;
    // `hostname:` names the container to itself only.
    let named = COMPOSE.replace(
        "  php:\n    build: ./php\n",
        "  php:\n    build: ./php\n    hostname: app\n    container_name: php-app\n",
    );
    let tmp = repo(&named, "app:9000", "");
    let run = fpmlint(tmp.path(), &["."]);
    assert!(
        run.stdout.contains("host not found in upstream \"app\""),
        "{}",
        run.stdout
    );
    let tmp = repo(&named, "php-app:9000", "");
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // links: [php:app] on the nginx service names php `app` for nginx.
    let linked = COMPOSE.replace(
        "    depends_on:\n",
        "    links:\n      - php:app\n    depends_on:\n",
    );
    let tmp = repo(&linked, "app:9000", "");
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

/// The php service of COMPOSE with lines added under it.
fn php_with(lines: &str) -> String {
    COMPOSE.replace(
        "  php:\n    build: ./php\n",
        &format!("  php:\n    build: ./php\n{lines}"),
    )
}

/// A pool whose request_terminate_timeout is `${FPM_TIMEOUT}`: with 120 seconds
/// it outlasts nginx's default fastcgi_read_timeout of 60s (a warning).
const TIMEOUT_FROM_ENV: &str = "request_terminate_timeout = ${FPM_TIMEOUT}\n";

#[test]
fn php_fpm_variables_resolve_from_the_services_environment() {
    let expect_120 = |r: &Run, from: &str| {
        let flat = flat(&r.stdout);
        assert!(
            flat.contains("gets 504 Gateway Time-out while php-fpm lets it run up to 120 seconds"),
            "{flat}"
        );
        assert!(
            flat.contains(&format!(
                "request_terminate_timeout = 120: `${{FPM_TIMEOUT}}` from {from}"
            )),
            "{from}: {flat}"
        );
    };
    // compose `environment:`, map form.
    let tmp = repo(
        &php_with("    environment:\n      FPM_TIMEOUT: 120\n"),
        "php:9000",
        TIMEOUT_FROM_ENV,
    );
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    expect_120(&run, "compose.yaml:14 (environment:)");
    // List form, interpolated from .env (which feeds the compose file only).
    let tmp = repo(
        &php_with("    environment:\n      - FPM_TIMEOUT=${T:-30}\n"),
        "php:9000",
        TIMEOUT_FROM_ENV,
    );
    write(&tmp.path().join(".env"), "# timeouts\nT=120\n");
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    expect_120(&run, "compose.yaml:14 (environment:)");
    // env_file: over the Dockerfile's ENV.
    let tmp = repo(
        &php_with("    env_file: ./php/app.env\n"),
        "php:9000",
        TIMEOUT_FROM_ENV,
    );
    write(&tmp.path().join("php/app.env"), "A=1\nFPM_TIMEOUT=120\n");
    write(
        &tmp.path().join("php/Dockerfile"),
        "FROM php:8.3-fpm\nENV FPM_TIMEOUT=30\nCOPY zz-app.conf /usr/local/etc/php-fpm.d/zz-app.conf\n",
    );
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    expect_120(&run, "php/app.env:2 (env_file:)");
    // The Dockerfile's ENV, through a stage and an ARG default.
    let tmp = repo(COMPOSE, "php:9000", TIMEOUT_FROM_ENV);
    write(
        &tmp.path().join("php/Dockerfile"),
        "FROM php:8.3-fpm AS base\nARG LIMIT=120\nENV FPM_TIMEOUT=${LIMIT}\n\nFROM base\nCOPY zz-app.conf /usr/local/etc/php-fpm.d/zz-app.conf\n",
    );
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    expect_120(&run, "php/Dockerfile:3 (Dockerfile ENV)");
}

#[test]
fn an_unresolved_variable_is_unknown_not_zero() {
    // Nothing sets FPM_TIMEOUT or MAX: no verdict on either, an info note, and
    // `${MAX}` is not read as max_execution_time = 0 (no limit).
    let tmp = repo(
        COMPOSE,
        "php:9000",
        "request_terminate_timeout = ${FPM_TIMEOUT}\npm.max_children = ${CHILDREN}\n",
    );
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    let flat = flat(&run.stdout);
    assert!(!flat.contains("error["), "{flat}");
    assert!(!flat.contains("warning[timeout-inversion]"), "{flat}");
    assert!(
        flat.contains("the timeouts of pool [www] are not checked: `request_terminate_timeout` comes from the environment and fpmlint does not know its value"),
        "{flat}"
    );
    assert!(
        flat.contains("`request_terminate_timeout` comes from `${FPM_TIMEOUT}`: not set in compose service `php` (its Dockerfile's ENV)"),
        "{flat}"
    );
    assert!(
        flat.contains("the startup checks of pool [www] that read `pm.max_children` are left out"),
        "{flat}"
    );
    // php.ini's max_execution_time from an unset variable is not 0 ("nothing
    // stops a hung request").
    let tmp = repo(COMPOSE, "php:9000", "request_terminate_timeout = 0\n");
    write(
        &tmp.path().join("php/Dockerfile"),
        "FROM php:8.3-fpm\nCOPY zz-app.conf /usr/local/etc/php-fpm.d/zz-app.conf\nCOPY app.ini /usr/local/etc/php/php.ini\n",
    );
    write(
        &tmp.path().join("php/app.ini"),
        "max_execution_time = ${MAX}\n",
    );
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    let out = self::flat(&run.stdout);
    assert!(!out.contains("nothing stops a hung PHP request"), "{out}");
    assert!(
        out.contains("`max_execution_time` comes from `${MAX}`"),
        "{out}"
    );
}

#[test]
fn a_pool_named_from_the_environment_is_the_pool_it_names() {
    // `[${POOL}]` with POOL=www reopens the image's [www]: one pool.
    let tmp = repo(
        &php_with("    environment:\n      POOL: www\n"),
        "php:9000",
        "",
    );
    write(
        &tmp.path().join("php/zz-app.conf"),
        "[${POOL}]\npm.max_children = 12\n",
    );
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("1 php-fpm pool)"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("comes from the environment"),
        "{}",
        run.stdout
    );
    // Unset: the section is one pool whose name is unknown (an info).
    let tmp = repo(COMPOSE, "php:9000", "");
    write(
        &tmp.path().join("php/zz-app.conf"),
        "[${POOL}]\npm.max_children = 12\n",
    );
    let run = fpmlint(tmp.path(), &["."]);
    assert!(!run.stdout.contains("error["), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("info[pool-invalid] the name of pool [${POOL}] comes from the environment"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_image_running_php_fpm_unprivileged_needs_no_pool_user() {
    // A pool of its own without `user =`: as root php-fpm refuses to start
    // (`[pool app] user has not been defined`); a master running as
    // www-data (the Dockerfile's USER, or compose `user:`) does not need it.
    let pool = "[app]\nlisten = 9000\npm = static\npm.max_children = 4\n";
    let dockerfile = |user: &str| {
        format!("FROM php:8.3-fpm\nRUN rm /usr/local/etc/php-fpm.d/www.conf\n{user}COPY zz-app.conf /usr/local/etc/php-fpm.d/zz-app.conf\n")
    };
    let tmp = repo(COMPOSE, "php:9000", "");
    write(&tmp.path().join("php/zz-app.conf"), pool);
    write(&tmp.path().join("php/Dockerfile"), &dockerfile(""));
    let run = fpmlint(tmp.path(), &["--select", "pool-invalid", "."]);
    assert!(
        run.stdout.contains("[pool app] user has not been defined"),
        "{}",
        run.stdout
    );
    write(
        &tmp.path().join("php/Dockerfile"),
        &dockerfile("USER www-data\n"),
    );
    let run = fpmlint(tmp.path(), &["--select", "pool-invalid", "."]);
    assert!(
        !run.stdout.contains("user has not been defined"),
        "{}",
        run.stdout
    );
    // compose `user:` overrides the image's USER, both ways.
    let tmp2 = repo(&php_with("    user: \"0\"\n"), "php:9000", "");
    write(&tmp2.path().join("php/zz-app.conf"), pool);
    write(
        &tmp2.path().join("php/Dockerfile"),
        &dockerfile("USER www-data\n"),
    );
    let run = fpmlint(tmp2.path(), &["--select", "pool-invalid", "."]);
    assert!(
        run.stdout.contains("[pool app] user has not been defined"),
        "{}",
        run.stdout
    );
    let tmp3 = repo(&php_with("    user: \"33:33\"\n"), "php:9000", "");
    write(&tmp3.path().join("php/zz-app.conf"), pool);
    write(&tmp3.path().join("php/Dockerfile"), &dockerfile(""));
    let run = fpmlint(tmp3.path(), &["--select", "pool-invalid", "."]);
    assert!(
        !run.stdout.contains("user has not been defined"),
        "{}",
        run.stdout
    );
}

#[test]
fn code_mounted_at_another_path_in_php_is_file_not_found() {
    // nginx has the code at /var/www/html, php at /app: php-fpm never finds
    // the script nginx names. Both mounts are named.
    let elsewhere = COMPOSE.replace("        target: /var/www/html\n", "        target: /app\n");
    let tmp = repo(&elsewhere, "php:9000", "");
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = flat(&run.stdout);
    assert!(
        out.contains("every PHP request here gets 404 \"File not found.\": nginx sends SCRIPT_FILENAME under /var/www/html, but compose service `php` mounts the code at /app"),
        "{out}"
    );
    assert!(
        out.contains(
            "compose.yaml:8 (volumes:): compose service `web` (nginx) mounts src at /var/www/html"
        ) && out.contains(
            "compose.yaml:16 (volumes:): compose service `php` (php-fpm) mounts src at /app"
        ),
        "{out}"
    );
    // The same path in both: clean (the repository of mounted files).
    let tmp = repo(COMPOSE, "php:9000", "");
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // The code in a named volume: compared the same way.
    let named = COMPOSE
        .replace(
            "      - ./src:/var/www/html\n",
            "      - code:/var/www/html\n",
        )
        .replace(
            "      - type: bind\n        source: ./src\n        target: /var/www/html\n",
            "      - code:/app\n",
        )
        + "volumes:\n  code: {}\n";
    let tmp = repo(&named, "php:9000", "");
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = flat(&run.stdout);
    assert!(
        out.contains("but compose service `php` mounts the code at /app and has nothing at /var/www/html")
            && out.contains("compose.yaml:8 (volumes:): compose service `web` (nginx) mounts the volume code at /var/www/html")
            && out.contains("compose.yaml:14 (volumes:): compose service `php` (php-fpm) mounts the volume code at /app"),
        "{out}"
    );
    let tmp = repo(
        &named.replace("code:/app", "code:/var/www/html"),
        "php:9000",
        "",
    );
    let run = fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn dump_shows_each_hosts_model_with_origins() {
    let tmp = repo(
        &php_with("    user: www-data\n    environment:\n      FPM_TIMEOUT: 120\n"),
        "php:9000",
        TIMEOUT_FROM_ENV,
    );
    let run = fpmlint(tmp.path(), &["dump", "."]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("dump is JSON");
    let hosts = v["hosts"].as_array().expect("hosts");
    let web = hosts
        .iter()
        .find(|h| h["name"] == "compose.yaml service web")
        .expect("web");
    let php = hosts
        .iter()
        .find(|h| h["name"] == "compose.yaml service php")
        .expect("php");
    // nginx's worker user from the image's nginx.conf.
    assert_eq!(web["nginx"][0]["worker"]["user"], "nginx", "{web}");
    // The master user and the environment, with the compose lines.
    assert_eq!(php["php_fpm"][0]["master"]["user"], "www-data", "{php}");
    assert_eq!(
        php["php_fpm"][0]["master"]["origin"]["at"], "compose.yaml:13",
        "{php}"
    );
    assert_eq!(
        php["service"]["environment"]["vars"]["FPM_TIMEOUT"]["origin"]["at"], "compose.yaml:15",
        "{php}"
    );
    // The pass, the pool it reaches, its timeout from the environment, and
    // nginx's defaults.
    let pass = &web["passes"][0];
    assert_eq!(pass["pass"], "php:9000");
    let pool = &pass["targets"][0]["pools"][0];
    assert_eq!(pool["pool"], "www", "{pass}");
    assert_eq!(pool["request_terminate_timeout"]["value"], "120", "{pass}");
    assert_eq!(
        pool["request_terminate_timeout"]["environment"][0]["var"], "FPM_TIMEOUT",
        "{pass}"
    );
    assert_eq!(pool["max_execution_time"]["origin"]["kind"], "default");
    assert_eq!(pass["timeouts"]["fastcgi_read_timeout"]["ms"], 60000);
    assert_eq!(
        pass["timeouts"]["fastcgi_read_timeout"]["origin"]["kind"],
        "default"
    );
}

#[test]
fn an_ini_file_copied_into_the_scan_directory_is_read() {
    // `COPY 99-app.ini /usr/local/etc/php/conf.d/`: PHP reads it after
    // php.ini; its max_execution_time is the one timeout-inversion reads.
    let tmp = repo(COMPOSE, "php:9000", "request_terminate_timeout = 60\n");
    write(
        &tmp.path().join("php/Dockerfile"),
        "FROM php:8.3-fpm\nCOPY zz-app.conf /usr/local/etc/php-fpm.d/zz-app.conf\nCOPY 99-app.ini /usr/local/etc/php/conf.d/\n",
    );
    write(
        &tmp.path().join("php/99-app.ini"),
        "max_execution_time = 300\n",
    );
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    let out = flat(&run.stdout);
    assert!(
        out.contains("php-fpm kills the worker (request_terminate_timeout) before PHP's max_execution_time of 300 seconds")
            && out.contains("max_execution_time = 300 (conf.d)"),
        "{out}"
    );
}

#[test]
fn the_nginx_images_templates_are_rendered_with_the_environment() {
    // ./nginx/templates mounted at /etc/nginx/templates: the image renders
    // default.conf.template into conf.d/default.conf with envsubst, replacing
    // the names the container's environment defines ($uri stays nginx's).
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    let compose = |host: &str| {
        format!(
            "services:\n  web:\n    image: nginx:1.27\n    environment:\n      PHP_HOST: {host}\n    volumes:\n      - ./nginx/templates:/etc/nginx/templates:ro\n      - ./src:/var/www/html\n  php:\n    image: php:8.3-fpm\n    volumes:\n      - ./src:/var/www/html\n"
        )
    };
    write(&r.join("compose.yaml"), &compose("php"));
    write(
        &r.join("nginx/templates/default.conf.template"),
        &site("${PHP_HOST}:9000"),
    );
    write(&r.join("src/index.php"), "<?php echo 'hi';\n");
    let run = fpmlint(r, &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let files = fpmlint(r, &["--list-files", "."]);
    assert!(
        files
            .stdout
            .contains("web (image nginx:1.27)/etc/nginx/conf.d/default.conf  nginx include"),
        "{}",
        files.stdout
    );
    // The rendered name is the one nginx resolves.
    write(&r.join("compose.yaml"), &compose("app"));
    let run = fpmlint(r, &["."]);
    assert!(
        run.stdout
            .contains("nginx refuses to start: `[emerg] host not found in upstream \"app\"`"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_variables_fallback_is_php_8_3s() {
    // `${FPM_TIMEOUT:-120}` with the variable unset: 120 on PHP 8.3 (the
    // image's tag says which), a variable named `FPM_TIMEOUT:-120` before.
    let tmp = repo(
        COMPOSE,
        "php:9000",
        "request_terminate_timeout = ${FPM_TIMEOUT:-120}\n",
    );
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    let out = flat(&run.stdout);
    assert!(
        out.contains("php-fpm lets it run up to 120 seconds"),
        "{out}"
    );
    write(
        &tmp.path().join("php/Dockerfile"),
        "FROM php:8.2-fpm\nCOPY zz-app.conf /usr/local/etc/php-fpm.d/zz-app.conf\n",
    );
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    let out = flat(&run.stdout);
    assert!(
        out.contains("`request_terminate_timeout` comes from `${FPM_TIMEOUT:-120}`"),
        "{out}"
    );
    assert!(!out.contains("up to 120 seconds"), "{out}");
}

/// The real servers are here (root, nginx and php-fpm 8.2): else SKIPPED, or a
/// failure under `FPMLINT_ORACLE=required`.
fn servers() -> bool {
    let on_path = |b: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {b}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if root && on_path("nginx") && on_path("php-fpm8.2") {
        return true;
    }
    let line = "SKIPPED: compose oracle needs root, nginx and php-fpm8.2";
    if std::env::var("FPMLINT_ORACLE").as_deref() == Ok("required") {
        panic!("FPMLINT_ORACLE=required but the oracle cannot run: {line}");
    }
    eprintln!("{line}");
    false
}

/// The pool's listen as the real php-fpm reads the image's files with a
/// `zz-app.conf` beside them (`php-fpm -tt`), and as fpmlint models it.
#[test]
fn the_image_files_give_the_listen_php_fpm_reads() {
    if !servers() {
        return;
    }
    for (tag, layout_a) in [("8.2.30-fpm", true), ("8.3-fpm", false)] {
        for extra in ["", "listen = /run/php/app.sock\n"] {
            // The real php-fpm on the image's files, laid out under a prefix.
            let prefix = tempfile::tempdir().unwrap();
            let p = prefix.path();
            let program = fpmlint::deploy::Program::Fpm { layout_a };
            for (path, text) in fpmlint::deploy::image_files(&program) {
                let rel = path.strip_prefix("/usr/local/").unwrap();
                let text = text.replace("/usr/local/", &format!("{}/", p.display()));
                write(&p.join(rel), &text);
            }
            write(
                &p.join("etc/php-fpm.d/zz-app.conf"),
                &format!("{POOL}{extra}"),
            );
            let out = Command::new("php-fpm8.2")
                .arg("-tt")
                .arg("-p")
                .arg(p)
                .arg("-y")
                .arg(p.join("etc/php-fpm.conf"))
                .output()
                .expect("run php-fpm -tt");
            let log = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{tag} {extra}: {log}");
            let real = log
                .lines()
                .find_map(|l| {
                    l.split_once("\tlisten = ")
                        .map(|(_, v)| v.trim().to_string())
                })
                .unwrap_or_else(|| panic!("{tag}: no listen in\n{log}"));
            // fpmlint on a compose repository of that image.
            let tmp = repo(COMPOSE, "php:9000", extra);
            std::fs::write(
                tmp.path().join("php/Dockerfile"),
                format!("FROM php:{tag}\nCOPY zz-app.conf /usr/local/etc/php-fpm.d/zz-app.conf\n"),
            )
            .unwrap();
            let plan =
                fpmlint::discover::discover(&[tmp.path().to_path_buf()], &Default::default());
            let project = fpmlint::project::load(plan, None);
            let pools: Vec<_> = project.pools().collect();
            assert_eq!(pools.len(), 1, "{tag}");
            let mine = match pools[0].1.listen().expect("a listen").endpoint {
                fpmlint::model::fpm::Endpoint::Unix(s) => s,
                fpmlint::model::fpm::Endpoint::Tcp { host: None, port } => port.to_string(),
                fpmlint::model::fpm::Endpoint::Tcp {
                    host: Some(h),
                    port,
                } => format!("{h}:{port}"),
            };
            // php-fpm prints a port alone as `0.0.0.0:9000` or `[::]:9000`.
            let real = real
                .strip_prefix("[::]:")
                .or_else(|| real.strip_prefix("0.0.0.0:"))
                .unwrap_or(&real)
                .to_string();
            eprintln!(
                "php:{tag} zz-app.conf {extra:?}: php-fpm listens on {real}, fpmlint reads {mine}"
            );
            assert_eq!(mine, real, "php:{tag} with zz-app.conf {extra:?}");
        }
    }
}

/// The refusal fpmlint quotes is nginx's own, for a pass and for an upstream.
#[test]
fn nginx_refuses_an_unknown_name_as_quoted() {
    if !servers() {
        return;
    }
    for (conf, pass) in [
        ("", "app:9000"),
        ("upstream backend { server app:9000; }\n", "backend"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(
            &d.join("nginx.conf"),
            &format!(
                "pid {0}/nginx.pid;\nevents {{}}\nhttp {{\naccess_log off;\n{conf}server {{ listen 127.0.0.1:1; location ~ \\.php$ {{ fastcgi_pass {pass}; }} }}\n}}\n",
                d.display()
            ),
        );
        // In a network namespace of its own when the system allows it: the name
        // cannot resolve, and nothing waits on DNS.
        let isolated = Command::new("unshare")
            .args(["--net", "true"])
            .status()
            .is_ok_and(|s| s.success());
        let mut cmd = if isolated {
            let mut c = Command::new("unshare");
            c.args(["--net", "nginx"]);
            c
        } else {
            Command::new("nginx")
        };
        let out = cmd
            .args(["-t", "-e", "stderr", "-p"])
            .arg(d)
            .arg("-c")
            .arg(d.join("nginx.conf"))
            .output()
            .expect("run nginx -t");
        let real = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{real}");
        let quoted = real
            .split("[emerg] ")
            .nth(1)
            .and_then(|r| r.split_once(" in /"))
            .map(|(m, _)| m.split_once(": ").map_or(m, |(_, m)| m).to_string())
            .unwrap_or_else(|| panic!("no emerg in {real}"));
        let tmp = repo(COMPOSE, pass, "");
        write(
            &tmp.path().join("nginx/default.conf"),
            &format!("{conf}{}", site(pass)),
        );
        let run = fpmlint(tmp.path(), &["."]);
        eprintln!("nginx -t: {quoted}");
        assert!(
            run.stdout.contains(&format!("`[emerg] {quoted}`")),
            "nginx said {quoted:?}; fpmlint:\n{}",
            run.stdout
        );
    }
}

#[test]
fn an_image_built_with_both_programs_is_not_taken_for_the_official_one() {
    // nginx and php-fpm in one container (supervisord): 127.0.0.1 is right
    // there, and the image's layout is not the official nginx image's.
    let one = COMPOSE.replace("    image: nginx:1.27\n", "    build: ./web\n");
    let tmp = repo(&one, "127.0.0.1:9000", "");
    write(
        &tmp.path().join("web/Dockerfile"),
        "FROM nginx:1.27\nRUN apt-get update && apt-get install -y php8.2-fpm supervisor\n",
    );
    let run = fpmlint(tmp.path(), &["."]);
    assert!(!run.stdout.contains("service web"), "{}", run.stdout);
    assert!(!run.stdout.contains("error["), "{}", run.stdout);
}

/// A free TCP port on this machine's loopback.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0")
}

/// A child killed when dropped.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Two containers, run for real: php-fpm on the php image's files with
/// `listen = 127.0.0.1:PORT` in a network namespace of its own (its container),
/// nginx outside it passing to 127.0.0.1:PORT. nginx answers 502 with the log
/// line fpmlint quotes: the loopback is nginx's own.
#[test]
fn loopback_is_each_containers_own_on_the_real_servers() {
    if !servers() {
        return;
    }
    let isolated = Command::new("unshare")
        .args(["--net", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !isolated {
        if std::env::var("FPMLINT_ORACLE").as_deref() == Ok("required") {
            panic!("FPMLINT_ORACLE=required but unshare --net is not permitted here");
        }
        eprintln!("SKIPPED: unshare --net is not permitted here");
        return;
    }
    let fpm_port = free_port();
    let listen = format!("listen = 127.0.0.1:{fpm_port}\n");
    // The php container.
    let prefix = tempfile::tempdir().unwrap();
    let p = prefix.path();
    for (path, text) in
        fpmlint::deploy::image_files(&fpmlint::deploy::Program::Fpm { layout_a: false })
    {
        let rel = path.strip_prefix("/usr/local/").unwrap();
        write(
            &p.join(rel),
            &text.replace("/usr/local/", &format!("{}/", p.display())),
        );
    }
    write(
        &p.join("etc/php-fpm.d/zz-app.conf"),
        &format!("{POOL}{listen}"),
    );
    let fpm_log = p.join("fpm.log");
    let fpm = Server(
        Command::new("unshare")
            .args(["--net", "sh", "-c"])
            .arg(format!(
                "ip link set lo up && exec php-fpm8.2 -F -p {0} -y {0}/etc/php-fpm.conf",
                p.display()
            ))
            .stderr(std::fs::File::create(&fpm_log).unwrap())
            .spawn()
            .expect("start php-fpm"),
    );
    // php-fpm is up in its namespace once it logs that it is ready.
    let mut ready = false;
    for _ in 0..200 {
        if std::fs::read_to_string(&fpm_log)
            .is_ok_and(|l| l.contains("ready to handle connections"))
        {
            ready = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert!(
        ready,
        "php-fpm: {}",
        std::fs::read_to_string(&fpm_log).unwrap_or_default()
    );
    // The nginx container: this machine's namespace.
    let web = tempfile::tempdir().unwrap();
    let w = web.path();
    let port = free_port();
    write(
        &w.join("nginx.conf"),
        &format!(
            "daemon off;\nmaster_process off;\npid {0}/nginx.pid;\nerror_log {0}/error.log;\nevents {{}}\nhttp {{\naccess_log off;\nserver {{ listen 127.0.0.1:{port}; root {0}; location ~ \\.php$ {{ fastcgi_pass 127.0.0.1:{fpm_port}; }} }}\n}}\n",
            w.display()
        ),
    );
    let _nginx = Server(
        Command::new("nginx")
            .args(["-e", "stderr", "-p"])
            .arg(w)
            .arg("-c")
            .arg(w.join("nginx.conf"))
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start nginx"),
    );
    let mut response = String::new();
    for _ in 0..200 {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            s.write_all(b"GET /index.php HTTP/1.0\r\nHost: x\r\n\r\n")
                .unwrap();
            let _ = s.read_to_string(&mut response);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert!(response.starts_with("HTTP/1.1 502"), "{response}");
    let log = std::fs::read_to_string(w.join("error.log")).unwrap_or_default();
    assert!(
        log.contains("connect() failed (111: Connection refused) while connecting to upstream"),
        "{log}"
    );
    drop(fpm);
    // fpmlint says so, naming both services.
    let tmp = repo(COMPOSE, &format!("127.0.0.1:{fpm_port}"), &listen);
    let run = fpmlint(tmp.path(), &["--format", "human", "."]);
    let flat = flat(&run.stdout);
    assert!(
        flat.contains(
            "nginx logs `connect() failed (111: Connection refused) while connecting to upstream`"
        ) && flat.contains("nginx runs in compose service `web`"),
        "{flat}"
    );
}

/// laradock's shape: the root compose file only includes one compose file per
/// service directory. The included services are one project (nginx reaches
/// `php-fpm` by name), and no included file doubles as a project of its own.
#[test]
fn included_compose_files_are_one_project() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("docker-compose.yml"),
        "include:\n  - nginx/compose.yml\n  - path: php-fpm/compose.yml\n    env_file: php-fpm/php.env\n",
    );
    write(
        &r.join("nginx/compose.yml"),
        "services:\n  nginx:\n    image: nginx:1.27\n    volumes:\n      - ./sites/default.conf:/etc/nginx/conf.d/default.conf:ro\n      - ../src:/var/www/html\n",
    );
    write(&r.join("nginx/sites/default.conf"), &site("php-fpm:9000"));
    write(
        &r.join("php-fpm/compose.yml"),
        "services:\n  php-fpm:\n    image: php:${PHP_VERSION}-fpm\n    volumes:\n      - ./zz-app.conf:/usr/local/etc/php-fpm.d/zz-app.conf:ro\n      - ../src:/var/www/html\n",
    );
    write(&r.join("php-fpm/php.env"), "PHP_VERSION=8.3\n");
    write(&r.join("php-fpm/zz-app.conf"), POOL);
    write(&r.join("src/index.php"), "<?php echo 'hi';\n");
    let run = fpmlint(r, &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("checked 2 hosts"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("service php-fpm: 0 nginx trees, 1 php-fpm pool"),
        "{}",
        run.stdout
    );
    // A name no included file defines stops nginx: the services are one
    // project's, each included file's own relative paths resolved.
    write(&r.join("nginx/sites/default.conf"), &site("app:9000"));
    let run = fpmlint(r, &["."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("nginx refuses to start: `[emerg] host not found in upstream \"app\"`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("checked 2 hosts"), "{}", run.stdout);
}

/// `extends` takes the base service's keys, from the same file or from
/// `file:` (whose relative paths are its own directory's); the service's own
/// keys win.
#[test]
fn extends_takes_the_base_service() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("compose.yaml"),
        "services:\n  web:\n    extends:\n      file: common/services.yml\n      service: nginx-base\n  php:\n    extends: php-base\n    image: php:8.3-fpm\n  php-base:\n    image: php:8.1-fpm\n    volumes:\n      - ./php/zz-app.conf:/usr/local/etc/php-fpm.d/zz-app.conf:ro\n      - ./src:/var/www/html\n    profiles: [\"never\"]\n",
    );
    write(
        &r.join("common/services.yml"),
        "services:\n  nginx-base:\n    image: nginx:1.24\n    volumes:\n      - ../nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n      - ../src:/var/www/html\n",
    );
    write(&r.join("nginx/default.conf"), &site("php:9000"));
    write(&r.join("php/zz-app.conf"), POOL);
    write(&r.join("src/index.php"), "<?php echo 'hi';\n");
    let run = fpmlint(r, &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // web is nginx 1.24 with the mounted site; php is 8.3 with the pool
    // (profiles are not read: php-base is linted too).
    assert!(
        run.stdout
            .contains("compose.yaml service web: 1 nginx tree"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("compose.yaml service php: 0 nginx trees, 1 php-fpm pool"),
        "{}",
        run.stdout
    );
    let dump = fpmlint(r, &["dump", "."]);
    assert!(
        dump.stdout.contains("\"image\": \"nginx:1.24\""),
        "{}",
        dump.stdout
    );
    assert!(
        dump.stdout.contains("\"image\": \"php:8.3-fpm\""),
        "{}",
        dump.stdout
    );
    // The base file is not a project of its own.
    assert!(
        !run.stdout.contains("services.yml service"),
        "{}",
        run.stdout
    );
    // The release of web follows the extended image.
    write(
        &r.join("nginx/default.conf"),
        &site("php:9000").replacen("listen 80;", "listen 443 ssl;\n    http2 on;\n    ssl_certificate /etc/ssl/a.crt;\n    ssl_certificate_key /etc/ssl/a.key;", 1),
    );
    let run = fpmlint(r, &["--select", "unknown-directive", "."]);
    assert!(
        run.stdout.contains("nginx 1.24 does not have it"),
        "{}",
        run.stdout
    );
}

const HTTPD_CONF: &str = "\
ServerRoot \"/usr/local/apache2\"
Listen 80
LoadModule mpm_event_module modules/mod_mpm_event.so
LoadModule authz_core_module modules/mod_authz_core.so
LoadModule mime_module modules/mod_mime.so
LoadModule unixd_module modules/mod_unixd.so
LoadModule dir_module modules/mod_dir.so
LoadModule proxy_module modules/mod_proxy.so
LoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so
User www-data
Group www-data
ServerName localhost
ErrorLog /proc/self/fd/2
DocumentRoot \"/var/www/html\"
<Directory \"/var/www/html\">
    Require all granted
</Directory>
DirectoryIndex index.php
<FilesMatch \"\\.php$\">
    SetHandler \"proxy:fcgi://PASS\"
</FilesMatch>
";

/// A service of the official httpd image is an Apache host: its httpd.conf
/// (the image's, or one mounted over it) hands PHP to the php service's pools.
#[test]
fn an_httpd_service_reaches_the_php_service() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("compose.yaml"),
        "services:\n  apache:\n    image: httpd:2.4\n    volumes:\n      - ./apache/httpd.conf:/usr/local/apache2/conf/httpd.conf:ro\n      - ./src:/var/www/html\n  php:\n    image: php:8.3-fpm\n    volumes:\n      - ./src:/var/www/html\n",
    );
    write(&r.join("src/index.php"), "<?php echo 'hi';\n");
    write(
        &r.join("apache/httpd.conf"),
        &HTTPD_CONF.replace("PASS", "php:9000"),
    );
    let run = fpmlint(r, &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "compose.yaml service apache: 0 nginx trees, 1 Apache config, 0 php-fpm pools"
        ),
        "{}",
        run.stdout
    );
    // A port no pool of the php service listens on: 503, and the fix names
    // the service, not the php container's own loopback.
    write(
        &r.join("apache/httpd.conf"),
        &HTTPD_CONF.replace("PASS", "php:9001"),
    );
    let run = fpmlint(r, &["--format", "human", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = flat(&run.stdout);
    assert!(out.contains("no php-fpm pool listens on php:9001"), "{out}");
    assert!(
        out.contains("point SetHandler at \"proxy:fcgi://php:9000\""),
        "{out}"
    );
    // Without a mounted httpd.conf the image's own is read; a mounted file it
    // does not include is listed as not linted.
    write(
        &r.join("compose.yaml"),
        "services:\n  apache:\n    image: httpd:2.4\n    volumes:\n      - ./apache/php.conf:/usr/local/apache2/conf/extra/php.conf:ro\n  php:\n    image: php:8.3-fpm\n",
    );
    write(
        &r.join("apache/php.conf"),
        "<FilesMatch \"\\.php$\">\n    SetHandler \"proxy:fcgi://php:9000\"\n</FilesMatch>\n",
    );
    std::fs::remove_file(r.join("apache/httpd.conf")).unwrap();
    let files = fpmlint(r, &["--list-files", "."]);
    assert!(
        files.stdout.contains(
            "apache (image httpd:2.4)/usr/local/apache2/conf/httpd.conf  Apache main configuration"
        ),
        "{}",
        files.stdout
    );
    assert!(
        files
            .stdout
            .contains("apache/php.conf  no entry point of its host reaches it"),
        "{}",
        files.stdout
    );
}
