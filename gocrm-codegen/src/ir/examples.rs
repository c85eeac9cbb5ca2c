//! Examples from the spec, paired with the generated type they should decode into: schema
//! `example`s of component schemas, the success response's example (its `data` when the
//! response is an envelope) and the JSON request body's example. The generated crate gets a
//! round-trip test for each (`emit::examples`).

use openapiv3::{MediaType, OpenAPI, Operation as SpecOperation, ReferenceOr};
use serde_json::Value;

use super::{BodyType, Decoding, NamedType, Operation, TypeRef};
use crate::diagnostics::pointer;
use crate::settings::Settings;

/// One example and the type it must decode into.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// What the test is called, before de-duplication (`schema_lead`, `create_lead_response`).
    pub name: String,
    /// Where the example is, in the converted document.
    pub pointer: String,
    pub ty: TypeRef,
    /// The example as compact JSON (for an envelope: its `data`).
    pub json: String,
}

/// Every example worth a test, in output order (schemas, then operations).
pub fn collect(
    openapi: &OpenAPI,
    extra: &[super::operations::ExtraOperation],
    types: &[NamedType],
    operations: &[Operation],
    settings: &Settings,
) -> Vec<Example> {
    let mut out = Vec::new();
    if let Some(components) = &openapi.components {
        for (key, schema) in &components.schemas {
            let ReferenceOr::Item(schema) = schema else {
                continue;
            };
            let Some(example) = &schema.schema_data.example else {
                continue;
            };
            let ptr = pointer(["components", "schemas", key.as_str()]);
            let Some(id) = types
                .iter()
                .position(|t| t.source.is_some() && t.pointer == ptr)
            else {
                continue;
            };
            let name = types.get(id).map(|t| t.name.as_str()).unwrap_or_default();
            push(
                &mut out,
                format!("schema_{}", heck::AsSnakeCase(name)),
                format!("{ptr}/example"),
                TypeRef::Named(id),
                example,
                settings,
            );
        }
    }
    for op in operations {
        let Some(spec_op) = super::operations::find_extra(extra, &op.path, &op.http_method)
            .or_else(|| find_operation(openapi, &op.path, &op.http_method))
        else {
            continue;
        };
        if let Some((media_ptr, example)) = response_example(openapi, spec_op) {
            let ptr = format!("{}/responses/{media_ptr}", op.pointer);
            match &op.response.decoding {
                Decoding::Json(t) => push(
                    &mut out,
                    format!("{}_response", op.method_name),
                    ptr,
                    t.clone(),
                    example,
                    settings,
                ),
                Decoding::Envelope(t) => {
                    let status = example
                        .get(&settings.envelope_status_field)
                        .and_then(Value::as_str);
                    let data = example.get(&settings.envelope_data_field);
                    if let (Some(data), true) =
                        (data, status == Some(&settings.envelope_success_value))
                    {
                        push(
                            &mut out,
                            format!("{}_response", op.method_name),
                            ptr,
                            t.clone(),
                            data,
                            settings,
                        );
                    }
                }
                // A stream's example is one framed body, not one value of the item type.
                Decoding::Text | Decoding::Bytes | Decoding::Empty | Decoding::Stream(_) => {}
            }
        }
        if let Some(body) = &op.body {
            if let BodyType::Json(t) = &body.ty {
                let example = spec_op
                    .request_body
                    .as_ref()
                    .and_then(|b| match b {
                        ReferenceOr::Item(b) => b.content.get(&body.media_type),
                        ReferenceOr::Reference { .. } => None,
                    })
                    .and_then(|m| {
                        media_example(m).or(match &m.schema {
                            // Swagger 2.0 keeps a body's example on its (inline) schema.
                            Some(ReferenceOr::Item(schema)) => schema.schema_data.example.as_ref(),
                            _ => None,
                        })
                    });
                if let Some(example) = example {
                    let ptr = pointer(["requestBody", "content", body.media_type.as_str()]);
                    push(
                        &mut out,
                        format!("{}_request", op.method_name),
                        format!("{}/{}/example", op.pointer, ptr.trim_start_matches("#/")),
                        t.clone(),
                        example,
                        settings,
                    );
                }
            }
        }
    }
    out
}

fn push(
    out: &mut Vec<Example>,
    name: String,
    pointer: String,
    ty: TypeRef,
    example: &Value,
    settings: &Settings,
) {
    // A bare scalar type decodes leniently only inside a struct field, and `Any` takes
    // everything: neither makes a useful test.
    let testable = match &ty {
        TypeRef::Any => false,
        t if settings.lenient_scalars && t.is_lenient_scalar_tree() => false,
        _ => true,
    };
    if !testable {
        return;
    }
    out.push(Example {
        name,
        pointer,
        ty,
        json: example.to_string(),
    });
}

fn find_operation<'a>(openapi: &'a OpenAPI, path: &str, method: &str) -> Option<&'a SpecOperation> {
    let ReferenceOr::Item(item) = openapi.paths.paths.get(path)? else {
        return None;
    };
    let op = match method {
        "GET" => &item.get,
        "PUT" => &item.put,
        "POST" => &item.post,
        "DELETE" => &item.delete,
        "OPTIONS" => &item.options,
        "HEAD" => &item.head,
        "PATCH" => &item.patch,
        "TRACE" => &item.trace,
        _ => return None,
    };
    op.as_ref()
}

/// The example of the response the client method returns (the first 2xx, chosen as
/// `operations.rs` chooses it; a `default`-only operation has none), with the pointer below
/// `responses`.
fn response_example<'a>(
    openapi: &'a OpenAPI,
    op: &'a SpecOperation,
) -> Option<(String, &'a Value)> {
    let (key, response) = super::operations::first_success(&op.responses)?;
    let response = match response {
        ReferenceOr::Item(r) => r,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/")?;
            match openapi.components.as_ref()?.responses.get(name)? {
                ReferenceOr::Item(r) => r,
                ReferenceOr::Reference { .. } => return None,
            }
        }
    };
    response.content.iter().find_map(|(media, m)| {
        let json = media.contains("json") || media == "*/*";
        let example = media_example(m).filter(|_| json)?;
        let ptr = pointer([key.as_str(), "content", media.as_str(), "example"]);
        Some((ptr.trim_start_matches("#/").to_owned(), example))
    })
}

/// A media type's `example`, or the value of its first named example.
fn media_example(m: &MediaType) -> Option<&Value> {
    m.example.as_ref().or_else(|| {
        m.examples.values().find_map(|e| match e {
            ReferenceOr::Item(e) => e.value.as_ref(),
            ReferenceOr::Reference { .. } => None,
        })
    })
}
