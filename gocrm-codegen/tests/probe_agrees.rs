//! The probe's model of the client (`probe/tolerance.rs`, `probe/client_model.rs`) against
//! the real thing: for each answer below, the committed Go-CRM client (`gocrm-generated`,
//! generated with `spec/gocrm-codegen.toml`) makes the call, the probe checks the same
//! server, and the two must agree on whether the call survives.
//!
//! The PHP/Laravel rows of the model (`null` for a required field, `""` for a number, `[]`
//! for an object, `{"0": …}` or `{}` for an array, at a property and at the top of `data`) are
//! the lenient runtime of issue 15; each has cases below, taken and refused.

use std::path::Path;
use std::time::Duration;

use gocrm_codegen::probe::{probe, ProbeOptions, Verdict};
use gocrm_generated::types::ListUsersParams;
use gocrm_generated::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ok(data: Value) -> Value {
    json!({"status": "success", "message": "", "validation_errors": {}, "data": data})
}

fn firm(id: Value) -> Value {
    json!({"id": id, "nameFirm": "ООО \"Зелёный лес\"", "inn": "123457890", "createdAt": "2020-01-01 00:00:00"})
}

fn city() -> Value {
    json!({"id": 1, "alias": "chelyabinsk", "name": "Челябинск", "countryId": 20})
}

fn center(site_status: Value) -> Value {
    json!({"id": 7, "city": "Челябинск", "cityAlias": "chelyabinsk", "centerAlias": "forest",
           "address": "ул. Лесная, д.3", "cityId": 1, "firmId": 12345,
           "timezone": "Asia/Yekaterinburg", "siteStatus": site_status})
}

fn user(center: Value) -> Value {
    json!({"id": 3, "login": "mark", "name": "Mark", "position": 4, "centerId": 7, "center": center})
}

#[derive(Debug, Clone, Copy)]
enum Call {
    ListFirms,
    GetFirm,
    ListCities,
    GetCenter,
    ListUsers,
}

impl Call {
    fn operation(self) -> &'static str {
        match self {
            Call::ListFirms => "list_firms",
            Call::GetFirm => "get_firm",
            Call::ListCities => "list_cities",
            Call::GetCenter => "get_center",
            Call::ListUsers => "list_users",
        }
    }

    fn route(self) -> &'static str {
        match self {
            Call::ListFirms => "/api/v3/firms",
            Call::GetFirm => "/api/v3/firms/12345",
            Call::ListCities => "/api/v3/cities",
            Call::GetCenter => "/api/v3/centers/7",
            Call::ListUsers => "/api/v3/users",
        }
    }

    /// Whether the client's call survives: a value, or `Error::Api` for an error status.
    async fn survives(self, client: &Client) -> bool {
        let result: Result<(), Error> = match self {
            Call::ListFirms => client.list_firms().await.map(drop),
            Call::GetFirm => client.get_firm(12345).await.map(drop),
            Call::ListCities => client.list_cities().await.map(drop),
            Call::GetCenter => client.get_center(7).await.map(drop),
            Call::ListUsers => client
                .list_users(&ListUsersParams::default())
                .await
                .map(drop),
        };
        match result {
            Ok(()) => true,
            Err(Error::Api(e)) => !(200..300).contains(&e.status),
            Err(_) => false,
        }
    }
}

