//! The generated Go-CRM client against a real HTTP server on 127.0.0.1 (wiremock), answering
//! the way the real PHP/Laravel server does: string ids, 0/1 booleans, envelopes with errors
//! inside HTTP 200, HTML error pages.

use std::collections::BTreeMap;

use gocrm_generated::types::{self, CreateLeadBody, ListUsersParams};
use gocrm_generated::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn success(data: Value) -> Value {
    json!({"status": "success", "message": "", "validation_errors": {}, "data": data})
}

fn center_json() -> Value {
    json!({
        "id": "12345",
        "city": "Челябинск",
        "cityAlias": "chelyabinsk",
        "centerAlias": "forest",
        "address": "ул. Лесная, д.3",
        "phone": "+79876543210",
        "email": "center@forest.com",
        "cityId": 12345,
        "firmId": "12345",
        "timezone": "Asia/Yekaterinburg",
        "description": "Наш центр самый лучший!",
        "latitude": "59.123456",
        "longitude": "29.123456",
        "siteStatus": 1
    })
}

fn firm_json() -> Value {
    json!({
        "id": "12345",
        "nameFirm": "ООО \"Зелёный лес\"",
        "legalAddress": "ул. Лесная, д.1",
        "actualAddress": "ул. Лесная, д.2",
        "phone": "+79876543210",
        "fax": "+79876543210",
        "email": "green@forest.com",
        "ogrn": "123457890",
        "inn": 123457890,
        "kpp": "123457890",
        "director": "Иванов Е.С.",
        "base": "Устав",
        "bank": "ЗАО \"Самый лучший банк\"",
        "bik": "1234567890",
        "rs": "1234567890",
        "ks": "1234567890",
        "doc": "https://<you_link>",
        "welcomeMessage": "Добро пожаловать!",
        "createdAt": "2020-01-01 00:00:00"
    })
}

async fn serve(verb: &str, route: &str, response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri());
    (server, client)
}

fn lead_body() -> CreateLeadBody {
    CreateLeadBody {
        fio: Some("Мария Ивановна".to_owned()),
        name: "Вова".to_owned(),
        phone: "+79876543210".to_owned(),
        center_id: 1,
        birthday: "2019-11-18".to_owned(),
        mail: None,
        comment: Some("Тестовая заявка с сайта".to_owned()),
        utm: None,
        way_id: Some(1),
        bot: None,
    }
}

