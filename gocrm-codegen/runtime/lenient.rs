//! Lenient decoding of scalars, for servers whose JSON does not match the declared types:
//! integers from numeric strings (`"12345"`), booleans from `1`/`0`/`"1"`/`"true"`, strings from
//! numbers. Serialisation is untouched, so requests carry the declared types.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// A type that can be decoded leniently. Used through [`deserialize`] in
/// `#[serde(deserialize_with = ...)]`.
pub trait Lenient: Sized {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// `#[serde(deserialize_with = "runtime::lenient::deserialize")]`.
pub fn deserialize<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    T::lenient(deserializer)
}

macro_rules! lenient_integer {
    ($($t:ty),*) => {$(
        impl Lenient for $t {
            fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("an integer (", stringify!($t), ") or a string holding one"))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                        <$t>::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                        <$t>::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
                        // 12.0 is an integer; 12.5 is not.
                        if v.fract() == 0.0 && v >= <$t>::MIN as f64 && v <= <$t>::MAX as f64 {
                            Ok(v as $t)
                        } else {
                            Err(E::invalid_value(de::Unexpected::Float(v), &self))
                        }
                    }
                    fn visit_bool<E: de::Error>(self, v: bool) -> Result<$t, E> {
                        Ok(<$t>::from(v))
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                        let t = v.trim();
                        if let Ok(n) = t.parse::<$t>() {
                            return Ok(n);
                        }
                        match t.parse::<f64>() {
                            Ok(f) if f.is_finite() => self.visit_f64(f),
                            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                        }
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    )*};
}
lenient_integer!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! lenient_float {
    ($($t:ty),*) => {$(
        impl Lenient for $t {
            fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a number or a string holding one")
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                        Ok(v as $t)
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                        Ok(v as $t)
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
                        Ok(v as $t)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                        v.trim().replace(',', ".").parse::<$t>().map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
                    }
                }
                deserializer.deserialize_any(V)
            }
        }
    )*};
}
lenient_float!(f32, f64);

impl Lenient for bool {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = bool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean, 0/1, or \"true\"/\"false\"/\"1\"/\"0\"")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
                Ok(v)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
                match v {
                    0 => Ok(false),
                    1 => Ok(true),
                    _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
                match v {
                    0 => Ok(false),
                    1 => Ok(true),
                    _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
                match v.trim().to_ascii_lowercase().as_str() {
                    "1" | "true" => Ok(true),
                    "0" | "false" => Ok(false),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl Lenient for String {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string (or a number or boolean, kept as text)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
                Ok(v.to_string())
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Decodes one element leniently inside a sequence or map.
struct Element<T>(T);

impl<'de, T: Lenient> Deserialize<'de> for Element<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::lenient(deserializer).map(Element)
    }
}

impl<T: Lenient> Lenient for Option<T> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<Element<T>>::deserialize(deserializer).map(|o| o.map(|e| e.0))
    }
}

impl<T: Lenient> Lenient for Box<T> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::lenient(deserializer).map(Box::new)
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Lenient> Visitor<'de> for V<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(Element(item)) = seq.next_element::<Element<T>>()? {
                    out.push(item);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_seq(V(PhantomData))
    }
}

impl<T: Lenient> Lenient for BTreeMap<String, T> {
    fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Lenient> Visitor<'de> for V<T> {
            type Value = BTreeMap<String, T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((key, Element(value))) = map.next_entry::<String, Element<T>>()? {
                    out.insert(key, value);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(V(PhantomData))
    }
}

/// Decodes a `T` leniently as one value of a map: what the generated `Deserialize` impls
/// use for lenient fields (`map.next_value_seed(LenientSeed::new())`).
pub struct LenientSeed<T>(PhantomData<T>);

impl<T> LenientSeed<T> {
    pub fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> Default for LenientSeed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Lenient> de::DeserializeSeed<'de> for LenientSeed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::lenient(deserializer)
    }
}

/// A struct the generated code decodes from an object. Its `Deserialize` impl is
/// [`decode_struct`]: serde's visitor boilerplate is written once here rather than in
/// every struct, which keeps the generated crate smaller to format and to compile.
pub trait DecodeStruct: Sized {
    /// What a decoding error says was expected (`struct Name`).
    const EXPECTING: &'static str;
    /// Decodes the object's properties.
    fn decode_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` for a [`DecodeStruct`].
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
            T::decode_map(map)
        }
    }
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

/// A required property's value, or `missing field "<name>"`.
pub fn required<T, E: de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(name))
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
