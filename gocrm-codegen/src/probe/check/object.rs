//! Objects: their properties (with `allOf` parts merged into one view), required and
//! undeclared properties.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::{Map, Value};

use super::schema::{Checker, Node};
use super::Kind;
use crate::probe::client_model::child;

/// An object's properties, with `allOf` parts merged.
#[derive(Default)]
pub(super) struct ObjectView<'a> {
    /// Name → schema and its pointer; a later declaration replaces an earlier one.
    properties: Vec<(&'a str, Node<'a>, String)>,
    required: Vec<&'a str>,
    additional: Extra<'a>,
    /// The object schema's pointer (for undeclared properties and the count of objects).
    at: String,
}

#[derive(Default)]
pub(super) enum Extra<'a> {
    /// Not allowed (absent or `false`): an undeclared property is a departure.
    #[default]
    Undeclared,
    Allowed,
    Schema(Node<'a>, String),
}

impl<'a> ObjectView<'a> {
    /// The view of one object schema at `at`.
    pub(super) fn of(
        at: &str,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
    ) -> Self {
        let mut view = Self::new(at);
        add_object(&mut view, properties, required, additional, at);
        view
    }

    /// An empty view of the object schema at `at`.
    pub(super) fn new(at: &str) -> Self {
        Self {
            at: at.to_owned(),
            ..Self::default()
        }
    }

    fn add_property(&mut self, name: &'a str, node: Node<'a>, ptr: String) {
        match self.properties.iter_mut().find(|(n, _, _)| *n == name) {
            Some(slot) => *slot = (name, node, ptr),
            None => self.properties.push((name, node, ptr)),
        }
    }

    pub(super) fn property(&self, name: &str) -> Option<(Node<'a>, &str)> {
        self.properties
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, node, ptr)| (*node, ptr.as_str()))
    }
}

impl<'a> Checker<'a> {
    pub(super) fn object(
        &mut self,
        object: &Map<String, Value>,
        view: &ObjectView<'a>,
        ptr: &str,
        depth: usize,
    ) {
        let count_key = format!("{} (objects)", view.at);
        self.count(&count_key);
        for name in &view.required {
            if object.contains_key(*name) {
                continue;
            }
            let schema = match view.property(name) {
                Some((_, prop_ptr)) => prop_ptr.to_owned(),
                None => format!("{}/required", view.at),
            };
            self.found(
                Kind::MissingRequired,
                &child(ptr, name),
                &schema,
                format!("property `{name}`"),
                "absent".to_owned(),
                (*name).to_owned(),
                &count_key,
            );
        }
        for (key, value) in object {
            let at = child(ptr, key);
            if let Some((node, prop_ptr)) = view.property(key) {
                let prop_ptr = prop_ptr.to_owned();
                self.value(value, node, &prop_ptr, &at, depth + 1);
                continue;
            }
            match &view.additional {
                Extra::Allowed => {}
                Extra::Schema(node, extra_ptr) => {
                    let extra_ptr = extra_ptr.clone();
                    self.value(value, *node, &extra_ptr, &at, depth + 1);
                }
                Extra::Undeclared => self.found(
                    Kind::UndeclaredProperty,
                    &at,
                    &view.at,
                    "only the declared properties".to_owned(),
                    format!("`{key}`"),
                    key.clone(),
                    &count_key,
                ),
            }
        }
    }

    /// Collects the object view of `allOf` parts (and, for an `AnySchema`, its own
    /// properties); parts that are not objects are checked one by one.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn all_of(
        &mut self,
        value: &Value,
        parts: &'a [ReferenceOr<Schema>],
        own: Option<&'a AnySchema>,
        at: &str,
        resolved: &str,
        ptr: &str,
        depth: usize,
    ) {
        let mut view = match own {
            Some(any) => ObjectView::of(
                resolved,
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
            ),
            None => ObjectView::new(resolved),
        };
        let mut others = Vec::new();
        let objectish = self.collect_all_of(parts, resolved, &mut view, &mut others, 0)
            || own.is_some_and(|a| !a.properties.is_empty());
        if objectish {
            match value.as_object() {
                Some(object) => self.object(object, &view, ptr, depth),
                None => self.mismatch(value, "object".to_owned(), at, ptr),
            }
            return;
        }
        for (schema, part_ptr) in others {
            self.schema(value, schema, at, &part_ptr, ptr, depth + 1);
        }
    }

    /// Adds the object parts of `parts` to `view`; returns whether any part is an object.
    pub(super) fn collect_all_of(
        &self,
        parts: &'a [ReferenceOr<Schema>],
        base: &str,
        view: &mut ObjectView<'a>,
        others: &mut Vec<(&'a Schema, String)>,
        depth: usize,
    ) -> bool {
        if depth > 16 {
            return false;
        }
        let mut objectish = false;
        for (i, part) in parts.iter().enumerate() {
            let Some((schema, part_ptr)) = self.resolve(part.into(), &format!("{base}/allOf/{i}"))
            else {
                continue;
            };
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => {
                    objectish = true;
                    add_object(
                        view,
                        &o.properties,
                        &o.required,
                        o.additional_properties.as_ref(),
                        &part_ptr,
                    );
                }
                SchemaKind::AllOf { all_of } => {
                    objectish |= self.collect_all_of(all_of, &part_ptr, view, others, depth + 1);
                }
                SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => {
                    objectish = true;
                    add_object(
                        view,
                        &any.properties,
                        &any.required,
                        any.additional_properties.as_ref(),
                        &part_ptr,
                    );
                    self.collect_all_of(&any.all_of, &part_ptr, view, others, depth + 1);
                }
                _ => others.push((schema, part_ptr)),
            }
        }
        objectish
    }
}

pub(super) fn add_object<'a>(
    view: &mut ObjectView<'a>,
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    base: &str,
) {
    for (name, schema) in properties {
        view.add_property(
            name,
            schema.into(),
            child(&format!("{base}/properties"), name),
        );
    }
    for name in required {
        if !view.required.contains(&name.as_str()) {
            view.required.push(name);
        }
    }
    match additional {
        Some(AdditionalProperties::Any(true)) => view.additional = Extra::Allowed,
        Some(AdditionalProperties::Schema(schema)) => {
            view.additional = Extra::Schema(
                schema.as_ref().into(),
                format!("{base}/additionalProperties"),
            )
        }
        Some(AdditionalProperties::Any(false)) | None => {}
    }
}
