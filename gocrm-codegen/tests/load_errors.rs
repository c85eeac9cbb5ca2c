//! Inputs the loader must refuse (with the file and a pointer) or accept with
//! a warning, and inputs it must survive without panicking.

use gocrm_codegen::load::{load_bytes, load_str, LoadError, LoadedSpec};
use gocrm_codegen::{Diagnostic, Severity};
use serde_json::{json, Value};

fn refused(text: &str, file: &str) -> LoadError {
    match load_str(text, file) {
        Ok(spec) => panic!(
            "{file} should be refused; loaded with warnings {:?}",
            spec.warnings
        ),
        Err(error) => error,
    }
}

fn loaded(text: &str, file: &str) -> LoadedSpec {
    load_str(text, file).unwrap_or_else(|error| panic!("{file} should load:\n{error}"))
}

fn errors(error: &LoadError) -> Vec<&Diagnostic> {
    error
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// The only error: its pointer and message.
fn single_error(error: &LoadError, file: &str) -> (String, String) {
    let errors = errors(error);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, file);
    (errors[0].pointer.clone(), errors[0].message.clone())
}

fn swagger2(paths: Value, definitions: Value) -> String {
    json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": paths, "definitions": definitions})
        .to_string()
}

fn openapi30(paths: Value) -> String {
    json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}).to_string()
}

// ---------------------------------------------------------------- reading

#[test]
fn invalid_utf8_is_refused() {
    let error = load_bytes(b"openapi: 3.0.3\ninfo:\n  title: \xff\xfe\n", "bad.yaml").unwrap_err();
    let (pointer, message) = single_error(&error, "bad.yaml");
    assert_eq!(pointer, "#");
    assert!(
        message.contains("UTF-8") && message.contains("line 3"),
        "{message}"
    );
}

#[test]
fn empty_input_is_refused() {
    for text in ["", "  \n\t\n"] {
        let (pointer, message) = single_error(&refused(text, "empty.json"), "empty.json");
        assert_eq!(pointer, "#");
        assert!(message.contains("empty"), "{message}");
    }
}

#[test]
fn truncated_json_is_refused_with_a_position() {
    let (pointer, message) = single_error(
        &refused("{\"openapi\": \"3.0.3\",\n \"info\": {", "cut.json"),
        "cut.json",
    );
    assert_eq!(pointer, "#");
    assert!(
        message.starts_with("invalid JSON") && message.contains("line 2"),
        "{message}"
    );
}

#[test]
fn yaml_syntax_errors_are_refused_with_a_position() {
    let (_, message) = single_error(
        &refused("openapi: 3.0.3\ninfo: [unclosed\npaths: {}\n", "bad.yaml"),
        "bad.yaml",
    );
    assert!(
        message.starts_with("invalid YAML") && message.contains("line"),
        "{message}"
    );
}

#[test]
fn tab_indentation_is_explained() {
    let (_, message) = single_error(
        &refused("openapi: 3.0.3\ninfo:\n\ttitle: x\n", "tab.yaml"),
        "tab.yaml",
    );
    assert!(
        message.contains("TAB") && message.contains("line 3"),
        "{message}"
    );
}

#[test]
fn too_deep_documents_are_refused_not_overflowed() {
    let depth = 100_000;
    let json_text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let (_, message) = single_error(&refused(&json_text, "deep.json"), "deep.json");
    assert!(message.contains("recursion limit"), "{message}");
    let yaml_text = format!("a: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    assert!(!errors(&refused(&yaml_text, "deep.yaml")).is_empty());
    let nested_objects = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    assert!(!errors(&refused(&nested_objects, "deep-objects.json")).is_empty());
}

#[test]
fn deep_but_allowed_schemas_load() {
    // ~120 levels of nesting, just under the parsers' limit: deserializing this
    // into `openapiv3` needs far more stack than a test thread has.
    let mut schema = json!({"type": "string"});
    for _ in 0..58 {
        schema = json!({"type": "object", "properties": {"p": schema}});
    }
    let text = json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"Deep": schema}}
    })
    .to_string();
    loaded(&text, "deep-schema.json");
}

