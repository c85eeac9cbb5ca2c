//! JSON pointers into the user's own document.
//!
//! The IR knows where things are in the *converted* OpenAPI 3.0 document; a Swagger 2.0 user
//! wrote `#/definitions/Firm`, a body parameter and `responses/200/schema`, not
//! `#/components/schemas/Firm`, a `requestBody` and `content/application~1json/schema`. A
//! [`Locator`] answers in the document as written: it looks parameters, bodies and responses
//! up in the source text, and rewrites converted schema pointers into 2.0 shapes. Every
//! pointer it returns exists in the source (a pointer that does not is cut back to the
//! nearest part that does).
//!
//! Used by `diff` (the pointers of a change) and by every diagnostic on a Swagger 2.0
//! document: the loader's checks after conversion and the IR's warnings
//! ([`crate::load::LoadedSpec::source_pointer`]).

use serde_json::Value;

use crate::diagnostics::{escape_pointer_segment, pointer};
use crate::ir::ParamLocation;

/// How deep `allOf` parts and `$ref`s are followed when looking for a property.
const MAX_SEARCH_DEPTH: usize = 16;

/// The converted document, to learn which parameter a converted index meant: the model once
/// it exists, the JSON value while the loader is still checking it.
#[derive(Clone, Copy)]
pub(crate) enum Converted<'a> {
    Model(&'a openapiv3::OpenAPI),
    Document(&'a Value),
}

/// Pointers into one document as written.
pub(crate) struct Locator<'a> {
    root: &'a Value,
    swagger2: bool,
    converted: Converted<'a>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(root: &'a Value, swagger2: bool, converted: Converted<'a>) -> Self {
        Self {
            root,
            swagger2,
            converted,
        }
    }

    fn get(&self, ptr: &str) -> Option<&'a Value> {
        self.root.pointer(ptr.strip_prefix('#')?)
    }

    /// `ptr` when it exists in the document.
    fn existing(&self, ptr: String) -> Option<String> {
        self.get(&ptr).is_some().then_some(ptr)
    }

    /// The longest prefix of `ptr` that exists (at least `#`).
    pub(crate) fn nearest(&self, ptr: &str) -> String {
        let mut out = String::from("#");
        for segment in segments(ptr) {
            let next = format!("{out}/{}", escape_pointer_segment(&segment));
            if self.get(&next).is_none() {
                break;
            }
            out = next;
        }
        out
    }

    /// Follows `$ref`s from `ptr` (local ones only) to the object they name.
    fn resolved(&self, ptr: String) -> String {
        let mut ptr = ptr;
        for _ in 0..MAX_SEARCH_DEPTH {
            match self
                .get(&ptr)
                .and_then(|v| v.get("$ref"))
                .and_then(Value::as_str)
                .and_then(local_ref)
            {
                Some(target) if self.get(&target).is_some() => ptr = target,
                _ => break,
            }
        }
        ptr
    }

    /// A pointer of the converted document, in the document as written (nearest existing).
    pub(crate) fn schema(&self, converted: &str) -> String {
        let mapped = self.map(converted).unwrap_or_else(|| converted.to_owned());
        self.nearest(&mapped)
    }

    /// A converted pointer rewritten to the source's shape; `None` when it cannot be.
    fn map(&self, converted: &str) -> Option<String> {
        if !self.swagger2 {
            return Some(converted.to_owned());
        }
        let segs = segments(converted);
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let joined = |head: &[&str], tail: &[&str]| pointer(head.iter().chain(tail));
        match s.as_slice() {
            ["components", "schemas", name, rest @ ..] => {
                Some(joined(&["definitions", name], rest))
            }
            ["components", "securitySchemes", name, rest @ ..] => {
                Some(joined(&["securityDefinitions", name], rest))
            }
            ["components", "responses", name, rest @ ..] => {
                Some(joined(&["responses", name], &response_rest(rest)))
            }
            ["components", "parameters", name, "schema", rest @ ..] => {
                Some(joined(&["parameters", name], rest))
            }
            ["paths", path, method, "responses", status, rest @ ..] => Some(joined(
                &["paths", path, method, "responses", status],
                &response_rest(rest),
            )),
            ["paths", path, method, "requestBody", rest @ ..] => self.body_2(path, method, rest),
            ["paths", path, "parameters", index, rest @ ..] => {
                self.parameter_2(path, None, index, rest)
            }
            ["paths", path, method, "parameters", index, rest @ ..] => {
                self.parameter_2(path, Some(method), index, rest)
            }
            _ => Some(converted.to_owned()),
        }
    }

    /// A converted `requestBody` pointer in a 2.0 document: the `in: body` parameter, or for
    /// form bodies the `in: formData` parameter a property came from.
    fn body_2(&self, path: &str, method: &str, rest: &[&str]) -> Option<String> {
        let schema_rest: &[&str] = match rest {
            ["content", _, "schema", tail @ ..] => tail,
            ["content", _, "example"] => &["example"],
            _ => &[],
        };
        if let Some(body) = self.source_parameters(path, Some(method), |p| in_is(p, "body")) {
            if schema_rest.is_empty() && !matches!(rest, ["content", _, "schema", ..]) {
                return Some(body);
            }
            return Some(format!("{body}{}", tail_pointer(&["schema"], schema_rest)));
        }
        if let ["properties", name, tail @ ..] = schema_rest {
            let found = self.source_parameters(path, Some(method), |p| {
                in_is(p, "formData") && p.get("name").and_then(Value::as_str) == Some(name)
            })?;
            return Some(format!("{found}{}", tail_pointer(&[], tail)));
        }
        self.source_parameters(path, Some(method), |p| in_is(p, "formData"))
            .or_else(|| Some(pointer(["paths", path, method])))
    }

    /// A converted parameter pointer in a 2.0 document: the same parameter (by name and
    /// location) in the source, whose type is written inline (no `schema`).
    fn parameter_2(
        &self,
        path: &str,
        method: Option<&str>,
        index: &str,
        rest: &[&str],
    ) -> Option<String> {
        let (name, location) = self.converted_parameter(path, method, index.parse().ok()?)?;
        let found = self.source_parameters(path, method, |p| {
            in_is(p, location) && p.get("name").and_then(Value::as_str) == Some(name.as_str())
        })?;
        let tail = match rest {
            ["schema", tail @ ..] => tail,
            other => other,
        };
        Some(format!("{found}{}", tail_pointer(&[], tail)))
    }

    /// Name and `in` of the converted document's parameter at `index`.
    fn converted_parameter(
        &self,
        path: &str,
        method: Option<&str>,
        index: usize,
    ) -> Option<(String, &'static str)> {
        match self.converted {
            Converted::Model(openapi) => model_parameter(openapi, path, method, index),
            Converted::Document(document) => document_parameter(document, path, method, index),
        }
    }

    /// The first parameter (operation's, then the path item's) matching `wanted`, with its
    /// `$ref` followed.
    fn source_parameters(
        &self,
        path: &str,
        method: Option<&str>,
        wanted: impl Fn(&Value) -> bool,
    ) -> Option<String> {
        let mut lists = Vec::new();
        if let Some(method) = method {
            lists.push(format!("{}/parameters", operation_pointer(path, method)));
        }
        lists.push(pointer(["paths", path, "parameters"]));
        for list in lists {
            let Some(Value::Array(items)) = self.get(&list) else {
                continue;
            };
            for i in 0..items.len() {
                let ptr = self.resolved(format!("{list}/{i}"));
                if self.get(&ptr).is_some_and(&wanted) {
                    return Some(ptr);
                }
            }
        }
        None
    }

    /// An operation (`#/paths/~1firms/get`), if the document has it.
    pub(crate) fn operation(&self, path: &str, http_method: &str) -> Option<String> {
        self.existing(operation_pointer(path, http_method))
    }

    /// A path, query, header or cookie parameter of an operation, by its name.
    pub(crate) fn parameter(
        &self,
        path: &str,
        http_method: &str,
        wire_name: &str,
        location: ParamLocation,
    ) -> Option<String> {
        let location = match location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::QueryString => "querystring",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        self.source_parameters(path, Some(http_method), |p| {
            in_is(p, location) && p.get("name").and_then(Value::as_str) == Some(wire_name)
        })
    }

    /// An operation's request body: `requestBody`, or the 2.0 `in: body` (or first
    /// `in: formData`) parameter.
    pub(crate) fn request_body(&self, path: &str, http_method: &str) -> Option<String> {
        if self.swagger2 {
            return self
                .source_parameters(path, Some(http_method), |p| in_is(p, "body"))
                .or_else(|| {
                    self.source_parameters(path, Some(http_method), |p| in_is(p, "formData"))
                });
        }
        let ptr = format!("{}/requestBody", operation_pointer(path, http_method));
        self.existing(ptr).map(|p| self.resolved(p))
    }

    /// An operation's response with this status (`None`: the success response the client
    /// returns: the first 2xx, else `2XX`, else `default`).
    pub(crate) fn response(
        &self,
        path: &str,
        http_method: &str,
        status: Option<&str>,
    ) -> Option<String> {
        let responses = format!("{}/responses", operation_pointer(path, http_method));
        let status = match status {
            Some(status) => status.to_owned(),
            None => {
                let Some(Value::Object(map)) = self.get(&responses) else {
                    return None;
                };
                let keys: Vec<&String> = map.keys().collect();
                let first_2xx = keys
                    .iter()
                    .find(|k| k.len() == 3 && k.starts_with('2') && k.parse::<u16>().is_ok());
                let chosen = first_2xx
                    .or_else(|| keys.iter().find(|k| k.eq_ignore_ascii_case("2XX")))
                    .or_else(|| keys.iter().find(|k| k.as_str() == "default"))?;
                (*chosen).clone()
            }
        };
        self.existing(format!("{responses}/{}", escape_pointer_segment(&status)))
            .map(|p| self.resolved(p))
    }

    /// Where a property (`wire_name`) of the schema at `schema` (a source pointer) is
    /// declared: its own `properties`, or an `allOf` part's (through `$ref`s).
    pub(crate) fn property(&self, schema: &str, wire_name: &str) -> Option<String> {
        self.search_property(schema.to_owned(), wire_name, 0)
    }

    fn search_property(&self, schema: String, wire_name: &str, depth: usize) -> Option<String> {
        if depth > MAX_SEARCH_DEPTH {
            return None;
        }
        let schema = self.resolved(schema);
        let own = format!("{schema}/properties/{}", escape_pointer_segment(wire_name));
        if self.get(&own).is_some() {
            return Some(own);
        }
        for combinator in ["allOf", "oneOf", "anyOf"] {
            let list = format!("{schema}/{combinator}");
            if let Some(Value::Array(parts)) = self.get(&list) {
                for i in 0..parts.len() {
                    if let Some(found) =
                        self.search_property(format!("{list}/{i}"), wire_name, depth + 1)
                    {
                        return Some(found);
                    }
                }
            }
        }
        None
    }

    /// A struct field: the property in the converted shape when it maps to the source (2.0
    /// form parameters do), else searched from the type's source pointer.
    pub(crate) fn field(
        &self,
        type_converted: &str,
        type_source: &str,
        wire_name: &str,
    ) -> Option<String> {
        let converted = format!(
            "{type_converted}/properties/{}",
            escape_pointer_segment(wire_name)
        );
        self.map(&converted)
            .and_then(|p| self.existing(p))
            .or_else(|| self.property(type_source, wire_name))
    }

    /// An enum value of the schema at `schema` (a source pointer).
    pub(crate) fn enum_value(&self, schema: &str, value: &Value) -> Option<String> {
        let schema = self.resolved(schema.to_owned());
        let list = format!("{schema}/enum");
        let Some(Value::Array(values)) = self.get(&list) else {
            return None;
        };
        // The IR holds strings and integers; the spec may write `1` or `"1"`.
        let same = |v: &Value| {
            v == value
                || match (v, value) {
                    (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
                    _ => false,
                }
        };
        let index = values.iter().position(same)?;
        Some(format!("{list}/{index}"))
    }

    /// A `oneOf`/`anyOf` alternative of the schema at `schema` (a source pointer).
    pub(crate) fn union_variant(&self, schema: &str, index: usize) -> Option<String> {
        let schema = self.resolved(schema.to_owned());
        ["oneOf", "anyOf"]
            .iter()
            .find_map(|c| self.existing(format!("{schema}/{c}/{index}")))
    }

    /// The schema's `additionalProperties`, or the schema.
    pub(crate) fn additional(&self, schema: &str) -> String {
        let schema = self.resolved(schema.to_owned());
        self.existing(format!("{schema}/additionalProperties"))
            .unwrap_or(schema)
    }

    /// A security scheme by its name in the spec.
    pub(crate) fn security_scheme(&self, name: &str) -> Option<String> {
        let ptr = if self.swagger2 {
            pointer(["securityDefinitions", name])
        } else {
            pointer(["components", "securitySchemes", name])
        };
        self.existing(ptr)
    }

    /// What an operation's security requirement comes from: its own `security`, else the
    /// document's.
    pub(crate) fn security_requirement(&self, path: &str, http_method: &str) -> Option<String> {
        self.existing(format!("{}/security", operation_pointer(path, http_method)))
            .or_else(|| self.existing("#/security".to_owned()))
    }

    /// Where the base URL comes from: `servers/0/url`, or Swagger's `host` (else `basePath`,
    /// `schemes`).
    pub(crate) fn base_url(&self) -> Option<String> {
        let candidates: &[&str] = if self.swagger2 {
            &["#/host", "#/basePath", "#/schemes"]
        } else {
            &["#/servers/0/url"]
        };
        candidates
            .iter()
            .find_map(|c| self.existing((*c).to_owned()))
    }

    /// `#/info/<field>`, if present.
    pub(crate) fn info(&self, field: &str) -> Option<String> {
        self.existing(pointer(["info", field]))
    }
}

