//! Typed streams of items: what an operation whose answer is a sequential media type (OpenAPI
//! 3.2 `itemSchema`: JSON Lines, NDJSON, JSON text sequences, server-sent events) returns.
//!
//! The method sends the request (with the client's retries, which can only happen before the
//! stream is returned) and returns an [`ItemStream`] once a 2xx answer's headers have come; a
//! non-2xx answer is read whole and returned as the method's `Err`, as for any other method.
//! The stream then reads the body chunk by chunk and yields each item as soon as its last byte
//! has come; only the incomplete tail is buffered.
//!
//! Time limits: the client's whole-request timeout (30 s unless the builder set another) bounds
//! getting the answer's headers, and then the wait for each chunk of the body (an idle limit),
//! never the whole stream, which may last as long as the server keeps sending. With a
//! `reqwest::Client` of your own whose timeout the builder did not set, that client's own
//! settings apply as they are (its whole-request timeout would cut the stream).
//!
//! Errors: an item that does not decode is an `Err(Error::Decode)` holding that item's text,
//! and the stream goes on with the next item (the framing is intact). A transport failure, a
//! time limit or an item over the size limit is an `Err` after which the stream ends.
//!
//! This module is only in crates whose API has such an operation; it needs `futures-core` (the
//! `Stream` trait) and tokio's timer, both already in reqwest's dependencies.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::builder::Rules;
use super::error::{transport_error, DecodeError, Error, StreamError, StreamFailure};
use super::framing::{Deframer, Event, Frame, Framing, DEFAULT_MAX_ITEM_SIZE};
use super::redirect::follow;
use super::response::{error_path, RawResponse};
use super::send::{content_type, read_whole, retry_after, send_retrying, Answered, Outgoing};

/// A server-sent event whose `data` is a JSON text of type `T`: what an event-stream operation
/// yields when its `itemSchema` describes the data rather than the event (see the README).
#[derive(Debug, Clone, PartialEq)]
pub struct SseEvent<T> {
    /// The `event` field; `None` for the default type (`message`).
    pub event: Option<String>,
    /// The last event ID (the latest `id` field so far).
    pub id: Option<String>,
    /// The `retry` field of this event, in milliseconds.
    pub retry: Option<u64>,
    /// The `data` lines joined with `\n`, decoded.
    pub data: T,
}

/// How the items of an event stream become values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventShape {
    /// The item type describes the event (OpenAPI 3.2): it is decoded from the object
    /// `{"data", "event", "id", "retry"}` (absent fields left out), with `data` as the text.
    Object,
    /// As [`EventShape::Object`], but `data` is parsed as JSON first (the item schema declares
    /// it as something other than a string); data that is not JSON stays text.
    ObjectJsonData,
}

/// What turns one frame into an item: `Err` holds the raw item, the path and serde's error.
type Decode<T> = Box<dyn Fn(Frame) -> Result<T, (Vec<u8>, String, serde_json::Error)> + Send + Sync>;

/// Reading the next chunk: owns the response while it waits.
type ChunkFuture = Pin<
    Box<dyn Future<Output = (reqwest::Response, Result<Option<Vec<u8>>, reqwest::Error>)> + Send>,
>;

/// The items of a streamed answer, each decoded as it arrives: a
/// `futures_core::Stream<Item = Result<T, Error>>` (use `futures::StreamExt::next`, or any
/// other stream combinator). Dropping it closes the connection.
pub struct ItemStream<T> {
    status: u16,
    content_type: Option<String>,
    deframer: Deframer,
    decode: Decode<T>,
    idle: Option<Duration>,
    response: Option<reqwest::Response>,
    reading: Option<(ChunkFuture, Option<Pin<Box<tokio::time::Sleep>>>)>,
    /// The body has ended: what is left in the buffer is the last of it.
    ended: bool,
    done: bool,
}

impl<T> std::fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemStream")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("idle_timeout", &self.idle)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T> ItemStream<T> {
    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The answer's `Content-Type`.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// Sets the largest item accepted, in bytes (16 MiB by default): an item that grows past it
    /// ends the stream with an [`Error::Stream`]. Call it before reading the first item.
    pub fn max_item_size(mut self, bytes: usize) -> Self {
        let framing = self.deframer.framing();
        self.deframer = Deframer::new(framing, bytes);
        self
    }

    /// Sets the longest wait for the next chunk of the body (by default the client's
    /// whole-request timeout); `None` waits for ever.
    pub fn idle_timeout(mut self, limit: Option<Duration>) -> Self {
        self.idle = limit;
        self
    }

    fn stop(&mut self, reason: StreamFailure, partial_item: Vec<u8>) -> Error {
        self.done = true;
        self.response = None;
        self.reading = None;
        Error::Stream(Box::new(StreamError {
            status: Some(self.status),
            content_type: self.content_type.clone(),
            reason,
            partial_item,
        }))
    }

    fn item(&self, frame: Frame) -> Result<T, Error> {
        (self.decode)(frame).map_err(|(body, path, source)| {
            Error::Decode(Box::new(DecodeError {
                status: self.status,
                content_type: self.content_type.clone(),
                body,
                path,
                source,
            }))
        })
    }

    /// The next complete item in the buffer, the last one once the body has ended.
    fn buffered(&mut self) -> Option<Result<T, Error>> {
        let frame = match self.deframer.next_frame() {
            Ok(None) if self.ended => self.deframer.finish(),
            other => other,
        };
        match frame {
            Ok(Some(frame)) => Some(self.item(frame)),
            Ok(None) if self.ended => {
                self.done = true;
                None
            }
            Ok(None) => None,
            Err(too_large) => Some(Err(
                self.stop(StreamFailure::ItemTooLarge(too_large.limit), too_large.partial)
            )),
        }
    }
}

