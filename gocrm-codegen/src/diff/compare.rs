//! The comparison's state and the API-wide rules (base URL, crate docs, security schemes,
//! examples). Operations are in `operations.rs`, named types in `types.rs`.
//!
//! Every IR struct is taken apart with an exhaustive pattern (no `..`): a field added to the
//! IR does not compile here until someone decides what changing it means for users' code.

use std::collections::BTreeMap;

use super::kind::{Class, Kind};
use super::report::Change;
use super::rust::Usage;
use crate::ir::{self, Api, SecurityKind, SecurityScheme};
use crate::locate::Locator;

/// One document's side of the comparison.
pub(super) struct Side<'a> {
    pub api: &'a Api,
    pub locate: Locator<'a>,
    pub usage: Usage,
}

impl<'a> Side<'a> {
    pub(super) fn new(api: &'a Api, locate: Locator<'a>) -> Self {
        Self {
            api,
            locate,
            usage: Usage::of(api),
        }
    }
}

/// Both sides and the changes found so far.
pub(super) struct Comparison<'a> {
    pub old: Side<'a>,
    pub new: Side<'a>,
    pub changes: Vec<Change>,
}

impl<'a> Comparison<'a> {
    pub(super) fn push(
        &mut self,
        class: Class,
        kind: Kind,
        item: impl Into<String>,
        old: Option<String>,
        new: Option<String>,
        message: impl Into<String>,
    ) {
        self.changes.push(Change {
            class,
            kind,
            item: item.into(),
            old,
            new,
            message: message.into(),
        });
    }

    /// Runs every rule; the changes come out grouped by class (most severe first), in the
    /// order of the API within a class.
    pub(super) fn run(mut self) -> Vec<Change> {
        self.api();
        self.security_schemes();
        self.operations();
        self.types();
        self.examples();
        let mut changes = self.changes;
        changes.sort_by_key(|c| c.class);
        changes
    }

    /// Title, description, base URL. The version is the report's header, and the envelope's
    /// success value, spec hash and replaced types come from settings or bytes, not the API.
    fn api(&mut self) {
        let (old, new) = (self.old.api, self.new.api);
        // Every field, so that one added to the IR is decided on here.
        let Api {
            title: _,
            description: _,
            default_base_url: _,
            version: _,                // the report's subject, not a change
            spec_sha256: _,            // bytes, not meaning
            envelope_success_value: _, // from the settings, the same on both sides
            replaced_types: _,         // settings too; compared with each type (`types.rs`)
            types: _,                  // `types.rs`
            operations: _,             // `operations.rs`
            examples: _,               // `examples` below
            security_schemes: _,       // `security_schemes` below
        } = old;
        if !same_text(&old.title, &new.title) || !same_doc(&old.description, &new.description) {
            let field = if same_text(&old.title, &new.title) {
                "description"
            } else {
                "title"
            };
            self.push(
                Class::Docs,
                Kind::ApiDocsChanged,
                "crate",
                self.old.locate.info(field),
                self.new.locate.info(field),
                format!("the API's {field} changed (the crate's docs)"),
            );
        }
        match (&old.default_base_url, &new.default_base_url) {
            (None, None) => {}
            (Some(a), Some(b)) if a == b => {}
            (None, Some(b)) => self.push(
                Class::Additive,
                Kind::BaseUrlAdded,
                "DEFAULT_BASE_URL",
                None,
                self.new.locate.base_url(),
                format!("the spec now gives the base URL `{b}`: `DEFAULT_BASE_URL` and `Client::default()` exist"),
            ),
            (Some(a), None) => self.push(
                Class::Breaking,
                Kind::BaseUrlRemoved,
                "DEFAULT_BASE_URL",
                self.old.locate.base_url(),
                None,
                format!("the spec no longer gives a base URL (was `{a}`): `DEFAULT_BASE_URL` and `Client::default()` are gone"),
            ),
            (Some(a), Some(b)) => self.push(
                Class::Breaking,
                Kind::BaseUrlChanged,
                "DEFAULT_BASE_URL",
                self.old.locate.base_url(),
                self.new.locate.base_url(),
                format!("the base URL moved from `{a}` to `{b}`: `Client::default()` calls the new one"),
            ),
        }
    }

