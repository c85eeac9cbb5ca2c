//! [`ResponseFuture`]: what a generated method returns (a stream's method aside).
//!
//! A method builds its request at once (path, query, headers, credentials, body) and hands it
//! over with how the answer is decoded (a [`Decode`] value: [`Json`], [`LenientEnvelope`], …);
//! sending, retrying and decoding are this future's work. An `async fn` per method would be a
//! state machine per method for rustc to lay out and borrow-check on every build of the
//! client, and that was a third of the time `cargo check` spent on a large API (BENCHMARKS.md,
//! goal 2).
//!
//! The decoding is a type, not a function pointer: a pointer made in the method would make
//! rustc instantiate the whole decoding of the answer type for every method of the library,
//! used or not (a chain of 1,500 nested types overflowed its stack); as a type it is
//! instantiated only where a future is awaited.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;

use super::error::Error;
use super::lenient::{Body, Lenient};
use super::response::{
    decode_bytes, decode_empty, decode_json, decode_lenient_json, decode_text, RawResponse,
};
use super::send::{send, Outgoing};
use super::trace::Call;

/// The sending of one request, its retries and the reading of its answer.
type Sending = Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send>>;

/// The answer to one call, decoded as `T`: await it. Nothing is sent until it is first
/// polled, and dropping it cancels the call.
///
/// It borrows nothing (the request was built when the method was called), so it can be
/// spawned or stored, and it is `Send`. With the `tracing` feature the whole call runs in its
/// `http.client` span.
#[must_use = "a request is only sent when its future is awaited"]
pub struct ResponseFuture<T, D> {
    state: State,
    decode: D,
    answer: PhantomData<fn() -> T>,
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

/// How an answer becomes a `T`: a 2xx answer is decoded, anything else is an [`Error::Api`]
/// that keeps the body.
pub trait Decode<T> {
    /// Decodes `response`.
    fn decode(&self, response: RawResponse) -> Result<T, Error>;
}

/// Plain JSON, decoded by `T`'s own `Deserialize`.
#[derive(Debug, Clone, Copy)]
pub struct Json;

/// Plain JSON, decoded leniently (numbers and booleans as the server writes them).
#[derive(Debug, Clone, Copy)]
pub struct LenientJson;

/// An envelope whose `status` is the given success value and whose `data` is the answer.
#[derive(Debug, Clone, Copy)]
pub struct Envelope(pub &'static str);

/// [`Envelope`] with its `data` decoded leniently.
#[derive(Debug, Clone, Copy)]
pub struct LenientEnvelope(pub &'static str);

/// Text.
#[derive(Debug, Clone, Copy)]
pub struct Text;

/// Raw bytes.
#[derive(Debug, Clone, Copy)]
pub struct Bytes;

/// No body (whatever came is dropped).
#[derive(Debug, Clone, Copy)]
pub struct Empty;

impl<T: DeserializeOwned> Decode<T> for Json {
    fn decode(&self, response: RawResponse) -> Result<T, Error> {
        decode_json(response)
    }
}

impl<T: Lenient> Decode<T> for LenientJson {
    fn decode(&self, response: RawResponse) -> Result<T, Error> {
        decode_lenient_json(response)
    }
}

impl<T: DeserializeOwned> Decode<T> for Envelope {
    fn decode(&self, response: RawResponse) -> Result<T, Error> {
        super::envelope::decode_envelope(response, self.0)
    }
}

impl<T: Lenient> Decode<T> for LenientEnvelope {
    fn decode(&self, response: RawResponse) -> Result<T, Error> {
        super::envelope::decode_envelope::<Body<T>>(response, self.0).map(|body| body.0)
    }
}

impl Decode<String> for Text {
    fn decode(&self, response: RawResponse) -> Result<String, Error> {
        decode_text(response)
    }
}

impl Decode<Vec<u8>> for Bytes {
    fn decode(&self, response: RawResponse) -> Result<Vec<u8>, Error> {
        decode_bytes(response)
    }
}

impl Decode<()> for Empty {
    fn decode(&self, response: RawResponse) -> Result<(), Error> {
        decode_empty(response)
    }
}

enum State {
    /// Sending (an `async fn`'s future: nothing happens until it is first polled).
    Sending(Sending),
    /// The request could not be built; the error is the answer.
    Failed(Error),
    /// The answer was given.
    Done,
}

impl<T, D: Decode<T>> ResponseFuture<T, D> {
    /// A call described by `call` (for its span), whose request `build` makes now, and whose
    /// answer `decode` turns into the result.
    pub fn new(call: Call, decode: D, build: impl FnOnce() -> Result<Outgoing, Error>) -> Self {
        let state = match build() {
            Ok(outgoing) => State::Sending(Box::pin(send(outgoing))),
            Err(error) => State::Failed(error),
        };
        #[cfg(not(feature = "tracing"))]
        let _ = call;
        Self {
            state,
            decode,
            answer: PhantomData,
            #[cfg(feature = "tracing")]
            span: super::trace::span(call),
        }
    }
}

impl<T, D: Decode<T> + Unpin> Future for ResponseFuture<T, D> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T, Error>> {
        // Every field is `Unpin` (the sending is boxed), so the future is too.
        let this = self.get_mut();
        #[cfg(feature = "tracing")]
        let _entered = this.span.enter();
        let answer = match std::mem::replace(&mut this.state, State::Done) {
            State::Sending(mut sending) => match sending.as_mut().poll(cx) {
                Poll::Pending => {
                    this.state = State::Sending(sending);
                    return Poll::Pending;
                }
                Poll::Ready(answer) => answer,
            },
            State::Failed(error) => Err(error),
            State::Done => Err(polled_again()),
        };
        let result = answer.and_then(|response| this.decode.decode(response));
        #[cfg(feature = "tracing")]
        if let Err(error) = &result {
            super::trace::warn_failed(&this.span, error);
        }
        Poll::Ready(result)
    }
}

/// What a future polled after its answer was given answers, where `async fn`s panic.
fn polled_again() -> Error {
    Error::InvalidRequest("the call's future was polled after it completed".to_owned())
}

impl<T, D> std::fmt::Debug for ResponseFuture<T, D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.state {
            State::Sending(_) => "sending",
            State::Failed(_) => "failed",
            State::Done => "done",
        };
        f.debug_struct("ResponseFuture")
            .field("state", &state)
            .finish_non_exhaustive()
    }
}
