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

// ---------------------------------------------------------------------------
// Apache at run time: apache2, php-fpm8.2 and nginx started on loopback ports, each
// with its own throwaway prefix (ServerRoot, PidFile, logs, sockets), and the
// fixtures fpmlint reports on, paths moved into the prefix.

const MODULES: &str = "/usr/lib/apache2/modules";

/// A process started for a test, killed when dropped.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Connect until the port answers (bounded), or give up.
fn wait_listening(port: u16) -> bool {
    for _ in 0..400 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    false
}

/// Wait (bounded) for a path to exist.
fn wait_path(p: &Path) -> bool {
    for _ in 0..400 {
        if p.exists() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    false
}

/// `GET path` on a loopback port: the status and the whole response.
fn get(port: u16, path: &str) -> (u16, String) {
    use std::io::Read as _;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .expect("read timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn runtime_available() -> Option<&'static str> {
    let bin = apache2()?;
    let fpm = Path::new("/usr/sbin/php-fpm8.2").is_file();
    let nginx = Path::new("/usr/sbin/nginx").is_file();
    if fpm && nginx {
        return Some(bin);
    }
    assert!(
        std::env::var("FPMLINT_ORACLE").as_deref() != Ok("required"),
        "the Apache oracle needs php-fpm8.2 and nginx too"
    );
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: the Apache oracle needs php-fpm8.2 and nginx (apt-get install -y php8.2-fpm nginx-light)"
    );
    None
}

/// A throwaway prefix readable by the servers' unprivileged users.
fn prefix() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::Builder::new()
        .prefix("fpmlint-apache-")
        .tempdir()
        .expect("tempdir");
    for sub in ["", "run", "run/php", "www", "www/good", "logs"] {
        let p = dir.path().join(sub);
        std::fs::create_dir_all(&p).expect("mkdir");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    dir
}

/// php-fpm8.2 in the foreground with one pool on `listen` (world-writable socket).
fn start_fpm(root: &Path, listen: &str) -> Running {
    start_fpm_mode(root, listen, "listen.mode = 0666\n")
}

/// php-fpm8.2 with one pool on `listen` and the socket settings `socket`.
fn start_fpm_mode(root: &Path, listen: &str, socket: &str) -> Running {
    let conf = root.join("php-fpm.conf");
    std::fs::write(
        &conf,
        format!(
            "[global]\npid = {r}/fpm.pid\nerror_log = {r}/logs/fpm.log\ndaemonize = no\n\
             [www]\nuser = nobody\ngroup = nogroup\nlisten = {listen}\n{socket}\
             pm = static\npm.max_children = 1\n",
            r = root.display()
        ),
    )
    .expect("write php-fpm.conf");
    let child = Command::new("/usr/sbin/php-fpm8.2")
        .args(["-n", "-F", "-y"])
        .arg(&conf)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start php-fpm8.2");
    Running(child)
}

/// apache2 in the foreground (`-X`) from `conf`.
fn start_apache(bin: &str, root: &Path, conf: &str) -> Running {
    let path = root.join("httpd.conf");
    std::fs::write(&path, conf).expect("write httpd.conf");
    let child = Command::new(bin)
        .arg("-X")
        .arg("-d")
        .arg(root)
        .arg("-f")
        .arg(&path)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start apache2");
    Running(child)
}

/// The head of an httpd.conf for a prefix: modules, identity, logs, the docroot.
fn apache_head(root: &Path, listen: &str) -> String {
    let r = root.display();
    format!(
        "ServerRoot {r}\nServerName localhost\nListen {listen}\nPidFile {r}/httpd.pid\n\
         DefaultRuntimeDir {r}/run\nErrorLog {r}/logs/error.log\nLogLevel warn\n\
         LoadModule mpm_event_module {MODULES}/mod_mpm_event.so\n\
         LoadModule authz_core_module {MODULES}/mod_authz_core.so\n\
         LoadModule proxy_module {MODULES}/mod_proxy.so\n\
         LoadModule proxy_fcgi_module {MODULES}/mod_proxy_fcgi.so\n\
         User nobody\nGroup nogroup\nDocumentRoot {r}/www\n\
         <Directory {r}/www>\n    Require all granted\n</Directory>\n"
    )
}

/// The texts between backquotes of a message (the log lines fpmlint quotes).
fn quoted(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn fixture(rule: &str, case: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rule)
        .join(case)
}

fn findings(dir: &Path, rule: &str) -> Vec<fpmlint::diag::Diagnostic> {
    let plan = fpmlint::discover::discover(&[dir.to_path_buf()], &Default::default());
    let project = fpmlint::project::load(plan, Some(dir.to_path_buf()));
    fpmlint::cli::check(&project)
        .into_iter()
        .filter(|d| d.rule == rule)
        .collect()
}

/// A Debian host after a PHP upgrade: the enabled php8.1-fpm.conf still names the
/// 8.1 socket while only the 8.2 pool runs. Apache answers 503 and logs exactly the
/// lines fpmlint's finding quotes; the 8.2 socket serves the same script.
#[test]
fn apache_handler_to_a_missing_socket_is_503() {
    let Some(bin) = runtime_available() else {
        return;
    };
    let case = fixture("fastcgi-pass-unmatched", "bad-apache-php-upgrade");
    let found = findings(&case, "fastcgi-pass-unmatched");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = &found[0].message;
    assert!(message.contains("503 Service Unavailable"), "{message}");
    let lines = quoted(message);
    assert_eq!(lines.len(), 2, "{message}");

    let dir = prefix();
    let root = dir.path();
    let r = root.display().to_string();
    let moved = |t: &str| t.replace("/run/php/", &format!("{r}/run/php/"));
    let _fpm = start_fpm(root, &format!("{r}/run/php/php8.2-fpm.sock"));
    assert!(
        wait_path(&root.join("run/php/php8.2-fpm.sock")),
        "php-fpm did not start"
    );
    std::fs::write(root.join("www/x.php"), "<?php echo 'php ran';\n").expect("x.php");
    std::fs::write(root.join("www/good/x.php"), "<?php echo 'php ran';\n").expect("x.php");
    // The fixture's enabled conf as it is, paths moved into the prefix.
    let site = std::fs::read_to_string(case.join("etc/apache2/conf-enabled/php8.1-fpm.conf"))
        .expect("fixture conf");
    let port = free_port();
    let conf = format!(
        "{}{}\n<Location /good/>\n    SetHandler \"proxy:unix:{r}/run/php/php8.2-fpm.sock|fcgi://localhost\"\n</Location>\n",
        apache_head(root, &format!("127.0.0.1:{port}")),
        moved(&site)
    );
    let _apache = start_apache(bin, root, &conf);
    assert!(wait_listening(port), "apache2 did not start");

    let (good, text) = get(port, "/good/x.php");
    assert_eq!(good, 200, "{text}");
    assert!(text.contains("php ran"), "{text}");
    let (bad, text) = get(port, "/x.php");
    assert_eq!(bad, 503, "{text}");
    let log = std::fs::read_to_string(root.join("logs/error.log")).unwrap_or_default();
    for line in lines {
        assert!(
            log.contains(&moved(&line)),
            "apache2's error log lacks `{}`:\n{log}",
            moved(&line)
        );
    }
}

/// A machine's tree under `root`: etc/nginx/nginx.conf and etc/apache2/apache2.conf
/// (fpmlint reads it as a sysroot; the servers run the same two files).
fn write_machine(root: &Path, nginx: &str, apache: &str) -> (std::path::PathBuf, String) {
    use std::os::unix::fs::PermissionsExt as _;
    let sys = root.join("sys");
    for d in ["etc/nginx", "etc/apache2"] {
        std::fs::create_dir_all(sys.join(d)).expect("mkdir");
    }
    std::fs::write(sys.join("etc/nginx/nginx.conf"), nginx).expect("nginx.conf");
    std::fs::write(sys.join("etc/apache2/apache2.conf"), apache).expect("apache2.conf");
    std::fs::create_dir_all(root.join("ngx-temp")).expect("mkdir");
    std::fs::set_permissions(
        root.join("ngx-temp"),
        std::fs::Permissions::from_mode(0o777),
    )
    .expect("chmod");
    (sys, root.join("logs/nginx-error.log").display().to_string())
}

/// An nginx.conf for a prefix: its own pid, logs and temp paths, in the foreground.
fn nginx_conf(root: &Path, servers: &str) -> String {
    let r = root.display();
    format!(
        "daemon off;\npid {r}/nginx.pid;\nerror_log {r}/logs/nginx-error.log;\nevents {{}}\n\
         http {{\n    access_log off;\n    client_body_temp_path {r}/ngx-temp/body;\n\
         proxy_temp_path {r}/ngx-temp/proxy;\n    fastcgi_temp_path {r}/ngx-temp/fastcgi;\n\
         uwsgi_temp_path {r}/ngx-temp/uwsgi;\n    scgi_temp_path {r}/ngx-temp/scgi;\n{servers}}}\n"
    )
}

fn start_nginx(sys: &Path) -> Running {
    let child = Command::new("/usr/sbin/nginx")
        .arg("-c")
        .arg(sys.join("etc/nginx/nginx.conf"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start nginx");
    Running(child)
}

/// nginx in front of Apache, proxying to a port Apache does not listen on: fpmlint
/// reports proxy-pass-unmatched, and nginx answers 502 with the log line it quotes;
/// the port Apache does listen on serves Apache's page through the same nginx.
#[test]
fn proxy_pass_to_a_port_apache_does_not_listen_on_is_502() {
    let Some(bin) = runtime_available() else {
        return;
    };
    let dir = prefix();
    let root = dir.path();
    let (front, apache_port, nothing) = (free_port(), free_port(), free_port());
    let nginx = nginx_conf(
        root,
        &format!(
            "    server {{\n        listen 127.0.0.1:{front};\n        server_name front.test;\n\
             location / {{\n            proxy_pass http://127.0.0.1:{nothing};\n        }}\n\
             location /good/ {{\n            proxy_pass http://127.0.0.1:{apache_port};\n        }}\n    }}\n"
        ),
    );
    let apache = apache_head(root, &format!("127.0.0.1:{apache_port}"));
    let (sys, nginx_log) = write_machine(root, &nginx, &apache);
    // fpmlint: exactly the proxy_pass to the port nothing listens on.
    let found = findings(&sys, "proxy-pass-unmatched");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = &found[0].message;
    assert!(
        message.contains(&format!("127.0.0.1:{nothing}")),
        "{message}"
    );
    assert!(message.contains("502 Bad Gateway"), "{message}");
    // The nothing port is no Apache port: fpmlint says what it cannot see.
    assert_eq!(found[0].severity, fpmlint::diag::Severity::Warning);
    let lines = quoted(message);
    assert_eq!(lines.len(), 1, "{message}");

    std::fs::write(root.join("www/good/index.html"), "apache answered\n").expect("index");
    let _apache = start_apache(bin, root, &apache);
    assert!(wait_listening(apache_port), "apache2 did not start");
    let _nginx = start_nginx(&sys);
    assert!(wait_listening(front), "nginx did not start");
    let (good, text) = get(front, "/good/index.html");
    assert_eq!(good, 200, "{text}");
    assert!(text.contains("apache answered"), "{text}");
    let (bad, text) = get(front, "/index.html");
    assert_eq!(bad, 502, "{text}");
    let log = std::fs::read_to_string(&nginx_log).unwrap_or_default();
    assert!(
        log.contains(&lines[0]),
        "nginx's error log lacks `{}`:\n{log}",
        lines[0]
    );
}

/// nginx and Apache on one address and port: fpmlint reports listen-collision with
/// both lines, and Apache, started second, refuses to start with the AH00072 line
/// fpmlint quotes while nginx keeps answering.
#[test]
fn nginx_and_apache_on_one_port_second_fails() {
    let Some(bin) = runtime_available() else {
        return;
    };
    let dir = prefix();
    let root = dir.path();
    let port = free_port();
    let nginx = nginx_conf(
        root,
        &format!(
            "    server {{\n        listen 127.0.0.1:{port};\n        location / {{\n            return 200 \"nginx answered\\n\";\n        }}\n    }}\n"
        ),
    );
    let apache = apache_head(root, &format!("127.0.0.1:{port}"));
    let (sys, _) = write_machine(root, &nginx, &apache);
    let found = findings(&sys, "listen-collision");
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    assert_eq!(d.severity, fpmlint::diag::Severity::Error);
    // Both files are labelled: Apache's Listen and nginx's listen.
    let files: Vec<u32> = std::iter::once(d.primary.span.file.0)
        .chain(d.secondary.iter().map(|l| l.span.file.0))
        .collect();
    assert_eq!(files.len(), 2);
    assert_ne!(files[0], files[1]);
    let apache_line = quoted(&d.message)
        .into_iter()
        .find(|l| l.contains("AH00072"))
        .expect("the Apache line");
    assert!(
        apache_line.ends_with(&format!("127.0.0.1:{port}")),
        "{apache_line}"
    );

    let _nginx = start_nginx(&sys);
    assert!(wait_listening(port), "nginx did not start");
    let path = root.join("httpd.conf");
    std::fs::write(&path, &apache).expect("write httpd.conf");
    let out = Command::new(bin)
        .arg("-X")
        .arg("-d")
        .arg(root)
        .arg("-f")
        .arg(&path)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .output()
        .expect("run apache2");
    assert!(!out.status.success(), "apache2 started on nginx's port");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains(&apache_line), "apache2 said:\n{said}");
    let (status, text) = get(port, "/");
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("nginx answered"), "{text}");
}

/// The pool's socket with php-fpm's defaults (root:root 0660, no listen.owner or
/// listen.group) while Apache's children run unprivileged: 503 and the (13) line
/// fpmlint quotes.
#[test]
fn apache_without_write_on_the_socket_is_503() {
    let Some(bin) = runtime_available() else {
        return;
    };
    let case = fixture("socket-permission-denied", "bad-apache-root-socket");
    let found = findings(&case, "socket-permission-denied");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, fpmlint::diag::Severity::Error);
    let lines = quoted(&found[0].message);
    assert_eq!(lines.len(), 1, "{}", found[0].message);

    let dir = prefix();
    let root = dir.path();
    let r = root.display().to_string();
    let moved = |t: &str| t.replace("/run/php/", &format!("{r}/run/php/"));
    let _fpm = start_fpm_mode(root, &format!("{r}/run/php/php8.2-fpm.sock"), "");
    assert!(
        wait_path(&root.join("run/php/php8.2-fpm.sock")),
        "php-fpm did not start"
    );
    std::fs::write(root.join("www/x.php"), "<?php echo 'php ran';\n").expect("x.php");
    let site = std::fs::read_to_string(case.join("etc/apache2/conf-enabled/php8.2-fpm.conf"))
        .expect("fixture conf");
    let port = free_port();
    let conf = format!(
        "{}{}",
        apache_head(root, &format!("127.0.0.1:{port}")),
        moved(&site)
    );
    let _apache = start_apache(bin, root, &conf);
    assert!(wait_listening(port), "apache2 did not start");
    let (status, text) = get(port, "/x.php");
    assert_eq!(status, 503, "{text}");
    let log = std::fs::read_to_string(root.join("logs/error.log")).unwrap_or_default();
    assert!(
        log.contains(&moved(&lines[0])),
        "apache2's error log lacks `{}`:\n{log}",
        moved(&lines[0])
    );
}

