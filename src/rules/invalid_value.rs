//! invalid-value: a size, offset, time, number or on/off value that nginx's
//! generic slot handlers refuse (nginx-fpm-semantics B2): `g` on a size, `y` or
//! `M` in a millisecond timeout, units out of order, decimals, garbage.

use super::Resolution;
use crate::diag::{Diagnostic, Label, Severity};
use crate::nginx::directives::Value;
use crate::nginx::Arg;
use crate::project::Project;
use crate::rules::Category;
use crate::units;

crate::declare_rule!(
    "invalid-value",
    Severity::Error,
    Category::Startup,
    "a size, time or on/off value nginx refuses: \"directive invalid value\"",
    check = check
);

/// Why a value is refused, and the value to write instead when there is one.
struct Refusal {
    /// nginx's own message.
    message: String,
    arg: usize,
    reason: String,
    fix: Option<String>,
}

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for i in 0..project.nginx.len() {
        let placement = project.placement(i);
        for (dir, r) in placement.directives() {
            let Resolution::Known(entry) = r else {
                continue;
            };
            if entry.value == Value::Any
                || entry.is_block() != dir.block.is_some()
                || !entry.arity_ok(dir.args.len())
            {
                continue;
            }
            let name = crate::text::escape_control(dir.name());
            let Some(f) = refusal(&name, entry.value, &dir.args) else {
                continue;
            };
            let arg = &dir.args[f.arg];
            let mut d = Diagnostic::new(
                META.name,
                META.severity,
                format!("nginx refuses to start: {}", f.message),
                Label::new(arg.span, f.reason),
            );
            d = match f.fix {
                Some(fix) => d.with_help(format!("write {name} {fix};")),
                None => d.with_help(help(entry.value).to_string()),
            };
            out.push(d);
        }
    }
}

fn help(v: Value) -> &'static str {
    match v {
        Value::Flag => "write on or off",
        Value::Size | Value::SizeOrVariable => {
            "a size is digits with an optional k or m suffix: 512, 16k, 8m"
        }
        Value::Offset => "a size is digits with an optional k, m or g suffix: 512, 16k, 8m, 1g",
        Value::Msec => {
            "a time is digits with units from largest to smallest, each once: 30s, 1m30s, 500ms, 1h"
        }
        Value::Sec => {
            "a time is digits with units from largest to smallest, each once: 30s, 1h30m, 7d, 1y"
        }
        Value::Bufs => "write a count and a size, both at least 1: 8 16k",
        Value::Num => "write a whole number",
        Value::Any => "",
    }
}

fn refusal(name: &str, value: Value, args: &[Arg]) -> Option<Refusal> {
    let invalid = |arg: usize, reason: String, fix: Option<String>| Refusal {
        message: format!("\"{name}\" directive invalid value"),
        arg,
        reason,
        fix,
    };
    let first = args.first()?;
    let v = first.value.as_str();
    match value {
        Value::Any => None,
        Value::Flag => {
            if v.eq_ignore_ascii_case("on") || v.eq_ignore_ascii_case("off") {
                return None;
            }
            let fix = match v.to_ascii_lowercase().as_str() {
                "yes" | "true" | "1" | "enable" | "enabled" => Some("on".to_string()),
                "no" | "false" | "0" | "disable" | "disabled" | "none" => Some("off".to_string()),
                _ => None,
            };
            Some(Refusal {
                message: format!(
                    "invalid value \"{}\" in \"{name}\" directive, it must be \"on\" or \"off\"",
                    crate::text::escape_control(v)
                ),
                arg: 0,
                reason: "not on or off".into(),
                fix,
            })
        }
        Value::Size => (units::nginx_size(v).is_none())
            .then(|| size_refusal(v, false))
            .map(|(r, f)| invalid(0, r, f)),
        Value::SizeOrVariable => (!first.has_variables() && units::nginx_size(v).is_none())
            .then(|| size_refusal(v, false))
            .map(|(r, f)| invalid(0, r, f)),
        Value::Offset => (units::nginx_offset(v).is_none())
            .then(|| size_refusal(v, true))
            .map(|(r, f)| invalid(0, r, f)),
        Value::Msec | Value::Sec => {
            let is_sec = value == Value::Sec;
            (units::nginx_time(v, is_sec).is_none())
                .then(|| time_refusal(v, is_sec))
                .map(|(r, f)| invalid(0, r, f))
        }
        Value::Num => {
            (!(!v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) && v.parse::<i64>().is_ok()))
                .then(|| Refusal {
                    message: format!("\"{name}\" directive invalid number"),
                    arg: 0,
                    reason: "not a whole number".into(),
                    fix: None,
                })
        }
        Value::Bufs => {
            let count_ok = !v.is_empty()
                && v.bytes().all(|b| b.is_ascii_digit())
                && v.parse::<i64>().is_ok_and(|n| n >= 1);
            if !count_ok {
                return Some(invalid(
                    0,
                    "the number of buffers must be a whole number of 1 or more".into(),
                    None,
                ));
            }
            let size = args.get(1)?.value.as_str();
            match units::nginx_size(size) {
                Some(0) => Some(invalid(1, "a buffer size of 0 is refused".into(), None)),
                Some(_) => None,
                None => {
                    let (r, f) = size_refusal(size, false);
                    Some(invalid(1, r, f.map(|f| format!("{v} {f}"))))
                }
            }
        }
    }
}

