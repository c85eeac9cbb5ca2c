//! Parameters: `query`/`path`/`header` ones keep being parameters (their type
//! keywords move into `schema`, `collectionFormat` becomes `style`/`explode`);
//! `body` and `formData` ones become the operation's `requestBody`.

use serde_json::{json, Map, Value};

use super::schema::rewrite_ref;
use super::Converter;
use crate::load::location::Loc;
use crate::load::refs::{percent_decode, unescape_segment};

/// Keywords of a non-body parameter, header or items object that describe its
/// value and so move into the 3.0 `schema`.
pub(super) const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// Parameter fields handled explicitly (besides [`SCHEMA_KEYWORDS`]).
const PARAMETER_FIELDS: &[&str] = &[
    "name",
    "in",
    "description",
    "required",
    "deprecated",
    "allowEmptyValue",
    "collectionFormat",
    "x-example",
    "x-nullable",
    "schema",
];

/// Fields of a `body` parameter.
const BODY_FIELDS: &[&str] = &["name", "in", "description", "required", "schema"];

/// Media types whose bodies are forms rather than documents.
const FORM_MEDIA_TYPES: &[&str] = &["application/x-www-form-urlencoded", "multipart/form-data"];

/// A `body` parameter, converted.
#[derive(Debug, Clone)]
pub(super) struct BodyParameter {
    name: Option<String>,
    schema: Value,
    description: Option<Value>,
    required: bool,
    extensions: Map<String, Value>,
}

/// One `formData` parameter, as a property of the form's object schema.
#[derive(Debug, Clone)]
pub(super) struct FormField {
    name: String,
    schema: Value,
    required: bool,
    is_file: bool,
    /// `style`/`explode` for an array field, from its `collectionFormat`.
    encoding: Option<Value>,
}

/// What a global `body` or `formData` parameter becomes where it is referenced.
#[derive(Debug, Clone)]
pub(super) enum RequestPart {
    Body(BodyParameter),
    Form(FormField),
}

/// The parameters of one path item or operation, sorted by what they become.
#[derive(Debug, Clone, Default)]
pub(super) struct ParameterSet {
    /// 3.0 parameters (or `$ref`s to them).
    pub(super) plain: Vec<Value>,
    body: Option<BodyParameter>,
    form: Vec<FormField>,
}

impl ParameterSet {
    /// The operation's body and form fields, falling back to the path item's:
    /// an operation's body replaces the path's, and a form field replaces the
    /// path's field of the same name.
    pub(super) fn request_parts_over(
        &self,
        shared: &ParameterSet,
    ) -> (Option<BodyParameter>, Vec<FormField>) {
        let body = self.body.clone().or_else(|| shared.body.clone());
        let mut form: Vec<FormField> = shared
            .form
            .iter()
            .filter(|field| !self.form.iter().any(|own| own.name == field.name))
            .cloned()
            .collect();
        form.extend(self.form.iter().cloned());
        (body, form)
    }

    fn add(&mut self, part: RequestPart, at: &Loc<'_>, converter: &mut Converter<'_, '_>) {
        match part {
            RequestPart::Body(body) => {
                if self.body.is_some() {
                    converter
                        .reporter
                        .warn(at, "a second `body` parameter; only the first is used");
                } else {
                    self.body = Some(body);
                }
            }
            RequestPart::Form(field) => self.form.push(field),
        }
    }
}

impl Converter<'_, '_> {
    /// Sorts the document's `parameters` into component parameters and request parts.
    pub(super) fn global_parameters(&mut self) {
        let at = Loc::ROOT.key("parameters");
        let parameters = match self.root.get("parameters") {
            Some(Value::Object(parameters)) => parameters,
            Some(other) => {
                return self
                    .reporter
                    .wrong_type(&at, "`parameters`", "an object", other)
            }
            None => return,
        };
        for (name, parameter) in parameters {
            let parameter_at = at.key(name);
            let Some(parameter) = self.object(parameter, &parameter_at, "a parameter") else {
                continue;
            };
            match self.parameter(parameter, &parameter_at) {
                Some(Converted::Plain(plain)) => {
                    self.component_parameters.insert(name.clone(), plain);
                }
                Some(Converted::Part(part)) => {
                    self.request_parts.insert(name.clone(), part);
                }
                None => {}
            }
        }
    }

