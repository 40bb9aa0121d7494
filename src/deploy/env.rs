//! The environment a php-fpm master starts with, where fpmlint can see it: a
//! compose service's (the image's `ENV`, then `env_file:`, then `environment:`)
//! or a systemd unit's (`Environment=`, then `EnvironmentFile=`). php-fpm
//! expands `${VAR}` in its configuration (and PHP in php.ini) from it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a variable's value is set: a file, its line (1-based) and what set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvOrigin {
    pub path: PathBuf,
    pub line: usize,
    /// `Dockerfile ENV`, `environment:`, `env_file:`, `Environment=`, ...
    pub what: String,
}

impl EnvOrigin {
    /// `compose.yaml:12 (environment:)`, the path shown as `show` displays it.
    pub fn describe(&self, show: impl Fn(&Path) -> String) -> String {
        format!("{}:{} ({})", show(&self.path), self.line, self.what)
    }
}

/// One variable: its value and where it is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVar {
    pub value: String,
    pub origin: EnvOrigin,
}

/// The variables fpmlint knows, and where it looked for them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    pub vars: BTreeMap<String, EnvVar>,
    /// What was read, for a note on a variable not found: `compose service
    /// `php` (its image's ENV, env_file:, environment:)`. Empty: fpmlint sees no
    /// environment for this program.
    pub looked_in: String,
    /// Names whose value comes from the shell that runs `docker compose`
    /// (`NAME: ${X}` with X in neither `.env` nor a default, or a bare `- NAME`),
    /// with where they are listed. `true`: a bare name, set in the container only
    /// when that shell has it.
    pub shell: Vec<(String, EnvOrigin, bool)>,
    /// Env files the service names that fpmlint could not read (outside the
    /// repository, missing): any name may come from them.
    pub unread: Vec<PathBuf>,
}

impl Environment {
    pub fn get(&self, name: &str) -> Option<&EnvVar> {
        self.vars.get(name)
    }

    /// Set (a later source overrides an earlier one).
    pub fn set(&mut self, name: &str, value: String, origin: EnvOrigin) {
        self.vars.insert(name.to_string(), EnvVar { value, origin });
    }
}

/// One line of an env file (`docker compose`'s `env_file:`, systemd's
/// `EnvironmentFile=`, `.env`): `KEY=VALUE`, `export KEY=VALUE`; `#` comments;
/// quotes removed. None for a comment, a blank line or a line without `=`.
pub fn env_line(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let line = line.strip_prefix("export ").unwrap_or(line);
    let (k, v) = line.split_once('=')?;
    let k = k.trim();
    if k.is_empty() || k.contains(char::is_whitespace) {
        return None;
    }
    let v = v.trim();
    let v = if let Some(q) = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        q.replace("\\n", "\n").replace("\\\"", "\"")
    } else if let Some(q) = v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        q.to_string()
    } else {
        // An unquoted value ends at ` #`.
        match v.find(" #") {
            Some(i) => v[..i].trim_end().to_string(),
            None => v.to_string(),
        }
    };
    Some((k.to_string(), v))
}

/// Every `KEY=VALUE` of an env file, with its line number (1-based).
pub fn env_file(text: &str) -> Vec<(String, String, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| env_line(l).map(|(k, v)| (k, v, i + 1)))
        .collect()
}

/// How a `${...}` value reads with `env`: every reference replaced by its
/// value, or the names fpmlint has no value for.
pub struct Expansion {
    pub text: String,
    /// (name, origin) of each reference resolved, in order, once each.
    pub resolved: Vec<(String, EnvOrigin)>,
    /// Names without a value: the text is unknown when not empty.
    pub unknown: Vec<String>,
}

/// Replace each `${NAME}` of `text` whose name is in `names` (the references the
/// INI scanner found) with its value from `lookup` (php.ini directives of that
/// name, which php-fpm reads first, then the environment). `${NAME:-fallback}`
/// is PHP 8.3's: NAME's value, else the fallback; before 8.3 the whole
/// `NAME:-fallback` is one variable's name. `php`: the PHP release (major,
/// minor) when known; unknown, a fallback makes the value unknown.
pub fn expand(
    text: &str,
    names: &[String],
    php: Option<(u32, u32)>,
    lookup: impl Fn(&str) -> Option<(String, EnvOrigin)>,
) -> Expansion {
    let mut out = Expansion {
        text: String::with_capacity(text.len()),
        resolved: Vec::new(),
        unknown: Vec::new(),
    };
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        out.text.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else {
            out.text.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let whole = &rest[i..i + 2 + end + 1];
        let inner = &after[..end];
        let (name, fallback) = match inner.split_once(":-") {
            Some((n, f)) => (n.trim(), Some(f)),
            None => (inner.trim(), None),
        };
        rest = &after[end + 1..];
        if !names.iter().any(|n| n == name) {
            // Not a reference (inside single quotes): literal.
            out.text.push_str(whole);
            continue;
        }
        let value = match (fallback, php) {
            (None, _) => lookup(name).map(|(v, o)| (v, Some(o))),
            (Some(f), Some(v)) if v >= (8, 3) => match lookup(name) {
                Some((v, o)) => Some((v, Some(o))),
                None => Some((f.to_string(), None)),
            },
            // Before 8.3, or on a release fpmlint does not know.
            (Some(_), _) => None,
        };
        match value {
            Some((v, origin)) => {
                out.text.push_str(&v);
                if let Some(o) = origin {
                    if !out.resolved.iter().any(|(n, _)| n == name) {
                        out.resolved.push((name.to_string(), o));
                    }
                }
            }
            None => {
                out.text.push_str(whole);
                let shown = inner.trim().to_string();
                if !out.unknown.contains(&shown) {
                    out.unknown.push(shown);
                }
            }
        }
    }
    out.text.push_str(rest);
    out
}

