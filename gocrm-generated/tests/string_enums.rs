//! The generated string enums compare, order and hash by their wire text (`as_str`), so a
//! value kept as `Other` equals the variant that stands for the same text.

use std::collections::{BTreeSet, HashSet};

use gocrm_generated::types::ApiResponseStatus;

#[test]
fn equality_is_by_wire_text() {
    assert_eq!(
        ApiResponseStatus::Success,
        ApiResponseStatus::from("success")
    );
    assert_eq!(
        ApiResponseStatus::Other("fail".to_owned()),
        ApiResponseStatus::Fail
    );
    assert_ne!(
        ApiResponseStatus::Other("Fail".to_owned()),
        ApiResponseStatus::Fail
    );
    assert_ne!(ApiResponseStatus::Success, ApiResponseStatus::Error);
}

#[test]
fn order_and_hash_agree_with_equality() {
    let values = [
        ApiResponseStatus::Success,
        ApiResponseStatus::Other("error".to_owned()),
        ApiResponseStatus::Fail,
        ApiResponseStatus::Error,
        ApiResponseStatus::Other("archived".to_owned()),
    ];
    let ordered: Vec<String> = values
        .iter()
        .cloned()
        .collect::<BTreeSet<_>>()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    assert_eq!(ordered, ["archived", "error", "fail", "success"]);
    let hashed: HashSet<ApiResponseStatus> = values.iter().cloned().collect();
    assert_eq!(hashed.len(), 4);
    assert!(hashed.contains(&ApiResponseStatus::Other("success".to_owned())));
    assert_eq!(
        ApiResponseStatus::Error.cmp(&ApiResponseStatus::Other("error".to_owned())),
        std::cmp::Ordering::Equal
    );
}
