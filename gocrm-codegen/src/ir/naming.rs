//! Turning spec names (any Unicode, any punctuation) into Rust identifiers.
//!
//! Every identifier the generator writes is made here, so the rules are in one place:
//! Cyrillic is transliterated, other non-ASCII becomes `uXXXX`, punctuation separates words,
//! a leading digit gets a prefix, keywords get a trailing `_`, and names that collide after
//! case conversion are told apart by [`NameAllocator`] in an order that does not depend on
//! which name came first in the document.

use std::collections::{BTreeMap, HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Rust reserves; an identifier equal to one gets a trailing `_`.
pub(crate) const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// Type names the generated code uses unqualified; a schema with one of these names is renamed
/// (`Option` → `OptionModel`) so it never shadows them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Box",
    "Vec",
    "Error",
    "Client",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "Value",
    "Map",
    "BTreeMap",
    "HashMap",
    "Into",
    "From",
    "ToString",
    "Send",
    "Sync",
    "Sized",
    "Iterator",
    "Fn",
    "FnMut",
    "FnOnce",
    "Drop",
    "AsRef",
    "Display",
    "Formatter",
    "Bytes",
];

/// `UpperCamelCase` type name for any spec name.
pub fn type_name(raw: &str) -> String {
    let camel = ascii_words(raw).to_upper_camel_case();
    let name = finish_identifier(camel, "Type");
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// `snake_case` field, method or module name for any spec name.
pub fn snake_name(raw: &str) -> String {
    let snake = ascii_words(raw).to_snake_case();
    finish_identifier(snake, "n")
}

/// `UpperCamelCase` enum variant name.
pub fn variant_name(raw: &str) -> String {
    let camel = ascii_words(raw).to_upper_camel_case();
    if camel.is_empty() {
        return "Empty".to_owned();
    }
    finish_identifier(camel, "V")
}

/// Maps a name to ASCII words separated by spaces: punctuation splits words, Cyrillic is
/// transliterated, any other non-ASCII letter becomes `uXXXX`. Case is kept so that heck
/// still sees `camelCase` boundaries.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(latin) = transliterate_cyrillic(c) {
            out.push_str(latin);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:04x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

/// Turns an empty or digit-led candidate into a valid identifier and escapes keywords.
fn finish_identifier(mut name: String, empty_fallback: &str) -> String {
    if name.is_empty() || name.chars().all(|c| c == '_') {
        return empty_fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        // `2fa` → `n_2fa` / `N2fa`; types and variants need an upper-case start.
        name = if empty_fallback.starts_with(|c: char| c.is_ascii_uppercase()) {
            format!("{}{name}", &empty_fallback[..1])
        } else {
            format!("n_{name}")
        };
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

fn transliterate_cyrillic(c: char) -> Option<&'static str> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let latin = match lower {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'і' => "i",
        'ї' => "yi",
        'є' => "ye",
        'ґ' => "g",
        _ => return None,
    };
    if c.is_uppercase() {
        // Keep the word boundary heck would see: an upper-case letter starts a word.
        return Some(match latin {
            "a" => "A",
            "b" => "B",
            "v" => "V",
            "g" => "G",
            "d" => "D",
            "e" => "E",
            "yo" => "Yo",
            "zh" => "Zh",
            "z" => "Z",
            "i" => "I",
            "y" => "Y",
            "k" => "K",
            "l" => "L",
            "m" => "M",
            "n" => "N",
            "o" => "O",
            "p" => "P",
            "r" => "R",
            "s" => "S",
            "t" => "T",
            "u" => "U",
            "f" => "F",
            "kh" => "Kh",
            "ts" => "Ts",
            "ch" => "Ch",
            "sh" => "Sh",
            "shch" => "Shch",
            "yu" => "Yu",
            "ya" => "Ya",
            "yi" => "Yi",
            "ye" => "Ye",
            other => other,
        });
    }
    Some(latin)
}

/// Gives each wire name in one namespace (the types of a module, the fields of a struct, the
/// methods of a client) a distinct identifier.
///
/// Names are requested first and resolved together, so the outcome does not depend on request
/// order: when several wire names map to the same identifier, the one whose wire name *is* that
/// identifier keeps it, and the rest get `_2`, `_3`, … (or `2`, `3` for type names) in the
/// sorted order of their wire names.
#[derive(Debug, Default)]
pub struct NameAllocator {
    /// key → (wire name, candidate identifier)
    requests: Vec<(String, String)>,
    /// Identifiers that are taken before any request (e.g. a struct's extra field).
    reserved: HashSet<String>,
}

impl NameAllocator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps `ident` out of the results (it is used by something else in the namespace).
    pub fn reserve(&mut self, ident: &str) {
        self.reserved.insert(ident.to_owned());
    }

    /// Asks for an identifier for `wire` whose preferred form is `candidate`; returns a ticket
    /// to look the result up with after [`NameAllocator::resolve`].
    pub fn request(&mut self, wire: &str, candidate: String) -> usize {
        self.requests.push((wire.to_owned(), candidate));
        self.requests.len() - 1
    }

    /// Resolves all requests; the result is indexed by ticket.
    pub fn resolve(self) -> Vec<String> {
        let mut by_candidate: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (ticket, (_, candidate)) in self.requests.iter().enumerate() {
            by_candidate
                .entry(candidate.as_str())
                .or_default()
                .push(ticket);
        }
        let mut taken: HashSet<String> = self.reserved.clone();
        // Uncontested candidates first, so a suffixed name never takes a real one.
        for (candidate, tickets) in &by_candidate {
            if tickets.len() == 1 && !self.reserved.contains(*candidate) {
                taken.insert((*candidate).to_owned());
            }
        }
        let mut out: Vec<String> = self.requests.iter().map(|(_, c)| c.clone()).collect();
        for (candidate, tickets) in &by_candidate {
            let contested = tickets.len() > 1 || self.reserved.contains(*candidate);
            if !contested {
                continue;
            }
            let mut ordered = tickets.clone();
            // Exact matches first (`type` is the exact match of `type_`, a keyword escaped),
            // then by wire name, then by ticket for identical wire names.
            let rank = |wire: &str| {
                if wire == *candidate {
                    0
                } else if candidate.strip_suffix('_') == Some(wire) {
                    1
                } else {
                    2
                }
            };
            let wire_of = |ticket: &usize| {
                self.requests
                    .get(*ticket)
                    .map(|(wire, _)| wire.as_str())
                    .unwrap_or("")
            };
            ordered.sort_by(|a, b| {
                let (wa, wb) = (wire_of(a), wire_of(b));
                (rank(wa), wa, a).cmp(&(rank(wb), wb, b))
            });
            let separator = if candidate.starts_with(|c: char| c.is_ascii_uppercase()) {
                ""
            } else {
                "_"
            };
            let mut counter = 1;
            for (position, ticket) in ordered.into_iter().enumerate() {
                let Some(slot) = out.get_mut(ticket) else {
                    continue;
                };
                if position == 0 && !self.reserved.contains(*candidate) {
                    *slot = (*candidate).to_owned();
                    continue;
                }
                loop {
                    counter += 1;
                    let name = format!("{}{separator}{counter}", candidate.trim_end_matches('_'));
                    if taken.insert(name.clone()) {
                        *slot = name;
                        break;
                    }
                }
            }
        }
        out
    }
}

