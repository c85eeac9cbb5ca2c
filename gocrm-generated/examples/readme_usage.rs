//! The README's usage snippet, verbatim from `use` on (gocrm-codegen/tests/readme_snippets.rs
//! checks they are the same). Running it calls the real API and creates a lead.

use gocrm_generated::{types, Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::default(); // https://beta.go-crm.ru/api/v3
    let cities = client.list_cities().await?;
    // Ids are optional in the spec: take the first city (and center) that has one.
    let Some(city_id) = cities.iter().find_map(|city| city.id) else {
        eprintln!("the API lists no city with an id");
        return Ok(());
    };
    let centers = client.list_city_centers(city_id).await?;
    let Some(center_id) = centers.iter().find_map(|center| center.id) else {
        eprintln!("city {city_id} has no center with an id");
        return Ok(());
    };

    let lead = types::CreateLeadBody {
        name: "Вова".into(),
        phone: "+79876543210".into(),
        center_id,
        birthday: "2019-11-18".into(),
        ..Default::default()
    };
    match client.create_lead(&lead).await {
        Ok(created) => println!("lead {:?}", created.id),
        Err(e) => {
            // Display has the HTTP status and the server's message; details stay available.
            eprintln!("{e}");
            if let Some(errors) = e.validation_errors() {
                for (field, messages) in errors {
                    eprintln!("{field}: {}", messages.join("; "));
                }
            }
        }
    }
    Ok(())
}