/// A message about the converted document, with the references it quotes as a Swagger 2.0
/// document writes them (`#/components/schemas/X` → `#/definitions/X`). Only references in
/// code spans (`` `#/components/…` ``) are rewritten: that is how diagnostics quote them.
pub(crate) fn swagger2_references(message: &str) -> String {
    const RENAMES: [(&str, &str); 4] = [
        ("`#/components/schemas/", "`#/definitions/"),
        ("`#/components/parameters/", "`#/parameters/"),
        ("`#/components/responses/", "`#/responses/"),
        ("`#/components/securitySchemes/", "`#/securityDefinitions/"),
    ];
    RENAMES.iter().fold(message.to_owned(), |text, (from, to)| {
        text.replace(from, to)
    })
}

/// Name and `in` of the parameter at `index` in the converted model.
fn model_parameter(
    openapi: &openapiv3::OpenAPI,
    path: &str,
    method: Option<&str>,
    index: usize,
) -> Option<(String, &'static str)> {
    let item = openapi.paths.paths.get(path)?.as_item()?;
    let list = match method {
        None => &item.parameters,
        Some(m) => &item.iter().find(|(name, _)| *name == m)?.1.parameters,
    };
    let param = match list.get(index)? {
        openapiv3::ReferenceOr::Item(p) => p,
        openapiv3::ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            openapi
                .components
                .as_ref()?
                .parameters
                .get(name)?
                .as_item()?
        }
    };
    let location = match param {
        openapiv3::Parameter::Query { .. } => "query",
        openapiv3::Parameter::Header { .. } => "header",
        openapiv3::Parameter::Path { .. } => "path",
        openapiv3::Parameter::Cookie { .. } => "cookie",
    };
    Some((param.parameter_data_ref().name.clone(), location))
}

