//! Accuracy on real configurations: lint the realistic trees of ../shared/corpus
//! (distribution packages, Docker images, compose setups) and snapshot every
//! finding of the cross-file rules, so each change in what fpmlint says about real
//! configs is reviewed. Skips with a message when the corpus is absent.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use fpmlint::diag::{Diagnostic, RenderOptions, Severity};

/// The nginx <-> php-fpm rules (other groups' rules have their own tests).
const CROSS: &[&str] = &[
    "fastcgi-pass-unmatched",
    "socket-permission-denied",
    "pool-unreachable",
    "timeout-inversion",
    "socket-in-private-tmp",
    "script-filename-mismatch",
    "listen-collision",
];

/// Trees linted as one project each: one or more paths under the corpus.
const TREES: &[&[&str]] = &[
    &["debian-bookworm"],
    &["trafex-docker-php-nginx"],
    &["docker-library-php/reconstructed-usr-local-etc"],
    &["laradock"],
    &["remirepo-fedora"],
    &["webdevops"],
    &["richarvey-nginx-php-fpm"],
    &["nextcloud-docker/.examples/docker-compose"],
    // Nextcloud's fpm images are built on the official php:fpm image: its nginx
    // config linted with that image's php-fpm tree.
    &[
        "nextcloud-docker/.examples/docker-compose/insecure/mariadb/fpm/web",
        "docker-library-php/reconstructed-usr-local-etc",
    ],
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

fn lint(paths: &[PathBuf], base: &Path) -> (String, Vec<Diagnostic>, Option<&'static str>) {
    let plan = fpmlint::discover::discover(paths, &Default::default());
    let project = fpmlint::project::load(plan, Some(base.to_path_buf()));
    let findings: Vec<Diagnostic> = fpmlint::cli::check(&project)
        .into_iter()
        .filter(|d| CROSS.contains(&d.rule))
        .collect();
    let text = fpmlint::cli::render_findings(
        &project,
        &findings,
        RenderOptions {
            color: false,
            width: 100,
        },
    );
    (text, findings, project.cross_file_skipped())
}

#[test]
fn cross_file_findings_on_real_trees() {
    let root = corpus();
    if !root.is_dir() {
        let _ = writeln!(std::io::stderr(), "SKIPPED: {} is absent", root.display());
        return;
    }
    let mut report = String::new();
    let mut errors = 0;
    for tree in TREES {
        let paths: Vec<PathBuf> = tree.iter().map(|p| root.join(p)).collect();
        if let Some(missing) = paths.iter().find(|p| !p.exists()) {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: {} is absent",
                missing.display()
            );
            continue;
        }
        let (text, findings, skipped) = lint(&paths, &root);
        errors += findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        report.push_str(&format!("=== {}\n", tree.join(" + ")));
        match skipped {
            Some(why) => report.push_str(&format!("(cross-file rules skipped: {why})\n")),
            None if findings.is_empty() => report.push_str("(no findings)\n"),
            None => report.push_str(&text),
        }
        report.push('\n');
    }
    insta::with_settings!({
        snapshot_path => "../snapshots/corpus_findings",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => "cross-file findings on the realistic corpus trees",
    }, {
        insta::assert_snapshot!("cross_file", report);
    });
    // These trees are served fine by the real programs (or are alternatives that
    // never run together): no cross-file error may appear on them.
    assert_eq!(errors, 0, "cross-file errors on real trees:\n{report}");
}

/// The examples: the Debian upgrade shows the flagship finding, the two healthy
/// trees give no cross-file error.
#[test]
fn examples_show_the_flagship_and_nothing_else() {
    let ex = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let (_, found, _) = lint(&[ex.join("debian-php-upgrade")], &ex);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d.rule, "fastcgi-pass-unmatched");
    assert_eq!(d.severity, Severity::Error);
    assert!(d.help.as_deref().unwrap_or("").contains("php8.2-fpm.sock"));
    assert_ne!(
        d.primary.span.file, d.secondary[0].span.file,
        "labels in both files"
    );
    for healthy in ["rhel-acl", "docker-compose"] {
        let (text, found, _) = lint(&[ex.join(healthy)], &ex);
        assert!(
            found.iter().all(|d| d.severity != Severity::Error),
            "{healthy}:\n{text}"
        );
    }
}
