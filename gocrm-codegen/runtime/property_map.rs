//! [`PropertyMap`]: the undeclared properties an object carries (a struct's `extra`).

use std::collections::BTreeMap;
use std::fmt;

use super::lenient;

/// The name of a property in a [`PropertyMap`]. Names of up to 22 bytes (nearly all) are
/// stored in place, so keeping an undeclared property does not allocate for its name.
///
/// It reads as a `&str` (`Deref`, `AsRef<str>`, `Borrow<str>`, `Display`) and converts from
/// and into `String`.
#[derive(Clone)]
pub struct PropertyName(NameRepr);

/// What fits in `String`'s 24 bytes next to a length byte and the enum's tag.
const INLINE_NAME_BYTES: usize = 22;

#[derive(Clone)]
enum NameRepr {
    Inline {
        len: u8,
        bytes: [u8; INLINE_NAME_BYTES],
    },
    Heap(Box<str>),
}

impl PropertyName {
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // The bytes are a whole `&str` copied in `From<&str>`, so they are UTF-8; `""`
            // is unreachable and only avoids a panic path.
            NameRepr::Inline { .. } => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
            NameRepr::Heap(name) => name,
        }
    }

    /// The name's UTF-8 bytes, without re-checking them: comparisons and lookups use this,
    /// and order bytes as `str` orders text.
    fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            NameRepr::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            NameRepr::Heap(name) => name.as_bytes(),
        }
    }
}

impl From<&str> for PropertyName {
    fn from(name: &str) -> Self {
        let mut bytes = [0u8; INLINE_NAME_BYTES];
        match (bytes.get_mut(..name.len()), u8::try_from(name.len())) {
            (Some(head), Ok(len)) => {
                head.copy_from_slice(name.as_bytes());
                Self(NameRepr::Inline { len, bytes })
            }
            _ => Self(NameRepr::Heap(name.into())),
        }
    }
}

impl From<String> for PropertyName {
    fn from(name: String) -> Self {
        if name.len() <= INLINE_NAME_BYTES {
            Self::from(name.as_str())
        } else {
            Self(NameRepr::Heap(name.into_boxed_str()))
        }
    }
}

impl From<&String> for PropertyName {
    fn from(name: &String) -> Self {
        Self::from(name.as_str())
    }
}

impl From<PropertyName> for String {
    fn from(name: PropertyName) -> Self {
        match name.0 {
            NameRepr::Heap(name) => name.into_string(),
            NameRepr::Inline { .. } => name.as_str().to_owned(),
        }
    }
}

