//! Apache httpd rules: the module a PHP handler needs, nginx -> Apache proxies.
//!
//! Declare each rule module here with `#[path = "<name>.rs"] pub mod <name>;`
//! and list it in `RULES`.

use super::Rule;

#[path = "apache_unknown_directive.rs"]
pub mod apache_unknown_directive;
#[path = "mod_php_threaded_mpm.rs"]
pub mod mod_php_threaded_mpm;
#[path = "proxy_handler_without_module.rs"]
pub mod proxy_handler_without_module;
#[path = "proxy_pass_unmatched.rs"]
pub mod proxy_pass_unmatched;

pub static RULES: &[&dyn Rule] = &[
    &apache_unknown_directive::Check,
    &mod_php_threaded_mpm::Check,
    &proxy_handler_without_module::Check,
    &proxy_pass_unmatched::Check,
];
