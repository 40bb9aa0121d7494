//! Apache files that no Apache main file reaches (a repository of vhosts, a
//! conf-available snippet) are linted as fragments: the corpus's public vhost sets
//! read as users run `fpmlint DIR` on them, and what a fragment is and is not
//! judged on.

use std::path::{Path, PathBuf};

use fpmlint::diag::{Diagnostic, Severity};

mod common;
use common::{corpus, manifest};

fn lint(paths: &[PathBuf]) -> (fpmlint::project::Project, Vec<Diagnostic>) {
    let plan = fpmlint::discover::discover(paths, &Default::default());
    let project = fpmlint::project::load(plan, None);
    let found = fpmlint::cli::check(&project);
    (project, found)
}

fn fragments(project: &fpmlint::project::Project) -> Vec<String> {
    let mut v: Vec<String> = project
        .apache
        .iter()
        .filter(|t| t.ctx.fragment)
        .map(|t| project.sources.get(t.entry).name.clone())
        .collect();
    v.sort();
    v
}

fn shown(project: &fpmlint::project::Project, found: &[Diagnostic]) -> String {
    found
        .iter()
        .map(|d| {
            let f = project.sources.get(d.primary.span.file);
            let line = f.line_col(d.primary.span.start as usize).0;
            format!(
                "{}:{line} {} {:?}: {}",
                f.name, d.rule, d.severity, d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A file of comments only (its ModSecurity rules are commented out, the
/// comments continued over lines with `\`): nothing in it says Apache, and
/// nothing in it is read; it is listed as not linted.
const COMMENTS_ONLY: &str = "comment-continuations-2050.conf";

/// certbot's vhost set from bug reports (sites-enabled drop-ins that apache2 -t
/// accepts): `fpmlint DIR` lints every `*.conf` as a fragment, without a syntax
/// diagnostic and without a finding; the `.htaccess` file and the prose are not
/// read as configs.
#[test]
fn certbot_vhost_set_lints_clean() {
    let Some(dir) = corpus() else { return };
    let set = dir.join("apache-certbot/apache-conf-files/passing");
    let dir = dir.canonicalize().unwrap();
    let set = set.canonicalize().unwrap();
    let (project, found) = lint(std::slice::from_ref(&set));
    let expected: Vec<String> = manifest(&dir)
        .into_iter()
        .filter(|r| {
            r.kind == "apache"
                && r.path
                    .starts_with("apache-certbot/apache-conf-files/passing/")
                && r.path.ends_with(".conf")
                && !r.path.ends_with(COMMENTS_ONLY)
        })
        .map(|r| dir.join(&r.path).display().to_string())
        .collect();
    assert!(expected.len() >= 20, "{expected:?}");
    let got = fragments(&project);
    let mut want = expected.clone();
    want.sort();
    assert_eq!(got, want);
    assert!(found.is_empty(), "{}", shown(&project, &found));
    assert!(project.problems.is_empty(), "{:?}", project.problems);
    assert!(
        project
            .skipped
            .iter()
            .any(|(p, _)| p.ends_with(COMMENTS_ONLY)),
        "{:?}",
        project.skipped
    );
    let summary = fpmlint::cli::summary(
        &project,
        &fpmlint::project::Counts::of(&found),
        std::time::Instant::now(),
    );
    assert!(
        summary.contains(&format!(
            "{} Apache fragments (no Apache main file includes them: their modules are unknown)",
            expected.len()
        )),
        "{summary}"
    );
    println!("certbot passing: {} fragments, no finding", expected.len());
}

/// Findings reviewed as right: (file relative to the set, line).
type Reviewed = &'static [(&'static str, u32)];

/// The other public sets: certbot's whole test data (a Gentoo tree, parser
/// fixtures), Debian's third-party packages' snippets (web apps' apache.conf,
/// modules' .load/.conf), the control panels' install files. No syntax
/// diagnostic anywhere and no finding from a fragment; every finding left is
/// one of the reviewed apache-include warnings below.
#[test]
fn public_apache_sets_lint_as_reviewed() {
    let Some(dir) = corpus() else { return };
    let dir = dir.canonicalize().unwrap();
    // (set, fragments at least, reviewed findings: file suffix, line).
    // The control panels keep Debian's apache2.conf without the directories
    // that the package and a2enmod make on the server (mods-enabled,
    // ports.conf; VestaCP's conf.d is made by its installer): Apache would
    // refuse to start without them, which depends on the target machine.
    let sets: &[(&str, usize, Reviewed)] = &[
        ("apache-certbot", 40, &[]),
        ("apache-debian-pkgs", 45, &[]),
        (
            "apache-hestiacp",
            5,
            &[
                ("raw/install/deb/apache2/apache2.conf", 70),
                ("raw/install/deb/apache2/apache2.conf", 71),
                ("raw/install/deb/apache2/apache2.conf", 74),
                ("rendered/etc/apache2/apache2.conf", 70),
                ("rendered/etc/apache2/apache2.conf", 71),
            ],
        ),
        (
            "apache-vestacp",
            10,
            &[
                ("raw/install/debian/9/apache2/apache2.conf", 70),
                ("raw/install/debian/9/apache2/apache2.conf", 71),
                ("raw/install/debian/9/apache2/apache2.conf", 74),
                ("raw/install/debian/9/apache2/apache2.conf", 83),
                ("raw/install/rhel/7/httpd/httpd.conf", 2),
            ],
        ),
    ];
    let mut failures = Vec::new();
    for (set, min_fragments, reviewed) in sets {
        let (project, found) = lint(&[dir.join(set)]);
        let n = fragments(&project).len();
        if n < *min_fragments {
            failures.push(format!(
                "{set}: {n} fragments, expected {min_fragments} or more"
            ));
        }
        let mut got: Vec<(String, u32)> = Vec::new();
        for d in &found {
            let f = project.sources.get(d.primary.span.file);
            let line = f.line_col(d.primary.span.start as usize).0;
            let rel = f
                .path
                .strip_prefix(dir.join(set))
                .unwrap_or(&f.path)
                .display()
                .to_string();
            let ok = d.rule == "apache-include"
                && d.severity == Severity::Warning
                && d.message.contains("is not in the repository: unless the target machine has it, Apache refuses to start")
                && reviewed.contains(&(rel.as_str(), line as u32));
            if !ok {
                failures.push(format!(
                    "{set}: unreviewed finding {}",
                    shown(&project, std::slice::from_ref(d))
                ));
            }
            got.push((rel, line as u32));
        }
        for (file, line) in reviewed.iter() {
            if !got.iter().any(|(f, l)| f == file && l == line) {
                failures.push(format!("{set}: expected apache-include at {file}:{line}"));
            }
        }
        println!(
            "{set}: {n} Apache fragments, {} reviewed findings",
            found.len()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A mods-enabled directory missing from a repository: the help says what makes
/// it on the server, not to switch to IncludeOptional (the modules would then
/// not load).
#[test]
fn missing_mods_enabled_in_a_repository_is_explained() {
    let Some(dir) = corpus() else { return };
    let (_, found) = lint(&[dir.join("apache-vestacp/raw/install/debian/9")]);
    let d = found
        .iter()
        .find(|d| d.message.contains("mods-enabled/*.load"))
        .expect("the mods-enabled include is reported");
    let help = d.help.as_deref().unwrap_or("");
    assert!(
        help.contains("Debian's apache2 package and a2enmod make mods-enabled"),
        "{help}"
    );
    assert!(!help.contains("IncludeOptional"), "{help}");
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A single vhost file on the command line is an Apache fragment, not "not an
/// nginx or php-fpm file"; one with nginx's syntax stays nginx's.
#[test]
fn a_vhost_file_named_alone_is_a_fragment() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "site.conf",
        "<VirtualHost *:80>\n    ServerName a.example\n    DocumentRoot /srv/a\n</VirtualHost>\n",
    );
    let (project, found) = lint(&[tmp.path().join("site.conf")]);
    assert!(project.problems.is_empty(), "{:?}", project.problems);
    assert_eq!(fragments(&project).len(), 1);
    assert!(found.is_empty(), "{}", shown(&project, &found));
    let listing = fpmlint::report::files::render(&project);
    assert!(
        listing.contains("site.conf  Apache fragment (no Apache main file includes it: its loaded modules are unknown)"),
        "{listing}"
    );
}

/// A file an Apache main file includes is read there, not again as a fragment;
/// sites-available files that no main file enables are fragments, in the
/// ServerRoot of their tree (their relative Include resolves there).
#[test]
fn reached_files_are_not_fragments() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(
        d,
        "apache2/apache2.conf",
        "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so\nIncludeOptional sites-enabled/*.conf\n",
    );
    write(
        d,
        "apache2/sites-enabled/a.conf",
        "<VirtualHost *:80>\n  ServerName a.example\n</VirtualHost>\n",
    );
    write(
        d,
        "apache2/sites-available/b.conf",
        "<VirtualHost *:80>\n  ServerName b.example\n  Include snippets/b-extra.conf\n</VirtualHost>\n",
    );
    write(d, "apache2/snippets/b-extra.conf", "DocumentRoot /srv/b\n");
    let (project, found) = lint(&[d.to_path_buf()]);
    assert!(found.is_empty(), "{}", shown(&project, &found));
    let names = fragments(&project);
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].ends_with("sites-available/b.conf"), "{names:?}");
    let b = project.apache.iter().find(|t| t.ctx.fragment).unwrap();
    assert_eq!(b.files.len(), 2, "the snippet is read from the fragment");
    assert_eq!(
        b.vhosts[0].document_root.as_ref().map(|v| v.value.as_str()),
        Some("/srv/b")
    );
}

/// `<IfModule>` in a fragment: a test on a module the fragment neither loads
/// nor has built in holds, positive or negated (Debian's php8.2-fpm.conf is
/// `<IfModule !mod_php8.c>` around `<IfModule proxy_fcgi_module>`); a built-in
/// module is known.
#[test]
fn ifmodule_in_a_fragment() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "conf-available/php.conf",
        "<IfModule !mod_php8.c>\n<IfModule proxy_fcgi_module>\n<FilesMatch \\.php$>\nSetHandler \"proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost\"\n</FilesMatch>\n</IfModule>\n</IfModule>\n<IfModule !mod_so.c>\nSetHandler \"proxy:fcgi://127.0.0.1:9001\"\n</IfModule>\n",
    );
    let (project, _) = lint(&[tmp.path().to_path_buf()]);
    let t = project.apache.iter().find(|t| t.ctx.fragment).unwrap();
    let active: Vec<&str> = t
        .handlers
        .iter()
        .filter(|h| h.skipped_by.is_none())
        .map(|h| h.text.as_str())
        .collect();
    assert_eq!(
        active,
        ["proxy:unix:/run/php/php8.2-fpm.sock|fcgi://localhost"],
        "mod_so is built in: `<IfModule !mod_so.c>` fails"
    );
    let assumed = t.handlers[0].assumed.as_ref().map(|(_, s)| s.as_str());
    assert_eq!(
        assumed,
        Some("<IfModule !mod_php8.c> and <IfModule proxy_fcgi_module>")
    );
}

