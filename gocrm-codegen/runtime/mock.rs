//! The engine behind the generated `mock` module (cargo feature `mock`): one wiremock server
//! whose single responder routes each request to its operation, validates it like the real
//! server, records it, and answers from the most recently mounted matching stub or the
//! operation's default example. The generated module only describes the API (static tables)
//! and adds the typed builders.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// What a parameter or property must look like; checked leniently, as the client decodes
/// (`"12"` fits an integer, `"abc"` does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Integer,
    Number,
    Boolean,
    String,
    Array,
    Object,
    Any,
}

impl Kind {
    /// Whether a text value (a path, query or header parameter, a form field) fits.
    pub fn fits_text(self, text: &str) -> bool {
        let text = text.trim();
        match self {
            Kind::Integer => text.parse::<i64>().is_ok() || text.parse::<u64>().is_ok(),
            Kind::Number => text.parse::<f64>().is_ok_and(f64::is_finite),
            Kind::Boolean => matches!(text, "true" | "false" | "1" | "0"),
            Kind::String | Kind::Array | Kind::Object | Kind::Any => true,
        }
    }

    /// Whether a JSON value fits; `lenient` lets strings holding a scalar (and numbers for
    /// strings, 0/1 for booleans) through, as the lenient decoding does.
    pub fn fits_json(self, value: &Value, lenient: bool) -> bool {
        match (self, value) {
            (Kind::Any, _) => true,
            (Kind::Integer, Value::Number(n)) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            (Kind::Number, Value::Number(_)) => true,
            (Kind::Boolean, Value::Bool(_)) => true,
            (Kind::String, Value::String(_)) => true,
            (Kind::Array, Value::Array(_)) => true,
            (Kind::Object, Value::Object(_)) => true,
            (Kind::Integer | Kind::Number | Kind::Boolean, Value::String(s)) if lenient => {
                self.fits_text(s)
            }
            (Kind::Boolean, Value::Number(n)) if lenient => {
                n.as_i64().is_some_and(|n| n == 0 || n == 1)
            }
            (Kind::String, Value::Number(_) | Value::Bool(_)) if lenient => true,
            _ => false,
        }
    }

