//! Inline suppressions, read from the comments the parsers keep.
//!
//! nginx: `# fpmlint: ignore[rule-a, rule-b] reason` on its own line covers the next
//! directive (its lines up to the `;` or `{`); at the end of a directive's line it
//! covers that directive; `# fpmlint: ignore-file[rule] reason` covers the whole
//! file. php-fpm and php.ini: the same with `;`. Apache: `#` on a line of its own
//! only (a `#` after a directive is one of its arguments to httpd). A name is a
//! rule, a category (`runtime`, as `--select` takes it) or `all`.
//!
//! A finding is suppressed when its primary label or any secondary label starts on a
//! covered line (a cross-file finding can be suppressed at either end). Suppressions
//! that suppress nothing, name no rule, or cannot be read become `unused-suppression`
//! findings.

use std::collections::{HashMap, HashSet};

use crate::diag::Diagnostic;
use crate::fpm::ast::Line;
use crate::nginx::ast::Item;
use crate::project::Project;
use crate::rules::group_meta::unused_suppression as unused;
use crate::source::{FileId, SourceFile, SourceMap, Span};

/// The longest run of lines one suppression covers (a directive written over more
/// lines is covered from its first line to this many).
const MAX_COVERED_LINES: usize = 200;

/// One `fpmlint: ignore[...]` or `fpmlint: ignore-file[...]` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub file: FileId,
    /// The whole comment.
    pub comment: Span,
    pub file_wide: bool,
    /// Zero-based first and last line covered; `None` for a comment on its own line
    /// that no directive follows (and for `ignore-file`, which covers the file).
    pub lines: Option<(usize, usize)>,
    /// The rule names, each with its span inside the comment.
    pub names: Vec<(String, Span)>,
}

/// Every suppression of a project, indexed by file and line.
#[derive(Debug, Default)]
pub struct Suppressions {
    pub list: Vec<Suppression>,
    by_line: HashMap<(FileId, usize), Vec<usize>>,
    by_file: HashMap<FileId, Vec<usize>>,
    /// `fpmlint:` comments that are no suppression fpmlint reads (span, comment char).
    malformed: Vec<(Span, char)>,
}

/// Which suppression names matched a finding: (suppression index, name index).
pub type Used = HashSet<(usize, usize)>;

/// A comment and the statements of its file, as the collector sees them.
struct FileScan<'a> {
    file: &'a SourceFile,
    comment_char: char,
    /// Statement heads, sorted by start.
    statements: Vec<Span>,
    comments: Vec<(Span, &'a str)>,
}

/// Read every suppression comment of the project's parsed files (each file once).
pub fn collect(project: &Project) -> Suppressions {
    let mut s = Suppressions::default();
    let mut seen: HashSet<FileId> = HashSet::new();
    for tree in &project.nginx {
        let mut ids: Vec<FileId> = tree.parsed.keys().copied().collect();
        ids.sort();
        for id in ids {
            if !seen.insert(id) || !mentions_fpmlint(project, id) {
                continue;
            }
            let config = &tree.parsed[&id];
            let mut scan = FileScan {
                file: project.sources.get(id),
                comment_char: '#',
                statements: Vec::new(),
                comments: Vec::new(),
            };
            nginx_items(&config.items, &mut scan);
            s.add_file(scan);
        }
    }
    for tree in &project.apache {
        for (id, config) in &tree.parsed {
            if !seen.insert(*id) || !mentions_fpmlint(project, *id) {
                continue;
            }
            let mut scan = FileScan {
                file: project.sources.get(*id),
                comment_char: '#',
                statements: Vec::new(),
                comments: Vec::new(),
            };
            apache_items(&config.items, &mut scan);
            s.add_file(scan);
        }
    }
    for tree in &project.fpm {
        for (id, ini) in &tree.asts {
            if !seen.insert(*id) || !mentions_fpmlint(project, *id) {
                continue;
            }
            let mut scan = FileScan {
                file: project.sources.get(*id),
                comment_char: ';',
                statements: Vec::new(),
                comments: Vec::new(),
            };
            for line in &ini.lines {
                match line {
                    Line::Section(s) => scan.statements.push(s.span),
                    Line::Entry(e) => scan.statements.push(e.span),
                    // Each comment of the run, with the text after its `;`.
                    Line::Comments { span } => {
                        for c in crate::fpm::ast::comments_in(&scan.file.text, *span) {
                            let text = scan.file.slice(c).get(1..).unwrap_or("");
                            scan.comments.push((c, text));
                        }
                    }
                }
            }
            s.add_file(scan);
        }
    }
    s
}

