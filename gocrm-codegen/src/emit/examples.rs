//! IR examples → the generated crate's `example_tests` module: one round-trip test per
//! example in the spec. The example goes in as a string literal of JSON, never as code.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, type_tokens, Context};
use crate::ir::naming;

/// The body of `src/example_tests.rs`, or `None` when the spec has no testable example.
pub fn emit_example_tests(cx: &Context<'_>) -> Option<TokenStream> {
    if cx.api.examples.is_empty() {
        return None;
    }
    let mut used = BTreeSet::new();
    let tests = cx.api.examples.iter().map(|example| {
        let base = naming::snake_name(&example.name);
        let mut name = base.clone();
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        let test = ident(&name);
        let ty = type_tokens(cx, &example.ty, true);
        let json = &example.json;
        let doc = format!(" Spec: `{}`.", example.pointer.replace('`', "'"));
        quote! {
            #[doc = #doc]
            #[test]
            fn #test() {
                round_trip::<#ty>(#json);
            }
        }
    });
    Some(quote! {
        //! Every example in the spec decodes into its generated type and re-encodes to JSON
        //! that decodes to the same value (so lenient forms like `"center_id": "1"` compare
        //! equal to what serialisation writes).

        #[allow(unused_imports)]
        use super::types;

        fn round_trip<T>(json: &str)
        where
            T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
        {
            let decoded: T = match serde_json::from_str(json) {
                Ok(value) => value,
                Err(e) => panic!("the spec's example does not decode: {e}\n{json}"),
            };
            let encoded = match serde_json::to_string(&decoded) {
                Ok(text) => text,
                Err(e) => panic!("the decoded example does not encode: {e}"),
            };
            let again: T = match serde_json::from_str(&encoded) {
                Ok(value) => value,
                Err(e) => panic!("the re-encoded example does not decode: {e}\n{encoded}"),
            };
            assert_eq!(decoded, again, "re-encoded as {encoded}");
        }

        #(#tests)*
    })
}