#[tokio::test]
async fn create_lead_sends_json_without_nulls_and_reads_the_lead() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/leads"))
        .and(body_json(json!({
            "fio": "Мария Ивановна",
            "name": "Вова",
            "phone": "+79876543210",
            "center_id": 1,
            "birthday": "2019-11-18",
            "comment": "Тестовая заявка с сайта",
            "way_id": 1
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(success(json!({
            "id": "12345", "name": "Вова", "status": "bid", "mail": "youremail@youremaildomain.com",
            "center_id": "1", "phone": "+79876543210", "fio": "Мария Ивановна", "birthday": "2019-11-18",
            "comment": "Тестовая заявка с сайта", "way_id": 1
        }))))
        .expect(1)
        .mount(&server)
        .await;
    // A trailing slash on the base URL is fine.
    let client = Client::new(&format!("{}/api/v3/", server.uri()));
    let lead = client
        .create_lead(&lead_body())
        .await
        .expect("lead created");
    assert_eq!(lead.id, Some(12345));
    assert_eq!(lead.center_id, 1);
    assert_eq!(lead.status.as_deref(), Some("bid"));
    assert_eq!(lead.name, "Вова");

    let requests = server.received_requests().await.unwrap_or_default();
    let body = String::from_utf8(requests[0].body.clone()).expect("UTF-8 body");
    assert!(
        body.contains("Мария Ивановна"),
        "Cyrillic goes out as UTF-8: {body}"
    );
    assert!(!body.contains("null"), "unset fields are not sent: {body}");
    let content_type = requests[0]
        .headers
        .get("content-type")
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    assert_eq!(content_type.as_deref(), Some("application/json"));
}

#[tokio::test]
async fn create_lead_through_the_mock_records_the_typed_body() {
    let server = gocrm_generated::mock::MockServer::start().await;
    let lead: types::Lead = serde_json::from_value(json!({
        "id": 7, "name": "Вова", "center_id": 1, "phone": "+79876543210", "birthday": "2019-11-18"
    }))
    .expect("a lead");
    server.create_lead().returns(lead.clone()).await;
    assert_eq!(
        server
            .client()
            .create_lead(&lead_body())
            .await
            .expect("lead created"),
        lead
    );
    assert_eq!(server.create_lead().received().await, vec![lead_body()]);
}

#[tokio::test]
async fn list_firms_reads_all_19_fields() {
    let (_server, client) = serve(
        "GET",
        "/firms",
        ResponseTemplate::new(200).set_body_json(success(json!([firm_json()]))),
    )
    .await;
    let firms = client.list_firms().await.expect("firms");
    assert_eq!(firms.len(), 1);
    let firm = &firms[0];
    assert_eq!(firm.id, Some(12345));
    assert_eq!(firm.name_firm.as_deref(), Some("ООО \"Зелёный лес\""));
    assert_eq!(
        firm.inn.as_deref(),
        Some("123457890"),
        "a number where the spec says string is kept as text"
    );
    assert_eq!(firm.welcome_message.as_deref(), Some("Добро пожаловать!"));
    assert_eq!(firm.created_at.as_deref(), Some("2020-01-01 00:00:00"));
    // Round trip: every field the server sent comes back.
    let back = serde_json::to_value(firm).expect("serialise");
    assert_eq!(back.as_object().map(|o| o.len()), Some(19));
}

// The happy paths below run against the crate's own mock (feature `mock`, dogfooding): the
// mock routes by the spec's paths, so a wrong path or id would miss the stub.

#[tokio::test]
async fn get_firm_puts_the_id_in_the_path() {
    let server = gocrm_generated::mock::MockServer::start().await;
    let mut firm = firm_json();
    firm["ks"] = json!("77");
    server
        .get_firm()
        .with_id(77)
        .responds_raw(200, "application/json", &success(firm).to_string())
        .await;
    let client = server.client();
    assert_eq!(
        client.get_firm(77).await.expect("firm").ks.as_deref(),
        Some("77")
    );
    assert_ne!(
        client
            .get_firm(78)
            .await
            .expect("the default firm")
            .ks
            .as_deref(),
        Some("77")
    );
    assert_eq!(server.get_firm().calls().await, 2);
}

#[tokio::test]
async fn cities_and_one_city() {
    let city = json!({"id": "12345", "alias": "chelyabinsk", "name": "Челябинск", "site": "http[s]://<my-site.com>", "countryId": "20", "mobileAppWayId": 423});
    let server = gocrm_generated::mock::MockServer::start().await;
    server
        .list_cities()
        .responds_raw(
            200,
            "application/json",
            &success(json!([city.clone()])).to_string(),
        )
        .await;
    server
        .get_city()
        .with_id(5)
        .responds_raw(200, "application/json", &success(city).to_string())
        .await;
    let client = server.client();
    let cities = client.list_cities().await.expect("cities");
    assert_eq!(cities[0].country_id, Some(20));
    assert_eq!(cities[0].alias, "chelyabinsk");

    let one = client.get_city(5).await.expect("city");
    assert_eq!(one.mobile_app_way_id, Some(423));
    assert_eq!(one.name, "Челябинск");
}

#[tokio::test]
async fn city_centers_and_one_center_survive_string_ids_and_numeric_booleans() {
    let server = gocrm_generated::mock::MockServer::start().await;
    server
        .list_city_centers()
        .with_id(5)
        .responds_raw(
            200,
            "application/json",
            &success(json!([center_json()])).to_string(),
        )
        .await;
    let client = server.client();
    let centers = client.list_city_centers(5).await.expect("centers");
    assert_eq!(centers[0].firm_id, 12345);
    assert!(centers[0].site_status);

    let mut center = center_json();
    center["siteStatus"] = json!("0");
    center["cityId"] = json!("7");
    server
        .get_center()
        .with_id(9)
        .responds_raw(200, "application/json", &success(center).to_string())
        .await;
    let one = client.get_center(9).await.expect("center");
    assert!(!one.site_status);
    assert_eq!(one.city_id, 7);
    assert_eq!(one.timezone, "Asia/Yekaterinburg");
}

#[tokio::test]
async fn list_users_sends_query_names_from_the_spec_and_booleans_as_one_zero() {
    let server = MockServer::start().await;
    let user = json!({
        "id": "12345", "login": "Mark05", "name": "Mark", "displayName": "Markus", "isDisplay": "1",
        "position": "4", "centerId": 12345, "center": center_json(), "hobby": {"chess": true}
    });
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("centerId", "12345"))
        // `bool_params = "one-zero"` (spec/gocrm-codegen.toml): what every PHP server reads.
        .and(query_param("isDisplay", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(success(json!([user]))))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri());
    let params = ListUsersParams {
        center_id: Some(12345),
        is_display: Some(true),
        ..Default::default()
    };
    let users = client.list_users(&params).await.expect("users");
    let user = &users[0];
    assert_eq!(user.id, 12345);
    assert_eq!(user.position, 4);
    assert_eq!(user.is_display, Some(true));
    let center = user.center.as_ref().expect("nested center");
    assert_eq!(center.center_alias, "forest");

    // The unknown property is kept and written back.
    assert_eq!(user.extra.get("hobby"), Some(&json!({"chess": true})));
    let back = serde_json::to_value(user).expect("serialise");
    assert_eq!(back["hobby"], json!({"chess": true}));

    let requests = server.received_requests().await.unwrap_or_default();
    let query = requests[0].url.query().unwrap_or_default().to_owned();
    assert!(
        !query.contains("position"),
        "unset parameters are not sent: {query}"
    );
}

#[tokio::test]
async fn list_users_without_parameters_sends_no_query() {
    let (server, client) = serve(
        "GET",
        "/users",
        ResponseTemplate::new(200).set_body_json(success(json!([]))),
    )
    .await;
    let users = client
        .list_users(&ListUsersParams::default())
        .await
        .expect("users");
    assert!(users.is_empty());
    let requests: Vec<Request> = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn error_status_inside_http_200_is_an_error_that_keeps_everything() {
    let body = json!({
        "status": "error",
        "message": "Validation error",
        "validation_errors": "{ \"name\": \"The name field is required.\" }",
        "data": {"phone": "+79876543210"}
    });
    let (_server, client) = serve(
        "POST",
        "/leads",
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;
    let err = client
        .create_lead(&lead_body())
        .await
        .expect_err("an API error");
    assert_eq!(err.http_status(), Some(200));
    assert_eq!(err.message(), Some("Validation error"));
    let errors = err.validation_errors().expect("envelope errors");
    assert_eq!(
        errors.get("name"),
        Some(&vec!["The name field is required.".to_owned()])
    );
    match &err {
        Error::Api(api) => {
            assert_eq!(api.envelope_status.as_deref(), Some("error"));
            assert_eq!(api.data, Some(json!({"phone": "+79876543210"})));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let shown = err.to_string();
    assert!(
        shown.contains("200") && shown.contains("Validation error"),
        "{shown}"
    );
}

#[tokio::test]
async fn http_422_envelope_with_arrays_of_messages() {
    let body = json!({
        "status": "fail",
        "message": "Validation error",
        "validation_errors": {"name": ["The name field is required."], "phone": "The phone field is required."},
        "data": null
    });
    let (_server, client) = serve(
        "POST",
        "/leads",
        ResponseTemplate::new(422).set_body_json(body),
    )
    .await;
    let err = client.create_lead(&lead_body()).await.expect_err("422");
    assert_eq!(err.http_status(), Some(422));
    let errors = err.validation_errors().expect("envelope errors");
    assert_eq!(errors.len(), 2);
    assert_eq!(
        errors["phone"],
        vec!["The phone field is required.".to_owned()]
    );
}

#[tokio::test]
async fn http_404_envelope() {
    let body = json!({"status": "error", "message": "Firm not found", "validation_errors": [], "data": []});
    let (_server, client) = serve(
        "GET",
        "/firms/404",
        ResponseTemplate::new(404).set_body_json(body),
    )
    .await;
    let err = client.get_firm(404).await.expect_err("404");
    assert_eq!(err.http_status(), Some(404));
    assert_eq!(err.message(), Some("Firm not found"));
    assert_eq!(err.validation_errors(), Some(&BTreeMap::new()));
}

#[tokio::test]
async fn validation_errors_in_every_shape_normalise() {
    let shapes = [
        (
            json!({"name": "required"}),
            vec![("name", vec!["required"])],
        ),
        (json!({"name": ["a", "b"]}), vec![("name", vec!["a", "b"])]),
        (json!([]), vec![]),
        (json!({}), vec![]),
        (Value::Null, vec![]),
        (json!("{\"mail\": [\"bad\"]}"), vec![("mail", vec!["bad"])]),
        (
            json!("Something is wrong"),
            vec![("", vec!["Something is wrong"])],
        ),
    ];
    for (shape, expected) in shapes {
        let body =
            json!({"status": "error", "message": "m", "validation_errors": shape, "data": {}});
        let (_server, client) = serve(
            "GET",
            "/cities",
            ResponseTemplate::new(200).set_body_json(body),
        )
        .await;
        let err = client.list_cities().await.expect_err("error");
        let expected: BTreeMap<String, Vec<String>> = expected
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
            .collect();
        assert_eq!(err.validation_errors(), Some(&expected), "shape {shape}");
    }
}

#[tokio::test]
async fn html_500_keeps_the_code_and_the_body() {
    let html = "<html><body><h1>500 Internal Server Error</h1></body></html>";
    let (_server, client) = serve(
        "GET",
        "/firms",
        ResponseTemplate::new(500)
            .set_body_raw(html.as_bytes().to_vec(), "text/html; charset=UTF-8"),
    )
    .await;
    let err = client.list_firms().await.expect_err("500");
    assert_eq!(err.http_status(), Some(500));
    assert_eq!(err.body_text().as_deref(), Some(html));
    assert_eq!(err.validation_errors(), None, "not an envelope");
    assert!(matches!(err, Error::Api(_)));
}

#[tokio::test]
async fn non_json_200_is_a_decode_error_with_the_body() {
    let (_server, client) = serve(
        "GET",
        "/cities",
        ResponseTemplate::new(200).set_body_raw(b"OK".to_vec(), "text/plain"),
    )
    .await;
    let err = client.list_cities().await.expect_err("not JSON");
    assert_eq!(err.http_status(), Some(200));
    assert_eq!(err.body(), Some(&b"OK"[..]));
    assert!(matches!(err, Error::Decode(_)));
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    // A port that was just free: bind, read the address, close.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let client = Client::new(&format!("http://{address}"));
    let err = client.list_firms().await.expect_err("refused");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.http_status(), None);
}

#[test]
fn unknown_enum_values_are_kept() {
    let status: types::ApiResponseStatus =
        serde_json::from_value(json!("pending")).expect("decodes");
    assert_eq!(
        status,
        types::ApiResponseStatus::Other("pending".to_owned())
    );
    assert_eq!(serde_json::to_value(&status).ok(), Some(json!("pending")));
    let known: types::ApiResponseStatus =
        serde_json::from_value(json!("success")).expect("decodes");
    assert_eq!(known, types::ApiResponseStatus::Success);
}

#[test]
fn serialisation_writes_the_declared_types() {
    let center: types::Center = serde_json::from_value(center_json()).expect("decodes");
    let back = serde_json::to_value(&center).expect("encodes");
    assert_eq!(back["id"], json!(12345));
    assert_eq!(back["firmId"], json!(12345));
    assert_eq!(back["siteStatus"], json!(true));
}

#[test]
fn constants_come_from_the_spec() {
    assert_eq!(
        gocrm_generated::DEFAULT_BASE_URL,
        "https://beta.go-crm.ru/api/v3"
    );
    assert_eq!(gocrm_generated::SPEC_VERSION, "3.0.2");
    assert_eq!(env!("CARGO_PKG_VERSION"), gocrm_generated::SPEC_VERSION);
    let client = Client::default();
    assert_eq!(client.base_url(), gocrm_generated::DEFAULT_BASE_URL);
}

#[test]
fn a_callers_reqwest_client_can_be_used() {
    // The builder comes with TLS set up (a rustls crypto provider installed).
    let http = gocrm_generated::http_client_builder()
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .expect("client");
    let client = Client::with_client("http://127.0.0.1:1/", http);
    assert_eq!(client.base_url(), "http://127.0.0.1:1");
}
