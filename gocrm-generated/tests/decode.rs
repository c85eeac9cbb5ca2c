//! The written-out `Deserialize` impls (gocrm-codegen `emit/deserialize.rs`) behave as the
//! derive they replace: lenient scalars, undeclared properties kept, serde's messages for a
//! missing field.

use gocrm_generated::types::{Center, User};

const USER: &str = r#"{"id":"7","login":"u","name":"N","isDisplay":1,"position":"2",
    "centerId":3,"photo":null,"rating":5,"center":{"id":"3","city":"C","cityAlias":"c",
    "centerAlias":"a","address":"A","cityId":"1","firmId":1,"timezone":"T","siteStatus":"0",
    "x":[1]}}"#;

#[test]
fn lenient_values_and_undeclared_properties() {
    let user: User = serde_json::from_str(USER).unwrap();
    assert_eq!(user.id, 7);
    assert_eq!(user.is_display, Some(true));
    assert_eq!(user.position, 2);
    assert_eq!(user.photo, None);
    assert_eq!(user.display_name, None);
    assert_eq!(user.extra["rating"], serde_json::json!(5));
    let center = user.center.as_ref().unwrap();
    assert_eq!(center.id, Some(3));
    assert!(!center.site_status);
    assert_eq!(center.extra["x"], serde_json::json!([1]));
    // Written back with the declared types and the undeclared properties.
    let again: User = serde_json::from_value(serde_json::to_value(&user).unwrap()).unwrap();
    assert_eq!(again, user);
}

#[test]
fn escaped_keys_are_matched() {
    let text = USER.replace("\"centerId\"", "\"cen\\u0074erId\"");
    let user: User = serde_json::from_str(&text).unwrap();
    assert_eq!(user.center_id, 3);
    assert!(!user.extra.contains_key("centerId"));
}

#[test]
fn from_a_reader_too() {
    let user: User = serde_json::from_reader(USER.as_bytes()).unwrap();
    assert_eq!(user.center_id, 3);
}

#[test]
fn missing_required_field_is_named() {
    let err = serde_json::from_str::<User>(r#"{"login":"u","name":"N","position":1,"centerId":1}"#)
        .unwrap_err();
    assert!(err.to_string().starts_with("missing field `id`"), "{err}");
    let err = serde_json::from_str::<Center>(r#"{"city":"C"}"#).unwrap_err();
    assert!(
        err.to_string().starts_with("missing field `cityAlias`"),
        "{err}"
    );
}

#[test]
fn wrong_shapes_fail() {
    let err = serde_json::from_str::<User>("[1]").unwrap_err();
    assert!(err.to_string().contains("struct User"), "{err}");
    assert!(serde_json::from_str::<User>(r#"{"id":"x"}"#).is_err());
}
