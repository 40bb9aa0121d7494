//! The real-world corpus in ../shared/corpus: every Apache file that the real
//! apache2 read without a syntax error must parse without an apache-syntax
//! diagnostic, and every one it refused for syntax must be refused. Skips, saying
//! so, when the corpus is absent.

use fpmlint::source::SourceMap;

mod common;
use common::{corpus, manifest};

/// Verdicts of files without a syntax error: `ok`, and the ones apache2 refused on
/// something the syntax does not decide (a module, a path or a user missing on the
/// test host, an unknown directive, a directive's value); the manifest's note says
/// which, and most add that apache2 accepted the file once the host had it.
const READ_WHOLE: &[&str] = &["ok", "environment", "unknown-directive", "semantic-reject"];

#[test]
fn apache_corpus_parses_as_apache_does() {
    let Some(dir) = corpus() else { return };
    let mut sources = SourceMap::confined_to(&dir, false);
    let rows = manifest(&dir);
    let rows: Vec<_> = rows.iter().filter(|r| r.kind == "apache").collect();
    let (mut parsed_ok, mut parsed_other, mut rejected, mut untested) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for row in &rows {
        let id = sources
            .load(&dir.join(&row.path))
            .expect("corpus file loads");
        let result = fpmlint::apache::parse(sources.get(id));
        let line = |d: &fpmlint::diag::Diagnostic| {
            sources.get(id).line_col(d.primary.span.start as usize).0
        };
        match (row.verdict.as_str(), &result) {
            ("syntax-reject", Err(_)) => rejected += 1,
            ("syntax-reject", Ok(_)) => failures.push(format!(
                "{}: apache2 refuses it, fpmlint parsed it",
                row.path
            )),
            ("ok", Ok(_)) => parsed_ok += 1,
            (v, Ok(_)) if READ_WHOLE.contains(&v) => parsed_other += 1,
            (v, Err(d)) if READ_WHOLE.contains(&v) => failures.push(format!(
                "{} ({v}): {} at line {}",
                row.path,
                d.message,
                line(d)
            )),
            // Templates and files apache2 was not run on: parsed, not judged.
            (_, r) => {
                untested += 1;
                if let Err(d) = r {
                    println!("untested {}: {} at line {}", row.path, d.message, line(d));
                }
            }
        }
    }
    println!(
        "apache corpus: {} files; {parsed_ok} that apache2 accepts parse, {parsed_other} that it \
         refused for no syntax reason (host, module, value) parse, {rejected} refused for syntax are refused, \
         {untested} untested, {} wrong",
        rows.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        parsed_ok >= 300,
        "expected the whole Apache corpus, got {parsed_ok} accepted files"
    );
}
