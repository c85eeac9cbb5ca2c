//! The loader's conversions, construct by construct: Swagger 2.0 → 3.0 and
//! OpenAPI 3.1 → 3.0, each on a small fixture in `tests/fixtures/load/`,
//! asserting on the resulting `openapiv3` model.

use std::path::PathBuf;

use gocrm_codegen::load::{load_path, load_str, LoadedSpec, SourceVersion};
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, IntegerType, NumberType, ObjectType, OpenAPI,
    Operation, Parameter, ParameterData, ParameterSchemaOrContent, PathStyle, QueryStyle,
    ReferenceOr, RequestBody, Response, Schema, SchemaKind, SecurityScheme, StatusCode,
    StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};
use serde_json::json;

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/load")).join(name)
}

fn fixture(name: &str) -> LoadedSpec {
    load_path(&fixture_path(name)).unwrap_or_else(|error| panic!("{name} must load:\n{error}"))
}

fn operation<'a>(spec: &'a OpenAPI, path: &str, method: &str) -> &'a Operation {
    let item = spec
        .paths
        .paths
        .get(path)
        .and_then(ReferenceOr::as_item)
        .unwrap_or_else(|| panic!("no path {path}"));
    item.iter()
        .find(|(m, _)| *m == method)
        .map(|(_, op)| op)
        .unwrap_or_else(|| panic!("no {method} {path}"))
}

fn request_body(operation: &Operation) -> &RequestBody {
    operation
        .request_body
        .as_ref()
        .and_then(ReferenceOr::as_item)
        .expect("an inline request body")
}

fn reference<T>(value: &ReferenceOr<T>) -> &str {
    match value {
        ReferenceOr::Reference { reference } => reference,
        ReferenceOr::Item(_) => panic!("expected a $ref"),
    }
}

fn item<T>(value: &ReferenceOr<T>) -> &T {
    value
        .as_item()
        .expect("expected an inline item, not a $ref")
}

fn component_schema<'a>(spec: &'a OpenAPI, name: &str) -> &'a Schema {
    let components = spec.openapi_components();
    item(
        components
            .schemas
            .get(name)
            .unwrap_or_else(|| panic!("no schema {name}")),
    )
}

trait Components {
    fn openapi_components(&self) -> &openapiv3::Components;
}

impl Components for OpenAPI {
    fn openapi_components(&self) -> &openapiv3::Components {
        self.components.as_ref().expect("components")
    }
}

fn property<'a>(schema: &'a Schema, name: &str) -> &'a ReferenceOr<Box<Schema>> {
    let properties = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(ObjectType { properties, .. })) => properties,
        SchemaKind::Any(AnySchema { properties, .. }) => properties,
        other => panic!("no properties in {other:?}"),
    };
    properties
        .get(name)
        .unwrap_or_else(|| panic!("no property {name}"))
}

fn inline_property<'a>(schema: &'a Schema, name: &str) -> &'a Schema {
    item_boxed(property(schema, name))
}

fn item_boxed<T>(value: &ReferenceOr<Box<T>>) -> &T {
    value
        .as_item()
        .expect("expected an inline item, not a $ref")
}

