//! fpm-unknown-key: a key php-fpm does not accept in the section it lands in
//! (`unknown entry`), an array name it does not know (`unknown directive`), an
//! array in `[global]`, or an array key php-fpm refuses.

use crate::diag::{Diagnostic, Label, Severity};
use crate::fpm::keys;
use crate::model::fpm::{php_release, FpmTree, ReadEntry, Release};
use crate::project::Project;
use crate::rules::Category;
use crate::source::Span;
use crate::text::did_you_mean;

crate::declare_rule!(
    "fpm-unknown-key",
    Severity::Error,
    Category::Startup,
    "a key php-fpm does not accept in that section: it refuses to start with `unknown entry`",
    check = check
);

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for tree in &project.fpm {
        let release = php_release(project, tree);
        let image_root = project
            .hosts
            .get(tree.host)
            .and_then(|h| h.service())
            .map(|(_, s)| crate::deploy::image_root(s));
        // A file without any `[section]` is a fragment written to be included
        // inside a pool (`include=` in the middle of `[www]`): its pool options
        // are not reported as [global] lines.
        let fragment = tree.read.iter().all(|r| r.section.is_none());
        for r in &tree.read {
            if fragment && r.pool.is_none() && keys::global_key(&r.entry.key).is_none() {
                let pool_line = match &r.entry.subkey {
                    Some(_) => keys::is_array_key(&r.entry.key),
                    None => keys::pool_key(&r.entry.key).is_some(),
                };
                if pool_line {
                    continue;
                }
            }
            if r.entry.value.is_none() {
                // A bare key: fpm-syntax reports it.
                continue;
            }
            if let Some(rel) = &release {
                // The image's own files are written for its release (the php
                // images add `log_limit` to docker.conf from 7.3 on only).
                let image_file = image_root.as_ref().is_some_and(|root| {
                    project
                        .sources
                        .get(r.entry.span.file)
                        .path
                        .starts_with(root)
                });
                if let Some(d) = newer_key(r, rel).filter(|_| !image_file) {
                    out.push(d);
                    continue;
                }
            }
            let d = if r.entry.subkey.is_some() {
                array_entry(tree, r)
            } else {
                plain_entry(tree, r)
            };
            out.extend(d);
        }
    }
}

const REFUSES: &str = "php-fpm refuses to start";

fn err(message: String, label: Label) -> Diagnostic {
    Diagnostic::new(META.name, META.severity, message, label)
}

fn pool_name(tree: &FpmTree, r: &ReadEntry) -> String {
    r.pool
        .and_then(|i| tree.pools.get(i))
        .map(|p| p.name.clone())
        .unwrap_or_default()
}

/// The label of a section header that lies in another file than the line: after
/// `include=`, php-fpm keeps reading into the included file's last section.
fn foreign_section(r: &ReadEntry) -> Option<Label> {
    let sec = r.section?;
    (sec.file != r.entry.span.file).then(|| {
        Label::new(
            sec,
            "the section still in effect: after `include=` returns, php-fpm keeps the last section of the included file",
        )
    })
}

fn plain_entry(tree: &FpmTree, r: &ReadEntry) -> Option<Diagnostic> {
    let e = &r.entry;
    if e.key == "include" {
        return None;
    }
    let lower = e.key.to_ascii_lowercase();
    let message = format!("{REFUSES}: `unknown entry '{}'`", e.key);
    match r.pool {
        None => {
            if keys::global_key(&e.key).is_some() {
                return None;
            }
            if let Some(k) = keys::pool_key(&e.key) {
                let mut d = err(
                    message,
                    Label::new(
                        e.key_span,
                        format!(
                            "`{}` is a pool option, but this line is in [global]",
                            k.name
                        ),
                    ),
                )
                .with_help("move the line under the pool it is meant for (e.g. after `[www]`)");
                if r.section.is_none() {
                    d = d.with_note("lines before the first `[section]` belong to [global]");
                }
                return Some(d);
            }
            let d = err(message, Label::new(e.key_span, "not a [global] option"));
            Some(match did_you_mean(&lower, keys::global_key_names()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(
                    "remove the line, or correct the key: [global] accepts only the options listed in php-fpm.conf",
                ),
            })
        }
        Some(_) => {
            let pool = pool_name(tree, r);
            if let Some(k) = keys::pool_key(&e.key) {
                if k.only_if == Some("SO_SETFIB") {
                    return Some(
                        err(
                            message,
                            Label::new(e.key_span, "exists only in php-fpm built for FreeBSD"),
                        )
                        .with_help(
                            "remove the line: Linux builds of php-fpm have no `listen.setfib`",
                        ),
                    );
                }
                return None;
            }
            if let Some(k) = keys::global_key(&e.key) {
                let mut d = err(
                    message,
                    Label::new(
                        e.key_span,
                        format!(
                            "`{}` is a [global] option, but this line is read as part of pool [{pool}]",
                            k.name
                        ),
                    ),
                );
                let foreign = foreign_section(r);
                d = match foreign {
                    Some(l) => d.with_label(l).with_help(
                        "move the [global] lines before the `include=` line, or write `[global]` again after it",
                    ),
                    None => d.with_help("move the line into the [global] section"),
                };
                return Some(d);
            }
            let mut d = err(
                message,
                Label::new(e.key_span, format!("not an option of pool [{pool}]")),
            );
            if let Some(l) = foreign_section(r) {
                d = d.with_label(l);
            }
            let names = keys::pool_key_names().filter(|n| *n != "listen.setfib");
            Some(match did_you_mean(&lower, names) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(
                    "remove the line, or correct the key: a pool accepts only the options listed in www.conf; php settings go in `php_value[...]`",
                ),
            })
        }
    }
}

