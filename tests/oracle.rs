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
const COVERED: &[&str] = &[
    "pool-invalid",
    "fpm-unknown-key",
    "fpm-invalid-value",
    "directive-context",
    "directive-arity",
    "invalid-value",
    "buffer-constraint",
    "fastcgi-pass-unmatched",
    "socket-permission-denied",
    "pool-unreachable",
    "listen-collision",
    "missing-script-filename",
    "invalid-pass-target",
    "undersized-buffer",
    "timeout-inversion",
    "pass-without-resolver",
    "script-filename-mismatch",
    "duplicate-directive",
    "ssl-without-certificate",
    "path-info-without-split",
    "non-php-passed-to-php",
    "root-not-inherited",
    "unknown-account",
];

const OK: &str = "fpmlint-oracle-ok";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture case: tests/oracle/fixtures/<rule>/<case> when present, else
/// tests/fixtures/<rule>/<case>.
fn case(rule: &str, name: &str) -> PathBuf {
    let own = manifest()
        .join("tests/oracle/fixtures")
        .join(rule)
        .join(name);
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
fn assert_doc_quotes_in(rule: &str, t: &str) {
    let doc = fpmlint::rules::find(rule)
        .map(|m| m.doc)
        .unwrap_or_else(|| panic!("no rule {rule}"));
    let obs = harness::doc_observations(doc);
    assert!(
        !obs.is_empty(),
        "rules/{rule}.md has no line starting with {OBSERVED:?} quoting what the oracle saw"
    );
    for (line, frags) in obs {
        for f in &frags {
            assert!(
                t.contains(f.as_str()),
                "rules/{rule}.md quotes `{f}`, which the real servers did not print:\n{line}\n--- observed:\n{t}"
            );
        }
        let words = line.split("log:").next().unwrap_or("");
        if let Some(k) = words.find("status ") {
            let code: String = words[k + 7..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if code.len() == 3 {
                assert!(
                    t.contains(&format!("status {code} ")),
                    "rules/{rule}.md says status {code}, the real servers answered otherwise:\n{t}"
                );
            }
        }
    }
}

/// The transcript of a stack; printed too when FPMLINT_ORACLE_SHOW is set.
fn show(stack: &Stack) -> String {
    let t = format!("--- {}\n{}", stack.fixture.display(), stack.transcript());
    if std::env::var_os("FPMLINT_ORACLE_SHOW").is_some() {
        println!("{t}");
    }
    t
}

/// One case of a rule's reproduction: what to send and what the servers must do.
#[derive(Clone, Copy)]
struct Want<'a> {
    case: &'a str,
    /// The fixture's nginx port to send to (None: the first it listens on).
    port: Option<u16>,
    /// Host header ("" = the first server_name).
    host: &'a str,
    path: &'a str,
    /// Expected status (ignored when `refused` is set and nginx is the one refusing).
    status: u16,
    /// A fragment of nginx's or php-fpm's log ("" = none required).
    log: &'a str,
    /// A fragment of the body ("" = none required).
    body: &'a str,
    /// "nginx" or "php-fpm" when that program must refuse to start.
    refused: &'a str,
    /// Read timeout, seconds.
    wait: u64,
}

const W: Want<'static> = Want {
    case: "",
    port: None,
    host: "",
    path: "/oracle.php",
    status: 200,
    log: "",
    body: OK,
    refused: "",
    wait: 8,
};

/// Run every case; bad* cases must be reported by fpmlint, good* cases not; the
/// rule doc's `Observed` line must match one of the transcripts.
fn check_cases(rule: &str, wants: &[Want]) {
    check_cases_plus(rule, wants, "");
}

/// [`check_cases`], the doc quotes checked against `more` transcripts too.
fn check_cases_plus(rule: &str, wants: &[Want], more: &str) {
    let mut all = more.to_string();
    for w in wants {
        let dir = case(rule, w.case);
        let overlay = companion(&dir);
        let ov: Vec<(&str, &str)> = overlay
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let mut s = Stack::start_with(&dir, &ov);
        let nginx_up = s.nginx.as_ref().is_some_and(|n| n.running);
        match w.refused {
            "" => {
                for f in &s.fpm {
                    assert!(
                        f.running,
                        "{rule}/{}: {} did not start\n{}",
                        w.case,
                        f.name,
                        show(&s)
                    );
                }
                assert!(
                    nginx_up,
                    "{rule}/{}: nginx did not start\n{}",
                    w.case,
                    show(&s)
                );
            }
            "nginx" => assert!(!nginx_up, "{rule}/{}: nginx started\n{}", w.case, show(&s)),
            _ => assert!(
                s.fpm.iter().any(|f| !f.running),
                "{rule}/{}: php-fpm started\n{}",
                w.case,
                show(&s)
            ),
        }
        if nginx_up {
            let r = match w.port {
                Some(p) => s.get_on(p, w.host, w.path, Duration::from_secs(w.wait)),
                None => s.get(w.host, w.path, Duration::from_secs(w.wait)),
            };
            assert_eq!(
                r.status,
                w.status,
                "{rule}/{}: status\n{}",
                w.case,
                show(&s)
            );
            assert!(
                r.body.contains(w.body),
                "{rule}/{}: no {:?} in the body\n{}",
                w.case,
                w.body,
                show(&s)
            );
        }
        let logs = format!("{}\n{}", s.nginx_log(), s.fpm_log());
        assert!(
            logs.contains(w.log),
            "{rule}/{}: no `{}` in the logs\n{}",
            w.case,
            w.log,
            show(&s)
        );
        all.push_str(&show(&s));
        assert_fpmlint(rule, &dir, w.case.starts_with("bad"));
    }
    assert_doc_quotes_in(rule, &all);
}

/// Good: both start, `path` serves 200 with the script's output.
fn expect_served(rule: &str, good: &str, host: &str, path: &str, body: &str) {
    let dir = case(rule, good);
    let overlay = companion(&dir);
    let ov: Vec<(&str, &str)> = overlay
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut s = Stack::start_with(&dir, &ov);
    for f in &s.fpm {
        assert!(
            f.running,
            "{rule}/{good}: {} did not start\n{}",
            f.name,
            show(&s)
        );
    }
    assert!(
        s.nginx.as_ref().is_some_and(|n| n.running),
        "{rule}/{good}: nginx did not start\n{}",
        show(&s)
    );
    let r = s.get(host, path, Duration::from_secs(10));
    assert_eq!(r.status, 200, "{rule}/{good}: status\n{}", show(&s));
    assert!(
        r.body.contains(body),
        "{rule}/{good}: body {:?}\n{}",
        r.body,
        show(&s)
    );
    if fpmlint::rules::find(rule).is_some() {
        assert_fpmlint(rule, &dir, false);
    }
}

