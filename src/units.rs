//! Typed values exactly as nginx and php-fpm read them.
//! nginx: `src/core/ngx_parse.c` (sizes, offsets, times). php-fpm: `fpm_conf.c` setters.

/// `ngx_parse_size`: digits with an optional `k`/`K` or `m`/`M` suffix. No `g`.
pub fn nginx_size(s: &str) -> Option<u64> {
    parse_scaled(
        s,
        &[('k', 1024), ('K', 1024), ('m', 1 << 20), ('M', 1 << 20)],
    )
}

/// `ngx_parse_offset`: like sizes, plus `g`/`G`.
pub fn nginx_offset(s: &str) -> Option<u64> {
    parse_scaled(
        s,
        &[
            ('k', 1024),
            ('K', 1024),
            ('m', 1 << 20),
            ('M', 1 << 20),
            ('g', 1 << 30),
            ('G', 1 << 30),
        ],
    )
}

fn parse_scaled(s: &str, units: &[(char, u64)]) -> Option<u64> {
    let (digits, scale) = match s.chars().last()? {
        c if c.is_ascii_digit() => (s, 1),
        c => {
            let scale = units.iter().find(|(u, _)| *u == c)?.1;
            (&s[..s.len() - c.len_utf8()], scale)
        }
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    let v = n.checked_mul(scale)?;
    // nginx rejects values beyond NGX_MAX_SIZE_T_VALUE / NGX_MAX_OFF_T_VALUE.
    if v > i64::MAX as u64 {
        return None;
    }
    Some(v)
}

/// `ngx_parse_time`. Returns milliseconds. `is_sec` is true for second-valued
/// directives (`ms` refused), false for millisecond ones (`y` and `M` refused).
pub fn nginx_time(s: &str, is_sec: bool) -> Option<u64> {
    // Units in the only order nginx accepts them, with their value in ms.
    const UNITS: [(&str, u64); 8] = [
        ("y", 365 * 24 * 3600 * 1000),
        ("M", 30 * 24 * 3600 * 1000),
        ("w", 7 * 24 * 3600 * 1000),
        ("d", 24 * 3600 * 1000),
        ("h", 3600 * 1000),
        ("m", 60 * 1000),
        ("s", 1000),
        ("ms", 1),
    ];
    let bytes = s.as_bytes();
    let mut i = 0;
    // msec values start at the month step in nginx's state machine.
    let mut next_unit = if is_sec { 0 } else { 2 };
    let mut total: u64 = 0;
    let mut any_digit = false;
    while i < bytes.len() {
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if start == i {
            return None;
        }
        any_digit = true;
        let n: u64 = s[start..i].parse().ok()?;
        // Which unit follows?
        let rest = &s[i..];
        let unit = if rest.starts_with("ms") {
            Some(7)
        } else {
            match rest.bytes().next() {
                None | Some(b' ') => None,
                Some(b'y') => Some(0),
                Some(b'M') => Some(1),
                Some(b'w') => Some(2),
                Some(b'd') => Some(3),
                Some(b'h') => Some(4),
                Some(b'm') => Some(5),
                Some(b's') => Some(6),
                Some(_) => return None,
            }
        };
        match unit {
            None => {
                // Trailing digits without a unit are seconds.
                if next_unit > 6 {
                    return None;
                }
                total = total.checked_add(n.checked_mul(1000)?)?;
                next_unit = 8;
            }
            Some(u) => {
                if u < next_unit || (u == 7 && is_sec) {
                    return None;
                }
                total = total.checked_add(n.checked_mul(UNITS[u].1)?)?;
                i += UNITS[u].0.len();
                next_unit = u + 1;
            }
        }
    }
    if !any_digit {
        return None;
    }
    if total > i64::MAX as u64 {
        return None;
    }
    Some(total)
}

/// Render milliseconds the way an admin writes them.
pub fn format_ms(ms: u64) -> String {
    if !ms.is_multiple_of(1000) {
        return format!("{ms}ms");
    }
    format_secs(ms / 1000)
}

pub fn format_secs(s: u64) -> String {
    if s != 0 && s.is_multiple_of(3600) {
        format!("{}h", s / 3600)
    } else if s != 0 && s.is_multiple_of(60) {
        format!("{}m", s / 60)
    } else {
        format!("{s}s")
    }
}

/// How php-fpm reads a time value (`fpm_conf_set_time`): only the last character
/// is looked at as a unit; the rest goes through `atoi`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FpmTime {
    pub seconds: i64,
    /// True when php-fpm reads the text differently from what it looks like
    /// (`1m30s` is 1 second, `10ms` is 10 seconds, `1.5h` is 1 hour).
    pub misread: bool,
}

