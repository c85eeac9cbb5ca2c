//! A small OpenAPI 3.0 API and helpers for `diff` rule tests: edit a copy, compare both
//! ways, expect one change of a kind with its class and item, and check that every pointer a
//! change carries exists in its document.
#![allow(dead_code)] // each rule file uses part of it

use gocrm_codegen::diff::{diff_bytes, Change, Class, Kind, Report};
use gocrm_codegen::Settings;
use serde_json::{json, Value};

/// A small OpenAPI 3.0 API: requests (`NewPet`, `Kind`), responses (`Pet`, `Status`,
/// `Problem`), a union, an alias, parameters, a security scheme and examples.
pub fn base() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1.0.0", "description": "Pets and owners."},
        "servers": [{"url": "https://api.example.com/v1"}],
        "components": {
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-Key", "description": "Key."}
            },
            "schemas": {
                "Pet": {
                    "type": "object",
                    "description": "A pet.",
                    "required": ["id", "name"],
                    "properties": {
                        "id": {"type": "integer", "format": "int64"},
                        "name": {"type": "string", "description": "Its name."},
                        "tag": {"type": "string"},
                        "status": {"$ref": "#/components/schemas/Status"},
                        "animal": {"$ref": "#/components/schemas/Animal"}
                    },
                    "example": {"id": 1, "name": "Rex"}
                },
                "NewPet": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "tag": {"type": "string"},
                        "kind": {"$ref": "#/components/schemas/Kind"}
                    }
                },
                "Status": {"type": "string", "enum": ["available", "sold"]},
                "Kind": {"type": "string", "enum": ["cat", "dog"]},
                "Problem": {"type": "object", "properties": {"message": {"type": "string"}}},
                "Tags": {"type": "array", "items": {"type": "string"}},
                "Cat": {"type": "object", "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}}},
                "Dog": {"type": "object", "properties": {"kind": {"type": "string"}, "good": {"type": "boolean"}}},
                "Animal": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Cat"},
                        {"$ref": "#/components/schemas/Dog"}
                    ],
                    "discriminator": {"propertyName": "kind"}
                }
            }
        },
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "summary": "List pets.",
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}, "description": "At most."},
                        {"name": "tag", "in": "query", "schema": {"type": "string"}},
                        {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}}}
                    ],
                    "responses": {
                        "200": {
                            "description": "The pets.",
                            "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}}
                        },
                        "404": {
                            "description": "None.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                        }
                    }
                },
                "post": {
                    "operationId": "createPet",
                    "security": [{"apiKey": []}],
                    "requestBody": {
                        "description": "The pet.",
                        "required": true,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}}
                    },
                    "responses": {
                        "201": {
                            "description": "Created.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}
                        }
                    }
                }
            },
            "/pets/{id}": {
                "get": {
                    "operationId": "getPet",
                    "parameters": [
                        {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "The pet.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}
                        }
                    }
                }
            }
        }
    })
}

pub fn report(old: &Value, new: &Value) -> Report {
    let (a, b) = (old.to_string(), new.to_string());
    let report = diff_bytes(
        a.as_bytes(),
        "old.json",
        b.as_bytes(),
        "new.json",
        &Settings::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for c in &report.changes {
        for (side, ptr, doc) in [("old", &c.old, old), ("new", &c.new, new)] {
            if let Some(ptr) = ptr {
                let body = ptr.strip_prefix('#').unwrap_or_else(|| panic!("{ptr}"));
                assert!(
                    doc.pointer(body).is_some(),
                    "{side} pointer {ptr} of {c:?} does not exist"
                );
            }
        }
    }
    report
}

pub fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut doc = base();
    edit(&mut doc);
    doc
}

pub fn at<'v>(doc: &'v mut Value, ptr: &str) -> &'v mut Value {
    doc.pointer_mut(ptr).unwrap_or_else(|| panic!("no {ptr}"))
}

/// Sets `ptr` (its parent must exist), adding the key if needed.
pub fn set(doc: &mut Value, ptr: &str, value: Value) {
    let (parent, key) = ptr.rsplit_once('/').unwrap();
    let key = key.replace("~1", "/").replace("~0", "~");
    at(doc, parent)
        .as_object_mut()
        .unwrap_or_else(|| panic!("{parent}"))
        .insert(key, value);
}

/// Moves the value under key `from` of the object at `parent` to key `to` (at the end).
pub fn rename_key(doc: &mut Value, parent: &str, from: &str, to: &str) {
    let map = at(doc, parent)
        .as_object_mut()
        .unwrap_or_else(|| panic!("{parent}"));
    let value = map
        .shift_remove(from)
        .unwrap_or_else(|| panic!("no {parent}/{from}"));
    map.insert(to.to_owned(), value);
}

pub fn remove(doc: &mut Value, ptr: &str) {
    let (parent, key) = ptr.rsplit_once('/').unwrap();
    let key = key.replace("~1", "/").replace("~0", "~");
    match at(doc, parent) {
        Value::Object(map) => {
            map.shift_remove(&key).unwrap_or_else(|| panic!("no {ptr}"));
        }
        Value::Array(items) => {
            items.remove(key.parse().unwrap());
        }
        _ => panic!("{parent} holds no {key}"),
    }
}

/// The one change of `kind` on `item`, with `class`.
#[track_caller]
pub fn expect<'r>(report: &'r Report, kind: Kind, class: Class, item: &str) -> &'r Change {
    let found: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.kind == kind && c.item == item)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one {kind} on {item} in\n{}",
        report.to_text()
    );
    assert_eq!(found[0].class, class, "{}", report.to_text());
    found[0]
}

/// `edit` forwards gives `forward`, backwards `backward` (kind, class, item).
#[track_caller]
pub fn both(
    edit: impl FnOnce(&mut Value),
    forward: (Kind, Class, &str),
    backward: (Kind, Class, &str),
) -> (Report, Report) {
    let (old, new) = (base(), edited(edit));
    let ahead = report(&old, &new);
    expect(&ahead, forward.0, forward.1, forward.2);
    let back = report(&new, &old);
    expect(&back, backward.0, backward.1, backward.2);
    (ahead, back)
}
