//! The flags a CI job uses: `--exclude` and `exclude`, `.gitignore`,
//! `--output-file`, `--statistics`, `--exit-zero`, and colour forced by the
//! environment. Each test copies examples/debian-php-upgrade (a stale php8.1
//! socket in nginx, a php8.2 pool) into a temporary directory, often beside a
//! `vendor/` tree holding a broken nginx.conf.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::copy_dir;

const SELECT: &str = "--select=fastcgi-pass-unmatched,nginx-syntax";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn fpmlint_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fpmlint"));
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run fpmlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn fpmlint(cwd: &Path, args: &[&str]) -> Run {
    fpmlint_env(cwd, args, &[("NO_COLOR", "1")])
}

/// `debian/` (the example) and `vendor/nginx.conf`, an unclosed `http {`.
fn tree() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/debian-php-upgrade");
    copy_dir(&src, &tmp.path().join("debian"));
    std::fs::create_dir(tmp.path().join("vendor")).unwrap();
    std::fs::write(tmp.path().join("vendor/nginx.conf"), "events {}\nhttp {\n").unwrap();
    let root = tmp.path().to_path_buf();
    (tmp, root)
}

const STALE: &str = "error[fastcgi-pass-unmatched]";
const VENDOR: &str = "vendor/nginx.conf:";

