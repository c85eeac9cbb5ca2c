// Helpers shared by every client that gocrm-codegen generates.
//
// This file is written by hand (gocrm-codegen/runtime/runtime.rs) and copied verbatim into each
// generated crate, so the crate needs nothing from the generator at run time. It has no inner
// attributes, so it also works inside `mod runtime { ... }` under `include!`.

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
                Some(status) => write!(f, "HTTP {status}: the response body could not be read: {}", e.source),
                None => write!(f, "request failed: {}", e.source),
            },
            Error::Decode(e) => write!(
                f,
                "HTTP {}: unexpected response body ({} bytes{}): {}",
                e.status,
                e.body.len(),
                e.content_type.as_deref().map(|c| format!(", {c}")).unwrap_or_default(),
                e.source
            ),
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

/// Joins a base URL and a path made of literal pieces and already-encoded parameters.
pub fn url(base_url: &str, pieces: &[&str]) -> String {
    let mut url = String::with_capacity(base_url.len() + 32);
    url.push_str(base_url.trim_end_matches('/'));
    for piece in pieces {
        url.push_str(piece);
    }
    url
}

/// Percent-encodes a path parameter so it stays one path segment.
pub fn encode_path(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A query or header value as it goes over the wire: booleans as `true`/`false`.
pub trait ParamValue {
    fn to_param(&self) -> String;
}

macro_rules! param_value_by_display {
    ($($t:ty),*) => { $(impl ParamValue for $t { fn to_param(&self) -> String { self.to_string() } })* };
}
param_value_by_display!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, bool, String, str);

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

impl ParamValue for serde_json::Value {
    fn to_param(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// A parameter that is not a scalar (an object, a map) goes over the wire as JSON text.
pub fn json_param<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A `reqwest::ClientBuilder` ready for TLS: with the `rustls-ring` feature it makes sure a
/// rustls crypto provider (ring) is installed for the process, unless the application installed
/// one already. Build your own `reqwest::Client` from this to set timeouts or proxies.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    #[cfg(feature = "rustls-ring")]
    {
        // Err means another provider is already installed, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
}

/// A value as JSON text, for a multipart text part.
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    json_param(value)
}

/// Writes an optional property of a struct only when it is present (the generated
/// `Serialize` impls' `skip_serializing_if = "Option::is_none"`), in one call per field.
pub fn field_if_some<S: serde::ser::SerializeStruct, T: serde::Serialize>(
    out: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(_) => out.serialize_field(key, value),
        None => Ok(()),
    }
}

/// [`field_if_some`] for a struct written as a map (one that keeps undeclared properties).
pub fn entry_if_some<S: serde::ser::SerializeMap, T: serde::Serialize>(
    out: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(_) => out.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// A body sent as `multipart/form-data`; implemented for the structs the spec sends that way.
pub trait MultipartBody {
    fn to_multipart(&self) -> reqwest::multipart::Form;
}

/// Raw bytes (`type: string, format: binary`): a file part in a multipart body. In JSON it is
/// written as text (invalid UTF-8 replaced) and read from a string or an array of bytes.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Binary(pub Vec<u8>);

impl Binary {
    /// The bytes as a multipart file part named `file_name`.
    pub fn to_part(&self, file_name: &'static str) -> reqwest::multipart::Part {
        reqwest::multipart::Part::bytes(self.0.clone()).file_name(file_name)
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Binary({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Binary(bytes.to_vec())
    }
}

impl ParamValue for Binary {
    fn to_param(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

impl serde::Serialize for Binary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Text(String),
            Bytes(Vec<u8>),
        }
        Ok(match Repr::deserialize(deserializer)? {
            Repr::Text(text) => Binary(text.into_bytes()),
            Repr::Bytes(bytes) => Binary(bytes),
        })
    }
}

/// The name of a property in a [`PropertyMap`]. Names of up to 22 bytes (nearly all) are
/// stored in place, so keeping an undeclared property does not allocate for its name.
///
/// It reads as a `&str` (`Deref`, `AsRef<str>`, `Borrow<str>`, `Display`) and converts from
/// and into `String`.
#[derive(Clone)]
pub struct PropertyName(NameRepr);

/// What fits in `String`'s 24 bytes next to a length byte and the enum's tag.
const INLINE_NAME_BYTES: usize = 22;

#[derive(Clone)]
enum NameRepr {
    Inline { len: u8, bytes: [u8; INLINE_NAME_BYTES] },
    Heap(Box<str>),
}

impl PropertyName {
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // The bytes are a whole `&str` copied in `From<&str>`, so they are UTF-8; `""`
            // is unreachable and only avoids a panic path.
            NameRepr::Inline { .. } => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
            NameRepr::Heap(name) => name,
        }
    }

    /// The name's UTF-8 bytes, without re-checking them: comparisons and lookups use this,
    /// and order bytes as `str` orders text.
    fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            NameRepr::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            NameRepr::Heap(name) => name.as_bytes(),
        }
    }
}

