//! What the generated client decodes, as rules: the one place the probe's `client` verdict
//! comes from (`client_model.rs` walks a body and asks these functions at each value).
//!
//! The rules mirror `runtime/lenient.rs`, `runtime/envelope.rs`, `emit/deserialize.rs` and
//! the PHP/Laravel rules of issue 15. When the runtime learns something new, change the
//! function here and its row in [`RULES`]: the README's table is [`markdown_table`]'s text
//! (a test keeps the two, and this comment, the same), and a test decodes every row's
//! examples through the model.
//!
//! "Field" means a property of a generated struct. Under `lenient_scalars` the scalar rules
//! apply wherever a property, a whole body (or the envelope's `data`) and their arrays, maps
//! and aliases reach (`runtime::lenient::FieldSeed` and `Body`), and to enums; the shape rules
//! for `[]` and index-keyed objects too, at the top of a body included. A bare scalar inside a
//! union (`oneOf`/`anyOf`) variant, and an undeclared property's typed value, decode strictly,
//! as serde does.
//!
//! | the server sends | where the spec expects | `lenient_scalars = true` | `lenient_scalars = false` |
//! | --- | --- | --- | --- |
//! | `"12345"`, `" 12 "`, `"12.0"` | integer | decoded | fails |
//! | `12.0` | integer | decoded | fails |
//! | `true`, `false` | integer | decoded as 1, 0 | fails |
//! | `12.5`, `"12.5"`, `"abc"` | integer | fails | fails |
//! | `"59.12"`, `"59,12"` | number | decoded | fails |
//! | `true` | number | fails | fails |
//! | `1`, `0`, `"1"`, `"0"`, `"true"`, `"FALSE"` | boolean | decoded | fails |
//! | `2`, `1.0`, `"yes"` | boolean | fails | fails |
//! | `12`, `1.5`, `true` | string | decoded as its text | fails |
//! | a value the spec does not list | enum | `Other(…)` | `Other(…)` |
//! | `12` | string enum | `Other("12")` or its variant | fails |
//! | a property the spec does not declare | object | kept in `extra` (or ignored) | kept in `extra` (or ignored) |
//! | `null` | optional field | `None` | `None` |
//! | `null` | required field | the type's default (`""`, `0`, `false`, empty list or map, a struct's `Default`); fails for a type without one | fails |
//! | `""` | optional number or boolean field | `None` | fails |
//! | `""` | required number or boolean field | `0` / `false` | fails |
//! | `[]` | optional object or map field | `None` | fails |
//! | `[]` | object or map, elsewhere | the empty object (fails if that lacks required fields) | fails |
//! | `{"0": …, "3": …}` (every key a decimal integer), `{}` | array | the array of the values, in order | fails |
//! | nothing | required field | fails | fails |
//! | `validation_errors` as an object, a string holding JSON, `[]`, `null` | the envelope, `unwrap_envelope = true` | normalised | normalised |
//! | a `status` other than the success value, in a 2xx answer | the envelope, `unwrap_envelope = true` | fails (`Error::Api`) | fails (`Error::Api`) |
//! | no `status`, or an object or array there | the envelope, `unwrap_envelope = true` | fails | fails |
//! | a body that is not JSON, in a 2xx answer | JSON | fails | fails |
//! | any body with a non-2xx status | anything | `Error::Api` with the body (tolerated) | `Error::Api` with the body (tolerated) |

use serde_json::Value;

use crate::ir::Scalar;

/// Whether a scalar decodes as `expected`: through `runtime::lenient` when `lenient`, else as
/// serde decodes the Rust type.
pub fn scalar(expected: Scalar, value: &Value, lenient: bool) -> bool {
    if lenient {
        lenient_scalar(expected, value)
    } else {
        strict_scalar(expected, value)
    }
}

fn strict_scalar(expected: Scalar, value: &Value) -> bool {
    match expected {
        Scalar::Bool => value.is_boolean(),
        Scalar::I32 => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        Scalar::I64 => value.is_i64(),
        Scalar::U64 => value.is_u64(),
        Scalar::F32 | Scalar::F64 => value.is_number(),
        Scalar::String | Scalar::Binary => value.is_string(),
    }
}

