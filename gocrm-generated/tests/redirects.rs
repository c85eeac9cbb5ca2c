//! Redirects, against raw servers on 127.0.0.1: safe methods follow same-origin redirects
//! (never with a `Referer`), a `POST` is not redirected at all (it used to come back as a
//! `GET` without its body, and a 404), a redirect loop ends after 10, and a request carrying
//! credentials does not leave its origin.

mod support;

use gocrm_generated::types::CreateLeadBody;
use gocrm_generated::{Client, Error, RedirectRefusal};
use support::{header, replying, response, serve, success};
use tokio::io::AsyncWriteExt;

fn lead() -> CreateLeadBody {
    CreateLeadBody {
        name: "Вова".into(),
        phone: "+79876543210".into(),
        center_id: 1,
        birthday: "2019-11-18".into(),
        ..Default::default()
    }
}

fn redirect_to(status: &str, location: &str) -> Vec<u8> {
    response(status, &[&format!("Location: {location}")], b"moved")
}

fn refusal(err: &Error) -> &gocrm_generated::RedirectError {
    match err {
        Error::Redirect(e) => e,
        other => panic!("expected Error::Redirect, got {other:?}"),
    }
}

#[tokio::test]
async fn a_post_is_not_redirected_whatever_the_status() {
    for status in [
        "301 Moved Permanently",
        "302 Found",
        "303 See Other",
        "307 Temporary Redirect",
        "308 Permanent Redirect",
    ] {
        let server = serve(move |mut stream, head| async move {
            let reply = if head.starts_with("POST /leads ") {
                redirect_to(status, "/v2/leads")
            } else {
                response("404 Not Found", &[], b"")
            };
            let _ = stream.write_all(&reply).await;
        })
        .await;
        let err = Client::new(&server.url)
            .create_lead(&lead())
            .await
            .expect_err("not followed");
        let redirect = refusal(&err);
        assert_eq!(redirect.reason, RedirectRefusal::UnsafeMethod);
        assert_eq!(
            Some(redirect.status),
            status.split(' ').next().and_then(|s| s.parse().ok())
        );
        assert_eq!(redirect.method, "POST");
        assert_eq!(redirect.location, format!("{}/v2/leads", server.url));
        assert_eq!(redirect.body, b"moved");
        let shown = err.to_string();
        assert!(
            shown.contains(&redirect.status.to_string()) && shown.contains("/v2/leads"),
            "{shown}"
        );
        assert_eq!(server.heads().len(), 1, "only the POST was sent");
    }
}

#[tokio::test]
async fn a_get_follows_a_same_origin_redirect_without_a_referer() {
    let server = serve(|mut stream, head| async move {
        let reply = if head.starts_with("GET /cities ") {
            redirect_to("301 Moved Permanently", "/v2/cities")
        } else {
            success(r#"[{"id": 7, "alias": "kzn", "name": "Казань"}]"#)
        };
        let _ = stream.write_all(&reply).await;
    })
    .await;
    let cities = Client::new(&server.url)
        .list_cities()
        .await
        .expect("followed");
    assert_eq!(cities.len(), 1);
    let heads = server.heads();
    assert_eq!(heads.len(), 2);
    assert!(heads[1].starts_with("GET /v2/cities "), "{}", heads[1]);
    for head in &heads {
        assert_eq!(header(head, "referer"), None, "no Referer: {head}");
    }
}

#[tokio::test]
async fn a_get_without_credentials_follows_to_another_origin_without_a_referer() {
    let other = replying(success("[]")).await;
    let target = format!("{}/elsewhere", other.url);
    let first = replying(redirect_to("302 Found", &target)).await;
    let firms = Client::new(&first.url)
        .list_firms()
        .await
        .expect("followed");
    assert!(firms.is_empty());
    let heads = other.heads();
    assert_eq!(heads.len(), 1);
    assert_eq!(
        header(&heads[0], "referer"),
        None,
        "no Referer: {}",
        heads[0]
    );
}

#[tokio::test]
async fn an_authorization_default_header_does_not_leave_the_origin() {
    let other = replying(success("[]")).await;
    let first = replying(redirect_to(
        "302 Found",
        &format!("{}/steal?x=1", other.url),
    ))
    .await;
    let client = Client::builder(&first.url)
        .default_header("Authorization", "Bearer SECRET-TOKEN")
        .build()
        .unwrap();
    let err = client.list_firms().await.expect_err("not followed");
    let redirect = refusal(&err);
    assert_eq!(redirect.reason, RedirectRefusal::CrossOrigin);
    assert!(
        err.to_string().contains(&format!("{}/steal", other.url)),
        "names the target: {err}"
    );
    assert!(!format!("{err} {err:?}").contains("SECRET-TOKEN"));
    assert!(other.heads().is_empty(), "the other origin saw nothing");

    // Opted in: followed, without the header.
    let client = Client::builder(&first.url)
        .default_header("Authorization", "Bearer SECRET-TOKEN")
        .follow_cross_origin_redirects(true)
        .build()
        .unwrap();
    client.list_firms().await.expect("followed");
    let heads = other.heads();
    assert_eq!(heads.len(), 1);
    assert!(!heads[0].contains("SECRET-TOKEN"), "{}", heads[0]);
}

#[tokio::test]
async fn a_redirect_loop_ends_after_10() {
    let server = replying(redirect_to("302 Found", "/firms")).await;
    let err = Client::new(&server.url)
        .list_firms()
        .await
        .expect_err("a loop");
    assert_eq!(refusal(&err).reason, RedirectRefusal::TooMany);
    assert_eq!(server.heads().len(), 11, "the request and 10 redirects");
}

#[tokio::test]
async fn a_redirect_to_another_scheme_is_not_followed() {
    let server = replying(redirect_to("302 Found", "ftp://127.0.0.1/firms")).await;
    let err = Client::new(&server.url)
        .list_firms()
        .await
        .expect_err("not http");
    assert_eq!(refusal(&err).reason, RedirectRefusal::InvalidLocation);
    assert!(err.to_string().contains("ftp://127.0.0.1/firms"), "{err}");
}

#[tokio::test]
async fn a_304_or_a_redirect_without_location_comes_back_as_it_is() {
    let server = replying(response("302 Found", &[], b"")).await;
    let err = Client::new(&server.url)
        .list_firms()
        .await
        .expect_err("a 302");
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.http_status(), Some(302));
}