impl<T> futures_core::Stream for ItemStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is `Unpin` (the futures are boxed).
        let this = self.get_mut();
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            if let Some(item) = this.buffered() {
                return Poll::Ready(Some(item));
            }
            if this.done {
                return Poll::Ready(None);
            }
            if this.reading.is_none() {
                let Some(mut response) = this.response.take() else {
                    this.done = true;
                    return Poll::Ready(None);
                };
                let chunk: ChunkFuture = Box::pin(async move {
                    let chunk = response.chunk().await.map(|c| c.map(Vec::from));
                    (response, chunk)
                });
                let timer = this.idle.map(|limit| Box::pin(tokio::time::sleep(limit)));
                this.reading = Some((chunk, timer));
            }
            let Some((chunk, timer)) = this.reading.as_mut() else {
                continue;
            };
            match chunk.as_mut().poll(cx) {
                Poll::Ready((response, Ok(Some(bytes)))) => {
                    this.reading = None;
                    this.response = Some(response);
                    this.deframer.push(&bytes);
                }
                Poll::Ready((_, Ok(None))) => {
                    this.reading = None;
                    this.ended = true;
                }
                Poll::Ready((_, Err(source))) => {
                    this.done = true;
                    this.reading = None;
                    let partial = this.deframer.pending().to_vec();
                    return Poll::Ready(Some(Err(transport_error(
                        Some(this.status),
                        partial,
                        source,
                    ))));
                }
                Poll::Pending => {
                    if let Some(timer) = timer {
                        if timer.as_mut().poll(cx).is_ready() {
                            let limit = this.idle.unwrap_or_default();
                            let partial = this.deframer.pending().to_vec();
                            return Poll::Ready(Some(Err(
                                this.stop(StreamFailure::Idle(limit), partial)
                            )));
                        }
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

/// Sends a request whose 2xx answer is a stream of JSON items (`framing` says how they are
/// delimited; for an event stream each event's `data` is the item): each item is decoded as
/// `D` and turned into `T` by `map` (`D` is `T` itself, or the lenient `Body<T>`).
pub async fn open_json<D, T>(
    request: impl Into<Outgoing>,
    framing: Framing,
    map: fn(D) -> T,
) -> Result<ItemStream<T>, Error>
where
    D: DeserializeOwned + 'static,
    T: 'static,
{
    let decode: Decode<T> = Box::new(move |frame| {
        let bytes = match frame {
            Frame::Json(bytes) => bytes,
            Frame::Event(event) => event.data.into_bytes(),
        };
        decode_as(&bytes, map).map_err(|(path, source)| (bytes, path, source))
    });
    open(request.into(), framing, decode).await
}

/// Sends a request whose 2xx answer is an event stream whose item type describes the event
/// (see [`EventShape`]).
pub async fn open_events<D, T>(
    request: impl Into<Outgoing>,
    shape: EventShape,
    map: fn(D) -> T,
) -> Result<ItemStream<T>, Error>
where
    D: DeserializeOwned + 'static,
    T: 'static,
{
    let decode: Decode<T> = Box::new(move |frame| {
        let event = match frame {
            Frame::Event(event) => event,
            Frame::Json(bytes) => Event {
                raw: String::from_utf8_lossy(&bytes).into_owned(),
                data: String::from_utf8_lossy(&bytes).into_owned(),
                ..Event::default()
            },
        };
        let object = event_object(&event, shape);
        decode_as(&object, map).map_err(|(path, source)| (event.raw.into_bytes(), path, source))
    });
    open(request.into(), Framing::EventStream, decode).await
}

/// Sends a request whose 2xx answer is an event stream whose `data` is a JSON text: each item
/// is the event with its data decoded as `D` and turned into `T` by `map`.
pub async fn open_event_data<D, T>(
    request: impl Into<Outgoing>,
    map: fn(D) -> T,
) -> Result<ItemStream<SseEvent<T>>, Error>
where
    D: DeserializeOwned + 'static,
    T: 'static,
{
    let decode: Decode<SseEvent<T>> = Box::new(move |frame| {
        let event = match frame {
            Frame::Event(event) => event,
            Frame::Json(bytes) => Event {
                raw: String::from_utf8_lossy(&bytes).into_owned(),
                data: String::from_utf8_lossy(&bytes).into_owned(),
                ..Event::default()
            },
        };
        match decode_as(event.data.as_bytes(), map) {
            Ok(data) => Ok(SseEvent {
                event: event.event,
                id: event.id,
                retry: event.retry,
                data,
            }),
            Err((path, source)) => Err((event.raw.into_bytes(), path, source)),
        }
    });
    open(request.into(), Framing::EventStream, decode).await
}

/// Decodes one item; blank (an empty `data`) decodes as `null`, as an empty body does.
fn decode_as<D: DeserializeOwned, T>(
    bytes: &[u8],
    map: fn(D) -> T,
) -> Result<T, (String, serde_json::Error)> {
    let json: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        bytes
    };
    match serde_json::from_slice::<D>(json) {
        Ok(value) => Ok(map(value)),
        Err(source) => Err((error_path::<D>(json, &source), source)),
    }
}

/// The event as the JSON object an OpenAPI 3.2 event item schema describes.
fn event_object(event: &Event, shape: EventShape) -> Vec<u8> {
    let mut object = serde_json::Map::new();
    let data = match shape {
        EventShape::ObjectJsonData => serde_json::from_str(&event.data)
            .unwrap_or_else(|_| serde_json::Value::String(event.data.clone())),
        EventShape::Object => serde_json::Value::String(event.data.clone()),
    };
    object.insert("data".to_owned(), data);
    if let Some(name) = &event.event {
        object.insert("event".to_owned(), name.clone().into());
    }
    if let Some(id) = &event.id {
        object.insert("id".to_owned(), id.clone().into());
    }
    if let Some(retry) = event.retry {
        object.insert("retry".to_owned(), retry.into());
    }
    serde_json::to_vec(&serde_json::Value::Object(object)).unwrap_or_default()
}

/// One attempt's answer: a 2xx whose body is still to be read, or another answer read whole.
enum Opened {
    Streaming(reqwest::Response),
    Whole(RawResponse),
}

impl Answered for Opened {
    fn status(&self) -> u16 {
        match self {
            Opened::Streaming(response) => response.status().as_u16(),
            Opened::Whole(response) => response.status,
        }
    }
}

/// Far enough away to be no limit (tokio clamps it): set on a streamed request so that the
/// HTTP client's own whole-request timeout does not cut the body.
const NO_LIMIT: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

async fn open<T>(
    outgoing: Outgoing,
    framing: Framing,
    decode: Decode<T>,
) -> Result<ItemStream<T>, Error> {
    let mut retries = 0u32;
    let idle = outgoing.timeout();
    let result = send_retrying(outgoing, &mut retries, open_once).await;
    super::trace::record_sent(result.as_ref().map(Answered::status), retries);
    match result? {
        Opened::Whole(response) => Err(response.plain_api_error()),
        Opened::Streaming(response) => Ok(ItemStream {
            status: response.status().as_u16(),
            content_type: content_type(&response),
            deframer: Deframer::new(framing, DEFAULT_MAX_ITEM_SIZE),
            decode,
            idle,
            response: Some(response),
            reading: None,
            ended: false,
            done: false,
        }),
    }
}

/// Sends the request once and waits for the answer's headers, within the client's time
/// limit; a non-2xx answer is read whole.
async fn open_once(
    http: reqwest::Client,
    mut request: reqwest::Request,
    rules: Arc<Rules>,
) -> Result<(Opened, Option<String>), Error> {
    let Some(limit) = rules.timeout else {
        let response = follow(&http, request, &rules.redirects, None).await?;
        return finish_head(response).await;
    };
    *request.timeout_mut() = Some(NO_LIMIT);
    let head = async {
        let response = follow(&http, request, &rules.redirects, None).await?;
        finish_head(response).await
    };
    match tokio::time::timeout(limit, head).await {
        Ok(result) => result,
        Err(_) => Err(Error::Stream(Box::new(StreamError {
            status: None,
            content_type: None,
            reason: StreamFailure::HeadTimeout(limit),
            partial_item: Vec::new(),
        }))),
    }
}

async fn finish_head(response: reqwest::Response) -> Result<(Opened, Option<String>), Error> {
    let retry_after = retry_after(&response);
    if response.status().is_success() {
        return Ok((Opened::Streaming(response), retry_after));
    }
    read_whole(response)
        .await
        .map(|(whole, retry_after)| (Opened::Whole(whole), retry_after))
}