fn array_entry(tree: &FpmTree, r: &ReadEntry) -> Option<Diagnostic> {
    let e = &r.entry;
    let (sub, sub_span) = e.subkey.as_ref()?;
    let Some(_) = r.pool else {
        let mut d = err(
            format!("{REFUSES}: `Array are not allowed in the global section`"),
            Label::new(e.span, "an array entry in [global]"),
        )
        .with_help("move the line under the pool it is meant for (e.g. after `[www]`)");
        if r.section.is_none() {
            d = d.with_note("lines before the first `[section]` belong to [global]");
        }
        return Some(d);
    };
    if !keys::is_array_key(&e.key) {
        let d = err(
            format!("{REFUSES}: `unknown directive '{}'`", e.key),
            Label::new(
                e.key_span,
                "not an array php-fpm knows (array names are case-sensitive)",
            ),
        );
        let exact = keys::ARRAY_KEYS
            .iter()
            .copied()
            .find(|k| k.eq_ignore_ascii_case(&e.key));
        let suggestion = exact.or_else(|| did_you_mean(&e.key, keys::ARRAY_KEYS.iter().copied()));
        return Some(match suggestion {
            Some(s) => d.with_help(format!("did you mean `{s}[{sub}]`?")),
            None => d.with_help(
                "use one of env[], php_value[], php_admin_value[], php_flag[], php_admin_flag[], access.suppress_path[]",
            ),
        });
    }
    let pool = pool_name(tree, r);
    if e.key == "access.suppress_path" {
        if !sub.is_empty() {
            return Some(
                err(
                    format!(
                        "{REFUSES}: `Keys provided to field 'access.suppress_path' are ignored`"
                    ),
                    Label::new(*sub_span, "php-fpm refuses a key here"),
                )
                .with_help("write `access.suppress_path[] = /path`"),
            );
        }
        return None;
    }
    if sub.is_empty() {
        return Some(
            err(
                format!("{REFUSES}: `You must provide a key for field '{}'`", e.key),
                Label::new(
                    Span::new(
                        e.key_span.file,
                        e.key_span.start as usize,
                        sub_span.end as usize + 1,
                    ),
                    format!("`{}[]` in pool [{pool}] names no setting", e.key),
                ),
            )
            .with_help(format!("name the setting: `{}[name] = value`", e.key)),
        );
    }
    None
}

/// A key php-fpm added after the host's release, in the section it belongs
/// to: that php-fpm does not know it.
fn newer_key(r: &ReadEntry, rel: &Release) -> Option<Diagnostic> {
    let e = &r.entry;
    if e.subkey.is_some() {
        return None;
    }
    let in_place = match r.pool {
        None => keys::global_key(&e.key).is_some(),
        Some(_) => keys::pool_key(&e.key).is_some(),
    };
    let added = keys::added_in(&e.key)?;
    if !in_place || !keys::lacks(rel.version, added) {
        return None;
    }
    let since = match added {
        (a, b, 0) => format!("{a}.{b}"),
        (a, b, c) => format!("{a}.{b}.{c}"),
    };
    Some(
        err(
            format!(
                "php-fpm {} refuses to start: `unknown entry '{}'`: php-fpm has `{}` since PHP {since}",
                rel.text, e.key, e.key.to_ascii_lowercase()
            ),
            Label::new(
                e.key_span,
                format!("PHP {since} added this option; this host runs PHP {}", rel.text),
            ),
        )
        .with_help(format!(
            "remove the line, or run PHP {since} or later (and say so in .fpmlint.toml: `[target] php = \"{since}\"`)"
        ))
        .with_note(format!("PHP {} is the release of {}", rel.text, rel.origin)),
    )
}
