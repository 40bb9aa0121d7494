//! php-fpm's option tables (`ini_fpm_global_options`, `ini_fpm_pool_options` and the
//! array names of `fpm_conf_ini_parser_array` in fpm_conf.c), with each option's
//! value type and default (`fpm_worker_pool_config_alloc`, `fpm_global_config`).

/// How php-fpm parses an option's value (the setter in fpm_conf.c).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// `fpm_conf_set_integer`: optional `-`, digits; empty is 0.
    Integer,
    /// `fpm_conf_set_time`: a number with an optional `s`/`m`/`h`/`d` suffix.
    Time,
    /// `fpm_conf_set_boolean`: `1` or empty (the INI scanner maps yes/no words).
    Bool,
    /// `fpm_conf_set_string`: anything; `$pool` is expanded.
    String,
    /// `fpm_conf_set_pm`: static, dynamic, ondemand.
    Pm,
    /// `fpm_conf_set_log_level`: debug, notice, warning/warn, error, alert.
    LogLevel,
    /// `fpm_conf_set_rlimit_core`: `unlimited` or an integer >= 0.
    RlimitCore,
    /// `fpm_conf_set_syslog_facility`: AUTH ... LOCAL7.
    SyslogFacility,
    /// `listen.mode`: stored as a string (so `$pool` is expanded), read later with
    /// `strtoul(value, 0, 8)` without validation.
    Mode,
}

impl ValueType {
    /// True when php-fpm stores the value with `fpm_conf_set_string`, which expands
    /// `$pool` (`fpm_conf_expand_pool_name`).
    pub fn expands_pool(self) -> bool {
        matches!(self, ValueType::String | ValueType::Mode)
    }
}

/// One option of php-fpm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    /// The name as in fpm_conf.c (lowercase; looked up case-insensitively).
    pub name: &'static str,
    pub ty: ValueType,
    /// php-fpm's default as a value text (`""` is false for booleans), or `None`
    /// when unset means "not configured" (no chown, no limit, mandatory...).
    pub default: Option<&'static str>,
    /// The build condition when the option only exists on some builds.
    pub only_if: Option<&'static str>,
}

const fn k(name: &'static str, ty: ValueType, default: Option<&'static str>) -> KeyInfo {
    KeyInfo {
        name,
        ty,
        default,
        only_if: None,
    }
}

const fn cond(
    name: &'static str,
    ty: ValueType,
    default: Option<&'static str>,
    only_if: &'static str,
) -> KeyInfo {
    KeyInfo {
        name,
        ty,
        default,
        only_if: Some(only_if),
    }
}

use ValueType::*;

/// `ini_fpm_global_options`. Defaults: php-fpm.conf.in and `fpm_conf_post_process`.
pub static GLOBAL_KEYS: &[KeyInfo] = &[
    k("pid", String, None),
    k("error_log", String, Some("log/php-fpm.log")),
    cond("syslog.ident", String, Some("php-fpm"), "HAVE_SYSLOG_H"),
    cond(
        "syslog.facility",
        SyslogFacility,
        Some("daemon"),
        "HAVE_SYSLOG_H",
    ),
    k("log_buffering", Bool, Some("1")),
    k("log_level", LogLevel, Some("notice")),
    k("log_limit", Integer, Some("1024")),
    k("emergency_restart_threshold", Integer, Some("0")),
    k("emergency_restart_interval", Time, Some("0")),
    k("process_control_timeout", Time, Some("0")),
    k("process.max", Integer, Some("0")),
    k("process.priority", Integer, None),
    k("daemonize", Bool, Some("1")),
    k("rlimit_files", Integer, None),
    k("rlimit_core", RlimitCore, None),
    k("events.mechanism", String, None),
    cond("systemd_interval", Time, Some("10"), "HAVE_SYSTEMD"),
];

/// `ini_fpm_pool_options`. Defaults: `fpm_worker_pool_config_alloc` (memset 0 plus
/// explicit values) and `fpm_conf_process_all_pools`.
pub static POOL_KEYS: &[KeyInfo] = &[
    k("prefix", String, None),
    k("user", String, None),
    k("group", String, None),
    k("listen", String, None),
    // FPM_BACKLOG_DEFAULT: -1 (kernel maximum) since PHP 8.2 on Linux, 511 before.
    k("listen.backlog", Integer, Some("-1")),
    cond("listen.acl_users", String, None, "HAVE_FPM_ACL"),
    cond("listen.acl_groups", String, None, "HAVE_FPM_ACL"),
    k("listen.owner", String, None),
    k("listen.group", String, None),
    k("listen.mode", Mode, Some("0660")),
    k("listen.allowed_clients", String, None),
    cond("listen.setfib", Integer, Some("-1"), "SO_SETFIB"),
    k("process.priority", Integer, None),
    k("process.dumpable", Bool, Some("")),
    k("pm", Pm, None),
    k("pm.max_children", Integer, Some("0")),
    k("pm.start_servers", Integer, None),
    k("pm.min_spare_servers", Integer, Some("0")),
    k("pm.max_spare_servers", Integer, Some("0")),
    k("pm.max_spawn_rate", Integer, Some("32")),
    k("pm.process_idle_timeout", Time, Some("10s")),
    k("pm.max_requests", Integer, Some("0")),
    k("pm.status_path", String, None),
    k("pm.status_listen", String, None),
    k("ping.path", String, None),
    k("ping.response", String, Some("pong")),
    k("access.log", String, None),
    k("access.format", String, Some("%R - %u %t \"%m %r\" %s")),
    k("slowlog", String, None),
    k("request_slowlog_timeout", Time, Some("0")),
    k("request_slowlog_trace_depth", Integer, Some("20")),
    k("request_terminate_timeout", Time, Some("0")),
    k("request_terminate_timeout_track_finished", Bool, Some("")),
    k("rlimit_files", Integer, None),
    k("rlimit_core", RlimitCore, None),
    k("chroot", String, None),
    k("chdir", String, None),
    k("catch_workers_output", Bool, Some("")),
    k("decorate_workers_output", Bool, Some("1")),
    k("clear_env", Bool, Some("1")),
    k("security.limit_extensions", String, Some(".php .phar")),
    cond("apparmor_hat", String, None, "HAVE_APPARMOR"),
];

