//! The oracle harness: runs the real nginx and php-fpm on a fixture tree.
//!
//! A fixture tree is copied into a temporary prefix, with only what must move
//! rewritten in the copies: absolute paths under /etc, /run, /var/run, /var/log,
//! /tmp and the usual document roots go into the prefix, listen ports become free
//! loopback ports (the same mapping on both sides), users that do not exist here
//! become the test accounts. Then php-fpm and nginx are started in the background,
//! small PHP scripts are written into every document root, HTTP/1.0 requests go to
//! 127.0.0.1, and the status codes and the logs are recorded. [`Stack`] stops both
//! programs (SIGTERM, then SIGKILL to their process groups) and removes the prefix
//! when dropped, also when a test panics.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const NGINX: &str = "nginx";
pub const PHP_FPM: &str = "php-fpm8.2";
pub const SKIP_LINE: &str =
    "SKIPPED: oracle tests need root and nginx + php8.2-fpm (apt-get install -y nginx-light php8.2-fpm)";

/// How long a program gets to start listening or to exit.
const START_WAIT: Duration = Duration::from_secs(5);
/// How long a stopped program gets before SIGKILL.
const STOP_WAIT: Duration = Duration::from_secs(3);

/// Fixture users mapped to the accounts the harness (and .ci/run) creates.
pub const USER_MAP: &[(&str, &str)] = &[("nginx", "fpmlint-web"), ("apache", "fpmlint-php")];

extern "C" {
    fn kill(pid: i32, sig: i32) -> i32;
    fn geteuid() -> u32;
}
const SIGKILL: i32 = 9;
const SIGTERM: i32 = 15;

fn on_path(prog: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(prog).is_file()))
        .unwrap_or(false)
        || ["/usr/sbin", "/usr/bin", "/sbin"]
            .iter()
            .any(|d| Path::new(d).join(prog).is_file())
}

/// True when the oracle can run here. Otherwise prints the one SKIPPED line and
/// returns false, or panics when `FPMLINT_ORACLE=required`.
pub fn available() -> bool {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { geteuid() } == 0;
    if root && on_path(NGINX) && on_path(PHP_FPM) {
        ensure_accounts();
        return true;
    }
    if std::env::var("FPMLINT_ORACLE").as_deref() == Ok("required") {
        panic!("FPMLINT_ORACLE=required but the oracle cannot run: {SKIP_LINE}");
    }
    let _ = writeln!(std::io::stderr(), "{SKIP_LINE}");
    false
}

fn account_exists(db: &str, name: &str) -> bool {
    Command::new("getent")
        .args([db, name])
        .stdout(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// Create the test accounts (and same-name groups) when absent; fpmlint-web is
/// also a member of fpmlint-php (as nginx is of apache in the group-access fixtures).
fn ensure_accounts() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        for (_, real) in USER_MAP {
            if !account_exists("group", real) {
                let _ = Command::new("groupadd").args(["--system", real]).status();
            }
        }
        for (_, real) in USER_MAP {
            if !account_exists("passwd", real) {
                let _ = Command::new("useradd")
                    .args([
                        "--system",
                        "--no-create-home",
                        "--shell",
                        "/usr/sbin/nologin",
                        "--gid",
                        real,
                        real,
                    ])
                    .status();
            }
        }
        let member = Command::new("id")
            .args(["-nG", "fpmlint-web"])
            .output()
            .map(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .split_whitespace()
                    .any(|g| g == "fpmlint-php")
            })
            .unwrap_or(false);
        if !member {
            let _ = Command::new("usermod")
                .args(["-a", "-G", "fpmlint-php", "fpmlint-web"])
                .status();
        }
    });
}

/// A free TCP port on 127.0.0.1 (bind port 0, read it, release it).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0")
}

/// A program started by the harness.
struct Proc {
    name: String,
    child: Child,
    stderr: PathBuf,
}

