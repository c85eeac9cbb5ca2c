//! `gocrm_codegen::diff`: every rule on a small pair of documents, in both directions
//! (a removal is the reverse of an addition). Every pointer a change carries must exist in
//! its document.

use gocrm_codegen::diff::{diff_bytes, Change, Class, Kind, Report};
use gocrm_codegen::Settings;
use serde_json::{json, Value};

/// A small OpenAPI 3.0 API: requests (`NewPet`, `Kind`), responses (`Pet`, `Status`,
/// `Problem`), a union, an alias, parameters, a security scheme and examples.
fn base() -> Value {
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

fn report(old: &Value, new: &Value) -> Report {
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

fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut doc = base();
    edit(&mut doc);
    doc
}

fn at<'v>(doc: &'v mut Value, ptr: &str) -> &'v mut Value {
    doc.pointer_mut(ptr).unwrap_or_else(|| panic!("no {ptr}"))
}

/// Sets `ptr` (its parent must exist), adding the key if needed.
fn set(doc: &mut Value, ptr: &str, value: Value) {
    let (parent, key) = ptr.rsplit_once('/').unwrap();
    let key = key.replace("~1", "/").replace("~0", "~");
    at(doc, parent)
        .as_object_mut()
        .unwrap_or_else(|| panic!("{parent}"))
        .insert(key, value);
}

fn remove(doc: &mut Value, ptr: &str) {
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
fn expect<'r>(report: &'r Report, kind: Kind, class: Class, item: &str) -> &'r Change {
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
fn both(
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

#[test]
fn same_document_no_changes() {
    let r = report(&base(), &base());
    assert!(r.is_empty(), "{}", r.to_text());
    assert_eq!(r.required_bump().as_str(), "none");
    assert_eq!(r.version_ok(), Some(true));
}

#[test]
fn key_order_and_formatting_do_not_count() {
    let old = base();
    let text = serde_json::to_string_pretty(&old).unwrap();
    let r = diff_bytes(
        old.to_string().as_bytes(),
        "a.json",
        text.as_bytes(),
        "b.json",
        &Settings::default(),
    )
    .unwrap();
    assert!(r.is_empty(), "{}", r.to_text());
}

// ---- operations

#[test]
fn operation_added_and_removed() {
    let (ahead, back) = both(
        |d| {
            at(d, "/paths/~1pets~1{id}").as_object_mut().unwrap().insert(
                "delete".into(),
                json!({"operationId": "deletePet", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}], "responses": {"204": {"description": "Gone."}}}),
            );
        },
        (Kind::OperationAdded, Class::Additive, "Client::delete_pet"),
        (
            Kind::OperationRemoved,
            Class::Breaking,
            "Client::delete_pet",
        ),
    );
    let added = expect(
        &ahead,
        Kind::OperationAdded,
        Class::Additive,
        "Client::delete_pet",
    );
    assert_eq!(
        (added.old.as_deref(), added.new.as_deref()),
        (None, Some("#/paths/~1pets~1{id}/delete"))
    );
    let removed = expect(
        &back,
        Kind::OperationRemoved,
        Class::Breaking,
        "Client::delete_pet",
    );
    assert_eq!(
        (removed.old.as_deref(), removed.new.as_deref()),
        (Some("#/paths/~1pets~1{id}/delete"), None)
    );
    assert_eq!(back.required_bump().as_str(), "major");
    assert_eq!(ahead.required_bump().as_str(), "minor");
}

#[test]
fn operation_renamed_when_the_operation_id_changes() {
    let (ahead, _) = both(
        |d| *at(d, "/paths/~1pets~1{id}/get/operationId") = json!("fetchPet"),
        (Kind::OperationRenamed, Class::Breaking, "Client::get_pet"),
        (Kind::OperationRenamed, Class::Breaking, "Client::fetch_pet"),
    );
    assert!(
        !ahead
            .changes
            .iter()
            .any(|c| c.kind == Kind::OperationAdded || c.kind == Kind::OperationRemoved),
        "{}",
        ahead.to_text()
    );
}

#[test]
fn operation_path_and_method() {
    both(
        |d| {
            let item = at(d, "/paths")
                .as_object_mut()
                .unwrap()
                .shift_remove("/pets/{id}")
                .unwrap();
            at(d, "/paths")
                .as_object_mut()
                .unwrap()
                .insert("/animals/{id}".into(), item);
        },
        (
            Kind::OperationPathChanged,
            Class::Breaking,
            "Client::get_pet",
        ),
        (
            Kind::OperationPathChanged,
            Class::Breaking,
            "Client::get_pet",
        ),
    );
    both(
        |d| {
            let op = at(d, "/paths/~1pets")
                .as_object_mut()
                .unwrap()
                .shift_remove("post")
                .unwrap();
            at(d, "/paths/~1pets")
                .as_object_mut()
                .unwrap()
                .insert("put".into(), op);
        },
        (
            Kind::OperationHttpMethodChanged,
            Class::Breaking,
            "Client::create_pet",
        ),
        (
            Kind::OperationHttpMethodChanged,
            Class::Breaking,
            "Client::create_pet",
        ),
    );
}

