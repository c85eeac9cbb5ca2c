//! Structs that keep no undeclared properties encode through `serialize_struct`, written out
//! by the generator; the JSON must be what `#[derive(Serialize)]` with
//! `skip_serializing_if = "Option::is_none"` gave: compared with derived twins.

use gocrm_partner::partner::runtime::Binary;
use gocrm_partner::partner::types::{Envelope, EnvelopeData, UploadDocumentBody};
use serde::Serialize;

#[derive(Serialize)]
struct EnvelopeTwin {
    status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    data: EnvelopeDataTwin,
}

#[derive(Serialize)]
struct EnvelopeDataTwin {
    #[serde(skip_serializing_if = "Option::is_none")]
    ok: Option<bool>,
}

#[derive(Serialize)]
struct UploadTwin {
    lead_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<String>>,
    file: Binary,
}

fn same_json<A: Serialize, B: Serialize>(ours: &A, derived: &B) {
    assert_eq!(
        serde_json::to_string(ours).unwrap(),
        serde_json::to_string(derived).unwrap()
    );
    assert_eq!(
        serde_json::to_string_pretty(ours).unwrap(),
        serde_json::to_string_pretty(derived).unwrap()
    );
}

#[test]
fn structs_without_undeclared_properties_encode_as_the_derive_did() {
    for full in [false, true] {
        let envelope = Envelope {
            status: "success".into(),
            message: full.then(|| "готово".into()),
            data: EnvelopeData {
                ok: full.then_some(true),
            },
        };
        let twin = EnvelopeTwin {
            status: envelope.status.clone(),
            message: envelope.message.clone(),
            data: EnvelopeDataTwin {
                ok: envelope.data.ok,
            },
        };
        same_json(&envelope, &twin);

        let upload = UploadDocumentBody {
            lead_id: 42,
            title: full.then(|| "a \"title\"".into()),
            tags: full.then(|| vec!["x".into(), "y".into()]),
            file: Binary(b"%PDF".to_vec()),
        };
        let twin = UploadTwin {
            lead_id: upload.lead_id,
            title: upload.title.clone(),
            tags: upload.tags.clone(),
            file: upload.file.clone(),
        };
        same_json(&upload, &twin);
    }
    let empty = serde_json::to_string(&EnvelopeData { ok: None }).unwrap();
    assert_eq!(empty, "{}");
}
