//! gocrm-codegen: turns an OpenAPI / Swagger document into a typed async Rust client.
//!
//! The pipeline is visible in the module layout: [`load`] (read, convert to OpenAPI 3.0) →
//! [`ir`] (named types and operations: every naming and Rust decision) → [`emit`] (tokens) →
//! [`format`](mod@format) (text) — driven by [`generate`]. [`diff`] compares two documents by
//! their effect on the generated client. With the `cli` feature, `probe` calls a live server
//! and checks its answers against the spec and the generated client.
// Library code never panics on input: no unwrap/expect/panic/todo, no indexing that can
// fail. Tests may use them.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::indexing_slicing
    )
)]

pub mod config;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod format;
// The generated runtime's framing: the IR asks it which media types are sequential, and the
// probe splits a streamed answer with it exactly as the client does (the rest of it is
// used only with the probe, feature `cli`).
#[path = "../runtime/framing.rs"]
#[allow(dead_code)]
mod framing;
pub mod generate;
pub mod ir;
pub mod load;
mod locate;
#[cfg(feature = "cli")]
pub mod probe;
pub mod settings;
pub mod write;

pub use config::{BuildError, Config};
pub use diagnostics::{Diagnostic, Severity};
pub use generate::{
    generate_crate_sources, generate_single_file, generate_standalone_crate, GenerateError,
    Generated, GeneratedFile,
};
pub use settings::{BoolParams, Settings, SettingsFile};
