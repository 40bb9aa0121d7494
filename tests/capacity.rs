//! Host limits declared in .fpmlint.toml, and `fpmlint capacity`, as a user sees
//! them: tests/capacity/declared-2g is a sysroot of three pools whose worst case
//! is 6 GiB and an nginx sending to one of them, on a host whose .fpmlint.toml
//! declares `memory = "2G"` and `somaxconn = 128`. Snapshots in snapshots/cli/.

use std::path::Path;

mod common;
use common::Run;

fn fpmlint(case: &str, args: &[&str]) -> Run {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/capacity")
        .join(case);
    common::fpmlint(&dir, args)
}

fn snap(name: &str, run: &Run) {
    let mut s = format!(
        "exit status: {}\n----- stdout -----\n{}",
        run.code, run.stdout
    );
    if !run.stderr.is_empty() {
        s.push_str("----- stderr -----\n");
        s.push_str(&run.stderr);
    }
    insta::with_settings!({
        snapshot_path => "../snapshots/cli",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        filters => vec![(r"\(\d+(\.\d+)? ms\)", "([TIME])")],
    }, {
        insta::assert_snapshot!(name, s);
    });
}

#[test]
fn a_declared_memory_bounds_the_pools_and_findings_point_at_it() {
    let run = fpmlint(
        "declared-2g",
        &[
            ".",
            "--format=human",
            "--select=pool-memory-overcommit,pool-saturation,backlog-above-somaxconn",
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    // The memory's and the cap's lines of .fpmlint.toml are labelled.
    assert!(
        run.stdout.contains("[.fpmlint.toml:3:10]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("[.fpmlint.toml:4:13]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("may need 6 GiB"), "{}", run.stdout);
    // Both limits are known: nothing is said of unknown ones.
    assert!(!run.stdout.contains("is unknown"), "{}", run.stdout);
    snap("capacity_declared_lint", &run);
}

#[test]
fn an_unknown_limit_is_said_once_in_the_summary() {
    // Without the configuration file: neither limit is known.
    let run = fpmlint("declared-2g", &[".", "--no-config", "--format=json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let notes = doc["summary"]["notes"].as_array().expect("summary.notes");
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0]
        .as_str()
        .unwrap()
        .contains("the memory of this host is unknown"));
    assert!(notes[1]
        .as_str()
        .unwrap()
        .contains("net.core.somaxconn of this host is unknown"));
    // Not per finding.
    assert_eq!(
        run.stdout.matches("is unknown").count(),
        2,
        "{}",
        run.stdout
    );
    let human = fpmlint("declared-2g", &[".", "--no-config", "--format=concise"]);
    assert_eq!(
        human.stdout.matches("is unknown").count(),
        2,
        "{}",
        human.stdout
    );
    let sarif = fpmlint("declared-2g", &[".", "--no-config", "--format=sarif"]);
    let doc: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let n = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(n.iter().any(|x| x["message"]["text"]
        .as_str()
        .unwrap()
        .contains("the memory of this host is unknown")));
    // With the limits declared, no note.
    let run = fpmlint("declared-2g", &[".", "--format=json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(doc["summary"].get("notes").is_none(), "{}", run.stdout);
}

#[test]
fn capacity_shows_the_arithmetic() {
    let run = fpmlint("declared-2g", &["capacity", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snap("capacity_table", &run);
    let run = fpmlint("declared-2g", &["capacity", ".", "--format=json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let shop = doc[0]["pools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["pool"] == "shop")
        .unwrap()
        .clone();
    assert_eq!(shop["max_children"], 16);
    assert_eq!(shop["worst_case"], 16u64 * ((248u64 << 20) + (8 << 20)));
    assert_eq!(shop["backlog_requested"], -1);
    assert_eq!(shop["backlog_effective"], 128);
    assert_eq!(shop["nginx_requests"], 384);
    assert_eq!(shop["memory"]["value"], 2i64 << 30);
    assert_eq!(shop["memory"]["origin"], ".fpmlint.toml [host]");
    snap("capacity_json", &run);
    let bad = fpmlint("declared-2g", &["capacity", ".", "--format=sarif"]);
    assert_eq!(bad.code, 2);
}

/// A copy of the MemoryMax=2G sysroot of pool-memory-overcommit with a
/// .fpmlint.toml beside it.
fn with_config(toml: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pool-memory-overcommit/bad-three-pools-6g");
    copy(&src, tmp.path());
    std::fs::write(tmp.path().join(".fpmlint.toml"), toml).unwrap();
    tmp
}

fn copy(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

#[test]
fn a_declared_memory_comes_before_memory_max() {
    let select = "--select=pool-memory-overcommit";
    // MemoryMax=2G alone: 6 GiB does not fit.
    let tmp = with_config("");
    let run = common::fpmlint(tmp.path(), &[".", select, "--format=concise"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("MemoryMax="), "{}", run.stdout);
    // The host's own section wins over MemoryMax= and over [host].
    let tmp = with_config("[host]\nmemory = \"1G\"\n[hosts.\".\"]\nmemory = \"8G\"\n");
    let run = common::fpmlint(tmp.path(), &[".", select, "--format=concise"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // [host] alone wins over MemoryMax=, and a section naming no host is said.
    let tmp = with_config("[host]\nmemory = \"1G\"\n[hosts.web9]\nmemory = \"8G\"\n");
    let run = common::fpmlint(tmp.path(), &[".", select, "--format=concise"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("more than the 1 GiB declared for this host (.fpmlint.toml [host])"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(".fpmlint.toml [hosts.\"web9\"] names no host linted"),
        "{}",
        run.stdout
    );
    // `fpmlint config` shows them.
    let run = common::fpmlint(tmp.path(), &["config"]);
    assert!(
        run.stdout.contains("[host]\nmemory = 1073741824"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("[hosts.web9]"), "{}", run.stdout);
    // A size fpmlint cannot read stops the run, pointing into the file.
    let tmp = with_config("[host]\nmemory = \"2 lots\"\n");
    let run = common::fpmlint(tmp.path(), &["."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("memory is not a size"),
        "{}",
        run.stderr
    );
}
