//! The hostile specs (tests/hostile_specs.rs) as data: text that tries to close a literal or a
//! comment and start code, Markdown that would become a doctest, control characters, a 10 MB
//! description, 200-deep nesting, a 1,500-type by-value `$ref` chain, `$ref` cycles through
//! `allOf`, a 10,000-value enum, hostile names; and the round-trip tests written into their
//! crates.
//!
//! Shared by `tests/hostile_specs.rs` (each spec loads and generates code that holds the
//! invariants) and `cargo xtask corpus` (`xtask/src/hostile.rs`: the crates are compiled,
//! tested, documented and linted in the corpus workspace, sharing its build).

#![allow(dead_code)]

use serde_json::{json, Map, Value};

/// Strings that try to end a literal, a comment or a doc attribute and start code.
pub fn escapes() -> Vec<&'static str> {
    vec![
        "*/ fn evil() {} /*",
        "\" ); evil(); (\"",
        "\"]\n#[doc = \"\"] fn evil() {}\n#[doc = \"",
        "\\\"); pwned!(); //",
        "\r\nfn evil() {}\r\n//",
        "\n*/\nfn evil() {}\n/**",
        "r#\"raw\"#); evil(); (r#\"",
        "'); evil(); ('",
        "}} fn evil() {{",
        "NUL\u{0}byte \u{1b}[31mANSI\u{7} bell \u{7f} del",
        "bidi \u{202E}evil\u{202C} \u{2066}isolate\u{2069}",
        "line\u{2028}separator\u{2029}paragraph \u{feff}bom \u{200b}zwsp",
    ]
}

/// Markdown that rustdoc would turn into a doctest if it got through.
pub fn markdown_attacks() -> &'static str {
    concat!(
        "Fenced:\n```rust\nfn evil() { std::process::exit(1) }\n```\n",
        "Unclosed tilde:\n~~~\nfn evil() {}\n",
        "\nIndented:\n\n    fn evil() {}\n\tpwned();\n",
        "- ```rust\n  fn evil() {}\n  ```\n",
        "1.      fn evil() {}\n",
        "> ```\n> fn evil() {}\n> ```\n",
        "<pre>fn evil() {}</pre> <script>evil()</script> [link](javascript:evil()) [x]: y\n",
        "```compile_fail\nfn evil() {}\n```\n````\nfn evil() {}\n````\n",
        "bare https://example.com/a_b_(c) and <https://x.y> and www.example.com\n",
        "HTML <!-- comment --> &amp; &#x27; <b>unclosed <div>\n",
    )
}

pub fn hostile_names() -> Vec<&'static str> {
    vec![
        "type",
        "self",
        "Self",
        "crate",
        "super",
        "fn",
        "async",
        "await",
        "try",
        "r#try",
        "_",
        "__",
        "123",
        "0abc",
        "имя",
        "Имя",
        "ИМЯ",
        "a-b",
        "a b",
        "a.b",
        "a_b",
        "aB",
        "a__b",
        "",
        " ",
        "$ref",
        "extra",
        "Other",
        "other",
        "None",
        "Some",
        "Ok",
        "Err",
        "Default",
        "✓",
        "名前",
        "e\u{301}",
        "\u{e9}",
        "__proto__",
        "constructor",
        "mod",
        "use",
        "impl",
        "dyn",
        "union",
        "static",
        "macro_rules",
        "unsafe",
    ]
}

pub fn base_doc() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Hostile", "version": "1.0.0"},
        "servers": [{"url": "https://example.invalid/api"}],
        "paths": {},
        "components": {"schemas": {}}
    })
}

pub fn schemas(doc: &mut Value) -> &mut Map<String, Value> {
    doc["components"]["schemas"]
        .as_object_mut()
        .expect("components.schemas")
}

