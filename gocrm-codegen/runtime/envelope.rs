//! The `{status, message, validation_errors, data}` envelope and its validation errors.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;

use super::error::{ApiError, Error};
use super::lenient;
use super::response::{error_path, join_path, RawResponse};
use super::send::{send, Outgoing};

/// The Go-CRM envelope `{status, message, validation_errors, data}`, read without decoding `data`.
#[derive(serde::Deserialize)]
struct RawEnvelope<'a> {
    #[serde(default, deserialize_with = "lenient::deserialize")]
    status: Option<String>,
    #[serde(default)]
    message: Option<serde_json::Value>,
    #[serde(default)]
    validation_errors: Option<serde_json::Value>,
    #[serde(default, borrow)]
    data: Option<&'a serde_json::value::RawValue>,
}

/// Sends a request whose answer is an envelope, and returns its `data` as `T` when `status` is
/// `"success"`; everything else becomes an [`Error::Api`] that keeps the envelope.
pub async fn execute_envelope<T: DeserializeOwned>(
    request: impl Into<Outgoing>,
    success_status: &str,
) -> Result<T, Error> {
    let response = send(request).await?;
    decode_envelope(response, success_status)
}

/// The decoding half of [`execute_envelope`].
pub fn decode_envelope<T: DeserializeOwned>(
    response: RawResponse,
    success_status: &str,
) -> Result<T, Error> {
    let envelope = match serde_json::from_slice::<RawEnvelope<'_>>(&response.body) {
        Ok(envelope) if envelope.status.is_some() => envelope,
        Ok(_) | Err(_) if !response.is_success() => return Err(response.plain_api_error()),
        Ok(_) => {
            let source = <serde_json::Error as serde::de::Error>::missing_field("status");
            return Err(response.decode_error("status".to_owned(), source));
        }
        Err(source) => {
            let path = error_path::<RawEnvelope<'_>>(&response.body, &source);
            return Err(response.decode_error(path, source));
        }
    };
    let status = envelope.status.unwrap_or_default();
    if response.is_success() && status == success_status {
        let data = envelope.data.map(|raw| raw.get()).unwrap_or("null");
        return match serde_json::from_str::<T>(data) {
            Ok(value) => Ok(value),
            Err(source) => {
                let path = join_path("data", &error_path::<T>(data.as_bytes(), &source));
                Err(response.decode_error(path, source))
            }
        };
    }
    let message = envelope.message.and_then(|m| match m {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    });
    let validation_errors = Some(normalize_validation_errors(envelope.validation_errors));
    let data = envelope
        .data
        .and_then(|raw| serde_json::from_str(raw.get()).ok());
    Err(Error::Api(Box::new(ApiError {
        status: response.status,
        content_type: response.content_type,
        envelope_status: Some(status),
        message,
        validation_errors,
        data,
        body: response.body,
    })))
}

/// Normalises every shape Go-CRM sends `validation_errors` in: an object of strings, an object of
/// string arrays, `[]`, `{}`, `null`, or a string holding JSON. Messages that belong to no field
/// are kept under the key `""`.
pub fn normalize_validation_errors(
    value: Option<serde_json::Value>,
) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    if let Some(value) = value {
        collect_validation_errors(value, &mut out, 0);
    }
    out
}

fn collect_validation_errors(
    value: serde_json::Value,
    out: &mut BTreeMap<String, Vec<String>>,
    depth: u8,
) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (field, messages) in fields {
                let list = out.entry(field).or_default();
                push_messages(messages, list);
            }
        }
        Value::Array(items) => {
            let list: &mut Vec<String> = out.entry(String::new()).or_default();
            for item in items {
                push_messages(item, list);
            }
            if list.is_empty() {
                out.remove("");
            }
        }
        Value::String(text) => {
            let trimmed = text.trim();
            if trimmed.is_empty() {
                return;
            }
            // A string holding JSON (as the Go-CRM docs show); depth stops `"\"...\""` loops.
            match serde_json::from_str::<Value>(trimmed) {
                Ok(inner @ (Value::Object(_) | Value::Array(_) | Value::String(_)))
                    if depth < 4 =>
                {
                    collect_validation_errors(inner, out, depth + 1)
                }
                _ => out.entry(String::new()).or_default().push(text),
            }
        }
        other => out
            .entry(String::new())
            .or_default()
            .push(other.to_string()),
    }
}

fn push_messages(value: serde_json::Value, list: &mut Vec<String>) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::String(s) => list.push(s),
        serde_json::Value::Array(items) => {
            for item in items {
                push_messages(item, list);
            }
        }
        other => list.push(other.to_string()),
    }
}
