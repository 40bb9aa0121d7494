//! php-fpm and php.ini: grammar, AST and parser.
//!
//! `grammar/fpm.pest` reads one physical line at a time, as php-fpm does
//! (`fpm_conf_load_ini_file`); [`parse::parse`] lowers each line to the
//! [`ast::IniFile`] and reports every bad line; [`keys`] knows php-fpm's option tables.

pub mod ast;
pub mod keys;
pub mod parse;

pub use ast::{Entry, IniFile, Line, Value, ValueKind};
pub use parse::parse;
