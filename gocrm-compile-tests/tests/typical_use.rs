//! Typical use of the Go-CRM client compiles: every method, a `CreateLeadBody`, reading
//! fields, matching on `Error`. (It was trybuild's one `pass` case; as an ordinary test it
//! compiles with the workspace's own build, and trybuild, left with `compile_fail` cases only,
//! needs `cargo check` of the dependencies instead of a second full build.)

use gocrm_generated::types::{self, CreateLeadBody, ListUsersParams};
use gocrm_generated::{Client, Error};

async fn every_method(client: &Client) -> Result<(), Error> {
    let cities: Vec<types::City> = client.list_cities().await?;
    let city: types::City = client.get_city(1).await?;
    let centers: Vec<types::Center> = client
        .list_city_centers(city.id.unwrap_or_default())
        .await?;
    let center: types::Center = client.get_center(12345).await?;
    let firms: Vec<types::Firm> = client.list_firms().await?;
    let firm: types::Firm = client.get_firm(12345).await?;
    let users = client.list_users(&ListUsersParams::default()).await?;
    let lead = CreateLeadBody {
        name: "Вова".into(),
        phone: "+79876543210".into(),
        center_id: center.id.unwrap_or_default(),
        birthday: "2019-11-18".into(),
        mail: Some("youremail@youremaildomain.com".into()),
        ..Default::default()
    };
    let created: types::Lead = client.create_lead(&lead).await?;
    let _: Option<i64> = created.id;
    let _: &str = &center.timezone;
    let _ = (cities, centers, firms, firm, users);
    Ok(())
}

fn describe(e: &Error) -> String {
    match e {
        Error::Api(api) => format!(
            "{} {:?} {:?}",
            api.status,
            api.message,
            api.validation_errors.as_ref().map(|v| v.len())
        ),
        Error::Decode(d) => format!("{} {}", d.status, d.source),
        Error::Transport(t) => format!("{:?}", t.status),
        other => format!("{other} {:?} {:?}", other.http_status(), other.message()),
    }
}

#[test]
fn typical_use_compiles_and_builds_clients() {
    let client = Client::default();
    let other = Client::new("http://127.0.0.1:1/");
    let _ = (client.base_url(), other.http_client());
    let _future = every_method(&client);
    let _ = describe;
}