impl From<&str> for PropertyName {
    fn from(name: &str) -> Self {
        let mut bytes = [0u8; INLINE_NAME_BYTES];
        match (bytes.get_mut(..name.len()), u8::try_from(name.len())) {
            (Some(head), Ok(len)) => {
                head.copy_from_slice(name.as_bytes());
                Self(NameRepr::Inline { len, bytes })
            }
            _ => Self(NameRepr::Heap(name.into())),
        }
    }
}

impl From<String> for PropertyName {
    fn from(name: String) -> Self {
        if name.len() <= INLINE_NAME_BYTES {
            Self::from(name.as_str())
        } else {
            Self(NameRepr::Heap(name.into_boxed_str()))
        }
    }
}

impl From<&String> for PropertyName {
    fn from(name: &String) -> Self {
        Self::from(name.as_str())
    }
}

impl From<PropertyName> for String {
    fn from(name: PropertyName) -> Self {
        match name.0 {
            NameRepr::Heap(name) => name.into_string(),
            NameRepr::Inline { .. } => name.as_str().to_owned(),
        }
    }
}

impl std::ops::Deref for PropertyName {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for PropertyName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for PropertyName {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for PropertyName {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for PropertyName {}

impl PartialEq<str> for PropertyName {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for PropertyName {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialOrd for PropertyName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PropertyName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl std::hash::Hash for PropertyName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for PropertyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for PropertyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The properties of an object that its schema does not declare (a struct's `extra` field),
/// in name order, with a map's API: [`get`](Self::get), [`insert`](Self::insert),
/// [`remove`](Self::remove), [`iter`](Self::iter), and conversions from and to a `BTreeMap`.
/// It serializes as the properties themselves (the struct flattens it).
///
/// A sorted vector of short inline names rather than a `BTreeMap<String, T>`: an object
/// carries a handful of undeclared properties at most, and a tree node per object and an
/// allocation per name would cost more time and memory than the values (BENCHMARKS.md,
/// goal 3).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PropertyMap<T> {
    /// Sorted by name, names unique.
    entries: Vec<(PropertyName, T)>,
}

/// Iterates over a [`PropertyMap`]'s properties in name order.
pub type PropertyIter<'a, T> =
    std::iter::Map<std::slice::Iter<'a, (PropertyName, T)>, fn(&'a (PropertyName, T)) -> (&'a str, &'a T)>;

/// A [`PropertyMap`]'s properties, taken out in name order.
pub type PropertyIntoIter<T> = std::iter::Map<std::vec::IntoIter<(PropertyName, T)>, fn((PropertyName, T)) -> (String, T)>;

impl<T> Default for PropertyMap<T> {
    fn default() -> Self {
        Self { entries: Vec::new() }
    }
}

impl<T> PropertyMap<T> {
    /// No properties.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sorts, and of two entries with the same name keeps the later (as when a JSON object
    /// repeats a key).
    fn from_entries(mut entries: Vec<(PropertyName, T)>) -> Self {
        if entries.len() > 1 {
            // Stable, so equal names stay in arrival order and the dedup below keeps the last.
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries.reverse();
            entries.dedup_by(|later, earlier| later.0 == earlier.0);
            entries.reverse();
        }
        entries.shrink_to_fit();
        Self { entries }
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_bytes().cmp(name.as_bytes()))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, name: &str) -> Option<&T> {
        let i = self.position(name).ok()?;
        self.entries.get(i).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut T> {
        let i = self.position(name).ok()?;
        self.entries.get_mut(i).map(|(_, v)| v)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Sets a property; returns the value it replaces.
    pub fn insert(&mut self, name: impl Into<PropertyName>, value: T) -> Option<T> {
        let name = name.into();
        match self.position(&name) {
            Ok(i) => self.entries.get_mut(i).map(|(_, v)| std::mem::replace(v, value)),
            Err(i) => {
                self.entries.insert(i, (name, value));
                None
            }
        }
    }

    /// Takes a property out.
    pub fn remove(&mut self, name: &str) -> Option<T> {
        let i = self.position(name).ok()?;
        Some(self.entries.remove(i).1)
    }

    /// The properties in name order.
    pub fn iter(&self) -> PropertyIter<'_, T> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.entries.iter().map(|(_, v)| v)
    }
}

/// Gathers an object's undeclared properties while the object is decoded, then builds its
/// [`PropertyMap`] at its final size.
///
/// The map is copied into an allocation of the exact size rather than shrunk in place:
/// shrinking splits the allocator's chunk and leaves a small free fragment behind for every
/// object, while the freed gathering buffer is handed straight back to the next object.
pub struct PropertyCollector<T> {
    entries: Vec<(PropertyName, T)>,
}

impl<T> Default for PropertyCollector<T> {
    fn default() -> Self {
        Self { entries: Vec::new() }
    }
}

impl<T> PropertyCollector<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a property as it arrives; a repeated name is resolved by [`finish`](Self::finish).
    pub fn push(&mut self, name: &str, value: T) {
        self.entries.push((PropertyName::from(name), value));
    }

