//! Rules for operations: the `Client` methods, their arguments (path parameters, the
//! `<Op>Params` struct, the body), what they return, and what they must authenticate with.

use std::collections::BTreeSet;

use super::compare::{by_key, same_doc, Comparison};
use super::kind::{Class, Kind};
use super::rust::{body_argument_text, body_encoding, decoding_text, optional_text};
use crate::ir::{Api, Body, Operation, PathPiece, Response, StatusResponse};

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
}

/// The operation's item and pointers, for the changes found inside it.
pub(super) struct OpPointers<'p> {
    pub item: &'p str,
    pub old: &'p Option<String>,
    pub new: &'p Option<String>,
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
