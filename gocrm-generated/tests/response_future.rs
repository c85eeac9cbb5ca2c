//! What a generated method returns: `runtime::ResponseFuture`, against a real HTTP server on
//! 127.0.0.1 (wiremock). It sends nothing until awaited, borrows neither the client nor the
//! arguments, is `Send + 'static` (so it can be spawned), and reports a request that could not
//! be built when awaited.

use std::time::Duration;

use gocrm_generated::types::CreateLeadBody;
use gocrm_generated::{Client, Error, ResponseFuture};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn firm_envelope() -> serde_json::Value {
    json!({"status": "success", "message": "", "validation_errors": {}, "data": {
        "id": "7", "nameFirm": "ООО Лес", "legalAddress": "", "actualAddress": "",
        "phone": "", "fax": "", "email": "", "ogrn": "", "inn": 1, "kpp": "",
        "director": "", "base": "", "bank": "", "bik": "", "rs": "", "ks": "",
        "doc": "", "welcomeMessage": "", "createdAt": ""
    }})
}

async fn firm_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/firms/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(firm_envelope()))
        .mount(&server)
        .await;
    server
}

fn assert_send_static<T: Send + 'static>(_: &T) {}

#[tokio::test]
async fn nothing_is_sent_until_the_future_is_awaited() {
    let server = firm_server().await;
    let client = Client::new(&server.uri());
    let future = client.get_firm(7);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 0);
    drop(future);
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 0);

    let firm = client.get_firm(7).await.expect("the firm");
    assert_eq!(firm.id, Some(7));
    assert_eq!(server.received_requests().await.unwrap_or_default().len(), 1);
}

#[tokio::test]
async fn the_future_outlives_the_client_and_the_arguments_and_can_be_spawned() {
    let server = firm_server().await;
    Mock::given(method("POST"))
        .and(path("/leads"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "success", "message": "", "validation_errors": {},
            "data": {"id": "5", "name": "Вова", "phone": "+7", "center_id": "1",
                     "birthday": "2019-11-18"}
        })))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri());
    let firm = client.get_firm(7);
    let lead = {
        let body = CreateLeadBody {
            fio: None,
            name: "Вова".to_owned(),
            phone: "+7".to_owned(),
            center_id: 1,
            birthday: "2019-11-18".to_owned(),
            mail: None,
            comment: None,
            ..Default::default()
        };
        client.create_lead(&body)
        // `body` is dropped here; the request was built from it already.
    };
    drop(client);
    assert_send_static(&firm);
    assert_send_static(&lead);
    let (firm, lead) = tokio::join!(tokio::spawn(firm), tokio::spawn(lead));
    assert_eq!(firm.expect("joined").expect("the firm").id, Some(7));
    assert_eq!(lead.expect("joined").expect("the lead").name, "Вова");
}

#[tokio::test]
async fn a_request_that_cannot_be_built_fails_when_awaited() {
    // A base URL that is not one: every request fails to build, and says why when awaited.
    let client = Client::new("not a url");
    let future = client.list_firms();
    match future.await {
        Err(Error::InvalidRequest(why)) => assert!(!why.is_empty()),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn a_future_polled_after_its_answer_answers_an_error_instead_of_panicking() {
    let server = firm_server().await;
    let client = Client::new(&server.uri());
    let mut future: ResponseFuture<_, _> = client.get_firm(7);
    assert_eq!((&mut future).await.expect("the firm").id, Some(7));
    assert!(matches!(
        (&mut future).await,
        Err(Error::InvalidRequest(why)) if why.contains("polled after")
    ));
    assert!(format!("{future:?}").contains("done"));
}
