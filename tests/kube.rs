//! Kubernetes manifests: the containers of a pod share one loopback and the
//! volumes they both mount; a Service name reaches the pods its selector
//! matches, on its targetPort; a ConfigMap's keys are linted in the container
//! that mounts them, with the manifest's lines. Fixtures in
//! tests/fixtures/kube-*/, snapshots in snapshots/cli/.

use std::path::Path;

mod common;
use common::{write, Run};

fn fixture(case: &str, args: &[&str]) -> Run {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut all = args.to_vec();
    let path = case.to_string();
    all.push(&path);
    common::fpmlint(&dir, &all)
}

fn snap(name: &str, run: &Run) {
    let s = format!(
        "exit status: {}\n----- stdout -----\n{}",
        run.code, run.stdout
    );
    insta::with_settings!({
        snapshot_path => "../snapshots/cli",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        filters => vec![(r"\(\d+(\.\d+)? ms\)", "([TIME])")],
    }, {
        insta::assert_snapshot!(name, s);
    });
}

#[test]
fn a_pods_containers_share_loopback_and_emptydir() {
    // nginx passes to 127.0.0.1:9000 (php-fpm in the same pod), to a socket in
    // an emptyDir both containers mount, and to Service api:80 whose targetPort
    // is the container port named fpm, 9000: each reaches a pool, so the
    // repository lints clean.
    let run = fixture("kube-pod", &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("k8s/deployment.yaml Deployment web container nginx: 1 nginx tree")
            && run.stdout.contains(
                "k8s/deployment.yaml Deployment web container php: 0 nginx trees, 2 php-fpm pools"
            )
            && run.stdout.contains(
                "k8s/api.yaml StatefulSet api container php: 0 nginx trees, 1 php-fpm pool"
            )
            && run.stdout.contains("no findings"),
        "{}",
        run.stdout
    );
    let dump = fixture("kube-pod", &["dump"]);
    let v: serde_json::Value = serde_json::from_str(&dump.stdout).unwrap();
    let passes: Vec<(String, String)> = v["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|h| h["passes"].as_array().unwrap().clone())
        .flat_map(|p| {
            let pass = p["pass"].as_str().unwrap().to_string();
            p["targets"][0]["pools"]
                .as_array()
                .unwrap()
                .iter()
                .map(|pool| {
                    (
                        pass.clone(),
                        format!(
                            "{} [{}]",
                            pool["host"].as_str().unwrap(),
                            pool["pool"].as_str().unwrap()
                        ),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        passes,
        vec![
            (
                "127.0.0.1:9000".to_string(),
                "k8s/deployment.yaml Deployment web container php [www]".to_string()
            ),
            (
                "unix:/run/php/admin.sock".to_string(),
                "k8s/deployment.yaml Deployment web container php [admin]".to_string()
            ),
            (
                "api:80".to_string(),
                "k8s/api.yaml StatefulSet api container php [www]".to_string()
            ),
        ]
    );
    // The pool's ${ADMIN_TIMEOUT} comes from the container's env.
    let text = dump.stdout.replace(char::is_whitespace, "");
    assert!(
        text.contains(r#""origin":{"at":"kube-pod/k8s/deployment.yaml:46","kind":"env:"},"var":"ADMIN_TIMEOUT""#),
        "{}",
        dump.stdout
    );
    // The pod, its Services and volumes are in the dump.
    let web = v["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "k8s/deployment.yaml Deployment web container php")
        .unwrap();
    assert_eq!(web["service"]["kubernetes"]["kind"], "Deployment");
    assert_eq!(web["service"]["kubernetes"]["name"], "web");
    assert_eq!(web["service"]["kubernetes"]["container"], "php");
    assert_eq!(
        web["service"]["volumes"][0]["target"], "/run/php",
        "{}",
        web["service"]
    );
}

#[test]
fn list_files_names_configmap_keys_manifests_and_helm_templates() {
    let run = fixture("kube-pod", &["--list-files"]);
    snap("kube_list_files", &run);
    for line in [
        "kube-pod/k8s/configmap.yaml (ConfigMap nginx-conf, key default.conf)  nginx include",
        "kube-pod/k8s/configmap.yaml (ConfigMap php-pool, key zz-admin.conf)  php-fpm include",
        "kube-pod/k8s/Deployment web container nginx (image nginx:1.27)/etc/nginx/nginx.conf  nginx main configuration",
        "kube-pod/k8s/api.yaml  Kubernetes manifest",
        "kube-pod/chart/templates/deployment.yaml  a Helm template",
    ] {
        assert!(run.stdout.contains(line), "{line}:\n{}", run.stdout);
    }
}

#[test]
fn pods_apart_configmap_lines_and_memory_limits() {
    let run = fixture("kube-broken", &["--format", "human"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    snap("kube_broken_human", &run);
    let concise = fixture("kube-broken", &["--format", "concise"]);
    let lines: Vec<&str> = concise
        .stdout
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with("fpmlint:"))
        .map(|l| l.split(']').next().unwrap_or(""))
        .collect();
    // Every finding in the ConfigMap points at the manifest's own line.
    assert_eq!(
        lines,
        vec![
            "kube-broken/k8s/nginx.yaml:11:9: error[unknown-directive",
            "kube-broken/k8s/nginx.yaml:15:26: error[fastcgi-pass-unmatched",
            "kube-broken/k8s/nginx.yaml:23:30: error[fastcgi-pass-unmatched",
            "kube-broken/k8s/nginx.yaml:32:30: warning[fastcgi-pass-unmatched",
            "kube-broken/k8s/php.yaml:49:23: warning[pool-memory-overcommit",
        ],
        "{}",
        concise.stdout
    );
}

const POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  volumes:
    - name: conf
      configMap:
        name: nginx-site
  containers:
    - name: nginx
      image: nginx:1.27
      volumeMounts:
        - {name: conf, mountPath: /etc/nginx/conf.d}
";

#[test]
fn kustomize_generated_configmaps_are_the_repository_files() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(
        &r.join("kustomization.yaml"),
        "namespace: shop\nresources:\n  - pod.yaml\n  - php.yaml\nconfigMapGenerator:\n  - name: nginx-site\n    files:\n      - site.conf\n",
    );
    write(&r.join("pod.yaml"), POD);
    write(
        &r.join("php.yaml"),
        // No namespace of their own: the kustomization's, shop.
        "apiVersion: v1\nkind: Service\nmetadata: {name: php}\nspec:\n  selector: {app: php}\n  ports: [{port: 9000}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: php, labels: {app: php}}\nspec:\n  containers:\n    - {name: php, image: \"php:8.3-fpm\"}\n",
    );
    let site = |pass: &str| {
        format!("server {{\n    listen 80;\n    root /var/www/html;\n    location ~ \\.php$ {{\n        try_files $uri =404;\n        fastcgi_pass {pass};\n        include fastcgi_params;\n        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n    }}\n}}\n")
    };
    // Short name, and the qualified names of the namespace's Service.
    for pass in [
        "php:9000",
        "php.shop:9000",
        "php.shop.svc.cluster.local:9000",
    ] {
        write(&r.join("site.conf"), &site(pass));
        let run = common::fpmlint(r, &["."]);
        assert_eq!(run.code, 0, "{pass}: {}", run.stdout);
        assert!(
            run.stdout
                .contains("pod.yaml Pod web container nginx: 1 nginx tree"),
            "{}",
            run.stdout
        );
    }
    // A port the Service does not declare reaches no pod, whatever the pod
    // listens on.
    write(&r.join("site.conf"), &site("php:9001"));
    let run = common::fpmlint(r, &["--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "Service php declares port 9000 only: a connection to its port 9001 reaches no pod"
        ),
        "{}",
        run.stdout
    );
    // The generated key is the repository's file: findings point into it.
    write(&r.join("site.conf"), &site("127.0.0.1:9000"));
    let run = common::fpmlint(r, &["--format", "concise", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .starts_with("site.conf:6:22: error[fastcgi-pass-unmatched]"),
        "{}",
        run.stdout
    );
    let files = common::fpmlint(r, &["--list-files", "."]);
    assert!(
        files.stdout.contains("  site.conf  nginx include"),
        "{}",
        files.stdout
    );
    assert_eq!(
        files.stdout.matches("site.conf").count(),
        1,
        "{}",
        files.stdout
    );
}

#[test]
fn a_service_whose_pods_are_elsewhere_is_not_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    write(&r.join("pod.yaml"), POD);
    write(
        &r.join("cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nginx-site, namespace: shop}\ndata:\n  site.conf: |\n    server {\n        listen 80;\n        root /var/www/html;\n        location ~ \\.php$ {\n            try_files $uri =404;\n            fastcgi_pass legacy:9000;\n            include fastcgi_params;\n            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n        }\n    }\n---\napiVersion: v1\nkind: Service\nmetadata: {name: legacy, namespace: shop}\nspec:\n  selector: {app: legacy}\n  ports: [{port: 9000}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: php, namespace: shop}\nspec:\n  containers: [{name: php, image: \"php:8.3-fpm\"}]\n",
    );
    // Service legacy exists, its pods are not in these manifests: not an error.
    let run = common::fpmlint(r, &["--format", "concise", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // In another namespace the short name does not resolve.
    write(
        &r.join("pod.yaml"),
        &POD.replace("namespace: shop", "namespace: other"),
    );
    let cm = std::fs::read_to_string(r.join("cm.yaml")).unwrap();
    write(
        &r.join("cm.yaml"),
        &cm.replacen(
            "{name: nginx-site, namespace: shop}",
            "{name: nginx-site, namespace: other}",
            1,
        ),
    );
    let run = common::fpmlint(r, &["--format", "concise", "."]);
    assert!(
        run.stdout.contains("cm.yaml:11:26: warning[fastcgi-pass-unmatched] unless the cluster has a Service legacy"),
        "{}",
        run.stdout
    );
}

#[test]
fn code_in_an_emptydir_at_another_path_in_php_is_file_not_found() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    let pod = |php_code: &str| {
        format!(
            "apiVersion: v1
kind: ConfigMap
metadata: {{name: site}}
data:
  default.conf: |
    server {{
        listen 80;
        root /var/www/html;
        location ~ \\.php$ {{
            try_files $uri =404;
            fastcgi_pass 127.0.0.1:9000;
            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
            include fastcgi_params;
        }}
    }}
---
apiVersion: v1
kind: Pod
metadata: {{name: web}}
spec:
  volumes:
    - {{name: site, configMap: {{name: site}}}}
    - {{name: code, emptyDir: {{}}}}
  containers:
    - name: nginx
      image: nginx:1.27
      volumeMounts:
        - {{name: site, mountPath: /etc/nginx/conf.d}}
        - {{name: code, mountPath: /var/www/html}}
    - name: php
      image: php:8.3-fpm
      volumeMounts:
        - {{name: code, mountPath: {php_code}}}
"
        )
    };
    write(&r.join("pod.yaml"), &pod("/var/www/html"));
    let run = common::fpmlint(r, &["."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    write(&r.join("pod.yaml"), &pod("/app"));
    let run = common::fpmlint(r, &["--format", "concise", "."]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("pod.yaml:12:43: error[script-filename-mismatch] every PHP request here gets 404 \"File not found.\": nginx sends SCRIPT_FILENAME under /var/www/html, but container `php` of Pod `web` mounts the code at /app and has nothing at /var/www/html"),
        "{}",
        run.stdout
    );
    let run = common::fpmlint(r, &["--format", "json", "."]);
    assert!(
        run.stdout.contains("pod.yaml:29 (volumeMounts:): container `nginx` of Pod `web` (nginx) mounts the emptyDir code of default/Pod/web at /var/www/html")
            && run.stdout.contains("pod.yaml:33 (volumeMounts:): container `php` of Pod `web` (php-fpm) mounts the emptyDir code of default/Pod/web at /app"),
        "{}",
        run.stdout
    );
}

// The pod on the real servers: nginx and php-fpm as two "containers" of one
// pod, each in its own mount namespace and both in one network namespace
// (`unshare --net`, then `nsenter --net`), as a pod's containers share its
// loopback. Needs root, nginx, php-fpm8.2, unshare, nsenter and ip: else
// SKIPPED, or a failure under FPMLINT_REQUIRE_SERVERS=1 or FPMLINT_ORACLE=required.

/// A process killed when dropped.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn pods_can_run() -> bool {
    let on_path = |b: &str| {
        std::process::Command::new("sh")
            .args(["-c", &format!("command -v {b}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let ok = root
        && ["nginx", "php-fpm8.2", "unshare", "nsenter", "ip"]
            .iter()
            .all(|b| on_path(b))
        && std::process::Command::new("unshare")
            .args(["--net", "--mount", "true"])
            .status()
            .is_ok_and(|s| s.success());
    if ok {
        return true;
    }
    let line = "SKIPPED: the pod oracle needs root, nginx, php-fpm8.2, ip, unshare and nsenter";
    if std::env::var("FPMLINT_REQUIRE_SERVERS").as_deref() == Ok("1")
        || std::env::var("FPMLINT_ORACLE").as_deref() == Ok("required")
    {
        panic!("the pod oracle is required but cannot run: {line}");
    }
    common::skip(line);
    false
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

/// Run a pod of nginx passing to 127.0.0.1:9000 and, when `with_php`, php-fpm
/// listening on 127.0.0.1:9000; send GET /index.php. (status line, nginx's log)
fn run_pod(with_php: bool) -> (String, String) {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("code/index.php"), "<?php echo 'hi';\n");
    let fpm_log = d.join("fpm.log");
    write(
        &d.join("php-fpm.conf"),
        &format!(
            "[global]\nerror_log = {}\ndaemonize = no\n[www]\nuser = root\ngroup = root\nlisten = 127.0.0.1:9000\npm = static\npm.max_children = 1\n",
            fpm_log.display()
        ),
    );
    let sock = d.join("web.sock");
    write(
        &d.join("fastcgi_params"),
        "fastcgi_param REQUEST_METHOD $request_method;\nfastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n",
    );
    write(
        &d.join("nginx.conf"),
        &format!(
            "user root;\ndaemon off;\nmaster_process off;\npid {0}/nginx.pid;\nerror_log {0}/error.log;\nevents {{}}\nhttp {{\naccess_log off;\nserver {{\n    listen unix:{1};\n    root {0}/code;\n    location ~ \\.php$ {{\n        fastcgi_pass 127.0.0.1:9000;\n        include {0}/fastcgi_params;\n    }}\n}}\n}}\n",
            d.display(),
            sock.display()
        ),
    );
    // The pod's network namespace, with its loopback up; the first container
    // lives in it (php-fpm, or a pause process when the pod has no php-fpm).
    let program = if with_php {
        format!("php-fpm8.2 -R -F -y {}/php-fpm.conf", d.display())
    } else {
        "sleep 60".to_string()
    };
    let first_log = d.join("first.log");
    let first = Server(
        Command::new("unshare")
            .args([
                "--net",
                "--mount",
                "sh",
                "-c",
                &format!("ip link set lo up\nexec {program}"),
            ])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&first_log).unwrap())
            .spawn()
            .expect("start the pod"),
    );
    let pid = first.0.id();
    let net = format!("/proc/{pid}/ns/net");
    wait_for(
        "the pod's network namespace",
        || std::fs::read_link(&net).ok() != std::fs::read_link("/proc/self/ns/net").ok(),
        &first_log,
    );
    if with_php {
        wait_for(
            "php-fpm ready",
            || {
                std::fs::read_to_string(&fpm_log)
                    .is_ok_and(|l| l.contains("ready to handle connections"))
            },
            &fpm_log,
        );
    }
    let nginx_out = d.join("nginx.out");
    let nginx = Server(
        Command::new("nsenter")
            .arg(format!("--net={net}"))
            .args(["unshare", "--mount", "nginx", "-e", "stderr", "-p"])
            .arg(d)
            .arg("-c")
            .arg(d.join("nginx.conf"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&nginx_out).unwrap())
            .spawn()
            .expect("start nginx in the pod"),
    );
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
    drop(first);
    let log = std::fs::read_to_string(d.join("error.log")).unwrap_or_default();
    (response, log)
}

#[test]
fn a_pods_loopback_on_the_real_servers() {
    if !pods_can_run() {
        return;
    }
    // nginx and php-fpm in one pod: 127.0.0.1:9000 is php-fpm.
    let (response, log) = run_pod(true);
    assert!(
        response.starts_with("HTTP/1.1 200") && response.ends_with("hi"),
        "{response}\n{log}"
    );
    // A pod without php-fpm: nothing listens on its loopback.
    let (response, log) = run_pod(false);
    assert!(response.starts_with("HTTP/1.1 502"), "{response}\n{log}");
    assert!(
        log.contains("connect() failed (111: Connection refused) while connecting to upstream"),
        "{log}"
    );
    // What fpmlint says of the same two deployments.
    let run = fixture("kube-pod", &["--select", "fastcgi-pass-unmatched"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = fixture(
        "kube-broken",
        &["--format", "concise", "--select", "fastcgi-pass-unmatched"],
    );
    assert!(
        run.stdout.contains("nginx.yaml:15:26: error[fastcgi-pass-unmatched] every PHP request here gets 502 Bad Gateway: no php-fpm pool listens on 127.0.0.1:9000; nginx logs `connect() failed (111: Connection refused) while connecting to upstream`"),
        "{}",
        run.stdout
    );
}

#[test]
fn run_as_user_env_from_and_other_value_styles() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    // A pool without `user =` (php-fpm as root refuses it), its timeout from
    // an envFrom ConfigMap, written as a quoted string (not a literal block).
    let manifest = |security: &str| {
        format!(
            "apiVersion: v1
kind: ConfigMap
metadata: {{name: php-env}}
data:
  FPM_TIMEOUT: \"45\"
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: pool}}
data:
  zz-app.conf: \"[app]\\nlisten = 9000\\npm = static\\npm.max_children = 2\\nrequest_terminate_timeout = ${{FPM_TIMEOUT}}\\n\"
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: php}}
spec:
  template:
    metadata:
      labels: {{app: php}}
    spec:
{security}      volumes:
        - {{name: pool, configMap: {{name: pool}}}}
      containers:
        - name: php
          image: php:8.3-fpm
          envFrom:
            - configMapRef: {{name: php-env}}
          volumeMounts:
            - {{name: pool, mountPath: /usr/local/etc/php-fpm.d/zz-app.conf, subPath: zz-app.conf}}
"
        )
    };
    write(&r.join("php.yaml"), &manifest(""));
    let run = common::fpmlint(r, &["--format", "concise", "--select", "pool-invalid", "."]);
    assert!(
        run.stdout
            .contains("php.yaml (ConfigMap pool, key zz-app.conf):1:1: warning[pool-invalid]")
            && run.stdout.contains("[pool app] user has not been defined"),
        "{}",
        run.stdout
    );
    // runAsUser 33 (www-data): the master is unprivileged, no user is needed.
    write(
        &r.join("php.yaml"),
        &manifest("      securityContext:\n        runAsUser: 33\n"),
    );
    let run = common::fpmlint(r, &["--format", "concise", "--select", "pool-invalid", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let dump = common::fpmlint(r, &["dump", "."]);
    let text = dump.stdout.replace(char::is_whitespace, "");
    assert!(
        text.contains(r#""master":{"origin":{"at":"php.yaml:22","kind":"securityContext.runAsUser"},"user":"33"}"#)
            && text.contains(r#""FPM_TIMEOUT":{"origin":{"at":"php.yaml:5","kind":"envFrom:ConfigMapphp-env"},"value":"45"}"#),
        "{}",
        dump.stdout
    );
    // `{{ }}` inside a ConfigMap's data is the data's, not Helm's; a templated
    // name is Helm's.
    write(
        &r.join("alerts.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts}\ndata:\n  rule: \"{{ $labels.instance }} down\"\n",
    );
    write(
        &r.join("chart.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n",
    );
    let files = common::fpmlint(r, &["--list-files", "."]);
    assert!(
        files.stdout.contains("  alerts.yaml  Kubernetes manifest")
            && files.stdout.contains("  chart.yaml  a Helm template"),
        "{}",
        files.stdout
    );
}
