//! The compose cases on the real servers, each program in a "container" of its
//! own: nginx and php-fpm each in their own network and mount namespaces
//! (`unshare --net --mount`, as root), joined by a veth pair as a compose network
//! joins them, nginx resolving the service name `php` through its own
//! /etc/hosts, each with the code bind-mounted where its compose file mounts
//! it. What the real servers answer is what fpmlint says of the compose
//! repository.
//!
//! Needs root, nginx, php-fpm8.2, unshare and ip: else SKIPPED, or a failure
//! under FPMLINT_REQUIRE_SERVERS=1 or FPMLINT_ORACLE=required.

use std::path::Path;
use std::process::{Child, Command, Stdio};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn required() -> bool {
    std::env::var("FPMLINT_REQUIRE_SERVERS").as_deref() == Ok("1")
        || std::env::var("FPMLINT_ORACLE").as_deref() == Ok("required")
}

/// True when the containers can be run here; else SKIPPED (or a failure when
/// the servers are required).
fn containers() -> bool {
    let on_path = |b: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {b}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let tools = ["nginx", "php-fpm8.2", "unshare", "ip"]
        .iter()
        .all(|b| on_path(b));
    let namespaces = root
        && tools
        && Path::new("/srv").is_dir()
        && Command::new("unshare")
            .args(["--net", "--mount", "true"])
            .status()
            .is_ok_and(|s| s.success());
    if namespaces {
        return true;
    }
    let line = "SKIPPED: the container oracle needs root, nginx, php-fpm8.2, ip, /srv and unshare --net --mount";
    if required() {
        panic!("the container oracle is required (FPMLINT_REQUIRE_SERVERS=1 or FPMLINT_ORACLE=required) but cannot run: {line}");
    }
    eprintln!("{line}");
    false
}

