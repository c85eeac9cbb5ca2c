//! OpenAPI 3.2 → the OpenAPI 3.0 model, rewritten in place.
//!
//! 3.2 schemas are 3.1 schemas (JSON Schema 2020-12), so after this pass the document goes
//! through the 3.1 normaliser ([`super::openapi31`]). This pass handles what is new in 3.2:
//!
//! - `query` and `additionalOperations` on a path item → [`EXTRA_OPERATIONS`], keyed by the
//!   method token as sent (`QUERY`, `COPY`, …): `openapiv3` has a field per 3.0 method only,
//!   and keeps extensions. `ir::operations` turns them into client methods.
//! - `in: querystring` → `in: query` marked [`QUERYSTRING`] (the 3.0 parameter model has no
//!   such location; the mark tells the IR the value is the whole query string).
//! - A media type's `itemSchema` → [`ITEM_SCHEMA`] (normalised by the 3.1 pass like any
//!   schema; the walk reports its pointer as `…/itemSchema`).
//! - `$ref`s to `components.mediaTypes` are inlined (3.0 media types cannot be references).
//! - Documentation members the 3.0 model has a place for are moved there (`dataValue` →
//!   `value`, a response `summary` → its missing `description`); the rest is dropped with a
//!   warning naming it (see `docs.rs`).
//!
//! The walk visits the renamed members at their written names, so every pointer is into the
//! document as written (except inside an inlined media type: there it is the place of use).

mod docs;

use serde_json::{json, Map, Value};

use super::location::Loc;
use super::refs::{percent_decode, unescape_segment};
use super::report::Reporter;
use super::walk::{
    walk_document, DocumentVisitor, EXTRA_OPERATIONS, ITEM_SCHEMA, METHODS, QUERYSTRING,
};

/// How many `$ref`s to `components.mediaTypes` in a row are followed before giving up.
const MAX_MEDIA_TYPE_HOPS: usize = 16;

/// Rewrites the 3.2-only constructs of a document, then normalises it as 3.1.
pub(crate) fn normalise(mut document: Value, reporter: &mut Reporter) -> Value {
    if let Value::Object(root) = &mut document {
        let media_types = take_media_types(root);
        let callbacks = root
            .get("components")
            .and_then(|components| components.get("callbacks"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        docs::root(root, reporter);
        let mut pass = Pass {
            reporter,
            media_types,
            callbacks,
        };
        walk_document(root, &mut pass);
    }
    super::openapi31::normalise(document, reporter)
}

/// `components.mediaTypes`, removed from the document: the 3.0 model has no such component,
/// and every use is inlined.
fn take_media_types(root: &mut Map<String, Value>) -> Map<String, Value> {
    match root
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|components| components.shift_remove("mediaTypes"))
    {
        Some(Value::Object(media_types)) => media_types,
        _ => Map::new(),
    }
}

struct Pass<'r> {
    reporter: &'r mut Reporter,
    media_types: Map<String, Value>,
    /// `components.callbacks`, to inline references to them.
    callbacks: Map<String, Value>,
}

impl DocumentVisitor for Pass<'_> {
    /// Schemas are 3.1 schemas: the 3.1 pass that follows rewrites them.
    fn schema(&mut self, _schema: &mut Value, _at: &Loc<'_>) {}

    fn path_item(&mut self, item: &mut Map<String, Value>, at: &Loc<'_>) {
        self.extra_operations(item, at);
        docs::servers(item, at, self.reporter);
    }

    fn operation(&mut self, operation: &mut Map<String, Value>, at: &Loc<'_>) {
        docs::servers(operation, at, self.reporter);
        self.inline_callbacks(operation, at);
    }

    fn response(&mut self, response: &mut Map<String, Value>, at: &Loc<'_>) {
        docs::response(response, at, self.reporter);
    }

    fn parameter(&mut self, parameter: &mut Map<String, Value>, at: &Loc<'_>) {
        self.querystring(parameter, at);
        if parameter.get("in").and_then(Value::as_str) == Some("cookie")
            && parameter.get("style").and_then(Value::as_str) == Some("cookie")
        {
            // `style: cookie` (3.2) writes `name=value` without percent-encoding; the 3.0
            // model knows `form` only, which differs just in that encoding.
            parameter.shift_remove("style");
            self.reporter.warn(
                &at.key("style"),
                "`style: cookie` is not in OpenAPI 3.0; read as `form` (which differs only in percent-encoding)",
            );
        }
        docs::examples(parameter, at, self.reporter);
    }

    fn media_type(&mut self, media_type: &mut Map<String, Value>, at: &Loc<'_>) {
        self.inline_media_type(media_type, at);
        if let Some(item_schema) = media_type.shift_remove("itemSchema") {
            media_type.insert(ITEM_SCHEMA.to_owned(), item_schema);
        }
        for keyword in ["itemEncoding", "prefixEncoding"] {
            if media_type.shift_remove(keyword).is_some() {
                self.reporter.warn(
                    &at.key(keyword),
                    format!("`{keyword}` is not in OpenAPI 3.0; dropped (the parts are sent with their default encoding)"),
                );
            }
        }
        docs::examples(media_type, at, self.reporter);
    }

    fn too_deep(&mut self, at: &Loc<'_>) {
        // The 3.1 pass that follows walks the same structure and reports it as an error.
        let _ = at;
    }
}

