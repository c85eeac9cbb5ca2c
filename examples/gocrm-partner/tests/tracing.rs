//! The `tracing` feature in the build.rs single-file layout (`cargo test -p gocrm-partner
//! --features tracing`): this crate declares the feature, and the included runtime's
//! `cfg(feature = "tracing")` follows it. Credentials (a query key, basic auth, an API key
//! header) never reach a span or an event, even when the call fails.

#[path = "../../../gocrm-generated/tests/support/capture.rs"]
mod capture;

use gocrm_partner::partner::Client;
use serde_json::json;
use tracing::Level;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const QUERY_KEY: &str = "qk-5c1d9a-secret";
const API_KEY: &str = "hk-77e0b2-secret";
const PASSWORD: &str = "pw-3f8a41-secret";

fn assert_no_secret(text: &str) {
    for secret in [QUERY_KEY, API_KEY, PASSWORD] {
        assert!(!text.contains(secret), "{secret} was traced:\n{text}");
    }
}

#[tokio::test]
async fn a_call_with_a_query_key_is_traced_without_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/reports"))
        .and(query_param("key", QUERY_KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success", "data": {"ok": true}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (captured, _guard) = capture::capture();

    let client = Client::new(&server.uri())
        .with_query_key(QUERY_KEY)
        .with_basic("manager", PASSWORD)
        .with_api_key(API_KEY);
    client.get_report().await.expect("report");

    let spans = captured.spans_named("http.client");
    assert_eq!(spans.len(), 1, "{spans:?}");
    let fields = &spans[0].fields;
    assert_eq!(fields["operation"], "get_report");
    assert_eq!(fields["http.request.method"], "GET");
    assert_eq!(fields["url.template"], "/reports");
    assert_eq!(fields["http.response.status_code"], "200");
    assert_eq!(fields["retries"], "0");
    assert_no_secret(&captured.all_text());
}

#[tokio::test]
async fn a_refused_call_warns_without_the_credentials() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let (captured, _guard) = capture::capture();

    let client = Client::new(&format!("http://127.0.0.1:{port}"))
        .with_query_key(QUERY_KEY)
        .with_basic("manager", PASSWORD);
    let error = client.get_report().await.expect_err("nothing listens");

    let warnings: Vec<_> = captured
        .events()
        .into_iter()
        .filter(|e| e.level == Level::WARN)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].span.as_deref(), Some("http.client"));
    assert!(
        warnings[0].fields["error"].starts_with("request failed"),
        "{warnings:?} ({error})"
    );
    assert_no_secret(&captured.all_text());
}