/// Startup checks: what fpmlint quotes for a directive of a module not loaded and
/// for an Include of a missing file is what `apache2 -t` prints.
#[test]
fn startup_refusals_as_apache2_prints_them() {
    let Some(bin) = apache2() else {
        return;
    };
    let d = findings(
        &fixture("apache-unknown-directive", "bad-rewrite-without-module"),
        "apache-unknown-directive",
    );
    assert_eq!(d.len(), 1, "{d:?}");
    let line = &quoted(&d[0].message)[0];
    let out = apache2_t(
        bin,
        "<VirtualHost *:80>\n    RewriteEngine On\n</VirtualHost>\n",
        &[],
    );
    assert!(out.contains(line.as_str()), "apache2 -t said:\n{out}");
    assert!(out.contains("AH00526"), "{out}");

    let d = findings(
        &fixture("apache-include", "bad-missing-ports-conf"),
        "apache-include",
    );
    assert_eq!(d.len(), 1, "{d:?}");
    let line = quoted(&d[0].message)[0].replace("/etc/apache2", "ROOT");
    let out = apache2_t(bin, "Include ports.conf\n", &[]);
    assert!(out.contains(&line), "apache2 -t said:\n{out}");
    let out = apache2_t(bin, "IncludeOptional ports.conf\n", &[]);
    assert!(out.contains("Syntax OK"), "apache2 -t said:\n{out}");
}