impl Pass<'_> {
    /// `query` and `additionalOperations` → [`EXTRA_OPERATIONS`].
    fn extra_operations(&mut self, item: &mut Map<String, Value>, at: &Loc<'_>) {
        let mut extra = Map::new();
        if let Some(query) = item.shift_remove("query") {
            extra.insert("QUERY".to_owned(), query);
        }
        match item.shift_remove("additionalOperations") {
            Some(Value::Object(additional)) => {
                let additional_at = at.key("additionalOperations");
                for (method, operation) in additional {
                    let method_at = additional_at.key(&method);
                    if let Some(problem) = method_problem(&method, &extra) {
                        self.reporter
                            .warn(&method_at, format!("{problem}; dropped"));
                        continue;
                    }
                    extra.insert(method, operation);
                }
            }
            Some(other) => self.reporter.wrong_type(
                &at.key("additionalOperations"),
                "`additionalOperations`",
                "an object",
                &other,
            ),
            None => {}
        }
        if !extra.is_empty() {
            item.insert(EXTRA_OPERATIONS.to_owned(), Value::Object(extra));
        }
    }

    /// `in: querystring` → `in: query` with the [`QUERYSTRING`] mark.
    fn querystring(&mut self, parameter: &mut Map<String, Value>, at: &Loc<'_>) {
        if parameter.get("in").and_then(Value::as_str) != Some("querystring") {
            return;
        }
        parameter.insert("in".to_owned(), json!("query"));
        parameter.insert(QUERYSTRING.to_owned(), Value::Bool(true));
        // The whole query string has no name of its own on the wire; the model needs one.
        parameter
            .entry("name")
            .or_insert_with(|| json!("querystring"));
        for keyword in ["style", "explode", "allowReserved", "allowEmptyValue"] {
            if parameter.shift_remove(keyword).is_some() {
                self.reporter.warn(
                    &at.key(keyword),
                    format!("`{keyword}` does not apply to `in: querystring`; ignored"),
                );
            }
        }
    }

    /// A media type that is a `$ref` to `components.mediaTypes` becomes a copy of its target.
    fn inline_media_type(&mut self, media_type: &mut Map<String, Value>, at: &Loc<'_>) {
        for _ in 0..MAX_MEDIA_TYPE_HOPS {
            let Some(reference) = media_type.get("$ref").and_then(Value::as_str) else {
                return;
            };
            let target = reference
                .strip_prefix("#/components/mediaTypes/")
                .map(|name| unescape_segment(&percent_decode(name)))
                .and_then(|name| self.media_types.get(&name));
            match target {
                Some(Value::Object(target)) => *media_type = target.clone(),
                _ => {
                    let message = format!("`$ref` `{reference}` is not a media type in `components.mediaTypes`; the media type is dropped to an empty one (any content)");
                    self.reporter.warn(&at.key("$ref"), message);
                    media_type.clear();
                    return;
                }
            }
        }
        if media_type.contains_key("$ref") {
            media_type.clear();
            self.reporter.warn(
                at,
                format!("more than {MAX_MEDIA_TYPE_HOPS} media type `$ref`s in a row; the media type is dropped to an empty one (any content)"),
            );
        }
    }
}

impl Pass<'_> {
    /// The 3.0 model reads an operation's callbacks as path items only, not references: a
    /// `$ref` to `components.callbacks` becomes a copy of its target (callbacks are requests
    /// the API makes, never generated, but the document must still load).
    fn inline_callbacks(&mut self, operation: &mut Map<String, Value>, at: &Loc<'_>) {
        let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") else {
            return;
        };
        let callbacks_at = at.key("callbacks");
        let mut unresolved = Vec::new();
        for (name, callback) in callbacks.iter_mut() {
            let Some(reference) = callback.get("$ref").and_then(Value::as_str) else {
                continue;
            };
            let target = reference
                .strip_prefix("#/components/callbacks/")
                .map(|name| unescape_segment(&percent_decode(name)))
                .and_then(|name| self.callbacks.get(&name))
                .filter(|target| target.get("$ref").is_none());
            match target {
                Some(target) => *callback = target.clone(),
                None => unresolved.push(name.clone()),
            }
        }
        for name in unresolved {
            callbacks.shift_remove(&name);
            self.reporter.warn(
                &callbacks_at.key(&name),
                "a callback `$ref` that is not to a callback in `components.callbacks` is not followed; dropped (callbacks are not generated)",
            );
        }
    }
}

/// Why an `additionalOperations` entry cannot be kept, if it cannot.
fn method_problem(method: &str, extra: &Map<String, Value>) -> Option<String> {
    let lower = method.to_ascii_lowercase();
    if METHODS.contains(&lower.as_str()) || lower == "query" {
        return Some(format!(
            "`additionalOperations` must not hold `{method}`: the path item's `{lower}` field is for it"
        ));
    }
    if !is_token(method) {
        return Some(format!("`{method}` is not an HTTP method token"));
    }
    if extra.keys().any(|other| other.eq_ignore_ascii_case(method)) {
        return Some(format!(
            "`{method}` differs from another `additionalOperations` method only in case, which one client method name cannot tell apart"
        ));
    }
    None
}

/// An HTTP method is an RFC 9110 token: visible ASCII except separators.
fn is_token(method: &str) -> bool {
    !method.is_empty()
        && method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
