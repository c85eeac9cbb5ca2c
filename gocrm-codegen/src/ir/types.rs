//! Schemas → named types ([`TypeSpace`]).
//!
//! Every component schema gets a name up front (so `$ref`s resolve in any order); inline
//! objects, enums and unions get names made from where they appear (`CreateLeadBody`,
//! `PetStatus`). `allOf` is merged into one struct here.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::naming::{self, NameAllocator, Namespace};
use super::{
    Additional, EnumVariant, Field, NamedType, OneOf, OneOfVariant, Operation, Scalar, Struct,
    TypeId, TypeKind, TypeRef,
};
use crate::diagnostics::{pointer, Diagnostic};
use crate::load::SourceVersion;
use crate::settings::Settings;

const SCHEMA_PREFIX: &str = "#/components/schemas/";
/// Guards recursion over schemas that nest without `$ref` (and `allOf` chains of refs).
const MAX_DEPTH: usize = 64;

/// The name of the field that keeps undeclared properties.
pub const EXTRA_FIELD: &str = "extra";

/// Where a new named type's name comes from.
#[derive(Debug, Clone)]
pub enum Naming {
    /// The component schema with this id: fill it in.
    Component(TypeId),
    /// A new inline type named after this (already `UpperCamelCase`) hint.
    Inline(String),
}

/// The types discovered so far, and how to find them.
pub struct TypeSpace<'a> {
    pub openapi: &'a OpenAPI,
    source_version: SourceVersion,
    pub file: &'a str,
    pub settings: &'a Settings,
    types: Vec<NamedType>,
    components: HashMap<String, TypeId>,
    namespace: Namespace,
    warnings: Vec<Diagnostic>,
    /// Settings `format_types`: the alias type made for each replaced format (`replace.rs`).
    pub format_types: HashMap<String, TypeId>,
    /// Inline structs already made, by their shape, so identical inline schemas share a type.
    depth: usize,
    /// The item schemas of sequential media types (`x-gocrm-item-schema`), by the address of
    /// their media type in `openapi` (see `operations::responses::ItemSchemas`).
    pub item_schemas: Option<&'a super::operations::ItemSchemas>,
}

/// One schema's contents regardless of which openapiv3 variant holds them.
#[derive(Default)]
struct SchemaView<'s> {
    typ: Option<&'s str>,
    format: Option<String>,
    properties: Option<&'s IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
    items: Option<&'s ReferenceOr<Box<Schema>>>,
    enum_strings: Vec<String>,
    enum_integers: Vec<i64>,
    enum_has_null: bool,
    one_of: &'s [ReferenceOr<Schema>],
    any_of: &'s [ReferenceOr<Schema>],
    all_of: &'s [ReferenceOr<Schema>],
}

fn view(schema: &Schema) -> SchemaView<'_> {
    let mut v = SchemaView::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            v.typ = Some("string");
            v.format = variant_or_unknown(&s.format);
            for value in &s.enumeration {
                match value {
                    Some(text) => v.enum_strings.push(text.clone()),
                    None => v.enum_has_null = true,
                }
            }
        }
        SchemaKind::Type(Type::Integer(i)) => {
            v.typ = Some("integer");
            v.format = variant_or_unknown(&i.format);
            for value in &i.enumeration {
                match value {
                    Some(n) => v.enum_integers.push(*n),
                    None => v.enum_has_null = true,
                }
            }
        }
        SchemaKind::Type(Type::Number(n)) => {
            v.typ = Some("number");
            v.format = variant_or_unknown(&n.format);
        }
        SchemaKind::Type(Type::Boolean(_)) => v.typ = Some("boolean"),
        SchemaKind::Type(Type::Object(o)) => {
            v.typ = Some("object");
            v.properties = Some(&o.properties);
            v.required = &o.required;
            v.additional = o.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(a)) => {
            v.typ = Some("array");
            v.items = a.items.as_ref();
        }
        SchemaKind::OneOf { one_of } => v.one_of = one_of,
        SchemaKind::AnyOf { any_of } => v.any_of = any_of,
        SchemaKind::AllOf { all_of } => v.all_of = all_of,
        SchemaKind::Not { .. } => {}
        SchemaKind::Any(any) => {
            v.typ = any.typ.as_deref();
            v.format = any.format.clone();
            if !any.properties.is_empty() || v.typ == Some("object") {
                v.properties = Some(&any.properties);
            }
            v.required = &any.required;
            v.additional = any.additional_properties.as_ref();
            v.items = any.items.as_ref();
            for value in &any.enumeration {
                match value {
                    serde_json::Value::String(s) => v.enum_strings.push(s.clone()),
                    serde_json::Value::Number(n) => {
                        if let Some(i) = n.as_i64() {
                            v.enum_integers.push(i)
                        }
                    }
                    serde_json::Value::Null => v.enum_has_null = true,
                    _ => {}
                }
            }
            v.one_of = &any.one_of;
            v.any_of = &any.any_of;
            v.all_of = &any.all_of;
        }
    }
    v
}

