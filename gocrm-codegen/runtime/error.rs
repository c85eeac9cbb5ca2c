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
    /// A redirect the client would not follow: of a `POST`, `PUT`, `PATCH` or `DELETE`, to
    /// another origin with credentials, from `https` to `http`, or one too many.
    Redirect(Box<RedirectError>),
    /// A stream of items (a sequential media type) that stopped for a reason of the client's:
    /// a time limit passed or an item was too large (see [`StreamError`]).
    Stream(Box<StreamError>),
}

/// See [`Error::Stream`].
#[derive(Clone, PartialEq, Eq)]
pub struct StreamError {
    /// The HTTP status, when the answer's headers had come.
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub reason: StreamFailure,
    /// The bytes of the item that was being read (up to the item size limit).
    pub partial_item: Vec<u8>,
}

/// Why a stream stopped (see [`StreamError`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamFailure {
    /// The answer's headers did not come within the client's whole-request timeout.
    HeadTimeout(std::time::Duration),
    /// No byte of the body came for this long (the client's timeout, between two chunks).
    Idle(std::time::Duration),
    /// An item grew past this many bytes before it was complete.
    ItemTooLarge(usize),
}

impl StreamError {
    /// Whether a time limit stopped the stream.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self.reason,
            StreamFailure::HeadTimeout(_) | StreamFailure::Idle(_)
        )
    }
}

impl fmt::Display for StreamFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamFailure::HeadTimeout(limit) => {
                write!(f, "the answer's headers did not come within {limit:?}")
            }
            StreamFailure::Idle(limit) => write!(f, "nothing came for {limit:?}"),
            StreamFailure::ItemTooLarge(limit) => write!(f, "an item is larger than {limit} bytes"),
        }
    }
}

impl fmt::Debug for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamError")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("reason", &self.reason)
            .field("partial_item", &BodyText(&self.partial_item))
            .finish()
    }
}

/// See [`Error::Transport`].
pub struct TransportError {
    /// The HTTP status, when the failure came after the status line (a body cut off).
    pub status: Option<u16>,
    /// What had arrived before the failure.
    pub partial_body: Vec<u8>,
    pub source: reqwest::Error,
}

/// See [`Error::Decode`].
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
#[derive(Clone, PartialEq)]
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

/// See [`Error::Redirect`].
#[derive(Clone, PartialEq, Eq)]
pub struct RedirectError {
    /// The redirect's status (301, 302, 303, 307 or 308).
    pub status: u16,
    /// The method of the request that was redirected.
    pub method: String,
    /// The URL that answered with the redirect (user name, password and query values
    /// redacted).
    pub from: String,
    /// Where the redirect pointed: its `Location`, resolved against `from` when it could be
    /// (user name, password and query values redacted).
    pub location: String,
    /// Why the client did not follow it.
    pub reason: RedirectRefusal,
    /// The redirect's body, as received.
    pub body: Vec<u8>,
}

/// Why a redirect was not followed (see [`RedirectError`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectRefusal {
    /// The method is not safe (`POST`, `PUT`, `PATCH`, `DELETE`, …): following would resend it
    /// elsewhere, or (as browsers do) turn it into a `GET` without its body.
    UnsafeMethod,
    /// The target is on another origin (scheme, host or port) and the request carries
    /// credentials; `ClientBuilder::follow_cross_origin_redirects(true)` follows such
    /// redirects without the credentials.
    CrossOrigin,
    /// From `https` to `http`: never followed.
    Downgrade,
    /// More than 10 redirects in a row.
    TooMany,
    /// The `Location` is not an `http` or `https` URL.
    InvalidLocation,
    /// The request's body was streamed and cannot be sent a second time.
    BodyNotReplayable,
}

impl fmt::Display for RedirectRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RedirectRefusal::UnsafeMethod => {
                "only GET, HEAD, OPTIONS and TRACE are redirected (a redirected POST would be \
                 resent elsewhere or turned into a GET without its body)"
            }
            RedirectRefusal::CrossOrigin => {
                "it leaves the origin and the request carries credentials \
                 (ClientBuilder::follow_cross_origin_redirects(true) follows it without them)"
            }
            RedirectRefusal::Downgrade => "an https request is never redirected to http",
            RedirectRefusal::TooMany => "more than 10 redirects",
            RedirectRefusal::InvalidLocation => "the Location is not an http or https URL",
            RedirectRefusal::BodyNotReplayable => "the request body cannot be sent again",
        })
    }
}

