//! The Apache reader against the real apache2 (Debian's 2.4): the same text through
//! `apache2 -t` with a throwaway ServerRoot, and through fpmlint.
//!
//! - Sections: apache2 accepts exactly the texts fpmlint parses, and for the others
//!   prints fpmlint's message, on the line fpmlint's note names.
//! - Words: every `Define NAME WORD` is read back from `apache2 -D DUMP_RUN_CFG`
//!   (`Define: NAME=value`) and compared with fpmlint's value of WORD; texts that
//!   apache2 reads as several words are refused by a one-argument directive.
//!
//! Needs root and apache2 (`apt-get install -y apache2`); without them it prints one
//! SKIPPED line and passes, unless FPMLINT_ORACLE=required (CI), where it fails.

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use fpmlint::apache;
use fpmlint::source::{FileId, SourceFile};

const MPM: &str = "/usr/lib/apache2/modules/mod_mpm_event.so";
const MACRO: &str = "/usr/lib/apache2/modules/mod_macro.so";
const PROXY: &str = "/usr/lib/apache2/modules/mod_proxy.so";

fn apache2() -> Option<&'static str> {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { geteuid() } == 0;
    let bin = ["/usr/sbin/apache2", "/usr/bin/apache2"]
        .into_iter()
        .find(|p| Path::new(p).is_file());
    match bin {
        Some(b) if root && Path::new(MPM).is_file() => Some(b),
        _ => {
            // In CI (.ci/run installs apache2) a skip is a failure.
            assert!(
                std::env::var("FPMLINT_ORACLE").as_deref() != Ok("required"),
                "the Apache oracle needs root and apache2, and FPMLINT_ORACLE=required"
            );
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: the Apache oracle needs root and apache2 (apt-get install -y apache2)"
            );
            None
        }
    }
}

extern "C" {
    fn geteuid() -> u32;
}

/// `apache2 -t` on `text` as the main file `t.conf` of a throwaway ServerRoot, with
/// mpm_event, mod_macro and mod_proxy loaded first. Returns what it printed, the root
/// written `ROOT`.
fn apache2_t(bin: &str, text: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_str().expect("utf-8 path");
    std::fs::write(dir.path().join("t.conf"), text).expect("write t.conf");
    let out = Command::new(bin)
        .arg("-t")
        .args(["-d", root, "-f", &format!("{root}/t.conf")])
        .args(["-C", &format!("LoadModule mpm_event_module {MPM}")])
        .args(["-C", &format!("LoadModule macro_module {MACRO}")])
        .args(["-C", &format!("LoadModule proxy_module {PROXY}")])
        .args(["-C", &format!("PidFile {root}/pid")])
        .args(["-C", &format!("ErrorLog {root}/error.log")])
        .args(["-C", "ServerName localhost"])
        .args(extra)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .output()
        .expect("run apache2");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
    .replace(root, "ROOT")
}

fn parse(text: &str) -> Result<apache::Config, Box<fpmlint::diag::Diagnostic>> {
    let f = SourceFile::new(FileId(0), "t.conf".into(), "t.conf".into(), text.into());
    apache::parse(&f)
}

