//! OpenAPI 3.2 documents: accepted, normalised to the 3.0 model with the 3.2-only constructs
//! in `x-gocrm-*` extensions, and warnings (pointers into the document as written) for what is
//! dropped. The OpenAPI Initiative's own 3.2 "pass" documents all load.

use std::path::PathBuf;

use gocrm_codegen::load::{
    load_path, load_str, LoadedSpec, SourceVersion, EXTRA_OPERATIONS, ITEM_SCHEMA, QUERYSTRING,
};
use gocrm_codegen::Severity;
use openapiv3::{
    Operation, Parameter, PathItem, ReferenceOr, Schema, SchemaKind, SecurityScheme, Type,
};
use serde_json::{json, Value};

fn fixture() -> LoadedSpec {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/load/openapi32-constructs.yaml"
    ));
    load_path(&path).unwrap_or_else(|error| panic!("the 3.2 fixture loads:\n{error}"))
}

fn path_item<'a>(spec: &'a LoadedSpec, path: &str) -> &'a PathItem {
    match spec.openapi.paths.paths.get(path) {
        Some(ReferenceOr::Item(item)) => item,
        other => panic!("{path}: {other:?}"),
    }
}

fn warned(spec: &LoadedSpec, pointer: &str, words: &str) -> bool {
    spec.warnings
        .iter()
        .any(|w| w.pointer == pointer && w.message.contains(words))
}

/// The extra operations of a path item, as `ir::operations` reads them.
fn extra_operations(item: &PathItem) -> Vec<(String, Operation)> {
    let Some(Value::Object(extra)) = item.extensions.get(EXTRA_OPERATIONS) else {
        return Vec::new();
    };
    extra
        .iter()
        .map(|(method, operation)| {
            let operation: Operation = serde_json::from_value(operation.clone())
                .unwrap_or_else(|e| panic!("{method} is an operation: {e}"));
            (method.clone(), operation)
        })
        .collect()
}

#[test]
fn a_minimal_json_document_loads() {
    let text = r#"{"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
    let spec = load_str(text, "minimal.json").expect("3.2 JSON loads");
    assert_eq!(spec.source_version, SourceVersion::OpenApi32);
    assert_eq!(spec.openapi.openapi, "3.0.3");
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
}

#[test]
fn query_and_additional_operations_are_kept_by_method_token() {
    let spec = fixture();
    assert_eq!(spec.source_version, SourceVersion::OpenApi32);
    let extra = extra_operations(path_item(&spec, "/things"));
    let methods: Vec<&str> = extra.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(methods, ["QUERY", "PURGE"]);
    assert_eq!(extra[0].1.operation_id.as_deref(), Some("searchThings"));
    assert!(extra[0].1.request_body.is_some());
    // The schemas inside are normalised like any other: `[integer, "null"]` → nullable.
    let ReferenceOr::Item(Parameter::Query { parameter_data, .. }) = &extra[1].1.parameters[0]
    else {
        panic!("older_than is a query parameter");
    };
    let openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) =
        &parameter_data.format
    else {
        panic!("older_than has an inline schema");
    };
    assert!(schema.schema_data.nullable);
    assert!(matches!(
        schema.schema_kind,
        SchemaKind::Type(Type::Integer(_))
    ));
    assert!(warned(
        &spec,
        "#/paths/~1things/additionalOperations/POST",
        "the path item's `post` field is for it"
    ));
}

#[test]
fn item_schema_is_delivered_normalised_as_an_extension() {
    let spec = fixture();
    let events = path_item(&spec, "/events")
        .get
        .as_ref()
        .expect("GET /events");
    let ReferenceOr::Item(response) =
        &events.responses.responses[&openapiv3::StatusCode::Code(200)]
    else {
        panic!("inline response");
    };
    let media = &response.content["text/event-stream"];
    assert!(media.schema.is_none());
    let item = media
        .extensions
        .get(ITEM_SCHEMA)
        .expect("itemSchema is delivered as the extension");
    let schema: Schema = serde_json::from_value(item.clone()).expect("a 3.0 schema");
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        panic!("an object schema: {schema:?}");
    };
    let ReferenceOr::Item(data) = &object.properties["data"] else {
        panic!("inline data");
    };
    assert!(data.schema_data.nullable, "`[string, null]` is normalised");
    assert!(item.get("$defs").is_none());
    assert!(warned(
        &spec,
        "#/paths/~1events/get/responses/200/content/text~1event-stream/itemSchema/$defs",
        "`$defs`"
    ));
    // In an extra operation too, where a reference stays a reference.
    let (_, query) = &extra_operations(path_item(&spec, "/things"))[0];
    let ReferenceOr::Item(found) = &query.responses.responses[&openapiv3::StatusCode::Code(200)]
    else {
        panic!("inline response");
    };
    assert_eq!(
        found.content["application/jsonl"].extensions[ITEM_SCHEMA],
        json!({"$ref": "#/components/schemas/Thing"})
    );
}

#[test]
fn querystring_parameters_become_marked_query_parameters() {
    let spec = fixture();
    let components = spec.openapi.components.as_ref().expect("components");
    let ReferenceOr::Item(Parameter::Query { parameter_data, .. }) =
        &components.parameters["Filter"]
    else {
        panic!("Filter is read as a query parameter");
    };
    assert_eq!(
        parameter_data.extensions.get(QUERYSTRING),
        Some(&json!(true))
    );
    assert_eq!(parameter_data.name, "filter");
    let openapiv3::ParameterSchemaOrContent::Content(content) = &parameter_data.format else {
        panic!("content is kept");
    };
    assert!(content.contains_key("application/x-www-form-urlencoded"));
}

