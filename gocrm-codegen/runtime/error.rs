//! [`Error`] and its parts: what the client returns when a call fails.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::DeserializeOwned;

/// Everything that can go wrong when calling the API.
///
/// Nothing the server returned is dropped: every variant that got a response keeps its HTTP
/// status and raw body.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be built (for example an invalid base URL or header value).
    InvalidRequest(String),
    /// No complete response: connection refused or reset, timeout, TLS failure, a body cut off.
    Transport(Box<TransportError>),
    /// A success response whose body is not what the spec promises.
    Decode(Box<DecodeError>),
    /// The API said no: a non-2xx status, or an envelope whose `status` is not `"success"`.
    Api(Box<ApiError>),
}

/// See [`Error::Transport`].
#[derive(Debug)]
pub struct TransportError {
    /// The HTTP status, when the failure came after the status line (a body cut off).
    pub status: Option<u16>,
    /// What had arrived before the failure.
    pub partial_body: Vec<u8>,
    pub source: reqwest::Error,
}

/// See [`Error::Decode`].
#[derive(Debug)]
pub struct DecodeError {
    pub status: u16,
    pub content_type: Option<String>,
    /// The body exactly as received.
    pub body: Vec<u8>,
    /// Where in the body decoding failed, e.g. `data[3811].login` (for a missing property, the
    /// property itself); `""` for the body as a whole, or a body that is not JSON.
    pub path: String,
    /// Why it did not decode; its `Display` names the line and column.
    pub source: serde_json::Error,
}

/// See [`Error::Api`].
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub content_type: Option<String>,
    /// The envelope's `status` field (e.g. `"error"`), when the body was an envelope.
    pub envelope_status: Option<String>,
    /// The server's message (the envelope's `message`), when it sent one.
    pub message: Option<String>,
    /// Per-field validation messages; `Some` (possibly empty) whenever the body was an envelope.
    pub validation_errors: Option<BTreeMap<String, Vec<String>>>,
    /// The envelope's `data` (for Go-CRM: the object that was sent), or the whole JSON body.
    pub data: Option<serde_json::Value>,
    /// The body exactly as received.
    pub body: Vec<u8>,
}

impl Error {
    /// The HTTP status, for every error that got an HTTP response.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::InvalidRequest(_) => None,
            Error::Transport(e) => e.status,
            Error::Decode(e) => Some(e.status),
            Error::Api(e) => Some(e.status),
        }
    }

    /// The server's message (the envelope's `message`), when there is one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.message.as_deref(),
            _ => None,
        }
    }

    /// Validation messages per field; `Some` (possibly empty) for envelope errors.
    pub fn validation_errors(&self) -> Option<&BTreeMap<String, Vec<String>>> {
        match self {
            Error::Api(e) => e.validation_errors.as_ref(),
            _ => None,
        }
    }

    /// The raw response body, for every error that got one.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::InvalidRequest(_) => None,
            Error::Transport(e) => Some(&e.partial_body),
            Error::Decode(e) => Some(&e.body),
            Error::Api(e) => Some(&e.body),
        }
    }

    /// The raw response body as text (invalid UTF-8 replaced), for every error that got one.
    pub fn body_text(&self) -> Option<String> {
        self.body().map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// Decodes the response body as `T`: the type the spec documents for the status that came
    /// back (each method's docs list them under "Other responses"). `None` when no complete
    /// response arrived.
    pub fn decode_body<T: DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        match self {
            Error::Decode(e) => Some(serde_json::from_slice(&e.body)),
            Error::Api(e) => Some(e.decode_body()),
            Error::InvalidRequest(_) | Error::Transport(_) => None,
        }
    }
}

impl ApiError {
    /// Decodes the body as `T`, the type the spec documents for this status.
    pub fn decode_body<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(why) => write!(f, "invalid request: {why}"),
            Error::Transport(e) => match e.status {
                Some(status) => write!(
                    f,
                    "HTTP {status}: the response body could not be read: {}",
                    e.source
                ),
                None => write!(f, "request failed: {}", e.source),
            },
            Error::Decode(e) => {
                write!(
                    f,
                    "HTTP {}: unexpected response body ({} bytes{}): ",
                    e.status,
                    e.body.len(),
                    e.content_type
                        .as_deref()
                        .map(|c| format!(", {c}"))
                        .unwrap_or_default(),
                )?;
                if !e.path.is_empty() {
                    write!(f, "{}: ", e.path)?;
                }
                write!(f, "{}", e.source)
            }
            Error::Api(e) => {
                write!(f, "HTTP {}", e.status)?;
                if let Some(status) = &e.envelope_status {
                    write!(f, " ({status})")?;
                }
                match e.message.as_deref() {
                    Some(message) if !message.is_empty() => write!(f, ": {message}")?,
                    _ => {}
                }
                if let Some(errors) = &e.validation_errors {
                    for (field, messages) in errors {
                        for message in messages {
                            if field.is_empty() {
                                write!(f, "; {message}")?;
                            } else {
                                write!(f, "; {field}: {message}")?;
                            }
                        }
                    }
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(&e.source),
            Error::Decode(e) => Some(&e.source),
            _ => None,
        }
    }
}

/// A transport error without credentials: the URL keeps its path but loses its user name,
/// password and query values (an API key in the query must not reach a log through `Display`
/// or `Debug`).
pub(super) fn transport_error(
    status: Option<u16>,
    partial_body: Vec<u8>,
    mut source: reqwest::Error,
) -> Error {
    if let Some(url) = source.url_mut() {
        let _ = url.set_password(None);
        let _ = url.set_username("");
        if url.query().is_some() {
            let names: Vec<String> = url
                .query_pairs()
                .map(|(name, _)| name.into_owned())
                .collect();
            url.query_pairs_mut()
                .clear()
                .extend_pairs(names.iter().map(|name| (name.as_str(), "redacted")));
        }
    }
    Error::Transport(Box::new(TransportError {
        status,
        partial_body,
        source,
    }))
}
