//! Robustness through the binary: hostile, huge, unreadable and looping input
//! gets a clear diagnostic and the right exit code, never a crash or a hang, and
//! nothing is ever written into the linted tree.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use fpmlint::source::{FileId, SourceFile};

fn fpmlint(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fpmlint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run fpmlint")
}

/// Run and return (exit code, stdout + stderr).
fn run(args: &[&str], cwd: &Path) -> (i32, String) {
    let out = fpmlint(args, cwd);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

const MAIN: &str = "events {}\nhttp {\n    include conf.d/*.conf;\n}\n";

// ------------------------------------------------------------------ nesting

fn nested_nginx(depth: usize) -> String {
    let mut s = String::from("events {}\n");
    s.push_str(&"a { ".repeat(depth));
    s.push_str("x 1; ");
    s.push_str(&"} ".repeat(depth));
    s
}

fn parse_nginx(text: &str) -> Result<(), String> {
    let file = SourceFile::new(
        FileId(0),
        "nginx.conf".into(),
        "nginx.conf".into(),
        text.into(),
    );
    fpmlint::nginx::parse(&file)
        .map(|_| ())
        .map_err(|d| d.message.clone())
}

fn parse_fpm(text: &str) -> Vec<String> {
    let file = SourceFile::new(FileId(0), "www.conf".into(), "www.conf".into(), text.into());
    fpmlint::fpm::parse(&file)
        .1
        .into_iter()
        .map(|d| d.message)
        .collect()
}

/// Deep nesting of every kind the parsers know: nginx blocks, Lua braces inside
/// a `*_by_lua_block`, php-fpm parentheses and `${` references.
fn deep_inputs(depth: usize) {
    let err = parse_nginx(&nested_nginx(depth)).expect_err("refused");
    assert!(err.contains("nest more than 100 levels"), "{err}");
    let lua = format!(
        "content_by_lua_block {{ {} }}\n",
        "{".repeat(depth) + &"}".repeat(depth)
    );
    assert!(parse_nginx(&lua).is_err(), "Lua braces nest too deep");
    let parens = format!(
        "[www]\nphp_value[x] = {}1{}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let msgs = parse_fpm(&parens);
    assert!(msgs.iter().any(|m| m.contains("levels deep")), "{msgs:?}");
    let refs = format!(
        "[www]\nenv[X] = {}A{}\n",
        "${".repeat(depth),
        "}".repeat(depth)
    );
    let msgs = parse_fpm(&refs);
    assert!(msgs.iter().any(|m| m.contains("levels deep")), "{msgs:?}");
}

#[test]
fn nesting_100000_deep_on_the_test_thread() {
    deep_inputs(100_000);
}

#[test]
fn nesting_100000_deep_on_a_2_mib_thread() {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| deep_inputs(100_000))
        .expect("spawn")
        .join()
        .expect("no stack overflow, no panic");
}

#[test]
fn nesting_100000_deep_on_the_main_thread_of_the_binary() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("nginx.conf"), nested_nginx(100_000));
    let (code, out) = run(&["."], dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("nest more than 100 levels"), "{out}");
}

// ------------------------------------------------------------------ size

#[test]
fn a_100_mb_file_is_refused_with_a_clear_diagnostic() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("nginx.conf"), MAIN);
    write(
        &dir.path().join("conf.d/site.conf"),
        "server {\n    listen 80;\n}\n",
    );
    // 100 MB, sparse: the size cap is checked before anything is read.
    let big = std::fs::File::create(dir.path().join("conf.d/huge.conf")).expect("create");
    big.set_len(100_000_000).expect("set_len");
    drop(big);
    let (code, out) = run(&["."], dir.path());
    assert_eq!(code, 2, "the check is incomplete: {out}");
    assert!(
        out.contains("the file is 100000000 bytes, over fpmlint's size limit"),
        "{out}"
    );
    assert!(out.contains("--max-file-size"), "{out}");
    assert!(out.contains("INCOMPLETE"), "{out}");
}

