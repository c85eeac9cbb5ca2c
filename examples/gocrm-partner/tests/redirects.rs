//! Credentials never leave their origin: each kind (API-key header, query key, bearer, basic)
//! against a server that redirects to a second local server, which must never see the secret
//! in any header, path or query. By default the redirect is not followed and the error names
//! the target; with `follow_cross_origin_redirects(true)` it is followed without credentials.

use std::sync::{Arc, Mutex};

use gocrm_partner::partner::{Client, Error, RedirectRefusal};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const SECRETS: [&str; 4] = ["k-123", "q-456", "t-789", "s3cret"];

/// A raw server answering every request with `reply(head)`; returns its URL and the request
/// heads it read (the request line, so the path and query, and every header).
async fn server(
    reply: impl Fn(&str) -> String + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&heads);
    let reply = Arc::new(reply);
    tokio::spawn(async move {
        for _ in 0..16 {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let mut data = Vec::new();
            let mut buf = [0u8; 4096];
            while !data.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => data.extend_from_slice(&buf[..n]),
                }
            }
            let head = String::from_utf8_lossy(&data).into_owned();
            seen.lock().unwrap().push(head.clone());
            let _ = stream.write_all(reply(&head).as_bytes()).await;
        }
    });
    (url, heads)
}

fn ok() -> String {
    let body = r#"{"status":"success","data":{"ok":true}}"#;
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn redirect(location: &str) -> String {
    format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
}

/// A client that has exactly one kind of credential.
fn clients(base: &str) -> Vec<(&'static str, Client)> {
    vec![
        ("api-key header", Client::new(base).with_api_key("k-123")),
        (
            "query key + basic",
            Client::new(base)
                .with_query_key("q-456")
                .with_basic("manager", "s3cret"),
        ),
        ("bearer", Client::new(base).with_bearer("t-789")),
    ]
}

fn opted_in(base: &str) -> Vec<(&'static str, Client)> {
    let builder = || {
        Client::builder(base)
            .follow_cross_origin_redirects(true)
            .build()
            .expect("valid")
    };
    vec![
        ("api-key header", builder().with_api_key("k-123")),
        (
            "query key + basic",
            builder()
                .with_query_key("q-456")
                .with_basic("manager", "s3cret"),
        ),
        ("bearer", builder().with_bearer("t-789")),
    ]
}

async fn call(client: &Client, kind: &str) -> Result<(), Error> {
    match kind {
        // The document's default requirement: the API-key header.
        "api-key header" => client.list_leads().await.map(drop),
        // Bearer first, else the query key together with basic auth.
        _ => client.get_report().await.map(drop),
    }
}

fn assert_no_secret(heads: &[String]) {
    for head in heads {
        for secret in SECRETS {
            assert!(
                !head.contains(secret),
                "{secret} reached the other server:\n{head}"
            );
        }
        // Basic auth's base64 form of manager:s3cret.
        assert!(
            !head.contains("bWFuYWdlcjpzM2NyZXQ"),
            "basic credentials leaked:\n{head}"
        );
        assert!(
            !head.to_lowercase().contains("\r\nreferer:"),
            "a Referer:\n{head}"
        );
    }
}

#[tokio::test]
async fn a_cross_origin_redirect_with_credentials_is_not_followed() {
    let (other, other_heads) = server(|_| ok()).await;
    // The Location even repeats the query key, as a careless server might.
    let target = format!("{other}/collect?key=q-456");
    let (first, first_heads) = server(move |_| redirect(&target)).await;
    for (kind, client) in clients(&first) {
        let err = call(&client, kind).await.expect_err(kind);
        let Error::Redirect(redirect) = &err else {
            panic!("{kind}: {err:?}")
        };
        assert_eq!(redirect.reason, RedirectRefusal::CrossOrigin, "{kind}");
        assert_eq!(redirect.status, 302);
        let shown = format!("{err} {err:?}");
        assert!(
            shown.contains(&format!("{other}/collect")),
            "{kind}: names the target: {shown}"
        );
        for secret in SECRETS {
            assert!(
                !shown.contains(secret),
                "{kind}: {secret} in the error: {shown}"
            );
        }
    }
    assert_eq!(
        first_heads.lock().unwrap().len(),
        3,
        "the first server got each request"
    );
    assert!(
        other_heads.lock().unwrap().is_empty(),
        "the other server saw nothing"
    );
}

#[tokio::test]
async fn opted_in_a_cross_origin_redirect_goes_without_credentials() {
    let (other, other_heads) = server(|_| ok()).await;
    let target = format!("{other}/collect?key=q-456&page=2");
    let (first, _) = server(move |_| redirect(&target)).await;
    for (kind, client) in opted_in(&first) {
        call(&client, kind)
            .await
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
    }
    let heads = other_heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 3, "each followed");
    assert_no_secret(&heads);
    for head in &heads {
        assert!(
            head.starts_with("GET /collect?page=2 "),
            "other query parameters stay: {head}"
        );
    }
}

#[tokio::test]
async fn a_same_origin_redirect_keeps_the_credentials_and_sends_no_referer() {
    let (base, heads) = server(|head| {
        if head.starts_with("GET /leads ") {
            redirect("/v2/leads")
        } else {
            ok()
        }
    })
    .await;
    let client = Client::new(&base).with_api_key("k-123");
    client.list_leads().await.expect("followed");
    let heads = heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 2);
    assert!(heads[1].starts_with("GET /v2/leads "), "{}", heads[1]);
    assert!(
        heads[1].to_lowercase().contains("x-api-key: k-123"),
        "same origin: {}",
        heads[1]
    );
    assert!(!heads[1].to_lowercase().contains("referer"), "{}", heads[1]);
}

#[tokio::test]
async fn another_port_is_another_origin() {
    let (other, other_heads) = server(|_| ok()).await;
    // Both servers are on 127.0.0.1: only the port differs.
    let target = format!("{other}/leads");
    let (first, _) = server(move |_| redirect(&target)).await;
    let err = Client::new(&first)
        .with_api_key("k-123")
        .list_leads()
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::Redirect(_)), "{err:?}");
    assert!(other_heads.lock().unwrap().is_empty());
}