    /// A path item's or operation's `parameters` array.
    pub(super) fn parameter_list(&mut self, list: &Value, at: &Loc<'_>) -> ParameterSet {
        let mut set = ParameterSet::default();
        let Value::Array(list) = list else {
            self.reporter
                .wrong_type(at, "`parameters`", "an array", list);
            return set;
        };
        for (index, entry) in list.iter().enumerate() {
            let entry_at = at.index(index);
            let Some(entry) = self.object(entry, &entry_at, "a parameter") else {
                continue;
            };
            let converted = match entry.get("$ref") {
                Some(reference) => self.referenced_parameter(reference, &entry_at),
                None => self.parameter(entry, &entry_at),
            };
            match converted {
                Some(Converted::Plain(plain)) => set.plain.push(plain),
                Some(Converted::Part(part)) => set.add(part, &entry_at, self),
                None => {}
            }
        }
        set
    }

    /// `$ref: '#/parameters/X'`: a global body/formData parameter is inlined,
    /// anything else stays a reference (dangling ones are reported by validation).
    fn referenced_parameter(&mut self, reference: &Value, at: &Loc<'_>) -> Option<Converted> {
        let Value::String(reference) = reference else {
            self.reporter
                .wrong_type(&at.key("$ref"), "`$ref`", "a string", reference);
            return None;
        };
        let global = reference
            .strip_prefix("#/parameters/")
            .filter(|name| !name.contains('/'))
            .map(|name| unescape_segment(&percent_decode(name)));
        match global.and_then(|name| self.request_parts.get(&name)) {
            Some(part) => Some(Converted::Part(part.clone())),
            None => Some(Converted::Plain(json!({ "$ref": rewrite_ref(reference) }))),
        }
    }

    /// One parameter object, by its `in`.
    fn parameter(&mut self, parameter: &Map<String, Value>, at: &Loc<'_>) -> Option<Converted> {
        let location = match parameter.get("in") {
            Some(Value::String(location)) => location.as_str(),
            Some(other) => {
                self.reporter
                    .wrong_type(&at.key("in"), "`in`", "a string", other);
                return None;
            }
            None => {
                self.reporter.error(at, "the parameter has no `in`");
                return None;
            }
        };
        match location {
            "body" => Some(Converted::Part(RequestPart::Body(
                self.body_parameter(parameter, at),
            ))),
            "formData" => self
                .form_field(parameter, at)
                .map(|field| Converted::Part(RequestPart::Form(field))),
            "query" | "path" | "header" | "cookie" => Some(Converted::Plain(
                self.plain_parameter(parameter, location, at),
            )),
            other => {
                self.reporter.warn(
                    &at.key("in"),
                    format!("`in: {other}` is not a parameter location; parameter dropped"),
                );
                None
            }
        }
    }

    fn plain_parameter(
        &mut self,
        parameter: &Map<String, Value>,
        location: &str,
        at: &Loc<'_>,
    ) -> Value {
        let mut out = Map::new();
        for field in ["name", "in", "description", "required", "deprecated"] {
            if let Some(value) = parameter.get(field) {
                out.insert(field.to_owned(), value.clone());
            }
        }
        if location == "path" {
            out.insert("required".to_owned(), json!(true));
        }
        if let Some(allow_empty) = parameter.get("allowEmptyValue") {
            if location == "query" {
                out.insert("allowEmptyValue".to_owned(), allow_empty.clone());
            } else {
                self.reporter.warn(
                    &at.key("allowEmptyValue"),
                    "`allowEmptyValue` applies to query parameters only; dropped",
                );
            }
        }
        let schema = match parameter.get("schema") {
            // Not Swagger 2.0, but written by some tools: use it as the 3.0 schema.
            Some(schema) if !parameter.contains_key("type") => {
                self.schema_value(schema, &at.key("schema"))
            }
            _ => Value::Object(self.simple_schema(parameter, at)),
        };
        if schema.get("format").and_then(Value::as_str) == Some("binary")
            && parameter.get("type") == Some(&json!("file"))
        {
            self.reporter.warn(
                &at.key("type"),
                "`type: file` is for formData parameters; read as a binary string",
            );
        }
        if schema.get("type").and_then(Value::as_str) == Some("array") {
            let format = parameter.get("collectionFormat").and_then(Value::as_str);
            let (style, explode) =
                self.collection_style(location, format, &at.key("collectionFormat"));
            out.insert("style".to_owned(), json!(style));
            out.insert("explode".to_owned(), json!(explode));
        } else if parameter.contains_key("collectionFormat") {
            self.reporter.warn(
                &at.key("collectionFormat"),
                "`collectionFormat` on a parameter that is not an array; ignored",
            );
        }
        out.insert("schema".to_owned(), schema);
        self.carry_extras(parameter, at, &mut out);
        Value::Object(out)
    }

