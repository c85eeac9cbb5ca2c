//! `gocrm-codegen probe` against fake servers on 127.0.0.1 (wiremock) that depart from their
//! specs in known ways: every kind of departure, tolerated and failing; ids chained from
//! lists; a 404 route; a slow answer; an HTML error page; no unsafe method ever sent; the
//! README's report.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::{json, Value};
use wiremock::matchers::{any, method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("{e}: not JSON:\n{}\nstderr:\n{}", self.stdout, self.stderr))
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/probe")
        .join(name)
        .display()
        .to_string()
}

/// Runs the CLI off the async runtime (the fake server keeps answering on its threads).
async fn probe(args: Vec<String>) -> Run {
    tokio::task::spawn_blocking(move || {
        let output = Command::new(env!("CARGO_BIN_EXE_gocrm-codegen"))
            .current_dir(repo())
            .arg("probe")
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"))
}

fn args(spec: &str, base: &str, extra: &[&str]) -> Vec<String> {
    let mut out = vec![
        "--spec".to_owned(),
        spec.to_owned(),
        "--base-url".to_owned(),
        base.to_owned(),
        "--delay-ms".to_owned(),
        "0".to_owned(),
    ];
    out.extend(extra.iter().map(|s| (*s).to_owned()));
    out
}

/// The departure of `operation` with `kind` at `pointer`.
fn departure<'a>(report: &'a Value, operation: &str, kind: &str, pointer: &str) -> &'a Value {
    report["departures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["operation"] == operation && d["kind"] == kind && d["pointer"] == pointer)
        .unwrap_or_else(|| {
            panic!(
                "no {kind} departure of {operation} at {pointer:?} in\n{}",
                serde_json::to_string_pretty(&report["departures"]).unwrap()
            )
        })
}

/// The client's verdict on that departure.
fn client<'a>(report: &'a Value, operation: &str, kind: &str, pointer: &str) -> &'a str {
    departure(report, operation, kind, pointer)["client"]
        .as_str()
        .unwrap()
}

fn assert_departure(
    report: &Value,
    (operation, kind, pointer): (&str, &str, &str),
    schema: &str,
    expected: &str,
    found: &str,
    count: &str,
    client: &str,
) {
    let d = departure(report, operation, kind, pointer);
    assert_eq!(
        d,
        &json!({
            "operation": operation, "kind": kind, "pointer": pointer, "schema": schema,
            "expected": expected, "found": found, "count": count, "client": client
        })
    );
}

fn html(status: u16, text: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(
        format!("<!DOCTYPE html><html><body><h1>{text}</h1></body></html>"),
        "text/html; charset=utf-8",
    )
}

async fn get(server: &MockServer, route: &str, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(response)
        .mount(server)
        .await;
}