#[test]
fn max_file_size_lowers_and_raises_the_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("nginx.conf"), MAIN);
    let site = "server {\n    listen 80;\n    server_name a.example;\n}\n".repeat(100);
    write(&dir.path().join("conf.d/site.conf"), &site);
    let (code, out) = run(&["--max-file-size", "1k", "."], dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("over fpmlint's size limit"), "{out}");
    let (code, out) = run(&["--max-file-size", "1m", "."], dir.path());
    assert_eq!(code, 0, "{out}");
    let (code, out) = run(&["--max-file-size", "lots", "."], dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("is not a size"), "{out}");
}

#[test]
fn a_token_longer_than_nginx_buffer_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let conf = format!(
        "events {{}}\nhttp {{\n    server_name \"{}\";\n}}\n",
        "a".repeat(10_000)
    );
    write(&dir.path().join("nginx.conf"), conf);
    let (code, out) = run(&["."], dir.path());
    assert_eq!(code, 2, "{out}");
    // nginx's own words (ngx_conf_read_token).
    assert!(out.contains("too long parameter"), "{out}");
}

// ------------------------------------------------------------------ includes

#[test]
fn a_10000_file_include_fan_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("nginx.conf"), MAIN);
    for i in 0..10_000 {
        write(
            &dir.path().join(format!("conf.d/site{i:05}.conf")),
            format!(
                "server {{\n    listen {};\n    server_name s{i}.example;\n}}\n",
                10_000 + i
            ),
        );
    }
    let (code, out) = run(&["."], dir.path());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("in 10001 files"), "{out}");
}

#[test]
fn a_cycle_through_a_glob_is_reported_and_ends() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("nginx.conf"), MAIN);
    // a.conf is matched by the glob it holds.
    write(
        &dir.path().join("conf.d/a.conf"),
        "include conf.d/*.conf;\nserver {\n    listen 80;\n}\n",
    );
    write(&dir.path().join("conf.d/b.conf"), "server_tokens off;\n");
    let (code, out) = run(&["."], dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("include cycle"), "{out}");
}

#[test]
fn includes_that_multiply_stop_at_a_limit() {
    // Each level includes the next twice: 2^30 copies if followed to the end.
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("nginx.conf"),
        "events {}\nhttp {\n    include c/l0.conf;\n}\n",
    );
    for i in 0..30 {
        let next = format!("include c/l{}.conf;\n", i + 1);
        write(
            &dir.path().join(format!("c/l{i}.conf")),
            format!("{next}{next}"),
        );
    }
    write(&dir.path().join("c/l30.conf"), "server_tokens off;\n");
    let (code, out) = run(&["."], dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("the includes expand to more than"), "{out}");
}

#[test]
fn a_file_that_is_a_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("nginx.conf"),
        "events {}\nhttp {\n    include site.conf;\n}\n",
    );
    std::fs::create_dir_all(dir.path().join("site.conf")).expect("mkdir");
    // nginx refuses to start on it (pread() fails with EISDIR): a finding.
    let (code, out) = run(&["."], dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("error[nginx-include]"), "{out}");
    assert!(out.contains("it is a directory, not a file"), "{out}");
    // Named as an entry point: nothing to check, so the check is incomplete.
    let (code, out) = run(&["--nginx", "site.conf"], dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("directory"), "{out}");
}

#[test]
fn symlink_loops_in_discovery() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("nginx.conf"), MAIN);
    write(
        &dir.path().join("conf.d/site.conf"),
        "server {\n    listen 80;\n}\n",
    );
    std::os::unix::fs::symlink("..", dir.path().join("conf.d/up")).expect("symlink");
    std::os::unix::fs::symlink("loop.conf", dir.path().join("conf.d/loop.conf")).expect("symlink");
    let (code, out) = run(&["."], dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("symbolic link loop"), "{out}");
    assert!(out.contains("loop.conf"), "{out}");
}

#[test]
fn an_include_through_a_symlink_loop() {
    // Reached only through an include: nginx's open() fails with ELOOP and it
    // refuses to start, so this is a finding (exit 1), not a file left unchecked.
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("nginx.conf"),
        "events {}\nhttp {\n    include snippets/a.conf;\n}\n",
    );
    std::fs::create_dir_all(dir.path().join("snippets")).expect("mkdir");
    std::os::unix::fs::symlink("b.conf", dir.path().join("snippets/a.conf")).expect("symlink");
    std::os::unix::fs::symlink("a.conf", dir.path().join("snippets/b.conf")).expect("symlink");
    let (code, out) = run(&["--format", "concise", "nginx.conf"], dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("error[nginx-include]"), "{out}");
    assert!(out.contains("a symbolic link loop"), "{out}");
}

