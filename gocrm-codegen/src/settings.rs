//! Generator settings: what the generated client does beyond what the spec says.
//!
//! The same settings come from three places that must agree: the CLI's flags, the builder
//! ([`crate::Config`]) a `build.rs` uses, and a `gocrm-codegen.toml` file next to the spec,
//! which `cargo xtask regen`, the CLI and `build.rs` all read (see [`SettingsFile`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The settings file's name; looked up in the spec's directory.
pub const SETTINGS_FILE_NAME: &str = "gocrm-codegen.toml";

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
    /// How booleans go over the wire in query, path, header, form and multipart values.
    /// JSON bodies always carry real booleans.
    pub bool_params: BoolParams,
    /// Overrides the base URL taken from the spec's servers (or host/basePath).
    pub base_url: Option<String>,
    /// Turn every warning (a construct that fell back) into an error.
    pub strict: bool,
    /// Extra derives for the generated structs and enums (`"Eq"`, `"Hash"`,
    /// `"schemars::JsonSchema"`); ones a type already derives are skipped.
    pub derives: Vec<String>,
    /// Component schema name (as written in the spec) → a Rust type used instead of the
    /// generated one (`"Lead"` → `"my_crate::Lead"`).
    pub schema_types: BTreeMap<String, String>,
    /// Schema `format` → a Rust type used for every schema with that format
    /// (`"date-time"` → `"chrono::DateTime<chrono::Utc>"`).
    pub format_types: BTreeMap<String, String>,
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
            bool_params: BoolParams::TrueFalse,
            base_url: None,
            strict: false,
            derives: Vec::new(),
            schema_types: BTreeMap::new(),
            format_types: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Checks what the settings put into generated code: derives must be paths, replacement
    /// types must be types. Returns one message per problem, naming the setting.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for derive in &self.derives {
            if syn::parse_str::<syn::Path>(derive).is_err() {
                problems.push(format!(
                    "setting `derives`: `{derive}` is not a Rust path (e.g. `Eq`, `schemars::JsonSchema`)"
                ));
            }
        }
        for (key, map) in [
            ("schema_types", &self.schema_types),
            ("format_types", &self.format_types),
        ] {
            for (name, ty) in map {
                if syn::parse_str::<syn::Type>(ty).is_err() {
                    problems.push(format!("setting `{key}.{name}`: `{ty}` is not a Rust type"));
                }
            }
        }
        if let Some(url) = &self.base_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                problems.push(format!(
                    "setting `base_url`: `{url}` is not an absolute http(s) URL"
                ));
            }
        }
        problems
    }

    /// Reads `gocrm-codegen.toml` from the spec's directory if there is one, on top of the
    /// defaults. Returns the settings and the file that was read.
    pub fn discover(spec: &Path) -> Result<(Settings, Option<PathBuf>), SettingsError> {
        match settings_file_for(spec) {
            Some(path) => {
                let file = SettingsFile::read(&path)?;
                let mut settings = Settings::default();
                file.apply(&mut settings);
                Ok((settings, Some(path)))
            }
            None => Ok((Settings::default(), None)),
        }
    }
}

/// How a boolean is written in a query, path, header, form or multipart value (setting
/// `bool_params`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum BoolParams {
    /// `true` / `false`, as OpenAPI says (the default).
    #[default]
    #[serde(rename = "true-false")]
    TrueFalse,
    /// `1` / `0`: what every PHP server reads as a boolean. Laravel's `boolean` rule refuses
    /// the text `"true"`, and plain PHP's `(bool)"false"` is `true`.
    #[serde(rename = "one-zero")]
    OneZero,
}

impl BoolParams {
    /// The setting's value as written in the settings file and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            BoolParams::TrueFalse => "true-false",
            BoolParams::OneZero => "one-zero",
        }
    }

    /// Reads `true-false` or `one-zero`.
    pub fn parse(text: &str) -> Option<BoolParams> {
        match text {
            "true-false" => Some(BoolParams::TrueFalse),
            "one-zero" => Some(BoolParams::OneZero),
            _ => None,
        }
    }
}