/// Debian's php8.2-fpm.conf enabled while mod_proxy_fcgi is not loaded (mod_proxy
/// is): `<IfModule proxy_fcgi_module>` is false, and apache2 answers 200 with the
/// PHP source, as proxy-handler-without-module says; with the handler unwrapped
/// and no proxy module at all, the same.
#[test]
fn handler_without_proxy_fcgi_serves_the_source() {
    let Some(bin) = runtime_available() else {
        return;
    };
    for (case, loads) in [("bad-debian-wrapper", "proxy"), ("bad-unwrapped", "none")] {
        let dir = fixture("proxy-handler-without-module", case);
        let found = findings(&dir, "proxy-handler-without-module");
        assert_eq!(found.len(), 1, "{case}: {found:?}");
        assert!(
            found[0].message.contains("source code (200"),
            "{}",
            found[0].message
        );
        let tmp = prefix();
        let root = tmp.path();
        std::fs::write(root.join("www/x.php"), "<?php echo 'php ran';\n").expect("x.php");
        let site = std::fs::read_to_string(dir.join("etc/apache2/conf-enabled/php8.2-fpm.conf"))
            .expect("fixture conf");
        let mut head = apache_head(root, "127.0.0.1:0");
        head = head.replace(
            &format!("LoadModule proxy_fcgi_module {MODULES}/mod_proxy_fcgi.so\n"),
            "",
        );
        if loads == "none" {
            head = head.replace(
                &format!("LoadModule proxy_module {MODULES}/mod_proxy.so\n"),
                "",
            );
        }
        let port = free_port();
        let head = head.replace("Listen 127.0.0.1:0", &format!("Listen 127.0.0.1:{port}"));
        let _apache = start_apache(bin, root, &format!("{head}{site}"));
        assert!(wait_listening(port), "{case}: apache2 did not start");
        let (status, text) = get(port, "/x.php");
        assert_eq!(status, 200, "{case}: {text}");
        assert!(text.contains("<?php echo 'php ran';"), "{case}: {text}");
    }
}