/// Bodies in `Debug` output: text (invalid UTF-8 replaced), cut after this many bytes.
const DEBUG_BODY_LIMIT: usize = 2048;

/// A body in `Debug` output: text, not a list of byte values; a long one is cut with its full
/// length.
struct BodyText<'a>(&'a [u8]);

impl fmt::Debug for BodyText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.0;
        match bytes.get(..DEBUG_BODY_LIMIT) {
            Some(head) if head.len() < bytes.len() => {
                // A cut inside a UTF-8 character shows as one replacement character.
                let text = String::from_utf8_lossy(head);
                write!(f, "{text:?}… ({} bytes)", bytes.len())
            }
            _ => fmt::Debug::fmt(&String::from_utf8_lossy(bytes), f),
        }
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("status", &self.status)
            .field("partial_body", &BodyText(&self.partial_body))
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body", &BodyText(&self.body))
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("envelope_status", &self.envelope_status)
            .field("message", &self.message)
            .field("validation_errors", &self.validation_errors)
            .field("data", &self.data)
            .field("body", &BodyText(&self.body))
            .finish()
    }
}

impl fmt::Debug for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedirectError")
            .field("status", &self.status)
            .field("method", &self.method)
            .field("from", &self.from)
            .field("location", &self.location)
            .field("reason", &self.reason)
            .field("body", &BodyText(&self.body))
            .finish()
    }
}

impl TransportError {
    /// Whether the failure was a timeout: connecting, waiting for the answer or reading it.
    pub fn is_timeout(&self) -> bool {
        if self.source.is_timeout() {
            return true;
        }
        let mut cause = std::error::Error::source(&self.source);
        while let Some(error) = cause {
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
            {
                return true;
            }
            cause = error.source();
        }
        false
    }
}

/// `error`'s message followed by each cause it does not already name, so the root cause
/// (`Connection refused`, `operation timed out`, `dns error: …`) ends the text.
fn with_causes(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        let piece = inner.to_string();
        if !piece.is_empty() && !text.contains(&piece) {
            text.push_str(": ");
            text.push_str(&piece);
        }
        cause = inner.source();
    }
    text
}

impl Error {
    /// The HTTP status, for every error that got an HTTP response.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::InvalidRequest(_) => None,
            Error::Transport(e) => e.status,
            Error::Decode(e) => Some(e.status),
            Error::Api(e) => Some(e.status),
            Error::Redirect(e) => Some(e.status),
            Error::Stream(e) => e.status,
        }
    }

    /// Whether this is a transport error that was a timeout (connecting, waiting for the
    /// answer, or reading it): see `Client::new` for the default limits.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Transport(e) => e.is_timeout(),
            Error::Stream(e) => e.is_timeout(),
            _ => false,
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
            Error::Redirect(e) => Some(&e.body),
            Error::Stream(e) => Some(&e.partial_item),
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
            Error::InvalidRequest(_)
            | Error::Transport(_)
            | Error::Redirect(_)
            | Error::Stream(_) => None,
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
                    with_causes(&e.source)
                ),
                None => write!(f, "request failed: {}", with_causes(&e.source)),
            },
            Error::Redirect(e) => write!(
                f,
                "HTTP {}: the redirect of {} {} to {} was not followed: {}",
                e.status, e.method, e.from, e.location, e.reason
            ),
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
            Error::Stream(e) => match e.status {
                Some(status) => write!(f, "HTTP {status}: the stream stopped: {}", e.reason),
                None => write!(f, "request failed: {}", e.reason),
            },
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

/// Takes the user name, password and query values out of `url` (an API key in the query must
/// not reach a log through `Display` or `Debug`); the path and the parameter names stay.
pub(super) fn redact_url(url: &mut reqwest::Url) {
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

/// A transport error without credentials: the URL keeps its path but loses its user name,
/// password and query values (see [`redact_url`]).
pub(super) fn transport_error(
    status: Option<u16>,
    partial_body: Vec<u8>,
    mut source: reqwest::Error,
) -> Error {
    if let Some(url) = source.url_mut() {
        redact_url(url);
    }
    Error::Transport(Box::new(TransportError {
        status,
        partial_body,
        source,
    }))
}