/// Name and `in` of the parameter at `index` in the converted JSON document.
fn document_parameter(
    document: &Value,
    path: &str,
    method: Option<&str>,
    index: usize,
) -> Option<(String, &'static str)> {
    let index = index.to_string();
    let mut list = vec!["paths", path];
    list.extend(method);
    list.extend(["parameters", index.as_str()]);
    let mut param = document.pointer(pointer(list).strip_prefix('#')?)?;
    if let Some(reference) = param.get("$ref").and_then(Value::as_str) {
        param = document.pointer(local_ref(reference)?.strip_prefix('#')?)?;
    }
    let location = match param.get("in").and_then(Value::as_str)? {
        "query" => "query",
        "header" => "header",
        "path" => "path",
        "cookie" => "cookie",
        _ => return None,
    };
    Some((param.get("name")?.as_str()?.to_owned(), location))
}

/// Whether a parameter object has `in: <location>`.
fn in_is(p: &Value, location: &str) -> bool {
    p.get("in").and_then(Value::as_str) == Some(location)
}

/// A response's converted tail (`content/<media>/schema/…`, `content/<media>/example`) in 2.0
/// shape (`schema/…`, `examples/<media>`).
fn response_rest<'s>(rest: &[&'s str]) -> Vec<&'s str> {
    match rest {
        ["content", _, "schema", tail @ ..] => std::iter::once("schema")
            .chain(tail.iter().copied())
            .collect(),
        ["content", media, "example"] => vec!["examples", media],
        _ => rest.to_vec(),
    }
}

