//! The builder, the base URL check, the User-Agent, and what errors say (`Display` ends with
//! the root cause, `Debug` shows bodies as text), against raw servers on 127.0.0.1.

mod support;

use std::time::Duration;

use gocrm_generated::{Client, Error};
use support::{header, replying, response, success};

#[tokio::test]
async fn every_request_carries_the_crates_user_agent() {
    let server = replying(success("[]")).await;
    Client::new(&server.url).list_firms().await.expect("ok");
    Client::builder(&server.url)
        .build()
        .unwrap()
        .list_firms()
        .await
        .expect("ok");
    Client::with_client(&server.url, reqwest::Client::new())
        .list_firms()
        .await
        .expect("ok");
    for head in server.heads() {
        assert_eq!(
            header(&head, "user-agent").as_deref(),
            Some("gocrm-generated/3.0.2"),
            "{head}"
        );
    }
}

#[tokio::test]
async fn the_builder_sets_the_user_agent_and_default_headers() {
    let server = replying(success("[]")).await;
    let client = Client::builder(&server.url)
        .user_agent("my-app/1.0")
        .default_header("x-request-source", "my-app")
        .default_header("x-tenant", "42")
        .timeout(Duration::from_secs(5))
        .build()
        .expect("valid");
    client.list_firms().await.expect("ok");
    let head = &server.heads()[0];
    assert_eq!(header(head, "user-agent").as_deref(), Some("my-app/1.0"));
    assert_eq!(header(head, "x-request-source").as_deref(), Some("my-app"));
    assert_eq!(header(head, "x-tenant").as_deref(), Some("42"));
    // Default header values stay out of Debug output.
    let shown = format!(
        "{client:?} {:?}",
        Client::builder(&server.url).default_header("x-key", "SECRET")
    );
    assert!(!shown.contains("SECRET"), "{shown}");
}

#[test]
fn invalid_headers_are_an_error_from_build_not_a_panic() {
    for builder in [
        Client::builder("http://127.0.0.1:1").default_header("bad name", "v"),
        Client::builder("http://127.0.0.1:1").default_header("", "v"),
        Client::builder("http://127.0.0.1:1").default_header("x-ok", "line\nbreak"),
        Client::builder("http://127.0.0.1:1").user_agent("a\u{0}b"),
    ] {
        let err = builder.build().expect_err("invalid");
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    }
}

#[tokio::test]
async fn a_base_url_with_a_query_fragment_or_no_scheme_is_refused() {
    // A live server, to see that nothing reaches it.
    let server = replying(success("[]")).await;
    let cases = [
        (format!("{}/api/v3?token=abc", server.url), "query"),
        (format!("{}/api/v3#top", server.url), "fragment"),
        ("".to_owned(), "empty"),
        ("   ".to_owned(), "empty"),
        ("api/v3".to_owned(), "relative"),
        ("/api/v3".to_owned(), "relative"),
        ("127.0.0.1:8080/api".to_owned(), "relative"),
        (
            "mailto:someone@example.com".to_owned(),
            "not an http or https URL",
        ),
    ];
    for (base_url, what) in &cases {
        let err = Client::builder(base_url).build().expect_err("refused");
        let Error::InvalidRequest(why) = &err else {
            panic!("{err:?}")
        };
        assert!(why.contains(what), "{base_url:?}: {why}");

        let err = Client::new(base_url)
            .list_cities()
            .await
            .expect_err("refused");
        let Error::InvalidRequest(why) = &err else {
            panic!("{err:?}")
        };
        assert!(why.contains(what), "{base_url:?}: {why}");
        let shown = err.to_string();
        assert!(
            shown.starts_with("invalid request: the base URL"),
            "{shown}"
        );
        assert!(!shown.contains("abc"), "query values are redacted: {shown}");
        if base_url.contains("api/v3") {
            assert!(shown.contains("api/v3"), "the URL is named: {shown}");
        }
    }
    assert!(server.heads().is_empty(), "no request went out");
    // A trailing slash, a path, or a port are fine.
    for ok in [
        "http://127.0.0.1:1/",
        "https://beta.go-crm.ru/api/v3",
        "http://[::1]:8080/x/",
    ] {
        Client::builder(ok).build().expect(ok);
    }
}

#[tokio::test]
async fn a_refused_connection_says_so_at_the_end() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/api", listener.local_addr().expect("address"));
    drop(listener);
    let err = Client::new(&url).list_firms().await.expect_err("refused");
    let shown = err.to_string();
    assert!(!err.is_timeout());
    let last = shown.rsplit(": ").next().unwrap_or_default().to_lowercase();
    assert!(
        last.contains("connection refused"),
        "ends with the root cause: {shown}"
    );
}

#[tokio::test]
async fn a_dns_failure_says_so() {
    let client = Client::builder("http://no-such-host.invalid/api")
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let err = client.list_firms().await.expect_err("no such host");
    let shown = err.to_string();
    assert!(shown.contains("dns error"), "{shown}");
}

#[tokio::test]
async fn a_timeout_says_so_at_the_end() {
    let server = support::serve(|stream, _| async move {
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(stream);
    })
    .await;
    let client = Client::builder(&server.url)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client.list_firms().await.expect_err("timeout");
    assert!(err.is_timeout());
    assert!(err.to_string().ends_with(": operation timed out"), "{err}");
}

#[tokio::test]
async fn debug_shows_the_body_as_text_cut_with_its_length() {
    let body = br#"{"status":"error","message":"Nope","data":null}"#;
    let server = replying(response(
        "500 Internal Server Error",
        &["Content-Type: application/json"],
        body,
    ))
    .await;
    let err = Client::new(&server.url)
        .list_firms()
        .await
        .expect_err("500");
    let shown = format!("{err:?}");
    assert!(shown.contains(r#"body: "{\"status\":\"error\""#), "{shown}");
    assert!(!shown.contains("[123, 34"), "{shown}");

    // An HTML error page: not JSON, so only the body holds it.
    let long = format!("<html><body>{}</body></html>", "я".repeat(5000));
    let server = replying(response("500 Internal Server Error", &[], long.as_bytes())).await;
    let err = Client::new(&server.url)
        .list_firms()
        .await
        .expect_err("500");
    let shown = format!("{err:?}");
    assert!(
        shown.contains(&format!("… ({} bytes)", long.len())),
        "the full length: {}",
        &shown[shown.len().saturating_sub(200)..]
    );
    assert!(
        shown.len() < 3 * 1024 + 512,
        "cut at a couple of KiB: {} characters",
        shown.len()
    );
    // Still the whole body through the API.
    assert_eq!(err.body().map(<[u8]>::len), Some(long.len()));
}