/// Every suppression comment holds `fpmlint:`: a file without it has none.
fn mentions_fpmlint(project: &Project, id: FileId) -> bool {
    memchr::memmem::find(project.sources.get(id).text.as_bytes(), b"fpmlint:").is_some()
}

fn nginx_items<'a>(items: &'a [Item], scan: &mut FileScan<'a>) {
    for item in items {
        match item {
            Item::Comment(c) => scan.comments.extend(c.lines(scan.file)),
            Item::Directive(d) => {
                scan.statements.push(d.span);
                if let Some(b) = &d.block {
                    nginx_items(&b.items, scan);
                }
            }
        }
    }
}

/// Apache: comments are whole lines; directives and section tags are statements.
fn apache_items<'a>(items: &'a [crate::apache::Item], scan: &mut FileScan<'a>) {
    for item in items {
        match item {
            crate::apache::Item::Comment(c) => scan.comments.push((c.span, c.text.as_str())),
            crate::apache::Item::Directive(d) => scan.statements.push(d.span),
            crate::apache::Item::Section(sec) => {
                scan.statements.push(sec.open);
                apache_items(&sec.items, scan);
                if let Some(close) = sec.close {
                    scan.statements.push(close);
                }
            }
        }
    }
}

/// A suppression comment as written: `file_wide`, and the names with their byte
/// offsets in the comment text. `Err(())` for a `fpmlint:` comment that is no
/// suppression; `None` for any other comment.
#[allow(clippy::type_complexity)]
pub fn parse_comment(text: &str) -> Option<Result<(bool, Vec<(String, usize)>), ()>> {
    let t = text.trim_start();
    let rest = t.strip_prefix("fpmlint:")?;
    let mut at = text.len() - rest.len();
    let body = rest.trim_start();
    at += rest.len() - body.len();
    let (file_wide, after) = if let Some(a) = body.strip_prefix("ignore-file[") {
        (true, a)
    } else if let Some(a) = body.strip_prefix("ignore[") {
        (false, a)
    } else {
        return Some(Err(()));
    };
    at += body.len() - after.len();
    let Some(close) = after.find(']') else {
        return Some(Err(()));
    };
    let mut names = Vec::new();
    let mut offset = at;
    for piece in after[..close].split(',') {
        let name = piece.trim();
        if name.is_empty() {
            return Some(Err(()));
        }
        let lead = piece.len() - piece.trim_start().len();
        names.push((name.to_string(), offset + lead));
        offset += piece.len() + 1;
    }
    Some(Ok((file_wide, names)))
}

impl Suppressions {
    fn add_file(&mut self, mut scan: FileScan<'_>) {
        scan.statements.sort_by_key(|s| (s.start, s.end));
        for &(span, text) in &scan.comments {
            let Some(parsed) = parse_comment(text) else {
                continue;
            };
            let Ok((file_wide, names)) = parsed else {
                self.malformed.push((span, scan.comment_char));
                continue;
            };
            // The comment char is one byte; the text follows it.
            let text_start = span.start as usize + 1;
            let names = names
                .into_iter()
                .map(|(n, off)| {
                    let s = Span::new(span.file, text_start + off, text_start + off + n.len());
                    (n, s)
                })
                .collect();
            let lines = if file_wide {
                None
            } else {
                covered_lines(&scan, span)
            };
            let idx = self.list.len();
            if file_wide {
                self.by_file.entry(span.file).or_default().push(idx);
            } else if let Some((first, last)) = lines {
                for line in first..=last {
                    self.by_line.entry((span.file, line)).or_default().push(idx);
                }
            }
            self.list.push(Suppression {
                file: span.file,
                comment: span,
                file_wide,
                lines,
                names,
            });
        }
    }

