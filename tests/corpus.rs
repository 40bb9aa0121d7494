//! The real-world corpus in ../shared/corpus: every nginx file that the real nginx
//! tokenizes must parse, the ones it refuses must be refused, and every php-fpm
//! file php-fpm accepts must parse. Skips, saying so, when the corpus is absent.

use fpmlint::source::SourceMap;

mod common;
use common::{corpus, manifest};

#[test]
fn nginx_corpus_parses_as_nginx_does() {
    let Some(dir) = corpus() else { return };
    let mut sources = SourceMap::confined_to(&dir, false);
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

#[test]
fn fpm_corpus_parses_as_php_fpm_does() {
    let Some(dir) = corpus() else { return };
    let mut sources = SourceMap::confined_to(&dir, false);
    let (mut parsed, mut failures) = (0, Vec::new());
    for row in manifest(&dir)
        .iter()
        .filter(|r| r.kind == "fpm" && r.verdict == "ok")
    {
        let id = sources
            .load(&dir.join(&row.path))
            .expect("corpus file loads");
        let (_, diags) = fpmlint::fpm::parse(sources.get(id));
        if diags.is_empty() {
            parsed += 1;
        } else {
            failures.push(format!("{}: {}", row.path, diags[0].message));
        }
    }
    println!(
        "php-fpm corpus: {parsed} files php-fpm accepts parse, {} do not",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(parsed >= 90, "expected the php-fpm corpus, got {parsed}");
}

#[test]
fn debian_bookworm_is_discovered_whole() {
    let Some(dir) = corpus() else { return };
    let root = dir.join("debian-bookworm");
    let plan = fpmlint::discover::discover(std::slice::from_ref(&root), &Default::default());
    let project = fpmlint::project::load(plan, Some(root.clone()));
    assert!(!project.incomplete(), "{:?}", project.problems);
    let main = project
        .nginx_mains()
        .next()
        .expect("nginx.conf is an entry point");
    let names = |files: &[fpmlint::source::FileId]| -> Vec<String> {
        files
            .iter()
            .map(|f| project.sources.get(*f).name.clone())
            .collect()
    };
    let reached = names(&main.files);
    for f in [
        "etc/nginx/nginx.conf",
        "etc/nginx/mime.types",
        "etc/nginx/sites-enabled/default",
    ] {
        assert!(
            reached.contains(&f.to_string()),
            "{f} not reached from nginx.conf: {reached:?}"
        );
    }
    // The snippets no enabled site includes are linted as fragments.
    let fragments: Vec<String> = project
        .nginx
        .iter()
        .filter(|t| t.root_kind != fpmlint::model::nginx::ScopeKind::Main)
        .map(|t| project.sources.get(t.entry).name.clone())
        .collect();
    assert!(
        fragments.contains(&"etc/nginx/snippets/fastcgi-php.conf".to_string()),
        "{fragments:?}"
    );
    assert!(
        fragments.contains(&"etc/nginx/snippets/snakeoil.conf".to_string()),
        "{fragments:?}"
    );
    // php-fpm: php-fpm.conf with pool.d/www.conf, and php.ini beside it.
    let fpm = &project.fpm[0];
    assert_eq!(
        names(&fpm.files),
        [
            "etc/php/8.2/fpm/php-fpm.conf",
            "etc/php/8.2/fpm/pool.d/www.conf"
        ]
    );
    assert_eq!(fpm.pools.len(), 1);
    assert_eq!(fpm.pools[0].name, "www");

    // The dump shows every file.
    let dump = fpmlint::dump::dump(&project);
    let text = dump.to_string();
    for f in reached
        .iter()
        .chain(fragments.iter())
        .chain(names(&fpm.files).iter())
    {
        assert!(text.contains(f.as_str()), "dump lacks {f}");
    }
    println!(
        "debian-bookworm: {} nginx files reached, {} fragments, {} php-fpm files",
        reached.len(),
        fragments.len(),
        fpm.files.len()
    );
}
