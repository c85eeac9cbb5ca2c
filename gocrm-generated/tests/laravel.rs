//! Issue 15: what a PHP/Laravel backend commonly sends, decoded by the Go-CRM client through
//! whole calls against a real HTTP server on 127.0.0.1 (wiremock). One odd item must not fail
//! the call, and a decode error must say where in the body it is.
//!
//! The same answers with `lenient_scalars = false` are refused: see
//! `gocrm-codegen/tests/strict_laravel.rs`.

use gocrm_generated::types::ListUsersParams;
use gocrm_generated::{Client, DecodeError, Error};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn success(data: Value) -> Value {
    json!({"status": "success", "message": "", "validation_errors": {}, "data": data})
}

/// A server answering `GET route` with `data` in a success envelope.
async fn serve(route: &str, data: Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(success(data)))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri());
    (server, client)
}

/// The decode error of a failed call, with the error's `Display`.
fn decode_error<T: std::fmt::Debug>(result: Result<T, Error>) -> (Box<DecodeError>, String) {
    let err = result.expect_err("a decode error");
    let text = err.to_string();
    match err {
        Error::Decode(e) => (e, text),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

fn center(id: usize) -> Value {
    json!({
        "id": id.to_string(), "city": "Челябинск", "cityAlias": "chelyabinsk",
        "centerAlias": format!("center-{id}"), "address": format!("ул. Лесная, д.{id}"),
        "cityId": 1, "firmId": "12345", "timezone": "Asia/Yekaterinburg", "siteStatus": 1
    })
}

fn user(id: usize) -> Value {
    json!({
        "id": id.to_string(), "login": format!("user{id}"), "name": "Mark", "isDisplay": 1,
        "position": "4", "centerId": 7, "center": center(7)
    })
}

#[tokio::test]
async fn null_for_a_required_field_is_its_default_and_the_other_centres_stay() {
    let mut centers: Vec<Value> = (1..=40).map(center).collect();
    centers[12]["address"] = Value::Null; // a nullable column, documented as required
    centers[13]["timezone"] = Value::Null;
    centers[14]["cityId"] = Value::Null;
    centers[15]["siteStatus"] = Value::Null;
    let (_server, client) = serve("/cities/1/centers", json!(centers)).await;
    let centers = client.list_city_centers(1).await.expect("all 40 centres");
    assert_eq!(centers.len(), 40);
    assert_eq!(centers[12].address, "");
    assert_eq!(centers[12].center_alias, "center-13");
    assert_eq!(centers[13].timezone, "");
    assert_eq!(centers[14].city_id, 0);
    assert!(!centers[15].site_status);
    assert_eq!(centers[39].address, "ул. Лесная, д.40");
}

#[tokio::test]
async fn empty_strings_for_numbers_and_booleans() {
    let mut one = center(1);
    one["cityId"] = json!(""); // required integer: 0
    one["id"] = json!(""); // optional integer: None
    one["siteStatus"] = json!(""); // required boolean: false
    let (_server, client) = serve("/centers/1", one).await;
    let center = client.get_center(1).await.expect("the centre");
    assert_eq!(center.city_id, 0);
    assert_eq!(center.id, None);
    assert!(!center.site_status);
    assert_eq!(center.city, "Челябинск");

    let mut mark = user(3);
    mark["id"] = json!(""); // required integer: 0
    mark["isDisplay"] = json!(""); // optional boolean: None
    let (_server, client) = serve("/users", json!([mark, user(4)])).await;
    let users = client
        .list_users(&ListUsersParams::default())
        .await
        .expect("the users");
    assert_eq!(users[0].id, 0);
    assert_eq!(users[0].is_display, None);
    assert_eq!(users[1].id, 4);
    assert_eq!(users[1].is_display, Some(true));
}

#[tokio::test]
async fn an_empty_array_where_an_object_is_expected() {
    let mut mark = user(3);
    mark["center"] = json!([]); // json_encode([]) of an empty PHP array
    let (_server, client) = serve("/users", json!([mark, user(4)])).await;
    let users = client
        .list_users(&ListUsersParams::default())
        .await
        .expect("the users");
    assert_eq!(users[0].center, None, "an optional object: None");
    assert_eq!(users[0].login, "user3");
    assert!(users[1].center.is_some());

    // An undeclared property's value is kept as sent, `[]` included.
    let mut mark = user(5);
    mark["tags"] = json!([]);
    let (_server, client) = serve("/users", json!([mark])).await;
    let users = client
        .list_users(&ListUsersParams::default())
        .await
        .expect("the users");
    assert_eq!(users[0].extra.get("tags"), Some(&json!([])));
}

#[tokio::test]
async fn an_object_with_index_keys_where_an_array_is_expected() {
    // A filtered collection without `->values()`: keys kept, so an object, in its own order.
    // Written as text: a `json!` object may sort its keys.
    let body = format!(
        r#"{{"status": "success", "data": {{"3": {}, "0": {}, "17": {}}}}}"#,
        center(3),
        center(1),
        center(17)
    );
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/cities/1/centers"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri());
    let centers = client
        .list_city_centers(1)
        .await
        .expect("the centres, as an array");
    let ids: Vec<Option<i64>> = centers.iter().map(|c| c.id).collect();
    assert_eq!(ids, [Some(3), Some(1), Some(17)]);

    let (_server, client) = serve("/cities/1/centers", json!({})).await;
    assert!(client
        .list_city_centers(1)
        .await
        .expect("no centres")
        .is_empty());

    // A key that is not an index is not a stand-in for an array.
    let (_server, client) =
        serve("/cities/1/centers", json!({"0": center(1), "x": center(2)})).await;
    let (e, text) = decode_error(client.list_city_centers(1).await);
    assert_eq!(e.path, "data");
    assert!(text.contains("\"x\""), "{text}");
}

#[tokio::test]
async fn a_decode_error_in_a_5000_item_list_names_the_item() {
    let mut users: Vec<Value> = (0..5000).map(user).collect();
    if let Some(object) = users[3811].as_object_mut() {
        object.remove("login");
    }
    users[4000]["center"]["siteStatus"] = json!("yes");
    let (_server, client) = serve("/users", json!(users)).await;
    let err = client
        .list_users(&ListUsersParams::default())
        .await
        .expect_err("item 3811 has no login");
    let text = err.to_string();
    assert!(
        text.contains("data[3811].login: missing field `login`"),
        "{text}"
    );
    match err {
        Error::Decode(e) => {
            assert_eq!(e.path, "data[3811].login");
            assert_eq!(e.status, 200);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }

    // A wrong value deeper down: the path to the value itself.
    users[3811] = user(3811);
    let (_server, client) = serve("/users", json!(users)).await;
    let (e, text) = decode_error(client.list_users(&ListUsersParams::default()).await);
    assert_eq!(e.path, "data[4000].center.siteStatus");
    assert!(
        text.contains("data[4000].center.siteStatus: invalid value"),
        "{text}"
    );
}

#[tokio::test]
async fn decode_error_paths_in_a_plain_body_and_in_the_envelope() {
    // No `status` in the envelope.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/firms"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri());
    match client.list_firms().await {
        Err(Error::Decode(e)) => assert_eq!(e.path, "status"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    // A whole body that is not what it should be: the path is the envelope's `data`.
    let (_server, client) = serve("/firms", json!("none")).await;
    let (e, text) = decode_error(client.list_firms().await);
    assert_eq!(e.path, "data");
    assert!(text.contains(": data: invalid type: string"), "{text}");
}