    fn message(self, field: &str) -> String {
        let what = match self {
            Kind::Integer => "an integer",
            Kind::Number => "a number",
            Kind::Boolean => "true or false",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
            Kind::Any => "a value",
        };
        format!("The {field} field must be {what}.")
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
}

/// A piece of an operation's path template.
#[derive(Debug, Clone, Copy)]
pub enum Part {
    Literal(&'static str),
    /// A path parameter by its wire name.
    Param(&'static str),
}

/// A parameter the operation takes.
#[derive(Debug, Clone, Copy)]
pub struct ParamRule {
    pub wire: &'static str,
    pub location: Location,
    pub kind: Kind,
    pub required: bool,
}

/// A top-level property of the request body.
#[derive(Debug, Clone, Copy)]
pub struct FieldRule {
    pub wire: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub nullable: bool,
}

/// How the request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    Json,
    Form,
    Multipart,
    Text,
    Bytes,
}

/// Decodes a body into its type, with serde's message on failure.
pub type BodyCheck = fn(&[u8]) -> Result<(), String>;

/// Path parameters taken from a request path: (wire name, decoded value).
type Captured = Vec<(&'static str, String)>;

/// The request body an operation takes.
#[derive(Debug, Clone, Copy)]
pub struct BodyRule {
    pub format: BodyFormat,
    pub required: bool,
    pub fields: &'static [FieldRule],
    /// Decodes a JSON body into the body type (the check after the per-field ones).
    pub check: Option<BodyCheck>,
}

/// What the client expects back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    Envelope,
    Json,
    Text,
    Bytes,
    Empty,
    /// A stream of items (a sequential media type), sent as this content type.
    Stream(&'static str, StreamFraming),
}

/// How a streamed answer's items are framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFraming {
    /// One JSON text per line.
    Lines,
    /// RFC 7464: `0x1E`, the JSON text, a line feed.
    Seq,
    /// Server-sent events whose `data` is the item's JSON.
    EventData,
    /// Server-sent events described by the item: its `event`, `id` and `retry` become those
    /// fields, its `data` the data lines (text as it is, anything else as JSON).
    EventObject,
}

/// `items` framed for a streamed answer.
pub fn framed(framing: StreamFraming, items: &[Value]) -> Vec<u8> {
    let mut out = String::new();
    for item in items {
        match framing {
            StreamFraming::Lines => {
                out.push_str(&item.to_string());
                out.push('\n');
            }
            StreamFraming::Seq => {
                out.push('\u{1e}');
                out.push_str(&item.to_string());
                out.push('\n');
            }
            StreamFraming::EventData => {
                event_data(&mut out, &item.to_string());
                out.push('\n');
            }
            StreamFraming::EventObject => {
                for field in ["event", "id", "retry"] {
                    match item.get(field) {
                        Some(Value::String(s)) => out.push_str(&format!("{field}: {s}\n")),
                        Some(Value::Null) | None => {}
                        Some(other) => out.push_str(&format!("{field}: {other}\n")),
                    }
                }
                match item.get("data") {
                    Some(Value::String(s)) => event_data(&mut out, s),
                    Some(other) => event_data(&mut out, &other.to_string()),
                    None => event_data(&mut out, ""),
                }
                out.push('\n');
            }
        }
    }
    out.into_bytes()
}

/// One `data:` line per line of `text`.
fn event_data(out: &mut String, text: &str) {
    for line in text.split('\n') {
        out.push_str("data: ");
        out.push_str(line.strip_suffix('\r').unwrap_or(line));
        out.push('\n');
    }
}

/// One operation of the API.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    pub method: &'static str,
    pub path: &'static [Part],
    pub params: &'static [ParamRule],
    pub body: Option<BodyRule>,
    pub reply: Reply,
    /// Default answers as JSON (for an envelope: its data), best first: the spec's example,
    /// one built from schema examples, one built from the types.
    pub examples: &'static [&'static str],
    /// Whether a candidate decodes into the success type.
    pub fits: fn(&str) -> bool,
}

/// The envelope's field names, when the API answers in one.
#[derive(Debug, Clone, Copy)]
pub struct Envelope {
    pub status_field: &'static str,
    pub data_field: &'static str,
    pub success: &'static str,
}

/// The whole API as the mock sees it.
#[derive(Debug, Clone, Copy)]
pub struct Api {
    /// The base URL's path (`/api/v3`), or empty.
    pub base_path: &'static str,
    pub envelope: Option<Envelope>,
    pub lenient: bool,
    pub operations: &'static [Operation],
}

/// A response the mock sends.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone)]
struct Matcher {
    location: Location,
    wire: &'static str,
    value: String,
}

#[derive(Debug)]
struct Stub {
    op: usize,
    matchers: Vec<Matcher>,
    answer: Answer,
}

#[derive(Debug, Default)]
struct State {
    stubs: Vec<Stub>,
    /// The request bodies each operation received, in order.
    received: BTreeMap<usize, Vec<Vec<u8>>>,
}

struct Engine {
    api: Api,
    defaults: Vec<Answer>,
    state: Mutex<State>,
}

/// The running mock server.
pub struct Server {
    mock: wiremock::MockServer,
    engine: Arc<Engine>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("uri", &self.mock.uri())
            .finish_non_exhaustive()
    }
}

struct Dispatch(Arc<Engine>);

impl wiremock::Respond for Dispatch {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let answer = self.0.answer(request);
        wiremock::ResponseTemplate::new(answer.status)
            .set_body_raw(answer.body, &answer.content_type)
    }
}