fn variant_or_unknown<T: serde::Serialize>(
    format: &openapiv3::VariantOrUnknownOrEmpty<T>,
) -> Option<String> {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(item) => serde_json::to_value(item)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned)),
        openapiv3::VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// Title and description joined, for rustdoc.
pub fn schema_doc(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    match (&data.title, &data.description) {
        (Some(t), Some(d)) if !t.trim().is_empty() && !d.trim().is_empty() => {
            Some(format!("{t}\n\n{d}"))
        }
        (Some(t), _) if !t.trim().is_empty() => Some(t.clone()),
        (_, Some(d)) if !d.trim().is_empty() => Some(d.clone()),
        _ => None,
    }
}

impl<'a> TypeSpace<'a> {
    pub fn new(
        openapi: &'a OpenAPI,
        source_version: SourceVersion,
        file: &'a str,
        settings: &'a Settings,
    ) -> Self {
        Self {
            openapi,
            source_version,
            file,
            settings,
            types: Vec::new(),
            components: HashMap::new(),
            namespace: Namespace::new(),
            warnings: Vec::new(),
            format_types: HashMap::new(),
            depth: 0,
            item_schemas: None,
        }
    }

    pub fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::warning(self.file, pointer, message));
    }

    /// Gives an inline type the doc of where it is used (a request body's description), when
    /// its schema has none.
    pub fn set_doc_if_missing(&mut self, id: TypeId, doc: Option<&str>) {
        if let (Some(t), Some(doc)) = (self.types.get_mut(id), doc) {
            if t.doc.is_none() && t.source.is_none() && !doc.trim().is_empty() {
                t.doc = Some(doc.to_owned());
            }
        }
    }

    /// Whether the type is a struct (after following aliases), e.g. for multipart bodies.
    pub fn is_struct(&self, id: TypeId) -> bool {
        let mut id = id;
        for _ in 0..MAX_DEPTH {
            match self.types.get(id).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => return true,
                Some(TypeKind::Alias(TypeRef::Named(next))) => id = *next,
                _ => return false,
            }
        }
        false
    }

    pub fn type_name(&self, id: TypeId) -> &str {
        self.types.get(id).map(|t| t.name.as_str()).unwrap_or("?")
    }

    /// Names every component schema, then converts each.
    pub fn add_components(&mut self) {
        let openapi: &'a OpenAPI = self.openapi;
        let Some(components) = &openapi.components else {
            return;
        };
        let mut allocator = NameAllocator::new();
        let tickets: Vec<(String, usize)> = components
            .schemas
            .keys()
            .map(|key| (key.clone(), allocator.request(key, naming::type_name(key))))
            .collect();
        let names = allocator.resolve();
        for (key, ticket) in &tickets {
            let name = names
                .get(*ticket)
                .cloned()
                .unwrap_or_else(|| naming::type_name(key));
            self.namespace.claim(&name);
            let source = match self.source_version {
                SourceVersion::Swagger2 => pointer(["definitions", key.as_str()]),
                _ => pointer(["components", "schemas", key.as_str()]),
            };
            let id = self.push(NamedType {
                name,
                doc: None,
                source: Some(source),
                pointer: pointer(["components", "schemas", key.as_str()]),
                kind: TypeKind::Pending,
                derive_default: false,
            });
            self.components.insert(key.clone(), id);
        }
        for (key, schema) in &components.schemas {
            let Some(&id) = self.components.get(key) else {
                continue;
            };
            let ptr = pointer(["components", "schemas", key.as_str()]);
            match schema {
                ReferenceOr::Item(schema) => {
                    if let Some(t) = self.types.get_mut(id) {
                        t.doc = schema_doc(schema);
                    }
                    let result = self.convert_schema(schema, Naming::Component(id), &ptr);
                    self.settle_component(id, result);
                }
                ReferenceOr::Reference { reference } => {
                    let result = self.resolve_ref(reference, &ptr);
                    self.settle_component(id, result);
                }
            }
        }
    }

    /// A component that did not become its own struct/enum becomes an alias of what it is.
    fn settle_component(&mut self, id: TypeId, result: TypeRef) {
        if result == TypeRef::Named(id) {
            return;
        }
        if let Some(t) = self.types.get_mut(id) {
            if t.kind == TypeKind::Pending {
                t.kind = TypeKind::Alias(result);
            }
        }
    }

    fn push(&mut self, t: NamedType) -> TypeId {
        self.types.push(t);
        self.types.len() - 1
    }

    /// What the type `id` is so far.
    pub fn kind_of(&self, id: TypeId) -> Option<&TypeKind> {
        self.types.get(id).map(|t| &t.kind)
    }

    /// Makes a new inline named type with a fresh name derived from `hint`.
    pub fn new_inline_type(
        &mut self,
        hint: &str,
        doc: Option<String>,
        ptr: &str,
        kind: TypeKind,
    ) -> TypeId {
        let name = self.namespace.fresh(&naming::type_name(hint));
        self.push(NamedType {
            name,
            doc,
            source: None,
            pointer: ptr.to_owned(),
            kind,
            derive_default: false,
        })
    }

    /// The id the new struct/enum/union should take.
    fn named_slot(&mut self, naming: &Naming, doc: Option<String>, ptr: &str) -> TypeId {
        match naming {
            Naming::Component(id) => *id,
            Naming::Inline(hint) => self.new_inline_type(hint, doc, ptr, TypeKind::Pending),
        }
    }

    fn fill(&mut self, id: TypeId, kind: TypeKind) -> TypeRef {
        if let Some(t) = self.types.get_mut(id) {
            t.kind = kind;
        }
        TypeRef::Named(id)
    }

    /// A `$ref` to a component schema. Anything else falls back to `Any` with a warning.
    pub fn resolve_ref(&mut self, reference: &str, ptr: &str) -> TypeRef {
        if let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) {
            let name = unescape_pointer(name);
            if let Some(&id) = self.components.get(&name) {
                return TypeRef::Named(id);
            }
        }
        if !names_missing_component(self.openapi, "schemas", reference) {
            self.warn(
                ptr,
                format!("unsupported $ref `{reference}`: using serde_json::Value"),
            );
        }
        TypeRef::Any
    }

    /// Looks a `$ref` up to the schema it names (component schemas only).
    pub fn lookup_schema(&self, reference: &str) -> Option<&'a Schema> {
        let openapi: &'a OpenAPI = self.openapi;
        let schemas = &openapi.components.as_ref()?.schemas;
        let mut reference = reference;
        // Follow alias chains (`A: {$ref: B}`); bounded, since a document may loop.
        for _ in 0..MAX_DEPTH {
            let name = unescape_pointer(reference.strip_prefix(SCHEMA_PREFIX)?);
            match schemas.get(&name)? {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    /// Converts a schema or a reference.
    pub fn convert(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        naming: Naming,
        ptr: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => {
                self.resolve_ref(reference, &format!("{ptr}/$ref"))
            }
            ReferenceOr::Item(schema) => self.convert_schema(schema, naming, ptr),
        }
    }

    /// Converts a schema or reference held boxed in openapiv3's model (properties, items).
    pub fn convert_boxed(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        naming: Naming,
        ptr: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => {
                self.resolve_ref(reference, &format!("{ptr}/$ref"))
            }
            ReferenceOr::Item(schema) => self.convert_schema(schema, naming, ptr),
        }
    }

    /// Converts an inline schema. With `Naming::Component(id)` the component takes the struct,
    /// enum or union this schema defines.
    pub fn convert_schema(&mut self, schema: &'a Schema, naming: Naming, ptr: &str) -> TypeRef {
        if self.depth >= MAX_DEPTH {
            self.warn(ptr, "schema nested too deeply: using serde_json::Value");
            return TypeRef::Any;
        }
        self.depth += 1;
        let result = self.convert_schema_inner(schema, naming, ptr);
        self.depth -= 1;
        result
    }

    fn convert_schema_inner(&mut self, schema: &'a Schema, naming: Naming, ptr: &str) -> TypeRef {
        let v = view(schema);
        let doc = schema_doc(schema);

        if let SchemaKind::Not { .. } = schema.schema_kind {
            self.warn(ptr, "`not` is not supported: using serde_json::Value");
            return TypeRef::Any;
        }
        if !v.all_of.is_empty() {
            return self.convert_all_of(schema, &v, naming, doc, ptr);
        }
        let (union, keyword) = if !v.one_of.is_empty() {
            (v.one_of, "oneOf")
        } else {
            (v.any_of, "anyOf")
        };
        if !union.is_empty() {
            return self.convert_union(schema, union, keyword, naming, doc, ptr);
        }
        if !v.enum_strings.is_empty() && matches!(v.typ, None | Some("string")) {
            let id = self.named_slot(&naming, doc, ptr);
            let variants = enum_variants(&v.enum_strings);
            return self.fill(id, TypeKind::StringEnum(variants));
        }
        if !v.enum_integers.is_empty() && v.typ == Some("integer") {
            let id = self.named_slot(&naming, doc, ptr);
            let names: Vec<String> = v.enum_integers.iter().map(|n| n.to_string()).collect();
            let variants = NameAllocatorExt::variants(&names)
                .into_iter()
                .zip(v.enum_integers.iter())
                .map(|(name, value)| EnumVariant {
                    name,
                    value: *value,
                })
                .collect();
            return self.fill(id, TypeKind::IntegerEnum(variants));
        }
        if let Some(replaced) = self.replaced_format(v.format.as_deref(), ptr) {
            return replaced;
        }
        match v.typ {
            Some("string") if v.format.as_deref() == Some("binary") => {
                TypeRef::Scalar(Scalar::Binary)
            }
            Some("string") => TypeRef::Scalar(Scalar::String),
            Some("boolean") => TypeRef::Scalar(Scalar::Bool),
            Some("integer") => TypeRef::Scalar(match v.format.as_deref() {
                Some("int32") => Scalar::I32,
                Some("uint64") | Some("uint32") => Scalar::U64,
                _ => Scalar::I64,
            }),
            Some("number") => TypeRef::Scalar(match v.format.as_deref() {
                Some("float") => Scalar::F32,
                _ => Scalar::F64,
            }),
            Some("array") => {
                let item_hint = format!("{}Item", self.hint_of(&naming));
                let item_ptr = format!("{ptr}/items");
                let item = match v.items {
                    Some(items) => self.convert_boxed(items, Naming::Inline(item_hint), &item_ptr),
                    None => TypeRef::Any,
                };
                let item = if item_is_nullable(v.items) {
                    TypeRef::Nullable(Box::new(item))
                } else {
                    item
                };
                TypeRef::Array(Box::new(item))
            }
            Some("object") | None if v.properties.is_some_and(|p| !p.is_empty()) => {
                self.convert_object(&v, naming, doc, ptr)
            }
            Some("object") | None if v.additional.is_some() || v.typ == Some("object") => {
                let value = self
                    .additional_value(&v, &naming, ptr)
                    .unwrap_or(TypeRef::Any);
                TypeRef::Map(Box::new(value))
            }
            None => TypeRef::Any,
            Some("null") => TypeRef::Any,
            Some(other) => {
                self.warn(
                    ptr,
                    format!("unknown type `{other}`: using serde_json::Value"),
                );
                TypeRef::Any
            }
        }
    }

    fn hint_of(&self, naming: &Naming) -> String {
        match naming {
            Naming::Component(id) => self.type_name(*id).to_owned(),
            Naming::Inline(hint) => hint.clone(),
        }
    }

    /// The value type of `additionalProperties` (None when it is `false` or absent).
    fn additional_value(
        &mut self,
        v: &SchemaView<'a>,
        naming: &Naming,
        ptr: &str,
    ) -> Option<TypeRef> {
        match v.additional? {
            AdditionalProperties::Any(true) => Some(TypeRef::Any),
            AdditionalProperties::Any(false) => None,
            AdditionalProperties::Schema(schema) => {
                let hint = format!("{}Value", self.hint_of(naming));
                let value_ptr = format!("{ptr}/additionalProperties");
                let value = self.convert(schema, Naming::Inline(hint), &value_ptr);
                Some(value)
            }
        }
    }

    fn convert_object(
        &mut self,
        v: &SchemaView<'a>,
        naming: Naming,
        doc: Option<String>,
        ptr: &str,
    ) -> TypeRef {
        let id = self.named_slot(&naming, doc, ptr);
        let parent = self.type_name(id).to_owned();
        let mut props: Vec<Property<'a>> = Vec::new();
        if let Some(properties) = v.properties {
            for (name, schema) in properties {
                props.push(Property {
                    name: name.clone(),
                    schema,
                    required: v.required.contains(name),
                    base_ptr: ptr.to_owned(),
                });
            }
        }
        let additional = match v.additional {
            Some(AdditionalProperties::Any(false)) => None,
            None => Some(TypeRef::Any),
            Some(_) => self.additional_value(v, &Naming::Inline(parent.clone()), ptr),
        };
        let fields = self.convert_fields(&parent, &props);
        let strct = self.make_struct(fields, additional);
        self.fill(id, TypeKind::Struct(strct))
    }

    /// Builds fields with distinct names; reserves the extra-properties field name.
    fn convert_fields(&mut self, parent: &str, props: &[Property<'a>]) -> Vec<Field> {
        let mut allocator = NameAllocator::new();
        allocator.reserve(EXTRA_FIELD);
        let tickets: Vec<usize> = props
            .iter()
            .map(|p| allocator.request(&p.name, naming::snake_name(&p.name)))
            .collect();
        let names = allocator.resolve();
        let mut fields = Vec::with_capacity(props.len());
        for (prop, ticket) in props.iter().zip(tickets) {
            let field_ptr = format!(
                "{}/properties/{}",
                prop.base_ptr,
                crate::diagnostics::escape_pointer_segment(&prop.name)
            );
            let hint = format!(
                "{parent}{}",
                naming::type_name(&prop.name).trim_end_matches("Model")
            );
            let ty = self.convert_boxed(prop.schema, Naming::Inline(hint), &field_ptr);
            let (doc, nullable) = match prop.schema {
                ReferenceOr::Item(s) => (
                    schema_doc(s),
                    s.schema_data.nullable || schema_has_null_enum(s),
                ),
                ReferenceOr::Reference { .. } => (None, false),
            };
            fields.push(Field {
                name: names
                    .get(ticket)
                    .cloned()
                    .unwrap_or_else(|| naming::snake_name(&prop.name)),
                wire_name: prop.name.clone(),
                doc,
                ty,
                required: prop.required,
                nullable,
                boxed: false,
            });
        }
        fields
    }

    fn make_struct(&self, fields: Vec<Field>, additional: Option<TypeRef>) -> Struct {
        let additional = match additional {
            // Whether undeclared properties are kept is decided once responses are known.
            Some(TypeRef::Any) => Additional::Map {
                field: EXTRA_FIELD.to_owned(),
                value: TypeRef::Any,
            },
            Some(value) => Additional::Map {
                field: EXTRA_FIELD.to_owned(),
                value,
            },
            None => Additional::None,
        };
        Struct { fields, additional }
    }

    /// `allOf`: one part and nothing else is that part; otherwise the parts' properties are
    /// merged into one struct (later parts refine earlier ones).
    fn convert_all_of(
        &mut self,
        schema: &'a Schema,
        v: &SchemaView<'a>,
        naming: Naming,
        doc: Option<String>,
        ptr: &str,
    ) -> TypeRef {
        let own_props = v.properties.is_some_and(|p| !p.is_empty());
        if v.all_of.len() == 1 && !own_props {
            if let Some(part) = v.all_of.first() {
                return self.convert(part, naming, &format!("{ptr}/allOf/0"));
            }
        }
        let mut merged: MergedObject<'a> = MergedObject::default();
        merged.merged_refs.insert(ptr.to_owned());
        for (i, part) in v.all_of.iter().enumerate() {
            self.collect_properties(part, &format!("{ptr}/allOf/{i}"), &mut merged, 0);
        }
        collect_view_properties(v, ptr, &mut merged);
        for (name, earlier, later) in std::mem::take(&mut merged.conflicts) {
            self.warn(
                ptr,
                format!(
                    "allOf parts declare property `{name}` differently ({earlier} and {later}); \
                     the later declaration is used"
                ),
            );
        }
        if merged.props.is_empty() && !merged.saw_object {
            // allOf of scalars / unions: cannot merge into a struct.
            self.warn(ptr, "allOf without object parts: using serde_json::Value");
            return TypeRef::Any;
        }
        let _ = schema;
        let id = self.named_slot(&naming, doc, ptr);
        let parent = self.type_name(id).to_owned();
        let props: Vec<Property<'a>> = merged
            .props
            .iter()
            .map(|(name, (schema, base_ptr))| Property {
                name: name.clone(),
                schema,
                required: merged.required.contains(name.as_str()),
                base_ptr: base_ptr.clone(),
            })
            .collect();
        let fields = self.convert_fields(&parent, &props);
        let additional = if merged.closed {
            None
        } else {
            Some(TypeRef::Any)
        };
        let strct = self.make_struct(fields, additional);
        self.fill(id, TypeKind::Struct(strct))
    }

    /// Adds the properties of an allOf part (following `$ref`s and nested allOf) to `merged`.
    fn collect_properties(
        &mut self,
        part: &'a ReferenceOr<Schema>,
        ptr: &str,
        merged: &mut MergedObject<'a>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            self.warn(ptr, "allOf nested too deeply; the rest is ignored");
            return;
        }
        let schema: &'a Schema = match part {
            ReferenceOr::Reference { reference } => match self.lookup_schema(reference) {
                Some(s) => s,
                None => {
                    self.warn(
                        format!("{ptr}/$ref"),
                        format!("allOf part `{reference}` cannot be merged; ignored"),
                    );
                    return;
                }
            },
            ReferenceOr::Item(schema) => schema,
        };
        let base = match part {
            ReferenceOr::Reference { reference } => ref_pointer(reference),
            ReferenceOr::Item(_) => ptr.to_owned(),
        };
        if matches!(part, ReferenceOr::Reference { .. }) && !merged.merged_refs.insert(base.clone())
        {
            return;
        }
        let v = view(schema);
        for (i, inner) in v.all_of.iter().enumerate() {
            self.collect_properties(inner, &format!("{base}/allOf/{i}"), merged, depth + 1);
        }
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            self.warn(&base, "oneOf/anyOf inside allOf is not merged; its properties are kept as unknown properties");
        }
        collect_view_properties(&v, &base, merged);
    }

    /// `oneOf`/`anyOf`: an untagged (or internally tagged) enum of the alternatives.
    fn convert_union(
        &mut self,
        schema: &'a Schema,
        alternatives: &'a [ReferenceOr<Schema>],
        keyword: &str,
        naming: Naming,
        doc: Option<String>,
        ptr: &str,
    ) -> TypeRef {
        // `[X, {type: null}]` is a nullable X.
        let non_null: Vec<(usize, &'a ReferenceOr<Schema>)> = alternatives
            .iter()
            .enumerate()
            .filter(|(_, s)| !is_null_schema(s))
            .collect();
        if non_null.len() == 1 {
            if let Some((i, only)) = non_null.first() {
                return self.convert(only, naming, &format!("{ptr}/{keyword}/{i}"));
            }
        }
        if non_null.is_empty() {
            return TypeRef::Any;
        }
        let id = self.named_slot(&naming, doc, ptr);
        let parent = self.type_name(id).to_owned();
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut variants = Vec::new();
        let mut raw_names = Vec::new();
        let mut used_tags: HashSet<String> = HashSet::new();
        for (i, alt) in &non_null {
            let alt_ptr = format!("{ptr}/{keyword}/{i}");
            let (raw, ty) = match alt {
                ReferenceOr::Reference { reference } => {
                    let ty = self.resolve_ref(reference, &format!("{alt_ptr}/$ref"));
                    let raw = reference.rsplit('/').next().unwrap_or("Variant").to_owned();
                    (unescape_pointer(&raw), ty)
                }
                ReferenceOr::Item(s) => {
                    let raw = s
                        .schema_data
                        .title
                        .clone()
                        .unwrap_or_else(|| variant_hint(s, *i));
                    let hint = format!("{parent}{}", naming::type_name(&raw));
                    (raw, self.convert_schema(s, Naming::Inline(hint), &alt_ptr))
                }
            };
            let tag_values = match (discriminator, alt) {
                (Some(d), ReferenceOr::Reference { reference }) => {
                    let mapped: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference)
                        .map(|(k, _)| k.clone())
                        .collect();
                    if mapped.is_empty() {
                        vec![unescape_pointer(
                            reference.rsplit('/').next().unwrap_or_default(),
                        )]
                    } else {
                        mapped
                    }
                }
                _ => Vec::new(),
            };
            // A tag value selects one variant: the first alternative that claims it.
            let tag_values: Vec<String> = tag_values
                .into_iter()
                .filter(|t| used_tags.insert(t.clone()))
                .collect();
            raw_names.push(raw);
            variants.push((ty, tag_values));
        }
        let names = NameAllocatorExt::variants(&raw_names);
        let tag = discriminator.map(|d| d.property_name.clone());
        let tagged = tag.is_some()
            && variants
                .iter()
                .all(|(ty, tags)| !tags.is_empty() && matches!(ty, TypeRef::Named(_)));
        if tag.is_some() && !tagged {
            self.warn(
                ptr,
                "discriminator with inline alternatives: decoding untagged instead",
            );
        }
        let variants = names
            .into_iter()
            .zip(variants)
            .map(|(name, (ty, tag_values))| OneOfVariant {
                name,
                ty,
                tag_values,
                boxed: false,
            })
            .collect();
        self.fill(
            id,
            TypeKind::OneOf(OneOf {
                variants,
                tag: if tagged { tag } else { None },
            }),
        )
    }

    /// Hands the finished types back, deciding which structs keep undeclared properties
    /// (those reachable from a response, when the setting is on).
    pub fn finish(self, operations: &[Operation]) -> (Vec<NamedType>, Vec<Diagnostic>) {
        let mut types = self.types;
        let keep = if self.settings.keep_unknown_properties {
            reachable(&types, operations.iter().flat_map(response_roots))
        } else {
            HashSet::new()
        };
        for (id, t) in types.iter_mut().enumerate() {
            if let TypeKind::Struct(s) = &mut t.kind {
                let open_any = matches!(
                    &s.additional,
                    Additional::Map {
                        value: TypeRef::Any,
                        ..
                    }
                );
                if open_any && !keep.contains(&id) {
                    s.additional = Additional::None;
                }
            }
            if t.kind == TypeKind::Pending {
                t.kind = TypeKind::Alias(TypeRef::Any);
            }
        }
        (types, self.warnings)
    }
}

