//! Property: any well-formed spec — names from a hostile alphabet (keywords, Cyrillic, digits,
//! punctuation, case collisions), random nesting, `$ref`s, `allOf`/`oneOf`/`anyOf`, nullable,
//! maps, enums — loads, generates, and every generated file parses with `syn` and holds the
//! invariants of `support/invariants.rs`. A handful of them also compile (`cargo check`, in the
//! shared workspace of `support/crate_ws.rs`).
//!
//! `PROPTEST_CASES` raises the case count (default 128, about 20 s in a debug build). The seed
//! is fixed so that CI is repeatable; set `PROPTEST_RNG_SEED=<u64>` to explore other cases (a
//! search over many seeds found the `allOf` cycle fan-out in `tests/regressions/`).

#[path = "support/crate_ws.rs"]
mod crate_ws;
#[path = "support/invariants.rs"]
mod invariants;

use gocrm_codegen::{generate_crate_sources, load::load_str, Settings};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, RngSeed, TestRng, TestRunner};
use serde_json::{json, Map, Value};

/// Name fragments: keywords, prelude names, Cyrillic, digits, punctuation, case variants.
const FRAGMENTS: &[&str] = &[
    "type", "self", "Self", "fn", "crate", "super", "async", "await", "r#type", "_", "__", "mod",
    "Option", "Result", "String", "Vec", "Box", "Default", "Error", "Client", "types", "runtime",
    "extra", "Other", "имя", "Имя", "ИМЯ", "ё", "0", "123", "9lives", "-", " ", ".", "$", "@", "/",
    "\"", "'", "`", "*/", "\\", "id", "Id", "ID", "iD", "userId", "user_id", "UserID", "user-id",
    "a", "A", "data", "status", "message", "body", "params", "request", "url", "名", "\u{e9}",
    "e\u{301}",
];

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 1..4).prop_map(|parts| parts.concat())
}

/// A schema shape; `Ref(i)` names component `i % n`.
#[derive(Debug, Clone)]
enum S {
    Str,
    Int(&'static str),
    Num(&'static str),
    Bool,
    Any,
    Enum(Vec<String>),
    IntEnum(Vec<i64>),
    Ref(u8),
    Array(Box<S>),
    Map(Box<S>),
    Object(Vec<(String, S, bool)>),
    AllOf(Vec<S>),
    OneOf(Vec<S>),
    AnyOf(Vec<S>),
    Nullable(Box<S>),
}

fn schema() -> impl Strategy<Value = S> {
    let leaf = prop_oneof![
        Just(S::Str),
        prop::sample::select(&["", "int32", "int64", "uint64", "weird"][..]).prop_map(S::Int),
        prop::sample::select(&["", "float", "double"][..]).prop_map(S::Num),
        Just(S::Bool),
        Just(S::Any),
        prop::collection::vec(name(), 1..6).prop_map(S::Enum),
        prop::collection::vec(any::<i64>(), 1..5).prop_map(S::IntEnum),
        any::<u8>().prop_map(S::Ref),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            inner.clone().prop_map(|s| S::Array(Box::new(s))),
            inner.clone().prop_map(|s| S::Map(Box::new(s))),
            prop::collection::vec((name(), inner.clone(), any::<bool>()), 0..5).prop_map(S::Object),
            prop::collection::vec(inner.clone(), 1..4).prop_map(S::AllOf),
            prop::collection::vec(inner.clone(), 1..4).prop_map(S::OneOf),
            prop::collection::vec(inner.clone(), 1..3).prop_map(S::AnyOf),
            inner.prop_map(|s| S::Nullable(Box::new(s))),
        ]
    })
}