impl Server {
    /// Starts a server on 127.0.0.1 (a free port) that answers for `api`.
    pub async fn start(api: Api) -> Server {
        let defaults = api
            .operations
            .iter()
            .map(|op| default_answer(&api, op))
            .collect();
        let engine = Arc::new(Engine {
            api,
            defaults,
            state: Mutex::new(State::default()),
        });
        let mock = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Dispatch(engine.clone()))
            .mount(&mock)
            .await;
        Server { mock, engine }
    }

    /// The base URL including the spec's base path.
    pub fn url(&self) -> String {
        format!("{}{}", self.mock.uri(), self.engine.api.base_path)
    }

    /// How many requests operation `op` received.
    pub fn calls(&self, op: usize) -> usize {
        self.engine
            .lock()
            .received
            .get(&op)
            .map_or(0, |bodies| bodies.len())
    }

    /// The bodies operation `op` received, in order.
    pub fn bodies(&self, op: usize) -> Vec<Vec<u8>> {
        self.engine
            .lock()
            .received
            .get(&op)
            .cloned()
            .unwrap_or_default()
    }

    /// A stub for operation `op`, without matchers yet.
    pub fn stub(&self, op: usize) -> StubBuilder<'_> {
        StubBuilder {
            server: self,
            op,
            matchers: Vec::new(),
        }
    }
}

/// A stub being built: matchers, then one terminal call that mounts it.
#[derive(Debug)]
pub struct StubBuilder<'a> {
    server: &'a Server,
    op: usize,
    matchers: Vec<Matcher>,
}

impl StubBuilder<'_> {
    /// Answers only requests whose parameter `wire` is `value` as sent on the wire (array
    /// values joined with commas).
    pub fn matching(&mut self, location: Location, wire: &'static str, value: String) {
        self.matchers.push(Matcher {
            location,
            wire,
            value,
        });
    }

    /// Mounts the stub with `answer`.
    pub fn mount(self, answer: Answer) {
        self.server.engine.lock().stubs.push(Stub {
            op: self.op,
            matchers: self.matchers,
            answer,
        });
    }

    /// Success with `value` (JSON), in the envelope where the client unwraps one.
    pub fn returns_json(self, value: Value) {
        let answer = success(&self.server.engine.api, self.reply(), value);
        self.mount(answer);
    }

    /// Success with a stream of these items (JSON values of the item type), framed as the
    /// operation's media type.
    pub fn returns_items(self, items: Vec<Value>) {
        let answer = success(&self.server.engine.api, self.reply(), Value::Array(items));
        self.mount(answer);
    }

    /// Success with a text body.
    pub fn returns_text(self, text: String) {
        self.mount(Answer {
            status: 200,
            content_type: "text/plain; charset=utf-8".to_owned(),
            body: text.into_bytes(),
        });
    }

    /// Success with a binary body.
    pub fn returns_bytes(self, bytes: Vec<u8>) {
        self.mount(Answer {
            status: 200,
            content_type: "application/octet-stream".to_owned(),
            body: bytes,
        });
    }

    /// An error with `status` and `message`.
    pub fn fails(self, status: u16, message: &str) {
        let answer = match self.server.engine.api.envelope {
            Some(envelope) => envelope_answer(
                envelope,
                status,
                "error",
                message,
                Value::Object(Default::default()),
                Value::Null,
            ),
            None => Answer {
                status,
                content_type: "text/plain; charset=utf-8".to_owned(),
                body: message.as_bytes().to_vec(),
            },
        };
        self.mount(answer);
    }

    /// HTTP 422 with "Validation error" and these field messages.
    pub fn fails_validation(self, errors: &[(&str, &str)]) {
        let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (field, message) in errors {
            fields
                .entry((*field).to_owned())
                .or_default()
                .push((*message).to_owned());
        }
        let answer = validation_answer(&self.server.engine.api, 422, fields);
        self.mount(answer);
    }

    /// Exactly this response.
    pub fn responds_raw(self, status: u16, content_type: &str, body: &str) {
        self.mount(Answer {
            status,
            content_type: content_type.to_owned(),
            body: body.as_bytes().to_vec(),
        });
    }

    fn reply(&self) -> Reply {
        self.server
            .engine
            .api
            .operations
            .get(self.op)
            .map_or(Reply::Json, |op| op.reply)
    }
}

