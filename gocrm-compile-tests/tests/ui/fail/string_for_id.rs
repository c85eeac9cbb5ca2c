// Ids are integers: a string does not go where an id is expected.
use gocrm_generated::Client;

async fn wrong(client: &Client) {
    let _ = client.get_city("12345").await;
}

fn main() {
    let _ = wrong;
}
