//! Cross-file rules: nginx <-> php-fpm relations behind 502s.
//!
//! Declare each rule module here with `#[path = "<name>.rs"] pub mod <name>;`
//! and list it in `RULES`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