/// The other program for a fixture that holds only one: an nginx server passing
/// .php to the fixture's first pool, or a pool listening where the fixture's first
/// fastcgi_pass points. Laid over the servers' copy only; fpmlint lints the fixture.
fn companion(dir: &Path) -> Vec<(String, String)> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let text = |f: &PathBuf| std::fs::read_to_string(f).unwrap_or_default();
    let sysroot = dir.join("etc").is_dir();
    let has_nginx = files.iter().any(|f| f.ends_with("nginx.conf"));
    let has_fpm = files.iter().any(|f| {
        let t = text(f);
        t.lines().any(|l| l.trim_start().starts_with('['))
            && t.contains("listen")
            && !f.to_string_lossy().contains("nginx")
    });
    if has_nginx && !has_fpm {
        // The first fastcgi_pass or upstream server that is an address (a unix
        // path without the trailing colon nginx would keep, or host:port).
        let pass = files.iter().find_map(|f| {
            text(f).lines().find_map(|l| {
                let l = l.trim();
                let a = l
                    .strip_prefix("fastcgi_pass ")
                    .or_else(|| l.strip_prefix("server "))?
                    .trim_end_matches(';')
                    .split_whitespace()
                    .next()?
                    .to_string();
                (a.starts_with("unix:") || a.rsplit(':').next()?.parse::<u16>().is_ok())
                    .then_some(a)
            })
        });
        let listen = match pass.as_deref() {
            Some(p) if p.starts_with("unix:") => p[5..].trim_end_matches(':').to_string(),
            Some(p) => format!("127.0.0.1:{}", p.rsplit(':').next().unwrap_or("9000")),
            None => "127.0.0.1:9000".into(),
        };
        let conf = format!(
            "; oracle companion pool\n[global]\n[www]\nuser = www-data\ngroup = www-data\nlisten = {listen}\nlisten.owner = www-data\nlisten.group = www-data\nlisten.mode = 0666\npm = static\npm.max_children = 2\n"
        );
        let at = if sysroot {
            "etc/php/8.2/fpm/php-fpm.conf"
        } else {
            "php-fpm.conf"
        };
        return vec![(at.to_string(), conf)];
    }
    if has_fpm && !has_nginx {
        let listen = files.iter().find_map(|f| {
            text(f).lines().find_map(|l| {
                let (k, v) = l.split_once('=')?;
                (k.trim() == "listen").then(|| v.trim().to_string())
            })
        });
        let pass = match listen.as_deref() {
            Some(l) if l.starts_with('/') => format!("unix:{l}"),
            Some(l) if l.chars().all(|c| c.is_ascii_digit()) => format!("127.0.0.1:{l}"),
            Some(l) => l.to_string(),
            None => "127.0.0.1:9000".into(),
        };
        let conf = format!(
            "# oracle companion server\nuser www-data;\nevents {{}}\nhttp {{\n  server {{\n    listen 80;\n    root /var/www/html;\n    location ~ \\.php$ {{\n      include fastcgi.conf;\n      fastcgi_pass {pass};\n    }}\n  }}\n}}\n"
        );
        let at = if sysroot {
            "etc/nginx/nginx.conf"
        } else {
            "nginx.conf"
        };
        return vec![(at.to_string(), conf)];
    }
    Vec::new()
}

fn cases(rule: &str, kind: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(manifest().join("tests/fixtures").join(rule))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| n.starts_with(kind))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Every bad case of a refuse-to-start rule: where fpmlint says error, `program`
/// refuses to start, and the message fpmlint quotes (in backticks) is what the
/// program printed; where fpmlint says warning, the program starts. Every good
/// case serves 200. Returns the transcripts, for the doc quotes.
fn refusal_family(rule: &str, program: &str) -> String {
    refusal_family_except(rule, program, &[])
}

/// [`refusal_family`] leaving out the bad cases that fail at run time instead.
fn refusal_family_except(rule: &str, program: &str, runtime: &[&str]) -> String {
    let mut all = String::new();
    let mut failures = Vec::new();
    for bad in cases(rule, "bad") {
        if runtime.contains(&bad.as_str()) {
            continue;
        }
        let dir = case(rule, &bad);
        let plan = fpmlint::discover::discover(std::slice::from_ref(&dir), &Default::default());
        let project = fpmlint::project::load(plan, Some(dir.clone()));
        let found: Vec<_> = fpmlint::cli::check(&project)
            .into_iter()
            .filter(|d| d.rule == rule)
            .collect();
        if found.is_empty() {
            failures.push(format!("{bad}: fpmlint reports no {rule}"));
            continue;
        }
        let s = Stack::start(&dir);
        let t = show(&s);
        let log = if program == "nginx" {
            s.nginx_log()
        } else {
            s.fpm_log()
        };
        let refused = if program == "nginx" {
            s.nginx.iter().any(|n| !n.running)
        } else {
            s.fpm.iter().any(|f| !f.running)
        };
        let error = found
            .iter()
            .any(|d| d.severity == fpmlint::diag::Severity::Error);
        if error && !refused {
            failures.push(format!(
                "{bad}: fpmlint says {program} refuses to start, it started\n{t}"
            ));
        }
        if !error && refused {
            failures.push(format!(
                "{bad}: fpmlint gives only a warning, {program} refused to start\n{t}"
            ));
        }
        // The program stops at its first complaint: one of fpmlint's quotes (when
        // it reports several) must be what it printed.
        let quotes: Vec<&str> = found
            .iter()
            .filter(|d| d.severity == fpmlint::diag::Severity::Error)
            .flat_map(|d| d.message.split('`').skip(1).step_by(2))
            .filter(|q| q.len() > 12)
            .collect();
        if error && !quotes.is_empty() && !quotes.iter().any(|q| log.contains(q)) {
            failures.push(format!(
                "{bad}: fpmlint quotes {quotes:?}, {program} printed none of them\n{t}"
            ));
        }
        all.push_str(&t);
    }
    assert!(failures.is_empty(), "{rule}:\n{}", failures.join("\n"));
    all
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
    let r = s.get(
        "shop.example.com",
        "/headers.php?kb=2",
        Duration::from_secs(5),
    );
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

/// Every good case of a rule serves 200 (with a companion program when the
/// fixture holds only one).
/// A good case without any fastcgi_pass (a proxy_pass one) only has to start.
fn all_good_served(rule: &str, host: &str) {
    // A compose repository is no machine the harness can start.
    for good in cases(rule, "good")
        .into_iter()
        .filter(|g| !is_compose_case(rule, g))
    {
        let dir = case(rule, &good);
        let passes_php = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("fastcgi_pass")));
        let has_nginx = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.file_name() == "nginx.conf");
        if passes_php || !has_nginx {
            expect_served(rule, &good, host, "/oracle.php", OK);
        } else {
            let s = Stack::start(&dir);
            assert!(
                s.nginx.as_ref().is_some_and(|n| n.running) && s.fpm.iter().all(|f| f.running),
                "{rule}/{good}: did not start\n{}",
                show(&s)
            );
            assert_fpmlint(rule, &dir, false);
        }
    }
}

#[test]
fn pool_invalid() {
    if !harness::available() {
        return;
    }
    let t = refusal_family("pool-invalid", "php-fpm");
    assert_doc_quotes_in("pool-invalid", &t);
    all_good_served("pool-invalid", "localhost");
}

#[test]
fn buffer_constraint() {
    if !harness::available() {
        return;
    }
    let t = refusal_family("buffer-constraint", "nginx");
    assert_doc_quotes_in("buffer-constraint", &t);
    all_good_served("buffer-constraint", "shop.example.com");
}

