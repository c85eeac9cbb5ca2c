//! Bounded time: every way a server can hang, stall or break off ends in `Error::Transport`
//! within the timeout plus a little slack (short timeouts set through the builder), and a
//! plain `Client::new` carries the documented defaults (10 s to connect, 30 s per request),
//! checked on tokio's paused clock so the suite does not wait 30 s.

mod support;

use std::time::{Duration, Instant};

use gocrm_generated::{Client, Error};
use support::{response, serve};
use tokio::io::AsyncWriteExt;

const TIMEOUT: Duration = Duration::from_millis(600);
/// How late a timeout may end (scheduling on a loaded machine).
const SLACK: Duration = Duration::from_secs(3);

fn short(url: &str) -> Client {
    Client::builder(url)
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_millis(300))
        .build()
        .expect("a valid client")
}

/// Runs `call` and checks it ends as a transport timeout within the bound.
async fn assert_times_out(client: &Client) -> Error {
    let started = Instant::now();
    let err = client
        .list_firms()
        .await
        .expect_err("the server never finishes");
    let took = started.elapsed();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_timeout(), "a timeout: {err}");
    assert!(
        took >= TIMEOUT - Duration::from_millis(50),
        "not before the timeout: {took:?}"
    );
    assert!(
        took < TIMEOUT + SLACK,
        "within the timeout plus slack: {took:?}"
    );
    err
}

#[tokio::test]
async fn a_server_that_accepts_and_never_answers_times_out() {
    let server = serve(|stream, _| async move {
        tokio::time::sleep(Duration::from_secs(60)).await;
        drop(stream);
    })
    .await;
    let err = assert_times_out(&short(&server.url)).await;
    assert!(err.to_string().ends_with("operation timed out"), "{err}");
}

