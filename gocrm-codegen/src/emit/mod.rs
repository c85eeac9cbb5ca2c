//! Stage 3: IR → token streams, one per generated file.
//!
//! Emission never decides anything: names, types and boxing come from the IR. Spec text enters
//! tokens only through [`docs`] (doc attributes) or as string literals via `quote`.

mod builder;
mod client;
mod custom;
mod deserialize;
pub mod docs;
mod examples;
mod mock;
mod mock_examples;
pub mod runtime;
mod security;
mod serialize;
mod types;

use proc_macro2::{Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Scalar, TypeRef};
use crate::settings::Settings;

pub use client::emit_client;
pub use examples::emit_example_tests;
pub use mock::emit_mock;
pub use types::{emit_types, emit_types_part};

pub use runtime::{runtime_files, runtime_inline, RUNTIME_FILES};

/// What emission needs besides the IR.
pub struct Context<'a> {
    pub api: &'a Api,
    pub settings: &'a Settings,
    /// The runtime module as seen from the `types` module (a serde attribute path).
    pub runtime_path_from_types: &'static str,
}

impl<'a> Context<'a> {
    pub fn new(api: &'a Api, settings: &'a Settings) -> Self {
        Self {
            api,
            settings,
            runtime_path_from_types: "super::runtime",
        }
    }

    fn runtime_path_tokens(&self) -> TokenStream {
        quote!(super::runtime)
    }
}

/// An identifier. The IR only hands out valid ones; anything else would be a generator bug,
/// which shows up as a visibly wrong name rather than a panic.
pub fn ident(name: &str) -> syn::Ident {
    // The IR's names are plain ASCII identifiers: build those directly (parsing each one with
    // `syn` showed up in profiles); anything else goes through the parser, which refuses it.
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !crate::ir::naming::KEYWORDS.contains(&name);
    if plain {
        return syn::Ident::new(name, Span::call_site());
    }
    match syn::parse_str::<syn::Ident>(name) {
        Ok(ident) => ident,
        Err(_) => syn::Ident::new("invalid_identifier", Span::call_site()),
    }
}

/// The Rust type for a type reference; `qualified` prefixes named types with `types::` (for
/// code outside the `types` module).
pub fn type_tokens(cx: &Context<'_>, t: &TypeRef, qualified: bool) -> TokenStream {
    match t {
        TypeRef::Named(id) => {
            let name = ident(
                cx.api
                    .types
                    .get(*id)
                    .map(|t| t.name.as_str())
                    .unwrap_or("invalid_identifier"),
            );
            if qualified {
                quote!(types::#name)
            } else {
                quote!(#name)
            }
        }
        TypeRef::Scalar(s) => match s {
            Scalar::Bool => quote!(bool),
            Scalar::I32 => quote!(i32),
            Scalar::I64 => quote!(i64),
            Scalar::U64 => quote!(u64),
            Scalar::F32 => quote!(f32),
            Scalar::F64 => quote!(f64),
            Scalar::String => quote!(String),
            Scalar::Binary => {
                if qualified {
                    quote!(runtime::Binary)
                } else {
                    quote!(super::runtime::Binary)
                }
            }
        },
        TypeRef::Array(inner) => {
            let inner = type_tokens(cx, inner, qualified);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(cx, inner, qualified);
            if qualified {
                quote!(std::collections::BTreeMap<String, #inner>)
            } else {
                quote!(BTreeMap<String, #inner>)
            }
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(cx, inner, qualified);
            quote!(Option<#inner>)
        }
        TypeRef::Any => quote!(serde_json::Value),
    }
}

/// The crate root's items after its header: constants, modules, re-exports.
pub fn emit_root(cx: &Context<'_>) -> TokenStream {
    let api = cx.api;
    let version = &api.version;
    let title = &api.title;
    let sha = &api.spec_sha256;
    let base_url = match &api.default_base_url {
        Some(url) => quote! {
            /// The API's base URL from the spec (its servers, or Swagger's schemes/host/basePath).
            pub const DEFAULT_BASE_URL: &str = #url;
        },
        None => TokenStream::new(),
    };
    quote! {
        #base_url
        /// The spec's `info.version`: the API version this crate was generated for.
        pub const SPEC_VERSION: &str = #version;
        /// The spec's `info.title`.
        pub const SPEC_TITLE: &str = #title;
        /// SHA-256 of the spec's bytes.
        pub const SPEC_SHA256: &str = #sha;
    }
}

#[cfg(test)]
mod tests {
    use super::ident;

    #[test]
    fn identifiers_are_built_or_refused_as_the_parser_would() {
        for name in ["a", "_x", "User2", "v0", "r#type", "ab_CD_9", "имя"] {
            let expected = syn::parse_str::<syn::Ident>(name).unwrap().to_string();
            assert_eq!(ident(name).to_string(), expected, "{name}");
        }
        for name in ["type", "self", "_", "9a", "a-b", "", "a b"] {
            assert_eq!(ident(name).to_string(), "invalid_identifier", "{name}");
        }
    }
}
