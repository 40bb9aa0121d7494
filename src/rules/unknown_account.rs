//! unknown-account: a user or group that nginx's `user` or a pool's `user`,
//! `group`, `listen.owner`, `listen.group`, `listen.acl_users` or
//! `listen.acl_groups` names and that the host's etc/passwd or etc/group does not
//! have: the program refuses to start.
//!
//! Checked where the linted root holds both etc/passwd and etc/group (a
//! sysroot). Without them, against the accounts fpmlint assumes and states: a
//! compose service's official image (an error), or the distribution a sysroot's
//! layout names (a warning: provisioning may add accounts).

use crate::diag::{Diagnostic, Label, Severity};
use crate::model::fpm::{Endpoint, FpmTree, Pool, Setting};
use crate::model::nginx::ScopeKind;
use crate::model::system::System;
use crate::project::Project;
use crate::rules::Category;
use crate::source::Span;

crate::declare_rule!(
    "unknown-account",
    Severity::Error,
    Category::Startup,
    "a user or group named in nginx's `user` or a pool's user/group/listen settings does not exist on the host: the program refuses to start",
    check = check
);

/// Accounts web servers and php-fpm usually run as, offered as alternatives
/// when the host has them.
const WEB_ACCOUNTS: &[&str] = &["www-data", "nginx", "apache", "http", "www"];

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    for tree in &project.nginx {
        if tree.root_kind != ScopeKind::Main {
            continue;
        }
        let Some(s) = project.system(&tree.ctx.roots).filter(|s| has_accounts(s)) else {
            image_nginx(project, tree, out);
            continue;
        };
        // Without root privileges nginx ignores `user` (and never looks it up).
        if s.unit("nginx.service").is_some_and(|u| !u.runs_as_root()) {
            continue;
        }
        let nginx_assumed = s.unit("nginx.service").is_none();
        let Some(d) = tree.user() else {
            continue;
        };
        let dir = tree.dir(d);
        let Some(user) = dir.args.first() else {
            continue;
        };
        if s.user(&user.value).is_none() {
            emit(out, s,
                Diagnostic::error(
                    META.name,
                    format!(
                        "nginx refuses to start: `getpwnam(\"{}\") failed` (nginx -t says the same): this host has no user {}",
                        user.value, user.value
                    ),
                    Label::new(user.span, "no such user in etc/passwd"),
                )
                .with_note(missing_in(project, s, Db::Passwd, &user.value))
                .with_help(help_user(s, &user.value))
                .with_note_if(nginx_assumed, NGINX_ROOT_NOTE),
            );
        }
        let (group, implied) = match dir.args.get(1) {
            Some(g) => (g, false),
            None => (user, true),
        };
        if s.group(&group.value).is_none() {
            let mut d = Diagnostic::error(
                META.name,
                format!(
                    "nginx refuses to start: `getgrnam(\"{}\") failed` (nginx -t says the same): this host has no group {}",
                    group.value, group.value
                ),
                Label::new(
                    group.span,
                    if implied {
                        "without a second argument this is the group too: no such group in etc/group"
                    } else {
                        "no such group in etc/group"
                    },
                ),
            )
            .with_note(missing_in(project, s, Db::Group, &group.value));
            d = match (implied, s.primary_group(&user.value)) {
                (true, Some(g)) => d.with_help(format!(
                    "name the group: `user {} {g};` ({g} is {}'s primary group here), or create group {}",
                    user.value, user.value, group.value
                )),
                _ => d.with_help(help_group(s, &group.value)),
            };
            emit(out, s, d.with_note_if(nginx_assumed, NGINX_ROOT_NOTE));
        }
    }
    for tree in &project.fpm {
        // A lone pool file no php-fpm.conf includes is not started as it is.
        if tree.fragment {
            continue;
        }
        let Some(s) = project.system(&tree.ctx.roots).filter(|s| has_accounts(s)) else {
            // Names no system can have are wrong on every host.
            for pool in &tree.pools {
                check_acl_shapes(project, pool, out);
                image_pool(project, tree, pool, out);
            }
            continue;
        };
        for pool in &tree.pools {
            check_pool(project, tree, pool, s, out);
        }
    }
}