    /// The map, in name order; of two properties with the same name the later wins.
    pub fn finish(mut self) -> PropertyMap<T> {
        if self.entries.capacity() == self.entries.len() {
            return PropertyMap::from_entries(self.entries);
        }
        let mut exact = Vec::with_capacity(self.entries.len());
        exact.append(&mut self.entries);
        PropertyMap::from_entries(exact)
    }
}

impl<T: fmt::Debug> fmt::Debug for PropertyMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<'a, T> IntoIterator for &'a PropertyMap<T> {
    type Item = (&'a str, &'a T);
    type IntoIter = PropertyIter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> IntoIterator for PropertyMap<T> {
    type Item = (String, T);
    type IntoIter = PropertyIntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter().map(|(k, v)| (String::from(k), v))
    }
}

impl<K: Into<PropertyName>, T> FromIterator<(K, T)> for PropertyMap<T> {
    fn from_iter<I: IntoIterator<Item = (K, T)>>(iter: I) -> Self {
        Self::from_entries(iter.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

impl<T> From<BTreeMap<String, T>> for PropertyMap<T> {
    fn from(map: BTreeMap<String, T>) -> Self {
        // Already sorted and unique.
        Self { entries: map.into_iter().map(|(k, v)| (PropertyName::from(k), v)).collect() }
    }
}

impl<T> From<PropertyMap<T>> for BTreeMap<String, T> {
    fn from(map: PropertyMap<T>) -> Self {
        map.into_iter().collect()
    }
}

impl<T: serde::Serialize> serde::Serialize for PropertyMap<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for PropertyMap<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = PropertyMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = PropertyCollector::new();
                while let Some(name) = map.next_key::<lenient::Key<'de>>()? {
                    entries.push(name.as_str(), map.next_value()?);
                }
                Ok(entries.finish())
            }
        }
        deserializer.deserialize_map(V(std::marker::PhantomData))
    }
}

/// The HTTP client `Client::new` uses.
pub fn default_http_client() -> reqwest::Client {
    // Building only fails when the TLS backend cannot start, where reqwest's own default
    // constructor fails the same way.
    http_client_builder().build().unwrap_or_default()
}

/// A response read to the end.
pub struct RawResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl RawResponse {
    fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    fn decode_error(self, source: serde_json::Error) -> Error {
        Error::Decode(Box::new(DecodeError {
            status: self.status,
            content_type: self.content_type,
            body: self.body,
            source,
        }))
    }

