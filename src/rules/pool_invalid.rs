//! pool-invalid: the startup checks php-fpm runs on each pool after reading the
//! configuration (`fpm_conf_process_all_pools`) and on `[global]`
//! (`fpm_conf_post_process`), in php-fpm's order, each with php-fpm's own message.

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::{FpmTree, Pm, Pool, Setting};
use crate::project::Project;
use crate::rules::Category;
use crate::units;

crate::declare_rule!(
    "pool-invalid",
    Severity::Error,
    Category::Startup,
    "a php-fpm pool or [global] fails php-fpm's startup checks: it refuses to start",
    check = check
);

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    // A lone pool file that only reopens a pool of a whole configuration (a
    // Docker override such as zz-app.conf tuning [www]) is meant to be
    // included into it: its pools are not checked on their own.
    let whole: std::collections::HashSet<String> = project
        .fpm
        .iter()
        .filter(|t| !t.fragment)
        .flat_map(|t| t.pools.iter().map(|p| p.name.to_ascii_lowercase()))
        .collect();
    // A section named from the environment (`[${PHP_FPM_POOL}]`) is one pool whose
    // name php-fpm knows only when it starts: beside a pool with a name, it may
    // well reopen that pool, so it is not judged as a pool of its own.
    let named: Vec<&str> = project
        .fpm
        .iter()
        .flat_map(|t| t.pools.iter())
        .map(|p| p.name.as_str())
        .filter(|n| !n.contains("${"))
        .collect();
    for tree in &project.fpm {
        let symbolic = |p: &Pool| p.name.contains("${") && !named.is_empty();
        let overlay = |p: &Pool| {
            (tree.fragment && whole.contains(&p.name.to_ascii_lowercase())) || symbolic(p)
        };
        check_tree(tree, &overlay, out);
        for p in tree.pools.iter().filter(|p| symbolic(p)) {
            out.push(
                Diagnostic::new(
                    META.name,
                    Severity::Info,
                    format!(
                        "the name of pool [{}] comes from the environment: if it names [{}], these lines change that pool; as a pool of its own it would need `listen`, `pm` and `user`, or php-fpm refuses to start",
                        p.name,
                        named.join("], [")
                    ),
                    Label::new(p.header, "known only when php-fpm starts"),
                )
                .with_note("fpmlint does not know the variable's value here, so it does not judge this section as a pool of its own"),
            );
        }
    }
}

/// `ZLOG_MIN_LIMIT`.
const LOG_LIMIT_MIN: i64 = 512;
/// Event mechanisms of php-fpm on Linux (`fpm_event_pre_init`).
const LINUX_EVENTS: [&str; 3] = ["epoll", "poll", "select"];
/// The sentinel php-fpm uses for "process.priority not set".
const PRIORITY_UNSET: i64 = 64;

const ROOT_NOTE: &str = "fpmlint assumes the master process runs as root, as under systemd and in the official Docker image";

fn refuses(msg: String) -> String {
    format!("php-fpm refuses to start: `{msg}`")
}

/// One value a check reads: a label where it is written, a note when it is
/// php-fpm's default.
struct Part<'a> {
    setting: Option<&'a Setting>,
    key: &'a str,
    text: String,
}

/// Build a finding from the parts a check read: the first written one is the
/// primary label; defaults become notes; with nothing written, the pool header.
fn finding(
    message: String,
    header: (crate::source::Span, String),
    parts: Vec<Part<'_>>,
    help: &str,
) -> Diagnostic {
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    for p in parts {
        match p.setting.and_then(|s| s.line_span()) {
            Some(span) => labels.push(Label::new(span, p.text)),
            None => notes.push(format!("`{}` is not set: {}", p.key, p.text)),
        }
    }
    let mut it = labels.into_iter();
    let primary = it
        .next()
        .unwrap_or_else(|| Label::new(header.0, header.1.clone()));
    let mut d = Diagnostic::new(META.name, Severity::Error, message, primary).with_help(help);
    for l in it {
        d = d.with_label(l);
    }
    for n in notes {
        d = d.with_note(n);
    }
    d
}