#[test]
fn exclude_flag_and_configuration_key() {
    let (_tmp, root) = tree();
    // vendor/nginx.conf's syntax error leaves it unchecked: status 2.
    let run = fpmlint(&root, &[SELECT, "."]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains(STALE), "{}", run.stdout);
    assert!(run.stdout.contains(VENDOR), "{}", run.stdout);

    for pattern in ["vendor/", "/vendor", "vendor/nginx.conf", "*.conf"] {
        let run = fpmlint(&root, &[SELECT, ".", "--exclude", pattern]);
        assert!(!run.stdout.contains(VENDOR), "{pattern}: {}", run.stdout);
        assert_ne!(run.code, 2, "{pattern}: {}", run.stdout);
        if pattern != "*.conf" {
            assert!(run.stdout.contains(STALE), "{pattern}: {}", run.stdout);
        }
    }
    // Relative to the current directory: from debian/, `/vendor` is ../debian/vendor.
    let run = fpmlint(
        &root.join("debian"),
        &[SELECT, "..", "--exclude", "/vendor"],
    );
    assert!(run.stdout.contains(VENDOR), "{}", run.stdout);
    // A file named on the command line is checked whatever the patterns say.
    let run = fpmlint(
        &root,
        &[SELECT, "vendor/nginx.conf", "--exclude", "vendor/"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains(VENDOR), "{}", run.stdout);

    // The same in .fpmlint.toml, relative to its directory, run from elsewhere.
    std::fs::write(root.join(".fpmlint.toml"), "exclude = [\"/vendor\"]\n").unwrap();
    let run = fpmlint(&root.join("debian"), &[SELECT, ".."]);
    assert!(!run.stdout.contains(VENDOR), "{}", run.stdout);
    assert!(run.stdout.contains(STALE), "{}", run.stdout);
    let run = fpmlint(&root, &["config"]);
    assert!(
        run.stdout.contains("exclude = [\"/vendor\"]"),
        "{}",
        run.stdout
    );

    // A bad pattern stops the run, in the file or on the command line.
    std::fs::write(root.join(".fpmlint.toml"), "exclude = [\"sites-{a\"]\n").unwrap();
    let run = fpmlint(&root, &[SELECT, "."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`sites-{a` is not a pattern: unclosed alternate group"),
        "{}",
        run.stderr
    );
    let run = fpmlint(&root, &[SELECT, ".", "--no-config", "--exclude", "a\\"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "fpmlint: --exclude: `a\\` is not a pattern: dangling '\\'\n"
    );
}

#[test]
fn gitignore_is_followed_in_a_repository() {
    let (_tmp, root) = tree();
    std::fs::write(root.join(".gitignore"), "/vendor/\n").unwrap();
    // Not a repository: .gitignore means nothing.
    let run = fpmlint(&root, &[SELECT, "."]);
    assert!(run.stdout.contains(VENDOR), "{}", run.stdout);

    std::fs::create_dir(root.join(".git")).unwrap();
    let run = fpmlint(&root, &[SELECT, "."]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains(VENDOR), "{}", run.stdout);
    assert!(run.stdout.contains(STALE), "{}", run.stdout);
    // From a subdirectory too: the repository's .gitignore still applies.
    let run = fpmlint(&root.join("vendor"), &[SELECT, "..", "-q"]);
    assert!(!run.stdout.contains(VENDOR), "{}", run.stdout);

    let run = fpmlint(&root, &[SELECT, ".", "--no-respect-gitignore"]);
    assert!(run.stdout.contains(VENDOR), "{}", run.stdout);
    std::fs::write(root.join(".fpmlint.toml"), "respect-gitignore = false\n").unwrap();
    let run = fpmlint(&root, &[SELECT, "."]);
    assert!(run.stdout.contains(VENDOR), "{}", run.stdout);
    std::fs::remove_file(root.join(".fpmlint.toml")).unwrap();

    // A nested .gitignore, and `!` re-including what an outer one leaves out.
    std::fs::write(root.join(".gitignore"), "nginx.conf\n").unwrap();
    std::fs::write(root.join("vendor/.gitignore"), "!nginx.conf\n").unwrap();
    let run = fpmlint(&root, &[SELECT, "."]);
    assert!(run.stdout.contains(VENDOR), "{}", run.stdout);
    // .git/info/exclude.
    std::fs::remove_file(root.join("vendor/.gitignore")).unwrap();
    std::fs::write(root.join(".gitignore"), "").unwrap();
    std::fs::create_dir_all(root.join(".git/info")).unwrap();
    std::fs::write(root.join(".git/info/exclude"), "vendor\n").unwrap();
    let run = fpmlint(&root, &[SELECT, "."]);
    assert!(!run.stdout.contains(VENDOR), "{}", run.stdout);
}

#[test]
fn output_file_and_annotations_in_one_run() {
    let (_tmp, root) = tree();
    let run = fpmlint(
        &root,
        &[
            SELECT,
            "debian",
            "--format=sarif",
            "--output-file=fpmlint.sarif",
            "--stdout-format=github",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("fpmlint.sarif")).unwrap())
            .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "fastcgi-pass-unmatched");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0]
            .starts_with("::error file=debian/etc/nginx/sites-enabled/shop.example.com,line=21,"),
        "{}",
        run.stdout
    );
    assert!(
        lines.last().unwrap().starts_with("fpmlint: checked "),
        "the summary closes the log: {}",
        run.stdout
    );
    assert_eq!(run.stderr, "");

    // Without --stdout-format: concise, as on any pipe; the file is never coloured.
    let run = fpmlint_env(
        &root,
        &[
            SELECT,
            "debian",
            "--format=human",
            "--output-file=out.txt",
            "--color=always",
        ],
        &[],
    );
    assert!(
        run.stdout.starts_with(
            "debian/etc/nginx/sites-enabled/shop.example.com:21:16: error[fastcgi-pass-unmatched]"
        ),
        "{}",
        run.stdout
    );
    let file = std::fs::read_to_string(root.join("out.txt")).unwrap();
    assert!(file.contains("fastcgi-pass-unmatched"), "{file}");
    assert!(!file.contains('\u{1b}'), "{file}");

    // A file that cannot be written is trouble.
    let run = fpmlint(&root, &[SELECT, "debian", "--output-file=no/such/dir/x"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("fpmlint: cannot write no/such/dir/x: "),
        "{}",
        run.stderr
    );
    // --stdout-format alone means nothing.
    let run = fpmlint(&root, &[SELECT, "debian", "--stdout-format=github"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--output-file"), "{}", run.stderr);
}

#[test]
fn statistics_count_each_rule() {
    let (_tmp, root) = tree();
    // A second stale socket in another site.
    std::fs::write(
        root.join("debian/etc/nginx/sites-enabled/blog"),
        "server {\n    listen 80;\n    location ~ \\.php$ {\n        include fastcgi_params;\n        \
         fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        \
         fastcgi_pass unix:/run/php/php7.4-fpm.sock;\n    }\n}\n",
    )
    .unwrap();
    let run = fpmlint(&root, &[SELECT, ".", "--statistics"]);
    // The syntax error in vendor/ leaves part of the tree unchecked.
    assert_eq!(run.code, 2);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("2  fastcgi-pass-unmatched  error"));
    assert_eq!(lines.next(), Some("1  nginx-syntax            error"));
    assert!(lines.next().unwrap().starts_with("fpmlint: checked "));
    assert_eq!(lines.next(), None);
    // With a document format, the document goes to --output-file and stdout keeps the counts.
    let run = fpmlint(
        &root,
        &[
            SELECT,
            ".",
            "--statistics",
            "--format=json",
            "--output-file=f.json",
            "-q",
        ],
    );
    assert_eq!(
        run.stdout,
        "2  fastcgi-pass-unmatched  error\n1  nginx-syntax            error\n"
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("f.json")).unwrap()).unwrap();
    assert_eq!(doc["findings"].as_array().unwrap().len(), 3);
}

#[test]
fn exit_zero_keeps_trouble() {
    let (_tmp, root) = tree();
    let run = fpmlint(&root, &[SELECT, "debian", "--exit-zero"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains(STALE),
        "the findings are still shown: {}",
        run.stdout
    );
    // A syntax error leaves part of the input unchecked: still status 2.
    let run = fpmlint(&root, &[SELECT, ".", "--exit-zero"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    // Something that cannot be checked is still status 2.
    let run = fpmlint(&root, &[SELECT, "debian", "missing-dir", "--exit-zero"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
}

#[test]
fn colour_forced_by_the_environment() {
    let (_tmp, root) = tree();
    let args = [SELECT, "debian", "--format=human", "-q"];
    let coloured = |env: &[(&str, &str)], extra: &[&str]| {
        let mut a = args.to_vec();
        a.extend_from_slice(extra);
        let run = fpmlint_env(&root, &a, env);
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.stdout.contains('\u{1b}')
    };
    // Standard output is a pipe here: no colour unless forced.
    assert!(!coloured(&[], &[]));
    assert!(coloured(&[("FORCE_COLOR", "1")], &[]));
    assert!(coloured(&[("FORCE_COLOR", "true")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "")], &[]));
    assert!(coloured(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "0")], &[]));
    // NO_COLOR wins over the forcing variables; --color wins over everything.
    assert!(!coloured(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "1")], &["--color=never"]));
    assert!(coloured(&[("NO_COLOR", "1")], &["--color=always"]));
}

#[test]
fn human_output_never_wraps_inside_a_path() {
    let (_tmp, root) = tree();
    let run = fpmlint(&root, &[SELECT, "debian", "--format=human", "-q"]);
    // Every path and socket name the finding mentions is whole on one line: the
    // message names the stale socket twice, the code line and the help once each.
    for (name, times) in [
        ("unix:/run/php/php8.1-fpm.sock", 4),
        ("unix:/run/php/php8.2-fpm.sock", 1),
        ("debian/etc/php/8.2/fpm/pool.d/www.conf:25", 2),
    ] {
        let n = run.stdout.matches(name).count();
        assert_eq!(n, times, "{name} is split or missing:\n{}", run.stdout);
    }
    // Lines are wrapped at 100 columns off a terminal (a word longer than the
    // line may stick out, never be split).
    for line in run.stdout.lines() {
        let width = line.chars().count();
        assert!(
            width <= 100 || !line.trim_end().contains(' '),
            "{width} columns: {line}"
        );
    }
}

#[test]
fn suppressions_name_categories_and_all() {
    const SITE: &str = "debian/etc/nginx/sites-enabled/shop.example.com";
    const AVAILABLE: &str = "debian/etc/nginx/sites-available/shop.example.com";
    let select = "--select=fastcgi-pass-unmatched,unused-suppression";
    let with_comment = |names: &str, select: &str| {
        let (tmp, root) = tree();
        let site = root.join(SITE);
        let text = std::fs::read_to_string(&site).unwrap();
        let from = "\t\tfastcgi_pass unix:/run/php/php8.1-fpm.sock;";
        assert!(text.contains(from));
        let to = format!("\t\t# fpmlint: ignore[{names}] php8.1 runs in a container\n{from}");
        std::fs::write(&site, text.replacen(from, &to, 1)).unwrap();
        std::fs::copy(&site, root.join(AVAILABLE)).unwrap();
        let run = fpmlint(&root, &[select, "debian", "-q"]);
        drop(tmp);
        run
    };
    for names in ["runtime", "all", "security, runtime"] {
        let run = with_comment(names, select);
        assert_eq!(run.code, 0, "ignore[{names}]: {}", run.stdout);
        assert!(
            !run.stdout.contains("error["),
            "ignore[{names}]: {}",
            run.stdout
        );
    }
    // A category with no finding there is an unused suppression, as a rule is
    // (when one of its rules runs).
    let run = with_comment(
        "security",
        "--select=fastcgi-pass-unmatched,security,unused-suppression",
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains(STALE), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("warning[unused-suppression] this suppression does nothing: no security finding on line"),
        "{}",
        run.stdout
    );
    // A misspelt category is unknown.
    let run = with_comment("runtme", select);
    assert!(
        run.stdout.contains("`runtme` is not an fpmlint rule"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_file_given_to_the_wrong_flag_is_named_so() {
    let (_tmp, root) = tree();
    let nginx = "debian/etc/nginx/nginx.conf";
    let pool = "debian/etc/php/8.2/fpm/pool.d/www.conf";
    let run = fpmlint(&root, &["--fpm", nginx]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "fpmlint: --fpm {nginx}: this is an nginx configuration (its lines are nginx \
             directives), not php-fpm's: give it with --nginx {nginx}, or as a PATH (fpmlint {nginx})\n"
        )
    );
    let run = fpmlint(&root, &["--nginx", pool]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(&format!(
            "fpmlint: --nginx {pool}: this is a php-fpm configuration"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(&format!("give it with --fpm {pool}")));
    // The right flags: checked as usual (the site is in sites-enabled, which
    // nginx.conf names as /etc/nginx/sites-enabled: here, the site as a PATH).
    let site = "debian/etc/nginx/sites-enabled/shop.example.com";
    let run = fpmlint(&root, &["--nginx", nginx, "--fpm", pool, site, SELECT]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains(STALE), "{}", run.stdout);
}

#[test]
fn exclude_through_a_symbolic_link() {
    // The configuration file is found with links resolved; the walk keeps the
    // path as given: `exclude` still applies.
    let (_tmp, root) = tree();
    std::fs::write(root.join(".fpmlint.toml"), "exclude = [\"/vendor\"]\n").unwrap();
    let other = tempfile::tempdir().unwrap();
    let link = other.path().join("link");
    std::os::unix::fs::symlink(&root, &link).unwrap();
    let run = fpmlint(other.path(), &[SELECT, link.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains(STALE), "{}", run.stdout);
    assert!(!run.stdout.contains(VENDOR), "{}", run.stdout);
}
