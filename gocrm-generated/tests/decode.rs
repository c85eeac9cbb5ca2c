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
    assert_eq!(user.extra.get("rating"), Some(&serde_json::json!(5)));
    let center = user.center.as_ref().unwrap();
    assert_eq!(center.id, Some(3));
    assert!(!center.site_status);
    assert_eq!(center.extra.get("x"), Some(&serde_json::json!([1])));
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

#[test]
fn undeclared_properties_keep_key_order_and_the_last_of_a_repeated_key() {
    let text = USER.replace(
        r#""rating":5,"#,
        r#""zeta":1,"rating":5,"alpha":2,"rating":6,"#,
    );
    let user: User = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = user.extra.keys().collect();
    assert_eq!(keys, ["alpha", "rating", "zeta"]);
    assert_eq!(user.extra.get("rating"), Some(&serde_json::json!(6)));
    // Written back flat, beside the declared properties.
    let value = serde_json::to_value(&user).unwrap();
    assert_eq!(value["alpha"], serde_json::json!(2));
    assert_eq!(value["rating"], serde_json::json!(6));
    assert_eq!(value["login"], serde_json::json!("u"));
}

#[test]
fn property_map_behaves_as_a_map() {
    use gocrm_generated::PropertyMap;
    use std::collections::BTreeMap;

    let mut map: PropertyMap<i64> = PropertyMap::new();
    assert!(map.is_empty());
    assert_eq!(map.insert("b", 2), None);
    assert_eq!(map.insert("a", 1), None);
    assert_eq!(map.insert("b", 3), Some(2));
    assert_eq!(map.len(), 2);
    assert_eq!(map.get("b"), Some(&3));
    *map.get_mut("a").unwrap() += 10;
    assert_eq!(map.iter().collect::<Vec<_>>(), [("a", &11), ("b", &3)]);
    assert_eq!(format!("{map:?}"), r#"{"a": 11, "b": 3}"#);
    assert_eq!(map.remove("a"), Some(11));
    assert_eq!(map.remove("a"), None);
    assert!(!map.contains_key("a"));

    let tree: BTreeMap<String, i64> = [("y".to_owned(), 1), ("x".to_owned(), 2)].into();
    let map = PropertyMap::from(tree.clone());
    assert_eq!(BTreeMap::from(map.clone()), tree);
    let collected: PropertyMap<i64> = [("y", 1), ("x", 2), ("y", 5)].into_iter().collect();
    assert_eq!(collected.values().collect::<Vec<_>>(), [&2, &5]);
    let json: PropertyMap<i64> = serde_json::from_str(r#"{"q":1,"p":2,"q":3}"#).unwrap();
    assert_eq!(serde_json::to_string(&json).unwrap(), r#"{"p":2,"q":3}"#);
    assert!(serde_json::from_str::<PropertyMap<i64>>("[1]").is_err());
}

#[test]
fn property_names_of_every_length_round_trip() {
    use gocrm_generated::{PropertyMap, PropertyName};

    // Names are kept in place up to 22 bytes and on the heap beyond; both must read back
    // whole, including multi-byte characters that straddle the limit.
    assert_eq!(
        std::mem::size_of::<PropertyName>(),
        std::mem::size_of::<String>()
    );
    let names: Vec<String> = (0..40)
        .map(|n| "k".repeat(n))
        .chain([
            format!("{}й", "k".repeat(20)),
            format!("{}й", "k".repeat(21)),
            "ключ".into(),
            "a\u{e9}\"\n".into(),
        ])
        .collect();
    for name in &names {
        let from_str = PropertyName::from(name.as_str());
        let from_string = PropertyName::from(name.clone());
        assert_eq!(from_str.as_str(), name);
        assert_eq!(&*from_string, name.as_str());
        assert_eq!(from_str, from_string);
        assert_eq!(String::from(from_str), *name);
    }
    let map: PropertyMap<usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    assert_eq!(map.len(), names.len());
    for (i, name) in names.iter().enumerate() {
        assert_eq!(map.get(name), Some(&i), "{name:?}");
    }
    // Sorted as strings, whatever the storage.
    let keys: Vec<&str> = map.keys().collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted);
    // Through JSON and back, escapes included.
    let json = serde_json::to_string(&map).unwrap();
    assert_eq!(
        serde_json::from_str::<PropertyMap<usize>>(&json).unwrap(),
        map
    );
    let owned: Vec<(String, usize)> = map.into_iter().collect();
    assert_eq!(owned.len(), names.len());
}

#[test]
fn many_undeclared_properties_are_all_kept() {
    // More than the gathering vector's first allocation holds (four): it grows, and is then
    // copied to its exact size.
    let extra: String = (0..9).rev().map(|i| format!(r#""p{i}":{i},"#)).collect();
    let text = USER.replacen('{', &format!("{{{extra}"), 1);
    let user: User = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = user.extra.keys().filter(|k| k.starts_with('p')).collect();
    assert_eq!(keys, ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"]);
    assert_eq!(user.extra.get("p8"), Some(&serde_json::json!(8)));
}