impl Proc {
    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    fn stop(&mut self) {
        let pid = self.child.id() as i32;
        if !self.alive() {
            // The master is gone: its group may still hold workers.
            // SAFETY: kill(2) on our own process group id.
            unsafe { kill(-pid, SIGKILL) };
            return;
        }
        // SAFETY: the process group was created for this child (process_group(0)).
        unsafe { kill(-pid, SIGTERM) };
        let deadline = Instant::now() + STOP_WAIT;
        while Instant::now() < deadline {
            if !self.alive() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // SAFETY: as above; whatever is left of the group is killed.
        unsafe { kill(-pid, SIGKILL) };
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a program did when started.
#[derive(Clone, Debug)]
pub struct Start {
    /// "nginx" or "php-fpm (<config>)".
    pub name: String,
    /// Still running after it listened (or after the wait).
    pub running: bool,
    /// Exit code when it refused to start.
    pub exit: Option<i32>,
    /// Its standard error, paths and ports mapped back.
    pub output: String,
}

/// A response.
#[derive(Clone, Debug)]
pub struct Response {
    /// 0 when no status line came back.
    pub status: u16,
    pub head: String,
    pub body: String,
    pub elapsed: Duration,
}

/// One fixture, materialised and started.
pub struct Stack {
    pub fixture: PathBuf,
    pub prefix: PathBuf,
    procs: Vec<Proc>,
    pub nginx: Option<Start>,
    pub fpm: Vec<Start>,
    /// Fixture port -> loopback port.
    pub ports: BTreeMap<u16, u16>,
    /// The loopback port nginx listens on first (mapped).
    pub http_port: Option<u16>,
    /// The first server_name nginx names (the Host header when a test gives none).
    pub host: String,
    nginx_logs: Vec<PathBuf>,
    fpm_logs: Vec<PathBuf>,
    /// Every response, for the transcript.
    pub responses: Vec<(String, Response)>,
    tmp: Option<tempfile::TempDir>,
}

impl Drop for Stack {
    fn drop(&mut self) {
        for p in self.procs.iter_mut().rev() {
            p.stop();
        }
        if let Some(t) = self.tmp.take() {
            let _ = t.close();
        }
    }
}

/// Path prefixes moved into the prefix: (fixture-side, prefix-relative).
/// Longest first; matched only at the start of a path token.
const MOVES: &[(&str, &str)] = &[
    ("/usr/share/nginx/html", "www/usr-share-nginx-html"),
    ("/var/run/", "run/"),
    ("/var/log/", "log/"),
    ("/var/www", "www/var-www"),
    ("/run/", "run/"),
    ("/tmp/", "tmp/"),
    ("/srv", "www/srv"),
];

fn is_path_boundary(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c.is_whitespace() || "\"'=:(,".contains(c),
    }
}

/// The rewriting of one materialised tree.
struct Rewriter {
    prefix: String,
    /// (fixture-side absolute prefix, materialised absolute prefix), longest first.
    moves: Vec<(String, String)>,
    ports: BTreeMap<u16, u16>,
    v6: bool,
    /// Host names nginx would resolve at load time (DNS leaves loopback).
    outside: Vec<String>,
}

impl Rewriter {
    fn new(prefix: &Path, mounts: Vec<(String, String)>) -> Rewriter {
        let prefix = prefix.to_string_lossy().to_string();
        let mut moves: Vec<(String, String)> = mounts;
        for (from, to) in MOVES {
            moves.push((from.to_string(), format!("{prefix}/{to}")));
        }
        moves.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
        let v6 = TcpListener::bind("[::1]:0").is_ok();
        Rewriter {
            prefix,
            moves,
            ports: BTreeMap::new(),
            v6,
            outside: Vec::new(),
        }
    }

    fn port(&mut self, p: u16) -> u16 {
        if let Some(q) = self.ports.get(&p) {
            return *q;
        }
        let used: Vec<u16> = self.ports.values().copied().collect();
        let mut q = free_port();
        while used.contains(&q) {
            q = free_port();
        }
        self.ports.insert(p, q);
        q
    }

    /// Move the absolute paths of one file's text (a single left-to-right pass,
    /// so the prefix itself, which may live under /tmp, is never moved twice).
    fn paths(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 64);
        let mut prev: Option<char> = None;
        let mut i = 0;
        'outer: while i < text.len() {
            if is_path_boundary(prev) {
                for (from, to) in &self.moves {
                    if text[i..].starts_with(from.as_str()) {
                        let end = i + from.len();
                        let next = text[end..].chars().next();
                        let whole = from.ends_with('/')
                            || next.is_none_or(|c| {
                                c == '/'
                                    || !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
                            });
                        if whole {
                            out.push_str(to);
                            prev = from.chars().last();
                            i = end;
                            continue 'outer;
                        }
                    }
                }
            }
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            prev = Some(c);
            i += c.len_utf8();
        }
        out
    }

    /// `host:port` (or a bare port) with the port mapped; `None` when it is no address.
    fn addr(&mut self, a: &str, listen: bool) -> Option<String> {
        if a.starts_with("unix:") || a.contains('$') || a.starts_with('/') {
            return None;
        }
        if let Ok(p) = a.parse::<u16>() {
            let q = self.port(p);
            return Some(if listen {
                format!("127.0.0.1:{q}")
            } else {
                q.to_string()
            });
        }
        let (scheme, rest) = match a.find("://") {
            Some(k) => (&a[..k + 3], &a[k + 3..]),
            None => ("", a),
        };
        let (hostport, path) = match rest.find('/') {
            Some(k) => (&rest[..k], &rest[k..]),
            None => (rest, ""),
        };
        let colon = hostport.rfind(':')?;
        let (host, port) = (&hostport[..colon], &hostport[colon + 1..]);
        let p: u16 = port.parse().ok()?;
        let q = self.port(p);
        let bare = host.trim_matches(['[', ']']);
        if !listen && bare.parse::<std::net::IpAddr>().is_err() && bare != "localhost" {
            self.outside.push(bare.to_string());
        }
        let host = if listen {
            match host {
                "*" | "0.0.0.0" => "127.0.0.1",
                "[::]" if self.v6 => "[::1]",
                h => h,
            }
        } else {
            host
        };
        Some(format!("{scheme}{host}:{q}{path}"))
    }

