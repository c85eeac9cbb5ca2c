//! A struct's `Serialize` impl, written out instead of derived.
//!
//! The output is what `#[derive(Serialize)]` with the attributes we used to emit
//! (`rename`, `skip_serializing_if = "Option::is_none"`, `flatten` for the
//! undeclared-properties map) produces: a struct through `serialize_struct`, or, when it keeps
//! undeclared properties, a map through `serialize_map(None)` with those properties after the
//! declared ones. Writing it out saves the compiler a proc-macro expansion per struct (serde's
//! derive re-parses every field's doc comments): macro expansion of the nexus crate went from
//! 0.44 s to 0.18 s, and a full `cargo check` of it by about a tenth (BENCHMARKS.md, goal 4).

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::{ident, Context};
use crate::ir::{Additional, NamedType, Struct};

/// `impl Serialize for <Name>`.
pub fn emit_serialize_impl(cx: &Context<'_>, t: &NamedType, s: &Struct) -> TokenStream {
    let runtime = cx.runtime_path_tokens();
    let name = ident(&t.name);
    // `serialize_struct` is told the Rust name, as the derive tells it.
    let struct_name = &t.name;
    let extra = match &s.additional {
        Additional::Map { field, .. } => Some(ident(field)),
        Additional::None => None,
    };
    let (method, if_some) = if extra.is_some() {
        (quote!(serialize_entry), quote!(entry_if_some))
    } else {
        (quote!(serialize_field), quote!(field_if_some))
    };
    let entries = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire_name;
        if f.required {
            quote!(out.#method(#wire, &self.#field)?;)
        } else {
            // Left out when absent, as `skip_serializing_if = "Option::is_none"` did; one
            // helper call keeps it to a line.
            quote!(#runtime::#if_some(&mut out, #wire, &self.#field)?;)
        }
    });
    let body = match extra {
        Some(extra) => quote! {
            use serde::ser::SerializeMap as _;
            let mut out = serializer.serialize_map(None)?;
            #(#entries)*
            for (key, value) in &self.#extra {
                out.serialize_entry(key, value)?;
            }
            out.end()
        },
        None if s.fields.is_empty() => {
            // Nothing to write (and `let mut out` would be an unused `mut`).
            quote! {
                use serde::ser::SerializeStruct as _;
                serializer.serialize_struct(#struct_name, 0)?.end()
            }
        }
        None => {
            // The number of fields written, as the derive passes it: the required ones plus
            // each optional one that is present (no `0 +`, which clippy flags).
            let required = s.fields.iter().filter(|f| f.required).count();
            let mut len: Vec<TokenStream> = Vec::new();
            if required > 0 || s.fields.iter().all(|f| f.required) {
                len.push(proc_macro2::Literal::usize_unsuffixed(required).into_token_stream());
            }
            len.extend(s.fields.iter().filter(|f| !f.required).map(|f| {
                let field = ident(&f.name);
                quote!(usize::from(self.#field.is_some()))
            }));
            quote! {
                use serde::ser::SerializeStruct as _;
                let mut out = serializer.serialize_struct(#struct_name, #(#len)+*)?;
                #(#entries)*
                out.end()
            }
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
    fn a_struct_counts_present_fields_and_writes_wire_names() {
        let (t, s) = named(
            vec![field("a", "a", true), field("b_c", "bC", false)],
            Additional::None,
        );
        let out = text(&t, &s);
        assert!(
            out.contains(
                r#"serialize_struct ("Thing" , 1 + usize :: from (self . b_c . is_some ()))"#
            ),
            "{out}"
        );
        assert!(
            out.contains(r#"field_if_some (& mut out , "bC" , & self . b_c) ?"#),
            "{out}"
        );
        assert!(
            out.contains(r#"serialize_field ("a" , & self . a) ?"#),
            "{out}"
        );
    }

    #[test]
    fn only_optional_fields_have_no_zero_term_and_no_fields_no_mut() {
        let (t, s) = named(vec![field("b", "b", false)], Additional::None);
        assert!(text(&t, &s).contains(r#"serialize_struct ("Thing" , usize :: from"#));
        let (t, s) = named(vec![], Additional::None);
        let out = text(&t, &s);
        assert!(
            out.contains(r#"serialize_struct ("Thing" , 0) ? . end ()"#),
            "{out}"
        );
        assert!(!out.contains("mut"), "{out}");
    }

    #[test]
    fn kept_properties_make_a_map_written_after_the_declared_ones() {
        let (t, s) = named(
            vec![field("a", "a", true)],
            Additional::Map {
                field: "extra".into(),
                value: TypeRef::Any,
            },
        );
        let out = text(&t, &s);
        assert!(out.contains("serialize_map (None)"), "{out}");
        let declared = out.find(r#"serialize_entry ("a""#).unwrap_or(usize::MAX);
        let kept = out.find("for (key , value) in & self . extra").unwrap_or(0);
        assert!(declared < kept, "{out}");
    }
}
