//! Parity with the real programs: for every fixture case of the rules that decide
//! whether a server starts, run `nginx -t` or `php-fpm8.2 -t` on a copy of the case
//! in a temporary prefix and check that fpmlint's error verdict equals theirs. Also a
//! table of the corpus files the real programs refused, with the fpmlint rules that
//! catch each.
//!
//! When the programs are missing the tests print SKIPPED and pass, unless
//! FPMLINT_REQUIRE_SERVERS=1 is set.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use fpmlint::diag::{Diagnostic, Severity};
use fpmlint::project::Project;
use fpmlint::rules::Category;

const NGINX_RULES: &[&str] = &[
    "buffer-constraint",
    "invalid-value",
    "directive-context",
    "directive-arity",
    "invalid-pass-target",
];
const FPM_RULES: &[&str] = &["fpm-unknown-key", "fpm-invalid-value", "pool-invalid"];

/// Cases where fpmlint reports an error although the real program's `-t` accepts the
/// configuration, because the failure comes at run time, not at startup. Each entry
/// must still diverge this way (else it is stale and the test fails).
const RUNTIME_ERRORS: &[(&str, &str)] = &[(
    "invalid-pass-target/bad-trailing-colon",
    "nginx -t accepts `unix:/path:`; the colon becomes part of the socket path and every request gets 502",
)];

const NGINX: &str = "nginx";
const FPM: &str = "php-fpm8.2";

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn installed(bin: &str) -> bool {
    Command::new(bin)
        .arg("-v")
        .output()
        .map(|o| o.status.success() || !o.stderr.is_empty())
        .unwrap_or(false)
}

/// True when the servers are there; else prints SKIPPED (or fails when required).
fn servers_available() -> bool {
    if installed(NGINX) && installed(FPM) {
        return true;
    }
    let msg = "SKIPPED: nginx/php-fpm8.2 not installed (apt-get install -y nginx-light php8.2-fpm)";
    if std::env::var("FPMLINT_REQUIRE_SERVERS").as_deref() == Ok("1") {
        panic!("{msg}, and FPMLINT_REQUIRE_SERVERS=1");
    }
    let _ = writeln!(std::io::stderr(), "{msg}");
    false
}

