//! Generated documentation: man pages and shell completions.
