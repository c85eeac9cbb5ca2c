//! The strict check: one answer against the operation's documented responses, as the spec
//! says and nothing more lenient. Every departure is a [`Finding`] with the place in the
//! body and the schema (in the converted document; `source.rs` maps it to the user's text).
//!
//! Choices where JSON Schema leaves room, made for callers of a typed client:
//! - `12.0` is not an `integer` (a typed client reads a float there);
//! - a property the schema does not declare is a departure unless `additionalProperties`
//!   allows it;
//! - a property several `allOf` parts declare is checked against the last declaration, as
//!   the generator types it (the Go-CRM envelope's `data: object` refined to an array);
//! - `oneOf`/`anyOf`: a value that fits no alternative is reported against the one it fits
//!   best.
//!
//! `schema.rs` walks a body against a schema (objects and `allOf` in `object.rs`); this file
//! handles the answer around it: its status, its media type, and the envelope.

mod object;
mod schema;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, Response, SchemaKind, StatusCode, Type};
use serde_json::Value;

use super::client_model::child;
use super::send::Answer;
use crate::diagnostics::escape_pointer_segment;
use crate::ir::{is_json, pick_media};
use crate::settings::Settings;
use object::{add_object, ObjectView};
use schema::Checker;

/// What kind of departure; the names are the JSON report's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    TypeMismatch,
    NullForNonNullable,
    MissingRequired,
    UndeclaredProperty,
    EnumValue,
    StatusUndocumented,
    ContentType,
    EnvelopeShape,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::TypeMismatch => "type_mismatch",
            Kind::NullForNonNullable => "null_for_non_nullable",
            Kind::MissingRequired => "missing_required",
            Kind::UndeclaredProperty => "undeclared_property",
            Kind::EnumValue => "enum_value",
            Kind::StatusUndocumented => "status_undocumented",
            Kind::ContentType => "content_type",
            Kind::EnvelopeShape => "envelope_shape",
        }
    }
}

/// One departure in one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Finding {
    pub kind: Kind,
    /// In the body (`""` is the whole body or the answer itself).
    pub pointer: String,
    /// In the converted document (`#/components/schemas/Firm/properties/id`).
    pub schema: String,
    pub expected: String,
    pub found: String,
    /// What tells this departure apart from others of its kind at the same schema place
    /// (the JSON type found, the property's name, the status).
    pub group: String,
    /// The counter whose value is "of how many values checked".
    pub count_key: String,
}

/// The findings of one answer, and how many values were checked at each place.
#[derive(Debug, Default)]
pub(super) struct Checked {
    pub findings: Vec<Finding>,
    pub counters: BTreeMap<String, u64>,
}

/// The counter of answers (for statuses and content types).
pub(super) const ANSWERS: &str = "answers";

/// The spec's side of one operation, for checking its answers.
pub(super) struct OperationSpec<'a> {
    pub operation: &'a openapiv3::Operation,
    /// `#/paths/~1firms/get`.
    pub pointer: String,
    /// The envelope's data field, when the success response is an envelope.
    pub envelope_data: Option<String>,
}

/// Checks one answer.
pub(super) fn check_answer(
    openapi: &OpenAPI,
    op: &OperationSpec<'_>,
    answer: &Answer,
    head: bool,
) -> Checked {
    let mut checker = Checker::new(openapi);
    checker.count(ANSWERS);
    let responses = &op.operation.responses;
    let documented = responses
        .responses
        .get(&StatusCode::Code(answer.status))
        .map(|r| (answer.status.to_string(), r))
        .or_else(|| {
            responses
                .responses
                .get(&StatusCode::Range(answer.status / 100))
                .map(|r| (format!("{}XX", answer.status / 100), r))
        })
        .or_else(|| {
            responses
                .default
                .as_ref()
                .map(|r| ("default".to_owned(), r))
        });
    let success = (200..300).contains(&answer.status);
    let chosen = match documented {
        Some(found) => Some(found),
        None => {
            let mut keys: Vec<String> = responses
                .responses
                .keys()
                .map(|code| match code {
                    StatusCode::Code(c) => c.to_string(),
                    StatusCode::Range(r) => format!("{r}XX"),
                })
                .collect();
            if responses.default.is_some() {
                keys.push("default".to_owned());
            }
            checker.push(Finding {
                kind: Kind::StatusUndocumented,
                pointer: String::new(),
                schema: format!("{}/responses", op.pointer),
                expected: if keys.is_empty() {
                    "no responses documented".to_owned()
                } else {
                    keys.join(", ")
                },
                found: answer.status.to_string(),
                group: answer.status.to_string(),
                count_key: ANSWERS.to_owned(),
            });
            // The client decodes any 2xx answer as the success response.
            if success {
                crate::ir::first_success(responses).or_else(|| {
                    responses
                        .default
                        .as_ref()
                        .map(|r| ("default".to_owned(), r))
                })
            } else {
                None
            }
        }
    };
    let Some((key, response)) = chosen else {
        return checker.finish();
    };
    let Some((response, response_ptr)) = resolve_response(
        openapi,
        response,
        &format!("{}/responses/{key}", op.pointer),
    ) else {
        return checker.finish();
    };
    if !head {
        body(&mut checker, response, &response_ptr, answer);
    }
    let mut checked = checker.finish();
    if let Some(data_field) = &op.envelope_data {
        classify_envelope(&mut checked.findings, data_field);
    }
    checked
}