    /// A non-2xx answer that is not an envelope: keep the JSON body (if it is JSON) as `data`.
    fn plain_api_error(self) -> Error {
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

/// When to send a request again after a failure. The default is never.
///
/// Only safe methods (`GET`, `HEAD`, `OPTIONS`, `TRACE`) are ever retried, whatever the policy
/// (or the server's `Retry-After`) says: a `POST` that reached the server may have created
/// something (a lead must never be created twice), so it is sent exactly once. A request is
/// retried after a transport failure (connection refused or reset, timeout, a body cut off) or a
/// `429`, `502`, `503` or `504` answer; the wait starts at `backoff` and doubles each time, up to
/// `max_backoff`.
///
/// When such an answer carries `Retry-After` (seconds, or an HTTP date; see
/// [`parse_retry_after`]), the client waits at least that long: the wait is the longer of the
/// server's and the policy's own. `max_backoff` caps what the client accepts from the server
/// too: when the server asks for longer, the request is not retried and the answer is returned
/// as received (the server said "not now", so asking earlier would only add load). A
/// `Retry-After` that cannot be read is ignored and the policy's own backoff applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0: no retry).
    pub max_retries: u32,
    /// The wait before the first retry.
    pub backoff: std::time::Duration,
    /// The longest wait between two attempts, whether the policy's own or the server's
    /// `Retry-After`: an answer that asks for longer is returned instead of being retried.
    pub max_backoff: std::time::Duration,
}

impl Default for RetryPolicy {
    /// No retry.
    fn default() -> Self {
        Self::none()
    }
}

impl RetryPolicy {
    /// No retry: every request is sent once.
    pub const fn none() -> Self {
        Self { max_retries: 0, backoff: std::time::Duration::ZERO, max_backoff: std::time::Duration::ZERO }
    }

    /// Up to `max_retries` retries of safe requests, waiting `backoff`, then twice that, and so
    /// on (at most 30 s between attempts).
    pub const fn new(max_retries: u32, backoff: std::time::Duration) -> Self {
        Self { max_retries, backoff, max_backoff: std::time::Duration::from_secs(30) }
    }

    /// The same policy with `max_backoff` set: the longest wait between two attempts, and so the
    /// longest `Retry-After` the client will wait for (e.g. `RetryPolicy::new(3,
    /// Duration::from_millis(200)).with_max_backoff(Duration::from_secs(120))`).
    pub const fn with_max_backoff(self, max_backoff: std::time::Duration) -> Self {
        Self { max_backoff, ..self }
    }

    /// The wait before retry number `retry` (0-based).
    fn delay(&self, retry: u32) -> std::time::Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.backoff.checked_mul(factor).unwrap_or(self.max_backoff).min(self.max_backoff)
    }

    /// The wait before retry number `retry` after an answer whose `Retry-After` header said
    /// `retry_after`; `None` (do not retry) when the server asked for longer than `max_backoff`.
    fn wait_before(
        &self,
        retry: u32,
        retry_after: Option<&str>,
        now: std::time::SystemTime,
    ) -> Option<std::time::Duration> {
        let own = self.delay(retry);
        match retry_after.and_then(|value| parse_retry_after(value, now)) {
            Some(asked) if asked > self.max_backoff => None,
            Some(asked) => Some(asked.max(own)),
            None => Some(own),
        }
    }
}

/// How long a `Retry-After` header value asks the client to wait, seen at `now`: delay-seconds
/// (`120`) or an HTTP date in the IMF-fixdate form (`Sun, 06 Nov 1994 08:49:37 GMT`, see
/// [`parse_http_date`]). A date in the past is a wait of zero; a number of seconds too large to
/// represent is `u64::MAX` seconds. `None` for anything else, including the obsolete RFC 850 and
/// asctime date forms.
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<std::time::Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(std::time::Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(std::time::Duration::ZERO))
}

