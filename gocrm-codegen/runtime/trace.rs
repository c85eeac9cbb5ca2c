//! One `http.client` span per call, under the cargo feature `tracing`.
//!
//! Every generated method runs its whole call (sending the request with its retries, decoding
//! the answer) inside a span: a [`ResponseFuture`](super::ResponseFuture) carries it, and a
//! stream's method runs inside [`traced`]. With the feature on that is a span named
//! `http.client` with the fields `operation`, `http.request.method`, `url.template`,
//! `http.response.status_code` (when a response came) and `retries`, plus a `WARN` event when
//! the call fails. Everything in them comes from the spec or from the answer's status line:
//! no path or query value, no body, no header value, no credential. Without the feature
//! [`traced`] only awaits the call, and the crate has no `tracing` dependency.
//!
//! In the single-file (`include!`) layout `cfg(feature = "tracing")` is a feature of the crate
//! that includes the file, which declares it (`tracing = ["dep:tracing"]`).

use super::error::Error;

/// The span's name.
#[cfg(feature = "tracing")]
const SPAN_NAME: &str = "http.client";

/// What the span says about a call: names from the spec, never a value the caller passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call {
    /// The method's name (`get_firm`).
    pub operation: &'static str,
    /// The HTTP method (`GET`).
    pub method: &'static str,
    /// The spec's path template (`/firms/{id}`), not the URL sent.
    pub url_template: &'static str,
}

/// Runs one call (`call` describes it) inside its `http.client` span; a failure also becomes
/// a `WARN` event in that span. Without the `tracing` feature, only awaits `future`.
pub async fn traced<T, F>(call: Call, future: F) -> Result<T, Error>
where
    F: std::future::Future<Output = Result<T, Error>>,
{
    #[cfg(feature = "tracing")]
    {
        use tracing::Instrument;

        let span = span(call);
        let result = future.instrument(span.clone()).await;
        if let Err(error) = &result {
            warn_failed(&span, error);
        }
        result
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = call;
        future.await
    }
}

/// The `http.client` span of one call, its status and retries still to be recorded.
#[cfg(feature = "tracing")]
pub(super) fn span(call: Call) -> tracing::Span {
    tracing::info_span!(
        "http.client",
        operation = call.operation,
        "http.request.method" = call.method,
        "url.template" = call.url_template,
        "http.response.status_code" = tracing::field::Empty,
        retries = tracing::field::Empty,
    )
}

/// The `WARN` event of a call that failed, in its span.
#[cfg(feature = "tracing")]
pub(super) fn warn_failed(span: &tracing::Span, error: &Error) {
    tracing::warn!(parent: span, error = %loggable(error), "call failed");
}

/// Records the outcome of sending (the final attempt's status, and how many times the request
/// was sent again) on the call's span, which is the current one while a generated method runs.
/// Nothing happens outside such a span (e.g. `runtime::send` called directly).
pub(super) fn record_sent(result: Result<u16, &Error>, retries: u32) {
    #[cfg(feature = "tracing")]
    {
        let span = tracing::Span::current();
        if span.metadata().is_none_or(|m| m.name() != SPAN_NAME) {
            return;
        }
        let status = match result {
            Ok(status) => Some(status),
            Err(error) => error.http_status(),
        };
        if let Some(status) = status {
            span.record("http.response.status_code", status);
        }
        span.record("retries", retries);
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = (result, retries);
    }
}

/// The error's `Display` without values from the request or the answer: a transport error's
/// URL keeps only its origin (its path holds the caller's path values; the span's
/// `url.template` says which endpoint it was), and a decode error's reason loses the values
/// serde quotes from the body (see [`without_values`]).
#[cfg(feature = "tracing")]
fn loggable(error: &Error) -> String {
    let text = error.to_string();
    match error {
        Error::Transport(transport) => match transport.source.url() {
            Some(url) => text.replace(url.as_str(), &url.origin().ascii_serialization()),
            None => text,
        },
        Error::Decode(decode) => {
            let reason = decode.source.to_string();
            text.replace(&reason, &without_values(&reason))
        }
        _ => text,
    }
}

/// A serde message with the values it quotes from the input blanked: whatever stands between
/// double quotes or backticks becomes `…`, except a name after the word `field` (serde's
/// "missing field" and "unknown field" name a property, not a value). E.g. `invalid value:
/// string "+7 900", expected i64` becomes `invalid value: string "…", expected i64`.
#[cfg(feature = "tracing")]
fn without_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars();
    while let Some(c) = chars.next() {
        if c != '"' && c != '`' {
            out.push(c);
            continue;
        }
        let keep = c == '`' && out.ends_with("field ");
        out.push(c);
        if !keep {
            out.push('…');
        }
        // A `"…"` string is Rust's Debug form, where `\"` does not end it. A quote that is
        // never closed blanks the rest.
        let mut escaped = false;
        for inner in chars.by_ref() {
            if inner == c && !escaped {
                out.push(c);
                break;
            }
            escaped = c == '"' && inner == '\\' && !escaped;
            if keep {
                out.push(inner);
            }
        }
    }
    out
}