#[test]
fn deep_documents_that_fail_or_need_normalising_do_not_overflow() {
    // Nested `allOf` arrays up to the parsers' limit, broken at the bottom:
    // the failure is narrowed down level by level.
    let mut broken = json!({"type": "string", "maxLength": "not a number"});
    for _ in 0..60 {
        broken = json!({"allOf": [broken]});
    }
    let text = json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"Deep": broken}}
    })
    .to_string();
    let error = refused(&text, "deep-broken.json");
    assert!(errors(&error)[0]
        .pointer
        .starts_with("#/components/schemas/Deep/allOf/0/allOf/0"));
    let mut nullable = json!({"type": ["string", "null"]});
    for _ in 0..60 {
        nullable = json!({"anyOf": [nullable, {"type": "integer"}]});
    }
    let text = json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"Deep": nullable}}
    })
    .to_string();
    loaded(&text, "deep-31.json");
}

// ---------------------------------------------------------------- dialect

#[test]
fn documents_that_are_not_openapi_are_refused() {
    let cases = [
        (
            "{\"info\": {\"title\": \"t\"}}",
            "#",
            "neither `openapi` nor `swagger`",
        ),
        (
            "{\"swagger\": 2, \"paths\": {}}",
            "#/swagger",
            "`swagger` is the number 2; write the string \"2.0\"",
        ),
        (
            "swagger: 2.0\npaths: {}\n",
            "#/swagger",
            "`swagger` is the number 2.0; write the string \"2.0\"",
        ),
        (
            "{\"openapi\": 3, \"paths\": {}}",
            "#/openapi",
            "`openapi` is the number 3",
        ),
        ("[1, 2]", "#", "the document root is an array"),
        ("just a string\n", "#", "the document root is the string"),
        (
            "{\"openapi\": \"4.0\"}",
            "#/openapi",
            "`openapi` is \"4.0\"",
        ),
        (
            "{\"swagger\": \"1.2\"}",
            "#/swagger",
            "only Swagger \"2.0\"",
        ),
    ];
    for (text, pointer, words) in cases {
        let (found_pointer, message) = single_error(&refused(text, "doc.json"), "doc.json");
        assert_eq!(found_pointer, pointer, "{text}");
        assert!(message.contains(words), "{text}: {message}");
        assert!(refused(text, "doc.json").to_string().contains("doc.json"));
    }
}

// ---------------------------------------------------------------- references

/// A dangling `$ref` is a warning pointing at the `$ref` (an error under `--strict`): real
/// documents ship with them, and the generator accepts any value in their place.
#[test]
fn dangling_ref_points_at_the_ref() {
    let paths = json!({"/firms/{id}": {"get": {
        "parameters": [{"name": "id", "in": "path", "required": true, "type": "integer"}],
        "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Missing"}}}
    }}});
    let spec = loaded(&swagger2(paths, json!({})), "crm.json");
    assert_eq!(spec.warnings.len(), 1, "{:?}", spec.warnings);
    let warning = &spec.warnings[0];
    assert_eq!(warning.file, "crm.json");
    assert_eq!(
        warning.pointer,
        "#/paths/~1firms~1{id}/get/responses/200/schema/$ref"
    );
    assert!(
        warning.message.contains("#/definitions/Missing"),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains("does not exist"),
        "{}",
        warning.message
    );
}

#[test]
fn dangling_ref_in_openapi30_points_at_the_ref() {
    let paths = json!({"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Nope"}}}
    }}}}}});
    let spec = loaded(&openapi30(paths), "x.json");
    let pointers: Vec<&str> = spec.warnings.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["#/paths/~1a/get/responses/200/content/application~1json/schema/items/$ref"]
    );
}

#[test]
fn pure_ref_cycles_are_refused() {
    let definitions = json!({"A": {"$ref": "#/definitions/B"}, "B": {"$ref": "#/definitions/A"}, "C": {"$ref": "#/definitions/C"}});
    let error = refused(&swagger2(json!({}), definitions), "cycle.json");
    let cycles: Vec<_> = errors(&error)
        .into_iter()
        .filter(|d| d.message.contains("cycle"))
        .collect();
    assert_eq!(cycles.len(), 2, "{cycles:?}");
    assert_eq!(cycles[0].pointer, "#/definitions/B/$ref");
    assert!(
        cycles[0]
            .message
            .contains("#/definitions/B → #/definitions/A → #/definitions/B"),
        "{}",
        cycles[0].message
    );
    assert_eq!(cycles[1].pointer, "#/definitions/C/$ref");
}

