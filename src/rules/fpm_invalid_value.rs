//! fpm-invalid-value: a value php-fpm's setter refuses (`unable to parse value for
//! entry ...`), or one it silently reads as something else (`1m30s` is 1 second).

use crate::diag::{Diagnostic, Label, Severity};
use crate::fpm::ast::{Entry, Value};
use crate::fpm::keys::{self, ValueType};
use crate::model::fpm::{FpmTree, ReadEntry};
use crate::project::Project;
use crate::rules::Category;
use crate::units;

crate::declare_rule!(
    "fpm-invalid-value",
    Severity::Error,
    Category::Startup,
    "a php-fpm value its parser refuses (it does not start), or silently misreads",
    check = check
);

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for tree in &project.fpm {
        for r in &tree.read {
            let Some(v) = &r.entry.value else { continue };
            if v.is_symbolic() {
                // `${VAR}`: the text is only known when php-fpm starts.
                continue;
            }
            let d = match &r.entry.subkey {
                Some((sub, _)) => array_value(tree, r, v, sub),
                None => option_value(r, v).map(|d| overridden(tree, r, d)),
            };
            out.extend(d);
        }
    }
}

/// A refused line that a later line overrides still stops php-fpm: say so.
fn overridden(tree: &FpmTree, r: &ReadEntry, d: Diagnostic) -> Diagnostic {
    if d.severity != Severity::Error {
        return d;
    }
    let lower = r.entry.key.to_ascii_lowercase();
    let last = match r.pool {
        None => tree.global.get(&lower),
        Some(i) => tree.pools.get(i).and_then(|p| p.settings.get(&lower)),
    };
    match last.and_then(|s| s.line_span()) {
        Some(span) if span != r.entry.span => d
            .with_label(Label::new(span, "a later line sets it again"))
            .with_note("php-fpm checks each line as it reads it: it stops at this line before the later one can replace it"),
        _ => d,
    }
}

/// Boolean strings php-fpm 8.2.20+ / 8.3.8+ also accepts (GH-13563); older releases
/// accept only `1` and the empty string (what the INI scanner makes of yes/no words).
const NEW_TRUE: [&str; 3] = ["yes", "true", "on"];
const NEW_FALSE: [&str; 5] = ["0", "no", "none", "false", "off"];

const LOG_LEVELS: [&str; 6] = ["debug", "notice", "warning", "warn", "error", "alert"];
const FACILITIES: [&str; 20] = [
    "AUTH", "AUTHPRIV", "CRON", "DAEMON", "FTP", "KERN", "LPR", "MAIL", "NEWS", "SYSLOG", "USER",
    "UUCP", "LOCAL0", "LOCAL1", "LOCAL2", "LOCAL3", "LOCAL4", "LOCAL5", "LOCAL6", "LOCAL7",
];

const NOT_A_NUMBER: &str = "is not a valid number (greater or equal than zero)";

fn refused(e: &Entry, v: &Value, why: &str, label: String, help: String) -> Diagnostic {
    Diagnostic::new(
        META.name,
        Severity::Error,
        format!(
            "php-fpm refuses to start: `unable to parse value for entry '{}': {why}`",
            e.key
        ),
        Label::new(v.span, label),
    )
    .with_help(help)
}

fn shown(v: &Value) -> String {
    if v.raw.is_empty() {
        "an empty value".to_string()
    } else {
        format!("`{}`", v.raw)
    }
}

