//! The README's credentials snippet (tests/readme_snippets.rs keeps the two the same).

use gocrm_partner::partner::Client;

fn partner_client(key: &str) -> Client {
    Client::new("https://beta.go-crm.ru/api/partner").with_api_key(key)
}

fn main() {
    let client = partner_client("k-123");
    println!("{client:?}");
}