#[test]
fn operation_deprecation_and_docs() {
    both(
        |d| set(d, "/paths/~1pets/get/deprecated", json!(true)),
        (
            Kind::OperationDeprecated,
            Class::Additive,
            "Client::list_pets",
        ),
        (
            Kind::OperationUndeprecated,
            Class::Docs,
            "Client::list_pets",
        ),
    );
}

#[test]
fn operation_docs() {
    both(
        |d| *at(d, "/paths/~1pets/get/summary") = json!("List all pets."),
        (Kind::OperationDocsChanged, Class::Docs, "Client::list_pets"),
        (Kind::OperationDocsChanged, Class::Docs, "Client::list_pets"),
    );
}

// ---- parameters

const LIST_PARAMS: &str = "/paths/~1pets/get/parameters";

fn push_param(d: &mut Value, param: Value) {
    at(d, LIST_PARAMS).as_array_mut().unwrap().push(param);
}

#[test]
fn optional_parameter_added_is_additive_removed_is_breaking() {
    let (ahead, _) = both(
        |d| {
            push_param(
                d,
                json!({"name": "offset", "in": "query", "schema": {"type": "integer"}}),
            )
        },
        (
            Kind::ParameterAdded,
            Class::Additive,
            "types::ListPetsParams::offset",
        ),
        (
            Kind::ParameterRemoved,
            Class::Breaking,
            "types::ListPetsParams::offset",
        ),
    );
    let added = expect(
        &ahead,
        Kind::ParameterAdded,
        Class::Additive,
        "types::ListPetsParams::offset",
    );
    assert_eq!(
        added.new.as_deref(),
        Some("#/paths/~1pets/get/parameters/3")
    );
}

#[test]
fn required_parameter_added_is_breaking() {
    both(
        |d| {
            push_param(
                d,
                json!({"name": "owner", "in": "query", "required": true, "schema": {"type": "string"}}),
            )
        },
        (
            Kind::ParameterAdded,
            Class::Breaking,
            "types::ListPetsParams::owner",
        ),
        (
            Kind::ParameterRemoved,
            Class::Breaking,
            "types::ListPetsParams::owner",
        ),
    );
}

#[test]
fn parameter_required_either_way_is_breaking() {
    // `Option<i32>` ⇄ `i32`: code setting the field no longer compiles either way.
    let (ahead, _) = both(
        |d| set(d, "/paths/~1pets/get/parameters/0/required", json!(true)),
        (
            Kind::ParameterBecameRequired,
            Class::Breaking,
            "types::ListPetsParams::limit",
        ),
        (
            Kind::ParameterBecameOptional,
            Class::Breaking,
            "types::ListPetsParams::limit",
        ),
    );
    // The params struct keeps `Default` (i32 has one).
    assert!(
        !ahead
            .changes
            .iter()
            .any(|c| c.kind == Kind::TypeDefaultRemoved),
        "{}",
        ahead.to_text()
    );
}

#[test]
fn parameter_type_wire_name_location_style_docs() {
    both(
        |d| *at(d, "/paths/~1pets/get/parameters/0/schema") = json!({"type": "string"}),
        (
            Kind::ParameterTypeChanged,
            Class::Breaking,
            "types::ListPetsParams::limit",
        ),
        (
            Kind::ParameterTypeChanged,
            Class::Breaking,
            "types::ListPetsParams::limit",
        ),
    );
    both(
        |d| *at(d, "/paths/~1pets/get/parameters/1/name") = json!("Tag"),
        (
            Kind::ParameterWireNameChanged,
            Class::Breaking,
            "types::ListPetsParams::tag",
        ),
        (
            Kind::ParameterWireNameChanged,
            Class::Breaking,
            "types::ListPetsParams::tag",
        ),
    );
    both(
        |d| *at(d, "/paths/~1pets/get/parameters/1/in") = json!("header"),
        (
            Kind::ParameterLocationChanged,
            Class::Breaking,
            "types::ListPetsParams::tag",
        ),
        (
            Kind::ParameterLocationChanged,
            Class::Breaking,
            "types::ListPetsParams::tag",
        ),
    );
    both(
        |d| {
            let p = at(d, "/paths/~1pets/get/parameters/2")
                .as_object_mut()
                .unwrap();
            p.insert("explode".into(), json!(false));
        },
        (
            Kind::ParameterStyleChanged,
            Class::Breaking,
            "types::ListPetsParams::ids",
        ),
        (
            Kind::ParameterStyleChanged,
            Class::Breaking,
            "types::ListPetsParams::ids",
        ),
    );
    both(
        |d| *at(d, "/paths/~1pets/get/parameters/0/description") = json!("At most this many."),
        (
            Kind::ParameterDocsChanged,
            Class::Docs,
            "types::ListPetsParams::limit",
        ),
        (
            Kind::ParameterDocsChanged,
            Class::Docs,
            "types::ListPetsParams::limit",
        ),
    );
}

