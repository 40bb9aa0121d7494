//! The rules: one file each in this directory, one doc each in `rules/<name>.md`
//! (embedded at build time: a missing doc fails the build), one fixture folder each
//! in `tests/fixtures/<name>/`.
//!
//! A rule reads the [`Project`] model and reports [`Diagnostic`]s; it never reads
//! files or raw text.

use crate::diag::{Diagnostic, Severity};
use crate::project::Project;

/// What kind of problem a rule finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// The file cannot be read as the program reads it.
    Syntax,
    /// The program refuses to start.
    Startup,
    /// Requests fail at run time (502, 504, 404...).
    Runtime,
    Security,
    Performance,
    /// fpmlint's own comments: suppressions.
    Suppression,
}

/// A rule's metadata.
#[derive(Debug, serde::Serialize)]
pub struct RuleMeta {
    pub name: &'static str,
    pub severity: Severity,
    pub category: Category,
    pub summary: &'static str,
    #[serde(skip)]
    pub doc: &'static str,
}

/// A check over the whole project.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, project: &Project, out: &mut Vec<Diagnostic>);
}

/// Declares a rule's metadata with its doc embedded from `rules/<name>.md`.
#[macro_export]
macro_rules! declare_rule {
    ($name:literal, $severity:expr, $category:expr, $summary:literal) => {
        pub static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            name: $name,
            severity: $severity,
            category: $category,
            summary: $summary,
            doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $name, ".md")),
        };
    };
    // A rule over the model: `Check` runs the given function.
    ($name:literal, $severity:expr, $category:expr, $summary:literal, check = $check:path) => {
        $crate::declare_rule!($name, $severity, $category, $summary);

        /// The rule as its group lists it.
        pub struct Check;

        impl $crate::rules::Rule for Check {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &META
            }

            fn check(
                &self,
                project: &$crate::project::Project,
                out: &mut Vec<$crate::diag::Diagnostic>,
            ) {
                $check(project, out)
            }
        }
    };
}

/// Diagnostics the loader emits before any rule runs (their docs live in rules/ too).
pub mod builtin {
    use super::Category;
    use crate::diag::Severity;

    pub mod nginx_syntax {
        use super::*;
        crate::declare_rule!(
            "nginx-syntax",
            Severity::Error,
            Category::Syntax,
            "nginx cannot read the file: its tokenizer refuses it"
        );
    }
    pub mod nginx_include {
        use super::*;
        crate::declare_rule!(
            "nginx-include",
            Severity::Error,
            Category::Startup,
            "an nginx include names a missing file, or includes form a cycle"
        );
    }
    pub mod fpm_syntax {
        use super::*;
        crate::declare_rule!(
            "fpm-syntax",
            Severity::Error,
            Category::Syntax,
            "php-fpm cannot read the line: its INI parser refuses it"
        );
    }
    pub mod fpm_include {
        use super::*;
        crate::declare_rule!(
            "fpm-include",
            Severity::Error,
            Category::Startup,
            "a php-fpm include= cannot be followed"
        );
    }
    pub mod fpm_pool_var {
        use super::*;
        crate::declare_rule!(
            "fpm-pool-var",
            Severity::Error,
            Category::Startup,
            "$pool in [global]: php-fpm refuses to start"
        );
    }
    pub mod apache_syntax {
        use super::*;
        crate::declare_rule!(
            "apache-syntax",
            Severity::Error,
            Category::Syntax,
            "Apache httpd cannot read the file: a section is not closed, or closed by the wrong tag"
        );
    }
    pub mod apache_include {
        use super::*;
        crate::declare_rule!(
            "apache-include",
            Severity::Error,
            Category::Startup,
            "an Apache Include names a missing file or a wildcard that matches nothing: Apache refuses to start"
        );
    }
    pub mod unreadable_file {
        use super::*;
        crate::declare_rule!(
            "unreadable-file",
            Severity::Error,
            Category::Syntax,
            "a file could not be read (permissions, binary, too large): the check is incomplete"
        );
    }
    pub mod include_outside_root {
        use super::*;
        crate::declare_rule!(
            "include-outside-root",
            Severity::Error,
            Category::Syntax,
            "an include leads outside the linted tree: fpmlint does not open it, the check is incomplete"
        );
    }
    pub mod input_limit {
        use super::*;
        crate::declare_rule!(
            "input-limit",
            Severity::Error,
            Category::Syntax,
            "the input passes one of fpmlint's limits (arguments, directives, total size): the check is incomplete"
        );
    }
}

// Each group of rules keeps its own list, in its own file; a rule's code is in
// src/rules/<name>.rs, declared from its group's file.
mod group_apache;
mod group_cross;
mod group_directives;
mod group_fpm;
pub(crate) mod group_meta;
mod group_nginx;

// What `fpmlint dump` shows of each host's target, as the rules read it.
pub(crate) use group_directives::unknown_directive::{
    modules_loaded as unknown_directive_modules, nginx_release as unknown_directive_release,
};

/// Every rule that runs over the model.
pub fn rules() -> impl Iterator<Item = &'static dyn Rule> {
    group_cross::RULES
        .iter()
        .chain(group_directives::RULES)
        .chain(group_nginx::RULES)
        .chain(group_fpm::RULES)
        .chain(group_apache::RULES)
        .chain(group_meta::RULES)
        .copied()
}

/// Metadata of every diagnostic name fpmlint can emit, loader ones first.
pub fn all_meta() -> Vec<&'static RuleMeta> {
    let mut v: Vec<&'static RuleMeta> = vec![
        &builtin::nginx_syntax::META,
        &builtin::nginx_include::META,
        &builtin::fpm_syntax::META,
        &builtin::fpm_include::META,
        &builtin::fpm_pool_var::META,
        &builtin::apache_syntax::META,
        &builtin::apache_include::META,
        &builtin::unreadable_file::META,
        &builtin::include_outside_root::META,
        &builtin::input_limit::META,
    ];
    v.extend(rules().map(|r| r.meta()));
    v
}

pub fn find(name: &str) -> Option<&'static RuleMeta> {
    all_meta().into_iter().find(|m| m.name == name)
}

/// Run every rule over the project.
pub fn run(project: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in rules() {
        r.check(project, &mut out);
    }
    out
}
