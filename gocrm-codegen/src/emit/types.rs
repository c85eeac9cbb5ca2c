//! IR types → the `types` module.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_span, doc_attrs, doc_raw};
use super::{ident, type_tokens, Context};
use crate::ir::{
    Additional, EnumVariant, Field, NamedType, OneOf, Param, ParamLocation, Struct, TypeKind,
    TypeRef,
};

/// The body of the `types` module.
pub fn emit_types(cx: &Context<'_>) -> TokenStream {
    emit_types_part(cx, 0..cx.api.types.len())
}

/// The part of the `types` module for the IR types in `range`, with the module's imports when
/// the range starts at 0: consecutive parts, concatenated, are [`emit_types`]. Lets the
/// generator emit and format a large module on several threads.
pub fn emit_types_part(cx: &Context<'_>, range: std::ops::Range<usize>) -> TokenStream {
    let multipart = multipart_bodies(cx);
    let imports = if range.start == 0 {
        quote! {
            #[allow(unused_imports)]
            use std::collections::BTreeMap;
            #[allow(unused_imports)]
            use serde::{Deserialize, Serialize};
        }
    } else {
        TokenStream::new()
    };
    let types = cx.api.types.get(range.clone()).unwrap_or_default();
    let items = types.iter().zip(range).map(|(t, id)| {
        let item = emit_type(cx, t);
        match &t.kind {
            TypeKind::Struct(s) if multipart.contains(&id) => {
                let body = emit_multipart_impl(cx, t, s);
                quote!(#item #body)
            }
            _ => item,
        }
    });
    quote! {
        #imports

        #(#items)*
    }
}

fn emit_type(cx: &Context<'_>, t: &NamedType) -> TokenStream {
    if let Some(alias) = super::custom::replacement(cx, t) {
        return alias;
    }
    let name = ident(&t.name);
    let mut doc = doc_attrs(t.doc.as_deref());
    if let Some(source) = &t.source {
        let line = format!("Spec: {}.", code_span(source));
        doc.extend(if t.doc.is_some() {
            doc_raw(&["", &line])
        } else {
            doc_raw(&[&line])
        });
    }
    match &t.kind {
        TypeKind::Struct(s) => emit_struct(cx, t, s, doc),
        TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) | TypeKind::OneOf(_) => {
            let item = match &t.kind {
                TypeKind::StringEnum(variants) => emit_string_enum(cx, &name, variants, doc),
                TypeKind::IntegerEnum(variants) => emit_integer_enum(cx, &name, variants, doc),
                TypeKind::OneOf(o) => emit_one_of(cx, &name, o, doc),
                _ => TokenStream::new(),
            };
            let lenient = super::deserialize::emit_plain_lenient_impl(cx, &name);
            quote!(#item #lenient)
        }
        TypeKind::Alias(target) => {
            let target = type_tokens(cx, target, false);
            quote! { #doc pub type #name = #target; }
        }
        TypeKind::Params(params) => emit_params(cx, t, params, doc),
        TypeKind::Pending => TokenStream::new(),
    }
}

/// What structs and unions derive (or may), for `custom::extra_derives`.
const STRUCT_DERIVES: [&str; 6] = [
    "Debug",
    "Clone",
    "PartialEq",
    "Default",
    "Serialize",
    "Deserialize",
];
/// What enums derive or implement by hand.
const ENUM_DERIVES: [&str; 10] = [
    "Debug",
    "Clone",
    "Copy",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
    "Serialize",
    "Deserialize",
];

/// A struct's derives; `Serialize` and `Deserialize` are written out by
/// `serialize::emit_serialize_impl` and `deserialize::emit_deserialize_impl`.
fn derives(t: &NamedType) -> TokenStream {
    if t.derive_default {
        quote!(#[derive(Debug, Clone, PartialEq, Default)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    }
}

fn emit_struct(cx: &Context<'_>, t: &NamedType, s: &Struct, doc: TokenStream) -> TokenStream {
    let name = ident(&t.name);
    let derives = derives(t);
    let extra_derives = super::custom::extra_derives(cx, &STRUCT_DERIVES);
    let fields = s.fields.iter().map(|f| emit_field(cx, f));
    let extra = match &s.additional {
        Additional::None => TokenStream::new(),
        Additional::Map { field, value } => {
            let field = ident(field);
            let value = type_tokens(cx, value, false);
            let runtime = cx.runtime_path_tokens();
            let doc = doc_raw(&[
                "Properties the spec does not declare, kept as received and written back.",
            ]);
            quote! {
                #doc
                pub #field: #runtime::PropertyMap<#value>,
            }
        }
    };
    let serialize = super::serialize::emit_serialize_impl(cx, t, s);
    let deserialize = super::deserialize::emit_deserialize_impl(cx, t, s);
    quote! {
        #doc
        #derives
        #extra_derives
        pub struct #name {
            #(#fields)*
            #extra
        }
        #serialize
        #deserialize
    }
}

/// A field's Rust type: its IR type, boxed where `ir::recursion` says so, in an `Option` when
/// it may be absent or null. The `Deserialize` impl declares its slots with it too.
pub(super) fn field_type(cx: &Context<'_>, f: &Field) -> TokenStream {
    let mut inner = type_tokens(cx, &f.ty, false);
    if f.boxed {
        inner = quote!(Box<#inner>);
    }
    if f.is_optional() {
        quote!(Option<#inner>)
    } else {
        inner
    }
}

fn emit_field(cx: &Context<'_>, f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let doc = match f.doc.as_deref() {
        Some(text) => doc_attrs(Some(text)),
        None => doc_raw(&[&format!(
            "{} (not described in the spec).",
            code_span(&f.wire_name)
        )]),
    };
    let ty = field_type(cx, f);
    // Wire names, defaults and leniency live in the written-out `Serialize`/`Deserialize`
    // impls, so the field carries no serde attributes.
    quote! {
        #doc
        pub #name: #ty,
    }
}

fn emit_string_enum(
    cx: &Context<'_>,
    name: &syn::Ident,
    variants: &[EnumVariant<String>],
    doc: TokenStream,
) -> TokenStream {
    let idents: Vec<syn::Ident> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = values.iter().map(|v| {
        let text = format!(" {}", code_span(v));
        quote!(#[doc = #text])
    });
    let runtime = cx.runtime_path_tokens();
    let decode = if cx.settings.lenient_scalars {
        quote!(let text: String = #runtime::lenient::deserialize(deserializer)?;)
    } else {
        quote!(let text = String::deserialize(deserializer)?;)
    };
    let extra_derives = super::custom::extra_derives(cx, &ENUM_DERIVES);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #extra_derives
        pub enum #name {
            #(#variant_docs #idents,)*
            /// A value the spec does not list, kept as received.
            Other(String),
        }

        impl #name {
            /// The value as it goes over the wire; values compare, order and hash by it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Other(value) => value.as_str(),
                }
            }
        }

        // By the wire text rather than derived: the same traits for a fraction of the
        // compile time (BENCHMARKS.md, goal 2), and `Other("x")` equals the variant for "x".
        impl PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for #name {}

        impl std::hash::Hash for #name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
            }
        }

        impl PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for #name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #decode
                Ok(Self::from(text.as_str()))
            }
        }

        impl #runtime::ParamValue for #name {
            fn to_param(&self) -> String {
                self.as_str().to_owned()
            }
        }
    }
}

