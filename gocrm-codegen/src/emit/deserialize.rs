//! A struct's `Deserialize` impl, written out instead of derived: `deserialize` hands over to
//! `runtime::lenient::decode_struct` (serde's visitor boilerplate, written once), and the
//! struct's `DecodeStruct::decode_map` does the work.
//!
//! `#[derive(Deserialize)]` with `#[serde(flatten)]` (the undeclared-properties map) buffers
//! every unknown key and value through serde's private `Content` and then decodes the map
//! from that buffer; with per-field `deserialize_with` it also wraps each field. The impl
//! emitted here is one `visit_map`: each key is matched as borrowed text, a declared property
//! is decoded in place (through `runtime::lenient::LenientSeed` when the field is lenient),
//! anything else goes straight into the map (or is skipped when the type keeps none).
//!
//! Behaviour is the derive's: a missing required field is `missing field "<wire name>"`, a
//! missing optional one is `None`; the only difference is that a repeated key keeps the last
//! value rather than failing.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, Context};
use crate::ir::{Additional, Field, NamedType, Struct};

/// Whether a field decodes through the lenient seed.
fn is_lenient(cx: &Context<'_>, f: &Field) -> bool {
    cx.settings.lenient_scalars && f.ty.is_lenient_scalar_tree()
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
        if is_lenient(cx, f) {
            quote!(#wire => #var = Some(map.next_value_seed(__Seed::new())?),)
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
    if s.fields.iter().any(|f| is_lenient(cx, f)) {
        imports.push(quote!(LenientSeed as __Seed));
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

    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                #runtime::lenient::decode_struct(deserializer)
            }
        }
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
