//! nginx directive table rules: unknown directives, contexts, argument counts, value syntax.
//!
//! Declare each rule module here with `#[path = "<name>.rs"] pub mod <name>;`
//! and list it in `RULES`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