#[test]
fn recursive_schemas_are_fine() {
    let definitions = json!({
        "Node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/definitions/Node"}}}},
        "Alias": {"$ref": "#/definitions/Node"}
    });
    let spec = loaded(&swagger2(json!({}), definitions), "tree.json");
    assert!(spec.warnings.is_empty());
}

#[test]
fn external_refs_are_refused() {
    let paths = json!({"/a": {"get": {"responses": {"200": {"description": "ok", "schema": {"$ref": "other.yaml#/Pet"}}}}}});
    let (pointer, message) = single_error(
        &refused(&swagger2(paths, json!({})), "ext.json"),
        "ext.json",
    );
    assert_eq!(pointer, "#/paths/~1a/get/responses/200/schema/$ref");
    assert!(
        message.contains("external $ref not supported") && message.contains("other.yaml#/Pet"),
        "{message}"
    );
}

#[test]
fn refs_inside_examples_and_extensions_are_not_references() {
    let paths = json!({"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
        "schema": {"type": "object", "properties": {"$ref": {"type": "string"}}, "example": {"$ref": "nowhere"}},
        "x-data": {"$ref": "nowhere"}
    }}}}}}});
    loaded(&openapi30(paths), "data.json");
}

// ---------------------------------------------------------------- paths

#[test]
fn path_parameter_mismatches_are_warnings() {
    let paths = json!({
        "/firms/{id}": {"get": {"operationId": "getFirm", "responses": {"200": {"description": "ok"}}}},
        "/users": {"get": {
            "operationId": "getFirm",
            "parameters": [{"name": "userId", "in": "path", "required": true, "type": "string"}],
            "responses": {"200": {"description": "ok"}}
        }}
    });
    let spec = loaded(&swagger2(paths, json!({})), "paths.json");
    let warnings: Vec<(&str, &str)> = spec
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert_eq!(warnings[0].0, "#/paths/~1firms~1{id}/get");
    assert!(warnings[0].1.contains("{id}"));
    assert_eq!(warnings[1].0, "#/paths/~1users/get/parameters/0");
    assert!(warnings[1].1.contains("userId"));
    assert_eq!(warnings[2].0, "#/paths/~1users/get/operationId");
    assert!(
        warnings[2].1.contains("getFirm") && warnings[2].1.contains("#/paths/~1firms~1{id}/get")
    );
}

// ---------------------------------------------------------------- wrong types

#[test]
fn wrong_types_are_errors_with_pointers() {
    let cases = [
        (swagger2(json!([]), json!({})), "#/paths"),
        (swagger2(json!({}), json!("x")), "#/definitions"),
        (
            swagger2(
                json!({"/a": {"get": {"parameters": [3], "responses": {}}}}),
                json!({}),
            ),
            "#/paths/~1a/get/parameters/0",
        ),
        (
            swagger2(
                json!({"/a": {"get": {"parameters": {}, "responses": {}}}}),
                json!({}),
            ),
            "#/paths/~1a/get/parameters",
        ),
        (openapi30(json!([])), "#/paths"),
        (
            openapi30(json!({"/a": {"get": {"parameters": [3], "responses": {}}}})),
            "#/paths/~1a/get/parameters/0",
        ),
        (
            openapi30(json!({"/a": {"get": {"responses": {"200": {"description": ["x"]}}}}})),
            "#/paths/~1a/get/responses/200/description",
        ),
    ];
    for (text, pointer) in cases {
        let error = refused(&text, "types.json");
        let errors = errors(&error);
        assert!(
            errors.iter().any(|d| d.pointer == pointer),
            "{text}\nexpected an error at {pointer}: {errors:?}"
        );
    }
}

