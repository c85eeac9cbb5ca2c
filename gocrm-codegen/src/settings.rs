//! Generator settings: what the generated client does beyond what the spec says.

/// Settings shared by the CLI, `cargo xtask regen` and `build.rs` use.
///
/// The defaults are the ones the Go-CRM API needs: envelope unwrapping, lenient scalars and
/// kept unknown properties. Each can be switched off for a spec that does not need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Unwrap `{status, message, validation_errors, data}` envelopes where a response has one.
    pub unwrap_envelope: bool,
    /// The envelope's status field.
    pub envelope_status_field: String,
    /// The envelope's payload field.
    pub envelope_data_field: String,
    /// The status value that means success; any other value is an error.
    pub envelope_success_value: String,
    /// Accept `"12345"` for integers, `1`/`"0"` for booleans, numbers for strings.
    pub lenient_scalars: bool,
    /// Keep properties the spec does not declare on response types, and write them back.
    pub keep_unknown_properties: bool,
    /// Overrides the base URL taken from the spec's servers (or host/basePath).
    pub base_url: Option<String>,
    /// Turn every warning (a construct that fell back) into an error.
    pub strict: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            unwrap_envelope: true,
            envelope_status_field: "status".to_owned(),
            envelope_data_field: "data".to_owned(),
            envelope_success_value: "success".to_owned(),
            lenient_scalars: true,
            keep_unknown_properties: true,
            base_url: None,
            strict: false,
        }
    }
}
