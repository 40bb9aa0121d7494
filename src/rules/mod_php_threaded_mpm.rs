//! mod-php-threaded-mpm: mod_php (libphp*.so) loaded beside a threaded MPM
//! (mpm_event, mpm_worker): Apache refuses to start.

use crate::diag::{Diagnostic, Label, Severity};
use crate::project::Project;
use crate::rules::Category;

crate::declare_rule!(
    "mod-php-threaded-mpm",
    Severity::Error,
    Category::Startup,
    "mod_php loaded with mpm_event or mpm_worker: Apache refuses to start (PHP not thread-safe)",
    check = check
);

fn check(project: &Project, out: &mut Vec<Diagnostic>) {
    // A fragment's loaded modules are unknown: nothing to judge them by.
    for tree in project.apache.iter().filter(|t| !t.ctx.fragment) {
        let php = tree.modules.iter().find(|m| {
            matches!(
                m.symbol.as_str(),
                "php_module" | "php7_module" | "php5_module"
            )
        });
        let mpm = tree
            .modules
            .iter()
            .find(|m| matches!(m.symbol.as_str(), "mpm_event_module" | "mpm_worker_module"));
        let (Some(php), Some(mpm)) = (php, mpm) else {
            continue;
        };
        let (Some(php_at), Some(mpm_at)) = (php.span, mpm.span) else {
            continue;
        };
        let mpm_name = mpm.symbol.trim_end_matches("_module");
        out.push(
            Diagnostic::error(
                META.name,
                format!(
                    "Apache refuses to start: `[php:crit] Apache is running a threaded MPM, but your PHP Module is not compiled to be threadsafe.  You need to recompile PHP.` then `AH00013: Pre-configuration failed`: mod_php is loaded beside {mpm_name}"
                ),
                Label::new(php_at, "mod_php, built without thread safety"),
            )
            .with_label(Label::new(mpm_at, format!("{mpm_name}: a threaded MPM")))
            .with_help(format!(
                "serve PHP through php-fpm (Debian: `a2dismod php8.2 && a2enmod proxy_fcgi setenvif && a2enconf php8.2-fpm`), or switch to mpm_prefork (`a2dismod {mpm_name} && a2enmod mpm_prefork`)"
            ))
            .with_note("assumes the PHP module of the distributions (Debian, Ubuntu, RHEL, Alpine), built without thread safety (ZTS); `apachectl -t` fails too"),
        );
    }
}
