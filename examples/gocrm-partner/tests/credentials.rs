//! Credentials go only where the spec requires them, and never show up in Debug output.

use gocrm_partner::partner::Client;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    let ok = json!({"status": "success", "data": {"ok": true}});
    for route in ["/ping", "/leads", "/reports", "/optional"] {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_json(ok.clone()))
            .mount(&server)
            .await;
    }
    server
}

async fn last_request(server: &MockServer) -> Request {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.last().cloned().expect("a request was made")
}

fn header(request: &Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap_or_default().to_owned())
}

fn full_client(server: &MockServer) -> Client {
    Client::new(&server.uri())
        .with_api_key("k-123")
        .with_query_key("q-456")
        .with_bearer("t-789")
        .with_basic("manager", "s3cret")
}

#[tokio::test]
async fn the_documents_default_requirement_sends_the_api_key_header_only() {
    let server = server().await;
    let data = full_client(&server).list_leads().await.expect("ok");
    assert_eq!(data.ok, Some(true));
    let request = last_request(&server).await;
    assert_eq!(header(&request, "x-api-key").as_deref(), Some("k-123"));
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn a_public_operation_sends_no_credentials() {
    let server = server().await;
    full_client(&server).ping().await.expect("ok");
    let request = last_request(&server).await;
    assert_eq!(header(&request, "x-api-key"), None);
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn the_first_satisfied_alternative_is_sent() {
    let server = server().await;
    // Bearer is the first alternative and the client has it.
    full_client(&server).get_report().await.expect("ok");
    let request = last_request(&server).await;
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Bearer t-789")
    );
    assert_eq!(request.url.query(), None);

    // Without a bearer token: the query key together with basic auth.
    let client = Client::new(&server.uri())
        .with_query_key("q-456")
        .with_basic("manager", "s3cret");
    client.get_report().await.expect("ok");
    let request = last_request(&server).await;
    assert_eq!(request.url.query(), Some("key=q-456"));
    // "manager:s3cret" in base64.
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Basic bWFuYWdlcjpzM2NyZXQ=")
    );
}

#[tokio::test]
async fn optional_security_sends_credentials_when_the_client_has_them() {
    let server = server().await;
    Client::new(&server.uri())
        .optional_auth()
        .await
        .expect("ok");
    assert_eq!(header(&last_request(&server).await, "authorization"), None);
    Client::new(&server.uri())
        .with_bearer("t-1")
        .optional_auth()
        .await
        .expect("ok");
    assert_eq!(
        header(&last_request(&server).await, "authorization").as_deref(),
        Some("Bearer t-1")
    );
}

#[tokio::test]
async fn missing_credentials_let_the_server_refuse() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/leads"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"status": "error", "message": "Unauthorized", "data": null})),
        )
        .mount(&server)
        .await;
    let err = Client::new(&server.uri())
        .list_leads()
        .await
        .expect_err("401");
    assert_eq!(err.http_status(), Some(401));
    assert_eq!(err.message(), Some("Unauthorized"));
}

#[test]
fn debug_and_errors_never_show_secrets() {
    let client = Client::new("http://127.0.0.1:1")
        .with_api_key("k-123")
        .with_bearer("t-789")
        .with_basic("manager", "s3cret");
    let shown = format!("{client:?} {:?}", client.credentials());
    for secret in ["k-123", "t-789", "s3cret"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("<redacted>"), "{shown}");
}

#[test]
fn a_credential_that_cannot_be_a_header_is_an_error_not_a_panic() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let client = Client::new("http://127.0.0.1:1").with_api_key("line\nbreak");
    let err = runtime
        .block_on(client.list_leads())
        .expect_err("invalid header");
    assert!(
        matches!(err, gocrm_partner::partner::Error::InvalidRequest(_)),
        "{err:?}"
    );
    assert!(!err.to_string().contains("line\nbreak"));
}

#[tokio::test]
async fn multipart_bodies_send_text_and_file_parts() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/documents"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "success", "data": {"ok": true}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let body = gocrm_partner::partner::types::UploadDocumentBody {
        lead_id: 42,
        title: Some("Договор".to_owned()),
        tags: Some(vec!["scan".to_owned(), "signed".to_owned()]),
        file: vec![0x25, 0x50, 0x44, 0x46, 0xff, 0x00].into(),
    };
    let data = full_client(&server)
        .upload_document(&body)
        .await
        .expect("uploaded");
    assert_eq!(data.ok, Some(true));
    let request = last_request(&server).await;
    let content_type = header(&request, "content-type").unwrap_or_default();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let text = String::from_utf8_lossy(&request.body).into_owned();
    assert!(text.contains("name=\"lead_id\"\r\n\r\n42\r\n"), "{text}");
    assert!(text.contains("name=\"title\"\r\n\r\nДоговор\r\n"), "{text}");
    assert_eq!(text.matches("name=\"tags\"").count(), 2, "{text}");
    assert!(text.contains("name=\"file\"; filename=\"file\""), "{text}");
    // The file's bytes arrive unchanged, invalid UTF-8 included.
    let needle = [0x25, 0x50, 0x44, 0x46, 0xff, 0x00];
    assert!(request.body.windows(needle.len()).any(|w| w == needle));
    // The document's default security applies: the API key header.
    assert_eq!(header(&request, "x-api-key").as_deref(), Some("k-123"));
}