/// A namespace where names are handed out one at a time (for names made up by the generator,
/// like `CreateLeadBody`, which are requested while types are discovered). The first asker
/// keeps a name; later ones get a numeric suffix. Used only for names whose order of creation
/// is itself deterministic (document order).
#[derive(Debug, Default)]
pub struct Namespace {
    used: HashMap<String, usize>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.used.contains_key(name)
    }

    /// Marks `name` as used (it was handed out elsewhere).
    pub fn claim(&mut self, name: &str) {
        self.used.entry(name.to_owned()).or_insert(1);
    }

    /// Returns `name`, or `name2`, `name3`… if it is taken.
    pub fn fresh(&mut self, name: &str) -> String {
        if !self.used.contains_key(name) {
            self.used.insert(name.to_owned(), 1);
            return name.to_owned();
        }
        let mut n = self.used.get(name).copied().unwrap_or(1);
        loop {
            n += 1;
            let candidate = format!("{name}{n}");
            if !self.used.contains_key(&candidate) {
                self.used.insert(name.to_owned(), n);
                self.used.insert(candidate.clone(), 1);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("ApiResponse"), "ApiResponse");
        assert_eq!(type_name("api_response"), "ApiResponse");
        assert_eq!(type_name("io.k8s.api.core.v1.Pod"), "IoK8sApiCoreV1Pod");
        assert_eq!(type_name("Option"), "OptionModel");
        assert_eq!(type_name("Error"), "ErrorModel");
        assert_eq!(type_name("2fa"), "T2fa");
        assert_eq!(type_name(""), "Type");
        assert_eq!(type_name("Заявка"), "Zayavka");
        assert_eq!(type_name("Self"), "Self_");
    }

    #[test]
    fn snake_names() {
        assert_eq!(snake_name("nameFirm"), "name_firm");
        assert_eq!(snake_name("center_id"), "center_id");
        assert_eq!(snake_name("type"), "type_");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("page[size]"), "page_size");
        assert_eq!(snake_name("@type"), "type_");
        assert_eq!(snake_name("X-Request-ID"), "x_request_id");
        assert_eq!(snake_name("2fa"), "n_2fa");
        assert_eq!(snake_name("Имя"), "imya");
        assert_eq!(snake_name("名前"), "u540d_u524d");
        assert_eq!(snake_name("$"), "n");
    }

    #[test]
    fn collisions_do_not_depend_on_order() {
        let resolve = |names: &[&str]| {
            let mut a = NameAllocator::new();
            let tickets: Vec<_> = names.iter().map(|n| a.request(n, snake_name(n))).collect();
            let out = a.resolve();
            let mut pairs: Vec<(String, String)> = tickets
                .into_iter()
                .map(|t| (names[t].to_owned(), out[t].clone()))
                .collect();
            pairs.sort();
            pairs
        };
        let forward = resolve(&["snakeCase", "snake_case", "SnakeCase"]);
        let backward = resolve(&["SnakeCase", "snake_case", "snakeCase"]);
        assert_eq!(forward, backward);
        assert!(forward.contains(&("snake_case".to_owned(), "snake_case".to_owned())));
        let idents: HashSet<_> = forward.iter().map(|(_, i)| i.clone()).collect();
        assert_eq!(idents.len(), 3);
    }

    #[test]
    fn reserved_names_are_never_handed_out() {
        let mut a = NameAllocator::new();
        a.reserve("extra");
        let t = a.request("extra", "extra".into());
        let u = a.request("extra_2", "extra_2".into());
        let out = a.resolve();
        assert_ne!(out[t], "extra");
        assert_ne!(out[t], out[u]);
    }

    #[test]
    fn namespace_suffixes() {
        let mut ns = Namespace::new();
        assert_eq!(ns.fresh("Body"), "Body");
        assert_eq!(ns.fresh("Body"), "Body2");
        ns.claim("Body3");
        assert_eq!(ns.fresh("Body"), "Body4");
    }
}
