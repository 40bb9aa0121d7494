//! The command line as a user sees it, snapshotted: every output format on one
//! cross-file finding, `rules`, `explain`, suppressions, the configuration file, exit
//! codes, completions and the man page. Snapshots live in snapshots/cli/.
//!
//! Each test copies examples/debian-php-upgrade (a stale php8.1 socket in nginx, a
//! php8.2 pool) into a temporary directory and runs the binary there with
//! `--select fastcgi-pass-unmatched,unused-suppression`, so that findings of rules
//! added later do not change these snapshots.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::copy_dir;

const SELECT: &str = "--select=fastcgi-pass-unmatched,unused-suppression";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// What the user sees: the exit status, standard output, standard error.
    fn shown(&self) -> String {
        let mut s = format!("exit status: {}\n", self.code);
        s.push_str("----- stdout -----\n");
        s.push_str(&self.stdout);
        if !self.stderr.is_empty() {
            s.push_str("----- stderr -----\n");
            s.push_str(&self.stderr);
        }
        s
    }
}

fn fpmlint(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_fpmlint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run fpmlint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temporary directory holding a copy of the Debian example as `debian/`.
fn example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/debian-php-upgrade");
    let tree = tmp.path().join("debian");
    copy_dir(&src, &tree);
    (tmp, tree)
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

const SITE: &str = "etc/nginx/sites-enabled/shop.example.com";
/// The same site in sites-available: Debian links it, the example copies it.
const SITE_AVAILABLE: &str = "etc/nginx/sites-available/shop.example.com";
const POOL: &str = "etc/php/8.2/fpm/pool.d/www.conf";

macro_rules! snap {
    ($tmp:expr, $name:expr, $value:expr) => {{
        let tmp = $tmp.path().to_string_lossy().to_string();
        let real = $tmp
            .path()
            .canonicalize()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let (real, tmp) = (regex_escape(&real), regex_escape(&tmp));
        insta::with_settings!({
            snapshot_path => "../snapshots/cli",
            prepend_module_to_snapshot => false,
            omit_expression => true,
            filters => vec![
                (real.as_str(), "[TMP]"),
                (tmp.as_str(), "[TMP]"),
                (r"\(\d+(\.\d+)? ms\)", "([TIME])"),
                // How many rules there are changes as rules are added.
                (r"Rules that run: (\d+) of \d+", "Rules that run: $1 of [ALL]"),
            ],
        }, {
            insta::assert_snapshot!($name, $value);
        });
    }};
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// SARIF carries every rule's documentation: keep the rules the results use, so
/// that editing another rule's doc does not change this snapshot.
fn prune_sarif(text: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(text).expect("SARIF is JSON");
    let run = &mut v["runs"][0];
    let used: Vec<String> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap().to_string())
        .collect();
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap().clone();
    let total = rules.len();
    let kept: Vec<serde_json::Value> = rules
        .into_iter()
        .filter(|r| used.iter().any(|u| r["id"] == u.as_str()))
        .map(|mut r| {
            r["help"] = serde_json::json!("(rules/<name>.md, as `fpmlint explain` prints it)");
            r
        })
        .collect();
    // ruleIndex points into the whole list: check it, then hide it.
    for r in run["results"].as_array_mut().unwrap() {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert!(i < total);
        r["ruleIndex"] = serde_json::json!("(index)");
    }
    run["tool"]["driver"]["rules"] = serde_json::Value::Array(kept);
    serde_json::to_string_pretty(&v).unwrap() + "\n"
}

#[test]
fn every_format_on_a_cross_file_finding() {
    let (tmp, _) = example();
    for format in [
        "default",
        "human",
        "concise",
        "json",
        "sarif",
        "github",
        "checkstyle",
        "gitlab",
    ] {
        let flag = format!("--format={format}");
        let mut args = vec![SELECT, "debian"];
        if format != "default" {
            args.insert(0, &flag);
        }
        let mut run = fpmlint(tmp.path(), &args);
        assert_eq!(run.code, 1, "{format}: {}", run.shown());
        match format {
            "json" | "gitlab" => {
                let _: serde_json::Value = serde_json::from_str(&run.stdout)
                    .unwrap_or_else(|e| panic!("{format} is not JSON: {e}"));
            }
            "sarif" => run.stdout = prune_sarif(&run.stdout),
            _ => {}
        }
        snap!(tmp, format!("format_{format}"), run.shown());
    }
}

#[test]
fn rules_and_explain() {
    let tmp = tempfile::tempdir().unwrap();
    let run = fpmlint(tmp.path(), &["rules"]);
    assert_eq!(run.code, 0);
    for m in fpmlint::rules::all_meta() {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(m.name)),
            "{} not listed",
            m.name
        );
    }
    // The loader's rules and unused-suppression: rules other files add are
    // checked above, not frozen here.
    let builtin = [
        "nginx-syntax",
        "nginx-include",
        "fpm-syntax",
        "fpm-include",
        "fpm-pool-var",
        "unreadable-file",
        "unused-suppression",
    ];
    let shown: Vec<String> = run
        .stdout
        .lines()
        .filter(|l| {
            l.starts_with("RULE") || l.starts_with("fpmlint explain") || {
                let name = l.split_whitespace().next().unwrap_or("");
                builtin.contains(&name)
            }
        })
        // Column widths follow the longest rule name, which other rules change.
        .map(|l| {
            l.split("  ")
                .filter(|c| !c.is_empty())
                .map(str::trim)
                .collect::<Vec<_>>()
                .join("  ")
        })
        .collect();
    snap!(tmp, "rules", shown.join("\n"));

    let run = fpmlint(tmp.path(), &["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), fpmlint::rules::all_meta().len());
    let entry = list
        .iter()
        .find(|r| r["name"] == "unused-suppression")
        .unwrap();
    snap!(
        tmp,
        "rules_json_entry",
        serde_json::to_string_pretty(entry).unwrap()
    );

    let run = fpmlint(tmp.path(), &["explain", "unused-suppression"]);
    assert_eq!(run.code, 0);
    snap!(tmp, "explain", run.shown());
    let run = fpmlint(tmp.path(), &["explain", "fastcgi-pass-unmached"]);
    assert_eq!(run.code, 2);
    snap!(tmp, "explain_unknown", run.shown());
}

#[test]
fn suppressed_at_either_end() {
    // In the pool file, where the second label of the finding is.
    let (tmp, tree) = example();
    edit(
        &tree.join(POOL),
        "listen = /run/php/php8.2-fpm.sock\n",
        "listen = /run/php/php8.2-fpm.sock ; fpmlint: ignore[fastcgi-pass-unmatched] php8.1 runs in a container\n",
    );
    let run = fpmlint(tmp.path(), &[SELECT, "debian"]);
    assert_eq!(run.code, 0, "{}", run.shown());
    snap!(tmp, "suppressed_in_pool", run.shown());

    // In the nginx site, on the line above the directive.
    let (tmp, tree) = example();
    edit(
        &tree.join(SITE),
        "\t\tfastcgi_pass unix:/run/php/php8.1-fpm.sock;",
        "\t\t# fpmlint: ignore[fastcgi-pass-unmatched] php8.1 runs in a container\n\t\tfastcgi_pass unix:/run/php/php8.1-fpm.sock;",
    );
    std::fs::copy(tree.join(SITE), tree.join(SITE_AVAILABLE)).unwrap();
    let run = fpmlint(tmp.path(), &[SELECT, "debian"]);
    assert_eq!(run.code, 0, "{}", run.shown());
    assert!(run.stdout.contains("no findings"), "{}", run.shown());
}

#[test]
fn unused_and_unknown_suppressions() {
    let (tmp, tree) = example();
    edit(
        &tree.join(SITE),
        "\t\tfastcgi_pass unix:/run/php/php8.1-fpm.sock;",
        "\t\t# fpmlint: ignore[fastcgi-pass-unmached]\n\t\tfastcgi_pass unix:/run/php/php8.1-fpm.sock;",
    );
    edit(
        &tree.join(POOL),
        "pm = dynamic\n",
        "pm = dynamic ; fpmlint: ignore[fastcgi-pass-unmatched] left over\n",
    );
    std::fs::copy(tree.join(SITE), tree.join(SITE_AVAILABLE)).unwrap();
    let run = fpmlint(tmp.path(), &["--format=human", SELECT, "debian"]);
    assert_eq!(run.code, 1);
    snap!(tmp, "unused_suppressions", run.shown());
}

#[test]
fn configuration_file() {
    let (tmp, tree) = example();
    std::fs::write(
        tree.join(".fpmlint.toml"),
        "# shop servers\nselect = [\"fastcgi-pass-unmatched\", \"unused-suppression\"]\n\
         fail-on = \"error\"\n\n[severity]\nfastcgi-pass-unmatched = \"warning\"\n\n\
         [options]\nnginx-user = \"www-data\"\nmin-buffer-size = \"8k\"\n\n\
         [per-path-ignores]\n\"etc/nginx/sites-available/**\" = [\"fastcgi-pass-unmatched\"]\n",
    )
    .unwrap();
    // Found by walking up from the path; the finding is now a warning, below fail-on.
    let run = fpmlint(tmp.path(), &["--format=concise", "debian"]);
    assert_eq!(run.code, 0, "{}", run.shown());
    snap!(tmp, "config_applied", run.shown());
    // Flags win over the file.
    let run = fpmlint(tmp.path(), &["--fail-on=warning", "debian"]);
    assert_eq!(run.code, 1, "{}", run.shown());
    let run = fpmlint(
        tmp.path(),
        &["config", "debian", "--ignore=unused-suppression"],
    );
    assert_eq!(run.code, 0, "{}", run.shown());
    snap!(tmp, "config_command", run.shown());
}

#[test]
fn broken_configuration_file() {
    let (tmp, tree) = example();
    let conf = tree.join(".fpmlint.toml");
    std::fs::write(
        &conf,
        "select = [\"fastcgi-pass-unmached\"]\nfail-on = \"warning\"\n",
    )
    .unwrap();
    let run = fpmlint(tmp.path(), &["debian"]);
    assert_eq!(run.code, 2);
    snap!(tmp, "config_unknown_rule", run.shown());

    std::fs::write(&conf, "[options]\nnginx-user = www-data\n").unwrap();
    let run = fpmlint(tmp.path(), &["debian"]);
    assert_eq!(run.code, 2);
    snap!(tmp, "config_toml_syntax", run.shown());

    std::fs::write(&conf, "[options]\nnginx_user = \"www-data\"\n").unwrap();
    let run = fpmlint(tmp.path(), &["debian"]);
    assert_eq!(run.code, 2);
    snap!(tmp, "config_unknown_key", run.shown());

    let run = fpmlint(
        tmp.path(),
        &["--select=nginx-sintax", "--no-config", "debian"],
    );
    assert_eq!(run.code, 2);
    snap!(tmp, "flag_unknown_rule", run.shown());
}

#[test]
fn exit_codes() {
    let (tmp, tree) = example();
    let mut lines = Vec::new();
    let mut case = |what: &str, args: &[&str]| {
        let run = fpmlint(tmp.path(), args);
        lines.push(format!("{}  {what}: fpmlint {}", run.code, args.join(" ")));
        run.code
    };
    assert_eq!(case("an error", &[SELECT, "debian"]), 1);
    assert_eq!(
        case(
            "an error, --fail-on=error",
            &["--fail-on=error", SELECT, "debian"]
        ),
        1
    );
    assert_eq!(case("nothing there", &[SELECT, "no-such-dir"]), 2);
    assert_eq!(case("bad flag value", &["--fail-on=never", "debian"]), 2);
    std::fs::write(
        tree.join(".fpmlint.toml"),
        "[severity]\nfastcgi-pass-unmatched = \"info\"\n",
    )
    .unwrap();
    assert_eq!(case("an info finding", &[SELECT, "debian"]), 0);
    assert_eq!(
        case(
            "an info finding, --fail-on=info",
            &["--fail-on=info", SELECT, "debian"]
        ),
        1
    );
    std::fs::remove_file(tree.join(".fpmlint.toml")).unwrap();
    edit(&tree.join(SITE), "php8.1-fpm.sock", "php8.2-fpm.sock");
    std::fs::copy(tree.join(SITE), tree.join(SITE_AVAILABLE)).unwrap();
    assert_eq!(case("clean", &[SELECT, "debian"]), 0);
    snap!(tmp, "exit_codes", lines.join("\n"));
}

#[test]
fn completions_and_man_page() {
    let tmp = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_fpmlint()"),
        ("zsh", "#compdef fpmlint"),
        ("fish", "complete -c fpmlint"),
    ] {
        let run = fpmlint(tmp.path(), &["completions", shell]);
        assert_eq!(run.code, 0);
        assert!(run.stdout.contains(marker), "{shell}: {}", run.stdout);
        assert!(run.stdout.contains("fail-on"), "{shell}");
    }
    let run = fpmlint(tmp.path(), &["man"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(".TH fpmlint 1"), "{}", run.stdout);
    assert!(run.stdout.contains("fail\\-on"), "{}", run.stdout);
}

/// Microsoft's SARIF validator (npm @microsoft/sarif-multitool-linux; .ci/run
/// installs it). It exits 0 whatever it finds: its `error` lines are the verdict.
fn sarif_validator() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SARIF_MULTITOOL") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("sarif-multitool-linux"))
        .find(|p| p.is_file())
}

