//! Subcommands of the `gocrm-codegen` binary kept out of `main.rs` (the binary's own modules,
//! not part of the library): each parses its flags and calls the library.

pub mod diff;