#[test]
fn documentation_members_move_or_are_dropped_with_a_warning() {
    let spec = fixture();
    assert!(warned(&spec, "#/$self", "`$self`"));
    assert_eq!(
        spec.openapi.servers[0].description.as_deref(),
        Some("production")
    );
    assert_eq!(
        spec.openapi.tags[0].description.as_deref(),
        Some("Things to find")
    );
    assert!(warned(&spec, "#/tags/0/kind", "tag `kind`"));
    assert!(warned(&spec, "#/tags/1/summary", "tag `summary`"));
    assert!(warned(&spec, "#/tags/1/parent", "tag `parent`"));
    assert!(warned(
        &spec,
        "#/components/schemas/Pet/discriminator/defaultMapping",
        "`Other` variant"
    ));
    let list = path_item(&spec, "/things")
        .get
        .as_ref()
        .expect("GET /things");
    let ReferenceOr::Item(ok) = &list.responses.responses[&openapiv3::StatusCode::Code(200)] else {
        panic!("inline response");
    };
    assert_eq!(ok.description, "The things");
    let ReferenceOr::Item(example) = &ok.content["application/json"].examples["two"] else {
        panic!("inline example");
    };
    assert_eq!(example.value, Some(json!([{"id": 1, "name": "one"}])));
    let components = spec.openapi.components.as_ref().expect("components");
    let ReferenceOr::Item(SecurityScheme::OAuth2 { description, .. }) =
        &components.security_schemes["device"]
    else {
        panic!("the device flow scheme is an oauth2 scheme");
    };
    let description = description.as_deref().unwrap_or_default();
    assert!(description.starts_with("Deprecated."), "{description}");
    assert!(description.contains("https://auth.example.com/.well-known/oauth-authorization-server"));
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus-oas32"
    ))
}

/// The OpenAPI Initiative's 3.2 schema-test "pass" documents all load, with warnings only.
#[test]
fn every_oai_pass_document_loads() {
    let dir = corpus_dir();
    let Ok(manifest) = std::fs::read_to_string(dir.join("MANIFEST.tsv")) else {
        eprintln!("corpus-oas32 not found at {}; skipped", dir.display());
        return;
    };
    let files: Vec<&str> = manifest
        .lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .filter(|name| !name.is_empty())
        .collect();
    assert_eq!(files.len(), 37, "MANIFEST.tsv lists the 37 pass documents");
    let mut failures = Vec::new();
    for name in files {
        match load_path(&dir.join(name)) {
            Ok(spec) => {
                assert_eq!(spec.source_version, SourceVersion::OpenApi32, "{name}");
                assert!(spec
                    .warnings
                    .iter()
                    .all(|w| w.severity == Severity::Warning));
            }
            Err(error) => failures.push(format!("{name}:\n{error}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `in: querystring` with a path-item `query` in the OAI example document (its content is JSON).
#[test]
fn the_oai_path_item_example_keeps_its_query_and_copy_operations() {
    let path = corpus_dir().join("path-item-object-example.yaml");
    if !path.exists() {
        return;
    }
    let spec = load_path(&path).expect("loads");
    let extra = extra_operations(path_item(&spec, "/pets/{id}"));
    let ids: Vec<(&str, Option<&str>)> = extra
        .iter()
        .map(|(m, o)| (m.as_str(), o.operation_id.as_deref()))
        .collect();
    assert_eq!(
        ids,
        [
            ("QUERY", Some("queryPetsById")),
            ("COPY", Some("copyPetsById"))
        ]
    );
}

#[test]
fn odd_additional_operations_are_dropped_with_warnings() {
    let text = r#"{"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {
        "get": {"responses": {"200": {"description": "ok"}}},
        "additionalOperations": {
            "GET": {"responses": {}},
            "BAD METHOD": {"responses": {}},
            "Copy": {"responses": {}},
            "COPY": {"responses": {}}
        }}}}"#;
    let spec = load_str(text, "odd.json").expect("loads with warnings");
    let methods: Vec<String> = extra_operations(path_item(&spec, "/a"))
        .into_iter()
        .map(|(method, _)| method)
        .collect();
    assert_eq!(methods, ["Copy"]);
    let at = "#/paths/~1a/additionalOperations";
    assert!(warned(&spec, &format!("{at}/GET"), "`get` field is for it"));
    assert!(warned(
        &spec,
        &format!("{at}/BAD METHOD"),
        "not an HTTP method token"
    ));
    assert!(warned(&spec, &format!("{at}/COPY"), "only in case"));
}

#[test]
fn malformed_3_2_members_are_errors_or_warnings_never_panics() {
    let error = load_str(
        r#"{"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"additionalOperations": []}}}"#,
        "bad.json",
    )
    .expect_err("additionalOperations must be an object");
    assert!(error.diagnostics[0]
        .pointer
        .ends_with("/paths/~1a/additionalOperations"));
    // An operation that does not fit the model is an error at its written place.
    let error = load_str(
        r#"{"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"query": {"parameters": 3, "responses": {}}}}}"#,
        "bad.json",
    )
    .expect_err("parameters must be a list");
    assert!(
        error.diagnostics[0]
            .pointer
            .starts_with("#/paths/~1a/query"),
        "{error}"
    );
    // A media type `$ref` to nothing: an empty media type, with a warning.
    let spec = load_str(
        r##"{"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"$ref": "#/components/mediaTypes/Nope"}}}}}}}}"##,
        "media.json",
    )
    .expect("loads");
    assert!(spec.warnings.iter().any(|w| w.pointer
        == "#/paths/~1a/get/responses/200/content/application~1json/$ref"
        && w.message.contains("components.mediaTypes")));
}