/// An integer option: `(value, setting)`; `None` when its text is not a valid
/// integer (fpm-invalid-value reports it) or when it has no value and no default.
fn int(p: &Pool, key: &str) -> Option<i64> {
    units::fpm_integer(&p.get(key)?.value)
}

fn secs(p: &Pool, key: &str) -> Option<(i64, Setting)> {
    let s = p.get(key)?;
    let t = units::fpm_time(&s.value).ok()?;
    Some((t.seconds, s))
}

fn part<'a>(setting: Option<&'a Setting>, key: &'a str, text: String) -> Part<'a> {
    Part { setting, key, text }
}

fn written<'a>(p: &'a Pool, key: &str) -> Option<&'a Setting> {
    p.settings.get(key)
}

fn check_tree(tree: &FpmTree, overlay: &dyn Fn(&Pool) -> bool, out: &mut Vec<Diagnostic>) {
    global_checks(tree, out);
    for pool in tree.pools.iter().filter(|p| !overlay(p)) {
        check_pool(tree, pool, out);
    }
}

fn global_checks(tree: &FpmTree, out: &mut Vec<Diagnostic>) {
    // No pool at all. Only for a configuration that is certainly whole: it has
    // [global] lines and no include= (whose files may live on the host only).
    if tree.pools.is_empty() {
        // A file without any `[section]` is a fragment meant for inclusion.
        let has_global = tree.read.iter().any(|r| r.pool.is_none())
            && tree.read.iter().any(|r| r.section.is_some());
        let has_include = tree
            .read
            .iter()
            .any(|r| r.entry.key == "include" && r.entry.subkey.is_none());
        if has_global && !has_include {
            if let Some(first) = tree.read.first() {
                out.push(
                    Diagnostic::new(
                        META.name,
                        Severity::Error,
                        refuses("No pool defined. at least one pool section must be specified in config file".into()),
                        Label::new(first.section.unwrap_or(first.entry.span), "this file defines [global] options and no pool"),
                    )
                    .with_help("add a pool section (`[www]` with user, listen, pm and pm.max_children), or an `include=` of the pool files"),
                );
            }
        }
    }
    let g = &tree.global;
    if let Some(s) = g.get("process.max") {
        if units::fpm_integer(&s.value).is_some_and(|n| n < 0) {
            out.push(single(
                s,
                "process_max can't be negative".into(),
                "a negative process count",
                "write `process.max = 0` (no limit) or a positive count",
            ));
        }
    }
    if let Some(s) = g.get("log_limit") {
        if units::fpm_integer(&s.value).is_some_and(|n| n < LOG_LIMIT_MIN) {
            out.push(single(
                s,
                format!("log_limit must be greater than {LOG_LIMIT_MIN}"),
                &format!("`{}`: below php-fpm's minimum of {LOG_LIMIT_MIN}", s.value),
                "write `log_limit = 1024` (the default) or any value of at least 512",
            ));
        }
    }
    if let Some(s) = g.get("process.priority") {
        if let Some(n) = units::fpm_integer(&s.value) {
            if n != PRIORITY_UNSET && !(-19..=20).contains(&n) {
                out.push(single(
                    s,
                    "process.priority must be included into [-19,20]".into(),
                    "outside -19..20",
                    "write a nice value from -19 to 20, or remove the line",
                ));
            }
        }
    }
    if let Some(s) = g.get("events.mechanism") {
        let v = s.value.as_str();
        if !v.is_empty() && !LINUX_EVENTS.iter().any(|m| v.eq_ignore_ascii_case(m)) {
            out.push(
                single(
                    s,
                    format!("event mechanism '{v}' is not available on this system"),
                    "not an event mechanism of Linux",
                    "remove the line (php-fpm picks epoll), or write `events.mechanism = epoll`",
                )
                .with_note("on Linux php-fpm has epoll, poll and select; kqueue, /dev/poll and port exist on BSD, macOS and Solaris builds only"),
            );
        }
    }
}

fn single(s: &Setting, msg: String, label: &str, help: &str) -> Diagnostic {
    let span = s
        .line_span()
        .expect("explicit [global] settings are written");
    Diagnostic::new(
        META.name,
        Severity::Error,
        refuses(msg),
        Label::new(span, label.to_string()),
    )
    .with_help(help)
}

