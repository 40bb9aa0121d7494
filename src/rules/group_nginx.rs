//! nginx rules over effective values: buffers, pass targets, params, PHP locations.
//!
//! Declare each rule module here with `#[path = "<name>.rs"] pub mod <name>;`
//! and list it in `RULES`.

use super::Rule;
use crate::model::nginx::{DirId, NginxTree, ScopeId};

/// The `fastcgi_param SCRIPT_FILENAME` in effect at `scope` when its value is
/// built from the request (`$fastcgi_script_name`, `$uri`, `$document_uri`,
/// `$request_filename`): the requested path is the script. None for a fixed
/// script (`$document_root/index.php`) or no SCRIPT_FILENAME at all.
pub(crate) fn uri_script_filename(tree: &NginxTree, scope: ScopeId) -> Option<DirId> {
    let script = tree.effective_entry(scope, "fastcgi_param", "SCRIPT_FILENAME")?;
    let value = tree.dir(script).arg(1)?;
    [
        "$fastcgi_script_name",
        "$uri",
        "$document_uri",
        "$request_filename",
    ]
    .iter()
    .any(|v| value.contains(v))
    .then_some(script)
}

#[path = "buffer_constraint.rs"]
pub mod buffer_constraint;
#[path = "fastcgi_param_dropped.rs"]
pub mod fastcgi_param_dropped;
#[path = "invalid_pass_target.rs"]
pub mod invalid_pass_target;
#[path = "missing_script_filename.rs"]
pub mod missing_script_filename;
#[path = "non_php_passed_to_php.rs"]
pub mod non_php_passed_to_php;
#[path = "pass_without_resolver.rs"]
pub mod pass_without_resolver;
#[path = "path_info_without_split.rs"]
pub mod path_info_without_split;
#[path = "php_source_exposed.rs"]
pub mod php_source_exposed;
#[path = "root_not_inherited.rs"]
pub mod root_not_inherited;
#[path = "ssl_without_certificate.rs"]
pub mod ssl_without_certificate;
#[path = "template_variable_undefined.rs"]
pub mod template_variable_undefined;
#[path = "undersized_buffer.rs"]
pub mod undersized_buffer;
#[path = "unsafe_php_location.rs"]
pub mod unsafe_php_location;

pub static RULES: &[&dyn Rule] = &[
    &buffer_constraint::Check,
    &undersized_buffer::Check,
    &invalid_pass_target::Check,
    &missing_script_filename::Check,
    &fastcgi_param_dropped::Check,
    &pass_without_resolver::Check,
    &unsafe_php_location::Check,
    &php_source_exposed::Check,
    &ssl_without_certificate::Check,
    &path_info_without_split::Check,
    &non_php_passed_to_php::Check,
    &root_not_inherited::Check,
    &template_variable_undefined::Check,
];

/// The pools a `fastcgi_pass` of tree `ti` reaches, as (php-fpm tree, pool).
pub(crate) fn pools_reached(
    project: &crate::project::Project,
    ti: usize,
    pass: crate::model::nginx::DirId,
) -> Vec<(usize, usize)> {
    let links = project.links();
    links
        .passes_of(ti, pass)
        .flat_map(|p| p.targets.iter().flat_map(|t| t.reach.pools.iter()))
        .map(|l| (links.listeners[*l].tree, links.listeners[*l].pool))
        .collect()
}

/// Status and ping paths of common setups, for a tree with no php-fpm
/// configuration to read them from.
const USUAL_FPM_PAGES: &[&str] = &[
    "/status",
    "/ping",
    "/fpm-status",
    "/fpm-ping",
    "/php-fpm-status",
    "/php-fpm-ping",
    "/fpm_status",
    "/fpm_ping",
];

/// True when `scope` lies in a location that serves php-fpm's own status or
/// ping page (`pm.status_path`, `ping.path` of the pools it reaches, of every
/// pool found when it reaches none, or the usual names when no pool is found):
/// php-fpm answers those itself, before looking for a script. The location is an
/// exact or prefix match of such a path, or a regex whose every alternative is one
/// (`~ ^/(status|ping)$`).
pub(crate) fn fpm_page_location(
    project: &crate::project::Project,
    tree: &crate::model::nginx::NginxTree,
    scope: crate::model::nginx::ScopeId,
    pools: &[(usize, usize)],
) -> bool {
    use crate::model::nginx::ScopeKind;
    let Some(loc) = tree
        .ancestry(scope)
        .find(|s| tree.scope(*s).kind == ScopeKind::Location)
    else {
        return false;
    };
    let Some(ldir) = tree.scope(loc).dir() else {
        return false;
    };
    let mut paths: Vec<String> = Vec::new();
    let mut add = |t: usize, p: usize| {
        let pool = &project.fpm[t].pools[p];
        for key in ["pm.status_path", "ping.path"] {
            if let Some(s) = pool.get(key).filter(|s| !s.value.is_empty()) {
                paths.push(s.value.trim_end_matches('/').to_string());
            }
        }
    };
    if pools.is_empty() {
        for (t, tree) in project.fpm.iter().enumerate() {
            for p in 0..tree.pools.len() {
                add(t, p);
            }
        }
        if project.fpm.iter().all(|t| t.pools.is_empty()) {
            paths.extend(USUAL_FPM_PAGES.iter().map(|s| s.to_string()));
        }
    } else {
        for &(t, p) in pools {
            add(t, p);
        }
    }
    if paths.is_empty() {
        return false;
    }
    let is_page = |p: &str| paths.iter().any(|x| x == p.trim_end_matches('/'));
    match &tree.dir(ldir).args[..] {
        [p] => is_page(&p.value),
        [m, p] if m.value == "=" || m.value == "^~" => is_page(&p.value),
        [m, p] if m.value == "~" || m.value == "~*" => {
            regex_alternatives(&p.value).is_some_and(|alts| alts.iter().all(|a| is_page(a)))
        }
        _ => false,
    }
}

/// The strings an anchored regex of literals matches, with at most one group of
/// alternatives: `^/(status|ping)$` gives `/status` and `/ping`. None for
/// anything else (wildcards, classes, unanchored patterns).
fn regex_alternatives(re: &str) -> Option<Vec<String>> {
    let body = re.strip_prefix('^')?.strip_suffix('$')?;
    let body = body.replace("\\/", "/").replace("\\-", "-");
    let literal = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_-".contains(c))
    };
    match (body.find('('), body.rfind(')')) {
        (None, None) => literal(&body).then(|| vec![body.clone()]),
        (Some(o), Some(c)) if o < c => {
            let (pre, group, post) = (&body[..o], &body[o + 1..c], &body[c + 1..]);
            if !literal(pre) || !literal(post) {
                return None;
            }
            let alts: Vec<&str> = group.split('|').collect();
            if !alts.iter().all(|a| literal(a)) {
                return None;
            }
            Some(alts.iter().map(|a| format!("{pre}{a}{post}")).collect())
        }
        _ => None,
    }
}
