//! The php-fpm model.
