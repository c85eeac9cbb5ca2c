//! Rules for an operation's parameters: path parameters (positional arguments) and the
//! `<Op>Params` struct (query, header and cookie parameters as fields).

use super::compare::{by_key, same_doc, Comparison};
use super::kind::{Class, Kind};
use super::operations::OpPointers;
use super::rust::{optional_text, path_argument_text, type_text};
use crate::ir::{NamedType, Operation, Param, ParamLocation, TypeKind};

impl Comparison<'_> {
    /// Path parameters are positional arguments: compared by position.
    pub(super) fn path_params(
        &mut self,
        at: &OpPointers<'_>,
        (o_op, old): (&Operation, &[Param]),
        (n_op, new): (&Operation, &[Param]),
    ) {
        let ptr_old = |p: &Param| {
            self.old
                .locate
                .parameter(&o_op.path, &o_op.http_method, &p.wire_name, p.location)
        };
        let ptr_new = |p: &Param| {
            self.new
                .locate
                .parameter(&n_op.path, &n_op.http_method, &p.wire_name, p.location)
        };
        let mut found = Vec::new();
        for (i, n) in new.iter().enumerate() {
            let n_ptr = ptr_new(n);
            let Some(o) = old.get(i) else {
                found.push((
                    Class::Breaking,
                    Kind::ParameterAdded,
                    None,
                    n_ptr,
                    format!("new path argument `{}` (position {})", n.name, i + 1),
                ));
                continue;
            };
            let o_ptr = ptr_old(o);
            let (a, b) = (
                path_argument_text(self.old.api, &o.ty),
                path_argument_text(self.new.api, &n.ty),
            );
            if a != b {
                found.push((
                    Class::Breaking,
                    Kind::ParameterTypeChanged,
                    o_ptr.clone(),
                    n_ptr.clone(),
                    format!("path argument `{}` is `{b}`, was `{a}`", n.name),
                ));
            }
            if o.name != n.name {
                found.push((
                    Class::Docs,
                    Kind::ParameterRenamed,
                    o_ptr.clone(),
                    n_ptr.clone(),
                    format!(
                        "path argument {} is named `{}`, was `{}` (positional: calls are unchanged)",
                        i + 1,
                        n.name,
                        o.name
                    ),
                ));
            }
            if !same_doc(&o.doc, &n.doc) {
                found.push((
                    Class::Docs,
                    Kind::ParameterDocsChanged,
                    o_ptr,
                    n_ptr,
                    format!("path argument `{}`: description changed", n.name),
                ));
            }
        }
        for o in old.iter().skip(new.len()) {
            found.push((
                Class::Breaking,
                Kind::ParameterRemoved,
                ptr_old(o),
                None,
                format!("path argument `{}` was removed", o.name),
            ));
        }
        for (class, kind, old_ptr, new_ptr, message) in found {
            self.push(class, kind, at.item, old_ptr, new_ptr, message);
        }
    }

    /// The `<Op>Params` struct: its presence is an argument, its fields are parameters.
    pub(super) fn params_struct(
        &mut self,
        at: &OpPointers<'_>,
        (o_op, old): (&Operation, Option<usize>),
        (n_op, new): (&Operation, Option<usize>),
    ) {
        let old_type = old.and_then(|id| self.old.api.types.get(id));
        let new_type = new.and_then(|id| self.new.api.types.get(id));
        let none: &[Param] = &[];
        let (old_params, new_params) = (params_of(old_type), params_of(new_type));
        match (old_type, new_type) {
            (None, Some(t)) => self.push(
                Class::Breaking,
                Kind::ParametersArgumentAdded,
                at.item,
                at.old.clone(),
                at.new.clone(),
                format!(
                    "the method takes a new argument `params: &types::{}`",
                    t.name
                ),
            ),
            (Some(t), None) => {
                self.push(
                    Class::Breaking,
                    Kind::ParametersArgumentRemoved,
                    at.item,
                    at.old.clone(),
                    at.new.clone(),
                    format!("the method no longer takes `params: &types::{}`", t.name),
                );
                return;
            }
            (Some(a), Some(b)) => self.default_derive(a, b, at.old.clone(), at.new.clone()),
            (None, None) => return,
        }
        let struct_name = new_type.map(|t| t.name.as_str()).unwrap_or_default();
        let old_params = old_params.unwrap_or(none);
        let new_params = new_params.unwrap_or(none);
        let old_by = by_key(old_params, |p| p.name.as_str());
        let new_by = by_key(new_params, |p| p.name.as_str());
        for n in new_params {
            let item = format!("types::{struct_name}::{}", n.name);
            let n_ptr =
                self.new
                    .locate
                    .parameter(&n_op.path, &n_op.http_method, &n.wire_name, n.location);
            let Some(o) = old_by.get(&n.name) else {
                let renamed = old_params.iter().find(|o| {
                    !new_by.contains_key(&o.name)
                        && o.wire_name == n.wire_name
                        && o.location == n.location
                });
                if let Some(o) = renamed {
                    self.push(
                        Class::Breaking,
                        Kind::ParameterRenamed,
                        item,
                        self.old.locate.parameter(
                            &o_op.path,
                            &o_op.http_method,
                            &o.wire_name,
                            o.location,
                        ),
                        n_ptr,
                        format!(
                            "the field for {} `{}` is `{}`, was `{}`",
                            location_text(n.location),
                            n.wire_name,
                            n.name,
                            o.name
                        ),
                    );
                    continue;
                }
                let (class, required) = if n.required {
                    (Class::Breaking, "required")
                } else {
                    (Class::Additive, "optional")
                };
                self.push(
                    class,
                    Kind::ParameterAdded,
                    item,
                    None,
                    n_ptr,
                    format!(
                        "new {required} {} `{}`",
                        location_text(n.location),
                        n.wire_name
                    ),
                );
                continue;
            };
            let o_ptr =
                self.old
                    .locate
                    .parameter(&o_op.path, &o_op.http_method, &o.wire_name, o.location);
            self.param(&item, o, n, o_ptr, n_ptr);
        }
        for o in old_params {
            let renamed = new_params.iter().any(|n| {
                !old_by.contains_key(&n.name)
                    && o.wire_name == n.wire_name
                    && o.location == n.location
            });
            if !new_by.contains_key(&o.name) && !renamed {
                let old_struct = old_type.map(|t| t.name.as_str()).unwrap_or_default();
                self.push(
                    Class::Breaking,
                    Kind::ParameterRemoved,
                    format!("types::{old_struct}::{}", o.name),
                    self.old.locate.parameter(
                        &o_op.path,
                        &o_op.http_method,
                        &o.wire_name,
                        o.location,
                    ),
                    None,
                    format!(
                        "{} `{}` was removed",
                        location_text(o.location),
                        o.wire_name
                    ),
                );
            }
        }
    }

    /// One field of the params struct in both documents.
    fn param(
        &mut self,
        item: &str,
        o: &Param,
        n: &Param,
        o_ptr: Option<String>,
        n_ptr: Option<String>,
    ) {
        let Param {
            name: _,
            wire_name,
            location,
            ty,
            required,
            doc,
            explode,
            delimiter,
        } = o;
        let push = |this: &mut Self, class, kind, message: String| {
            this.push(class, kind, item, o_ptr.clone(), n_ptr.clone(), message)
        };
        let (a, b) = (type_text(self.old.api, ty), type_text(self.new.api, &n.ty));
        if a != b {
            push(
                self,
                Class::Breaking,
                Kind::ParameterTypeChanged,
                format!(
                    "`{}` is `{}`, was `{}`",
                    n.name,
                    optional_text(&b, !n.required),
                    optional_text(&a, !required)
                ),
            );
        }
        match (required, n.required) {
            (false, true) => push(
                self,
                Class::Breaking,
                Kind::ParameterBecameRequired,
                format!(
                    "{} `{wire_name}` is required: the field is `{b}`, was `Option<{a}>`",
                    location_text(n.location)
                ),
            ),
            (true, false) => push(
                self,
                Class::Breaking,
                Kind::ParameterBecameOptional,
                format!(
                    "{} `{wire_name}` is optional: the field is `Option<{}>`, was `{}`",
                    location_text(n.location),
                    b,
                    a
                ),
            ),
            _ => {}
        }
        if *wire_name != n.wire_name {
            push(
                self,
                Class::Breaking,
                Kind::ParameterWireNameChanged,
                format!(
                    "`{}` is sent as `{}`, was `{wire_name}`",
                    n.name, n.wire_name
                ),
            );
        }
        if *location != n.location {
            push(
                self,
                Class::Breaking,
                Kind::ParameterLocationChanged,
                format!(
                    "`{}` is sent as a {}, was a {}",
                    n.name,
                    location_text(n.location),
                    location_text(*location)
                ),
            );
        }
        let is_array = |p: &Param| matches!(p.ty, crate::ir::TypeRef::Array(_));
        if is_array(o) && is_array(n) && (*explode != n.explode || *delimiter != n.delimiter) {
            push(
                self,
                Class::Breaking,
                Kind::ParameterStyleChanged,
                format!(
                    "`{}` is encoded as {}, was {}",
                    n.name,
                    style_text(n.explode, n.delimiter),
                    style_text(*explode, delimiter)
                ),
            );
        }
        if !same_doc(doc, &n.doc) {
            push(
                self,
                Class::Docs,
                Kind::ParameterDocsChanged,
                format!("`{}`: description changed", n.name),
            );
        }
    }
}

fn params_of(t: Option<&NamedType>) -> Option<&[Param]> {
    match &t?.kind {
        TypeKind::Params(params) => Some(params),
        _ => None,
    }
}

fn location_text(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::QueryString => "query string parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn style_text(explode: bool, delimiter: &str) -> String {
    if explode {
        "one pair per item".to_owned()
    } else {
        format!("one value joined with `{delimiter}`")
    }
}
