//! Apache httpd: grammar, syntax tree and parser.
//!
//! `grammar/apache.pest` reads logical lines and words as httpd does
//! (`ap_cfg_getline`, `ap_getword_conf`); [`parse::parse`] matches sections and
//! reports the first error in httpd's words; [`ast`] holds the tree and a reader
//! over it ([`Config::walk`]). Nothing is evaluated at this layer: `Include`,
//! `Define`, `${VAR}` and the `<If...>` tests are recognised, not resolved.

pub mod ast;
pub mod parse;

pub use ast::{
    Arg, Comment, Conditional, Config, Directive, DirectiveKind, Item, Node, Quote, Scoped,
    Section, SectionKind,
};
pub use parse::parse;
