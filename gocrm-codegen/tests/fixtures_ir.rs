//! Our own fixtures, one per construct family (gocrm-codegen/tests/fixtures/ir): snapshots of
//! the generated code, the warnings they must produce, and determinism. `cargo xtask corpus`
//! compiles and lints the fixture crates together with the corpus.

use std::path::{Path, PathBuf};

use gocrm_codegen::{generate_crate_sources, load, Generated, Settings};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ir")
        .join(name)
}

fn generate(name: &str) -> Generated {
    let spec = load::load_path(&fixture(name)).expect("fixture loads");
    generate_crate_sources(&spec, &Settings::default(), "cargo xtask corpus").expect("generates")
}

fn file<'a>(generated: &'a Generated, name: &str) -> &'a str {
    generated
        .files
        .iter()
        .find(|f| f.path.ends_with(name))
        .map(|f| f.contents.as_str())
        .expect("file generated")
}

fn warnings(generated: &Generated) -> String {
    generated
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.pointer, w.message))
        .collect::<Vec<_>>()
        .join("\n")
}

fn snapshot(name: &str) -> Generated {
    let generated = generate(name);
    let stem = name.trim_end_matches(".yaml");
    insta::assert_snapshot!(format!("{stem}_types"), file(&generated, "types.rs"));
    insta::assert_snapshot!(format!("{stem}_client"), file(&generated, "client.rs"));
    insta::assert_snapshot!(format!("{stem}_warnings"), warnings(&generated));
    assert_eq!(generate(name).files, generated.files, "deterministic");
    generated
}

#[test]
fn unions_objects_and_recursion() {
    let g = snapshot("unions.yaml");
    let types = file(&g, "types.rs");
    // Tagged by the discriminator, with the mapping's values and a catch-all.
    assert!(types.contains("pub const TAG: &'static str = \"petType\";"));
    assert!(types.contains("Some(\"cat\") | Some(\"kitten\") =>"));
    assert!(types.contains("Other(serde_json::Value)"));
    // Untagged: the first variant that decodes wins (serde's `untagged`, written out).
    assert!(types.contains("data did not match any variant of untagged enum"));
    // Recursion is boxed.
    assert!(types.contains("Box<Tree>"));
    assert!(warnings(&g).contains("allOf parts declare property `id` differently"));
}

#[test]
fn names() {
    let g = snapshot("names.yaml");
    let types = file(&g, "types.rs");
    for name in [
        "pub struct OptionModel",
        "pub struct ResultModel",
        "pub struct StringModel",
        "pub struct BoxModel",
        "pub type VecModel",
        "pub struct ErrorModel",
        "pub struct ClientModel",
        "pub enum Status",
        "pub enum Level",
    ] {
        assert!(types.contains(name), "{name}");
    }
    assert!(warnings(&g).contains("duplicate operationId `doThing`"));
}

#[test]
fn responses_bodies_and_parameters() {
    let g = snapshot("responses.yaml");
    let client = file(&g, "client.rs");
    assert!(client.contains("# Other responses"));
    assert!(client.contains("[`types::Problem`](crate::types::Problem)"));
}

#[test]
fn hostile_text_stays_text() {
    let g = snapshot("hostile.yaml");
    for f in &g.files {
        // Spec text is only in comments, doc comments and string literals: outside them there
        // is no trace of the functions the text spells out.
        let code: String = f
            .contents
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(without_string_literals)
            .collect::<Vec<_>>()
            .join("\n");
        for needle in ["fn evil", "fn doctest", "fn x()"] {
            assert!(!code.contains(needle), "{}: {needle}", f.path.display());
        }
        // Every fence opened in docs is a text fence.
        for line in f.contents.lines() {
            let trimmed = line.trim_start();
            if !trimmed.starts_with("///") && !trimmed.starts_with("//!") {
                continue;
            }
            assert!(!trimmed.contains("```rust"), "{line}");
            let doc = trimmed.trim_start_matches("///").trim_start_matches("//!");
            if let Some(rest) = doc.trim().strip_prefix("```") {
                assert!(rest.is_empty() || rest == "text", "{line}");
            }
        }
    }
}

/// A line of code with the contents of its string literals removed.
fn without_string_literals(line: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
                out.push(c);
            }
        } else {
            if c == '"' {
                in_string = true;
            }
            out.push(c);
        }
    }
    out
}

#[test]
fn security_schemes_become_credentials() {
    let g = generate("security-swagger2.json");
    let client = file(&g, "client.rs");
    insta::assert_snapshot!("security-swagger2_client", client);
    // One setter per scheme; OAuth2 sends the caller's token as a bearer token.
    for setter in [
        "pub fn with_token(",
        "pub fn with_login(",
        "pub fn with_oauth(",
    ] {
        assert!(client.contains(setter), "{setter}");
    }
    assert!(client.contains("request.basic_auth(user, Some(password))"));
    assert!(client.contains("request.bearer_auth(token)"));
    // `security: []` sends nothing; the document's default applies elsewhere.
    let open = client
        .split("pub fn open(")
        .nth(1)
        .expect("the method `open`");
    let open_body = open.split("pub fn").next().expect("the method `open`");
    assert!(!open_body.contains("authorize"), "{open_body}");
    let me = client.split("pub fn me(").nth(1).unwrap_or_default();
    assert!(me
        .split("pub fn")
        .next()
        .unwrap_or_default()
        .contains("&[&[Scheme::Token]]"));
    let lib = file(&g, "lib.rs");
    assert!(lib.contains("pub use client::Credentials;"));
}

#[test]
fn a_spec_without_security_has_no_credential_api() {
    let g = generate("unions.yaml");
    let client = file(&g, "client.rs");
    assert!(!client.contains("Credentials"));
    assert!(!client.contains("fn authorize"));
}

#[test]
fn openapi_3_2_query_additional_operations_and_querystring() {
    let g = snapshot("oas32.yaml");
    let client = file(&g, "client.rs");
    // `query` and `additionalOperations` are client methods sending their token as written
    // (`search_things` answers a stream, so it stays an `async fn`).
    assert!(client.contains("pub async fn search_things("));
    assert!(client.contains("pub fn purge_things("));
    assert!(client.contains("reqwest::Method::from_bytes(b\"QUERY\")"));
    assert!(client.contains("reqwest::Method::from_bytes(b\"PURGE\")"));
    // The querystring parameter is the whole query string.
    assert!(client.contains("request.query(value)"));
    let types = file(&g, "types.rs");
    assert!(types.contains("pub filter: Option<Filter>"));
    // Only the operations `POST` duplicates in `additionalOperations` is dropped.
    assert!(!client.contains("not_allowed_here"));
}
