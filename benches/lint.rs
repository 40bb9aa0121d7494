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

/// The rules that relate nginx to php-fpm.
const CROSS_FILE: &[&str] = &[
    "fastcgi-pass-unmatched",
    "socket-permission-denied",
    "pool-unreachable",
    "timeout-inversion",
    "socket-in-private-tmp",
    "script-filename-mismatch",
    "listen-collision",
];

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
    // Cross-file matching alone: the endpoint index, then the nginx <-> php-fpm rules.
    group.bench_function("endpoint_index", |b| {
        b.iter(|| fpmlint::model::index::Links::build(&project).passes.len())
    });
    let cross: Vec<_> = fpmlint::rules::rules()
        .filter(|r| CROSS_FILE.contains(&r.meta().name))
        .collect();
    group.bench_function("cross_file_rules", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            for r in &cross {
                r.check(&project, &mut out);
            }
            out.len()
        })
    });
    group.finish();
}

/// One php-fpm.conf of N pool sections: the time per section must stay flat as N
/// grows (sections are found by name in O(1); this read 200,000 sections in 98 s
/// when each header searched the pools before it).
fn fpm_sections(c: &mut Criterion) {
    let mut group = c.benchmark_group("fpm_sections");
    group.sample_size(10);
    for n in [10_000usize, 20_000, 40_000] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut text = String::from("[global]\npid = /run/php-fpm.pid\n");
        for i in 0..n {
            text.push_str(&format!(
                "[p{i}]\nuser = www-data\ngroup = www-data\nlisten = /run/php/p{i}.sock\npm = ondemand\npm.max_children = 5\n"
            ));
        }
        std::fs::write(dir.path().join("php-fpm.conf"), text).expect("write");
        group.throughput(criterion::Throughput::Elements(n as u64));
        group.bench_function(criterion::BenchmarkId::from_parameter(n), |b| {
            b.iter(|| common::lint(dir.path()))
        });
    }
    group.finish();
}

criterion_group!(benches, debian, cross_file, fpm_sections);
criterion_main!(benches);
