//! nginx directive table rules: unknown directives, contexts, argument counts, value syntax.
//!
//! Declare each rule module here with `#[path = "<name>.rs"] pub mod <name>;`
//! and list it in `RULES`.
//!
//! The rules share the model's [`Placement`] of each tree (built once, on first
//! use, by `Project::placement`): the context of every scope, and what each
//! directive is in the context where it stands, as `ngx_conf_handler` decides it
//! (unknown, not allowed here, or the module's table entry that takes it).

use super::Rule;
pub use crate::model::placement::{Placement, Resolution};

#[path = "unknown_directive.rs"]
pub mod unknown_directive;

#[path = "directive_context.rs"]
pub mod directive_context;

#[path = "directive_arity.rs"]
pub mod directive_arity;

#[path = "invalid_value.rs"]
pub mod invalid_value;

#[path = "duplicate_directive.rs"]
pub mod duplicate_directive;

pub static RULES: &[&dyn Rule] = &[
    &unknown_directive::Check,
    &directive_context::Check,
    &directive_arity::Check,
    &invalid_value::Check,
    &duplicate_directive::Check,
];