    /// nginx: listen / fastcgi_pass / upstream server / proxy_pass ports, `user`.
    fn nginx(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            out.push_str(&self.nginx_line(line));
        }
        out
    }

    fn nginx_line(&mut self, line: &str) -> String {
        if line.trim_start().starts_with('#') {
            return line.to_string();
        }
        let mut out = String::new();
        let mut rest = line;
        // Directive starts: start of line, or after `;`, `{`, `}`.
        loop {
            let lead = rest.len() - rest.trim_start().len();
            out.push_str(&rest[..lead]);
            rest = &rest[lead..];
            let end = rest
                .find([';', '{', '}'])
                .map(|k| k + 1)
                .unwrap_or(rest.len());
            let stmt = &rest[..end];
            out.push_str(&self.nginx_stmt(stmt));
            rest = &rest[end..];
            if rest.is_empty() {
                break;
            }
        }
        out
    }

    fn nginx_stmt(&mut self, stmt: &str) -> String {
        let words: Vec<&str> = stmt
            .trim_end_matches([';', '{', '}'])
            .split_whitespace()
            .collect();
        let Some(&name) = words.first() else {
            return stmt.to_string();
        };
        let arg = words.get(1).copied().unwrap_or("");
        let new = match name {
            "listen" => {
                if arg.starts_with("[::]") && !self.v6 {
                    return format!("# (no IPv6 loopback here) {stmt}");
                }
                self.addr(arg, true)
            }
            "fastcgi_pass" | "proxy_pass" | "server" if words.len() > 1 => self.addr(arg, false),
            // `user nginx;` means group nginx too: the mapped account has its
            // same-name group, so the shape holds.
            "user" => USER_MAP
                .iter()
                .find(|(f, _)| *f == arg)
                .map(|(_, r)| r.to_string()),
            _ => None,
        };
        let mut s = match new {
            Some(n) => replace_word(stmt, arg, &n),
            None => stmt.to_string(),
        };
        if name == "user" {
            if let Some(g) = words.get(2) {
                if let Some((_, r)) = USER_MAP.iter().find(|(f, _)| f == g) {
                    s = replace_last_word(&s, g, r);
                }
            }
        }
        s
    }

    /// php-fpm: listen ports, users.
    fn fpm(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            out.push_str(&self.fpm_line(line));
        }
        out
    }

    fn fpm_line(&mut self, line: &str) -> String {
        let t = line.trim_start();
        if t.starts_with(';') || t.starts_with('[') {
            return line.to_string();
        }
        let Some(eq) = line.find('=') else {
            return line.to_string();
        };
        let key = line[..eq].trim();
        let value_raw = &line[eq + 1..];
        let value = value_raw.trim().trim_matches('"');
        let newv = match key {
            "listen" | "pm.status_listen" => self.addr(value, false),
            "user" | "group" | "listen.owner" | "listen.group" | "listen.acl_users"
            | "listen.acl_groups" => {
                let mapped: Vec<String> = value
                    .split(',')
                    .map(|n| {
                        USER_MAP
                            .iter()
                            .find(|(f, _)| *f == n)
                            .map(|(_, r)| r.to_string())
                            .unwrap_or_else(|| n.to_string())
                    })
                    .collect();
                let j = mapped.join(",");
                (j != value).then_some(j)
            }
            _ => None,
        };
        match newv {
            Some(v) if !value.is_empty() => {
                format!("{}={}", &line[..eq], value_raw.replacen(value, &v, 1))
            }
            _ => line.to_string(),
        }
    }
}

fn replace_word(stmt: &str, old: &str, new: &str) -> String {
    match stmt.find(old) {
        Some(k) => format!("{}{}{}", &stmt[..k], new, &stmt[k + old.len()..]),
        None => stmt.to_string(),
    }
}

fn replace_last_word(stmt: &str, old: &str, new: &str) -> String {
    match stmt.rfind(old) {
        Some(k) => format!("{}{}{}", &stmt[..k], new, &stmt[k + old.len()..]),
        None => stmt.to_string(),
    }
}

/// Directive arguments (first word after `name`) anywhere in nginx text.
fn nginx_args<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let mut v = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        for stmt in line.split([';', '{', '}']) {
            let mut w = stmt.split_whitespace();
            if w.next() == Some(name) {
                if let Some(a) = w.next() {
                    v.push(a.trim_matches(['"', '\'']));
                }
            }
        }
    }
    v
}

fn has_directive(text: &str, name: &str) -> bool {
    text.lines().any(|l| {
        let l = l.split('#').next().unwrap_or("");
        l.split([';', '{', '}'])
            .any(|s| s.split_whitespace().next() == Some(name))
    })
}

fn fpm_values(text: &str, key: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with(';'))
        .filter_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
        })
        .collect()
}

fn mkdir(p: &Path) {
    let _ = std::fs::create_dir_all(p);
    let mut cur = Some(p);
    while let Some(d) = cur {
        if !d.exists() {
            break;
        }
        let _ = std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755));
        cur = d.parent();
        if cur.is_some_and(|c| c.as_os_str().len() <= 5) {
            break;
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    mkdir(to);
    for e in walkdir::WalkDir::new(from).min_depth(1).sort_by_file_name() {
        let e = e.expect("read fixture");
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            mkdir(&dest);
        } else if e.file_type().is_symlink() {
            let target = std::fs::read_link(e.path()).unwrap();
            let _ = std::os::unix::fs::symlink(target, &dest);
        } else {
            std::fs::copy(e.path(), &dest).expect("copy fixture file");
            let _ = std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o644));
        }
    }
}

