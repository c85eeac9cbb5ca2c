//! The generated client against a misbehaving server: a raw `TcpListener` on 127.0.0.1 that
//! resets, truncates, stalls, floods, sends invalid UTF-8 or lies about its Content-Type.
//! Every case gives a typed error that keeps what was received, and nothing panics. Also:
//! retries (never for POST) and `Retry-After`, timeouts, and that errors do not leak credentials.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use gocrm_generated::runtime::{self, RetryPolicy};
use gocrm_generated::types::CreateLeadBody;
use gocrm_generated::{Client, Error};
use serde_json::{json, Value};
use support::read_request;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

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
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
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
    let err = Client::new(&format!("http://{address}"))
        .list_firms()
        .await
        .expect_err("refused");
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
    let err = Client::new(&url)
        .list_cities()
        .await
        .expect_err("truncated");
    let t = transport(&err);
    assert_eq!(t.status, Some(200));
    assert_eq!(
        t.partial_body,
        sent.to_vec(),
        "everything that arrived is kept"
    );
    assert_eq!(err.http_status(), Some(200));
    assert_eq!(err.body(), Some(&sent[..]));
    assert!(err.to_string().contains("HTTP 200"), "{err}");
}

#[tokio::test]
async fn a_body_cut_off_mid_utf8_character_is_kept_byte_for_byte() {
    let full = "{\"status\": \"success\", \"data\": \"Челябинск\"}".as_bytes();
    let sent = &full[..full.len() - 8]; // ends inside a two-byte character
    let (url, _) = fake_server(Script::Reply(truncated(full.len(), sent))).await;
    let err = Client::new(&url)
        .list_cities()
        .await
        .expect_err("truncated");
    assert_eq!(transport(&err).partial_body, sent.to_vec());
    assert!(err
        .body_text()
        .is_some_and(|t| t.ends_with('\u{fffd}') || t.contains("Чел")));
}

#[tokio::test]
async fn a_slow_server_past_the_callers_timeout_is_a_timeout() {
    let (url, _) = fake_server(Script::ReplyThenStall(Vec::new(), Duration::from_secs(5))).await;
    let http = gocrm_generated::http_client_builder()
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    let started = Instant::now();
    let err = Client::with_client(&url, http)
        .list_firms()
        .await
        .expect_err("timeout");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the timeout applied"
    );
    let source = std::error::Error::source(&err).expect("a source");
    let reqwest_error = source
        .downcast_ref::<reqwest::Error>()
        .expect("a reqwest::Error");
    assert!(reqwest_error.is_timeout(), "{err:?}");
    assert!(transport(&err).source.is_timeout());
}

#[tokio::test]
async fn a_body_that_stalls_past_the_timeout_keeps_the_head_and_the_bytes() {
    let sent = br#"{"status": "success", "data": ["#;
    let (url, _) = fake_server(Script::ReplyThenStall(
        truncated(1000, sent),
        Duration::from_secs(5),
    ))
    .await;
    let http = gocrm_generated::http_client_builder()
        .timeout(Duration::from_millis(500))
        .build()
        .expect("client");
    let err = Client::with_client(&url, http)
        .list_firms()
        .await
        .expect_err("timeout");
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
    let body = json!({"status": "success", "data": vec![city; count]})
        .to_string()
        .into_bytes();
    assert!(body.len() >= 10 * 1024 * 1024);
    let (url, _) = fake_server(Script::Reply(response("200 OK", "application/json", &body))).await;
    let cities = Client::new(&url)
        .list_cities()
        .await
        .expect("10 MB of cities");
    assert_eq!(cities.len(), count);

    let page = vec![b'x'; 10 * 1024 * 1024];
    let (url, _) = fake_server(Script::Reply(response(
        "500 Internal Server Error",
        "text/html",
        &page,
    )))
    .await;
    let err = Client::new(&url).list_cities().await.expect_err("500");
    assert_eq!(err.http_status(), Some(500));
    assert_eq!(err.body().map(<[u8]>::len), Some(page.len()));
    assert!(
        err.to_string().len() < 200,
        "Display does not dump the body"
    );
}

