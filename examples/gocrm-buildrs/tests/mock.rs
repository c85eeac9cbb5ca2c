//! The build.rs-generated file carries the mock too (feature `mock`).

use gocrm_buildrs::centers_of_first_city;
use gocrm_buildrs::gocrm::mock::MockServer;
use gocrm_buildrs::gocrm::types;

#[tokio::test]
async fn the_included_client_runs_against_its_mock() {
    let server = MockServer::start().await;
    let client = server.client();
    // Out of the box: the spec's examples.
    assert!(!centers_of_first_city(&client).await.unwrap().is_empty());

    let city: types::City =
        serde_json::from_value(serde_json::json!({"id": 7, "alias": "chel", "name": "Челябинск"}))
            .unwrap();
    server.list_cities().returns(vec![city]).await;
    server
        .list_city_centers()
        .with_id(7)
        .returns(Vec::new())
        .await;
    assert!(centers_of_first_city(&client).await.unwrap().is_empty());
    assert_eq!(server.list_city_centers().calls().await, 2);
}
