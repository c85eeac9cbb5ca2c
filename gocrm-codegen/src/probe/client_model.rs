//! The generated client, modelled: walks an answer's body through the types the client
//! decodes it into (the IR, with the same settings) and notes every place where decoding
//! would fail. Each decision is one of the rules in [`super::tolerance`]; this file only
//! knows the shape of the generated code (which fields are lenient, what is an `Option`,
//! what an envelope does).
//!
//! Unlike serde, which stops at the first error, the walk goes on, so every departure that
//! alone would fail the call is found.

use std::cell::Cell;
use std::rc::Rc;

use serde_json::{Map, Value};

use super::send::Answer;
use super::tolerance::{self, EnvelopeStatus};
use crate::diagnostics::escape_pointer_segment;
use crate::ir::{Additional, Api, Decoding, Field, Scalar, Struct, TypeKind, TypeRef};
use crate::settings::Settings;

/// A place where the client's decoding fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Failure {
    /// In the body (`""` is the whole body).
    pub pointer: String,
    pub cause: Cause,
    /// What the client's type takes there, and what it got (short).
    pub expected: String,
    pub found: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cause {
    /// The body is not JSON (or empty where the type takes no `null`).
    NotJson,
    /// A value the type cannot take.
    Value,
    /// The envelope's status is not the success value: the call returns `Error::Api`. A
    /// departure only when the spec does not list that status.
    Status,
}

/// Where decoding a 2xx answer with `decoding` fails. Non-2xx answers never fail to decode:
/// the call returns `Error::Api` with the body, whatever it is.
pub(super) fn decode_answer(
    api: &Api,
    settings: &Settings,
    decoding: &Decoding,
    answer: &Answer,
) -> Vec<Failure> {
    let mut model = ClientModel::new(api, settings);
    let blank = answer.body.iter().all(u8::is_ascii_whitespace);
    match decoding {
        Decoding::Envelope(ty) => match serde_json::from_slice::<Value>(&answer.body) {
            Ok(body) => model.envelope(&body, ty),
            Err(_) => model.not_json(answer),
        },
        Decoding::Json(ty) if blank => {
            // `execute_json` reads an empty body as `null`.
            let mut inner = ClientModel::new(api, settings);
            inner.decode(&Value::Null, ty, "", settings.lenient_scalars);
            if !inner.failures.is_empty() {
                model.not_json(answer);
            }
        }
        Decoding::Json(ty) => match serde_json::from_slice::<Value>(&answer.body) {
            // A whole body decodes as `runtime::lenient::Body<T>`: leniently.
            Ok(body) => model.decode(&body, ty, "", settings.lenient_scalars),
            Err(_) => model.not_json(answer),
        },
        Decoding::Text => {
            if std::str::from_utf8(&answer.body).is_err() {
                model.fail(Cause::NotJson, "", "UTF-8 text", "bytes that are not UTF-8");
            }
        }
        Decoding::Bytes | Decoding::Empty => {}
        Decoding::Stream(s) => {
            for (i, item) in stream_items(s, &answer.body).iter().enumerate() {
                match item {
                    Some(value) => {
                        model.decode(value, &s.item, &format!("[{i}]"), settings.lenient_scalars)
                    }
                    None => model.not_json(answer),
                }
            }
        }
    }
    model.failures
}

/// The items of a streamed answer as the client reads them (`None`: an item that is not
/// JSON); a body cut off by the probe's size limit loses only its last, incomplete item.
fn stream_items(s: &crate::ir::StreamDecoding, body: &[u8]) -> Vec<Option<Value>> {
    use crate::framing::{Deframer, Frame, Framing};
    use crate::ir::{EventItem, Framing as IrFraming};
    let framing = match s.framing {
        IrFraming::JsonLines => Framing::JsonLines,
        IrFraming::JsonSeq => Framing::JsonSeq,
        IrFraming::EventStream(_) => Framing::EventStream,
    };
    let mut deframer = Deframer::new(framing, crate::framing::DEFAULT_MAX_ITEM_SIZE);
    deframer.push(body);
    let mut out = Vec::new();
    while let Ok(Some(frame)) = deframer.next_frame() {
        let item = match frame {
            Frame::Json(bytes) => serde_json::from_slice(&bytes).ok(),
            Frame::Event(event) => match s.framing {
                IrFraming::EventStream(EventItem::Event { json_data }) => {
                    let data = if json_data {
                        serde_json::from_str(&event.data).unwrap_or(Value::String(event.data))
                    } else {
                        Value::String(event.data)
                    };
                    let mut object = serde_json::Map::new();
                    object.insert("data".to_owned(), data);
                    for (field, value) in [("event", event.event), ("id", event.id)] {
                        if let Some(value) = value {
                            object.insert(field.to_owned(), Value::String(value));
                        }
                    }
                    if let Some(retry) = event.retry {
                        object.insert("retry".to_owned(), retry.into());
                    }
                    Some(Value::Object(object))
                }
                _ if event.data.trim().is_empty() => Some(Value::Null),
                _ => serde_json::from_str(&event.data).ok(),
            },
        };
        out.push(item);
    }
    out
}