    /// True when some suppression names `rule` for a label at this span; marks the
    /// names that matched as used.
    fn matches(&self, sources: &SourceMap, span: Span, rule: &str, used: &mut Used) -> bool {
        let file = sources.get(span.file);
        let line = file.line_index(span.start as usize);
        let mut hit = false;
        let on_line = self.by_line.get(&(span.file, line)).into_iter().flatten();
        let in_file = self.by_file.get(&span.file).into_iter().flatten();
        for &i in on_line.chain(in_file) {
            for (k, (name, _)) in self.list[i].names.iter().enumerate() {
                if crate::config::name_covers(name, rule) {
                    used.insert((i, k));
                    hit = true;
                }
            }
        }
        hit
    }

    /// Drop the suppressed findings; record which names were used.
    pub fn apply(
        &self,
        sources: &SourceMap,
        findings: Vec<Diagnostic>,
        used: &mut Used,
    ) -> Vec<Diagnostic> {
        if self.list.is_empty() {
            return findings;
        }
        findings
            .into_iter()
            .filter(|d| {
                let mut suppressed = false;
                for label in std::iter::once(&d.primary).chain(&d.secondary) {
                    // Every matching name is marked used, not only the first.
                    suppressed |= self.matches(sources, label.span, d.rule, used);
                }
                !suppressed
            })
            .collect()
    }

    /// The unused-suppression findings: names that matched nothing (only for rules
    /// `active` in this run), unknown names, unreadable `fpmlint:` comments.
    /// With `only_self`, only names of unused-suppression itself are considered;
    /// otherwise those are left out (they are settled in a second pass).
    pub fn report(
        &self,
        used: &Used,
        active: &dyn Fn(&str) -> bool,
        only_self: bool,
    ) -> Vec<Diagnostic> {
        let this = unused::META.name;
        let mut out = Vec::new();
        let known: Vec<&'static str> = crate::rules::all_meta().iter().map(|m| m.name).collect();
        for (i, s) in self.list.iter().enumerate() {
            for (k, (name, span)) in s.names.iter().enumerate() {
                if (name == this) != only_self {
                    continue;
                }
                // A category or `all` is settled with the other rules' names.
                let group = crate::config::is_group(name);
                if !group && !known.contains(&name.as_str()) {
                    let hint = crate::text::did_you_mean(name, known.iter().copied());
                    out.push(unused::unknown(*span, name, hint));
                    continue;
                }
                let runs = if group {
                    crate::config::group_rules(name).into_iter().any(active)
                } else {
                    active(name)
                };
                if !runs || used.contains(&(i, k)) {
                    continue;
                }
                out.push(match s.lines {
                    _ if s.file_wide => unused::unused(*span, name, "this file", true),
                    None => unused::dangling(*span, name),
                    Some((first, last)) => {
                        let covers = if first == last {
                            format!("line {}", first + 1)
                        } else {
                            format!("lines {}-{}", first + 1, last + 1)
                        };
                        unused::unused(*span, name, &covers, false)
                    }
                });
            }
        }
        if !only_self {
            for &(span, c) in &self.malformed {
                out.push(unused::malformed(span, c));
            }
        }
        out
    }
}

