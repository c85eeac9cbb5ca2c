//! Rules for the `types` module: named types, struct fields, enum values, union variants.
//!
//! Types are matched by Rust name. Whether a change breaks code can depend on where the type
//! travels: a required field is something code must set only on a type it sends.

use serde_json::Value;

use super::compare::{by_key, same_doc, Comparison};
use super::kind::{Class, Kind};
use super::rust::{field_inner_text, optional_text, type_text};
use crate::ir::{
    Additional, EnumVariant, Field, NamedType, OneOf, OneOfVariant, Struct, TypeId, TypeKind,
};

impl Comparison<'_> {
    pub(super) fn types(&mut self) {
        let (old_api, new_api) = (self.old.api, self.new.api);
        let old = by_key(&old_api.types, |t| t.name.as_str());
        let new = by_key(&new_api.types, |t| t.name.as_str());
        for (new_id, n) in new_api.types.iter().enumerate() {
            match old.get(&n.name) {
                Some(o) => self.named_type(o, (new_id, n)),
                // Params structs come and go with their operation (`operations.rs`).
                None if matches!(n.kind, TypeKind::Params(_)) => {}
                None => self.push(
                    Class::Additive,
                    Kind::TypeAdded,
                    format!("types::{}", n.name),
                    None,
                    Some(self.new_type_ptr(n)),
                    format!("new {} `{}`", kind_text(&n.kind), n.name),
                ),
            }
        }
        for o in &old_api.types {
            if !new.contains_key(&o.name) && !matches!(o.kind, TypeKind::Params(_)) {
                self.push(
                    Class::Breaking,
                    Kind::TypeRemoved,
                    format!("types::{}", o.name),
                    Some(self.old_type_ptr(o)),
                    None,
                    format!("{} `{}` was removed", kind_text(&o.kind), o.name),
                );
            }
        }
    }

    fn old_type_ptr(&self, t: &NamedType) -> String {
        type_pointer(&self.old.locate, t)
    }

    fn new_type_ptr(&self, t: &NamedType) -> String {
        type_pointer(&self.new.locate, t)
    }

    fn named_type(&mut self, o: &NamedType, (new_id, n): (TypeId, &NamedType)) {
        let NamedType {
            name,
            doc,
            pointer: _,
            source: _,
            kind,
            derive_default: _,
        } = o;
        let item = format!("types::{name}");
        let old_ptr = self.old_type_ptr(o);
        let new_ptr = self.new_type_ptr(n);
        let replaced = (
            self.old.api.replaced_types.get(name),
            self.new.api.replaced_types.get(name),
        );
        if replaced.0.is_some() || replaced.1.is_some() {
            // Settings put the user's own type here: only what it is an alias of matters.
            if replaced.0 != replaced.1 {
                let text = |r: Option<&String>| {
                    r.map_or_else(|| "a generated type".to_owned(), |t| format!("`{t}`"))
                };
                self.push(
                    Class::Breaking,
                    Kind::TypeAliasChanged,
                    item,
                    Some(old_ptr),
                    Some(new_ptr),
                    format!("is {}, was {}", text(replaced.1), text(replaced.0)),
                );
            }
            return;
        }
        if !same_doc(doc, &n.doc) && !matches!(kind, TypeKind::Params(_)) {
            self.push(
                Class::Docs,
                Kind::TypeDocsChanged,
                &item,
                Some(old_ptr.clone()),
                Some(new_ptr.clone()),
                "description changed",
            );
        }
        let sides = TypeSides {
            item: &item,
            old: &old_ptr,
            new: &new_ptr,
            old_converted: &o.pointer,
            new_converted: &n.pointer,
            new_id,
        };
        match (kind, &n.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                self.struct_fields(&sides, a, b);
                self.default_derive(o, n, Some(old_ptr), Some(new_ptr));
            }
            (TypeKind::StringEnum(a), TypeKind::StringEnum(b)) => {
                self.enum_values(&sides, a, b, |v| Value::from(v.as_str()))
            }
            (TypeKind::IntegerEnum(a), TypeKind::IntegerEnum(b)) => {
                self.enum_values(&sides, a, b, |v| Value::from(*v))
            }
            (TypeKind::OneOf(a), TypeKind::OneOf(b)) => self.union(&sides, a, b),
            (TypeKind::Alias(a), TypeKind::Alias(b)) => {
                let (a, b) = (type_text(self.old.api, a), type_text(self.new.api, b));
                if a != b {
                    self.push(
                        Class::Breaking,
                        Kind::TypeAliasChanged,
                        item,
                        Some(old_ptr),
                        Some(new_ptr),
                        format!("`{name}` is `{b}`, was `{a}`"),
                    );
                }
            }
            // Compared with their operation.
            (TypeKind::Params(_), TypeKind::Params(_)) | (TypeKind::Pending, TypeKind::Pending) => {
            }
            (a, b) => self.push(
                Class::Breaking,
                Kind::TypeKindChanged,
                item,
                Some(old_ptr),
                Some(new_ptr),
                format!("`{name}` is a {}, was a {}", kind_text(b), kind_text(a)),
            ),
        }
    }

    fn struct_fields(&mut self, at: &TypeSides<'_>, old: &Struct, new: &Struct) {
        let Struct { fields, additional } = old;
        let old_by = by_key(fields, |f| f.name.as_str());
        let new_by = by_key(&new.fields, |f| f.name.as_str());
        let sent = self.new.usage.is_sent(at.new_id);
        for n in &new.fields {
            let item = format!("{}::{}", at.item, n.name);
            let n_ptr = self
                .new
                .locate
                .field(at.new_converted, at.new, &n.wire_name);
            let Some(o) = old_by.get(&n.name) else {
                let ty = optional_text(&field_inner_text(self.new.api, n), n.is_optional());
                let (class, why) = if sent && !n.is_optional() {
                    (Class::Breaking, "required in a type code sends")
                } else if n.is_optional() {
                    (Class::Additive, "optional")
                } else {
                    (Class::Additive, "only read from responses")
                };
                self.push(
                    class,
                    Kind::FieldAdded,
                    item,
                    None,
                    n_ptr.or_else(|| Some(at.new.to_owned())),
                    format!("new field `{}: {ty}` ({why})", n.name),
                );
                continue;
            };
            let o_ptr = self
                .old
                .locate
                .field(at.old_converted, at.old, &o.wire_name);
            self.field(&item, sent, o, n, o_ptr, n_ptr);
        }
        for o in fields {
            if !new_by.contains_key(&o.name) {
                self.push(
                    Class::Breaking,
                    Kind::FieldRemoved,
                    format!("{}::{}", at.item, o.name),
                    self.old
                        .locate
                        .field(at.old_converted, at.old, &o.wire_name)
                        .or_else(|| Some(at.old.to_owned())),
                    None,
                    format!("field {} was removed", field_text(o)),
                );
            }
        }
        self.additional(at, additional, &new.additional);
    }

    /// One field in both documents; `sent`: the new type is sent in requests.
    fn field(
        &mut self,
        item: &str,
        sent: bool,
        o: &Field,
        n: &Field,
        o_ptr: Option<String>,
        n_ptr: Option<String>,
    ) {
        let Field {
            name: _,
            wire_name,
            doc,
            ty: _,
            required,
            nullable: _,
            boxed: _,
        } = o;
        let push = |this: &mut Self, class, kind, message: String| {
            this.push(class, kind, item, o_ptr.clone(), n_ptr.clone(), message)
        };
        let (a, b) = (
            field_inner_text(self.old.api, o),
            field_inner_text(self.new.api, n),
        );
        if a != b {
            push(
                self,
                Class::Breaking,
                Kind::FieldTypeChanged,
                format!(
                    "`{}` is `{}`, was `{}`",
                    n.name,
                    optional_text(&b, n.is_optional()),
                    optional_text(&a, o.is_optional())
                ),
            );
        }
        match (o.is_optional(), n.is_optional()) {
            (true, false) => push(
                self,
                Class::Breaking,
                Kind::FieldBecameRequired,
                format!("`{}` is required: `{b}`, was `Option<{a}>`", n.name),
            ),
            (false, true) => push(
                self,
                Class::Breaking,
                Kind::FieldBecameOptional,
                format!("`{}` is optional: `Option<{b}>`, was `{a}`", n.name),
            ),
            // Nullable either way: the Rust type stays `Option`, only presence on the wire
            // changes, which matters for what code sends.
            _ => match (required, n.required) {
                (false, true) => push(
                    self,
                    if sent { Class::Breaking } else { Class::Docs },
                    Kind::FieldBecameRequired,
                    format!("`{}` must be present (it may still be null); the Rust type is unchanged", n.name),
                ),
                (true, false) => push(
                    self,
                    if sent { Class::Additive } else { Class::Docs },
                    Kind::FieldBecameOptional,
                    format!("`{}` may be left out (it is no longer sent as null); the Rust type is unchanged", n.name),
                ),
                _ => {}
            },
        }
        if *wire_name != n.wire_name {
            push(
                self,
                Class::Breaking,
                Kind::FieldWireNameChanged,
                format!(
                    "`{}` is `{}` in JSON, was `{wire_name}`",
                    n.name, n.wire_name
                ),
            );
        }
        if !same_doc(doc, &n.doc) {
            push(
                self,
                Class::Docs,
                Kind::FieldDocsChanged,
                format!("`{}`: description changed", n.name),
            );
        }
    }

    fn additional(&mut self, at: &TypeSides<'_>, old: &Additional, new: &Additional) {
        let old_ptr = Some(self.old.locate.additional(at.old));
        let new_ptr = Some(self.new.locate.additional(at.new));
        match (old, new) {
            (Additional::None, Additional::None) => {}
            (Additional::None, Additional::Map { field, value }) => self.push(
                Class::Additive,
                Kind::ExtraPropertiesAdded,
                format!("{}::{field}", at.item),
                None,
                new_ptr,
                format!(
                    "undeclared properties are kept in `{field}: PropertyMap<{}>`",
                    type_text(self.new.api, value)
                ),
            ),
            (Additional::Map { field, .. }, Additional::None) => self.push(
                Class::Breaking,
                Kind::ExtraPropertiesRemoved,
                format!("{}::{field}", at.item),
                old_ptr,
                None,
                format!("the `{field}` map of undeclared properties is gone"),
            ),
            (
                Additional::Map { field, value },
                Additional::Map {
                    field: new_field,
                    value: new_value,
                },
            ) => {
                let a = format!("{field}: PropertyMap<{}>", type_text(self.old.api, value));
                let b = format!(
                    "{new_field}: PropertyMap<{}>",
                    type_text(self.new.api, new_value)
                );
                if a != b {
                    self.push(
                        Class::Breaking,
                        Kind::ExtraPropertiesTypeChanged,
                        format!("{}::{new_field}", at.item),
                        old_ptr,
                        new_ptr,
                        format!("undeclared properties are in `{b}`, was `{a}`"),
                    );
                }
            }
        }
    }

    /// Enum values, matched by value; `as_json` spells a value as the spec would.
    fn enum_values<V: PartialEq + std::fmt::Display>(
        &mut self,
        at: &TypeSides<'_>,
        old: &[EnumVariant<V>],
        new: &[EnumVariant<V>],
        as_json: impl Fn(&V) -> Value,
    ) {
        let sent = self.new.usage.is_sent(at.new_id);
        let read = self.new.usage.is_read(at.new_id);
        for n in new {
            let n_ptr = self.new.locate.enum_value(at.new, &as_json(&n.value));
            let item = format!("{}::{}", at.item, n.name);
            match old.iter().find(|o| o.value == n.value) {
                None => {
                    let note = if sent {
                        "code may send it"
                    } else if read {
                        "responses may carry it; until now it decoded to `Other`"
                    } else {
                        "no operation uses the type"
                    };
                    self.push(
                        Class::Additive,
                        Kind::EnumValueAdded,
                        item,
                        None,
                        n_ptr,
                        format!("new value `{}` ({note})", n.value),
                    );
                }
                Some(o) => {
                    let EnumVariant { name, value: _ } = o;
                    if *name != n.name {
                        self.push(
                            Class::Breaking,
                            Kind::EnumVariantRenamed,
                            item,
                            self.old.locate.enum_value(at.old, &as_json(&o.value)),
                            n_ptr,
                            format!(
                                "value `{}` is the variant `{}`, was `{name}`",
                                n.value, n.name
                            ),
                        );
                    }
                }
            }
        }
        for o in old {
            if !new.iter().any(|n| n.value == o.value) {
                let note = if sent {
                    "the server refuses it; the variant is gone"
                } else if read {
                    "the variant is gone; the value would now decode to `Other`"
                } else {
                    "the variant is gone"
                };
                self.push(
                    Class::Breaking,
                    Kind::EnumValueRemoved,
                    format!("{}::{}", at.item, o.name),
                    self.old.locate.enum_value(at.old, &as_json(&o.value)),
                    None,
                    format!("value `{}` was removed ({note})", o.value),
                );
            }
        }
    }

    fn union(&mut self, at: &TypeSides<'_>, old: &OneOf, new: &OneOf) {
        let OneOf { variants, tag } = old;
        if *tag != new.tag {
            let text = |t: &Option<String>| {
                t.as_deref()
                    .map_or_else(|| "untagged".to_owned(), |t| format!("tagged by `{t}`"))
            };
            self.push(
                Class::Breaking,
                Kind::UnionTagChanged,
                at.item,
                Some(at.old.to_owned()),
                Some(at.new.to_owned()),
                format!("is {}, was {}", text(&new.tag), text(tag)),
            );
        }
        let old_by = by_key(variants, |v| v.name.as_str());
        let new_by = by_key(&new.variants, |v| v.name.as_str());
        let variant_text = |api, v: &OneOfVariant| {
            let inner = type_text(api, &v.ty);
            if v.boxed {
                format!("Box<{inner}>")
            } else {
                inner
            }
        };
        for (i, n) in new.variants.iter().enumerate() {
            let item = format!("{}::{}", at.item, n.name);
            let n_ptr = self.new.locate.union_variant(at.new, i);
            let Some(o) = old_by.get(&n.name) else {
                self.push(
                    Class::Additive,
                    Kind::UnionVariantAdded,
                    item,
                    None,
                    n_ptr,
                    format!(
                        "new variant `{}({})`",
                        n.name,
                        variant_text(self.new.api, n)
                    ),
                );
                continue;
            };
            let OneOfVariant {
                name: _,
                ty: _,
                tag_values,
                boxed: _,
            } = o;
            let old_index = variants
                .iter()
                .position(|v| v.name == n.name)
                .unwrap_or_default();
            let o_ptr = self.old.locate.union_variant(at.old, old_index);
            let (a, b) = (variant_text(self.old.api, o), variant_text(self.new.api, n));
            if a != b {
                self.push(
                    Class::Breaking,
                    Kind::UnionVariantTypeChanged,
                    &item,
                    o_ptr.clone(),
                    n_ptr.clone(),
                    format!("`{}` holds `{b}`, was `{a}`", n.name),
                );
            }
            if new.tag.is_some() && *tag_values != n.tag_values {
                self.push(
                    Class::Breaking,
                    Kind::UnionTagChanged,
                    item,
                    o_ptr,
                    n_ptr,
                    format!(
                        "`{}` is selected by {}, was {}",
                        n.name,
                        n.tag_values.join(", "),
                        tag_values.join(", ")
                    ),
                );
            }
        }
        for (i, o) in variants.iter().enumerate() {
            if !new_by.contains_key(&o.name) {
                self.push(
                    Class::Breaking,
                    Kind::UnionVariantRemoved,
                    format!("{}::{}", at.item, o.name),
                    self.old.locate.union_variant(at.old, i),
                    None,
                    format!("variant `{}` was removed", o.name),
                );
            }
        }
    }
}

