//! The real-world corpus in ../shared/corpus: every nginx file that the real nginx
//! tokenizes must parse, the ones it refuses must be refused, and every php-fpm
//! file php-fpm accepts must parse. Skips, saying so, when the corpus is absent.

use std::path::{Path, PathBuf};

use fpmlint::source::SourceMap;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("MANIFEST.tsv").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: {} is absent; the corpus tests need ../shared beside the project",
            dir.display()
        );
        None
    }
}

struct Row {
    path: String,
    kind: String,
    verdict: String,
}

fn manifest(dir: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("MANIFEST.tsv readable");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some(Row {
                path: f.next()?.to_string(),
                kind: f.next()?.to_string(),
                verdict: f.next()?.to_string(),
            })
        })
        .collect()
}

#[test]
fn nginx_corpus_parses_as_nginx_does() {
    let Some(dir) = corpus() else { return };
    let mut sources = SourceMap::new();
    let (mut parsed, mut rejected) = (0, 0);
    let mut failures = Vec::new();
    for row in manifest(&dir).iter().filter(|r| r.kind == "nginx") {
        let id = sources
            .load(&dir.join(&row.path))
            .expect("corpus file loads");
        let result = fpmlint::nginx::parse(sources.get(id));
        let expect_reject = row.verdict == "syntax-reject";
        match (&result, expect_reject) {
            (Ok(_), false) => parsed += 1,
            (Err(_), true) => rejected += 1,
            (Ok(_), true) => {
                failures.push(format!("{}: nginx refuses it, fpmlint parsed it", row.path))
            }
            (Err(d), false) => failures.push(format!(
                "{}: {} at {}",
                row.path,
                d.message,
                sources.get(id).line_col(d.primary.span.start as usize).0
            )),
        }
    }
    println!(
        "nginx corpus: {parsed} parsed, {rejected} rejected as nginx rejects them, {} wrong",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(rejected, 3, "the manifest has three syntax-reject files");
    assert!(
        parsed > 1500,
        "expected the whole nginx corpus, got {parsed}"
    );
}
