//! OpenAPI 3.2 `in: querystring` parameters (read by the loader as `in: query` marked
//! [`QUERYSTRING`]): one value, typed from its schema, that is the whole query string,
//! form-encoded (`application/x-www-form-urlencoded`, as `reqwest::RequestBuilder::query`
//! writes a struct).

use openapiv3::{ParameterData, ParameterSchemaOrContent, ReferenceOr, Schema};

use crate::ir::types::{Naming, TypeSpace};
use crate::ir::{Param, ParamLocation, TypeKind, TypeRef};
use crate::load::QUERYSTRING;

/// Whether the loader marked this query parameter as the whole query string.
pub(super) fn is_querystring(data: &ParameterData) -> bool {
    data.extensions.get(QUERYSTRING) == Some(&serde_json::Value::Bool(true))
}

/// The parameter's type, or `None` (with a warning) when it cannot be sent: a second
/// querystring parameter, a media type other than form encoding, or a value that is not an
/// object (form encoding writes the members of an object as `name=value` pairs).
pub(super) fn value_type<'a>(
    space: &mut TypeSpace<'a>,
    data: &'a ParameterData,
    hint: String,
    ptr: &str,
    taken: &mut Vec<String>,
) -> Option<TypeRef> {
    if let Some(first) = taken.first() {
        space.warn(
            ptr,
            format!("a second `in: querystring` parameter (the first is at {first}); skipped"),
        );
        return None;
    }
    taken.push(ptr.to_owned());
    let (schema, schema_ptr): (&'a ReferenceOr<Schema>, String) = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => (schema, format!("{ptr}/schema")),
        ParameterSchemaOrContent::Content(content) => {
            let form = content.iter().find(|(media, _)| {
                media.split(';').next().is_some_and(|m| {
                    m.trim()
                        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
                })
            });
            let Some((media, entry)) = form else {
                let media: Vec<&str> = content.keys().map(String::as_str).collect();
                space.warn(
                    ptr,
                    format!("`in: querystring` with content {} is not supported (only `application/x-www-form-urlencoded`); skipped", media.join(", ")),
                );
                return None;
            };
            let Some(schema) = &entry.schema else {
                space.warn(ptr, "`in: querystring` content without a schema; skipped");
                return None;
            };
            let escaped = crate::diagnostics::escape_pointer_segment(media);
            (schema, format!("{ptr}/content/{escaped}/schema"))
        }
    };
    let ty = space.convert(schema, Naming::Inline(hint), &schema_ptr);
    if is_object(space, &ty) {
        Some(ty)
    } else {
        space.warn(
            schema_ptr,
            "an `in: querystring` value must be an object (its members become the query string's pairs); skipped",
        );
        None
    }
}

/// A struct or a map, through aliases and nullability.
fn is_object(space: &TypeSpace<'_>, ty: &TypeRef) -> bool {
    let mut current = ty.clone();
    for _ in 0..16 {
        match current {
            TypeRef::Map(_) => return true,
            TypeRef::Nullable(inner) => current = *inner,
            TypeRef::Named(id) => match space.kind_of(id) {
                Some(TypeKind::Struct(_)) => return true,
                Some(TypeKind::Alias(inner)) => current = inner.clone(),
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// The spec makes `in: querystring` and `in: query` mutually exclusive: both are sent (the
/// query pairs after the querystring's), with a warning.
pub(super) fn check_exclusive(
    space: &mut TypeSpace<'_>,
    querystrings: &[String],
    params: &[Param],
) {
    let Some(at) = querystrings.first() else {
        return;
    };
    if let Some(query) = params.iter().find(|p| p.location == ParamLocation::Query) {
        space.warn(
            at.as_str(),
            format!("`in: querystring` next to the `in: query` parameter `{}` (the spec forbids both); both are sent", query.wire_name),
        );
    }
}
