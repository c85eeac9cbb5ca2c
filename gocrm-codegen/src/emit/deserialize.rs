//! A struct's `Deserialize` impl, written out instead of derived: `deserialize` hands over to
//! `runtime::lenient::decode_struct` (serde's visitor boilerplate, written once; under
//! `lenient_scalars` the struct's `Lenient` impl, `runtime::lenient::decode_struct_at`, which
//! also takes `[]` and `null`), and the struct's `DecodeStruct::decode_map` does the work.
//!
//! `#[derive(Deserialize)]` with `#[serde(flatten)]` (the undeclared-properties map) buffers
//! every unknown key and value through serde's private `Content` and then decodes the map
//! from that buffer; with per-field `deserialize_with` it also wraps each field. The impl
//! emitted here is one `visit_map`: each key is matched as borrowed text, a declared property
//! is decoded in place (under `lenient_scalars` through `runtime::lenient::FieldSeed`, which
//! applies the PHP/Laravel rules of `runtime::lenient::Place`),
//! anything else goes straight into the map (or is skipped when the type keeps none).
//!
//! Behaviour is the derive's: a missing required field is `missing field "<wire name>"`, a
//! missing optional one is `None`; the only difference is that a repeated key keeps the last
//! value rather than failing.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, Context};
use crate::ir::{Additional, Field, NamedType, Struct, TypeKind, TypeRef};

/// Whether a field was lenient before issue 15 (only scalars at its leaves): what decides
/// whether a required nullable property may be missing (see [`missing_is_none`]).
fn is_lenient(cx: &Context<'_>, f: &Field) -> bool {
    cx.settings.lenient_scalars && f.ty.is_lenient_scalar_tree()
}

/// Whether values of `ty` decode through `runtime::lenient::Lenient`: under `lenient_scalars`,
/// every type the generator defines and every scalar, array, map and `Value` of them. A type
/// the settings replace (`schema_types`, `format_types`) is the user's, with only its own
/// `Deserialize`, so a tree holding one decodes through serde as it is.
pub(super) fn tolerant(cx: &Context<'_>, ty: &TypeRef) -> bool {
    cx.settings.lenient_scalars && tolerant_tree(cx, ty, 0)
}

fn tolerant_tree(cx: &Context<'_>, ty: &TypeRef, depth: usize) -> bool {
    match ty {
        TypeRef::Scalar(_) | TypeRef::Any => true,
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            tolerant_tree(cx, inner, depth)
        }
        TypeRef::Named(id) => match cx.api.types.get(*id) {
            Some(t) if cx.api.replaced_types.contains_key(&t.name) => false,
            Some(t) => match &t.kind {
                TypeKind::Struct(_)
                | TypeKind::StringEnum(_)
                | TypeKind::IntegerEnum(_)
                | TypeKind::OneOf(_) => true,
                // Aliases chain without cycles; the depth only guards against a generator bug.
                TypeKind::Alias(target) => depth < 64 && tolerant_tree(cx, target, depth + 1),
                TypeKind::Params(_) | TypeKind::Pending => false,
            },
            None => false,
        },
    }
}

/// Whether a missing property decodes as `None` rather than failing. As the derive did:
/// `#[serde(default)]` for a property that is not required; a required nullable one may only
/// be left out when it decodes through serde (not the lenient `deserialize_with`), which
/// treats a missing `Option` as `None`.
fn missing_is_none(cx: &Context<'_>, f: &Field) -> bool {
    f.is_optional() && (!f.required || !is_lenient(cx, f))
}