fn emit_integer_enum(
    cx: &Context<'_>,
    name: &syn::Ident,
    variants: &[EnumVariant<i64>],
    doc: TokenStream,
) -> TokenStream {
    let idents: Vec<syn::Ident> = variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<i64> = variants.iter().map(|v| v.value).collect();
    let variant_docs = values.iter().map(|v| {
        let text = format!(" `{v}`");
        quote!(#[doc = #text])
    });
    let runtime = cx.runtime_path_tokens();
    let decode = if cx.settings.lenient_scalars {
        quote!(let value: i64 = #runtime::lenient::deserialize(deserializer)?;)
    } else {
        quote!(let value = i64::deserialize(deserializer)?;)
    };
    let extra_derives = super::custom::extra_derives(cx, &ENUM_DERIVES);
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #extra_derives
        pub enum #name {
            #(#variant_docs #idents,)*
            /// A value the spec does not list, kept as received.
            Other(i64),
        }

        impl #name {
            /// The value as it goes over the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Other(value) => *value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Other(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.as_i64())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #decode
                Ok(Self::from(value))
            }
        }

        impl #runtime::ParamValue for #name {
            fn to_param(&self) -> String {
                self.as_i64().to_string()
            }
        }
    }
}

fn emit_one_of(cx: &Context<'_>, name: &syn::Ident, o: &OneOf, doc: TokenStream) -> TokenStream {
    if let Some(tag) = &o.tag {
        return emit_tagged_one_of(cx, name, o, tag, doc);
    }
    let mut variants = Vec::new();
    let mut encode_arms = Vec::new();
    let mut decode_tries = Vec::new();
    for v in &o.variants {
        let vname = ident(&v.name);
        let mut ty = type_tokens(cx, &v.ty, false);
        if v.boxed {
            ty = quote!(Box<#ty>);
        }
        variants.push(quote!(#vname(#ty),));
        encode_arms.push(quote!(Self::#vname(value) => value.serialize(serializer),));
        decode_tries.push(quote! {
            if let Ok(variant) = <#ty as Deserialize>::deserialize(&value) {
                return Ok(Self::#vname(variant));
            }
        });
    }
    // What serde's `#[serde(untagged)]` does, written out (its derive was 4 % of nexus's
    // `cargo check`): the value is buffered, then the first variant that decodes wins.
    let no_match = format!("data did not match any variant of untagged enum {name}");
    let value = if o.variants.is_empty() {
        quote!(_value)
    } else {
        quote!(value)
    };
    let extra_derives = super::custom::extra_derives(cx, &STRUCT_DERIVES);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #extra_derives
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#encode_arms)*
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let #value = serde_json::Value::deserialize(deserializer)?;
                #(#decode_tries)*
                Err(serde::de::Error::custom(#no_match))
            }
        }
    }
}

/// A `oneOf` with a discriminator: decoding reads the tag property and picks the variant (the
/// variant types usually declare the tag too, so serde's `#[serde(tag)]` would lose it);
/// encoding writes the variant and adds the tag when the variant did not set it. Unknown tags
/// decode to `Other` with the JSON kept.
fn emit_tagged_one_of(
    cx: &Context<'_>,
    name: &syn::Ident,
    o: &OneOf,
    tag: &str,
    doc: TokenStream,
) -> TokenStream {
    let mut variants = Vec::new();
    let mut decode_arms = Vec::new();
    let mut encode_arms = Vec::new();
    for v in &o.variants {
        let vname = ident(&v.name);
        let mut ty = type_tokens(cx, &v.ty, false);
        let wrap = if v.boxed {
            ty = quote!(Box<#ty>);
            quote!(|value| Self::#vname(Box::new(value)))
        } else {
            quote!(Self::#vname)
        };
        let tags_doc = format!(
            " {}: {}",
            code_span(tag),
            v.tag_values
                .iter()
                .map(|t| code_span(t))
                .collect::<Vec<_>>()
                .join(", ")
        );
        variants.push(quote!(#[doc = #tags_doc] #vname(#ty),));
        let values = &v.tag_values;
        let first = values.first().cloned().unwrap_or_default();
        decode_arms.push(quote! {
            #(Some(#values))|* => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),
        });
        encode_arms
            .push(quote!(Self::#vname(variant) => (Some(#first), serde_json::to_value(variant)),));
    }
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A tag value the spec does not list (or no tag), with the JSON kept as received.
            Other(serde_json::Value),
        }

        impl #name {
            /// The discriminator property.
            pub const TAG: &'static str = #tag;
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (tag, value) = match self {
                    #(#encode_arms)*
                    Self::Other(value) => (None, Ok(value.clone())),
                };
                let mut value = value.map_err(serde::ser::Error::custom)?;
                if let (Some(tag), serde_json::Value::Object(map)) = (tag, &mut value) {
                    let missing = map.get(Self::TAG).is_none_or(serde_json::Value::is_null);
                    if missing {
                        map.insert(Self::TAG.to_owned(), serde_json::Value::String(tag.to_owned()));
                    }
                }
                value.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(Self::TAG).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#decode_arms)*
                    _ => Ok(Self::Other(value)),
                }
            }
        }
    }
}

fn emit_params(cx: &Context<'_>, t: &NamedType, params: &[Param], doc: TokenStream) -> TokenStream {
    let name = ident(&t.name);
    let fields = params.iter().map(|p| {
        let field = ident(&p.name);
        let where_ = match p.location {
            ParamLocation::Query => "query",
            ParamLocation::QueryString => "querystring",
            ParamLocation::Header => "header",
            ParamLocation::Path => "path",
            ParamLocation::Cookie => "cookie",
        };
        let wire = format!("{} ({where_} parameter).", code_span(&p.wire_name));
        let doc = doc_attrs(p.doc.as_deref());
        let wire_doc = if p.doc.is_some() {
            doc_raw(&["", &wire])
        } else {
            doc_raw(&[&wire])
        };
        let inner = type_tokens(cx, &p.ty, false);
        let ty = if p.required {
            inner
        } else {
            quote!(Option<#inner>)
        };
        quote! {
            #doc
            #wire_doc
            pub #field: #ty,
        }
    });
    let derives = if t.derive_default {
        quote!(#[derive(Debug, Clone, PartialEq, Default)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    quote! {
        #doc
        #derives
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The ids of the structs some operation sends as `multipart/form-data`.
fn multipart_bodies(cx: &Context<'_>) -> std::collections::BTreeSet<usize> {
    cx.api
        .operations
        .iter()
        .filter_map(|op| match op.body.as_ref().map(|b| &b.ty) {
            Some(crate::ir::BodyType::Multipart(TypeRef::Named(id))) => Some(struct_id(cx, *id)),
            _ => None,
        })
        .collect()
}

/// Follows aliases to the struct they name.
fn struct_id(cx: &Context<'_>, id: usize) -> usize {
    let mut id = id;
    for _ in 0..64 {
        match cx.api.types.get(id).map(|t| &t.kind) {
            Some(TypeKind::Alias(TypeRef::Named(next))) => id = *next,
            _ => break,
        }
    }
    id
}

/// `impl MultipartBody`: each field a part named by its wire name — binary fields as file
/// parts, scalars and enums as text, anything else as JSON text.
fn emit_multipart_impl(cx: &Context<'_>, t: &NamedType, s: &Struct) -> TokenStream {
    let name = ident(&t.name);
    let parts = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire_name;
        let add = multipart_add(cx, &f.ty, quote!(value), wire, 0);
        if f.is_optional() {
            quote! { if let Some(value) = &self.#field { #add } }
        } else {
            quote! { { let value = &self.#field; #add } }
        }
    });
    let extra = match &s.additional {
        Additional::Map { field, .. } => {
            let field = ident(field);
            quote! {
                for (key, value) in &self.#field {
                    form = form.text(key.clone(), super::runtime::json_text(value));
                }
            }
        }
        Additional::None => TokenStream::new(),
    };
    quote! {
        impl super::runtime::MultipartBody for #name {
            fn to_multipart(&self) -> reqwest::multipart::Form {
                let mut form = reqwest::multipart::Form::new();
                #(#parts)*
                #extra
                form
            }
        }
    }
}

fn multipart_add(
    cx: &Context<'_>,
    ty: &TypeRef,
    value: TokenStream,
    wire: &str,
    depth: usize,
) -> TokenStream {
    match ty {
        TypeRef::Scalar(crate::ir::Scalar::Binary) => {
            quote!(form = form.part(#wire, #value.to_part(#wire));)
        }
        TypeRef::Scalar(crate::ir::Scalar::Bool)
            if cx.settings.bool_params == crate::settings::BoolParams::OneZero =>
        {
            quote!(form = form.text(#wire, super::runtime::ParamValue::to_param_one_zero(#value));)
        }
        TypeRef::Scalar(_) => {
            quote!(form = form.text(#wire, super::runtime::ParamValue::to_param(#value));)
        }
        TypeRef::Named(id)
            if matches!(
                cx.api.types.get(*id).map(|t| &t.kind),
                Some(TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_))
            ) =>
        {
            quote!(form = form.text(#wire, super::runtime::ParamValue::to_param(#value));)
        }
        TypeRef::Array(inner) if depth == 0 => {
            let add = multipart_add(cx, inner, quote!(item), wire, depth + 1);
            quote!(for item in #value.iter() { #add })
        }
        TypeRef::Nullable(inner) if depth < 2 => {
            let add = multipart_add(cx, inner, quote!(item), wire, depth + 1);
            quote!(if let Some(item) = #value { #add })
        }
        _ => quote!(form = form.text(#wire, super::runtime::json_text(#value));),
    }
}
