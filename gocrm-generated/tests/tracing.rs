//! The `tracing` feature (`cargo test -p gocrm-generated --features tracing`): one `http.client`
//! span per call with the documented fields, a `WARN` event when a call fails, and no secret
//! (query or path value, API key, body) in any span or event. A real HTTP server on 127.0.0.1
//! (wiremock) answers; a `tracing-subscriber` layer captures what the client traced.

mod support;

use std::time::Duration;

use gocrm_generated::types::ListUsersParams;
use gocrm_generated::{Client, RetryPolicy};
use serde_json::json;
use support::capture::capture;
use tracing::Level;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Values that must never reach a span or an event.
const QUERY_SECRET: i64 = 731_904_562;
const PATH_SECRET: i64 = 58_213_377;
const API_KEY: &str = "key-6b1f0c9e-secret";
const BODY_SECRET: &str = "body-secret-8d2e";

/// A client that sends an API key header on every request, as a user would set it up.
fn client_with_key(base_url: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    let mut key = reqwest::header::HeaderValue::from_static(API_KEY);
    key.set_sensitive(true);
    headers.insert("x-api-key", key);
    let http = gocrm_generated::http_client_builder()
        .default_headers(headers)
        .build()
        .expect("client");
    Client::with_client(base_url, http)
}

fn assert_no_secret(text: &str) {
    for secret in [
        QUERY_SECRET.to_string(),
        PATH_SECRET.to_string(),
        API_KEY.to_owned(),
        BODY_SECRET.to_owned(),
    ] {
        assert!(!text.contains(&secret), "{secret} was traced:\n{text}");
    }
}

#[tokio::test]
async fn a_call_is_one_span_with_its_fields_and_no_values() {
    let server = MockServer::start().await;
    let user = json!({
        "id": "1", "login": BODY_SECRET, "name": "Mark", "displayName": "Markus",
        "isDisplay": "1", "position": "4", "centerId": 1
    });
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("centerId", QUERY_SECRET.to_string()))
        .and(header("x-api-key", API_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success", "message": "", "validation_errors": {}, "data": [user]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (captured, _guard) = capture();

    let params = ListUsersParams {
        center_id: Some(QUERY_SECRET),
        ..Default::default()
    };
    let users = client_with_key(&server.uri())
        .list_users(&params)
        .await
        .expect("users");
    assert_eq!(users.len(), 1);

    let spans = captured.spans_named("http.client");
    assert_eq!(spans.len(), 1, "{spans:?}");
    let fields = &spans[0].fields;
    assert_eq!(fields["operation"], "list_users");
    assert_eq!(fields["http.request.method"], "GET");
    assert_eq!(fields["url.template"], "/users");
    assert_eq!(fields["http.response.status_code"], "200");
    assert_eq!(fields["retries"], "0");
    assert!(
        captured.events().iter().all(|e| e.level != Level::WARN),
        "{:?}",
        captured.events()
    );
    assert_no_secret(&captured.all_text());
}

#[tokio::test]
async fn retries_are_counted_in_the_one_span_of_the_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/firms/{PATH_SECRET}")))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/firms/{PATH_SECRET}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success", "message": "", "validation_errors": {},
            "data": {"id": PATH_SECRET, "nameFirm": BODY_SECRET}
        })))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;
    let (captured, _guard) = capture();

    let client =
        client_with_key(&server.uri()).with_retry(RetryPolicy::new(3, Duration::from_millis(1)));
    client.get_firm(PATH_SECRET).await.expect("firm");

    let spans = captured.spans_named("http.client");
    assert_eq!(spans.len(), 1, "one span for three attempts: {spans:?}");
    let fields = &spans[0].fields;
    assert_eq!(fields["operation"], "get_firm");
    assert_eq!(fields["url.template"], "/firms/{id}");
    assert_eq!(fields["http.response.status_code"], "200");
    assert_eq!(fields["retries"], "2");
    assert_no_secret(&captured.all_text());
}