struct Property<'a> {
    name: String,
    schema: &'a ReferenceOr<Box<Schema>>,
    required: bool,
    base_ptr: String,
}

#[derive(Default)]
struct MergedObject<'s> {
    props: IndexMap<String, (&'s ReferenceOr<Box<Schema>>, String)>,
    required: HashSet<String>,
    saw_object: bool,
    closed: bool,
    /// Properties two parts declare differently: (name, earlier part, later part).
    conflicts: Vec<(String, String, String)>,
    /// Pointers of the schemas already merged: a part reached twice (a diamond, or a cycle
    /// back through `$ref`s) adds nothing new, and following it again would fan out
    /// exponentially.
    merged_refs: HashSet<String>,
}

/// A property schema that only says "some object / anything", which a later part may refine
/// without that being a conflict.
fn is_generic_property(schema: &ReferenceOr<Box<Schema>>) -> bool {
    match schema {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(s) => {
            let v = view(s);
            matches!(v.typ, None | Some("object"))
                && v.properties.is_none_or(|p| p.is_empty())
                && v.items.is_none()
                && v.one_of.is_empty()
                && v.any_of.is_empty()
                && v.all_of.is_empty()
                && v.enum_strings.is_empty()
                && v.enum_integers.is_empty()
        }
    }
}