/// Reads an HTTP date in the IMF-fixdate form of RFC 9110 (`Sun, 06 Nov 1994 08:49:37 GMT`):
/// exactly that layout, English day and month names, GMT. The day name is checked to be one but
/// not to match the date. `None` for anything else, or for a date that does not exist
/// (`31 Apr`, `29 Feb` of a common year, hour 24).
pub fn parse_http_date(value: &str) -> Option<std::time::SystemTime> {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    fn digits(text: &str, count: usize) -> Option<i64> {
        if text.len() != count || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok()
    }

    let (day_name, rest) = value.split_once(", ")?;
    if !DAYS.contains(&day_name) {
        return None;
    }
    let mut parts = rest.split(' ');
    let day = digits(parts.next()?, 2)?;
    let month_name = parts.next()?;
    let month = i64::try_from(MONTHS.iter().position(|name| *name == month_name)?).ok()? + 1;
    let year = digits(parts.next()?, 4)?;
    let mut time = parts.next()?.split(':');
    let hour = digits(time.next()?, 2)?;
    let minute = digits(time.next()?, 2)?;
    let second = digits(time.next()?, 2)?;
    if time.next().is_some() || parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    // A second of 60 is a leap second; it is read as the first second of the next minute.
    if !(1..=month_days).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
    let shifted_year = if month <= 2 { year - 1 } else { year };
    let era = shifted_year.div_euclid(400);
    let year_of_era = shifted_year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    match u64::try_from(seconds) {
        Ok(after) => std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_secs(after)),
        Err(_) => std::time::UNIX_EPOCH.checked_sub(std::time::Duration::from_secs(seconds.unsigned_abs())),
    }
}

/// A request on its way out, with the retry policy that applies to it. A plain
/// `reqwest::RequestBuilder` converts into one that is sent once.
pub struct Outgoing {
    request: reqwest::RequestBuilder,
    retry: RetryPolicy,
}

impl From<reqwest::RequestBuilder> for Outgoing {
    fn from(request: reqwest::RequestBuilder) -> Self {
        Self { request, retry: RetryPolicy::none() }
    }
}

/// `request` under `policy` (see [`RetryPolicy`]: only safe methods are retried, and the
/// server's `Retry-After` is honoured up to `max_backoff`).
pub fn retrying(request: reqwest::RequestBuilder, policy: &RetryPolicy) -> Outgoing {
    Outgoing { request, retry: policy.clone() }
}

/// Whether an attempt that ended so should be made again (for a safe method).
fn worth_retrying(result: &Result<RawResponse, Error>) -> bool {
    match result {
        Ok(response) => matches!(response.status, 429 | 502 | 503 | 504),
        Err(Error::Transport(_)) => true,
        Err(_) => false,
    }
}

/// Sends the request (again, under its retry policy, if it is safe) and reads the whole body;
/// transport failures keep what had arrived.
pub async fn send(request: impl Into<Outgoing>) -> Result<RawResponse, Error> {
    let Outgoing { request, retry } = request.into();
    // A retry needs a second copy of the request; a streaming body has none.
    let safe = request
        .try_clone()
        .and_then(|copy| copy.build().ok())
        .is_some_and(|built| built.method().is_safe());
    if retry.max_retries == 0 || !safe {
        return send_once(request).await.map(|(response, _)| response);
    }
    let mut attempt = 0u32;
    let mut current = request;
    loop {
        let next = current.try_clone();
        let (result, retry_after) = match send_once(current).await {
            Ok((response, retry_after)) => (Ok(response), retry_after),
            Err(e) => (Err(e), None),
        };
        match next {
            Some(next) if attempt < retry.max_retries && worth_retrying(&result) => {
                let now = std::time::SystemTime::now();
                // `None`: the server asked for a longer wait than the policy allows.
                let Some(wait) = retry.wait_before(attempt, retry_after.as_deref(), now) else {
                    return result;
                };
                delay(wait).await;
                attempt += 1;
                current = next;
            }
            _ => return result,
        }
    }
}