fn render(s: &S, names: &[String]) -> Value {
    match s {
        S::Str => json!({"type": "string"}),
        S::Int("") => json!({"type": "integer"}),
        S::Int(f) => json!({"type": "integer", "format": f}),
        S::Num("") => json!({"type": "number"}),
        S::Num(f) => json!({"type": "number", "format": f}),
        S::Bool => json!({"type": "boolean"}),
        S::Any => json!({}),
        S::Enum(values) => json!({"type": "string", "enum": values}),
        S::IntEnum(values) => json!({"type": "integer", "enum": values}),
        S::Ref(i) => {
            let target = &names[usize::from(*i) % names.len()];
            json!({"$ref": format!("#/components/schemas/{}", pointer_escape(target))})
        }
        S::Array(inner) => json!({"type": "array", "items": render(inner, names)}),
        S::Map(inner) => json!({"type": "object", "additionalProperties": render(inner, names)}),
        S::Object(fields) => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for (field, schema, is_required) in fields {
                properties.insert(field.clone(), render(schema, names));
                if *is_required && !required.contains(field) {
                    required.push(field.clone());
                }
            }
            let mut object = json!({"type": "object", "properties": properties});
            if !required.is_empty() {
                object["required"] = json!(required);
            }
            object
        }
        S::AllOf(parts) => {
            json!({"allOf": parts.iter().map(|p| render(p, names)).collect::<Vec<_>>()})
        }
        S::OneOf(parts) => {
            json!({"oneOf": parts.iter().map(|p| render(p, names)).collect::<Vec<_>>()})
        }
        S::AnyOf(parts) => {
            json!({"anyOf": parts.iter().map(|p| render(p, names)).collect::<Vec<_>>()})
        }
        S::Nullable(inner) => {
            let mut schema = render(inner, names);
            if let Some(object) = schema.as_object_mut() {
                if !object.contains_key("$ref") {
                    object.insert("nullable".into(), json!(true));
                }
            }
            schema
        }
    }
}

fn pointer_escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// An operation: method, path segments (some templated), query parameter names, request and
/// response schemas, whether the response is a Go-CRM envelope.
#[derive(Debug, Clone)]
struct Op {
    method: &'static str,
    operation_id: Option<String>,
    segments: Vec<(String, bool)>,
    query: Vec<String>,
    body: Option<S>,
    response: Option<S>,
    envelope: bool,
}

fn operation() -> impl Strategy<Value = Op> {
    (
        prop::sample::select(&["get", "post", "put", "delete", "patch"][..]),
        prop::option::of(name()),
        prop::collection::vec((name(), any::<bool>()), 1..4),
        prop::collection::vec(name(), 0..4),
        prop::option::of(schema()),
        prop::option::of(schema()),
        any::<bool>(),
    )
        .prop_map(
            |(method, operation_id, segments, query, body, response, envelope)| Op {
                method,
                operation_id,
                segments,
                query,
                body,
                response,
                envelope,
            },
        )
}

#[derive(Debug, Clone)]
struct Spec {
    names: Vec<String>,
    schemas: Vec<S>,
    ops: Vec<Op>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(name(), 1..6),
        prop::collection::vec(schema(), 1..6),
        prop::collection::vec(operation(), 0..4),
    )
        .prop_map(|(mut names, schemas, ops)| {
            names.sort();
            names.dedup();
            Spec {
                names,
                schemas,
                ops,
            }
        })
}

/// Path segments made safe for a template: no `/`, `{`, `}`, `?`, `#` inside one.
fn segment(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if matches!(c, '/' | '{' | '}' | '?' | '#' | '%') {
                '_'
            } else {
                c
            }
        })
        .collect();
    if cleaned.trim().is_empty() {
        "x".to_owned()
    } else {
        cleaned
    }
}

