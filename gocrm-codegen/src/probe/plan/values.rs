//! Where parameter values come from: the spec (examples, defaults, enum values) and earlier
//! list answers (their items' ids).

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type,
};
use serde_json::{Map, Value};

use crate::settings::Settings;

/// The payload of an answer: an envelope's data field (whatever `unwrap_envelope` says, the
/// ids are there), else the body.
pub(super) fn payload<'v>(body: &'v Value, settings: &Settings) -> &'v Value {
    match body.as_object() {
        Some(object) if object.contains_key(&settings.envelope_status_field) => {
            object.get(&settings.envelope_data_field).unwrap_or(body)
        }
        _ => body,
    }
}

/// The objects of a list payload: an array, a PHP array with holes (`{"0": …, "3": …}`),
/// an object holding one array of objects (`{"items": […]}`), or a single object.
pub(super) fn list_items(payload: &Value) -> Vec<Map<String, Value>> {
    let objects = |values: &mut dyn Iterator<Item = &Value>| -> Vec<Map<String, Value>> {
        values.filter_map(|v| v.as_object().cloned()).collect()
    };
    match payload {
        Value::Array(items) => objects(&mut items.iter()),
        Value::Object(object)
            if !object.is_empty()
                && object.keys().all(|k| k.bytes().all(|b| b.is_ascii_digit())) =>
        {
            objects(&mut object.values())
        }
        Value::Object(object) => {
            let nested = object.values().find_map(|v| {
                v.as_array()
                    .filter(|items| items.first().is_some_and(Value::is_object))
            });
            match nested {
                Some(items) => objects(&mut items.iter()),
                None => vec![object.clone()],
            }
        }
        _ => Vec::new(),
    }
}

/// An id as it goes into a path: a string or an integer.
pub(super) fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The operation's parameters (path-item level, overridden by operation level), resolved.
pub(super) fn spec_parameters<'o>(
    openapi: &'o OpenAPI,
    path: &str,
    method: &str,
) -> Vec<&'o Parameter> {
    let Some(item) = openapi.paths.paths.get(path).and_then(ReferenceOr::as_item) else {
        return Vec::new();
    };
    let operation = match method {
        "GET" => item.get.as_ref(),
        "HEAD" => item.head.as_ref(),
        _ => None,
    };
    let resolve = |p: &'o ReferenceOr<Parameter>| -> Option<&'o Parameter> {
        match p {
            ReferenceOr::Item(p) => Some(p),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/")?;
                openapi.components.as_ref()?.parameters.get(name)?.as_item()
            }
        }
    };
    let mut out: Vec<&Parameter> = Vec::new();
    let own = operation
        .map(|o| o.parameters.as_slice())
        .unwrap_or_default();
    for p in own.iter().chain(&item.parameters).filter_map(resolve) {
        let data = p.parameter_data_ref();
        let duplicate = out
            .iter()
            .any(|q| q.parameter_data_ref().name == data.name && location(q) == location(p));
        if !duplicate {
            out.push(p);
        }
    }
    out
}

fn location(p: &Parameter) -> &'static str {
    match p {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// The spec's value for a parameter: its example, first `examples` value, its schema's
/// example, default, or first enum value.
pub(super) fn spec_value(
    openapi: &OpenAPI,
    params: &[&Parameter],
    name: &str,
    at: &str,
) -> Option<String> {
    let p = params
        .iter()
        .find(|p| p.parameter_data_ref().name == name && location(p) == at)?;
    let data = p.parameter_data_ref();
    let schema = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => resolve_schema(openapi, schema),
        ParameterSchemaOrContent::Content(_) => None,
    };
    data.example
        .clone()
        .or_else(|| {
            data.examples
                .values()
                .find_map(|e| e.as_item().and_then(|e| e.value.clone()))
        })
        .or_else(|| schema.and_then(|s| s.schema_data.example.clone()))
        .or_else(|| schema.and_then(|s| s.schema_data.default.clone()))
        .or_else(|| schema.and_then(first_enum_value))
        .and_then(|v| param_text(&v))
}

fn resolve_schema<'o>(openapi: &'o OpenAPI, schema: &'o ReferenceOr<Schema>) -> Option<&'o Schema> {
    let mut current = schema;
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(s) => return Some(s),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                current = openapi.components.as_ref()?.schemas.get(name)?;
            }
        }
    }
    None
}

fn first_enum_value(schema: &Schema) -> Option<Value> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s
            .enumeration
            .iter()
            .flatten()
            .next()
            .map(|v| Value::from(v.as_str())),
        SchemaKind::Type(Type::Integer(i)) => i
            .enumeration
            .iter()
            .flatten()
            .next()
            .map(|v| Value::from(*v)),
        SchemaKind::Type(Type::Number(n)) => n
            .enumeration
            .iter()
            .flatten()
            .next()
            .map(|v| Value::from(*v)),
        SchemaKind::Type(Type::Boolean(b)) => b
            .enumeration
            .iter()
            .flatten()
            .next()
            .map(|v| Value::from(*v)),
        SchemaKind::Type(Type::Array(a)) => {
            let items = a.items.as_ref()?.as_item()?;
            first_enum_value(items)
        }
        SchemaKind::Any(any) => any.enumeration.iter().find(|v| !v.is_null()).cloned(),
        _ => None,
    }
}

/// A parameter value as text: strings as they are, numbers and booleans as JSON, arrays
/// joined with commas (split again for exploded query parameters), objects as JSON text.
fn param_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(param_text)
                .collect::<Vec<_>>()
                .join(","),
        ),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_take_php_objects_and_wrappers() {
        let v = |s: &str| serde_json::from_str::<Value>(s).unwrap();
        assert_eq!(list_items(&v(r#"[{"id": 1}, 2]"#)).len(), 1);
        assert_eq!(
            list_items(&v(r#"{"0": {"id": 1}, "3": {"id": 2}}"#)).len(),
            2
        );
        assert_eq!(
            list_items(&v(r#"{"total": 2, "items": [{"id": 1}, {"id": 2}]}"#)).len(),
            2
        );
        assert_eq!(list_items(&v(r#"{"id": 7}"#)).len(), 1);
    }
}
