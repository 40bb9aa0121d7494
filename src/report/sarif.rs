//! SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it: the rules
//! with their docs, each finding with its region, and the labels in other places as
//! related locations.

use serde_json::{json, Map, Value};

use super::{place, Place, Report};
use crate::diag::{Label, Severity};
use crate::rules::RuleMeta;
use crate::source::SourceMap;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://crates.io/crates/fpmlint";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `fastcgi-pass-unmatched` -> `FastcgiPassUnmatched`: SARIF's rule `name`.
fn pascal(name: &str) -> String {
    name.split(['-', '_'])
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// The first paragraph of a doc section, joined into one line.
fn section_paragraph(doc: &str, heading: &str) -> Option<String> {
    let start = doc.find(heading)? + heading.len();
    let para: Vec<&str> = doc[start..]
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::trim)
        .collect();
    (!para.is_empty()).then(|| para.join(" "))
}

/// A message text ending with a period, as SARIF asks.
fn sentence(s: &str) -> String {
    let s = crate::text::escape_control(s.trim().trim_end_matches(':'));
    if s.ends_with(['.', '!', '?']) {
        s.into_owned()
    } else {
        format!("{s}.")
    }
}

fn rule(m: &RuleMeta) -> Value {
    let full = section_paragraph(m.doc, "## What it catches").unwrap_or_else(|| m.summary.into());
    json!({
        "id": m.name,
        "name": pascal(m.name),
        "shortDescription": {"text": sentence(m.summary)},
        "fullDescription": {"text": sentence(&full)},
        "help": {"text": m.doc, "markdown": m.doc},
        "defaultConfiguration": {"level": level(m.severity)},
        "properties": {"tags": [format!("{:?}", m.category).to_lowercase()]},
    })
}

/// A path as a URI reference: relative paths stay relative (to the directory
/// fpmlint ran in, `%SRCROOT%`), absolute ones become `file://` URIs.
fn uri(path: &str) -> (String, bool) {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if path.starts_with('/') {
        (format!("file://{out}"), false)
    } else {
        (out, true)
    }
}

fn physical(p: &Place) -> Value {
    let (u, relative) = uri(&p.file);
    let mut artifact = Map::new();
    artifact.insert("uri".into(), Value::String(u));
    if relative {
        artifact.insert("uriBaseId".into(), Value::String("%SRCROOT%".into()));
    }
    json!({
        "artifactLocation": artifact,
        "region": {
            "startLine": p.line,
            "startColumn": p.column,
            "endLine": p.end_line,
            "endColumn": p.end_column,
        },
    })
}

fn related(sources: &SourceMap, id: usize, l: &Label) -> Value {
    let mut v = json!({
        "id": id,
        "physicalLocation": physical(&place(sources, l.span)),
    });
    if !l.message.is_empty() {
        v["message"] = json!({"text": sentence(&l.message)});
    }
    v
}

pub fn document(r: &Report<'_>) -> Value {
    let sources = &r.project.sources;
    let metas = crate::rules::all_meta();
    let results: Vec<Value> = r
        .findings
        .iter()
        .map(|d| {
            let mut text = sentence(&d.message);
            if let Some(h) = &d.help {
                text.push_str(&format!(" Fix: {}", sentence(h)));
            }
            let mut loc = json!({"physicalLocation": physical(&place(sources, d.primary.span))});
            if !d.primary.message.is_empty() {
                loc["message"] = json!({"text": sentence(&d.primary.message)});
            }
            let mut res = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [loc],
            });
            if let Some(i) = metas.iter().position(|m| m.name == d.rule) {
                res["ruleIndex"] = json!(i);
            }
            if !d.secondary.is_empty() {
                res["relatedLocations"] = Value::Array(
                    d.secondary
                        .iter()
                        .enumerate()
                        .map(|(i, l)| related(sources, i + 1, l))
                        .collect(),
                );
            }
            res
        })
        .collect();
    let mut notifications: Vec<Value> = r
        .project
        .problems
        .iter()
        .map(|p| {
            json!({
                "level": "error",
                "message": {"text": sentence(&p.message)},
            })
        })
        .collect();
    // A host with one side missing: what was not checked there.
    for h in r.project.host_summaries() {
        if let Some(note) = h.missing_note() {
            notifications.push(json!({
                "level": "note",
                "message": {"text": sentence(&note)},
            }));
        }
    }
    // Host limits the rules needed and did not know.
    for note in &r.project.notes {
        notifications.push(json!({
            "level": "note",
            "message": {"text": sentence(note)},
        }));
    }
    let mut invocation = json!({"executionSuccessful": !r.project.incomplete()});
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    let mut run = json!({
        "tool": {"driver": {
            "name": "fpmlint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": INFORMATION_URI,
            "rules": metas.iter().map(|m| rule(m)).collect::<Vec<_>>(),
        }},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(base) = &sources.display_base {
        let (u, _) = uri(&format!(
            "{}/",
            base.display().to_string().trim_end_matches('/')
        ));
        run["originalUriBaseIds"] = json!({"%SRCROOT%": {"uri": u}});
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    })
}

pub fn render(r: &Report<'_>) -> String {
    let mut s = serde_json::to_string_pretty(&document(r)).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(pascal("fastcgi-pass-unmatched"), "FastcgiPassUnmatched");
        assert_eq!(
            uri("etc/nginx/a b.conf"),
            ("etc/nginx/a%20b.conf".into(), true)
        );
        assert_eq!(uri("/etc/x"), ("file:///etc/x".into(), false));
        assert_eq!(sentence("no pool"), "no pool.");
    }

    #[test]
    fn every_rule_has_a_full_description() {
        for m in crate::rules::all_meta() {
            assert!(
                section_paragraph(m.doc, "## What it catches").is_some(),
                "rules/{}.md: no paragraph under `## What it catches`",
                m.name
            );
        }
    }
}
