//! `gocrm_codegen::diff`: operations, parameters, bodies, responses, security and the base URL, each rule on a small pair of documents in both
//! directions (a removal is the reverse of an addition).

#[path = "support/diff_pair.rs"]
mod diff_pair;

use diff_pair::{at, both, expect, remove, rename_key, set};
use gocrm_codegen::diff::{Class, Kind};
use serde_json::{json, Value};

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
            rename_key(d, "/paths", "/pets/{id}", "/animals/{id}");
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
            rename_key(d, "/paths/~1pets", "post", "put");
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
            rename_key(d, "/paths", "/pets/{id}", "/pets/{petId}");
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
            rename_key(d, "/paths", "/pets/{id}", "/pets/{id}/{part}");
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
            rename_key(
                d,
                "/paths/~1pets/post/requestBody/content",
                "application/json",
                "application/x-www-form-urlencoded",
            );
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
