//! The whole pipeline on untrusted input, every output format checked.
//!
//! The input is split at its first 0xFF byte (or in the middle) into `nginx.conf`
//! and `pool.d/www.conf` of a repository. Beside the repository lies a secret
//! (`outside/secret.conf`), and the repository holds links to it, so includes
//! written by the fuzzer (`include ../outside/secret.conf;`, `include leak.conf;`,
//! `include=/.../outside/*`) can reach for it. Every format must:
//! - never contain a byte of the secret;
//! - parse (JSON, SARIF and GitLab as JSON, checkstyle as XML);
//! - in the line-oriented formats, hold no line that a CI runner reads as a
//!   command.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use fpmlint::diag::RenderOptions;
use fpmlint::report::{self, Format, Report};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "FUZZ_SECRET_c0ffee";

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let d = base.join(format!("fpmlint-fuzz-untrusted-{}", std::process::id()));
        let repo = d.join("repo");
        std::fs::create_dir_all(repo.join("pool.d")).expect("create the fuzz tree");
        std::fs::create_dir_all(d.join("outside")).expect("create the secret's directory");
        std::fs::write(
            d.join("outside/secret.conf"),
            format!("{SECRET} on;\n[{SECRET}]\nlisten = {SECRET}\n"),
        )
        .expect("write the secret");
        let _ = std::os::unix::fs::symlink("../outside/secret.conf", repo.join("leak.conf"));
        let _ = std::os::unix::fs::symlink(d.join("outside"), repo.join("outside-dir"));
        repo
    })
}

fuzz_target!(|data: &[u8]| {
    let cut = data
        .iter()
        .position(|&b| b == 0xff)
        .unwrap_or(data.len() / 2);
    let (nginx, rest) = data.split_at(cut);
    let fpm = rest.strip_prefix(&[0xff]).unwrap_or(rest);
    let d = dir();
    std::fs::write(d.join("nginx.conf"), nginx).expect("write nginx.conf");
    std::fs::write(d.join("pool.d/www.conf"), fpm).expect("write www.conf");

    let plan = fpmlint::discover::discover(std::slice::from_ref(d), &Default::default());
    let project = fpmlint::project::load(plan, Some(d.clone()));
    let findings = fpmlint::cli::check(&project);
    let r = Report {
        project: &project,
        findings: &findings,
        render: RenderOptions::default(),
    };
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Checkstyle,
        Format::Gitlab,
    ] {
        let out = report::render(format, &r);
        assert!(!out.contains(SECRET), "{format:?}: the secret reached the output");
        match format {
            Format::Json | Format::Sarif | Format::Gitlab => {
                let _: serde_json::Value =
                    serde_json::from_str(&out).expect("the document is valid JSON");
            }
            Format::Checkstyle => {
                roxmltree::Document::parse(&out).expect("checkstyle output is well-formed XML");
            }
            Format::Human | Format::Concise => {
                for line in out.lines() {
                    let l = line.trim_start();
                    assert!(
                        !l.starts_with("::") && !l.starts_with("##["),
                        "{format:?}: a runner command: {line}"
                    );
                }
            }
            Format::Github => {
                for line in out.lines() {
                    // `::level props::data`, props comma-separated.
                    let props = line
                        .get(2..)
                        .and_then(|l| l.split_once(' '))
                        .and_then(|(_, rest)| rest.split("::").next())
                        .unwrap_or("");
                    assert!(
                        line.starts_with("::")
                            && props.split(',').any(|p| p.starts_with("title=fpmlint")),
                        "a line that is no annotation of fpmlint's: {line}"
                    );
                }
            }
        }
        assert!(!out.contains("##vso["), "{format:?}: an Azure command");
    }
    let dump = serde_json::to_string(&fpmlint::dump::dump(&project)).expect("the dump serializes");
    assert!(!dump.contains(SECRET), "the secret reached the dump");
});
