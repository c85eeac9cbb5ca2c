//! The last step: a JSON value in OpenAPI 3.0 shape → the `openapiv3` model.
//!
//! `openapiv3` wraps every schema in an untagged `ReferenceOr`, which on a
//! failure deserializes the value a second time to word its error: a schema
//! that fails 60 levels down costs 2^60 attempts. So every schema is first
//! checked on its own, with its nested schemas stubbed out (linear time, and
//! the pointer of the first misfit is exact); only a document whose schemas
//! all fit is handed to `openapiv3` whole.
//!
//! `serde_path_to_error` tracks where deserialization failed, but loses the
//! trail at `#[serde(flatten)]` fields, which `openapiv3` uses for `paths`
//! and responses. So when the whole document fails, the failure is narrowed
//! down by deserializing its parts one level at a time.

use openapiv3::{
    Components, Example, Header, Info, Link, MediaType, Operation, Parameter, PathItem,
    ReferenceOr, RequestBody, Response, Schema, SecurityScheme, Server, Tag,
};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use serde_path_to_error::Segment;

use super::location::{Loc, MAX_DEPTH};
use super::subschemas::for_each_subschema;
use super::walk::{walk_document, DocumentVisitor, EXTRA_OPERATIONS, MAX_STRUCTURE_DEPTH, METHODS};

/// Where a part failed to deserialize, and why.
type Failure = (String, String);

/// Schema keywords `openapiv3` reads nested schemas from.
const MODEL_SUBSCHEMAS: &[&str] = &[
    "properties",
    "items",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
];

/// Deserializes the document; on failure returns the pointer and the message.
pub(crate) fn into_openapi(
    mut document: Value,
    converted: bool,
) -> Result<openapiv3::OpenAPI, Failure> {
    let misfit = match check_schemas(&mut document) {
        Some(misfit) => misfit,
        None => match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&document) {
            Ok(openapi) => match check_extra_operations(&document) {
                None => return Ok(openapi),
                Some(misfit) => misfit,
            },
            Err(error) => {
                narrow_document(&document).unwrap_or_else(|| failure_at(&Loc::ROOT, error))
            }
        },
    };
    let (pointer, message) = misfit;
    let place = if converted {
        " (the pointer is into the document converted to OpenAPI 3.0)"
    } else {
        ""
    };
    Err((
        pointer,
        format!("does not fit the OpenAPI 3.0 model: {message}{place}"),
    ))
}

/// The first schema that does not fit the model on its own.
fn check_schemas(document: &mut Value) -> Option<Failure> {
    let Value::Object(root) = document else {
        return None;
    };
    let mut check = SchemaCheck { failure: None };
    walk_document(root, &mut check);
    check.failure
}

struct SchemaCheck {
    failure: Option<Failure>,
}

impl DocumentVisitor for SchemaCheck {
    fn schema(&mut self, schema: &mut Value, at: &Loc<'_>) {
        self.check(schema, at);
    }

    fn too_deep(&mut self, at: &Loc<'_>) {
        let message =
            format!("callbacks or encodings nest deeper than {MAX_STRUCTURE_DEPTH} levels");
        self.failure.get_or_insert((at.pointer(), message));
    }
}

impl SchemaCheck {
    fn check(&mut self, schema: &Value, at: &Loc<'_>) {
        if self.failure.is_some() {
            return;
        }
        if at.too_deep() {
            self.failure = Some((
                at.pointer(),
                format!("the schema nests deeper than {MAX_DEPTH} levels"),
            ));
            return;
        }
        let Value::Object(map) = schema else {
            self.failure = probe_item::<Schema>(schema, at);
            return;
        };
        self.failure = probe_item::<Schema>(&Value::Object(stub_subschemas(map)), at);
        // The model reads a `$ref` object as the reference alone, siblings ignored.
        let is_reference = map.get("$ref").is_some_and(Value::is_string);
        if self.failure.is_none() && !is_reference {
            for_each_subschema(map, at, &mut |child, child_at| self.check(child, child_at));
        }
    }
}

/// The schema with each nested schema object replaced by `{}`: whether a
/// schema fits the model does not depend on what its subschemas contain.
fn stub_subschemas(schema: &Map<String, Value>) -> Map<String, Value> {
    let stub = |value: &Value| {
        if value.is_object() {
            Value::Object(Map::new())
        } else {
            value.clone()
        }
    };
    schema
        .iter()
        .map(|(keyword, value)| {
            let value = match value {
                _ if !MODEL_SUBSCHEMAS.contains(&keyword.as_str()) => value.clone(),
                Value::Object(named) if keyword == "properties" => Value::Object(
                    named
                        .iter()
                        .map(|(name, schema)| (name.clone(), stub(schema)))
                        .collect(),
                ),
                Value::Array(list) => Value::Array(list.iter().map(stub).collect()),
                other => stub(other),
            };
            (keyword.clone(), value)
        })
        .collect()
}

