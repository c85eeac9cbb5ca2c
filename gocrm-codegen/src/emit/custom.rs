//! What the settings add to generated types: extra derives, and replaced types emitted as
//! aliases of the user's type.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::{ident, Context};
use crate::ir::NamedType;

/// `#[derive(…)]` with the settings' extra derives that `existing` does not already have
/// (empty when there are none). Derives are compared by their last path segment.
pub fn extra_derives(cx: &Context<'_>, existing: &[&str]) -> TokenStream {
    let paths: Vec<syn::Path> = cx
        .settings
        .derives
        .iter()
        .filter(|d| {
            let last = d.rsplit("::").next().unwrap_or(d).trim();
            !existing.contains(&last)
        })
        .filter_map(|d| syn::parse_str::<syn::Path>(d).ok())
        .collect();
    if paths.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[derive(#(#paths),*)])
    }
}

/// `pub type Name = <replacement>;` when the settings replace this type.
pub fn replacement(cx: &Context<'_>, t: &NamedType) -> Option<TokenStream> {
    let rust = cx.api.replaced_types.get(&t.name)?;
    let ty = syn::parse_str::<syn::Type>(rust).ok()?;
    let name = ident(&t.name);
    let doc = doc_attrs(t.doc.as_deref());
    Some(quote! {
        #doc
        pub type #name = #ty;
    })
}
