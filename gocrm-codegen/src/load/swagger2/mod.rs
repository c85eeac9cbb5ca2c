//! Swagger 2.0 → OpenAPI 3.0, as a transform from one JSON value to another.
//!
//! Converting in-process (rather than asking users to run a converter first)
//! keeps the generator a single build-time step. The output is a plain 3.0
//! document, deserialized afterwards like any other. Each construct is mapped
//! where it appears; what has no 3.0 form is dropped with a warning whose
//! pointer is into the 2.0 document as written.
//!
//! Layout: this file handles the document, paths and components;
//! `operations` path items and operations; `parameters` parameters and request
//! bodies; `responses` responses and headers; `schema` schemas and `$ref`s;
//! `security` security schemes.

mod operations;
mod parameters;
mod responses;
mod schema;
mod security;

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::location::Loc;
use super::report::Reporter;
use parameters::RequestPart;

/// Top-level fields of a Swagger 2.0 document.
const ROOT_FIELDS: &[&str] = &[
    "swagger",
    "info",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "paths",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
    "security",
    "tags",
    "externalDocs",
];

/// Converts a whole Swagger 2.0 document (the root must be an object).
pub(crate) fn convert(root: &Value, reporter: &mut Reporter) -> Value {
    match root {
        Value::Object(root) => Value::Object(Converter::new(root, reporter).document()),
        other => other.clone(),
    }
}

/// State of one conversion: the source document and what was derived from it.
struct Converter<'d, 'r> {
    root: &'d Map<String, Value>,
    /// Document-wide `consumes` / `produces`, used where an operation has none.
    consumes: Vec<String>,
    produces: Vec<String>,
    /// Global `body`/`formData` parameters by name: they become request bodies
    /// wherever they are referenced, as 3.0 has no such parameters.
    request_parts: HashMap<String, RequestPart>,
    /// Global parameters of other kinds, converted, for `components.parameters`.
    component_parameters: Map<String, Value>,
    reporter: &'r mut Reporter,
}

impl<'d, 'r> Converter<'d, 'r> {
    fn new(root: &'d Map<String, Value>, reporter: &'r mut Reporter) -> Self {
        let mut converter = Converter {
            root,
            consumes: Vec::new(),
            produces: Vec::new(),
            request_parts: HashMap::new(),
            component_parameters: Map::new(),
            reporter,
        };
        converter.consumes =
            converter.media_types(root.get("consumes"), &Loc::ROOT.key("consumes"));
        converter.produces =
            converter.media_types(root.get("produces"), &Loc::ROOT.key("produces"));
        converter.global_parameters();
        converter
    }

    fn document(&mut self) -> Map<String, Value> {
        let root = self.root;
        let mut out = Map::new();
        out.insert("openapi".to_owned(), json!("3.0.3"));
        copy_field(root, &mut out, "info");
        if let Some(servers) = self.servers() {
            out.insert("servers".to_owned(), servers);
        }
        out.insert("paths".to_owned(), self.paths());
        let components = self.components();
        if !components.is_empty() {
            out.insert("components".to_owned(), Value::Object(components));
        }
        for field in ["security", "tags", "externalDocs"] {
            copy_field(root, &mut out, field);
        }
        self.extensions_and_unknown(
            root,
            &mut out,
            &Loc::ROOT,
            ROOT_FIELDS,
            "the Swagger 2.0 document",
        );
        out
    }

    /// `host` + `basePath` + `schemes` → `servers`. No host gives a relative
    /// URL; no schemes gives https.
    fn servers(&mut self) -> Option<Value> {
        let host = self.string_field(self.root, "host", &Loc::ROOT);
        let base_path = self.string_field(self.root, "basePath", &Loc::ROOT);
        let base = base_path
            .map(|path| path.trim_end_matches('/'))
            .unwrap_or("");
        let base = if base.is_empty() || base.starts_with('/') {
            base.to_owned()
        } else {
            format!("/{base}")
        };
        let Some(host) = host else {
            let url = if base.is_empty() {
                "/".to_owned()
            } else {
                base
            };
            return base_path.map(|_| json!([{ "url": url }]));
        };
        let host = host.trim_end_matches('/');
        let servers = self
            .schemes()
            .into_iter()
            .map(|scheme| json!({ "url": format!("{scheme}://{host}{base}") }));
        Some(Value::Array(servers.collect()))
    }

    fn schemes(&mut self) -> Vec<String> {
        let at = Loc::ROOT.key("schemes");
        let schemes = match self.root.get("schemes") {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Some(other) => {
                self.reporter.warn(
                    &at,
                    format!(
                        "`schemes` must be an array of strings, found {}; https assumed",
                        super::report::describe(other)
                    ),
                );
                Vec::new()
            }
        };
        if schemes.is_empty() {
            vec!["https".to_owned()]
        } else {
            schemes
        }
    }