impl Comparison<'_> {
    /// `#[derive(Default)]` on a struct (or params struct) in both documents.
    pub(super) fn default_derive(
        &mut self,
        o: &NamedType,
        n: &NamedType,
        old_ptr: Option<String>,
        new_ptr: Option<String>,
    ) {
        let item = format!("types::{}", n.name);
        match (o.derive_default, n.derive_default) {
            (true, false) => self.push(
                Class::Breaking,
                Kind::TypeDefaultRemoved,
                item,
                old_ptr,
                new_ptr,
                "no longer implements `Default` (`..Default::default()` stops compiling)",
            ),
            (false, true) => self.push(
                Class::Additive,
                Kind::TypeDefaultAdded,
                item,
                old_ptr,
                new_ptr,
                "now implements `Default`",
            ),
            _ => {}
        }
    }
}

/// A type's item and pointers (source, and converted for mapping fields).
struct TypeSides<'p> {
    item: &'p str,
    old: &'p str,
    new: &'p str,
    old_converted: &'p str,
    new_converted: &'p str,
    new_id: TypeId,
}

/// Where a type is in its document as written.
fn type_pointer(locate: &crate::locate::Locator<'_>, t: &NamedType) -> String {
    match &t.source {
        Some(source) => locate.nearest(source),
        None => locate.schema(&t.pointer),
    }
}

/// `` `name` ``, with the JSON name when it differs.
fn field_text(f: &Field) -> String {
    if f.name == f.wire_name {
        format!("`{}`", f.name)
    } else {
        format!("`{}` (JSON `{}`)", f.name, f.wire_name)
    }
}

fn kind_text(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::StringEnum(_) => "string enum",
        TypeKind::IntegerEnum(_) => "integer enum",
        TypeKind::OneOf(_) => "union enum",
        TypeKind::Alias(_) => "type alias",
        TypeKind::Params(_) => "params struct",
        TypeKind::Pending => "type",
    }
}
