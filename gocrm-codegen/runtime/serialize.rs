//! Serializing the structs of a generated client: each struct's `Serialize` impl lists its
//! properties (wire name, value, or `None` when an optional one is absent) and the walk over
//! them is written once here. The values are `&dyn erased_serde::Serialize`, so the per-struct
//! code is a table rather than a call generic over the serializer per property: that was a
//! tenth of what `cargo check` spent on a large API (BENCHMARKS.md, goal 2).

use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

use super::property_map::PropertyMap;

/// A declared property: its wire name, and its value unless it is left out.
pub type Property<'a> = (&'static str, Option<&'a dyn erased_serde::Serialize>);

/// An optional property's value when it is present (as `skip_serializing_if =
/// "Option::is_none"` did); the `Option` itself is written, as a derive writes it.
#[inline]
pub fn present<T: Serialize>(value: &Option<T>) -> Option<&dyn erased_serde::Serialize> {
    match value {
        Some(_) => Some(value),
        None => None,
    }
}

/// A struct that keeps no undeclared properties, through `serialize_struct` (told the Rust
/// name and the number of properties written, as a derive tells it).
pub fn serialize_struct<S: Serializer>(
    serializer: S,
    name: &'static str,
    properties: &[Property<'_>],
) -> Result<S::Ok, S::Error> {
    let len = properties.iter().filter(|(_, value)| value.is_some()).count();
    let mut out = serializer.serialize_struct(name, len)?;
    for (key, value) in properties {
        match value {
            Some(value) => out.serialize_field(key, value)?,
            None => out.skip_field(key)?,
        }
    }
    out.end()
}

/// A struct that keeps undeclared properties, as a map: the declared properties, then the
/// kept ones (as `#[serde(flatten)]` wrote them).
pub fn serialize_object<S: Serializer, T: Serialize>(
    serializer: S,
    properties: &[Property<'_>],
    extra: &PropertyMap<T>,
) -> Result<S::Ok, S::Error> {
    let mut out = serializer.serialize_map(None)?;
    for (key, value) in properties {
        if let Some(value) = value {
            out.serialize_entry(key, value)?;
        }
    }
    for (key, value) in extra {
        out.serialize_entry(key, value)?;
    }
    out.end()
}