fn to_document(spec: &Spec) -> Value {
    let mut schemas = Map::new();
    for (i, name) in spec.names.iter().enumerate() {
        let shape = &spec.schemas[i % spec.schemas.len()];
        // A component that is only a `$ref` could close a pure alias cycle, which the loader
        // rightly refuses; wrap it.
        let rendered = render(shape, &spec.names);
        let schema = if rendered.get("$ref").is_some() {
            json!({"allOf": [rendered]})
        } else {
            rendered
        };
        schemas.insert(name.clone(), schema);
    }
    let mut paths = Map::new();
    let mut used_ids = Vec::new();
    for (i, op) in spec.ops.iter().enumerate() {
        let mut path = format!("/p{i}");
        let mut parameters = Vec::new();
        for (j, (text, templated)) in op.segments.iter().enumerate() {
            let text = segment(text);
            if *templated {
                let param = format!("{text}{j}");
                path.push_str(&format!("/{{{param}}}"));
                parameters.push(json!({"name": param, "in": "path", "required": true, "schema": {"type": "string"}}));
            } else {
                path.push('/');
                path.push_str(&text);
            }
        }
        let mut seen = Vec::new();
        for query in &op.query {
            if !seen.contains(query) {
                seen.push(query.clone());
                parameters
                    .push(json!({"name": query, "in": "query", "schema": {"type": "string"}}));
            }
        }
        let mut operation =
            json!({"parameters": parameters, "responses": {"200": {"description": "ok"}}});
        if let Some(id) = &op.operation_id {
            if !used_ids.contains(id) {
                used_ids.push(id.clone());
                operation["operationId"] = json!(id);
            }
        }
        if let Some(body) = &op.body {
            operation["requestBody"] =
                json!({"content": {"application/json": {"schema": render(body, &spec.names)}}});
        }
        if let Some(response) = &op.response {
            let data = render(response, &spec.names);
            let schema = if op.envelope {
                json!({"type": "object", "properties": {"status": {"type": "string"}, "message": {"type": "string"}, "data": data}})
            } else {
                data
            };
            operation["responses"]["200"]["content"] =
                json!({"application/json": {"schema": schema}});
        }
        paths.insert(path, json!({op.method: operation}));
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Random", "version": "1.0.0"},
        "servers": [{"url": "https://example.invalid"}],
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

/// Loads and generates; `Err` describes a broken property.
fn check(document: &Value, settings: &Settings) -> Result<(), String> {
    let text = serde_json::to_string_pretty(document).map_err(|e| e.to_string())?;
    let spec = load_str(&text, "random.json").map_err(|e| format!("does not load: {e}\n{text}"))?;
    let generated = generate_crate_sources(&spec, settings, "regen")
        .map_err(|e| format!("does not generate: {e}\n{text}"))?;
    invariants::check_files(
        generated
            .files
            .iter()
            .map(|f| (f.path.to_str().unwrap_or(""), f.contents.as_str())),
        &[],
    )
    .map_err(|e| format!("{e}\n{text}"))
}

fn settings_for(flags: u8) -> Settings {
    Settings {
        unwrap_envelope: flags & 1 == 0,
        lenient_scalars: flags & 2 == 0,
        keep_unknown_properties: flags & 4 == 0,
        ..Settings::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128),
        failure_persistence: None,
        rng_seed: if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
            ProptestConfig::default().rng_seed
        } else {
            RngSeed::Fixed(0x676f_63726d)
        },
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_specs_generate_code_that_parses(spec in spec(), flags in 0u8..8) {
        let document = to_document(&spec);
        if let Err(e) = check(&document, &settings_for(flags)) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// A few random specs from a fixed seed compile (`cargo check`), in the shared workspace.
#[test]
fn a_sample_of_random_specs_compiles() {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let mut ws = crate_ws::Workspace::new("random");
    let strategy = spec();
    for i in 0..4u8 {
        let spec = strategy.new_tree(&mut runner).expect("a value").current();
        let document = to_document(&spec);
        let text = serde_json::to_string_pretty(&document).expect("serialise");
        ws.add(&format!("random{i}"), &text, &settings_for(i), false);
    }
    ws.cargo_ok(&["check", "--workspace"], &[]);
}