fn parameter<'a>(operation: &'a Operation, name: &str) -> &'a Parameter {
    operation
        .parameters
        .iter()
        .filter_map(ReferenceOr::as_item)
        .find(|p| p.parameter_data_ref().name == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

fn parameter_schema(data: &ParameterData) -> &Schema {
    match &data.format {
        ParameterSchemaOrContent::Schema(schema) => item(schema),
        ParameterSchemaOrContent::Content(_) => panic!("expected a schema"),
    }
}

fn response(operation: &Operation, code: u16) -> &ReferenceOr<Response> {
    operation
        .responses
        .responses
        .get(&StatusCode::Code(code))
        .unwrap_or_else(|| panic!("no {code} response"))
}

fn media_types<V>(content: &indexmap::IndexMap<String, V>) -> Vec<&str> {
    content.keys().map(String::as_str).collect()
}

fn warning_pointers(spec: &LoadedSpec) -> Vec<&str> {
    spec.warnings.iter().map(|w| w.pointer.as_str()).collect()
}

fn has_warning(spec: &LoadedSpec, pointer: &str, words: &str) -> bool {
    spec.warnings
        .iter()
        .any(|w| w.pointer == pointer && w.message.contains(words))
}

// ---------------------------------------------------------------- Swagger 2.0

#[test]
fn swagger2_body_parameter_becomes_request_body() {
    let spec = fixture("swagger2-body.yaml");
    assert_eq!(spec.source_version, SourceVersion::Swagger2);
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
    let create = request_body(operation(&spec.openapi, "/firms", "post"));
    assert!(create.required);
    assert_eq!(create.description.as_deref(), Some("The firm to create"));
    assert_eq!(
        media_types(&create.content),
        ["application/json", "application/xml"]
    );
    let schema = create.content["application/json"]
        .schema
        .as_ref()
        .expect("schema");
    assert_eq!(reference(schema), "#/components/schemas/Firm");
    assert_eq!(create.extensions.get("x-origin"), Some(&json!("test")));
    assert!(operation(&spec.openapi, "/firms", "post")
        .parameters
        .is_empty());
}

#[test]
fn swagger2_per_operation_consumes_and_global_body_ref() {
    let spec = fixture("swagger2-body.yaml");
    let replace = request_body(operation(&spec.openapi, "/firms", "put"));
    assert_eq!(media_types(&replace.content), ["application/vnd.firm+json"]);
    assert!(!replace.required);
    let schema = replace.content["application/vnd.firm+json"]
        .schema
        .as_ref()
        .expect("schema");
    assert_eq!(reference(schema), "#/components/schemas/Firm");
    // A global body parameter is inlined, never a component parameter.
    assert!(spec.openapi.openapi_components().parameters.is_empty());
}

#[test]
fn swagger2_path_level_body_applies_to_operations() {
    let spec = fixture("swagger2-body.yaml");
    let patch = request_body(operation(&spec.openapi, "/firms/{id}", "patch"));
    assert_eq!(
        media_types(&patch.content),
        ["application/json", "application/xml"]
    );
    let schema = item(
        patch.content["application/json"]
            .schema
            .as_ref()
            .expect("schema"),
    );
    assert!(matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::Object(ObjectType {
            additional_properties: Some(AdditionalProperties::Schema(_)),
            ..
        }))
    ));
    let item = spec.openapi.paths.paths["/firms/{id}"]
        .as_item()
        .expect("path item");
    assert_eq!(item.parameters.len(), 1, "only `id` stays a parameter");
    let id = item.parameters[0].as_item().expect("inline");
    assert!(matches!(id, Parameter::Path { parameter_data, .. } if parameter_data.required));
}

#[test]
fn swagger2_form_data_with_file_is_multipart() {
    let spec = fixture("swagger2-formdata.yaml");
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
    let upload = request_body(operation(&spec.openapi, "/upload", "post"));
    assert!(upload.required);
    assert_eq!(media_types(&upload.content), ["multipart/form-data"]);
    let media = &upload.content["multipart/form-data"];
    let schema = item(media.schema.as_ref().expect("schema"));
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        panic!("object schema")
    };
    assert_eq!(object.required, ["file"]);
    assert_eq!(
        object.properties.keys().collect::<Vec<_>>(),
        ["file", "note", "tags"]
    );
    let file = inline_property(schema, "file");
    assert!(matches!(
        &file.schema_kind,
        SchemaKind::Type(Type::String(StringType {
            format: VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
            ..
        }))
    ));
    assert_eq!(file.schema_data.description.as_deref(), Some("The file"));
    let tags = &media.encoding["tags"];
    assert_eq!(tags.style, Some(QueryStyle::Form));
    assert!(tags.explode);
}