#[tokio::test]
async fn headers_then_a_stop_mid_body_times_out_and_keeps_what_arrived() {
    let server = serve(|mut stream, _| async move {
        let mut reply = response("200 OK", &["Content-Type: application/json"], b"");
        // Promise 100 bytes (replacing the empty body's length), send 11.
        let text = String::from_utf8(std::mem::take(&mut reply)).unwrap();
        let text = text.replace("Content-Length: 0", "Content-Length: 100");
        let _ = stream.write_all(text.as_bytes()).await;
        let _ = stream.write_all(br#"{"status":"#).await;
        let _ = stream.flush().await;
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;
    let err = assert_times_out(&short(&server.url)).await;
    assert_eq!(err.http_status(), Some(200));
    assert_eq!(err.body(), Some(&br#"{"status":"#[..]));
}

#[tokio::test]
async fn a_server_that_trickles_a_byte_a_second_times_out() {
    let server = serve(|mut stream, _| async move {
        let reply = response(
            "200 OK",
            &["Content-Type: application/json"],
            br#"{"status":"success","data":[]}"#,
        );
        for byte in reply {
            if stream.write_all(&[byte]).await.is_err() {
                return;
            }
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
    .await;
    assert_times_out(&short(&server.url)).await;
}

#[tokio::test]
async fn a_close_after_the_headers_is_a_transport_error_at_once() {
    let server = serve(|mut stream, _| async move {
        let _ = stream
            .write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n",
            )
            .await;
        let _ = stream.flush().await;
    })
    .await;
    let started = Instant::now();
    let err = short(&server.url).list_firms().await.expect_err("cut off");
    assert!(started.elapsed() < TIMEOUT, "no wait for the timeout");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!err.is_timeout(), "not a timeout: {err}");
    assert_eq!(err.http_status(), Some(200));
}

#[tokio::test]
async fn a_reset_after_the_headers_is_a_transport_error_at_once() {
    let server = serve(|mut stream, _| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"st")
            .await;
        let _ = stream.flush().await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        let _ = stream.set_zero_linger();
    })
    .await;
    let started = Instant::now();
    let err = short(&server.url).list_firms().await.expect_err("reset");
    assert!(started.elapsed() < TIMEOUT, "no wait for the timeout");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!err.is_timeout(), "not a timeout: {err}");
    assert_eq!(err.http_status(), Some(200));
}

/// A listener whose accept queue is full: the kernel drops further SYNs, so a connect hangs.
async fn unanswered_connects() -> (tokio::net::TcpListener, Vec<tokio::net::TcpStream>, String) {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.bind("127.0.0.1:0".parse().unwrap()).expect("bind");
    let listener = socket.listen(0).expect("listen");
    let address = listener.local_addr().expect("address");
    // Fill the queue (never accepted); connects that time out are not kept.
    let mut held = Vec::new();
    for _ in 0..8 {
        if let Ok(Ok(stream)) = tokio::time::timeout(
            Duration::from_millis(200),
            tokio::net::TcpStream::connect(address),
        )
        .await
        {
            held.push(stream);
        }
    }
    (listener, held, format!("http://{address}"))
}

#[tokio::test]
async fn a_connect_that_hangs_ends_at_the_connect_timeout() {
    let (_listener, _held, url) = unanswered_connects().await;
    let client = Client::builder(&url)
        .connect_timeout(Duration::from_millis(300))
        .timeout(Duration::from_secs(20))
        .build()
        .expect("a valid client");
    let started = Instant::now();
    let err = client.list_firms().await.expect_err("no connection");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the connect timeout, not the request's: {:?}",
        started.elapsed()
    );
    assert!(err.is_timeout(), "{err}");
}

#[test]
fn client_new_and_default_carry_the_documented_defaults() {
    for client in [
        Client::new("http://127.0.0.1:1"),
        Client::default(),
        Client::builder("http://127.0.0.1:1").build().unwrap(),
    ] {
        assert_eq!(client.timeout(), Some(Duration::from_secs(30)));
        assert_eq!(client.connect_timeout(), Some(Duration::from_secs(10)));
    }
    // A reqwest::Client of the caller's: its own limits, unless the builder sets one.
    let own = Client::with_client("http://127.0.0.1:1", reqwest::Client::new());
    assert_eq!((own.timeout(), own.connect_timeout()), (None, None));
    let own = Client::builder("http://127.0.0.1:1")
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    assert_eq!(own.timeout(), Some(Duration::from_secs(5)));
    let err = Client::builder("http://127.0.0.1:1")
        .http_client(reqwest::Client::new())
        .connect_timeout(Duration::from_secs(5))
        .build()
        .expect_err("connect_timeout cannot reach the caller's client");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
}

/// `Client::new` against a server that never answers, on tokio's paused clock: the request
/// ends as a timeout after 30 s of (virtual) time, not earlier and not much later.
#[tokio::test(start_paused = true)]
async fn client_new_gives_up_after_30_seconds() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    // The kernel completes the handshake; nobody ever reads or answers.
    let started = tokio::time::Instant::now();
    let err = Client::new(&url)
        .list_firms()
        .await
        .expect_err("never answered");
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert!(
        took >= Duration::from_secs(30) && took < Duration::from_secs(31),
        "30 s by the clock: {took:?}"
    );
    drop(listener);
}

/// The connect limit of `Client::new`: 10 s of (virtual) time against a connect that hangs.
#[tokio::test(start_paused = true)]
async fn client_new_gives_up_connecting_after_10_seconds() {
    // Filling the queue takes real time-outs, so do it with the clock running.
    tokio::time::resume();
    let (_listener, held, url) = unanswered_connects().await;
    assert!(!held.is_empty());
    tokio::time::pause();
    let started = tokio::time::Instant::now();
    let err = Client::new(&url)
        .list_firms()
        .await
        .expect_err("no connection");
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err}");
    assert!(
        took >= Duration::from_secs(10) && took < Duration::from_secs(11),
        "10 s by the clock: {took:?}"
    );
}
