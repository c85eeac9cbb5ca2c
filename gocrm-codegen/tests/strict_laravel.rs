//! Issue 15 under both settings, through generated crates compiled and run against a local
//! HTTP server:
//!
//! - the Go-CRM client generated with `lenient_scalars = false` refuses each PHP/Laravel row
//!   that the committed (lenient) client takes (`gocrm-generated/tests/laravel.rs`), with the
//!   same path-bearing decode errors;
//! - a small spec with the shapes Go-CRM lacks (a required nested object with and without a
//!   `Default`, required and optional maps, a whole body that is `[]` or an index-keyed object)
//!   generated both ways: lenient takes what the rules say, strict refuses all of it.

#[path = "support/crate_ws.rs"]
mod crate_ws;

use std::path::Path;

use crate_ws::Workspace;
use gocrm_codegen::{Config, Settings};

/// A one-connection-at-a-time HTTP server answering every request with `body` (200, JSON);
/// what each generated test uses.
const SERVER: &str = r###"
#[allow(dead_code)]
fn serve(body: String) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    format!("http://{address}")
}

#[allow(dead_code)]
fn success(data: &str) -> String {
    format!(r#"{{"status": "success", "message": "", "validation_errors": {{}}, "data": {data}}}"#)
}

/// The decode error's path and `Display` of a failed call.
#[allow(dead_code)]
fn decode_error<T: std::fmt::Debug>(result: Result<T, crate_under_test::Error>) -> (String, String) {
    let err = result.expect_err("a decode error");
    let text = err.to_string();
    match err {
        crate_under_test::Error::Decode(e) => (e.path.clone(), text),
        other => panic!("expected a decode error, got {other:?}"),
    }
}
"###;

/// The Go-CRM rows, with `lenient_scalars = false`: each is refused, naming its path.
const GOCRM_STRICT_TEST: &str = r###"
use crate_under_test::types::ListUsersParams;
use crate_under_test::Client;

fn center(id: usize) -> String {
    format!(
        r#"{{"id": {id}, "city": "C", "cityAlias": "c", "centerAlias": "a{id}", "address": "A", "cityId": 1, "firmId": 2, "timezone": "T", "siteStatus": true}}"#
    )
}

fn user(id: usize, center: &str) -> String {
    format!(r#"{{"id": {id}, "login": "u{id}", "name": "N", "isDisplay": true, "position": 4, "centerId": 7, "center": {center}}}"#)
}

fn centers(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

#[tokio::test]
async fn declared_types_decode() {
    let client = Client::new(&serve(success(&centers(&[center(1), center(2)]))));
    assert_eq!(client.list_city_centers(1).await.expect("centres").len(), 2);
}

#[tokio::test]
async fn null_for_a_required_field_is_refused() {
    let mut items: Vec<String> = (1..=40).map(center).collect();
    items[12] = items[12].replace(r#""address": "A""#, r#""address": null"#);
    let client = Client::new(&serve(success(&centers(&items))));
    let (path, text) = decode_error(client.list_city_centers(1).await);
    assert_eq!(path, "data[12].address");
    assert!(text.contains("data[12].address: invalid type: null"), "{text}");
}

#[tokio::test]
async fn empty_strings_for_numbers_and_booleans_are_refused() {
    for (field, from, to) in [
        ("cityId", r#""cityId": 1"#, r#""cityId": """#),
        ("id", r#""id": 1"#, r#""id": """#),
        ("siteStatus", r#""siteStatus": true"#, r#""siteStatus": """#),
    ] {
        let client = Client::new(&serve(success(&center(1).replace(from, to))));
        let (path, text) = decode_error(client.get_center(1).await);
        assert_eq!(path, format!("data.{field}"), "{text}");
    }
}

#[tokio::test]
async fn an_empty_array_for_an_object_is_refused() {
    let client = Client::new(&serve(success(&format!("[{}]", user(3, "[]")))));
    let (path, text) = decode_error(client.list_users(&ListUsersParams::default()).await);
    assert_eq!(path, "data[0].center");
    assert!(text.contains("invalid type: sequence"), "{text}");
}

#[tokio::test]
async fn an_index_keyed_object_for_an_array_is_refused() {
    let body = format!(r#"{{"0": {}, "3": {}}}"#, center(1), center(3));
    let client = Client::new(&serve(success(&body)));
    let (path, text) = decode_error(client.list_city_centers(1).await);
    assert_eq!(path, "data");
    assert!(text.contains("invalid type: map"), "{text}");
}

#[tokio::test]
async fn a_decode_error_in_a_5000_item_list_names_the_item() {
    let mut items: Vec<String> = (0..5000).map(|i| user(i, &center(7))).collect();
    items[3811] = items[3811].replace(r#""login": "u3811", "#, "");
    let client = Client::new(&serve(success(&centers(&items))));
    let (path, text) = decode_error(client.list_users(&ListUsersParams::default()).await);
    assert_eq!(path, "data[3811].login");
    assert!(text.contains("data[3811].login: missing field `login`"), "{text}");
}
"###;

/// A spec with the shapes Go-CRM lacks.
const SHAPES_SPEC: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "shapes", "version": "1"},
  "paths": {
    "/row": {"get": {"operationId": "getRow", "responses": {"200": {"description": "ok",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Row"}}}}}}},
    "/rows": {"get": {"operationId": "listRows", "responses": {"200": {"description": "ok",
      "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Inner"}}}}}}}},
    "/tags": {"get": {"operationId": "getTags", "responses": {"200": {"description": "ok",
      "content": {"application/json": {"schema": {"type": "object", "additionalProperties": {"type": "integer"}}}}}}}}
  },
  "components": {"schemas": {
    "Row": {"type": "object", "required": ["inner", "kinded", "tags", "items"], "properties": {
      "inner": {"$ref": "#/components/schemas/Inner"},
      "kinded": {"$ref": "#/components/schemas/Kinded"},
      "tags": {"type": "object", "additionalProperties": {"type": "integer"}},
      "labels": {"type": "object", "additionalProperties": {"type": "string"}},
      "items": {"type": "array", "items": {"type": "integer"}},
      "count": {"type": "number"}
    }},
    "Inner": {"type": "object", "properties": {"x": {"type": "string"}}},
    "Kinded": {"type": "object", "required": ["kind"], "properties": {
      "kind": {"type": "string", "enum": ["a", "b"]}
    }}
  }}
}"##;

/// What the shapes decode to with `lenient_scalars = true`.
const SHAPES_LENIENT_TEST: &str = r###"
use crate_under_test::Client;

#[tokio::test]
async fn null_empty_array_and_index_keys_follow_the_rules() {
    // `null` for a required object with a `Default`, a required map and a required list: their
    // defaults; `[]` for a required map: empty; `[]` for an optional map: None; `""` for an
    // optional number: None.
    let body = r#"{"inner": null, "kinded": {"kind": "b"}, "tags": [], "labels": [], "items": null, "count": ""}"#;
    let row = Client::new(&serve(body.to_owned())).get_row().await.expect("the row");
    assert_eq!(row.inner, Default::default());
    assert!(row.tags.is_empty() && row.items.is_empty());
    assert_eq!(row.labels, None);
    assert_eq!(row.count, None);

    // `[]` for a required object that has one: the empty object.
    let body = r#"{"inner": [], "kinded": {"kind": "a"}, "tags": {"a": "1"}, "items": {"1": 5, "0": "6"}}"#;
    let row = Client::new(&serve(body.to_owned())).get_row().await.expect("the row");
    assert_eq!(row.inner.x, None);
    assert_eq!(row.tags.get("a"), Some(&1));
    assert_eq!(row.items, [5, 6]);

    // The top of a body: `{}` and an index-keyed object for an array, `[]` for a map.
    let rows = Client::new(&serve(r#"{"7": {"x": "a"}, "2": {}}"#.to_owned())).list_rows().await.expect("rows");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].x.as_deref(), Some("a"));
    assert!(Client::new(&serve("{}".to_owned())).list_rows().await.expect("rows").is_empty());
    assert!(Client::new(&serve("[]".to_owned())).get_tags().await.expect("tags").is_empty());
}

#[tokio::test]
async fn what_the_rules_do_not_cover_still_fails_with_its_path() {
    // `null` for a required object without a `Default` (its `kind` has none).
    let body = r#"{"inner": {}, "kinded": null, "tags": {}, "items": []}"#;
    let (path, text) = decode_error(Client::new(&serve(body.to_owned())).get_row().await);
    assert_eq!(path, "kinded");
    assert!(text.contains("kinded: invalid type: null, expected struct Kinded"), "{text}");

    // `[]` for an object whose required properties it lacks.
    let body = r#"{"inner": {}, "kinded": [], "tags": {}, "items": []}"#;
    let (path, _) = decode_error(Client::new(&serve(body.to_owned())).get_row().await);
    assert_eq!(path, "kinded.kind");

    // A non-empty array for a map; a key that is not an index for an array.
    let body = r#"{"inner": {}, "kinded": {"kind": "a"}, "tags": [1], "items": []}"#;
    let (path, _) = decode_error(Client::new(&serve(body.to_owned())).get_row().await);
    assert_eq!(path, "tags");
    let (path, _) = decode_error(Client::new(&serve(r#"{"0": {}, "a": {}}"#.to_owned())).list_rows().await);
    assert_eq!(path, "");
    // `null` for an array item.
    let (path, _) = decode_error(Client::new(&serve("[{}, null]".to_owned())).list_rows().await);
    assert_eq!(path, "[1]");
}
"###;

/// The same shapes with `lenient_scalars = false`: all refused.
const SHAPES_STRICT_TEST: &str = r###"
use crate_under_test::Client;

#[tokio::test]
async fn every_php_shape_is_refused() {
    let ok = r#"{"inner": {}, "kinded": {"kind": "a"}, "tags": {}, "items": []}"#;
    Client::new(&serve(ok.to_owned())).get_row().await.expect("declared types decode");
    for (body, at) in [
        (r#"{"inner": null, "kinded": {"kind": "a"}, "tags": {}, "items": []}"#, "inner"),
        (r#"{"inner": [], "kinded": {"kind": "a"}, "tags": {}, "items": []}"#, "inner"),
        (r#"{"inner": {}, "kinded": {"kind": "a"}, "tags": [], "items": []}"#, "tags"),
        (r#"{"inner": {}, "kinded": {"kind": "a"}, "tags": {}, "labels": [], "items": []}"#, "labels"),
        (r#"{"inner": {}, "kinded": {"kind": "a"}, "tags": {}, "items": null}"#, "items"),
        (r#"{"inner": {}, "kinded": {"kind": "a"}, "tags": {}, "items": {"0": 1}}"#, "items"),
        (r#"{"inner": {}, "kinded": {"kind": "a"}, "tags": {}, "items": [], "count": ""}"#, "count"),
    ] {
        let (path, text) = decode_error(Client::new(&serve(body.to_owned())).get_row().await);
        assert_eq!(path, at, "{text}");
    }
    let (path, _) = decode_error(Client::new(&serve(r#"{"0": {}}"#.to_owned())).list_rows().await);
    assert_eq!(path, "");
    let (path, _) = decode_error(Client::new(&serve("[]".to_owned())).get_tags().await);
    assert_eq!(path, "");
}
"###;

fn add_crate(ws: &mut Workspace, name: &str, spec: &str, settings: &Settings, test: &str) {
    ws.add(name, spec, settings, false);
    ws.add_dev_dependencies(
        name,
        "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n",
    );
    let header = format!("use {name} as crate_under_test;\n");
    ws.write(name, "tests/laravel.rs", &format!("{header}{SERVER}{test}"));
}

#[test]
fn strict_clients_refuse_what_lenient_ones_take() {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/public.json");
    let spec = std::fs::read_to_string(&spec_path).expect("spec/public.json");
    let mut config = Config::new();
    config.cargo_output(false);
    let (gocrm, _) = config.resolve_settings(&spec_path).expect("the settings");
    let gocrm_strict = Settings {
        lenient_scalars: false,
        ..gocrm
    };

    let mut ws = Workspace::new("laravel");
    add_crate(
        &mut ws,
        "gocrm_strict",
        &spec,
        &gocrm_strict,
        GOCRM_STRICT_TEST,
    );
    let lenient = Settings::default();
    let strict = Settings {
        lenient_scalars: false,
        ..Settings::default()
    };
    add_crate(
        &mut ws,
        "shapes_lenient",
        SHAPES_SPEC,
        &lenient,
        SHAPES_LENIENT_TEST,
    );
    add_crate(
        &mut ws,
        "shapes_strict",
        SHAPES_SPEC,
        &strict,
        SHAPES_STRICT_TEST,
    );
    // Only the tests written here: the strict Go-CRM crate's generated example tests fail, as
    // they should (the spec's own examples have string ids).
    let output = ws.cargo_ok(
        &["test", "--test", "laravel", "--", "--test-threads=2"],
        &[],
    );
    // Every generated test ran (a filtered or empty run would pass too).
    let passed: usize = output
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(passed, 9, "{output}");
}
