//! Whole lints: the Debian tree of the shared corpus, and cross-file matching of
//! 10,000 fastcgi locations against 1,000 pools (generated).

use criterion::{criterion_group, criterion_main, Criterion};

mod common;

fn debian(c: &mut Criterion) {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let tree = corpus.join("debian-bookworm");
    if !tree.is_dir() {
        eprintln!("SKIPPED: {} is absent", tree.display());
        return;
    }
    c.bench_function("lint_debian_bookworm", |b| b.iter(|| common::lint(&tree)));
}

fn cross_file(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    // 1,000 sites x 10 PHP locations = 10,000 fastcgi_pass, 1,000 pools.
    common::cross_tree(dir.path(), 1_000, 10, 1_000);
    let mut group = c.benchmark_group("cross_file_10000x1000");
    group.sample_size(10);
    group.bench_function("whole_lint", |b| b.iter(|| common::lint(dir.path())));
    let plan = fpmlint::discover::discover(&[dir.path().to_path_buf()], &Default::default());
    let project = fpmlint::project::load(plan, Some(dir.path().to_path_buf()));
    assert!(
        project.pools().count() >= 1_000,
        "the generated pools are found"
    );
    group.bench_function("rules_only", |b| {
        b.iter(|| fpmlint::rules::run(&project).len())
    });
    group.finish();
}

criterion_group!(benches, debian, cross_file);
criterion_main!(benches);
