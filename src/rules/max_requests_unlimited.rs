//! max-requests-unlimited: `pm = static` or `dynamic` never recycles its workers
//! (`pm.max_requests = 0`, the default) while requests may use a large
//! `memory_limit`.

use super::pool_memory_overcommit::php_quantity;
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::{Pm, Setting};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "max-requests-unlimited",
    Severity::Info,
    Category::Performance,
    "pm = static or dynamic with pm.max_requests = 0 and a memory_limit above 256M: workers are never recycled",
    check = check
);

/// memory_limit above this (or -1) makes a never-recycled worker worth a note.
pub const THRESHOLD: u64 = 256 << 20;

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for (tree, pool) in project.pools() {
        let pm = match pool.pm() {
            Some(Pm::Static) => "static",
            Some(Pm::Dynamic) => "dynamic",
            _ => continue, // ondemand ends idle workers
        };
        if pool.integer("pm.max_requests") != Some(0) {
            continue;
        }
        let Some(limit) = pool
            .php_ini_value("memory_limit")
            .or_else(|| tree.php_ini.as_ref()?.get("memory_limit").cloned())
        else {
            continue; // PHP's default, 128M
        };
        let Some(bytes) = php_quantity(&limit.value) else {
            continue;
        };
        if bytes.is_some_and(|b| b <= THRESHOLD) {
            continue;
        }
        let Some(limit_span) = limit.line_span() else {
            continue;
        };
        let per_request = match bytes {
            Some(_) => format!("up to {} (memory_limit)", limit.value.trim()),
            None => "any amount (memory_limit = -1)".to_string(),
        };
        let max_requests = pool.settings.get("pm.max_requests");
        let at = pool
            .settings
            .get("pm")
            .and_then(Setting::line_span)
            .unwrap_or(pool.header);
        let mut d = Diagnostic::new(
            META.name,
            META.severity,
            format!(
                "pool [{}]: pm = {pm} never recycles its workers (pm.max_requests = 0) while a request may use {per_request}: memory a leaking extension loses (outside memory_limit's count) stays in each worker until php-fpm restarts, on top of a pool sized for large requests",
                pool.name
            ),
            Label::new(at, format!("workers that live as long as the master ({pm})")),
        )
        .with_label(Label::new(
            limit_span,
            format!("a request may use {per_request}"),
        ));
        d = match max_requests.and_then(Setting::line_span) {
            Some(l) => d.with_label(Label::new(l, "0: never recycled")),
            None => {
                d.with_note("pm.max_requests is not set: php-fpm's default is 0, never recycled")
            }
        };
        out.push(d.with_help(
            "set `pm.max_requests = 500` (or another bound): php-fpm then replaces each worker after that many requests, between requests",
        ));
    }
}