#[tokio::test]
async fn invalid_utf8_is_a_decode_error_with_the_exact_bytes() {
    let body = b"{\"status\": \"success\", \"data\": [{\"id\": 1, \"alias\": \"\xff\xfe\", \"name\": \"x\"}]}";
    let (url, _) = fake_server(Script::Reply(response("200 OK", "application/json", body))).await;
    let err = Client::new(&url)
        .list_cities()
        .await
        .expect_err("invalid UTF-8");
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
    let err = runtime::execute_text(http.get(&url))
        .await
        .expect_err("invalid UTF-8 text");
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
    let (url, _) = fake_server(Script::Reply(response(
        "200 OK",
        "text/html; charset=windows-1251",
        body.as_bytes(),
    )))
    .await;
    assert!(Client::new(&url)
        .list_firms()
        .await
        .expect("decoded")
        .is_empty());
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
    let http = gocrm_generated::http_client_builder()
        .build()
        .expect("client");
    let body = serde_json::to_value(lead()).expect("lead");

    let (url, count) = fake_server(Script::Reply(response(
        "503 Service Unavailable",
        "text/plain",
        b"busy",
    )))
    .await;
    let request = http.post(format!("{url}/leads")).json(&body);
    let err = runtime::execute_envelope::<Value>(runtime::retrying(request, &policy), "success")
        .await
        .expect_err("503");
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "a POST hitting a 503 is not sent again"
    );

    let (url, count) = fake_server(Script::Reset).await;
    let request = http.post(format!("{url}/leads")).json(&body);
    let err = runtime::execute_envelope::<Value>(runtime::retrying(request, &policy), "success")
        .await
        .expect_err("reset");
    assert!(matches!(err, Error::Transport(_)));
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "a POST hitting a reset is not sent again"
    );

    // The generated client (no policy): one request too.
    let (url, count) = fake_server(Script::Reply(response(
        "503 Service Unavailable",
        "text/plain",
        b"busy",
    )))
    .await;
    let err = Client::new(&url)
        .create_lead(&lead())
        .await
        .expect_err("503");
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn get_is_not_retried_unless_the_caller_asks() {
    let (url, count) = fake_server(Script::Reply(response(
        "503 Service Unavailable",
        "text/plain",
        b"busy",
    )))
    .await;
    let err = Client::new(&url).list_firms().await.expect_err("503");
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn get_is_retried_under_a_policy_and_gives_up_with_the_last_error() {
    let http = reqwest::Client::new();
    let policy = RetryPolicy::new(2, Duration::from_millis(20));
    let (url, count) = fake_server(Script::Reply(response(
        "503 Service Unavailable",
        "text/plain",
        b"busy",
    )))
    .await;
    let started = Instant::now();
    let err = runtime::execute_json::<Value>(runtime::retrying(http.get(&url), &policy))
        .await
        .expect_err("503");
    assert_eq!(
        count.load(Ordering::SeqCst),
        3,
        "the first attempt and two retries"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(60),
        "waited 20 ms, then 40 ms"
    );
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(err.body(), Some(&b"busy"[..]));

    let (url, count) = fake_server(Script::Reset).await;
    let err = runtime::execute_json::<Value>(runtime::retrying(http.get(&url), &policy))
        .await
        .expect_err("reset");
    assert!(matches!(err, Error::Transport(_)));
    assert_eq!(count.load(Ordering::SeqCst), 3);

    // A 404 is an answer, not a failure: no retry.
    let (url, count) =
        fake_server(Script::Reply(response("404 Not Found", "text/plain", b""))).await;
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
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            read_request(&mut stream).await;
            let reply = if i == 0 {
                response("503 Service Unavailable", "text/plain", b"busy")
            } else {
                response(
                    "200 OK",
                    "application/json",
                    br#"{"status": "success", "data": [1, 2]}"#,
                )
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
        .get(format!(
            "http://user:hunter2@{address}/firms?api_key=SECRET-KEY&page=2"
        ))
        .bearer_auth("SECRET-TOKEN");
    let err = runtime::execute_json::<Value>(request)
        .await
        .expect_err("refused");
    let shown = format!(
        "{err} {err:?} {}",
        std::error::Error::source(&err)
            .map(|s| s.to_string())
            .unwrap_or_default()
    );
    for secret in ["SECRET-KEY", "SECRET-TOKEN", "hunter2"] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(
        shown.contains("api_key=redacted"),
        "the parameter name stays: {shown}"
    );
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
    let (url, _) = fake_server(Script::Reply(response(
        "422 Unprocessable Entity",
        "application/json",
        body.as_bytes(),
    )))
    .await;
    let err = Client::new(&url)
        .create_lead(&lead())
        .await
        .expect_err("422");
    let shown = err.to_string();
    assert!(
        shown.contains("HTTP 422")
            && shown.contains("Validation error")
            && shown.contains("phone: bad"),
        "{shown}"
    );
    assert!(
        !shown.contains("SECRET-IN-BODY"),
        "Display does not print the body: {shown}"
    );
    assert_eq!(err.body_text().as_deref(), Some(body.as_str()));

    // A plain error page: the status only.
    let (url, _) = fake_server(Script::Reply(response(
        "500 Internal Server Error",
        "text/plain",
        b"SECRET-IN-PAGE",
    )))
    .await;
    let err = Client::new(&url).list_firms().await.expect_err("500");
    assert_eq!(err.to_string(), "HTTP 500");
    assert_eq!(err.body(), Some(&b"SECRET-IN-PAGE"[..]));

    // A decode error names the problem, not the content.
    let (url, _) = fake_server(Script::Reply(response(
        "200 OK",
        "application/json",
        b"{\"SECRET-IN-JSON\": 1",
    )))
    .await;
    let err = Client::new(&url).list_firms().await.expect_err("bad JSON");
    assert!(!err.to_string().contains("SECRET-IN-JSON"), "{err}");
}

// Retry-After: honoured on the answers that are retried (429, 502, 503, 504) for safe methods,
// up to the policy's `max_backoff`; never a reason to send a POST again.

/// Like `response`, with extra header lines (`"Retry-After: 1"`).
/// Header lines are bytes, so a test can send one that is not UTF-8.
fn response_with<H: AsRef<[u8]>>(status: &str, headers: &[H], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for header in headers {
        out.extend_from_slice(header.as_ref());
        out.extend_from_slice(b"\r\n");
    }
    let length = body.len();
    out.extend_from_slice(
        format!("Content-Type: text/plain\r\nContent-Length: {length}\r\n").as_bytes(),
    );
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out.extend_from_slice(body);
    out
}

/// A server that answers the n-th connection with `replies[n]` (the last one from then on).
async fn sequence_server(replies: Vec<Vec<u8>>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    tokio::spawn(async move {
        for i in 0..16 {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            read_request(&mut stream).await;
            counter.fetch_add(1, Ordering::SeqCst);
            let reply = replies
                .get(i)
                .or(replies.last())
                .cloned()
                .unwrap_or_default();
            let _ = stream.write_all(&reply).await;
            let _ = stream.flush().await;
        }
    });
    (url, count)
}

/// Seconds since the Unix epoch as an IMF-fixdate, computed independently of the runtime
/// (H. Hinnant's civil_from_days).
fn http_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix.div_euclid(86_400);
    let second_of_day = unix.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        DAYS[(days + 4).rem_euclid(7) as usize], // 1970-01-01 was a Thursday
        MONTHS[(month - 1) as usize],
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
    )
}

fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs() as i64,
        Err(before) => -(before.duration().as_secs() as i64),
    }
}

#[test]
fn http_dates_are_read_to_the_second() {
    // Checked against `date -u -d ... +%s`.
    for (text, unix) in [
        ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777),
        ("Tue, 29 Feb 2000 00:00:00 GMT", 951_782_400),
        ("Tue, 19 Jan 2038 03:14:08 GMT", 2_147_483_648),
        ("Thu, 01 Mar 1900 00:00:00 GMT", -2_203_891_200),
        ("Mon, 01 Jan 0001 00:00:00 GMT", -62_135_596_800),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799),
        ("Wed, 31 Dec 1969 23:59:59 GMT", -1),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
        // A leap second reads as the next minute's first.
        ("Tue, 31 Dec 2024 23:59:60 GMT", 1_735_689_600),
    ] {
        let parsed = runtime::parse_http_date(text).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(unix_seconds(parsed), unix, "{text}");
        if unix != 1_735_689_600 {
            assert_eq!(http_date(unix), text, "the test's formatter agrees");
        }
    }
    // Every few hours over the whole four-digit range, and densely around 2000 (a 400-year leap).
    let whole = (-62_135_596_800i64..=253_402_300_799).step_by(9_999_991);
    let dense = (915_148_800i64..=1_009_843_200).step_by(3_607);
    for unix in whole.chain(dense) {
        let text = http_date(unix);
        let parsed = runtime::parse_http_date(&text).map(unix_seconds);
        assert_eq!(parsed, Some(unix), "{text}");
    }
}

