//! nginx rules over effective values: buffers, pass targets, params, PHP locations.
//!
//! Declare each rule module here with `#[path = "<name>.rs"] pub mod <name>;`
//! and list it in `RULES`.

use super::Rule;

#[path = "buffer_constraint.rs"]
pub mod buffer_constraint;
#[path = "fastcgi_param_dropped.rs"]
pub mod fastcgi_param_dropped;
#[path = "invalid_pass_target.rs"]
pub mod invalid_pass_target;
#[path = "missing_script_filename.rs"]
pub mod missing_script_filename;
#[path = "pass_without_resolver.rs"]
pub mod pass_without_resolver;
#[path = "path_info_without_split.rs"]
pub mod path_info_without_split;
#[path = "php_source_exposed.rs"]
pub mod php_source_exposed;
#[path = "ssl_without_certificate.rs"]
pub mod ssl_without_certificate;
#[path = "undersized_buffer.rs"]
pub mod undersized_buffer;
#[path = "unsafe_php_location.rs"]
pub mod unsafe_php_location;

pub static RULES: &[&dyn Rule] = &[
    &buffer_constraint::Check,
    &undersized_buffer::Check,
    &invalid_pass_target::Check,
    &missing_script_filename::Check,
    &fastcgi_param_dropped::Check,
    &pass_without_resolver::Check,
    &unsafe_php_location::Check,
    &php_source_exposed::Check,
    &ssl_without_certificate::Check,
    &path_info_without_split::Check,
];
