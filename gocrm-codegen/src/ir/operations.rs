//! Paths → [`Operation`]s: method names, parameters, the request body, the success response
//! and envelope unwrapping.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr,
    RequestBody, Response, Schema, SchemaKind, StatusCode, Type,
};

use super::naming::{self, NameAllocator};
use super::types::{Naming, TypeSpace};
use super::{
    Body, BodyType, Decoding, Operation, Param, ParamLocation, PathPiece, Response as IrResponse,
    StatusResponse, TypeKind, TypeRef,
};
use crate::diagnostics::pointer;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation before names are settled.
struct Found<'a> {
    path: &'a str,
    method: &'static str,
    op: &'a openapiv3::Operation,
    item: &'a PathItem,
    ptr: String,
}

pub fn build_operations(space: &mut TypeSpace<'_>) -> Vec<Operation> {
    let openapi = space.openapi;
    let found = collect(openapi, space);
    let names = method_names(&found, space);
    found
        .iter()
        .zip(names)
        .map(|(f, name)| build_one(space, f, name))
        .collect()
}

fn collect<'a>(openapi: &'a OpenAPI, space: &mut TypeSpace<'_>) -> Vec<Found<'a>> {
    let mut out = Vec::new();
    for (path, item) in &openapi.paths.paths {
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                space.warn(
                    pointer(["paths", path.as_str()]),
                    format!("path item $ref `{reference}` is not supported; skipped"),
                );
                continue;
            }
        };
        let ops = [
            &item.get,
            &item.put,
            &item.post,
            &item.delete,
            &item.options,
            &item.head,
            &item.patch,
            &item.trace,
        ];
        for (method, op) in METHODS.iter().zip(ops) {
            if let Some(op) = op {
                out.push(Found {
                    path,
                    method,
                    op,
                    item,
                    ptr: pointer(["paths", path.as_str(), method]),
                });
            }
        }
    }
    out
}

/// Method names from operationIds (or method + path), distinct and order-independent.
fn method_names(found: &[Found<'_>], space: &mut TypeSpace<'_>) -> Vec<String> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    let mut allocator = NameAllocator::new();
    // The client's own methods (and trait methods users call on it).
    for name in [
        "new",
        "with_client",
        "base_url",
        "client",
        "http_client",
        "with_retry",
        "default",
        "clone",
    ] {
        allocator.reserve(name);
    }
    let mut tickets = Vec::with_capacity(found.len());
    for f in found {
        let wire = match f.op.operation_id.as_deref() {
            Some(id) if !id.trim().is_empty() => {
                if let Some(first) = seen.insert(id, &f.ptr) {
                    space.warn(
                        format!("{}/operationId", f.ptr),
                        format!("duplicate operationId `{id}` (first at {first}); the method name gets a suffix"),
                    );
                }
                id.to_owned()
            }
            _ => derived_name(f.method, f.path),
        };
        tickets.push(allocator.request(
            &format!("{wire} {} {}", f.method, f.path),
            naming::snake_name(&wire),
        ));
    }
    let names = allocator.resolve();
    tickets
        .into_iter()
        .map(|t| names.get(t).cloned().unwrap_or_default())
        .collect()
}

/// `get /cities/{id}/centers` → `get_cities_by_id_centers`.
fn derived_name(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            words.push("by".to_owned());
            words.push(param.to_owned());
        } else {
            words.push(segment.to_owned());
        }
    }
    words.join("_")
}