/// Missing accounts: nginx refuses `user` names (and groups) the host lacks,
/// php-fpm pool users, groups, socket owners and ACL names. The oracle twins name
/// accounts absent from the machine (the harness maps `nginx` to a test account).
#[test]
fn unknown_account() {
    if !harness::available() {
        return;
    }
    const NGINX_CASES: &[&str] = &["bad-nginx-user", "bad-nginx-group"];
    // A warning: the account may come from SSSD on that host (not on this one).
    const ELSEWHERE: &str = "bad-accounts-also-in-sssd";
    // Compose services checked against their image's accounts: see
    // image_accounts_as_the_programs_read_them.
    let images: Vec<String> = cases("unknown-account", "bad")
        .into_iter()
        .filter(|c| is_compose_case("unknown-account", c))
        .collect();
    let fpm_cases: Vec<String> = cases("unknown-account", "bad")
        .into_iter()
        .filter(|c| !NGINX_CASES.contains(&c.as_str()) && !images.contains(c))
        .collect();
    let mut not_nginx: Vec<&str> = fpm_cases.iter().map(String::as_str).collect();
    not_nginx.push(ELSEWHERE);
    not_nginx.extend(images.iter().map(String::as_str));
    let mut not_fpm = NGINX_CASES.to_vec();
    not_fpm.push(ELSEWHERE);
    not_fpm.extend(images.iter().map(String::as_str));
    let mut t = refusal_family_except("unknown-account", "nginx", &not_nginx);
    t.push_str(&refusal_family_except(
        "unknown-account",
        "php-fpm",
        &not_fpm,
    ));
    let soft = fpmlint_reports("unknown-account", &case("unknown-account", ELSEWHERE));
    assert!(
        !soft.is_empty()
            && soft
                .iter()
                .all(|m| m.starts_with("unless sss (etc/nsswitch.conf) has the account")),
        "{soft:?}"
    );
    assert_doc_quotes_in("unknown-account", &t);
    all_good_served("unknown-account", "example.test");
}

/// PHP's ini order: php.ini, then the `*.ini` files of the scan directory by
/// name, a later value winning. `php-fpm -i` run on a fixture's php.ini and scan
/// directory prints the values fpmlint reads, from the files fpmlint says.
#[test]
fn php_ini_scan_dir_order() {
    if !harness::available() {
        return;
    }
    let empty = tempfile::tempdir().expect("temporary directory");
    for (case, conf, from) in [
        (
            "bad-conf-d-max-execution-time",
            "etc/php/8.2/fpm",
            "99-app.ini",
        ),
        (
            "bad-official-image-conf-d",
            "usr/local/etc/php",
            "zz-timeouts.ini",
        ),
    ] {
        let dir = manifest()
            .join("tests/fixtures/timeout-inversion")
            .join(case);
        let plan = fpmlint::discover::discover(std::slice::from_ref(&dir), &Default::default());
        let project = fpmlint::project::load(plan, Some(dir.clone()));
        let ini = project.fpm[0]
            .php_ini
            .as_ref()
            .unwrap_or_else(|| panic!("{case}: fpmlint read no php.ini values"));
        let conf = dir.join(conf);
        let php_ini = conf.join("php.ini");
        let mut cmd = std::process::Command::new(harness::PHP_FPM);
        cmd.env("PHP_INI_SCAN_DIR", conf.join("conf.d")).arg("-c");
        if php_ini.is_file() {
            cmd.arg(&php_ini);
        } else {
            cmd.arg(empty.path());
        }
        let out = cmd.arg("-i").output().expect("run php-fpm -i");
        let text = String::from_utf8_lossy(&out.stdout);
        let mut compared = 0;
        for key in ["max_execution_time", "memory_limit"] {
            let Some(mine) = ini.get(key) else {
                continue;
            };
            let real = text
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{key} => ")))
                .and_then(|r| r.split(" => ").next())
                .unwrap_or_else(|| panic!("{case}: php-fpm -i prints no {key}:\n{text}"));
            assert_eq!(mine.value, real, "{case}: {key}");
            compared += 1;
        }
        assert!(compared > 0, "{case}: nothing compared");
        let at = ini
            .get("max_execution_time")
            .and_then(|s| s.line_span())
            .unwrap();
        assert!(
            project.sources.get(at.file).name.ends_with(from),
            "{case}: max_execution_time labelled in {}",
            project.sources.get(at.file).name
        );
    }
}

/// Not a check: `FPMLINT_ORACLE_EXPLORE=<rule> cargo test --test oracle explore --
/// --ignored --nocapture` runs every case of a rule and prints what the servers did.
#[test]
#[ignore]
fn explore() {
    let Ok(rule) = std::env::var("FPMLINT_ORACLE_EXPLORE") else {
        return;
    };
    let path = std::env::var("FPMLINT_ORACLE_PATH").unwrap_or("/oracle.php".into());
    for c in cases(&rule, "") {
        let dir = case(&rule, &c);
        let overlay = companion(&dir);
        let ov: Vec<(&str, &str)> = overlay
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let mut s = Stack::start_with(&dir, &ov);
        if s.nginx.as_ref().is_some_and(|n| n.running) {
            s.get("", &path, Duration::from_secs(8));
        }
        println!(
            "=== {c} (fpmlint: {})\n{}",
            fpmlint_reports(&rule, &dir).join(" | "),
            show(&s)
        );
    }
}

#[test]
fn fastcgi_pass_unmatched() {
    if !harness::available() {
        return;
    }
    let bad = Want {
        status: 502,
        body: "Bad Gateway",
        ..W
    };
    check_cases(
        "fastcgi-pass-unmatched",
        &[
            Want {
                case: "bad-stale-php-version",
                log: "connect() to unix:/run/php/php8.1-fpm.sock failed (2: No such file or directory) while connecting to upstream",
                ..bad
            },
            Want {
                case: "bad-upstream-server",
                log: "connect() to unix:/run/php/php7.4-fpm.sock failed (2: No such file or directory) while connecting to upstream",
                ..bad
            },
            Want {
                case: "bad-wrong-port",
                log: "connect() failed (111: Connection refused) while connecting to upstream",
                ..bad
            },
            // Debian's version-independent link (made by the php8.2-fpm unit).
            Want {
                case: "good-debian-default-socket",
                ..W
            },
            // unix:/var/run//php/php8.2-fpm.sock reaches listen = /run/php/php8.2-fpm.sock.
            Want {
                case: "good-var-run-and-port-only",
                port: Some(8080),
                ..W
            },
            // 127.0.0.1:9000 reaches listen = 9000 (all interfaces).
            Want {
                case: "good-var-run-and-port-only",
                port: Some(8081),
                host: "tcp.test",
                ..W
            },
        ],
    );
}

