//! Raw bytes and multipart bodies.

use std::fmt;

use super::params::ParamValue;

/// A body sent as `multipart/form-data`; implemented for the structs the spec sends that way.
pub trait MultipartBody {
    fn to_multipart(&self) -> reqwest::multipart::Form;
}

/// Raw bytes (`type: string, format: binary`): a file part in a multipart body. In JSON it is
/// written as text (invalid UTF-8 replaced) and read from a string or an array of bytes.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Binary(pub Vec<u8>);

impl Binary {
    /// The bytes as a multipart file part named `file_name`.
    pub fn to_part(&self, file_name: &'static str) -> reqwest::multipart::Part {
        reqwest::multipart::Part::bytes(self.0.clone()).file_name(file_name)
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Binary({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Binary(bytes.to_vec())
    }
}

impl ParamValue for Binary {
    fn to_param(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }
}

impl serde::Serialize for Binary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Text(String),
            Bytes(Vec<u8>),
        }
        Ok(match Repr::deserialize(deserializer)? {
            Repr::Text(text) => Binary(text.into_bytes()),
            Repr::Bytes(bytes) => Binary(bytes),
        })
    }
}