impl std::ops::Deref for PropertyName {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for PropertyName {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for PropertyName {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for PropertyName {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for PropertyName {}

impl PartialEq<str> for PropertyName {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for PropertyName {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialOrd for PropertyName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PropertyName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl std::hash::Hash for PropertyName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for PropertyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for PropertyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The properties of an object that its schema does not declare (a struct's `extra` field),
/// in name order, with a map's API: [`get`](Self::get), [`insert`](Self::insert),
/// [`remove`](Self::remove), [`iter`](Self::iter), and conversions from and to a `BTreeMap`.
/// It serializes as the properties themselves (the struct flattens it).
///
/// A sorted vector of short inline names rather than a `BTreeMap<String, T>`: an object
/// carries a handful of undeclared properties at most, and a tree node per object and an
/// allocation per name would cost more time and memory than the values (BENCHMARKS.md,
/// goal 3).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PropertyMap<T> {
    /// Sorted by name, names unique.
    entries: Vec<(PropertyName, T)>,
}

/// Iterates over a [`PropertyMap`]'s properties in name order.
pub type PropertyIter<'a, T> = std::iter::Map<
    std::slice::Iter<'a, (PropertyName, T)>,
    fn(&'a (PropertyName, T)) -> (&'a str, &'a T),
>;

/// A [`PropertyMap`]'s properties, taken out in name order.
pub type PropertyIntoIter<T> =
    std::iter::Map<std::vec::IntoIter<(PropertyName, T)>, fn((PropertyName, T)) -> (String, T)>;

impl<T> Default for PropertyMap<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
        }
    }
}

impl<T> PropertyMap<T> {
    /// No properties.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sorts, and of two entries with the same name keeps the later (as when a JSON object
    /// repeats a key).
    fn from_entries(mut entries: Vec<(PropertyName, T)>) -> Self {
        if entries.len() > 1 {
            // Stable, so equal names stay in arrival order and the dedup below keeps the last.
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries.reverse();
            entries.dedup_by(|later, earlier| later.0 == earlier.0);
            entries.reverse();
        }
        entries.shrink_to_fit();
        Self { entries }
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.entries
            .binary_search_by(|(k, _)| k.as_bytes().cmp(name.as_bytes()))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, name: &str) -> Option<&T> {
        let i = self.position(name).ok()?;
        self.entries.get(i).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut T> {
        let i = self.position(name).ok()?;
        self.entries.get_mut(i).map(|(_, v)| v)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Sets a property; returns the value it replaces.
    pub fn insert(&mut self, name: impl Into<PropertyName>, value: T) -> Option<T> {
        let name = name.into();
        match self.position(&name) {
            Ok(i) => self
                .entries
                .get_mut(i)
                .map(|(_, v)| std::mem::replace(v, value)),
            Err(i) => {
                self.entries.insert(i, (name, value));
                None
            }
        }
    }

    /// Takes a property out.
    pub fn remove(&mut self, name: &str) -> Option<T> {
        let i = self.position(name).ok()?;
        Some(self.entries.remove(i).1)
    }

    /// The properties in name order.
    pub fn iter(&self) -> PropertyIter<'_, T> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.entries.iter().map(|(_, v)| v)
    }
}

/// Gathers an object's undeclared properties while the object is decoded, then builds its
/// [`PropertyMap`] at its final size.
///
/// The map is copied into an allocation of the exact size rather than shrunk in place:
/// shrinking splits the allocator's chunk and leaves a small free fragment behind for every
/// object, while the freed gathering buffer is handed straight back to the next object.
pub struct PropertyCollector<T> {
    entries: Vec<(PropertyName, T)>,
}

impl<T> Default for PropertyCollector<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
        }
    }
}

impl<T> PropertyCollector<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a property as it arrives; a repeated name is resolved by [`finish`](Self::finish).
    pub fn push(&mut self, name: &str, value: T) {
        self.entries.push((PropertyName::from(name), value));
    }

    /// The map, in name order; of two properties with the same name the later wins.
    pub fn finish(mut self) -> PropertyMap<T> {
        if self.entries.capacity() == self.entries.len() {
            return PropertyMap::from_entries(self.entries);
        }
        let mut exact = Vec::with_capacity(self.entries.len());
        exact.append(&mut self.entries);
        PropertyMap::from_entries(exact)
    }
}

impl<T: fmt::Debug> fmt::Debug for PropertyMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<'a, T> IntoIterator for &'a PropertyMap<T> {
    type Item = (&'a str, &'a T);
    type IntoIter = PropertyIter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> IntoIterator for PropertyMap<T> {
    type Item = (String, T);
    type IntoIter = PropertyIntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter().map(|(k, v)| (String::from(k), v))
    }
}

impl<K: Into<PropertyName>, T> FromIterator<(K, T)> for PropertyMap<T> {
    fn from_iter<I: IntoIterator<Item = (K, T)>>(iter: I) -> Self {
        Self::from_entries(iter.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

impl<T> From<BTreeMap<String, T>> for PropertyMap<T> {
    fn from(map: BTreeMap<String, T>) -> Self {
        // Already sorted and unique.
        Self {
            entries: map
                .into_iter()
                .map(|(k, v)| (PropertyName::from(k), v))
                .collect(),
        }
    }
}

impl<T> From<PropertyMap<T>> for BTreeMap<String, T> {
    fn from(map: PropertyMap<T>) -> Self {
        map.into_iter().collect()
    }
}

impl<T: serde::Serialize> serde::Serialize for PropertyMap<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for PropertyMap<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = PropertyMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = PropertyCollector::new();
                while let Some(name) = map.next_key::<lenient::Key<'de>>()? {
                    entries.push(name.as_str(), map.next_value()?);
                }
                Ok(entries.finish())
            }
        }
        deserializer.deserialize_map(V(std::marker::PhantomData))
    }
}