/// Push a finding; a warning instead of an error when the host also looks up
/// accounts elsewhere (LDAP, SSSD, NIS...), where the name may exist.
fn emit(out: &mut Vec<Diagnostic>, s: &System, mut d: Diagnostic) {
    if !s.other_account_sources.is_empty() {
        d.severity = Severity::Warning;
        d.message = format!(
            "unless {} (etc/nsswitch.conf) has the account: {}",
            s.other_account_sources.join(" or "),
            d.message
        );
        d = d.with_note(format!(
            "etc/nsswitch.conf (or a +/- line) also looks up accounts in {}: fpmlint cannot see those",
            s.other_account_sources.join(", ")
        ));
    }
    out.push(d);
}

fn has_accounts(s: &System) -> bool {
    s.passwd_file.is_some() && s.group_file.is_some()
}

#[derive(Clone, Copy, PartialEq)]
enum Db {
    Passwd,
    Group,
}

fn missing_in(project: &Project, s: &System, db: Db, name: &str) -> String {
    let (file, what) = match db {
        Db::Passwd => (s.passwd_file, "user"),
        Db::Group => (s.group_file, "group"),
    };
    let file = file
        .map(|f| project.sources.get(f).name.clone())
        .unwrap_or_default();
    format!("{file} has no {what} named '{name}'")
}

fn help_user(s: &System, name: &str) -> String {
    let have: Vec<&str> = WEB_ACCOUNTS
        .iter()
        .copied()
        .filter(|a| *a != name && s.user(a).is_some())
        .collect();
    let mut h = format!(
        "create the account (`useradd --system --no-create-home --shell /usr/sbin/nologin {name}`)"
    );
    if !have.is_empty() {
        h.push_str(&format!(", or use one this host has ({})", have.join(", ")));
    }
    h
}

fn help_group(s: &System, name: &str) -> String {
    let have: Vec<&str> = WEB_ACCOUNTS
        .iter()
        .copied()
        .filter(|a| *a != name && s.group(a).is_some())
        .collect();
    let mut h = format!("create the group (`groupadd --system {name}`)");
    if !have.is_empty() {
        h.push_str(&format!(", or use one this host has ({})", have.join(", ")));
    }
    h
}

/// php-fpm takes a value of digits as a numeric id without looking it up
/// (`user`, `group`, `listen.owner`, `listen.group`).
fn numeric(v: &str) -> bool {
    !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())
}

/// A value php-fpm would expand from the environment: fpmlint does not know it.
fn from_env(v: &str) -> bool {
    v.contains("${")
}

/// The php-fpm units that run this tree, when the root ships any.
fn fpm_master_is_root(project: &Project, tree: &FpmTree, s: &System) -> Option<bool> {
    let path = project.sources.get(tree.entry).path.to_string_lossy();
    let units = s.fpm_units(&path);
    if units.is_empty() {
        return None;
    }
    Some(units.iter().any(|u| u.runs_as_root()))
}

