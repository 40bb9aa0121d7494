//! The binary as a user runs it: exit codes, stdin, `nginx -T` output, dump.

use std::io::Write;
use std::process::{Command, Stdio};

fn fpmlint(args: &[&str], stdin: Option<&str>) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fpmlint"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run fpmlint");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("wait");
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

const CLEAN: &str = "events {}\nhttp {\n    server {\n        listen 80;\n        location / { return 200; }\n    }\n}\n";

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nginx.conf");
    std::fs::write(&conf, CLEAN).unwrap();
    let (code, out) = fpmlint(&[conf.to_str().unwrap()], None);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no findings"), "{out}");

    // A syntax error leaves the rest of the file unchecked: exit 2, whatever
    // the rule selection says.
    std::fs::write(&conf, "events {}\nhttp {\n").unwrap();
    let (code, out) = fpmlint(&[conf.to_str().unwrap()], None);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("nginx-syntax"), "{out}");
    assert!(out.contains("INCOMPLETE"), "{out}");
    for args in [
        &["--select", "runtime"][..],
        &["--ignore", "syntax"],
        &["--ignore", "nginx-syntax", "--fail-on", "error"],
    ] {
        let mut a = args.to_vec();
        a.push(conf.to_str().unwrap());
        let (code, out) = fpmlint(&a, None);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(out.contains("nginx-syntax"), "{args:?}: {out}");
    }

    let (code, out) = fpmlint(&["/nonexistent/fpmlint/path"], None);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("INCOMPLETE"),
        "never clean when nothing could be read: {out}"
    );
    assert!(!out.contains("no findings ("), "{out}");

    let empty = tempfile::tempdir().unwrap();
    let (code, out) = fpmlint(&[empty.path().to_str().unwrap()], None);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("nothing to lint"), "{out}");

    let (code, _) = fpmlint(&["--no-such-flag"], None);
    assert_eq!(code, 2);
}

#[test]
fn nginx_t_output_on_stdin_is_split_into_files() {
    let t = "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n\
             # configuration file /etc/fpmlint-t/nginx.conf:\n\
             events {}\nhttp { include /etc/fpmlint-t/site.conf; }\n\n\
             # configuration file /etc/fpmlint-t/site.conf:\n\
             server { listen 80; location / { return 200 \"unclosed; } }\n\n";
    let (code, out) = fpmlint(&["-"], Some(t));
    // The error is reported in site.conf, the file it is in.
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("/etc/fpmlint-t/site.conf"), "{out}");
    assert!(out.contains("nginx-syntax"), "{out}");
}

#[test]
fn dump_is_shaped_like_crossplane() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("nginx.conf"), CLEAN).unwrap();
    let (code, out) = fpmlint(&["dump", dir.path().to_str().unwrap()], None);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let first = &v["config"][0];
    assert_eq!(first["status"], "ok");
    let events = &first["parsed"][0];
    assert_eq!(events["directive"], "events");
    assert_eq!(events["line"], 1);
    assert_eq!(events["args"], serde_json::json!([]));
    assert_eq!(events["span"]["start"], 0);
    let http = &first["parsed"][1];
    assert_eq!(http["block"][0]["directive"], "server");
}

#[test]
fn non_utf8_bytes_keep_exact_positions() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("nginx.conf");
    // Latin-1 bytes in a comment and a string, then an error on line 3.
    std::fs::write(
        &conf,
        b"# caf\xe9\nevents {}\nhttp { add_header X \"\xe9t\xe9\" }\n",
    )
    .unwrap();
    let (code, out) = fpmlint(&[conf.to_str().unwrap()], None);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("nginx.conf:3:"), "{out}");
}
