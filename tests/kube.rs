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
    // is 9000: each reaches a pool, so the repository lints clean.
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
        "apiVersion: v1\nkind: Service\nmetadata: {name: php, namespace: shop}\nspec:\n  selector: {app: php}\n  ports: [{port: 9000}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: php, namespace: shop, labels: {app: php}}\nspec:\n  containers:\n    - {name: php, image: \"php:8.3-fpm\"}\n",
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