/// The PHP scripts (and two static files) written into every document root.
pub const SCRIPTS: &[(&str, &str)] = &[
    ("oracle.php", "<?php\necho \"fpmlint-oracle-ok\\n\";\n"),
    ("index.php", "<?php\necho \"fpmlint-oracle-ok\\n\";\n"),
    (
        "pool.php",
        "<?php\necho \"pool=\" . getenv('FPMLINT_POOL') . \"\\n\";\n",
    ),
    (
        "sleep.php",
        "<?php\n$s = (int)($_GET['s'] ?? 1);\nsleep($s);\necho \"slept $s\\n\";\n",
    ),
    (
        "burn.php",
        "<?php\n$s = (float)($_GET['s'] ?? 1);\n$end = microtime(true) + $s;\n$n = 0;\nwhile (microtime(true) < $end) { $n++; }\necho \"burnt $s\\n\";\n",
    ),
    // Response headers of three applications (rules/undersized-buffer.md):
    // /app.php?app=laravel|wordpress|nextcloud.
    ("app.php", "<?php\n// Response headers as three applications build them (names, cookie formats and\n// value lengths of their source): ?app=laravel|wordpress|nextcloud.\n$exp = 'Tue, 01 Dec 2026 16:00:00 GMT';\n// Random-looking values of the real lengths, the same on every run.\nmt_srand(20261201);\n$rb = function ($n) {\n    $s = '';\n    for ($i = 0; $i < $n; $i++) { $s .= chr(mt_rand(0, 255)); }\n    return $s;\n};\n$enc = function () {\n    global $rb;\n    return rawurlencode(base64_encode(json_encode(['iv' => base64_encode($rb(16)), 'value' => base64_encode($rb(96)), 'mac' => bin2hex($rb(32)), 'tag' => ''], JSON_UNESCAPED_SLASHES)));\n};\n$h = bin2hex($rb(16));\n$wp = 'admin%7C1764772800%7C' . substr(strtr(base64_encode($rb(33)), '+/', 'AB'), 0, 43) . '%7C' . bin2hex($rb(32));\n$csp = \"default-src 'none';base-uri 'none';manifest-src 'self';script-src 'nonce-\" . base64_encode($rb(32)) . \"';style-src 'self' 'unsafe-inline';img-src 'self' data: blob:;font-src 'self' data:;connect-src 'self';media-src 'self';frame-src 'self';frame-ancestors 'self';form-action 'self'\";\n$sets = [\n    'laravel' => ['Cache-Control: no-cache, private', 'Content-Type: text/html; charset=UTF-8',\n        'Set-Cookie: XSRF-TOKEN=' . $enc() . \"; expires=$exp; Max-Age=7200; path=/; samesite=lax\",\n        'Set-Cookie: laravel_session=' . $enc() . \"; expires=$exp; Max-Age=7200; path=/; httponly; samesite=lax\"],\n    'wordpress' => ['Expires: Wed, 11 Jan 1984 05:00:00 GMT', 'Cache-Control: no-cache, must-revalidate, max-age=0, no-store, private',\n        'Content-Type: text/html; charset=UTF-8', 'Set-Cookie: wordpress_test_cookie=WP%20Cookie%20check; path=/; secure',\n        'X-Frame-Options: SAMEORIGIN', 'Referrer-Policy: strict-origin-when-cross-origin',\n        \"Set-Cookie: wordpress_sec_$h=$wp; path=/wp-content/plugins; secure; HttpOnly\",\n        \"Set-Cookie: wordpress_sec_$h=$wp; path=/wp-admin; secure; HttpOnly\",\n        \"Set-Cookie: wordpress_logged_in_$h=$wp; path=/; secure; HttpOnly\",\n        'Location: https://blog.example.com/wp-admin/'],\n    'nextcloud' => ['Expires: Thu, 19 Nov 1981 08:52:00 GMT', 'Cache-Control: no-cache, no-store, must-revalidate', 'Pragma: no-cache',\n        'Set-Cookie: oc8f3k2j1h4g5=' . str_repeat('q', 26) . '; path=/; secure; HttpOnly; SameSite=Lax',\n        'Set-Cookie: oc_sessionPassphrase=' . rawurlencode(base64_encode($rb(96))) . '; path=/; secure; HttpOnly; SameSite=Lax',\n        'Set-Cookie: __Host-nc_sameSiteCookielax=true; path=/; httponly;secure; expires=Fri, 31-Dec-2100 23:59:59 GMT; SameSite=lax',\n        'Set-Cookie: __Host-nc_sameSiteCookiestrict=true; path=/; httponly;secure; expires=Fri, 31-Dec-2100 23:59:59 GMT; SameSite=strict',\n        \"Content-Security-Policy: $csp\",\n        \"Feature-Policy: autoplay 'none';camera 'none';fullscreen 'none';geolocation 'none';microphone 'none';payment 'none'\",\n        'X-Robots-Tag: noindex, nofollow', 'Referrer-Policy: no-referrer', 'X-Content-Type-Options: nosniff', 'X-Frame-Options: SAMEORIGIN',\n        'X-Permitted-Cross-Domain-Policies: none', 'X-XSS-Protection: 1; mode=block', 'Content-Type: text/html; charset=UTF-8'],\n];\n$app = $_GET['app'] ?? 'laravel';\n$n = 0;\nforeach ($sets[$app] as $l) { header($l, false); $n += strlen($l) + 2; }\necho \"app $app $n\\n\";\n"),
    // Static files, for locations that must not hand them to PHP.
    ("style.css", "body { color: #333; }\n"),
    ("page.html", "<p>fpmlint-static-page</p>\n"),
    (
        "pathinfo.php",
        "<?php\necho \"path_info=\" . ($_SERVER['PATH_INFO'] ?? '') . \"\\n\";\n",
    ),
    (
        "headers.php",
        "<?php\n$kb = (int)($_GET['kb'] ?? 1);\nfor ($i = 0; $i < $kb; $i++) { header(\"X-Fill-$i: \" . str_repeat('a', 1000)); }\necho \"headers $kb\\n\";\n",
    ),
];

/// nginx files a Debian tree takes from the package when the fixture leaves them out.
const NGINX_STOCK: &[&str] = &[
    "fastcgi_params",
    "fastcgi.conf",
    "mime.types",
    "snippets/fastcgi-php.conf",
];