/// Waits without tying the client to an async runtime: a short-lived thread sleeps and wakes
/// the task.
async fn delay(duration: std::time::Duration) {
    use std::sync::{Arc, Mutex};
    use std::task::{Poll, Waker};

    if duration.is_zero() {
        return;
    }
    type Shared = Arc<Mutex<(bool, Option<Waker>)>>;
    let shared: Shared = Arc::new(Mutex::new((false, None)));
    let timer = Arc::clone(&shared);
    let spawned = std::thread::Builder::new().name("gocrm-retry-delay".to_owned()).spawn(move || {
        std::thread::sleep(duration);
        let waker = match timer.lock() {
            Ok(mut state) => {
                state.0 = true;
                state.1.take()
            }
            Err(_) => None,
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    });
    if spawned.is_err() {
        return; // No thread to wait with: retry at once rather than not at all.
    }
    std::future::poll_fn(|cx| match shared.lock() {
        Ok(mut state) if !state.0 => {
            state.1 = Some(cx.waker().clone());
            Poll::Pending
        }
        _ => Poll::Ready(()),
    })
    .await
}

/// A transport error without credentials: the URL keeps its path but loses its user name,
/// password and query values (an API key in the query must not reach a log through `Display`
/// or `Debug`).
fn transport_error(status: Option<u16>, partial_body: Vec<u8>, mut source: reqwest::Error) -> Error {
    if let Some(url) = source.url_mut() {
        let _ = url.set_password(None);
        let _ = url.set_username("");
        if url.query().is_some() {
            let names: Vec<String> = url.query_pairs().map(|(name, _)| name.into_owned()).collect();
            url.query_pairs_mut().clear().extend_pairs(names.iter().map(|name| (name.as_str(), "redacted")));
        }
    }
    Error::Transport(Box::new(TransportError { status, partial_body, source }))
}

/// Sends the request once and reads the whole body; also returns the `Retry-After` header, if
/// it is text.
async fn send_once(request: reqwest::RequestBuilder) -> Result<(RawResponse, Option<String>), Error> {
    let mut response = request.send().await.map_err(|source| transport_error(None, Vec::new(), source))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(source) => return Err(transport_error(Some(status), body, source)),
        }
    }
    Ok((RawResponse { status, content_type, body }, retry_after))
}

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
pub async fn execute_envelope<T: DeserializeOwned>(request: impl Into<Outgoing>, success_status: &str) -> Result<T, Error> {
    let response = send(request).await?;
    decode_envelope(response, success_status)
}

/// The decoding half of [`execute_envelope`].
pub fn decode_envelope<T: DeserializeOwned>(response: RawResponse, success_status: &str) -> Result<T, Error> {
    let envelope = match serde_json::from_slice::<RawEnvelope<'_>>(&response.body) {
        Ok(envelope) if envelope.status.is_some() => envelope,
        Ok(_) | Err(_) if !response.is_success() => return Err(response.plain_api_error()),
        Ok(_) => {
            let source = <serde_json::Error as serde::de::Error>::missing_field("status");
            return Err(response.decode_error(source));
        }
        Err(source) => return Err(response.decode_error(source)),
    };
    let status = envelope.status.unwrap_or_default();
    if response.is_success() && status == success_status {
        let data = envelope.data.map(|raw| raw.get()).unwrap_or("null");
        return match serde_json::from_str::<T>(data) {
            Ok(value) => Ok(value),
            Err(source) => Err(response.decode_error(source)),
        };
    }
    let message = envelope.message.and_then(|m| match m {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    });
    let validation_errors = Some(normalize_validation_errors(envelope.validation_errors));
    let data = envelope.data.and_then(|raw| serde_json::from_str(raw.get()).ok());
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

/// Sends a request whose 2xx answer is plain JSON of type `T`.
pub async fn execute_json<T: DeserializeOwned>(request: impl Into<Outgoing>) -> Result<T, Error> {
    let response = send(request).await?;
    if !response.is_success() {
        return Err(response.plain_api_error());
    }
    // An empty 2xx body decodes as `null`, so operations typed `()` or `Option<T>` succeed.
    let body: &[u8] = if response.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &response.body };
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
            let source = <serde_json::Error as serde::de::Error>::custom("the text body is not valid UTF-8");
            Err(RawResponse { status: response.status, content_type: response.content_type, body }.decode_error(source))
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