/// Other programs' `*.conf` with angle brackets are not Apache's: fail2ban's
/// `<iptables>` tags, alone at the start of a continued line.
#[test]
fn angle_bracket_tags_are_not_apache_sections() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "action.d/repeat.conf",
        "[Definition]\nactionstart = <iptables> -N f2b-<name>\n              <iptables> -A f2b-<name> -j RETURN\n<iptables>\n",
    );
    let (project, found) = lint(&[tmp.path().to_path_buf()]);
    assert!(fragments(&project).is_empty());
    assert!(found.is_empty(), "{}", shown(&project, &found));
}

/// A vhost file named alone inside a sysroot (`/etc/apache2/sites-available/x.conf`
/// on a server) is read in that sysroot: a missing include is missing on that
/// machine (an error), not "not in the repository".
#[test]
fn a_vhost_file_in_its_sysroot() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "etc/apache2/apache2.conf", "Include ports.conf\n");
    write(d, "etc/apache2/ports.conf", "Listen 80\n");
    write(d, "etc/apache2/snippets/ok.conf", "DocumentRoot /srv/x\n");
    write(
        d,
        "etc/apache2/sites-available/x.conf",
        "<VirtualHost *:80>\n  Include snippets/ok.conf\n  Include /etc/apache2/snippets/gone.conf\n</VirtualHost>\n",
    );
    let (project, found) = lint(&[d.join("etc/apache2/sites-available/x.conf")]);
    assert_eq!(fragments(&project).len(), 1);
    assert_eq!(found.len(), 1, "{}", shown(&project, &found));
    assert_eq!(found[0].rule, "apache-include");
    assert_eq!(found[0].severity, Severity::Error);
    assert!(
        !found[0].message.contains("repository"),
        "{}",
        found[0].message
    );
    let t = project.apache.iter().find(|t| t.ctx.fragment).unwrap();
    assert_eq!(t.files.len(), 2, "snippets/ok.conf is read from ServerRoot");
}