#[tokio::test]
async fn a_failed_call_is_a_warn_event_with_the_errors_display_in_its_span() {
    let server = MockServer::start().await;
    let refusal = json!({
        "status": "error",
        "message": "Центр не найден",
        "validation_errors": {},
        "data": {"secret": BODY_SECRET}
    });
    Mock::given(method("GET"))
        .and(path(format!("/centers/{PATH_SECRET}")))
        .respond_with(ResponseTemplate::new(404).set_body_json(refusal))
        .expect(1)
        .mount(&server)
        .await;
    let (captured, _guard) = capture();

    let error = client_with_key(&server.uri())
        .get_center(PATH_SECRET)
        .await
        .expect_err("404");

    let spans = captured.spans_named("http.client");
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_eq!(spans[0].fields["operation"], "get_center");
    assert_eq!(spans[0].fields["http.response.status_code"], "404");
    assert_eq!(spans[0].fields["retries"], "0");
    let warnings: Vec<_> = captured
        .events()
        .into_iter()
        .filter(|e| e.level == Level::WARN)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].span.as_deref(), Some("http.client"));
    assert_eq!(warnings[0].fields["error"], error.to_string());
    assert!(warnings[0].fields["error"].contains("Центр не найден"));
    assert_no_secret(&captured.all_text());
}

#[tokio::test]
async fn a_transport_failure_is_traced_without_the_url_it_was_sent_to() {
    // A port nothing listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let (captured, _guard) = capture();

    let client = client_with_key(&format!("http://127.0.0.1:{port}"))
        .with_retry(RetryPolicy::new(1, Duration::from_millis(1)));
    let error = client.get_firm(PATH_SECRET).await.expect_err("refused");
    assert!(
        error.to_string().contains(&PATH_SECRET.to_string()),
        "the error itself keeps the URL for the caller: {error}"
    );

    let spans = captured.spans_named("http.client");
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_eq!(spans[0].fields["retries"], "1");
    assert!(
        !spans[0].fields.contains_key("http.response.status_code"),
        "no response, no status: {spans:?}"
    );
    let warnings: Vec<_> = captured
        .events()
        .into_iter()
        .filter(|e| e.level == Level::WARN)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let text = &warnings[0].fields["error"];
    assert!(text.starts_with("request failed: "), "{text}");
    assert!(text.contains(&format!("http://127.0.0.1:{port}")), "{text}");
    assert_no_secret(&captured.all_text());
}

#[tokio::test]
async fn a_decode_failure_warns_without_the_values_serde_quotes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cities/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success", "message": "", "validation_errors": {},
            "data": {"id": BODY_SECRET}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (captured, _guard) = capture();

    let error = client_with_key(&server.uri())
        .get_city(7)
        .await
        .expect_err("not an id");
    assert!(
        error.to_string().contains(BODY_SECRET),
        "the error itself keeps serde's reason for the caller: {error}"
    );

    let spans = captured.spans_named("http.client");
    assert_eq!(spans.len(), 1, "{spans:?}");
    assert_eq!(spans[0].fields["http.response.status_code"], "200");
    let warnings: Vec<_> = captured
        .events()
        .into_iter()
        .filter(|e| e.level == Level::WARN)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let text = &warnings[0].fields["error"];
    assert!(
        text.starts_with("HTTP 200: unexpected response body"),
        "{text}"
    );
    assert!(text.contains("string \"…\""), "{text}");
    assert_no_secret(&captured.all_text());
}

#[tokio::test]
async fn a_missing_field_is_named_in_the_warning() {
    let server = MockServer::start().await;
    let user = json!({"id": "1", "name": BODY_SECRET});
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success", "message": "", "validation_errors": {}, "data": [user]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (captured, _guard) = capture();

    client_with_key(&server.uri())
        .list_users(&ListUsersParams::default())
        .await
        .expect_err("no login");

    let warnings: Vec<_> = captured
        .events()
        .into_iter()
        .filter(|e| e.level == Level::WARN)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].fields["error"].contains("missing field `login`"),
        "{warnings:?}"
    );
    assert_no_secret(&captured.all_text());
}