#[test]
fn anything_but_an_imf_fixdate_is_not_a_date() {
    let good = "Sun, 06 Nov 1994 08:49:37 GMT";
    for bad in [
        "",
        "Sunday, 06-Nov-94 08:49:37 GMT", // RFC 850 (obsolete)
        "Sun Nov  6 08:49:37 1994",       // asctime (obsolete)
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37 +0000",
        "Sun, 06 Nov 1994 08:49:37",
        "Sun, 06 Nov 1994 08:49:37 GMT ",
        " Sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994  08:49:37 GMT",
        "sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 06 Nov +994 08:49:37 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 08:49 GMT",
        "Sun, 06 Nov 1994 08:49:37:00 GMT",
        "Sun, 06 Növ 1994 08:49:37 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 31 Apr 1994 08:49:37 GMT",
        "Sun, 29 Feb 1900 08:49:37 GMT", // not a leap year
        "Sun, 29 Feb 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 08:49:61 GMT",
        "1994-11-06T08:49:37Z",
    ] {
        assert_eq!(runtime::parse_http_date(bad), None, "{bad:?}");
    }
    // No prefix of a good date is one, and none panics.
    for end in 0..good.len() {
        assert_eq!(
            runtime::parse_http_date(&good[..end]),
            None,
            "{:?}",
            &good[..end]
        );
    }
    assert!(runtime::parse_http_date("Tue, 29 Feb 2000 12:00:00 GMT").is_some());
}