#[test]
fn swagger2_form_data_without_file_is_urlencoded() {
    let spec = fixture("swagger2-formdata.yaml");
    let login = request_body(operation(&spec.openapi, "/login", "post"));
    assert_eq!(
        media_types(&login.content),
        ["application/x-www-form-urlencoded"]
    );
    let schema = item(
        login.content["application/x-www-form-urlencoded"]
            .schema
            .as_ref()
            .expect("schema"),
    );
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        panic!("object schema")
    };
    assert_eq!(object.required, ["user", "password"]);
    assert!(login.required);
    // A $ref to a global formData parameter, with `consumes` choosing multipart.
    let explicit = request_body(operation(&spec.openapi, "/explicit", "post"));
    assert_eq!(media_types(&explicit.content), ["multipart/form-data"]);
    let schema = item(
        explicit.content["multipart/form-data"]
            .schema
            .as_ref()
            .expect("schema"),
    );
    inline_property(schema, "comment");
    assert!(!explicit.required);
}

#[test]
fn swagger2_collection_formats_become_style_and_explode() {
    let spec = fixture("swagger2-parameters.yaml");
    let list = operation(&spec.openapi, "/items/{ids}", "get");
    let query = |name: &str| match parameter(list, name) {
        Parameter::Query {
            style,
            parameter_data,
            ..
        } => (style.clone(), parameter_data.explode),
        other => panic!("{name} is not a query parameter: {other:?}"),
    };
    assert_eq!(query("csv"), (QueryStyle::Form, Some(false)));
    assert_eq!(query("multi"), (QueryStyle::Form, Some(true)));
    assert_eq!(query("ssv"), (QueryStyle::SpaceDelimited, Some(false)));
    assert_eq!(query("pipes"), (QueryStyle::PipeDelimited, Some(false)));
    assert_eq!(query("tsv"), (QueryStyle::Form, Some(false)));
    assert!(has_warning(
        &spec,
        "#/paths/~1items~1{ids}/get/parameters/5/collectionFormat",
        "tsv"
    ));
    assert!(
        matches!(parameter(list, "ids"), Parameter::Path { style: PathStyle::Simple, parameter_data, .. } if parameter_data.explode == Some(false))
    );
    assert!(matches!(
        parameter(list, "X-Trace"),
        Parameter::Header { .. }
    ));
    assert_eq!(spec.warnings.len(), 1, "{:?}", spec.warnings);
}

#[test]
fn swagger2_parameter_type_keywords_move_into_schema() {
    let spec = fixture("swagger2-parameters.yaml");
    let list = operation(&spec.openapi, "/items/{ids}", "get");
    let Parameter::Query {
        parameter_data,
        allow_empty_value,
        ..
    } = parameter(list, "limit")
    else {
        panic!("query")
    };
    assert_eq!(*allow_empty_value, Some(true));
    assert_eq!(parameter_data.example, Some(json!(50)));
    assert_eq!(parameter_data.description.as_deref(), Some("Page size"));
    let limit = parameter_schema(parameter_data);
    assert_eq!(limit.schema_data.default, Some(json!(20)));
    assert!(matches!(
        &limit.schema_kind,
        SchemaKind::Type(Type::Integer(IntegerType {
            minimum: Some(1),
            maximum: Some(100),
            ..
        }))
    ));
    let status = parameter_schema(parameter(list, "status").parameter_data_ref());
    let SchemaKind::Type(Type::String(status)) = &status.schema_kind else {
        panic!("string")
    };
    assert_eq!(
        status.enumeration,
        [Some("active".to_owned()), Some("archived".to_owned())]
    );
    assert_eq!(status.pattern.as_deref(), Some("^[a-z]+$"));
    let maybe = parameter_schema(parameter(list, "maybe").parameter_data_ref());
    assert!(maybe.schema_data.nullable);
    let ids = parameter_schema(parameter(list, "ids").parameter_data_ref());
    assert!(matches!(
        &ids.schema_kind,
        SchemaKind::Type(Type::Array(ArrayType { items: Some(_), .. }))
    ));
    // A global non-body parameter stays a reference, to components.
    let page_token = list.parameters.iter().find_map(|p| match p {
        ReferenceOr::Reference { reference } => Some(reference.as_str()),
        ReferenceOr::Item(_) => None,
    });
    assert_eq!(page_token, Some("#/components/parameters/PageToken"));
    assert!(spec
        .openapi
        .openapi_components()
        .parameters
        .contains_key("PageToken"));
}

