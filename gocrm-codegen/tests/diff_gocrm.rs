//! `gocrm_codegen::diff` on the Go-CRM spec: against its OpenAPI 3.0 rendering (no change),
//! and against edited copies of itself, with pointers into the Swagger 2.0 text as written.

use std::path::PathBuf;

use gocrm_codegen::diff::{diff_bytes, diff_paths, Change, Class, Kind, Report};
use gocrm_codegen::Settings;
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn public_json() -> Value {
    let text = std::fs::read_to_string(root().join("spec/public.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn rendering_30() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/public.openapi30.yaml")
}

/// The settings `cargo xtask regen` uses for the spec.
fn settings() -> Settings {
    Settings::discover(&root().join("spec/public.json"))
        .unwrap()
        .0
}

/// Compares, and checks every pointer exists in its document (`old`/`new` as written).
fn compare(old: &[u8], old_doc: &Value, new: &[u8], new_doc: &Value) -> Report {
    let r = diff_bytes(old, "old", new, "new", &settings()).unwrap_or_else(|e| panic!("{e}"));
    for c in &r.changes {
        for (ptr, doc) in [(&c.old, old_doc), (&c.new, new_doc)] {
            if let Some(ptr) = ptr {
                assert!(doc.pointer(&ptr[1..]).is_some(), "{ptr} of {c:?}");
            }
        }
    }
    r
}

/// The Go-CRM spec against an edited copy of itself.
fn edit(f: impl FnOnce(&mut Value)) -> Report {
    let old = public_json();
    let mut new = old.clone();
    f(&mut new);
    compare(
        old.to_string().as_bytes(),
        &old,
        new.to_string().as_bytes(),
        &new,
    )
}

fn at<'v>(doc: &'v mut Value, ptr: &str) -> &'v mut Value {
    doc.pointer_mut(ptr).unwrap_or_else(|| panic!("no {ptr}"))
}

#[track_caller]
fn only(r: &Report) -> &Change {
    assert_eq!(r.changes.len(), 1, "{}", r.to_text());
    &r.changes[0]
}

#[track_caller]
fn check(c: &Change, kind: Kind, class: Class, item: &str, old: Option<&str>, new: Option<&str>) {
    assert_eq!(
        (
            c.kind,
            c.class,
            c.item.as_str(),
            c.old.as_deref(),
            c.new.as_deref()
        ),
        (kind, class, item, old, new),
        "{c:?}"
    );
}

#[test]
fn swagger2_and_its_openapi30_rendering_are_the_same_client() {
    let spec = root().join("spec/public.json");
    let r = diff_paths(&spec, &rendering_30(), &settings()).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.is_empty(), "{}", r.to_text());
    let r = diff_paths(&rendering_30(), &spec, &settings()).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.is_empty(), "{}", r.to_text());
    assert_eq!(r.required_bump().as_str(), "none");
}

#[test]
fn unchanged_spec_has_no_changes() {
    let r = edit(|_| {});
    assert!(r.is_empty(), "{}", r.to_text());
}

#[test]
fn response_field_removed() {
    let r = edit(|d| {
        at(d, "/definitions/Firm/properties")
            .as_object_mut()
            .unwrap()
            .shift_remove("kpp");
    });
    check(
        only(&r),
        Kind::FieldRemoved,
        Class::Breaking,
        "types::Firm::kpp",
        Some("#/definitions/Firm/properties/kpp"),
        None,
    );
    assert_eq!(r.version_ok(), Some(false));
    let json: Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(
        json,
        json!({
            "old_version": "3.0.2",
            "new_version": "3.0.2",
            "required_bump": "major",
            "version_ok": false,
            "summary": {"breaking": 1, "additive": 0, "docs": 0},
            "changes": [{
                "class": "breaking",
                "kind": "field_removed",
                "item": "types::Firm::kpp",
                "old": "#/definitions/Firm/properties/kpp",
                "new": null,
                "message": "field `kpp` was removed"
            }]
        })
    );
}

#[test]
fn field_type_changed() {
    let r = edit(|d| *at(d, "/definitions/Lead/properties/center_id/type") = json!("string"));
    check(
        only(&r),
        Kind::FieldTypeChanged,
        Class::Breaking,
        "types::Lead::center_id",
        Some("#/definitions/Lead/properties/center_id"),
        Some("#/definitions/Lead/properties/center_id"),
    );
}

#[test]
fn query_parameter_became_required() {
    let r = edit(|d| *at(d, "/paths/~1users/get/parameters/0/required") = json!(true));
    let ptr = Some("#/paths/~1users/get/parameters/0");
    let c = r
        .changes
        .iter()
        .find(|c| c.kind == Kind::ParameterBecameRequired)
        .unwrap();
    check(
        c,
        Kind::ParameterBecameRequired,
        Class::Breaking,
        "types::ListUsersParams::center_id",
        ptr,
        ptr,
    );
    // A required i64 still has a default: the struct keeps `Default`.
    assert_eq!(r.changes.len(), 1, "{}", r.to_text());
}

