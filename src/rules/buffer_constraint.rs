//! buffer-constraint: the load-time relations nginx checks between the buffer
//! directives of the fastcgi, uwsgi, scgi and proxy modules, on the values each
//! server, location, `if` and `limit_except` inherits (nginx-fpm-semantics B3).

use std::collections::HashSet;

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::nginx::{size_text, DirId, NginxTree, ScopeId, ScopeKind, Setting};
use crate::project::Project;
use crate::rules::Category;
use crate::units;

crate::declare_rule!(
    "buffer-constraint",
    Severity::Error,
    Category::Startup,
    "*_buffer_size, *_buffers and *_busy_buffers_size break the relations nginx checks at load: it refuses to start",
    check = check
);

/// The modules whose `merge_loc_conf` runs these checks, by directive prefix,
/// with the five directives they check (`buffer_size`, `buffers`,
/// `busy_buffers_size`, `temp_file_write_size`, `max_temp_file_size`): looked
/// up in every scope, so spelled once here rather than formatted per scope.
const PREFIXES: &[(&str, [&str; 5])] = &[
    (
        "fastcgi",
        [
            "fastcgi_buffer_size",
            "fastcgi_buffers",
            "fastcgi_busy_buffers_size",
            "fastcgi_temp_file_write_size",
            "fastcgi_max_temp_file_size",
        ],
    ),
    (
        "uwsgi",
        [
            "uwsgi_buffer_size",
            "uwsgi_buffers",
            "uwsgi_busy_buffers_size",
            "uwsgi_temp_file_write_size",
            "uwsgi_max_temp_file_size",
        ],
    ),
    (
        "scgi",
        [
            "scgi_buffer_size",
            "scgi_buffers",
            "scgi_busy_buffers_size",
            "scgi_temp_file_write_size",
            "scgi_max_temp_file_size",
        ],
    ),
    (
        "proxy",
        [
            "proxy_buffer_size",
            "proxy_buffers",
            "proxy_busy_buffers_size",
            "proxy_temp_file_write_size",
            "proxy_max_temp_file_size",
        ],
    ),
];

/// `ngx_pagesize` on x86-64 Linux.
const PAGE: u64 = 4096;
/// The default `*_max_temp_file_size`.
const MAX_TEMP_DEFAULT: u64 = 1 << 30;

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for tree in &project.nginx {
        let mut seen = HashSet::new();
        for scope in merged_scopes(tree) {
            // A scope that sets none of a module's five directives inherits the
            // values of its parent: when that is a merged scope too, its values
            // were checked there, and a failure is reported once.
            let inherits_merged = tree
                .scope(scope)
                .parent()
                .is_some_and(|p| merged(&tree.scope(p).kind));
            let own = if inherits_merged {
                sets(tree, scope)
            } else {
                u8::MAX
            };
            for (i, (prefix, names)) in PREFIXES.iter().enumerate() {
                if own & (1 << i) == 0 {
                    continue;
                }
                let Some(v) = Values::at(tree, scope, prefix, names) else {
                    continue;
                };
                let Some(failure) = v.first_failure() else {
                    continue;
                };
                let mut key: Vec<DirId> = failure.inputs.iter().flatten().copied().collect();
                key.sort();
                if seen.insert((*prefix, failure.check, key)) {
                    out.extend(report(tree, scope, &v, &failure));
                }
            }
        }
    }
}

/// The scopes nginx merges (and so checks): every server, location, `if` and
/// `limit_except`; the root of a fragment written for a server or a location.
fn merged_scopes(tree: &NginxTree) -> impl Iterator<Item = ScopeId> + '_ {
    (0..tree.scopes.len() as u32)
        .map(ScopeId)
        .filter(|s| merged(&tree.scope(*s).kind))
}

fn merged(kind: &ScopeKind) -> bool {
    matches!(
        kind,
        ScopeKind::Server | ScopeKind::Location | ScopeKind::If | ScopeKind::LimitExcept
    )
}

/// Which modules of [`PREFIXES`] the scope's own directives set (bit i: the
/// i-th module).
fn sets(tree: &NginxTree, scope: ScopeId) -> u8 {
    let mut mask = 0;
    for d in tree.scope(scope).dirs() {
        let name = tree.dir(*d).name();
        for (i, (_, names)) in PREFIXES.iter().enumerate() {
            if names.contains(&name) {
                mask |= 1 << i;
            }
        }
    }
    mask
}

