//! The nginx rules over the real-world corpus in ../shared/corpus: nginx 1.22
//! accepted every nginx file the manifest marks `ok`, so buffer-constraint and
//! invalid-pass-target, which report what nginx refuses at load, must give no
//! error there. Prints how often each rule fires. Skips, saying so, when the
//! corpus is absent.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use fpmlint::diag::Severity;

const RULES: &[&str] = &[
    "buffer-constraint",
    "undersized-buffer",
    "invalid-pass-target",
    "pass-without-resolver",
    "missing-script-filename",
    "fastcgi-param-dropped",
    "unsafe-php-location",
    "php-source-exposed",
];

/// The rules whose errors nginx -t would also give.
const LOAD_TIME: &[&str] = &["buffer-constraint", "invalid-pass-target"];

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("MANIFEST.tsv").is_file() {
        Some(dir)
    } else {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: {} is absent; the corpus tests need ../shared beside the project",
            dir.display()
        );
        None
    }
}

/// (path, verdict) of every nginx file in the manifest.
fn nginx_rows(dir: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("MANIFEST.tsv readable");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.len() >= 3 && f[1] == "nginx").then(|| (f[0].to_string(), f[2].to_string()))
        })
        .collect()
}

#[test]
fn nginx_rules_give_no_load_error_on_files_nginx_accepted() {
    let Some(dir) = corpus() else { return };
    let mut counts: BTreeMap<&str, (usize, usize)> = RULES.iter().map(|r| (*r, (0, 0))).collect();
    let mut files = 0;
    let mut failures = Vec::new();
    for (path, verdict) in nginx_rows(&dir) {
        if verdict != "ok" {
            continue;
        }
        let file = dir.join(&path);
        let plan = fpmlint::discover::discover(std::slice::from_ref(&file), &Default::default());
        let project = fpmlint::project::load(plan, Some(dir.clone()));
        files += 1;
        for d in fpmlint::cli::check(&project) {
            let Some(c) = counts.get_mut(d.rule) else {
                continue;
            };
            match d.severity {
                Severity::Error => c.0 += 1,
                _ => c.1 += 1,
            }
            if LOAD_TIME.contains(&d.rule) && d.severity == Severity::Error {
                failures.push(format!("{path}: [{}] {}", d.rule, d.message));
            }
        }
    }
    println!("nginx rules over {files} nginx files nginx -t accepted:");
    for (rule, (errors, others)) in &counts {
        println!("  {rule}: {errors} errors, {others} warnings");
    }
    assert!(files > 200, "expected the corpus' ok files, got {files}");
    assert!(
        failures.is_empty(),
        "nginx accepted these, fpmlint says it would not:\n{}",
        failures.join("\n")
    );
}
