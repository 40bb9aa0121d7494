//! Parse throughput (MB/s) on real configurations from the shared corpus, tiled
//! to 1, 10 and 100 MB: nginx (pre-scan, pest grammar, tree) and php-fpm.

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
        for mb in [1usize, 10, 100] {
            let file = common::source(common::tile(&files, mb << 20));
            group.throughput(Throughput::Bytes(file.text.len() as u64));
            group.sample_size(if mb >= 100 {
                10
            } else if mb >= 10 {
                20
            } else {
                50
            });
            group.bench_with_input(
                BenchmarkId::from_parameter(format!("{mb}MB")),
                &file,
                |b, f| {
                    b.iter(|| match kind {
                        "nginx" => fpmlint::nginx::parse(f).map(|c| c.items.len()).unwrap_or(0),
                        _ => fpmlint::fpm::parse(f).0.lines.len(),
                    })
                },
            );
        }
        group.finish();
    }
}

criterion_group!(benches, parse);
criterion_main!(benches);