    fn security_schemes(&mut self) {
        let old = by_key(&self.old.api.security_schemes, |s| s.field.as_str());
        let new = by_key(&self.new.api.security_schemes, |s| s.field.as_str());
        for (field, n) in &new {
            let item = format!("Client::with_{field}");
            let new_ptr = self.new.locate.security_scheme(&n.spec_name);
            let Some(o) = old.get(field) else {
                self.push(
                    Class::Additive,
                    Kind::SecuritySchemeAdded,
                    item,
                    None,
                    new_ptr,
                    format!(
                        "new credential `{}` ({})",
                        n.spec_name,
                        scheme_text(&n.kind)
                    ),
                );
                continue;
            };
            let SecurityScheme {
                field: _,
                spec_name: _,
                kind,
                doc,
            } = o;
            let old_ptr = self.old.locate.security_scheme(&o.spec_name);
            if *kind != n.kind {
                self.push(
                    Class::Breaking,
                    Kind::SecuritySchemeChanged,
                    item.clone(),
                    old_ptr.clone(),
                    new_ptr.clone(),
                    format!(
                        "credential `{}` was {}, is now {}",
                        n.spec_name,
                        scheme_text(kind),
                        scheme_text(&n.kind)
                    ),
                );
            }
            if !same_doc(doc, &n.doc) {
                self.push(
                    Class::Docs,
                    Kind::SecuritySchemeDocsChanged,
                    item,
                    old_ptr,
                    new_ptr,
                    format!("credential `{}`: description changed", n.spec_name),
                );
            }
        }
        for (field, o) in &old {
            if !new.contains_key(field) {
                self.push(
                    Class::Breaking,
                    Kind::SecuritySchemeRemoved,
                    format!("Client::with_{field}"),
                    self.old.locate.security_scheme(&o.spec_name),
                    None,
                    format!("credential `{}` is gone (its setter too)", o.spec_name),
                );
            }
        }
    }

    /// Examples become the generated crate's round-trip tests: docs-only changes. They are
    /// matched by where they are (a renamed operation keeps its examples).
    fn examples(&mut self) {
        let key = |e: &ir::examples::Example| e.pointer.clone();
        let old: BTreeMap<String, &ir::examples::Example> =
            self.old.api.examples.iter().map(|e| (key(e), e)).collect();
        let new: BTreeMap<String, &ir::examples::Example> =
            self.new.api.examples.iter().map(|e| (key(e), e)).collect();
        let item = |name: &str| format!("example_tests::{}", ir::naming::snake_name(name));
        for e in &self.new.api.examples {
            let new_ptr = Some(self.new.locate.schema(&e.pointer));
            match old.get(&e.pointer) {
                None => self.push(
                    Class::Docs,
                    Kind::ExampleAdded,
                    item(&e.name),
                    None,
                    new_ptr,
                    "new spec example (a round-trip test)",
                ),
                Some(o) => {
                    let ir::examples::Example {
                        name: _,
                        pointer,
                        ty: _,
                        json,
                    } = o;
                    // Another type for the same example shows as that type's change.
                    if *json != e.json {
                        self.push(
                            Class::Docs,
                            Kind::ExampleChanged,
                            item(&e.name),
                            Some(self.old.locate.schema(pointer)),
                            new_ptr,
                            "spec example changed",
                        );
                    }
                }
            }
        }
        for e in &self.old.api.examples {
            if !new.contains_key(&e.pointer) {
                self.push(
                    Class::Docs,
                    Kind::ExampleRemoved,
                    item(&e.name),
                    Some(self.old.locate.schema(&e.pointer)),
                    None,
                    "spec example removed",
                );
            }
        }
    }
}

/// Items by a unique key, in key order.
pub(super) fn by_key<T>(items: &[T], key: impl Fn(&T) -> &str) -> BTreeMap<String, &T> {
    items.iter().map(|i| (key(i).to_owned(), i)).collect()
}

/// Text fields compared as a reader sees them (surrounding whitespace does not count).
pub(super) fn same_text(a: &str, b: &str) -> bool {
    a.trim() == b.trim()
}

/// Optional docs: absent and blank are the same.
pub(super) fn same_doc(a: &Option<String>, b: &Option<String>) -> bool {
    a.as_deref().unwrap_or("").trim() == b.as_deref().unwrap_or("").trim()
}

fn scheme_text(kind: &SecurityKind) -> String {
    match kind {
        SecurityKind::ApiKeyHeader(name) => format!("an API key in header `{name}`"),
        SecurityKind::ApiKeyQuery(name) => format!("an API key in query parameter `{name}`"),
        SecurityKind::ApiKeyCookie(name) => format!("an API key in cookie `{name}`"),
        SecurityKind::Bearer => "a bearer token".to_owned(),
        SecurityKind::Basic => "HTTP basic credentials".to_owned(),
    }
}