/// Literal- and comment-breaking text everywhere text goes: title, version, descriptions,
/// summaries, server URL, paths, parameter names, enum values, defaults, examples.
pub fn literal_escapes_spec() -> Value {
    let mut doc = base_doc();
    let all = escapes().join(" | ");
    doc["info"]["title"] = json!(format!("Title {all}"));
    doc["info"]["version"] = json!("1.0.0\"); evil(); (\"");
    doc["info"]["description"] = json!(format!("{all}\n{}", markdown_attacks()));
    doc["servers"][0]["url"] = json!("https://example.invalid/\"); evil(); //*/");
    let mut properties = Map::new();
    for (i, text) in escapes().iter().enumerate() {
        properties.insert(
            format!("field{i}"),
            json!({"type": "string", "description": text, "default": text, "example": text}),
        );
    }
    properties.insert(
        "choice".into(),
        json!({"type": "string", "enum": escapes(), "description": markdown_attacks()}),
    );
    schemas(&mut doc).insert(
        "Escapes".into(),
        json!({"type": "object", "description": markdown_attacks(), "properties": properties}),
    );
    let mut parameters =
        vec![json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}})];
    for (i, text) in escapes().iter().enumerate() {
        parameters.push(
            json!({"name": text, "in": if i % 2 == 0 { "query" } else { "header" },
            "description": text, "schema": {"type": "string"}}),
        );
    }
    doc["paths"] = json!({
        "/items/{id}/\"); evil(); (\"/*/": {
            "post": {
                "operationId": "postItem",
                "summary": all,
                "description": markdown_attacks(),
                "parameters": parameters,
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Escapes"}}}},
                "responses": {"200": {"description": all, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Escapes"}}}}}
            }
        }
    });
    doc
}

/// Keyword, Cyrillic, digit, punctuation and case-colliding names for schemas, properties,
/// enum values and operations.
pub fn hostile_names_spec() -> Value {
    let mut doc = base_doc();
    let mut properties = Map::new();
    for name in hostile_names() {
        properties.insert(name.to_owned(), json!({"type": "string"}));
    }
    schemas(&mut doc).insert(
        "Names".into(),
        json!({"type": "object", "properties": properties, "required": ["type", "имя"]}),
    );
    schemas(&mut doc).insert(
        "NameEnum".into(),
        json!({"type": "string", "enum": hostile_names()}),
    );
    for name in hostile_names() {
        schemas(&mut doc).insert(
            format!("S{name}"),
            json!({"type": "object", "properties": {"v": {"type": "integer"}}}),
        );
        if !name.is_empty() {
            schemas(&mut doc).insert(name.to_owned(), json!({"type": "object"}));
        }
    }
    for prelude in [
        "Option", "String", "Result", "Error", "Client", "types", "runtime", "Vec", "Box", "serde",
        "std", "BTreeMap", "Value", "reqwest",
    ] {
        schemas(&mut doc).insert(
            prelude.to_owned(),
            json!({"type": "object", "properties": {"x": {"type": "string"}}}),
        );
    }
    let mut paths = Map::new();
    for (i, op) in [
        "new",
        "with_client",
        "base_url",
        "http_client",
        "default",
        "fn",
        "self",
        "Type",
        "type",
        "получить",
        "123go",
        "a-b",
        "a b",
    ]
    .iter()
    .enumerate()
    {
        paths.insert(
            format!("/op{i}/{{self}}"),
            json!({"get": {
                "operationId": op,
                "parameters": [
                    {"name": "self", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "type", "in": "query", "schema": {"type": "string"}},
                    {"name": "Type", "in": "query", "schema": {"type": "string"}},
                    {"name": "body", "in": "query", "schema": {"type": "integer"}},
                    {"name": "url", "in": "query", "schema": {"type": "boolean"}},
                    {"name": "request", "in": "header", "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Names"}}}}}
            }}),
        );
    }
    doc["paths"] = Value::Object(paths);
    doc
}

