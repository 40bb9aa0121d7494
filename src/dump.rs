//! `fpmlint dump`: every parsed file and the models, as JSON.
//!
//! The nginx part is shaped like crossplane's output (a `config` array of files,
//! each with `parsed` directives carrying `directive`, `line`, `args`, `block`,
//! and `includes` as indices into `config`), with byte spans and columns added.
//! `nginx_trees` then shows each tree with its includes expanded in place.
//! `hosts` is the computed model of each host: what runs it, its accounts, the
//! users of the masters and workers, each `fastcgi_pass` with the pools it
//! reaches and the timeouts and buffers in effect there, every value with its
//! origin. The schema is in docs/dump-schema.md.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::model::nginx::{DirId, NginxTree, ScopeId};
use crate::nginx::{Directive, Item};
use crate::project::Project;
use crate::source::{FileId, SourceMap, Span};

pub fn dump(project: &Project) -> Value {
    let src = &project.sources;
    // One entry per parsed nginx file.
    let mut index: HashMap<FileId, usize> = HashMap::new();
    let mut files: Vec<(FileId, &crate::nginx::Config)> = Vec::new();
    for tree in &project.nginx {
        for f in &tree.files {
            if let Some(c) = tree.parsed.get(f) {
                if !index.contains_key(f) {
                    index.insert(*f, files.len());
                    files.push((*f, c));
                }
            }
        }
    }
    let includes = include_map(project, &index);
    let config: Vec<Value> = files
        .iter()
        .map(|(f, c)| {
            json!({
                "file": src.get(*f).name,
                "status": "ok",
                "errors": [],
                "parsed": items(src, &c.items, &includes),
            })
        })
        .collect();
    let errors: Vec<Value> = project
        .diagnostics
        .iter()
        .map(|d| {
            let f = src.get(d.primary.span.file);
            let (line, column) = f.line_col(d.primary.span.start as usize);
            json!({"rule": d.rule, "file": f.name, "line": line, "column": column, "message": d.message})
        })
        .collect();
    json!({
        "version": 1,
        "status": if project.diagnostics.is_empty() && project.problems.is_empty() { "ok" } else { "failed" },
        "errors": errors,
        "problems": project.problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>(),
        "config": config,
        "nginx_trees": project.nginx.iter().map(|t| tree(src, t)).collect::<Vec<_>>(),
        "fpm_trees": project.fpm.iter().map(|t| crate::model::fpm::dump(src, t)).collect::<Vec<_>>(),
        "hosts": hosts(project),
    })
}

/// `file:line` of a span.
fn at(src: &SourceMap, span: Span) -> String {
    let f = src.get(span.file);
    let (line, _) = f.line_col(span.start as usize);
    format!("{}:{line}", f.name)
}

fn origin(src: &SourceMap, o: &crate::deploy::env::EnvOrigin) -> Value {
    json!({"kind": o.what, "at": format!("{}:{}", src.display_path(&o.path), o.line)})
}

