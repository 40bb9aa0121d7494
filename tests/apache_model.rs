//! The Apache model: what httpd reads while starting, decided as it decides it
//! (Define and ${VAR}, envvars, the <If...> tests in file order, Include relative
//! to ServerRoot, directories read whole), on trees written here.

use std::path::Path;

use fpmlint::model::apache::{ApacheTree, Backend};

fn write(root: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn model(root: &Path) -> (fpmlint::project::Project, usize) {
    let plan = fpmlint::discover::discover(&[root.to_path_buf()], &Default::default());
    let project = fpmlint::project::load(plan, Some(root.to_path_buf()));
    let n = project.apache.len();
    (project, n)
}

fn tree(p: &fpmlint::project::Project) -> &ApacheTree {
    &p.apache[0]
}

#[test]
fn conditionals_defines_and_envvars() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        root,
        &[
            (
                "etc/apache2/envvars",
                "export APACHE_RUN_USER=web\nexport APACHE_RUN_GROUP=$APACHE_RUN_USER\nexport SOCK_DIR=/run/php\n",
            ),
            (
                "etc/apache2/apache2.conf",
                "User ${APACHE_RUN_USER}\n\
                 Group ${APACHE_RUN_GROUP}\n\
                 LoadModule mpm_event_module modules/mod_mpm_event.so\n\
                 <IfModule proxy_fcgi_module>\n    Listen 1001\n</IfModule>\n\
                 LoadModule proxy_module modules/mod_proxy.so\n\
                 LoadModule proxy_fcgi_module modules/mod_proxy_fcgi.so\n\
                 <IfModule mod_proxy_fcgi.c>\n    Listen 1002\n</IfModule>\n\
                 <IfModule !proxy_fcgi_module>\n    Listen 1003\n</IfModule>\n\
                 Define PHPV 8.2\n\
                 Define FLAG\n\
                 <IfDefine FLAG>\n    Listen 1004\n</IfDefine>\n\
                 <IfDefine flag>\n    Listen 1005\n</IfDefine>\n\
                 UnDefine FLAG\n\
                 <IfDefine !FLAG>\n    Listen 1006\n</IfDefine>\n\
                 <IfVersion >= 2.4>\n    Listen 1007\n</IfVersion>\n\
                 <IfVersion < 2.2>\n    Listen 1008\n</IfVersion>\n\
                 <IfFile ports.conf>\n    Include ports.conf\n</IfFile>\n\
                 <IfFile nosuch.conf>\n    Listen 1009\n</IfFile>\n\
                 IncludeOptional conf.d\n\
                 <FilesMatch \\.php$>\n    SetHandler \"proxy:unix:${SOCK_DIR}/php${phpv}-fpm.sock|fcgi://localhost\"\n</FilesMatch>\n\
                 <IfModule nosuch_module>\n    SetHandler \"proxy:fcgi://127.0.0.1:9000\"\n</IfModule>\n",
            ),
            ("etc/apache2/ports.conf", "Listen 1010\n"),
            ("etc/apache2/conf.d/a/b.conf", "Listen 127.0.0.1:1011\n"),
            ("etc/apache2/conf.d/.hidden", "Listen 1012\n"),
        ],
    );
    let (project, n) = model(root);
    assert_eq!(n, 1);
    let t = tree(&project);
    assert_eq!(t.user.as_ref().unwrap().value, "web");
    assert_eq!(t.group.as_ref().unwrap().value, "web");
    let mut ports: Vec<u16> = t.listens.iter().map(|l| l.port).collect();
    ports.sort();
    // 1001: before the LoadModule; 1003, 1005 (case), 1008, 1009: false tests.
    assert_eq!(ports, [1002, 1004, 1006, 1007, 1010, 1011, 1012]);
    let l = t.listens.iter().find(|l| l.port == 1011).unwrap();
    assert_eq!(l.host.as_deref(), Some("127.0.0.1"));
    assert_eq!(t.handlers.len(), 2);
    // ${phpv} finds Define PHPV (names are case-insensitive); SOCK_DIR is envvars'.
    assert_eq!(
        t.handlers[0].backend,
        Some(Backend::Unix("/run/php/php8.2-fpm.sock".into()))
    );
    assert!(t.handlers[0].skipped_by.is_none());
    let (_, test) = t.handlers[1].skipped_by.as_ref().unwrap();
    assert_eq!(test, "<IfModule nosuch_module>");
    assert!(project.diagnostics.is_empty(), "{:?}", project.diagnostics);
}

#[test]
fn server_root_and_timeouts() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        root,
        &[
            (
                "etc/httpd/conf/httpd.conf",
                "ServerRoot /srv/httpd\n\
                 Include conf.modules.d/*.conf\n\
                 Timeout 100\n\
                 <Proxy \"unix:/run/php-fpm/www.sock|fcgi://php\">\n    ProxySet timeout=7\n</Proxy>\n\
                 <VirtualHost *:80>\n    ServerName a.test\n    ProxyTimeout 20\n\
                 <FilesMatch \\.php$>\n        SetHandler proxy:fcgi://php\n    </FilesMatch>\n\
                 ProxyPassMatch ^/(.*\\.php)$ fcgi://127.0.0.1:9000/var/www/$1\n</VirtualHost>\n\
                 SetHandler proxy:fcgi://127.0.0.2\n",
            ),
            (
                "srv/httpd/conf.modules.d/00-mpm.conf",
                "LoadModule mpm_event_module modules/mod_mpm_event.so\n",
            ),
        ],
    );
    let (project, n) = model(root);
    assert_eq!(n, 1);
    let t = tree(&project);
    assert!(t.loaded("mpm_event_module"));
    assert_eq!(t.vhosts.len(), 1);
    assert_eq!(t.vhosts[0].server_name.as_ref().unwrap().value, "a.test");
    assert_eq!(t.vhosts[0].addrs, [(None, Some(80))]);
    let h: Vec<_> = t.handlers.iter().collect();
    assert_eq!(h.len(), 3);
    // The <Proxy> label: its socket, its timeout=.
    assert_eq!(
        h[0].backend,
        Some(Backend::Unix("/run/php-fpm/www.sock".into()))
    );
    assert_eq!(t.handler_timeout(h[0]).0, 7);
    // The vhost's ProxyTimeout, then the main server's Timeout; fcgi's port 8000.
    assert_eq!(t.handler_timeout(h[1]).0, 20);
    assert_eq!(
        h[2].backend,
        Some(Backend::Tcp {
            host: "127.0.0.2".into(),
            port: 8000
        })
    );
    assert_eq!(t.handler_timeout(h[2]).0, 100);
}