/// Where the settings file for `spec` would be: `gocrm-codegen.toml` in its directory, if that
/// file exists.
pub fn settings_file_for(spec: &Path) -> Option<PathBuf> {
    let dir = match spec.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let path = dir.join(SETTINGS_FILE_NAME);
    path.is_file().then_some(path)
}

/// A settings file could not be read or has a mistake.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct SettingsError {
    pub file: String,
    pub message: String,
}

/// The settings as written in `gocrm-codegen.toml`, or set on [`crate::Config`]: every key is
/// optional and overrides the default. Unknown keys are an error naming the key.
///
/// ```toml
/// unwrap_envelope = true
/// envelope_status_field = "status"
/// envelope_data_field = "data"
/// envelope_success_value = "success"
/// lenient_scalars = true
/// keep_unknown_properties = true
/// bool_params = "true-false"   # or "one-zero"
/// base_url = "https://beta.go-crm.ru/api/v3"
/// strict = false
/// derives = ["Eq"]
///
/// [schema_types]
/// Lead = "crate::MyLead"
///
/// [format_types]
/// "date-time" = "String"
///
/// # Read by `cargo xtask regen --fetch` only; the generator ignores it.
/// source_url = "https://beta.go-crm.ru/public.json"
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    pub unwrap_envelope: Option<bool>,
    pub envelope_status_field: Option<String>,
    pub envelope_data_field: Option<String>,
    pub envelope_success_value: Option<String>,
    pub lenient_scalars: Option<bool>,
    pub keep_unknown_properties: Option<bool>,
    pub bool_params: Option<BoolParams>,
    pub base_url: Option<String>,
    pub strict: Option<bool>,
    #[serde(default)]
    pub derives: Vec<String>,
    #[serde(default)]
    pub schema_types: BTreeMap<String, String>,
    #[serde(default)]
    pub format_types: BTreeMap<String, String>,
    /// Where the spec is published (`cargo xtask regen --fetch` downloads it from here). Not
    /// a generator setting: [`SettingsFile::apply`] leaves it out.
    pub source_url: Option<String>,
}

impl SettingsFile {
    /// Parses the text of a settings file; `file` names it in the error.
    pub fn parse(text: &str, file: &str) -> Result<SettingsFile, SettingsError> {
        toml::from_str::<SettingsFile>(text).map_err(|e| SettingsError {
            file: file.to_owned(),
            message: toml_message(&e, text),
        })
    }