/// Whether two property schemas are the same apart from their documentation.
fn same_property(a: &ReferenceOr<Box<Schema>>, b: &ReferenceOr<Box<Schema>>) -> bool {
    match (a, b) {
        (ReferenceOr::Reference { reference: x }, ReferenceOr::Reference { reference: y }) => {
            x == y
        }
        (ReferenceOr::Item(x), ReferenceOr::Item(y)) => {
            x.schema_kind == y.schema_kind && x.schema_data.nullable == y.schema_data.nullable
        }
        _ => false,
    }
}

fn collect_view_properties<'s>(v: &SchemaView<'s>, ptr: &str, merged: &mut MergedObject<'s>) {
    if let Some(props) = v.properties {
        merged.saw_object = true;
        for (name, schema) in props {
            // A later part refines an earlier one (e.g. the envelope's `data`); when both
            // parts say something specific and disagree, the later one wins and the conflict
            // is reported.
            if let Some((earlier, earlier_ptr)) = merged.props.get(name) {
                if !is_generic_property(earlier) && !same_property(earlier, schema) {
                    merged
                        .conflicts
                        .push((name.clone(), earlier_ptr.clone(), ptr.to_owned()));
                }
            }
            merged.props.insert(name.clone(), (schema, ptr.to_owned()));
        }
    }
    if v.typ == Some("object") {
        merged.saw_object = true;
    }
    if matches!(v.additional, Some(AdditionalProperties::Any(false))) {
        merged.closed = true;
    }
    merged.required.extend(v.required.iter().cloned());
}

