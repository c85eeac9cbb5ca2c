//! Responses: the one the method returns, the others' bodies, and envelope unwrapping.

use openapiv3::{OpenAPI, ReferenceOr, Response, Schema, SchemaKind, StatusCode, Type};

use super::bodies::{is_json, pick_media};
use super::Found;
use crate::ir::naming::{self};
use crate::ir::types::{Naming, TypeSpace};
use crate::ir::{Decoding, Response as IrResponse, StatusResponse, TypeRef};
use std::collections::HashSet;

/// The first 2xx response by code, else the `2XX` range, with its key under `responses`.
pub(crate) fn first_success(
    responses: &openapiv3::Responses,
) -> Option<(String, &ReferenceOr<Response>)> {
    responses
        .responses
        .iter()
        .filter_map(|(code, r)| match code {
            StatusCode::Code(c) if (200..300).contains(c) => Some((*c, c.to_string(), r)),
            StatusCode::Range(2) => Some((299, "2XX".to_owned(), r)),
            _ => None,
        })
        .min_by_key(|(c, _, _)| *c)
        .map(|(_, key, r)| (key, r))
}

/// The response the method returns: the first 2xx (by code), else the `2XX` range, else
/// `default`.
pub(super) fn success_response<'a>(
    space: &mut TypeSpace<'a>,
    f: &Found<'a>,
    type_prefix: &str,
) -> (IrResponse, Option<String>) {
    let responses = &f.op.responses;
    let chosen = first_success(responses).or_else(|| {
        responses
            .default
            .as_ref()
            .filter(|_| responses.responses.is_empty())
            .map(|r| ("default".to_owned(), r))
    });
    let Some((key, response)) = chosen else {
        return (
            IrResponse {
                decoding: Decoding::Empty,
                doc: None,
            },
            None,
        );
    };
    let (decoding, doc) =
        response_decoding(space, f, &key, response, &format!("{type_prefix}Response"));
    (IrResponse { decoding, doc }, Some(key))
}

/// How one response's body decodes, and its description.
fn response_decoding<'a>(
    space: &mut TypeSpace<'a>,
    f: &Found<'a>,
    key: &str,
    response: &'a ReferenceOr<Response>,
    hint: &str,
) -> (Decoding, Option<String>) {
    let openapi: &'a OpenAPI = space.openapi;
    let ptr = format!("{}/responses/{key}", f.ptr);
    let response: &'a Response = match response {
        ReferenceOr::Item(r) => r,
        ReferenceOr::Reference { reference } => {
            let found = reference
                .strip_prefix("#/components/responses/")
                .and_then(|name| openapi.components.as_ref()?.responses.get(name))
                .and_then(|r| r.as_item());
            match found {
                Some(r) => r,
                None => {
                    if !crate::ir::types::names_missing_component(openapi, "responses", reference) {
                        space.warn(format!("{ptr}/$ref"), format!("response `{reference}` cannot be resolved; the body is returned as bytes"));
                    }
                    return (Decoding::Bytes, None);
                }
            }
        }
    };
    let doc = Some(response.description.clone()).filter(|d| !d.trim().is_empty());
    let Some((media_type, media)) = pick_media(&response.content) else {
        return (Decoding::Empty, doc);
    };
    let lower = media_type.to_ascii_lowercase();
    let media_ptr = format!(
        "{ptr}/content/{}",
        crate::diagnostics::escape_pointer_segment(media_type)
    );
    let decoding = if let Some(stream) =
        super::streams::stream_decoding(space, media_type, media, hint, &media_ptr)
    {
        stream
    } else if is_json(&lower) {
        match &media.schema {
            Some(schema) => json_decoding(space, schema, hint, &media_ptr),
            None => Decoding::Json(TypeRef::Any),
        }
    } else if lower.starts_with("text/") {
        Decoding::Text
    } else {
        Decoding::Bytes
    };
    (decoding, doc)
}