fn option_value(r: &ReadEntry, v: &Value) -> Option<Diagnostic> {
    let e = &r.entry;
    let info = match r.pool {
        None => keys::global_key(&e.key)?,
        Some(_) => keys::pool_key(&e.key)?,
    };
    let text = v.text.as_str();
    match info.ty {
        ValueType::Integer => {
            if units::fpm_integer(text).is_some() {
                return None;
            }
            Some(refused(
                e,
                v,
                NOT_A_NUMBER,
                format!("{} is not a whole number", shown(v)),
                format!(
                    "write digits only (an optional leading `-`), no unit: `{}` takes a plain count",
                    info.name
                ),
            ))
        }
        ValueType::Time => time_value(e, v, info.name),
        ValueType::Bool => bool_value(e, v, info.name),
        ValueType::Pm => {
            let ok = ["static", "dynamic", "ondemand"]
                .iter()
                .any(|p| text.eq_ignore_ascii_case(p));
            (!ok).then(|| {
                refused(
                    e,
                    v,
                    "invalid process manager (static, dynamic or ondemand)",
                    format!("{} is not a process manager", shown(v)),
                    "write `pm = dynamic`, `pm = static` or `pm = ondemand`".to_string(),
                )
            })
        }
        ValueType::LogLevel => {
            let ok = LOG_LEVELS.iter().any(|l| text.eq_ignore_ascii_case(l));
            (!ok).then(|| {
                refused(
                    e,
                    v,
                    "invalid value for 'log_level'",
                    format!("{} is not a log level", shown(v)),
                    "write one of debug, notice, warning, error, alert".to_string(),
                )
            })
        }
        ValueType::RlimitCore => {
            if text.eq_ignore_ascii_case("unlimited") {
                return None;
            }
            match units::fpm_integer(text) {
                None => Some(refused(
                    e,
                    v,
                    NOT_A_NUMBER,
                    format!("{} is neither a number nor `unlimited`", shown(v)),
                    "write a size in bytes, `0`, or `unlimited`".to_string(),
                )),
                Some(n) if n < 0 => Some(refused(
                    e,
                    v,
                    "must be greater than zero or 'unlimited'",
                    format!("{} is negative", shown(v)),
                    "write `unlimited` for no limit, or `0` for no core files".to_string(),
                )),
                Some(_) => None,
            }
        }
        ValueType::SyslogFacility => {
            let ok = FACILITIES.iter().any(|f| text.eq_ignore_ascii_case(f));
            (!ok).then(|| {
                refused(
                    e,
                    v,
                    "invalid value",
                    format!("{} is not a syslog facility", shown(v)),
                    "write a facility such as `daemon` or `local0`..`local7`".to_string(),
                )
            })
        }
        ValueType::String | ValueType::Mode => None,
    }
}

fn time_value(e: &Entry, v: &Value, name: &str) -> Option<Diagnostic> {
    match units::fpm_time(&v.text) {
        Err(why) => {
            let label = if v.text.is_empty() {
                "a time needs a value".to_string()
            } else {
                format!(
                    "{} ends in neither a digit nor one of the lowercase units s, m, h, d",
                    shown(v)
                )
            };
            Some(refused(
                e,
                v,
                why,
                label,
                "write a whole number with at most one lowercase unit: `30s`, `5m`, `1h`, `1d` (`0` turns it off)"
                    .to_string(),
            ))
        }
        Ok(t) if t.misread => {
            let secs = t.seconds;
            let looks = units::nginx_time(&v.text, true)
                .or_else(|| units::nginx_time(&v.text, false))
                .filter(|ms| *ms != (secs.max(0) as u64) * 1000);
            let meant = match looks {
                Some(ms) => format!(", not {}", units::format_ms(ms)),
                None => String::new(),
            };
            let suggestion = match looks {
                Some(ms) if ms % 1000 == 0 => format!("`{}s`", ms / 1000),
                Some(ms) => format!("`{}s` (php-fpm counts whole seconds)", ms.div_ceil(1000)),
                None => "a whole number with one unit, e.g. `90s`".to_string(),
            };
            Some(
                Diagnostic::new(
                    META.name,
                    Severity::Warning,
                    format!(
                        "php-fpm starts but reads `{name} = {}` as {secs} second{}{meant}",
                        v.raw,
                        if secs == 1 { "" } else { "s" }
                    ),
                    Label::new(
                        v.span,
                        format!(
                            "php-fpm takes only the last character as the unit and reads the digits before the first other character as the number: {secs}s"
                        ),
                    ),
                )
                .with_help(format!("write {suggestion}")),
            )
        }
        Ok(_) => None,
    }
}

