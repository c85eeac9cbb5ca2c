//! Security definitions → security schemes: `basic` becomes HTTP basic, and
//! the single OAuth2 `flow` becomes the matching entry of `flows`.

use serde_json::{json, Map, Value};

use super::Converter;
use crate::load::location::Loc;

/// Fields of each security definition type besides `type` and `description`.
const API_KEY_FIELDS: &[&str] = &["name", "in"];
const OAUTH2_FIELDS: &[&str] = &["flow", "authorizationUrl", "tokenUrl", "scopes"];

impl Converter<'_, '_> {
    pub(super) fn security_scheme(&mut self, scheme: &Value, at: &Loc<'_>) -> Option<Value> {
        let scheme = self.object(scheme, at, "a security definition")?;
        let kind = scheme.get("type").and_then(Value::as_str);
        let mut out = match kind {
            Some("basic") => self.basic_scheme(scheme, at),
            Some("apiKey") => self.api_key_scheme(scheme, at),
            Some("oauth2") => self.oauth2_scheme(scheme, at)?,
            Some(other) => {
                self.reporter.warn(
                    &at.key("type"),
                    format!("security type `{other}` is not in Swagger 2.0; the scheme is dropped"),
                );
                return None;
            }
            None => {
                self.reporter
                    .warn(at, "the security definition has no `type`; dropped");
                return None;
            }
        };
        if let Some(description) = scheme.get("description") {
            out.insert("description".to_owned(), description.clone());
        }
        out.extend(
            scheme
                .iter()
                .filter(|(key, _)| key.starts_with("x-"))
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        Some(Value::Object(out))
    }

    fn basic_scheme(&mut self, scheme: &Map<String, Value>, at: &Loc<'_>) -> Map<String, Value> {
        self.warn_unknown_scheme_fields(scheme, at, &[]);
        into_map(json!({ "type": "http", "scheme": "basic" }))
    }

    fn api_key_scheme(&mut self, scheme: &Map<String, Value>, at: &Loc<'_>) -> Map<String, Value> {
        self.warn_unknown_scheme_fields(scheme, at, API_KEY_FIELDS);
        let mut out = into_map(json!({ "type": "apiKey" }));
        for field in API_KEY_FIELDS {
            if let Some(value) = scheme.get(*field) {
                out.insert((*field).to_owned(), value.clone());
            }
        }
        out
    }

    /// `flow: implicit | password | application | accessCode` →
    /// `flows.implicit | password | clientCredentials | authorizationCode`.
    fn oauth2_scheme(
        &mut self,
        scheme: &Map<String, Value>,
        at: &Loc<'_>,
    ) -> Option<Map<String, Value>> {
        self.warn_unknown_scheme_fields(scheme, at, OAUTH2_FIELDS);
        let (flow_name, urls): (&str, &[&str]) = match scheme.get("flow").and_then(Value::as_str) {
            Some("implicit") => ("implicit", &["authorizationUrl"]),
            Some("password") => ("password", &["tokenUrl"]),
            Some("application") => ("clientCredentials", &["tokenUrl"]),
            Some("accessCode") => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
            other => {
                let found =
                    other.map_or_else(|| "no `flow`".to_owned(), |flow| format!("`flow: {flow}`"));
                self.reporter.warn(at, format!("OAuth2 definition with {found}; expected implicit, password, application or accessCode; dropped"));
                return None;
            }
        };
        let mut flow = Map::new();
        for url in urls {
            match scheme.get(*url) {
                Some(value) => {
                    flow.insert((*url).to_owned(), value.clone());
                }
                None => {
                    self.reporter.warn(
                        at,
                        format!(
                            "the OAuth2 `{flow_name}` flow needs `{url}`; an empty one is used"
                        ),
                    );
                    flow.insert((*url).to_owned(), json!(""));
                }
            }
        }
        flow.insert(
            "scopes".to_owned(),
            scheme.get("scopes").cloned().unwrap_or_else(|| json!({})),
        );
        let mut flows = Map::new();
        flows.insert(flow_name.to_owned(), Value::Object(flow));
        let mut out = into_map(json!({ "type": "oauth2" }));
        out.insert("flows".to_owned(), Value::Object(flows));
        Some(out)
    }

    fn warn_unknown_scheme_fields(
        &mut self,
        scheme: &Map<String, Value>,
        at: &Loc<'_>,
        fields: &[&str],
    ) {
        for key in scheme.keys() {
            let known = key == "type"
                || key == "description"
                || key.starts_with("x-")
                || fields.contains(&key.as_str());
            if !known {
                self.reporter.warn(
                    &at.key(key),
                    format!("`{key}` is not a field of this security definition type; dropped"),
                );
            }
        }
    }
}

fn into_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