fn check_pool(
    project: &Project,
    tree: &FpmTree,
    pool: &Pool,
    s: &System,
    out: &mut Vec<Diagnostic>,
) {
    let master_root = fpm_master_is_root(project, tree, s);
    let p = &pool.name;
    // `user` and `group` are read only by a root master (else ignored with a NOTICE).
    if master_root != Some(false) {
        let assumed = master_root.is_none();
        if let Some(u) = pool
            .user()
            .filter(|u| !numeric(&u.value) && !from_env(&u.value))
        {
            if s.user(&u.value).is_none() {
                let mut d = pool_error(
                    &u,
                    format!("[pool {p}] cannot get uid for user '{}'", u.value),
                    "no such user in etc/passwd",
                    true,
                )
                .with_note(missing_in(project, s, Db::Passwd, &u.value))
                .with_help(help_user(s, &u.value));
                if assumed {
                    d = d.with_note(ROOT_NOTE);
                }
                emit(out, s, d);
            }
        }
        if let Some(g) = pool
            .group()
            .filter(|g| !numeric(&g.value) && !from_env(&g.value))
        {
            if s.group(&g.value).is_none() {
                let mut d = pool_error(
                    &g,
                    format!("[pool {p}] cannot get gid for group '{}'", g.value),
                    "no such group in etc/group",
                    true,
                )
                .with_note(missing_in(project, s, Db::Group, &g.value))
                .with_help(help_group(s, &g.value));
                if assumed {
                    d = d.with_note(ROOT_NOTE);
                }
                emit(out, s, d);
            }
        }
    }
    // The socket's owner and ACL are resolved for a unix socket only.
    if !matches!(pool.listen().map(|l| l.endpoint), Some(Endpoint::Unix(_))) {
        return;
    }
    let acl_users = pool.listen_acl_users().filter(|v| !v.value.is_empty());
    let acl_groups = pool.listen_acl_groups().filter(|v| !v.value.is_empty());
    if acl_users.is_none() && acl_groups.is_none() {
        // With an ACL, php-fpm ignores listen.owner and listen.group.
        if let Some(o) = pool
            .listen_owner()
            .filter(|o| !o.value.is_empty() && !numeric(&o.value) && !from_env(&o.value))
        {
            if s.user(&o.value).is_none() {
                emit(
                    out,
                    s,
                    pool_error(
                        &o,
                        format!(
                            "[pool {p}] cannot get uid for user '{}': Success (0)",
                            o.value
                        ),
                        "no such user in etc/passwd",
                        true,
                    )
                    .with_note(missing_in(project, s, Db::Passwd, &o.value))
                    .with_help(help_user(s, &o.value)),
                );
            }
        }
        if let Some(g) = pool
            .listen_group()
            .filter(|g| !g.value.is_empty() && !numeric(&g.value) && !from_env(&g.value))
        {
            if s.group(&g.value).is_none() {
                emit(
                    out,
                    s,
                    pool_error(
                        &g,
                        format!(
                            "[pool {p}] cannot get gid for group '{}': Success (0)",
                            g.value
                        ),
                        "no such group in etc/group",
                        true,
                    )
                    .with_note(missing_in(project, s, Db::Group, &g.value))
                    .with_help(help_group(s, &g.value)),
                );
            }
        }
    }
    for (setting, db) in [(acl_users, Db::Passwd), (acl_groups, Db::Group)] {
        let Some(setting) = setting.filter(|v| !from_env(&v.value)) else {
            continue;
        };
        for (name, span) in acl_names(project, &setting) {
            let exists = match db {
                Db::Passwd => s.user(&name).is_some(),
                Db::Group => s.group(&name).is_some(),
            };
            if !exists {
                {
                    let d = acl_error(project, pool, &setting, &name, span, db, Some(s));
                    if impossible(&name) {
                        out.push(d);
                    } else {
                        emit(out, s, d);
                    }
                }
            }
        }
    }
}

const NGINX_ROOT_NOTE: &str = "no nginx.service under the linted root: fpmlint assumes the master runs as root, as systemd starts it without User=, and so looks up `user`";

/// A note only when `cond` holds.
trait NoteIf {
    fn with_note_if(self, cond: bool, note: &str) -> Self;
}

impl NoteIf for Diagnostic {
    fn with_note_if(self, cond: bool, note: &str) -> Self {
        if cond {
            self.with_note(note)
        } else {
            self
        }
    }
}

const ROOT_NOTE: &str = "no php-fpm systemd unit under the linted root: fpmlint assumes the master runs as root, as under systemd without User=, and so reads `user` and `group`";

/// The error of one pool value; `checked_by_t`: `php-fpm -t` reports it too.
fn pool_error(s: &Setting, quote: String, label: &str, checked_by_t: bool) -> Diagnostic {
    let span = s.value_span().expect("an explicit setting");
    let mut d = Diagnostic::error(
        META.name,
        format!("php-fpm refuses to start: `{quote}` then `FPM initialization failed`"),
        Label::new(span, label.to_string()),
    );
    if checked_by_t {
        d = d.with_note("`php-fpm -t` reports it too (PHP 8.2.2 and later)");
    }
    d
}

