//! A raw HTTP/1.1 server on 127.0.0.1 for the tests: every connection's request head is
//! recorded, then a script decides what goes back.

#![allow(dead_code)] // Each test file uses a part.

/// A tracing layer that records spans and events (tests/tracing.rs).
#[cfg(feature = "tracing")]
pub mod capture;

use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Reads one request (head and a Content-Length body); returns the head.
pub async fn read_request(stream: &mut TcpStream) -> String {
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
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
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

/// A server's address and the heads of the requests it read, in order.
pub struct Server {
    pub url: String,
    pub heads: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

/// A server whose `script` gets each connection after its request was read (with the head).
pub async fn serve<F, Fut>(script: F) -> Server
where
    F: Fn(TcpStream, String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&heads);
    let script = Arc::new(script);
    tokio::spawn(async move {
        // Bounded: a test never needs more than a few connections.
        for _ in 0..32 {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let seen = Arc::clone(&seen);
            let script = Arc::clone(&script);
            tokio::spawn(async move {
                let head = read_request(&mut stream).await;
                seen.lock().unwrap().push(head.clone());
                script(stream, head).await;
            });
        }
    });
    Server {
        url: format!("http://{address}"),
        heads,
    }
}

/// A server that answers every request with `reply` and closes.
pub async fn replying(reply: Vec<u8>) -> Server {
    serve(move |mut stream, _| {
        let reply = reply.clone();
        async move {
            let _ = stream.write_all(&reply).await;
            let _ = stream.flush().await;
        }
    })
    .await
}

/// A complete response.
pub fn response(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for header in headers {
        out.push_str(header);
        out.push_str("\r\n");
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// A Go-CRM success envelope holding `data`.
pub fn success(data: &str) -> Vec<u8> {
    response(
        "200 OK",
        &["Content-Type: application/json"],
        format!(r#"{{"status":"success","data":{data}}}"#).as_bytes(),
    )
}

/// The value of header `name` in a request head.
pub fn header(head: &str, name: &str) -> Option<String> {
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}