// ------------------------------------------------------------------ content

#[test]
fn a_binary_file_is_skipped_with_a_diagnostic() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("nginx.conf"), MAIN);
    write(
        &dir.path().join("conf.d/blob.conf"),
        b"server {\0\x01\x02 }\n",
    );
    let (code, out) = run(&["."], dir.path());
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("NUL bytes"), "{out}");
}

#[test]
fn a_non_utf8_file_is_read_with_exact_positions() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        &dir.path().join("nginx.conf"),
        b"events {}\nhttp {\n    server_name caf\xe9.example;\n    bogus\xff 1\n}\n".as_slice(),
    );
    let (code, out) = run(&["--format", "concise", "."], dir.path());
    assert_eq!(code, 2, "{out}");
    // The syntax error of line 4 is placed on line 4 or 5, never shifted by the
    // invalid bytes of line 3.
    assert!(out.contains("nginx.conf:5:1"), "{out}");
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("nginx.conf"), MAIN);
    // Escape sequences in a file name and in the text of a broken file.
    write(
        &dir.path().join("conf.d/evil\x1b[2J.conf"),
        "server {\n    listen 80; \x1b]0;pwned\x07\x1b[31m \u{9b}31m\n",
    );
    for format in ["human", "concise", "github", "checkstyle"] {
        let out = fpmlint(&["--format", format, "--color", "never", "."], dir.path());
        let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        let text = String::from_utf8_lossy(&all);
        assert!(
            !text.contains(|c: char| c.is_control() && c != '\n' && c != '\t'),
            "{format}: {text:?}"
        );
        assert!(text.contains("evil\\x1b[2J.conf"), "{format}: {text}");
    }
    for format in ["json", "sarif", "gitlab"] {
        let out = fpmlint(&["--format", format, "."], dir.path());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{format} is not valid JSON: {e}"));
        assert!(!v.is_null());
    }
    let out = fpmlint(&["dump", "."], dir.path());
    serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("dump is valid JSON");
}

// ------------------------------------------------------------------ permissions

/// Run fpmlint as `nobody` when running as root (root reads everything); None
/// when that is impossible here.
fn run_unprivileged(args: &[&str], cwd: &Path, bin: &Path) -> Option<(i32, String)> {
    let root = std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find(|l| l.starts_with("Uid:"))?
        .split_whitespace()
        .nth(1)?
        == "0";
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]);
        c.arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let out = cmd
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .ok()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if text.contains("setpriv:") {
        return None;
    }
    Some((out.status.code().unwrap_or(-1), text))
}

#[test]
fn unreadable_files_and_directories() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tree = dir.path().join("tree");
    write(&tree.join("nginx.conf"), MAIN);
    // A finding in a readable file must still be shown.
    write(
        &tree.join("conf.d/broken.conf"),
        "server {\n    listen 80\n}\n",
    );
    write(
        &tree.join("conf.d/locked.conf"),
        "server {\n    listen 81;\n}\n",
    );
    write(&tree.join("conf.d/private/x.conf"), "server_tokens off;\n");
    // The binary, where `nobody` can run it.
    let bin = dir.path().join("fpmlint");
    std::fs::copy(env!("CARGO_BIN_EXE_fpmlint"), &bin).expect("copy the binary");
    let perm = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    perm(&bin, 0o755);
    perm(dir.path(), 0o755);
    for d in [&tree, &tree.join("conf.d")] {
        perm(d, 0o755);
    }
    for f in ["nginx.conf", "conf.d/broken.conf"] {
        perm(&tree.join(f), 0o644);
    }
    perm(&tree.join("conf.d/locked.conf"), 0o000);
    perm(&tree.join("conf.d/private"), 0o000);

    let Some((code, out)) = run_unprivileged(&["--format", "concise", "."], &tree, &bin) else {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: cannot run fpmlint as an unprivileged user (setpriv to nobody failed)"
        );
        perm(&tree.join("conf.d/private"), 0o755);
        return;
    };
    perm(&tree.join("conf.d/private"), 0o755);
    assert_eq!(code, 2, "the check is incomplete: {out}");
    assert!(out.contains("locked.conf"), "{out}");
    assert!(out.contains("permission denied"), "{out}");
    assert!(out.contains("private"), "{out}");
    assert!(
        out.contains("broken.conf:3:1"),
        "the finding is still shown: {out}"
    );
    assert!(out.contains("INCOMPLETE"), "{out}");
}