/// ProxyPassMatch to a TCP port no pool listens on: 503 and the AH00957/AH01079
/// lines fpmlint quotes (the fixture's port moved to a free loopback one).
#[test]
fn proxy_pass_match_to_a_closed_port_is_503() {
    let Some(bin) = runtime_available() else {
        return;
    };
    let case = fixture("fastcgi-pass-unmatched", "bad-apache-tcp-port");
    let found = findings(&case, "fastcgi-pass-unmatched");
    assert_eq!(found.len(), 1, "{found:?}");
    let lines = quoted(&found[0].message);
    assert_eq!(lines.len(), 2, "{}", found[0].message);
    let dir = prefix();
    let root = dir.path();
    let r = root.display().to_string();
    let closed = free_port().to_string();
    let moved = |t: &str| {
        t.replace("9001", &closed)
            .replace("/var/www/html", &format!("{r}/www"))
    };
    let site = std::fs::read_to_string(case.join("etc/apache2/sites-enabled/000-default.conf"))
        .expect("fixture site");
    // The vhost's directives at server level: one address, no name matching.
    let body: String = site
        .lines()
        .filter(|l| l.trim_start().starts_with("ProxyPassMatch"))
        .map(|l| format!("{}\n", moved(l.trim())))
        .collect();
    let port = free_port();
    let conf = format!("{}{body}", apache_head(root, &format!("127.0.0.1:{port}")));
    let _apache = start_apache(bin, root, &conf);
    assert!(wait_listening(port), "apache2 did not start");
    let (status, text) = get(port, "/x.php");
    assert_eq!(status, 503, "{text}");
    let log = std::fs::read_to_string(root.join("logs/error.log")).unwrap_or_default();
    for line in lines {
        assert!(
            log.contains(&moved(&line)),
            "apache2's error log lacks `{}`:\n{log}",
            moved(&line)
        );
    }
}

