//! JSON Schema 2020-12 (OpenAPI 3.1) → the OpenAPI 3.0 schema object.

use serde_json::{json, Map, Value};

use super::Normaliser;
use crate::load::location::{Loc, MAX_DEPTH};
use crate::load::subschemas::for_each_subschema_mut;

/// Keywords the 3.0 model cannot hold; each is dropped with a warning.
const UNSUPPORTED: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "unevaluatedProperties",
    "unevaluatedItems",
    "prefixItems",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
];

impl Normaliser<'_> {
    /// Normalises one schema and, recursively, every schema inside it.
    pub(super) fn normalise_schema(&mut self, schema: &mut Value, at: &Loc<'_>) {
        match schema {
            Value::Bool(true) => *schema = json!({}),
            Value::Bool(false) => *schema = json!({"not": {}}),
            Value::Object(map) => self.schema_object(map, at),
            _ => {}
        }
    }

    fn schema_object(&mut self, map: &mut Map<String, Value>, at: &Loc<'_>) {
        if at.too_deep() {
            self.reporter.error(
                at,
                format!("the schema nests deeper than {MAX_DEPTH} levels"),
            );
            return;
        }
        self.fold_null_alternatives(map, at);
        map.shift_remove("$comment");
        self.pattern_properties(map, at);
        self.drop_unsupported(map, at);
        self.single_type(map, at);
        self.const_to_enum(map, at);
        self.examples_to_example(map, at);
        exclusive_bounds_to_flags(map);
        self.content_to_format(map, at);
        self.default_mapping(map, at);
        wrap_ref_with_siblings(map);
        for_each_subschema_mut(map, at, &mut |child, child_at| {
            self.normalise_schema(child, child_at)
        });
    }

    /// `oneOf`/`anyOf` with a `{type: "null"}` branch → `nullable: true`.
    fn fold_null_alternatives(&mut self, map: &mut Map<String, Value>, at: &Loc<'_>) {
        for keyword in ["oneOf", "anyOf"] {
            let Some(Value::Array(branches)) = map.get_mut(keyword) else {
                continue;
            };
            let before = branches.len();
            branches.retain(|branch| !is_null_schema(branch));
            if branches.len() == before {
                continue;
            }
            let remaining = std::mem::take(branches);
            map.insert("nullable".to_owned(), Value::Bool(true));
            match <[Value; 1]>::try_from(remaining) {
                Ok([single]) => absorb_single_branch(map, keyword, single),
                Err(remaining) if remaining.is_empty() => {
                    map.shift_remove(keyword);
                    self.reporter.warn(
                        &at.key(keyword),
                        format!("`{keyword}` allows only null, which OpenAPI 3.0 cannot express; any value is accepted"),
                    );
                }
                Err(remaining) => {
                    map.insert(keyword.to_owned(), Value::Array(remaining));
                }
            }
        }
    }

    /// One pattern and no `additionalProperties`: the pattern's schema becomes
    /// the `additionalProperties` schema (the pattern itself is not checked).
    fn pattern_properties(&mut self, map: &mut Map<String, Value>, at: &Loc<'_>) {
        let Some(patterns) = map.shift_remove("patternProperties") else {
            return;
        };
        let at = at.key("patternProperties");
        let single = match patterns {
            Value::Object(patterns)
                if patterns.len() == 1 && !map.contains_key("additionalProperties") =>
            {
                patterns.into_iter().next()
            }
            _ => None,
        };
        match single {
            Some((pattern, schema)) => {
                map.insert("additionalProperties".to_owned(), schema);
                self.reporter.warn(
                    &at,
                    format!("`patternProperties` is not in OpenAPI 3.0; its schema is used for `additionalProperties` and the pattern `{pattern}` is not checked"),
                );
            }
            None => self
                .reporter
                .warn(&at, "`patternProperties` is not in OpenAPI 3.0; dropped"),
        }
    }

    fn drop_unsupported(&mut self, map: &mut Map<String, Value>, at: &Loc<'_>) {
        for keyword in UNSUPPORTED {
            if map.shift_remove(*keyword).is_some() {
                self.reporter.warn(
                    &at.key(keyword),
                    format!("`{keyword}` is not supported by OpenAPI 3.0; dropped"),
                );
            }
        }
    }

    /// `type: [T, "null"]` → `type: T, nullable: true`; other lists of types
    /// cannot be expressed, and the schema then accepts any value.
    fn single_type(&mut self, map: &mut Map<String, Value>, at: &Loc<'_>) {
        let at = at.key("type");
        let types: Vec<String> = match map.get("type") {
            Some(Value::String(name)) if name == "null" => vec![name.clone()],
            Some(Value::Array(names)) => match names
                .iter()
                .map(|n| n.as_str().map(str::to_owned))
                .collect()
            {
                Some(names) => names,
                None => {
                    map.shift_remove("type");
                    self.reporter.warn(
                        &at,
                        "`type` lists something that is not a type name; dropped",
                    );
                    return;
                }
            },
            _ => return,
        };
        let nullable = types.iter().any(|name| name == "null");
        let mut others: Vec<String> = Vec::new();
        for name in types.into_iter().filter(|name| name != "null") {
            if !others.contains(&name) {
                others.push(name);
            }
        }
        match <[String; 1]>::try_from(others) {
            Ok([single]) => {
                map.insert("type".to_owned(), Value::String(single));
            }
            Err(others) => {
                map.shift_remove("type");
                let message = if others.is_empty() {
                    "`type: \"null\"` alone cannot be expressed in OpenAPI 3.0; any value is accepted".to_owned()
                } else {
                    format!(
                        "`type` lists several types ({}); OpenAPI 3.0 allows one, so any value is accepted",
                        others.join(", ")
                    )
                };
                self.reporter.warn(&at, message);
            }
        }
        if nullable {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
    }

    /// `const: v` → `enum: [v]`.
    fn const_to_enum(&mut self, map: &mut Map<String, Value>, at: &Loc<'_>) {
        let Some(value) = map.shift_remove("const") else {
            return;
        };
        if map.contains_key("enum") {
            self.reporter.warn(
                &at.key("const"),
                "`const` next to `enum` is not in OpenAPI 3.0; `const` dropped",
            );
        } else {
            map.insert("enum".to_owned(), Value::Array(vec![value]));
        }
    }

    /// Schema `examples: [a, b]` → `example: a`.
    fn examples_to_example(&mut self, map: &mut Map<String, Value>, at: &Loc<'_>) {
        match map.shift_remove("examples") {
            Some(Value::Array(examples)) => {
                if let Some(first) = examples.into_iter().next() {
                    map.entry("example").or_insert(first);
                }
            }
            Some(_) => self.reporter.warn(
                &at.key("examples"),
                "schema `examples` must be an array; dropped",
            ),
            None => {}
        }
    }

    /// OpenAPI 3.2 discriminator `defaultMapping` (the variant for values the mapping does not
    /// name): the generated union keeps such values as its catch-all `Other` variant instead.
    fn default_mapping(&mut self, map: &mut Map<String, Value>, at: &Loc<'_>) {
        let Some(Value::Object(discriminator)) = map.get_mut("discriminator") else {
            return;
        };
        if let Some(default) = discriminator.shift_remove("defaultMapping") {
            let target = default.as_str().unwrap_or("?").to_owned();
            self.reporter.warn(
                &at.key("discriminator").key("defaultMapping"),
                format!("discriminator `defaultMapping` (`{target}`) is not in OpenAPI 3.0; values the mapping does not name are kept as the union's `Other` variant (raw JSON), not read as that schema"),
            );
        }
    }

    /// `contentEncoding: base64` → `format: byte`; a binary `contentMediaType` → `format: binary`.
    fn content_to_format(&mut self, map: &mut Map<String, Value>, at: &Loc<'_>) {
        let encoding = map.shift_remove("contentEncoding");
        let media_type = map.shift_remove("contentMediaType");
        let format = match (
            encoding.as_ref().and_then(Value::as_str),
            media_type.as_ref().and_then(Value::as_str),
        ) {
            (Some("base64" | "base64url"), _) => Some("byte"),
            (Some("binary"), _) => Some("binary"),
            (Some(other), _) => {
                self.reporter.warn(
                    &at.key("contentEncoding"),
                    format!("`contentEncoding: {other}` has no OpenAPI 3.0 format; dropped"),
                );
                None
            }
            (None, Some(media_type)) if is_binary_media_type(media_type) => Some("binary"),
            _ => None,
        };
        if let Some(format) = format {
            map.entry("format").or_insert_with(|| json!(format));
        }
    }
}