// ------------------------------------------------------------------ read-only

/// Every path under `dir` with its kind, mode, size, mtime and content.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    use std::os::unix::fs::MetadataExt;
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        let m = std::fs::symlink_metadata(e.path()).expect("metadata");
        let content = if m.is_file() {
            format!("{:?}", std::fs::read(e.path()).expect("read"))
        } else {
            String::new()
        };
        out.insert(
            e.path().to_path_buf(),
            format!(
                "{:o} {} {} {} {}",
                m.mode(),
                m.len(),
                m.mtime(),
                m.mtime_nsec(),
                content
            ),
        );
    }
    out
}

#[test]
fn nothing_is_written_into_the_linted_tree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = dir.path();
    write(
        &t.join("etc/nginx/nginx.conf"),
        MAIN.replace("conf.d", "/etc/nginx/conf.d"),
    );
    write(
        &t.join("etc/nginx/conf.d/php.conf"),
        "server {\n    listen 80;\n    location ~ \\.php$ {\n        fastcgi_pass unix:/run/php/php8.1-fpm.sock;\n    }\n}\n",
    );
    write(
        &t.join("etc/php/8.2/fpm/php-fpm.conf"),
        "[global]\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n",
    );
    write(
        &t.join("etc/php/8.2/fpm/pool.d/www.conf"),
        "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\npm = static\npm.max_children = 5\n",
    );
    let before = snapshot(t);
    for args in [
        vec!["."],
        vec!["--format", "json", "."],
        vec!["--format", "sarif", "."],
        vec!["dump", "."],
        vec!["--root", ".", "--nginx", "etc/nginx/nginx.conf"],
    ] {
        let _ = run(&args, t);
    }
    assert_eq!(before, snapshot(t), "fpmlint changed the tree it linted");
}

// ------------------------------------------------------------------ long lines

/// A minified file: everything on one line, with many findings on it (a
/// misspelt directive is reported at each use).
fn one_line(blocks: usize, padding: usize) -> String {
    format!(
        "events {{}} http {{{} {}}}\n",
        " ".repeat(padding),
        "sendfil {} ".repeat(blocks)
    )
}

#[test]
fn many_blocks_on_one_line_are_read_in_one_pass() {
    // Each "}" once looked back for the start of its line, and each finding's
    // column was counted from there: 100,000 blocks on one line took minutes.
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("nginx.conf"), one_line(100_000, 0));
    let (code, out) = run(&["--format", "concise", "."], dir.path());
    assert_eq!(code, 1, "{}", &out[out.len().saturating_sub(500)..]);
    assert!(out.contains("nginx.conf:1:1100007:"), "{}", &out[..500]);
    assert_eq!(out.matches("[unknown-directive]").count(), 100_000);
}

#[test]
fn code_frames_show_a_window_of_a_long_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("nginx.conf"), one_line(200, 1_000_000));
    let out = fpmlint(&["--format", "human", "--color", "never", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.matches("unknown-directive").count(),
        200,
        "{}",
        &text[..2000.min(text.len())]
    );
    // Not the whole 1 MB line in every frame.
    assert!(text.len() < 2_000_000, "{} bytes of output", text.len());
}

#[test]
fn comment_lines_read_without_the_grammar_keep_their_span() {
    let text = "; top\n\u{feff}  ;bom and blanks\n[www]\n\t; in a pool\nlisten = 9000 ; after\n";
    let file = SourceFile::new(FileId(0), "www.conf".into(), "www.conf".into(), text.into());
    let (ini, diags) = fpmlint::fpm::parse(&file);
    assert!(diags.is_empty(), "{diags:?}");
    let comments: Vec<&str> = ini.comments(&file).map(|s| file.slice(s)).collect();
    assert_eq!(
        comments,
        vec!["; top", ";bom and blanks", "; in a pool", "; after"]
    );
}