/// A pool whose listen.allowed_clients leaves out loopback, reached by Apache on
/// 127.0.0.1: php-fpm drops the connection, Apache answers 503 and logs the lines
/// fpmlint quotes (AH01075 or AH01074, reset or broken pipe: by when the close
/// arrives, both seen).
#[test]
fn pool_dropping_apache_is_503() {
    let Some(bin) = runtime_available() else {
        return;
    };
    let case = fixture("pool-unreachable", "bad-apache-not-allowed");
    let found = findings(&case, "pool-unreachable");
    assert_eq!(found.len(), 1, "{found:?}");
    let lines = quoted(&found[0].message);
    assert_eq!(lines.len(), 4, "{}", found[0].message);
    let dir = prefix();
    let root = dir.path();
    let fpm_port = free_port();
    let _fpm = start_fpm_mode(
        root,
        &format!("127.0.0.1:{fpm_port}"),
        "listen.allowed_clients = 10.0.0.5\n",
    );
    assert!(wait_listening(fpm_port), "php-fpm did not start");
    std::fs::write(root.join("www/x.php"), "<?php echo 'php ran';\n").expect("x.php");
    let site = std::fs::read_to_string(case.join("etc/apache2/conf-enabled/php8.2-fpm.conf"))
        .expect("fixture conf")
        .replace("127.0.0.1:9000", &format!("127.0.0.1:{fpm_port}"));
    let port = free_port();
    let conf = format!("{}{site}", apache_head(root, &format!("127.0.0.1:{port}")));
    let _apache = start_apache(bin, root, &conf);
    assert!(wait_listening(port), "apache2 did not start");
    let (status, text) = get(port, "/x.php");
    assert_eq!(status, 503, "{text}");
    let log = std::fs::read_to_string(root.join("logs/error.log")).unwrap_or_default();
    let either = |a: &str, b: &str| log.contains(a) || log.contains(b);
    assert!(
        either(&lines[0], &lines[1]) && either(&lines[2], &lines[3]),
        "apache2's error log lacks the lines fpmlint quotes ({lines:?}):\n{log}"
    );
}