/// Whether `json` decodes into `T` (an operation's `fits`).
pub fn decodes<T: DeserializeOwned>(json: &str) -> bool {
    serde_json::from_str::<T>(json).is_ok()
}

/// Decodes a JSON body into `T`, with serde's message on failure (a body's `check`).
pub fn check_json<T: DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<T>(body)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Decodes recorded bodies: JSON, or a form as an object of strings. Bodies that do not
/// decode are left out.
pub fn decode_bodies<T: DeserializeOwned>(bodies: Vec<Vec<u8>>, form: bool) -> Vec<T> {
    bodies
        .iter()
        .filter_map(|body| {
            if form {
                let object: serde_json::Map<String, Value> = form_pairs(body)
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect();
                serde_json::from_value(Value::Object(object)).ok()
            } else {
                serde_json::from_slice(body).ok()
            }
        })
        .collect()
}

impl Engine {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panicking test thread must not turn every later answer into a panic.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn answer(&self, request: &wiremock::Request) -> Answer {
        let path = request.url.path();
        let Some(rest) = path.strip_prefix(self.api.base_path) else {
            return not_found();
        };
        let method = request.method.as_str();
        let mut best: Option<(usize, usize, Captured)> = None;
        for (index, op) in self.api.operations.iter().enumerate() {
            if !op.method.eq_ignore_ascii_case(method) {
                continue;
            }
            let mut captured = Vec::new();
            if match_path(op.path, rest, &mut captured) {
                let literal: usize = op
                    .path
                    .iter()
                    .map(|p| match p {
                        Part::Literal(text) => text.len(),
                        Part::Param(_) => 0,
                    })
                    .sum();
                // The most specific template wins (`/leads/search` over `/leads/{id}`).
                if best.as_ref().is_none_or(|(_, l, _)| literal > *l) {
                    best = Some((index, literal, captured));
                }
            }
        }
        let Some((index, _, path_values)) = best else {
            return not_found();
        };
        let Some(op) = self.api.operations.get(index) else {
            return not_found();
        };
        let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let value_of = |location: Location, wire: &str| -> Vec<String> {
            match location {
                Location::Path => path_values
                    .iter()
                    .filter(|(name, _)| *name == wire)
                    .map(|(_, v)| v.clone())
                    .collect(),
                Location::Query => query
                    .iter()
                    .filter(|(name, _)| name == wire)
                    .map(|(_, v)| v.clone())
                    .collect(),
                Location::Header => request
                    .headers
                    .get_all(wire)
                    .iter()
                    .filter_map(|v| v.to_str().ok().map(str::to_owned))
                    .collect(),
            }
        };
        let mut state = self.lock();
        state
            .received
            .entry(index)
            .or_default()
            .push(request.body.clone());

        let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for rule in op.params {
            let values = value_of(rule.location, rule.wire);
            if values.is_empty() || values.iter().all(|v| v.is_empty()) {
                if rule.required {
                    errors
                        .entry(rule.wire.to_owned())
                        .or_default()
                        .push(format!("The {} field is required.", rule.wire));
                }
                continue;
            }
            if values.iter().any(|v| !rule.kind.fits_text(v)) {
                errors
                    .entry(rule.wire.to_owned())
                    .or_default()
                    .push(rule.kind.message(rule.wire));
            }
        }
        if let Some(body) = &op.body {
            self.validate_body(body, &request.body, &mut errors);
        }
        if !errors.is_empty() {
            // Go-CRM answers 422 in its envelope; a plain API gets the usual 400.
            let status = if self.api.envelope.is_some() {
                422
            } else {
                400
            };
            return validation_answer(&self.api, status, errors);
        }

        let stub = state.stubs.iter().rev().find(|stub| {
            stub.op == index
                && stub.matchers.iter().all(|m| {
                    let values = value_of(m.location, m.wire);
                    !values.is_empty() && values.join(",") == m.value
                })
        });
        match stub {
            Some(stub) => stub.answer.clone(),
            None => self.defaults.get(index).cloned().unwrap_or_else(not_found),
        }
    }

