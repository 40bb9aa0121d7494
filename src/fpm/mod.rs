//! php-fpm and php.ini: grammar, AST and parser.
