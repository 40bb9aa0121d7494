//! `fpmlint dump`: every parsed file and the models, as JSON.
//!
//! The nginx part is shaped like crossplane's output (a `config` array of files,
//! each with `parsed` directives carrying `directive`, `line`, `args`, `block`,
//! and `includes` as indices into `config`), with byte spans and columns added.
//! `nginx_trees` then shows each tree with its includes expanded in place.

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
    for &id in &t.scope(s).dirs {
        let d = t.dir(id);
        if d.included_by != via {
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
        if let Some(b) = d.block {
            o.insert("block".into(), json!(scope(src, t, b, via)));
        }
        if d.name() == "include" {
            o.insert("included".into(), json!(scope(src, t, s, Some(id))));
        }
        out.push(v);
    }
    out
}