fn failure_at(at: &Loc<'_>, error: serde_path_to_error::Error<serde_json::Error>) -> Failure {
    let mut pointer = at.pointer();
    for segment in error.path().iter() {
        match segment {
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&crate::diagnostics::escape_pointer_segment(key));
            }
            Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    (pointer, error.into_inner().to_string())
}

/// Deserializes `value` as `T`; the failure if it does not fit.
fn probe<T: DeserializeOwned>(value: &Value, at: &Loc<'_>) -> Option<Failure> {
    serde_path_to_error::deserialize::<_, T>(value)
        .err()
        .map(|error| failure_at(at, error))
}

/// Like [`probe`] for a `ReferenceOr<T>`: a value without `$ref` is probed as
/// `T` itself, because the untagged `ReferenceOr` hides where `T` failed.
fn probe_item<T: DeserializeOwned>(value: &Value, at: &Loc<'_>) -> Option<Failure> {
    if value.get("$ref").is_some() {
        probe::<ReferenceOr<T>>(value, at)
    } else {
        probe::<T>(value, at)
    }
}

/// [`narrow`] for a `ReferenceOr<T>`.
fn narrow_item<T: DeserializeOwned>(
    value: &Value,
    at: &Loc<'_>,
    deeper: impl FnOnce() -> Option<Failure>,
) -> Option<Failure> {
    let shallow = probe_item::<T>(value, at)?;
    deeper().or(Some(shallow))
}

/// If `value` does not fit `T`, the deepest failure `deeper` finds inside it,
/// or else the failure of `value` itself.
fn narrow<T: DeserializeOwned>(
    value: &Value,
    at: &Loc<'_>,
    deeper: impl FnOnce() -> Option<Failure>,
) -> Option<Failure> {
    let shallow = probe::<T>(value, at)?;
    deeper().or(Some(shallow))
}