/// `/a/b…` for the raw segments `head` then `tail` (empty for none).
fn tail_pointer(head: &[&str], tail: &[&str]) -> String {
    pointer(head.iter().chain(tail))
        .strip_prefix('#')
        .unwrap_or_default()
        .to_owned()
}

/// The raw segments of `#/a/b~1c`.
fn segments(ptr: &str) -> Vec<String> {
    let body = ptr.strip_prefix('#').unwrap_or(ptr);
    body.split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The pointer a local `$ref` names (`#/definitions/My%20Type` → `#/definitions/My Type`).
fn local_ref(reference: &str) -> Option<String> {
    let body = reference.strip_prefix('#')?;
    Some(format!("#{}", percent_decode(body)))
}

/// Decodes `%XX` escapes (URI fragments may carry them); anything malformed stays as it is.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// An operation's pointer from its HTTP method (either case): `#/paths/~1firms/get`, or for
/// an OpenAPI 3.2 method the path item has no field for, `…/additionalOperations/COPY`.
fn operation_pointer(path: &str, http_method: &str) -> String {
    let lower = http_method.to_ascii_lowercase();
    let own_field = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
    ];
    if own_field.contains(&lower.as_str()) {
        pointer(["paths", path, lower.as_str()])
    } else {
        pointer(["paths", path, "additionalOperations", http_method])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn empty_openapi() -> openapiv3::OpenAPI {
        openapiv3::OpenAPI::default()
    }

    #[test]
    fn segments_unescape() {
        assert_eq!(
            segments("#/paths/~1a~1{id}/get"),
            ["paths", "/a/{id}", "get"]
        );
        assert_eq!(segments("#"), Vec::<String>::new());
        assert_eq!(segments("#/a~0b"), ["a~b"]);
    }

    #[test]
    fn percent_escapes_decode() {
        assert_eq!(
            percent_decode("/definitions/My%20Type"),
            "/definitions/My Type"
        );
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn nearest_cuts_back_to_what_exists() {
        let doc = json!({"definitions": {"A": {"properties": {"x": {}}}}});
        let api = empty_openapi();
        let l = Locator::new(&doc, true, Converted::Model(&api));
        assert_eq!(
            l.nearest("#/definitions/A/properties/y"),
            "#/definitions/A/properties"
        );
        assert_eq!(l.nearest("#/nothing"), "#");
    }

    #[test]
    fn swagger2_schema_pointers_map_to_definitions_and_responses() {
        let doc = json!({
            "definitions": {"Firm": {"properties": {"kpp": {}}}},
            "paths": {"/firms": {"get": {"responses": {"200": {
                "schema": {"allOf": [{}, {"properties": {"data": {}}}]},
                "examples": {"application/json": {}}
            }}}}}
        });
        let api = empty_openapi();
        let l = Locator::new(&doc, true, Converted::Model(&api));
        assert_eq!(
            l.schema("#/components/schemas/Firm/properties/kpp"),
            "#/definitions/Firm/properties/kpp"
        );
        assert_eq!(
            l.schema("#/paths/~1firms/get/responses/200/content/application~1json/schema/allOf/1/properties/data"),
            "#/paths/~1firms/get/responses/200/schema/allOf/1/properties/data"
        );
        assert_eq!(
            l.schema("#/paths/~1firms/get/responses/200/content/application~1json/example"),
            "#/paths/~1firms/get/responses/200/examples/application~1json"
        );
    }

    #[test]
    fn swagger2_bodies_are_parameters() {
        let doc = json!({
            "parameters": {"Lead": {"in": "body", "name": "body", "schema": {"properties": {"name": {}}}}},
            "paths": {
                "/leads": {"post": {"parameters": [
                    {"in": "query", "name": "q", "type": "string"},
                    {"$ref": "#/parameters/Lead"}
                ]}},
                "/files": {"post": {"parameters": [
                    {"in": "formData", "name": "title", "type": "string"},
                    {"in": "formData", "name": "file", "type": "file"}
                ]}}
            }
        });
        let api = empty_openapi();
        let l = Locator::new(&doc, true, Converted::Model(&api));
        assert_eq!(
            l.schema(
                "#/paths/~1leads/post/requestBody/content/application~1json/schema/properties/name"
            ),
            "#/parameters/Lead/schema/properties/name"
        );
        assert_eq!(
            l.request_body("/leads", "POST").as_deref(),
            Some("#/parameters/Lead")
        );
        assert_eq!(
            l.field(
                "#/paths/~1files/post/requestBody/content/multipart~1form-data/schema",
                "#/paths/~1files/post",
                "file"
            )
            .as_deref(),
            Some("#/paths/~1files/post/parameters/1")
        );
        assert_eq!(
            l.parameter("/leads", "POST", "q", ParamLocation::Query)
                .as_deref(),
            Some("#/paths/~1leads/post/parameters/0")
        );
        assert_eq!(
            l.parameter("/leads", "POST", "q", ParamLocation::Header),
            None
        );
    }

    #[test]
    fn properties_are_found_through_all_of_and_refs() {
        let doc = json!({
            "components": {"schemas": {
                "Base": {"properties": {"id": {}}},
                "Firm": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"kpp": {}}}]}
            }}
        });
        let api = empty_openapi();
        let l = Locator::new(&doc, false, Converted::Model(&api));
        assert_eq!(
            l.property("#/components/schemas/Firm", "id").as_deref(),
            Some("#/components/schemas/Base/properties/id")
        );
        assert_eq!(
            l.property("#/components/schemas/Firm", "kpp").as_deref(),
            Some("#/components/schemas/Firm/allOf/1/properties/kpp")
        );
        assert_eq!(l.property("#/components/schemas/Firm", "nope"), None);
    }

    #[test]
    fn success_response_is_the_first_2xx() {
        let doc = json!({"paths": {"/a": {"get": {"responses": {
            "default": {}, "404": {}, "201": {}, "200": {}
        }}}}});
        let api = empty_openapi();
        let l = Locator::new(&doc, false, Converted::Model(&api));
        assert_eq!(
            l.response("/a", "GET", None).as_deref(),
            Some("#/paths/~1a/get/responses/201")
        );
        assert_eq!(
            l.response("/a", "GET", Some("404")).as_deref(),
            Some("#/paths/~1a/get/responses/404")
        );
    }

    #[test]
    fn enum_values_match_numbers_by_value() {
        let doc = json!({"definitions": {"S": {"enum": ["a", 2]}}});
        let api = empty_openapi();
        let l = Locator::new(&doc, true, Converted::Model(&api));
        assert_eq!(
            l.enum_value("#/definitions/S", &json!(2)).as_deref(),
            Some("#/definitions/S/enum/1")
        );
        assert_eq!(l.enum_value("#/definitions/S", &json!("b")), None);
    }
}
