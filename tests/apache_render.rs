//! apache-syntax diagnostics as a user reads them: each case rendered and
//! snapshotted (snapshots/apache/).

use fpmlint::diag::RenderOptions;
use fpmlint::source::SourceMap;

const CASES: &[(&str, &str)] = &[
    (
        "mismatch.conf",
        "<VirtualHost *:80>\n    <Directory /var/www/shop>\n        Require all granted\n    </Location>\n</VirtualHost>\n",
    ),
    (
        "closed-by-the-outer-tag.conf",
        "<VirtualHost *:80>\n    <Directory /var/www/shop>\n        Require all granted\n</VirtualHost>\n",
    ),
    (
        "unclosed.conf",
        "<VirtualHost *:80>\n    <Directory /var/www/shop>\n        Require all granted\n",
    ),
    (
        "closed-inside-a-conditional.conf",
        "<Directory /x>\n<IfModule mod_php.c>\n</Directory>\n</IfModule>\n",
    ),
    (
        "comment-after-a-conditional.conf",
        "<IfModule mod_php.c>\n    php_value upload_max_filesize 64M\n</IfModule> # mod_php\n",
    ),
    (
        "stray-closing-tag.conf",
        "<Directory /var/www>\n    Require all granted\n</Directory>\n</Directory>\n",
    ),
    ("open-tag-without-gt.conf", "<Directory /var/www\n</Directory>\n"),
    ("close-tag-with-words.conf", "<Files x>\n</Files x>\n"),
];

#[test]
fn apache_syntax_diagnostics_as_rendered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut sources = SourceMap::confined_to(dir.path(), false);
    sources.display_base = Some(dir.path().to_path_buf());
    let mut out = String::new();
    for (name, text) in CASES {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let id = sources.load(&path).expect("load");
        let d = fpmlint::apache::parse(sources.get(id))
            .expect_err("each case is refused by apache2 and by fpmlint");
        out.push_str(&fpmlint::diag::render(
            &sources,
            &d,
            RenderOptions {
                color: false,
                width: 100,
            },
        ));
        out.push('\n');
    }
    insta::with_settings!({
        snapshot_path => "../snapshots/apache",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("apache_syntax", out);
    });
}
