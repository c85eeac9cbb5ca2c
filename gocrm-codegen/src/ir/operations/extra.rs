//! The operations the OpenAPI 3.0 model has no field for: a 3.2 path item's `query` and
//! `additionalOperations`, which the loader keeps in the path item extension
//! [`EXTRA_OPERATIONS`] (method token as sent → operation object).

use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;

use crate::diagnostics::pointer;
use crate::load::EXTRA_OPERATIONS;

/// One operation from [`EXTRA_OPERATIONS`], read into the model.
#[derive(Debug, Clone)]
pub struct ExtraOperation {
    pub path: String,
    /// The method token as sent: `QUERY`, or an `additionalOperations` key as written.
    pub method: String,
    /// Where it is in the document as written (`…/query`, `…/additionalOperations/COPY`).
    pub pointer: String,
    pub operation: openapiv3::Operation,
}

/// Every extra operation of the document's paths, in document order. The loader has checked
/// that each one fits the model; one that does not (a hand-built spec) is left out.
pub fn extra_operations(openapi: &OpenAPI) -> Vec<ExtraOperation> {
    let mut out = Vec::new();
    for (path, item) in &openapi.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let Some(Value::Object(extra)) = item.extensions.get(EXTRA_OPERATIONS) else {
            continue;
        };
        for (method, operation) in extra {
            let Ok(operation) = serde_json::from_value(operation.clone()) else {
                continue;
            };
            let pointer = if method == "QUERY" {
                pointer(["paths", path.as_str(), "query"])
            } else {
                pointer([
                    "paths",
                    path.as_str(),
                    "additionalOperations",
                    method.as_str(),
                ])
            };
            out.push(ExtraOperation {
                path: path.clone(),
                method: method.clone(),
                pointer,
                operation,
            });
        }
    }
    out
}

/// The extra operation at `path` with the method token `method`.
pub(crate) fn find<'a>(
    extra: &'a [ExtraOperation],
    path: &str,
    method: &str,
) -> Option<&'a openapiv3::Operation> {
    extra
        .iter()
        .find(|e| e.path == path && e.method == method)
        .map(|e| &e.operation)
}
