//! php-fpm rules: keys, values, pool startup checks.
//!
//! Declare each rule module here with `#[path = "<name>.rs"] pub mod <name>;`
//! and list it in `RULES`.

use super::Rule;

#[path = "backlog_above_somaxconn.rs"]
pub mod backlog_above_somaxconn;
#[path = "fpm_invalid_value.rs"]
pub mod fpm_invalid_value;
#[path = "fpm_unknown_key.rs"]
pub mod fpm_unknown_key;
#[path = "listen_backlog_low.rs"]
pub mod listen_backlog_low;
#[path = "max_requests_unlimited.rs"]
pub mod max_requests_unlimited;
#[path = "pool_invalid.rs"]
pub mod pool_invalid;
#[path = "pool_memory_overcommit.rs"]
pub mod pool_memory_overcommit;
#[path = "spare_servers_equal_children.rs"]
pub mod spare_servers_equal_children;

pub static RULES: &[&dyn Rule] = &[
    &fpm_unknown_key::Check,
    &fpm_invalid_value::Check,
    &pool_invalid::Check,
    &listen_backlog_low::Check,
    &backlog_above_somaxconn::Check,
    &pool_memory_overcommit::Check,
    &max_requests_unlimited::Check,
    &spare_servers_equal_children::Check,
];