/// Apply the configuration and the suppressions to the raw findings: drop inactive
/// rules and per-path ignores, drop suppressed findings, add unused-suppression
/// findings, set the configured severities. Not sorted.
pub fn settle(
    project: &Project,
    config: &crate::config::Config,
    findings: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let sources = &project.sources;
    let mut ignored_cache: HashMap<(FileId, &'static str), bool> = HashMap::new();
    let mut keep = |d: &Diagnostic| {
        config.active(d.rule)
            && !*ignored_cache
                .entry((d.primary.span.file, d.rule))
                .or_insert_with(|| {
                    config.ignored_in(d.rule, &sources.get(d.primary.span.file).path)
                })
    };
    let findings: Vec<Diagnostic> = findings.into_iter().filter(|d| keep(d)).collect();
    let sup = collect(project);
    let mut used = Used::default();
    let mut out = sup.apply(sources, findings, &mut used);
    if config.active(unused::META.name) {
        let active = |r: &str| config.active(r);
        // Unused suppressions of other rules, which `ignore[unused-suppression]`
        // may itself suppress; then the unused ones of unused-suppression.
        let first = sup.report(&used, &active, false);
        let first = sup.apply(sources, first, &mut used);
        out.extend(first.into_iter().filter(|d| keep(d)));
        let second = sup.report(&used, &active, true);
        out.extend(second.into_iter().filter(|d| keep(d)));
    }
    for d in &mut out {
        d.severity = config.severity_of(d.rule, d.severity);
    }
    out
}

/// The lines a line suppression covers: for a comment alone on its line, the next
/// statement's head (only blank and comment lines between); for a comment after a
/// statement, that statement's head and the comment's line.
fn covered_lines(scan: &FileScan<'_>, comment: Span) -> Option<(usize, usize)> {
    let file = scan.file;
    let text = &file.text;
    let cline = file.line_index(comment.start as usize);
    let before = text
        .get(file.line_start(cline)..comment.start as usize)
        .unwrap_or("");
    let head_lines = |s: &Span| {
        let first = file.line_index(s.start as usize);
        let last = file.line_index((s.end as usize).saturating_sub(1).max(s.start as usize));
        (first, last.min(first + MAX_COVERED_LINES - 1))
    };
    if before.trim().is_empty() {
        let idx = scan.statements.partition_point(|s| s.start < comment.end);
        let next = scan.statements.get(idx)?;
        let between = text.get(comment.end as usize..next.start as usize)?;
        let mut pieces = between.split('\n');
        // The rest of the comment's own line, then whole lines, then the start of
        // the statement's line: only blanks and comments.
        let first_rest = pieces.next().unwrap_or("");
        if !first_rest.trim().is_empty() {
            return None;
        }
        let pieces: Vec<&str> = pieces.collect();
        if let Some((last, middle)) = pieces.split_last() {
            if !last.trim().is_empty() {
                return None;
            }
            let only_comments = middle.iter().all(|l| {
                let l = l.trim();
                l.is_empty() || l.starts_with(scan.comment_char)
            });
            if !only_comments {
                return None;
            }
        } else {
            // The statement starts on the comment's own line: impossible after a
            // comment that runs to the end of its line.
            return None;
        }
        Some(head_lines(next))
    } else {
        let idx = scan.statements.partition_point(|s| s.start < comment.start);
        if let Some(prev) = idx.checked_sub(1).and_then(|i| scan.statements.get(i)) {
            let (first, last) = head_lines(prev);
            if first <= cline && cline <= last {
                return Some((first, last));
            }
        }
        Some((cline, cline))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_suppression_comments() {
        assert_eq!(
            parse_comment(" fpmlint: ignore[a-b, c] because"),
            Some(Ok((false, vec![("a-b".into(), 17), ("c".into(), 22)])))
        );
        assert_eq!(
            parse_comment("fpmlint:ignore-file[x]"),
            Some(Ok((true, vec![("x".into(), 20)])))
        );
        assert_eq!(parse_comment(" just a comment about fpmlint: x"), None);
        assert_eq!(parse_comment(" fpmlint: ignore x"), Some(Err(())));
        assert_eq!(parse_comment(" fpmlint: ignore[x"), Some(Err(())));
        assert_eq!(parse_comment(" fpmlint: ignore[]"), Some(Err(())));
        assert_eq!(parse_comment(" fpmlint: ignore[a,,b]"), Some(Err(())));
    }
}
