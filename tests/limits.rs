//! Hostile input gets a diagnostic, never a crash.

use std::path::PathBuf;
use std::process::Command;

fn nested(depth: usize) -> String {
    let mut s = String::with_capacity(depth * 6 + 16);
    s.push_str("events {}\n");
    for _ in 0..depth {
        s.push_str("a { ");
    }
    s.push_str("x 1; ");
    for _ in 0..depth {
        s.push_str("} ");
    }
    s
}

fn parse_deep(depth: usize) -> Result<(), String> {
    let mut sources = fpmlint::source::SourceMap::new();
    let id = sources.add_virtual(
        PathBuf::from("/deep/nginx.conf"),
        nested(depth).into_bytes(),
    );
    fpmlint::nginx::parse(sources.get(id))
        .map(|_| ())
        .map_err(|d| d.message.clone())
}

#[test]
fn deep_nesting_on_a_small_thread() {
    // 2 MiB is the default stack of a spawned thread.
    let r = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| parse_deep(100_000))
        .expect("spawn")
        .join()
        .expect("no panic");
    let msg = r.expect_err("100,000 levels are refused");
    assert!(msg.contains("nest more than 100 levels"), "{msg}");
    // Ninety levels are still fine there.
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| parse_deep(90))
        .expect("spawn")
        .join()
        .expect("no panic")
        .expect("90 levels parse");
}

#[test]
fn deep_nesting_through_the_binary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("nginx.conf");
    std::fs::write(&file, nested(100_000)).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_fpmlint"))
        .arg(&file)
        .env("NO_COLOR", "1")
        .output()
        .expect("run fpmlint");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("nginx-syntax"), "{stdout}");
    assert!(stdout.contains("nest more than 100 levels"), "{stdout}");
}