fn ref_pointer(reference: &str) -> String {
    reference.to_owned()
}

/// Whether `reference` is `#/components/<kind>/<name>` and the document has no such
/// component. The loader has reported that `$ref` already, at its place in the user's text
/// and with what is done instead, so the IR's fallback adds no second diagnostic for the same
/// problem. A name with `%` escapes is not judged here (the loader may have resolved it).
pub(crate) fn names_missing_component(openapi: &OpenAPI, kind: &str, reference: &str) -> bool {
    let Some(name) = reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(kind))
        .and_then(|rest| rest.strip_prefix('/'))
    else {
        return false;
    };
    if name.contains(['/', '%']) {
        return false;
    }
    let name = unescape_pointer(name);
    let Some(components) = openapi.components.as_ref() else {
        return true;
    };
    let present = match kind {
        "schemas" => components.schemas.contains_key(&name),
        "parameters" => components.parameters.contains_key(&name),
        "requestBodies" => components.request_bodies.contains_key(&name),
        "responses" => components.responses.contains_key(&name),
        _ => true,
    };
    !present
}

fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn is_null_schema(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Item(s) => {
            matches!(&s.schema_kind, SchemaKind::Any(a) if a.typ.as_deref() == Some("null"))
        }
        ReferenceOr::Reference { .. } => false,
    }
}

