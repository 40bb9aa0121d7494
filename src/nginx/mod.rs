//! nginx: grammar, AST and parser.
