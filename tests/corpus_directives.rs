//! The directive rules (unknown-directive, directive-context, directive-arity,
//! invalid-value) against the real-world corpus in ../shared/corpus, whose
//! MANIFEST.tsv records what nginx 1.22 (Debian 12's nginx-light) said of each
//! file. Each file is linted alone, as `nginx -t -c FILE` read it.
//!
//! - `ok` files: none of the four rules may give an error, and unknown-directive
//!   may not fire (nginx loaded them);
//! - `unknown-directive` files: unknown-directive should fire; the ones it does
//!   not catch are printed with nginx's message (a directive of a Debian module
//!   that nginx-light lacks is known to fpmlint);
//! - `semantic-reject` files: which rule catches each, and how many none does;
//! - `untested` files (mostly include fragments): no directive-context error may
//!   come from the context a fragment is guessed to be included in; every finding
//!   is printed.
//!
//! Skips, saying so, when the corpus is absent.

use std::collections::BTreeMap;
use std::path::Path;

use fpmlint::diag::{Diagnostic, Severity};

mod common;
use common::{corpus, manifest};

const RULES: [&str; 4] = [
    "unknown-directive",
    "directive-context",
    "directive-arity",
    "invalid-value",
];

/// Lint one file as `nginx -t -c FILE` reads it: includes resolve against its
/// directory. Returns the findings of the four rules, each with its line.
fn lint(file: &Path) -> Vec<(Diagnostic, String)> {
    let opts = fpmlint::discover::Options {
        nginx: vec![file.to_path_buf()],
        ..Default::default()
    };
    let plan = fpmlint::discover::discover(&[], &opts);
    let project = fpmlint::project::load(plan, None);
    fpmlint::cli::check(&project)
        .into_iter()
        .filter(|d| RULES.contains(&d.rule))
        .map(|d| {
            let src = project.sources.get(d.primary.span.file);
            let line = src.line_col(d.primary.span.start as usize).0;
            let place = format!("{}:{line}", src.name);
            (d, place)
        })
        .collect()
}

fn show(found: &[(Diagnostic, String)]) -> String {
    found
        .iter()
        .map(|(d, at)| {
            format!(
                "    {} {}: {} ({at})",
                d.severity.as_str(),
                d.rule,
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn directive_rules_agree_with_nginx_on_the_corpus() {
    let Some(dir) = corpus() else { return };
    let rows = manifest(&dir);
    let nginx = |v: &str| {
        rows.iter()
            .filter(move |r| r.kind == "nginx" && r.verdict == v)
            .collect::<Vec<_>>()
    };

    // Files nginx 1.22 loaded: nothing of ours may fire.
    let ok = nginx("ok");
    let mut false_alarms = Vec::new();
    for r in &ok {
        let found: Vec<_> = lint(&dir.join(&r.path))
            .into_iter()
            .filter(|(d, _)| d.severity == Severity::Error || d.rule == "unknown-directive")
            .collect();
        if !found.is_empty() {
            false_alarms.push(format!("{}:\n{}", r.path, show(&found)));
        }
    }
    println!(
        "ok files: {} linted, {} with a finding of the directive rules",
        ok.len(),
        false_alarms.len()
    );

    // Files nginx refused with "unknown directive" (or an unknown variable).
    let unknown = nginx("unknown-directive");
    let (mut caught, mut missed, mut unexplained) = (0, Vec::new(), Vec::new());
    for r in &unknown {
        let found = lint(&dir.join(&r.path));
        if found.iter().any(|(d, _)| d.rule == "unknown-directive") {
            caught += 1;
            continue;
        }
        // Explained: a directive of a module Debian packages (nginx-light lacks
        // it, fpmlint knows it), or a variable (not checked by these rules).
        let why = match r.note.strip_prefix("unknown directive \"") {
            Some(rest) => {
                let name = rest.trim_end_matches('"');
                match fpmlint::nginx::directives::lookup(name).first() {
                    Some(d) => format!("a directive of {}", d.module),
                    None => {
                        unexplained.push(r.path.clone());
                        "NOT EXPLAINED".to_string()
                    }
                }
            }
            None if r.note.ends_with(" variable") => "a variable, not a directive".into(),
            None => {
                unexplained.push(r.path.clone());
                "NOT EXPLAINED".to_string()
            }
        };
        missed.push(format!("  {}: nginx said: {} ({why})", r.path, r.note));
    }
    println!(
        "unknown-directive files: {} of {} caught by unknown-directive; not caught:\n{}",
        caught,
        unknown.len(),
        missed.join("\n")
    );

    // Files nginx refused for a value or a context.
    let rejected = nginx("semantic-reject");
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut not_caught = Vec::new();
    for r in &rejected {
        let found = lint(&dir.join(&r.path));
        let errors: Vec<&str> = {
            let mut v: Vec<&str> = found.iter().map(|(d, _)| d.rule).collect();
            v.dedup();
            v
        };
        match errors.first() {
            Some(rule) => {
                *by_rule.entry(rule).or_default() += 1;
                println!(
                    "  semantic-reject {} -> {} (nginx: {})",
                    r.path,
                    errors.join(", "),
                    r.note
                );
            }
            None => not_caught.push(format!("  {}: nginx said: {}", r.path, r.note)),
        }
    }
    println!(
        "semantic-reject files: {} of {} caught ({:?}); not caught by these rules:\n{}",
        rejected.len() - not_caught.len(),
        rejected.len(),
        by_rule,
        not_caught.join("\n")
    );

    // Untested files (include fragments, templates): what fires, and no
    // context error that only the guessed include context would explain.
    let untested = nginx("untested");
    let mut fired = 0;
    for r in &untested {
        let found = lint(&dir.join(&r.path));
        if !found.is_empty() {
            fired += 1;
            println!("  untested {}:\n{}", r.path, show(&found));
        }
    }
    println!(
        "untested files: {} linted, {} with a finding of the directive rules",
        untested.len(),
        fired
    );

    assert!(
        false_alarms.is_empty(),
        "findings on files nginx 1.22 accepted:\n{}",
        false_alarms.join("\n")
    );
    assert!(
        ok.len() > 200,
        "expected the whole corpus, got {} ok files",
        ok.len()
    );
    assert!(
        unexplained.is_empty(),
        "unknown-directive missed these files nginx refused with an unknown directive:\n{}",
        unexplained.join("\n")
    );
    assert!(caught > 0, "unknown-directive caught nothing");
}