/// A process killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Wait (bounded) until `done` holds.
fn wait_for(what: &str, mut done: impl FnMut() -> bool, log: &Path) {
    for _ in 0..400 {
        if done() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!(
        "{what} did not happen; log:\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

/// A container: a shell in new network and mount namespaces that waits for
/// `go`, then sets up its side of the network and its mounts, then runs
/// `program`.
fn container(go: &Path, setup: &str, program: &str, log: &Path) -> Server {
    let script = format!(
        "while [ ! -e {go} ]; do sleep 0.02; done\nset -e\nip link set lo up\n{setup}\nexec {program}\n",
        go = go.display()
    );
    Server(
        Command::new("unshare")
            .args(["--net", "--mount", "sh", "-c", &script])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .expect("start a container"),
    )
}

/// The compose repository the containers stand for: nginx (`web`) mounts
/// `./src` at /srv/www/html, php mounts it at `php_code`; the pool override
/// adds `pool_extra` to the image's [www].
fn repository(php_code: &str, pool_extra: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("compose.yaml"),
        &format!(
            "services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n      - ./src:/srv/www/html\n  php:\n    build: ./php\n    volumes:\n      - ./src:{php_code}\n"
        ),
    );
    write(&r.join("nginx/default.conf"), &site("80"));
    write(
        &r.join("php/Dockerfile"),
        "FROM php:8.3-fpm\nCOPY zz-app.conf /usr/local/etc/php-fpm.d/zz-app.conf\n",
    );
    write(&r.join("php/zz-app.conf"), &format!("[www]\n{pool_extra}"));
    write(&r.join("src/index.php"), "<?php echo 'hi';\n");
    tmp
}

/// nginx's site: the same in the repository and in the nginx container
/// (`listen` aside: the container listens on a unix socket the test reaches).
fn site(listen: &str) -> String {
    format!(
        "server {{\n    listen {listen};\n    root /srv/www/html;\n\n    location ~ \\.php$ {{\n        try_files $uri =404;\n        fastcgi_pass php:9000;\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        include fastcgi_params;\n    }}\n}}\n"
    )
}

struct Outcome {
    response: String,
    nginx_log: String,
    fpm_log: String,
}

/// Run the two containers of `repository(php_code, pool_extra)` and send
/// `GET /index.php` to nginx. `net`: a distinct /24 for this run.
fn run_containers(php_code: &str, pool_extra: &str, net: u8) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let go = d.join("go");
    // The code both containers mount.
    let code = d.join("src");
    write(&code.join("index.php"), "<?php echo 'hi';\n");
    std::fs::set_permissions(&code, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    std::fs::set_permissions(
        code.join("index.php"),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    // The php container: the image's files under a prefix, the override.
    let p = d.join("php");
    for (path, text) in
        fpmlint::deploy::image_files(&fpmlint::deploy::Program::Fpm { layout_a: false })
    {
        let rel = path.strip_prefix("/usr/local/").unwrap();
        write(
            &p.join(rel),
            &text.replace("/usr/local/", &format!("{}/", p.display())),
        );
    }
    write(
        &p.join("etc/php-fpm.d/zz-app.conf"),
        &format!("[www]\n{pool_extra}"),
    );
    // The nginx container.
    let w = d.join("web");
    write(
        &w.join("fastcgi_params"),
        fpmlint::deploy::nginx_package_file("fastcgi_params").unwrap(),
    );
    let sock = w.join("web.sock");
    write(
        &w.join("nginx.conf"),
        &format!(
            "daemon off;\nmaster_process off;\npid {0}/nginx.pid;\nerror_log {0}/error.log;\nevents {{}}\nhttp {{\naccess_log off;\n{1}}}\n",
            w.display(),
            site(&format!("unix:{}", sock.display()))
        ),
    );
    write(
        &w.join("hosts"),
        &format!("127.0.0.1 localhost\n10.{net}.0.3 php\n"),
    );
    let (ifn, ifp) = (format!("flw{net}"), format!("flp{net}"));
    let fpm_log = d.join("fpm.log");
    let fpm = container(
        &go,
        &format!(
            "ip addr add 10.{net}.0.3/24 dev {ifp}\nip link set {ifp} up\nmount -t tmpfs tmpfs /srv\nmkdir -p /srv{php_code}\nmount --bind {code} /srv{php_code}",
            code = code.display(),
            // php_code is under /srv in the repository too: strip it once.
            php_code = php_code.strip_prefix("/srv").unwrap_or(php_code),
        ),
        &format!("php-fpm8.2 -F -p {0} -y {0}/etc/php-fpm.conf", p.display()),
        &fpm_log,
    );
    let nginx_out = d.join("nginx.out");
    let nginx = container(
        &go,
        &format!(
            "ip addr add 10.{net}.0.2/24 dev {ifn}\nip link set {ifn} up\nmount -t tmpfs tmpfs /srv\nmkdir -p /srv/www/html\nmount --bind {code} /srv/www/html\nmount --bind {hosts} /etc/hosts",
            code = code.display(),
            hosts = w.join("hosts").display()
        ),
        &format!(
            "nginx -e stderr -p {0} -c {0}/nginx.conf",
            w.display()
        ),
        &nginx_out,
    );
    // The compose network: a veth pair between the two namespaces, once both
    // live in their own (before that, a link would land in this one).
    let own = |pid: u32, ns: &str| {
        let theirs = std::fs::read_link(format!("/proc/{pid}/ns/{ns}")).ok();
        theirs.is_some() && theirs != std::fs::read_link(format!("/proc/self/ns/{ns}")).ok()
    };
    for (c, log) in [(&fpm, &fpm_log), (&nginx, &nginx_out)] {
        let pid = c.0.id();
        wait_for(
            "the container's namespaces",
            || own(pid, "net") && own(pid, "mnt"),
            log,
        );
    }
    let link = Command::new("ip")
        .args(["link", "add", &ifn, "netns", &nginx.0.id().to_string()])
        .args(["type", "veth", "peer", "name", &ifp, "netns"])
        .arg(fpm.0.id().to_string())
        .output()
        .expect("run ip link add");
    assert!(
        link.status.success(),
        "ip link add: {}",
        String::from_utf8_lossy(&link.stderr)
    );
    write(&go, "");
    wait_for(
        "php-fpm ready",
        || {
            std::fs::read_to_string(&fpm_log)
                .is_ok_and(|l| l.contains("ready to handle connections"))
        },
        &fpm_log,
    );
    // The socket exists once bound, and takes connections once nginx listens.
    let mut conn = None;
    wait_for(
        "nginx listening",
        || {
            conn = std::os::unix::net::UnixStream::connect(&sock).ok();
            conn.is_some()
        },
        &nginx_out,
    );
    let mut response = String::new();
    {
        use std::io::{Read, Write};
        let mut s = conn.expect("connected");
        s.write_all(b"GET /index.php HTTP/1.0\r\nHost: localhost\r\n\r\n")
            .unwrap();
        s.read_to_string(&mut response).unwrap();
    }
    drop(nginx);
    drop(fpm);
    eprintln!(
        "php code at {php_code}, pool {pool_extra:?}: nginx answers {:?}",
        response.lines().next().unwrap_or("")
    );
    Outcome {
        response,
        nginx_log: std::fs::read_to_string(w.join("error.log")).unwrap_or_default(),
        fpm_log: std::fs::read_to_string(&fpm_log).unwrap_or_default(),
    }
}

/// fpmlint on the repository, human output without wrapping and frames.
fn fpmlint(dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_fpmlint"))
        .args(["--format", "human", "."])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run fpmlint");
    let flat = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ");
    (out.status.code().unwrap_or(-1), flat)
}

#[test]
fn a_pool_on_its_containers_loopback_is_a_502_for_nginx() {
    if !containers() {
        return;
    }
    let listen = "listen = 127.0.0.1:9000\n";
    let real = run_containers("/srv/www/html", listen, 201);
    assert!(
        real.response.starts_with("HTTP/1.1 502"),
        "{}\nnginx: {}\nphp-fpm: {}",
        real.response,
        real.nginx_log,
        real.fpm_log
    );
    assert!(
        real.nginx_log
            .contains("connect() failed (111: Connection refused) while connecting to upstream"),
        "{}",
        real.nginx_log
    );
    let repo = repository("/srv/www/html", listen);
    let (code, out) = fpmlint(repo.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "pool [www] listens on 127.0.0.1:9000 (loopback only), but nginx connects to php:9000"
        ),
        "{out}"
    );
    assert!(
        out.contains("compose service `web` (image nginx:1.27)")
            && out.contains("compose service `php` (image php:8.3-fpm)"),
        "{out}"
    );
}

#[test]
fn code_mounted_at_another_path_is_file_not_found_on_the_real_servers() {
    if !containers() {
        return;
    }
    let real = run_containers("/srv/app", "", 202);
    assert!(
        real.response.starts_with("HTTP/1.1 404") && real.response.contains("File not found."),
        "{}\nnginx: {}\nphp-fpm: {}",
        real.response,
        real.nginx_log,
        real.fpm_log
    );
    assert!(
        real.nginx_log.contains(
            "FastCGI sent in stderr: \"Primary script unknown\" while reading response header from upstream"
        ),
        "{}",
        real.nginx_log
    );
    // The same code at the same path: the script runs.
    let same = run_containers("/srv/www/html", "", 203);
    assert!(
        same.response.starts_with("HTTP/1.1 200") && same.response.ends_with("hi"),
        "{}\nnginx: {}\nphp-fpm: {}",
        same.response,
        same.nginx_log,
        same.fpm_log
    );
    let repo = repository("/srv/app", "");
    let (code, out) = fpmlint(repo.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("every PHP request here gets 404 \"File not found.\": nginx sends SCRIPT_FILENAME under /srv/www/html, but compose service `php` mounts the code at /srv/app")
            && out.contains("FastCGI sent in stderr: \"Primary script unknown\" while reading response header from upstream"),
        "{out}"
    );
    assert!(
        out.contains(
            "compose.yaml:6 (volumes:): compose service `web` (nginx) mounts src at /srv/www/html"
        ) && out.contains(
            "compose.yaml:10 (volumes:): compose service `php` (php-fpm) mounts src at /srv/app"
        ),
        "{out}"
    );
    let repo = repository("/srv/www/html", "");
    let (code, out) = fpmlint(repo.path());
    assert_eq!(code, 0, "{out}");
}