#[test]
fn params_struct_is_an_argument() {
    let (ahead, _) = both(
        |d| {
            at(d, "/paths/~1pets~1{id}/get/parameters")
                .as_array_mut()
                .unwrap()
                .push(json!({"name": "fields", "in": "query", "schema": {"type": "string"}}))
        },
        (
            Kind::ParametersArgumentAdded,
            Class::Breaking,
            "Client::get_pet",
        ),
        (
            Kind::ParametersArgumentRemoved,
            Class::Breaking,
            "Client::get_pet",
        ),
    );
    // The new struct is not reported as a new type: it is the argument.
    assert!(
        !ahead.changes.iter().any(|c| c.kind == Kind::TypeAdded),
        "{}",
        ahead.to_text()
    );
    expect(
        &ahead,
        Kind::ParameterAdded,
        Class::Additive,
        "types::GetPetParams::fields",
    );
}

#[test]
fn path_parameters_are_positional() {
    let (ahead, _) = both(
        |d| {
            let item = at(d, "/paths")
                .as_object_mut()
                .unwrap()
                .shift_remove("/pets/{id}")
                .unwrap();
            at(d, "/paths")
                .as_object_mut()
                .unwrap()
                .insert("/pets/{petId}".into(), item);
            *at(d, "/paths/~1pets~1{petId}/get/parameters/0/name") = json!("petId");
        },
        (Kind::ParameterRenamed, Class::Docs, "Client::get_pet"),
        (Kind::ParameterRenamed, Class::Docs, "Client::get_pet"),
    );
    // Same route: only the argument's name changed.
    assert_eq!(ahead.changes.len(), 1, "{}", ahead.to_text());
    both(
        |d| *at(d, "/paths/~1pets~1{id}/get/parameters/0/schema") = json!({"type": "string"}),
        (
            Kind::ParameterTypeChanged,
            Class::Breaking,
            "Client::get_pet",
        ),
        (
            Kind::ParameterTypeChanged,
            Class::Breaking,
            "Client::get_pet",
        ),
    );
    both(
        |d| {
            let item = at(d, "/paths")
                .as_object_mut()
                .unwrap()
                .shift_remove("/pets/{id}")
                .unwrap();
            at(d, "/paths")
                .as_object_mut()
                .unwrap()
                .insert("/pets/{id}/{part}".into(), item);
            at(d, "/paths/~1pets~1{id}~1{part}/get/parameters").as_array_mut().unwrap().push(
                json!({"name": "part", "in": "path", "required": true, "schema": {"type": "string"}}),
            );
        },
        (Kind::ParameterAdded, Class::Breaking, "Client::get_pet"),
        (Kind::ParameterRemoved, Class::Breaking, "Client::get_pet"),
    );
}

// ---- bodies

const BODY: &str = "/paths/~1pets/post/requestBody";

#[test]
fn request_body_added_and_removed() {
    both(
        |d| remove(d, BODY),
        (
            Kind::RequestBodyRemoved,
            Class::Breaking,
            "Client::create_pet",
        ),
        (
            Kind::RequestBodyAdded,
            Class::Breaking,
            "Client::create_pet",
        ),
    );
}

#[test]
fn request_body_type_encoding_requiredness_docs() {
    both(
        |d| {
            *at(
                d,
                "/paths/~1pets/post/requestBody/content/application~1json/schema/$ref",
            ) = json!("#/components/schemas/Pet")
        },
        (
            Kind::RequestBodyTypeChanged,
            Class::Breaking,
            "Client::create_pet",
        ),
        (
            Kind::RequestBodyTypeChanged,
            Class::Breaking,
            "Client::create_pet",
        ),
    );
    both(
        |d| {
            let content = at(d, "/paths/~1pets/post/requestBody/content")
                .as_object_mut()
                .unwrap();
            let media = content.shift_remove("application/json").unwrap();
            content.insert("application/x-www-form-urlencoded".into(), media);
        },
        (
            Kind::RequestBodyMediaTypeChanged,
            Class::Breaking,
            "Client::create_pet",
        ),
        (
            Kind::RequestBodyMediaTypeChanged,
            Class::Breaking,
            "Client::create_pet",
        ),
    );
    both(
        |d| *at(d, "/paths/~1pets/post/requestBody/required") = json!(false),
        (
            Kind::RequestBodyBecameOptional,
            Class::Breaking,
            "Client::create_pet",
        ),
        (
            Kind::RequestBodyBecameRequired,
            Class::Breaking,
            "Client::create_pet",
        ),
    );
    both(
        |d| *at(d, "/paths/~1pets/post/requestBody/description") = json!("The new pet."),
        (
            Kind::RequestBodyDocsChanged,
            Class::Docs,
            "Client::create_pet",
        ),
        (
            Kind::RequestBodyDocsChanged,
            Class::Docs,
            "Client::create_pet",
        ),
    );
}

