//! GitLab Code Quality JSON: an array of issues with a fingerprint each, so merge
//! requests show what appeared and what went away.

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
    let issues: Vec<Value> = r
        .findings
        .iter()
        .map(|d| {
            let p = place(sources, d.primary.span);
            // The fingerprint leaves out line numbers (they move when lines are
            // added above), and counts repeats of the same finding in a file.
            let text = sources.get(d.primary.span.file).slice(d.primary.span);
            let key = fnv(&[d.rule, &p.file, &d.message, text]);
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            let fingerprint = fnv(&[&key, &n.to_string()]);
            json!({
                "description": d.message,
                "check_name": d.rule,
                "fingerprint": fingerprint,
                "severity": match d.severity {
                    Severity::Error => "critical",
                    Severity::Warning => "major",
                    Severity::Info => "info",
                },
                "location": {
                    "path": p.file,
                    "lines": { "begin": p.line, "end": p.end_line },
                },
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_default();
    s.push('\n');
    s
}
