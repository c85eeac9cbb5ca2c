//! Every place an OpenAPI 3.x document holds a schema.
//!
//! Two stages need to visit all of them: the 3.1 normaliser rewrites each
//! schema, and the model stage checks each one before `openapiv3` sees it.
//! Nested schemas are the visitor's business (see [`super::subschemas`]);
//! this walk finds the schemas the document structure itself leads to.

use serde_json::{Map, Value};

use super::location::Loc;

/// HTTP methods whose members are operations in a path item.
pub(crate) const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Path-item member where the OpenAPI 3.2 loader keeps the operations the 3.0 model has no
/// field for (`query`, `additionalOperations`): the HTTP method token as sent on the wire
/// (`QUERY` for `query`, an `additionalOperations` key as written) → the operation object.
/// `ir::operations` reads it; see `load::openapi32`.
pub const EXTRA_OPERATIONS: &str = "x-gocrm-operations";

/// Media-type member where the OpenAPI 3.2 loader keeps `itemSchema` (the schema of each item
/// of a sequential media type), normalised to 3.0 like any other schema.
pub const ITEM_SCHEMA: &str = "x-gocrm-item-schema";

/// Parameter extension the OpenAPI 3.2 loader sets (to `true`) on an `in: querystring`
/// parameter, which it rewrites to `in: query`: the value is the whole query string.
pub const QUERYSTRING: &str = "x-gocrm-querystring";

/// How deep a schema position may be. Real documents stay well under 20;
/// deeper means callbacks in callbacks or encodings in encodings, which the
/// `openapiv3` deserializer handles in time exponential in that nesting when
/// something at the bottom does not fit.
pub(crate) const MAX_STRUCTURE_DEPTH: usize = 40;

/// What the walk reports.
pub(crate) trait DocumentVisitor {
    /// A schema at a position the document structure leads to.
    fn schema(&mut self, schema: &mut Value, at: &Loc<'_>);

    /// An operation, before its members are walked.
    fn operation(&mut self, _operation: &mut Map<String, Value>, _at: &Loc<'_>) {}

    /// A path item (not a `$ref`), before its members are walked.
    fn path_item(&mut self, _item: &mut Map<String, Value>, _at: &Loc<'_>) {}

    /// A parameter or header (not a `$ref`), before its members are walked.
    fn parameter(&mut self, _parameter: &mut Map<String, Value>, _at: &Loc<'_>) {}

    /// A response (not a `$ref`), before its members are walked.
    fn response(&mut self, _response: &mut Map<String, Value>, _at: &Loc<'_>) {}

    /// A media type object, before its members are walked.
    fn media_type(&mut self, _media_type: &mut Map<String, Value>, _at: &Loc<'_>) {}

    /// A path item or media type nested past [`MAX_STRUCTURE_DEPTH`]; not walked.
    fn too_deep(&mut self, at: &Loc<'_>);
}

/// Walks `paths` and `components` of a 3.x document.
pub(crate) fn walk_document(root: &mut Map<String, Value>, visitor: &mut dyn DocumentVisitor) {
    let mut walker = Walker { visitor };
    let paths_at = Loc::ROOT.key("paths");
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (template, item) in paths.iter_mut().filter(|(key, _)| !key.starts_with("x-")) {
            walker.path_item(item, &paths_at.key(template));
        }
    }
    let components_at = Loc::ROOT.key("components");
    if let Some(Value::Object(components)) = root.get_mut("components") {
        walker.components(components, &components_at);
    }
}

struct Walker<'v> {
    visitor: &'v mut dyn DocumentVisitor,
}

impl Walker<'_> {
    fn path_item(&mut self, item: &mut Value, at: &Loc<'_>) {
        let Some(item) = plain_object(item) else {
            return;
        };
        if at.depth() > MAX_STRUCTURE_DEPTH {
            return self.visitor.too_deep(at);
        }
        self.visitor.path_item(item, at);
        for (key, value) in item.iter_mut() {
            let value_at = at.key(key);
            if key == "parameters" {
                self.parameter_list(value, &value_at);
            } else if METHODS.contains(&key.as_str()) {
                self.operation(value, &value_at);
            } else if key == EXTRA_OPERATIONS {
                self.extra_operations(value, at);
            }
        }
    }

    /// [`EXTRA_OPERATIONS`], each walked at its place in the document as written.
    fn extra_operations(&mut self, operations: &mut Value, item_at: &Loc<'_>) {
        let Value::Object(operations) = operations else {
            return;
        };
        let additional_at = item_at.key("additionalOperations");
        for (method, operation) in operations.iter_mut() {
            let written_at = if method == "QUERY" {
                item_at.key("query")
            } else {
                additional_at.key(method)
            };
            self.operation(operation, &written_at);
        }
    }

    fn operation(&mut self, operation: &mut Value, at: &Loc<'_>) {
        let Value::Object(operation) = operation else {
            return;
        };
        self.visitor.operation(operation, at);
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
        self.visitor.parameter(parameter, at);
        for (key, value) in parameter.iter_mut() {
            let value_at = at.key(key);
            match key.as_str() {
                "schema" => self.visitor.schema(value, &value_at),
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
        self.visitor.response(response, at);
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
        if at.depth() > MAX_STRUCTURE_DEPTH {
            return self.visitor.too_deep(at);
        }
        for (media_type, entry) in content.iter_mut() {
            let entry_at = at.key(media_type);
            let Value::Object(entry) = entry else {
                continue;
            };
            self.visitor.media_type(entry, &entry_at);
            for (key, value) in entry.iter_mut() {
                let value_at = entry_at.key(key);
                match key.as_str() {
                    "schema" => self.visitor.schema(value, &value_at),
                    ITEM_SCHEMA => self.visitor.schema(value, &entry_at.key("itemSchema")),
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
        for (kind, members) in components.iter_mut() {
            let kind_at = at.key(kind);
            match kind.as_str() {
                "schemas" => self.each_member(members, &kind_at, |walker, schema, schema_at| {
                    walker.visitor.schema(schema, schema_at);
                }),
                "responses" => self.each_member(members, &kind_at, Self::response),
                "parameters" | "headers" => self.each_member(members, &kind_at, Self::parameter),
                "requestBodies" => self.each_member(members, &kind_at, Self::request_body),
                "callbacks" => self.each_member(members, &kind_at, Self::callback),
                _ => {}
            }
        }
    }

    /// Applies `walk` to each member of an object of named entries.
    fn each_member(
        &mut self,
        members: &mut Value,
        at: &Loc<'_>,
        walk: fn(&mut Self, &mut Value, &Loc<'_>),
    ) {
        if let Value::Object(members) = members {
            for (name, member) in members.iter_mut() {
                walk(self, member, &at.key(name));
            }
        }
    }
}

/// The object, unless it is not one or is a `$ref` (whose target is walked where it is defined).
fn plain_object(value: &mut Value) -> Option<&mut Map<String, Value>> {
    match value {
        Value::Object(map) if !map.contains_key("$ref") => Some(map),
        _ => None,
    }
}
