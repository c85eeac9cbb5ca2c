//! `gocrm_codegen::diff` on OpenAPI 3.2 documents: a `query` operation and an
//! `additionalOperations` method are operations like any other (added, removed, pointed at
//! where the document writes them).

#[path = "support/diff_pair.rs"]
mod diff_pair;

use diff_pair::{at, base, expect, report};
use gocrm_codegen::diff::{Class, Kind};
use serde_json::{json, Value};

fn base32() -> Value {
    let mut document = base();
    document["openapi"] = json!("3.2.0");
    document
}

#[test]
fn query_and_additional_operations_are_added_and_removed() {
    let old = base32();
    let mut new = base32();
    let id = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]);
    let item = at(&mut new, "/paths/~1pets~1{id}").as_object_mut().unwrap();
    item.insert(
        "query".into(),
        json!({"operationId": "queryPet", "parameters": id, "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}}, "responses": {"204": {"description": "Found."}}}),
    );
    item.insert(
        "additionalOperations".into(),
        json!({"COPY": {"operationId": "copyPet", "parameters": id, "responses": {"204": {"description": "Copied."}}}}),
    );
    let ahead = report(&old, &new);
    let query = expect(
        &ahead,
        Kind::OperationAdded,
        Class::Additive,
        "Client::query_pet",
    );
    assert_eq!(query.new.as_deref(), Some("#/paths/~1pets~1{id}/query"));
    let copy = expect(
        &ahead,
        Kind::OperationAdded,
        Class::Additive,
        "Client::copy_pet",
    );
    assert_eq!(
        copy.new.as_deref(),
        Some("#/paths/~1pets~1{id}/additionalOperations/COPY")
    );
    assert_eq!(ahead.required_bump().as_str(), "minor");
    let back = report(&new, &old);
    expect(
        &back,
        Kind::OperationRemoved,
        Class::Breaking,
        "Client::query_pet",
    );
    expect(
        &back,
        Kind::OperationRemoved,
        Class::Breaking,
        "Client::copy_pet",
    );
    assert_eq!(back.required_bump().as_str(), "major");
}