/// The merged values of one module at one scope.
struct Values {
    prefix: &'static str,
    buffer_size: Setting<u64>,
    /// `*_buffers`: (number, size).
    bufs: Setting<(u64, u64)>,
    busy: Setting<Option<u64>>,
    temp: Setting<Option<u64>>,
    max_temp: Setting<Option<u64>>,
}

/// A size directive's value: `None` when the value is invalid (invalid-value
/// reports it).
fn size(tree: &NginxTree, scope: ScopeId, name: &str, default: u64) -> Option<Setting<u64>> {
    let s = tree.effective_size(scope, name, default);
    Some(Setting {
        value: s.value?,
        dir: s.dir,
    })
}

/// A size directive with no fixed default (computed from the buffer size).
fn optional_size(tree: &NginxTree, scope: ScopeId, name: &str) -> Option<Setting<Option<u64>>> {
    match tree.effective(scope, name) {
        None => Some(Setting {
            value: None,
            dir: None,
        }),
        Some(d) => Some(Setting {
            value: Some(units::nginx_size(tree.dir(d).arg(0)?)?),
            dir: Some(d),
        }),
    }
}

/// `*_buffers NUMBER SIZE` (`ngx_conf_set_bufs_slot`: both at least 1).
fn bufs(tree: &NginxTree, scope: ScopeId, name: &str) -> Option<Setting<(u64, u64)>> {
    let Some(d) = tree.effective(scope, name) else {
        return Some(Setting {
            value: (8, PAGE),
            dir: None,
        });
    };
    let dir = tree.dir(d);
    if dir.args.len() != 2 {
        return None;
    }
    let num_text = dir.arg(0)?;
    if num_text.is_empty() || !num_text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num: u64 = num_text.parse().ok()?;
    let size = units::nginx_size(dir.arg(1)?)?;
    (num >= 1 && size >= 1).then_some(Setting {
        value: (num, size),
        dir: Some(d),
    })
}

/// Which of nginx's checks failed, and the directives that fed it.
struct Failure {
    /// 1 to 5, in nginx's order.
    check: u8,
    message: String,
    inputs: Vec<Option<DirId>>,
}

impl Values {
    fn at(
        tree: &NginxTree,
        scope: ScopeId,
        prefix: &'static str,
        names: &[&str; 5],
    ) -> Option<Values> {
        Some(Values {
            prefix,
            buffer_size: size(tree, scope, names[0], PAGE)?,
            bufs: bufs(tree, scope, names[1])?,
            busy: optional_size(tree, scope, names[2])?,
            temp: optional_size(tree, scope, names[3])?,
            max_temp: optional_size(tree, scope, names[4])?,
        })
    }

    /// `max(buffer_size, one of the buffers)`.
    fn size(&self) -> u64 {
        self.buffer_size.value.max(self.bufs.value.1)
    }

    /// The directive that sets the larger of the two sizes (None: both defaults).
    fn size_dir(&self) -> Option<DirId> {
        if self.buffer_size.value >= self.bufs.value.1 {
            self.buffer_size.dir.or(self.bufs.dir)
        } else {
            self.bufs.dir.or(self.buffer_size.dir)
        }
    }

    fn busy(&self) -> u64 {
        self.busy.value.unwrap_or(2 * self.size())
    }

    /// What all buffers but one hold.
    fn all_but_one(&self) -> u64 {
        let (num, size) = self.bufs.value;
        num.saturating_sub(1).saturating_mul(size)
    }

    /// nginx's checks in its order (`ngx_http_fastcgi_merge_loc_conf` and its
    /// siblings): it stops at the first that fails.
    fn first_failure(&self) -> Option<Failure> {
        let p = self.prefix;
        let size = self.size();
        let largest = || {
            format!(
                "the maximum of the value of \"{p}_buffer_size\" and one of the \"{p}_buffers\""
            )
        };
        if self.bufs.value.0 < 2 {
            return Some(Failure {
                check: 1,
                message: format!("there must be at least 2 \"{p}_buffers\""),
                inputs: vec![self.bufs.dir],
            });
        }
        let busy = self.busy();
        if busy < size {
            return Some(Failure {
                check: 2,
                message: format!(
                    "\"{p}_busy_buffers_size\" must be equal to or greater than {}",
                    largest()
                ),
                inputs: vec![self.busy.dir, self.size_dir()],
            });
        }
        if busy > self.all_but_one() {
            let mut inputs = vec![self.bufs.dir, self.busy.dir];
            if self.busy.dir.is_none() {
                inputs.push(self.size_dir());
            }
            return Some(Failure {
                check: 3,
                message: format!(
                    "\"{p}_busy_buffers_size\" must be less than the size of all \"{p}_buffers\" minus one buffer"
                ),
                inputs,
            });
        }
        if self.temp.value.unwrap_or(2 * size) < size {
            return Some(Failure {
                check: 4,
                message: format!(
                    "\"{p}_temp_file_write_size\" must be equal to or greater than {}",
                    largest()
                ),
                inputs: vec![self.temp.dir, self.size_dir()],
            });
        }
        let max_temp = self.max_temp.value.unwrap_or(MAX_TEMP_DEFAULT);
        if max_temp != 0 && max_temp < size {
            return Some(Failure {
                check: 5,
                message: format!(
                    "\"{p}_max_temp_file_size\" must be equal to zero to disable temporary files usage or must be equal to or greater than {}",
                    largest()
                ),
                inputs: vec![self.max_temp.dir, self.size_dir()],
            });
        }
        None
    }
}