fn lenient_scalar(expected: Scalar, value: &Value) -> bool {
    match expected {
        Scalar::I32 => lenient_integer(value, i32::MIN.into(), i32::MAX.into()),
        Scalar::I64 => lenient_integer(value, i64::MIN.into(), i64::MAX.into()),
        Scalar::U64 => lenient_integer(value, 0, u64::MAX.into()),
        Scalar::F32 | Scalar::F64 => match value {
            Value::Number(_) => true,
            Value::String(s) => s.trim().replace(',', ".").parse::<f64>().is_ok(),
            _ => false,
        },
        Scalar::Bool => match value {
            Value::Bool(_) => true,
            Value::Number(n) => n.as_u64().is_some_and(|n| n <= 1),
            Value::String(s) => matches!(
                s.trim().to_ascii_lowercase().as_str(),
                "1" | "true" | "0" | "false"
            ),
            _ => false,
        },
        Scalar::String => matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_)),
        // `Binary` has no lenient decoding; it is never a lenient field.
        Scalar::Binary => value.is_string(),
    }
}

/// `lenient_integer!` in the runtime: integers in range, floats with no fraction, booleans,
/// and strings holding any of those numbers.
fn lenient_integer(value: &Value, min: i128, max: i128) -> bool {
    let in_range = |n: i128| n >= min && n <= max;
    let whole_float =
        |f: f64| f.is_finite() && f.fract() == 0.0 && f >= min as f64 && f <= max as f64;
    match value {
        Value::Bool(_) => true,
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                in_range(i128::from(u))
            } else if let Some(i) = n.as_i64() {
                in_range(i128::from(i))
            } else {
                n.as_f64().is_some_and(whole_float)
            }
        }
        Value::String(s) => {
            let t = s.trim();
            if let Ok(n) = t.parse::<i128>() {
                return in_range(n);
            }
            t.parse::<f64>().is_ok_and(whole_float)
        }
        _ => false,
    }
}

/// `null` for a required, non-nullable field: the type's default under lenient settings
/// (issue 15), when the type has one.
pub fn null_for_required_field(lenient_scalars: bool, type_has_default: bool) -> bool {
    lenient_scalars && type_has_default
}

/// `""` for a number or boolean field: `None` when optional, the default when required
/// (issue 15). Other scalars take `""` as they take any string.
pub fn empty_string_for_field(expected: Scalar, lenient_scalars: bool) -> bool {
    lenient_scalars
        && matches!(
            expected,
            Scalar::I32 | Scalar::I64 | Scalar::U64 | Scalar::F32 | Scalar::F64 | Scalar::Bool
        )
}

/// `[]` where an object or a map is expected (PHP's `json_encode([])`): the empty object, or
/// `None` for an optional field (issue 15).
pub fn empty_array_as_object(value: &Value, lenient_scalars: bool) -> bool {
    lenient_scalars && value.as_array().is_some_and(Vec::is_empty)
}

