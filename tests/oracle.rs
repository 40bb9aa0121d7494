//! The oracle: each rule's bad fixture, run on the real nginx 1.22 and php-fpm 8.2,
//! shows exactly the failure the rule predicts (the status and the log line its doc
//! quotes, or the program refusing to start with the message it quotes); the good
//! twin serves 200 with the script's output; and fpmlint reports the rule on the
//! bad tree and not on the good one.
//!
//! Needs root and the binaries (`apt-get install -y nginx-light php8.2-fpm`);
//! without them every test prints one SKIPPED line and passes, unless
//! `FPMLINT_ORACLE=required` (CI), where it fails.
//!
//! Fixtures come from tests/fixtures/<rule>/ when the real servers can start them
//! as they are; otherwise from tests/oracle/fixtures/<rule>/ (each says why).

#[path = "oracle/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::time::Duration;

use harness::{Stack, OBSERVED};

/// The rules this suite reproduces on the real servers.
const COVERED: &[&str] = &[];

const OK: &str = "fpmlint-oracle-ok";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture case: tests/oracle/fixtures/<rule>/<case> when present, else
/// tests/fixtures/<rule>/<case>.
fn case(rule: &str, name: &str) -> PathBuf {
    let own = manifest().join("tests/oracle/fixtures").join(rule).join(name);
    if own.is_dir() {
        return own;
    }
    let shared = manifest().join("tests/fixtures").join(rule).join(name);
    assert!(
        shared.is_dir(),
        "no fixture {rule}/{name} in tests/oracle/fixtures or tests/fixtures"
    );
    shared
}

/// fpmlint's findings of `rule` on a fixture tree.
fn fpmlint_reports(rule: &str, dir: &Path) -> Vec<String> {
    let plan = fpmlint::discover::discover(&[dir.to_path_buf()], &Default::default());
    let project = fpmlint::project::load(plan, Some(dir.to_path_buf()));
    fpmlint::cli::check(&project)
        .into_iter()
        .filter(|d| d.rule == rule)
        .map(|d| d.message.clone())
        .collect()
}

fn assert_fpmlint(rule: &str, dir: &Path, expect: bool) {
    let found = fpmlint_reports(rule, dir);
    if expect {
        assert!(
            !found.is_empty(),
            "fpmlint does not report {rule} on {}, yet the real servers fail on it",
            dir.display()
        );
    } else {
        assert!(
            found.is_empty(),
            "fpmlint reports {rule} on {}, yet the real servers serve it:\n{}",
            dir.display(),
            found.join("\n")
        );
    }
}

/// The doc's `Observed with ...` line(s) must match what the servers did: every
/// backticked fragment appears in the transcript, and `status NNN` is a status seen.
fn assert_doc_quotes(rule: &str, stack: &Stack) {
    let doc = fpmlint::rules::find(rule)
        .map(|m| m.doc)
        .unwrap_or_else(|| panic!("no rule {rule}"));
    let obs = harness::doc_observations(doc);
    assert!(
        !obs.is_empty(),
        "rules/{rule}.md has no line starting with {OBSERVED:?} quoting what the oracle saw"
    );
    let t = stack.transcript();
    for (line, frags) in obs {
        for f in &frags {
            assert!(
                t.contains(f.as_str()),
                "rules/{rule}.md quotes `{f}`, which the real servers did not print:\n{line}\n--- observed:\n{t}"
            );
        }
        if let Some(k) = line.find("status ") {
            let code: String = line[k + 7..].chars().take_while(|c| c.is_ascii_digit()).collect();
            if code.len() == 3 {
                assert!(
                    t.contains(&format!("status {code} ")),
                    "rules/{rule}.md says status {code}, the real servers answered otherwise:\n{t}"
                );
            }
        }
    }
}

fn show(stack: &Stack) -> String {
    format!("--- {}\n{}", stack.fixture.display(), stack.transcript())
}

