//! unused-suppression: a `fpmlint: ignore[...]` comment that suppresses nothing.
//!
//! It needs every other rule's findings, so the runner applies it after them
//! (`crate::suppress`); `Check::check` itself reports nothing. This file words the
//! findings.

use crate::diag::{Diagnostic, Label, Severity};
use crate::project::Project;
use crate::rules::Category;
use crate::source::Span;

crate::declare_rule!(
    "unused-suppression",
    Severity::Warning,
    Category::Suppression,
    "an `fpmlint: ignore[...]` comment that suppresses nothing, or names no rule",
    check = check
);

/// Applied by the runner once every other rule has run (see `crate::suppress`).
fn check(_project: &Project, _out: &mut Vec<Diagnostic>) {}

/// A known rule named in a suppression that matched no finding of that rule.
/// `covers` says what the comment covers ("line 12", "lines 12-13", "this file").
pub fn unused(name_span: Span, rule: &str, covers: &str, file_wide: bool) -> Diagnostic {
    let what = if file_wide {
        format!("this suppression does nothing: no {rule} finding in this file")
    } else {
        format!("this suppression does nothing: no {rule} finding on {covers}")
    };
    Diagnostic::new(
        META.name,
        META.severity,
        what,
        Label::new(name_span, "matches no finding"),
    )
    .with_help(format!(
        "remove `{rule}` from the comment (the whole comment if it names no other rule)"
    ))
}

/// A suppression on a line that no directive follows.
pub fn dangling(name_span: Span, rule: &str) -> Diagnostic {
    Diagnostic::new(
        META.name,
        META.severity,
        format!("this suppression of {rule} does nothing: no directive follows the comment"),
        Label::new(name_span, "covers no directive"),
    )
    .with_help(
        "put the comment on the line just above the directive, or at the end of the \
         directive's own line",
    )
}

/// A name in a suppression that is no fpmlint rule.
pub fn unknown(name_span: Span, name: &str, suggestion: Option<&str>) -> Diagnostic {
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`? `fpmlint rules` lists every rule"),
        None => "`fpmlint rules` lists every rule".to_string(),
    };
    Diagnostic::new(
        META.name,
        META.severity,
        format!("`{name}` is not an fpmlint rule: this suppression suppresses nothing"),
        Label::new(name_span, "unknown rule name"),
    )
    .with_help(help)
}

/// A comment that starts with `fpmlint:` but is no suppression fpmlint reads.
pub fn malformed(span: Span, comment_char: char) -> Diagnostic {
    Diagnostic::new(
        META.name,
        META.severity,
        "this `fpmlint:` comment is not a suppression fpmlint understands: it suppresses nothing",
        Label::new(
            span,
            "not `fpmlint: ignore[rule-name]` nor `fpmlint: ignore-file[rule-name]`",
        ),
    )
    .with_help(format!(
        "write `{comment_char} fpmlint: ignore[rule-name] reason` or \
         `{comment_char} fpmlint: ignore-file[rule-name] reason`"
    ))
}
