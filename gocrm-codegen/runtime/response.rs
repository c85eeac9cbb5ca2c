//! A response read to the end, and what a plain (non-envelope) answer decodes to.

use serde::de::DeserializeOwned;

use super::error::{ApiError, DecodeError, Error};
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

    pub(super) fn decode_error(self, source: serde_json::Error) -> Error {
        Error::Decode(Box::new(DecodeError {
            status: self.status,
            content_type: self.content_type,
            body: self.body,
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
    let response = send(request).await?;
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
        Err(source) => Err(response.decode_error(source)),
    }
}

/// Sends a request whose 2xx answer is text.
pub async fn execute_text(request: impl Into<Outgoing>) -> Result<String, Error> {
    let response = send(request).await?;
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
            .decode_error(source))
        }
    }
}

/// Sends a request whose 2xx answer is raw bytes (or nothing).
pub async fn execute_bytes(request: impl Into<Outgoing>) -> Result<Vec<u8>, Error> {
    let response = send(request).await?;
    if !response.is_success() {
        return Err(response.plain_api_error());
    }
    Ok(response.body)
}