/// The names of a `listen.acl_*` value as php-fpm splits them: at each comma,
/// nothing trimmed; each with its span in the file when found there.
fn acl_names(project: &Project, s: &Setting) -> Vec<(String, Span)> {
    let span = s.value_span().expect("an explicit setting");
    let raw = project.sources.get(span.file).slice(span);
    let mut out = Vec::new();
    let mut cursor = 0usize;
    for name in s.value.split(',') {
        let at = if name.is_empty() {
            // An empty name: point at the comma that ends or starts it.
            raw[cursor..]
                .find(',')
                .map(|i| (cursor + i, cursor + i + 1))
        } else {
            raw[cursor..]
                .find(name)
                .map(|i| (cursor + i, cursor + i + name.len()))
        };
        let sub = match at {
            Some((a, b)) => {
                cursor = b;
                Span::new(span.file, span.start as usize + a, span.start as usize + b)
            }
            None => span,
        };
        out.push((name.to_string(), sub));
    }
    out
}

/// Names no system has: empty, or with blanks (php-fpm does not trim after commas).
fn impossible(name: &str) -> bool {
    name.is_empty() || name.chars().any(char::is_whitespace)
}

fn check_acl_shapes(project: &Project, pool: &Pool, out: &mut Vec<Diagnostic>) {
    if !matches!(pool.listen().map(|l| l.endpoint), Some(Endpoint::Unix(_))) {
        return;
    }
    for (setting, db) in [
        (pool.listen_acl_users(), Db::Passwd),
        (pool.listen_acl_groups(), Db::Group),
    ] {
        let Some(setting) = setting.filter(|v| !v.value.is_empty() && !from_env(&v.value)) else {
            continue;
        };
        for (name, span) in acl_names(project, &setting) {
            if impossible(&name) {
                out.push(acl_error(project, pool, &setting, &name, span, db, None));
            }
        }
    }
}

fn acl_error(
    project: &Project,
    pool: &Pool,
    setting: &Setting,
    name: &str,
    span: Span,
    db: Db,
    system: Option<&System>,
) -> Diagnostic {
    let p = &pool.name;
    let quote = match db {
        Db::Passwd => format!("[pool {p}] cannot get uid for user '{name}': Success (0)"),
        Db::Group => format!("[pool {p}] cannot get gid for group '{name}': Success (0)"),
    };
    let what = if db == Db::Passwd { "user" } else { "group" };
    let label = if name.is_empty() {
        format!("an empty {what} name: php-fpm looks it up and fails")
    } else if impossible(name) {
        format!("php-fpm looks up '{name}', blanks included")
    } else if db == Db::Passwd {
        "no such user in etc/passwd".to_string()
    } else {
        "no such group in etc/group".to_string()
    };
    let mut d = pool_error(setting, quote, &label, false);
    d.primary.span = span;
    d = d.with_note(format!(
        "`php-fpm -t` does not look up {} names: the test passes and the start fails",
        setting.key
    ));
    if impossible(name) {
        let fixed: Vec<&str> = setting
            .value
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        d = d.with_help(format!(
            "php-fpm splits {} at each comma and trims nothing: write `{} = {}`",
            setting.key,
            setting.key,
            fixed.join(",")
        ));
    } else if let Some(s) = system {
        d = d
            .with_note(missing_in(project, s, db, name))
            .with_help(match db {
                Db::Passwd => help_user(s, name),
                Db::Group => help_group(s, name),
            });
    }
    d
}

/// The accounts fpmlint assumes for a host whose tree carries no etc/passwd
/// and etc/group: its compose service's official image, else the
/// distribution its layout names.
struct Assumed<'a> {
    a: crate::model::system::ImageAccounts,
    /// Where the accounts are, as a message says it: `the image nginx:1.27`,
    /// `a stock Debian`.
    place: String,
    /// The label's words: `in the image`, `on a stock Debian`.
    label: String,
    note: String,
    /// The compose service (an image's accounts).
    service: Option<&'a crate::deploy::Service>,
    distro: Option<crate::model::system::Distro>,
}

