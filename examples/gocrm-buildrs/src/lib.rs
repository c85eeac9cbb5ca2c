//! The Go-CRM client generated at build time (see `build.rs`) and included here.
//!
//! ```no_run
//! # async fn demo() -> Result<(), gocrm_buildrs::gocrm::Error> {
//! use gocrm_buildrs::gocrm::{types, Client};
//!
//! let client = Client::default();
//! let cities = client.list_cities().await?;
//! let lead = types::CreateLeadBody {
//!     name: "Вова".into(),
//!     phone: "+79876543210".into(),
//!     center_id: 1,
//!     birthday: "2019-11-18".into(),
//!     ..Default::default()
//! };
//! let created = client.create_lead(&lead).await?;
//! # let _ = (cities, created);
//! # Ok(()) }
//! ```

/// The generated client: `types`, `Client`, `Error`, … — the same API as the committed
/// `gocrm-generated` crate, included from `$OUT_DIR/gocrm.rs`.
pub mod gocrm {
    include!(concat!(env!("OUT_DIR"), "/gocrm.rs"));
}

use gocrm::{types, Client, Error};

/// The centers of the first city the API lists (an example of calling the client).
pub async fn centers_of_first_city(client: &Client) -> Result<Vec<types::Center>, Error> {
    let cities = client.list_cities().await?;
    match cities.first().and_then(|city| city.id) {
        Some(id) => client.list_city_centers(id).await,
        None => Ok(Vec::new()),
    }
}
