//! Syntax and include diagnostics as a user reads them: each fixture under
//! tests/fixtures/core/ is linted whole and its rendered report snapshotted.

use std::path::{Path, PathBuf};

use fpmlint::diag::RenderOptions;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/core")
        .join(name)
}

/// Lint a fixture directory; paths are shown relative to it.
fn report(name: &str) -> (String, Vec<fpmlint::diag::Diagnostic>) {
    let dir = fixture(name);
    let plan = fpmlint::discover::discover(std::slice::from_ref(&dir), &Default::default());
    let project = fpmlint::project::load(plan, Some(dir));
    let findings = fpmlint::cli::check(&project);
    let text = fpmlint::cli::render_findings(
        &project,
        &findings,
        RenderOptions {
            color: false,
            width: 100,
        },
    );
    (text, findings)
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "../snapshots/core",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

/// One diagnostic, of this rule, whose primary label covers `expected` text at
/// `line` of the named file.
fn assert_one(findings: &[fpmlint::diag::Diagnostic], rule: &str) -> fpmlint::diag::Diagnostic {
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].rule, rule);
    findings[0].clone()
}

#[test]
fn unclosed_block_points_at_the_open_brace() {
    let (text, f) = report("unclosed-block");
    let d = assert_one(&f, "nginx-syntax");
    assert_eq!(d.message, "unexpected end of file, expecting \"}\"");
    // The `{` of `location / {` on line 8 is the one never closed.
    assert!(text.contains("nginx.conf:8:20"), "{text}");
    snapshot("unclosed-block", &text);
}

#[test]
fn unterminated_quote_points_at_the_quote() {
    let (text, f) = report("unterminated-quote");
    assert_one(&f, "nginx-syntax");
    assert!(text.contains("nginx.conf:6:44"), "{text}");
    snapshot("unterminated-quote", &text);
}

#[test]
fn missing_semicolon_before_brace() {
    let (text, f) = report("missing-semicolon");
    let d = assert_one(&f, "nginx-syntax");
    assert_eq!(d.message, "unexpected \"}\"");
    snapshot("missing-semicolon", &text);
}

#[test]
fn character_after_closing_quote() {
    let (text, f) = report("quote-then-char");
    let d = assert_one(&f, "nginx-syntax");
    assert_eq!(d.message, "unexpected \"-\"");
    snapshot("quote-then-char", &text);
}

#[test]
fn include_cycle_names_the_include_that_closes_it() {
    let (text, f) = report("include-cycle");
    let d = assert_one(&f, "nginx-include");
    assert!(d.message.contains("include cycle"), "{}", d.message);
    assert!(
        !d.secondary.is_empty(),
        "the other includes of the cycle are labelled"
    );
    snapshot("include-cycle", &text);
}

#[test]
fn missing_include_is_reported_at_the_include() {
    // On a machine (a sysroot), nginx would refuse to start: an error.
    let (text, f) = report("missing-include-sysroot");
    let d = assert_one(&f, "nginx-include");
    assert_eq!(d.severity, fpmlint::diag::Severity::Error);
    assert!(
        d.message.contains("/etc/nginx/snippets/fastcgi-php.conf"),
        "{}",
        d.message
    );
    snapshot("missing-include-sysroot", &text);
}

#[test]
fn missing_include_in_a_repository_may_come_from_the_host() {
    // In a repository of config files the target host may provide the file.
    let (text, f) = report("missing-include");
    let d = assert_one(&f, "nginx-include");
    assert_eq!(d.severity, fpmlint::diag::Severity::Warning);
    assert!(d.message.contains("not in the repository"), "{}", d.message);
    snapshot("missing-include", &text);
}

#[test]
fn hash_line_in_pool_file() {
    let (text, f) = report("hash-comment-pool");
    let d = assert_one(&f, "fpm-syntax");
    // The label starts exactly at the `#` of line 4.
    assert!(text.contains("www.conf:4:1"), "{text}");
    assert_eq!(
        d.primary.span.start as usize,
        "[www]\nuser = www-data\ngroup = www-data\n".len()
    );
    snapshot("hash-comment-pool", &text);
}
