//! Building URLs and parameter values as they go over the wire.

/// Joins a base URL and a path made of literal pieces and already-encoded parameters.
pub fn url(base_url: &str, pieces: &[&str]) -> String {
    let mut url = String::with_capacity(base_url.len() + 32);
    url.push_str(base_url.trim_end_matches('/'));
    for piece in pieces {
        url.push_str(piece);
    }
    url
}

/// Percent-encodes a path parameter so it stays one path segment.
pub fn encode_path(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A query, path, header, form or multipart value as it goes over the wire: booleans as
/// `true`/`false`, or as `1`/`0` for a client generated with `bool_params = "one-zero"`.
pub trait ParamValue {
    fn to_param(&self) -> String;
    /// As [`ParamValue::to_param`], with booleans as `1`/`0`.
    fn to_param_one_zero(&self) -> String {
        self.to_param()
    }
}

macro_rules! param_value_by_display {
    ($($t:ty),*) => { $(impl ParamValue for $t { fn to_param(&self) -> String { self.to_string() } })* };
}
param_value_by_display!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, String, str);

impl ParamValue for bool {
    fn to_param(&self) -> String {
        self.to_string()
    }
    fn to_param_one_zero(&self) -> String {
        u8::from(*self).to_string()
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
    fn to_param_one_zero(&self) -> String {
        (**self).to_param_one_zero()
    }
}

impl ParamValue for serde_json::Value {
    fn to_param(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
    fn to_param_one_zero(&self) -> String {
        match self {
            serde_json::Value::Bool(b) => b.to_param_one_zero(),
            other => other.to_param(),
        }
    }
}

/// A form body (`application/x-www-form-urlencoded`) with booleans as `1`/`0`: the body's
/// JSON object as name/value pairs, `null`s left out, arrays and objects as JSON text.
pub fn form_one_zero<T: serde::Serialize + ?Sized>(body: &T) -> Vec<(String, String)> {
    match serde_json::to_value(body) {
        Ok(serde_json::Value::Object(fields)) => fields
            .into_iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(name, value)| (name, value.to_param_one_zero()))
            .collect(),
        _ => Vec::new(),
    }
}

/// A parameter that is not a scalar (an object, a map) goes over the wire as JSON text.
pub fn json_param<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A value as JSON text, for a multipart text part.
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    json_param(value)
}