/// The `name[key] = value` arrays of a pool (`fpm_conf_ini_parser_array`).
/// Matched case-sensitively.
pub static ARRAY_KEYS: &[&str] = &[
    "env",
    "php_value",
    "php_admin_value",
    "php_flag",
    "php_admin_flag",
    "access.suppress_path",
];

fn lookup(table: &'static [KeyInfo], name: &str) -> Option<&'static KeyInfo> {
    table.iter().find(|k| k.name.eq_ignore_ascii_case(name))
}

/// A pool option, looked up case-insensitively (`strcasecmp`).
pub fn pool_key(name: &str) -> Option<&'static KeyInfo> {
    lookup(POOL_KEYS, name)
}

/// A `[global]` option, looked up case-insensitively (`strcasecmp`).
pub fn global_key(name: &str) -> Option<&'static KeyInfo> {
    lookup(GLOBAL_KEYS, name)
}

/// True for an array name php-fpm knows (case-sensitive, `zend_string_equals_literal`).
pub fn is_array_key(name: &str) -> bool {
    ARRAY_KEYS.contains(&name)
}

/// Pool option names, for did-you-mean.
pub fn pool_key_names() -> impl Iterator<Item = &'static str> {
    POOL_KEYS.iter().map(|k| k.name)
}

/// Global option names, for did-you-mean.
pub fn global_key_names() -> impl Iterator<Item = &'static str> {
    GLOBAL_KEYS.iter().map(|k| k.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert_eq!(pool_key("PM.Max_Children").map(|k| k.ty), Some(Integer));
        assert_eq!(
            pool_key("listen.mode").and_then(|k| k.default),
            Some("0660")
        );
        assert!(pool_key("pid").is_none());
        assert!(global_key("pid").is_some());
        assert!(global_key("listen").is_none());
        assert!(is_array_key("php_admin_value"));
        assert!(!is_array_key("PHP_VALUE"));
        assert!(pool_key_names().any(|n| n == "security.limit_extensions"));
        assert!(ValueType::Mode.expands_pool());
        assert!(!ValueType::Time.expands_pool());
    }
}

/// Options php-fpm added in a release fpmlint may meet (7.2 and later), with
/// that release (major, minor, patch): an older php-fpm refuses them with
/// `unknown entry`. From php-src's NEWS and UPGRADING and the manual's
/// "Since PHP" notes: `request_slowlog_trace_depth` 7.2.0; `log_limit`,
/// `log_buffering` (global) and `decorate_workers_output` 7.3.0;
/// `request_terminate_timeout_track_finished` 7.3.11 (bug #78413);
/// `pm.status_listen` 8.0.0; `pm.max_spawn_rate` 8.1.0.
pub static ADDED: &[(&str, (u32, u32, u32))] = &[
    ("request_slowlog_trace_depth", (7, 2, 0)),
    ("log_limit", (7, 3, 0)),
    ("log_buffering", (7, 3, 0)),
    ("decorate_workers_output", (7, 3, 0)),
    ("request_terminate_timeout_track_finished", (7, 3, 11)),
    ("pm.status_listen", (8, 0, 0)),
    ("pm.max_spawn_rate", (8, 1, 0)),
];

/// The release that added an option (case-insensitive), when after 7.1.
pub fn added_in(name: &str) -> Option<(u32, u32, u32)> {
    ADDED
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// True when php-fpm of `release` (major, minor, patch when known) certainly
/// lacks an option added in `added`.
pub fn lacks(release: (u32, u32, Option<u32>), added: (u32, u32, u32)) -> bool {
    let (a, b, c) = added;
    match (release.0, release.1).cmp(&(a, b)) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        // The same minor release: only a patch level written says.
        std::cmp::Ordering::Equal => release.2.is_some_and(|p| p < c),
    }
}

#[cfg(test)]
mod release_tests {
    use super::*;

    #[test]
    fn releases() {
        let spawn = added_in("PM.max_spawn_rate").unwrap();
        assert!(lacks((8, 0, None), spawn));
        assert!(!lacks((8, 1, None), spawn));
        assert!(!lacks((8, 3, Some(0)), spawn));
        let track = added_in("request_terminate_timeout_track_finished").unwrap();
        assert!(lacks((7, 3, Some(10)), track));
        assert!(!lacks((7, 3, None), track));
        assert!(!lacks((7, 3, Some(11)), track));
        assert!(added_in("pm.max_children").is_none());
    }
}