/// The `${NAME}` references of a text (a section name: the scanner keeps them
/// as written).
pub fn refs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else { break };
        let inner = &after[..end];
        let name = inner
            .split_once(":-")
            .map_or(inner, |(n, _)| n)
            .trim()
            .to_string();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
        rest = &after[end + 1..];
    }
    out
}

/// `envsubst "$defined_envs"` as the official nginx image's entry point runs
/// it: `${NAME}` and `$NAME` become the value of NAME when NAME is in `env`;
/// every other `$...` (nginx's own variables, names not in the environment)
/// stays as written.
pub fn envsubst(text: &str, env: &Environment) -> String {
    envsubst_tracked(text, env).0
}

/// A `${NAME}` of a template that the environment fpmlint sees does not
/// define: envsubst leaves it as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unset {
    pub name: String,
    /// Its bytes in the template.
    pub template: std::ops::Range<usize>,
    /// Its bytes in the rendered text.
    pub output: std::ops::Range<usize>,
}

/// A template the official nginx image renders when its container starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The host (index into the project's hosts): the nginx service.
    pub host: usize,
    /// The template, on disk.
    pub template: PathBuf,
    /// The file it renders to (the host's path, mapped under its root).
    pub output: PathBuf,
    pub unset: Vec<Unset>,
}

/// [`envsubst`], with the `${NAME}` references it left as written.
pub fn envsubst_tracked(text: &str, env: &Environment) -> (String, Vec<Unset>) {
    let mut unset = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let ident_len = |s: &str| {
        let mut n = 0;
        for (i, c) in s.char_indices() {
            if c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()) {
                n = i + c.len_utf8();
            } else {
                break;
            }
        }
        n
    };
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(inner) = after.strip_prefix('{') {
            let n = ident_len(inner);
            if n > 0 && inner[n..].starts_with('}') {
                if let Some(v) = env.get(&inner[..n]) {
                    out.push_str(&v.value);
                    rest = &inner[n + 1..];
                    continue;
                }
                let at = text.len() - rest.len() + i;
                unset.push(Unset {
                    name: inner[..n].to_string(),
                    template: at..at + n + 3,
                    output: out.len()..out.len() + n + 3,
                });
            }
        } else {
            let n = ident_len(after);
            if n > 0 {
                if let Some(v) = env.get(&after[..n]) {
                    out.push_str(&v.value);
                    rest = &after[n..];
                    continue;
                }
                let at = text.len() - rest.len() + i;
                unset.push(Unset {
                    name: after[..n].to_string(),
                    template: at..at + n + 1,
                    output: out.len()..out.len() + n + 1,
                });
            }
        }
        out.push('$');
        rest = after;
    }
    out.push_str(rest);
    (out, unset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files() {
        let v = env_file("# c\nA=1\nexport B=\"x y\"\nC='$z' \nD=v # note\n\nbad line\n");
        assert_eq!(
            v,
            vec![
                ("A".into(), "1".into(), 2),
                ("B".into(), "x y".into(), 3),
                ("C".into(), "$z".into(), 4),
                ("D".into(), "v".into(), 5),
            ]
        );
    }

    #[test]
    fn envsubst_replaces_defined_names_only() {
        let mut env = Environment::default();
        let o = EnvOrigin {
            path: "compose.yaml".into(),
            line: 1,
            what: "environment:".into(),
        };
        env.set("PHP_HOST", "php".into(), o.clone());
        env.set("HOST", "h".into(), o);
        assert_eq!(
            envsubst(
                "fastcgi_pass ${PHP_HOST}:9000; set $x $host$HOSTNAME $HOST; root ${ROOT};",
                &env
            ),
            "fastcgi_pass php:9000; set $x $host$HOSTNAME h; root ${ROOT};"
        );
        // What stays as written, where it is in both texts.
        let text = "a ${HOST} ${ROOT}; $ROOT ${1} ${A";
        let (out, unset) = envsubst_tracked(text, &env);
        assert_eq!(out, "a h ${ROOT}; $ROOT ${1} ${A");
        assert_eq!(unset.len(), 2);
        assert_eq!(unset[0].name, "ROOT");
        assert_eq!(&text[unset[0].template.clone()], "${ROOT}");
        assert_eq!(&out[unset[0].output.clone()], "${ROOT}");
        assert_eq!(&text[unset[1].template.clone()], "$ROOT");
        assert_eq!(&out[unset[1].output.clone()], "$ROOT");
    }

    #[test]
    fn expansion() {
        let o = EnvOrigin {
            path: "compose.yaml".into(),
            line: 3,
            what: "environment:".into(),
        };
        let look = |n: &str| (n == "A").then(|| ("a".to_string(), o.clone()));
        let names = ["A".to_string(), "B".to_string()];
        let e = expand("${A}/x/${B}", &names, None, look);
        assert_eq!(e.text, "a/x/${B}");
        assert_eq!(e.unknown, vec!["B".to_string()]);
        // PHP 8.3's fallback.
        let e = expand("${B:-7} ${A:-9}", &names, Some((8, 3)), look);
        assert_eq!(e.text, "7 a");
        assert!(e.unknown.is_empty());
        assert_eq!(e.resolved.len(), 1);
        // Before 8.3, or not knowing the release: unknown.
        for php in [Some((8, 2)), None] {
            let e = expand("${B:-7}", &names, php, look);
            assert_eq!(e.unknown, vec!["B:-7".to_string()]);
        }
        assert_eq!(refs("[${P}-${Q}]"), vec!["P".to_string(), "Q".to_string()]);
    }
}
