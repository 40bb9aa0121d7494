//! nginx rules over effective values: buffers, pass targets, params, PHP locations.
//!
//! Declare each rule module here with `#[path = "<name>.rs"] pub mod <name>;`
//! and list it in `RULES`.

use super::Rule;

#[path = "buffer_constraint.rs"]
pub mod buffer_constraint;

pub static RULES: &[&dyn Rule] = &[&buffer_constraint::Check];