/// A file's text; "" for anything but a regular file (a log named /proc/self/fd/2
/// or /dev/stderr is the program's standard error, captured elsewhere: reading it
/// here would read this process's own).
fn read(p: &Path) -> String {
    if !std::fs::metadata(p).is_ok_and(|m| m.is_file())
        || p.starts_with("/proc")
        || p.starts_with("/dev")
    {
        return String::new();
    }
    std::fs::read(p)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

impl Stack {
    /// Materialise `fixture` and start php-fpm and nginx on it. A program that
    /// refuses to start is a result ([`Start::running`] false), not an error.
    pub fn start(fixture: &Path) -> Stack {
        Stack::start_with(fixture, &[])
    }

    /// [`Stack::start`] with extra files laid over the copy (fixture-relative path,
    /// text): the other program for a fixture that holds only one of them. fpmlint
    /// is never run on the overlay, only the servers.
    pub fn start_with(fixture: &Path, overlay: &[(&str, &str)]) -> Stack {
        let tmp = tempfile::Builder::new()
            .prefix("fpmlint-oracle-")
            .tempdir()
            .expect("temporary prefix");
        let prefix = tmp.path().to_path_buf();
        mkdir(&prefix);
        let root = prefix.join("root");
        copy_tree(fixture, &root);
        for (rel, text) in overlay {
            let f = root.join(rel);
            mkdir(f.parent().unwrap());
            std::fs::write(&f, text).expect("overlay");
            let _ = std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644));
        }

        // Entry points and mounts as fpmlint's discovery sees the copy.
        let plan = fpmlint::discover::discover(std::slice::from_ref(&root), &Default::default());
        let root_abs = std::fs::canonicalize(&root).unwrap_or(root.clone());
        let to_root = |disk: &Path| -> Option<PathBuf> {
            let d = std::fs::canonicalize(disk).unwrap_or(disk.to_path_buf());
            d.strip_prefix(&root_abs).ok().map(|r| root.join(r))
        };
        let mut mounts: Vec<(String, String)> = Vec::new();
        let sysroot = root.join("etc").is_dir();
        let mut add_mounts = |roots: &fpmlint::paths::RootMap| {
            for (from, to) in &roots.mounts {
                let f = from.to_string_lossy().to_string();
                if f.contains('*') {
                    continue;
                }
                if let Some(t) = to_root(to) {
                    let pair = (
                        format!("{}/", f.trim_end_matches('/')),
                        format!("{}/", t.to_string_lossy().trim_end_matches('/')),
                    );
                    if !mounts.contains(&pair) {
                        mounts.push(pair);
                    }
                }
            }
        };
        for e in &plan.nginx {
            add_mounts(&e.ctx.roots);
        }
        for e in &plan.fpm {
            add_mounts(&e.ctx.roots);
        }
        if sysroot {
            for top in ["etc", "usr/local/etc"] {
                if root.join(top).is_dir() {
                    mounts.push((
                        format!("/{top}/"),
                        format!("{}/", root.join(top).to_string_lossy()),
                    ));
                }
            }
        }
        let nginx_main = plan.nginx.first().and_then(|e| to_root(&e.path));
        let fpm_mains: Vec<(PathBuf, Option<PathBuf>)> = plan
            .fpm
            .iter()
            .filter_map(|e| {
                Some((
                    to_root(&e.path)?,
                    e.ctx.php_ini.as_ref().and_then(|p| to_root(p)),
                ))
            })
            .collect();

        if let Some(main) = &nginx_main {
            let dir = main.parent().unwrap();
            for f in NGINX_STOCK {
                let stock = Path::new("/etc/nginx").join(f);
                if !dir.join(f).exists() && stock.is_file() {
                    mkdir(dir.join(f).parent().unwrap());
                    let _ = std::fs::copy(&stock, dir.join(f));
                }
            }
        }

        // Rewrite every file of the copy, as nginx text or php-fpm text.
        let mut rw = Rewriter::new(&prefix, mounts);
        let mut nginx_text = String::new();
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        files.sort();
        for f in &files {
            let rel = f.strip_prefix(&root).unwrap().to_string_lossy().to_string();
            let text = read(f);
            let is_fpm = rel.contains("php")
                && (rel.ends_with(".conf") || rel.contains("fpm"))
                && !rel.contains("nginx")
                || rel.ends_with("php-fpm.conf");
            if rel.ends_with(".php") {
                continue;
            }
            let is_ini = rel.ends_with(".ini");
            let moved = rw.paths(&text);
            let new = if is_ini || rel.ends_with("group") || rel.ends_with("passwd") {
                text.clone()
            } else if is_fpm {
                rw.fpm(&moved)
            } else {
                let n = rw.nginx(&moved);
                nginx_text.push_str(&n);
                nginx_text.push('\n');
                n
            };
            if new != text {
                std::fs::write(f, new).expect("rewrite");
            }
        }

        // Directories the rewritten paths need: socket, log and pid parents,
        // document roots.
        let all_text: String = files.iter().map(|f| read(f)).collect::<Vec<_>>().join("\n");
        for sub in ["run", "log", "tmp", "www", "logs", "html", "ngx-temp"] {
            mkdir(&prefix.join(sub));
        }
        let pfx = prefix.to_string_lossy().to_string();
        let mut k = 0;
        while let Some(off) = all_text[k..].find(pfx.as_str()) {
            let s = k + off;
            let e = all_text[s..]
                .find(|c: char| c.is_whitespace() || "\";',)".contains(c))
                .map(|x| s + x)
                .unwrap_or(all_text.len());
            let p = PathBuf::from(all_text[s..e].trim_end_matches(':'));
            if !p.starts_with(prefix.join("root")) {
                if p.starts_with(prefix.join("www")) {
                    mkdir(&p);
                } else if let Some(parent) = p.parent() {
                    mkdir(parent);
                }
            }
            k = e.max(s + 1);
        }

        // Document roots: every `root` nginx names (relative ones against the prefix),
        // plus nginx's default `html`. When the configuration names a root, `html`
        // holds what the package puts there (a welcome page, no script), so a
        // location that falls back to it finds none of the site's files.
        let html = prefix.join("html");
        let mut doc_roots: Vec<PathBuf> = vec![html.clone()];
        for r in nginx_args(&nginx_text, "root") {
            if r.contains('$') {
                continue;
            }
            let p = if r.starts_with('/') {
                PathBuf::from(r)
            } else {
                prefix.join(r)
            };
            if p.starts_with(&prefix) && !doc_roots.contains(&p) {
                doc_roots.push(p);
            }
        }
        let names_a_root = doc_roots.len() > 1;
        for d in &doc_roots {
            mkdir(d);
            if *d == html && names_a_root {
                let f = d.join("index.html");
                std::fs::write(&f, "<h1>Welcome to nginx!</h1>\n").expect("write welcome page");
                let _ = std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644));
                continue;
            }
            for (name, body) in SCRIPTS {
                let f = d.join(name);
                if !f.exists() {
                    std::fs::write(&f, body).expect("write script");
                    let _ = std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644));
                }
            }
        }

        let mut stack = Stack {
            fixture: fixture.to_path_buf(),
            prefix: prefix.clone(),
            procs: Vec::new(),
            nginx: None,
            fpm: Vec::new(),
            ports: BTreeMap::new(),
            http_port: None,
            host: nginx_args(&nginx_text, "server_name")
                .into_iter()
                .find(|n| *n != "_" && !n.is_empty() && !n.starts_with('~'))
                .unwrap_or("localhost")
                .to_string(),
            nginx_logs: Vec::new(),
            fpm_logs: Vec::new(),
            responses: Vec::new(),
            tmp: Some(tmp),
        };

        // php-fpm: pid and error_log into the prefix when the config has none.
        for (i, (conf, ini)) in fpm_mains.iter().enumerate() {
            let text = read(conf);
            let mut global_add = String::new();
            let errs = fpm_values(&text, "error_log");
            let log = match errs.first() {
                Some(l)
                    if l.starts_with('/') && !l.starts_with("/proc") && !l.starts_with("/dev") =>
                {
                    PathBuf::from(l)
                }
                _ => {
                    let l = prefix.join(format!("php-fpm-{i}.log"));
                    if errs.is_empty() {
                        global_add.push_str(&format!("error_log = {}\n", l.display()));
                    }
                    l
                }
            };
            if fpm_values(&text, "pid").is_empty() {
                global_add.push_str(&format!(
                    "pid = {}\n",
                    prefix.join(format!("php-fpm-{i}.pid")).display()
                ));
            }
            if !global_add.is_empty() {
                let new = match text.find("[global]") {
                    Some(k) => {
                        let eol = text[k..]
                            .find('\n')
                            .map(|x| k + x + 1)
                            .unwrap_or(text.len());
                        format!("{}{}{}", &text[..eol], global_add, &text[eol..])
                    }
                    None => format!("[global]\n{global_add}{text}"),
                };
                std::fs::write(conf, new).expect("rewrite php-fpm.conf");
            }
            stack.fpm_logs.push(log);
            let as_root = all_text.lines().any(|l| {
                let l = l.trim();
                l.split_once('=').is_some_and(|(k, v)| {
                    k.trim() == "user" && v.trim().trim_matches('"') == "root"
                })
            });
            let stderr = prefix.join(format!("php-fpm-{i}.stderr"));
            stack.fpm_logs.push(stderr.clone());
            let mut cmd = Command::new(PHP_FPM);
            cmd.arg("--nodaemonize").arg("--fpm-config").arg(conf);
            match ini {
                Some(ini) => cmd.arg("-c").arg(ini),
                None => cmd.arg("-n"),
            };
            // PHP scans the conf.d beside php.ini (its compiled scan directory on
            // Debian and in the official images): the fixture's, not this host's.
            if let Some(dir) = ini
                .as_ref()
                .and_then(|i| i.parent())
                .map(|d| d.join("conf.d"))
                .filter(|d| d.is_dir())
            {
                cmd.env("PHP_INI_SCAN_DIR", dir);
            }
            if as_root {
                cmd.arg("-R");
            }
            let name = format!(
                "php-fpm ({})",
                conf.strip_prefix(&root).unwrap_or(conf).display()
            );
            let start = stack.spawn(&name, cmd, &stderr, |s| {
                s.fpm_logs
                    .iter()
                    .any(|l| read(l).contains("ready to handle connections"))
            });
            // Debian's php8.2-fpm unit keeps /run/php/php-fpm.sock as a link to the
            // default version's www pool socket (ExecStartPost=php-fpm-socket-helper
            // install /run/php/php-fpm.sock .../pool.d/www.conf 82); started by hand,
            // php-fpm does not, so the harness does what the unit does.
            let debian = conf.parent().is_some_and(|d| d.ends_with("fpm"))
                && conf.to_string_lossy().contains("/etc/php/");
            if start.running && debian {
                let www = conf.parent().unwrap().join("pool.d/www.conf");
                if let Some(l) = fpm_values(&read(&www), "listen").first() {
                    let link = prefix.join("run/php/php-fpm.sock");
                    if l.starts_with('/') && !link.exists() {
                        let _ = std::os::unix::fs::symlink(l, &link);
                    }
                }
            }
            stack.fpm.push(start);
        }

        // nginx, unless it would resolve host names (a container name): that
        // would leave loopback.
        if !rw.outside.is_empty() {
            stack.nginx = Some(Start {
                name: "nginx".into(),
                running: false,
                exit: None,
                output: format!(
                    "not started: the config names hosts outside loopback ({})",
                    rw.outside.join(", ")
                ),
            });
        } else if let Some(main) = nginx_main {
            let mut text = read(&main);
            if !has_directive(&nginx_text, "client_body_temp_path") {
                // nginx's compiled temp paths are outside the prefix: move them in.
                let tmpd = prefix.join("ngx-temp");
                let mut adds = String::new();
                for d in ["client_body", "fastcgi", "proxy", "uwsgi", "scgi"] {
                    if !has_directive(&nginx_text, &format!("{d}_temp_path")) {
                        adds.push_str(&format!(" {d}_temp_path {}/{d};", tmpd.display()));
                    }
                }
                if let Some(k) = find_http_block(&text) {
                    text.insert_str(k, &adds);
                    std::fs::write(&main, &text).expect("rewrite nginx.conf");
                }
            }
            let mut g = String::new();
            if !has_directive(&text, "daemon") {
                g.push_str("daemon off;");
            }
            if !has_directive(&text, "pid") {
                g.push_str(&format!(" pid {};", prefix.join("nginx.pid").display()));
            }
            let elog = prefix.join("nginx-error.log");
            stack.nginx_logs.push(elog.clone());
            for l in nginx_args(&nginx_text, "error_log") {
                let p = PathBuf::from(l);
                if p.is_absolute() && !stack.nginx_logs.contains(&p) {
                    stack.nginx_logs.push(p);
                }
            }
            let stderr = prefix.join("nginx.stderr");
            stack.http_port = nginx_args(&nginx_text, "listen")
                .iter()
                .find_map(|a| a.strip_prefix("127.0.0.1:").and_then(|p| p.parse().ok()));
            let mut cmd = Command::new(NGINX);
            cmd.arg("-p")
                .arg(format!("{}/", prefix.display()))
                .arg("-e")
                .arg(&elog)
                .arg("-c")
                .arg(&main);
            if !g.is_empty() {
                cmd.arg("-g").arg(g.trim());
            }
            let port = stack.http_port;
            // Listening means the pid file is written (after every bind succeeded):
            // the port alone may be held by someone else (a pool on nginx's port).
            let pidfile = nginx_args(&text, "pid")
                .first()
                .map(PathBuf::from)
                .unwrap_or(prefix.join("nginx.pid"));
            let start = stack.spawn("nginx", cmd, &stderr, move |_| {
                pidfile.is_file()
                    && port.is_some_and(|p| {
                        TcpStream::connect_timeout(
                            &SocketAddr::from(([127, 0, 0, 1], p)),
                            Duration::from_millis(200),
                        )
                        .is_ok()
                    })
            });
            stack.nginx = Some(start);
        }
        stack.ports = rw.ports.clone();
        // Outputs were read before the port map was known to the stack: map again.
        if let Some(n) = stack.nginx.as_mut() {
            n.output = unmap(&n.output, &prefix, &rw.ports);
        }
        for f in &mut stack.fpm {
            f.output = unmap(&f.output, &prefix, &rw.ports);
        }
        stack
    }

    fn spawn(
        &mut self,
        name: &str,
        mut cmd: Command,
        stderr: &Path,
        ready: impl Fn(&Stack) -> bool,
    ) -> Start {
        let err = std::fs::File::create(stderr).expect("stderr file");
        cmd.stdin(Stdio::null())
            .stdout(err.try_clone().unwrap())
            .stderr(err)
            .process_group(0);
        let child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => {
                return Start {
                    name: name.into(),
                    running: false,
                    exit: None,
                    output: format!("cannot run: {e}"),
                }
            }
        };
        self.procs.push(Proc {
            name: name.into(),
            child,
            stderr: stderr.to_path_buf(),
        });
        let idx = self.procs.len() - 1;
        let deadline = Instant::now() + START_WAIT;
        let mut exit = None;
        loop {
            if let Ok(Some(st)) = self.procs[idx].child.try_wait() {
                exit = Some(st.code().unwrap_or(-1));
                break;
            }
            if ready(self) || Instant::now() >= deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        // A refusal may come just after "ready" (a second pool failing to bind).
        if exit.is_none() {
            std::thread::sleep(Duration::from_millis(150));
            if let Ok(Some(st)) = self.procs[idx].child.try_wait() {
                exit = Some(st.code().unwrap_or(-1));
            }
        }
        Start {
            name: name.into(),
            running: exit.is_none(),
            exit,
            output: read(stderr),
        }
    }

    /// Send `GET path` with HTTP/1.0 to nginx on 127.0.0.1 (`host` for the Host
    /// header); `read_timeout` bounds the wait for the answer.
    pub fn get(&mut self, host: &str, path: &str, read_timeout: Duration) -> Response {
        let port = self.http_port.expect("nginx listens on no 127.0.0.1 port");
        self.get_port(port, host, path, read_timeout)
    }

    /// [`Stack::get`] on the port the fixture calls `fixture_port`.
    pub fn get_on(
        &mut self,
        fixture_port: u16,
        host: &str,
        path: &str,
        read_timeout: Duration,
    ) -> Response {
        let port = *self
            .ports
            .get(&fixture_port)
            .unwrap_or_else(|| panic!("the fixture listens on no port {fixture_port}"));
        self.get_port(port, host, path, read_timeout)
    }

    fn get_port(&mut self, port: u16, host: &str, path: &str, read_timeout: Duration) -> Response {
        let host = if host.is_empty() {
            self.host.clone()
        } else {
            host.to_string()
        };
        let t0 = Instant::now();
        let mut resp = Response {
            status: 0,
            head: String::new(),
            body: String::new(),
            elapsed: Duration::ZERO,
        };
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        if let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
            let _ = s.set_read_timeout(Some(read_timeout));
            let _ = s.set_write_timeout(Some(Duration::from_secs(2)));
            let req = format!(
                "GET {path} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: fpmlint-oracle\r\n\r\n"
            );
            let _ = s.write_all(req.as_bytes());
            let mut buf = Vec::new();
            let _ = s.take(1 << 20).read_to_end(&mut buf);
            let text = String::from_utf8_lossy(&buf).into_owned();
            let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
            resp.status = head
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            resp.head = head.to_string();
            resp.body = body.to_string();
        }
        resp.elapsed = t0.elapsed();
        // Let the servers write their log lines.
        std::thread::sleep(Duration::from_millis(100));
        self.responses.push((path.to_string(), resp.clone()));
        resp
    }

    /// Everything nginx logged (error logs, -e log, stderr), paths and ports mapped
    /// back to what the fixture says.
    pub fn nginx_log(&self) -> String {
        let mut s: String = self.nginx_logs.iter().map(|l| read(l)).collect();
        if let Some(n) = &self.nginx {
            s.push_str(&n.output);
        }
        unmap(&s, &self.prefix, &self.ports)
    }

    /// Everything php-fpm logged, mapped back likewise.
    pub fn fpm_log(&self) -> String {
        let s: String = self.fpm_logs.iter().map(|l| read(l)).collect();
        unmap(&s, &self.prefix, &self.ports)
    }

    /// What the oracle observed, as one text: statuses, exits, both logs.
    pub fn transcript(&self) -> String {
        let mut t = String::new();
        for f in &self.fpm {
            t.push_str(&format!(
                "{}: {}\n",
                f.name,
                if f.running {
                    "running".to_string()
                } else {
                    format!("refused to start, exit status {}", f.exit.unwrap_or(-1))
                }
            ));
        }
        if let Some(n) = &self.nginx {
            t.push_str(&format!(
                "nginx: {}\n",
                if n.running {
                    "running".to_string()
                } else {
                    format!("refused to start, exit status {}", n.exit.unwrap_or(-1))
                }
            ));
        }
        for (p, r) in &self.responses {
            t.push_str(&format!(
                "GET {p}: status {} in {:.1}s, body {:?}\n",
                r.status,
                r.elapsed.as_secs_f32(),
                r.body.chars().take(80).collect::<String>()
            ));
        }
        t.push_str("--- nginx log\n");
        t.push_str(&self.nginx_log());
        t.push_str("--- php-fpm log\n");
        t.push_str(&self.fpm_log());
        t
    }
}