fn schema_has_null_enum(schema: &Schema) -> bool {
    view(schema).enum_has_null
}

fn item_is_nullable(items: Option<&ReferenceOr<Box<Schema>>>) -> bool {
    matches!(items, Some(ReferenceOr::Item(s)) if s.schema_data.nullable)
}

/// A name for an inline union alternative without a title: its type, or its position.
fn variant_hint(schema: &Schema, index: usize) -> String {
    let v = view(schema);
    match v.typ {
        Some("string") => "String".to_owned(),
        Some("integer") => "Integer".to_owned(),
        Some("number") => "Number".to_owned(),
        Some("boolean") => "Boolean".to_owned(),
        Some("array") => "Array".to_owned(),
        _ if v.properties.is_some_and(|p| p.len() == 1) => v
            .properties
            .and_then(|p| p.keys().next().cloned())
            .unwrap_or_else(|| format!("Variant{index}")),
        _ => format!("Variant{index}"),
    }
}

fn enum_variants(values: &[String]) -> Vec<EnumVariant<String>> {
    NameAllocatorExt::variants(values)
        .into_iter()
        .zip(values)
        .map(|(name, value)| EnumVariant {
            name,
            value: value.clone(),
        })
        .collect()
}

/// Variant names: distinct, order-independent, never `Other` (the catch-all).
struct NameAllocatorExt;

