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
use quote::{format_ident, quote};

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

/// How a response body of type `t` (its Rust type `tokens`) is decoded: under
/// `lenient_scalars` as `runtime::lenient::Body<T>`, so the PHP/Laravel shapes are taken at the
/// top of the body too. Returns the type to decode into and what turns it into `T`.
pub(super) fn body_decoding(
    cx: &Context<'_>,
    t: &TypeRef,
    tokens: &TokenStream,
) -> (TokenStream, TokenStream) {
    if tolerant(cx, t) {
        (
            quote!(runtime::lenient::Body<#tokens>),
            quote!(.map(|body| body.0)),
        )
    } else {
        (tokens.clone(), TokenStream::new())
    }
}

/// Whether a missing property decodes as `None` rather than failing. As the derive did:
/// `#[serde(default)]` for a property that is not required; a required nullable one may only
/// be left out when it decodes through serde (not the lenient `deserialize_with`), which
/// treats a missing `Option` as `None`.
fn missing_is_none(cx: &Context<'_>, f: &Field) -> bool {
    f.is_optional() && (!f.required || !is_lenient(cx, f))
}

/// `impl<'de> Deserialize<'de> for <Name>`.
pub fn emit_deserialize_impl(cx: &Context<'_>, t: &NamedType, s: &Struct) -> TokenStream {
    let name = ident(&t.name);
    let expecting = format!("struct {}", t.name);
    let runtime = quote!(super::runtime);
    let vars: Vec<syn::Ident> = (0..s.fields.len())
        .map(|i| format_ident!("v{}", i))
        .collect();

    let decls = s.fields.iter().zip(&vars).map(|(f, var)| {
        let ty = super::types::field_type(cx, f);
        quote!(let mut #var: Option<#ty> = None;)
    });
    let arms = s.fields.iter().zip(&vars).map(|(f, var)| {
        let wire = &f.wire_name;
        if tolerant(cx, &f.ty) {
            quote!(#wire => #var = Some(map.next_value_seed(__Field::new())?),)
        } else {
            quote!(#wire => #var = Some(map.next_value()?),)
        }
    });
    let inits = s.fields.iter().zip(&vars).map(|(f, var)| {
        let field = ident(&f.name);
        let wire = &f.wire_name;
        if missing_is_none(cx, f) {
            quote!(#field: #var.unwrap_or_default(),)
        } else {
            quote!(#field: __required(#var, #wire)?,)
        }
    });

    let (extra_decl, other_arm, extra_init) = match &s.additional {
        Additional::Map { field, .. } => {
            let field = ident(field);
            // The value type is inferred from the struct's field.
            (
                quote!(let mut __extra = #runtime::PropertyCollector::new();),
                quote!(_ => __extra.push(key.as_str(), map.next_value()?),),
                quote!(#field: __extra.finish(),),
            )
        }
        Additional::None => (
            TokenStream::new(),
            quote!(_ => {
                map.next_value::<serde::de::IgnoredAny>()?;
            }),
            TokenStream::new(),
        ),
    };
    // Short local names keep the arms on one line; `__` cannot clash with a generated type.
    let mut imports = vec![quote!(Key as __Key)];
    if s.fields.iter().any(|f| tolerant(cx, &f.ty)) {
        imports.push(quote!(FieldSeed as __Field));
    }
    if s.fields.iter().any(|f| !missing_is_none(cx, f)) {
        imports.push(quote!(required as __required));
    }
    let body = if s.fields.is_empty() {
        // No declared properties: every key goes to the map or is skipped.
        match &s.additional {
            Additional::Map { .. } => quote! {
                while let Some(key) = map.next_key::<#runtime::lenient::Key<'de>>()? {
                    __extra.push(key.as_str(), map.next_value()?);
                }
            },
            Additional::None => quote! {
                while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            },
        }
    } else {
        quote! {
            use #runtime::lenient::{#(#imports),*};
            while let Some(key) = map.next_key::<__Key<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    #other_arm
                }
            }
        }
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
                        #runtime::lenient::decode_struct_at(deserializer, place)
                    }
                    #empty
                }
            },
        )
    } else {
        (
            quote!(#runtime::lenient::decode_struct(deserializer)),
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
        impl #runtime::lenient::DecodeStruct for #name {
            const EXPECTING: &'static str = #expecting;
            fn decode_map<'de, __A: serde::de::MapAccess<'de>>(mut map: __A) -> Result<Self, __A::Error> {
                #(#decls)*
                #extra_decl
                #body
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