/// Position just after `http {` in the main nginx.conf.
fn find_http_block(text: &str) -> Option<usize> {
    let mut k = 0;
    while let Some(off) = text[k..].find("http") {
        let s = k + off;
        let before = text[..s].chars().last();
        let after = text[s + 4..].trim_start();
        if before.is_none_or(|c| c.is_whitespace() || c == ';' || c == '}')
            && after.starts_with('{')
        {
            let brace = text[s..].find('{').unwrap() + s;
            return Some(brace + 1);
        }
        k = s + 4;
    }
    None
}

/// Paths in the prefix and mapped ports, back to what the fixture says.
fn unmap(s: &str, prefix: &Path, ports: &BTreeMap<u16, u16>) -> String {
    let pfx = prefix.to_string_lossy().to_string();
    let mut out = s.to_string();
    out = out.replace(&format!("{pfx}/root/"), "/");
    for (from, to) in MOVES {
        let to = format!("{pfx}/{to}");
        let from = if to.ends_with('/') {
            from.to_string()
        } else {
            from.trim_end_matches('/').to_string()
        };
        if *from != *"/var/run/" {
            out = out.replace(&to, &from);
        }
    }
    out = out.replace(&pfx, "PREFIX");
    // Ports: whole numbers only.
    let mut res = String::with_capacity(out.len());
    let b = out.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let j = (i..b.len())
                .find(|&j| !b[j].is_ascii_digit())
                .unwrap_or(b.len());
            let num = &out[i..j];
            let orig = num.parse::<u16>().ok().and_then(|n| {
                ports
                    .iter()
                    .find(|(_, q)| **q == n)
                    .map(|(p, _)| p.to_string())
            });
            res.push_str(orig.as_deref().unwrap_or(num));
            i = j;
        } else {
            let c = out[i..].chars().next().unwrap();
            res.push(c);
            i += c.len_utf8();
        }
    }
    res
}

/// The `Observed with ...` lines of a rule doc: (the line, the backticked fragments
/// after `log:`). The convention, one line in "Why it breaks":
/// `Observed with nginx 1.22 and php-fpm 8.2: <what happened, with status NNN when a
/// request was answered>; log: `<fragment>`[, `<fragment>`]`.
pub const OBSERVED: &str = "Observed with nginx 1.22 and php-fpm 8.2:";

pub fn doc_observations(doc: &str) -> Vec<(String, Vec<String>)> {
    doc.lines()
        .filter(|l| l.trim_start().starts_with(OBSERVED))
        .map(|l| {
            // Free text first (it may quote config in backticks); the fragments
            // checked are the backticked ones after "log:".
            let logged = l.find("log:").map(|k| &l[k + 4..]).unwrap_or("");
            let frags = logged
                .split('`')
                .enumerate()
                .filter(|(i, _)| i % 2 == 1)
                .map(|(_, f)| f.to_string())
                .collect();
            (l.trim().to_string(), frags)
        })
        .collect()
}
