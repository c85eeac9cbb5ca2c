//! The written-out serde of generated types, compiled and run: untagged unions (the first
//! variant that decodes wins, serde's message when none does) and the table-driven
//! `Serialize` of structs (optional properties left out when absent, a required nullable one
//! written as `null`, kept properties after the declared ones, the struct form for closed
//! objects), each checked against the JSON the derives used to write.

#[path = "support/crate_ws.rs"]
mod crate_ws;

use std::path::Path;

use crate_ws::Workspace;
use gocrm_codegen::Settings;

const TEST: &str = r###"
use crate_under_test::types::{Cat, Closed, Nullables, Shape};
use serde_json::json;

#[test]
fn an_untagged_union_takes_the_first_variant_that_decodes() {
    assert_eq!(serde_json::from_value::<Shape>(json!("five")).unwrap(), Shape::String("five".into()));
    assert_eq!(serde_json::from_value::<Shape>(json!(5)).unwrap(), Shape::Integer(5));
    let cat = serde_json::from_value::<Shape>(json!({"petType": "cat", "lives": 9, "color": "grey"})).unwrap();
    let Shape::Cat(cat) = cat else { panic!("a cat: {cat:?}") };
    assert_eq!(cat.lives, Some(9));
    assert_eq!(cat.extra.get("color"), Some(&json!("grey")));
    let err = serde_json::from_value::<Shape>(json!(true)).unwrap_err().to_string();
    assert_eq!(err, "data did not match any variant of untagged enum Shape");
    // Inside a document the error keeps its place.
    let err = serde_json::from_str::<Vec<Shape>>("[1, [2]]").unwrap_err().to_string();
    assert!(err.starts_with("data did not match any variant of untagged enum Shape"), "{err}");
}

#[test]
fn an_untagged_union_writes_its_variant_as_it_is() {
    assert_eq!(serde_json::to_value(Shape::String("x".into())).unwrap(), json!("x"));
    assert_eq!(serde_json::to_value(Shape::Integer(-3)).unwrap(), json!(-3));
    let cat = Cat { pet_type: "cat".into(), ..Default::default() };
    assert_eq!(serde_json::to_value(Shape::Cat(cat)).unwrap(), json!({"petType": "cat"}));
}

#[test]
fn structs_write_wire_names_and_leave_out_absent_optionals() {
    let mut cat = Cat { pet_type: "cat".into(), lives: Some(7), ..Default::default() };
    cat.extra.insert("a_kept".to_owned(), json!([1]));
    // Declared properties in declaration order, then the kept ones.
    assert_eq!(
        serde_json::to_string(&cat).unwrap(),
        r#"{"petType":"cat","lives":7,"a_kept":[1]}"#
    );
    let cat = Cat { pet_type: "cat".into(), ..Default::default() };
    assert_eq!(serde_json::to_string(&cat).unwrap(), r#"{"petType":"cat"}"#);

    // A required nullable property is written even when it is null; an optional one is not.
    let n = Nullables { a: None, b: 2, c: None };
    assert_eq!(serde_json::to_string(&n).unwrap(), r#"{"a":null,"b":2}"#);
    let n = Nullables { a: Some("x".into()), b: 2, c: Some(vec![None, Some("y".into())]) };
    assert_eq!(serde_json::to_string(&n).unwrap(), r#"{"a":"x","b":2,"c":[null,"y"]}"#);

    // A closed object goes through `serialize_struct`: the same JSON.
    assert_eq!(serde_json::to_string(&Closed { x: Some(1.5) }).unwrap(), r#"{"x":1.5}"#);
    assert_eq!(serde_json::to_string(&Closed { x: None }).unwrap(), "{}");

    // And back.
    let back: Nullables = serde_json::from_str(r#"{"a":"x","b":2,"c":[null,"y"]}"#).unwrap();
    assert_eq!(back, Nullables { a: Some("x".into()), b: 2, c: Some(vec![None, Some("y".into())]) });
}
"###;

#[test]
fn untagged_unions_and_table_driven_serialize_behave_as_the_derives_did() {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ir/unions.yaml");
    let spec = std::fs::read_to_string(&spec_path).expect("unions.yaml");
    let mut ws = Workspace::new("serde_shapes");
    ws.add("unions", &spec, &Settings::default(), false);
    ws.write(
        "unions",
        "tests/serde_shapes.rs",
        &format!("use unions as crate_under_test;\n{TEST}"),
    );
    let output = ws.cargo_ok(&["test", "--test", "serde_shapes"], &[]);
    let passed: usize = output
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(passed, 3, "{output}");
}