impl NameAllocatorExt {
    fn variants(raw: &[String]) -> Vec<String> {
        let mut allocator = NameAllocator::new();
        allocator.reserve("Other");
        let tickets: Vec<usize> = raw
            .iter()
            .map(|r| {
                let candidate = if r.parse::<f64>().is_ok() {
                    // 1 → V1, -1 → VMinus1
                    format!("V{}", r.replace('-', "Minus").replace('.', "_"))
                } else {
                    naming::variant_name(r)
                };
                allocator.request(r, candidate)
            })
            .collect();
        let names = allocator.resolve();
        tickets
            .into_iter()
            .map(|t| names.get(t).cloned().unwrap_or_default())
            .collect()
    }
}

/// Types used by responses, and everything they contain.
fn response_roots(op: &Operation) -> Vec<TypeRef> {
    std::iter::once(&op.response.decoding)
        .chain(op.other_responses.iter().map(|r| &r.decoding))
        .filter_map(|d| match d {
            super::Decoding::Envelope(t) | super::Decoding::Json(t) => Some(t.clone()),
            super::Decoding::Stream(s) => Some(s.item.clone()),
            _ => None,
        })
        .collect()
}

pub fn reachable(types: &[NamedType], roots: impl IntoIterator<Item = TypeRef>) -> HashSet<TypeId> {
    let mut seen = HashSet::new();
    let mut stack: Vec<TypeRef> = roots.into_iter().collect();
    while let Some(t) = stack.pop() {
        match t {
            TypeRef::Named(id) => {
                if !seen.insert(id) {
                    continue;
                }
                if let Some(named) = types.get(id) {
                    stack.extend(children(&named.kind));
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                stack.push(*inner)
            }
            TypeRef::Scalar(_) | TypeRef::Any => {}
        }
    }
    seen
}

/// The type references a type's definition holds.
pub fn children(kind: &TypeKind) -> Vec<TypeRef> {
    match kind {
        TypeKind::Struct(s) => {
            let mut out: Vec<TypeRef> = s.fields.iter().map(|f| f.ty.clone()).collect();
            if let Additional::Map { value, .. } = &s.additional {
                out.push(value.clone());
            }
            out
        }
        TypeKind::OneOf(o) => o.variants.iter().map(|v| v.ty.clone()).collect(),
        TypeKind::Alias(t) => vec![t.clone()],
        TypeKind::Params(params) => params.iter().map(|p| p.ty.clone()).collect(),
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) | TypeKind::Pending => Vec::new(),
    }
}

