//! A JSON value against a schema of the converted document, strictly: every departure, with
//! where it is in the body and in the schema, and how many values were checked at each
//! place (`check/mod.rs` has the choices this makes where JSON Schema leaves room).

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use openapiv3::{
    AnySchema, IntegerFormat, OpenAPI, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::{Map, Value};

use super::object::ObjectView;
use super::{describe, json_type, unescape, Checked, Finding, Kind};
use crate::probe::client_model::child;

/// A schema position: a `$ref` or a schema.
#[derive(Clone, Copy)]
pub(super) enum Node<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for Node<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for Node<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(s) => Node::Item(s),
        }
    }
}

/// Deepest schema nesting followed (bodies nest at most 128 levels; `$ref` chains are short).
pub(super) const MAX_DEPTH: usize = 256;

/// Values one answer's check may visit, trials of `oneOf` alternatives included: a bound on
/// the work a hostile spec (unions of unions) can cause. A 16 MiB body has fewer values.
const STEPS: u32 = 10_000_000;

pub(super) struct Checker<'a> {
    pub(super) openapi: &'a OpenAPI,
    pub(super) findings: Vec<Finding>,
    pub(super) counters: BTreeMap<String, u64>,
    /// Shared with trial checkers.
    steps: Rc<Cell<u32>>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(openapi: &'a OpenAPI) -> Self {
        Self {
            openapi,
            findings: Vec::new(),
            counters: BTreeMap::new(),
            steps: Rc::new(Cell::new(STEPS)),
        }
    }

    /// A checker for trying an alternative, with this one's budget.
    fn trial(&self) -> Self {
        Self {
            openapi: self.openapi,
            findings: Vec::new(),
            counters: BTreeMap::new(),
            steps: Rc::clone(&self.steps),
        }
    }

    pub(super) fn finish(self) -> Checked {
        Checked {
            findings: self.findings,
            counters: self.counters,
        }
    }

    pub(super) fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    pub(super) fn count(&mut self, key: &str) {
        *self.counters.entry(key.to_owned()).or_default() += 1;
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn found(
        &mut self,
        kind: Kind,
        pointer: &str,
        schema: &str,
        expected: String,
        found: String,
        group: String,
        count_key: &str,
    ) {
        self.findings.push(Finding {
            kind,
            pointer: pointer.to_owned(),
            schema: schema.to_owned(),
            expected,
            found,
            group,
            count_key: count_key.to_owned(),
        });
    }

    pub(super) fn resolve(&self, node: Node<'a>, at: &str) -> Option<(&'a Schema, String)> {
        let mut node = node;
        let mut at = at.to_owned();
        for _ in 0..32 {
            match node {
                Node::Item(schema) => return Some((schema, at)),
                Node::Ref(reference) => {
                    let name = unescape(reference.strip_prefix("#/components/schemas/")?);
                    let target = self.openapi.components.as_ref()?.schemas.get(&name)?;
                    node = target.into();
                    at = reference.to_owned();
                }
            }
        }
        None
    }

    /// A value at a schema position `at` (counted there).
    pub(super) fn value(
        &mut self,
        value: &Value,
        node: Node<'a>,
        at: &str,
        ptr: &str,
        depth: usize,
    ) {
        self.count(at);
        let steps = self.steps.get();
        if depth > MAX_DEPTH || steps == 0 {
            return;
        }
        self.steps.set(steps - 1);
        // An unresolvable `$ref` is typed as `serde_json::Value` by the generator: anything goes.
        let Some((schema, resolved)) = self.resolve(node, at) else {
            return;
        };
        self.schema(value, schema, at, &resolved, ptr, depth);
    }

    pub(super) fn schema(
        &mut self,
        value: &Value,
        schema: &'a Schema,
        at: &str,
        resolved: &str,
        ptr: &str,
        depth: usize,
    ) {
        if value.is_null() {
            if !self.null_ok(schema, 0) {
                let expected = type_name(schema);
                self.found(
                    Kind::NullForNonNullable,
                    ptr,
                    at,
                    expected,
                    "null".to_owned(),
                    "null".to_owned(),
                    at,
                );
            }
            return;
        }
        match &schema.schema_kind {
            SchemaKind::Type(t) => self.typed(value, t, at, resolved, ptr, depth),
            SchemaKind::AllOf { all_of } => {
                self.all_of(value, all_of, None, at, resolved, ptr, depth)
            }
            SchemaKind::OneOf { one_of } => {
                self.union(value, one_of, "oneOf", schema, at, resolved, ptr, depth)
            }
            SchemaKind::AnyOf { any_of } => {
                self.union(value, any_of, "anyOf", schema, at, resolved, ptr, depth)
            }
            SchemaKind::Not { .. } => {}
            SchemaKind::Any(any) => self.any(value, any, schema, at, resolved, ptr, depth),
        }
    }

    fn null_ok(&self, schema: &'a Schema, depth: usize) -> bool {
        if schema.schema_data.nullable {
            return true;
        }
        if depth > 16 {
            return true;
        }
        let alternative_ok = |alternatives: &'a [ReferenceOr<Schema>]| {
            alternatives.iter().any(|a| {
                self.resolve(a.into(), "")
                    .is_some_and(|(s, _)| self.null_ok(s, depth + 1))
            })
        };
        match &schema.schema_kind {
            SchemaKind::Any(any) => {
                (any.typ.is_none() || any.typ.as_deref() == Some("null"))
                    && any.properties.is_empty()
                    && any.items.is_none()
                    && any.all_of.is_empty()
                    && (any.one_of.is_empty() || alternative_ok(&any.one_of))
                    && (any.any_of.is_empty() || alternative_ok(&any.any_of))
                    && (any.enumeration.is_empty() || any.enumeration.contains(&Value::Null))
            }
            SchemaKind::OneOf { one_of } => alternative_ok(one_of),
            SchemaKind::AnyOf { any_of } => alternative_ok(any_of),
            SchemaKind::AllOf { all_of } => all_of.iter().all(|a| {
                self.resolve(a.into(), "")
                    .is_some_and(|(s, _)| self.null_ok(s, depth + 1))
            }),
            SchemaKind::Not { .. } => true,
            SchemaKind::Type(_) => false,
        }
    }

    pub(super) fn mismatch(&mut self, value: &Value, expected: String, at: &str, ptr: &str) {
        self.found(
            Kind::TypeMismatch,
            ptr,
            at,
            expected,
            describe(value),
            json_type(value).to_owned(),
            at,
        );
    }

    fn not_listed(&mut self, value: &Value, listed: Vec<String>, at: &str, ptr: &str) {
        let mut expected = String::from("one of ");
        let shown: Vec<&str> = listed.iter().take(6).map(String::as_str).collect();
        expected.push_str(&shown.join(", "));
        if listed.len() > shown.len() {
            expected.push_str(", …");
        }
        self.found(
            Kind::EnumValue,
            ptr,
            at,
            expected,
            describe(value),
            json_type(value).to_owned(),
            at,
        );
    }

    /// An `enum` of numbers or booleans: a departure when the list does not hold `this`.
    fn listed<T: PartialEq + Copy + ToString>(
        &mut self,
        value: &Value,
        this: Option<T>,
        enumeration: &[Option<T>],
        at: &str,
        ptr: &str,
    ) {
        let listed: Vec<T> = enumeration.iter().flatten().copied().collect();
        if !listed.is_empty() && !this.is_some_and(|v| listed.contains(&v)) {
            let listed = listed.iter().map(T::to_string).collect();
            self.not_listed(value, listed, at, ptr);
        }
    }

    pub(super) fn typed(
        &mut self,
        value: &Value,
        t: &'a Type,
        at: &str,
        resolved: &str,
        ptr: &str,
        depth: usize,
    ) {
        match t {
            Type::String(s) => {
                let Some(text) = value.as_str() else {
                    return self.mismatch(value, "string".to_owned(), at, ptr);
                };
                let listed: Vec<&str> =
                    s.enumeration.iter().flatten().map(String::as_str).collect();
                if !listed.is_empty() && !listed.contains(&text) {
                    let listed = listed.iter().map(|v| format!("{v:?}")).collect();
                    self.not_listed(value, listed, at, ptr);
                }
            }
            Type::Integer(i) => {
                let (name, fits) = integer_format(&i.format);
                if !(value.is_i64() || value.is_u64()) || !fits(value) {
                    return self.mismatch(value, name, at, ptr);
                }
                self.listed(value, value.as_i64(), &i.enumeration, at, ptr);
            }
            Type::Number(n) => {
                let Some(number) = value.as_f64() else {
                    return self.mismatch(value, "number".to_owned(), at, ptr);
                };
                self.listed(value, Some(number), &n.enumeration, at, ptr);
            }
            Type::Boolean(b) => {
                let Some(flag) = value.as_bool() else {
                    return self.mismatch(value, "boolean".to_owned(), at, ptr);
                };
                self.listed(value, Some(flag), &b.enumeration, at, ptr);
            }
            Type::Object(o) => {
                let Some(object) = value.as_object() else {
                    return self.mismatch(value, "object".to_owned(), at, ptr);
                };
                let view = ObjectView::of(
                    resolved,
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                );
                self.object(object, &view, ptr, depth);
            }
            Type::Array(a) => self.array(value, a.items.as_ref(), at, resolved, ptr, depth),
        }
    }

    /// `oneOf` / `anyOf`: fine when one alternative takes the value; else the departures of
    /// the alternative that fits best (the discriminator's choice, when there is one).
    #[allow(clippy::too_many_arguments)]
    fn union(
        &mut self,
        value: &Value,
        alternatives: &'a [ReferenceOr<Schema>],
        keyword: &str,
        schema: &'a Schema,
        at: &str,
        resolved: &str,
        ptr: &str,
        depth: usize,
    ) {
        let _ = at;
        let tagged = schema.schema_data.discriminator.as_ref().and_then(|d| {
            let tag = value.get(&d.property_name)?.as_str()?;
            let target = d
                .mapping
                .get(tag)
                .cloned()
                .unwrap_or_else(|| format!("#/components/schemas/{tag}"));
            alternatives.iter().position(
                |a| matches!(a, ReferenceOr::Reference { reference } if *reference == target),
            )
        });
        let candidates: Vec<usize> = match tagged {
            Some(i) => vec![i],
            None => (0..alternatives.len()).collect(),
        };
        let mut best: Option<Checker<'a>> = None;
        for i in candidates {
            let Some(alternative) = alternatives.get(i) else {
                continue;
            };
            let mut trial = self.trial();
            trial.value(
                value,
                alternative.into(),
                &format!("{resolved}/{keyword}/{i}"),
                ptr,
                depth + 1,
            );
            let better = best
                .as_ref()
                .is_none_or(|b| trial.findings.len() < b.findings.len());
            let perfect = trial.findings.is_empty();
            if better {
                best = Some(trial);
            }
            if perfect {
                break;
            }
        }
        if let Some(best) = best {
            self.findings.extend(best.findings);
            for (key, n) in best.counters {
                *self.counters.entry(key).or_default() += n;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn any(
        &mut self,
        value: &Value,
        any: &'a AnySchema,
        schema: &'a Schema,
        at: &str,
        resolved: &str,
        ptr: &str,
        depth: usize,
    ) {
        if !any.one_of.is_empty() {
            self.union(
                value,
                &any.one_of,
                "oneOf",
                schema,
                at,
                resolved,
                ptr,
                depth,
            );
        }
        if !any.any_of.is_empty() {
            self.union(
                value,
                &any.any_of,
                "anyOf",
                schema,
                at,
                resolved,
                ptr,
                depth,
            );
        }
        if !any.all_of.is_empty() {
            return self.all_of(value, &any.all_of, Some(any), at, resolved, ptr, depth);
        }
        let typ = any.typ.as_deref();
        let type_ok = match typ {
            Some("string") => value.is_string(),
            Some("integer") => value.is_i64() || value.is_u64(),
            Some("number") => value.is_number(),
            Some("boolean") => value.is_boolean(),
            Some("object") => value.is_object(),
            Some("array") => value.is_array(),
            _ => true,
        };
        if !type_ok {
            return self.mismatch(value, typ.unwrap_or("any").to_owned(), at, ptr);
        }
        if !any.enumeration.is_empty() && !any.enumeration.contains(value) {
            let listed = any.enumeration.iter().map(|v| v.to_string()).collect();
            self.not_listed(value, listed, at, ptr);
        }
        if let Some(object) = value.as_object() {
            if !any.properties.is_empty()
                || any.additional_properties.is_some()
                || typ == Some("object")
            {
                let view = ObjectView::of(
                    resolved,
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                );
                self.object(object, &view, ptr, depth);
            }
        }
        if value.is_array() || typ == Some("array") {
            self.array(value, any.items.as_ref(), at, resolved, ptr, depth);
        }
    }

    /// An array's items. An object whose keys are all decimal integers (a PHP array with
    /// holes) is a departure, and its values are checked as the items the client makes of
    /// them.
    fn array(
        &mut self,
        value: &Value,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        at: &str,
        resolved: &str,
        ptr: &str,
        depth: usize,
    ) {
        let elements: Vec<(String, &Value)> = match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("{ptr}/{i}"), item))
                .collect(),
            Value::Object(object) if is_php_array(object) => {
                self.mismatch(value, "array".to_owned(), at, ptr);
                object.iter().map(|(k, v)| (child(ptr, k), v)).collect()
            }
            other => return self.mismatch(other, "array".to_owned(), at, ptr),
        };
        if let Some(item_schema) = items {
            let item_at = format!("{resolved}/items");
            for (item_ptr, item) in elements {
                self.value(item, item_schema.into(), &item_at, &item_ptr, depth + 1);
            }
        }
    }
}