#[test]
fn socket_permission_denied() {
    if !harness::available() {
        return;
    }
    let denied = Want {
        status: 502,
        body: "Bad Gateway",
        log: "connect() to unix:/run/php/php8.2-fpm.sock failed (13: Permission denied) while connecting to upstream",
        ..W
    };
    check_cases(
        "socket-permission-denied",
        &[
            // No listen.owner/group: the socket is root's, mode 0660.
            Want {
                case: "bad-root-owned-socket",
                ..denied
            },
            // listen.acl_users = apache,nginx; nginx runs as www-data.
            Want {
                case: "bad-user-not-in-acl",
                ..denied
            },
            // Socket group apache; www-data is no member (no etc/group to say so).
            Want {
                case: "bad-no-etc-group",
                ..denied
            },
            // root:root 0660 and no account files: no distribution puts www-data
            // in group root.
            Want {
                case: "bad-root-socket-no-account-files",
                ..denied
            },
            Want {
                case: "good-debian-owner",
                ..W
            },
            // nginx's workers reach the socket through a supplementary group.
            Want {
                case: "good-group-member",
                ..W
            },
        ],
    );
}

#[test]
fn pool_unreachable() {
    if !harness::available() {
        return;
    }
    let dropped = Want {
        status: 502,
        body: "Bad Gateway",
        log: "while reading response header from upstream",
        ..W
    };
    check_cases(
        "pool-unreachable",
        &[
            Want {
                case: "bad-allowed-clients-any",
                ..dropped
            },
            // The fixture listens on the port alone (9000): php-fpm 8.2 then serves
            // 127.0.0.1 anyway (observed), so the reproduction listens on 127.0.0.1.
            Want {
                case: "bad-allowed-clients-loopback-listen",
                ..dropped
            },
            Want {
                case: "good-allowed-loopback",
                ..W
            },
        ],
    );
}

#[test]
fn listen_collision() {
    if !harness::available() {
        return;
    }
    check_cases(
        "listen-collision",
        &[
            // The same listen string in two pools: php-fpm refuses to start.
            Want {
                case: "bad-same-socket-twice",
                refused: "php-fpm",
                status: 502,
                body: "Bad Gateway",
                log: "[pool shop] unable to set listen address as it's already used in another pool 'www'",
                ..W
            },
            // 9000 beside 127.0.0.1:9000: the second bind fails.
            Want {
                case: "bad-port-only-beside-loopback",
                refused: "php-fpm",
                status: 502,
                body: "Bad Gateway",
                log: "unable to bind listening socket for address '9000': Address already in use (98)",
                ..W
            },
            // A pool on nginx's own port: the second to start (nginx here) fails.
            Want {
                case: "bad-nginx-port",
                refused: "nginx",
                log: "bind() to 127.0.0.1:8080 failed (98: Address already in use)",
                ..W
            },
            Want {
                case: "good-own-sockets",
                ..W
            },
        ],
    );
    // localhost:9000 beside 127.0.0.1:9000: one socket, requests go to either pool.
    let dir = case("listen-collision", "bad-localhost-shares-socket");
    let mut s = Stack::start(&dir);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..24 {
        let r = s.get("", "/pool.php", Duration::from_secs(5));
        assert_eq!(r.status, 200, "{}", show(&s));
        seen.insert(r.body.trim().to_string());
        if seen.len() == 2 {
            break;
        }
    }
    let want: std::collections::BTreeSet<String> =
        ["pool=admin".to_string(), "pool=www".to_string()].into();
    assert_eq!(
        seen,
        want,
        "requests to 127.0.0.1:9000 should reach both pools\n{}",
        show(&s)
    );
    assert_fpmlint("listen-collision", &dir, true);
}

#[test]
fn missing_script_filename() {
    if !harness::available() {
        return;
    }
    check_cases(
        "missing-script-filename",
        &[
            // Debian's fastcgi_params alone: no SCRIPT_FILENAME.
            Want {
                case: "bad-debian-fastcgi-params",
                status: 404,
                body: "File not found.",
                log: "FastCGI sent in stderr: \"Primary script unknown\" while reading response header from upstream",
                ..W
            },
            // A location-level fastcgi_param drops the outer set: an empty 200 page.
            Want {
                case: "bad-location-param-drops-outer",
                status: 200,
                body: "",
                ..W
            },
            Want {
                case: "good-fastcgi-conf",
                ..W
            },
        ],
    );
    // The empty page really is empty.
    let dir = case("missing-script-filename", "bad-location-param-drops-outer");
    let overlay = companion(&dir);
    let ov: Vec<(&str, &str)> = overlay
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let mut s = Stack::start_with(&dir, &ov);
    let r = s.get("", "/oracle.php", Duration::from_secs(5));
    assert!(r.status == 200 && r.body.is_empty(), "{}", show(&s));
}

#[test]
fn script_filename_mismatch() {
    if !harness::available() {
        return;
    }
    let not_found = Want {
        status: 404,
        body: "File not found.",
        log: "FastCGI sent in stderr: \"Primary script unknown\" while reading response header from upstream",
        ..W
    };
    check_cases(
        "script-filename-mismatch",
        &[
            // chroot = /srv/www with root /srv/www: php-fpm opens
            // /srv/www/srv/www/oracle.php.
            Want {
                case: "bad-chroot-equals-root",
                ..not_found
            },
            // SCRIPT_FILENAME under /var/www/html, which the tree does not hold.
            Want {
                case: "bad-hard-coded-path-missing",
                ..not_found
            },
            Want {
                case: "good-document-root",
                ..W
            },
        ],
    );
}

#[test]
fn path_info_without_split() {
    if !harness::available() {
        return;
    }
    check_cases(
        "path-info-without-split",
        &[
            // cgi.fix_pathinfo = 0: SCRIPT_FILENAME .../oracle.php/login is refused.
            Want {
                case: "bad-fix-pathinfo-off",
                path: "/oracle.php/login",
                status: 403,
                body: "Access denied.",
                log: "Access to the script '/var/www/html/oracle.php/login' has been denied (see security.limit_extensions)",
                ..W
            },
            // PHP's default: the script runs, PATH_INFO is empty.
            Want {
                case: "bad-capture-without-split",
                path: "/pathinfo.php/login",
                body: "path_info=\n",
                ..W
            },
            Want {
                case: "good-split-path-info",
                path: "/pathinfo.php/login",
                body: "path_info=/login\n",
                ..W
            },
        ],
    );
}

#[test]
fn non_php_passed_to_php() {
    if !harness::available() {
        return;
    }
    let denied = Want {
        status: 403,
        body: "Access denied.",
        ..W
    };
    check_cases(
        "non-php-passed-to-php",
        &[
            Want {
                case: "bad-html-through-php",
                path: "/page.html",
                log: "Access to the script '/var/www/html/page.html' has been denied (see security.limit_extensions)",
                ..denied
            },
            Want {
                case: "bad-everything-to-php",
                path: "/style.css",
                log: "Access to the script '/var/www/html/style.css' has been denied (see security.limit_extensions)",
                ..denied
            },
            // Static files served by nginx; the API location runs index.php.
            Want {
                case: "good-front-controller",
                path: "/style.css",
                body: "body { color: #333; }",
                ..W
            },
            Want {
                case: "good-front-controller",
                path: "/api/users",
                ..W
            },
        ],
    );
}

