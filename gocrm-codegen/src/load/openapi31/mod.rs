//! OpenAPI 3.1 → the OpenAPI 3.0 model, rewritten in place.
//!
//! `openapiv3` models 3.0 only. Most 3.1 documents differ from 3.0 in a few
//! JSON Schema spellings (`type: [T, "null"]`, `const`, numeric
//! `exclusiveMinimum`, `examples`), which map exactly; the rest (webhooks,
//! `$defs`, conditional schemas…) is dropped with a warning that names the
//! construct and its pointer. The structure of the document does not change,
//! so every pointer is into the document as written.

mod schema;

use serde_json::{json, Map, Value};

use super::location::Loc;
use super::report::Reporter;
use super::walk::{walk_document, DocumentVisitor, MAX_STRUCTURE_DEPTH};

/// Rewrites a 3.1 document into the 3.0 shape.
pub(crate) fn normalise(mut document: Value, reporter: &mut Reporter) -> Value {
    if let Value::Object(root) = &mut document {
        Normaliser { reporter }.root(root);
    }
    document
}

/// Rewrites the document, and each schema as the walk reaches it.
struct Normaliser<'r> {
    reporter: &'r mut Reporter,
}

impl Normaliser<'_> {
    fn root(&mut self, root: &mut Map<String, Value>) {
        root.insert("openapi".to_owned(), json!("3.0.3"));
        if root.shift_remove("jsonSchemaDialect").is_some() {
            let at = Loc::ROOT.key("jsonSchemaDialect");
            self.reporter.warn(
                &at,
                "`jsonSchemaDialect` has no OpenAPI 3.0 equivalent; dropped",
            );
        }
        self.drop_webhooks(root);
        // SPDX `identifier` (3.1) has no place in the 3.0 license object.
        if let Some(Value::Object(license)) = root
            .get_mut("info")
            .and_then(|info| info.get_mut("license"))
        {
            license.shift_remove("identifier");
        }
        let components_at = Loc::ROOT.key("components");
        if let Some(Value::Object(components)) = root.get_mut("components") {
            self.components(components, &components_at);
        }
        walk_document(root, self);
    }

    /// Webhooks are requests the API makes, not ones a client sends.
    fn drop_webhooks(&mut self, root: &mut Map<String, Value>) {
        if let Some(webhooks) = root.shift_remove("webhooks") {
            let count = webhooks.as_object().map_or(0, Map::len);
            let at = Loc::ROOT.key("webhooks");
            self.reporter.warn(&at, format!("webhooks are not generated ({count} dropped); only `paths` become client calls"));
        }
        if !root.contains_key("paths") {
            root.insert("paths".to_owned(), json!({}));
        }
    }

    /// 3.1-only members of `components`.
    fn components(&mut self, components: &mut Map<String, Value>, at: &Loc<'_>) {
        if components.shift_remove("pathItems").is_some() {
            self.reporter.warn(
                &at.key("pathItems"),
                "`components.pathItems` has no OpenAPI 3.0 equivalent; dropped",
            );
        }
        if let Some(schemes) = components.get_mut("securitySchemes") {
            self.security_schemes(schemes, &at.key("securitySchemes"));
        }
    }

    /// `mutualTLS` (new in 3.1) is not in the 3.0 model.
    fn security_schemes(&mut self, schemes: &mut Value, at: &Loc<'_>) {
        let Value::Object(schemes) = schemes else {
            return;
        };
        let mutual_tls: Vec<String> = schemes
            .iter()
            .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
            .map(|(name, _)| name.clone())
            .collect();
        for name in mutual_tls {
            schemes.shift_remove(&name);
            self.reporter.warn(
                &at.key(&name),
                "security scheme type `mutualTLS` is not in OpenAPI 3.0; dropped",
            );
        }
    }
}

impl DocumentVisitor for Normaliser<'_> {
    fn schema(&mut self, schema: &mut Value, at: &Loc<'_>) {
        self.normalise_schema(schema, at);
    }

    /// `responses` is optional in 3.1 and required by the 3.0 model.
    fn operation(&mut self, operation: &mut Map<String, Value>, _at: &Loc<'_>) {
        operation.entry("responses").or_insert_with(|| json!({}));
    }

    fn too_deep(&mut self, at: &Loc<'_>) {
        self.reporter.error(
            at,
            format!("callbacks or encodings nest deeper than {MAX_STRUCTURE_DEPTH} levels"),
        );
    }
}
