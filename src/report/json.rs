//! fpmlint's JSON document. The schema is stable: fields are only ever added, and
//! `version` changes when one changes meaning or goes away.
//!
//! ```json
//! {
//!   "version": 1,
//!   "tool": { "name": "fpmlint", "version": "0.1.0" },
//!   "findings": [{
//!     "rule": "fastcgi-pass-unmatched", "severity": "error", "category": "runtime",
//!     "message": "...", "help": "..." | null, "notes": ["..."],
//!     "location": { "file": "...", "line": 1, "column": 1, "end_line": 1,
//!                   "end_column": 9, "offset": 0, "length": 8, "label": "..." },
//!     "related": [ { same fields as location } ]
//!   }],
//!   "problems": [{ "path": "...", "message": "..." }],
//!   "summary": { "files": 3, "errors": 1, "warnings": 0, "infos": 0, "incomplete": false,
//!                "hosts": [{ "name": "hosts/web1", "nginx_trees": 1, "nginx_fragments": 0,
//!                            "pools": 2, "missing": null | "nginx" | "php-fpm" }],
//!                "notes": ["the memory of this host is unknown, ..."] (absent when none) }
//! }
//! ```

use serde::Serialize;

use super::{place, Place, Report};
use crate::diag::{Label, Severity};
use crate::project::Counts;
use crate::rules::Category;
use crate::source::SourceMap;

/// The schema version.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Document<'a> {
    pub version: u32,
    pub tool: Tool,
    pub findings: Vec<Finding<'a>>,
    pub problems: Vec<Problem<'a>>,
    pub summary: Summary,
}

#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Serialize)]
pub struct Finding<'a> {
    pub rule: &'static str,
    pub severity: Severity,
    pub category: Option<Category>,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub notes: &'a [String],
    pub location: Location<'a>,
    pub related: Vec<Location<'a>>,
}

#[derive(Serialize)]
pub struct Location<'a> {
    #[serde(flatten)]
    pub place: Place,
    pub label: &'a str,
}

#[derive(Serialize)]
pub struct Problem<'a> {
    pub path: String,
    pub message: &'a str,
}

#[derive(Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub incomplete: bool,
    /// Each host (machine, container, sysroot) and what was found on it.
    pub hosts: Vec<crate::project::HostSummary>,
    /// What the rules could not check, said once (a host limit fpmlint does
    /// not know); absent when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

fn location<'a>(sources: &SourceMap, label: &'a Label) -> Location<'a> {
    Location {
        place: place(sources, label.span),
        label: &label.message,
    }
}

pub fn document<'a>(r: &Report<'a>) -> Document<'a> {
    let sources = &r.project.sources;
    let c = Counts::of(r.findings);
    Document {
        version: VERSION,
        tool: Tool {
            name: "fpmlint",
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: r
            .findings
            .iter()
            .map(|d| Finding {
                rule: d.rule,
                severity: d.severity,
                category: crate::rules::find(d.rule).map(|m| m.category),
                message: &d.message,
                help: d.help.as_deref(),
                notes: &d.notes,
                location: location(sources, &d.primary),
                related: d.secondary.iter().map(|l| location(sources, l)).collect(),
            })
            .collect(),
        problems: r
            .project
            .problems
            .iter()
            .map(|p| Problem {
                path: sources.display_path(&p.path),
                message: &p.message,
            })
            .collect(),
        summary: Summary {
            files: sources.len(),
            errors: c.errors,
            warnings: c.warnings,
            infos: c.infos,
            incomplete: r.project.incomplete(),
            hosts: r.project.host_summaries(),
            notes: r.project.notes.clone(),
        },
    }
}

pub fn render(r: &Report<'_>) -> String {
    let mut s = serde_json::to_string_pretty(&document(r)).unwrap_or_default();
    s.push('\n');
    s
}