#[test]
fn root_not_inherited() {
    if !harness::available() {
        return;
    }
    check_cases(
        "root-not-inherited",
        &[
            // root only in `location /`: the PHP location looks in nginx's html.
            Want {
                case: "bad-root-only-in-slash-location",
                status: 404,
                body: "File not found.",
                log: "FastCGI sent in stderr: \"Primary script unknown\"",
                ..W
            },
            // root only in the PHP location: `location /` finds no static file and
            // the fallback script answers the stylesheet's URL.
            Want {
                case: "bad-root-only-in-php-location",
                path: "/style.css",
                ..W
            },
            Want {
                case: "good-root-in-server",
                path: "/style.css",
                body: "body { color: #333; }",
                ..W
            },
            Want {
                case: "good-root-in-server",
                ..W
            },
        ],
    );
}

/// php-fpm answers its status and ping pages itself, with fastcgi_params alone
/// (no SCRIPT_FILENAME) or with a SCRIPT_FILENAME naming no file.
#[test]
fn fpm_status_and_ping_served() {
    if !harness::available() {
        return;
    }
    let rule = "unsafe-php-location";
    let good = "good-fpm-status-and-ping";
    expect_served(rule, good, "example.test", "/fpm-status", "pool:");
    expect_served(rule, good, "example.test", "/ping", "pong");
    expect_served(rule, good, "example.test", "/oracle.php", OK);
}

#[test]
fn invalid_pass_target() {
    if !harness::available() {
        return;
    }
    // The refusals (scheme, name without port, long path, upstream with port):
    // nginx's own message, as fpmlint quotes it; then the runtime case.
    let t = refusal_family_except("invalid-pass-target", "nginx", &["bad-trailing-colon"]);
    check_cases_plus(
        "invalid-pass-target",
        &[
            // unix:/run/php/php8.2-fpm.sock: while the pool listens on the path
            // without the colon.
            Want {
                case: "bad-trailing-colon",
                status: 502,
                body: "Bad Gateway",
                log: "connect() to unix:/run/php/php8.2-fpm.sock: failed (2: No such file or directory) while connecting to upstream",
                ..W
            },
            Want {
                case: "good-upstream-and-socket",
                ..W
            },
        ],
        &t,
    );
}

#[test]
fn undersized_buffer() {
    if !harness::available() {
        return;
    }
    check_cases(
        "undersized-buffer",
        &[
            // fastcgi_buffer_size 1k; the script sends 2 KB of headers.
            Want {
                case: "bad-one-k-header-buffer",
                path: "/headers.php?kb=2",
                status: 502,
                body: "Bad Gateway",
                log: "upstream sent too big header while reading response header from upstream",
                ..W
            },
            Want {
                case: "good-default-page-size",
                path: "/headers.php?kb=2",
                body: "headers 2",
                ..W
            },
        ],
    );
    // The doc's table of ordinary responses: at 1k a WordPress login and
    // Nextcloud's login page fail, a Laravel page fits; at the default all pass.
    let big = "upstream sent too big header while reading response header from upstream";
    check_cases(
        "undersized-buffer",
        &[
            Want {
                case: "bad-one-k-header-buffer",
                path: "/app.php?app=wordpress",
                status: 502,
                body: "Bad Gateway",
                log: big,
                ..W
            },
            Want {
                case: "bad-one-k-header-buffer",
                path: "/app.php?app=nextcloud",
                status: 502,
                body: "Bad Gateway",
                log: big,
                ..W
            },
            Want {
                case: "bad-one-k-header-buffer",
                path: "/app.php?app=laravel",
                body: "app laravel 973",
                ..W
            },
            Want {
                case: "good-default-page-size",
                path: "/app.php?app=wordpress",
                status: 302,
                body: "app wordpress 1034",
                ..W
            },
            Want {
                case: "good-default-page-size",
                path: "/app.php?app=nextcloud",
                body: "app nextcloud 1347",
                ..W
            },
        ],
    );
}

#[test]
fn timeout_inversion() {
    if !harness::available() {
        return;
    }
    check_cases(
        "timeout-inversion",
        &[
            // request_terminate_timeout 2s below max_execution_time 6: a 4 s script
            // is killed by php-fpm.
            Want {
                case: "bad-terminate-before-php",
                path: "/sleep.php?s=4",
                status: 502,
                body: "Bad Gateway",
                log: "execution timed out",
                wait: 10,
                ..W
            },
            // max_execution_time 1 in php.ini, 6 in conf.d (read last): a script
            // burning 3 s of CPU outlives PHP's limit only if conf.d counts, and
            // php-fpm's 2 s terminate kills it.
            Want {
                case: "bad-terminate-below-conf-d",
                path: "/burn.php?s=3",
                status: 502,
                body: "Bad Gateway",
                log: "execution timed out",
                wait: 10,
                ..W
            },
            // fastcgi_read_timeout 2s below request_terminate_timeout 6s: nginx gives
            // up with 504 while the worker sleeps on.
            Want {
                case: "bad-nginx-gives-up-first",
                path: "/sleep.php?s=4",
                status: 504,
                body: "Gateway Time-out",
                log: "upstream timed out (110: Connection timed out) while reading response header from upstream",
                wait: 10,
                ..W
            },
            Want {
                case: "good-chain-holds",
                path: "/sleep.php?s=1",
                body: "slept 1",
                ..W
            },
        ],
    );
}

#[test]
fn pass_without_resolver() {
    if !harness::available() {
        return;
    }
    check_cases(
        "pass-without-resolver",
        &[
            // set $php_upstream php:9000; fastcgi_pass $php_upstream; no resolver.
            Want {
                case: "bad-docker-service-in-variable",
                status: 502,
                body: "Bad Gateway",
                log: "no resolver defined to resolve php",
                ..W
            },
            Want {
                case: "good-variable-names-a-fastcgi-upstream",
                ..W
            },
        ],
    );
}

/// The rules whose findings mean "the program refuses to start": every bad
/// fixture makes the real program refuse (with one of the messages fpmlint
/// quotes), and every good one starts.
fn refuses_to_start(rule: &str, program: &str, fragments: &[&str]) {
    if !harness::available() {
        return;
    }
    let t = refusal_family_except(rule, program, fragments);
    assert_doc_quotes_in(rule, &t);
    for good in cases(rule, "good")
        .into_iter()
        .filter(|g| !fragments.contains(&g.as_str()))
    {
        let dir = case(rule, &good);
        let s = Stack::start(&dir);
        let started = if program == "nginx" {
            s.nginx.as_ref().is_none_or(|n| n.running)
        } else {
            s.fpm.iter().all(|f| f.running)
        };
        assert!(
            started,
            "{rule}/{good}: {program} did not start\n{}",
            show(&s)
        );
        assert_fpmlint(rule, &dir, false);
    }
}

#[test]
fn fpm_unknown_key() {
    // A key newer than the host's PHP release: php-fpm 8.2 has it (see
    // fpm_key_newer_than_the_release).
    refuses_to_start(
        "fpm-unknown-key",
        "php-fpm",
        &[
            "bad-newer-key-spawn-rate-php-8.0-image",
            "bad-newer-key-status-listen-php-7.4",
            "good-spawn-rate-php-8.1-image",
        ],
    );
}

#[test]
fn fpm_invalid_value() {
    refuses_to_start("fpm-invalid-value", "php-fpm", &[]);
}