/// Bad: start, send `path`, expect `status` and `log` (in nginx's or php-fpm's log).
fn expect_failure(rule: &str, bad: &str, host: &str, path: &str, status: u16, log: &str, wait: u64) {
    let dir = case(rule, bad);
    let mut s = Stack::start(&dir);
    assert!(
        s.nginx.as_ref().is_some_and(|n| n.running),
        "nginx did not start on {bad}:\n{}",
        show(&s)
    );
    let r = s.get(host, path, Duration::from_secs(wait));
    assert_eq!(r.status, status, "{rule}/{bad}: status\n{}", show(&s));
    let logs = format!("{}\n{}", s.nginx_log(), s.fpm_log());
    assert!(logs.contains(log), "{rule}/{bad}: no `{log}` in the logs\n{}", show(&s));
    assert_doc_quotes(rule, &s);
    assert_fpmlint(rule, &dir, true);
}

/// Bad: a program refuses to start with `message`.
fn expect_refusal(rule: &str, bad: &str, program: &str, message: &str) {
    let dir = case(rule, bad);
    let s = Stack::start(&dir);
    let refused = if program == "nginx" {
        s.nginx.iter().any(|n| !n.running)
    } else {
        s.fpm.iter().any(|f| !f.running)
    };
    assert!(refused, "{rule}/{bad}: {program} started\n{}", show(&s));
    let logs = if program == "nginx" {
        s.nginx_log()
    } else {
        s.fpm_log()
    };
    assert!(
        logs.contains(message),
        "{rule}/{bad}: {program} did not say `{message}`\n{}",
        show(&s)
    );
    assert_doc_quotes(rule, &s);
    assert_fpmlint(rule, &dir, true);
}

/// Good: both start, `path` serves 200 with the script's output.
fn expect_served(rule: &str, good: &str, host: &str, path: &str, body: &str) {
    let dir = case(rule, good);
    let mut s = Stack::start(&dir);
    for f in &s.fpm {
        assert!(f.running, "{rule}/{good}: {} did not start\n{}", f.name, show(&s));
    }
    assert!(
        s.nginx.as_ref().is_some_and(|n| n.running),
        "{rule}/{good}: nginx did not start\n{}",
        show(&s)
    );
    let r = s.get(host, path, Duration::from_secs(10));
    assert_eq!(r.status, 200, "{rule}/{good}: status\n{}", show(&s));
    assert!(r.body.contains(body), "{rule}/{good}: body {:?}\n{}", r.body, show(&s));
    if fpmlint::rules::find(rule).is_some() {
        assert_fpmlint(rule, &dir, false);
    }
}

#[test]
fn harness_serves_a_debian_tree() {
    if !harness::available() {
        return;
    }
    let dir = case("harness", "good-debian");
    let mut s = Stack::start(&dir);
    assert!(s.fpm.iter().all(|f| f.running), "{}", show(&s));
    let r = s.get("shop.example.com", "/oracle.php", Duration::from_secs(5));
    assert_eq!(r.status, 200, "{}", show(&s));
    assert!(r.body.contains(OK), "{}", show(&s));
    let r = s.get("shop.example.com", "/sleep.php?s=1", Duration::from_secs(5));
    assert_eq!(r.status, 200, "{}", show(&s));
    assert!(r.elapsed >= Duration::from_secs(1));
    let r = s.get("shop.example.com", "/headers.php?kb=2", Duration::from_secs(5));
    assert!(r.head.contains("X-Fill-1: aaa"), "{}", show(&s));
    println!("{}", show(&s));
}

#[test]
fn covered_rules_exist_and_quote_the_oracle() {
    for rule in COVERED {
        let meta = fpmlint::rules::find(rule).unwrap_or_else(|| panic!("no rule {rule}"));
        assert!(
            !harness::doc_observations(meta.doc).is_empty(),
            "rules/{rule}.md lacks an `{OBSERVED}` line"
        );
    }
}