/// A `megabytes` MB description on the API; a tenth of that on a schema, a property and an
/// operation.
pub fn big_description_spec(megabytes: usize) -> Value {
    let mut doc = base_doc();
    let chunk =
        "Описание */ fn evil() {} ```rust\n    indented\n<b>[x]</b> https://e.x/ \"quote\\ ";
    let huge: String = chunk.repeat(megabytes * 1024 * 1024 / chunk.len() + 1);
    doc["info"]["description"] = json!(huge);
    // A tenth of that on a schema, a property and an operation.
    let big: String = chunk.repeat(megabytes * 1024 * 1024 / chunk.len() / 10 + 1);
    schemas(&mut doc).insert(
        "Big".into(),
        json!({"type": "object", "description": big, "properties": {"a": {"type": "string", "description": big}}}),
    );
    doc["paths"] = json!({"/big": {"get": {"operationId": "getBig", "description": big,
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Big"}}}}}}}});
    doc
}

/// 200 levels: a `$ref` chain, nested arrays, and an inline chain of objects as deep as the
/// loader accepts.
pub fn deep_spec() -> Value {
    let mut doc = base_doc();
    for i in 0..200 {
        let next = if i == 199 {
            json!({"type": "string"})
        } else {
            json!({"$ref": format!("#/components/schemas/Level{}", i + 1)})
        };
        schemas(&mut doc).insert(
            format!("Level{i}"),
            json!({"type": "object", "properties": {"next": next, "n": {"type": "integer"}}}),
        );
    }
    let mut arrays = json!({"type": "integer"});
    for _ in 0..40 {
        arrays = json!({"type": "array", "items": arrays});
    }
    schemas(&mut doc).insert("DeepArrays".into(), arrays);
    let mut inline = json!({"type": "string"});
    for i in 0..30 {
        inline = json!({"type": "object", "properties": {format!("l{i}"): inline}});
    }
    schemas(&mut doc).insert("DeepInline".into(), inline);
    doc["paths"] = json!({"/deep": {"get": {"operationId": "getDeep",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Level0"}}}}}}}});
    doc
}

/// A by-value chain of `depth` component schemas, each holding the next in a required
/// property (`Chain0.next: Chain1`, …); the last holds a string. Nested this deep without
/// boxing, rustc runs out of query depth or stack while laying out and dropping the types.
pub fn deep_chain_spec(depth: usize) -> Value {
    let mut doc = base_doc();
    for i in 0..depth {
        let schema = if i + 1 == depth {
            json!({"type": "object", "required": ["s"], "properties": {"s": {"type": "string"}}})
        } else {
            json!({"type": "object", "required": ["next"], "properties": {
                "next": {"$ref": format!("#/components/schemas/Chain{}", i + 1)}}})
        };
        schemas(&mut doc).insert(format!("Chain{i}"), schema);
    }
    doc["paths"] = json!({"/chain": {"post": {"operationId": "postChain",
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chain0"}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Chain0"}}}}}}}});
    doc
}

/// `$ref` cycles: through `allOf` both ways, a schema whose `allOf` names itself, through
/// `oneOf`, arrays, maps and a long ring.
pub fn cycles_spec() -> Value {
    let mut doc = base_doc();
    let s = schemas(&mut doc);
    s.insert("A".into(), json!({"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object", "properties": {"a": {"type": "string"}}}]}));
    s.insert("B".into(), json!({"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {"b": {"type": "integer"}}}]}));
    s.insert(
        "SelfAll".into(),
        json!({"allOf": [{"$ref": "#/components/schemas/SelfAll"}]}),
    );
    s.insert("Node".into(), json!({"type": "object", "properties": {
        "parent": {"$ref": "#/components/schemas/Node"},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
        "byName": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Node"}},
        "either": {"oneOf": [{"$ref": "#/components/schemas/Node"}, {"$ref": "#/components/schemas/A"}]},
        "via": {"allOf": [{"$ref": "#/components/schemas/Ring0"}]}
    }}));
    for i in 0..10 {
        s.insert(
            format!("Ring{i}"),
            json!({"type": "object", "required": ["next"], "properties": {"next": {"$ref": format!("#/components/schemas/Ring{}", (i + 1) % 10)}}}),
        );
    }
    doc["paths"] = json!({"/node": {"post": {"operationId": "postNode",
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}}}}}}});
    doc
}

/// The 10,000 string values of [`big_enum_spec`]: case collisions, digits, punctuation.
pub fn big_enum_values() -> Vec<String> {
    (0..10_000)
        .map(|i| match i % 5 {
            0 => format!("value{i}"),
            1 => format!("VALUE{}", i - 1),
            2 => format!("{i}"),
            3 => format!("v-{i} \"quoted\" */"),
            _ => format!("значение_{i}"),
        })
        .collect()
}

