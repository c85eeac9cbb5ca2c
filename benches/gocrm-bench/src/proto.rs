//! Prototype: the `Deserialize` impl the generator emits instead of
//! `#[derive(Deserialize)]` + `#[serde(flatten)]` + per-field `deserialize_with`, hand-written
//! for `User` and `Center` to measure before changing the generator. Known keys are matched
//! as borrowed text and decoded with a lenient seed; unknown keys go into `extra` directly
//! (no buffering through serde's private `Content`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use gocrm_generated::runtime::lenient::Lenient;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// Decodes a `T` leniently as a map value.
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

impl<'de, T: Lenient> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::lenient(deserializer)
    }
}

/// An object key, borrowed from the input when it can be.
pub struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Center {
    pub id: Option<i64>,
    pub city: String,
    pub city_alias: String,
    pub center_alias: String,
    pub address: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub city_id: i64,
    pub firm_id: i64,
    pub timezone: String,
    pub description: Option<String>,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    pub site_status: bool,
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl<'de> Deserialize<'de> for Center {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Center;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object (Center)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Center, A::Error> {
                let mut id: Option<Option<i64>> = None;
                let mut city: Option<String> = None;
                let mut city_alias: Option<String> = None;
                let mut center_alias: Option<String> = None;
                let mut address: Option<String> = None;
                let mut phone: Option<Option<String>> = None;
                let mut email: Option<Option<String>> = None;
                let mut city_id: Option<i64> = None;
                let mut firm_id: Option<i64> = None;
                let mut timezone: Option<String> = None;
                let mut description: Option<Option<String>> = None;
                let mut latitude: Option<Option<String>> = None;
                let mut longitude: Option<Option<String>> = None;
                let mut site_status: Option<bool> = None;
                let mut extra = BTreeMap::new();
                while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                    match &*key {
                        "id" => id = Some(map.next_value_seed(LenientSeed::new())?),
                        "city" => city = Some(map.next_value_seed(LenientSeed::new())?),
                        "cityAlias" => city_alias = Some(map.next_value_seed(LenientSeed::new())?),
                        "centerAlias" => {
                            center_alias = Some(map.next_value_seed(LenientSeed::new())?)
                        }
                        "address" => address = Some(map.next_value_seed(LenientSeed::new())?),
                        "phone" => phone = Some(map.next_value_seed(LenientSeed::new())?),
                        "email" => email = Some(map.next_value_seed(LenientSeed::new())?),
                        "cityId" => city_id = Some(map.next_value_seed(LenientSeed::new())?),
                        "firmId" => firm_id = Some(map.next_value_seed(LenientSeed::new())?),
                        "timezone" => timezone = Some(map.next_value_seed(LenientSeed::new())?),
                        "description" => {
                            description = Some(map.next_value_seed(LenientSeed::new())?)
                        }
                        "latitude" => latitude = Some(map.next_value_seed(LenientSeed::new())?),
                        "longitude" => longitude = Some(map.next_value_seed(LenientSeed::new())?),
                        "siteStatus" => {
                            site_status = Some(map.next_value_seed(LenientSeed::new())?)
                        }
                        _ => {
                            extra.insert(key.into_owned(), map.next_value()?);
                        }
                    }
                }
                Ok(Center {
                    id: id.unwrap_or_default(),
                    city: city.ok_or_else(|| de::Error::missing_field("city"))?,
                    city_alias: city_alias.ok_or_else(|| de::Error::missing_field("cityAlias"))?,
                    center_alias: center_alias
                        .ok_or_else(|| de::Error::missing_field("centerAlias"))?,
                    address: address.ok_or_else(|| de::Error::missing_field("address"))?,
                    phone: phone.unwrap_or_default(),
                    email: email.unwrap_or_default(),
                    city_id: city_id.ok_or_else(|| de::Error::missing_field("cityId"))?,
                    firm_id: firm_id.ok_or_else(|| de::Error::missing_field("firmId"))?,
                    timezone: timezone.ok_or_else(|| de::Error::missing_field("timezone"))?,
                    description: description.unwrap_or_default(),
                    latitude: latitude.unwrap_or_default(),
                    longitude: longitude.unwrap_or_default(),
                    site_status: site_status
                        .ok_or_else(|| de::Error::missing_field("siteStatus"))?,
                    extra,
                })
            }
        }
        deserializer.deserialize_map(V)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub display_name: Option<String>,
    pub is_display: Option<bool>,
    pub description: Option<String>,
    pub photo: Option<String>,
    pub position: i64,
    pub center_id: i64,
    pub center: Option<Center>,
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl<'de> Deserialize<'de> for User {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = User;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object (User)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<User, A::Error> {
                let mut id: Option<i64> = None;
                let mut login: Option<String> = None;
                let mut name: Option<String> = None;
                let mut display_name: Option<Option<String>> = None;
                let mut is_display: Option<Option<bool>> = None;
                let mut description: Option<Option<String>> = None;
                let mut photo: Option<Option<String>> = None;
                let mut position: Option<i64> = None;
                let mut center_id: Option<i64> = None;
                let mut center: Option<Option<Center>> = None;
                let mut extra = BTreeMap::new();
                while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                    match &*key {
                        "id" => id = Some(map.next_value_seed(LenientSeed::new())?),
                        "login" => login = Some(map.next_value_seed(LenientSeed::new())?),
                        "name" => name = Some(map.next_value_seed(LenientSeed::new())?),
                        "displayName" => {
                            display_name = Some(map.next_value_seed(LenientSeed::new())?)
                        }
                        "isDisplay" => is_display = Some(map.next_value_seed(LenientSeed::new())?),
                        "description" => {
                            description = Some(map.next_value_seed(LenientSeed::new())?)
                        }
                        "photo" => photo = Some(map.next_value_seed(LenientSeed::new())?),
                        "position" => position = Some(map.next_value_seed(LenientSeed::new())?),
                        "centerId" => center_id = Some(map.next_value_seed(LenientSeed::new())?),
                        "center" => center = Some(map.next_value()?),
                        _ => {
                            extra.insert(key.into_owned(), map.next_value()?);
                        }
                    }
                }
                Ok(User {
                    id: id.ok_or_else(|| de::Error::missing_field("id"))?,
                    login: login.ok_or_else(|| de::Error::missing_field("login"))?,
                    name: name.ok_or_else(|| de::Error::missing_field("name"))?,
                    display_name: display_name.unwrap_or_default(),
                    is_display: is_display.unwrap_or_default(),
                    description: description.unwrap_or_default(),
                    photo: photo.unwrap_or_default(),
                    position: position.ok_or_else(|| de::Error::missing_field("position"))?,
                    center_id: center_id.ok_or_else(|| de::Error::missing_field("centerId"))?,
                    center: center.unwrap_or_default(),
                    extra,
                })
            }
        }
        deserializer.deserialize_map(V)
    }
}