/// Every member of small documents replaced by values of every other type:
/// the loader must return (loaded or refused), never crash.
#[test]
fn no_input_crashes_the_loader() {
    let templates = [
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/load/pair.json")).unwrap_or_default(),
        swagger2(
            json!({"/a/{id}": {"parameters": [{"name": "id", "in": "path", "type": "string"}], "post": {
                "consumes": ["multipart/form-data"],
                "parameters": [{"name": "f", "in": "formData", "type": "file"}, {"$ref": "#/parameters/B"}],
                "responses": {"200": {"description": "ok", "headers": {"h": {"type": "integer"}}, "examples": {"a/b": 1}}}
            }}}),
            json!({"T": {"type": "object", "discriminator": "k", "properties": {"k": {"type": "string", "x-nullable": true}}}}),
        )
        .replace("\"paths\"", "\"parameters\":{\"B\":{\"name\":\"b\",\"in\":\"body\",\"schema\":{}}},\"securityDefinitions\":{\"o\":{\"type\":\"oauth2\",\"flow\":\"password\",\"tokenUrl\":\"u\",\"scopes\":{}}},\"paths\""),
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {
            "parameters": [{"name": "q", "in": "query", "schema": {"type": ["string", "null"], "const": "x"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "oneOf": [{"$ref": "#/components/schemas/S"}, {"type": "null"}], "exclusiveMinimum": 1, "examples": [1]
            }}}}}
        }}}, "components": {"schemas": {"S": {"type": "object", "properties": {"a": true}, "patternProperties": {"x": {}}}}}})
        .to_string(),
    ];
    let replacements = [
        json!(null),
        json!(7),
        json!("x"),
        json!([]),
        json!({}),
        json!([1, {"$ref": "#"}]),
        json!({"$ref": "#/x"}),
    ];
    let mut loads = 0;
    for template in &templates {
        let document: Value = serde_json::from_str(template).expect("template is JSON");
        let mut pointers = Vec::new();
        collect_pointers(&document, String::new(), &mut pointers);
        for pointer in &pointers {
            for replacement in &replacements {
                let mut mutated = document.clone();
                if let Some(slot) = mutated.pointer_mut(pointer) {
                    *slot = replacement.clone();
                }
                let result = load_str(&mutated.to_string(), "mutated.json");
                if let Err(error) = &result {
                    assert!(
                        !error.to_string().contains("internal error"),
                        "the loader crashed with {pointer} = {replacement}: {error}"
                    );
                }
                loads += 1;
            }
        }
    }
    assert!(loads > 500, "only {loads} mutations tried");
}

fn collect_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                let member_at = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(member_at.clone());
                collect_pointers(member, member_at, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let item_at = format!("{at}/{index}");
                out.push(item_at.clone());
                collect_pointers(item, item_at, out);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------- leniency and model gaps

#[test]
fn numeric_info_version_is_read_as_a_string_with_a_warning() {
    let spec = loaded(
        "openapi: 3.0.3\ninfo: {title: t, version: 1.5}\npaths: {}\n",
        "v.yaml",
    );
    assert_eq!(spec.openapi.info.version, "1.5");
    assert_eq!(spec.warnings.len(), 1);
    assert_eq!(spec.warnings[0].pointer, "#/info/version");
}

#[test]
fn things_the_model_would_drop_silently_are_warnings() {
    let paths = json!({
        "pets": {"get": {"responses": {"200": {"description": "ok"}}}},
        "/a": {"get": {"responses": {"200 OK": {"description": "ok"}, "2XX": {"description": "ok"}}}}
    });
    let spec = loaded(&openapi30(paths), "drops.json");
    let pointers: Vec<&str> = spec.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["#/paths/pets", "#/paths/~1a/get/responses/200 OK"]
    );
}

#[test]
fn refs_into_dropped_constructs_are_warnings_after_conversion() {
    let text = json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "A": {"$defs": {"B": {"type": "string"}}, "type": "object", "properties": {"b": {"$ref": "#/components/schemas/A/$defs/B"}}}
        }}
    })
    .to_string();
    // Like a dangling `$ref`: a warning with a fallback to any value (an error under --strict).
    let spec = loaded(&text, "defs.json");
    let converted: Vec<_> = spec
        .warnings
        .iter()
        .filter(|d| d.message.contains("converted"))
        .collect();
    assert_eq!(converted.len(), 1, "{:?}", spec.warnings);
    assert_eq!(
        converted[0].pointer,
        "#/components/schemas/A/properties/b/$ref"
    );
    assert!(spec.warnings.iter().any(|d| d.pointer.ends_with("/$defs")));
}

#[test]
fn siblings_of_a_ref_are_ignored_in_openapi30() {
    let text = json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {
            "A": {"type": "string"},
            "B": {"$ref": "#/components/schemas/A", "properties": {"x": {"type": "string", "maxLength": "no"}}}
        }}
    })
    .to_string();
    loaded(&text, "siblings.json");
}
