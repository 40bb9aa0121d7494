//! Parse throughput (MB/s) on real configurations from the shared corpus, tiled
//! to 1, 10 and 100 MB: nginx (pre-scan, pest grammar, tree) and php-fpm, each
//! beside its whole-file reference (`parse::parse_reference`), and the nginx
//! pre-scan alone.
//! `FPMLINT_BENCH_MB=1,10` picks the sizes.
//!
//! A 100 MB nginx tile holds more statements than fpmlint reads from one file
//! (`prescan::MAX_STATEMENTS`, a limit of the linter, not of the parser): the
//! nginx parse and pre-scan are timed without that limit, and the whole-file
//! reference is left out past it.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

mod common;

fn parse(c: &mut Criterion) {
    let Some(corpus) = common::corpus() else {
        return;
    };
    for kind in ["nginx", "fpm"] {
        let files = common::clean_files(&corpus, kind);
        if files.is_empty() {
            eprintln!("SKIPPED: no {kind} file of the corpus parses cleanly");
            continue;
        }
        let mut group = c.benchmark_group(format!("parse_{kind}"));
        let sizes: Vec<usize> = std::env::var("FPMLINT_BENCH_MB")
            .ok()
            .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
            .unwrap_or_else(|| vec![1, 10, 100]);
        for &mb in &sizes {
            let file = common::source(common::tile(&files, mb << 20));
            // A size past one of fpmlint's other input limits would time the
            // refusal, not a parse.
            let refused = match kind {
                "nginx" => fpmlint::nginx::parse::parse_without_statement_limit(&file)
                    .err()
                    .map(|d| d.message),
                _ => fpmlint::fpm::parse(&file)
                    .1
                    .first()
                    .map(|d| d.message.clone()),
            };
            if let Some(why) = refused {
                eprintln!("SKIPPED: parse_{kind} at {mb} MB is refused: {why}");
                continue;
            }
            // Past the statement limit, fpmlint itself refuses the file: the
            // reference (which checks the limit first) would time that refusal.
            let over_limit = kind == "nginx" && fpmlint::nginx::prescan::prescan(&file).is_err();
            group.throughput(Throughput::Bytes(file.text.len() as u64));
            group.sample_size(if mb >= 100 {
                10
            } else if mb >= 10 {
                20
            } else {
                50
            });
            group.bench_with_input(
                BenchmarkId::new("parse", format!("{mb}MB")),
                &file,
                // The tree is returned, and freed outside the timing: the parse is
                // timed, not the allocator's freeing (fpmlint frees no tree before
                // it exits).
                |b, f| {
                    b.iter_with_large_drop(|| match kind {
                        "nginx" => {
                            Box::new(fpmlint::nginx::parse::parse_without_statement_limit(f))
                                as Box<dyn std::any::Any>
                        }
                        _ => Box::new(fpmlint::fpm::parse(f)),
                    })
                },
            );
            // The whole-file reference, in the same run: the pair shows what the
            // piece-by-piece reading (nginx) and the comment shortcut (php-fpm) gain.
            if over_limit {
                eprintln!("parse_{kind} at {mb} MB: past the statement limit, no reference");
            } else {
                group.bench_with_input(
                    BenchmarkId::new("reference", format!("{mb}MB")),
                    &file,
                    |b, f| {
                        b.iter_with_large_drop(|| match kind {
                            "nginx" => Box::new(fpmlint::nginx::parse::parse_reference(f))
                                as Box<dyn std::any::Any>,
                            _ => Box::new(fpmlint::fpm::parse::parse_reference(f)),
                        })
                    },
                );
            }
            // The nginx pre-scan alone (statement ends and nginx's syntax errors).
            if kind == "nginx" {
                group.bench_with_input(
                    BenchmarkId::new("prescan", format!("{mb}MB")),
                    &file,
                    |b, f| {
                        b.iter(|| {
                            fpmlint::nginx::prescan::prescan_without_statement_limit(f).is_ok()
                        })
                    },
                );
            }
        }
        group.finish();
    }
}

criterion_group!(benches, parse);
criterion_main!(benches);
