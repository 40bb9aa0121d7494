//! Rule fixtures: tests/fixtures/<rule>/<case>/ is a configuration tree linted whole
//! (a sysroot when it holds etc/, else a repository). A case named `bad*` must give
//! at least one finding of that rule, and its rendered findings of that rule are
//! snapshotted in snapshots/rules/; a case named `good*` must give none.

use std::path::{Path, PathBuf};

use fpmlint::diag::{Diagnostic, RenderOptions};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn lint(dir: &Path, rule: &str) -> (String, Vec<Diagnostic>) {
    let plan = fpmlint::discover::discover(&[dir.to_path_buf()], &Default::default());
    let project = fpmlint::project::load(plan, Some(dir.to_path_buf()));
    let findings: Vec<Diagnostic> = fpmlint::cli::check(&project)
        .into_iter()
        .filter(|d| d.rule == rule)
        .collect();
    let text = fpmlint::cli::render_findings(
        &project,
        &findings,
        RenderOptions {
            color: false,
            width: 100,
        },
    );
    (text, findings)
}

fn sorted_dirs(p: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(p)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn every_rule_fixture() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule_dir in sorted_dirs(&fixtures()) {
        let rule = rule_dir.file_name().unwrap().to_string_lossy().to_string();
        // kube-*: deployment fixtures, read by tests/kube.rs.
        if rule == "core" || rule.starts_with("kube-") {
            continue;
        }
        if fpmlint::rules::find(&rule).is_none() {
            failures.push(format!("tests/fixtures/{rule}: no rule of that name"));
            continue;
        }
        for case in sorted_dirs(&rule_dir) {
            let name = case.file_name().unwrap().to_string_lossy().to_string();
            let (text, found) = lint(&case, &rule);
            checked += 1;
            if name.starts_with("bad") {
                if found.is_empty() {
                    failures.push(format!("{rule}/{name}: expected a finding, got none"));
                    continue;
                }
                insta::with_settings!({
                    snapshot_path => "../snapshots/rules",
                    prepend_module_to_snapshot => false,
                    omit_expression => true,
                    description => format!("fpmlint tests/fixtures/{rule}/{name}"),
                }, {
                    insta::assert_snapshot!(format!("{rule}__{name}"), text);
                });
            } else if name.starts_with("good") {
                if !found.is_empty() {
                    failures.push(format!("{rule}/{name}: expected no finding, got:\n{text}"));
                }
            } else {
                failures.push(format!("{rule}/{name}: case names start with bad or good"));
            }
        }
    }
    println!("{checked} rule fixture cases checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_fixtures_and_a_doc() {
    let required = [
        "## What it catches",
        "## Why it breaks",
        "## Example",
        "## Options",
    ];
    let mut missing = Vec::new();
    for meta in fpmlint::rules::all_meta() {
        for section in required {
            if !meta.doc.contains(section) {
                missing.push(format!("rules/{}.md lacks {section}", meta.name));
            }
        }
        let is_loader = fpmlint::rules::rules().all(|r| r.meta().name != meta.name);
        if !is_loader && !fixtures().join(meta.name).is_dir() {
            missing.push(format!("tests/fixtures/{} is missing", meta.name));
        }
    }
    // Every doc names a rule that exists.
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if let Some(rule) = name.strip_suffix(".md") {
            if fpmlint::rules::find(rule).is_none() {
                missing.push(format!("rules/{name} documents no rule"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// The severity policy (CONTRIBUTING.md) on the cases it names: a failure the
/// configuration makes certain is an error (so `--fail-on error` fails the run),
/// one that depends on traffic or unseen facts is a warning.
#[test]
fn severity_follows_certainty() {
    use fpmlint::diag::Severity;
    let cases = [
        // terminate below an explicit max_execution_time
        (
            "timeout-inversion",
            "bad-terminate-before-php",
            Severity::Error,
        ),
        // terminate below a max_execution_time set in conf.d (php.ini says 30)
        (
            "timeout-inversion",
            "bad-terminate-below-conf-d",
            Severity::Error,
        ),
        // nginx's default 60 s wait below an explicit max_execution_time of 300
        (
            "timeout-inversion",
            "bad-read-below-max-execution-time",
            Severity::Error,
        ),
        // request_terminate_timeout 1d, a backstop above a 300 s read timeout
        (
            "timeout-inversion",
            "bad-long-terminate-backstop",
            Severity::Warning,
        ),
        // read timeout above PHP's default limit, below the terminate timeout
        (
            "timeout-inversion",
            "bad-nginx-gives-up-first",
            Severity::Warning,
        ),
        (
            "undersized-buffer",
            "bad-one-k-header-buffer",
            Severity::Error,
        ),
        (
            "undersized-buffer",
            "bad-two-k-header-buffer",
            Severity::Warning,
        ),
        // root:root 0660, no account files
        (
            "socket-permission-denied",
            "bad-root-socket-no-account-files",
            Severity::Error,
        ),
        // group apache, no account files: www-data may be a member
        (
            "socket-permission-denied",
            "bad-no-etc-group",
            Severity::Warning,
        ),
        // a hard-coded prefix the linted tree shows does not exist
        (
            "script-filename-mismatch",
            "bad-hard-coded-path-missing",
            Severity::Error,
        ),
        (
            "script-filename-mismatch",
            "bad-hard-coded-path",
            Severity::Warning,
        ),
        (
            "script-filename-mismatch",
            "bad-chroot-equals-root",
            Severity::Error,
        ),
        ("unknown-directive", "bad-typo", Severity::Error),
    ];
    let mut wrong = Vec::new();
    for (rule, case, want) in cases {
        let (text, found) = lint(&fixtures().join(rule).join(case), rule);
        let worst = found.iter().map(|d| d.severity).max_by_key(|s| match s {
            Severity::Error => 2,
            Severity::Warning => 1,
            _ => 0,
        });
        if worst != Some(want) {
            wrong.push(format!(
                "{rule}/{case}: want {want:?}, got {worst:?}\n{text}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// php-fpm's own status and ping pages are no PHP scripts: no rule about scripts
/// reports the locations that serve them (the oracle shows them served).
#[test]
fn fpm_status_and_ping_locations_are_not_scripts() {
    let dir = fixtures().join("unsafe-php-location/good-fpm-status-and-ping");
    let plan = fpmlint::discover::discover(std::slice::from_ref(&dir), &Default::default());
    let project = fpmlint::project::load(plan, Some(dir.clone()));
    let found: Vec<String> = fpmlint::cli::check(&project)
        .into_iter()
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The README's rule list names every rule.
#[test]
fn readme_lists_every_rule() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let section = readme
        .split("## Rules")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a Rules section in README.md");
    let missing: Vec<&str> = fpmlint::rules::all_meta()
        .iter()
        .map(|m| m.name)
        .filter(|n| {
            !section
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .any(|w| w == *n)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "README.md's rule list lacks: {missing:?}"
    );
}

/// Every rule doc grades its findings in the terms of CONTRIBUTING.md's severity policy.
#[test]
fn every_rule_doc_states_its_severity() {
    let mut missing = Vec::new();
    for meta in fpmlint::rules::all_meta() {
        let Some(section) = meta.doc.split("## Severity").nth(1) else {
            missing.push(format!("rules/{}.md has no ## Severity section", meta.name));
            continue;
        };
        let section = section.split("\n## ").next().unwrap_or("");
        if !["**error**", "**warning**", "**info**"]
            .iter()
            .any(|s| section.contains(s))
        {
            missing.push(format!(
                "rules/{}.md: ## Severity names no severity",
                meta.name
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// `--fail-on error` fails a CI run on the failures the configuration makes
/// certain, and lets one that depends on the scripts pass.
#[test]
fn fail_on_error_exit_status() {
    let cases = [
        // terminate below an explicit max_execution_time
        ("timeout-inversion/bad-terminate-before-php", 1),
        ("undersized-buffer/bad-one-k-header-buffer", 1),
        // a root:root 0660 socket, no account files
        (
            "socket-permission-denied/bad-root-socket-no-account-files",
            1,
        ),
        // a SCRIPT_FILENAME prefix under which no script exists
        ("script-filename-mismatch/bad-hard-coded-path-missing", 1),
        // request_terminate_timeout 1d above a 300 s read timeout
        ("timeout-inversion/bad-long-terminate-backstop", 0),
    ];
    let mut wrong = Vec::new();
    for (case, want) in cases {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_fpmlint"))
            .args(["--fail-on", "error", "--format", "concise"])
            .arg(fixtures().join(case))
            .output()
            .expect("run fpmlint");
        if out.status.code() != Some(want) {
            wrong.push(format!(
                "{case}: exit {:?}, want {want}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