/// Marks the types for which `#[derive(Default)]` makes sense: structs whose fields all have a
/// default (options, collections, scalars, and other such structs).
pub fn decide_defaults(types: &mut [NamedType]) {
    let mut defaultable: Vec<bool> = types
        .iter()
        .map(|t| matches!(t.kind, TypeKind::Struct(_) | TypeKind::Params(_)))
        .collect();
    // Greatest fixed point: start optimistic, knock out until stable (cycles stay defaultable
    // only through Option/Vec, which always have a default).
    loop {
        let mut changed = false;
        for (id, t) in types.iter().enumerate() {
            if !defaultable.get(id).copied().unwrap_or(false) {
                continue;
            }
            let ok = match &t.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .all(|f| f.is_optional() || ref_has_default(&f.ty, &defaultable)),
                TypeKind::Params(params) => params
                    .iter()
                    .all(|p| !p.required || ref_has_default(&p.ty, &defaultable)),
                _ => false,
            };
            if !ok {
                if let Some(slot) = defaultable.get_mut(id) {
                    *slot = false;
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (t, d) in types.iter_mut().zip(defaultable) {
        t.derive_default = d;
    }
}

fn ref_has_default(t: &TypeRef, defaultable: &[bool]) -> bool {
    match t {
        TypeRef::Named(id) => defaultable.get(*id).copied().unwrap_or(false),
        TypeRef::Scalar(_)
        | TypeRef::Array(_)
        | TypeRef::Map(_)
        | TypeRef::Nullable(_)
        | TypeRef::Any => true,
    }
}
