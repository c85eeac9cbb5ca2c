//! Schemas: mostly the same in 2.0 and 3.0, except `$ref` targets,
//! `x-nullable`, the string `discriminator` and `type: file`.

use serde_json::{json, Map, Value};

use super::Converter;
use crate::load::location::{Loc, MAX_DEPTH};
use crate::load::subschemas::for_each_subschema_mut;

/// Where each kind of 2.0 reusable object lives in 3.0.
const REF_PREFIXES: &[(&str, &str)] = &[
    ("#/definitions/", "#/components/schemas/"),
    ("#/parameters/", "#/components/parameters/"),
    ("#/responses/", "#/components/responses/"),
];

/// `#/definitions/X` → `#/components/schemas/X` (and parameters, responses);
/// other references are returned unchanged.
pub(super) fn rewrite_ref(reference: &str) -> String {
    REF_PREFIXES
        .iter()
        .find_map(|(old, new)| {
            reference
                .strip_prefix(old)
                .map(|name| format!("{new}{name}"))
        })
        .unwrap_or_else(|| reference.to_owned())
}

impl Converter<'_, '_> {
    /// A named definition, for `components.schemas`.
    pub(super) fn schema(&mut self, schema: &Value, at: &Loc<'_>) -> Option<Value> {
        Some(self.schema_value(schema, at))
    }

    /// Converts a schema and every schema nested in it.
    pub(super) fn schema_value(&mut self, schema: &Value, at: &Loc<'_>) -> Value {
        let mut converted = schema.clone();
        self.convert_schema(&mut converted, at);
        converted
    }

    fn convert_schema(&mut self, schema: &mut Value, at: &Loc<'_>) {
        let Value::Object(map) = schema else {
            if !schema.is_boolean() {
                self.reporter
                    .wrong_type(at, "a schema", "an object", schema);
            }
            return;
        };
        if at.too_deep() {
            self.reporter.error(
                at,
                format!("the schema nests deeper than {MAX_DEPTH} levels"),
            );
            return;
        }
        self.schema_keywords(map, at);
        for_each_subschema_mut(map, at, &mut |child, child_at| {
            self.convert_schema(child, child_at)
        });
        wrap_nullable_ref(map);
    }

    /// The keywords of one schema object that differ between 2.0 and 3.0.
    fn schema_keywords(&mut self, map: &mut Map<String, Value>, at: &Loc<'_>) {
        if let Some(Value::String(reference)) = map.get_mut("$ref") {
            self.check_rewritable_ref(reference, &at.key("$ref"));
            *reference = rewrite_ref(reference);
        }
        if let Some(nullable) = map.shift_remove("x-nullable") {
            if nullable == json!(true) {
                map.insert("nullable".to_owned(), json!(true));
            }
        }
        if let Some(Value::String(property)) = map.get("discriminator") {
            let discriminator = json!({ "propertyName": property });
            map.insert("discriminator".to_owned(), discriminator);
        }
        if map.get("type") == Some(&json!("file")) {
            map.insert("type".to_owned(), json!("string"));
            map.insert("format".to_owned(), json!("binary"));
        }
        if let Some(required) = map.get("required").filter(|required| !required.is_array()) {
            let message = format!(
                "`required` must be an array of property names, found {}; dropped (mark the property in its parent's `required`)",
                crate::load::report::describe(required)
            );
            map.shift_remove("required");
            self.reporter.warn(&at.key("required"), message);
        }
    }

    /// A local reference into somewhere other than definitions, parameters or
    /// responses would point into a place that moves in the conversion.
    fn check_rewritable_ref(&mut self, reference: &str, at: &Loc<'_>) {
        let local = reference.starts_with('#');
        let known = REF_PREFIXES
            .iter()
            .any(|(old, _)| reference.starts_with(old));
        if local && !known {
            self.reporter.warn(at, format!("`$ref` `{reference}` points outside `definitions`, `parameters` and `responses`; it is kept as is and may not resolve after conversion"));
        }
    }
}

/// 3.0 ignores the siblings of `$ref`, so `{$ref: X, nullable: true}` becomes
/// `{allOf: [{$ref: X}], nullable: true}`.
fn wrap_nullable_ref(map: &mut Map<String, Value>) {
    if map.get("nullable") != Some(&json!(true)) {
        return;
    }
    let Some(reference) = map.shift_remove("$ref") else {
        return;
    };
    map.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
}