pub fn fpm_time(s: &str) -> Result<FpmTime, &'static str> {
    let Some(last) = s.chars().last() else {
        return Err("invalid time value");
    };
    let (num, mul) = match last {
        's' => (&s[..s.len() - 1], 1),
        'm' => (&s[..s.len() - 1], 60),
        'h' => (&s[..s.len() - 1], 3600),
        'd' => (&s[..s.len() - 1], 86400),
        c if c.is_ascii_digit() => (s, 1),
        _ => return Err("unknown suffix used in time value"),
    };
    let n = atoi(num);
    let clean = {
        let t = num.strip_prefix('-').unwrap_or(num);
        !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
    };
    Ok(FpmTime {
        seconds: n.saturating_mul(mul),
        misread: !clean,
    })
}

/// C `atoi`: leading blanks, optional sign, digits; stops at the first other byte.
pub fn atoi(s: &str) -> i64 {
    let t = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut n: i64 = 0;
    for b in t.bytes() {
        if !b.is_ascii_digit() {
            break;
        }
        n = n.saturating_mul(10).saturating_add((b - b'0') as i64);
    }
    if neg {
        -n
    } else {
        n
    }
}

/// `fpm_conf_set_integer`: optional `-`, then digits only; empty is 0.
pub fn fpm_integer(s: &str) -> Option<i64> {
    let t = s.strip_prefix('-').unwrap_or(s);
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(atoi(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(nginx_size("8k"), Some(8192));
        assert_eq!(nginx_size("1M"), Some(1 << 20));
        assert_eq!(nginx_size("4096"), Some(4096));
        assert_eq!(nginx_size("1g"), None);
        assert_eq!(nginx_offset("1g"), Some(1 << 30));
        assert_eq!(nginx_size("k"), None);
        assert_eq!(nginx_size("-1k"), None);
        assert_eq!(nginx_size(""), None);
    }

    #[test]
    fn times() {
        assert_eq!(nginx_time("60", false), Some(60_000));
        assert_eq!(nginx_time("1m30s", false), Some(90_000));
        assert_eq!(nginx_time("500ms", false), Some(500));
        assert_eq!(nginx_time("1m5", false), Some(65_000));
        assert_eq!(nginx_time("1m 30s", false), Some(90_000));
        assert_eq!(nginx_time("30s1m", false), None);
        assert_eq!(nginx_time("1.5s", false), None);
        assert_eq!(nginx_time("1H", false), None);
        assert_eq!(nginx_time("90S", false), None);
        assert_eq!(nginx_time("1y", false), None);
        assert_eq!(nginx_time("1M", false), None);
        assert_eq!(nginx_time("1y", true), Some(365 * 24 * 3600 * 1000));
        assert_eq!(nginx_time("500ms", true), None);
        assert_eq!(nginx_time("", false), None);
        assert_eq!(nginx_time("1s1s", false), None);
    }

    #[test]
    fn fpm_times() {
        assert_eq!(fpm_time("30").unwrap().seconds, 30);
        assert_eq!(
            fpm_time("5m").unwrap(),
            FpmTime {
                seconds: 300,
                misread: false
            }
        );
        assert_eq!(
            fpm_time("1m30s").unwrap(),
            FpmTime {
                seconds: 1,
                misread: true
            }
        );
        assert_eq!(
            fpm_time("10ms").unwrap(),
            FpmTime {
                seconds: 10,
                misread: true
            }
        );
        assert_eq!(fpm_time("1.5h").unwrap().seconds, 3600);
        assert_eq!(fpm_time("-5").unwrap().seconds, -5);
        assert!(fpm_time("").is_err());
        assert!(fpm_time("5M").is_err());
    }

    #[test]
    fn fpm_integers() {
        assert_eq!(fpm_integer(""), Some(0));
        assert_eq!(fpm_integer("-3"), Some(-3));
        assert_eq!(fpm_integer("5k"), None);
    }
}
