//! The README's mock snippet, run as a test (gocrm-codegen/tests/readme_snippets.rs keeps the
//! two the same); below it, the user's code the snippet calls.

use gocrm_generated::mock::MockServer;
use gocrm_generated::types;

#[tokio::test]
async fn the_lead_form_reports_a_missing_phone() {
    let server = MockServer::start().await; // 127.0.0.1, a free port
    let client = server.client(); // or Client::new(&server.url()): ".../api/v3"

    // Out of the box every operation answers success with the spec's example.
    assert!(!client.list_cities().await.unwrap().is_empty());

    // Typed stubs, one builder per operation, named like the client's method.
    server.get_firm().with_id(12).returns(my_firm()).await;
    server
        .list_users()
        .with_center_id(5)
        .fails(500, "Database is down")
        .await;
    server
        .create_lead()
        .fails_validation(&[("phone", "The phone field is required.")])
        .await;

    let shown = my_lead_form::submit(&client, form_without_phone()).await; // your code
    assert_eq!(shown, ["phone: The phone field is required."]);

    assert_eq!(server.create_lead().calls().await, 1);
    let sent: Vec<types::CreateLeadBody> = server.create_lead().received().await;
    assert_eq!(sent.first().map(|lead| lead.name.as_str()), Some("Вова"));
}

fn my_firm() -> types::Firm {
    types::Firm {
        id: Some(12),
        ..Default::default()
    }
}

fn form_without_phone() -> types::CreateLeadBody {
    types::CreateLeadBody {
        name: "Вова".into(),
        center_id: 5,
        birthday: "2019-11-18".into(),
        ..Default::default()
    }
}

/// A website's lead form handler: sends the lead, returns the lines to show the parent.
mod my_lead_form {
    use gocrm_generated::{types, Client};

    pub async fn submit(client: &Client, lead: types::CreateLeadBody) -> Vec<String> {
        match client.create_lead(&lead).await {
            Ok(_) => vec!["Thank you!".to_owned()],
            Err(e) => match e.validation_errors() {
                Some(errors) => errors
                    .iter()
                    .map(|(field, messages)| format!("{field}: {}", messages.join("; ")))
                    .collect(),
                None => vec![e.to_string()],
            },
        }
    }
}