/// Normalises every shape Go-CRM sends `validation_errors` in: an object of strings, an object of
/// string arrays, `[]`, `{}`, `null`, or a string holding JSON. Messages that belong to no field
/// are kept under the key `""`.
pub fn normalize_validation_errors(value: Option<serde_json::Value>) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    if let Some(value) = value {
        collect_validation_errors(value, &mut out, 0);
    }
    out
}

fn collect_validation_errors(value: serde_json::Value, out: &mut BTreeMap<String, Vec<String>>, depth: u8) {
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
                Ok(inner @ (Value::Object(_) | Value::Array(_) | Value::String(_))) if depth < 4 => {
                    collect_validation_errors(inner, out, depth + 1)
                }
                _ => out.entry(String::new()).or_default().push(text),
            }
        }
        other => out.entry(String::new()).or_default().push(other.to_string()),
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

/// Lenient decoding of scalars, for servers whose JSON does not match the declared types:
/// integers from numeric strings (`"12345"`), booleans from `1`/`0`/`"1"`/`"true"`, strings from
/// numbers. Serialisation is untouched, so requests carry the declared types.
pub mod lenient {
    use std::collections::BTreeMap;
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::Deserialize;

    /// A type that can be decoded leniently. Used through [`deserialize`] in
    /// `#[serde(deserialize_with = ...)]`.
    pub trait Lenient: Sized {
        fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
    }

