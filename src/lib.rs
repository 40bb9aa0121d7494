//! fpmlint: lint nginx and PHP-FPM configurations together.
//!
//! The flow runs one way: discover -> load (source map) -> parse -> model -> rules -> report.

// The parsers pest derives (without its `std` feature, see Cargo.toml) name `::alloc`.
extern crate alloc;

pub mod apache;
pub mod cli;
pub mod config;
pub mod confine;
pub mod deploy;
pub mod diag;
pub mod discover;
pub mod dump;
pub mod exclude;
pub mod fpm;
pub mod model;
pub mod nginx;
pub mod paths;
pub mod project;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod text;
pub mod units;
