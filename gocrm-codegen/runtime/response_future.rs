//! [`ResponseFuture`]: what a generated method returns (a stream's method aside).
//!
//! A method builds its request at once (path, query, headers, credentials, body) and hands it
//! over with the function that decodes the answer; sending, retrying and decoding are this
//! one non-generic future's work. An `async fn` per method would be a state machine per
//! method for rustc to lay out and borrow-check on every build of the client, and that was
//! a third of the time `cargo check` spent on a large API (BENCHMARKS.md, goal 2).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::Error;
use super::response::RawResponse;
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
pub struct ResponseFuture<T> {
    state: State,
    decode: fn(RawResponse) -> Result<T, Error>,
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

enum State {
    /// Sending (an `async fn`'s future: nothing happens until it is first polled).
    Sending(Sending),
    /// The request could not be built; the error is the answer.
    Failed(Error),
    /// The answer was given.
    Done,
}

impl<T> ResponseFuture<T> {
    /// A call described by `call` (for its span), whose request `build` makes now, and whose
    /// answer `decode` turns into the result.
    pub fn new(
        call: Call,
        decode: fn(RawResponse) -> Result<T, Error>,
        build: impl FnOnce() -> Result<Outgoing, Error>,
    ) -> Self {
        let state = match build() {
            Ok(outgoing) => State::Sending(Box::pin(send(outgoing))),
            Err(error) => State::Failed(error),
        };
        #[cfg(not(feature = "tracing"))]
        let _ = call;
        Self {
            state,
            decode,
            #[cfg(feature = "tracing")]
            span: super::trace::span(call),
        }
    }
}

impl<T> Future for ResponseFuture<T> {
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
        let result = answer.and_then(this.decode);
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

impl<T> std::fmt::Debug for ResponseFuture<T> {
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