/// The server behind `kinds.yaml`.
async fn kinds_server() -> MockServer {
    let server = MockServer::start().await;
    let item = |id: Value, extra: Value| {
        let mut item = json!({"id": id, "name": "Dune", "kind": "book", "owner": {"login": "ann"}, "meta": {"pages": 412}});
        item.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        item
    };
    let items = json!([
        item(json!("1"), json!({"note": null, "kind": "music", "shelf": "B2"})),
        item(json!(2), json!({"active": "yes"})),
        item(json!(3), json!({"kind": null})),
        {"id": 4, "name": "Solaris", "kind": "book", "meta": null},
        {"id": 5, "name": "Stalker", "kind": "film", "owner": {"login": "bo"}},
    ]);
    get(
        &server,
        "/v1/items",
        ResponseTemplate::new(200).set_body_json(items),
    )
    .await;
    get(
        &server,
        "/v1/items/1",
        ResponseTemplate::new(200).set_body_json(item(json!(1), json!({}))),
    )
    .await;
    get(
        &server,
        "/v1/items/2",
        ResponseTemplate::new(404).set_body_json(json!({"title": "gone", "code": 7})),
    )
    .await;
    get(
        &server,
        "/v1/items/3",
        ResponseTemplate::new(200).set_body_json(item(json!(3.0), json!({}))),
    )
    .await;
    let report = json!({"status": "ok", "message": "", "validation_errors": "{\"q\": [\"too short\"]}", "data": {"total": 3}});
    get(
        &server,
        "/v1/report",
        ResponseTemplate::new(200).set_body_json(report),
    )
    .await;
    let summary = json!({"message": "", "data": {"total": "3"}});
    get(
        &server,
        "/v1/summary",
        ResponseTemplate::new(200).set_body_json(summary),
    )
    .await;
    get(&server, "/v1/page", html(200, "Welcome")).await;
    get(
        &server,
        "/v1/plain",
        ResponseTemplate::new(200).set_body_raw(r#"{"login": "ann"}"#, "text/plain"),
    )
    .await;
    // `/v1/gone` has no route: wiremock answers 404 with an empty body.
    get(&server, "/v1/broken", html(500, "Internal Server Error")).await;
    get(
        &server,
        "/v1/slow",
        ResponseTemplate::new(200)
            .set_body_json(json!({"login": "late"}))
            .set_delay(std::time::Duration::from_secs(3)),
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/v1/search"))
        .and(query_param("q", "лес"))
        .and(query_param("kind", "book"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"login": "ann"}])))
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_departure_with_the_clients_verdict() {
    let server = kinds_server().await;
    let base = format!("{}/v1", server.uri());
    let run = probe(args(
        &fixture("kinds.yaml"),
        &base,
        &["--format", "json", "--timeout-ms", "700"],
    ))
    .await;
    assert_eq!(
        run.code,
        Some(1),
        "stderr: {}\nstdout: {}",
        run.stderr,
        run.stdout
    );
    let r = run.json();
    let item = "#/components/schemas/Item";

    // type_mismatch: a numeric string and 12.0 are decoded; "yes" for a boolean is not.
    assert_departure(
        &r,
        ("list_items", "type_mismatch", "/0/id"),
        &format!("{item}/properties/id"),
        "integer",
        "\"1\"",
        "1 of 5 values",
        "tolerated",
    );
    assert_departure(
        &r,
        ("list_items", "type_mismatch", "/1/active"),
        &format!("{item}/properties/active"),
        "boolean",
        "\"yes\"",
        "1 of 1 value",
        "fails",
    );
    assert_departure(
        &r,
        ("get_item", "type_mismatch", "/id"),
        &format!("{item}/properties/id"),
        "integer",
        "3.0",
        "1 of 2 values",
        "tolerated",
    );
    // null_for_non_nullable: an optional property is `None`; a required enum has no default.
    assert_departure(
        &r,
        ("list_items", "null_for_non_nullable", "/0/note"),
        &format!("{item}/properties/note"),
        "string",
        "null",
        "1 of 1 value",
        "tolerated",
    );
    assert_departure(
        &r,
        ("list_items", "null_for_non_nullable", "/2/kind"),
        &format!("{item}/properties/kind"),
        "string",
        "null",
        "1 of 5 values",
        "fails",
    );
    // missing_required: a required struct fails; a required nullable one is `None`.
    assert_departure(
        &r,
        ("list_items", "missing_required", "/3/owner"),
        &format!("{item}/properties/owner"),
        "property `owner`",
        "absent",
        "1 of 5 values",
        "fails",
    );
    assert_departure(
        &r,
        ("list_items", "missing_required", "/4/meta"),
        &format!("{item}/properties/meta"),
        "property `meta`",
        "absent",
        "1 of 5 values",
        "tolerated",
    );
    // undeclared_property: kept in `extra`.
    assert_departure(
        &r,
        ("list_items", "undeclared_property", "/0/shelf"),
        item,
        "only the declared properties",
        "`shelf`",
        "1 of 5 values",
        "tolerated",
    );
    // enum_value: `Other(…)` for a field; an envelope status other than "success" fails.
    assert_departure(
        &r,
        ("list_items", "enum_value", "/0/kind"),
        &format!("{item}/properties/kind"),
        "one of \"book\", \"film\"",
        "\"music\"",
        "1 of 5 values",
        "tolerated",
    );
    assert_departure(
        &r,
        ("get_report", "enum_value", "/status"),
        "#/components/schemas/Envelope/properties/status",
        "one of \"success\", \"error\"",
        "\"ok\"",
        "1 of 1 value",
        "fails",
    );
    // envelope_shape: validation_errors as a JSON string is normalised; no status fails.
    assert_departure(
        &r,
        ("get_report", "envelope_shape", "/validation_errors"),
        "#/components/schemas/Envelope/properties/validation_errors",
        "object",
        "\"{\\\"q\\\": [\\\"too short\\\"]}\"",
        "1 of 1 value",
        "tolerated",
    );
    assert_departure(
        &r,
        ("get_summary", "envelope_shape", "/status"),
        "#/components/schemas/Envelope/properties/status",
        "property `status`",
        "absent",
        "1 of 1 value",
        "fails",
    );
    // … and inside the envelope's data, the usual kinds.
    assert_departure(
        &r,
        ("get_summary", "type_mismatch", "/data/total"),
        "#/components/schemas/Envelope/properties/data/properties/total",
        "integer",
        "\"3\"",
        "1 of 1 value",
        "tolerated",
    );
    // status_undocumented: a 404 route and an HTML error page are `Error::Api` for the client.
    assert_departure(
        &r,
        ("get_gone", "status_undocumented", ""),
        "#/paths/~1gone/get/responses",
        "200",
        "404",
        "1 of 1 answer",
        "tolerated",
    );
    assert_departure(
        &r,
        ("get_broken", "status_undocumented", ""),
        "#/paths/~1broken/get/responses",
        "200",
        "500",
        "1 of 1 answer",
        "tolerated",
    );
    // content_type: HTML for JSON fails; JSON sent as text/plain decodes.
    assert_departure(
        &r,
        ("get_page", "content_type", ""),
        "#/paths/~1page/get/responses/200/content",
        "application/json",
        "text/html (the body is not JSON)",
        "1 of 1 answer",
        "fails",
    );
    assert_departure(
        &r,
        ("get_plain", "content_type", ""),
        "#/paths/~1plain/get/responses/200/content",
        "application/json",
        "text/plain",
        "1 of 1 answer",
        "tolerated",
    );
    // A documented 404 is checked against its own schema (and is `Error::Api` for the client).
    assert_departure(
        &r,
        ("get_item", "undeclared_property", "/code"),
        "#/components/schemas/Problem",
        "only the declared properties",
        "`code`",
        "1 of 1 value",
        "tolerated",
    );

    let ops = r["operations"].as_array().unwrap();
    let op =
        |name: &str| -> Vec<&Value> { ops.iter().filter(|o| o["operation"] == name).collect() };
    // Ids chained from the list answer (the first three), whatever their JSON type.
    let item_paths: Vec<&Value> = op("get_item").iter().map(|o| &o["path"]).collect();
    assert_eq!(
        item_paths,
        [&json!("/items/1"), &json!("/items/2"), &json!("/items/3")]
    );
    assert_eq!(op("get_item")[1]["status"], 404);
    // The slow answer timed out; the probe went on.
    assert_eq!(
        op("get_slow"),
        [
            &json!({"operation": "get_slow", "method": "GET", "path": "/slow", "status": null,
                 "skipped": "no answer: no answer within 700 ms (--timeout-ms)"})
        ]
    );
    // Required query parameters from the example and the enum; the optional one left out.
    assert_eq!(
        op("search")[0]["path"],
        "/search?q=%D0%BB%D0%B5%D1%81&kind=book"
    );
    assert_eq!(op("search")[0]["status"], 200);
    // A path parameter with no list and no example: skipped, saying why.
    assert_eq!(
        op("get_token"),
        [
            &json!({"operation": "get_token", "method": "GET", "path": "/tokens/{token}", "status": null,
                 "skipped": "cannot fill path parameter `token`: no list operation gives one, and the spec gives no example, default or enum"})
        ]
    );
    assert_eq!(r["requests"], 12);
    assert_eq!(server.received_requests().await.unwrap().len(), 12);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verdicts_follow_the_settings() {
    let server = kinds_server().await;
    let base = format!("{}/v1", server.uri());
    let strict = probe(args(
        &fixture("kinds.yaml"),
        &base,
        &[
            "--format",
            "json",
            "--timeout-ms",
            "300",
            "--no-lenient",
            "--no-envelope",
        ],
    ))
    .await;
    assert_eq!(strict.code, Some(1), "{}", strict.stderr);
    let r = strict.json();
    // Without lenient scalars, "1" for an integer fails; the optional null is still `None`.
    assert_eq!(client(&r, "list_items", "type_mismatch", "/0/id"), "fails");
    assert_eq!(
        client(&r, "list_items", "null_for_non_nullable", "/0/note"),
        "tolerated"
    );
    // Without envelopes, the envelope is a struct: `validation_errors` (a map) cannot be a
    // string, and the status enum takes "ok" as `Other`.
    assert_eq!(
        client(&r, "get_report", "envelope_shape", "/validation_errors"),
        "fails"
    );
    assert_eq!(
        client(&r, "get_report", "enum_value", "/status"),
        "tolerated"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_unsafe_method_is_ever_sent() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": 1, "name": "a"}, {"id": 2, "name": "b"}])),
        )
        .mount(&server)
        .await;
    let run = probe(args(
        &fixture("unsafe.yaml"),
        &server.uri(),
        &["--format", "json"],
    ))
    .await;
    let methods: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.method.to_string())
        .collect();
    assert!(!methods.is_empty());
    assert!(
        methods.iter().all(|m| m == "GET" || m == "HEAD"),
        "{methods:?}"
    );
    assert!(methods.contains(&"HEAD".to_owned()), "{methods:?}");
    let r = run.json();
    for (operation, verb) in [
        ("create_thing", "POST"),
        ("replace_things", "PUT"),
        ("patch_things", "PATCH"),
        ("delete_things", "DELETE"),
        ("put_thing", "PUT"),
        ("patch_thing", "PATCH"),
        ("delete_thing", "DELETE"),
        ("thing_options", "OPTIONS"),
        ("trace_thing", "TRACE"),
    ] {
        let entry = r["operations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["operation"] == operation)
            .unwrap_or_else(|| panic!("{operation} missing"));
        assert_eq!(entry["method"], verb);
        assert_eq!(entry["status"], Value::Null);
        assert_eq!(
            entry["skipped"],
            format!("{verb} is not a safe method: the probe sends only GET and HEAD")
        );
    }
    // The catch-all answers `get_thing` with an array where one Thing is expected.
    assert_eq!(client(&r, "get_thing", "type_mismatch", ""), "fails");
    assert_eq!(run.code, Some(1));
}

/// The fake Go-CRM server of the README: the departures the real one is known for.
async fn gocrm_server() -> MockServer {
    let server = MockServer::start().await;
    let ok = |data: Value| {
        ResponseTemplate::new(200).set_body_json(
            json!({"status": "success", "message": "", "validation_errors": {}, "data": data}),
        )
    };
    let firm = |id: &str, name: &str| json!({"id": id, "nameFirm": name, "phone": "+79876543210", "createdAt": "2020-01-01 00:00:00", "logo": "/img/1.png"});
    let firms = json!({"status": "success", "message": "", "validation_errors": "{}", "data": [firm("12345", "ООО \"Зелёный лес\""), firm("12346", "ИП Петров")]});
    get(
        &server,
        "/api/v3/firms",
        ResponseTemplate::new(200).set_body_json(firms),
    )
    .await;
    get(
        &server,
        "/api/v3/firms/12345",
        ok(firm("12345", "ООО \"Зелёный лес\"")),
    )
    .await;
    get(&server, "/api/v3/firms/12346", html(404, "404 Not Found")).await;
    let cities = json!([
        {"id": 1, "alias": "chelyabinsk", "name": "Челябинск", "countryId": "20"},
        {"id": 2, "alias": "miass", "name": null, "countryId": 20},
    ]);
    get(&server, "/api/v3/cities", ok(cities.clone())).await;
    get(&server, "/api/v3/cities/1", ok(cities[0].clone())).await;
    get(&server, "/api/v3/cities/2", ok(cities[1].clone())).await;
    let center = |id: &str, city: i64, site_status: Value| {
        json!({"id": id, "city": "Челябинск", "cityAlias": "chelyabinsk", "centerAlias": "forest",
               "address": "ул. Лесная, д.3", "cityId": city.to_string(), "firmId": 12345,
               "timezone": "Asia/Yekaterinburg", "latitude": 55.16, "siteStatus": site_status})
    };
    get(
        &server,
        "/api/v3/cities/1/centers",
        ok(json!([center("7", 1, json!(1))])),
    )
    .await;
    get(
        &server,
        "/api/v3/cities/2/centers",
        ok(json!({"0": center("8", 2, json!(0))})),
    )
    .await;
    get(
        &server,
        "/api/v3/centers/7",
        ok(center("7", 1, json!("yes"))),
    )
    .await;
    get(&server, "/api/v3/centers/8", ok(center("8", 2, json!(0)))).await;
    let users = json!([
        {"id": "3", "login": "mark", "name": "Mark", "position": "4", "centerId": 7, "isDisplay": "", "center": []},
        {"id": "4", "name": "Olga", "position": 4, "centerId": 8},
    ]);
    get(&server, "/api/v3/users", ok(users)).await;
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gocrm_ids_chain_from_lists_and_no_lead_is_created() {
    let server = gocrm_server().await;
    let base = format!("{}/api/v3", server.uri());
    let run = probe(args("spec/public.json", &base, &["--format", "json"])).await;
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let r = run.json();
    let paths: Vec<(String, String)> = r["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["operation"].as_str().unwrap().to_owned(),
                o["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("create_lead", "/leads"),
        ("list_firms", "/firms"),
        ("get_firm", "/firms/12345"),
        ("get_firm", "/firms/12346"),
        ("list_cities", "/cities"),
        ("get_city", "/cities/1"),
        ("get_city", "/cities/2"),
        ("list_city_centers", "/cities/1/centers"),
        ("list_city_centers", "/cities/2/centers"),
        ("get_center", "/centers/7"),
        ("get_center", "/centers/8"),
        ("list_users", "/users"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(paths, expected);
    // Swagger 2.0: schema pointers as the user wrote them.
    assert_departure(
        &r,
        ("list_firms", "type_mismatch", "/data/0/id"),
        "#/definitions/Firm/properties/id",
        "integer",
        "\"12345\"",
        "2 of 2 values",
        "tolerated",
    );
    assert_departure(
        &r,
        ("list_city_centers", "type_mismatch", "/data"),
        "#/paths/~1cities~1{id}~1centers/get/responses/200/schema/allOf/1/properties/data",
        "array",
        "an object with 1 property",
        "1 of 2 values",
        "tolerated",
    );
    assert_departure(
        &r,
        ("get_center", "type_mismatch", "/data/siteStatus"),
        "#/definitions/Center/properties/siteStatus",
        "boolean",
        "\"yes\"",
        "1 of 2 values",
        "fails",
    );
    assert_departure(
        &r,
        ("list_users", "missing_required", "/data/1/login"),
        "#/definitions/User/properties/login",
        "property `login`",
        "absent",
        "1 of 2 values",
        "fails",
    );
    let methods: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.method.to_string())
        .collect();
    assert_eq!(methods.len(), 11);
    assert!(methods.iter().all(|m| m == "GET"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_shows_this_report() {
    let server = gocrm_server().await;
    let base = format!("{}/api/v3", server.uri());
    let run = probe(args("spec/public.json", &base, &[])).await;
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let text = run.stdout.replace(&server.uri(), "http://127.0.0.1:8080");
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = "<!-- probe-report: tests/probe.rs the_readme_shows_this_report -->\n```text\n";
    let block = readme
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once("```"))
        .map(|(block, _)| block)
        .unwrap_or_else(|| {
            panic!("README.md has no probe report block; put this after `{start}`:\n{text}")
        });
    assert_eq!(
        block, text,
        "README.md's probe report is stale; the report is now:\n{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_does_not_depend_on_concurrency() {
    let server = gocrm_server().await;
    let base = format!("{}/api/v3", server.uri());
    let one = probe(args("spec/public.json", &base, &["--format", "json"])).await;
    let four = probe(args(
        "spec/public.json",
        &base,
        &["--format", "json", "--concurrency", "4"],
    ))
    .await;
    assert_eq!(one.stdout, four.stdout);
}

/// Answers with a firm list and notes when each request arrived.
struct Clock(Arc<Mutex<Vec<Instant>>>);

impl Respond for Clock {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.0.lock().unwrap().push(Instant::now());
        ResponseTemplate::new(200)
            .set_body_json(json!({"status": "success", "data": [{"id": 1}, {"id": 2}, {"id": 3}]}))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polite_and_bounded() {
    let server = MockServer::start().await;
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    Mock::given(any())
        .respond_with(Clock(Arc::clone(&arrivals)))
        .mount(&server)
        .await;
    let base = format!("{}/api/v3", server.uri());
    let run = probe(vec![
        "--spec".into(),
        "spec/public.json".into(),
        "--base-url".into(),
        base,
        "--format".into(),
        "json".into(),
        "--max-requests".into(),
        "3".into(),
        "--delay-ms".into(),
        "300".into(),
        "--header".into(),
        "X-Api-Key: s3cret".into(),
    ])
    .await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "--max-requests 3");
    for request in &requests {
        assert_eq!(request.headers.get("x-api-key").unwrap(), "s3cret");
        let agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
        assert!(agent.starts_with("gocrm-codegen-probe/"), "{agent}");
    }
    let arrivals = arrivals.lock().unwrap().clone();
    for pair in arrivals.windows(2) {
        assert!(
            pair[1] - pair[0] >= std::time::Duration::from_millis(300),
            "{arrivals:?}"
        );
    }
    assert!(!run.stdout.contains("s3cret") && !run.stderr.contains("s3cret"));
    let r = run.json();
    assert_eq!(r["requests"], 3);
    let skipped: Vec<&Value> = r["operations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["skipped"] == "the --max-requests limit (3) was reached")
        .collect();
    assert!(!skipped.is_empty(), "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_server_is_an_error_naming_the_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let base = format!("http://127.0.0.1:{port}/api/v3");
    let run = probe(args("spec/public.json", &base, &[])).await;
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.starts_with(&format!(
            "error: cannot reach http://127.0.0.1:{port}/api/v3/"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_exit_2() {
    let run = probe(vec![
        "--spec".into(),
        "spec/public.json".into(),
        "--header".into(),
        "no colon".into(),
    ])
    .await;
    assert_eq!(run.code, Some(2));
    let run = probe(vec![
        "--spec".into(),
        "spec/public.json".into(),
        "--concurrency".into(),
        "0".into(),
    ])
    .await;
    assert_eq!(run.code, Some(2));
    let run = probe(vec!["--spec".into(), "no/such/spec.json".into()]).await;
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("no/such/spec.json"), "{}", run.stderr);
    let run = probe(vec![
        "--spec".into(),
        fixture("unsafe.yaml"),
        "--base-url".into(),
        "ftp://example.invalid".into(),
    ])
    .await;
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("ftp://example.invalid"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everything_tolerated_exits_0() {
    let server = MockServer::start().await;
    get(
        &server,
        "/things",
        ResponseTemplate::new(200).set_body_json(json!([{"id": "1", "name": 5, "extra": true}])),
    )
    .await;
    get(
        &server,
        "/things/1",
        ResponseTemplate::new(200).set_body_json(json!({"id": 1.0, "name": "a"})),
    )
    .await;
    Mock::given(method("HEAD"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let run = probe(args(
        &fixture("unsafe.yaml"),
        &server.uri(),
        &["--format", "json"],
    ))
    .await;
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    let r = run.json();
    assert_eq!(
        client(&r, "list_things", "type_mismatch", "/0/id"),
        "tolerated"
    );
    assert_eq!(
        client(&r, "list_things", "type_mismatch", "/0/name"),
        "tolerated"
    );
    assert_eq!(client(&r, "get_thing", "type_mismatch", "/id"), "tolerated");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_stay_on_the_servers_origin() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    // Same origin: followed. Another origin: not followed (the API key stays home).
    get(
        &server,
        "/things",
        ResponseTemplate::new(301).insert_header("location", "/things/all"),
    )
    .await;
    get(
        &server,
        "/things/all",
        ResponseTemplate::new(200).set_body_json(json!([{"id": 1}])),
    )
    .await;
    let away = format!("{}/stolen", elsewhere.uri());
    get(
        &server,
        "/things/1",
        ResponseTemplate::new(302).insert_header("location", away.as_str()),
    )
    .await;
    let run = probe(args(
        &fixture("unsafe.yaml"),
        &server.uri(),
        &["--format", "json", "--header", "X-Api-Key:s3cret"],
    ))
    .await;
    let r = run.json();
    let status = |op: &str| {
        r["operations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["operation"] == op)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("list_things"), 200);
    assert_eq!(status("get_thing"), 302);
    assert_eq!(
        client(&r, "get_thing", "status_undocumented", ""),
        "tolerated"
    );
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_the_envelope_reports_as_documented_is_no_failure() {
    let server = MockServer::start().await;
    let fail = json!({"status": "fail", "message": "access denied", "validation_errors": [], "data": null});
    get(
        &server,
        "/api/v3/firms",
        ResponseTemplate::new(200).set_body_json(fail),
    )
    .await;
    let base = format!("{}/api/v3", server.uri());
    let run = probe(args("spec/public.json", &base, &["--format", "json"])).await;
    let r = run.json();
    // `data: null` departs from the spec, but the client returns `Error::Api` ("access
    // denied") without decoding it; `[]` for validation_errors is normalised.
    assert_eq!(
        client(&r, "list_firms", "null_for_non_nullable", "/data"),
        "tolerated"
    );
    assert_eq!(
        client(&r, "list_firms", "envelope_shape", "/validation_errors"),
        "tolerated"
    );
    assert_eq!(run.code, Some(0), "{}", run.stdout);
}
