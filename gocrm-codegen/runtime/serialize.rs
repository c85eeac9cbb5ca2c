//! Helpers for the generated `Serialize` impls.

/// Writes an optional property of a struct only when it is present (the generated
/// `Serialize` impls' `skip_serializing_if = "Option::is_none"`), in one call per field.
pub fn field_if_some<S: serde::ser::SerializeStruct, T: serde::Serialize>(
    out: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(_) => out.serialize_field(key, value),
        None => Ok(()),
    }
}

/// [`field_if_some`] for a struct written as a map (one that keeps undeclared properties).
pub fn entry_if_some<S: serde::ser::SerializeMap, T: serde::Serialize>(
    out: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(_) => out.serialize_entry(key, value),
        None => Ok(()),
    }
}
