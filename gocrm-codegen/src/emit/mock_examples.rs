//! Default answers for the generated mock: the JSON an operation answers with on a fresh
//! mock. Candidates, best first: the spec's response example, a value built from the
//! schemas' examples, a value built from the types alone. The mock picks the first that
//! decodes into the success type at start-up, so a wrong example in a spec cannot make the
//! default answer fail.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::ir::{Api, Decoding, Operation, Scalar, TypeId, TypeKind, TypeRef};

/// How deep a built value nests before containers are left empty (recursive types).
const MAX_DEPTH: usize = 6;

/// The candidates for `op`'s default answer (its data, for an envelope), as JSON text.
pub fn candidates(api: &Api, op: &Operation) -> Vec<String> {
    let ty = match &op.response.decoding {
        Decoding::Envelope(t) | Decoding::Json(t) => t,
        // One item of the stream.
        Decoding::Stream(s) => &s.item,
        Decoding::Text => return vec!["\"example\"".to_owned()],
        Decoding::Bytes | Decoding::Empty => return vec!["null".to_owned()],
    };
    let schema_examples = schema_examples(api);
    let mut out: Vec<String> = Vec::new();
    let response_name = format!("{}_response", op.method_name);
    if let Some(example) = api
        .examples
        .iter()
        .find(|e| e.name == response_name && &e.ty == ty)
    {
        out.push(example.json.clone());
    }
    let builder = Builder {
        api,
        examples: &schema_examples,
    };
    out.push(builder.value(ty, 0).to_string());
    let plain = Builder {
        api,
        examples: &BTreeMap::new(),
    };
    out.push(plain.value(ty, 0).to_string());
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|candidate| seen.insert(candidate.clone()));
    out
}

/// Component schemas' examples by type.
fn schema_examples(api: &Api) -> BTreeMap<TypeId, Value> {
    api.examples
        .iter()
        .filter(|e| e.name.starts_with("schema_"))
        .filter_map(|e| match &e.ty {
            TypeRef::Named(id) => serde_json::from_str(&e.json).ok().map(|v| (*id, v)),
            _ => None,
        })
        .collect()
}

struct Builder<'a> {
    api: &'a Api,
    examples: &'a BTreeMap<TypeId, Value>,
}

impl Builder<'_> {
    fn value(&self, t: &TypeRef, depth: usize) -> Value {
        match t {
            TypeRef::Scalar(s) => match s {
                Scalar::Bool => Value::Bool(true),
                Scalar::I32 | Scalar::I64 | Scalar::U64 => json!(1),
                Scalar::F32 | Scalar::F64 => json!(1.5),
                Scalar::String => json!("string"),
                Scalar::Binary => json!(""),
            },
            // One element, so a list answers with something to show.
            TypeRef::Array(inner) if depth < MAX_DEPTH => {
                Value::Array(vec![self.value(inner, depth + 1)])
            }
            TypeRef::Array(_) => Value::Array(Vec::new()),
            TypeRef::Map(inner) if depth < MAX_DEPTH => {
                let mut map = Map::new();
                map.insert("key".to_owned(), self.value(inner, depth + 1));
                Value::Object(map)
            }
            TypeRef::Map(_) => Value::Object(Map::new()),
            TypeRef::Nullable(inner) if depth < MAX_DEPTH => self.value(inner, depth + 1),
            TypeRef::Nullable(_) | TypeRef::Any => Value::Null,
            TypeRef::Named(id) => self.named(*id, depth),
        }
    }

    fn named(&self, id: TypeId, depth: usize) -> Value {
        if let Some(example) = self.examples.get(&id) {
            return example.clone();
        }
        if depth > 2 * MAX_DEPTH {
            // A cycle of required fields has no finite value; stop here.
            return Value::Object(Map::new());
        }
        let Some(named) = self.api.types.get(id) else {
            return Value::Null;
        };
        if self.api.replaced_types.contains_key(&named.name) {
            // The user's own type: nothing is known about its wire form.
            return json!("string");
        }
        match &named.kind {
            TypeKind::Struct(s) => {
                let mut map = Map::new();
                for field in &s.fields {
                    // Required fields always (a value cannot decode without them); optional
                    // ones near the top, so examples look filled in.
                    let wanted = field.required || (depth < 2 && !field.boxed);
                    if !wanted {
                        continue;
                    }
                    let value = if depth >= MAX_DEPTH && field.nullable {
                        Value::Null
                    } else {
                        self.value(&field.ty, depth + 1)
                    };
                    map.insert(field.wire_name.clone(), value);
                }
                Value::Object(map)
            }
            TypeKind::StringEnum(variants) => {
                variants.first().map_or(json!("string"), |v| json!(v.value))
            }
            TypeKind::IntegerEnum(variants) => {
                variants.first().map_or(json!(0), |v| json!(v.value))
            }
            TypeKind::OneOf(one_of) => {
                let Some(first) = one_of.variants.first() else {
                    return Value::Null;
                };
                let mut value = self.value(&first.ty, depth + 1);
                if let (Some(tag), Value::Object(map), Some(tag_value)) =
                    (&one_of.tag, &mut value, first.tag_values.first())
                {
                    map.insert(tag.clone(), json!(tag_value));
                }
                value
            }
            TypeKind::Alias(t) if depth < MAX_DEPTH => self.value(t, depth + 1),
            TypeKind::Alias(_) | TypeKind::Pending => Value::Null,
            TypeKind::Params(_) => Value::Object(Map::new()),
        }
    }
}