    fn paths(&mut self) -> Value {
        let at = Loc::ROOT.key("paths");
        let mut out = Map::new();
        let paths = match self.root.get("paths") {
            Some(Value::Object(paths)) => paths,
            Some(other) => {
                self.reporter.wrong_type(&at, "`paths`", "an object", other);
                return Value::Object(out);
            }
            None => {
                self.reporter.warn(
                    &at,
                    "the document has no `paths`; there is nothing to generate",
                );
                return Value::Object(out);
            }
        };
        for (template, item) in paths {
            if template.starts_with("x-") {
                out.insert(template.clone(), item.clone());
                continue;
            }
            let item_at = at.key(template);
            if let Some(item) = self.object(item, &item_at, "a path item") {
                let converted = self.path_item(item, &item_at);
                out.insert(template.clone(), Value::Object(converted));
            }
        }
        Value::Object(out)
    }

    fn components(&mut self) -> Map<String, Value> {
        let mut components = Map::new();
        let schemas = self.named_entries("definitions", Self::schema);
        insert_non_empty(&mut components, "schemas", schemas);
        let responses = self.named_entries("responses", |this, response, at| {
            let produces = this.produces.clone();
            this.response(response, at, &produces)
        });
        insert_non_empty(&mut components, "responses", responses);
        let parameters = std::mem::take(&mut self.component_parameters);
        insert_non_empty(&mut components, "parameters", parameters);
        let schemes = self.named_entries("securityDefinitions", Self::security_scheme);
        insert_non_empty(&mut components, "securitySchemes", schemes);
        components
    }

    /// Converts every entry of the top-level object `field`, keeping names and order.
    fn named_entries(
        &mut self,
        field: &str,
        convert: impl Fn(&mut Self, &Value, &Loc<'_>) -> Option<Value>,
    ) -> Map<String, Value> {
        let at = Loc::ROOT.key(field);
        let mut out = Map::new();
        match self.root.get(field) {
            Some(Value::Object(entries)) => {
                for (name, entry) in entries {
                    if let Some(converted) = convert(self, entry, &at.key(name)) {
                        out.insert(name.clone(), converted);
                    }
                }
            }
            Some(other) => self
                .reporter
                .wrong_type(&at, &format!("`{field}`"), "an object", other),
            None => {}
        }
        out
    }

    /// `consumes`/`produces`: a list of media types.
    fn media_types(&mut self, value: Option<&Value>, at: &Loc<'_>) -> Vec<String> {
        match value {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut types = Vec::new();
                for (index, item) in items.iter().enumerate() {
                    match item.as_str() {
                        Some(media_type) if !types.iter().any(|t| t == media_type) => {
                            types.push(media_type.to_owned())
                        }
                        Some(_) => {}
                        None => self
                            .reporter
                            .warn(&at.index(index), "a media type must be a string; ignored"),
                    }
                }
                types
            }
            Some(other) => {
                self.reporter.warn(
                    at,
                    format!(
                        "must be an array of media types, found {}; ignored",
                        super::report::describe(other)
                    ),
                );
                Vec::new()
            }
        }
    }

    /// The value as an object, or an error saying what it should have been.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        at: &Loc<'_>,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.reporter.wrong_type(at, what, "an object", other);
                None
            }
        }
    }

    /// A string member, with a warning if it is something else.
    fn string_field<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        field: &str,
        at: &Loc<'_>,
    ) -> Option<&'v str> {
        match map.get(field) {
            Some(Value::String(text)) => Some(text),
            Some(other) => {
                let message = format!(
                    "`{field}` must be a string, found {}; ignored",
                    super::report::describe(other)
                );
                self.reporter.warn(&at.key(field), message);
                None
            }
            None => None,
        }
    }

    /// Copies `x-*` members; warns about members that are neither known nor extensions.
    fn extensions_and_unknown(
        &mut self,
        source: &Map<String, Value>,
        out: &mut Map<String, Value>,
        at: &Loc<'_>,
        known: &[&str],
        owner: &str,
    ) {
        for (key, value) in source {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            } else if !known.contains(&key.as_str()) {
                self.reporter.warn(
                    &at.key(key),
                    format!("`{key}` is not a field of {owner} in Swagger 2.0; dropped"),
                );
            }
        }
    }
}

fn copy_field(source: &Map<String, Value>, out: &mut Map<String, Value>, field: &str) {
    if let Some(value) = source.get(field) {
        out.insert(field.to_owned(), value.clone());
    }
}

fn insert_non_empty(out: &mut Map<String, Value>, field: &str, entries: Map<String, Value>) {
    if !entries.is_empty() {
        out.insert(field.to_owned(), Value::Object(entries));
    }
}