/// Named types followed inside one another (bodies nest at most 128 levels; aliases and
/// union variants that refer to themselves would not stop).
const MAX_NAMED_DEPTH: usize = 256;

/// Values one answer's walk may visit, trials of union variants included.
const STEPS: u32 = 10_000_000;

struct ClientModel<'a> {
    api: &'a Api,
    settings: &'a Settings,
    failures: Vec<Failure>,
    named_depth: usize,
    /// Shared with trial models.
    steps: Rc<Cell<u32>>,
}

impl<'a> ClientModel<'a> {
    fn new(api: &'a Api, settings: &'a Settings) -> Self {
        Self {
            api,
            settings,
            failures: Vec::new(),
            named_depth: 0,
            steps: Rc::new(Cell::new(STEPS)),
        }
    }

    /// A model for trying a union variant (or an empty object), sharing this one's budget.
    fn trial(&self) -> Self {
        Self {
            api: self.api,
            settings: self.settings,
            failures: Vec::new(),
            named_depth: self.named_depth,
            steps: Rc::clone(&self.steps),
        }
    }

    fn lenient(&self) -> bool {
        self.settings.lenient_scalars
    }

    fn fail(&mut self, cause: Cause, pointer: &str, expected: &str, found: &str) {
        self.failures.push(Failure {
            pointer: pointer.to_owned(),
            cause,
            expected: expected.to_owned(),
            found: found.to_owned(),
        });
    }

    fn not_json(&mut self, answer: &Answer) {
        let found = if answer.body.iter().all(u8::is_ascii_whitespace) {
            "an empty body"
        } else {
            "a body that is not JSON"
        };
        self.fail(Cause::NotJson, "", "JSON", found);
    }

    /// `runtime::decode_envelope` on a 2xx answer.
    fn envelope(&mut self, body: &Value, data_ty: &TypeRef) {
        let Some(object) = body.as_object() else {
            self.fail(
                Cause::Value,
                "",
                "an envelope object",
                &super::check::describe(body),
            );
            return;
        };
        let status_field = &self.settings.envelope_status_field;
        let status_ptr = child("", status_field);
        match tolerance::envelope_status(object.get(status_field.as_str())) {
            EnvelopeStatus::Missing => {
                let found = if object.contains_key(status_field.as_str()) {
                    "null"
                } else {
                    "absent"
                };
                return self.fail(Cause::Value, &status_ptr, "a status", found);
            }
            EnvelopeStatus::Unreadable => {
                let found = object
                    .get(status_field.as_str())
                    .map(super::check::describe)
                    .unwrap_or_default();
                return self.fail(Cause::Value, &status_ptr, "a status text", &found);
            }
            EnvelopeStatus::Text(text) if text != self.settings.envelope_success_value => {
                let expected = format!("{:?}", self.settings.envelope_success_value);
                // The call returns `Error::Api` with the envelope; `data` is not decoded.
                return self.fail(Cause::Status, &status_ptr, &expected, &format!("{text:?}"));
            }
            EnvelopeStatus::Text(_) => {}
        }
        // `message` and `validation_errors` take any shape (normalised); `data` is the payload.
        let data_field = &self.settings.envelope_data_field;
        let data = object.get(data_field.as_str()).unwrap_or(&Value::Null);
        let lenient = self.lenient();
        self.decode(data, data_ty, &child("", data_field), lenient);
    }