#[test]
fn swagger2_responses_get_content_from_produces() {
    let spec = fixture("swagger2-responses.yaml");
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
    let list = operation(&spec.openapi, "/pets", "get");
    let ok = item(response(list, 200));
    assert_eq!(
        media_types(&ok.content),
        ["application/json", "application/xml", "text/csv"]
    );
    assert_eq!(
        ok.content["application/json"].example,
        Some(json!([{"id": 1}]))
    );
    assert_eq!(ok.content["text/csv"].example, Some(json!("id\n1")));
    assert!(
        ok.content["text/csv"].schema.is_some(),
        "an example-only media type keeps the schema"
    );
    let schema = item(
        ok.content["application/xml"]
            .schema
            .as_ref()
            .expect("schema"),
    );
    let SchemaKind::Type(Type::Array(ArrayType {
        items: Some(items), ..
    })) = &schema.schema_kind
    else {
        panic!("array")
    };
    assert_eq!(reference(items), "#/components/schemas/Pet");
    assert_eq!(
        reference(response(list, 404)),
        "#/components/responses/NotFound"
    );
    assert_eq!(
        item(list.responses.default.as_ref().expect("default")).description,
        "error"
    );
    let report = item(response(operation(&spec.openapi, "/report", "get"), 200));
    assert_eq!(media_types(&report.content), ["text/plain"]);
    let bare = operation(&spec.openapi, "/bare", "get");
    assert_eq!(
        media_types(&item(response(bare, 200)).content),
        ["application/json"]
    );
    assert!(item(response(bare, 204)).content.is_empty());
    let not_found = item(&spec.openapi.openapi_components().responses["NotFound"]);
    assert_eq!(
        media_types(&not_found.content),
        ["application/json", "application/xml"]
    );
}

#[test]
fn swagger2_response_headers_are_converted() {
    let spec = fixture("swagger2-responses.yaml");
    let ok = item(response(operation(&spec.openapi, "/pets", "get"), 200));
    let rate = item(&ok.headers["X-Rate-Limit"]);
    assert_eq!(rate.description.as_deref(), Some("calls per hour"));
    let ParameterSchemaOrContent::Schema(schema) = &rate.format else {
        panic!("schema")
    };
    assert!(matches!(
        item(schema).schema_kind,
        SchemaKind::Type(Type::Integer(_))
    ));
    let ParameterSchemaOrContent::Schema(tags) = &item(&ok.headers["X-Tags"]).format else {
        panic!("schema")
    };
    assert!(matches!(
        item(tags).schema_kind,
        SchemaKind::Type(Type::Array(_))
    ));
}