    /// `#[serde(deserialize_with = "runtime::lenient::deserialize")]`.
    pub fn deserialize<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
        T::lenient(deserializer)
    }

    macro_rules! lenient_integer {
        ($($t:ty),*) => {$(
            impl Lenient for $t {
                fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    struct V;
                    impl<'de> Visitor<'de> for V {
                        type Value = $t;
                        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                            f.write_str(concat!("an integer (", stringify!($t), ") or a string holding one"))
                        }
                        fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                            <$t>::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
                        }
                        fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                            <$t>::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
                        }
                        fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
                            // 12.0 is an integer; 12.5 is not.
                            if v.fract() == 0.0 && v >= <$t>::MIN as f64 && v <= <$t>::MAX as f64 {
                                Ok(v as $t)
                            } else {
                                Err(E::invalid_value(de::Unexpected::Float(v), &self))
                            }
                        }
                        fn visit_bool<E: de::Error>(self, v: bool) -> Result<$t, E> {
                            Ok(<$t>::from(v))
                        }
                        fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                            let t = v.trim();
                            if let Ok(n) = t.parse::<$t>() {
                                return Ok(n);
                            }
                            match t.parse::<f64>() {
                                Ok(f) if f.is_finite() => self.visit_f64(f),
                                _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                            }
                        }
                    }
                    deserializer.deserialize_any(V)
                }
            }
        )*};
    }
    lenient_integer!(i8, i16, i32, i64, u8, u16, u32, u64);

    macro_rules! lenient_float {
        ($($t:ty),*) => {$(
            impl Lenient for $t {
                fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    struct V;
                    impl<'de> Visitor<'de> for V {
                        type Value = $t;
                        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                            f.write_str("a number or a string holding one")
                        }
                        fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                            Ok(v as $t)
                        }
                        fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                            Ok(v as $t)
                        }
                        fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
                            Ok(v as $t)
                        }
                        fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                            v.trim().replace(',', ".").parse::<$t>().map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
                        }
                    }
                    deserializer.deserialize_any(V)
                }
            }
        )*};
    }
    lenient_float!(f32, f64);

    impl Lenient for bool {
        fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = bool;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a boolean, 0/1, or \"true\"/\"false\"/\"1\"/\"0\"")
                }
                fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
                    Ok(v)
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
                    match v {
                        0 => Ok(false),
                        1 => Ok(true),
                        _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
                    }
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
                    match v {
                        0 => Ok(false),
                        1 => Ok(true),
                        _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
                    }
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
                    match v.trim().to_ascii_lowercase().as_str() {
                        "1" | "true" => Ok(true),
                        "0" | "false" => Ok(false),
                        _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                    }
                }
            }
            deserializer.deserialize_any(V)
        }
    }

    impl Lenient for String {
        fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = String;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a string (or a number or boolean, kept as text)")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                    Ok(v.to_owned())
                }
                fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
                    Ok(v)
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                    Ok(v.to_string())
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                    Ok(v.to_string())
                }
                fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                    Ok(v.to_string())
                }
                fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
                    Ok(v.to_string())
                }
            }
            deserializer.deserialize_any(V)
        }
    }

    /// Decodes one element leniently inside a sequence or map.
    struct Element<T>(T);

    impl<'de, T: Lenient> Deserialize<'de> for Element<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            T::lenient(deserializer).map(Element)
        }
    }

    impl<T: Lenient> Lenient for Option<T> {
        fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            Option::<Element<T>>::deserialize(deserializer).map(|o| o.map(|e| e.0))
        }
    }

    impl<T: Lenient> Lenient for Box<T> {
        fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            T::lenient(deserializer).map(Box::new)
        }
    }

    impl<T: Lenient> Lenient for Vec<T> {
        fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V<T>(PhantomData<T>);
            impl<'de, T: Lenient> Visitor<'de> for V<T> {
                type Value = Vec<T>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an array")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                    let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                    while let Some(Element(item)) = seq.next_element::<Element<T>>()? {
                        out.push(item);
                    }
                    Ok(out)
                }
            }
            deserializer.deserialize_seq(V(PhantomData))
        }
    }

    impl<T: Lenient> Lenient for BTreeMap<String, T> {
        fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V<T>(PhantomData<T>);
            impl<'de, T: Lenient> Visitor<'de> for V<T> {
                type Value = BTreeMap<String, T>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                    let mut out = BTreeMap::new();
                    while let Some((key, Element(value))) = map.next_entry::<String, Element<T>>()? {
                        out.insert(key, value);
                    }
                    Ok(out)
                }
            }
            deserializer.deserialize_map(V(PhantomData))
        }
    }

    /// Decodes a `T` leniently as one value of a map: what the generated `Deserialize` impls
    /// use for lenient fields (`map.next_value_seed(LenientSeed::new())`).
    pub struct LenientSeed<T>(PhantomData<T>);

    impl<T> LenientSeed<T> {
        pub fn new() -> Self {
            Self(PhantomData)
        }
    }

    impl<T> Default for LenientSeed<T> {
        fn default() -> Self {
            Self::new()
        }
    }

    impl<'de, T: Lenient> de::DeserializeSeed<'de> for LenientSeed<T> {
        type Value = T;
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
            T::lenient(deserializer)
        }
    }

    /// A struct the generated code decodes from an object. Its `Deserialize` impl is
    /// [`decode_struct`]: serde's visitor boilerplate is written once here rather than in
    /// every struct, which keeps the generated crate smaller to format and to compile.
    pub trait DecodeStruct: Sized {
        /// What a decoding error says was expected (`struct Name`).
        const EXPECTING: &'static str;
        /// Decodes the object's properties.
        fn decode_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
    }

    /// `Deserialize::deserialize` for a [`DecodeStruct`].
    pub fn decode_struct<'de, T: DecodeStruct, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        struct StructVisitor<T>(PhantomData<T>);
        impl<'de, T: DecodeStruct> Visitor<'de> for StructVisitor<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(T::EXPECTING)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::decode_map(map)
            }
        }
        deserializer.deserialize_map(StructVisitor(PhantomData))
    }

    /// A required property's value, or `missing field "<name>"`.
    pub fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
        value.ok_or_else(|| E::missing_field(name))
    }

    /// An object's key, borrowed from the input when the input allows it, so matching a
    /// declared property allocates nothing.
    pub struct Key<'de>(std::borrow::Cow<'de, str>);

    impl<'de> Key<'de> {
        pub fn as_str(&self) -> &str {
            &self.0
        }
    }

    impl<'de> Deserialize<'de> for Key<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Key<'de>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a property name")
                }
                fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                    Ok(Key(std::borrow::Cow::Borrowed(v)))
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                    Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
                }
                fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                    Ok(Key(std::borrow::Cow::Owned(v)))
                }
            }
            deserializer.deserialize_str(V)
        }
    }
}
