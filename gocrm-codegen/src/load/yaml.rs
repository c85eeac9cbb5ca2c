//! YAML text → `serde_json::Value`, keeping what OpenAPI documents need.
//!
//! Deserializing YAML straight into `serde_json::Value` fails on the most common
//! YAML spelling of a response code (`200:` is an integer key), so mapping keys
//! are read as their source text instead. Merge keys (`<<: *anchor`) are applied,
//! and tagged values (`!Ref x`) keep their value and lose their tag.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_json::{Map, Number, Value};

/// The YAML merge key.
const MERGE_KEY: &str = "<<";

/// Parses one YAML document into a JSON value.
pub(crate) fn parse_yaml(text: &str) -> Result<Value, yaml_serde::Error> {
    let deserializer = yaml_serde::Deserializer::from_str(text);
    JsonValue.deserialize(deserializer)
}

/// Builds a [`Value`] from any self-describing YAML node.
#[derive(Clone, Copy)]
struct JsonValue;

impl<'de> DeserializeSeed<'de> for JsonValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for JsonValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(match i64::try_from(v) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => float_value(v as f64),
        })
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => float_value(v as f64),
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float_value(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(JsonValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        let mut merged = None;
        while let Some(key) = access.next_key_seed(KeyText)? {
            let value = access.next_value_seed(JsonValue)?;
            if key == MERGE_KEY {
                merged = Some(value);
            } else {
                map.insert(key, value);
            }
        }
        if let Some(merged) = merged {
            apply_merge(&mut map, merged);
        }
        Ok(Value::Object(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged node such as `!Ref Foo`: keep the value, drop the tag.
        let (_tag, variant) = data.variant::<de::IgnoredAny>()?;
        variant.newtype_variant_seed(JsonValue)
    }
}

/// A float as JSON; JSON has no NaN or infinity, so those become `null`.
fn float_value(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// Applies `<<: *a` or `<<: [*a, *b]`: keys already present win, earlier sources win.
fn apply_merge(map: &mut Map<String, Value>, merged: Value) {
    let sources = match merged {
        Value::Array(items) => items,
        other => vec![other],
    };
    for source in sources {
        if let Value::Object(source) = source {
            for (key, value) in source {
                map.entry(key).or_insert(value);
            }
        }
    }
}

/// Reads a mapping key as its source text, so `200:` gives `"200"`.
struct KeyText;

impl<'de> DeserializeSeed<'de> for KeyText {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyText {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }

    fn visit_str<E>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integer_keys_become_their_text() {
        let value = parse_yaml("responses:\n  200:\n    description: ok\n  2.10: x\n").unwrap();
        assert_eq!(
            value,
            json!({"responses": {"200": {"description": "ok"}, "2.10": "x"}})
        );
    }

    #[test]
    fn scalars_keep_their_types() {
        let value = parse_yaml("a: 1\nb: 2.5\nc: true\nd: ~\ne: '3.0'\nf: 3.0.3\n").unwrap();
        assert_eq!(
            value,
            json!({"a": 1, "b": 2.5, "c": true, "d": null, "e": "3.0", "f": "3.0.3"})
        );
    }

    #[test]
    fn merge_keys_are_applied() {
        let value = parse_yaml("base: &b {x: 1, y: 2}\nthing:\n  <<: *b\n  y: 3\n").unwrap();
        assert_eq!(value["thing"], json!({"y": 3, "x": 1}));
    }

    #[test]
    fn tags_are_dropped() {
        let value = parse_yaml("a: !Custom 5\n").unwrap();
        assert_eq!(value, json!({"a": 5}));
    }
}
