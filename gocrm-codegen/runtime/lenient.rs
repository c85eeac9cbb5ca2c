//! Lenient decoding, for servers whose JSON does not match the declared types: integers from
//! numeric strings (`"12345"`), booleans from `1`/`0`/`"1"`/`"true"`, strings from numbers; and
//! what PHP/Laravel send for "nothing" (issue 15): `null` for a required property is the type's
//! default, `""` for a number or boolean is `None` (optional) or `0`/`false` (required), `[]`
//! for an object or map is the empty one (`None` when optional), and an object whose keys are
//! all decimal integers stands for the array of its values. Serialisation is untouched, so
//! requests carry the declared types.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserializer, Expected, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor,
};
use serde::Deserialize;

use super::binary::Binary;

/// Where a value sits, which decides what `null`, `""` and `[]` become there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// An array item, a map value, a whole body: `null` only for an `Option`, and `""` is a
    /// string like any other.
    Item,
    /// A required property: `null`, and `""` for a number or boolean, are the type's default
    /// ([`Lenient::empty`]); refused for a type without one.
    Required,
    /// An optional property (an `Option<T>` field): `null`, `""` for a number or boolean and
    /// `[]` for an object or map are `None`.
    Optional,
}

/// A type that can be decoded leniently: every type a generated struct's property, a response
/// body or an item of either can have, when the client is generated with `lenient_scalars`.
pub trait Lenient: Sized {
    /// Decodes a value at `place`; `Ok(None)` (only at [`Place::Optional`]) means the value
    /// stands for "nothing".
    fn lenient_at<'de, D: Deserializer<'de>>(
        deserializer: D,
        place: Place,
    ) -> Result<Option<Self>, D::Error>;

    /// What `null` becomes for a required property: the type's default, where it has one.
    fn empty() -> Option<Self> {
        None
    }

    /// Decodes a value as an item ([`Place::Item`]).
    #[inline]
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::lenient_at(deserializer, Place::Item).and_then(present)
    }
}

/// `#[serde(deserialize_with = "runtime::lenient::deserialize")]`.
pub fn deserialize<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    T::lenient(deserializer)
}

/// A decoded value outside [`Place::Optional`], where `None` is never produced.
#[inline]
fn present<T, E: de::Error>(value: Option<T>) -> Result<T, E> {
    value.ok_or_else(|| E::custom("a value is required here"))
}

/// What "nothing" (`null`, or `""` for a number or boolean) at `place` becomes.
#[inline]
pub(super) fn nothing<T: Lenient, E: de::Error>(
    place: Place,
    unexpected: Unexpected<'_>,
    expected: &dyn Expected,
) -> Result<Option<T>, E> {
    match place {
        Place::Optional => Ok(None),
        Place::Required => match T::empty() {
            Some(value) => Ok(Some(value)),
            None => Err(E::invalid_type(unexpected, expected)),
        },
        Place::Item => Err(E::invalid_type(unexpected, expected)),
    }
}

