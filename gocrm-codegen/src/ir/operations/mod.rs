//! Paths → [`Operation`]s: method names, parameters, the request body, the success response
//! and envelope unwrapping.
//!
//! This module finds operations and names them; [`params`], [`bodies`] and [`responses`]
//! turn their parts into IR.

mod bodies;
mod extra;
mod params;
mod querystring;
mod responses;
mod streams;

pub(crate) use extra::find as find_extra;
pub use extra::{extra_operations, ExtraOperation};

use bodies::request_body;
// For `probe` (feature `cli`), through `crate::ir`: unused, and so a warning, without it.
#[cfg(feature = "cli")]
pub(crate) use bodies::{is_json, pick_media};
use params::{merged_parameters, split_path};
pub(crate) use responses::first_success;
use responses::{other_responses, success_response};
pub use streams::ItemSchemas;

use std::collections::HashMap;

use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr};

use super::naming::{self, NameAllocator};
use super::types::{Naming, TypeSpace};
use super::{Operation, Param, ParamLocation, TypeKind, TypeRef};
use crate::diagnostics::pointer;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation before names are settled.
struct Found<'a> {
    path: &'a str,
    /// Lower case for the 3.0 methods (`get`); an extra operation's token as sent (`QUERY`).
    method: &'a str,
    op: &'a openapiv3::Operation,
    item: &'a PathItem,
    ptr: String,
}

pub fn build_operations<'a>(
    space: &mut TypeSpace<'a>,
    extra: &'a [ExtraOperation],
) -> Vec<Operation> {
    let openapi = space.openapi;
    let found = collect(openapi, extra, space);
    let names = method_names(&found, space);
    found
        .iter()
        .zip(names)
        .map(|(f, name)| build_one(space, f, name))
        .collect()
}

fn collect<'a>(
    openapi: &'a OpenAPI,
    extra: &'a [ExtraOperation],
    space: &mut TypeSpace<'_>,
) -> Vec<Found<'a>> {
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
        // After the 3.0 methods of the same path, in document order.
        for e in extra.iter().filter(|e| e.path == *path) {
            out.push(Found {
                path,
                method: &e.method,
                op: &e.operation,
                item,
                ptr: e.pointer.clone(),
            });
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
            _ => derived_name(&f.method.to_ascii_lowercase(), f.path),
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

/// The method token as sent: the 3.0 methods upper-cased, an extra operation's as written.
fn wire_method(method: &str) -> String {
    if METHODS.contains(&method) {
        method.to_ascii_uppercase()
    } else {
        method.to_owned()
    }
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
    // Pointers of the `in: querystring` parameters taken so far (one is allowed).
    let mut querystrings: Vec<String> = Vec::new();
    for (param, ptr) in &params {
        let data = param.parameter_data_ref();
        let location = match param {
            Parameter::Path { .. } => ParamLocation::Path,
            Parameter::Query { .. } if querystring::is_querystring(data) => {
                ParamLocation::QueryString
            }
            Parameter::Query { .. } => ParamLocation::Query,
            Parameter::Header { .. } => ParamLocation::Header,
            Parameter::Cookie { .. } => ParamLocation::Cookie,
        };
        let hint = format!("{type_prefix}{}", naming::type_name(&data.name));
        let ty = if location == ParamLocation::QueryString {
            match querystring::value_type(space, data, hint, ptr, &mut querystrings) {
                Some(ty) => ty,
                None => continue,
            }
        } else {
            match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    space.convert(schema, Naming::Inline(hint), &format!("{ptr}/schema"))
                }
                ParameterSchemaOrContent::Content(_) => {
                    space.warn(ptr.clone(), "parameter with `content` is sent as JSON text");
                    TypeRef::Any
                }
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
            // One the template does not use (`validate` warned) would be an unused argument.
            if f.path.contains(&format!("{{{}}}", p.wire_name)) {
                path_params.push(p);
            }
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

    querystring::check_exclusive(space, &querystrings, &other_params);
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
        http_method: wire_method(f.method),
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