/// `fastcgi_buffers` that satisfy check 3 for the busy size these values give,
/// keeping the configured buffer size (or, for the default 4k buffers, buffers
/// half the buffer size, as the usual advice has it).
fn suggested_bufs(v: &Values) -> (u64, u64) {
    let (num, cur) = v.bufs.value;
    let each = if v.bufs.dir.is_some() {
        cur
    } else {
        (v.buffer_size.value / 2).max(PAGE)
    };
    let size = v.buffer_size.value.max(each);
    let busy = v.busy.value.unwrap_or(2 * size);
    let needed = busy.div_ceil(each.max(1)) + 1;
    (num.max(needed).max(2), each)
}

fn report(tree: &NginxTree, scope: ScopeId, v: &Values, f: &Failure) -> Option<Diagnostic> {
    let p = v.prefix;
    let size = v.size();
    let (num, each) = v.bufs.value;
    let bufs_text = format!("{p}_buffers {num} {}", size_text(each));
    let bufs_note = if v.bufs.dir.is_some() {
        format!("`{bufs_text}`")
    } else {
        format!("`{bufs_text}` (nginx's default)")
    };
    let busy_note = match v.busy.dir {
        Some(_) => format!("{p}_busy_buffers_size {}", size_text(v.busy())),
        None => format!(
            "the default {p}_busy_buffers_size (2 × {} = {})",
            size_text(size),
            size_text(v.busy())
        ),
    };
    let (primary_dir, help, note) = match f.check {
        1 => (
            v.bufs.dir,
            {
                let (n, s) = suggested_bufs(v);
                format!("give nginx at least 2 buffers, e.g. `{p}_buffers {n} {};`", size_text(s))
            },
            None,
        ),
        2 => (
            v.busy.dir,
            if size <= v.all_but_one() {
                format!(
                    "set `{p}_busy_buffers_size` between {} and {}, or remove it (the default is twice the larger buffer size)",
                    size_text(size),
                    size_text(v.all_but_one())
                )
            } else {
                format!(
                    "remove `{p}_busy_buffers_size` (the default is twice the larger buffer size) or raise it to at least {}",
                    size_text(size)
                )
            },
            Some(format!(
                "{busy_note} is less than {}, the larger of {p}_buffer_size ({}) and one of {bufs_note}",
                size_text(size),
                size_text(v.buffer_size.value)
            )),
        ),
        3 => {
            let (n, s) = suggested_bufs(v);
            let help = match (v.busy.dir, v.buffer_size.dir) {
                (None, Some(_)) if v.bufs.dir.is_none() => format!(
                    "a larger {p}_buffer_size needs larger {p}_buffers: set `{p}_buffers {n} {};` alongside `{p}_buffer_size {};` ({} × {} = {} ≥ {})",
                    size_text(s),
                    size_text(v.buffer_size.value),
                    n - 1,
                    size_text(s),
                    size_text((n - 1) * s),
                    size_text(2 * v.buffer_size.value.max(s)),
                ),
                (None, _) => format!(
                    "set `{p}_buffers {n} {};` ({} × {} = {} ≥ {})",
                    size_text(s),
                    n - 1,
                    size_text(s),
                    size_text((n - 1) * s),
                    size_text(2 * v.buffer_size.value.max(s)),
                ),
                (Some(_), _) if size <= v.all_but_one() => format!(
                    "lower `{p}_busy_buffers_size` to at most {} (all buffers but one), or set `{p}_buffers {n} {};`",
                    size_text(v.all_but_one()),
                    size_text(s)
                ),
                (Some(_), _) => format!(
                    "set `{p}_buffers {n} {};` so that all buffers but one hold {}",
                    size_text(s),
                    size_text(v.busy())
                ),
            };
            let primary = v
                .busy
                .dir
                .or(v.buffer_size.dir.filter(|_| v.buffer_size.value >= each))
                .or(v.bufs.dir);
            (
                primary,
                help,
                Some(format!(
                    "{busy_note} is more than all buffers but one of {bufs_note}: {} × {} = {}",
                    num - 1,
                    size_text(each),
                    size_text(v.all_but_one())
                )),
            )
        }
        4 => (
            v.temp.dir,
            format!(
                "raise `{p}_temp_file_write_size` to at least {}, or remove it (the default is twice the larger buffer size)",
                size_text(size)
            ),
            Some(format!(
                "{p}_temp_file_write_size {} is less than {}, the larger of {p}_buffer_size and one of {bufs_note}",
                size_text(v.temp.value.unwrap_or(0)),
                size_text(size)
            )),
        ),
        _ => (
            v.max_temp.dir,
            format!(
                "set `{p}_max_temp_file_size` to 0 (no temporary files) or to at least {}",
                size_text(size)
            ),
            Some(format!(
                "{p}_max_temp_file_size {} is less than {}, the larger of {p}_buffer_size and one of {bufs_note}",
                size_text(v.max_temp.value.unwrap_or(0)),
                size_text(size)
            )),
        ),
    };
    // nginx's defaults pass every check: a failure always has a directive.
    let primary_dir = primary_dir.or_else(|| f.inputs.iter().flatten().next().copied())?;
    let block = tree.scope(scope).dir().map(|d| tree.dir(d).span);
    let primary = Label::new(
        tree.dir(primary_dir).span,
        input_label(tree, v, f.check, primary_dir),
    );
    let mut rest: Vec<DirId> = f
        .inputs
        .iter()
        .flatten()
        .filter(|i| **i != primary_dir)
        .copied()
        .collect();
    rest.sort();
    rest.dedup();
    let mut d = Diagnostic::new(
        META.name,
        META.severity,
        format!("nginx refuses to start: {}", f.message),
        primary,
    );
    for i in rest {
        d = d.with_label(Label::new(
            tree.dir(i).span,
            input_label(tree, v, f.check, i),
        ));
    }
    // Where nginx meets the merged values, when nothing of them is written there.
    let local = f
        .inputs
        .iter()
        .flatten()
        .any(|i| tree.dir(*i).scope == scope);
    if let Some(b) = block.filter(|_| !local) {
        d = d.with_label(Label::new(
            b,
            "inherited here: nginx checks the merged values of every block like this one",
        ));
    }
    if let Some(n) = note {
        d = d.with_note(n);
    }
    if tree.root_kind != ScopeKind::Main {
        d = d.with_note(
            "this file is not included from an nginx.conf fpmlint found: what it does not set is taken as nginx's default",
        );
    }
    Some(d.with_help(help))
}