// ---- responses

#[test]
fn response_type_envelope_docs() {
    both(
        |d| {
            *at(
                d,
                "/paths/~1pets/get/responses/200/content/application~1json/schema/items",
            ) = json!({"type": "string"})
        },
        (
            Kind::ResponseTypeChanged,
            Class::Breaking,
            "Client::list_pets",
        ),
        (
            Kind::ResponseTypeChanged,
            Class::Breaking,
            "Client::list_pets",
        ),
    );
    let (ahead, _) = both(
        |d| {
            *at(
                d,
                "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema",
            ) = json!({
                "type": "object",
                "properties": {"status": {"type": "string"}, "data": {"$ref": "#/components/schemas/Pet"}}
            })
        },
        (
            Kind::ResponseEnvelopeChanged,
            Class::Breaking,
            "Client::get_pet",
        ),
        (
            Kind::ResponseEnvelopeChanged,
            Class::Breaking,
            "Client::get_pet",
        ),
    );
    assert!(
        !ahead
            .changes
            .iter()
            .any(|c| c.kind == Kind::ResponseTypeChanged),
        "{}",
        ahead.to_text()
    );
    both(
        |d| *at(d, "/paths/~1pets/get/responses/200/description") = json!("All pets."),
        (Kind::ResponseDocsChanged, Class::Docs, "Client::list_pets"),
        (Kind::ResponseDocsChanged, Class::Docs, "Client::list_pets"),
    );
}

#[test]
fn error_responses_are_docs() {
    let (ahead, _) = both(
        |d| remove(d, "/paths/~1pets/get/responses/404"),
        (Kind::ErrorResponseRemoved, Class::Docs, "Client::list_pets"),
        (Kind::ErrorResponseAdded, Class::Docs, "Client::list_pets"),
    );
    let removed = expect(
        &ahead,
        Kind::ErrorResponseRemoved,
        Class::Docs,
        "Client::list_pets",
    );
    assert_eq!(
        removed.old.as_deref(),
        Some("#/paths/~1pets/get/responses/404")
    );
    both(
        |d| {
            *at(
                d,
                "/paths/~1pets/get/responses/404/content/application~1json/schema",
            ) = json!({"type": "string"})
        },
        (Kind::ErrorResponseChanged, Class::Docs, "Client::list_pets"),
        (Kind::ErrorResponseChanged, Class::Docs, "Client::list_pets"),
    );
}

// ---- types

const SCHEMAS: &str = "/components/schemas";

#[test]
fn type_added_and_removed() {
    let (ahead, back) = both(
        |d| {
            at(d, SCHEMAS).as_object_mut().unwrap().insert(
                "Owner".into(),
                json!({"type": "object", "properties": {"name": {"type": "string"}}}),
            );
        },
        (Kind::TypeAdded, Class::Additive, "types::Owner"),
        (Kind::TypeRemoved, Class::Breaking, "types::Owner"),
    );
    let added = expect(&ahead, Kind::TypeAdded, Class::Additive, "types::Owner");
    assert_eq!(added.new.as_deref(), Some("#/components/schemas/Owner"));
    let removed = expect(&back, Kind::TypeRemoved, Class::Breaking, "types::Owner");
    assert_eq!(removed.old.as_deref(), Some("#/components/schemas/Owner"));
}

#[test]
fn type_kind_alias_docs() {
    both(
        |d| *at(d, "/components/schemas/Problem") = json!({"type": "string", "enum": ["a"]}),
        (Kind::TypeKindChanged, Class::Breaking, "types::Problem"),
        (Kind::TypeKindChanged, Class::Breaking, "types::Problem"),
    );
    both(
        |d| *at(d, "/components/schemas/Tags/items") = json!({"type": "integer"}),
        (Kind::TypeAliasChanged, Class::Breaking, "types::Tags"),
        (Kind::TypeAliasChanged, Class::Breaking, "types::Tags"),
    );
    both(
        |d| *at(d, "/components/schemas/Pet/description") = json!("A pet, loved."),
        (Kind::TypeDocsChanged, Class::Docs, "types::Pet"),
        (Kind::TypeDocsChanged, Class::Docs, "types::Pet"),
    );
}

#[test]
fn default_derive_follows_required_fields_without_default() {
    // `status` (an enum, no `Default`) becomes required: `Pet` loses `Default`.
    both(
        |d| {
            at(d, "/components/schemas/Pet/required")
                .as_array_mut()
                .unwrap()
                .push(json!("status"))
        },
        (Kind::TypeDefaultRemoved, Class::Breaking, "types::Pet"),
        (Kind::TypeDefaultAdded, Class::Additive, "types::Pet"),
    );
}

// ---- fields