/// Texts whose sections apache2 judges before any directive's own check.
const SECTIONS: &[&str] = &[
    "<Directory /x>\n</Location>\n",
    "<directory /x>\n</location>\n",
    "</Directory>\n",
    "</>\n",
    "<\n",
    "<Directory /x>\n<Location /y>\n",
    "<Directory /x\n</Directory>\n",
    "<Directory /x\n</Directory>\n</Location>\n",
    "<Files a\\\n",
    "<Directory>\n</Directory>\n",
    "<Directory\n</Directory>\n",
    "<Directory /x>\n</Directory foo>\n",
    "<Directory /x>\n</Directory> foo\n",
    "<Directory /x> extra\n</Directory>\n",
    "<directory /x>\n</DIRECTORY>\n",
    "<Directory /x>\n</Direc\\\ntory>\n",
    "\"<Directory\" /x>\n</Directory>\n",
    "\u{feff}<Directory /x>\n</Directory>\n",
    "<VirtualHost *:80>\r\n<Directory \"/a b\">\r\n</Directory>\r\n</VirtualHost>\r\n",
    "<FilesMatch \".+\\.php$\">\n</FilesMatch>\n<Files x>\n</files>\n",
    "<Location /a>\n</Location>\n<LocationMatch ^/b>\n</LocationMatch>\n",
    "<IfModule mpm_event_module>\n<Directory /x>\n",
    "<IfModule mpm_event_module>\n",
    "<IfModule mpm_event_module>\n</IfModule> x\n",
    "<IfModule mpm_event_module>\n</ifmodule>   \n",
    "<IfModule mpm_event_module>\n</IfModule\\\n>\n",
    "<Directory /x>\n<IfModule mpm_event_module>\n</Directory>\n</IfModule>\n",
    "<Directory /x>\n<IfModule mpm_event_module>\n",
    "<IfModule mpm_event_module\n</IfModule>\n",
    "<IfModule>\n</IfModule>\n",
    "<IfModule !>\n</IfModule>\n",
    "<IfModule ! nope_module>\n<IfDefine !NOPE>\n</IfDefine>\n</IfModule>\n",
    "<IfDefine>\n</IfDefine>\n",
    "<If>\n</If>\n",
    "<If \"true\">\n</If>\n<ElseIf \"false\">\n</ElseIf>\n<Else>\n</Else>\n",
    "<VirtualHost>\n</VirtualHost>\n",
    "<Location>\n</Location>\n",
    "<LocationMatch>\n</LocationMatch>\n",
    "<DirectoryMatch>\n</DirectoryMatch>\n",
    "<Files>\n</Files>\n",
    "<FilesMatch>\n</FilesMatch>\n",
    "<Files x\n</Files>\n",
    "<ElseIf>\n</ElseIf>\n",
    "<IfFile>\n</IfFile>\n",
    "<IfDirective>\n</IfDirective>\n",
    "<IfSection>\n</IfSection>\n",
    "<IfDefine X\n</IfDefine>\n",
    "<IfVersion >= 2.4>\n</IfVersion>\n",
    "<IfVersion >= 2.4\n</IfVersion>\n",
    "<IfVersion 2.4>\n</IfVersion>\n<IfVersion >= 2.4 >\n</IfVersion>\n<IfVersion \"2.4\">\n</IfVersion>\n",
    "<IfVersion = 2.4 x>\n</IfVersion>\n",
    "<Proxy \"fcgi://127.0.0.1:9000\"\n</Proxy>\n",
    "<Proxy fcgi://127.0.0.1:9000/>\n</Proxy>\n<ProxyMatch ^fcgi:>\n</ProxyMatch>\n",
    "<ProxyMatch ^fcgi:\n</ProxyMatch>\n",
    "<VirtualHost *:80\n</VirtualHost>\n",
    "   # comment \\\nFooBar baz\n",
    "# <Directory /x>\n",
    "<Macro M $a>\n<VirtualHost *:$a>\n</Macro>\n<Macro N>\n</VirtualHost>\n</Macro>\n",
    "<Macro M $a>\nServerAdmin $a\n",
];

