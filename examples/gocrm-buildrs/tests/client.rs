//! The build.rs-generated client against a wiremock server on 127.0.0.1.

use gocrm_buildrs::gocrm::{types, Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn success(data: Value) -> Value {
    json!({"status": "success", "message": "", "validation_errors": {}, "data": data})
}

#[tokio::test]
async fn lists_centers_of_the_first_city() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cities"))
        .respond_with(ResponseTemplate::new(200).set_body_json(success(json!([
            {"id": "7", "name": "Челябинск", "alias": "chelyabinsk"}
        ]))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/cities/7/centers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(success(json!([
            {
                "id": "12345", "city": "Челябинск", "cityAlias": "chelyabinsk",
                "centerAlias": "forest", "address": "ул. Лесная, д.3",
                "phone": "+79876543210", "email": "center@forest.com", "cityId": "7",
                "firmId": "12345", "timezone": "Asia/Yekaterinburg", "description": "",
                "latitude": "59.123456", "longitude": "29.123456", "siteStatus": 1
            }
        ]))))
        .mount(&server)
        .await;

    let client = Client::new(&server.uri());
    let centers = gocrm_buildrs::centers_of_first_city(&client).await;
    let centers = centers.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(centers.len(), 1);
    assert_eq!(centers[0].id, Some(12345));
}

#[tokio::test]
async fn create_lead_reports_validation_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/leads"))
        .and(body_partial_json(json!({"name": "Вова", "center_id": 1})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "error",
            "message": "Ошибка валидации",
            "validation_errors": {"phone": ["Неверный телефон"]},
            "data": {}
        })))
        .mount(&server)
        .await;

    let client = Client::new(&server.uri());
    let lead = types::CreateLeadBody {
        name: "Вова".into(),
        phone: "123".into(),
        center_id: 1,
        birthday: "2019-11-18".into(),
        ..Default::default()
    };
    match client.create_lead(&lead).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.message.as_deref(), Some("Ошибка валидации"));
            let errors = e.validation_errors.unwrap_or_default();
            assert_eq!(errors.get("phone").map(Vec::len), Some(1));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn constants_come_from_the_spec() {
    assert_eq!(gocrm_buildrs::gocrm::SPEC_VERSION, "3.0.2");
    assert_eq!(
        gocrm_buildrs::gocrm::DEFAULT_BASE_URL,
        "https://beta.go-crm.ru/api/v3"
    );
}
