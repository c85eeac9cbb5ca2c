//! `https` → `http` is never followed, even on the same host and without credentials: an
//! https server on 127.0.0.1 (a self-signed certificate for 127.0.0.1 in `tests/tls/`, trusted
//! by the test's client) redirects to a plain server that must see nothing.

mod support;

use std::sync::Arc;

use gocrm_generated::{Client, Error, RedirectRefusal};
use support::{replying, success};
use tokio::io::AsyncWriteExt;
use tokio_rustls::rustls;

const CERT: &[u8] = include_bytes!("tls/cert.der");
const KEY: &[u8] = include_bytes!("tls/key.der");

/// An https server on 127.0.0.1 that answers every request with `reply`.
async fn https_server(reply: Vec<u8>) -> String {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let key = rustls::pki_types::PrivateKeyDer::try_from(KEY.to_vec()).expect("a PKCS#8 key");
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![rustls::pki_types::CertificateDer::from(CERT.to_vec())],
            key,
        )
        .expect("a server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        for _ in 0..8 {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let Ok(mut stream) = acceptor.accept(stream).await else {
                continue;
            };
            let mut head = Vec::new();
            let mut buf = [0u8; 4096];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match tokio::io::AsyncReadExt::read(&mut stream, &mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let _ = stream.write_all(&reply).await;
            let _ = stream.shutdown().await;
        }
    });
    format!("https://{address}")
}

fn trusting_client(base_url: &str) -> Client {
    let http = gocrm_generated::http_client_builder()
        .tls_certs_only([reqwest::Certificate::from_der(CERT).expect("a certificate")])
        .build()
        .expect("an HTTP client");
    Client::builder(base_url)
        .http_client(http)
        .build()
        .expect("a client")
}

#[tokio::test]
async fn an_https_request_is_not_redirected_to_http() {
    let plain = replying(success("[]")).await;
    let redirect = support::response(
        "302 Found",
        &[&format!("Location: {}/firms", plain.url)],
        b"",
    );
    let secure = https_server(redirect).await;
    let err = trusting_client(&secure)
        .list_firms()
        .await
        .expect_err("not followed");
    let Error::Redirect(redirect) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(redirect.reason, RedirectRefusal::Downgrade);
    assert!(
        err.to_string().contains(&format!("{}/firms", plain.url)),
        "{err}"
    );
    assert!(plain.heads().is_empty(), "the plain server saw nothing");

    // The same server answering directly works: the failure above is the rule, not TLS.
    let secure = https_server(success("[]")).await;
    assert!(trusting_client(&secure)
        .list_firms()
        .await
        .expect("https works")
        .is_empty());
}
