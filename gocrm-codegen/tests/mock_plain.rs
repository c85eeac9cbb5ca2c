//! The generated mock of an API without an envelope (plain JSON answers): a crate generated
//! from a small spec, compiled with `--features mock` and tested against its own mock —
//! default answers, stubs, plain error bodies, and 400 answers to invalid requests.

#[path = "support/crate_ws.rs"]
mod crate_ws;

use gocrm_codegen::Settings;

const SPEC: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Pets", "version": "1.0.0"},
  "servers": [{"url": "https://pets.example/v1/"}],
  "paths": {
    "/pets": {
      "get": {
        "operationId": "listPets",
        "parameters": [{"name": "limit", "in": "query", "required": true, "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {
          "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}}}}
      },
      "post": {
        "operationId": "createPet",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}}},
        "responses": {"201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}
      }
    },
    "/pets/{petId}": {
      "get": {
        "operationId": "getPet",
        "parameters": [{"name": "petId", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}
      },
      "delete": {
        "operationId": "start",
        "parameters": [{"name": "petId", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "responses": {"204": {"description": "gone"}}
      }
    }
  },
  "components": {"schemas": {
    "Pet": {"type": "object", "required": ["id", "name"], "example": {"id": 7, "name": "Rex", "tag": "dog"},
      "properties": {"id": {"type": "integer", "format": "int64"}, "name": {"type": "string"}, "tag": {"type": "string"}}},
    "NewPet": {"type": "object", "required": ["name", "age"],
      "properties": {"name": {"type": "string"}, "age": {"type": "integer"}, "tag": {"type": "string"}}}
  }}
}"##;

const TEST: &str = r#"
use plain_pets::mock::MockServer;
use plain_pets::types::{NewPet, Pet};
use plain_pets::{Error, types::ListPetsParams};

fn api_error<T: std::fmt::Debug>(result: Result<T, Error>) -> Box<plain_pets::ApiError> {
    match result {
        Err(Error::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_plain_mock_answers_validates_and_takes_stubs() {
    let server = MockServer::start().await;
    assert!(server.url().ends_with("/v1"), "{}", server.url());
    let client = server.client();

    // Defaults: the schema's example, and every operation answers.
    let pets = client.list_pets(&ListPetsParams { limit: 3 }).await.unwrap();
    assert_eq!(pets[0].name, "Rex");
    assert_eq!(client.get_pet(1).await.unwrap().id, 7);
    let new_pet = NewPet { name: "Tom".into(), age: 2, tag: None };
    client.create_pet(&new_pet).await.unwrap();
    // An operation called `start` gets `start_stub` on the server.
    client.start(1).await.unwrap();
    server.start_stub().with_pet_id(1).fails(409, "in use").await;
    assert_eq!(api_error(client.start(1).await).status, 409);

    // Stubs.
    let rex = Pet { id: 99, name: "Rex II".into(), tag: None, extra: Default::default() };
    server.get_pet().with_pet_id(99).returns(rex.clone()).await;
    assert_eq!(client.get_pet(99).await.unwrap(), rex);
    server.get_pet().fails(404, "no such pet").await;
    let e = api_error(client.get_pet(99).await);
    assert_eq!(e.status, 404);
    assert_eq!(e.body, b"no such pet");
    server.create_pet().fails_validation(&[("name", "taken")]).await;
    let e = api_error(client.create_pet(&new_pet).await);
    assert_eq!(e.status, 422);
    let body: serde_json::Value = serde_json::from_slice(&e.body).unwrap();
    assert_eq!(body["errors"]["name"][0], "taken");
    assert_eq!(server.create_pet().received().await, vec![new_pet.clone(), new_pet]);

    // Validation without an envelope: 400 and a JSON body naming each property.
    let http = plain_pets::http_client_builder().build().unwrap();
    let response = http.post(format!("{}/pets", server.url()))
        .json(&serde_json::json!({"age": "old"})).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["message"], "Validation error");
    let mut named: Vec<&String> = body["errors"].as_object().unwrap().keys().collect();
    named.sort();
    assert_eq!(named, ["age", "name"]);
    let response = http.get(format!("{}/pets", server.url())).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 400, "the required `limit` is missing");
    let response = http.get(format!("{}/pets?limit=12", server.url())).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 200);
}
"#;

#[test]
fn a_plain_api_s_mock_answers_validates_and_takes_stubs() {
    let mut ws = crate_ws::Workspace::new("mock_plain");
    ws.add("plain_pets", SPEC, &Settings::default(), false);
    ws.add_dev_dependencies(
        "plain_pets",
        "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\
         plain_pets = { path = \".\", features = [\"mock\"] }\n",
    );
    ws.write("plain_pets", "tests/mock.rs", TEST);
    ws.cargo_ok(&["test", "-p", "plain_pets", "--test", "mock"], &[]);
    ws.cargo_ok(
        &[
            "clippy",
            "-p",
            "plain_pets",
            "--all-targets",
            "--features",
            "mock",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
}
