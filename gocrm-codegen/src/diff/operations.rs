//! Rules for operations: the `Client` methods, their arguments (path parameters, the
//! `<Op>Params` struct, the body), what they return, and what they must authenticate with.

use std::collections::BTreeSet;

use super::compare::{by_key, same_doc, Comparison};
use super::kind::{Class, Kind};
use super::rust::{
    body_argument_text, body_encoding, decoding_text, optional_text, path_argument_text, type_text,
};
use crate::ir::{
    Api, Body, NamedType, Operation, Param, ParamLocation, PathPiece, Response, StatusResponse,
    TypeKind,
};

impl Comparison<'_> {
    /// Operations are matched by method name; an unmatched pair on the same route is a
    /// rename (the operationId changed).
    pub(super) fn operations(&mut self) {
        let (old_api, new_api) = (self.old.api, self.new.api);
        let old = by_key(&old_api.operations, |o| o.method_name.as_str());
        let new = by_key(&new_api.operations, |o| o.method_name.as_str());
        let mut renamed_from: BTreeSet<&str> = BTreeSet::new();
        for n in &new_api.operations {
            if let Some(o) = old.get(&n.method_name) {
                self.operation(o, n);
                continue;
            }
            let same_route = old_api.operations.iter().find(|o| {
                !new.contains_key(&o.method_name)
                    && !renamed_from.contains(o.method_name.as_str())
                    && o.http_method == n.http_method
                    && route(o) == route(n)
            });
            match same_route {
                Some(o) => {
                    renamed_from.insert(&o.method_name);
                    self.push(
                        Class::Breaking,
                        Kind::OperationRenamed,
                        format!("Client::{}", o.method_name),
                        self.old.locate.operation(&o.path, &o.http_method),
                        self.new.locate.operation(&n.path, &n.http_method),
                        format!(
                            "`{} {}` is now `Client::{}` (operationId {} → {})",
                            n.http_method,
                            n.path,
                            n.method_name,
                            operation_id_text(o),
                            operation_id_text(n)
                        ),
                    );
                    self.operation(o, n);
                }
                None => self.push(
                    Class::Additive,
                    Kind::OperationAdded,
                    format!("Client::{}", n.method_name),
                    None,
                    self.new.locate.operation(&n.path, &n.http_method),
                    format!("new operation `{} {}`", n.http_method, n.path),
                ),
            }
        }
        for o in &old_api.operations {
            if !new.contains_key(&o.method_name) && !renamed_from.contains(o.method_name.as_str()) {
                self.push(
                    Class::Breaking,
                    Kind::OperationRemoved,
                    format!("Client::{}", o.method_name),
                    self.old.locate.operation(&o.path, &o.http_method),
                    None,
                    format!("operation `{} {}` was removed", o.http_method, o.path),
                );
            }
        }
    }

    /// One operation in both documents (`n`'s method name names the items).
    fn operation(&mut self, o: &Operation, n: &Operation) {
        let Operation {
            method_name: _,
            operation_id: _,
            http_method,
            path,
            path_pieces: _,
            path_params,
            params_type,
            body,
            response,
            other_responses,
            summary,
            description,
            deprecated,
            pointer: _,
            security,
        } = o;
        let item = format!("Client::{}", n.method_name);
        let old_ptr = self.old.locate.operation(path, http_method);
        let new_ptr = self.new.locate.operation(&n.path, &n.http_method);
        let at = OpPointers {
            item: &item,
            old: &old_ptr,
            new: &new_ptr,
        };
        if route(o) != route(n) {
            self.push(
                Class::Breaking,
                Kind::OperationPathChanged,
                &item,
                old_ptr.clone(),
                new_ptr.clone(),
                format!("the method calls `{}`, was `{path}`", n.path),
            );
        }
        if *http_method != n.http_method {
            self.push(
                Class::Breaking,
                Kind::OperationHttpMethodChanged,
                &item,
                old_ptr.clone(),
                new_ptr.clone(),
                format!("the method sends `{}`, was `{http_method}`", n.http_method),
            );
        }
        match (deprecated, n.deprecated) {
            (false, true) => self.push(
                Class::Additive,
                Kind::OperationDeprecated,
                &item,
                old_ptr.clone(),
                new_ptr.clone(),
                "the operation is deprecated (`#[deprecated]`: calls now warn)",
            ),
            (true, false) => self.push(
                Class::Docs,
                Kind::OperationUndeprecated,
                &item,
                old_ptr.clone(),
                new_ptr.clone(),
                "the operation is no longer deprecated",
            ),
            _ => {}
        }
        if !same_doc(summary, &n.summary) || !same_doc(description, &n.description) {
            self.push(
                Class::Docs,
                Kind::OperationDocsChanged,
                &item,
                old_ptr.clone(),
                new_ptr.clone(),
                "summary or description changed",
            );
        }
        self.path_params(&at, (o, path_params), (n, &n.path_params));
        self.params_struct(&at, (o, *params_type), (n, n.params_type));
        self.body(&at, (o, body), (n, &n.body));
        self.response(&at, (o, response), (n, &n.response));
        self.other_responses(&at, (o, other_responses), (n, &n.other_responses));
        self.security_requirement(&at, (o, security), (n, &n.security));
    }

    /// Path parameters are positional arguments: compared by position.
    fn path_params(
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
    fn params_struct(
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
                    "{} `{wire_name}` is required: the field is `{}`, was `Option<…>`",
                    location_text(n.location),
                    b
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

    fn body(
        &mut self,
        at: &OpPointers<'_>,
        (o_op, old): (&Operation, &Option<Body>),
        (n_op, new): (&Operation, &Option<Body>),
    ) {
        let o_ptr = self.old.locate.request_body(&o_op.path, &o_op.http_method);
        let n_ptr = self.new.locate.request_body(&n_op.path, &n_op.http_method);
        let (o, n) = match (old, new) {
            (None, None) => return,
            (None, Some(n)) => {
                let arg = optional_text(&body_argument_text(self.new.api, &n.ty), !n.required);
                self.push(
                    Class::Breaking,
                    Kind::RequestBodyAdded,
                    at.item,
                    at.old.clone(),
                    n_ptr,
                    format!("the method takes a new argument `body: {arg}`"),
                );
                return;
            }
            (Some(_), None) => {
                self.push(
                    Class::Breaking,
                    Kind::RequestBodyRemoved,
                    at.item,
                    o_ptr,
                    at.new.clone(),
                    "the method no longer takes a `body`",
                );
                return;
            }
            (Some(o), Some(n)) => (o, n),
        };
        let Body {
            ty,
            media_type,
            required,
            doc,
        } = o;
        let push = |this: &mut Self, class, kind, message: String| {
            this.push(class, kind, at.item, o_ptr.clone(), n_ptr.clone(), message)
        };
        let a = body_argument_text(self.old.api, ty);
        let b = body_argument_text(self.new.api, &n.ty);
        if a != b {
            push(
                self,
                Class::Breaking,
                Kind::RequestBodyTypeChanged,
                format!("`body` is `{b}`, was `{a}`"),
            );
        } else {
            let (ea, eb) = (
                body_encoding(ty, media_type),
                body_encoding(&n.ty, &n.media_type),
            );
            if ea != eb {
                push(
                    self,
                    Class::Breaking,
                    Kind::RequestBodyMediaTypeChanged,
                    format!("the body is sent as {eb}, was {ea}"),
                );
            }
        }
        match (required, n.required) {
            (false, true) => push(
                self,
                Class::Breaking,
                Kind::RequestBodyBecameRequired,
                format!("the body is required: `body: {b}`, was `Option<{a}>`"),
            ),
            (true, false) => push(
                self,
                Class::Breaking,
                Kind::RequestBodyBecameOptional,
                format!("the body is optional: `body: Option<{b}>`, was `{a}`"),
            ),
            _ => {}
        }
        if !same_doc(doc, &n.doc) {
            push(
                self,
                Class::Docs,
                Kind::RequestBodyDocsChanged,
                "the request body's description changed".to_owned(),
            );
        }
    }

    fn response(
        &mut self,
        at: &OpPointers<'_>,
        (o_op, old): (&Operation, &Response),
        (n_op, new): (&Operation, &Response),
    ) {
        let Response { decoding, doc } = old;
        let o_ptr = self
            .old
            .locate
            .response(&o_op.path, &o_op.http_method, None)
            .or_else(|| at.old.clone());
        let n_ptr = self
            .new
            .locate
            .response(&n_op.path, &n_op.http_method, None)
            .or_else(|| at.new.clone());
        let (a, a_env) = decoding_text(self.old.api, decoding);
        let (b, b_env) = decoding_text(self.new.api, &new.decoding);
        if a != b {
            self.push(
                Class::Breaking,
                Kind::ResponseTypeChanged,
                at.item,
                o_ptr.clone(),
                n_ptr.clone(),
                format!("the method returns `{b}`, was `{a}`"),
            );
        } else if a_env != b_env {
            let how = |envelope| {
                if envelope {
                    "inside the `{status, data}` envelope"
                } else {
                    "as the whole body"
                }
            };
            self.push(
                Class::Breaking,
                Kind::ResponseEnvelopeChanged,
                at.item,
                o_ptr.clone(),
                n_ptr.clone(),
                format!("`{b}` now comes {}, was {}", how(b_env), how(a_env)),
            );
        }
        if !same_doc(doc, &new.doc) {
            self.push(
                Class::Docs,
                Kind::ResponseDocsChanged,
                at.item,
                o_ptr,
                n_ptr,
                "the success response's description changed",
            );
        }
    }

    fn other_responses(
        &mut self,
        at: &OpPointers<'_>,
        (o_op, old): (&Operation, &[StatusResponse]),
        (n_op, new): (&Operation, &[StatusResponse]),
    ) {
        let old_by = by_key(old, |r| r.status.as_str());
        let new_by = by_key(new, |r| r.status.as_str());
        let describe = |api: &Api, r: &StatusResponse| {
            let (text, envelope) = decoding_text(api, &r.decoding);
            if envelope {
                format!("an envelope of `{text}`")
            } else {
                format!("`{text}`")
            }
        };
        for n in new {
            let n_ptr = self
                .new
                .locate
                .response(&n_op.path, &n_op.http_method, Some(&n.status));
            let b = describe(self.new.api, n);
            match old_by.get(&n.status) {
                None => self.push(
                    Class::Docs,
                    Kind::ErrorResponseAdded,
                    at.item,
                    None,
                    n_ptr,
                    format!("documents response `{}`: {b}", n.status),
                ),
                Some(o) => {
                    let StatusResponse {
                        status,
                        decoding: _,
                    } = o;
                    let a = describe(self.old.api, o);
                    if a != b {
                        self.push(
                            Class::Docs,
                            Kind::ErrorResponseChanged,
                            at.item,
                            self.old
                                .locate
                                .response(&o_op.path, &o_op.http_method, Some(status)),
                            n_ptr,
                            format!("response `{status}` is {b}, was {a}"),
                        );
                    }
                }
            }
        }
        for o in old {
            if !new_by.contains_key(&o.status) {
                self.push(
                    Class::Docs,
                    Kind::ErrorResponseRemoved,
                    at.item,
                    self.old
                        .locate
                        .response(&o_op.path, &o_op.http_method, Some(&o.status)),
                    None,
                    format!("no longer documents response `{}`", o.status),
                );
            }
        }
    }

    /// Alternatives of credentials, by scheme name. Code that worked sent one old
    /// alternative; it still works if some new alternative needs no more than that.
    fn security_requirement(
        &mut self,
        at: &OpPointers<'_>,
        (o_op, old): (&Operation, &[Vec<usize>]),
        (n_op, new): (&Operation, &[Vec<usize>]),
    ) {
        let names = |api: &Api, alternatives: &[Vec<usize>]| -> BTreeSet<BTreeSet<String>> {
            alternatives
                .iter()
                .map(|alt| {
                    alt.iter()
                        .filter_map(|i| api.security_schemes.get(*i))
                        .map(|s| s.spec_name.clone())
                        .collect()
                })
                .collect()
        };
        let a = names(self.old.api, old);
        let b = names(self.new.api, new);
        if a == b {
            return;
        }
        // No requirement means code sent nothing: the empty alternative.
        let sent: Vec<BTreeSet<String>> = if a.is_empty() {
            vec![BTreeSet::new()]
        } else {
            a.iter().cloned().collect()
        };
        let accepted =
            |held: &BTreeSet<String>| b.is_empty() || b.iter().any(|alt| alt.is_subset(held));
        let tightened = !sent.iter().all(accepted);
        let text = |set: &BTreeSet<BTreeSet<String>>| {
            if set.is_empty() {
                "none".to_owned()
            } else {
                set.iter()
                    .map(|alt| alt.iter().cloned().collect::<Vec<_>>().join(" + "))
                    .collect::<Vec<_>>()
                    .join(" or ")
            }
        };
        let (class, kind) = if tightened {
            (Class::Breaking, Kind::OperationSecurityTightened)
        } else {
            (Class::Additive, Kind::OperationSecurityRelaxed)
        };
        self.push(
            class,
            kind,
            at.item,
            self.old
                .locate
                .security_requirement(&o_op.path, &o_op.http_method)
                .or_else(|| at.old.clone()),
            self.new
                .locate
                .security_requirement(&n_op.path, &n_op.http_method)
                .or_else(|| at.new.clone()),
            format!("credentials: {}, was {}", text(&b), text(&a)),
        );
    }

    /// `#[derive(Default)]` on a struct (or params struct) in both documents.
    pub(super) fn default_derive(
        &mut self,
        o: &NamedType,
        n: &NamedType,
        old_ptr: Option<String>,
        new_ptr: Option<String>,
    ) {
        let item = format!("types::{}", n.name);
        match (o.derive_default, n.derive_default) {
            (true, false) => self.push(
                Class::Breaking,
                Kind::TypeDefaultRemoved,
                item,
                old_ptr,
                new_ptr,
                "no longer implements `Default` (`..Default::default()` stops compiling)",
            ),
            (false, true) => self.push(
                Class::Additive,
                Kind::TypeDefaultAdded,
                item,
                old_ptr,
                new_ptr,
                "now implements `Default`",
            ),
            _ => {}
        }
    }
}

/// The operation's item and pointers, for the changes found inside it.
struct OpPointers<'p> {
    item: &'p str,
    old: &'p Option<String>,
    new: &'p Option<String>,
}

/// The path template with parameter names blanked: `/firms/{}` (renaming a path parameter
/// does not move the operation).
fn route(op: &Operation) -> String {
    op.path_pieces
        .iter()
        .map(|piece| match piece {
            PathPiece::Literal(text) => text.as_str(),
            PathPiece::Param(_) => "{}",
        })
        .collect()
}

fn operation_id_text(op: &Operation) -> String {
    match &op.operation_id {
        Some(id) => format!("`{id}`"),
        None => "none".to_owned(),
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