/// The computed model of each host.
fn hosts(project: &Project) -> Vec<Value> {
    let src = &project.sources;
    let links = project.links();
    project
        .hosts
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let service = h.service().map(|(_, s)| {
                json!({
                    "name": s.name,
                    "compose_file": src.display_path(&s.file),
                    "image": s.image,
                    "program": program_name(&s.program),
                    "networks": s.networks,
                    "names": s.names.iter().map(|(net, n)| json!({"network": net, "name": n})).collect::<Vec<_>>(),
                    "mounts": s.mounts.iter().map(|(t, d)| json!({
                        "target": t.display().to_string(),
                        "source": src.display_path(d),
                        "origin": s.mount_origin(t).map(|o| origin(src, o)),
                    })).collect::<Vec<_>>(),
                    "user": s.user.as_ref().map(|(u, o)| json!({"value": u, "origin": origin(src, o)})),
                    "volumes": s.volumes.iter().map(|(t, v)| json!({"target": t.display().to_string(), "volume": v})).collect::<Vec<_>>(),
                    "kubernetes": s.kube.as_ref().map(|k| json!({
                        "kind": k.kind,
                        "name": k.pod,
                        "namespace": k.namespace,
                        "container": k.container,
                        "at": format!("{}:{}", src.display_path(&s.file), k.line),
                        "services": k.services,
                    })),
                    "environment": environment(src, &s.env),
                })
            });
            // The machine's files: the first tree of the host that has a sysroot.
            let system = project
                .nginx
                .iter()
                .filter(|t| t.host == i)
                .map(|t| &t.ctx.roots)
                .chain(project.fpm.iter().filter(|t| t.host == i).map(|t| &t.ctx.roots))
                .find_map(|r| project.system(r));
            // A sysroot without etc/passwd and etc/group has only assumed accounts.
            let accounts = match system.filter(|s| s.passwd_file.is_some() || s.group_file.is_some()) {
                Some(s) => json!({
                    "origin": s.passwd_file.map(|f| src.get(f).name.clone()),
                    "users": s.users.iter().map(|u| json!({"name": u.name, "uid": u.uid, "gid": u.gid, "at": at(src, u.span)})).collect::<Vec<_>>(),
                    "groups_origin": s.group_file.map(|f| src.get(f).name.clone()),
                    "groups": s.groups.iter().map(|g| json!({"name": g.name, "gid": g.gid, "members": g.members, "at": at(src, g.span)})).collect::<Vec<_>>(),
                }),
                None => match h
                    .service()
                    .and_then(|(_, s)| crate::model::system::image_accounts(s))
                {
                    Some(a) => json!({
                        "origin": format!("assumption: {}", a.describe),
                        "users": a.users.iter().map(|u| json!({"name": u})).collect::<Vec<_>>(),
                        "groups": a.groups.iter().map(|g| json!({"name": g})).collect::<Vec<_>>(),
                    }),
                    None => match crate::model::system::host_distro(project, i) {
                        Some((d, evidence)) => {
                            let a = crate::model::system::distro_accounts(d);
                            json!({
                                "origin": format!("assumption: {}, as the layout says ({evidence}); provisioning may add accounts fpmlint cannot see", a.describe),
                                "users": a.users.iter().map(|u| json!({"name": u})).collect::<Vec<_>>(),
                                "groups": a.groups.iter().map(|g| json!({"name": g})).collect::<Vec<_>>(),
                            })
                        }
                        None => json!({"origin": "assumption: no etc/passwd or etc/group under the host and no layout naming a distribution; unknown-account does not judge names here"}),
                    },
                },
            };
            let nginx: Vec<Value> = project
                .nginx
                .iter()
                .enumerate()
                .filter(|(_, t)| t.host == i)
                .map(|(ti, t)| {
                    let w = crate::model::index::worker(project, ti, system);
                    let release = match crate::rules::unknown_directive_release(project, t) {
                        Some((v, o)) => json!({"release": v, "origin": o}),
                        None => json!({"release": null, "origin": "unknown: unknown-directive reads directives as nginx 1.22 (Debian 12) has them and names the release that added a newer one"}),
                    };
                    let modules = match crate::rules::unknown_directive_modules(project, t) {
                        Some((v, o)) => json!({"loaded": v, "origin": o}),
                        None => json!({"loaded": null, "origin": "unknown: a directive of a dynamic module is not judged"}),
                    };
                    json!({
                        "entry": src.get(t.entry).name,
                        "target": {"nginx": release, "modules": modules},
                        "worker": {
                            "user": w.user,
                            "group": w.group,
                            "origin": match w.dir {
                                Some((wt, d)) => json!({"kind": "file", "at": at(src, project.nginx[wt].dir(d).span)}),
                                None => json!({"kind": "assumption", "at": "nginx's build default (--nginx-user, [options] nginx-user)"}),
                            },
                        },
                    })
                })
                .collect();
            let fpm: Vec<Value> = project
                .fpm
                .iter()
                .filter(|t| t.host == i)
                .map(|t| {
                    let master = match &t.ctx.master_user {
                        Some((u, o)) => json!({"user": u, "origin": origin(src, o)}),
                        None => json!({"user": "root", "origin": {"kind": "assumption", "at": "root, as under systemd and in the official images"}}),
                    };
                    let php = match crate::model::fpm::php_release(project, t) {
                        Some(r) => json!({"release": r.text, "origin": r.origin}),
                        None => json!({"release": null, "origin": "unknown: no option is judged by the release that added it"}),
                    };
                    json!({
                        "entry": src.get(t.entry).name,
                        "master": master,
                        "php_version": t.ctx.php_version,
                        "target": {"php": php},
                        "environment": environment(src, &t.ctx.env),
                        "pools": t.pools.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let passes: Vec<Value> = links
                .passes
                .iter()
                .filter(|p| p.host == i)
                .map(|p| pass(project, p))
                .collect();
            json!({
                "name": h.name,
                "root": src.display_path(&h.root),
                "sysroot": h.sysroot,
                "service": service,
                "accounts": accounts,
                "nginx": nginx,
                "php_fpm": fpm,
                "passes": passes,
            })
        })
        .collect()
}

fn environment(src: &SourceMap, env: &crate::deploy::env::Environment) -> Value {
    json!({
        "looked_in": env.looked_in,
        "vars": env.vars.iter().map(|(k, v)| (k.clone(), json!({"value": v.value, "origin": origin(src, &v.origin)}))).collect::<serde_json::Map<_, _>>(),
    })
}

/// Timeouts and buffers nginx applies to a pass, each with its origin.
const TIMES: [(&str, u64); 3] = [
    ("fastcgi_connect_timeout", 60_000),
    ("fastcgi_send_timeout", 60_000),
    ("fastcgi_read_timeout", 60_000),
];

fn pass(project: &Project, p: &crate::model::index::Pass) -> Value {
    let src = &project.sources;
    let links = project.links();
    let t = &project.nginx[p.tree];
    let value_at = |d: Option<DirId>, default: &str| match d {
        Some(d) => json!({"kind": "file", "at": at(src, t.dir(d).span)}),
        None => json!({"kind": "default", "at": default}),
    };
    let mut timeouts = serde_json::Map::new();
    for (name, default) in TIMES {
        let s = t.effective_time(p.scope, name, default);
        timeouts.insert(
            name.into(),
            json!({"ms": s.value, "origin": value_at(s.dir, "nginx's default")}),
        );
    }
    let mut buffers = serde_json::Map::new();
    for name in ["fastcgi_buffer_size", "fastcgi_busy_buffers_size"] {
        let s = t.effective_size(p.scope, name, 4096);
        buffers.insert(
            name.into(),
            json!({"bytes": s.value, "origin": value_at(s.dir, "nginx's default: one memory page (4k on x86-64)")}),
        );
    }
    let fb = t.effective(p.scope, "fastcgi_buffers");
    buffers.insert(
        "fastcgi_buffers".into(),
        json!({
            "args": fb.map(|d| t.dir(d).args.iter().map(|a| a.value.clone()).collect::<Vec<_>>()).unwrap_or_else(|| vec!["8".into(), "4k".into()]),
            "origin": value_at(fb, "nginx's default: 8 4k"),
        }),
    );
    let targets: Vec<Value> = p
        .targets
        .iter()
        .map(|tg| {
            json!({
                "target": target_text(&tg.target),
                "via": tg.via.map(|d| at(src, t.dir(d).span)),
                "pools": tg.reach.pools.iter().map(|&li| {
                    let l = &links.listeners[li];
                    let f = &project.fpm[l.tree];
                    let pool = &f.pools[l.pool];
                    let rtt = pool.get("request_terminate_timeout");
                    json!({
                        "host": project.hosts.get(l.host).map(|h| h.name.clone()),
                        "tree": src.get(f.entry).name,
                        "pool": pool.name,
                        "listen": l.listen.setting.value,
                        "listen_at": l.listen.setting.line_span().map(|s| at(src, s)),
                        "request_terminate_timeout": rtt.map(|s| setting(src, &s)),
                        "max_execution_time": pool.php_ini_value("max_execution_time")
                            .or_else(|| f.php_ini.as_ref().and_then(|i| i.get("max_execution_time").cloned()))
                            .map(|s| setting(src, &s))
                            .unwrap_or_else(|| json!({"value": "30", "origin": {"kind": "default", "at": "PHP's default"}, "environment": [], "unknown": []})),
                    })
                }).collect::<Vec<_>>(),
                "host_not_found": tg.reach.host_not_found,
                "unknown_host": tg.reach.unknown,
                "loopback_only": tg.reach.loopback_only.len(),
            })
        })
        .collect();
    let mut v = position(src, t.dir(p.dir).span);
    let o = v.as_object_mut().expect("position is an object");
    o.insert("file".into(), json!(src.get(t.dir(p.dir).span.file).name));
    o.insert("pass".into(), json!(t.dir(p.dir).arg(0)));
    o.insert("targets".into(), json!(targets));
    o.insert("timeouts".into(), json!(timeouts));
    o.insert("buffers".into(), json!(buffers));
    v
}

fn target_text(t: &crate::model::nginx::PassTarget) -> String {
    use crate::model::nginx::PassTarget;
    match t {
        PassTarget::Unix { path } => format!("unix:{path}"),
        PassTarget::Inet { host, port } => format!("{host}:{port}"),
        PassTarget::Name { name } => name.clone(),
        PassTarget::Variable { text } | PassTarget::Invalid { text, .. } => text.clone(),
    }
}

fn program_name(p: &crate::deploy::Program) -> &'static str {
    use crate::deploy::Program;
    match p {
        Program::Nginx {
            unprivileged: true, ..
        } => "nginx-unprivileged image",
        Program::Nginx { .. } => "nginx image",
        Program::OtherNginx => "another nginx image",
        Program::Fpm { .. } => "php-fpm image",
        Program::OtherFpm => "another php-fpm image",
        Program::Httpd => "httpd image",
        Program::Other => "other",
    }
}

/// A php-fpm or php.ini value with its origin (file, default, environment).
fn setting(src: &SourceMap, s: &crate::model::fpm::Setting) -> Value {
    json!({
        "value": if s.is_unknown() { Value::Null } else { json!(s.value) },
        "origin": match s.line_span() {
            Some(sp) => json!({"kind": "file", "at": at(src, sp)}),
            None => json!({"kind": "default", "at": "php's default"}),
        },
        "environment": s.env.resolved.iter().map(|(n, o)| json!({"var": n, "origin": origin(src, o)})).collect::<Vec<_>>(),
        "unknown": s.env.unknown,
    })
}

/// include directive span -> indices of the files it brought in.
fn include_map(project: &Project, index: &HashMap<FileId, usize>) -> HashMap<Span, Vec<usize>> {
    let mut m: HashMap<Span, Vec<usize>> = HashMap::new();
    for t in &project.nginx {
        for inc in &t.inclusions {
            let e = m.entry(t.dir(inc.include).span).or_default();
            for f in &inc.files {
                if let Some(i) = index.get(f) {
                    if !e.contains(i) {
                        e.push(*i);
                    }
                }
            }
        }
    }
    m
}

/// Position fields of a span.
pub fn position(src: &SourceMap, span: Span) -> Value {
    let f = src.get(span.file);
    let (line, column) = f.line_col(span.start as usize);
    json!({"line": line, "column": column, "span": {"start": span.start, "end": span.end}})
}

fn items(src: &SourceMap, items: &[Item], includes: &HashMap<Span, Vec<usize>>) -> Vec<Value> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Directive(d) => Some(directive(src, d, includes)),
            Item::Comment(_) => None,
        })
        .collect()
}

