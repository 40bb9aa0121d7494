//! php-fpm rules: keys, values, pool startup checks.
//!
//! Declare each rule module here with `#[path = "<name>.rs"] pub mod <name>;`
//! and list it in `RULES`.

use super::Rule;

pub static RULES: &[&dyn Rule] = &[];
