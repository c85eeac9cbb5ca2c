//! Decoding the structs of a generated client: serde's visitor and the matching of property
//! names are written once here, driven by a small per-struct [`DecodeStruct`] impl (a table of
//! wire names, one `match` from a property's index to its slot, and the assembly of the
//! struct). Code written out per struct is what every build of the client pays to type-check
//! and borrow-check, so as little as possible of it is generic or fallible.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::lenient::{empty_array, nothing, FieldSeed, Key, Lenient, Place};
use super::property_map::PropertyCollector;

/// A struct the generated code decodes from an object. Its `Deserialize` impl is
/// [`decode_struct`] (or, under `lenient_scalars`, `Lenient::lenient`, whose impl is
/// [`decode_struct_at`]).
pub trait DecodeStruct: Sized {
    /// What a decoding error says was expected (`struct Name`).
    const EXPECTING: &'static str;
    /// The wire names of the declared properties, in declaration order: a property's index
    /// here is the one [`decode_field`](Self::decode_field) is given.
    const FIELDS: &'static [&'static str];
    /// The values decoded so far: an `Option` per declared property, then the collector of
    /// undeclared properties when the struct keeps them.
    type Slots;
    /// Slots with nothing decoded yet.
    fn slots() -> Self::Slots;
    /// Decodes the value of the property `FIELDS[index]` into its slot; an `index` past the
    /// table is an undeclared property named `key`, kept or skipped.
    fn decode_field<'de, A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// The struct, or the wire name of a required property that was not there.
    fn finish(slots: Self::Slots) -> Result<Self, &'static str>;
}

/// The index in `fields` of the property `key` (`fields.len()` for an undeclared one).
/// Servers mostly send properties in their declared order, so the one after the previous
/// property is tried first.
#[inline]
fn field_index(fields: &[&str], key: &str, hint: usize) -> usize {
    if fields.get(hint).is_some_and(|f| *f == key) {
        return hint;
    }
    fields
        .iter()
        .position(|f| *f == key)
        .unwrap_or(fields.len())
}

/// Decodes an object's properties into `T`: a repeated property keeps its last value, a
/// missing required one is `missing field "<wire name>"`.
fn decode_fields<'de, T: DecodeStruct, A: MapAccess<'de>>(mut map: A) -> Result<T, A::Error> {
    let mut slots = T::slots();
    let mut next = 0;
    while let Some(key) = map.next_key::<Key<'de>>()? {
        let key = key.as_str();
        let index = field_index(T::FIELDS, key, next);
        // An undeclared property leaves the guess where it was: the next declared one is
        // still the one after the last declared property seen.
        if index < T::FIELDS.len() {
            next = index + 1;
        }
        T::decode_field(&mut slots, index, key, &mut map)?;
    }
    T::finish(slots).map_err(de::Error::missing_field)
}

/// `Deserialize::deserialize` for a [`DecodeStruct`], strictly: an object and nothing else.
pub fn decode_struct<'de, T: DecodeStruct, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct StructVisitor<T>(PhantomData<T>);
    impl<'de, T: DecodeStruct> Visitor<'de> for StructVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            decode_fields(map)
        }
    }
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

/// `Lenient::lenient_at` for a [`DecodeStruct`]: an object; `[]` for the empty object (`None`
/// at [`Place::Optional`]); `null` as [`Place`] says.
#[inline]
pub fn decode_struct_at<'de, T: DecodeStruct + Lenient, D: Deserializer<'de>>(
    deserializer: D,
    place: Place,
) -> Result<Option<T>, D::Error> {
    struct StructVisitor<T>(Place, PhantomData<T>);
    impl<'de, T: DecodeStruct + Lenient> Visitor<'de> for StructVisitor<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
            decode_fields(map).map(Some)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<T>, A::Error> {
            empty_array(seq, &self)?;
            if self.0 == Place::Optional {
                return Ok(None);
            }
            // The empty object: fails, naming the property, if the struct requires any.
            T::finish(T::slots())
                .map(Some)
                .map_err(de::Error::missing_field)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            nothing::<T, E>(self.0, de::Unexpected::Unit, &self)
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            self.visit_unit()
        }
    }
    deserializer.deserialize_any(StructVisitor(place, PhantomData))
}

/// A declared property decoded leniently ([`Place::Required`]; an `Option` property's impl
/// moves on to [`Place::Optional`]) into its slot.
#[inline]
pub fn field<'de, T: Lenient, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value_seed(FieldSeed::<T>::new())?);
    Ok(())
}

/// A declared property decoded by its type's own `Deserialize` into its slot.
#[inline]
pub fn plain<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// An undeclared property, kept.
#[inline]
pub fn keep<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    extra: &mut PropertyCollector<T>,
    key: &str,
    map: &mut A,
) -> Result<(), A::Error> {
    extra.push(key, map.next_value()?);
    Ok(())
}

/// An undeclared property of a struct that keeps none: read and dropped.
#[inline]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}
