//! A struct's `Serialize` impl, written out instead of derived.
//!
//! The output is what `#[derive(Serialize)]` with the attributes we used to emit
//! (`rename`, `skip_serializing_if = "Option::is_none"`, `flatten` for the
//! undeclared-properties map) produces: a struct through `serialize_struct`, or, when it keeps
//! undeclared properties, a map through `serialize_map(None)` with those properties after the
//! declared ones. Writing it out saves the compiler a proc-macro expansion per struct (serde's
//! derive re-parses every field's doc comments). The impl is a table of the properties handed
//! to `runtime::serialize` (values as `&dyn erased_serde::Serialize`), not a call generic over
//! the serializer per property: that was a tenth of nexus's `cargo check` (BENCHMARKS.md).

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, Context};
use crate::ir::{Additional, NamedType, Struct};

/// `impl Serialize for <Name>`.
pub fn emit_serialize_impl(cx: &Context<'_>, t: &NamedType, s: &Struct) -> TokenStream {
    let runtime = cx.runtime_path_tokens();
    let name = ident(&t.name);
    let properties = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire_name;
        if f.required {
            quote!((#wire, Some(&self.#field)))
        } else {
            // Left out when absent, as `skip_serializing_if = "Option::is_none"` did.
            quote!((#wire, #runtime::serialize::present(&self.#field)))
        }
    });
    let body = match &s.additional {
        Additional::Map { field, .. } => {
            let extra = ident(field);
            quote!(#runtime::serialize::serialize_object(serializer, &[#(#properties),*], &self.#extra))
        }
        Additional::None => {
            // `serialize_struct` is told the Rust name, as the derive tells it.
            let struct_name = &t.name;
            quote!(#runtime::serialize::serialize_struct(serializer, #struct_name, &[#(#properties),*]))
        }
    };
    quote! {
        impl Serialize for #name {
            fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                #body
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Scalar, TypeKind, TypeRef};

    fn named(fields: Vec<Field>, additional: Additional) -> (NamedType, Struct) {
        let s = Struct { fields, additional };
        let t = NamedType {
            name: "Thing".into(),
            doc: None,
            pointer: "#/components/schemas/Thing".into(),
            source: None,
            kind: TypeKind::Struct(s.clone()),
            derive_default: false,
        };
        (t, s)
    }

    fn field(name: &str, wire: &str, required: bool) -> Field {
        Field {
            name: name.into(),
            wire_name: wire.into(),
            doc: None,
            ty: TypeRef::Scalar(Scalar::String),
            required,
            nullable: false,
            boxed: false,
        }
    }

    fn text(t: &NamedType, s: &Struct) -> String {
        let api = crate::ir::Api {
            title: "T".into(),
            version: "1".into(),
            description: None,
            spec_sha256: String::new(),
            default_base_url: None,
            types: vec![t.clone()],
            operations: Vec::new(),
            envelope_success_value: "success".into(),
            replaced_types: Default::default(),
            examples: Vec::new(),
            security_schemes: Vec::new(),
        };
        let settings = crate::settings::Settings::default();
        emit_serialize_impl(&Context::new(&api, &settings), t, s).to_string()
    }

    #[test]
    fn a_struct_lists_its_properties_by_wire_name_optional_ones_when_present() {
        let (t, s) = named(
            vec![field("a", "a", true), field("b_c", "bC", false)],
            Additional::None,
        );
        let out = text(&t, &s);
        assert!(
            out.contains(r#"serialize_struct (serializer , "Thing" , & [("a" , Some (& self . a)) , ("bC" , super :: runtime :: serialize :: present (& self . b_c))])"#),
            "{out}"
        );
        let (t, s) = named(vec![], Additional::None);
        let out = text(&t, &s);
        assert!(
            out.contains(r#"serialize_struct (serializer , "Thing" , & [])"#),
            "{out}"
        );
    }

    #[test]
    fn kept_properties_make_an_object_with_the_map_after_the_declared_ones() {
        let (t, s) = named(
            vec![field("a", "a", true)],
            Additional::Map {
                field: "extra".into(),
                value: TypeRef::Any,
            },
        );
        let out = text(&t, &s);
        assert!(
            out.contains(
                r#"serialize_object (serializer , & [("a" , Some (& self . a))] , & self . extra)"#
            ),
            "{out}"
        );
    }
}
