//! The crate's own mock (feature `mock`, on for this crate's tests through its dev-dependency
//! on itself): default answers for every operation, each stub builder method, matchers,
//! precedence, recording, and the validation answers to raw requests.

use gocrm_generated::mock::MockServer;
use gocrm_generated::types::{self, CreateLeadBody, ListUsersParams};
use gocrm_generated::Error;
use serde_json::{json, Value};

fn lead_body() -> CreateLeadBody {
    CreateLeadBody {
        name: "Вова".to_owned(),
        phone: "+79876543210".to_owned(),
        center_id: 1,
        birthday: "2019-11-18".to_owned(),
        ..CreateLeadBody::default()
    }
}

/// A plain HTTP client (TLS set up as the crate sets it up), for requests the typed client
/// would never send.
fn http() -> reqwest::Client {
    gocrm_generated::http_client_builder().build().unwrap()
}

fn api_error(result: Result<impl std::fmt::Debug, Error>) -> Box<gocrm_generated::ApiError> {
    match result {
        Err(Error::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_fresh_mock_answers_every_operation_with_an_example() {
    let server = MockServer::start().await;
    assert!(server.url().starts_with("http://127.0.0.1:"));
    assert!(server.url().ends_with("/api/v3"), "{}", server.url());
    let client = server.client();
    assert_eq!(client.base_url(), server.url());

    let cities = client.list_cities().await.unwrap();
    assert!(!cities.is_empty());
    let lead = client.create_lead(&lead_body()).await.unwrap();
    assert!(!lead.name.is_empty());
    assert!(!client.list_firms().await.unwrap().is_empty());
    client.get_firm(1).await.unwrap();
    client.get_city(1).await.unwrap();
    assert!(!client.list_city_centers(1).await.unwrap().is_empty());
    client.get_center(1).await.unwrap();
    assert!(!client
        .list_users(&ListUsersParams::default())
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn returns_answers_in_the_envelope_and_matchers_pick_requests() {
    let server = MockServer::start().await;
    let client = server.client();
    let firm = types::Firm {
        id: Some(12),
        name_firm: Some("Зелёный лес".to_owned()),
        ..client.get_firm(12).await.unwrap()
    };
    server.get_firm().with_id(12).returns(firm.clone()).await;

    assert_eq!(client.get_firm(12).await.unwrap(), firm);
    // Another id is not matched: the default example answers.
    assert_ne!(client.get_firm(13).await.unwrap(), firm);

    // A query matcher.
    let mut manager = client
        .list_users(&ListUsersParams::default())
        .await
        .unwrap();
    manager.truncate(1);
    server
        .list_users()
        .with_center_id(5)
        .returns(manager.clone())
        .await;
    let params = ListUsersParams {
        center_id: Some(5),
        ..ListUsersParams::default()
    };
    assert_eq!(client.list_users(&params).await.unwrap(), manager);
    server.list_users().returns(Vec::new()).await;
    // The stub without matchers was mounted last: it answers every call now.
    assert!(client.list_users(&params).await.unwrap().is_empty());
    assert_eq!(server.list_users().calls().await, 3);
}

#[tokio::test]
async fn the_most_recently_mounted_matching_stub_answers() {
    let server = MockServer::start().await;
    let client = server.client();
    server.get_city().fails(500, "first").await;
    server.get_city().with_id(7).fails(404, "second").await;
    assert_eq!(api_error(client.get_city(7).await).status, 404);
    assert_eq!(api_error(client.get_city(8).await).status, 500);
    server.get_city().fails(503, "third").await;
    assert_eq!(api_error(client.get_city(7).await).status, 503);
    assert_eq!(server.get_city().calls().await, 3);
}

#[tokio::test]
async fn fails_sends_an_error_envelope() {
    let server = MockServer::start().await;
    server
        .get_center()
        .with_id(9)
        .fails(404, "Center not found")
        .await;
    let e = api_error(server.client().get_center(9).await);
    assert_eq!(e.status, 404);
    assert_eq!(e.envelope_status.as_deref(), Some("error"));
    assert_eq!(e.message.as_deref(), Some("Center not found"));
}

#[tokio::test]
async fn fails_validation_sends_the_fields_as_go_crm_does() {
    let server = MockServer::start().await;
    server
        .create_lead()
        .fails_validation(&[
            ("phone", "The phone field is required."),
            ("name", "The name field is required."),
        ])
        .await;
    let e = api_error(server.client().create_lead(&lead_body()).await);
    assert_eq!(e.status, 422);
    assert_eq!(e.message.as_deref(), Some("Validation error"));
    let fields = e.validation_errors.unwrap_or_default();
    assert_eq!(fields["phone"], ["The phone field is required."]);
    assert_eq!(fields["name"], ["The name field is required."]);
    // Go-CRM sends `validation_errors` as a string holding JSON.
    let body: Value = serde_json::from_slice(&e.body).unwrap();
    assert!(body["validation_errors"].is_string(), "{body}");
}

#[tokio::test]
async fn responds_raw_sends_exactly_that() {
    let server = MockServer::start().await;
    server
        .list_firms()
        .responds_raw(502, "text/html", "<html>Bad gateway</html>")
        .await;
    let e = api_error(server.client().list_firms().await);
    assert_eq!(e.status, 502);
    assert_eq!(e.body, b"<html>Bad gateway</html>");
    server
        .list_firms()
        .responds_raw(
            200,
            "application/json",
            r#"{"status":"success","data":[{"id":"77"}]}"#,
        )
        .await;
    let firms = server.client().list_firms().await.unwrap();
    assert_eq!(firms.len(), 1);
    assert_eq!(firms[0].id, Some(77));
}

#[tokio::test]
async fn calls_and_received_record_the_requests() {
    let server = MockServer::start().await;
    let client = server.client();
    assert_eq!(server.create_lead().calls().await, 0);
    let first = lead_body();
    let second = CreateLeadBody {
        phone: "+70000000000".to_owned(),
        comment: Some("с сайта".to_owned()),
        ..lead_body()
    };
    client.create_lead(&first).await.unwrap();
    client.create_lead(&second).await.unwrap();
    assert_eq!(server.create_lead().calls().await, 2);
    assert_eq!(server.create_lead().received().await, vec![first, second]);
    assert_eq!(server.list_firms().calls().await, 0);
}

#[tokio::test]
async fn a_lead_without_a_phone_is_a_validation_error() {
    let server = MockServer::start().await;
    let http = http();
    let response = http
        .post(format!("{}/leads", server.url()))
        .json(&json!({"name": "Вова", "center_id": "1", "birthday": "2019-11-18"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "error");
    assert_eq!(body["message"], "Validation error");
    let fields = gocrm_generated::runtime::normalize_validation_errors(Some(
        body["validation_errors"].clone(),
    ));
    assert_eq!(
        fields.keys().collect::<Vec<_>>(),
        ["phone"],
        "{body}" // `"1"` fits the integer `center_id`
    );

    // A wrong type and two missing fields are all named.
    let response = http
        .post(format!("{}/leads", server.url()))
        .json(&json!({"name": "Вова", "center_id": "abc"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let body: Value = response.json().await.unwrap();
    let fields = gocrm_generated::runtime::normalize_validation_errors(Some(
        body["validation_errors"].clone(),
    ));
    assert_eq!(
        fields.keys().collect::<Vec<_>>(),
        ["birthday", "center_id", "phone"]
    );
    // The rejected requests still count.
    assert_eq!(server.create_lead().calls().await, 2);
    assert!(server.create_lead().received().await.is_empty());
}

#[tokio::test]
async fn a_query_value_of_the_wrong_type_is_a_validation_error() {
    let server = MockServer::start().await;
    let http = http();
    let answer = |query: &'static str| {
        let http = http.clone();
        let url = format!("{}/users?{query}", server.url());
        async move {
            let response = http.get(url).send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = answer("centerId=abc").await;
    assert_eq!(status, 422);
    let fields = gocrm_generated::runtime::normalize_validation_errors(Some(
        body["validation_errors"].clone(),
    ));
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["centerId"]);
    let (status, body) = answer("centerId=12&isDisplay=1").await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = answer("isDisplay=maybe").await;
    assert_eq!(status, 422);
    // A path parameter too.
    let response = http
        .get(format!("{}/firms/abc", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
}

#[tokio::test]
async fn requests_outside_the_api_are_not_found() {
    let server = MockServer::start().await;
    let http = http();
    for url in [
        format!("{}/nothing", server.url()),
        server.url().replace("/api/v3", "/leads"),
    ] {
        let response = http.get(url).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 404);
    }
    // The right path with the wrong method.
    let response = http
        .delete(format!("{}/leads", server.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
}