#[test]
fn required_body_field_added_points_into_the_body_parameter() {
    let r = edit(|d| {
        let schema = at(d, "/paths/~1leads/post/parameters/0/schema");
        schema["properties"]["source"] = json!({"type": "string"});
        schema["required"]
            .as_array_mut()
            .unwrap()
            .push(json!("source"));
    });
    check(
        only(&r),
        Kind::FieldAdded,
        Class::Breaking,
        "types::CreateLeadBody::source",
        None,
        Some("#/paths/~1leads/post/parameters/0/schema/properties/source"),
    );
}

#[test]
fn operation_removed_and_renamed() {
    let r = edit(|d| {
        at(d, "/paths")
            .as_object_mut()
            .unwrap()
            .shift_remove("/cities/{id}");
    });
    check(
        &r.changes[0],
        Kind::OperationRemoved,
        Class::Breaking,
        "Client::get_city",
        Some("#/paths/~1cities~1{id}/get"),
        None,
    );
    // Its response example (a generated test) goes with it.
    check(
        &r.changes[1],
        Kind::ExampleRemoved,
        Class::Docs,
        "example_tests::get_city_response",
        Some("#/paths/~1cities~1{id}/get/responses/200/examples/application~1json"),
        None,
    );
    assert_eq!(r.changes.len(), 2, "{}", r.to_text());
    let r = edit(|d| *at(d, "/paths/~1cities~1{id}/get/operationId") = json!("fetchCity"));
    let ptr = Some("#/paths/~1cities~1{id}/get");
    check(
        only(&r),
        Kind::OperationRenamed,
        Class::Breaking,
        "Client::get_city",
        ptr,
        ptr,
    );
}

#[test]
fn response_type_points_at_the_response() {
    let r = edit(|d| {
        *at(
            d,
            "/paths/~1firms/get/responses/200/schema/allOf/1/properties/data",
        ) = json!({"$ref": "#/definitions/Firm"});
    });
    let c = r
        .changes
        .iter()
        .find(|c| c.kind == Kind::ResponseTypeChanged)
        .unwrap_or_else(|| panic!("{}", r.to_text()));
    let ptr = Some("#/paths/~1firms/get/responses/200");
    check(
        c,
        Kind::ResponseTypeChanged,
        Class::Breaking,
        "Client::list_firms",
        ptr,
        ptr,
    );
    assert!(
        c.message.contains("`types::Firm`") && c.message.contains("`Vec<types::Firm>`"),
        "{}",
        c.message
    );
}

#[test]
fn enum_value_added_to_the_envelope_status() {
    let r = edit(|d| {
        at(d, "/definitions/ApiResponse/properties/status/enum")
            .as_array_mut()
            .unwrap()
            .push(json!("pending"));
        *at(d, "/info/version") = json!("3.1.0");
    });
    check(
        only(&r),
        Kind::EnumValueAdded,
        Class::Additive,
        "types::ApiResponseStatus::Pending",
        None,
        Some("#/definitions/ApiResponse/properties/status/enum/3"),
    );
    assert_eq!(r.required_bump().as_str(), "minor");
    assert_eq!(r.version_ok(), Some(true));
}

#[test]
fn host_and_docs_and_examples() {
    let r = edit(|d| *at(d, "/host") = json!("go-crm.ru"));
    let ptr = Some("#/host");
    check(
        only(&r),
        Kind::BaseUrlChanged,
        Class::Breaking,
        "DEFAULT_BASE_URL",
        ptr,
        ptr,
    );

    let r = edit(|d| *at(d, "/paths/~1firms/get/summary") = json!("Компании"));
    let ptr = Some("#/paths/~1firms/get");
    check(
        only(&r),
        Kind::OperationDocsChanged,
        Class::Docs,
        "Client::list_firms",
        ptr,
        ptr,
    );

    let r = edit(|d| {
        *at(
            d,
            "/paths/~1firms/get/responses/200/examples/application~1json/data/0/kpp",
        ) = json!("1")
    });
    let ptr = Some("#/paths/~1firms/get/responses/200/examples/application~1json");
    let c = only(&r);
    assert_eq!(
        (c.kind, c.class, c.old.as_deref(), c.new.as_deref()),
        (Kind::ExampleChanged, Class::Docs, ptr, ptr)
    );
    assert_eq!(r.required_bump().as_str(), "patch");
}

#[test]
fn swagger2_against_an_edited_openapi30_rendering() {
    let old = public_json();
    let yaml = std::fs::read_to_string(rendering_30()).unwrap();
    let edited = yaml.replacen("        kpp:\n", "        kpp_number:\n", 1);
    assert_ne!(yaml, edited);
    let new: Value = yaml_serde::from_str(&edited).unwrap();
    let r = compare(old.to_string().as_bytes(), &old, edited.as_bytes(), &new);
    let removed = r
        .changes
        .iter()
        .find(|c| c.kind == Kind::FieldRemoved)
        .unwrap();
    check(
        removed,
        Kind::FieldRemoved,
        Class::Breaking,
        "types::Firm::kpp",
        Some("#/definitions/Firm/properties/kpp"),
        None,
    );
    let added = r
        .changes
        .iter()
        .find(|c| c.kind == Kind::FieldAdded)
        .unwrap();
    check(
        added,
        Kind::FieldAdded,
        Class::Additive,
        "types::Firm::kpp_number",
        None,
        Some("#/components/schemas/Firm/properties/kpp_number"),
    );
}
