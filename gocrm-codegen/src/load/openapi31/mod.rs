//! OpenAPI 3.1 → the OpenAPI 3.0 model, rewritten in place.
//!
//! `openapiv3` models 3.0 only. Most 3.1 documents differ from 3.0 in a few
//! JSON Schema spellings (`type: [T, "null"]`, `const`, numeric
//! `exclusiveMinimum`, `examples`), which map exactly; the rest (webhooks,
//! `$defs`, conditional schemas…) is dropped with a warning that names the
//! construct and its pointer. The structure of the document does not change,
//! so every pointer is into the document as written.

mod schema;

use serde_json::{json, Map, Value};

use super::location::Loc;
use super::report::Reporter;

/// HTTP methods whose members are operations in a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Rewrites a 3.1 document into the 3.0 shape.
pub(crate) fn normalise(mut document: Value, reporter: &mut Reporter) -> Value {
    if let Value::Object(root) = &mut document {
        Normaliser { reporter }.root(root);
    }
    document
}

/// Walks every place of a 3.x document that can hold a schema.
struct Normaliser<'r> {
    reporter: &'r mut Reporter,
}

impl Normaliser<'_> {
    fn root(&mut self, root: &mut Map<String, Value>) {
        root.insert("openapi".to_owned(), json!("3.0.3"));
        if root.shift_remove("jsonSchemaDialect").is_some() {
            let at = Loc::ROOT.key("jsonSchemaDialect");
            self.reporter.warn(
                &at,
                "`jsonSchemaDialect` has no OpenAPI 3.0 equivalent; dropped",
            );
        }
        self.drop_webhooks(root);
        if let Some(license) = root
            .get_mut("info")
            .and_then(|info| info.get_mut("license"))
        {
            if let Value::Object(license) = license {
                license.shift_remove("identifier");
            }
        }
        let paths_at = Loc::ROOT.key("paths");
        if let Some(Value::Object(paths)) = root.get_mut("paths") {
            self.paths(paths, &paths_at);
        }
        let components_at = Loc::ROOT.key("components");
        if let Some(Value::Object(components)) = root.get_mut("components") {
            self.components(components, &components_at);
        }
    }

    /// Webhooks are requests the API makes, not ones a client sends.
    fn drop_webhooks(&mut self, root: &mut Map<String, Value>) {
        if let Some(webhooks) = root.shift_remove("webhooks") {
            let count = webhooks.as_object().map_or(0, Map::len);
            let at = Loc::ROOT.key("webhooks");
            self.reporter.warn(&at, format!("webhooks are not generated ({count} dropped); only `paths` become client calls"));
        }
        if !root.contains_key("paths") {
            root.insert("paths".to_owned(), json!({}));
        }
    }

    fn paths(&mut self, paths: &mut Map<String, Value>, at: &Loc<'_>) {
        for (template, item) in paths.iter_mut().filter(|(key, _)| !key.starts_with("x-")) {
            self.path_item(item, &at.key(template));
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &Loc<'_>) {
        let Some(item) = plain_object(item) else {
            return;
        };
        if at.too_deep() {
            return;
        }
        for (key, value) in item.iter_mut() {
            let value_at = at.key(key);
            if key == "parameters" {
                self.parameter_list(value, &value_at);
            } else if METHODS.contains(&key.as_str()) {
                self.operation(value, &value_at);
            }
        }
    }

    fn operation(&mut self, operation: &mut Value, at: &Loc<'_>) {
        let Value::Object(operation) = operation else {
            return;
        };
        for (key, value) in operation.iter_mut() {
            let value_at = at.key(key);
            match key.as_str() {
                "parameters" => self.parameter_list(value, &value_at),
                "requestBody" => self.request_body(value, &value_at),
                "responses" => self.responses(value, &value_at),
                "callbacks" => self.each_member(value, &value_at, Self::callback),
                _ => {}
            }
        }
        // `responses` is optional in 3.1 and required by the 3.0 model.
        if !operation.contains_key("responses") {
            operation.insert("responses".to_owned(), json!({}));
        }
    }

    fn parameter_list(&mut self, list: &mut Value, at: &Loc<'_>) {
        if let Value::Array(list) = list {
            for (index, parameter) in list.iter_mut().enumerate() {
                self.parameter(parameter, &at.index(index));
            }
        }
    }

    /// A parameter or a header: a schema, or content by media type.
    fn parameter(&mut self, parameter: &mut Value, at: &Loc<'_>) {
        let Some(parameter) = plain_object(parameter) else {
            return;
        };
        for (key, value) in parameter.iter_mut() {
            let value_at = at.key(key);
            match key.as_str() {
                "schema" => self.schema(value, &value_at),
                "content" => self.content(value, &value_at),
                _ => {}
            }
        }
    }

    fn request_body(&mut self, body: &mut Value, at: &Loc<'_>) {
        let Some(body) = plain_object(body) else {
            return;
        };
        if let Some(content) = body.get_mut("content") {
            self.content(content, &at.key("content"));
        }
    }

    fn responses(&mut self, responses: &mut Value, at: &Loc<'_>) {
        let Value::Object(responses) = responses else {
            return;
        };
        for (code, response) in responses
            .iter_mut()
            .filter(|(key, _)| !key.starts_with("x-"))
        {
            self.response(response, &at.key(code));
        }
    }

    fn response(&mut self, response: &mut Value, at: &Loc<'_>) {
        let Some(response) = plain_object(response) else {
            return;
        };
        for (key, value) in response.iter_mut() {
            let value_at = at.key(key);
            match key.as_str() {
                "headers" => self.each_member(value, &value_at, Self::parameter),
                "content" => self.content(value, &value_at),
                _ => {}
            }
        }
    }

    /// Media types by name, each with a schema and per-property encodings.
    fn content(&mut self, content: &mut Value, at: &Loc<'_>) {
        let Value::Object(content) = content else {
            return;
        };
        for (media_type, entry) in content.iter_mut() {
            let entry_at = at.key(media_type);
            let Value::Object(entry) = entry else {
                continue;
            };
            for (key, value) in entry.iter_mut() {
                let value_at = entry_at.key(key);
                match key.as_str() {
                    "schema" => self.schema(value, &value_at),
                    "encoding" => self.each_member(value, &value_at, Self::encoding),
                    _ => {}
                }
            }
        }
    }

    fn encoding(&mut self, encoding: &mut Value, at: &Loc<'_>) {
        if let Some(headers) = encoding.get_mut("headers") {
            self.each_member(headers, &at.key("headers"), Self::parameter);
        }
    }

    /// A callback maps runtime expressions to path items.
    fn callback(&mut self, callback: &mut Value, at: &Loc<'_>) {
        let Some(callback) = plain_object(callback) else {
            return;
        };
        for (expression, item) in callback
            .iter_mut()
            .filter(|(key, _)| !key.starts_with("x-"))
        {
            self.path_item(item, &at.key(expression));
        }
    }

    fn components(&mut self, components: &mut Map<String, Value>, at: &Loc<'_>) {
        if components.shift_remove("pathItems").is_some() {
            self.reporter.warn(
                &at.key("pathItems"),
                "`components.pathItems` has no OpenAPI 3.0 equivalent; dropped",
            );
        }
        for (kind, members) in components.iter_mut() {
            let kind_at = at.key(kind);
            match kind.as_str() {
                "schemas" => self.each_member(members, &kind_at, Self::schema),
                "responses" => self.each_member(members, &kind_at, Self::response),
                "parameters" | "headers" => self.each_member(members, &kind_at, Self::parameter),
                "requestBodies" => self.each_member(members, &kind_at, Self::request_body),
                "callbacks" => self.each_member(members, &kind_at, Self::callback),
                "securitySchemes" => self.security_schemes(members, &kind_at),
                _ => {}
            }
        }
    }

    /// `mutualTLS` (new in 3.1) is not in the 3.0 model.
    fn security_schemes(&mut self, schemes: &mut Value, at: &Loc<'_>) {
        let Value::Object(schemes) = schemes else {
            return;
        };
        let mutual_tls: Vec<String> = schemes
            .iter()
            .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
            .map(|(name, _)| name.clone())
            .collect();
        for name in mutual_tls {
            schemes.shift_remove(&name);
            self.reporter.warn(
                &at.key(&name),
                "security scheme type `mutualTLS` is not in OpenAPI 3.0; dropped",
            );
        }
    }

    /// Applies `normalise` to each member of an object of named entries.
    fn each_member(
        &mut self,
        members: &mut Value,
        at: &Loc<'_>,
        normalise: fn(&mut Self, &mut Value, &Loc<'_>),
    ) {
        if let Value::Object(members) = members {
            for (name, member) in members.iter_mut() {
                normalise(self, member, &at.key(name));
            }
        }
    }
}

/// The object, unless it is not one or is a `$ref` (whose target is normalised where it is defined).
fn plain_object(value: &mut Value) -> Option<&mut Map<String, Value>> {
    match value {
        Value::Object(map) if !map.contains_key("$ref") => Some(map),
        _ => None,
    }
}