#[test]
fn swagger2_servers_from_host_base_path_and_schemes() {
    let servers = |extra: &str| {
        let text = format!("{{\"swagger\": \"2.0\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}{extra}}}");
        let spec = load_str(&text, "servers.json").unwrap_or_else(|e| panic!("{e}"));
        spec.openapi
            .servers
            .iter()
            .map(|s| s.url.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        servers(
            r#", "host": "beta.go-crm.ru", "basePath": "/api/v3", "schemes": ["https", "http"]"#
        ),
        [
            "https://beta.go-crm.ru/api/v3",
            "http://beta.go-crm.ru/api/v3"
        ]
    );
    assert_eq!(
        servers(r#", "host": "api.example.com""#),
        ["https://api.example.com"]
    );
    assert_eq!(
        servers(r#", "host": "api.example.com", "basePath": "/""#),
        ["https://api.example.com"]
    );
    assert_eq!(servers(r#", "basePath": "/v2""#), ["/v2"]);
    assert!(servers("").is_empty());
}

#[test]
fn swagger2_security_definitions_become_schemes() {
    let spec = fixture("swagger2-security.yaml");
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
    let schemes = &spec.openapi.openapi_components().security_schemes;
    let scheme = |name: &str| item(&schemes[name]).clone();
    assert!(matches!(
        scheme("key"),
        SecurityScheme::APIKey { location: openapiv3::APIKeyLocation::Header, ref name, description: Some(_), .. } if name == "X-API-Key"
    ));
    assert!(
        matches!(scheme("basic"), SecurityScheme::HTTP { ref scheme, .. } if scheme == "basic")
    );
    let flows = |name: &str| match scheme(name) {
        SecurityScheme::OAuth2 { flows, .. } => flows,
        other => panic!("{name} is not OAuth2: {other:?}"),
    };
    let implicit = flows("implicit").implicit.expect("implicit flow");
    assert_eq!(implicit.authorization_url, "https://auth.example/authorize");
    assert_eq!(
        implicit.scopes.get("read").map(String::as_str),
        Some("Read things")
    );
    assert_eq!(
        flows("password").password.expect("password flow").token_url,
        "https://auth.example/token"
    );
    let client = flows("application")
        .client_credentials
        .expect("application → clientCredentials");
    assert!(client.scopes.contains_key("write"));
    let code = flows("accessCode")
        .authorization_code
        .expect("accessCode → authorizationCode");
    assert_eq!(code.token_url, "https://auth.example/token");
    let security = spec.openapi.security.as_ref().expect("security copied");
    assert_eq!(security.len(), 2);
}

#[test]
fn swagger2_schemas_are_converted() {
    let spec = fixture("swagger2-schemas.yaml");
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
    let pet = component_schema(&spec.openapi, "Pet");
    assert_eq!(pet.schema_data.title.as_deref(), Some("A pet"));
    assert_eq!(
        pet.schema_data
            .discriminator
            .as_ref()
            .map(|d| d.property_name.as_str()),
        Some("petType")
    );
    assert!(inline_property(pet, "id").schema_data.read_only);
    let owner = inline_property(pet, "owner");
    assert!(
        owner.schema_data.nullable,
        "x-nullable on a $ref → nullable allOf"
    );
    let SchemaKind::AllOf { all_of } = &owner.schema_kind else {
        panic!("allOf")
    };
    assert_eq!(reference(&all_of[0]), "#/components/schemas/Owner");
    assert!(inline_property(pet, "nickname").schema_data.nullable);
    assert!(matches!(
        inline_property(pet, "photo").schema_kind,
        SchemaKind::Type(Type::String(StringType {
            format: VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
            ..
        }))
    ));
    let SchemaKind::Type(Type::Array(ArrayType {
        items: Some(items), ..
    })) = &inline_property(pet, "tags").schema_kind
    else {
        panic!("array")
    };
    assert_eq!(reference(items), "#/components/schemas/Tag");
    let SchemaKind::Type(Type::Object(ObjectType {
        additional_properties: Some(AdditionalProperties::Schema(extra)),
        ..
    })) = &inline_property(pet, "extra").schema_kind
    else {
        panic!("map")
    };
    assert_eq!(reference(extra), "#/components/schemas/Tag");
    let SchemaKind::AllOf { all_of } = &component_schema(&spec.openapi, "Cat").schema_kind else {
        panic!("allOf")
    };
    assert_eq!(reference(&all_of[0]), "#/components/schemas/Pet");
    let friends = inline_property(item(&all_of[1]), "friends");
    let SchemaKind::Type(Type::Array(ArrayType {
        items: Some(friend),
        ..
    })) = &friends.schema_kind
    else {
        panic!("array")
    };
    assert_eq!(reference(friend), "#/components/schemas/Cat");
}

#[test]
fn swagger2_document_fields_are_copied() {
    let spec = fixture("swagger2-schemas.yaml");
    assert_eq!(spec.openapi.openapi, "3.0.3");
    assert_eq!(spec.openapi.info.version, "2024.1");
    assert_eq!(spec.openapi.tags[0].name, "pets");
    assert_eq!(
        spec.openapi.external_docs.as_ref().map(|d| d.url.as_str()),
        Some("https://docs.example")
    );
    assert_eq!(
        spec.openapi.extensions.get("x-audience"),
        Some(&json!("public"))
    );
}

#[test]
fn swagger2_unmappable_constructs_warn_with_original_pointers() {
    let text = r#"
swagger: "2.0"
info: {title: t, version: "1"}
unknownTopLevel: 1
paths:
  /a:
    get:
      schemes: [http]
      parameters:
        - {name: ids, in: header, type: array, items: {type: string}, collectionFormat: multi}
      responses:
        200: {description: ok}
"#;
    let spec = load_str(text, "warn.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        warning_pointers(&spec),
        [
            "#/paths/~1a/get/parameters/0/collectionFormat",
            "#/paths/~1a/get/schemes",
            "#/unknownTopLevel"
        ]
    );
    assert!(spec.warnings.iter().all(|w| w.file == "warn.yaml"));
}

// ---------------------------------------------------------------- OpenAPI 3.1

fn thing(spec: &LoadedSpec) -> &Schema {
    component_schema(&spec.openapi, "Thing")
}

#[test]
fn openapi31_type_with_null_becomes_nullable() {
    let spec = fixture("openapi31-schemas.yaml");
    assert_eq!(spec.source_version, SourceVersion::OpenApi31);
    assert_eq!(spec.openapi.openapi, "3.0.3");
    let name = inline_property(thing(&spec), "name");
    assert!(name.schema_data.nullable);
    assert!(matches!(
        name.schema_kind,
        SchemaKind::Type(Type::String(_))
    ));
    let q = parameter_schema(
        parameter(operation(&spec.openapi, "/things", "get"), "q").parameter_data_ref(),
    );
    assert!(q.schema_data.nullable);
    assert!(matches!(q.schema_kind, SchemaKind::Type(Type::String(_))));
}

#[test]
fn openapi31_inexpressible_types_fall_back_with_warnings() {
    let spec = fixture("openapi31-schemas.yaml");
    let nothing = inline_property(thing(&spec), "nothing");
    assert!(matches!(
        &nothing.schema_kind,
        SchemaKind::Any(AnySchema { typ: None, .. })
    ));
    assert!(has_warning(
        &spec,
        "#/components/schemas/Thing/properties/nothing/type",
        "null"
    ));
    let either = inline_property(thing(&spec), "either");
    assert!(matches!(
        &either.schema_kind,
        SchemaKind::Any(AnySchema { typ: None, .. })
    ));
    assert!(has_warning(
        &spec,
        "#/components/schemas/Thing/properties/either/type",
        "string, integer"
    ));
}

#[test]
fn openapi31_const_examples_and_exclusive_bounds() {
    let spec = fixture("openapi31-schemas.yaml");
    let kind = inline_property(thing(&spec), "kind");
    assert!(
        matches!(&kind.schema_kind, SchemaKind::Any(AnySchema { enumeration, .. }) if enumeration == &[json!("thing")])
    );
    assert_eq!(
        inline_property(thing(&spec), "sample").schema_data.example,
        Some(json!("first"))
    );
    assert!(matches!(
        inline_property(thing(&spec), "positive").schema_kind,
        SchemaKind::Type(Type::Number(NumberType { minimum: Some(m), exclusive_minimum: true, .. })) if m == 0.0
    ));
    assert!(matches!(
        inline_property(thing(&spec), "small").schema_kind,
        SchemaKind::Type(Type::Integer(IntegerType {
            maximum: Some(5),
            exclusive_maximum: false,
            ..
        }))
    ));
}

#[test]
fn openapi31_null_alternatives_become_nullable() {
    let spec = fixture("openapi31-schemas.yaml");
    let owner = inline_property(thing(&spec), "owner");
    assert!(owner.schema_data.nullable);
    let SchemaKind::AllOf { all_of } = &owner.schema_kind else {
        panic!("allOf: {owner:?}")
    };
    assert_eq!(reference(&all_of[0]), "#/components/schemas/Owner");
    let label = inline_property(thing(&spec), "label");
    assert!(label.schema_data.nullable);
    assert!(matches!(
        label.schema_kind,
        SchemaKind::Type(Type::String(StringType {
            max_length: Some(10),
            ..
        }))
    ));
    let choice = inline_property(thing(&spec), "choice");
    assert!(choice.schema_data.nullable);
    assert!(matches!(&choice.schema_kind, SchemaKind::OneOf { one_of } if one_of.len() == 2));
}

#[test]
fn openapi31_ref_with_siblings_is_wrapped() {
    let spec = fixture("openapi31-schemas.yaml");
    let described = inline_property(thing(&spec), "described");
    assert_eq!(
        described.schema_data.description.as_deref(),
        Some("The owner")
    );
    let SchemaKind::AllOf { all_of } = &described.schema_kind else {
        panic!("allOf")
    };
    assert_eq!(reference(&all_of[0]), "#/components/schemas/Owner");
}

#[test]
fn openapi31_content_keywords_and_boolean_schemas() {
    let spec = fixture("openapi31-schemas.yaml");
    let format = |name: &str| match &inline_property(thing(&spec), name).schema_kind {
        SchemaKind::Type(Type::String(StringType { format, .. })) => format.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(
        format("blob"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    );
    assert_eq!(
        format("encoded"),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte)
    );
    assert!(matches!(
        inline_property(thing(&spec), "anything").schema_kind,
        SchemaKind::Any(_)
    ));
}

#[test]
fn openapi31_unsupported_keywords_are_dropped_with_warnings() {
    let spec = fixture("openapi31-schemas.yaml");
    let base = "#/components/schemas/Thing/properties";
    for (property, keyword) in [
        ("tuple", "prefixItems"),
        ("conditional", "if"),
        ("conditional", "then"),
        ("conditional", "else"),
        ("mapped", "patternProperties"),
        ("dynamic", "$schema"),
        ("dynamic", "$id"),
        ("dynamic", "$defs"),
        ("dynamic", "unevaluatedProperties"),
        ("dynamic", "dependentSchemas"),
    ] {
        let pointer = format!("{base}/{property}/{keyword}");
        assert!(
            has_warning(&spec, &pointer, keyword),
            "no warning at {pointer}: {:?}",
            warning_pointers(&spec)
        );
    }
    assert!(has_warning(
        &spec,
        "#/jsonSchemaDialect",
        "jsonSchemaDialect"
    ));
    let mapped = inline_property(thing(&spec), "mapped");
    assert!(matches!(
        &mapped.schema_kind,
        SchemaKind::Type(Type::Object(ObjectType {
            additional_properties: Some(AdditionalProperties::Schema(_)),
            ..
        }))
    ));
    assert!(matches!(
        inline_property(thing(&spec), "tuple").schema_kind,
        SchemaKind::Type(Type::Array(_))
    ));
    assert!(spec
        .openapi
        .info
        .license
        .as_ref()
        .is_some_and(|l| l.name == "MIT"));
}

#[test]
fn openapi31_operation_without_responses_loads() {
    let spec = fixture("openapi31-schemas.yaml");
    let post = operation(&spec.openapi, "/things", "post");
    assert!(post.responses.responses.is_empty());
}

#[test]
fn openapi31_webhooks_only_document_loads_with_a_warning() {
    let spec = fixture("openapi31-webhooks-only.yaml");
    assert!(spec.openapi.paths.paths.is_empty());
    assert_eq!(warning_pointers(&spec), ["#/webhooks"]);
    assert!(spec.warnings[0]
        .message
        .contains("webhooks are not generated"));
}

// ---------------------------------------------------------------- formats

#[test]
fn json_and_yaml_give_the_same_model() {
    let from_yaml = fixture("pair.yaml");
    let from_json = fixture("pair.json");
    assert_eq!(from_yaml.openapi, from_json.openapi);
    assert_ne!(from_yaml.sha256, from_json.sha256);
    assert_eq!(
        from_json.openapi.servers[0].url,
        "https://api.example.com/v1"
    );
    let show = operation(&from_json.openapi, "/pets/{petId}", "get");
    assert!(show
        .responses
        .responses
        .contains_key(&StatusCode::Code(200)));
}

#[test]
fn content_decides_the_format_not_the_file_name() {
    let spec = fixture("yaml-content.json");
    assert_eq!(spec.source_version, SourceVersion::OpenApi30);
    assert_eq!(spec.openapi.info.title, "Misnamed");
    assert!(spec.file.ends_with("yaml-content.json"));
}

#[test]
fn sha256_is_of_the_bytes_as_read() {
    let spec = load_str(
        "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}",
        "x.json",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.sha256.len(), 64);
    assert!(spec
        .sha256
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    assert_eq!(spec.file, "x.json");
}
