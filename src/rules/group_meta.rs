//! Rules about fpmlint's own comments: suppressions. The runner applies them after
//! every other rule (they read the other rules' findings).

use super::Rule;

#[path = "unused_suppression.rs"]
pub mod unused_suppression;

pub static RULES: &[&dyn Rule] = &[&unused_suppression::Check];
