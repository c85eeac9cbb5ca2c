//! The generated client against a misbehaving server: a raw `TcpListener` on 127.0.0.1 that
//! resets, truncates, stalls, floods, sends invalid UTF-8 or lies about its Content-Type.
//! Every case gives a typed error that keeps what was received, and nothing panics. Also:
//! retries (never for POST), timeouts, and that errors do not leak credentials.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gocrm_generated::runtime::{self, RetryPolicy};
use gocrm_generated::types::CreateLeadBody;
use gocrm_generated::{Client, Error};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Reads one HTTP/1.1 request (headers and a Content-Length body); returns its head.
async fn read_request(stream: &mut TcpStream) -> String {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        data.extend_from_slice(&buf[..n]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).into_owned();
            let length = head
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            while data.len() < end + 4 + length {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => data.extend_from_slice(&buf[..n]),
                }
            }
            return head;
        }
    }
    String::from_utf8_lossy(&data).into_owned()
}

/// What the fake server does with each connection, after reading the request.
#[derive(Clone)]
enum Script {
    /// Write these bytes, then close.
    Reply(Vec<u8>),
    /// Write these bytes, then wait, then close.
    ReplyThenStall(Vec<u8>, Duration),
    /// Close at once with a reset (SO_LINGER 0).
    Reset,
}

/// A server that follows `script` for every connection and counts the requests it read.
async fn fake_server(script: Script) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    tokio::spawn(async move {
        // Bounded: a test never needs more than a few connections.
        for _ in 0..16 {
            let Ok((mut stream, _)) = listener.accept().await else { return };
            let counter = Arc::clone(&counter);
            let script = script.clone();
            tokio::spawn(async move {
                read_request(&mut stream).await;
                counter.fetch_add(1, Ordering::SeqCst);
                match script {
                    Script::Reply(bytes) => {
                        let _ = stream.write_all(&bytes).await;
                        let _ = stream.flush().await;
                    }
                    Script::ReplyThenStall(bytes, pause) => {
                        let _ = stream.write_all(&bytes).await;
                        let _ = stream.flush().await;
                        tokio::time::sleep(pause).await;
                    }
                    Script::Reset => {
                        let _ = stream.set_zero_linger();
                    }
                }
            });
        }
    });
    (format!("http://{address}"), count)
}

