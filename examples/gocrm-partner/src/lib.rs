//! A client for a Go-CRM-style partner API whose spec declares credentials: an API key in a
//! header, a key in the query, a bearer token and basic auth. Generated at build time from
//! `gocrm-codegen/tests/fixtures/security/partner.yaml`.
#![forbid(unsafe_code)]

/// The generated client.
pub mod partner {
    include!(concat!(env!("OUT_DIR"), "/partner.rs"));
}