/// The envelope's data field when the operation's success response is an envelope (an
/// object with the status and data properties, directly or through `allOf`), whatever
/// `unwrap_envelope` says: departures in the envelope are `envelope_shape` either way.
pub(super) fn envelope_data_field(
    openapi: &OpenAPI,
    operation: &openapiv3::Operation,
    settings: &Settings,
) -> Option<String> {
    let responses = &operation.responses;
    let (key, response) = crate::ir::first_success(responses).or_else(|| {
        responses
            .default
            .as_ref()
            .map(|r| ("default".to_owned(), r))
    })?;
    let (response, _) = resolve_response(openapi, response, &key)?;
    let (_, media) = pick_media(&response.content)?;
    let checker = Checker::new(openapi);
    let (schema, at) = checker.resolve(media.schema.as_ref()?.into(), "")?;
    let mut view = ObjectView::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            add_object(&mut view, &o.properties, &o.required, None, &at)
        }
        SchemaKind::AllOf { all_of } => {
            checker.collect_all_of(all_of, &at, &mut view, &mut Vec::new(), 0);
        }
        SchemaKind::Any(any) => {
            add_object(&mut view, &any.properties, &any.required, None, &at);
            checker.collect_all_of(&any.all_of, &at, &mut view, &mut Vec::new(), 0);
        }
        _ => return None,
    }
    let status = &settings.envelope_status_field;
    let data = &settings.envelope_data_field;
    (view.property(status).is_some() && view.property(data).is_some()).then(|| data.clone())
}

fn resolve_response<'a>(
    openapi: &'a OpenAPI,
    response: &'a ReferenceOr<Response>,
    pointer: &str,
) -> Option<(&'a Response, String)> {
    match response {
        ReferenceOr::Item(r) => Some((r, pointer.to_owned())),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/")?;
            let name = unescape(name);
            let r = openapi
                .components
                .as_ref()?
                .responses
                .get(&name)?
                .as_item()?;
            Some((r, reference.clone()))
        }
    }
}

/// The body against the documented response: its media type, then its schema.
fn body<'a>(
    checker: &mut Checker<'a>,
    response: &'a Response,
    response_ptr: &str,
    answer: &Answer,
) {
    let Some((media_type, media)) = pick_media(&response.content) else {
        return;
    };
    let header = answer.content_type.as_deref().map(essence);
    let matches = header.as_deref().is_some_and(|h| {
        response
            .content
            .keys()
            .any(|m| media_matches(&essence(m), h))
    });
    let json = is_json(media_type);
    let blank = answer.body.iter().all(u8::is_ascii_whitespace);
    let parsed = if json && !blank {
        serde_json::from_slice::<Value>(&answer.body).ok()
    } else {
        None
    };
    let not_json = json && parsed.is_none();
    if !matches || not_json {
        let mut found = header.unwrap_or_else(|| "no Content-Type".to_owned());
        if not_json {
            found.push_str(if blank {
                " (an empty body)"
            } else {
                " (the body is not JSON)"
            });
        }
        let expected = response
            .content
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        checker.found(
            Kind::ContentType,
            "",
            &format!("{response_ptr}/content"),
            expected,
            found.clone(),
            found,
            ANSWERS,
        );
    }
    if let (Some(body), Some(schema)) = (parsed, &media.schema) {
        let at = format!(
            "{response_ptr}/content/{}/schema",
            escape_pointer_segment(media_type)
        );
        checker.value(&body, schema.into(), &at, "", 0);
    }
}

/// Departures in the envelope itself (its root, `status`, `message`,
/// `validation_errors`; not `data`) are `envelope_shape`.
fn classify_envelope(findings: &mut [Finding], data_field: &str) {
    let data = child("", data_field);
    for f in findings {
        let in_envelope =
            f.pointer.is_empty() || (f.pointer.matches('/').count() == 1 && f.pointer != data);
        if in_envelope
            && matches!(
                f.kind,
                Kind::TypeMismatch | Kind::NullForNonNullable | Kind::MissingRequired
            )
        {
            f.kind = Kind::EnvelopeShape;
        }
    }
}

/// A value, short: scalars as JSON (strings cut at 40 characters), containers by size.
pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() > 40 => {
            let cut: String = s.chars().take(40).collect();
            format!("{:?}", format!("{cut}…"))
        }
        Value::Array(items) if items.is_empty() => "[]".to_owned(),
        Value::Array(items) if items.len() == 1 => "an array of 1 item".to_owned(),
        Value::Array(items) => format!("an array of {} items", items.len()),
        Value::Object(object) if object.is_empty() => "{}".to_owned(),
        Value::Object(object) if object.len() == 1 => "an object with 1 property".to_owned(),
        Value::Object(object) => format!("an object with {} properties", object.len()),
        other => other.to_string(),
    }
}

pub(super) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `application/json; charset=utf-8` → `application/json`.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// A documented media type (`application/json`, `application/*`, `*/*`) against the answer's.
fn media_matches(documented: &str, answered: &str) -> bool {
    if documented == "*/*" || documented == answered {
        return true;
    }
    match (documented.split_once('/'), answered.split_once('/')) {
        (Some((dt, "*")), Some((at, _))) => dt == at,
        _ => false,
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