fn response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Headers that promise `promised` bytes, then only `body`.
fn truncated(promised: usize, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {promised}\r\n\r\n"
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

fn lead() -> CreateLeadBody {
    CreateLeadBody {
        name: "Вова".into(),
        phone: "+79876543210".into(),
        center_id: 1,
        birthday: "2019-11-18".into(),
        ..Default::default()
    }
}

fn transport(err: &Error) -> &gocrm_generated::TransportError {
    match err {
        Error::Transport(t) => t,
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_without_status() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let err = Client::new(&format!("http://{address}")).list_firms().await.expect_err("refused");
    let t = transport(&err);
    assert_eq!(t.status, None);
    assert!(t.partial_body.is_empty());
    assert!(t.source.is_connect(), "{err:?}");
    assert!(err.to_string().starts_with("request failed"), "{err}");
}

#[tokio::test]
async fn reset_before_the_response_is_a_transport_error() {
    let (url, count) = fake_server(Script::Reset).await;
    let err = Client::new(&url).list_cities().await.expect_err("reset");
    assert_eq!(transport(&err).status, None);
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_body_cut_off_keeps_the_status_and_what_arrived() {
    let sent = br#"{"status": "success", "data": [{"id": 1, "alias": "a", "na"#;
    let (url, _) = fake_server(Script::Reply(truncated(4096, sent))).await;
    let err = Client::new(&url).list_cities().await.expect_err("truncated");
    let t = transport(&err);
    assert_eq!(t.status, Some(200));
    assert_eq!(t.partial_body, sent.to_vec(), "everything that arrived is kept");
    assert_eq!(err.http_status(), Some(200));
    assert_eq!(err.body(), Some(&sent[..]));
    assert!(err.to_string().contains("HTTP 200"), "{err}");
}

#[tokio::test]
async fn a_body_cut_off_mid_utf8_character_is_kept_byte_for_byte() {
    let full = "{\"status\": \"success\", \"data\": \"Челябинск\"}".as_bytes();
    let sent = &full[..full.len() - 8]; // ends inside a two-byte character
    let (url, _) = fake_server(Script::Reply(truncated(full.len(), sent))).await;
    let err = Client::new(&url).list_cities().await.expect_err("truncated");
    assert_eq!(transport(&err).partial_body, sent.to_vec());
    assert!(err.body_text().is_some_and(|t| t.ends_with('\u{fffd}') || t.contains("Чел")));
}

#[tokio::test]
async fn a_slow_server_past_the_callers_timeout_is_a_timeout() {
    let (url, _) = fake_server(Script::ReplyThenStall(Vec::new(), Duration::from_secs(5))).await;
    let http = gocrm_generated::http_client_builder()
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let started = Instant::now();
    let err = Client::with_client(&url, http).list_firms().await.expect_err("timeout");
    assert!(started.elapsed() < Duration::from_secs(3), "the timeout applied");
    let source = std::error::Error::source(&err).expect("a source");
    let reqwest_error = source.downcast_ref::<reqwest::Error>().expect("a reqwest::Error");
    assert!(reqwest_error.is_timeout(), "{err:?}");
    assert!(transport(&err).source.is_timeout());
}

#[tokio::test]
async fn a_body_that_stalls_past_the_timeout_keeps_the_head_and_the_bytes() {
    let sent = br#"{"status": "success", "data": ["#;
    let (url, _) =
        fake_server(Script::ReplyThenStall(truncated(1000, sent), Duration::from_secs(5))).await;
    let http = gocrm_generated::http_client_builder()
        .timeout(Duration::from_millis(500))
        .build()
        .expect("client");
    let err = Client::with_client(&url, http).list_firms().await.expect_err("timeout");
    let t = transport(&err);
    assert_eq!(t.status, Some(200));
    assert_eq!(t.partial_body, sent.to_vec());
    assert!(t.source.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn a_10_mb_body_decodes_and_a_10_mb_error_page_is_kept_whole() {
    // About 10 MB of cities.
    let city = json!({"id": "1", "alias": "a", "name": "Челябинск ".repeat(50), "site": "s"});
    let count = 10 * 1024 * 1024 / city.to_string().len() + 1;
    let body = json!({"status": "success", "data": vec![city; count]}).to_string().into_bytes();
    assert!(body.len() >= 10 * 1024 * 1024);
    let (url, _) = fake_server(Script::Reply(response("200 OK", "application/json", &body))).await;
    let cities = Client::new(&url).list_cities().await.expect("10 MB of cities");
    assert_eq!(cities.len(), count);

    let page = vec![b'x'; 10 * 1024 * 1024];
    let (url, _) =
        fake_server(Script::Reply(response("500 Internal Server Error", "text/html", &page))).await;
    let err = Client::new(&url).list_cities().await.expect_err("500");
    assert_eq!(err.http_status(), Some(500));
    assert_eq!(err.body().map(<[u8]>::len), Some(page.len()));
    assert!(err.to_string().len() < 200, "Display does not dump the body");
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error_with_the_exact_bytes() {
    let body = b"{\"status\": \"success\", \"data\": [{\"id\": 1, \"alias\": \"\xff\xfe\", \"name\": \"x\"}]}";
    let (url, _) = fake_server(Script::Reply(response("200 OK", "application/json", body))).await;
    let err = Client::new(&url).list_cities().await.expect_err("invalid UTF-8");
    match &err {
        Error::Decode(d) => {
            assert_eq!(d.status, 200);
            assert_eq!(d.body, body.to_vec());
            assert_eq!(d.content_type.as_deref(), Some("application/json"));
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert!(!err.to_string().is_empty());

    // As text too.
    let (url, _) = fake_server(Script::Reply(response("200 OK", "text/plain", b"ok \xc3"))).await;
    let http = reqwest::Client::new();
    let err = runtime::execute_text(http.get(&url)).await.expect_err("invalid UTF-8 text");
    assert_eq!(err.body(), Some(&b"ok \xc3"[..]));
    assert!(matches!(err, Error::Decode(_)));
}

#[tokio::test]
async fn a_wrong_content_type_is_judged_by_the_body() {
    // HTML labelled JSON: a decode error that keeps the label and the page.
    let html = b"<html><body>Maintenance</body></html>";
    let (url, _) = fake_server(Script::Reply(response("200 OK", "application/json", html))).await;
    let err = Client::new(&url).list_firms().await.expect_err("HTML");
    match &err {
        Error::Decode(d) => {
            assert_eq!(d.content_type.as_deref(), Some("application/json"));
            assert_eq!(d.body, html.to_vec());
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    // A good envelope labelled text/html (servers lie): decoded, since the body is what counts.
    let body = json!({"status": "success", "data": []}).to_string();
    let (url, _) =
        fake_server(Script::Reply(response("200 OK", "text/html; charset=windows-1251", body.as_bytes()))).await;
    assert!(Client::new(&url).list_firms().await.expect("decoded").is_empty());
}

#[tokio::test]
async fn garbage_instead_of_http_is_a_transport_error() {
    let (url, _) = fake_server(Script::Reply(b"\x00\x01SSH-2.0-not-http\r\n\r\n".to_vec())).await;
    let err = Client::new(&url).list_firms().await.expect_err("not HTTP");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn post_is_sent_exactly_once_even_with_a_retry_policy() {
    let policy = RetryPolicy::new(3, Duration::from_millis(10));
    let http = gocrm_generated::http_client_builder().build().expect("client");
    let body = serde_json::to_value(lead()).expect("lead");

    let (url, count) =
        fake_server(Script::Reply(response("503 Service Unavailable", "text/plain", b"busy"))).await;
    let request = http.post(format!("{url}/leads")).json(&body);
    let err = runtime::execute_envelope::<Value>(runtime::retrying(request, &policy), "success")
        .await
        .expect_err("503");
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(count.load(Ordering::SeqCst), 1, "a POST hitting a 503 is not sent again");

    let (url, count) = fake_server(Script::Reset).await;
    let request = http.post(format!("{url}/leads")).json(&body);
    let err = runtime::execute_envelope::<Value>(runtime::retrying(request, &policy), "success")
        .await
        .expect_err("reset");
    assert!(matches!(err, Error::Transport(_)));
    assert_eq!(count.load(Ordering::SeqCst), 1, "a POST hitting a reset is not sent again");

    // The generated client (no policy): one request too.
    let (url, count) =
        fake_server(Script::Reply(response("503 Service Unavailable", "text/plain", b"busy"))).await;
    let err = Client::new(&url).create_lead(&lead()).await.expect_err("503");
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn get_is_not_retried_unless_the_caller_asks() {
    let (url, count) =
        fake_server(Script::Reply(response("503 Service Unavailable", "text/plain", b"busy"))).await;
    let err = Client::new(&url).list_firms().await.expect_err("503");
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn get_is_retried_under_a_policy_and_gives_up_with_the_last_error() {
    let http = reqwest::Client::new();
    let policy = RetryPolicy::new(2, Duration::from_millis(20));
    let (url, count) =
        fake_server(Script::Reply(response("503 Service Unavailable", "text/plain", b"busy"))).await;
    let started = Instant::now();
    let err = runtime::execute_json::<Value>(runtime::retrying(http.get(&url), &policy))
        .await
        .expect_err("503");
    assert_eq!(count.load(Ordering::SeqCst), 3, "the first attempt and two retries");
    assert!(started.elapsed() >= Duration::from_millis(60), "waited 20 ms, then 40 ms");
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(err.body(), Some(&b"busy"[..]));

    let (url, count) = fake_server(Script::Reset).await;
    let err = runtime::execute_json::<Value>(runtime::retrying(http.get(&url), &policy))
        .await
        .expect_err("reset");
    assert!(matches!(err, Error::Transport(_)));
    assert_eq!(count.load(Ordering::SeqCst), 3);

    // A 404 is an answer, not a failure: no retry.
    let (url, count) = fake_server(Script::Reply(response("404 Not Found", "text/plain", b""))).await;
    let _ = runtime::execute_json::<Value>(runtime::retrying(http.get(&url), &policy)).await;
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_retried_get_that_then_succeeds_returns_the_data() {
    // First connection: 503; the rest: success.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        for i in 0..4 {
            let Ok((mut stream, _)) = listener.accept().await else { return };
            read_request(&mut stream).await;
            let reply = if i == 0 {
                response("503 Service Unavailable", "text/plain", b"busy")
            } else {
                response("200 OK", "application/json", br#"{"status": "success", "data": [1, 2]}"#)
            };
            let _ = stream.write_all(&reply).await;
        }
    });
    let policy = RetryPolicy::new(3, Duration::from_millis(1));
    let data: Vec<i64> = runtime::execute_envelope(
        runtime::retrying(reqwest::Client::new().get(&url), &policy),
        "success",
    )
    .await
    .expect("the retry succeeds");
    assert_eq!(data, vec![1, 2]);
}

#[test]
fn retry_policy_defaults_to_none_and_backs_off_within_bounds() {
    assert_eq!(RetryPolicy::default(), RetryPolicy::none());
    assert_eq!(RetryPolicy::default().max_retries, 0);
    let policy = RetryPolicy::new(u32::MAX, Duration::from_secs(u64::MAX / 2));
    assert_eq!(policy.max_backoff, Duration::from_secs(30));
}

#[tokio::test]
async fn errors_do_not_show_credentials_from_the_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let http = reqwest::Client::new();
    let request = http
        .get(format!("http://user:hunter2@{address}/firms?api_key=SECRET-KEY&page=2"))
        .bearer_auth("SECRET-TOKEN");
    let err = runtime::execute_json::<Value>(request).await.expect_err("refused");
    let shown = format!("{err} {err:?} {}", std::error::Error::source(&err).map(|s| s.to_string()).unwrap_or_default());
    for secret in ["SECRET-KEY", "SECRET-TOKEN", "hunter2"] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(shown.contains("api_key=redacted"), "the parameter name stays: {shown}");
}

#[tokio::test]
async fn display_shows_the_status_and_message_while_the_body_stays_available() {
    let body = json!({
        "status": "error",
        "message": "Validation error",
        "validation_errors": {"phone": ["bad"]},
        "data": {"phone": "+79876543210", "token": "SECRET-IN-BODY"}
    })
    .to_string();
    let (url, _) = fake_server(Script::Reply(response("422 Unprocessable Entity", "application/json", body.as_bytes()))).await;
    let err = Client::new(&url).create_lead(&lead()).await.expect_err("422");
    let shown = err.to_string();
    assert!(shown.contains("HTTP 422") && shown.contains("Validation error") && shown.contains("phone: bad"), "{shown}");
    assert!(!shown.contains("SECRET-IN-BODY"), "Display does not print the body: {shown}");
    assert_eq!(err.body_text().as_deref(), Some(body.as_str()));

    // A plain error page: the status only.
    let (url, _) = fake_server(Script::Reply(response("500 Internal Server Error", "text/plain", b"SECRET-IN-PAGE"))).await;
    let err = Client::new(&url).list_firms().await.expect_err("500");
    assert_eq!(err.to_string(), "HTTP 500");
    assert_eq!(err.body(), Some(&b"SECRET-IN-PAGE"[..]));

    // A decode error names the problem, not the content.
    let (url, _) = fake_server(Script::Reply(response("200 OK", "application/json", b"{\"SECRET-IN-JSON\": 1"))).await;
    let err = Client::new(&url).list_firms().await.expect_err("bad JSON");
    assert!(!err.to_string().contains("SECRET-IN-JSON"), "{err}");
}