/// `{type: "null"}`, `{type: ["null"]}`, `{const: null}` or `{enum: [null]}`.
fn is_null_schema(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    let null_type = match map.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(names)) => names.len() == 1 && names.iter().all(|n| n == "null"),
        _ => false,
    };
    let null_const = map.get("const").is_some_and(Value::is_null);
    let null_enum = map
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().all(Value::is_null));
    null_type || null_const || null_enum
}

/// What is left of `oneOf: [X, null]`: a `$ref` becomes `allOf: [X]` (3.0
/// ignores siblings of `$ref`, so `nullable` must sit beside an `allOf`);
/// an inline schema is merged into the parent.
fn absorb_single_branch(map: &mut Map<String, Value>, keyword: &str, single: Value) {
    match single {
        Value::Object(branch) if branch.contains_key("$ref") && !map.contains_key("allOf") => {
            map.shift_remove(keyword);
            map.insert(
                "allOf".to_owned(),
                Value::Array(vec![Value::Object(branch)]),
            );
        }
        Value::Object(branch) if !branch.contains_key("$ref") => {
            map.shift_remove(keyword);
            for (key, value) in branch {
                map.entry(key).or_insert(value);
            }
        }
        other => {
            map.insert(keyword.to_owned(), Value::Array(vec![other]));
        }
    }
}

/// Numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true`
/// (unless a stricter inclusive bound is already there), and the same for maximum.
fn exclusive_bounds_to_flags(map: &mut Map<String, Value>) {
    for (exclusive, inclusive, lower) in [
        ("exclusiveMinimum", "minimum", true),
        ("exclusiveMaximum", "maximum", false),
    ] {
        let Some(Value::Number(bound)) = map.get(exclusive).cloned() else {
            continue;
        };
        let bound_f = bound.as_f64().unwrap_or(0.0);
        let inclusive_is_stricter =
            map.get(inclusive)
                .and_then(Value::as_f64)
                .is_some_and(|existing| {
                    if lower {
                        existing > bound_f
                    } else {
                        existing < bound_f
                    }
                });
        if inclusive_is_stricter {
            map.shift_remove(exclusive);
        } else {
            map.insert(inclusive.to_owned(), Value::Number(bound));
            map.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

/// Media types whose content is not text.
fn is_binary_media_type(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    !(essence.starts_with("text/")
        || essence.contains("json")
        || essence.contains("xml")
        || essence == "application/x-www-form-urlencoded")
}

/// 3.1 lets `$ref` have siblings; 3.0 ignores them. `{$ref: X, description: d}`
/// becomes `{allOf: [{$ref: X}], description: d}` so nothing is lost.
fn wrap_ref_with_siblings(map: &mut Map<String, Value>) {
    if map.len() < 2 {
        return;
    }
    let Some(reference) = map.shift_remove("$ref") else {
        return;
    };
    let wrapped = json!({ "$ref": reference });
    match map.get_mut("allOf") {
        Some(Value::Array(all_of)) => all_of.insert(0, wrapped),
        _ => {
            map.insert("allOf".to_owned(), Value::Array(vec![wrapped]));
        }
    }
}