fn add_property(d: &mut Value, schema: &str, name: &str, prop: Value, required: bool) {
    at(d, &format!("{SCHEMAS}/{schema}/properties"))
        .as_object_mut()
        .unwrap()
        .insert(name.into(), prop);
    if required {
        let req = at(d, &format!("{SCHEMAS}/{schema}"))
            .as_object_mut()
            .unwrap()
            .entry("required")
            .or_insert(json!([]));
        req.as_array_mut().unwrap().push(json!(name));
    }
}

#[test]
fn optional_field_added_is_additive() {
    let (ahead, back) = both(
        |d| add_property(d, "Pet", "age", json!({"type": "integer"}), false),
        (Kind::FieldAdded, Class::Additive, "types::Pet::age"),
        (Kind::FieldRemoved, Class::Breaking, "types::Pet::age"),
    );
    let added = expect(&ahead, Kind::FieldAdded, Class::Additive, "types::Pet::age");
    assert_eq!(
        added.new.as_deref(),
        Some("#/components/schemas/Pet/properties/age")
    );
    assert_eq!(added.old, None);
    let removed = expect(
        &back,
        Kind::FieldRemoved,
        Class::Breaking,
        "types::Pet::age",
    );
    assert_eq!(
        removed.old.as_deref(),
        Some("#/components/schemas/Pet/properties/age")
    );
}

#[test]
fn required_field_breaks_only_types_code_sends() {
    both(
        |d| add_property(d, "NewPet", "age", json!({"type": "integer"}), true),
        (Kind::FieldAdded, Class::Breaking, "types::NewPet::age"),
        (Kind::FieldRemoved, Class::Breaking, "types::NewPet::age"),
    );
    // `Problem` is only read from responses.
    both(
        |d| add_property(d, "Problem", "code", json!({"type": "integer"}), true),
        (Kind::FieldAdded, Class::Additive, "types::Problem::code"),
        (Kind::FieldRemoved, Class::Breaking, "types::Problem::code"),
    );
}

#[test]
fn field_type_and_requiredness() {
    both(
        |d| *at(d, "/components/schemas/Pet/properties/name") = json!({"type": "integer"}),
        (Kind::FieldTypeChanged, Class::Breaking, "types::Pet::name"),
        (Kind::FieldTypeChanged, Class::Breaking, "types::Pet::name"),
    );
    both(
        |d| {
            at(d, "/components/schemas/NewPet/required")
                .as_array_mut()
                .unwrap()
                .push(json!("tag"))
        },
        (
            Kind::FieldBecameRequired,
            Class::Breaking,
            "types::NewPet::tag",
        ),
        (
            Kind::FieldBecameOptional,
            Class::Breaking,
            "types::NewPet::tag",
        ),
    );
}

#[test]
fn nullable_field_required_matters_only_when_sent() {
    // Nullable: the Rust type stays `Option<String>` either way.
    let nullable_tag = |schema: &'static str| {
        move |d: &mut Value| {
            *at(d, &format!("{SCHEMAS}/{schema}/properties/tag")) =
                json!({"type": "string", "nullable": true});
        }
    };
    let make_required = |schema: &'static str| {
        move |d: &mut Value| {
            nullable_tag(schema)(d);
            at(d, &format!("{SCHEMAS}/{schema}/required"))
                .as_array_mut()
                .unwrap()
                .push(json!("tag"));
        }
    };
    let old = edited(nullable_tag("NewPet"));
    let new = edited(make_required("NewPet"));
    expect(
        &report(&old, &new),
        Kind::FieldBecameRequired,
        Class::Breaking,
        "types::NewPet::tag",
    );
    expect(
        &report(&new, &old),
        Kind::FieldBecameOptional,
        Class::Additive,
        "types::NewPet::tag",
    );
    let old = edited(nullable_tag("Pet"));
    let new = edited(make_required("Pet"));
    expect(
        &report(&old, &new),
        Kind::FieldBecameRequired,
        Class::Docs,
        "types::Pet::tag",
    );
    expect(
        &report(&new, &old),
        Kind::FieldBecameOptional,
        Class::Docs,
        "types::Pet::tag",
    );
}

#[test]
fn field_wire_name_and_docs() {
    both(
        |d| {
            let props = at(d, "/components/schemas/Pet/properties")
                .as_object_mut()
                .unwrap();
            let tag = props.shift_remove("tag").unwrap();
            props.insert("Tag".into(), tag);
        },
        (
            Kind::FieldWireNameChanged,
            Class::Breaking,
            "types::Pet::tag",
        ),
        (
            Kind::FieldWireNameChanged,
            Class::Breaking,
            "types::Pet::tag",
        ),
    );
    both(
        |d| {
            *at(d, "/components/schemas/Pet/properties/name/description") =
                json!("What it answers to.")
        },
        (Kind::FieldDocsChanged, Class::Docs, "types::Pet::name"),
        (Kind::FieldDocsChanged, Class::Docs, "types::Pet::name"),
    );
}