/// The first member of an object (in document order) whose narrowing fails.
fn first_member(
    value: Option<&Value>,
    at: &Loc<'_>,
    narrow_member: impl Fn(&Value, &Loc<'_>) -> Option<Failure>,
) -> Option<Failure> {
    let members = value?.as_object()?;
    members
        .iter()
        .filter(|(key, _)| !key.starts_with("x-"))
        .find_map(|(key, member)| narrow_member(member, &at.key(key)))
}

/// The first element of an array whose narrowing fails.
fn first_element(
    value: Option<&Value>,
    at: &Loc<'_>,
    narrow_element: impl Fn(&Value, &Loc<'_>) -> Option<Failure>,
) -> Option<Failure> {
    let elements = value?.as_array()?;
    elements
        .iter()
        .enumerate()
        .find_map(|(index, element)| narrow_element(element, &at.index(index)))
}

fn narrow_document(document: &Value) -> Option<Failure> {
    let root = document.as_object()?;
    let at = &Loc::ROOT;
    let field = |name: &str| root.get(name);
    field("info")
        .and_then(|info| probe::<Info>(info, &at.key("info")))
        .or_else(|| {
            field("servers").and_then(|servers| probe::<Vec<Server>>(servers, &at.key("servers")))
        })
        .or_else(|| first_member(field("paths"), &at.key("paths"), narrow_path_item))
        .or_else(|| field("components").and_then(|c| narrow_components(c, &at.key("components"))))
        .or_else(|| field("tags").and_then(|tags| probe::<Vec<Tag>>(tags, &at.key("tags"))))
}

fn narrow_path_item(item: &Value, at: &Loc<'_>) -> Option<Failure> {
    narrow_item::<PathItem>(item, at, || {
        let item = item.as_object()?;
        METHODS
            .iter()
            .find_map(|method| {
                item.get(*method)
                    .and_then(|operation| narrow_operation(operation, &at.key(method)))
            })
            .or_else(|| {
                first_element(
                    item.get("parameters"),
                    &at.key("parameters"),
                    narrow_parameter,
                )
            })
    })
}

fn narrow_operation(operation: &Value, at: &Loc<'_>) -> Option<Failure> {
    narrow::<Operation>(operation, at, || {
        let operation = operation.as_object()?;
        first_element(
            operation.get("parameters"),
            &at.key("parameters"),
            narrow_parameter,
        )
        .or_else(|| {
            operation
                .get("requestBody")
                .and_then(|body| narrow_request_body(body, &at.key("requestBody")))
        })
        .or_else(|| {
            first_member(
                operation.get("responses"),
                &at.key("responses"),
                narrow_response,
            )
        })
        .or_else(|| {
            first_member(
                operation.get("callbacks"),
                &at.key("callbacks"),
                narrow_callback,
            )
        })
    })
}

/// The operations kept in [`EXTRA_OPERATIONS`] are extension values to `openapiv3`, read by
/// the IR later: each must fit the model now, failures pointed at the place as written.
fn check_extra_operations(document: &Value) -> Option<Failure> {
    let paths = document.get("paths")?.as_object()?;
    let paths_at = Loc::ROOT.key("paths");
    paths.iter().find_map(|(template, item)| {
        let extra = item.get(EXTRA_OPERATIONS)?.as_object()?;
        let item_at = paths_at.key(template);
        let additional_at = item_at.key("additionalOperations");
        extra.iter().find_map(|(method, operation)| {
            let at = if method == "QUERY" {
                item_at.key("query")
            } else {
                additional_at.key(method)
            };
            narrow_operation(operation, &at)
        })
    })
}

fn narrow_callback(callback: &Value, at: &Loc<'_>) -> Option<Failure> {
    first_member(Some(callback), at, narrow_path_item)
}

fn narrow_parameter(parameter: &Value, at: &Loc<'_>) -> Option<Failure> {
    narrow_item::<Parameter>(parameter, at, || narrow_content(parameter, at))
}

fn narrow_header(header: &Value, at: &Loc<'_>) -> Option<Failure> {
    narrow_item::<Header>(header, at, || narrow_content(header, at))
}

/// The `content` media types of a parameter or header (schemas were checked before).
fn narrow_content(owner: &Value, at: &Loc<'_>) -> Option<Failure> {
    first_member(owner.get("content"), &at.key("content"), narrow_media_type)
}

fn narrow_request_body(body: &Value, at: &Loc<'_>) -> Option<Failure> {
    narrow_item::<RequestBody>(body, at, || {
        first_member(
            body.as_object()?.get("content"),
            &at.key("content"),
            narrow_media_type,
        )
    })
}

fn narrow_response(response: &Value, at: &Loc<'_>) -> Option<Failure> {
    narrow_item::<Response>(response, at, || {
        let response = response.as_object()?;
        first_member(response.get("headers"), &at.key("headers"), narrow_header).or_else(|| {
            first_member(
                response.get("content"),
                &at.key("content"),
                narrow_media_type,
            )
        })
    })
}

fn narrow_media_type(media_type: &Value, at: &Loc<'_>) -> Option<Failure> {
    probe::<MediaType>(media_type, at)
}

fn narrow_components(components: &Value, at: &Loc<'_>) -> Option<Failure> {
    narrow::<Components>(components, at, || {
        let members = components.as_object()?;
        let kind = |name: &str| members.get(name);
        first_member(kind("responses"), &at.key("responses"), narrow_response)
            .or_else(|| first_member(kind("parameters"), &at.key("parameters"), narrow_parameter))
            .or_else(|| {
                first_member(
                    kind("requestBodies"),
                    &at.key("requestBodies"),
                    narrow_request_body,
                )
            })
            .or_else(|| first_member(kind("headers"), &at.key("headers"), narrow_header))
            .or_else(|| {
                first_member(
                    kind("securitySchemes"),
                    &at.key("securitySchemes"),
                    probe_item::<SecurityScheme>,
                )
            })
            .or_else(|| first_member(kind("examples"), &at.key("examples"), probe_item::<Example>))
            .or_else(|| first_member(kind("links"), &at.key("links"), probe_item::<Link>))
            .or_else(|| first_member(kind("callbacks"), &at.key("callbacks"), narrow_callback))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn failures_carry_a_precise_pointer() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": 5}}}}}
        });
        let (at, message) = into_openapi(document, false).unwrap_err();
        assert_eq!(at, "#/paths/~1a/get/responses/200/description");
        assert!(message.contains("OpenAPI 3.0 model"), "{message}");
    }

    #[test]
    fn schema_failures_point_into_the_schema() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"A": {"properties": {"b": {"type": "string", "maxLength": "x"}}}}}
        });
        let (at, _) = into_openapi(document, false).unwrap_err();
        assert!(
            at.starts_with("#/components/schemas/A/properties/b"),
            "{at}"
        );
    }
}