fn lint(paths: &[PathBuf], base: &Path) -> (Project, Vec<Diagnostic>) {
    let plan = fpmlint::discover::discover(paths, &Default::default());
    let project = fpmlint::project::load(plan, Some(base.to_path_buf()));
    let findings = fpmlint::cli::check(&project);
    (project, findings)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Engine {
    Nginx,
    Fpm,
}

/// Error-level findings of the rules that decide whether `engine` starts: the rule
/// under test, and every syntax or startup rule whose finding is in that engine's
/// files.
fn startup_errors<'a>(
    project: &Project,
    findings: &'a [Diagnostic],
    engine: Engine,
    rule: &str,
) -> Vec<&'a Diagnostic> {
    let files: std::collections::HashSet<_> = match engine {
        Engine::Nginx => project
            .nginx
            .iter()
            .flat_map(|t| t.files.iter().copied())
            .collect(),
        Engine::Fpm => project
            .fpm
            .iter()
            .flat_map(|t| t.files.iter().copied())
            .collect(),
    };
    findings
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| {
            d.rule == rule
                || (files.contains(&d.primary.span.file)
                    && fpmlint::rules::find(d.rule).is_some_and(|m| {
                        matches!(m.category, Category::Startup | Category::Syntax)
                    }))
        })
        .collect()
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            fs::copy(&p, &dest).unwrap();
        }
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut v: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    v.sort();
    for p in v {
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn user_exists(name: &str, db: &str) -> bool {
    if name.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    fs::read_to_string(db)
        .map(|t| t.lines().any(|l| l.split(':').next() == Some(name)))
        .unwrap_or(false)
}

/// An account that exists here, for a name that does not (the environment is not
/// under test).
fn existing_user(name: &str) -> String {
    if user_exists(name, "/etc/passwd") {
        name.to_string()
    } else {
        "www-data".to_string()
    }
}

fn existing_group(name: &str) -> String {
    if user_exists(name, "/etc/group") {
        name.to_string()
    } else {
        "www-data".to_string()
    }
}

/// Rewrite one php-fpm line for the temporary prefix: config paths, pid and log
/// files move under it; unknown users become existing ones.
fn fpm_line(line: &str, prefix: &str) -> String {
    let Some(eq) = line.find('=') else {
        return line.to_string();
    };
    let key = line[..eq].trim();
    let value = line[eq + 1..].split(';').next().unwrap_or("").trim();
    let lower = key.to_ascii_lowercase();
    let moved = |v: &str| -> String {
        if v.starts_with('/') {
            format!("{prefix}{v}")
        } else {
            v.to_string()
        }
    };
    let new_value = match lower.as_str() {
        "include" | "pid" | "error_log" | "slowlog" | "access.log" => moved(value),
        "user" | "listen.owner" => existing_user(value),
        "group" | "listen.group" => existing_group(value),
        "listen.acl_users" => value
            .split(',')
            .map(existing_user)
            .collect::<Vec<_>>()
            .join(","),
        "listen.acl_groups" => value
            .split(',')
            .map(existing_group)
            .collect::<Vec<_>>()
            .join(","),
        _ => return line.to_string(),
    };
    if new_value.is_empty() || value.is_empty() || key.starts_with(';') {
        return line.to_string();
    }
    format!("{key} = {new_value}")
}

fn prepare_fpm(prefix: &Path) {
    let p = prefix.to_string_lossy().to_string();
    let mut files = Vec::new();
    files_under(prefix, &mut files);
    for f in files {
        let Ok(text) = fs::read_to_string(&f) else {
            continue;
        };
        let out: Vec<String> = text.lines().map(|l| fpm_line(l, &p)).collect();
        fs::write(&f, out.join("\n") + "\n").unwrap();
        // Make room for the files php-fpm opens.
        for l in &out {
            if let Some(eq) = l.find('=') {
                let k = l[..eq].trim().to_ascii_lowercase();
                let v = l[eq + 1..].trim();
                if ["pid", "error_log", "slowlog", "access.log"].contains(&k.as_str())
                    && v.starts_with(&p)
                {
                    if let Some(parent) = Path::new(v).parent() {
                        let _ = fs::create_dir_all(parent);
                    }
                }
            }
        }
    }
    let _ = fs::create_dir_all(prefix.join("var/log"));
}

/// Rewrite nginx files for the temporary prefix: absolute config, log and pid paths
/// move under it; an unknown `user` becomes www-data.
fn prepare_nginx(prefix: &Path, conf_dir_on_host: &str) {
    let p = prefix.to_string_lossy().to_string();
    let mut files = Vec::new();
    files_under(prefix, &mut files);
    for f in files {
        let Ok(text) = fs::read_to_string(&f) else {
            continue;
        };
        let mut out = text
            .replace("/etc/nginx/", &format!("{p}{conf_dir_on_host}/"))
            .replace("/var/log/", &format!("{p}/var/log/"))
            .replace("/run/nginx.pid", &format!("{p}/run/nginx.pid"))
            .replace("/var/run/nginx.pid", &format!("{p}/run/nginx.pid"));
        let mut lines: Vec<String> = Vec::new();
        for l in out.lines() {
            let t = l.trim_start();
            if let Some(rest) = t.strip_prefix("user ") {
                let mut words = rest.trim_end_matches(';').split_whitespace();
                if let Some(u) = words.next() {
                    let g = words.next();
                    let u2 = existing_user(u);
                    let g2 = g.map(existing_group);
                    lines.push(match g2 {
                        Some(g2) => format!("user {u2} {g2};"),
                        None => format!("user {u2};"),
                    });
                    continue;
                }
            }
            lines.push(l.to_string());
        }
        out = lines.join("\n") + "\n";
        fs::write(&f, out).unwrap();
    }
    for d in ["var/log/nginx", "run"] {
        let _ = fs::create_dir_all(prefix.join(d));
    }
}

/// Run the real program on a copy of the case; `(refused, first error line)`.
fn real_verdict(case: &Path, engine: Engine) -> Option<(bool, String)> {
    let tmp = tempfile::tempdir().unwrap();
    let prefix = tmp.path().to_path_buf();
    copy_tree(case, &prefix);
    let sysroot = prefix.join("etc").is_dir();
    let output = match engine {
        Engine::Fpm => {
            let main = [
                "etc/php/8.2/fpm/php-fpm.conf",
                "php-fpm.conf",
                "etc/php-fpm.conf",
            ]
            .iter()
            .map(|m| prefix.join(m))
            .find(|p| p.is_file())?;
            prepare_fpm(&prefix);
            Command::new(FPM)
                .arg("-t")
                .arg("-y")
                .arg(&main)
                .output()
                .ok()?
        }
        Engine::Nginx => {
            let (main, conf_dir) = if sysroot {
                (
                    prefix.join("etc/nginx/nginx.conf"),
                    "/etc/nginx".to_string(),
                )
            } else if prefix.join("nginx.conf").is_file() {
                (prefix.join("nginx.conf"), String::new())
            } else {
                (prefix.join("nginx/nginx.conf"), "/nginx".to_string())
            };
            if !main.is_file() {
                return None;
            }
            prepare_nginx(&prefix, &conf_dir);
            Command::new(NGINX)
                .arg("-t")
                .arg("-p")
                .arg(&prefix)
                .arg("-c")
                .arg(&main)
                .arg("-e")
                .arg(prefix.join("var/log/nginx/error.log"))
                .output()
                .ok()?
        }
    };
    let text = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    let p = prefix.to_string_lossy().to_string();
    let first = text
        .lines()
        .find(|l| l.contains("ERROR") || l.contains("ALERT") || l.contains("[emerg]"))
        .unwrap_or("")
        .replace(&p, "");
    // php-fpm starts its lines with a timestamp.
    let first = match first.strip_prefix('[') {
        Some(rest) if first.contains("] ") => rest
            .split_once("] ")
            .map_or(first.clone(), |x| x.1.to_string()),
        _ => first,
    };
    Some((!output.status.success(), first))
}

fn case_dirs(rule: &str) -> Vec<PathBuf> {
    let dir = crate_dir().join("tests/fixtures").join(rule);
    let mut v: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn parity(engine: Engine, rules: &[&str]) {
    if !servers_available() {
        return;
    }
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for rule in rules {
        for case in case_dirs(rule) {
            let name = format!("{rule}/{}", case.file_name().unwrap().to_string_lossy());
            let Some((refused, why)) = real_verdict(&case, engine) else {
                // A fragment alone (no nginx.conf or php-fpm.conf): the real program
                // has nothing to start from, so there is no verdict to compare.
                println!("{name}: a fragment without a main config file, not compared");
                continue;
            };
            let (project, findings) = lint(std::slice::from_ref(&case), &case);
            let errors = startup_errors(&project, &findings, engine, rule);
            let ours = !errors.is_empty();
            checked += 1;
            let rules_seen: Vec<&str> = errors.iter().map(|d| d.rule).collect();
            println!(
                "{name}: real {} / fpmlint {} {rules_seen:?} {why}",
                if refused { "refuses" } else { "accepts" },
                if ours { "error" } else { "ok" },
            );
            if let Some((_, why_known)) = RUNTIME_ERRORS.iter().find(|(n, _)| *n == name) {
                if refused || !ours {
                    mismatches.push(format!(
                        "{name}: listed in RUNTIME_ERRORS ({why_known}) but the verdicts are now real {refused} / fpmlint {ours}: remove the entry"
                    ));
                }
                continue;
            }
            if refused != ours {
                mismatches.push(format!(
                    "{name}: the real program {} ({why}), fpmlint {} {rules_seen:?}",
                    if refused { "refuses it" } else { "accepts it" },
                    if ours {
                        "reports an error"
                    } else {
                        "reports no error"
                    },
                ));
            }
        }
    }
    println!("{checked} cases compared with the real program");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn nginx_fixtures_match_nginx_t() {
    parity(Engine::Nginx, NGINX_RULES);
}

#[test]
fn fpm_fixtures_match_php_fpm_t() {
    parity(Engine::Fpm, FPM_RULES);
}

/// The corpus files the real binaries refused (MANIFEST.tsv `semantic-reject` for
/// nginx, `reject` for php-fpm), with the fpmlint rules that give an error on each.
/// nginx's verdicts come from the manifest's note (most of these files need their
/// whole test environment: modules, certificates, files); php-fpm is run again.
#[test]
fn corpus_rejects_table() {
    let corpus = crate_dir().join("../shared/corpus");
    let Ok(manifest) = fs::read_to_string(corpus.join("MANIFEST.tsv")) else {
        let _ = writeln!(std::io::stderr(), "SKIPPED: ../shared/corpus is absent");
        return;
    };
    let run_fpm = installed(FPM);
    let mut rows = Vec::new();
    let (mut total, mut caught) = (0, 0);
    let mut missed = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [path, kind, verdict, note @ ..] = cols.as_slice() else {
            continue;
        };
        let note = note.first().copied().unwrap_or("");
        let engine = match (*kind, *verdict) {
            ("nginx", "semantic-reject") => Engine::Nginx,
            ("fpm", "reject") => Engine::Fpm,
            _ => continue,
        };
        let file = corpus.join(path);
        if !file.is_file() {
            continue;
        }
        let mut real = note.to_string();
        if engine == Engine::Fpm && run_fpm {
            let tmp = tempfile::tempdir().unwrap();
            let copy = tmp.path().join("php-fpm.conf");
            fs::copy(&file, &copy).unwrap();
            if let Some((refused, why)) = real_verdict(tmp.path(), Engine::Fpm) {
                real = format!(
                    "{note} | here: {} {}",
                    if refused {
                        "refused:"
                    } else {
                        "accepted (users mapped):"
                    },
                    why
                );
            }
        }
        let (_, findings) = lint(std::slice::from_ref(&file), &corpus);
        let mut rules: Vec<&str> = findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.rule)
            .collect();
        rules.sort();
        rules.dedup();
        total += 1;
        if rules.is_empty() {
            missed.push(format!("{path}  ({real})"));
        } else {
            caught += 1;
        }
        rows.push(format!(
            "{:<75} {:<45} {}",
            path,
            if rules.is_empty() {
                "-".to_string()
            } else {
                rules.join(",")
            },
            real
        ));
    }
    println!("{:<75} {:<45} real program", "file", "fpmlint errors");
    for r in &rows {
        println!("{r}");
    }
    println!("\n{caught} of {total} refused corpus files get an fpmlint error; not caught:");
    for m in &missed {
        println!("  {m}");
    }
    assert!(total > 0, "the manifest lists refused files");
}