impl Assumed<'_> {
    /// An image's accounts are all its containers have: an error. A
    /// distribution's are the stock ones; provisioning fpmlint cannot see may
    /// add others: a warning that says so.
    fn finding(&self, mut d: Diagnostic, what: &str, name: &str, fpm: bool) -> Diagnostic {
        d = d.with_note(self.note.clone());
        if let Some(service) = self.service {
            return d.with_help(image_help(service, &self.a, what, name));
        }
        d.severity = Severity::Warning;
        d.message = format!("unless provisioning creates {what} {name}: {}", d.message);
        let alpine = self.distro == Some(crate::model::system::Distro::Alpine);
        let create = match (what, alpine) {
            ("user", true) => format!("adduser -S -D -H {name}"),
            ("user", false) => format!("useradd --system --no-create-home {name}"),
            (_, true) => format!("addgroup -S {name}"),
            (_, false) => format!("groupadd --system {name}"),
        };
        use crate::model::system::Distro;
        let (distro, nginx, pools) = match self.distro {
            Some(Distro::Rhel) => ("RHEL", "nginx", "apache"),
            Some(Distro::Alpine) => ("Alpine", "nginx", "nobody"),
            _ => ("Debian", "www-data", "www-data"),
        };
        let stock = if fpm {
            format!("{pools} (the {what} {distro}'s php-fpm package runs its pools as)")
        } else {
            format!("{nginx} (the {what} {distro}'s nginx package runs its workers as)")
        };
        d.with_help(format!(
            "use {stock}, or create the {what} where the machine is provisioned (`{create}`)"
        ))
    }
}

fn assumed(project: &Project, host: usize) -> Option<Assumed<'_>> {
    if let Some((service, a)) = image_host(project, host) {
        return Some(Assumed {
            place: format!("the image {}", service.image),
            label: "in the image".into(),
            note: image_note(service, &a),
            a,
            service: Some(service),
            distro: None,
        });
    }
    let (distro, evidence) = crate::model::system::host_distro(project, host)?;
    let a = crate::model::system::distro_accounts(distro);
    let name = match distro {
        crate::model::system::Distro::Debian => "Debian",
        crate::model::system::Distro::Rhel => "RHEL",
        crate::model::system::Distro::Alpine => "Alpine",
    };
    Some(Assumed {
        place: format!("a stock {name}"),
        label: format!("on a stock {name}"),
        note: format!(
            "assumption: {}, as the layout says ({evidence}); the tree holds no etc/passwd or etc/group, so fpmlint cannot see accounts that provisioning (useradd in a playbook, cloud-init, another package) creates",
            a.describe
        ),
        a,
        service: None,
        distro: Some(distro),
    })
}

/// The compose service of a host, and its official image's accounts, when the
/// repository carries no etc/passwd and etc/group for it.
fn image_host(
    project: &Project,
    host: usize,
) -> Option<(&crate::deploy::Service, crate::model::system::ImageAccounts)> {
    let (_, service) = project.hosts.get(host)?.service()?;
    let accounts = crate::model::system::image_accounts(service)?;
    Some((service, accounts))
}

fn image_note(service: &crate::deploy::Service, a: &crate::model::system::ImageAccounts) -> String {
    format!(
        "assumption: {}; the repository holds no etc/passwd or etc/group for compose service `{}`",
        a.describe, service.name
    )
}

fn image_help(
    service: &crate::deploy::Service,
    a: &crate::model::system::ImageAccounts,
    what: &str,
    name: &str,
) -> String {
    let create = match (what, a.describe.contains("Alpine")) {
        ("user", true) => format!("RUN adduser -S -D -H {name}"),
        ("user", false) => format!("RUN useradd --system --no-create-home {name}"),
        (_, true) => format!("RUN addgroup -S {name}"),
        (_, false) => format!("RUN groupadd --system {name}"),
    };
    format!(
        "use {} (the image's own {what}), or build an image FROM {} that creates it (`{create}`)",
        a.web, service.image
    )
}