/// `impl<'de> Deserialize<'de> for <Name>`, the struct's `runtime::structs::DecodeStruct`
/// impl and, under `lenient_scalars`, its `Lenient` impl.
///
/// Per struct only a table of wire names, a tuple of slots, one `match` from a property's index
/// to a one-call decode into its slot, and the assembly of the struct (not generic) are
/// written out; the visitor, the name lookup and the loop are the runtime's, type-checked once
/// for every struct.
pub fn emit_deserialize_impl(cx: &Context<'_>, t: &NamedType, s: &Struct) -> TokenStream {
    let name = ident(&t.name);
    let expecting = format!("struct {}", t.name);
    let runtime = quote!(super::runtime);
    let wire_names = s.fields.iter().map(|f| &f.wire_name);

    // The slots: `Option<field type>` per declared property, then the kept properties.
    let mut slot_types: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let ty = super::types::field_type(cx, f);
            quote!(Option<#ty>)
        })
        .collect();
    let mut slot_inits: Vec<TokenStream> = s.fields.iter().map(|_| quote!(None)).collect();
    if let Additional::Map { value, .. } = &s.additional {
        let value = super::type_tokens(cx, value, false);
        slot_types.push(quote!(#runtime::PropertyCollector<#value>));
        slot_inits.push(quote!(#runtime::PropertyCollector::new()));
    }
    // A one-element tuple needs its comma.
    let (slots_ty, slots_init) = if slot_types.len() == 1 {
        (quote!((#(#slot_types,)*)), quote!((#(#slot_inits,)*)))
    } else {
        (quote!((#(#slot_types),*)), quote!((#(#slot_inits),*)))
    };
    let extra_slot = syn::Index::from(s.fields.len());

    let arms = s.fields.iter().enumerate().map(|(i, f)| {
        let index = proc_macro2::Literal::usize_unsuffixed(i);
        let slot = syn::Index::from(i);
        if tolerant(cx, &f.ty) {
            quote!(#index => #runtime::structs::field(&mut slots.#slot, map),)
        } else {
            quote!(#index => #runtime::structs::plain(&mut slots.#slot, map),)
        }
    });
    let other = match &s.additional {
        Additional::Map { .. } => quote!(#runtime::structs::keep(&mut slots.#extra_slot, key, map)),
        Additional::None => quote!(#runtime::structs::skip(map)),
    };
    // Parameters a body does not use are `_`-named (no declared properties: no `match`).
    let keeps = matches!(s.additional, Additional::Map { .. });
    let decode_field = if s.fields.is_empty() {
        let slots = if keeps { quote!(slots) } else { quote!(_slots) };
        let key = if keeps { quote!(key) } else { quote!(_key) };
        quote! {
            fn decode_field<'de, __A: serde::de::MapAccess<'de>>(#slots: &mut Self::Slots, _index: usize, #key: &str, map: &mut __A) -> Result<(), __A::Error> {
                #other
            }
        }
    } else {
        let key = if keeps { quote!(key) } else { quote!(_key) };
        // Inlined into the runtime's one loop over the properties (its only caller): left to
        // itself LLVM calls it per property, which cost kept-unknowns decoding ~8 % (goal 4).
        quote! {
            #[inline(always)]
            fn decode_field<'de, __A: serde::de::MapAccess<'de>>(slots: &mut Self::Slots, index: usize, #key: &str, map: &mut __A) -> Result<(), __A::Error> {
                match index {
                    #(#arms)*
                    _ => #other,
                }
            }
        }
    };

    // A required property is taken out with `let … else` rather than `ok_or(..)?` in the
    // struct expression: the same check, without a `Try` conversion per property for rustc to
    // resolve (BENCHMARKS.md, goal 2). The first missing one in declaration order is named.
    let mut required = Vec::new();
    let inits: Vec<TokenStream> = s
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let field = ident(&f.name);
            let slot = syn::Index::from(i);
            if missing_is_none(cx, f) {
                quote!(#field: slots.#slot.unwrap_or_default(),)
            } else {
                let wire = &f.wire_name;
                let value = quote::format_ident!("value{}", i);
                required.push(quote!(let Some(#value) = slots.#slot else { return Err(#wire) };));
                quote!(#field: #value,)
            }
        })
        .collect();
    let extra_init = match &s.additional {
        Additional::Map { field, .. } => {
            let field = ident(field);
            quote!(#field: slots.#extra_slot.finish(),)
        }
        Additional::None => TokenStream::new(),
    };
    let finish_slots = if s.fields.is_empty() && !keeps {
        quote!(_slots)
    } else {
        quote!(slots)
    };

    let (deserialize, lenient_impl) = if cx.settings.lenient_scalars {
        let empty = if t.derive_default {
            // `null` for a required property of this type is its `Default`.
            quote! {
                fn empty() -> Option<Self> {
                    Some(Self::default())
                }
            }
        } else {
            TokenStream::new()
        };
        (
            quote!(<Self as #runtime::lenient::Lenient>::lenient(deserializer)),
            quote! {
                impl #runtime::lenient::Lenient for #name {
                    fn lenient_at<'de, __D: serde::Deserializer<'de>>(deserializer: __D, place: #runtime::lenient::Place) -> Result<Option<Self>, __D::Error> {
                        #runtime::structs::decode_struct_at(deserializer, place)
                    }
                    #empty
                }
            },
        )
    } else {
        (
            quote!(#runtime::structs::decode_struct(deserializer)),
            TokenStream::new(),
        )
    };
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                #deserialize
            }
        }
        #lenient_impl
        impl #runtime::structs::DecodeStruct for #name {
            const EXPECTING: &'static str = #expecting;
            const FIELDS: &'static [&'static str] = &[#(#wire_names),*];
            type Slots = #slots_ty;
            fn slots() -> Self::Slots {
                #slots_init
            }
            #decode_field
            #[inline(always)]
            fn finish(#finish_slots: Self::Slots) -> Result<Self, &'static str> {
                #(#required)*
                Ok(#name {
                    #(#inits)*
                    #extra_init
                })
            }
        }
    }
}

/// `impl Lenient` for an enum or a union under `lenient_scalars`: decoded by its own
/// `Deserialize`, with `null` at a property as `runtime::lenient::Place` says.
pub fn emit_plain_lenient_impl(cx: &Context<'_>, name: &syn::Ident) -> TokenStream {
    if !cx.settings.lenient_scalars {
        return TokenStream::new();
    }
    let runtime = quote!(super::runtime);
    quote! {
        impl #runtime::lenient::Lenient for #name {
            fn lenient_at<'de, __D: serde::Deserializer<'de>>(deserializer: __D, place: #runtime::lenient::Place) -> Result<Option<Self>, __D::Error> {
                #runtime::lenient::decode_plain_at(deserializer, place)
            }
        }
    }
}