    /// Moves what a 2.0 parameter carries beyond its own fields into `target`: `x-example`
    /// as `example`, other `x-*` extensions as they are (`x-nullable` is converted
    /// elsewhere); any other unknown key is dropped with a warning.
    fn carry_extras(
        &mut self,
        parameter: &Map<String, Value>,
        at: &Loc<'_>,
        target: &mut Map<String, Value>,
    ) {
        if let Some(example) = parameter.get("x-example") {
            target.insert("example".to_owned(), example.clone());
        }
        for (key, value) in parameter {
            if key.starts_with("x-") && key != "x-example" && key != "x-nullable" {
                target.insert(key.clone(), value.clone());
            } else if !key.starts_with("x-")
                && !PARAMETER_FIELDS.contains(&key.as_str())
                && !SCHEMA_KEYWORDS.contains(&key.as_str())
            {
                self.reporter.warn(
                    &at.key(key),
                    format!("`{key}` is not a field of a Swagger 2.0 parameter; dropped"),
                );
            }
        }
    }

    /// `collectionFormat` (default `csv`) → 3.0 `style` and `explode`.
    fn collection_style(
        &mut self,
        location: &str,
        format: Option<&str>,
        at: &Loc<'_>,
    ) -> (&'static str, bool) {
        let format = format.unwrap_or("csv");
        let in_query = matches!(location, "query" | "formData");
        match (format, in_query) {
            ("csv", true) => ("form", false),
            ("multi", true) => ("form", true),
            ("ssv", true) => ("spaceDelimited", false),
            ("pipes", true) => ("pipeDelimited", false),
            ("csv", false) => (default_style(location), false),
            ("tsv", true) => {
                self.reporter.warn(at, "`collectionFormat: tsv` has no OpenAPI 3.0 style; comma-separated (`form`, explode false) used");
                ("form", false)
            }
            (other, _) => {
                let style = default_style(location);
                self.reporter.warn(at, format!("`collectionFormat: {other}` cannot be expressed for `in: {location}`; `{style}` (comma-separated) used"));
                (style, false)
            }
        }
    }

