//! A response read to the end, and what a plain (non-envelope) answer decodes to.

use serde::de::DeserializeOwned;

use super::error::{ApiError, DecodeError, Error};
use super::lenient::{Body, Lenient};
use super::send::{send, Outgoing};

/// A response read to the end.
pub struct RawResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub(super) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// A decode error at `path` in the body (`""`: the body as a whole).
    pub(super) fn decode_error(self, path: String, source: serde_json::Error) -> Error {
        Error::Decode(Box::new(DecodeError {
            status: self.status,
            content_type: self.content_type,
            body: self.body,
            path,
            source,
        }))
    }

    /// A non-2xx answer that is not an envelope: keep the JSON body (if it is JSON) as `data`.
    pub(super) fn plain_api_error(self) -> Error {
        let data = serde_json::from_slice::<serde_json::Value>(&self.body).ok();
        Error::Api(Box::new(ApiError {
            status: self.status,
            content_type: self.content_type,
            envelope_status: None,
            message: data.as_ref().and_then(message_of_plain_body),
            validation_errors: None,
            data,
            body: self.body,
        }))
    }
}

/// Pulls a message out of a typical non-envelope JSON error body (`{"message": "..."}`).
fn message_of_plain_body(body: &serde_json::Value) -> Option<String> {
    let object = body.as_object()?;
    ["message", "error", "detail", "title"]
        .iter()
        .find_map(|key| object.get(*key).and_then(|v| v.as_str()).map(str::to_owned))
}

/// Sends a request whose 2xx answer is plain JSON of type `T`.
pub async fn execute_json<T: DeserializeOwned>(request: impl Into<Outgoing>) -> Result<T, Error> {
    decode_json(send(request).await?)
}

/// The decoding half of [`execute_json`]: a 2xx answer as JSON of type `T`, anything else an
/// [`Error::Api`] that keeps the body.
pub fn decode_json<T: DeserializeOwned>(response: RawResponse) -> Result<T, Error> {
    if !response.is_success() {
        return Err(response.plain_api_error());
    }
    // An empty 2xx body decodes as `null`, so operations typed `()` or `Option<T>` succeed.
    let body: &[u8] = if response.body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &response.body
    };
    match serde_json::from_slice::<T>(body) {
        Ok(value) => Ok(value),
        Err(source) => {
            let path = error_path::<T>(body, &source);
            Err(response.decode_error(path, source))
        }
    }
}

/// [`decode_json`] with `T`'s lenient decoding (numbers and booleans as the server writes
/// them; see [`Lenient`]).
pub fn decode_lenient_json<T: Lenient>(response: RawResponse) -> Result<T, Error> {
    decode_json::<Body<T>>(response).map(|body| body.0)
}

/// Where in `json` decoding it as `T` fails, as a path: `[3811].login`, `center.cityId`,
/// `""` for the top. Found by decoding a second time through `serde_path_to_error`, and only
/// after a failure, so a successful decode pays nothing for it (decoding is deterministic:
/// the second attempt fails where the first did).
pub(super) fn error_path<'de, T: serde::Deserialize<'de>>(
    json: &'de [u8],
    source: &serde_json::Error,
) -> String {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let path = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(e) => e.path().clone(),
        Ok(_) => return String::new(),
    };
    let mut out = String::new();
    for segment in &path {
        match segment {
            serde_path_to_error::Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            serde_path_to_error::Segment::Map { key } => push_key(&mut out, key),
            serde_path_to_error::Segment::Enum { variant } => push_key(&mut out, variant),
            serde_path_to_error::Segment::Unknown => push_key(&mut out, "?"),
        }
    }
    // serde reports a missing property at its object; the path names the property.
    if let Some(name) = missing_field(&source.to_string()) {
        push_key(&mut out, name);
    }
    out
}

/// The property named by serde's "missing field `name`" message.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

/// Appends `.key`, or `["key"]` (JSON-quoted) for a key that is not a plain name, so a path
/// reads one way.
fn push_key(out: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plain {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(key);
    } else {
        out.push('[');
        out.push_str(&serde_json::to_string(key).unwrap_or_default());
        out.push(']');
    }
}

/// `path` inside the property `field` of the body: `data` + `[3].login` = `data[3].login`.
pub(super) fn join_path(field: &str, path: &str) -> String {
    let mut out = String::new();
    push_key(&mut out, field);
    if !path.is_empty() && !path.starts_with('[') {
        out.push('.');
    }
    out.push_str(path);
    out
}

/// Sends a request whose 2xx answer is text.
pub async fn execute_text(request: impl Into<Outgoing>) -> Result<String, Error> {
    decode_text(send(request).await?)
}

/// The decoding half of [`execute_text`].
pub fn decode_text(response: RawResponse) -> Result<String, Error> {
    if !response.is_success() {
        return Err(response.plain_api_error());
    }
    match String::from_utf8(response.body) {
        Ok(text) => Ok(text),
        Err(e) => {
            let body = e.into_bytes();
            let source =
                <serde_json::Error as serde::de::Error>::custom("the text body is not valid UTF-8");
            Err(RawResponse {
                status: response.status,
                content_type: response.content_type,
                body,
            }
            .decode_error(String::new(), source))
        }
    }
}

/// Sends a request whose 2xx answer is raw bytes (or nothing).
pub async fn execute_bytes(request: impl Into<Outgoing>) -> Result<Vec<u8>, Error> {
    decode_bytes(send(request).await?)
}

/// The decoding half of [`execute_bytes`].
pub fn decode_bytes(response: RawResponse) -> Result<Vec<u8>, Error> {
    if !response.is_success() {
        return Err(response.plain_api_error());
    }
    Ok(response.body)
}

/// A 2xx answer whose body, if any, means nothing.
pub fn decode_empty(response: RawResponse) -> Result<(), Error> {
    decode_bytes(response).map(drop)
}