/// Keys of a pool whose checks need their value.
const CHECKED_KEYS: [&str; 12] = [
    "listen",
    "pm",
    "pm.max_children",
    "pm.start_servers",
    "pm.min_spare_servers",
    "pm.max_spare_servers",
    "pm.process_idle_timeout",
    "pm.max_spawn_rate",
    "process.priority",
    "pm.status_path",
    "ping.path",
    "ping.response",
];

fn check_pool(tree: &FpmTree, p: &Pool, out: &mut Vec<Diagnostic>) {
    let name = p.name.as_str();
    let hdr = |what: &str| (p.header, format!("pool [{name}] {what}"));

    // Values from variables fpmlint has no value for: their checks are left out.
    let unknown: Vec<&Setting> = CHECKED_KEYS
        .iter()
        .filter_map(|k| written(p, k))
        .filter(|s| s.is_unknown())
        .collect();
    if let Some(first) = unknown.first() {
        let mut d = Diagnostic::new(
            META.name,
            Severity::Info,
            format!(
                "the startup checks of pool [{name}] that read {} are left out: the value comes from the environment and fpmlint does not know it",
                unknown
                    .iter()
                    .map(|s| format!("`{}`", s.key))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Label::new(
                first.line_span().expect("a value with a variable is written"),
                "value known only when php-fpm starts",
            ),
        )
        .with_help("set the variable where the deployment can be read (compose `environment:` or `env_file:`, the Dockerfile's `ENV`, the systemd unit's `Environment=`), or write the value");
        for s in unknown.iter().skip(1) {
            if let Some(sp) = s.line_span() {
                d = d.with_label(Label::new(sp, "also from the environment"));
            }
        }
        for s in &unknown {
            d = d.with_note(s.unknown_note().unwrap_or_default());
        }
        out.push(d);
    }

    // #2: user (the master runs as root, without -R). Certain for a system
    // layout (a service started by root); in a repository (a container image,
    // whose php-fpm may run as an unprivileged user) it is only a warning.
    // A master known to run unprivileged (the container's USER, compose
    // `user:`) needs no `user`: its workers run as itself.
    if written(p, "user").is_none() && !tree.ctx.unprivileged_master() {
        let mut d = finding(
            refuses(format!("[pool {name}] user has not been defined")),
            hdr("sets no `user`"),
            vec![],
            "add `user = www-data` (the account the PHP workers run as) to the pool",
        )
        .with_note(ROOT_NOTE);
        if tree.ctx.roots.partial_tree() {
            d.severity = Severity::Warning;
            d.message = format!("if its master runs as root, {}", d.message);
        }
        out.push(d);
    }
    // #3: listen.
    let listen = written(p, "listen");
    if listen.is_none_or(|s| s.value.is_empty()) {
        out.push(finding(
            refuses(format!("[pool {name}] no listen address have been defined!")),
            hdr("sets no `listen`"),
            match listen {
                Some(l) => vec![part(Some(l), "listen", "empty".into())],
                None => vec![],
            },
            "add `listen = /run/php/php-fpm.sock` (or `127.0.0.1:9000`): the address nginx's fastcgi_pass points to",
        ));
    }
    // #4: process.priority.
    if let Some(s) = written(p, "process.priority") {
        if let Some(n) = units::fpm_integer(&s.value) {
            if n != PRIORITY_UNSET && !(-19..=20).contains(&n) {
                out.push(finding(
                    refuses(format!(
                        "[pool {name}] process.priority must be included into [-19,20]"
                    )),
                    hdr(""),
                    vec![part(Some(s), "process.priority", "outside -19..20".into())],
                    "write a nice value from -19 to 20, or remove the line",
                ));
            }
        }
    }
    // #5: pm.
    let pm_set = written(p, "pm");
    let pm = p.pm();
    if pm_set.is_none() {
        out.push(finding(
            refuses(format!(
                "[pool {name}] the process manager is missing (static, dynamic or ondemand)"
            )),
            hdr("sets no `pm`"),
            vec![],
            "add `pm = dynamic` (or static, or ondemand) to the pool",
        ));
    }
    // #6: pm.max_children.
    let children = int(p, "pm.max_children");
    let children_w = written(p, "pm.max_children");
    if let Some(c) = children {
        if c < 1 {
            out.push(finding(
                refuses(format!("[pool {name}] pm.max_children must be a positive value")),
                hdr("sets no `pm.max_children`"),
                vec![part(
                    children_w,
                    "pm.max_children",
                    if children_w.is_some() {
                        format!("{c}: no worker could ever run")
                    } else {
                        format!("php-fpm's default is {c}")
                    },
                )],
                "set `pm.max_children` to the most PHP workers the memory allows, e.g. `pm.max_children = 5`",
            ));
        }
    }
    match pm {
        Some(Pm::Dynamic) => dynamic(p, children, children_w, out),
        Some(Pm::Ondemand) => ondemand(tree, p, out),
        _ => {}
    }
    // #18-20 and #21-23: the status and ping paths.
    if let Some(s) = written(p, "pm.status_path").filter(|s| !s.value.is_empty() && !s.is_unknown())
    {
        let listener = written(p, "pm.status_listen").is_some_and(|l| !l.value.is_empty());
        if let Some(d) = uri_path(p, s, "status path", !listener) {
            out.push(d);
        }
    }
    let ping = written(p, "ping.path").filter(|s| !s.value.is_empty() && !s.is_unknown());
    if let Some(s) = ping {
        if let Some(d) = uri_path(p, s, "ping path", true) {
            out.push(d);
        }
        // #24: ping.response.
        if let Some(r) =
            written(p, "ping.response").filter(|r| r.value.is_empty() && !r.is_unknown())
        {
            out.push(finding(
                refuses(format!(
                    "[pool {name}] the ping response page '' is not long enough"
                )),
                hdr(""),
                vec![part(Some(r), "ping.response", "empty".into())],
                "write the text the ping answers, e.g. `ping.response = pong`, or remove the line",
            ));
        }
    }
    // #26, #28, #29: slowlog.
    let slowlog = written(p, "slowlog").filter(|s| !s.value.is_empty());
    let slow_t = secs(p, "request_slowlog_timeout");
    if let Some((t, s)) = &slow_t {
        if *t > 0 && slowlog.is_none() {
            out.push(finding(
                refuses(format!(
                    "[pool {name}] 'slowlog' must be specified for use with 'request_slowlog_timeout'"
                )),
                hdr(""),
                vec![part(Some(s), "request_slowlog_timeout", format!("{t}s: slow requests are traced, but to no file"))],
                "add `slowlog = /var/log/php-fpm/$pool.slow.log` (a file the master can create), or remove request_slowlog_timeout",
            ));
        }
    }
    if let (Some((slow, ss)), Some((term, ts))) = (&slow_t, secs(p, "request_terminate_timeout")) {
        if term != 0 && *slow > term {
            out.push(finding(
                refuses(format!(
                    "[pool {name}] 'request_slowlog_timeout' ({slow}) can't be greater than 'request_terminate_timeout' ({term})"
                )),
                hdr(""),
                vec![
                    part(Some(ss), "request_slowlog_timeout", format!("{slow}s: slow requests are traced after this long")),
                    part(Some(&ts), "request_terminate_timeout", format!("{term}s: requests are killed before the slowlog would trace them")),
                ],
                "make request_slowlog_timeout shorter than request_terminate_timeout",
            ));
        }
    }
    if let Some(s) = written(p, "request_slowlog_trace_depth") {
        if let Some(depth) = units::fpm_integer(&s.value).filter(|d| *d != 0) {
            if slowlog.is_none() {
                out.push(finding(
                    refuses(format!(
                        "[pool {name}] 'slowlog' must be specified for use with 'request_slowlog_trace_depth'"
                    )),
                    hdr(""),
                    vec![part(Some(s), "request_slowlog_trace_depth", "set without a slowlog file".into())],
                    "add `slowlog = ...`, or remove request_slowlog_trace_depth",
                ));
            } else if depth < 0 {
                out.push(finding(
                    refuses(format!(
                        "[pool {name}] 'request_slowlog_trace_depth' ({depth}) must be a positive value"
                    )),
                    hdr(""),
                    vec![part(Some(s), "request_slowlog_trace_depth", "negative".into())],
                    "write a positive depth (the default is 20)",
                ));
            }
        }
    }
}

fn dynamic(
    p: &Pool,
    children: Option<i64>,
    children_s: Option<&Setting>,
    out: &mut Vec<Diagnostic>,
) {
    let name = p.name.as_str();
    let hdr = (p.header, format!("pool [{name}] uses pm = dynamic"));
    let (Some(min), Some(max)) = (
        int(p, "pm.min_spare_servers"),
        int(p, "pm.max_spare_servers"),
    ) else {
        return;
    };
    let min_w = written(p, "pm.min_spare_servers");
    let max_w = written(p, "pm.max_spare_servers");
    let default = |n: i64| format!("php-fpm's default is {n}");
    let min_text = |extra: &str| {
        if min_w.is_some() {
            format!("{min}{extra}")
        } else {
            default(min)
        }
    };
    let max_text = |extra: &str| {
        if max_w.is_some() {
            format!("{max}{extra}")
        } else {
            default(max)
        }
    };
    let mut failed = false;
    // #7, #8.
    if min <= 0 {
        failed = true;
        out.push(finding(
            refuses(format!(
                "[pool {name}] pm.min_spare_servers({min}) must be a positive value"
            )),
            hdr.clone(),
            vec![Part {
                setting: min_w,
                key: "pm.min_spare_servers",
                text: min_text(""),
            }],
            "set `pm.min_spare_servers` to at least 1 (the idle workers kept ready)",
        ));
    }
    if max <= 0 {
        failed = true;
        out.push(finding(
            refuses(format!(
                "[pool {name}] pm.max_spare_servers({max}) must be a positive value"
            )),
            hdr.clone(),
            vec![Part {
                setting: max_w,
                key: "pm.max_spare_servers",
                text: max_text(""),
            }],
            "set `pm.max_spare_servers` to at least pm.min_spare_servers",
        ));
    }
    // #9, #10.
    if let Some(c) = children.filter(|c| *c >= 1) {
        if min > c || max > c {
            failed = true;
            out.push(finding(
                refuses(format!(
                    "[pool {name}] pm.min_spare_servers({min}) and pm.max_spare_servers({max}) cannot be greater than pm.max_children({c})"
                )),
                hdr.clone(),
                vec![
                    Part { setting: if max > c { max_w } else { min_w }, key: if max > c { "pm.max_spare_servers" } else { "pm.min_spare_servers" }, text: if max > c { max_text(" spare workers") } else { min_text(" spare workers") } },
                    Part { setting: children_s, key: "pm.max_children", text: format!("at most {c} workers in all") },
                ],
                "raise pm.max_children, or lower the spare counts to at most pm.max_children",
            ));
        }
    }
    if min > 0 && max > 0 && max < min {
        failed = true;
        out.push(finding(
            refuses(format!(
                "[pool {name}] pm.max_spare_servers({max}) must not be less than pm.min_spare_servers({min})"
            )),
            hdr.clone(),
            vec![
                Part { setting: max_w, key: "pm.max_spare_servers", text: max_text("") },
                Part { setting: min_w, key: "pm.min_spare_servers", text: min_text("") },
            ],
            "make pm.max_spare_servers at least pm.min_spare_servers",
        ));
    }
    if !failed {
        // #11, #12: pm.start_servers, computed when unset or not positive.
        let start_w = written(p, "pm.start_servers");
        let explicit = start_w.and_then(|s| units::fpm_integer(&s.value));
        if start_w.is_none() || explicit.is_some() {
            let start = match explicit {
                Some(n) if n > 0 => n,
                _ => min + (max - min) / 2,
            };
            if start < min || start > max {
                out.push(finding(
                    refuses(format!(
                        "[pool {name}] pm.start_servers({start}) must not be less than pm.min_spare_servers({min}) and not greater than pm.max_spare_servers({max})"
                    )),
                    hdr.clone(),
                    vec![
                        Part { setting: start_w, key: "pm.start_servers", text: format!("{start} workers at start") },
                        Part { setting: min_w, key: "pm.min_spare_servers", text: min_text(": the lower bound") },
                        Part { setting: max_w, key: "pm.max_spare_servers", text: max_text(": the upper bound") },
                    ],
                    &format!(
                        "set pm.start_servers between {min} and {max}, or remove it: php-fpm then starts min + (max - min) / 2 = {} workers",
                        min + (max - min) / 2
                    ),
                ));
            }
        }
    }
    // #13: pm.max_spawn_rate.
    if let Some(rate) = int(p, "pm.max_spawn_rate") {
        if rate < 1 {
            out.push(finding(
                refuses(format!(
                    "[pool {name}] pm.max_spawn_rate must be a positive value"
                )),
                hdr,
                vec![Part {
                    setting: written(p, "pm.max_spawn_rate"),
                    key: "pm.max_spawn_rate",
                    text: format!("{rate}: no worker could ever be spawned"),
                }],
                "write a positive rate (the default is 32), or remove the line",
            ));
        }
    }
}

fn ondemand(tree: &FpmTree, p: &Pool, out: &mut Vec<Diagnostic>) {
    let name = p.name.as_str();
    let hdr = (p.header, format!("pool [{name}] uses pm = ondemand"));
    // #14: an edge-triggered event mechanism (epoll on Linux).
    if let Some(ev) = tree.global.get("events.mechanism") {
        let v = ev.value.as_str();
        let edge = v.eq_ignore_ascii_case("epoll") || v.eq_ignore_ascii_case("kqueue");
        if !v.is_empty() && !edge {
            let mut d = finding(
                refuses(format!(
                    "[pool {name}] ondemand process manager can ONLY be used when events.mechanism is either epoll (Linux) or kqueue (*BSD)."
                )),
                hdr.clone(),
                vec![Part { setting: written(p, "pm"), key: "pm", text: "ondemand needs an edge-triggered event mechanism (epoll on Linux)".into() }],
                "remove `events.mechanism` (php-fpm picks epoll on Linux), or use pm = dynamic",
            );
            if let Some(span) = ev.line_span() {
                d = d.with_label(Label::new(span, format!("`{v}`: not edge-triggered")));
            }
            out.push(d);
        }
    }
    // #15: pm.process_idle_timeout.
    if let Some((t, s)) = secs(p, "pm.process_idle_timeout") {
        if t < 1 {
            out.push(finding(
                refuses(format!(
                    "[pool {name}] pm.process_idle_timeout({t}s) must be greater than 0s"
                )),
                hdr,
                vec![Part { setting: Some(&s), key: "pm.process_idle_timeout", text: format!("{t}s: must be at least 1s") }],
                "write how long an idle worker lives, e.g. `pm.process_idle_timeout = 10s` (the default)",
            ));
        }
    }
}

/// `pm.status_path` / `ping.path`: starts with `/`, at least 2 characters (unless
/// checked off), only `[alphanum]/_-.~`.
fn uri_path(p: &Pool, s: &Setting, what: &str, check_len: bool) -> Option<Diagnostic> {
    let name = p.name.as_str();
    let v = s.value.as_str();
    let (msg, label, help) = if !v.starts_with('/') {
        (
            format!("[pool {name}] the {what} '{v}' must start with a '/'"),
            "a URI path starts with `/`",
            format!("write `/{v}`"),
        )
    } else if check_len && v.len() < 2 {
        (
            format!("[pool {name}] the {what} '{v}' is not long enough"),
            "`/` alone would catch every request",
            "name the page, e.g. `/status` or `/ping`".to_string(),
        )
    } else if !v
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/_-.~".contains(&b))
    {
        (
            format!(
                "[pool {name}] the {what} '{v}' must contain only the following characters '[alphanum]/_-.~'"
            ),
            "a character php-fpm does not allow here",
            "use only letters, digits and / _ - . ~".to_string(),
        )
    } else {
        return None;
    };
    Some(finding(
        refuses(msg),
        (p.header, String::new()),
        vec![Part {
            setting: Some(s),
            key: "",
            text: label.to_string(),
        }],
        &help,
    ))
}
