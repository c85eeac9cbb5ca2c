//! The README's builder snippet (gocrm-codegen/tests/readme_snippets.rs keeps the two the same).

use std::time::Duration;

use gocrm_generated::{Client, Error, RetryPolicy};

fn production_client() -> Result<Client, Error> {
    Client::builder("https://beta.go-crm.ru/api/v3")
        .timeout(Duration::from_secs(10)) // whole request (default 30 s)
        .connect_timeout(Duration::from_secs(3)) // default 10 s
        .user_agent("my-app/1.0") // default gocrm-generated/3.0.2
        .default_header("x-request-source", "my-app") // may be called several times
        .retry(RetryPolicy::new(3, Duration::from_millis(200)))
        .build() // Err for a bad base URL or header
}

fn main() {
    match production_client() {
        Ok(client) => println!("{:?} / {:?}", client.timeout(), client.connect_timeout()),
        Err(e) => eprintln!("{e}"),
    }
}
