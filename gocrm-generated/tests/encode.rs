//! The written-out `Serialize` impls encode exactly as `#[derive(Serialize)]` with the serde
//! attributes the generator used to emit (`rename`, `skip_serializing_if`, `flatten`): each
//! generated type is compared with a derived twin holding the same values.

use gocrm_generated::types::{Center, Lead, User};
use gocrm_generated::PropertyMap;
use serde::Serialize;
use serde_json::{json, Value};

#[derive(Serialize)]
struct LeadTwin {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mail: Option<String>,
    center_id: i64,
    phone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fio: Option<String>,
    birthday: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    way_id: Option<i64>,
    #[serde(flatten)]
    extra: PropertyMap<Value>,
}

#[derive(Serialize)]
struct CenterTwin {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    city: String,
    #[serde(rename = "cityAlias")]
    city_alias: String,
    #[serde(rename = "centerAlias")]
    center_alias: String,
    address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(rename = "cityId")]
    city_id: i64,
    #[serde(rename = "firmId")]
    firm_id: i64,
    timezone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latitude: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    longitude: Option<String>,
    #[serde(rename = "siteStatus")]
    site_status: bool,
    #[serde(flatten)]
    extra: PropertyMap<Value>,
}

#[derive(Serialize)]
struct UserTwin {
    id: i64,
    login: String,
    name: String,
    #[serde(rename = "displayName", skip_serializing_if = "Option::is_none")]
    display_name: Option<String>,
    #[serde(rename = "isDisplay", skip_serializing_if = "Option::is_none")]
    is_display: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    photo: Option<String>,
    position: i64,
    #[serde(rename = "centerId")]
    center_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    center: Option<CenterTwin>,
    #[serde(flatten)]
    extra: PropertyMap<Value>,
}

fn extra(pairs: &[(&str, Value)]) -> PropertyMap<Value> {
    pairs.iter().map(|(k, v)| (*k, v.clone())).collect()
}

/// Byte-identical JSON, compact and pretty (key order included).
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

fn lead_pair(full: bool) -> (Lead, LeadTwin) {
    let some = |s: &str| full.then(|| s.to_owned());
    let lead = Lead {
        id: full.then_some(7),
        name: "Анна".into(),
        status: some("new"),
        mail: some("a@example.com"),
        center_id: 3,
        phone: "+7 900 000-00-00".into(),
        fio: some("Иванова Анна"),
        birthday: "2015-04-01".into(),
        comment: some("\"quoted\"\n"),
        way_id: full.then_some(2),
        extra: if full {
            extra(&[("utm", json!({"source": "x"})), ("a", json!(null))])
        } else {
            PropertyMap::new()
        },
    };
    let twin = LeadTwin {
        id: lead.id,
        name: lead.name.clone(),
        status: lead.status.clone(),
        mail: lead.mail.clone(),
        center_id: lead.center_id,
        phone: lead.phone.clone(),
        fio: lead.fio.clone(),
        birthday: lead.birthday.clone(),
        comment: lead.comment.clone(),
        way_id: lead.way_id,
        extra: lead.extra.clone(),
    };
    (lead, twin)
}

fn center_pair(full: bool) -> (Center, CenterTwin) {
    let some = |s: &str| full.then(|| s.to_owned());
    let center = Center {
        id: full.then_some(3),
        city: "Москва".into(),
        city_alias: "msk".into(),
        center_alias: "arbat".into(),
        address: "Арбат, 1".into(),
        phone: some("+7"),
        email: some("c@example.com"),
        city_id: 1,
        firm_id: 9,
        timezone: "Europe/Moscow".into(),
        description: some("desc"),
        latitude: some("55.75"),
        longitude: some("37.59"),
        site_status: full,
        extra: if full {
            extra(&[("x", json!([1]))])
        } else {
            PropertyMap::new()
        },
    };
    let twin = CenterTwin {
        id: center.id,
        city: center.city.clone(),
        city_alias: center.city_alias.clone(),
        center_alias: center.center_alias.clone(),
        address: center.address.clone(),
        phone: center.phone.clone(),
        email: center.email.clone(),
        city_id: center.city_id,
        firm_id: center.firm_id,
        timezone: center.timezone.clone(),
        description: center.description.clone(),
        latitude: center.latitude.clone(),
        longitude: center.longitude.clone(),
        site_status: center.site_status,
        extra: center.extra.clone(),
    };
    (center, twin)
}

#[test]
fn leads_encode_as_the_derive_did() {
    for full in [false, true] {
        let (lead, twin) = lead_pair(full);
        same_json(&lead, &twin);
    }
    // Absent optional properties are left out, not written as null.
    let (lead, _) = lead_pair(false);
    let value = serde_json::to_value(&lead).unwrap();
    assert_eq!(value.as_object().map(|o| o.len()), Some(4), "{value}");
}

#[test]
fn users_with_nested_centers_and_kept_properties_encode_as_the_derive_did() {
    for full in [false, true] {
        let (center, center_twin) = center_pair(full);
        same_json(&center, &center_twin);
        let user = User {
            id: 5,
            login: "u".into(),
            name: "N".into(),
            display_name: full.then(|| "Педагог".into()),
            is_display: full.then_some(false),
            description: None,
            photo: full.then(|| "https://example.invalid/p.jpg".into()),
            position: 1,
            center_id: 3,
            center: full.then_some(center),
            extra: if full {
                extra(&[("rating", json!(5)), ("zeta", json!("z"))])
            } else {
                PropertyMap::new()
            },
        };
        let twin = UserTwin {
            id: user.id,
            login: user.login.clone(),
            name: user.name.clone(),
            display_name: user.display_name.clone(),
            is_display: user.is_display,
            description: user.description.clone(),
            photo: user.photo.clone(),
            position: user.position,
            center_id: user.center_id,
            center: full.then_some(center_twin),
            extra: user.extra.clone(),
        };
        same_json(&user, &twin);
    }
}