fn build_one<'a>(space: &mut TypeSpace<'a>, f: &Found<'a>, method_name: String) -> Operation {
    let type_prefix = naming::type_name(&method_name);
    let params = merged_parameters(space, f);
    let mut path_params = Vec::new();
    let mut other_params = Vec::new();
    let mut arg_names = NameAllocator::new();
    for reserved in ["body", "params", "self"] {
        arg_names.reserve(reserved);
    }
    for (param, ptr) in &params {
        let data = param.parameter_data_ref();
        let location = match param {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => ParamLocation::Cookie,
        };
        let hint = format!("{type_prefix}{}", naming::type_name(&data.name));
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                space.convert(schema, Naming::Inline(hint), &format!("{ptr}/schema"))
            }
            ParameterSchemaOrContent::Content(_) => {
                space.warn(ptr.clone(), "parameter with `content` is sent as JSON text");
                TypeRef::Any
            }
        };
        let (explode, delimiter) = match param {
            Parameter::Query { style, .. } => {
                let delimiter = match style {
                    QueryStyle::SpaceDelimited => " ",
                    QueryStyle::PipeDelimited => "|",
                    QueryStyle::Form | QueryStyle::DeepObject => ",",
                };
                (
                    data.explode
                        .unwrap_or(matches!(style, QueryStyle::Form | QueryStyle::DeepObject)),
                    delimiter,
                )
            }
            _ => (data.explode.unwrap_or(false), ","),
        };
        let p = Param {
            name: String::new(),
            wire_name: data.name.clone(),
            location,
            ty,
            required: data.required || location == ParamLocation::Path,
            doc: data.description.clone(),
            explode,
            delimiter,
        };
        if location == ParamLocation::Cookie {
            space.warn(
                ptr.clone(),
                "cookie parameters are not sent; set the cookie on your reqwest::Client",
            );
            continue;
        }
        if location == ParamLocation::Path {
            path_params.push(p);
        } else {
            other_params.push(p);
        }
    }
    // Path parameters are method arguments; query/header ones are fields: one namespace each.
    let path_tickets: Vec<usize> = path_params
        .iter()
        .map(|p| arg_names.request(&p.wire_name, naming::snake_name(&p.wire_name)))
        .collect();
    let path_names = arg_names.resolve();
    for (p, t) in path_params.iter_mut().zip(path_tickets) {
        p.name = path_names.get(t).cloned().unwrap_or_default();
    }
    let mut field_names = NameAllocator::new();
    let field_tickets: Vec<usize> = other_params
        .iter()
        .map(|p| {
            field_names.request(
                &format!("{:?} {}", p.location, p.wire_name),
                naming::snake_name(&p.wire_name),
            )
        })
        .collect();
    let resolved = field_names.resolve();
    for (p, t) in other_params.iter_mut().zip(field_tickets) {
        p.name = resolved.get(t).cloned().unwrap_or_default();
    }

    let path_pieces = split_path(space, f, &path_params);
    let params_type = if other_params.is_empty() {
        None
    } else {
        let doc = Some(format!(
            "Query and header parameters of Client::{method_name}."
        ));
        Some(space.new_inline_type(
            &format!("{type_prefix}Params"),
            doc,
            &f.ptr,
            TypeKind::Params(other_params),
        ))
    };
    let body = request_body(space, f, &type_prefix);
    let (response, chosen) = success_response(space, f, &type_prefix);
    let other_responses = other_responses(space, f, &type_prefix, chosen.as_deref());
    Operation {
        method_name,
        operation_id: f.op.operation_id.clone(),
        http_method: f.method.to_ascii_uppercase(),
        path: f.path.to_owned(),
        path_pieces,
        path_params,
        params_type,
        body,
        response,
        other_responses,
        summary: f.op.summary.clone(),
        description: f.op.description.clone(),
        deprecated: f.op.deprecated,
        pointer: f.ptr.clone(),
        // Filled in by `security::apply` once the schemes are known.
        security: Vec::new(),
    }
}

/// Path-item parameters overridden by operation parameters with the same name and location.
fn merged_parameters<'a>(space: &mut TypeSpace<'a>, f: &Found<'a>) -> Vec<(&'a Parameter, String)> {
    let mut merged: IndexMap<(String, &'static str), (&'a Parameter, String)> = IndexMap::new();
    let path_ptr = pointer(["paths", f.path]);
    let sources = [
        (&f.item.parameters, path_ptr),
        (&f.op.parameters, f.ptr.clone()),
    ];
    for (list, base) in sources {
        for (i, p) in list.iter().enumerate() {
            let ptr = format!("{base}/parameters/{i}");
            let Some(param) = resolve_parameter(space, p, &ptr) else {
                continue;
            };
            let location = match param {
                Parameter::Path { .. } => "path",
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Cookie { .. } => "cookie",
            };
            merged.insert(
                (param.parameter_data_ref().name.clone(), location),
                (param, ptr),
            );
        }
    }
    merged.into_values().collect()
}

fn resolve_parameter<'a>(
    space: &mut TypeSpace<'a>,
    p: &'a ReferenceOr<Parameter>,
    ptr: &str,
) -> Option<&'a Parameter> {
    let openapi: &'a OpenAPI = space.openapi;
    match p {
        ReferenceOr::Item(param) => Some(param),
        ReferenceOr::Reference { reference } => {
            let found = reference
                .strip_prefix("#/components/parameters/")
                .and_then(|name| openapi.components.as_ref()?.parameters.get(name))
                .and_then(|p| p.as_item());
            if found.is_none()
                && !super::types::names_missing_component(space.openapi, "parameters", reference)
            {
                space.warn(
                    format!("{ptr}/$ref"),
                    format!("parameter `{reference}` cannot be resolved; skipped"),
                );
            }
            found
        }
    }
}

