//! Parameters: path-item and operation parameters merged, `$ref`s resolved, the path template split.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Parameter, ReferenceOr};

use super::Found;
use crate::diagnostics::pointer;
use crate::ir::types::TypeSpace;
use crate::ir::{Param, PathPiece};

/// Path-item parameters overridden by operation parameters with the same name and location.
pub(super) fn merged_parameters<'a>(
    space: &mut TypeSpace<'a>,
    f: &Found<'a>,
) -> Vec<(&'a Parameter, String)> {
    let mut merged: IndexMap<(String, &'static str), (&'a Parameter, String)> = IndexMap::new();
    let path_ptr = pointer(["paths", f.path]);
    let sources = [
        (&f.item.parameters, path_ptr),
        (&f.op.parameters, f.ptr.clone()),
    ];
    for (list, base) in sources {
        for (i, p) in list.iter().enumerate() {
            let ptr = format!("{base}/parameters/{i}");
            let Some(param) = resolve_parameter(space, p, &ptr) else {
                continue;
            };
            let location = match param {
                Parameter::Path { .. } => "path",
                Parameter::Query { .. } => "query",
                Parameter::Header { .. } => "header",
                Parameter::Cookie { .. } => "cookie",
            };
            merged.insert(
                (param.parameter_data_ref().name.clone(), location),
                (param, ptr),
            );
        }
    }
    merged.into_values().collect()
}

fn resolve_parameter<'a>(
    space: &mut TypeSpace<'a>,
    p: &'a ReferenceOr<Parameter>,
    ptr: &str,
) -> Option<&'a Parameter> {
    let openapi: &'a OpenAPI = space.openapi;
    match p {
        ReferenceOr::Item(param) => Some(param),
        ReferenceOr::Reference { reference } => {
            let found = reference
                .strip_prefix("#/components/parameters/")
                .and_then(|name| openapi.components.as_ref()?.parameters.get(name))
                .and_then(|p| p.as_item());
            if found.is_none()
                && !crate::ir::types::names_missing_component(
                    space.openapi,
                    "parameters",
                    reference,
                )
            {
                space.warn(
                    format!("{ptr}/$ref"),
                    format!("parameter `{reference}` cannot be resolved; skipped"),
                );
            }
            found
        }
    }
}

/// Splits `/cities/{id}/centers` into literals and parameter slots.
pub(super) fn split_path(
    space: &mut TypeSpace<'_>,
    f: &Found<'_>,
    params: &[Param],
) -> Vec<PathPiece> {
    let mut pieces = Vec::new();
    let mut rest = f.path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            pieces.push(PathPiece::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        match params.iter().position(|p| p.wire_name == name) {
            Some(index) => pieces.push(PathPiece::Param(index)),
            None => {
                space.warn(
                    f.ptr.clone(),
                    format!("path parameter `{name}` is not declared; it is sent as written"),
                );
                pieces.push(PathPiece::Literal(rest[open..=close].to_owned()));
            }
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(PathPiece::Literal(rest.to_owned()));
    }
    pieces
}