/// nginx's `user` in an official nginx image's container, checked against the
/// image's accounts.
fn image_nginx(
    project: &Project,
    tree: &crate::model::nginx::NginxTree,
    out: &mut Vec<Diagnostic>,
) {
    let Some(x) = assumed(project, tree.host) else {
        return;
    };
    let a = &x.a;
    // A master started as another user ignores `user` without looking it up.
    if x.service.is_some_and(|service| {
        service
            .user
            .as_ref()
            .is_some_and(|(u, _)| !matches!(u.split(':').next(), Some("root" | "0")))
    }) {
        return;
    }
    let Some(d) = tree.user() else {
        return;
    };
    let dir = tree.dir(d);
    let Some(user) = dir.args.first() else {
        return;
    };
    if user.has_variables() || numeric(&user.value) {
        return;
    }
    if !a.users.contains(&user.value.as_str()) {
        let d = Diagnostic::error(
            META.name,
            format!(
                "nginx refuses to start: `getpwnam(\"{}\") failed` (nginx -t says the same): {} has no user {}",
                user.value, x.place, user.value
            ),
            Label::new(user.span, format!("no such user {}", x.label)),
        );
        let d = x.finding(d, "user", &user.value, false);
        out.push(if x.service.is_none() {
            d.with_note(NGINX_ROOT_NOTE)
        } else {
            d
        });
        return;
    }
    let (group, implied) = match dir.args.get(1) {
        Some(g) => (g, false),
        None => (user, true),
    };
    if group.has_variables() || numeric(&group.value) {
        return;
    }
    if !a.groups.contains(&group.value.as_str()) {
        let d = Diagnostic::error(
            META.name,
            format!(
                "nginx refuses to start: `getgrnam(\"{}\") failed` (nginx -t says the same): {} has no group {}",
                group.value, x.place, group.value
            ),
            Label::new(
                group.span,
                if implied {
                    format!(
                        "without a second argument this is the group too: no such group {}",
                        x.label
                    )
                } else {
                    format!("no such group {}", x.label)
                },
            ),
        );
        let d = x.finding(d, "group", &group.value, false);
        out.push(if x.service.is_none() {
            d.with_note(NGINX_ROOT_NOTE)
        } else {
            d
        });
    }
}

/// A pool's accounts in an official php image's container, checked against
/// the image's accounts.
fn image_pool(project: &Project, tree: &FpmTree, pool: &Pool, out: &mut Vec<Diagnostic>) {
    let Some(x) = assumed(project, tree.host) else {
        return;
    };
    let a = &x.a;
    let p = &pool.name;
    let plain = |v: &Setting| !v.value.is_empty() && !numeric(&v.value) && !from_env(&v.value);
    let mut checks: Vec<(Setting, bool, String)> = Vec::new();
    // `user` and `group` are read only by a root master.
    if !tree.ctx.unprivileged_master() {
        if let Some(u) = pool.user().filter(|u| plain(u)) {
            let q = format!("[pool {p}] cannot get uid for user '{}'", u.value);
            checks.push((u, true, q));
        }
        if let Some(g) = pool.group().filter(|g| plain(g)) {
            let q = format!("[pool {p}] cannot get gid for group '{}'", g.value);
            checks.push((g, false, q));
        }
    }
    let unix = matches!(pool.listen().map(|l| l.endpoint), Some(Endpoint::Unix(_)));
    let acl = pool.listen_acl_users().is_some_and(|v| !v.value.is_empty())
        || pool
            .listen_acl_groups()
            .is_some_and(|v| !v.value.is_empty());
    if unix && !acl {
        if let Some(o) = pool.listen_owner().filter(|o| plain(o)) {
            let q = format!(
                "[pool {p}] cannot get uid for user '{}': Success (0)",
                o.value
            );
            checks.push((o, true, q));
        }
        if let Some(g) = pool.listen_group().filter(|g| plain(g)) {
            let q = format!(
                "[pool {p}] cannot get gid for group '{}': Success (0)",
                g.value
            );
            checks.push((g, false, q));
        }
    }
    for (setting, is_user, quote) in checks {
        let known = if is_user {
            a.users.contains(&setting.value.as_str())
        } else {
            a.groups.contains(&setting.value.as_str())
        };
        if known {
            continue;
        }
        let what = if is_user { "user" } else { "group" };
        let label = format!("no such {what} {}", x.label);
        let d = x.finding(
            pool_error(&setting, quote, &label, true),
            what,
            &setting.value,
            true,
        );
        out.push(if x.service.is_none() && tree.ctx.master_user.is_none() {
            d.with_note(ROOT_NOTE)
        } else {
            d
        });
    }
}