    /// Reads and parses a settings file.
    pub fn read(path: &Path) -> Result<SettingsFile, SettingsError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| SettingsError {
            file: file.clone(),
            message: format!("cannot read the settings file: {e}"),
        })?;
        Self::parse(&text, &file)
    }

    /// Sets what this file sets; `derives` and the type maps are added to.
    pub fn apply(&self, settings: &mut Settings) {
        let flags = [
            (self.unwrap_envelope, &mut settings.unwrap_envelope),
            (self.lenient_scalars, &mut settings.lenient_scalars),
            (
                self.keep_unknown_properties,
                &mut settings.keep_unknown_properties,
            ),
            (self.strict, &mut settings.strict),
        ];
        for (value, slot) in flags {
            if let Some(value) = value {
                *slot = value;
            }
        }
        let texts = [
            (
                &self.envelope_status_field,
                &mut settings.envelope_status_field,
            ),
            (&self.envelope_data_field, &mut settings.envelope_data_field),
            (
                &self.envelope_success_value,
                &mut settings.envelope_success_value,
            ),
        ];
        for (value, slot) in texts {
            if let Some(value) = value {
                slot.clone_from(value);
            }
        }
        if let Some(bools) = self.bool_params {
            settings.bool_params = bools;
        }
        if let Some(url) = &self.base_url {
            settings.base_url = Some(url.clone());
        }
        for derive in &self.derives {
            if !settings.derives.contains(derive) {
                settings.derives.push(derive.clone());
            }
        }
        settings.schema_types.extend(
            self.schema_types
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        settings.format_types.extend(
            self.format_types
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
    }
}

/// One line: `line L, column C: <what>` (TOML's own message spans several lines).
fn toml_message(e: &toml::de::Error, text: &str) -> String {
    let what = e.message().trim().replace('\n', " ");
    match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}: {what}")
        }
        None => what,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_the_defaults() {
        let file = SettingsFile::parse("", "s.toml").unwrap_or_default();
        let mut settings = Settings::default();
        file.apply(&mut settings);
        assert_eq!(settings, Settings::default());
    }

    #[test]
    fn file_sets_every_key() {
        let text = r#"
unwrap_envelope = false
envelope_status_field = "state"
envelope_data_field = "payload"
envelope_success_value = "ok"
lenient_scalars = false
keep_unknown_properties = false
bool_params = "one-zero"
base_url = "http://127.0.0.1:1"
strict = true
derives = ["Eq"]
source_url = "https://example.invalid/public.json"
[schema_types]
Lead = "crate::Lead"
[format_types]
"date-time" = "String"
"#;
        let file = SettingsFile::parse(text, "s.toml");
        assert_eq!(
            file.as_ref().ok().and_then(|f| f.source_url.as_deref()),
            Some("https://example.invalid/public.json")
        );
        assert!(file.is_ok(), "{file:?}");
        let mut settings = Settings::default();
        if let Ok(file) = file {
            file.apply(&mut settings);
        }
        assert!(!settings.unwrap_envelope && !settings.lenient_scalars);
        assert!(!settings.keep_unknown_properties && settings.strict);
        assert_eq!(settings.bool_params, BoolParams::OneZero);
        assert_eq!(settings.envelope_status_field, "state");
        assert_eq!(settings.envelope_data_field, "payload");
        assert_eq!(settings.envelope_success_value, "ok");
        assert_eq!(settings.base_url.as_deref(), Some("http://127.0.0.1:1"));
        assert_eq!(settings.derives, ["Eq"]);
        assert_eq!(
            settings.schema_types.get("Lead").map(String::as_str),
            Some("crate::Lead")
        );
        assert_eq!(
            settings.format_types.get("date-time").map(String::as_str),
            Some("String")
        );
        assert!(settings.validate().is_empty());
    }

    #[test]
    fn unknown_key_is_named() {
        let err = SettingsFile::parse(
            "strict = true\nlenient = false\n",
            "spec/gocrm-codegen.toml",
        );
        let message = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("spec/gocrm-codegen.toml"), "{message}");
        assert!(message.contains("line 2"), "{message}");
        assert!(message.contains("unknown field `lenient`"), "{message}");
    }

    #[test]
    fn bool_params_takes_two_values() {
        let err = SettingsFile::parse("bool_params = \"yes-no\"\n", "s.toml");
        let message = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("line 1"), "{message}");
        assert!(
            message.contains("true-false") && message.contains("one-zero"),
            "{message}"
        );
        for value in [BoolParams::TrueFalse, BoolParams::OneZero] {
            assert_eq!(BoolParams::parse(value.as_str()), Some(value));
        }
    }

    #[test]
    fn wrong_type_is_explained() {
        let err = SettingsFile::parse("strict = \"yes\"\n", "s.toml");
        let message = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("line 1"), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }

    #[test]
    fn invalid_code_in_settings_is_rejected() {
        let settings = Settings {
            derives: vec!["Eq)] struct X; #[derive(Debug".to_owned()],
            format_types: BTreeMap::from([("uuid".to_owned(), "not a type!".to_owned())]),
            ..Settings::default()
        };
        let problems = settings.validate();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[1].contains("format_types.uuid"));
    }
}