/// `visit_unit`/`visit_none` for a visitor whose value is `Option<$t>` and that holds its
/// [`Place`] in `.0`: `null` is "nothing".
macro_rules! null_is_nothing {
    ($t:ty) => {
        fn visit_unit<E: de::Error>(self) -> Result<Option<$t>, E> {
            nothing::<$t, E>(self.0, Unexpected::Unit, &self)
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<$t>, E> {
            nothing::<$t, E>(self.0, Unexpected::Unit, &self)
        }
    };
}

macro_rules! lenient_integer {
    ($($t:ty),*) => {$(
        impl Lenient for $t {
            fn lenient_at<'de, D: Deserializer<'de>>(deserializer: D, place: Place) -> Result<Option<Self>, D::Error> {
                struct V(Place);
                impl<'de> Visitor<'de> for V {
                    type Value = Option<$t>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("an integer (", stringify!($t), ") or a string holding one"))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<$t>, E> {
                        <$t>::try_from(v).map(Some).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<$t>, E> {
                        <$t>::try_from(v).map(Some).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<$t>, E> {
                        // 12.0 is an integer; 12.5 is not.
                        if v.fract() == 0.0 && v >= <$t>::MIN as f64 && v <= <$t>::MAX as f64 {
                            Ok(Some(v as $t))
                        } else {
                            Err(E::invalid_value(Unexpected::Float(v), &self))
                        }
                    }
                    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<$t>, E> {
                        Ok(Some(<$t>::from(v)))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<$t>, E> {
                        // An empty form input stored as `""`.
                        if v.is_empty() && self.0 != Place::Item {
                            return nothing::<$t, E>(self.0, Unexpected::Str(v), &self);
                        }
                        let t = v.trim();
                        if let Ok(n) = t.parse::<$t>() {
                            return Ok(Some(n));
                        }
                        match t.parse::<f64>() {
                            Ok(f) if f.is_finite() => self.visit_f64(f),
                            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
                        }
                    }
                    null_is_nothing!($t);
                }
                deserializer.deserialize_any(V(place))
            }
            fn empty() -> Option<Self> {
                Some(0)
            }
        }
    )*};
}
lenient_integer!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! lenient_float {
    ($($t:ty),*) => {$(
        impl Lenient for $t {
            fn lenient_at<'de, D: Deserializer<'de>>(deserializer: D, place: Place) -> Result<Option<Self>, D::Error> {
                struct V(Place);
                impl<'de> Visitor<'de> for V {
                    type Value = Option<$t>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a number or a string holding one")
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<$t>, E> {
                        Ok(Some(v as $t))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<$t>, E> {
                        Ok(Some(v as $t))
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<$t>, E> {
                        Ok(Some(v as $t))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<$t>, E> {
                        if v.is_empty() && self.0 != Place::Item {
                            return nothing::<$t, E>(self.0, Unexpected::Str(v), &self);
                        }
                        v.trim().replace(',', ".").parse::<$t>().map(Some).map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
                    }
                    null_is_nothing!($t);
                }
                deserializer.deserialize_any(V(place))
            }
            fn empty() -> Option<Self> {
                Some(0.0)
            }
        }
    )*};
}
lenient_float!(f32, f64);

impl Lenient for bool {
    fn lenient_at<'de, D: Deserializer<'de>>(
        deserializer: D,
        place: Place,
    ) -> Result<Option<Self>, D::Error> {
        struct V(Place);
        impl<'de> Visitor<'de> for V {
            type Value = Option<bool>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean, 0/1, or \"true\"/\"false\"/\"1\"/\"0\"")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<bool>, E> {
                Ok(Some(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<bool>, E> {
                match v {
                    0 => Ok(Some(false)),
                    1 => Ok(Some(true)),
                    _ => Err(E::invalid_value(Unexpected::Signed(v), &self)),
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<bool>, E> {
                match v {
                    0 => Ok(Some(false)),
                    1 => Ok(Some(true)),
                    _ => Err(E::invalid_value(Unexpected::Unsigned(v), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<bool>, E> {
                if v.is_empty() && self.0 != Place::Item {
                    return nothing::<bool, E>(self.0, Unexpected::Str(v), &self);
                }
                match v.trim().to_ascii_lowercase().as_str() {
                    "1" | "true" => Ok(Some(true)),
                    "0" | "false" => Ok(Some(false)),
                    _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
                }
            }
            null_is_nothing!(bool);
        }
        deserializer.deserialize_any(V(place))
    }
    fn empty() -> Option<Self> {
        Some(false)
    }
}

impl Lenient for String {
    fn lenient_at<'de, D: Deserializer<'de>>(
        deserializer: D,
        place: Place,
    ) -> Result<Option<Self>, D::Error> {
        struct V(Place);
        impl<'de> Visitor<'de> for V {
            type Value = Option<String>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string (or a number or boolean, kept as text)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<String>, E> {
                Ok(Some(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Option<String>, E> {
                Ok(Some(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<String>, E> {
                Ok(Some(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<String>, E> {
                Ok(Some(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<String>, E> {
                Ok(Some(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<String>, E> {
                Ok(Some(v.to_string()))
            }
            null_is_nothing!(String);
        }
        deserializer.deserialize_any(V(place))
    }
    fn empty() -> Option<Self> {
        Some(String::new())
    }
}

/// Decodes one element leniently inside a sequence or map.
struct Element<T>(T);

impl<'de, T: Lenient> Deserialize<'de> for Element<T> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::lenient(deserializer).map(Element)
    }
}

impl<T: Lenient> Lenient for Option<T> {
    #[inline]
    fn lenient_at<'de, D: Deserializer<'de>>(
        deserializer: D,
        place: Place,
    ) -> Result<Option<Self>, D::Error> {
        match place {
            // `Vec<Option<i64>>`: `null` is `None`, anything else is the item.
            Place::Item => {
                Option::<Element<T>>::deserialize(deserializer).map(|o| Some(o.map(|e| e.0)))
            }
            // An `Option<T>` property, required (nullable) or not.
            Place::Required | Place::Optional => {
                T::lenient_at(deserializer, Place::Optional).map(Some)
            }
        }
    }
    #[inline]
    fn empty() -> Option<Self> {
        Some(None)
    }
}

impl<T: Lenient> Lenient for Box<T> {
    #[inline]
    fn lenient_at<'de, D: Deserializer<'de>>(
        deserializer: D,
        place: Place,
    ) -> Result<Option<Self>, D::Error> {
        T::lenient_at(deserializer, place).map(|o| o.map(Box::new))
    }
    #[inline]
    fn empty() -> Option<Self> {
        T::empty().map(Box::new)
    }
}

/// Whether an object key is an array index: PHP keeps an array's keys when it is filtered
/// without `->values()`, and `json_encode` then writes an object (`{"0": …, "3": …}`).
fn is_index(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit())
}

impl<T: Lenient> Lenient for Vec<T> {
    fn lenient_at<'de, D: Deserializer<'de>>(
        deserializer: D,
        place: Place,
    ) -> Result<Option<Self>, D::Error> {
        struct V<T>(Place, PhantomData<T>);
        impl<'de, T: Lenient> Visitor<'de> for V<T> {
            type Value = Option<Vec<T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array (or an object whose keys are all array indexes)")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(Element(item)) = seq.next_element::<Element<T>>()? {
                    out.push(item);
                }
                Ok(Some(out))
            }
            /// `{"0": a, "3": b}` is `[a, b]`, in the object's order; `{}` is `[]`.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    if !is_index(key.as_str()) {
                        return Err(de::Error::invalid_value(
                            Unexpected::Str(key.as_str()),
                            &self,
                        ));
                    }
                    let Element(item) = map.next_value::<Element<T>>()?;
                    out.push(item);
                }
                Ok(Some(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                nothing::<Vec<T>, E>(self.0, Unexpected::Unit, &self)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                self.visit_unit()
            }
        }
        deserializer.deserialize_any(V(place, PhantomData))
    }
    fn empty() -> Option<Self> {
        Some(Vec::new())
    }
}

/// Reads the rest of an array that should be empty: `[]` is the empty object (PHP's
/// `json_encode([])`); any item means the array is not a stand-in for an object.
pub(super) fn empty_array<'de, A: SeqAccess<'de>>(
    mut seq: A,
    expected: &dyn Expected,
) -> Result<(), A::Error> {
    match seq.next_element::<IgnoredAny>()? {
        None => Ok(()),
        Some(_) => Err(de::Error::invalid_type(Unexpected::Seq, expected)),
    }
}

impl<T: Lenient> Lenient for BTreeMap<String, T> {
    fn lenient_at<'de, D: Deserializer<'de>>(
        deserializer: D,
        place: Place,
    ) -> Result<Option<Self>, D::Error> {
        struct V<T>(Place, PhantomData<T>);
        impl<'de, T: Lenient> Visitor<'de> for V<T> {
            type Value = Option<BTreeMap<String, T>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((key, Element(value))) = map.next_entry::<String, Element<T>>()? {
                    out.insert(key, value);
                }
                Ok(Some(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                empty_array(seq, &self)?;
                Ok((self.0 != Place::Optional).then(BTreeMap::new))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                nothing::<BTreeMap<String, T>, E>(self.0, Unexpected::Unit, &self)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                self.visit_unit()
            }
        }
        deserializer.deserialize_any(V(place, PhantomData))
    }
    fn empty() -> Option<Self> {
        Some(BTreeMap::new())
    }
}

/// A type decoded by its own `Deserialize` (enums, unions, `serde_json::Value`, [`Binary`]):
/// only `null` has a meaning of its own at a property ([`Place`]).
#[inline]
pub fn decode_plain_at<'de, T: Deserialize<'de> + Lenient, D: Deserializer<'de>>(
    deserializer: D,
    place: Place,
) -> Result<Option<T>, D::Error> {
    match place {
        Place::Item => T::deserialize(deserializer).map(Some),
        Place::Optional => Option::<T>::deserialize(deserializer),
        Place::Required => match T::empty() {
            Some(_) => Option::<T>::deserialize(deserializer).map(|o| o.or_else(T::empty)),
            None => T::deserialize(deserializer).map(Some),
        },
    }
}

impl Lenient for serde_json::Value {
    fn lenient_at<'de, D: Deserializer<'de>>(
        deserializer: D,
        place: Place,
    ) -> Result<Option<Self>, D::Error> {
        decode_plain_at(deserializer, place)
    }
    fn empty() -> Option<Self> {
        Some(serde_json::Value::Null)
    }
}

impl Lenient for Binary {
    fn lenient_at<'de, D: Deserializer<'de>>(
        deserializer: D,
        place: Place,
    ) -> Result<Option<Self>, D::Error> {
        decode_plain_at(deserializer, place)
    }
    fn empty() -> Option<Self> {
        Some(Binary::default())
    }
}

/// Decodes a property's value at [`Place::Required`]: what the generated `Deserialize` impls
/// use for every property (`map.next_value_seed(FieldSeed::new())`); an optional property's
/// type is an `Option<T>`, whose impl moves on to [`Place::Optional`].
pub struct FieldSeed<T>(PhantomData<T>);

impl<T> FieldSeed<T> {
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> Default for FieldSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Lenient> de::DeserializeSeed<'de> for FieldSeed<T> {
    type Value = T;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::lenient_at(deserializer, Place::Required).and_then(present)
    }
}

/// A whole response body (or an envelope's `data`) decoded leniently: the generated methods
/// decode into `Body<T>` and return its `.0`.
pub struct Body<T>(pub T);

impl<'de, T: Lenient> Deserialize<'de> for Body<T> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::lenient(deserializer).map(Body)
    }
}

/// An object's key, borrowed from the input when the input allows it, so matching a
/// declared property allocates nothing.
pub struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> Key<'de> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}
