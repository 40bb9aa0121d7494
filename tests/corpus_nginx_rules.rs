//! The nginx rules over the real-world corpus in ../shared/corpus: nginx 1.22
//! accepted every nginx file the manifest marks `ok`, so buffer-constraint and
//! invalid-pass-target, which report what nginx refuses at load, must give no
//! error there. Prints how often each rule fires. Skips, saying so, when the
//! corpus is absent.

use std::collections::BTreeMap;

use fpmlint::diag::Severity;

mod common;
use common::{corpus, manifest};

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

#[test]
fn nginx_rules_give_no_load_error_on_files_nginx_accepted() {
    let Some(dir) = corpus() else { return };
    let mut counts: BTreeMap<&str, (usize, usize)> = RULES.iter().map(|r| (*r, (0, 0))).collect();
    let mut files = 0;
    let mut failures = Vec::new();
    for row in manifest(&dir).into_iter().filter(|r| r.kind == "nginx") {
        let (path, verdict) = (row.path, row.verdict);
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