    /// Decodes `value` as `ty` where it is not a struct field (top level, array item, map
    /// value, union variant); `lenient` when it sits inside a lenient field.
    fn decode(&mut self, value: &Value, ty: &TypeRef, ptr: &str, lenient: bool) {
        let steps = self.steps.get();
        if steps == 0 {
            return;
        }
        self.steps.set(steps - 1);
        match ty {
            TypeRef::Any => {}
            TypeRef::Scalar(s) => {
                if !tolerance::scalar(*s, value, lenient) {
                    self.fail(
                        Cause::Value,
                        ptr,
                        scalar_name(*s),
                        &super::check::describe(value),
                    );
                }
            }
            TypeRef::Nullable(inner) => {
                if !value.is_null() {
                    self.decode(value, inner, ptr, lenient);
                }
            }
            TypeRef::Array(inner) => match value {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.decode(item, inner, &format!("{ptr}/{i}"), lenient);
                    }
                }
                Value::Object(object) if tolerance::object_as_array(value, self.lenient()) => {
                    for (key, item) in object {
                        self.decode(item, inner, &child(ptr, key), lenient);
                    }
                }
                other => self.fail(
                    Cause::Value,
                    ptr,
                    "an array",
                    &super::check::describe(other),
                ),
            },
            TypeRef::Map(inner) => match value {
                Value::Object(object) => {
                    for (key, item) in object {
                        self.decode(item, inner, &child(ptr, key), lenient);
                    }
                }
                other if tolerance::empty_array_as_object(other, self.lenient()) => {}
                other => self.fail(
                    Cause::Value,
                    ptr,
                    "an object",
                    &super::check::describe(other),
                ),
            },
            TypeRef::Named(id) => self.named(value, *id, ptr, lenient),
        }
    }

    fn named(&mut self, value: &Value, id: usize, ptr: &str, lenient: bool) {
        if self.named_depth >= MAX_NAMED_DEPTH {
            return;
        }
        self.named_depth += 1;
        self.named_type(value, id, ptr, lenient);
        self.named_depth -= 1;
    }

    fn named_type(&mut self, value: &Value, id: usize, ptr: &str, lenient: bool) {
        let Some(t) = self.api.types.get(id) else {
            return;
        };
        if self.api.replaced_types.contains_key(&t.name) {
            // The user's own type (settings `schema_types`/`format_types`): not modelled.
            return;
        }
        match &t.kind {
            TypeKind::Struct(s) => match value {
                Value::Object(object) => self.object(object, s, ptr),
                other if tolerance::empty_array_as_object(other, self.lenient()) => {
                    let mut inner = self.trial();
                    inner.object(&Map::new(), s, ptr);
                    if !inner.failures.is_empty() {
                        let expected = format!("an object ({})", t.name);
                        self.fail(
                            Cause::Value,
                            ptr,
                            &expected,
                            "[] (an empty object lacks required properties)",
                        );
                    }
                }
                other => {
                    let expected = format!("an object ({})", t.name);
                    self.fail(Cause::Value, ptr, &expected, &super::check::describe(other));
                }
            },
            TypeKind::StringEnum(_) => {
                if !tolerance::scalar(Scalar::String, value, self.lenient()) {
                    self.fail(
                        Cause::Value,
                        ptr,
                        "a string (enum)",
                        &super::check::describe(value),
                    );
                }
            }
            TypeKind::IntegerEnum(_) => {
                if !tolerance::scalar(Scalar::I64, value, self.lenient()) {
                    self.fail(
                        Cause::Value,
                        ptr,
                        "an integer (enum)",
                        &super::check::describe(value),
                    );
                }
            }
            TypeKind::OneOf(union) => match &union.tag {
                Some(tag) => {
                    let chosen = value
                        .get(tag.as_str())
                        .and_then(Value::as_str)
                        .and_then(|tag| {
                            union
                                .variants
                                .iter()
                                .find(|v| v.tag_values.iter().any(|t| t == tag))
                        });
                    // An unknown (or missing) tag decodes to `Other` with the JSON kept.
                    if let Some(variant) = chosen {
                        self.decode(value, &variant.ty, ptr, false);
                    }
                }
                None => {
                    let fits = union.variants.iter().any(|variant| {
                        let mut inner = self.trial();
                        inner.decode(value, &variant.ty, ptr, false);
                        inner.failures.is_empty()
                    });
                    if !fits {
                        let expected = format!("one of the variants of {}", t.name);
                        self.fail(Cause::Value, ptr, &expected, &super::check::describe(value));
                    }
                }
            },
            TypeKind::Alias(target) => self.decode(value, target, ptr, lenient),
            TypeKind::Params(_) | TypeKind::Pending => {}
        }
    }

    /// A generated struct's `decode_map`.
    fn object(&mut self, object: &Map<String, Value>, s: &Struct, ptr: &str) {
        for f in &s.fields {
            let at = child(ptr, &f.wire_name);
            match object.get(&f.wire_name) {
                Some(value) => self.field(value, f, &at),
                None => {
                    let scalar_tree = self.lenient() && f.ty.is_lenient_scalar_tree();
                    if !tolerance::missing_property(f.required, f.nullable, scalar_tree) {
                        let expected = format!("property `{}`", f.wire_name);
                        self.fail(Cause::Value, &at, &expected, "absent");
                    }
                }
            }
        }
        if let Additional::Map {
            value: value_ty, ..
        } = &s.additional
        {
            for (key, value) in object {
                if !s.fields.iter().any(|f| &f.wire_name == key) {
                    self.decode(value, value_ty, &child(ptr, key), false);
                }
            }
        }
    }

    /// One declared property's value. Under `lenient_scalars` every property decodes through
    /// `runtime::lenient::FieldSeed`, whatever its type (a type the settings replace is not
    /// modelled).
    fn field(&mut self, value: &Value, f: &Field, ptr: &str) {
        let lenient_field = self.lenient();
        let optional = f.is_optional();
        match value {
            Value::Null if optional => {}
            Value::Null => {
                if !tolerance::null_for_required_field(self.lenient(), self.has_default(&f.ty)) {
                    let expected = format!("a value for required `{}`", f.wire_name);
                    self.fail(Cause::Value, ptr, &expected, "null");
                }
            }
            Value::String(s)
                if s.is_empty()
                    && self.scalar_of(&f.ty).is_some_and(|scalar| {
                        tolerance::empty_string_for_field(scalar, self.lenient())
                    }) => {}
            Value::Array(_)
                if self.object_like(&f.ty)
                    && tolerance::empty_array_as_object(value, self.lenient()) =>
            {
                if !optional {
                    self.decode(&Value::Object(Map::new()), &f.ty, ptr, lenient_field);
                }
            }
            _ => self.decode(value, &f.ty, ptr, lenient_field),
        }
    }

    fn object_like(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Map(_) => true,
            TypeRef::Named(id) => match self.api.types.get(*id).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => true,
                Some(TypeKind::Alias(target)) => self.object_like(target),
                _ => false,
            },
            _ => false,
        }
    }

    /// The scalar a field's type is, through aliases (`pub type Id = i64;` decodes as `i64`).
    fn scalar_of(&self, ty: &TypeRef) -> Option<Scalar> {
        let mut ty = ty;
        for _ in 0..32 {
            match ty {
                TypeRef::Scalar(scalar) => return Some(*scalar),
                TypeRef::Named(id) => match self.api.types.get(*id) {
                    Some(t) if self.api.replaced_types.contains_key(&t.name) => return None,
                    Some(t) => match &t.kind {
                        TypeKind::Alias(target) => ty = target,
                        _ => return None,
                    },
                    None => return None,
                },
                _ => return None,
            }
        }
        None
    }

    /// Whether the Rust type has a `Default` (what `null` becomes for a required field).
    fn has_default(&self, ty: &TypeRef) -> bool {
        self.has_default_at(ty, 0)
    }

    fn has_default_at(&self, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            TypeRef::Named(id) => match self.api.types.get(*id) {
                Some(t) => match &t.kind {
                    TypeKind::Struct(_) => t.derive_default,
                    TypeKind::Alias(target) if depth < 32 => self.has_default_at(target, depth + 1),
                    _ => false,
                },
                None => false,
            },
            TypeRef::Scalar(_)
            | TypeRef::Array(_)
            | TypeRef::Map(_)
            | TypeRef::Nullable(_)
            | TypeRef::Any => true,
        }
    }
}

