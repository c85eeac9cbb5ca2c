//! Request bodies: which media type is sent and as what.

use indexmap::IndexMap;
use openapiv3::{MediaType, OpenAPI, ReferenceOr, RequestBody};

use super::Found;
use crate::ir::types::{Naming, TypeSpace};
use crate::ir::{Body, BodyType, TypeRef};

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

pub(super) fn request_body<'a>(
    space: &mut TypeSpace<'a>,
    f: &Found<'a>,
    type_prefix: &str,
) -> Option<Body> {
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
                    if !crate::ir::types::names_missing_component(
                        openapi,
                        "requestBodies",
                        reference,
                    ) {
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
