//! timeout-inversion: for each location and the pools it reaches, the chain
//! max_execution_time <= request_terminate_timeout <= fastcgi_read_timeout.

use super::{context_notes, pass_span, pool_of};
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::{FpmTree, Pool, Setting};
use crate::model::index::{Listener, Pass};
use crate::project::Project;
use crate::rules::Category;
use crate::source::Span;
use crate::units;

crate::declare_rule!(
    "timeout-inversion",
    Severity::Error,
    Category::Runtime,
    "max_execution_time <= request_terminate_timeout <= fastcgi_read_timeout does not hold: 502 or 504",
    check = check
);

/// A limit in seconds with where it comes from.
struct Limit {
    secs: i64,
    span: Option<Span>,
    from: String,
    setting: Option<Setting>,
}

/// Where a value comes from, with the variables it was resolved from.
fn with_env(project: &Project, from: String, s: &Setting) -> String {
    let env = s.env_description(&project.sources);
    if env.is_empty() {
        from
    } else {
        format!("{from}, {}", env.join(", "))
    }
}

fn max_execution_time(project: &Project, tree: &FpmTree, pool: &Pool) -> Limit {
    if let Some(s) = pool.php_ini_value("max_execution_time") {
        return Limit {
            secs: units::atoi(&s.value),
            span: s.line_span(),
            from: with_env(project, format!("{} of pool [{}]", s.key, pool.name), &s),
            setting: Some(s),
        };
    }
    if let Some(ini) = tree.php_ini.as_ref() {
        if let Some(s) = ini.get("max_execution_time") {
            // php.ini itself, or a file of the scan directory (read after it).
            let in_conf_d = s.line_span().is_some_and(|sp| {
                sp.file != ini.file
                    || project.sources.get(sp.file).path.file_name()
                        != Some(std::ffi::OsStr::new("php.ini"))
            });
            let from = if in_conf_d { "conf.d" } else { "php.ini" };
            return Limit {
                secs: units::atoi(&s.value),
                span: s.line_span(),
                from: with_env(project, from.into(), s),
                setting: Some(s.clone()),
            };
        }
    }
    Limit {
        secs: 30,
        span: None,
        from: "PHP's default".into(),
        setting: None,
    }
}

fn secs(n: i64) -> String {
    if n == 1 {
        "1 second".into()
    } else {
        format!("{n} seconds")
    }
}

fn ms_text(ms: u64) -> String {
    if ms.is_multiple_of(1000) {
        secs((ms / 1000) as i64)
    } else {
        format!("{ms} ms")
    }
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    if !super::active(project) {
        return;
    }
    let links = project.links();
    let mut both_off_done: Vec<(usize, usize)> = Vec::new();
    let mut unknown_done: Vec<(usize, usize)> = Vec::new();
    for pass in &links.passes {
        for li in links.reached_pools(pass) {
            let l = &links.listeners[li];
            check_pair(
                project,
                pass,
                l,
                (&mut both_off_done, &mut unknown_done),
                out,
            );
        }
    }
    apache(project, out);
}