#[test]
fn directive_context() {
    // A fragment alone has no nginx.conf to start: where it is included decides.
    refuses_to_start("directive-context", "nginx", &["bad-fragment-fits-nowhere"]);
}

#[test]
fn duplicate_directive() {
    refuses_to_start("duplicate-directive", "nginx", &[]);
}

#[test]
fn ssl_without_certificate() {
    refuses_to_start("ssl-without-certificate", "nginx", &[]);
}

#[test]
fn directive_arity() {
    refuses_to_start("directive-arity", "nginx", &[]);
}

#[test]
fn invalid_value() {
    refuses_to_start("invalid-value", "nginx", &[]);
}

/// duplicate-directive's fact, checked against nginx itself: every directive of
/// the location context that fpmlint takes as once-only makes `nginx -t` say
/// `is duplicate` when set twice in one location (or is unknown to this build),
/// and the directives that may repeat pass.
#[test]
fn once_only_directives_match_nginx() {
    use fpmlint::nginx::directives::{Context, Value, DIRECTIVES};
    if !harness::available() {
        return;
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let test = |body: &str| -> String {
        let conf = dir.path().join("nginx.conf");
        let text = format!(
            "pid {0}/nginx.pid; error_log {0}/error.log; {body}",
            dir.path().display()
        );
        std::fs::write(&conf, text).expect("write nginx.conf");
        let out = std::process::Command::new(harness::NGINX)
            .arg("-t")
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(&conf)
            .output()
            .expect("run nginx -t");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let in_location = |line: &str| {
        test(&format!(
            "events {{}} http {{ server {{ listen 127.0.0.1:1; location / {{ {line} {line} }} }} }}"
        ))
    };
    let custom: &[(&str, &str)] = &[
        ("alias", "/a/"),
        ("auth_basic", "off"),
        ("auth_basic_user_file", "/x"),
        ("charset", "utf-8"),
        ("default_type", "text/plain"),
        ("expires", "1h"),
        ("fastcgi_cache", "off"),
        ("fastcgi_cache_key", "x"),
        ("fastcgi_index", "index.php"),
        ("fastcgi_pass", "127.0.0.1:9000"),
        ("grpc_pass", "127.0.0.1:9"),
        ("internal", ""),
        ("keepalive_timeout", "5"),
        ("open_file_cache", "off"),
        ("proxy_http_version", "1.1"),
        ("proxy_pass", "http://127.0.0.1:9"),
        ("resolver", "127.0.0.1"),
        ("root", "/a"),
        ("satisfy", "any"),
        ("scgi_pass", "127.0.0.1:9"),
        ("server_tokens", "off"),
        ("try_files", "$uri =404"),
        ("uwsgi_pass", "127.0.0.1:9"),
    ];
    let mut wrong = Vec::new();
    let mut checked = 0;
    let mut refused = 0;
    for d in DIRECTIVES
        .iter()
        .filter(|d| d.once() && d.since.is_none() && d.allowed_in(Context::HttpLocation))
    {
        let value = match d.value {
            Value::Flag => "on",
            Value::Msec | Value::Sec => "10s",
            Value::Size | Value::SizeOrVariable | Value::Offset => "8k",
            Value::Num => "8",
            Value::Bufs => "8 8k",
            Value::Any => match custom.iter().find(|(n, _)| *n == d.name) {
                Some((_, v)) => v,
                None => {
                    wrong.push(format!("{}: no sample value in this test", d.name));
                    continue;
                }
            },
        };
        let out = in_location(&format!("{} {value};", d.name));
        checked += 1;
        let dup = format!("\"{}\" directive is duplicate", d.name);
        if out.contains(&dup) {
            refused += 1;
        }
        if !out.contains(&dup) && !out.contains("unknown directive") {
            // A value nginx checks before the duplicate (a range): not this test's.
            if !out.contains("value must be") {
                wrong.push(format!("{} set twice: nginx said {out}", d.name));
            }
        }
    }
    for line in [
        "index index.php;",
        "add_header X-A b;",
        "fastcgi_param A b;",
        "access_log off;",
        "error_log /dev/null;",
        "fastcgi_split_path_info ^(.+\\.php)(/.+)$;",
        "return 404;",
        "allow all;",
        "fastcgi_next_upstream error;",
    ] {
        let name = line.split(' ').next().unwrap_or("");
        if fpmlint::nginx::directives::lookup(name)
            .iter()
            .any(|d| d.once())
        {
            wrong.push(format!("{name} is taken as once-only"));
        }
        let out = in_location(line);
        if !out.contains("test is successful") {
            wrong.push(format!("{line} twice: nginx said {out}"));
        }
    }
    println!(
        "{checked} once-only directives set twice in a location: nginx said `is duplicate` for {refused}, the others are not in this build"
    );
    // nginx-light has most of the http modules: a test that refuses nothing
    // checks nothing.
    assert!(refused > 100, "only {refused} duplicates refused");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `nginx -t` on the text the official image renders from a template, as
/// fpmlint renders it (its environment's names replaced, the others left).
fn nginx_t_rendered(dir: &Path) -> (Vec<String>, String) {
    let plan = fpmlint::discover::discover(&[dir.to_path_buf()], &Default::default());
    let project = fpmlint::project::load(plan, Some(dir.to_path_buf()));
    let messages: Vec<String> = fpmlint::cli::check(&project)
        .into_iter()
        .filter(|d| d.rule == "template-variable-undefined")
        .map(|d| d.message)
        .collect();
    let r = project.rendered.first().expect("a rendered template");
    let id = project
        .sources
        .lookup(&r.output)
        .expect("the rendered file");
    // The site on a loopback port of a throwaway prefix, its PHP service's
    // name made an address (nginx resolves upstream names at start).
    let site = project
        .sources
        .get(id)
        .text
        .replace("listen 80;", "listen 127.0.0.1:18093;")
        .replace("fastcgi_pass php:", "fastcgi_pass 127.0.0.1:");
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = tmp.path();
    std::fs::create_dir_all(p.join("conf.d")).expect("mkdir");
    std::fs::write(p.join("conf.d/default.conf"), site).expect("site");
    std::fs::write(p.join("fastcgi_params"), "").expect("fastcgi_params");
    std::fs::write(
        p.join("nginx.conf"),
        format!(
            "pid {r}/nginx.pid;\nerror_log {r}/error.log;\nevents {{}}\nhttp {{\n    access_log off;\n    include {r}/conf.d/*.conf;\n}}\n",
            r = p.display()
        ),
    )
    .expect("nginx.conf");
    let out = std::process::Command::new(harness::NGINX)
        .arg("-t")
        .arg("-p")
        .arg(p)
        .arg("-c")
        .arg(p.join("nginx.conf"))
        .output()
        .expect("run nginx -t");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (messages, said)
}

/// A template name the container's environment does not define: the rendered
/// file stops `nginx -t` with the line fpmlint quotes; with every name defined,
/// nginx accepts it and fpmlint is silent.
#[test]
fn template_variable_undefined() {
    if !harness::available() {
        return;
    }
    let rule = "template-variable-undefined";
    let (messages, said) = nginx_t_rendered(&case(rule, "bad-root-not-in-environment"));
    assert_eq!(messages.len(), 1, "{messages:?}");
    let quoted: Vec<&str> = messages[0].split('`').skip(1).step_by(2).collect();
    assert!(
        quoted
            .iter()
            .any(|q| q.starts_with("unknown \"") && said.contains("[emerg]") && said.contains(q)),
        "fpmlint says {}\nnginx -t says {said}",
        messages[0]
    );
    assert!(said.contains("test failed"), "{said}");
    let (messages, said) = nginx_t_rendered(&case(rule, "good-every-name-defined"));
    assert!(messages.is_empty(), "{messages:?}");
    assert!(said.contains("test is successful"), "{said}");
}

/// `php-fpm8.2 -t` on one pool holding `line`: what it printed.
fn fpm_t(line: &str) -> String {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = tmp.path();
    let conf = p.join("php-fpm.conf");
    std::fs::write(
        &conf,
        format!(
            "[global]\npid = {r}/fpm.pid\nerror_log = {r}/fpm.log\n[www]\nuser = nobody\ngroup = nogroup\nlisten = {r}/fpm.sock\n\
             pm = static\npm.max_children = 1\n{line}\n",
            r = p.display()
        ),
    )
    .expect("php-fpm.conf");
    let out = std::process::Command::new(harness::PHP_FPM)
        .args(["-n", "-t", "-y"])
        .arg(&conf)
        .output()
        .expect("run php-fpm -t");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// An option newer than the host's PHP release: fpmlint quotes php-fpm's
/// `unknown entry '<key>'`. php-fpm 8.2 has the options of the fixtures (it
/// accepts each line), and prints exactly that quote for a key it lacks (the
/// same line with the key renamed).
#[test]
fn fpm_key_newer_than_the_release() {
    if !harness::available() {
        return;
    }
    let rule = "fpm-unknown-key";
    for name in [
        "bad-newer-key-spawn-rate-php-8.0-image",
        "bad-newer-key-status-listen-php-7.4",
    ] {
        let dir = case(rule, name);
        let plan = fpmlint::discover::discover(std::slice::from_ref(&dir), &Default::default());
        let project = fpmlint::project::load(plan, Some(dir.clone()));
        let found: Vec<_> = fpmlint::cli::check(&project)
            .into_iter()
            .filter(|d| d.rule == rule)
            .collect();
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        let d = &found[0];
        let key = d
            .message
            .split("unknown entry '")
            .nth(1)
            .and_then(|r| r.split('\'').next())
            .expect("a quoted key");
        let span = d.primary.span;
        let file = project.sources.get(span.file);
        let line = file.text[span.start as usize..]
            .lines()
            .next()
            .expect("the line");
        let said = fpm_t(line);
        assert!(said.contains("test is successful"), "{name}: {said}");
        let renamed = line.replacen(key, &format!("{key}_x"), 1);
        let said = fpm_t(&renamed);
        let quote = format!("unknown entry '{key}_x'");
        assert!(
            d.message.contains(&format!("`unknown entry '{key}'`")) && said.contains(&quote),
            "{name}: fpmlint says {}\nphp-fpm -t says {said}",
            d.message
        );
    }
}

/// True when a fixture is a compose repository (its services' containers).
fn is_compose_case(rule: &str, name: &str) -> bool {
    let dir = manifest().join("tests/fixtures").join(rule).join(name);
    ["compose.yaml", "docker-compose.yml"]
        .iter()
        .any(|f| dir.join(f).is_file())
}

/// `sh -c script` in a new mount namespace where `passwd` and `group` are
/// bound over /etc/passwd and /etc/group: the image's accounts.
fn with_accounts(passwd: &str, group: &str, script: &str) -> String {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = tmp.path();
    std::fs::write(p.join("passwd"), passwd).expect("passwd");
    std::fs::write(p.join("group"), group).expect("group");
    let full = format!(
        "mount --bind {d}/passwd /etc/passwd && mount --bind {d}/group /etc/group && {script}",
        d = p.display()
    );
    let out = std::process::Command::new("unshare")
        .args(["--mount", "sh", "-c", &full])
        .output()
        .expect("unshare");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A compose service of an official image, checked against the image's
/// accounts: the real nginx and php-fpm, with exactly those accounts in
/// /etc/passwd and /etc/group (a mount namespace), refuse the fixture's
/// configuration with the line fpmlint quotes, and accept it with the image's
/// own account.
#[test]
fn image_accounts_as_the_programs_read_them() {
    if !harness::available() {
        return;
    }
    let rule = "unknown-account";
    for name in [
        "bad-image-nginx-alpine-www-data",
        "bad-image-php-pool-user-nginx",
    ] {
        let dir = case(rule, name);
        let plan = fpmlint::discover::discover(std::slice::from_ref(&dir), &Default::default());
        let project = fpmlint::project::load(plan, Some(dir.clone()));
        let found: Vec<_> = fpmlint::cli::check(&project)
            .into_iter()
            .filter(|d| d.rule == rule)
            .collect();
        assert!(!found.is_empty(), "{name}");
        let host = project
            .hosts
            .iter()
            .position(|h| {
                h.service().is_some_and(|(_, s)| {
                    fpmlint::model::system::image_accounts(s).is_some()
                        && found[0]
                            .notes
                            .iter()
                            .any(|n| n.contains(&format!("`{}`", s.name)))
                })
            })
            .expect("the service of the finding");
        let (_, service) = project.hosts[host].service().unwrap();
        let a = fpmlint::model::system::image_accounts(service).unwrap();
        // Ids as the image numbers them do not matter to a lookup by name.
        let passwd: String = a
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| {
                format!(
                    "{u}:x:{}:{}::/nonexistent:/usr/sbin/nologin\n",
                    2000 + i,
                    2000 + i
                )
            })
            .collect();
        let group: String = a
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| format!("{g}:x:{}:\n", 3000 + i))
            .collect();
        let tmp = tempfile::tempdir().expect("tempdir");
        let t = tmp.path();
        let (said, fixed) = if name.contains("nginx-alpine") {
            let conf = std::fs::read_to_string(dir.join("nginx/nginx.conf"))
                .expect("fixture nginx.conf")
                .replace("listen 80;", "listen 127.0.0.1:18094;")
                .replace("fastcgi_pass php:", "fastcgi_pass 127.0.0.1:");
            std::fs::write(t.join("nginx.conf"), &conf).expect("nginx.conf");
            std::fs::write(t.join("fastcgi_params"), "").expect("fastcgi_params");
            std::fs::write(
                t.join("fixed.conf"),
                conf.replace("user www-data;", &format!("user {};", a.web)),
            )
            .expect("fixed.conf");
            let run = |c: &str| {
                with_accounts(
                    &passwd,
                    &group,
                    &format!(
                        "nginx -t -p {d} -e {d}/error.log -c {d}/{c} -g 'pid {d}/nginx.pid;'",
                        d = t.display()
                    ),
                )
            };
            (run("nginx.conf"), run("fixed.conf"))
        } else {
            let pool = std::fs::read_to_string(dir.join("php/zz-app.conf")).expect("pool");
            let conf = |pool: &str| {
                format!(
                    "[global]\npid = {d}/fpm.pid\nerror_log = {d}/fpm.log\n{}listen = {d}/fpm.sock\n",
                    pool,
                    d = t.display()
                )
            };
            std::fs::write(t.join("php-fpm.conf"), conf(&pool)).expect("php-fpm.conf");
            std::fs::write(
                t.join("fixed.conf"),
                conf(&pool.replace("= nginx", &format!("= {}", a.web))),
            )
            .expect("fixed.conf");
            let run = |c: &str| {
                with_accounts(
                    &passwd,
                    &group,
                    &format!("{} -n -t -y {}/{c}", harness::PHP_FPM, t.display()),
                )
            };
            (run("php-fpm.conf"), run("fixed.conf"))
        };
        let quotes: Vec<&str> = found
            .iter()
            .flat_map(|d| d.message.split('`').skip(1).step_by(2))
            .filter(|q| q.len() > 12)
            .collect();
        assert!(
            quotes.iter().any(|q| said.contains(q)),
            "{name}: fpmlint quotes {quotes:?}; the program printed\n{said}"
        );
        assert!(
            fixed.contains("successful"),
            "{name}: with the image's own account:\n{fixed}"
        );
    }
}

/// Before PHP 8.3, `${NAME:-default}` is one variable's name, as fpmlint's
/// note says for a host of an older release: php-fpm 8.2 reads
/// `${FPM_TIMEOUT:-120}` from a variable named `FPM_TIMEOUT:-120`, never from
/// `FPM_TIMEOUT`, and the default never applies.
#[test]
fn a_variables_fallback_is_a_name_before_php_8_3() {
    if !harness::available() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = tmp.path();
    let conf = p.join("php-fpm.conf");
    std::fs::write(
        &conf,
        format!(
            "[global]\npid = {r}/fpm.pid\nerror_log = {r}/fpm.log\n[www]\nuser = nobody\ngroup = nogroup\nlisten = {r}/fpm.sock\n\
             pm = static\npm.max_children = 1\nrequest_terminate_timeout = ${{FPM_TIMEOUT:-120}}\n",
            r = p.display()
        ),
    )
    .expect("php-fpm.conf");
    let tt = |var: &str| {
        let out = std::process::Command::new(harness::PHP_FPM)
            .args(["-n", "-tt", "-y"])
            .arg(&conf)
            .env_remove("FPM_TIMEOUT")
            .env_remove("FPM_TIMEOUT:-120")
            .env(var, "7")
            .output()
            .expect("run php-fpm -tt");
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let said = tt("FPM_TIMEOUT:-120");
    assert!(said.contains("request_terminate_timeout = 7s"), "{said}");
    let said = tt("FPM_TIMEOUT");
    assert!(
        !said.contains("request_terminate_timeout = 7s")
            && !said.contains("request_terminate_timeout = 120s"),
        "{said}"
    );
}

/// A tree whose layout names a distribution and that holds no etc/passwd:
/// the real nginx and php-fpm, with exactly the distribution's stock accounts
/// fpmlint assumes in /etc/passwd and /etc/group, refuse the fixture's
/// account with the line fpmlint quotes, and accept the account its help
/// offers.
#[test]
fn distribution_accounts_as_the_programs_read_them() {
    if !harness::available() {
        return;
    }
    let rule = "unknown-account";
    for (name, stock) in [
        ("bad-debian-layout-nginx-user", "www-data"),
        ("bad-rhel-layout-pool-user-www-data", "apache"),
        ("bad-alpine-layout-pool-user-www-data", "nobody"),
    ] {
        let dir = case(rule, name);
        let plan = fpmlint::discover::discover(std::slice::from_ref(&dir), &Default::default());
        let project = fpmlint::project::load(plan, Some(dir.clone()));
        let found: Vec<_> = fpmlint::cli::check(&project)
            .into_iter()
            .filter(|d| d.rule == rule)
            .collect();
        assert!(!found.is_empty(), "{name}");
        let paths: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&dir).unwrap();
                rel.to_string_lossy().replace('\\', "/")
            })
            .collect();
        let (distro, _) = fpmlint::model::system::layout_distro(paths.iter().map(String::as_str))
            .expect("a distribution's layout");
        let a = fpmlint::model::system::distro_accounts(distro);
        let passwd: String = a
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| {
                format!(
                    "{u}:x:{}:{}::/nonexistent:/usr/sbin/nologin\n",
                    2000 + i,
                    2000 + i
                )
            })
            .collect();
        let group: String = a
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| format!("{g}:x:{}:\n", 3000 + i))
            .collect();
        let tmp = tempfile::tempdir().expect("tempdir");
        let t = tmp.path();
        let (said, fixed) = if name.contains("nginx-user") {
            let conf = |user: &str| format!("user {user};\nevents {{}}\n");
            std::fs::write(t.join("nginx.conf"), conf("nginx")).expect("nginx.conf");
            std::fs::write(t.join("fixed.conf"), conf(stock)).expect("fixed.conf");
            let run = |c: &str| {
                with_accounts(
                    &passwd,
                    &group,
                    &format!(
                        "nginx -t -p {d} -e {d}/error.log -c {d}/{c} -g 'pid {d}/nginx.pid;'",
                        d = t.display()
                    ),
                )
            };
            (run("nginx.conf"), run("fixed.conf"))
        } else {
            let pool_file = walkdir::WalkDir::new(&dir)
                .into_iter()
                .filter_map(Result::ok)
                .find(|e| e.path().to_string_lossy().ends_with("php-fpm.d/www.conf"))
                .expect("the pool file");
            let pool: String = std::fs::read_to_string(pool_file.path())
                .expect("pool")
                .lines()
                .filter(|l| !l.starts_with("listen ="))
                .map(|l| format!("{l}\n"))
                .collect();
            let conf = |pool: &str| {
                format!(
                    "[global]\npid = {d}/fpm.pid\nerror_log = {d}/fpm.log\n{pool}listen = {d}/fpm.sock\n",
                    d = t.display()
                )
            };
            std::fs::write(t.join("php-fpm.conf"), conf(&pool)).expect("php-fpm.conf");
            let fixed_pool = pool
                .replace("user = www-data", &format!("user = {stock}"))
                .replace(
                    "group = www-data\n",
                    &if a.groups.contains(&"www-data") {
                        "group = www-data\n".to_string()
                    } else {
                        format!("group = {stock}\n")
                    },
                );
            std::fs::write(t.join("fixed.conf"), conf(&fixed_pool)).expect("fixed.conf");
            let run = |c: &str| {
                with_accounts(
                    &passwd,
                    &group,
                    &format!("{} -n -t -y {}/{c}", harness::PHP_FPM, t.display()),
                )
            };
            (run("php-fpm.conf"), run("fixed.conf"))
        };
        let quotes: Vec<&str> = found
            .iter()
            .flat_map(|d| d.message.split('`').skip(1).step_by(2))
            .filter(|q| q.len() > 12)
            .collect();
        // php-fpm stops at the first account it cannot find.
        assert!(
            quotes.iter().any(|q| said.contains(q)),
            "{name}: fpmlint quotes {quotes:?}; the program printed\n{said}"
        );
        assert!(
            fixed.contains("successful"),
            "{name}: with the distribution's account:\n{fixed}"
        );
    }
}