#[test]
fn sections_as_apache2_reads_them() {
    let Some(bin) = apache2() else { return };
    let mut failures = Vec::new();
    for text in SECTIONS {
        let said = apache2_t(bin, text, &[]);
        let ok = said.trim_end().ends_with("Syntax OK");
        match (ok, parse(text)) {
            (true, Ok(_)) => {}
            (true, Err(d)) => failures.push(format!(
                "{text:?}: apache2 accepts it, fpmlint says {}",
                d.message
            )),
            (false, Ok(_)) => failures.push(format!(
                "{text:?}: apache2 refuses it, fpmlint parses it:\n{said}"
            )),
            (false, Err(d)) => {
                let line = d.notes[0]
                    .split("on line ")
                    .nth(1)
                    .and_then(|s| s.split(' ').next())
                    .unwrap_or("?");
                // Read-time errors print on one line, the later ones under AH00526.
                if !said.contains(&d.message)
                    || !said.contains(&format!("Syntax error on line {line} of ROOT/t.conf"))
                    || d.notes[0].contains("AH00526") != said.contains("AH00526")
                {
                    failures.push(format!(
                        "{text:?}: apache2 says\n{said}fpmlint says {} (line {line})",
                        d.message
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Spellings of one word (as apache2 reads them) and what it holds.
const WORDS: &[&str] = &[
    "plain",
    r#""a \" b\\ c""#,
    r#"'q\'r'"#,
    r#""a'b""#,
    r#"'a"b'"#,
    r#"a"b"#,
    r#"a'b'"#,
    r#"a\b"#,
    r#"a\\b"#,
    r#"a\\\\b"#,
    r#"a\"b"#,
    r#""a\nb\tc""#,
    r#""a\'b""#,
    r#"'a\"b'"#,
    r#""\\\\""#,
    "#not-a-comment",
    "a\\\nb",
    "a\\\r\nb",
    "\"a \\\n  b\"",
    "'x\\\\\ny'",
    "\"x\\\\\n\"",
    "a\\\\\n\nb",
    "a\\\\\n\\\n\r\nb",
    "\"q\\\\\n\n\"",
    "\"never closed   ",
    "\"never closed, continued \\\n  ",
    "é\u{1}ü",
];

#[test]
fn words_as_apache2_reads_them() {
    let Some(bin) = apache2() else { return };
    let mut text = String::new();
    for (i, w) in WORDS.iter().enumerate() {
        text.push_str(&format!("Define W{i} {w}\n"));
    }
    let said = apache2_t(bin, &text, &["-D", "DUMP_RUN_CFG"]);
    let config = match parse(&text) {
        Ok(c) => c,
        Err(d) => panic!("fpmlint refuses the words: {}", d.message),
    };
    let ours: Vec<_> = config
        .defines()
        .map(|(d, _)| {
            (
                d.arg(0).unwrap_or("").to_string(),
                d.args.len(),
                d.arg(1).map(str::to_string),
            )
        })
        .collect();
    assert_eq!(ours.len(), WORDS.len());
    let mut failures = Vec::new();
    for (i, w) in WORDS.iter().enumerate() {
        let name = format!("W{i}");
        let theirs = said
            .lines()
            .find_map(|l| l.strip_prefix(&format!("Define: {name}=")));
        let (n, count, value) = &ours[i];
        if *n != name || *count != 2 || theirs != value.as_deref() {
            failures.push(format!(
                "{w:?}: apache2 reads {theirs:?}, fpmlint {value:?} ({} words)",
                count - 1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n--- apache2:\n{said}",
        failures.join("\n")
    );
}

/// Texts apache2 reads as two words or more: a one-argument directive refuses them.
const SPLIT: &[&str] = &[
    r#""a"b"#,
    r#"a"b c""#,
    "a # c",
    r#"a\ b"#,
    "a \\\nb",
    "a\\\n b",
    r#""a\\" b"#,
    r#"'a' 'b'"#,
];

#[test]
fn word_boundaries_as_apache2_reads_them() {
    let Some(bin) = apache2() else { return };
    let mut failures = Vec::new();
    for w in SPLIT {
        let text = format!("ServerAdmin {w}\n");
        let said = apache2_t(bin, &text, &[]);
        let words = parse(&text)
            .ok()
            .and_then(|c| c.directives().next().map(|(d, _)| d.args.len()));
        if !said.contains("ServerAdmin takes one argument") || words.is_none_or(|n| n < 2) {
            failures.push(format!(
                "{w:?}: fpmlint reads {words:?} words; apache2 says\n{said}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A fixed xorshift sequence: the same texts on every run.
struct Xorshift(u64);

impl Xorshift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn text(&mut self, pieces: &[&str], count: usize, sep: &str) -> String {
        let mut s = String::new();
        for _ in 0..count {
            s.push_str(pieces[self.below(pieces.len())]);
            s.push_str(sep);
        }
        s
    }
}

/// Random words from the bytes that matter (quotes, backslashes, continuations,
/// blanks, '#', '>'): apache2 and fpmlint read the same words, with the same values.
#[test]
fn random_words_as_apache2_reads_them() {
    let Some(bin) = apache2() else { return };
    let pieces = [
        "a", "b", "\"", "'", "\\", " ", "\\\n", "\\\r\n", "#", ">", "\t", "\\\\",
    ];
    let mut rng = Xorshift(12345);
    let mut failures = Vec::new();
    for _ in 0..50 {
        let n = 1 + rng.below(8);
        let text = format!("Define W a{}\n", rng.text(&pieces, n, ""));
        let said = apache2_t(bin, &text, &["-D", "DUMP_RUN_CFG"]);
        let ours = parse(&text).expect("fpmlint reads every word");
        let d = ours.directives().next().map(|(d, _)| d.clone());
        let count = d.as_ref().map_or(0, |d| d.args.len());
        let value = d.as_ref().and_then(|d| d.arg(1));
        let theirs = said.lines().find_map(|l| l.strip_prefix("Define: W="));
        let agree = if said.contains("Define takes 1-2 arguments") {
            count > 2
        } else if said.lines().any(|l| l == "Define: W") {
            // `Define W` (or an empty value): defined, no value.
            count == 1 || value == Some("")
        } else {
            count == 2 && theirs == value && theirs.is_some()
        };
        if !agree {
            failures.push(format!(
                "{text:?}: apache2 {theirs:?}, fpmlint {value:?} ({count} words)\n{said}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Random sequences of section lines: apache2 accepts exactly what fpmlint
/// parses, and refuses the rest with fpmlint's message on fpmlint's line. Errors
/// of later checks (an unknown directive, a section in the wrong context) are the
/// directive checks' business and are left out.
#[test]
fn random_sections_as_apache2_reads_them() {
    let Some(bin) = apache2() else { return };
    let lines = [
        "<Directory /x>",
        "</Directory>",
        "<Location /y>",
        "</Location>",
        "<IfModule mpm_event_module>",
        "</IfModule>",
        "</IfModule> x",
        "# c",
        "ServerAdmin a",
        "</directory>",
        "<IfDefine !NOPE>",
        "</IfDefine>",
        "<Files a\\",
        "b>",
        "</Files>",
        "  </ifmodule>  ",
        "<VirtualHost *:80>",
        "</VirtualHost>",
        "\\",
    ];
    let mut rng = Xorshift(987654);
    let mut failures = Vec::new();
    let (mut accepted, mut refused) = (0, 0);
    for _ in 0..60 {
        let n = 1 + rng.below(7);
        let text = rng.text(&lines, n, "\n");
        let said = apache2_t(bin, &text, &[]);
        if ["Invalid command", "not allowed", "not (yet)"]
            .iter()
            .any(|s| said.contains(s))
        {
            continue;
        }
        let ok = said.trim_end().ends_with("Syntax OK");
        let agree = match parse(&text) {
            Ok(_) => ok,
            Err(d) => {
                let line = d.notes[0]
                    .split("on line ")
                    .nth(1)
                    .and_then(|s| s.split(' ').next())
                    .unwrap_or("?");
                !ok && said.contains(&d.message)
                    && said.contains(&format!("Syntax error on line {line} of ROOT/t.conf"))
            }
        };
        if ok {
            accepted += 1;
        } else {
            refused += 1;
        }
        if !agree {
            failures.push(format!("{text:?}: apache2 says\n{said}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        accepted > 0 && refused > 0,
        "{accepted} accepted, {refused} refused"
    );
}