pub fn big_enum_spec() -> Value {
    let mut doc = base_doc();
    schemas(&mut doc).insert(
        "Big".into(),
        json!({"type": "string", "enum": big_enum_values()}),
    );
    let ints: Vec<i64> = (0..10_000).map(|i| i * 7 - 35_000).collect();
    schemas(&mut doc).insert("BigInt".into(), json!({"type": "integer", "enum": ints}));
    schemas(&mut doc).insert(
        "Holder".into(),
        json!({"type": "object", "properties": {"big": {"$ref": "#/components/schemas/Big"}, "int": {"$ref": "#/components/schemas/BigInt"}}}),
    );
    doc["paths"] = json!({"/big": {"get": {"operationId": "getBig",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Holder"}}}}}}}});
    doc
}

/// 10 MB, as the issue asks; `GOCRM_HOSTILE_MB` makes it smaller for a quick local run.
pub fn big_megabytes() -> usize {
    std::env::var("GOCRM_HOSTILE_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
}

/// Types in [`deep_chain_spec`]'s chain, as the issue asks.
pub const DEEP_CHAIN: usize = 1_500;

/// A ring of 64 types linked by optional properties: few enough types that rustc's default
/// recursion limit looked sufficient, but drop-check walks two levels (`Option`, `Box`) per
/// link.
pub fn optional_ring_spec() -> Value {
    let mut doc = base_doc();
    let s = schemas(&mut doc);
    let n = 64;
    for i in 0..n {
        s.insert(
            format!("Link{i}"),
            json!({"type": "object", "properties": {"next": {"$ref": format!("#/components/schemas/Link{}", (i + 1) % n)}}}),
        );
    }
    doc["paths"] = json!({"/link": {"get": {"operationId": "getLink",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Link0"}}}}}}}});
    doc
}

pub fn cases(megabytes: usize) -> Vec<(&'static str, Value)> {
    vec![
        ("hostile_literals", literal_escapes_spec()),
        ("hostile_names", hostile_names_spec()),
        ("hostile_big_description", big_description_spec(megabytes)),
        ("hostile_deep", deep_spec()),
        ("hostile_deep_chain", deep_chain_spec(DEEP_CHAIN)),
        ("hostile_cycles", cycles_spec()),
        ("hostile_optional_ring", optional_ring_spec()),
        ("hostile_big_enum", big_enum_spec()),
    ]
}

/// The round-trip tests written into the generated crates: (crate, files relative to the
/// crate). Each decodes a JSON value (kept beside the test, since rustc rejects bidi
/// controls in a literal) into its generated type and checks that encoding it gives the same
/// JSON: nothing is lost, hostile property names, escape-laden values and every enum value
/// come back as they went in.
pub fn roundtrip_files() -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    let mut names = Map::new();
    for (i, name) in hostile_names().iter().enumerate() {
        names.insert(
            (*name).to_owned(),
            json!(format!("{i} {}", escapes()[i % 12])),
        );
    }
    let mut escapes_value = Map::new();
    for (i, text) in escapes().iter().enumerate() {
        escapes_value.insert(format!("field{i}"), json!(text));
    }
    escapes_value.insert("choice".into(), json!(escapes()[1]));
    [
        (
            "hostile_names",
            "hostile_names::types::Names",
            Value::Object(names),
        ),
        (
            "hostile_big_enum",
            "Vec<hostile_big_enum::types::Big>",
            json!(big_enum_values()),
        ),
        (
            "hostile_literals",
            "hostile_literals::types::Escapes",
            Value::Object(escapes_value),
        ),
    ]
    .into_iter()
    .map(|(crate_name, type_path, value)| {
        let test = format!(
            r#"#[test]
fn roundtrip() {{
    let value: serde_json::Value =
        serde_json::from_str(include_str!("roundtrip.json")).expect("json");
    let typed: {type_path} = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&typed).expect("encodes"), value);
}}
"#
        );
        let json = serde_json::to_string(&value).expect("serialise");
        (
            crate_name,
            vec![("tests/roundtrip.json", json), ("tests/roundtrip.rs", test)],
        )
    })
    .collect()
}
