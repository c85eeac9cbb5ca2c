//! Responses and their headers: a response `schema` becomes `content` under
//! each produced media type, and per-media-type `examples` become each media
//! type's `example`.

use serde_json::{json, Map, Value};

use super::parameters::SCHEMA_KEYWORDS;
use super::schema::rewrite_ref;
use super::Converter;
use crate::load::location::Loc;

/// Fields of a response.
const RESPONSE_FIELDS: &[&str] = &["description", "schema", "headers", "examples"];

/// Fields of a header besides its type keywords.
const HEADER_FIELDS: &[&str] = &["description", "collectionFormat"];

/// The media type of a response with a schema when nothing is produced.
const DEFAULT_MEDIA_TYPE: &str = "application/json";

impl Converter<'_, '_> {
    /// An operation's `responses`, by status code.
    pub(super) fn responses(
        &mut self,
        responses: &Value,
        at: &Loc<'_>,
        produces: &[String],
    ) -> Value {
        let Some(responses) = self.object(responses, at, "`responses`") else {
            return json!({});
        };
        let mut out = Map::new();
        for (code, response) in responses {
            if code.starts_with("x-") {
                out.insert(code.clone(), response.clone());
            } else if let Some(converted) = self.response(response, &at.key(code), produces) {
                out.insert(code.clone(), converted);
            }
        }
        Value::Object(out)
    }

    /// One response (or a `$ref` to a global one).
    pub(super) fn response(
        &mut self,
        response: &Value,
        at: &Loc<'_>,
        produces: &[String],
    ) -> Option<Value> {
        let response = self.object(response, at, "a response")?;
        if let Some(Value::String(reference)) = response.get("$ref") {
            return Some(json!({ "$ref": rewrite_ref(reference) }));
        }
        let mut out = Map::new();
        let description = match response.get("description") {
            Some(Value::String(description)) => description.clone(),
            _ => {
                self.reporter.warn(
                    at,
                    "the response has no `description` string; an empty one is used",
                );
                String::new()
            }
        };
        out.insert("description".to_owned(), json!(description));
        if let Some(headers) = response.get("headers") {
            let headers = self.headers(headers, &at.key("headers"));
            out.insert("headers".to_owned(), headers);
        }
        let content = self.response_content(response, at, produces);
        if !content.is_empty() {
            out.insert("content".to_owned(), Value::Object(content));
        }
        self.extensions_and_unknown(response, &mut out, at, RESPONSE_FIELDS, "a response");
        Some(Value::Object(out))
    }

    fn response_content(
        &mut self,
        response: &Map<String, Value>,
        at: &Loc<'_>,
        produces: &[String],
    ) -> Map<String, Value> {
        let mut content = Map::new();
        let schema = response
            .get("schema")
            .map(|schema| self.schema_value(schema, &at.key("schema")));
        if let Some(schema) = &schema {
            if produces.is_empty() {
                content.insert(DEFAULT_MEDIA_TYPE.to_owned(), json!({ "schema": schema }));
            }
            for media_type in produces {
                content.insert(media_type.clone(), json!({ "schema": schema }));
            }
        }
        match response.get("examples") {
            Some(Value::Object(examples)) => {
                for (media_type, example) in examples {
                    let entry =
                        content
                            .entry(media_type.clone())
                            .or_insert_with(|| match &schema {
                                Some(schema) => json!({ "schema": schema }),
                                None => json!({}),
                            });
                    if let Value::Object(entry) = entry {
                        entry.insert("example".to_owned(), example.clone());
                    }
                }
            }
            Some(other) => self.reporter.wrong_type(
                &at.key("examples"),
                "`examples`",
                "an object of examples by media type",
                other,
            ),
            None => {}
        }
        content
    }

    fn headers(&mut self, headers: &Value, at: &Loc<'_>) -> Value {
        let Some(headers) = self.object(headers, at, "`headers`") else {
            return json!({});
        };
        let mut out = Map::new();
        for (name, header) in headers {
            let header_at = at.key(name);
            if let Some(header) = self.object(header, &header_at, "a header") {
                out.insert(name.clone(), self.header(header, &header_at));
            }
        }
        Value::Object(out)
    }

    /// A response header: its type keywords become `schema`.
    fn header(&mut self, header: &Map<String, Value>, at: &Loc<'_>) -> Value {
        let mut out = Map::new();
        if let Some(description) = header.get("description") {
            out.insert("description".to_owned(), description.clone());
        }
        let schema = self.simple_schema(header, at);
        let is_array = schema.get("type") == Some(&json!("array"));
        out.insert("schema".to_owned(), Value::Object(schema));
        match header.get("collectionFormat").and_then(Value::as_str) {
            Some("csv") | None => {}
            Some(format) if is_array => {
                self.reporter.warn(&at.key("collectionFormat"), format!("`collectionFormat: {format}` cannot be expressed for a header; comma-separated assumed"));
            }
            Some(_) => {}
        }
        for (key, value) in header {
            if key.starts_with("x-") && key != "x-nullable" {
                out.insert(key.clone(), value.clone());
            } else if !key.starts_with("x-")
                && !HEADER_FIELDS.contains(&key.as_str())
                && !SCHEMA_KEYWORDS.contains(&key.as_str())
            {
                self.reporter.warn(
                    &at.key(key),
                    format!("`{key}` is not a field of a Swagger 2.0 header; dropped"),
                );
            }
        }
        Value::Object(out)
    }
}