    /// The 3.0 schema of a non-body parameter, header or items object.
    pub(super) fn simple_schema(
        &mut self,
        source: &Map<String, Value>,
        at: &Loc<'_>,
    ) -> Map<String, Value> {
        let mut schema = Map::new();
        for (key, value) in source {
            match key.as_str() {
                "items" => {
                    let items = self.items_schema(value, &at.key("items"));
                    schema.insert(key.clone(), items);
                }
                "x-nullable" if value == &json!(true) => {
                    schema.insert("nullable".to_owned(), json!(true));
                }
                keyword if SCHEMA_KEYWORDS.contains(&keyword) => {
                    schema.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        if schema.get("type") == Some(&json!("file")) {
            schema.insert("type".to_owned(), json!("string"));
            schema.insert("format".to_owned(), json!("binary"));
        }
        schema
    }

    /// An items object (the element type of an array parameter or header).
    fn items_schema(&mut self, items: &Value, at: &Loc<'_>) -> Value {
        let Value::Object(items) = items else {
            self.reporter.wrong_type(at, "`items`", "an object", items);
            return json!({});
        };
        if let Some(Value::String(reference)) = items.get("$ref") {
            return json!({ "$ref": rewrite_ref(reference) });
        }
        let mut schema = self.simple_schema(items, at);
        if let Some(format) = items
            .get("collectionFormat")
            .and_then(Value::as_str)
            .filter(|f| *f != "csv")
        {
            self.reporter.warn(
                &at.key("collectionFormat"),
                format!(
                    "`collectionFormat: {format}` of nested items has no OpenAPI 3.0 form; dropped"
                ),
            );
        }
        for (key, value) in items
            .iter()
            .filter(|(key, _)| key.starts_with("x-") && *key != "x-nullable")
        {
            schema.insert(key.clone(), value.clone());
        }
        Value::Object(schema)
    }

    fn body_parameter(&mut self, parameter: &Map<String, Value>, at: &Loc<'_>) -> BodyParameter {
        let schema = match parameter.get("schema") {
            Some(schema) => self.schema_value(schema, &at.key("schema")),
            None => {
                self.reporter.warn(
                    at,
                    "the body parameter has no `schema`; any value is accepted",
                );
                json!({})
            }
        };
        for key in parameter
            .keys()
            .filter(|key| !key.starts_with("x-") && !BODY_FIELDS.contains(&key.as_str()))
        {
            self.reporter.warn(
                &at.key(key),
                format!("`{key}` is not a field of a body parameter; dropped"),
            );
        }
        BodyParameter {
            name: parameter
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_owned),
            schema,
            description: parameter.get("description").cloned(),
            required: parameter.get("required") == Some(&json!(true)),
            extensions: parameter
                .iter()
                .filter(|(key, _)| key.starts_with("x-"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    fn form_field(&mut self, parameter: &Map<String, Value>, at: &Loc<'_>) -> Option<FormField> {
        let Some(name) = parameter.get("name").and_then(Value::as_str) else {
            self.reporter
                .error(at, "the formData parameter has no `name`");
            return None;
        };
        let mut schema = self.simple_schema(parameter, at);
        let is_file = parameter.get("type") == Some(&json!("file"));
        if let Some(description) = parameter.get("description") {
            schema.insert("description".to_owned(), description.clone());
        }
        self.carry_extras(parameter, at, &mut schema);
        let encoding = (schema.get("type") == Some(&json!("array"))).then(|| {
            let format = parameter.get("collectionFormat").and_then(Value::as_str);
            let (style, explode) =
                self.collection_style("formData", format, &at.key("collectionFormat"));
            json!({ "style": style, "explode": explode })
        });
        Some(FormField {
            name: name.to_owned(),
            schema: Value::Object(schema),
            required: parameter.get("required") == Some(&json!(true)),
            is_file,
            encoding,
        })
    }

    /// The operation's `requestBody` from its body or form parameters.
    pub(super) fn request_body(
        &mut self,
        body: Option<BodyParameter>,
        form: Vec<FormField>,
        consumes: &[String],
        at: &Loc<'_>,
    ) -> Option<Value> {
        match (body, form.is_empty()) {
            (Some(body), form_is_empty) => {
                if !form_is_empty {
                    self.reporter.warn(at, "the operation has both `body` and `formData` parameters; the form fields are dropped");
                }
                Some(body_request(body, consumes))
            }
            (None, false) => Some(form_request(form, consumes)),
            (None, true) => None,
        }
    }
}

/// What converting one parameter object gave.
pub(super) enum Converted {
    Plain(Value),
    Part(RequestPart),
}

fn default_style(location: &str) -> &'static str {
    match location {
        "query" | "formData" | "cookie" => "form",
        _ => "simple",
    }
}

fn is_form_media_type(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    FORM_MEDIA_TYPES
        .iter()
        .any(|form| essence.eq_ignore_ascii_case(form))
}

/// A body parameter is sent as each consumed media type that is not a form
/// (all of them if only forms are listed), JSON by default.
fn body_request(body: BodyParameter, consumes: &[String]) -> Value {
    let documents: Vec<&String> = consumes.iter().filter(|m| !is_form_media_type(m)).collect();
    let media_types: Vec<&String> = if documents.is_empty() {
        consumes.iter().collect()
    } else {
        documents
    };
    let mut content = Map::new();
    if media_types.is_empty() {
        content.insert(
            "application/json".to_owned(),
            json!({ "schema": body.schema }),
        );
    }
    for media_type in media_types {
        content.insert(media_type.clone(), json!({ "schema": body.schema.clone() }));
    }
    let mut request = Map::new();
    if let Some(description) = body.description {
        request.insert("description".to_owned(), description);
    }
    request.insert("content".to_owned(), Value::Object(content));
    if body.required {
        request.insert("required".to_owned(), json!(true));
    }
    if let Some(name) = body.name {
        request.insert("x-codegen-request-body-name".to_owned(), json!(name));
    }
    request.extend(body.extensions);
    Value::Object(request)
}

/// Form fields become one object schema, sent as each consumed form media
/// type; by default multipart when a file is among them, else URL-encoded.
fn form_request(form: Vec<FormField>, consumes: &[String]) -> Value {
    let has_file = form.iter().any(|field| field.is_file);
    let mut media_types: Vec<String> = consumes
        .iter()
        .filter(|m| is_form_media_type(m))
        .cloned()
        .collect();
    if media_types.is_empty() {
        let default = if has_file {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        media_types.push(default.to_owned());
    }
    let required_any = form.iter().any(|field| field.required);
    let required: Vec<Value> = form
        .iter()
        .filter(|field| field.required)
        .map(|field| json!(field.name))
        .collect();
    let mut properties = Map::new();
    let mut encoding = Map::new();
    for field in form {
        if let Some(field_encoding) = field.encoding {
            encoding.insert(field.name.clone(), field_encoding);
        }
        properties.insert(field.name, field.schema);
    }
    let mut schema = Map::new();
    schema.insert("type".to_owned(), json!("object"));
    schema.insert("properties".to_owned(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".to_owned(), Value::Array(required));
    }
    let mut media = Map::new();
    media.insert("schema".to_owned(), Value::Object(schema));
    if !encoding.is_empty() {
        media.insert("encoding".to_owned(), Value::Object(encoding));
    }
    let media = Value::Object(media);
    let content: Map<String, Value> = media_types
        .into_iter()
        .map(|m| (m, media.clone()))
        .collect();
    let mut request = Map::new();
    request.insert("content".to_owned(), Value::Object(content));
    if required_any {
        request.insert("required".to_owned(), json!(true));
    }
    Value::Object(request)
}