fn directive(src: &SourceMap, d: &Directive, includes: &HashMap<Span, Vec<usize>>) -> Value {
    let mut v = position(src, d.span);
    let o = v.as_object_mut().expect("position is an object");
    o.insert("directive".into(), json!(d.name()));
    o.insert(
        "args".into(),
        json!(d.args.iter().map(|a| a.value.clone()).collect::<Vec<_>>()),
    );
    if let Some(b) = &d.block {
        match b.raw {
            Some(raw) => {
                o.insert("block".into(), json!([]));
                o.insert("lua".into(), json!(src.get(raw.file).slice(raw)));
            }
            None => {
                o.insert("block".into(), json!(items(src, &b.items, includes)));
            }
        }
    }
    if let Some(inc) = includes.get(&d.span) {
        o.insert("includes".into(), json!(inc));
    }
    v
}

/// A tree with includes expanded in place.
fn tree(src: &SourceMap, t: &NginxTree) -> Value {
    json!({
        "entry": src.get(t.entry).name,
        "context": format!("{:?}", t.root_kind).to_lowercase(),
        "files": t.files.iter().map(|f| src.get(*f).name.clone()).collect::<Vec<_>>(),
        "parsed": scope(src, t, t.root(), None),
    })
}

fn scope(src: &SourceMap, t: &NginxTree, s: ScopeId, via: Option<DirId>) -> Vec<Value> {
    let mut out = Vec::new();
    for &id in t.scope(s).dirs() {
        let d = t.dir(id);
        if d.included_by() != via {
            continue;
        }
        let mut v = position(src, d.span);
        let o = v.as_object_mut().expect("position is an object");
        o.insert("file".into(), json!(src.get(d.span.file).name));
        o.insert("directive".into(), json!(d.name()));
        o.insert(
            "args".into(),
            json!(d.args.iter().map(|a| a.value.clone()).collect::<Vec<_>>()),
        );
        if let Some(b) = t.block_of(id) {
            o.insert("block".into(), json!(scope(src, t, b, via)));
        }
        if d.name() == "include" {
            o.insert("included".into(), json!(scope(src, t, s, Some(id))));
        }
        out.push(v);
    }
    out
}
