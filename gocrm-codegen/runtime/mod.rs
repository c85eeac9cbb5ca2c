// Helpers shared by every client that gocrm-codegen generates.
//
// These files are written by hand (gocrm-codegen/runtime/) and copied verbatim into each
// generated crate as `src/runtime/`, so the crate needs nothing from the generator at run
// time. In the single-file layout that build.rs writes, each `pub mod x;` below becomes
// `pub mod x { … }` holding that file. The modules refer to each other through `super::`,
// which means the same in both layouts.

pub mod binary;
pub mod builder;
pub mod envelope;
pub mod error;
pub mod lenient;
// The engine of the generated `mock` module; wiremock is only built with the feature.
#[cfg(feature = "mock")]
pub mod mock;
pub mod params;
pub mod property_map;
pub mod redirect;
pub mod response;
pub mod response_future;
pub mod retry;
pub mod send;
pub mod serialize;
pub mod structs;
pub mod trace;
// Typed streams of items (sequential media types). The generator leaves these two modules and
// their `pub use` out of a crate whose API has no such operation, which then needs neither
// futures-core nor tokio.
pub mod framing;
pub mod stream;

// The flat names the generated code and users call (`runtime::Error`, `runtime::url`, …).
pub use binary::{Binary, MultipartBody};
pub use builder::{
    check_base_url, ClientOptions, Transport, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, USER_AGENT,
};
pub use envelope::{decode_envelope, execute_envelope, normalize_validation_errors};
pub use error::{
    ApiError, DecodeError, Error, RedirectError, RedirectRefusal, StreamError, StreamFailure,
    TransportError,
};
pub use params::{encode_path, json_param, json_text, url, ParamValue};
pub use property_map::{
    PropertyCollector, PropertyIntoIter, PropertyIter, PropertyMap, PropertyName,
};
pub use redirect::{CredentialNames, RedirectRules, MAX_REDIRECTS};
pub use response::{
    decode_bytes, decode_empty, decode_json, decode_lenient_json, decode_text, execute_bytes,
    execute_json, execute_text, RawResponse,
};
pub use response_future::{
    Bytes, Decode, Empty, Envelope, Json, LenientEnvelope, LenientJson, ResponseFuture, Text,
};
pub use retry::{parse_http_date, parse_retry_after, RetryPolicy};
pub use send::{default_http_client, http_client_builder, retrying, send, Outgoing};
pub use trace::{traced, Call};
pub use stream::{EventShape, ItemStream, SseEvent};