/// The integer's name with its format, and whether a value fits the format's range.
fn integer_format(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> (String, fn(&Value) -> bool) {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => {
            ("integer (int32)".to_owned(), |v| {
                v.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
            })
        }
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => {
            ("integer".to_owned(), Value::is_i64)
        }
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uint32" || f == "uint64" || f == "uint" => {
            (format!("integer ({f})"), Value::is_u64)
        }
        _ => ("integer".to_owned(), |v| v.is_i64() || v.is_u64()),
    }
}

/// A schema's type, short (`integer`, `object`, `string`).
fn type_name(schema: &Schema) -> String {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "string".to_owned(),
        SchemaKind::Type(Type::Integer(i)) => integer_format(&i.format).0,
        SchemaKind::Type(Type::Number(_)) => "number".to_owned(),
        SchemaKind::Type(Type::Boolean(_)) => "boolean".to_owned(),
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => "object".to_owned(),
        SchemaKind::Type(Type::Array(_)) => "array".to_owned(),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => "one of its alternatives".to_owned(),
        SchemaKind::Not { .. } => "any".to_owned(),
        SchemaKind::Any(any) => any.typ.clone().unwrap_or_else(|| "a value".to_owned()),
    }
}

/// `{"0": …, "3": …}`: what PHP's `json_encode` makes of an array with holes.
fn is_php_array(object: &Map<String, Value>) -> bool {
    !object.is_empty()
        && object
            .keys()
            .all(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
}
