//! Apache as the third program of a machine: the shipped examples, `fpmlint /etc`
//! on a machine with nginx, Apache and php-fpm (all three checked in one run), and
//! the distributions' own Apache trees from the corpus, which lint clean.

use std::path::{Path, PathBuf};

use fpmlint::diag::{Diagnostic, Severity};

mod common;

fn lint(dir: &Path) -> (fpmlint::project::Project, Vec<Diagnostic>) {
    let plan = fpmlint::discover::discover(&[dir.to_path_buf()], &Default::default());
    let project = fpmlint::project::load(plan, Some(dir.to_path_buf()));
    let found = fpmlint::cli::check(&project);
    (project, found)
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{} lacks {from}", file.display());
    std::fs::write(file, text.replace(from, to)).expect("write");
}

/// After a PHP upgrade Apache's enabled conf still names the 8.1 socket: one error,
/// labelled in the Apache file and in the 8.2 pool, with Apache's 503 and log lines.
#[test]
fn apache_php_upgrade_example() {
    let (project, found) = lint(&examples().join("apache-php-upgrade"));
    assert_eq!(project.apache.len(), 1);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d.rule, "fastcgi-pass-unmatched");
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message.contains("503 Service Unavailable"),
        "{}",
        d.message
    );
    assert!(d.message.contains("AH02454"), "{}", d.message);
    assert!(d.message.contains("AH01079"), "{}", d.message);
    let primary = project.sources.get(d.primary.span.file);
    assert!(
        primary.name.ends_with("conf-enabled/php8.1-fpm.conf"),
        "{}",
        primary.name
    );
    let pool = project.sources.get(d.secondary[0].span.file);
    assert!(pool.name.ends_with("pool.d/www.conf"), "{}", pool.name);
    assert!(d.help.as_deref().unwrap_or("").contains("php8.2-fpm.sock"));
}

/// `fpmlint /etc`-style: a sysroot holding nginx, Apache and php-fpm is one host
/// with all three; healthy as shipped, and one run reports a fault in each link
/// (nginx -> Apache, Apache -> php-fpm, nginx and Apache on one port).
#[test]
fn one_run_checks_nginx_apache_and_php_fpm() {
    let ex = examples().join("nginx-in-front-of-apache");
    let (project, found) = lint(&ex);
    let hosts = project.host_summaries();
    assert_eq!(hosts.len(), 1);
    let h = &hosts[0];
    assert_eq!(
        (h.nginx_trees, h.apache_trees, h.pools, h.missing),
        (1, 1, 1, None)
    );
    assert!(found.is_empty(), "{found:#?}");

    let tmp = tempfile::tempdir().expect("tempdir");
    let copy = tmp.path().join("machine");
    common::copy_dir(&ex, &copy);
    edit(
        &copy.join("etc/nginx/sites-enabled/shop.example.com"),
        "proxy_pass http://127.0.0.1:8080;",
        "proxy_pass http://127.0.0.1:7080;",
    );
    edit(
        &copy.join("etc/apache2/conf-enabled/php8.2-fpm.conf"),
        "php8.2-fpm.sock",
        "php8.1-fpm.sock",
    );
    edit(
        &copy.join("etc/nginx/sites-enabled/shop.example.com"),
        "listen 80;",
        "listen 80;\n    listen 127.0.0.1:8080;",
    );
    let (_, found) = lint(&copy);
    let mut rules: Vec<&str> = found
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.rule)
        .collect();
    rules.sort();
    assert_eq!(
        rules,
        [
            "fastcgi-pass-unmatched",
            "listen-collision",
            "proxy-pass-unmatched"
        ],
        "{found:#?}"
    );
}

/// The distributions' Apache trees (Debian, Fedora, Alpine, the httpd image) as
/// shipped: read as sysroots, every file parses and nothing is reported.
#[test]
fn distribution_trees_lint_clean() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut failures = Vec::new();
    for tree in [
        "apache-debian",
        "apache-fedora",
        "apache-alpine",
        "apache-httpd-image",
    ] {
        let dir = corpus.join(tree);
        if !dir.is_dir() {
            failures.push(format!("{tree}: missing from the corpus"));
            continue;
        }
        let (project, found) = lint(&dir);
        if project.apache.len() != 1 {
            failures.push(format!(
                "{tree}: {} Apache configs found",
                project.apache.len()
            ));
            continue;
        }
        if !project.problems.is_empty() {
            failures.push(format!("{tree}: {:?}", project.problems));
        }
        for d in &found {
            failures.push(format!("{tree}: {} {}", d.rule, d.message));
        }
        // The module set was read: the trees load an MPM (Debian's copy holds
        // mods-available only: what a2enmod enables is listed beside it).
        let t = &project.apache[0];
        if tree != "apache-debian" && !t.modules.iter().any(|m| m.symbol.starts_with("mpm_")) {
            failures.push(format!("{tree}: no MPM loaded"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Includes that multiply (each file includes the next one ten times, eight levels
/// deep: 10^8 directives) stop at fpmlint's limit with an input-limit error.
#[test]
fn multiplying_includes_stop_at_the_limit() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let etc = tmp.path().join("etc/apache2");
    std::fs::create_dir_all(&etc).expect("mkdir");
    let mut main = String::from("Listen 8080\n");
    for _ in 0..10 {
        main.push_str("Include l0.conf\n");
    }
    std::fs::write(etc.join("apache2.conf"), main).expect("write");
    for level in 0..8 {
        let mut text = String::from("ServerAdmin a@b\n");
        for _ in 0..10 {
            text.push_str(&format!("Include l{}.conf\n", level + 1));
        }
        std::fs::write(etc.join(format!("l{level}.conf")), text).expect("write");
    }
    std::fs::write(etc.join("l8.conf"), "ServerAdmin a@b\n").expect("write");
    let (project, _) = lint(tmp.path());
    assert!(
        project.diagnostics.iter().any(|d| d.rule == "input-limit"),
        "{:?}",
        project.diagnostics
    );
    assert!(project.incomplete());
}

/// `# fpmlint: ignore[rule] reason` on its own line above an Apache directive
/// suppresses that directive's finding, as in nginx files.
#[test]
fn suppression_comments_in_apache_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let copy = tmp.path().join("machine");
    common::copy_dir(&examples().join("apache-php-upgrade"), &copy);
    edit(
        &copy.join("etc/apache2/conf-enabled/php8.1-fpm.conf"),
        "        SetHandler",
        "        # fpmlint: ignore[fastcgi-pass-unmatched] the 8.1 pool comes back next week\n        SetHandler",
    );
    let (_, found) = lint(&copy);
    assert!(found.is_empty(), "{found:#?}");
}
