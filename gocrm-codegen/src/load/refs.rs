//! Finding and resolving `$ref`s in a document as written.
//!
//! A `$ref` key means a reference only where the document expects keywords:
//! inside `properties` the keys are property names, and inside `example`,
//! `default`, `enum` or an extension the content is free-form data. The walk
//! below tracks which of the two it is in, so a property called `$ref` or an
//! example that happens to contain one is not mistaken for a reference.

use std::borrow::Cow;

use serde_json::Value;

use super::location::Loc;

/// Keywords whose object value maps names (not keywords) to objects.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "definitions",
    "$defs",
    "schemas",
    "parameters",
    "responses",
    "headers",
    "content",
    "encoding",
    "links",
    "callbacks",
    "requestBodies",
    "securityDefinitions",
    "securitySchemes",
    "paths",
    "webhooks",
    "pathItems",
    "mediaTypes",
    "additionalOperations",
    "variables",
    "mapping",
    "scopes",
];

/// Keywords whose value is data, never a reference.
const DATA_KEYWORDS: &[&str] = &[
    "example",
    "default",
    "enum",
    "const",
    "value",
    "dataValue",
    "serializedValue",
];

/// Whether keys of the object being walked are keywords or names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keys {
    Keywords,
    Names,
}

/// One `$ref` found in a document.
pub(crate) struct RefSite<'v> {
    /// Pointer to the `$ref` member itself.
    pub(crate) pointer: String,
    pub(crate) reference: &'v str,
}

/// Everything a reference walk found.
pub(crate) struct RefWalk<'v> {
    pub(crate) sites: Vec<RefSite<'v>>,
    /// Pointer where nesting exceeded the limit, if it did.
    pub(crate) too_deep_at: Option<String>,
}

/// All `$ref`s in keyword positions, in document order. In Swagger 2.0 a
/// response's `examples` maps media types to raw examples, so it is data.
pub(crate) fn find_refs(root: &Value, swagger2: bool) -> RefWalk<'_> {
    let mut walk = RefWalk {
        sites: Vec::new(),
        too_deep_at: None,
    };
    collect(root, Keys::Keywords, &Loc::ROOT, swagger2, &mut walk);
    walk
}

fn collect<'v>(value: &'v Value, keys: Keys, at: &Loc<'_>, swagger2: bool, walk: &mut RefWalk<'v>) {
    if at.too_deep() {
        walk.too_deep_at.get_or_insert_with(|| at.pointer());
        return;
    }
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect(item, Keys::Keywords, &at.index(index), swagger2, walk);
            }
        }
        Value::Object(map) if keys == Keys::Names => {
            for (name, member) in map {
                collect(member, Keys::Keywords, &at.key(name), swagger2, walk);
            }
        }
        Value::Object(map) => {
            for (keyword, member) in map {
                let member_at = at.key(keyword);
                match member_keys(keyword, member, swagger2) {
                    Some(_) if keyword == "$ref" => {
                        if let Value::String(reference) = member {
                            walk.sites.push(RefSite {
                                pointer: member_at.pointer(),
                                reference,
                            });
                        }
                    }
                    Some(member_keys) => collect(member, member_keys, &member_at, swagger2, walk),
                    None => {}
                }
            }
        }
        _ => {}
    }
}

/// How to walk the value of `keyword`; `None` means it is data and is skipped.
fn member_keys(keyword: &str, member: &Value, swagger2: bool) -> Option<Keys> {
    if keyword.starts_with("x-") || DATA_KEYWORDS.contains(&keyword) {
        return None;
    }
    if keyword == "examples" {
        // Schema `examples` (an array) and 2.0 response examples are data;
        // 3.x `examples` maps names to Example objects, which may be `$ref`s.
        return (member.is_object() && !swagger2).then_some(Keys::Names);
    }
    if NAME_MAPS.contains(&keyword) && member.is_object() {
        return Some(Keys::Names);
    }
    Some(Keys::Keywords)
}

/// What a `$ref` string points at.
pub(crate) enum Target<'v> {
    Found(&'v Value),
    Missing,
    /// Another file or a URL: `other.yaml#/X`.
    External,
    /// A fragment that is not a JSON pointer, e.g. `#anchor`.
    NotAPointer,
}

/// Resolves a reference against the document it appears in.
pub(crate) fn resolve<'v>(root: &'v Value, reference: &str) -> Target<'v> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Target::External;
    };
    if !(fragment.is_empty() || fragment.starts_with('/')) {
        return Target::NotAPointer;
    }
    match root.pointer(&percent_decode(fragment)) {
        Some(target) => Target::Found(target),
        None => Target::Missing,
    }
}

/// The target of `reference` if it is itself a reference object: `{"$ref": "..."}`.
pub(crate) fn alias_of(target: &Value) -> Option<&str> {
    target.get("$ref").and_then(Value::as_str)
}

/// Decodes `%XX` escapes of a URI fragment; malformed escapes are kept as is.
pub(crate) fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(decoded) => {
                out.push(decoded);
                index += 3;
            }
            None => {
                out.push(byte);
                index += 1;
            }
        }
    }
    match String::from_utf8(out) {
        Ok(decoded) => Cow::Owned(decoded),
        Err(_) => Cow::Borrowed(text),
    }
}

/// Undoes RFC 6901 escaping of one pointer segment: `~1` → `/`, `~0` → `~`.
pub(crate) fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_refs_only_in_keyword_positions() {
        let doc = json!({
            "definitions": {
                "A": {"properties": {"$ref": {"$ref": "#/definitions/B"}}, "example": {"$ref": "nope"}},
                "B": {"x-thing": {"$ref": "nope"}, "items": {"$ref": "#/definitions/A"}}
            }
        });
        let walk = find_refs(&doc, true);
        let found: Vec<_> = walk
            .sites
            .iter()
            .map(|s| (s.pointer.as_str(), s.reference))
            .collect();
        assert_eq!(
            found,
            [
                ("#/definitions/A/properties/$ref/$ref", "#/definitions/B"),
                ("#/definitions/B/items/$ref", "#/definitions/A"),
            ]
        );
    }

    #[test]
    fn resolves_pointers() {
        let doc = json!({"paths": {"/a b": {"get": 1}}});
        assert!(matches!(resolve(&doc, "#/paths/~1a%20b/get"), Target::Found(v) if v == 1));
        assert!(matches!(resolve(&doc, "#/paths/missing"), Target::Missing));
        assert!(matches!(resolve(&doc, "other.yaml#/X"), Target::External));
        assert!(matches!(resolve(&doc, "#anchor"), Target::NotAPointer));
        assert_eq!(percent_decode("%7Bid%7D%zz"), "{id}%zz");
    }
}
