//! Synthetic OpenAPI 3.0 documents of N operations and N component schemas, built to exercise
//! what tends to go quadratic in a generator:
//!
//! - name collisions: schemas come in groups whose names map to the same Rust identifier
//!   (`widget_7`, `Widget7`, `widget-7`, `WIDGET_7`), one growing group (`Dup`, `Dup_`,
//!   `Dup__`, … N/20 of them) and operationIds in snake and camel case pairs
//!   (`get_item_3`, `getItem3`);
//! - deep references: chains of `$ref`s 50 schemas long (`parent` → the previous schema),
//!   arrays and maps of references;
//! - `allOf` merging: every fifth schema is `allOf` of the previous schema (itself often an
//!   `allOf`) and an inline object, so merges nest up to 10 deep;
//! - inline types: each operation has an inline enveloped response object, query parameters
//!   and (for POST) an inline request body.

use serde_json::{json, Map, Value};

const NAME_FORMS: [&str; 4] = ["widget_{}", "Widget{}", "widget-{}", "WIDGET_{}"];

fn schema_name(i: usize, n: usize) -> String {
    let dups = (n / 20).max(1);
    if i < dups {
        // One growing group of names that all become `Dup`.
        return format!("Dup{}", "_".repeat(i));
    }
    NAME_FORMS[i % 4].replace("{}", &(i / 4).to_string())
}

fn schema_ref(i: usize, n: usize) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", schema_name(i, n)) })
}

fn object_schema(i: usize, n: usize) -> Value {
    let mut props = Map::new();
    props.insert("id".into(), json!({"type": "integer", "format": "int64"}));
    props.insert("name".into(), json!({"type": "string"}));
    props.insert("is_active".into(), json!({"type": "boolean"}));
    props.insert("score".into(), json!({"type": "number"}));
    props.insert(
        "status".into(),
        json!({"type": "string", "enum": ["new", "active", "archived"]}),
    );
    props.insert(
        "tags".into(),
        json!({"type": "array", "items": {"type": "string"}}),
    );
    // Deep chains: `parent` refers to the previous schema, 50 links before a chain restarts.
    if !i.is_multiple_of(50) {
        props.insert("parent".into(), schema_ref(i - 1, n));
        props.insert(
            "siblings".into(),
            json!({"type": "array", "items": schema_ref(i - 1, n)}),
        );
    }
    if i >= 10 {
        props.insert(
            "by_key".into(),
            json!({"type": "object", "additionalProperties": schema_ref(i - 10, n)}),
        );
    }
    // An inline object (named from where it appears).
    props.insert(
        "address".into(),
        json!({"type": "object", "properties": {
            "city": {"type": "string"},
            "zip": {"type": "string"}
        }}),
    );
    json!({
        "type": "object",
        "description": format!("Synthetic schema {i}."),
        "required": ["id", "name"],
        "properties": props
    })
}

fn schema(i: usize, n: usize) -> Value {
    if i % 5 == 4 && !i.is_multiple_of(50) {
        json!({
            "allOf": [
                schema_ref(i - 1, n),
                {
                    "type": "object",
                    "properties": {
                        format!("extra_{i}"): {"type": "string"},
                        "created_at": {"type": "string", "format": "date-time"}
                    }
                }
            ]
        })
    } else if i % 17 == 16 {
        json!({"oneOf": [schema_ref(i - 1, n), schema_ref(i - 2, n)]})
    } else {
        object_schema(i, n)
    }
}

fn operation(i: usize, n: usize, method: &str) -> Value {
    let op_id = if i.is_multiple_of(2) {
        format!("{method}_item_{}", i / 2)
    } else {
        format!("{method}Item{}", i / 2)
    };
    let target = i % n;
    let mut op = json!({
        "operationId": op_id,
        "summary": format!("Operation {i}"),
        "parameters": [
            {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
            {"name": "page", "in": "query", "schema": {"type": "integer"}},
            {"name": "filter[name]", "in": "query", "schema": {"type": "string"}},
            {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}}
        ],
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {
                        "status": {"type": "string"},
                        "message": {"type": "string"},
                        "data": {"type": "array", "items": schema_ref(target, n)}
                    }
                }}}
            }
        }
    });
    if method == "post" {
        op["requestBody"] = json!({
            "required": true,
            "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "item": schema_ref(target, n)
                }
            }}}
        });
    }
    op
}

/// A document with `n` operations and `n` component schemas, as JSON text.
pub fn spec(n: usize) -> String {
    let mut schemas = Map::new();
    for i in 0..n {
        schemas.insert(schema_name(i, n), schema(i, n));
    }
    let mut paths = Map::new();
    // Two operations (GET, POST) per path.
    for p in 0..n.div_ceil(2) {
        let mut item = Map::new();
        for (k, method) in ["get", "post"].iter().enumerate() {
            let i = p * 2 + k;
            if i < n {
                item.insert((*method).to_owned(), operation(i, n, method));
            }
        }
        paths.insert(format!("/things/{p}/items/{{id}}"), Value::Object(item));
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0.0"},
        "servers": [{"url": "https://example.invalid/api"}],
        "paths": paths,
        "components": {"schemas": schemas}
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
