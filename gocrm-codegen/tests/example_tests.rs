//! Tests generated from the spec's examples: which examples become tests, with what type.

use gocrm_codegen::{generate_crate_sources, load, Settings};

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Examples, version: "1"}
paths:
  /pets:
    post:
      operationId: addPet
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
            examples:
              rex: {value: {id: "7", name: "Rex"}}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
              example: {id: 7, name: "Rex", extra: true}
  /count:
    get:
      operationId: count
      responses:
        "200":
          description: "a bare number, no test (lenient only inside fields)"
          content:
            application/json:
              schema: {type: integer}
              example: "3"
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        name: {type: string}
      example: {id: 1, name: "Tom"}
"##;

fn example_tests() -> Option<String> {
    let spec = load::load_str(SPEC, "examples.yaml").unwrap_or_else(|e| panic!("{e}"));
    let generated = generate_crate_sources(&spec, &Settings::default(), "test")
        .unwrap_or_else(|e| panic!("{e}"));
    let lib = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("lib.rs"))
        .map(|f| f.contents.clone())
        .unwrap_or_default();
    let tests = generated
        .files
        .iter()
        .find(|f| f.path.ends_with("example_tests.rs"))
        .map(|f| f.contents.clone());
    assert_eq!(lib.contains("mod example_tests;"), tests.is_some());
    tests
}

#[test]
fn schema_request_and_response_examples_become_tests() {
    let tests = example_tests().unwrap_or_default();
    for name in [
        "fn schema_pet()",
        "fn add_pet_response()",
        "fn add_pet_request()",
    ] {
        assert!(tests.contains(name), "{name} missing:\n{tests}");
    }
    assert!(!tests.contains("fn count_response()"), "{tests}");
    assert!(tests.contains("round_trip::<types::Pet>") || tests.contains("types::Pet,"));
    // The example is a string literal of JSON, never code.
    assert!(tests.contains(r#"\"name\":\"Rex\""#), "{tests}");
}

#[test]
fn no_examples_no_module() {
    let spec = load::load_str(
        r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#,
        "empty.json",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let generated = generate_crate_sources(&spec, &Settings::default(), "test")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(generated
        .files
        .iter()
        .all(|f| !f.path.ends_with("example_tests.rs")));
}