/// An object whose keys are all decimal integers where an array is expected (a PHP array
/// with holes): the array of its values in the object's order (issue 15).
pub fn object_as_array(value: &Value, lenient_scalars: bool) -> bool {
    lenient_scalars
        && value.as_object().is_some_and(|object| {
            object
                .keys()
                .all(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Whether a missing property leaves the struct decodable (`emit/deserialize.rs`,
/// `missing_is_none`): an optional one is `None`; a required nullable one too, unless it
/// decodes through the lenient seed.
pub fn missing_property(required: bool, nullable: bool, lenient_field: bool) -> bool {
    !required || (nullable && !lenient_field)
}

/// What the envelope's `status` reads as (`RawEnvelope::status`, a lenient `Option<String>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvelopeStatus {
    /// Absent or `null`: a decode error on a 2xx answer.
    Missing,
    /// An object or an array: a decode error.
    Unreadable,
    /// Its text (a number or boolean as text).
    Text(String),
}

pub fn envelope_status(value: Option<&Value>) -> EnvelopeStatus {
    match value {
        None | Some(Value::Null) => EnvelopeStatus::Missing,
        Some(Value::String(s)) => EnvelopeStatus::Text(s.clone()),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => EnvelopeStatus::Text(v.to_string()),
        Some(Value::Array(_) | Value::Object(_)) => EnvelopeStatus::Unreadable,
    }
}

/// One row of the table above: what the server sends, where, and what the client makes of it
/// under each `lenient_scalars` setting. `examples` are JSON texts decoded by the tests through
/// the model at `target`.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub sends: &'static str,
    pub expects: &'static str,
    pub lenient: &'static str,
    pub strict: &'static str,
    pub target: Target,
    pub examples: &'static [&'static str],
    /// Whether the examples decode, with `lenient_scalars` on and off.
    pub decodes: (bool, bool),
}

/// Where a rule's examples are decoded in the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A struct field of this scalar type.
    Field { scalar: Scalar, required: bool },
    /// A struct field holding a string enum.
    EnumField,
    /// A struct field holding a struct with no required fields.
    ObjectField { required: bool },
    /// A required struct field holding `Vec<i64>`.
    ArrayField,
    /// A property the struct does not declare.
    Undeclared,
    /// The envelope's `validation_errors`.
    ValidationErrors,
    /// The envelope's `status`, in a 2xx answer.
    EnvelopeStatus,
    /// A whole 2xx body (text).
    Body,
    /// A whole non-2xx body (text).
    ErrorBody,
}

const fn rule(
    sends: &'static str,
    expects: &'static str,
    lenient: &'static str,
    strict: &'static str,
    target: Target,
    examples: &'static [&'static str],
    decodes: (bool, bool),
) -> Rule {
    Rule {
        sends,
        expects,
        lenient,
        strict,
        target,
        examples,
        decodes,
    }
}

const fn field(scalar: Scalar, required: bool) -> Target {
    Target::Field { scalar, required }
}

/// The rules, in the order of the table.
#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    rule("`\"12345\"`, `\" 12 \"`, `\"12.0\"`", "integer", "decoded", "fails", field(Scalar::I64, true), &["\"12345\"", "\" 12 \"", "\"12.0\""], (true, false)),
    rule("`12.0`", "integer", "decoded", "fails", field(Scalar::I64, true), &["12.0"], (true, false)),
    rule("`true`, `false`", "integer", "decoded as 1, 0", "fails", field(Scalar::I64, true), &["true", "false"], (true, false)),
    rule("`12.5`, `\"12.5\"`, `\"abc\"`", "integer", "fails", "fails", field(Scalar::I64, true), &["12.5", "\"12.5\"", "\"abc\""], (false, false)),
    rule("`\"59.12\"`, `\"59,12\"`", "number", "decoded", "fails", field(Scalar::F64, true), &["\"59.12\"", "\"59,12\""], (true, false)),
    rule("`true`", "number", "fails", "fails", field(Scalar::F64, true), &["true"], (false, false)),
    rule("`1`, `0`, `\"1\"`, `\"0\"`, `\"true\"`, `\"FALSE\"`", "boolean", "decoded", "fails", field(Scalar::Bool, true), &["1", "0", "\"1\"", "\"0\"", "\"true\"", "\"FALSE\""], (true, false)),
    rule("`2`, `1.0`, `\"yes\"`", "boolean", "fails", "fails", field(Scalar::Bool, true), &["2", "1.0", "\"yes\""], (false, false)),
    rule("`12`, `1.5`, `true`", "string", "decoded as its text", "fails", field(Scalar::String, true), &["12", "1.5", "true"], (true, false)),
    rule("a value the spec does not list", "enum", "`Other(…)`", "`Other(…)`", Target::EnumField, &["\"archived\""], (true, true)),
    rule("`12`", "string enum", "`Other(\"12\")` or its variant", "fails", Target::EnumField, &["12"], (true, false)),
    rule("a property the spec does not declare", "object", "kept in `extra` (or ignored)", "kept in `extra` (or ignored)", Target::Undeclared, &["{\"nickname\": [1, {}]}"], (true, true)),
    rule("`null`", "optional field", "`None`", "`None`", field(Scalar::I64, false), &["null"], (true, true)),
    rule("`null`", "required field", "the type's default (`\"\"`, `0`, `false`, empty list or map, a struct's `Default`); fails for a type without one", "fails", field(Scalar::String, true), &["null"], (true, false)),
    rule("`\"\"`", "optional number or boolean field", "`None`", "fails", field(Scalar::Bool, false), &["\"\""], (true, false)),
    rule("`\"\"`", "required number or boolean field", "`0` / `false`", "fails", field(Scalar::I64, true), &["\"\""], (true, false)),
    rule("`[]`", "optional object or map field", "`None`", "fails", Target::ObjectField { required: false }, &["[]"], (true, false)),
    rule("`[]`", "object or map, elsewhere", "the empty object (fails if that lacks required fields)", "fails", Target::ObjectField { required: true }, &["[]"], (true, false)),
    rule("`{\"0\": …, \"3\": …}` (every key a decimal integer), `{}`", "array", "the array of the values, in order", "fails", Target::ArrayField, &["{\"0\": 1, \"3\": \"4\"}", "{}"], (true, false)),
    rule("nothing", "required field", "fails", "fails", field(Scalar::String, true), &[], (false, false)),
    rule("`validation_errors` as an object, a string holding JSON, `[]`, `null`", "the envelope, `unwrap_envelope = true`", "normalised", "normalised", Target::ValidationErrors, &["{\"name\": \"required\"}", "\"{\\\"name\\\": [\\\"required\\\"]}\"", "[]", "null"], (true, true)),
    rule("a `status` other than the success value, in a 2xx answer", "the envelope, `unwrap_envelope = true`", "fails (`Error::Api`)", "fails (`Error::Api`)", Target::EnvelopeStatus, &["\"ok\"", "1"], (false, false)),
    rule("no `status`, or an object or array there", "the envelope, `unwrap_envelope = true`", "fails", "fails", Target::EnvelopeStatus, &["null", "{}", "[]"], (false, false)),
    rule("a body that is not JSON, in a 2xx answer", "JSON", "fails", "fails", Target::Body, &["<html>OK</html>"], (false, false)),
    rule("any body with a non-2xx status", "anything", "`Error::Api` with the body (tolerated)", "`Error::Api` with the body (tolerated)", Target::ErrorBody, &["<html>Not found</html>", "{\"status\": 404}"], (true, true)),
];

