//! gocrm-codegen: turns an OpenAPI / Swagger document into a typed async Rust client.
//!
//! The pipeline is visible in the module layout: [`load`] → [`ir`] → [`emit`] → [`write`].

pub mod diagnostics;
pub mod load;

pub use diagnostics::{Diagnostic, Severity};
