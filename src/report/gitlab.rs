//! GitLab Code Quality JSON: an array of issues with a fingerprint each, so merge
//! requests show what appeared and what went away. A finding that points into
//! several files is one issue per file, each saying what its file's place is:
//! their fingerprints derive from the finding's, one per file, as GitLab keeps
//! one issue per fingerprint.

use serde_json::{json, Value};

use super::{place, Report};
use crate::diag::Severity;

/// FNV-1a, 64 bits: a fingerprint that stays the same from run to run and release
/// to release.
fn fnv(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

pub fn render(r: &Report<'_>) -> String {
    let sources = &r.project.sources;
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let mut issues: Vec<Value> = Vec::new();
    for d in r.findings {
        let p = place(sources, d.primary.span);
        // The fingerprint leaves out line numbers (they move when lines are
        // added above), and counts repeats of the same finding in a file.
        let text = sources.get(d.primary.span.file).slice(d.primary.span);
        let key = fnv(&[d.rule, &p.file, &d.message, text]);
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        let fingerprint = fnv(&[&key, &n.to_string()]);
        let severity = match d.severity {
            Severity::Error => "critical",
            Severity::Warning => "major",
            Severity::Info => "info",
        };
        let entry = |description: String, fingerprint: String, p: &super::Place| {
            json!({
                "description": description,
                "check_name": d.rule,
                "fingerprint": fingerprint,
                "severity": severity,
                "location": {
                    "path": p.file,
                    "lines": { "begin": p.line, "end": p.end_line },
                },
            })
        };
        issues.push(entry(d.message.clone(), fingerprint.clone(), &p));
        for (file, labels) in super::other_files(d) {
            let q = place(sources, labels[0].span);
            let name = &sources.get(file).name;
            issues.push(entry(
                super::related_message(sources, d, labels[0]),
                fnv(&[&fingerprint, name]),
                &q,
            ));
        }
    }
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_default();
    s.push('\n');
    s
}
