//! An OpenAPI 3.2 API on the wire: a crate generated from a spec with a `query` operation, an
//! `additionalOperations` method and an `in: querystring` parameter, compiled, and called
//! against a raw TCP server (started by the generated crate's test) that records each
//! request as it arrives: the method token, the query string and the body.

#[path = "support/crate_ws.rs"]
mod crate_ws;

use gocrm_codegen::Settings;

const SPEC: &str = r##"
openapi: 3.2.0
info:
  title: Search
  version: 1.0.0
servers:
  - url: https://search.example/v1
paths:
  /things:
    query:
      operationId: searchThings
      parameters:
        - $ref: '#/components/parameters/Filter'
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Search'
      responses:
        '200':
          description: Matches
          content:
            application/json:
              schema:
                type: array
                items:
                  $ref: '#/components/schemas/Thing'
    additionalOperations:
      PURGE:
        parameters:
          - name: older_than
            in: query
            required: true
            schema:
              type: integer
        responses:
          '204':
            description: Purged
  /things/{id}:
    query:
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Search'
      responses:
        '200':
          description: The thing
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
components:
  parameters:
    Filter:
      name: filter
      in: querystring
      required: true
      content:
        application/x-www-form-urlencoded:
          schema:
            $ref: '#/components/schemas/Filter'
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id:
          type: integer
        name:
          type: string
    Search:
      type: object
      required: [text]
      properties:
        text:
          type: string
    Filter:
      type: object
      required: [name]
      properties:
        name:
          type: string
        limit:
          type: integer
"##;

const TEST: &str = r##"
use oas32_search::types::{Filter, PurgeThingsParams, Search, SearchThingsParams};
use oas32_search::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The request line and body of one request, answered with `status` and `body`.
async fn serve_once(listener: &TcpListener, status: &str, body: &str) -> (String, String) {
    let (mut socket, _) = listener.accept().await.unwrap();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let (head, length) = loop {
        let n = socket.read(&mut buffer).await.unwrap();
        assert!(n > 0, "the connection closed before the request was complete");
        received.extend_from_slice(&buffer[..n]);
        let text = String::from_utf8_lossy(&received).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let head = text[..end].to_owned();
            let length = head
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            break (head, length);
        }
    };
    let body_start = head.len() + 4;
    while received.len() < body_start + length {
        let n = socket.read(&mut buffer).await.unwrap();
        assert!(n > 0);
        received.extend_from_slice(&buffer[..n]);
    }
    let request_body = String::from_utf8_lossy(&received[body_start..body_start + length]).into_owned();
    let reply = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    socket.write_all(reply.as_bytes()).await.unwrap();
    socket.shutdown().await.ok();
    (head.lines().next().unwrap_or_default().to_owned(), request_body)
}

#[tokio::test]
async fn query_additional_operations_and_the_querystring_go_out_as_written() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let client = Client::new(&format!("http://{}/v1", listener.local_addr().unwrap()));

    // QUERY carries its body; the querystring parameter is the whole query string, form-encoded.
    let params = SearchThingsParams {
        filter: Filter { name: "red box".into(), limit: Some(2) },
    };
    let search = Search { text: "boxes".into() };
    let (served, call) = tokio::join!(
        serve_once(&listener, "200 OK", r#"[{"id": 1, "name": "red box"}]"#),
        client.search_things(&params, &search),
    );
    let things = call.unwrap();
    assert_eq!(things[0].id, 1);
    let (line, body) = served;
    assert_eq!(line, "QUERY /v1/things?name=red+box&limit=2 HTTP/1.1");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&body).unwrap(), serde_json::json!({"text": "boxes"}));

    // A QUERY without an operationId is named from its method and path.
    let (served, call) = tokio::join!(
        serve_once(&listener, "200 OK", r#"{"id": 7}"#),
        client.query_things_by_id(7, Some(&search)),
    );
    assert_eq!(call.unwrap().id, 7);
    assert_eq!(served.0, "QUERY /v1/things/7 HTTP/1.1");

    // An `additionalOperations` method is sent with its token as written.
    let (served, call) = tokio::join!(
        serve_once(&listener, "204 No Content", ""),
        client.purge_things(&PurgeThingsParams { older_than: 30 }),
    );
    call.unwrap();
    assert_eq!(served.0, "PURGE /v1/things?older_than=30 HTTP/1.1");
    assert_eq!(served.1, "");
}
"##;

#[test]
fn a_3_2_client_sends_query_purge_and_the_query_string_on_the_wire() {
    let mut ws = crate_ws::Workspace::new("oas32_client");
    ws.add("oas32_search", SPEC, &Settings::default(), false);
    ws.add_dev_dependencies(
        "oas32_search",
        "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\"] }\n\
         serde_json = \"1\"\n",
    );
    ws.write("oas32_search", "tests/wire.rs", TEST);
    ws.cargo_ok(&["test", "-p", "oas32_search", "--test", "wire"], &[]);
    ws.cargo_ok(
        &[
            "clippy",
            "-p",
            "oas32_search",
            "--all-targets",
            "--features",
            "mock",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
}