/// Apache's wait for the backend (worker `timeout=`, else `ProxyTimeout`, else
/// `Timeout`) below the time PHP may run: 504 while the script goes on.
fn apache(project: &Project, out: &mut Vec<Diagnostic>) {
    let links = project.links();
    for ap in &links.apache {
        let tree = &project.apache[ap.tree];
        let h = &tree.handlers[ap.handler];
        let (wait, from) = tree.handler_timeout(h);
        for &li in &ap.reach.pools {
            let l = &links.listeners[li];
            let (ftree, pool) = pool_of(project, l);
            let met = max_execution_time(project, ftree, pool);
            let rtt = pool.request_terminate_timeout().unwrap_or(0);
            // How long the pool lets a request run: PHP's limit, cut by php-fpm's.
            let runs = match (met.secs > 0, rtt > 0) {
                (true, true) => met.secs.min(rtt),
                (true, false) => met.secs,
                (false, true) => rtt,
                (false, false) => continue,
            };
            if (wait as i64) >= runs {
                continue;
            }
            let declared = met.span.is_some() || (rtt > 0 && runs == rtt);
            let severity = if declared {
                Severity::Error
            } else {
                Severity::Warning
            };
            let setting = match from {
                Some(v) => {
                    let f = project.sources.get(v.line.file);
                    let name = f.slice(v.line).split_whitespace().next().unwrap_or("");
                    let name = if name.starts_with('<') || name.eq_ignore_ascii_case("ProxySet") {
                        "the worker's timeout="
                    } else {
                        name
                    };
                    name.to_string()
                }
                None => "httpd's default Timeout".to_string(),
            };
            let mut d = Diagnostic::new(
                META.name,
                severity,
                format!(
                    "a PHP request running past {} gets 504 Gateway Timeout: Apache stops waiting ({setting}) while pool [{}] lets it run {}; Apache logs `(70007)The timeout specified has expired` with `AH01075: Error dispatching request`, and the script goes on running",
                    secs(wait as i64),
                    pool.name,
                    secs(runs)
                ),
                Label::new(h.span, format!("PHP requests here go to pool [{}]", pool.name)),
            );
            if let Some(v) = from {
                d = d.with_label(Label::new(
                    v.line,
                    format!("Apache waits {} for each read", secs(wait as i64)),
                ));
            }
            if let Some(sp) = met.span {
                d = d.with_label(Label::new(
                    sp,
                    format!("max_execution_time: {} ({})", secs(met.secs), met.from),
                ));
            }
            if rtt > 0 {
                if let Some(sp) = pool
                    .get("request_terminate_timeout")
                    .and_then(|s| s.line_span())
                {
                    d = d.with_label(Label::new(
                        sp,
                        format!("request_terminate_timeout: {}", secs(rtt)),
                    ));
                }
            }
            if !declared {
                d = d.with_note(format!(
                    "the pool sets no limit: PHP's default max_execution_time ({}) applies; only scripts that run that long are cut",
                    secs(met.secs)
                ));
            }
            d = d.with_help(format!(
                "raise Apache's wait for this backend above {} (`ProxyTimeout {}`, or `timeout={}` on a <Proxy> worker for this backend), or lower the pool's limits",
                secs(runs),
                runs + 5,
                runs + 5
            ));
            out.push(context_notes(d, project, None, &[l]));
        }
    }
}

/// The (tree, pool) pairs a once-per-pool finding was given for.
type Done = Vec<(usize, usize)>;