#[test]
fn extra_properties_map() {
    // Response types keep undeclared properties in `extra` unless the spec says false.
    let (ahead, _) = both(
        |d| {
            at(d, "/components/schemas/Pet")
                .as_object_mut()
                .unwrap()
                .insert("additionalProperties".into(), json!(false));
        },
        (
            Kind::ExtraPropertiesRemoved,
            Class::Breaking,
            "types::Pet::extra",
        ),
        (
            Kind::ExtraPropertiesAdded,
            Class::Additive,
            "types::Pet::extra",
        ),
    );
    let removed = expect(
        &ahead,
        Kind::ExtraPropertiesRemoved,
        Class::Breaking,
        "types::Pet::extra",
    );
    assert_eq!(removed.old.as_deref(), Some("#/components/schemas/Pet"));
    assert_eq!(removed.new, None);
    both(
        |d| {
            at(d, "/components/schemas/Pet")
                .as_object_mut()
                .unwrap()
                .insert("additionalProperties".into(), json!({"type": "integer"}));
        },
        (
            Kind::ExtraPropertiesTypeChanged,
            Class::Breaking,
            "types::Pet::extra",
        ),
        (
            Kind::ExtraPropertiesTypeChanged,
            Class::Breaking,
            "types::Pet::extra",
        ),
    );
}

// ---- enums and unions

#[test]
fn enum_value_added_is_additive_removed_is_breaking() {
    // Read from responses (`Status` in `Pet`) and sent in requests (`Kind` in `NewPet`).
    let (ahead, back) = both(
        |d| {
            at(d, "/components/schemas/Status/enum")
                .as_array_mut()
                .unwrap()
                .push(json!("pending"))
        },
        (
            Kind::EnumValueAdded,
            Class::Additive,
            "types::Status::Pending",
        ),
        (
            Kind::EnumValueRemoved,
            Class::Breaking,
            "types::Status::Pending",
        ),
    );
    let added = expect(
        &ahead,
        Kind::EnumValueAdded,
        Class::Additive,
        "types::Status::Pending",
    );
    assert_eq!(
        added.new.as_deref(),
        Some("#/components/schemas/Status/enum/2")
    );
    assert!(added.message.contains("Other"), "{}", added.message);
    let removed = expect(
        &back,
        Kind::EnumValueRemoved,
        Class::Breaking,
        "types::Status::Pending",
    );
    assert_eq!(
        removed.old.as_deref(),
        Some("#/components/schemas/Status/enum/2")
    );
    let (_, back) = both(
        |d| {
            at(d, "/components/schemas/Kind/enum")
                .as_array_mut()
                .unwrap()
                .push(json!("bird"))
        },
        (Kind::EnumValueAdded, Class::Additive, "types::Kind::Bird"),
        (Kind::EnumValueRemoved, Class::Breaking, "types::Kind::Bird"),
    );
    let removed = expect(
        &back,
        Kind::EnumValueRemoved,
        Class::Breaking,
        "types::Kind::Bird",
    );
    assert!(removed.message.contains("refuses"), "{}", removed.message);
}

#[test]
fn enum_variant_renamed_when_names_collide() {
    // `A` takes the variant name `A`; `a` becomes `A2`.
    let old = edited(|d| *at(d, "/components/schemas/Kind/enum") = json!(["a"]));
    let new = edited(|d| *at(d, "/components/schemas/Kind/enum") = json!(["a", "A"]));
    let r = report(&old, &new);
    expect(
        &r,
        Kind::EnumVariantRenamed,
        Class::Breaking,
        "types::Kind::A2",
    );
    expect(&r, Kind::EnumValueAdded, Class::Additive, "types::Kind::A");
    let r = report(&new, &old);
    expect(
        &r,
        Kind::EnumVariantRenamed,
        Class::Breaking,
        "types::Kind::A",
    );
}

