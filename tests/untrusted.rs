//! fpmlint on untrusted input, as a CI step on a pull request from a fork sees it:
//! nothing outside the linted tree is ever read or printed, "could not check" is
//! never filtered into "clean", special files and pathological grammar input
//! return at once, and no output line can be read as a CI runner's command.
//!
//! Hang detection uses a generous subprocess timeout (a hang is a test failure),
//! never a timed assertion on speed.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The marker every "secret" outside the tree holds: it must never be printed.
const SECRET: &str = "SECRET_TOKEN_7f3a91";

/// Formats fpmlint writes.
const FORMATS: &[&str] = &[
    "human",
    "concise",
    "json",
    "sarif",
    "github",
    "checkstyle",
    "gitlab",
];

/// A run that must end: killed after `limit` (a hang is a failure, not a slow run).
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

fn run_in(cwd: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fpmlint"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run fpmlint");
    // Drain both pipes while waiting, so a large output cannot block the child.
    let drain = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut b = Vec::new();
            let _ = r.read_to_end(&mut b);
            String::from_utf8_lossy(&b).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("fpmlint {args:?} did not return within {limit:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn run(cwd: &Path, args: &[&str]) -> Run {
    run_in(cwd, args, Duration::from_secs(60))
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// `base/outside/` holds secrets in every syntax fpmlint reads; `base/repo` is
/// what is linted.
fn secrets(base: &Path) -> PathBuf {
    let outside = base.join("outside");
    write(
        &outside.join("secret.conf"),
        format!("{SECRET} on;\nserver {{ listen 80; {SECRET}_2 x; }}\n"),
    );
    write(
        &outside.join("pool.conf"),
        format!("[{SECRET}]\nlisten = /run/{SECRET}.sock\n{SECRET}_key = 1\n"),
    );
    write(
        &outside.join("fpmlint.toml"),
        format!("select = [\"{SECRET}\"]\n"),
    );
    outside
}

/// Every way a tree can point outside itself, each in its own file.
fn hostile_repository(base: &Path) -> PathBuf {
    let outside = secrets(base);
    let repo = base.join("repo");
    let abs = outside.join("secret.conf");
    write(
        &repo.join("nginx/nginx.conf"),
        format!(
            "events {{}}\nhttp {{\n    include {abs};\n    include ../../outside/secret.conf;\n    include conf.d/*.conf;\n    include {glob};\n}}\n",
            abs = abs.display(),
            glob = outside.join("*.conf").display(),
        ),
    );
    std::fs::create_dir_all(repo.join("nginx/conf.d")).unwrap();
    symlink(&abs, repo.join("nginx/conf.d/absolute-link.conf")).unwrap();
    symlink(
        "../../../outside/secret.conf",
        repo.join("nginx/conf.d/relative-link.conf"),
    )
    .unwrap();
    // A directory link leading out: the walk must not enter it.
    symlink(&outside, repo.join("nginx/conf.d/outside-dir")).unwrap();
    write(
        &repo.join("php/php-fpm.conf"),
        format!(
            "[global]\ninclude={}/*\ninclude=../../outside/pool.conf\n[www]\nlisten = /run/php/www.sock\nuser = www-data\ngroup = www-data\npm = ondemand\npm.max_children = 5\n",
            outside.display()
        ),
    );
    symlink(outside.join("fpmlint.toml"), repo.join(".fpmlint.toml")).unwrap();
    repo
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

fn assert_no_secret(r: &Run, what: &str) {
    assert!(
        !r.all().contains(SECRET),
        "{what}: a byte of a file outside the tree was printed:\n{}",
        r.all()
    );
}

#[test]
fn nothing_outside_a_repository_is_read_in_any_format() {
    let t = tempfile::tempdir().unwrap();
    let repo = hostile_repository(t.path());
    // The .fpmlint.toml that links outside is refused, and says so: nothing is
    // linted with settings fpmlint may not read.
    for args in [&["."][..], &["config", "."]] {
        let r = run(&repo, args);
        assert_no_secret(&r, &format!("{args:?}"));
        assert_eq!(r.code, 2, "{}", r.all());
        assert!(r.all().contains(".fpmlint.toml"), "{}", r.all());
        assert!(r.all().contains("outside the linted tree"), "{}", r.all());
    }
    for format in FORMATS {
        let r = run(&repo, &["--no-config", "--format", format, "."]);
        assert_no_secret(&r, format);
        assert_eq!(
            r.code,
            2,
            "{format}: could not check everything\n{}",
            r.all()
        );
    }
    let r = run(&repo, &["dump", "."]);
    assert_no_secret(&r, "dump");
    let r = run(&repo, &["--no-config", "--format", "human", "."]);
    assert!(r.all().contains("include-outside-root"), "{}", r.all());
    assert!(r.all().contains("outside the linted tree"), "{}", r.all());
}

#[test]
fn a_sysroot_keeps_absolute_links_and_dotdot_inside() {
    let t = tempfile::tempdir().unwrap();
    let outside = secrets(t.path());
    let root = t.path().join("sysroot");
    write(
        &root.join("etc/nginx/nginx.conf"),
        "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n    include ../../../../../../outside/secret.conf;\n}\n",
    );
    write(
        &root.join("etc/nginx/sites-available/site"),
        "server {\n    listen 80;\n    location / { return 200; }\n}\n",
    );
    std::fs::create_dir_all(root.join("etc/nginx/sites-enabled")).unwrap();
    // Debian's layout: an absolute link, which must resolve in the tree.
    symlink(
        "/etc/nginx/sites-available/site",
        root.join("etc/nginx/sites-enabled/site"),
    )
    .unwrap();
    // An absolute link to the host's file of the same name as the secret.
    symlink(
        outside.join("secret.conf"),
        root.join("etc/nginx/sites-enabled/host-file"),
    )
    .unwrap();
    for format in FORMATS {
        let r = run(t.path(), &["--format", format, "sysroot"]);
        assert_no_secret(&r, format);
    }
    let r = run(t.path(), &["--format", "concise", "sysroot"]);
    // The tree's own site is linted through its absolute link; the climbing
    // include stays at the top of the sysroot, where no such file is.
    assert!(
        r.all().contains("nginx-include") && r.all().contains("outside/secret.conf"),
        "{}",
        r.all()
    );
    let r = run(t.path(), &["dump", "sysroot"]);
    assert_no_secret(&r, "dump");
    // The tree's own site, read through Debian's absolute link.
    assert!(r.stdout.contains("sites-enabled/site"), "{}", r.stdout);
    assert!(r.stdout.contains("\"return\""), "{}", r.stdout);
}

#[test]
fn root_and_single_files_are_confined_too() {
    let t = tempfile::tempdir().unwrap();
    let outside = secrets(t.path());
    let conf = t.path().join("repo/nginx.conf");
    write(
        &conf,
        format!(
            "events {{}}\nhttp {{ include {}; include ../outside/secret.conf; }}\n",
            outside.join("secret.conf").display()
        ),
    );
    for args in [
        vec!["--nginx", "repo/nginx.conf"],
        vec!["repo/nginx.conf"],
        vec!["--root", "repo", "--nginx", "repo/nginx.conf"],
    ] {
        let r = run(t.path(), &args);
        assert_no_secret(&r, &format!("{args:?}"));
        assert_eq!(r.code, 2, "{args:?}: {}", r.all());
    }
}

#[test]
fn could_not_check_is_never_filtered_into_clean() {
    let t = tempfile::tempdir().unwrap();
    let repo = t.path();
    write(
        &repo.join("nginx.conf"),
        "events {}\nhttp {\n    # fpmlint: ignore[nginx-syntax] hide it\n    server { listen 80 }\n}\n",
    );
    write(
        &repo.join(".fpmlint.toml"),
        "select = [\"runtime\"]\nignore = [\"syntax\", \"nginx-syntax\"]\n[severity]\nnginx-syntax = \"info\"\n",
    );
    for extra in [
        &[][..],
        &["--select", "fastcgi-pass-unmatched"],
        &["--ignore", "syntax", "--fail-on", "error"],
        &["--no-config", "--ignore", "nginx-syntax"],
    ] {
        let mut args = extra.to_vec();
        args.push(".");
        let r = run(repo, &args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.all());
        assert!(r.all().contains("nginx-syntax"), "{args:?}: {}", r.all());
        assert!(r.all().contains("INCOMPLETE"), "{args:?}: {}", r.all());
        assert!(!r.all().contains("no findings"), "{args:?}: {}", r.all());
    }
}

#[test]
fn an_unreadable_glob_directory_makes_the_check_incomplete() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    write(
        &t.path().join("nginx.conf"),
        "events {}\nhttp { include d/*.conf; }\n",
    );
    write(&t.path().join("d/a.conf"), "server { listen 80; }\n");
    std::fs::set_permissions(t.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    // Searchable, not listable: the glob cannot see what it would match.
    std::fs::set_permissions(t.path().join("d"), std::fs::Permissions::from_mode(0o311)).unwrap();
    let bin = env!("CARGO_BIN_EXE_fpmlint");
    // SAFETY: geteuid has no preconditions.
    let mut cmd = if unsafe { libc::geteuid() } == 0 {
        // root lists every directory: drop to nobody to see the refusal.
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        Command::new(bin)
    };
    let out = cmd
        .arg(t.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("cannot expand include"), "{text}");
    assert!(text.contains("permission denied"), "{text}");
}

#[test]
fn fifos_and_devices_return_at_once() {
    let t = tempfile::tempdir().unwrap();
    let fifo = t.path().join("fifo.conf");
    mkfifo(&fifo);
    write(
        &t.path().join("nginx.conf"),
        "events {}\nhttp { include fifo.conf; include /dev/zero; include /dev/stdin; include /proc/self/environ; }\n",
    );
    let limit = Duration::from_secs(20);
    let r = run_in(t.path(), &["--root", "/", "--nginx", "nginx.conf"], limit);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.all().contains("FIFO"), "{}", r.all());
    assert!(r.all().contains("a device"), "{}", r.all());
    assert!(r.all().contains("/proc or /sys"), "{}", r.all());
    // FIFOs named on the command line, with either flag or as a PATH.
    for args in [
        &["--fpm", "fifo.conf"][..],
        &["--nginx", "fifo.conf"],
        &["fifo.conf"],
    ] {
        let r = run_in(t.path(), args, limit);
        assert_eq!(r.code, 2, "{args:?}: {}", r.all());
        assert!(r.all().contains("FIFO"), "{args:?}: {}", r.all());
    }
    // A FIFO found by the directory walk, and one as etc/group of a sysroot.
    let root = t.path().join("sysroot");
    write(
        &root.join("etc/nginx/nginx.conf"),
        "events {}\nhttp { include conf.d/*.conf; }\n",
    );
    std::fs::create_dir_all(root.join("etc/nginx/conf.d")).unwrap();
    for p in ["etc/nginx/conf.d/x.conf", "etc/group", "etc/passwd"] {
        mkfifo(&root.join(p));
    }
    let r = run_in(t.path(), &["sysroot"], limit);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.all().contains("FIFO"), "{}", r.all());
    // Standard input: bounded by --max-file-size, never read past it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_fpmlint"))
        .args(["--max-file-size", "1k", "-"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("reading /dev/zero on standard input does not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_directive_named_by_lua_block_parses_in_linear_time() {
    let t = tempfile::tempdir().unwrap();
    // Each `\{` is a character for nginx but could open Lua braces: with a
    // second way to read `{`, this took seconds at 20 and days at 50.
    let body = "a\\{ ".repeat(5000);
    write(
        &t.path().join("nginx.conf"),
        format!(
            "events {{}}\nhttp {{ by_lua_block {{ {body}; }} content_by_lua_block {{ {} }} }}\n",
            "{ \"}\" ".repeat(2000) + &"} ".repeat(2000)
        ),
    );
    let r = run_in(
        t.path(),
        &["--nginx", "nginx.conf"],
        Duration::from_secs(20),
    );
    assert!(matches!(r.code, 0..=2), "{}", r.all());
}

#[test]
fn a_huge_argument_list_is_bounded() {
    let t = tempfile::tempdir().unwrap();
    let mut text = String::from("events {}\nhttp { server { server_name");
    for _ in 0..200_000 {
        text.push_str(" a");
    }
    text.push_str("; } }\n");
    write(&t.path().join("nginx.conf"), text);
    let r = run(t.path(), &["--nginx", "nginx.conf"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.all().contains("input-limit"), "{}", r.all());
    assert!(r.all().contains("more than 65536 arguments"), "{}", r.all());
}

#[test]
fn the_total_input_is_bounded() {
    let t = tempfile::tempdir().unwrap();
    write(
        &t.path().join("nginx.conf"),
        "events {}\nhttp { include conf.d/*.conf; }\n",
    );
    for i in 0..4 {
        write(
            &t.path().join(format!("conf.d/{i}.conf")),
            format!("# {}\nserver {{ listen 80; }}\n", "x".repeat(1000)),
        );
    }
    let r = run(t.path(), &["--max-total-size", "2k", "."]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.all().contains("--max-total-size"), "{}", r.all());
}

/// Injected text: a quoted token holding a newline and a runner command, a file
/// name holding one, bidi overrides, and XML-forbidden code points.
fn injecting_tree(base: &Path) -> PathBuf {
    let repo = base.join("repo");
    write(
        &repo.join("nginx.conf"),
        "events {}\nhttp {\n    include \"conf.d/x\n::error file=a.conf::pwned\n##[error]pwned\n##vso[task.setvariable variable=x]pwned\n\";\n    server {\n        listen 80;\n        location ~ \\.php$ {\n            fastcgi_pass \"unix:/run/\u{202e}php\u{fffe}\u{ffff}.sock\";\n        }\n    }\n}\n",
    );
    write(
        &repo.join("conf.d/\n::warning file=b::pwned.conf"),
        "server { listen 81; location / { return 200 \"\n::error::pwned\"; } }\nunknown_directive_here \"\n::notice::pwned\";\n",
    );
    repo
}

#[test]
fn no_output_line_is_a_runner_command() {
    let t = tempfile::tempdir().unwrap();
    let repo = injecting_tree(t.path());
    for format in ["human", "concise", "github"] {
        let r = run(&repo, &["--format", format, "."]);
        for line in r.all().lines() {
            let l = line.trim_start();
            if format == "github"
                && !l.starts_with("fpmlint: ")
                && r.stdout.lines().any(|o| o == line)
            {
                // fpmlint's own annotations: a command whose properties end with
                // its title, its data escaped onto the same line.
                let ours = ["::error ", "::warning ", "::notice "]
                    .iter()
                    .any(|p| l.starts_with(p));
                // `::level props::data`, props comma-separated.
                let props = l[2..]
                    .split_once(' ')
                    .and_then(|(_, rest)| rest.split("::").next())
                    .unwrap_or("");
                let titled = props.split(',').any(|p| p.starts_with("title=fpmlint"));
                assert!(ours && titled, "{format}: {line}");
                continue;
            }
            assert!(
                !l.starts_with("::") && !l.starts_with("##["),
                "{format}: a line a runner would obey: {line}\n{}",
                r.all()
            );
        }
        assert!(!r.all().contains("##vso["), "{format}: {}", r.all());
        assert!(
            !r.all().contains('\u{202e}'),
            "{format}: a raw bidi override"
        );
    }
}

#[test]
fn machine_formats_stay_well_formed() {
    let t = tempfile::tempdir().unwrap();
    let repo = injecting_tree(t.path());
    let r = run(&repo, &["--format", "checkstyle", "."]);
    let doc = roxmltree::Document::parse(&r.stdout);
    assert!(doc.is_ok(), "{:?}\n{}", doc.err(), r.stdout);
    for format in ["json", "sarif", "gitlab"] {
        let r = run(&repo, &["--format", format, "."]);
        let v: Result<serde_json::Value, _> = serde_json::from_str(&r.stdout);
        assert!(v.is_ok(), "{format}: {}", r.stdout);
    }
}

#[test]
fn standard_input_is_a_tree_of_its_own() {
    let t = tempfile::tempdir().unwrap();
    let outside = secrets(t.path());
    let conf = format!(
        "events {{}}\nhttp {{ include {}; include conf.d/*.conf; }}\n",
        outside.join("secret.conf").display()
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_fpmlint"))
        .arg("-")
        .current_dir(&outside)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(conf.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains(SECRET), "{text}");
    assert!(
        text.contains("2 includes of standard input not read from disk"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0), "{text}");
}

#[test]
fn a_link_out_of_the_tree_counts_only_under_a_config_name() {
    let t = tempfile::tempdir().unwrap();
    let outside = secrets(t.path());
    let repo = t.path().join("repo");
    write(
        &repo.join("nginx/nginx.conf"),
        "events {}\nhttp {\n    server { listen 80; }\n}\n",
    );
    // A database's config linked to the host's alternatives: never a config of
    // nginx or php-fpm, so it is listed, not a reason to stop.
    symlink(outside.join("fpmlint.toml"), repo.join("nginx/my.cnf")).unwrap();
    let r = run(&repo, &["."]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(!r.all().contains("INCOMPLETE"), "{}", r.all());
    let listed = run(&repo, &["--list-files", "."]);
    assert!(
        listed
            .stdout
            .contains("nginx/my.cnf  not an nginx or php-fpm file by its name"),
        "{}",
        listed.all()
    );
    // Under a name nginx could include, the same link leaves the check incomplete.
    symlink(outside.join("fpmlint.toml"), repo.join("nginx/extra.conf")).unwrap();
    let r = run(&repo, &["."]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.all().contains("INCOMPLETE"), "{}", r.all());
    assert_no_secret(&r, "a link out of the tree");
}
