//! fpmlint: lint nginx and PHP-FPM configurations together.
//!
//! The flow runs one way: discover -> load (source map) -> parse -> model -> rules -> report.

pub mod diag;
pub mod fpm;
pub mod model;
pub mod nginx;
pub mod paths;
pub mod source;
pub mod text;
pub mod units;