#[test]
fn union_variants_and_tags() {
    let add_bird = |d: &mut Value| {
        at(d, SCHEMAS).as_object_mut().unwrap().insert(
            "Bird".into(),
            json!({"type": "object", "properties": {"kind": {"type": "string"}}}),
        );
        at(d, "/components/schemas/Animal/oneOf")
            .as_array_mut()
            .unwrap()
            .push(json!({"$ref": "#/components/schemas/Bird"}));
    };
    let (ahead, _) = both(
        add_bird,
        (
            Kind::UnionVariantAdded,
            Class::Additive,
            "types::Animal::Bird",
        ),
        (
            Kind::UnionVariantRemoved,
            Class::Breaking,
            "types::Animal::Bird",
        ),
    );
    let added = expect(
        &ahead,
        Kind::UnionVariantAdded,
        Class::Additive,
        "types::Animal::Bird",
    );
    assert_eq!(
        added.new.as_deref(),
        Some("#/components/schemas/Animal/oneOf/2")
    );
    both(
        |d| {
            at(d, "/components/schemas/Animal/discriminator")
                .as_object_mut()
                .unwrap()
                .insert(
                    "mapping".into(),
                    json!({"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}),
                );
        },
        (Kind::UnionTagChanged, Class::Breaking, "types::Animal::Cat"),
        (Kind::UnionTagChanged, Class::Breaking, "types::Animal::Cat"),
    );
    both(
        |d| remove(d, "/components/schemas/Animal/discriminator"),
        (Kind::UnionTagChanged, Class::Breaking, "types::Animal"),
        (Kind::UnionTagChanged, Class::Breaking, "types::Animal"),
    );
}

#[test]
fn union_variant_type_changed() {
    // An inline alternative is named after its title: keep the title, change the type.
    let inline = |ty: &'static str| {
        move |d: &mut Value| {
            *at(d, "/components/schemas/Animal") = json!({"oneOf": [{"title": "Code", "type": ty}, {"$ref": "#/components/schemas/Dog"}]});
        }
    };
    let old = edited(inline("string"));
    let new = edited(inline("integer"));
    let r = report(&old, &new);
    let changed: Vec<&Change> = r
        .changes
        .iter()
        .filter(|c| c.kind == Kind::UnionVariantTypeChanged)
        .collect();
    assert_eq!(changed.len(), 1, "{}", r.to_text());
    assert_eq!(changed[0].class, Class::Breaking);
    assert_eq!(
        changed[0].old.as_deref(),
        Some("#/components/schemas/Animal/oneOf/0")
    );
    let r = report(&new, &old);
    assert_eq!(
        r.changes
            .iter()
            .filter(|c| c.kind == Kind::UnionVariantTypeChanged)
            .count(),
        1,
        "{}",
        r.to_text()
    );
}

// ---- API-wide

#[test]
fn base_url() {
    both(
        |d| *at(d, "/servers/0/url") = json!("https://api.example.com/v2"),
        (Kind::BaseUrlChanged, Class::Breaking, "DEFAULT_BASE_URL"),
        (Kind::BaseUrlChanged, Class::Breaking, "DEFAULT_BASE_URL"),
    );
    let (ahead, _) = both(
        |d| remove(d, "/servers"),
        (Kind::BaseUrlRemoved, Class::Breaking, "DEFAULT_BASE_URL"),
        (Kind::BaseUrlAdded, Class::Additive, "DEFAULT_BASE_URL"),
    );
    let removed = expect(
        &ahead,
        Kind::BaseUrlRemoved,
        Class::Breaking,
        "DEFAULT_BASE_URL",
    );
    assert_eq!(removed.old.as_deref(), Some("#/servers/0/url"));
}

#[test]
fn api_docs() {
    both(
        |d| *at(d, "/info/description") = json!("Pets."),
        (Kind::ApiDocsChanged, Class::Docs, "crate"),
        (Kind::ApiDocsChanged, Class::Docs, "crate"),
    );
}

#[test]
fn security_schemes() {
    let (ahead, _) = both(
        |d| {
            at(d, "/components/securitySchemes")
                .as_object_mut()
                .unwrap()
                .insert("bearer".into(), json!({"type": "http", "scheme": "bearer"}));
        },
        (
            Kind::SecuritySchemeAdded,
            Class::Additive,
            "Client::with_bearer",
        ),
        (
            Kind::SecuritySchemeRemoved,
            Class::Breaking,
            "Client::with_bearer",
        ),
    );
    let added = expect(
        &ahead,
        Kind::SecuritySchemeAdded,
        Class::Additive,
        "Client::with_bearer",
    );
    assert_eq!(
        added.new.as_deref(),
        Some("#/components/securitySchemes/bearer")
    );
    both(
        |d| *at(d, "/components/securitySchemes/apiKey/name") = json!("X-Api-Key"),
        (
            Kind::SecuritySchemeChanged,
            Class::Breaking,
            "Client::with_api_key",
        ),
        (
            Kind::SecuritySchemeChanged,
            Class::Breaking,
            "Client::with_api_key",
        ),
    );
    both(
        |d| *at(d, "/components/securitySchemes/apiKey/description") = json!("The key."),
        (
            Kind::SecuritySchemeDocsChanged,
            Class::Docs,
            "Client::with_api_key",
        ),
        (
            Kind::SecuritySchemeDocsChanged,
            Class::Docs,
            "Client::with_api_key",
        ),
    );
}

#[test]
fn operation_security() {
    // listPets starts needing the key: old code sent nothing.
    let (ahead, _) = both(
        |d| {
            at(d, "/paths/~1pets/get")
                .as_object_mut()
                .unwrap()
                .insert("security".into(), json!([{"apiKey": []}]));
        },
        (
            Kind::OperationSecurityTightened,
            Class::Breaking,
            "Client::list_pets",
        ),
        (
            Kind::OperationSecurityRelaxed,
            Class::Additive,
            "Client::list_pets",
        ),
    );
    let tightened = expect(
        &ahead,
        Kind::OperationSecurityTightened,
        Class::Breaking,
        "Client::list_pets",
    );
    assert_eq!(
        tightened.new.as_deref(),
        Some("#/paths/~1pets/get/security")
    );
    // A second way in is more, not less.
    both(
        |d| {
            at(d, "/components/securitySchemes")
                .as_object_mut()
                .unwrap()
                .insert("bearer".into(), json!({"type": "http", "scheme": "bearer"}));
            at(d, "/paths/~1pets/post/security")
                .as_array_mut()
                .unwrap()
                .push(json!({"bearer": []}));
        },
        (
            Kind::OperationSecurityRelaxed,
            Class::Additive,
            "Client::create_pet",
        ),
        (
            Kind::OperationSecurityTightened,
            Class::Breaking,
            "Client::create_pet",
        ),
    );
}

#[test]
fn examples_are_docs() {
    both(
        |d| *at(d, "/components/schemas/Pet/example") = json!({"id": 2, "name": "Rex"}),
        (
            Kind::ExampleChanged,
            Class::Docs,
            "example_tests::schema_pet",
        ),
        (
            Kind::ExampleChanged,
            Class::Docs,
            "example_tests::schema_pet",
        ),
    );
    both(
        |d| remove(d, "/components/schemas/Pet/example"),
        (
            Kind::ExampleRemoved,
            Class::Docs,
            "example_tests::schema_pet",
        ),
        (Kind::ExampleAdded, Class::Docs, "example_tests::schema_pet"),
    );
}

// ---- the report as a whole

#[test]
fn breaking_changes_come_first_and_bump_is_major() {
    let new = edited(|d| {
        *at(d, "/components/schemas/Pet/description") = json!("Changed.");
        at(d, "/components/schemas/Status/enum")
            .as_array_mut()
            .unwrap()
            .push(json!("pending"));
        remove(d, "/components/schemas/Pet/properties/tag");
        *at(d, "/info/version") = json!("1.1.0");
    });
    let r = report(&base(), &new);
    let classes: Vec<Class> = r.changes.iter().map(|c| c.class).collect();
    assert_eq!(
        classes,
        [Class::Breaking, Class::Additive, Class::Docs],
        "{}",
        r.to_text()
    );
    assert_eq!(r.required_bump().as_str(), "major");
    assert_eq!(r.version_ok(), Some(false));
    assert_eq!(
        r.version_warning().as_deref(),
        Some("breaking changes but info.version went 1.0.0 → 1.1.0: the client needs a major version (at least 2.0.0)")
    );
    assert!(r.has_at_least(Class::Breaking));
}

#[test]
fn dialects_and_formats_may_differ() {
    // The same API as YAML in a Swagger 2.0 document.
    let swagger = r##"
swagger: "2.0"
info: {title: Pets, version: 1.0.0}
host: api.example.com
basePath: /v1
schemes: [https]
paths:
  /pets/{id}:
    get:
      operationId: getPet
      produces: [application/json]
      parameters:
        - {name: id, in: path, required: true, type: integer, format: int64}
      responses:
        "200":
          description: The pet.
          schema: {$ref: "#/definitions/Pet"}
definitions:
  Pet:
    type: object
    required: [id]
    properties:
      id: {type: integer, format: int64}
"##;
    let openapi = json!({
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": {"/pets/{id}": {"get": {
            "operationId": "getPet",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
            "responses": {"200": {"description": "The pet.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}
        }}},
        "components": {"schemas": {"Pet": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer", "format": "int64"}, "name": {"type": "string"}}}}}
    })
    .to_string();
    let r = diff_bytes(
        swagger.as_bytes(),
        "old.yaml",
        openapi.as_bytes(),
        "new.json",
        &Settings::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.changes.len(), 1, "{}", r.to_text());
    let added = expect(&r, Kind::FieldAdded, Class::Additive, "types::Pet::name");
    assert_eq!(
        added.new.as_deref(),
        Some("#/components/schemas/Pet/properties/name")
    );
    // Backwards: the pointer is into the Swagger text.
    let r = diff_bytes(
        openapi.as_bytes(),
        "old.json",
        swagger.as_bytes(),
        "new.yaml",
        &Settings::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let removed = expect(&r, Kind::FieldRemoved, Class::Breaking, "types::Pet::name");
    assert_eq!(
        removed.old.as_deref(),
        Some("#/components/schemas/Pet/properties/name")
    );
    assert_eq!(removed.new, None);
}

#[test]
fn unloadable_document_is_an_error_naming_it() {
    let err = diff_bytes(
        b"{",
        "broken.json",
        base().to_string().as_bytes(),
        "ok.json",
        &Settings::default(),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(err.starts_with("error: broken.json: #"), "{err}");
}

#[test]
fn every_kind_is_in_the_readme_rule_table() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let table: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `")).collect();
    for kind in Kind::ALL {
        let cell = format!("| `{}` |", kind.as_str());
        assert!(
            table.iter().any(|l| l.starts_with(&cell)),
            "README.md's rule table lacks {cell}"
        );
    }
}
