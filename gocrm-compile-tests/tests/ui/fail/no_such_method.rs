// The client has one method per operation, and nothing else.
use gocrm_generated::Client;

async fn wrong(client: &Client) {
    let _ = client.delete_city(1).await;
}

fn main() {
    let _ = wrong;
}