fn check_pair(
    project: &Project,
    pass: &Pass,
    l: &Listener,
    (both_off_done, unknown_done): (&mut Done, &mut Done),
    out: &mut Vec<Diagnostic>,
) {
    let tree = &project.nginx[pass.tree];
    // php-fpm answers its status and ping pages at once.
    if crate::rules::group_nginx::fpm_page_location(project, tree, pass.scope, &[(l.tree, l.pool)])
    {
        return;
    }
    let (ftree, pool) = pool_of(project, l);
    let met = max_execution_time(project, ftree, pool);
    let rtt_setting = pool.get("request_terminate_timeout");
    // A limit from a variable fpmlint has no value for: say so, once per pool.
    let unknown: Vec<&Setting> = [met.setting.as_ref(), rtt_setting.as_ref()]
        .into_iter()
        .flatten()
        .filter(|s| s.is_unknown())
        .collect();
    if let Some(first) = unknown.first() {
        if !unknown_done.contains(&(l.tree, l.pool)) {
            unknown_done.push((l.tree, l.pool));
            let span = first
                .line_span()
                .expect("a value with a variable is written");
            let mut d = Diagnostic::info(
                META.name,
                format!(
                    "the timeouts of pool [{}] are not checked: {} comes from the environment and fpmlint does not know its value",
                    pool.name,
                    unknown.iter().map(|s| format!("`{}`", s.key)).collect::<Vec<_>>().join(" and ")
                ),
                Label::new(span, "value known only when php-fpm starts"),
            )
            .with_label(Label::new(
                pass_span(project, pass),
                format!("PHP requests here go to pool [{}]", pool.name),
            ))
            .with_help("set the variable where the deployment can be read (compose `environment:` or `env_file:`, the Dockerfile's `ENV`, the systemd unit's `Environment=`), or write the value");
            for s in unknown.iter().skip(1) {
                if let Some(sp) = s.line_span() {
                    d = d.with_label(Label::new(sp, "also from the environment"));
                }
            }
            for s in &unknown {
                d = d.with_note(s.unknown_note().unwrap_or_default());
            }
            out.push(context_notes(d, project, Some(pass), &[l]));
        }
        return;
    }
    let Some(rtt) = pool.request_terminate_timeout() else {
        return;
    };
    let rtt_span = rtt_setting.as_ref().and_then(|s| s.line_span());
    let rtt_env = |d: Diagnostic| -> Diagnostic {
        match rtt_setting.as_ref() {
            Some(s) if !s.env.resolved.is_empty() => d.with_note(format!(
                "request_terminate_timeout = {}: {}",
                s.value,
                s.env_description(&project.sources).join(", ")
            )),
            _ => d,
        }
    };
    let read = tree.effective_time(pass.scope, "fastcgi_read_timeout", 60_000);
    let Some(read_ms) = read.value else {
        return;
    };
    let read_span = read.dir.map(|d| tree.dir(d).span);
    let at = pass_span(project, pass);
    let met_label = |d: Diagnostic, what: String| -> Diagnostic {
        match met.span {
            Some(s) => d.with_label(Label::new(s, what)),
            None => d,
        }
    };

    // An explicit max_execution_time declares how long requests may run: a limit
    // below it fails requests the configuration itself allows (error). Below PHP's
    // default only, the failure depends on scripts fpmlint cannot see (warning).
    let declared = met.span.is_some();
    let severity = if declared {
        Severity::Error
    } else {
        Severity::Warning
    };

    // 1. php-fpm kills the worker before PHP's own limit.
    if rtt > 0 && met.secs > 0 && rtt < met.secs {
        let mut d = Diagnostic::new(
            META.name,
            severity,
            format!(
                "a PHP request running past {} gets 502 Bad Gateway: php-fpm kills the worker (request_terminate_timeout) before PHP's max_execution_time of {} can stop the script cleanly; nginx logs `recv() failed (104: Connection reset by peer) while reading response header from upstream`",
                secs(rtt),
                secs(met.secs)
            ),
            Label::new(at, format!("PHP requests here go to pool [{}]", pool.name)),
        );
        if let Some(s) = rtt_span {
            d = d.with_label(Label::new(
                s,
                format!("php-fpm kills the worker after {}", secs(rtt)),
            ));
        }
        d = met_label(
            d,
            format!("PHP would stop the script after {}", secs(met.secs)),
        );
        d = d.with_help(format!(
            "raise request_terminate_timeout of pool [{}] above max_execution_time ({}), or lower max_execution_time",
            pool.name,
            secs(met.secs)
        ));
        d = if declared {
            d.with_note(format!(
                "max_execution_time = {} ({}) declares that requests may run up to {}: every one that runs past {} fails",
                met.secs,
                met.from,
                secs(met.secs),
                secs(rtt)
            ))
        } else {
            d.with_note(format!(
                "max_execution_time is {}: {}; only requests that run past {} fail, which depends on the scripts",
                secs(met.secs),
                met.from,
                secs(rtt)
            ))
        };
        out.push(context_notes(rtt_env(d), project, Some(pass), &[l]));
    }

    // 2. nginx gives up before php-fpm does.
    let (limit, what, span) = if rtt > 0 {
        (rtt, "request_terminate_timeout", rtt_span)
    } else {
        (met.secs, "max_execution_time", met.span)
    };
    if limit > 0 && read_ms < (limit as u64).saturating_mul(1000) {
        let read_label = match read_span {
            Some(_) => format!("nginx waits at most {} for a response", ms_text(read_ms)),
            None => format!(
                "no fastcgi_read_timeout in effect: nginx waits at most {} (its default)",
                ms_text(read_ms)
            ),
        };
        // Error only when nginx cuts below an explicit max_execution_time: a
        // request_terminate_timeout is a backstop for hung workers, not a promise
        // that requests run that long.
        let cuts_declared = declared && met.secs > 0 && read_ms < (met.secs as u64) * 1000;
        let mut d = Diagnostic::new(
            META.name,
            if cuts_declared {
                Severity::Error
            } else {
                Severity::Warning
            },
            format!(
                "a PHP request running past {} gets 504 Gateway Time-out while php-fpm lets it run up to {}: nginx logs `upstream timed out (110: Connection timed out) while reading response header from upstream`, and the worker stays busy",
                ms_text(read_ms),
                secs(limit)
            ),
            match read_span {
                Some(s) => Label::new(s, read_label.clone()),
                None => Label::new(at, read_label.clone()),
            },
        );
        if read_span.is_some() {
            d = d.with_label(Label::new(
                at,
                format!("PHP requests here go to pool [{}]", pool.name),
            ));
        }
        if let Some(s) = span {
            d = d.with_label(Label::new(
                s,
                format!("{what}: the script may run {}", secs(limit)),
            ));
        }
        let backstop = rtt > 0 && met.secs > 0 && read_ms >= (met.secs as u64) * 1000;
        d = d.with_help(if backstop {
            format!(
                "lower request_terminate_timeout of pool [{}] to about {} (the time nginx waits) so a stuck worker is freed when nginx gives up, or raise fastcgi_read_timeout in this location if scripts may wait that long",
                pool.name,
                ms_text(read_ms)
            )
        } else {
            format!(
                "set `fastcgi_read_timeout {}s;` (or more) in this location, or lower {what} of pool [{}]",
                limit, pool.name
            )
        });
        if cuts_declared && span != met.span {
            d = met_label(
                d,
                format!("requests may run {} by this line", secs(met.secs)),
            );
        }
        d = if cuts_declared {
            d.with_note(format!(
                "max_execution_time = {} ({}) declares that requests may run up to {}: every one that runs past {} fails",
                met.secs,
                met.from,
                secs(met.secs),
                ms_text(read_ms)
            ))
        } else if met.secs > 0 && read_ms >= (met.secs as u64) * 1000 {
            d.with_note(format!(
                "max_execution_time is {} ({}) and counts CPU time only: only a script that waits (database, remote API, disk) past {} fails, which depends on the scripts and their traffic",
                secs(met.secs),
                met.from,
                ms_text(read_ms)
            ))
        } else {
            d.with_note(format!(
                "max_execution_time is {}: {}; only requests that run past {} fail, which depends on the scripts",
                secs(met.secs),
                met.from,
                ms_text(read_ms)
            ))
        };
        out.push(context_notes(rtt_env(d), project, Some(pass), &[l]));
    }

    // 3. Nothing stops a hung worker.
    if rtt == 0 && met.secs == 0 && !both_off_done.contains(&(l.tree, l.pool)) {
        both_off_done.push((l.tree, l.pool));
        let mut d = Diagnostic::info(
            META.name,
            format!(
                "nothing stops a hung PHP request in pool [{}]: request_terminate_timeout is off and max_execution_time is 0",
                pool.name
            ),
            Label::new(at, format!("PHP requests here go to pool [{}]", pool.name)),
        );
        d = met_label(d, "max_execution_time = 0: no PHP limit".into());
        if let Some(s) = rtt_span {
            d = d.with_label(Label::new(s, "0: off"));
        }
        d = d.with_help(format!(
            "set request_terminate_timeout in pool [{}] (a little above the longest request you expect) so stuck workers are killed",
            pool.name
        ));
        out.push(context_notes(d, project, Some(pass), &[l]));
    }
}