#[test]
fn sarif_passes_microsofts_validator() {
    let Some(tool) = sarif_validator() else {
        let _ = writeln!(std::io::stderr(),
            "SKIPPED: sarif-multitool-linux not found (npm install -g @microsoft/sarif-multitool-linux)"
        );
        return;
    };
    let (tmp, tree) = example();
    // Also an unused suppression, and every rule's metadata.
    edit(
        &tree.join(POOL),
        "pm = dynamic\n",
        "pm = dynamic ; fpmlint: ignore[fastcgi-pass-unmatched] left over\n",
    );
    let run = fpmlint(tmp.path(), &["--format=sarif", "debian"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let file = tmp.path().join("fpmlint.sarif");
    std::fs::write(&file, &run.stdout).unwrap();
    let out = Command::new(&tool)
        .arg("validate")
        .arg(&file)
        .output()
        .expect("run the SARIF validator");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("Analysis completed successfully"),
        "the validator did not run to the end:\n{text}"
    );
    let errors: Vec<&str> = text.lines().filter(|l| l.contains(": error ")).collect();
    assert!(
        errors.is_empty(),
        "SARIF validation errors:\n{}",
        errors.join("\n")
    );
    for w in text.lines().filter(|l| l.contains(": warning ")) {
        eprintln!("SARIF validator: {w}");
    }
}

#[test]
fn the_working_directory_is_a_tree_too() {
    // `fpmlint` and `fpmlint .` in a sysroot, as the pre-commit hook runs it.
    let (_tmp, tree) = example();
    for args in [&[SELECT][..], &[SELECT, "."][..], &[SELECT, "./etc"][..]] {
        let run = fpmlint(&tree, args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.shown());
        assert!(
            run.stdout.contains("1 php-fpm pool"),
            "{args:?}: {}",
            run.shown()
        );
        assert!(
            run.stdout
                .starts_with("etc/nginx/sites-enabled/shop.example.com:21:16"),
            "{args:?}: {}",
            run.shown()
        );
    }
}
