//! Type replacements from the settings: `schema_types` (a component schema → a Rust type)
//! and `format_types` (every schema with a `format` → a Rust type).
//!
//! A replaced type keeps its generated name and becomes an alias of the user's type, so
//! every use (fields, parameters, responses) goes through one item.

use std::collections::{BTreeMap, HashMap};

use super::types::TypeSpace;
use super::{naming, NamedType, TypeId, TypeKind, TypeRef};
use crate::diagnostics::{pointer, Diagnostic};
use crate::load::LoadedSpec;
use crate::settings::Settings;

impl TypeSpace<'_> {
    /// The alias type for a schema whose `format` the settings replace (made once per format).
    pub fn replaced_format(&mut self, format: Option<&str>, ptr: &str) -> Option<TypeRef> {
        let format = format?;
        self.settings.format_types.get(format)?;
        if let Some(&id) = self.format_types.get(format) {
            return Some(TypeRef::Named(id));
        }
        let doc = format!("A schema with `format: {format}`; its type comes from the settings.");
        let id = self.new_inline_type(
            &naming::type_name(format),
            Some(doc),
            ptr,
            TypeKind::Alias(TypeRef::Any),
        );
        self.format_types.insert(format.to_owned(), id);
        Some(TypeRef::Named(id))
    }
}

/// Type name → replacement for every replaced type; a `schema_types` key that names no
/// component schema is a warning.
pub fn replaced_types(
    types: &[NamedType],
    format_types: &HashMap<String, TypeId>,
    spec: &LoadedSpec,
    settings: &Settings,
    warnings: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (format, id) in format_types {
        if let (Some(t), Some(rust)) = (types.get(*id), settings.format_types.get(format)) {
            out.insert(t.name.clone(), rust.clone());
        }
    }
    for (schema, rust) in &settings.schema_types {
        let ptr = pointer(["components", "schemas", schema.as_str()]);
        match types
            .iter()
            .find(|t| t.source.is_some() && t.pointer == ptr)
        {
            Some(t) => {
                out.insert(t.name.clone(), rust.clone());
            }
            None => warnings.push(Diagnostic::warning(
                &spec.file,
                "#",
                format!(
                    "setting `schema_types.{schema}`: the spec has no schema `{schema}`; ignored"
                ),
            )),
        }
    }
    out
}
