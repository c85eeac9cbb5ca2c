//! Where a JSON Schema object holds further schemas.
//!
//! The Swagger 2.0 converter and the 3.1 normaliser both rewrite every schema in
//! a document; they share this one list of schema-bearing keywords so that
//! neither misses a nested schema.

use serde_json::{Map, Value};

use super::location::Loc;

/// Keywords whose value is a single schema.
const SINGLE: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "additionalItems",
    "unevaluatedItems",
    "unevaluatedProperties",
];

/// Keywords whose value maps names to schemas.
const NAMED: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
];

/// Keywords whose value is an array of schemas.
const LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Calls `visit` on every direct subschema of `schema`, in document order.
///
/// `additionalProperties: true/false` is a flag, not a schema, and is skipped;
/// other boolean schemas (3.1 allows `items: false`) are visited.
pub(crate) fn for_each_subschema_mut(
    schema: &mut Map<String, Value>,
    at: &Loc<'_>,
    visit: &mut dyn FnMut(&mut Value, &Loc<'_>),
) {
    for (keyword, value) in schema.iter_mut() {
        let keyword_at = at.key(keyword);
        let keyword = keyword.as_str();
        if SINGLE.contains(&keyword) {
            visit_single(keyword, value, &keyword_at, visit);
        } else if NAMED.contains(&keyword) {
            visit_named(value, &keyword_at, visit);
        } else if LISTS.contains(&keyword) {
            visit_list(value, &keyword_at, visit);
        }
    }
}

fn visit_single(
    keyword: &str,
    value: &mut Value,
    at: &Loc<'_>,
    visit: &mut dyn FnMut(&mut Value, &Loc<'_>),
) {
    match value {
        Value::Bool(_) if keyword == "additionalProperties" => {}
        // Draft-4 tuple form: `items: [A, B]`.
        Value::Array(_) => visit_list(value, at, visit),
        _ => visit(value, at),
    }
}

fn visit_named(value: &mut Value, at: &Loc<'_>, visit: &mut dyn FnMut(&mut Value, &Loc<'_>)) {
    if let Value::Object(schemas) = value {
        for (name, schema) in schemas.iter_mut() {
            visit(schema, &at.key(name));
        }
    }
}

fn visit_list(value: &mut Value, at: &Loc<'_>, visit: &mut dyn FnMut(&mut Value, &Loc<'_>)) {
    if let Value::Array(schemas) = value {
        for (index, schema) in schemas.iter_mut().enumerate() {
            visit(schema, &at.index(index));
        }
    }
}

/// Calls `visit` on every direct subschema of `schema` (read-only twin of
/// [`for_each_subschema_mut`]).
pub(crate) fn for_each_subschema(
    schema: &Map<String, Value>,
    at: &Loc<'_>,
    visit: &mut dyn FnMut(&Value, &Loc<'_>),
) {
    for (keyword, value) in schema {
        let keyword_at = at.key(keyword);
        let keyword = keyword.as_str();
        let list = (LISTS.contains(&keyword) || (SINGLE.contains(&keyword) && value.is_array()))
            .then(|| value.as_array())
            .flatten();
        if let Some(list) = list {
            for (index, schema) in list.iter().enumerate() {
                visit(schema, &keyword_at.index(index));
            }
        } else if SINGLE.contains(&keyword)
            && !(keyword == "additionalProperties" && value.is_boolean())
        {
            visit(value, &keyword_at);
        } else if let Some(named) = NAMED
            .contains(&keyword)
            .then(|| value.as_object())
            .flatten()
        {
            for (name, schema) in named {
                visit(schema, &keyword_at.key(name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn visits_every_kind_of_subschema() {
        let mut schema = json!({
            "properties": {"a": {}, "b": {}},
            "items": {},
            "allOf": [{}, {}],
            "additionalProperties": false,
            "enum": [{}],
        });
        let mut seen = Vec::new();
        if let Value::Object(map) = &mut schema {
            for_each_subschema_mut(map, &Loc::ROOT, &mut |_, at| seen.push(at.pointer()));
        }
        assert_eq!(
            seen,
            [
                "#/properties/a",
                "#/properties/b",
                "#/items",
                "#/allOf/0",
                "#/allOf/1"
            ]
        );
    }
}