/// Splits `/cities/{id}/centers` into literals and parameter slots.
fn split_path(space: &mut TypeSpace<'_>, f: &Found<'_>, params: &[Param]) -> Vec<PathPiece> {
    let mut pieces = Vec::new();
    let mut rest = f.path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            pieces.push(PathPiece::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        match params.iter().position(|p| p.wire_name == name) {
            Some(index) => pieces.push(PathPiece::Param(index)),
            None => {
                space.warn(
                    f.ptr.clone(),
                    format!("path parameter `{name}` is not declared; it is sent as written"),
                );
                pieces.push(PathPiece::Literal(rest[open..=close].to_owned()));
            }
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(PathPiece::Literal(rest.to_owned()));
    }
    pieces
}

pub(crate) fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence.ends_with("+json")
        || essence == "*/*"
        || essence.ends_with("/json")
}

/// The media type to use: JSON first, then form, text, anything else.
pub(crate) fn pick_media(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    let rank = |m: &str| {
        let m = m.to_ascii_lowercase();
        if is_json(&m) && m != "*/*" {
            0
        } else if m.starts_with("application/x-www-form-urlencoded") {
            1
        } else if m.starts_with("multipart/form-data") {
            2
        } else if m == "*/*" {
            3
        } else if m.starts_with("text/") {
            4
        } else {
            5
        }
    };
    content.iter().min_by_key(|(m, _)| rank(m))
}

fn request_body<'a>(space: &mut TypeSpace<'a>, f: &Found<'a>, type_prefix: &str) -> Option<Body> {
    let openapi: &'a OpenAPI = space.openapi;
    let ptr = format!("{}/requestBody", f.ptr);
    let body: &'a RequestBody = match f.op.request_body.as_ref()? {
        ReferenceOr::Item(b) => b,
        ReferenceOr::Reference { reference } => {
            let found = reference
                .strip_prefix("#/components/requestBodies/")
                .and_then(|name| openapi.components.as_ref()?.request_bodies.get(name))
                .and_then(|b| b.as_item());
            match found {
                Some(b) => b,
                None => {
                    if !super::types::names_missing_component(openapi, "requestBodies", reference) {
                        space.warn(
                            format!("{ptr}/$ref"),
                            format!("request body `{reference}` cannot be resolved; skipped"),
                        );
                    }
                    return None;
                }
            }
        }
    };
    let (media_type, media) = pick_media(&body.content)?;
    if body.content.len() > 1 {
        let others: Vec<&str> = body
            .content
            .keys()
            .filter(|m| *m != media_type)
            .map(String::as_str)
            .collect();
        space.warn(
            ptr.clone(),
            format!(
                "several request media types: sending `{media_type}` (not {})",
                others.join(", ")
            ),
        );
    }
    let media_ptr = format!(
        "{ptr}/content/{}",
        crate::diagnostics::escape_pointer_segment(media_type)
    );
    let lower = media_type.to_ascii_lowercase();
    let schema_ty = |space: &mut TypeSpace<'a>| match &media.schema {
        Some(schema) => space.convert(
            schema,
            Naming::Inline(format!("{type_prefix}Body")),
            &format!("{media_ptr}/schema"),
        ),
        None => TypeRef::Any,
    };
    let ty = if is_json(&lower) {
        BodyType::Json(schema_ty(space))
    } else if lower.starts_with("application/x-www-form-urlencoded") {
        BodyType::Form(schema_ty(space))
    } else if lower.starts_with("multipart/form-data") {
        match schema_ty(space) {
            TypeRef::Named(id) if space.is_struct(id) => BodyType::Multipart(TypeRef::Named(id)),
            _ => {
                space.warn(
                    media_ptr.clone(),
                    "a multipart body that is not an object with properties is sent as raw bytes you encode yourself",
                );
                BodyType::Bytes
            }
        }
    } else if lower.starts_with("text/") {
        BodyType::Text
    } else {
        if lower.starts_with("multipart/") {
            space.warn(
                media_ptr.clone(),
                "only multipart/form-data is built from fields; this body is sent as raw bytes you encode yourself",
            );
        }
        BodyType::Bytes
    };
    if let BodyType::Json(TypeRef::Named(id))
    | BodyType::Form(TypeRef::Named(id))
    | BodyType::Multipart(TypeRef::Named(id)) = &ty
    {
        space.set_doc_if_missing(*id, body.description.as_deref());
    }
    Some(Body {
        ty,
        media_type: media_type.clone(),
        required: body.required,
        doc: body.description.clone(),
    })
}

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
fn success_response<'a>(
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
                    if !super::types::names_missing_component(openapi, "responses", reference) {
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
    let decoding = if is_json(&lower) {
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
fn other_responses<'a>(
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