/// The table of [`RULES`] as it appears in this module's docs and the README.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| the server sends | where the spec expects | `lenient_scalars = true` | `lenient_scalars = false` |\n| --- | --- | --- | --- |\n",
    );
    for r in RULES {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            r.sends, r.expects, r.lenient, r.strict
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_docs_show_the_rules_table() {
        let source = include_str!("tolerance.rs");
        let documented: String = source
            .lines()
            .filter_map(|l| l.strip_prefix("//! |"))
            .map(|l| format!("|{l}\n"))
            .collect();
        assert_eq!(documented, markdown_table());
    }

    #[test]
    fn the_readme_shows_the_rules_table() {
        let readme = include_str!("../../../README.md");
        assert!(
            readme.contains(&markdown_table()),
            "README.md must contain the table of probe::tolerance::RULES:\n{}",
            markdown_table()
        );
    }

    #[test]
    fn lenient_integers_follow_the_runtime() {
        let ok = |v: &str| scalar(Scalar::I32, &serde_json::from_str(v).unwrap(), true);
        assert!(ok("\"-12\""));
        assert!(ok("\"1e3\""));
        assert!(!ok("\"3000000000\""));
        assert!(!ok("3000000000"));
        assert!(!ok("null"));
        let strict = |s: Scalar, v: &str| scalar(s, &serde_json::from_str(v).unwrap(), false);
        assert!(strict(Scalar::I64, "-5"));
        assert!(!strict(Scalar::U64, "-5"));
        assert!(!strict(Scalar::I64, "5.0"));
        assert!(strict(Scalar::F32, "5"));
    }

    #[test]
    fn object_keys_must_all_be_decimal() {
        let v = |s: &str| serde_json::from_str::<Value>(s).unwrap();
        assert!(object_as_array(&v("{\"0\": 1, \"12\": 2}"), true));
        assert!(!object_as_array(&v("{\"0\": 1, \"a\": 2}"), true));
        assert!(!object_as_array(&v("{\"-1\": 1}"), true));
        assert!(!object_as_array(&v("{\"0\": 1}"), false));
    }
}