/// `ptr` + `/key`, escaped.
pub(super) fn child(ptr: &str, key: &str) -> String {
    format!("{ptr}/{}", escape_pointer_segment(key))
}

fn scalar_name(s: Scalar) -> &'static str {
    match s {
        Scalar::Bool => "boolean",
        Scalar::I32 => "integer (i32)",
        Scalar::I64 => "integer (i64)",
        Scalar::U64 => "integer (u64)",
        Scalar::F32 | Scalar::F64 => "number",
        Scalar::String => "string",
        Scalar::Binary => "bytes",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::tolerance::{Target, RULES};

    const SPEC: &str = r##"
openapi: 3.0.3
info: {title: rules, version: "1"}
paths:
  /rows:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Envelope"}
components:
  schemas:
    Envelope:
      type: object
      required: [status, data]
      properties:
        status: {type: string, enum: [success, error]}
        message: {type: string}
        validation_errors: {type: object}
        data: {$ref: "#/components/schemas/Row"}
    Row:
      type: object
      required: [int_req, num_req, bool_req, str_req, enum_req, obj_req, arr_req]
      properties:
        int_req: {type: integer}
        int_opt: {type: integer}
        num_req: {type: number}
        bool_req: {type: boolean}
        bool_opt: {type: boolean}
        str_req: {type: string}
        enum_req: {type: string, enum: [a, b]}
        obj_req: {$ref: "#/components/schemas/Inner"}
        obj_opt: {$ref: "#/components/schemas/Inner"}
        arr_req: {type: array, items: {type: integer}}
    Inner:
      type: object
      properties:
        x: {type: string}
"##;

    fn row() -> Value {
        serde_json::json!({
            "int_req": 1, "num_req": 1.5, "bool_req": true, "str_req": "s", "enum_req": "a",
            "obj_req": {"x": "y"}, "arr_req": [1, 2]
        })
    }

    fn field_name(target: Target) -> &'static str {
        match target {
            Target::Field {
                scalar: Scalar::I64,
                required: true,
            } => "int_req",
            Target::Field {
                scalar: Scalar::I64,
                required: false,
            } => "int_opt",
            Target::Field {
                scalar: Scalar::F64,
                ..
            } => "num_req",
            Target::Field {
                scalar: Scalar::Bool,
                required: true,
            } => "bool_req",
            Target::Field {
                scalar: Scalar::Bool,
                required: false,
            } => "bool_opt",
            Target::Field {
                scalar: Scalar::String,
                ..
            } => "str_req",
            Target::EnumField => "enum_req",
            Target::ObjectField { required: true } => "obj_req",
            Target::ObjectField { required: false } => "obj_opt",
            Target::ArrayField => "arr_req",
            other => panic!("no field for {other:?}"),
        }
    }

    /// The body a rule's example becomes: a valid envelope with the example in its place.
    fn body(target: Target, example: Option<&str>) -> Vec<u8> {
        let example: Option<Value> = example.map(|e| match target {
            Target::Body => Value::Null,
            _ => serde_json::from_str(e).unwrap(),
        });
        let mut data = row();
        let mut envelope = serde_json::json!({"status": "success", "message": ""});
        match (target, example) {
            (Target::Body, _) => return b"<html>OK</html>".to_vec(),
            (Target::Undeclared, Some(Value::Object(extra))) => {
                data.as_object_mut().unwrap().extend(extra);
            }
            (Target::ValidationErrors, Some(v)) => envelope["validation_errors"] = v,
            (Target::EnvelopeStatus, Some(v)) => envelope["status"] = v,
            (t, Some(v)) => data[field_name(t)] = v,
            (t, None) => {
                data.as_object_mut().unwrap().remove(field_name(t));
            }
        }
        envelope["data"] = data;
        serde_json::to_vec(&envelope).unwrap()
    }

    #[test]
    fn every_rule_decodes_as_its_row_says() {
        let spec = crate::load::load_str(SPEC, "rules.yaml").unwrap();
        for lenient in [true, false] {
            let settings = Settings {
                lenient_scalars: lenient,
                ..Settings::default()
            };
            let (api, _) = crate::ir::build(&spec, &settings).unwrap();
            let decoding = &api.operations[0].response.decoding;
            let valid = Answer {
                status: 200,
                content_type: None,
                body: body(Target::ArrayField, Some("[3]")),
            };
            assert_eq!(decode_answer(&api, &settings, decoding, &valid), vec![]);
            for rule in RULES {
                if rule.target == Target::ErrorBody {
                    continue; // non-2xx answers are never decoded; tests/probe.rs covers them
                }
                let expected = if lenient {
                    rule.decodes.0
                } else {
                    rule.decodes.1
                };
                let examples: Vec<Option<&str>> = if rule.examples.is_empty() {
                    vec![None]
                } else {
                    rule.examples.iter().map(|e| Some(*e)).collect()
                };
                for example in examples {
                    let answer = Answer {
                        status: 200,
                        content_type: None,
                        body: body(rule.target, example),
                    };
                    let failures = decode_answer(&api, &settings, decoding, &answer);
                    assert_eq!(
                        failures.is_empty(),
                        expected,
                        "rule `{}` ({}) with {example:?}, lenient_scalars = {lenient}: {failures:?}",
                        rule.sends,
                        rule.expects
                    );
                }
            }
        }
    }

    #[test]
    fn an_empty_array_for_a_struct_with_required_fields_fails() {
        let spec = crate::load::load_str(SPEC, "rules.yaml").unwrap();
        let settings = Settings::default();
        let (api, _) = crate::ir::build(&spec, &settings).unwrap();
        let decoding = &api.operations[0].response.decoding;
        // `data` (a Row, with required fields) as `[]`: the empty object lacks them.
        let answer = Answer {
            status: 200,
            content_type: None,
            body: br#"{"status": "success", "data": []}"#.to_vec(),
        };
        let failures = decode_answer(&api, &settings, decoding, &answer);
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert_eq!(failures[0].pointer, "/data");
    }
}
