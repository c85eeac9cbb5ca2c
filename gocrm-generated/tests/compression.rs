//! Compressed answers (issue 18): the client asks for gzip, brotli and deflate, and decodes a
//! compressed body transparently, even one the server sends without being asked. A real HTTP
//! server on 127.0.0.1 (wiremock) answers with bodies compressed by flate2 and brotli.

use std::io::Write;

use gocrm_generated::Client;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn firm_envelope() -> Value {
    json!({
        "status": "success", "message": "", "validation_errors": {},
        "data": {"id": "12345", "nameFirm": "ООО \"Зелёный лес\"", "inn": 123457890}
    })
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

/// HTTP's `deflate` is the zlib format (RFC 9110 §8.4.1.2).
fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("deflate");
    encoder.finish().expect("deflate")
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        encoder.write_all(bytes).expect("brotli");
    }
    out
}

/// A server whose `GET /firms/12345` answers with the envelope compressed as `encoding`.
async fn compressing_server(encoding: &str, body: Vec<u8>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/firms/12345"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", encoding)
                .set_body_raw(body, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_client_asks_for_gzip_brotli_and_deflate() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/firms/12345"))
        .respond_with(ResponseTemplate::new(200).set_body_json(firm_envelope()))
        .expect(1)
        .mount(&server)
        .await;
    Client::new(&server.uri())
        .get_firm(12345)
        .await
        .expect("firm");
    let requests = server.received_requests().await.unwrap_or_default();
    let accept = requests[0]
        .headers
        .get("accept-encoding")
        .map(|v| v.to_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    let offered: Vec<&str> = accept.split(',').map(str::trim).collect();
    for encoding in ["gzip", "br", "deflate"] {
        assert!(offered.contains(&encoding), "{encoding} in {accept:?}");
    }
}

#[tokio::test]
async fn a_gzip_answer_decodes() {
    let body = serde_json::to_vec(&firm_envelope()).expect("json");
    let compressed = gzip(&body);
    assert_ne!(compressed, body);
    let server = compressing_server("gzip", compressed).await;
    let firm = Client::new(&server.uri())
        .get_firm(12345)
        .await
        .expect("a gzip body decodes");
    assert_eq!(firm.id, Some(12345));
    assert_eq!(firm.name_firm.as_deref(), Some("ООО \"Зелёный лес\""));
}

#[tokio::test]
async fn a_gzip_answer_decodes_even_when_the_client_did_not_ask_for_it() {
    let body = serde_json::to_vec(&firm_envelope()).expect("json");
    let server = compressing_server("gzip", gzip(&body)).await;
    // The application's own client asks for no compression at all; the server gzips anyway.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_ENCODING,
        reqwest::header::HeaderValue::from_static("identity"),
    );
    let http = gocrm_generated::http_client_builder()
        .default_headers(headers)
        .build()
        .expect("client");
    let firm = Client::with_client(&server.uri(), http)
        .get_firm(12345)
        .await
        .expect("an unasked gzip body decodes");
    assert_eq!(firm.id, Some(12345));
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests[0]
            .headers
            .get("accept-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("identity")
    );
}

#[tokio::test]
async fn brotli_and_deflate_answers_decode() {
    let body = serde_json::to_vec(&firm_envelope()).expect("json");
    for (encoding, compressed) in [("br", brotli(&body)), ("deflate", deflate(&body))] {
        assert_ne!(compressed, body);
        let server = compressing_server(encoding, compressed).await;
        let firm = Client::new(&server.uri())
            .get_firm(12345)
            .await
            .unwrap_or_else(|e| panic!("a {encoding} body decodes: {e}"));
        assert_eq!(firm.id, Some(12345), "{encoding}");
    }
}

#[tokio::test]
async fn a_body_that_says_gzip_but_is_not_is_a_transport_error_not_a_panic() {
    let body = serde_json::to_vec(&firm_envelope()).expect("json");
    let server = compressing_server("gzip", body).await;
    let error = Client::new(&server.uri())
        .get_firm(12345)
        .await
        .expect_err("not gzip");
    assert!(
        matches!(error, gocrm_generated::Error::Transport(_)),
        "{error:?}"
    );
}