/// Whether a boolean text is accepted: `Ok(true)` by every release, `Ok(false)` only
/// by 8.2.20+ / 8.3.8+, `Err` by none.
fn bool_kind(text: &str) -> Result<bool, ()> {
    if text == "1" || text.is_empty() {
        Ok(true)
    } else if NEW_TRUE.contains(&text) || NEW_FALSE.contains(&text) {
        Ok(false)
    } else {
        Err(())
    }
}

fn bool_replacement(text: &str) -> &'static str {
    if NEW_TRUE.contains(&text) {
        "yes"
    } else {
        "no"
    }
}

fn bool_value(e: &Entry, v: &Value, name: &str) -> Option<Diagnostic> {
    match bool_kind(&v.text) {
        Ok(true) => None,
        Ok(false) => Some(old_release_warning(
            v,
            format!(
                "unable to parse value for entry '{}': invalid boolean value",
                e.key
            ),
            name,
        )),
        Err(()) => Some(refused(
            e,
            v,
            "invalid boolean value",
            format!("{} is not a boolean", shown(v)),
            "write `yes` or `no` (unquoted)".to_string(),
        )),
    }
}

fn old_release_warning(v: &Value, old_message: String, name: &str) -> Diagnostic {
    Diagnostic::new(
        META.name,
        Severity::Warning,
        format!(
            "php-fpm before 8.2.20 and 8.3.8 refuses to start: `{old_message}`; later releases accept it"
        ),
        Label::new(
            v.span,
            format!(
                "{} reaches php-fpm as the string `{}`: older releases take only yes/no words (or 1 and an empty value) for `{name}`",
                shown(v),
                v.text
            ),
        ),
    )
    .with_help(format!(
        "write `{}` unquoted: every php-fpm release reads it",
        bool_replacement(&v.text)
    ))
}

fn array_value(tree: &FpmTree, r: &ReadEntry, v: &Value, sub: &str) -> Option<Diagnostic> {
    let e = &r.entry;
    let pool = tree.pools.get(r.pool?)?;
    match e.key.as_str() {
        "env" if !sub.is_empty() && v.text.is_empty() => {
            let why = if v.raw.is_empty() {
                "nothing follows `=`".to_string()
            } else {
                format!("`{}` reads as an empty string", v.raw)
            };
            Some(
                Diagnostic::new(
                    META.name,
                    Severity::Error,
                    "php-fpm refuses to start: `empty value`",
                    Label::new(if v.raw.is_empty() { e.span } else { v.span }, why),
                )
                .with_help(format!(
                    "give `env[{sub}]` a value (quote it: `\"off\"`), or remove the line to leave the variable out of pool [{}]",
                    pool.name
                )),
            )
        }
        "php_flag" | "php_admin_flag" if !sub.is_empty() => match bool_kind(&v.text) {
            Ok(true) => None,
            Ok(false) => Some(old_release_warning(
                v,
                format!(
                    "error while parsing '{}[{sub}]' : invalid boolean value",
                    e.key
                ),
                &format!("{}[{sub}]", e.key),
            )),
            Err(()) => Some(
                Diagnostic::new(
                    META.name,
                    Severity::Error,
                    format!(
                        "php-fpm refuses to start: `error while parsing '{}[{sub}]' : invalid boolean value`",
                        e.key
                    ),
                    Label::new(v.span, format!("{} is not a boolean", shown(v))),
                )
                .with_help(format!(
                    "write `on` or `off`; for a non-boolean setting use `{}[{sub}]`",
                    e.key.replace("flag", "value")
                )),
            ),
        },
        "access.suppress_path" if sub.is_empty() && !v.text.starts_with('/') => Some(
            Diagnostic::new(
                META.name,
                Severity::Error,
                "php-fpm refuses to start: `Values provided to field 'access.suppress_path' must begin with '/'`",
                Label::new(v.span, format!("{} is not a URI path", shown(v))),
            )
            .with_help("write the request URI to keep out of the access log, starting with `/` (e.g. `/ping`)"),
        ),
        _ => None,
    }
}