#[test]
fn retry_after_is_seconds_or_a_date() {
    let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
    let parse = |value: &str| runtime::parse_retry_after(value, now);
    assert_eq!(parse("0"), Some(Duration::ZERO));
    assert_eq!(parse("120"), Some(Duration::from_secs(120)));
    assert_eq!(parse(" 5 "), Some(Duration::from_secs(5)));
    assert_eq!(parse("007"), Some(Duration::from_secs(7)));
    assert_eq!(
        parse("99999999999999999999999"),
        Some(Duration::from_secs(u64::MAX))
    );
    assert_eq!(
        parse("Sun, 06 Nov 1994 08:51:37 GMT"),
        Some(Duration::from_secs(120))
    );
    assert_eq!(parse("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::ZERO));
    assert_eq!(
        parse("Sat, 05 Nov 1994 08:49:37 GMT"),
        Some(Duration::ZERO),
        "in the past"
    );
    for garbage in [
        "",
        "soon",
        "-1",
        "+5",
        "1.5",
        "1e3",
        "5 s",
        "0x10",
        "Sunday, 06-Nov-94 08:51:37 GMT",
    ] {
        assert_eq!(parse(garbage), None, "{garbage:?}");
    }
}

#[tokio::test]
async fn retry_after_seconds_are_waited_for() {
    let policy = RetryPolicy::new(1, Duration::from_millis(1));
    let busy = response_with("503 Service Unavailable", &["Retry-After: 1"], b"busy");
    let (url, count) = fake_server(Script::Reply(busy)).await;
    let started = Instant::now();
    let err = runtime::execute_json::<Value>(runtime::retrying(
        reqwest::Client::new().get(&url),
        &policy,
    ))
    .await
    .expect_err("503");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited the second the server asked for"
    );
    assert_eq!(count.load(Ordering::SeqCst), 2);
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(err.body(), Some(&b"busy"[..]));

    // 429 is retried too; through the generated client, a retry that succeeds returns the data.
    let replies = vec![
        response_with("429 Too Many Requests", &["Retry-After: 1"], b"slow down"),
        response(
            "200 OK",
            "application/json",
            br#"{"status": "success", "data": []}"#,
        ),
    ];
    let (url, count) = sequence_server(replies).await;
    let started = Instant::now();
    let firms = Client::new(&url)
        .with_retry(policy)
        .list_firms()
        .await
        .expect("the retry succeeds");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited the second the server asked for"
    );
    assert!(firms.is_empty());
    assert_eq!(count.load(Ordering::SeqCst), 2);

    // `Retry-After: 0` is no reason to wait longer than the policy's own backoff.
    let busy = response_with("503 Service Unavailable", &["Retry-After: 0"], b"busy");
    let (url, count) = fake_server(Script::Reply(busy)).await;
    let policy = RetryPolicy::new(2, Duration::from_millis(1));
    let _ = runtime::execute_json::<Value>(runtime::retrying(
        reqwest::Client::new().get(&url),
        &policy,
    ))
    .await;
    assert_eq!(count.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_retry_after_date_is_waited_for() {
    // At least one second from now, at most two.
    let until = unix_seconds(SystemTime::now()) + 2;
    let header = format!("Retry-After: {}", http_date(until));
    let replies = vec![
        response_with("503 Service Unavailable", &[&header], b"busy"),
        response(
            "200 OK",
            "application/json",
            br#"{"status": "success", "data": [7]}"#,
        ),
    ];
    let (url, count) = sequence_server(replies).await;
    let policy = RetryPolicy::new(3, Duration::from_millis(1));
    let data: Vec<i64> = runtime::execute_envelope(
        runtime::retrying(reqwest::Client::new().get(&url), &policy),
        "success",
    )
    .await
    .expect("the retry succeeds");
    assert_eq!(data, vec![7]);
    assert_eq!(count.load(Ordering::SeqCst), 2);
    assert!(
        unix_seconds(SystemTime::now()) >= until,
        "not retried before {header}"
    );
}

#[tokio::test]
async fn a_retry_after_longer_than_max_backoff_returns_the_answer_as_received() {
    let http = reqwest::Client::new();
    let policy = RetryPolicy::new(3, Duration::from_millis(1)); // max_backoff: 30 s
    let busy = response_with(
        "503 Service Unavailable",
        &["Retry-After: 120"],
        b"come back later",
    );
    let (url, count) = fake_server(Script::Reply(busy)).await;
    let err = runtime::execute_json::<Value>(runtime::retrying(http.get(&url), &policy))
        .await
        .expect_err("503");
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "not retried: the server said not now"
    );
    assert_eq!(err.http_status(), Some(503));
    assert_eq!(err.body(), Some(&b"come back later"[..]));

    // An hour from now, as a date, on a 429 through the generated client.
    let header = format!(
        "Retry-After: {}",
        http_date(unix_seconds(SystemTime::now()) + 3600)
    );
    let limited = response_with(
        "429 Too Many Requests",
        &[&header],
        br#"{"message": "rate limited"}"#,
    );
    let (url, count) = fake_server(Script::Reply(limited)).await;
    let err = Client::new(&url)
        .with_retry(policy.clone())
        .list_firms()
        .await
        .expect_err("429");
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert_eq!(err.http_status(), Some(429));
    assert_eq!(err.message(), Some("rate limited"));
    assert_eq!(err.body(), Some(&br#"{"message": "rate limited"}"#[..]));

    // The cap is the caller's: 2 s is too long under a 1 s cap.
    let policy = policy.with_max_backoff(Duration::from_secs(1));
    assert_eq!(policy.max_backoff, Duration::from_secs(1));
    let busy = response_with("503 Service Unavailable", &["Retry-After: 2"], b"busy");
    let (url, count) = fake_server(Script::Reply(busy)).await;
    let _ = runtime::execute_json::<Value>(runtime::retrying(http.get(&url), &policy)).await;
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_unreadable_retry_after_falls_back_to_the_policys_backoff() {
    let http = reqwest::Client::new();
    let policy = RetryPolicy::new(2, Duration::from_millis(1));
    for header in [
        &b"Retry-After: soon"[..],
        b"Retry-After: -5",
        b"Retry-After: 1.5",
        b"Retry-After: Sun, 06 Nov 1994 08:49:37 UTC",
        b"Retry-After: Sunday, 06-Nov-94 08:49:37 GMT",
        b"Retry-After: \xff\xfe",
        b"Retry-After:",
    ] {
        let shown = String::from_utf8_lossy(header).into_owned();
        let reply = response_with("503 Service Unavailable", &[header], b"busy");
        let (url, count) = fake_server(Script::Reply(reply)).await;
        let err = runtime::execute_json::<Value>(runtime::retrying(http.get(&url), &policy))
            .await
            .expect_err("503");
        assert_eq!(
            count.load(Ordering::SeqCst),
            3,
            "retried as without the header: {shown}"
        );
        assert_eq!(err.body(), Some(&b"busy"[..]), "{shown}");
    }
}

#[tokio::test]
async fn a_post_is_not_retried_whatever_retry_after_says() {
    let policy = RetryPolicy::new(3, Duration::from_millis(1));
    let http = gocrm_generated::http_client_builder()
        .build()
        .expect("client");
    let body = serde_json::to_value(lead()).expect("lead");
    for (status, header) in [
        ("503 Service Unavailable", "Retry-After: 0"),
        ("429 Too Many Requests", "Retry-After: 1"),
        (
            "503 Service Unavailable",
            "Retry-After: Thu, 01 Jan 1970 00:00:00 GMT",
        ),
    ] {
        let (url, count) =
            fake_server(Script::Reply(response_with(status, &[header], b"busy"))).await;
        let request = http.post(format!("{url}/leads")).json(&body);
        let err =
            runtime::execute_envelope::<Value>(runtime::retrying(request, &policy), "success")
                .await
                .expect_err(status);
        assert_eq!(
            count.load(Ordering::SeqCst),
            1,
            "a POST is sent once: {status}, {header}"
        );
        assert_eq!(err.body(), Some(&b"busy"[..]));

        // The generated client's create_lead under a policy: once too.
        let (url, count) =
            fake_server(Script::Reply(response_with(status, &[header], b"busy"))).await;
        let _ = Client::new(&url)
            .with_retry(policy.clone())
            .create_lead(&lead())
            .await
            .expect_err(status);
        assert_eq!(
            count.load(Ordering::SeqCst),
            1,
            "create_lead is sent once: {status}, {header}"
        );
    }
}
