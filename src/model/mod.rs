//! The model the rules read: effective values after includes, inheritance and defaults.

pub mod apache;
pub mod capacity;
pub mod fpm;
pub mod index;
pub mod nginx;
pub mod placement;
pub mod system;
