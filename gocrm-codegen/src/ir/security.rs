//! Security schemes → the client's credentials, and which operations need which.
//!
//! Each usable scheme (API key in a header, query or cookie; HTTP bearer or basic; OAuth2 and
//! OpenID Connect as a bearer token) becomes one credential the client can hold. An
//! operation's requirement (its own `security`, else the document's) becomes a list of
//! alternatives, each a set of schemes that must all be present.

use openapiv3::{
    APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme as Spec,
};

use super::naming::{self, NameAllocator};
use super::{SecurityKind, SecurityScheme};
use crate::diagnostics::{pointer, Diagnostic};

/// The document's usable schemes, in document order, with distinct field names.
pub fn schemes(
    openapi: &OpenAPI,
    file: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<SecurityScheme> {
    let Some(components) = &openapi.components else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (key, scheme) in &components.security_schemes {
        let ptr = pointer(["components", "securitySchemes", key.as_str()]);
        let scheme = match scheme {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                warnings.push(Diagnostic::warning(
                    file,
                    &ptr,
                    format!("security scheme $ref `{reference}` is not supported; skipped"),
                ));
                continue;
            }
        };
        let (kind, doc) = match scheme {
            Spec::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let kind = match location {
                    APIKeyLocation::Header => SecurityKind::ApiKeyHeader(name.clone()),
                    APIKeyLocation::Query => SecurityKind::ApiKeyQuery(name.clone()),
                    APIKeyLocation::Cookie => SecurityKind::ApiKeyCookie(name.clone()),
                };
                (kind, description.clone())
            }
            Spec::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (SecurityKind::Bearer, description.clone()),
                "basic" => (SecurityKind::Basic, description.clone()),
                other => {
                    warnings.push(Diagnostic::warning(
                        file,
                        &ptr,
                        format!("HTTP auth scheme `{other}` is not supported; set the header on your reqwest::Client"),
                    ));
                    continue;
                }
            },
            // The client does not run OAuth flows; it sends the token the caller obtained.
            Spec::OAuth2 { description, .. } | Spec::OpenIDConnect { description, .. } => {
                (SecurityKind::Bearer, description.clone())
            }
        };
        found.push((key.clone(), kind, doc));
    }
    let mut allocator = NameAllocator::new();
    let tickets: Vec<usize> = found
        .iter()
        .map(|(key, _, _)| allocator.request(key, naming::snake_name(key)))
        .collect();
    let names = allocator.resolve();
    found
        .into_iter()
        .zip(tickets)
        .map(|((spec_name, kind, doc), ticket)| SecurityScheme {
            field: names
                .get(ticket)
                .cloned()
                .unwrap_or_else(|| naming::snake_name(&spec_name)),
            spec_name,
            kind,
            doc,
        })
        .collect()
}

/// An operation's alternatives: indexes into `schemes`. Empty means no credentials are sent.
pub fn requirements(
    openapi: &OpenAPI,
    own: Option<&Vec<SecurityRequirement>>,
    schemes: &[SecurityScheme],
    ptr: &str,
    file: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Vec<usize>> {
    let Some(requirements) = own.or(openapi.security.as_ref()) else {
        return Vec::new();
    };
    let mut alternatives = Vec::new();
    for requirement in requirements {
        let mut alternative = Vec::new();
        let mut usable = true;
        for name in requirement.keys() {
            match schemes.iter().position(|s| &s.spec_name == name) {
                Some(index) => alternative.push(index),
                None => {
                    warnings.push(Diagnostic::warning(
                        file,
                        format!("{ptr}/security"),
                        format!("security scheme `{name}` is not declared or not supported; that alternative is skipped"),
                    ));
                    usable = false;
                }
            }
        }
        // `{}` is "no credentials needed": an alternative that is always satisfied.
        if usable {
            alternatives.push(alternative);
        }
    }
    if alternatives.iter().any(Vec::is_empty) && alternatives.iter().all(Vec::is_empty) {
        return Vec::new();
    }
    alternatives
}
