//! The decoding benchmark's inputs and its baseline.
//!
//! A Go-CRM `listUsers`-style response of N users, each with a nested `Center`, written twice
//! from the same data:
//!
//! - [`lenient_json`]: as the real server sends it — ids and numbers as strings (`"id":
//!   "123"`), booleans as `0`/`1`;
//! - [`strict_json`]: the same values with their declared JSON types.
//!
//! The baseline is [`strict`]: plain `#[derive(Deserialize)]` structs with the same fields and
//! strict types, decoding the strict JSON. The measured code is `gocrm_generated::types::User`
//! (lenient scalars, unknown properties kept in `extra`) decoding the lenient JSON.

use std::fmt::Write;

/// One user's values, shared by both encodings.
struct UserData {
    id: i64,
    login: String,
    name: String,
    display_name: Option<String>,
    is_display: bool,
    description: Option<String>,
    photo: Option<String>,
    position: i64,
    center_id: i64,
}

fn user(i: usize) -> UserData {
    UserData {
        id: 1000 + i as i64,
        login: format!("user{i}"),
        name: format!("Пользователь номер {i}"),
        display_name: (!i.is_multiple_of(3)).then(|| format!("Педагог {i}")),
        is_display: i.is_multiple_of(2),
        description: i.is_multiple_of(4).then(|| {
            format!(
                "Опытный педагог, стаж {} лет. Ведёт группы по выходным.",
                i % 20
            )
        }),
        photo: (!i.is_multiple_of(5)).then(|| format!("https://example.invalid/photos/{i}.jpg")),
        position: (i % 10) as i64,
        center_id: (i % 50) as i64 + 1,
    }
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn opt_str(s: &Option<String>) -> String {
    match s {
        Some(s) => json_str(s),
        None => "null".to_owned(),
    }
}

/// How numbers and booleans are written.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// The declared types.
    Strict,
    /// Go-CRM's: integers as strings, booleans as 0/1.
    Lenient,
}

fn int(style: Style, v: i64) -> String {
    match style {
        Style::Strict => v.to_string(),
        Style::Lenient => format!("\"{v}\""),
    }
}

fn boolean(style: Style, v: bool) -> String {
    match style {
        Style::Strict => v.to_string(),
        Style::Lenient => u8::from(v).to_string(),
    }
}

fn center(out: &mut String, style: Style, id: i64) {
    let _ = write!(
        out,
        "{{\"id\":{id},\"city\":\"Москва\",\"cityAlias\":\"moskva\",\"centerAlias\":\"center-{cid}\",\
         \"address\":\"ул. Ленина, д. {cid}\",\"phone\":\"+7 (495) 000-00-{cid:02}\",\
         \"email\":\"center{cid}@example.invalid\",\"cityId\":{city},\"firmId\":{firm},\
         \"timezone\":\"Europe/Moscow\",\"description\":\"Детский центр {cid}\",\
         \"latitude\":\"55.75{cid}\",\"longitude\":\"37.61{cid}\",\"siteStatus\":{site}}}",
        id = int(style, id),
        cid = id,
        city = int(style, 1),
        firm = int(style, 1 + id % 3),
        site = boolean(style, id % 2 == 1),
    );
}

fn users_json(n: usize, style: Style, unknown: bool) -> String {
    let mut out = String::with_capacity(n * 900);
    out.push('[');
    for i in 0..n {
        let u = user(i);
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"id\":{id},\"login\":{login},\"name\":{name},\"displayName\":{dn},\
             \"isDisplay\":{disp},\"description\":{desc},\"photo\":{photo},\
             \"position\":{pos},\"centerId\":{cid},",
            id = int(style, u.id),
            login = json_str(&u.login),
            name = json_str(&u.name),
            dn = opt_str(&u.display_name),
            disp = boolean(style, u.is_display),
            desc = opt_str(&u.description),
            photo = opt_str(&u.photo),
            pos = int(style, u.position),
            cid = int(style, u.center_id),
        );
        if unknown {
            let _ = write!(
                out,
                "\"updated_at\":\"2024-01-{:02} 10:00:00\",\"rating\":{},",
                i % 28 + 1,
                i % 5
            );
        }
        out.push_str("\"center\":");
        center(&mut out, style, u.center_id);
        out.push('}');
    }
    out.push(']');
    out
}

/// N users as the server sends them: string ids, 0/1 booleans.
pub fn lenient_json(n: usize) -> String {
    users_json(n, Style::Lenient, false)
}

/// The same N users with their declared JSON types.
pub fn strict_json(n: usize) -> String {
    users_json(n, Style::Strict, false)
}

/// Lenient JSON where every user also has two properties the spec does not declare
/// (`updated_at`, `rating`), which the generated types keep in `extra`.
pub fn lenient_json_with_unknown(n: usize) -> String {
    users_json(n, Style::Lenient, true)
}

/// The same, with declared types, for the strict baseline (which skips unknown properties).
pub fn strict_json_with_unknown(n: usize) -> String {
    users_json(n, Style::Strict, true)
}

/// The baseline: what a hand-written client with strict types would have.
pub mod strict {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    pub struct Center {
        #[serde(default)]
        pub id: Option<i64>,
        pub city: String,
        #[serde(rename = "cityAlias")]
        pub city_alias: String,
        #[serde(rename = "centerAlias")]
        pub center_alias: String,
        pub address: String,
        #[serde(default)]
        pub phone: Option<String>,
        #[serde(default)]
        pub email: Option<String>,
        #[serde(rename = "cityId")]
        pub city_id: i64,
        #[serde(rename = "firmId")]
        pub firm_id: i64,
        pub timezone: String,
        #[serde(default)]
        pub description: Option<String>,
        #[serde(default)]
        pub latitude: Option<String>,
        #[serde(default)]
        pub longitude: Option<String>,
        #[serde(rename = "siteStatus")]
        pub site_status: bool,
    }

    #[derive(Debug, Deserialize)]
    pub struct User {
        pub id: i64,
        pub login: String,
        pub name: String,
        #[serde(rename = "displayName", default)]
        pub display_name: Option<String>,
        #[serde(rename = "isDisplay", default)]
        pub is_display: Option<bool>,
        #[serde(default)]
        pub description: Option<String>,
        #[serde(default)]
        pub photo: Option<String>,
        pub position: i64,
        #[serde(rename = "centerId")]
        pub center_id: i64,
        #[serde(default)]
        pub center: Option<Center>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_encodings_decode_to_the_same_values() {
        let strict: Vec<strict::User> = serde_json::from_str(&strict_json(50)).unwrap();
        let lenient: Vec<gocrm_generated::types::User> =
            serde_json::from_str(&lenient_json(50)).unwrap();
        assert_eq!(strict.len(), lenient.len());
        for (s, l) in strict.iter().zip(&lenient) {
            assert_eq!(s.id, l.id);
            assert_eq!(s.is_display, l.is_display);
            assert_eq!(s.position, l.position);
            let (sc, lc) = (s.center.as_ref().unwrap(), l.center.as_ref().unwrap());
            assert_eq!(sc.site_status, lc.site_status);
            assert_eq!(sc.firm_id, lc.firm_id);
            assert!(l.extra.is_empty());
        }
        let with_unknown: Vec<gocrm_generated::types::User> =
            serde_json::from_str(&lenient_json_with_unknown(5)).unwrap();
        assert_eq!(with_unknown[1].extra.len(), 2);
    }
}