    fn validate_body(
        &self,
        rule: &BodyRule,
        body: &[u8],
        errors: &mut BTreeMap<String, Vec<String>>,
    ) {
        let empty = body.iter().all(u8::is_ascii_whitespace);
        if empty && !rule.required {
            // An optional body left out: nothing to check.
            return;
        }
        let mut field_errors = BTreeMap::new();
        match rule.format {
            BodyFormat::Json => {
                let value = if empty {
                    Value::Object(Default::default())
                } else {
                    match serde_json::from_slice::<Value>(body) {
                        Ok(value) => value,
                        Err(e) => {
                            errors
                                .entry("body".to_owned())
                                .or_default()
                                .push(format!("The body is not valid JSON: {e}"));
                            return;
                        }
                    }
                };
                if let Value::Object(object) = &value {
                    for field in rule.fields {
                        match object.get(field.wire) {
                            None | Some(Value::Null) if field.required && !field.nullable => {
                                field_errors.insert(
                                    field.wire.to_owned(),
                                    format!("The {} field is required.", field.wire),
                                );
                            }
                            None | Some(Value::Null) => {}
                            Some(v) if !field.kind.fits_json(v, self.api.lenient) => {
                                field_errors
                                    .insert(field.wire.to_owned(), field.kind.message(field.wire));
                            }
                            Some(_) => {}
                        }
                    }
                }
                if field_errors.is_empty() {
                    if let Some(Err(e)) = rule.check.map(|check| check(body)) {
                        field_errors.insert("body".to_owned(), e);
                    }
                }
            }
            BodyFormat::Form => {
                let pairs = form_pairs(body);
                for field in rule.fields {
                    let values: Vec<&String> = pairs
                        .iter()
                        .filter(|(k, _)| k == field.wire)
                        .map(|(_, v)| v)
                        .collect();
                    if values.is_empty() {
                        if field.required {
                            field_errors.insert(
                                field.wire.to_owned(),
                                format!("The {} field is required.", field.wire),
                            );
                        }
                    } else if values.iter().any(|v| !field.kind.fits_text(v)) {
                        field_errors.insert(field.wire.to_owned(), field.kind.message(field.wire));
                    }
                }
            }
            BodyFormat::Multipart => {
                let text = String::from_utf8_lossy(body);
                for field in rule.fields.iter().filter(|f| f.required) {
                    if !text.contains(&format!("name=\"{}\"", field.wire)) {
                        field_errors.insert(
                            field.wire.to_owned(),
                            format!("The {} field is required.", field.wire),
                        );
                    }
                }
            }
            BodyFormat::Text | BodyFormat::Bytes => {
                if empty && rule.required {
                    field_errors.insert("body".to_owned(), "The body is required.".to_owned());
                }
            }
        }
        for (field, message) in field_errors {
            errors.entry(field).or_default().push(message);
        }
    }
}

/// Matches `path` against the template, collecting path parameters (percent-decoded).
fn match_path(parts: &[Part], path: &str, captured: &mut Captured) -> bool {
    match parts.split_first() {
        None => path.is_empty() || path == "/",
        Some((Part::Literal(text), rest)) => match path.strip_prefix(text) {
            Some(remaining) => match_path(rest, remaining, captured),
            None => false,
        },
        Some((Part::Param(name), rest)) => {
            // A parameter is one non-empty segment (or the part of it before the next literal).
            let segment_end = path.find('/').unwrap_or(path.len());
            let candidates: Vec<usize> = match rest.first() {
                Some(Part::Literal(next)) if !next.starts_with('/') => path[..segment_end]
                    .match_indices(next)
                    .map(|(i, _)| i)
                    .collect(),
                _ => vec![segment_end],
            };
            for end in candidates {
                if end == 0 {
                    continue;
                }
                let mark = captured.len();
                captured.push((name, percent_decode(&path[..end])));
                if match_path(rest, &path[end..], captured) {
                    return true;
                }
                captured.truncate(mark);
            }
            false
        }
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'%'), Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (Some(&b), _, _) => {
                out.push(b);
                i += 1;
            }
            (None, _, _) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `application/x-www-form-urlencoded` pairs, decoded.
fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode(&s.replace('+', " "));
            (decode(k), decode(v))
        })
        .collect()
}