/// Why a size (or an offset, `with_g`) is refused, and the value meant.
fn size_refusal(v: &str, with_g: bool) -> (String, Option<String>) {
    let digits_then = |suffix: &str| -> Option<u64> {
        let d = v.strip_suffix(suffix)?;
        (!d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            .then(|| d.parse().ok())
            .flatten()
    };
    if v.contains('$') {
        return ("this directive takes no variables".into(), None);
    }
    if !with_g {
        if let Some(n) = digits_then("g").or_else(|| digits_then("G")) {
            return (
                "g is not a unit for this size: nginx takes k or m here".into(),
                Some(format!("{}m", n.saturating_mul(1024))),
            );
        }
    }
    for (suffix, unit) in [
        ("kb", "k"),
        ("KB", "k"),
        ("Kb", "k"),
        ("mb", "m"),
        ("MB", "m"),
        ("Mb", "m"),
        ("gb", "g"),
        ("GB", "g"),
        ("Gb", "g"),
    ] {
        if let Some(n) = digits_then(suffix) {
            if unit == "g" && !with_g {
                return (
                    "sizes take a one-letter unit, and g is not one here: k or m".into(),
                    Some(format!("{}m", n.saturating_mul(1024))),
                );
            }
            return (
                "sizes take a one-letter unit: k, m".to_string() + if with_g { ", g" } else { "" },
                Some(format!("{n}{unit}")),
            );
        }
    }
    if v.contains('.') || v.contains(',') {
        return ("sizes are whole numbers: no decimals".into(), None);
    }
    if v.starts_with('-') {
        return ("sizes cannot be negative".into(), None);
    }
    if v.is_empty() {
        return ("empty value".into(), None);
    }
    (
        if with_g {
            "not a size: digits with an optional k, m or g".into()
        } else {
            "not a size: digits with an optional k or m".into()
        },
        None,
    )
}

/// Why a time is refused, and the value meant.
fn time_refusal(v: &str, is_sec: bool) -> (String, Option<String>) {
    if v.contains('$') {
        return ("this directive takes no variables".into(), None);
    }
    if v.contains('.') || v.contains(',') {
        return (
            if is_sec {
                "times are whole numbers: no decimals (write 90s for 1.5m)".into()
            } else {
                "times are whole numbers: no decimals (write 1500ms for 1.5s)".into()
            },
            None,
        );
    }
    // Split into <digits><unit> groups.
    let mut groups: Vec<(&str, &str)> = Vec::new();
    let b = v.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b' ' {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let u = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        if s == u || (i == u && i < b.len() && b[i] != b' ') {
            return (
                "not a time: digits with units y M w d h m s ms, largest first".into(),
                None,
            );
        }
        groups.push((&v[s..u], &v[u..i]));
    }
    if groups.is_empty() {
        return ("empty value".into(), None);
    }
    let units: Vec<&str> = groups.iter().map(|g| g.1).collect();
    if !is_sec {
        if units.contains(&"M") {
            let fix = v.replace('M', "m");
            return (
                "M means months, which a millisecond timeout refuses; minutes are m".into(),
                units::nginx_time(&fix, false).map(|_| fix),
            );
        }
        if units.contains(&"y") {
            return ("y (years) is refused in a millisecond timeout".into(), None);
        }
    } else if units.contains(&"ms") {
        return ("this directive counts seconds: ms is refused".into(), None);
    }
    const KNOWN: [&str; 8] = ["y", "M", "w", "d", "h", "m", "s", "ms"];
    if let Some(bad) = units.iter().find(|u| !u.is_empty() && !KNOWN.contains(u)) {
        let lower = bad.to_ascii_lowercase();
        if KNOWN.contains(&lower.as_str())
            || ["sec", "min", "secs", "mins"].contains(&lower.as_str())
        {
            let unit = match lower.as_str() {
                "sec" | "secs" => "s",
                "min" | "mins" => "m",
                other => other,
            };
            let fix = groups
                .iter()
                .map(|(n, u)| {
                    if u == bad {
                        format!("{n}{unit}")
                    } else {
                        format!("{n}{u}")
                    }
                })
                .collect::<String>();
            return (
                format!("\"{bad}\" is not a unit: units are case-sensitive, y M w d h m s ms"),
                units::nginx_time(&fix, is_sec).map(|_| fix),
            );
        }
        return (format!("\"{bad}\" is not a unit: y M w d h m s ms"), None);
    }
    (
        "units must go from the largest to the smallest, each once (1m30s, not 30s1m)".into(),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons() {
        assert_eq!(size_refusal("1g", false).1.as_deref(), Some("1024m"));
        assert_eq!(size_refusal("16KB", false).1.as_deref(), Some("16k"));
        assert!(size_refusal("1.5m", false).0.contains("decimals"));
        assert_eq!(time_refusal("5M", false).1.as_deref(), Some("5m"));
        assert!(time_refusal("1y", false).0.contains("years"));
        assert!(time_refusal("30s1m", false).0.contains("largest"));
        assert_eq!(time_refusal("60S", false).1.as_deref(), Some("60s"));
        assert_eq!(time_refusal("5min", true).1.as_deref(), Some("5m"));
        assert!(time_refusal("500ms", true).0.contains("seconds"));
        assert!(time_refusal("abc", false).0.contains("not a"));
    }
}