/// A server whose every answer is what the spec says, with ids that chain.
async fn valid_server() -> MockServer {
    let server = MockServer::start().await;
    let routes = [
        ("/api/v3/firms", ok(json!([firm(json!(12345))]))),
        ("/api/v3/firms/12345", ok(firm(json!(12345)))),
        ("/api/v3/cities", ok(json!([city()]))),
        ("/api/v3/cities/1", ok(city())),
        ("/api/v3/cities/1/centers", ok(json!([center(json!(true))]))),
        ("/api/v3/centers/7", ok(center(json!(true)))),
        ("/api/v3/users", ok(json!([user(center(json!(false)))]))),
    ];
    for (route, body) in routes {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    server
}

fn html(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw("<html><body>Oops</body></html>", "text/html")
}

fn json_answer(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn cases() -> Vec<(&'static str, Call, ResponseTemplate)> {
    vec![
        (
            "string ids, numbers for strings, undeclared properties",
            Call::ListFirms,
            json_answer(ok(
                json!([{"id": "12345", "inn": 123457890, "logo": "/1.png"}]),
            )),
        ),
        (
            "\"12.0\" for an integer",
            Call::GetFirm,
            json_answer(ok(firm(json!("12.0")))),
        ),
        (
            "12.5 for an integer",
            Call::GetFirm,
            json_answer(ok(firm(json!(12.5)))),
        ),
        (
            "true for an integer",
            Call::ListCities,
            json_answer(ok(json!([{"id": true, "alias": "a", "name": "A"}]))),
        ),
        (
            "a missing required property",
            Call::ListCities,
            json_answer(ok(json!([{"id": 1, "alias": "a"}]))),
        ),
        (
            "\"TRUE\" for a boolean",
            Call::GetCenter,
            json_answer(ok(center(json!("TRUE")))),
        ),
        (
            "1 for a boolean",
            Call::GetCenter,
            json_answer(ok(center(json!(1)))),
        ),
        (
            "\"yes\" for a boolean",
            Call::GetCenter,
            json_answer(ok(center(json!("yes")))),
        ),
        (
            "2 for a boolean",
            Call::GetCenter,
            json_answer(ok(center(json!(2)))),
        ),
        (
            "a nested object with string numbers",
            Call::ListUsers,
            json_answer(ok(json!([user(
                json!({"city": "A", "cityAlias": "a", "centerAlias": "c", "address": "x",
             "cityId": "1", "firmId": "2", "timezone": "UTC", "siteStatus": "0"})
            )]))),
        ),
        (
            "a string for a nested object",
            Call::ListUsers,
            json_answer(ok(json!([user(json!("none"))]))),
        ),
        (
            "validation_errors as a JSON string",
            Call::ListFirms,
            json_answer(
                json!({"status": "success", "validation_errors": "{\"a\": \"b\"}", "data": []}),
            ),
        ),
        (
            "an envelope status the spec does not list",
            Call::ListFirms,
            json_answer(json!({"status": "ok", "data": []})),
        ),
        (
            "an envelope without a status",
            Call::ListFirms,
            json_answer(json!({"data": []})),
        ),
        (
            "a string for the data array",
            Call::ListFirms,
            json_answer(ok(json!("none"))),
        ),
        (
            "null for a required string",
            Call::GetCenter,
            json_answer(ok({
                let mut c = center(json!(true));
                c["address"] = Value::Null;
                c
            })),
        ),
        (
            "null for a required boolean and integer",
            Call::GetCenter,
            json_answer(ok({
                let mut c = center(Value::Null);
                c["cityId"] = Value::Null;
                c
            })),
        ),
        (
            "\"\" for a required integer and boolean, an optional integer",
            Call::GetCenter,
            json_answer(ok({
                let mut c = center(json!(""));
                c["cityId"] = json!("");
                c["id"] = json!("");
                c
            })),
        ),
        (
            "\"\" for an optional boolean",
            Call::ListUsers,
            json_answer(ok(json!([{
                "id": 3, "login": "mark", "name": "Mark", "position": 4, "centerId": 7,
                "isDisplay": ""
            }]))),
        ),
        (
            "\"\" for a required string is a string",
            Call::ListCities,
            json_answer(ok(
                json!([{"id": 1, "alias": "", "name": "A", "countryId": ""}]),
            )),
        ),
        (
            "[] for an optional object",
            Call::ListUsers,
            json_answer(ok(json!([user(json!([]))]))),
        ),
        (
            "[1] for an optional object",
            Call::ListUsers,
            json_answer(ok(json!([user(json!([1]))]))),
        ),
        (
            "[] for data, an object without required properties",
            Call::GetFirm,
            json_answer(ok(json!([]))),
        ),
        (
            "[] for data, an object with required properties",
            Call::GetCenter,
            json_answer(ok(json!([]))),
        ),
        (
            "an index-keyed object for the data array",
            Call::ListCities,
            json_answer(ok(json!({"0": city(), "3": city()}))),
        ),
        (
            "{} for the data array",
            Call::ListFirms,
            json_answer(ok(json!({}))),
        ),
        (
            "an object with a key that is not an index for the data array",
            Call::ListCities,
            json_answer(ok(json!({"0": city(), "x": city()}))),
        ),
        (
            "null for the data array",
            Call::ListFirms,
            json_answer(ok(Value::Null)),
        ),
        (
            "null for an array item",
            Call::ListCities,
            json_answer(ok(json!([city(), null]))),
        ),
        ("an HTML page with 200", Call::ListFirms, html(200)),
        ("an HTML error page", Call::ListFirms, html(500)),
        (
            "text/plain for JSON",
            Call::ListCities,
            ResponseTemplate::new(200).set_body_raw(ok(json!([city()])).to_string(), "text/plain"),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_probe_agrees_with_the_generated_client() {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/public.json");
    let spec = gocrm_codegen::load::load_path(&spec_path).unwrap();
    let mut config = gocrm_codegen::Config::new();
    config.cargo_output(false);
    let (base_settings, _) = config.resolve_settings(&spec_path).unwrap();
    let options = ProbeOptions {
        delay: Duration::ZERO,
        ..ProbeOptions::default()
    };
    let mut disagreements = Vec::new();
    for (name, call, answer) in cases() {
        let server = valid_server().await;
        Mock::given(method("GET"))
            .and(path(call.route()))
            .respond_with(answer)
            .with_priority(1)
            .mount(&server)
            .await;
        let client = Client::new(&format!("{}/api/v3", server.uri()));
        let survives = call.survives(&client).await;

        let mut settings = base_settings.clone();
        settings.base_url = Some(format!("{}/api/v3", server.uri()));
        let report = probe(&spec, &settings, &options).await.unwrap();
        let departures: Vec<_> = report
            .departures
            .iter()
            .filter(|d| d.operation == call.operation())
            .collect();
        assert!(
            !departures.is_empty(),
            "{name}: the case departs from the spec in no way"
        );
        let tolerated = departures.iter().all(|d| d.client == Verdict::Tolerated);
        if tolerated != survives {
            disagreements.push(format!(
                "{name}: the client {}, the probe says {departures:#?}",
                if survives { "survives" } else { "fails" }
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
}