/// Apache in a compose service handing PHP to a name no service has: Apache
/// starts, answers 500 and logs the AH00898 line fpmlint quotes (the fixture's
/// handler run with a name that cannot resolve, `nosuchhost.invalid`).
#[test]
fn handler_to_a_name_no_service_has_is_500() {
    let Some(bin) = runtime_available() else {
        return;
    };
    let case = fixture("fastcgi-pass-unmatched", "bad-apache-compose-unknown-host");
    let found = findings(&case, "fastcgi-pass-unmatched");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = &found[0].message;
    assert!(message.contains("500 Proxy Error"), "{message}");
    // The log line (the other quoted text is the service's name).
    let lines: Vec<String> = quoted(message)
        .into_iter()
        .filter(|q| q.contains("AH00898"))
        .collect();
    assert_eq!(lines.len(), 1, "{message}");
    let moved = |t: &str| t.replace("app", "nosuchhost.invalid");
    let dir = prefix();
    let root = dir.path();
    std::fs::write(root.join("www/x.php"), "<?php echo 'php ran';\n").expect("x.php");
    let conf = std::fs::read_to_string(case.join("apache/httpd.conf")).expect("fixture conf");
    // The fixture's PHP handler block as it is, the name made unresolvable.
    let block: String = conf
        .lines()
        .skip_while(|l| !l.starts_with("<FilesMatch"))
        .take_while(|l| !l.starts_with("</FilesMatch"))
        .chain(["</FilesMatch>"])
        .map(|l| format!("{}\n", moved(l)))
        .collect();
    assert!(
        block.contains("proxy:fcgi://nosuchhost.invalid:9000"),
        "{block}"
    );
    let port = free_port();
    let conf = format!("{}{block}", apache_head(root, &format!("127.0.0.1:{port}")));
    let _apache = start_apache(bin, root, &conf);
    assert!(wait_listening(port), "apache2 did not start");
    let (status, text) = get(port, "/x.php");
    assert_eq!(status, 500, "{text}");
    assert!(text.starts_with("HTTP/1.1 500 Proxy Error"), "{text}");
    let log = std::fs::read_to_string(root.join("logs/error.log")).unwrap_or_default();
    for line in lines {
        assert!(
            log.contains(&moved(&line)),
            "apache2's error log lacks `{}`:\n{log}",
            moved(&line)
        );
    }
}
