//! nginx: grammar, syntax tree and parser.

pub mod ast;
pub mod directives;
pub mod parse;
pub mod prescan;

pub use ast::{Arg, Block, Comment, Config, Directive, Item, Quote};
pub use parse::parse;