/// What one input directive contributes.
fn input_label(tree: &NginxTree, v: &Values, check: u8, d: DirId) -> String {
    let dir = tree.dir(d);
    let p = v.prefix;
    let name = dir.name();
    if name == format!("{p}_buffer_size") {
        let mut s = format!("buffer size {}", size_text(v.buffer_size.value));
        if check == 3 && v.busy.dir.is_none() && v.buffer_size.value >= v.bufs.value.1 {
            s.push_str(&format!(
                ": the default busy size becomes 2 × {} = {}",
                size_text(v.buffer_size.value),
                size_text(v.busy())
            ));
        }
        s
    } else if name == format!("{p}_buffers") {
        let (num, each) = v.bufs.value;
        if num < 2 {
            return format!("only {num} buffer of {}", size_text(each));
        }
        format!(
            "{num} buffers of {}: all but one hold {}",
            size_text(each),
            size_text(v.all_but_one())
        )
    } else if name == format!("{p}_busy_buffers_size") {
        format!("busy buffers {}", size_text(v.busy()))
    } else {
        format!("{name} {}", dir.arg(0).unwrap_or(""))
    }
}

#[cfg(test)]
mod tests {
    use super::PREFIXES;

    #[test]
    fn each_module_checks_its_own_five_directives() {
        for (prefix, names) in PREFIXES {
            let suffixes = names.map(|n| n.strip_prefix(&format!("{prefix}_")).unwrap_or(n));
            assert_eq!(
                suffixes,
                [
                    "buffer_size",
                    "buffers",
                    "busy_buffers_size",
                    "temp_file_write_size",
                    "max_temp_file_size"
                ],
                "{prefix}"
            );
        }
    }
}
