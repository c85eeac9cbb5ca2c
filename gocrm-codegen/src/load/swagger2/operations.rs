//! Path items and operations.

use serde_json::{json, Map, Value};

use super::parameters::ParameterSet;
use super::schema::rewrite_ref;
use super::Converter;
use crate::load::location::Loc;

/// Methods a Swagger 2.0 path item may have.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Fields of a path item other than the methods.
const PATH_ITEM_FIELDS: &[&str] = &["$ref", "parameters"];

/// Fields of an operation.
const OPERATION_FIELDS: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "consumes",
    "produces",
    "parameters",
    "responses",
    "schemes",
    "deprecated",
    "security",
];

impl Converter<'_, '_> {
    pub(super) fn path_item(
        &mut self,
        item: &Map<String, Value>,
        at: &Loc<'_>,
    ) -> Map<String, Value> {
        let shared = self.parameters_of(item, at);
        let mut out = Map::new();
        if let Some(Value::String(reference)) = item.get("$ref") {
            out.insert("$ref".to_owned(), json!(rewrite_ref(reference)));
        }
        if !shared.plain.is_empty() {
            out.insert("parameters".to_owned(), Value::Array(shared.plain.clone()));
        }
        for (key, value) in item {
            if METHODS.contains(&key.as_str()) {
                let operation_at = at.key(key);
                if let Some(operation) = self.object(value, &operation_at, "an operation") {
                    let converted = self.operation(operation, &operation_at, &shared);
                    out.insert(key.clone(), Value::Object(converted));
                }
            }
        }
        let mut known = PATH_ITEM_FIELDS.to_vec();
        known.extend_from_slice(METHODS);
        self.extensions_and_unknown(item, &mut out, at, &known, "a path item");
        out
    }

    /// The `parameters` of a path item or operation, split by what they become.
    fn parameters_of(&mut self, owner: &Map<String, Value>, at: &Loc<'_>) -> ParameterSet {
        match owner.get("parameters") {
            Some(list) => self.parameter_list(list, &at.key("parameters")),
            None => ParameterSet::default(),
        }
    }

    fn operation(
        &mut self,
        operation: &Map<String, Value>,
        at: &Loc<'_>,
        shared: &ParameterSet,
    ) -> Map<String, Value> {
        let own = self.parameters_of(operation, at);
        let consumes = self.operation_media_types(operation, "consumes", at);
        let produces = self.operation_media_types(operation, "produces", at);
        let mut out = Map::new();
        for field in [
            "tags",
            "summary",
            "description",
            "externalDocs",
            "operationId",
        ] {
            if let Some(value) = operation.get(field) {
                out.insert(field.to_owned(), value.clone());
            }
        }
        let (body, form) = own.request_parts_over(shared);
        if !own.plain.is_empty() {
            out.insert("parameters".to_owned(), Value::Array(own.plain));
        }
        if let Some(request_body) = self.request_body(body, form, &consumes, at) {
            out.insert("requestBody".to_owned(), request_body);
        }
        let responses = match operation.get("responses") {
            Some(responses) => self.responses(responses, &at.key("responses"), &produces),
            None => {
                self.reporter
                    .warn(at, "the operation has no `responses`; none are generated");
                json!({})
            }
        };
        out.insert("responses".to_owned(), responses);
        for field in ["deprecated", "security"] {
            if let Some(value) = operation.get(field) {
                out.insert(field.to_owned(), value.clone());
            }
        }
        if operation.contains_key("schemes") {
            self.reporter.warn(
                &at.key("schemes"),
                "per-operation `schemes` is not converted; the document's servers apply",
            );
        }
        self.extensions_and_unknown(operation, &mut out, at, OPERATION_FIELDS, "an operation");
        out
    }

    /// The operation's own `consumes`/`produces`, or the document's.
    fn operation_media_types(
        &mut self,
        operation: &Map<String, Value>,
        field: &str,
        at: &Loc<'_>,
    ) -> Vec<String> {
        match operation.get(field) {
            Some(value) => self.media_types(Some(value), &at.key(field)),
            None if field == "consumes" => self.consumes.clone(),
            None => self.produces.clone(),
        }
    }
}