fn not_found() -> Answer {
    Answer {
        status: 404,
        content_type: "text/plain; charset=utf-8".to_owned(),
        body: b"no operation of the API matches this request".to_vec(),
    }
}

fn envelope_answer(
    envelope: Envelope,
    status: u16,
    envelope_status: &str,
    message: &str,
    validation_errors: Value,
    data: Value,
) -> Answer {
    let mut object = serde_json::Map::new();
    object.insert(
        envelope.status_field.to_owned(),
        Value::String(envelope_status.to_owned()),
    );
    object.insert("message".to_owned(), Value::String(message.to_owned()));
    object.insert("validation_errors".to_owned(), validation_errors);
    object.insert(envelope.data_field.to_owned(), data);
    json_answer(status, &Value::Object(object))
}

fn json_answer(status: u16, value: &Value) -> Answer {
    Answer {
        status,
        content_type: "application/json".to_owned(),
        body: serde_json::to_vec(value).unwrap_or_default(),
    }
}

/// A success answer carrying `value` as the client expects it.
fn success(api: &Api, reply: Reply, value: Value) -> Answer {
    match (reply, api.envelope) {
        (Reply::Envelope, Some(envelope)) => envelope_answer(
            envelope,
            200,
            envelope.success,
            "",
            Value::Object(Default::default()),
            value,
        ),
        (Reply::Text, _) => Answer {
            status: 200,
            content_type: "text/plain; charset=utf-8".to_owned(),
            body: match value {
                Value::String(s) => s.into_bytes(),
                other => other.to_string().into_bytes(),
            },
        },
        (Reply::Bytes, _) => Answer {
            status: 200,
            content_type: "application/octet-stream".to_owned(),
            body: Vec::new(),
        },
        (Reply::Empty, _) => Answer {
            status: 200,
            content_type: "application/json".to_owned(),
            body: Vec::new(),
        },
        // `returns_items` passes the items as an array; a default answer is one item.
        (Reply::Stream(content_type, framing), _) => Answer {
            status: 200,
            content_type: content_type.to_owned(),
            body: match value {
                Value::Array(items) => framed(framing, &items),
                _ => Vec::new(),
            },
        },
        _ => json_answer(200, &value),
    }
}

/// A validation failure naming each offending field. In the envelope,
/// `validation_errors` is a string holding a JSON object, as Go-CRM sends it.
fn validation_answer(api: &Api, status: u16, errors: BTreeMap<String, Vec<String>>) -> Answer {
    match api.envelope {
        Some(envelope) => {
            let fields: serde_json::Map<String, Value> = errors
                .into_iter()
                .map(|(field, mut messages)| {
                    let value = if messages.len() == 1 {
                        Value::String(messages.pop().unwrap_or_default())
                    } else {
                        json!(messages)
                    };
                    (field, value)
                })
                .collect();
            envelope_answer(
                envelope,
                status,
                "error",
                "Validation error",
                Value::String(Value::Object(fields).to_string()),
                Value::Null,
            )
        }
        None => json_answer(
            status,
            &json!({"message": "Validation error", "errors": errors}),
        ),
    }
}

fn default_answer(api: &Api, op: &Operation) -> Answer {
    let json = op
        .examples
        .iter()
        .find(|candidate| (op.fits)(candidate))
        .or(op.examples.last())
        .copied()
        .unwrap_or("null");
    let value = serde_json::from_str(json).unwrap_or(Value::Null);
    // A stream's default answer is the one item.
    let value = match op.reply {
        Reply::Stream(..) => Value::Array(vec![value]),
        _ => value,
    };
    success(api, op.reply, value)
}