/// The documented responses besides the one the method returns (`chosen`): their bodies are
/// typed too, so `Error::decode_body` has a type to decode into.
pub(super) fn other_responses<'a>(
    space: &mut TypeSpace<'a>,
    f: &Found<'a>,
    type_prefix: &str,
    chosen: Option<&str>,
) -> Vec<StatusResponse> {
    let responses = &f.op.responses;
    let mut all: Vec<(String, &'a ReferenceOr<Response>)> = responses
        .responses
        .iter()
        .map(|(code, r)| {
            let key = match code {
                StatusCode::Code(c) => c.to_string(),
                StatusCode::Range(r) => format!("{r}XX"),
            };
            (key, r)
        })
        .collect();
    if let Some(default) = &responses.default {
        all.push(("default".to_owned(), default));
    }
    let mut out = Vec::new();
    for (key, response) in all {
        if Some(key.as_str()) == chosen {
            continue;
        }
        let success = key.starts_with('2');
        let hint = if success {
            format!("{type_prefix}Response{key}")
        } else {
            format!("{type_prefix}Error{}", naming::type_name(&key))
        };
        let (decoding, _) = response_decoding(space, f, &key, response, &hint);
        out.push(StatusResponse {
            status: key,
            decoding,
        });
    }
    out
}

fn json_decoding<'a>(
    space: &mut TypeSpace<'a>,
    schema: &'a ReferenceOr<Schema>,
    hint: &str,
    ptr: &str,
) -> Decoding {
    let hint = hint.to_owned();
    if space.settings.unwrap_envelope {
        let settings = space.settings;
        if let Some((data, data_ptr)) = envelope_data(
            space,
            schema,
            &settings.envelope_status_field,
            &settings.envelope_data_field,
            ptr,
            0,
        ) {
            let ty = match data {
                Some(data) => space.convert_boxed(data, Naming::Inline(hint), &data_ptr),
                None => TypeRef::Any,
            };
            return Decoding::Envelope(ty);
        }
    }
    Decoding::Json(space.convert(schema, Naming::Inline(hint), &format!("{ptr}/schema")))
}

/// If `schema` is an envelope (an object with the status and data properties, directly or
/// through `allOf`), the schema of its data property (the last one that refines it).
#[allow(clippy::type_complexity)]
fn envelope_data<'a>(
    space: &TypeSpace<'a>,
    schema: &'a ReferenceOr<Schema>,
    status_field: &str,
    data_field: &str,
    ptr: &str,
    depth: usize,
) -> Option<(Option<&'a ReferenceOr<Box<Schema>>>, String)> {
    let mut parts = EnvelopeParts::default();
    collect_envelope(
        space,
        schema,
        status_field,
        data_field,
        &format!("{ptr}/schema"),
        &mut parts,
        depth,
    );
    if parts.has_status {
        if let Some((d, p)) = parts.data {
            return Some((Some(d), p));
        }
    }
    None
}

/// What [`collect_envelope`] found so far.
#[derive(Default)]
struct EnvelopeParts<'a> {
    has_status: bool,
    data: Option<(&'a ReferenceOr<Box<Schema>>, String)>,
    /// `$ref`s already followed: a diamond or a cycle of `allOf`s is walked once, not
    /// exponentially often.
    seen: HashSet<String>,
}

fn collect_envelope<'a>(
    space: &TypeSpace<'a>,
    schema: &'a ReferenceOr<Schema>,
    status_field: &str,
    data_field: &str,
    ptr: &str,
    parts: &mut EnvelopeParts<'a>,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    let (schema, ptr): (&'a Schema, String) = match schema {
        ReferenceOr::Item(s) => (s, ptr.to_owned()),
        ReferenceOr::Reference { reference } => {
            if !parts.seen.insert(reference.clone()) {
                return;
            }
            match space.lookup_schema(reference) {
                Some(s) => (s, reference.clone()),
                None => return,
            }
        }
    };
    let (properties, all_of) = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => (Some(&o.properties), None),
        SchemaKind::AllOf { all_of } => (None, Some(all_of)),
        SchemaKind::Any(a) => (Some(&a.properties), Some(&a.all_of)),
        _ => (None, None),
    };
    if let Some(all_of) = all_of {
        for (i, part) in all_of.iter().enumerate() {
            collect_envelope(
                space,
                part,
                status_field,
                data_field,
                &format!("{ptr}/allOf/{i}"),
                parts,
                depth + 1,
            );
        }
    }
    if let Some(properties) = properties {
        if properties.contains_key(status_field) {
            parts.has_status = true;
        }
        if let Some(d) = properties.get(data_field) {
            parts.data = Some((
                d,
                format!(
                    "{ptr}/properties/{}",
                    crate::diagnostics::escape_pointer_segment(data_field)
                ),
            ));
        }
    }
}
