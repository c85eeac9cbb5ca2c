//! IR → the `mock` module (cargo feature `mock`): `MockServer` and one typed stub builder per
//! operation. The module is a static description of the API (paths, parameters, body
//! properties, default answers) handed to the runtime's engine (`runtime/mock.rs`), plus
//! the typed methods; every decision about matching and validation lives in the engine.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::client::{argument_type, param_value};
use super::mock_examples::candidates;
use super::{ident, type_tokens, Context};
use crate::ir::{
    naming, BodyType, Decoding, EventItem, Field, Framing, Operation, Param, ParamLocation,
    PathPiece, Scalar, TypeKind, TypeRef,
};

/// `MockServer`'s own methods; an operation with one of these names gets `_stub` appended.
const SERVER_METHODS: &[&str] = &["start", "url", "client"];

/// The body of the `mock` module.
///
/// `nested`: the module sits one level deeper than the crate's modules (the single-file
/// layout's `mock::imp`), so it reaches them through `super::super`.
pub fn emit_mock(cx: &Context<'_>, nested: bool) -> TokenStream {
    let api = cx.api;
    let up = if nested {
        quote!(super::super)
    } else {
        quote!(super)
    };
    let op_names: BTreeSet<&str> = api
        .operations
        .iter()
        .map(|op| op.method_name.as_str())
        .collect();
    let mut used_types = BTreeSet::new();
    let mut used_methods = BTreeSet::new();
    let mut tables = Vec::new();
    let mut server_methods = Vec::new();
    let mut builders = Vec::new();
    for (index, op) in api.operations.iter().enumerate() {
        let mut method = op.method_name.clone();
        while SERVER_METHODS.contains(&method.as_str())
            || (method != op.method_name && op_names.contains(method.as_str()))
            || !used_methods.insert(method.clone())
        {
            method.push_str("_stub");
        }
        // Named as one name (`self` + `stub` is `SelfStub`), not the method's type name plus
        // `Stub`: a keyword's escape (`Self_`) would leave a non-camel-case `Self_Stub`.
        let base = naming::type_name(&format!("{}_stub", op.method_name));
        let mut type_name = base.clone();
        let mut n = 2;
        while !used_types.insert(type_name.clone()) {
            type_name = format!("{base}{n}");
            n += 1;
        }
        tables.push(operation_table(cx, op));
        let (server_method, builder) = emit_builder(cx, op, index, &method, &type_name);
        server_methods.push(server_method);
        builders.push(builder);
    }

    let base_path = base_path(api.default_base_url.as_deref());
    let envelope = if api
        .operations
        .iter()
        .any(|op| matches!(op.response.decoding, Decoding::Envelope(_)))
    {
        let status = &cx.settings.envelope_status_field;
        let data = &cx.settings.envelope_data_field;
        let success = &api.envelope_success_value;
        quote!(Some(runtime::mock::Envelope { status_field: #status, data_field: #data, success: #success }))
    } else {
        quote!(None)
    };
    let lenient = cx.settings.lenient_scalars;
    quote! {
        //! A typed mock of the API for your tests (cargo feature `mock`): a real HTTP server on
        //! 127.0.0.1 that answers every operation with an example, validates requests like the
        //! real server, and takes typed stubs (one builder per operation, named like the
        //! client's method).

        #[allow(unused_imports)]
        use #up::runtime::{self, ParamValue};
        #[allow(unused_imports)]
        use #up::types;
        use #up::Client;

        static API: runtime::mock::Api = runtime::mock::Api {
            base_path: #base_path,
            envelope: #envelope,
            lenient: #lenient,
            operations: &[#(#tables),*],
        };

        /// A mock of the API on 127.0.0.1. Out of the box every operation answers success with
        /// an example; stubs mounted later take precedence (the most recent matching one
        /// answers); requests missing required parameters or properties, or sending values of
        /// the wrong type, are answered as the server answers a validation error.
        #[derive(Debug)]
        pub struct MockServer {
            server: runtime::mock::Server,
        }

        impl MockServer {
            /// Starts a mock on a free port of 127.0.0.1.
            pub async fn start() -> MockServer {
                MockServer { server: runtime::mock::Server::start(API).await }
            }

            /// The base URL to give [`Client::new`], including the spec's base path.
            pub fn url(&self) -> String {
                self.server.url()
            }

            /// A client for this mock.
            pub fn client(&self) -> Client {
                Client::new(&self.url())
            }

            #(#server_methods)*
        }

        #(#builders)*
    }
}

/// The path of an absolute base URL (`https://host/api/v3` → `/api/v3`), or empty.
fn base_path(url: Option<&str>) -> String {
    let Some(url) = url else {
        return String::new();
    };
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].trim_end_matches('/').to_owned(),
        None => String::new(),
    }
}

/// Every query and header parameter of `op` (path parameters are in `op.path_params`).
fn other_params<'a>(cx: &'a Context<'_>, op: &Operation) -> &'a [Param] {
    match op
        .params_type
        .and_then(|id| cx.api.types.get(id))
        .map(|t| &t.kind)
    {
        Some(TypeKind::Params(params)) => params,
        _ => &[],
    }
}

fn location_tokens(location: ParamLocation) -> Option<TokenStream> {
    match location {
        ParamLocation::Path => Some(quote!(runtime::mock::Location::Path)),
        ParamLocation::Query => Some(quote!(runtime::mock::Location::Query)),
        ParamLocation::Header => Some(quote!(runtime::mock::Location::Header)),
        // The mock does not take a query string apart into one typed value: not checked.
        ParamLocation::QueryString | ParamLocation::Cookie => None,
    }
}

/// The engine's `Kind` for a type (aliases followed a few levels).
fn kind_tokens(cx: &Context<'_>, t: &TypeRef) -> TokenStream {
    fn kind(cx: &Context<'_>, t: &TypeRef, depth: u8) -> &'static str {
        match t {
            TypeRef::Scalar(Scalar::Bool) => "Boolean",
            TypeRef::Scalar(Scalar::I32 | Scalar::I64 | Scalar::U64) => "Integer",
            TypeRef::Scalar(Scalar::F32 | Scalar::F64) => "Number",
            TypeRef::Scalar(Scalar::String) => "String",
            TypeRef::Scalar(Scalar::Binary) | TypeRef::Any => "Any",
            TypeRef::Array(_) => "Array",
            TypeRef::Map(_) => "Object",
            TypeRef::Nullable(inner) => kind(cx, inner, depth),
            TypeRef::Named(id) => match cx.api.types.get(*id) {
                Some(named) if cx.api.replaced_types.contains_key(&named.name) => "Any",
                Some(named) => match &named.kind {
                    TypeKind::Struct(_) | TypeKind::Params(_) => "Object",
                    TypeKind::StringEnum(_) => "String",
                    TypeKind::IntegerEnum(_) => "Integer",
                    TypeKind::Alias(inner) if depth < 8 => kind(cx, inner, depth + 1),
                    _ => "Any",
                },
                None => "Any",
            },
        }
    }
    let name = format_ident!("{}", kind(cx, t, 0));
    quote!(runtime::mock::Kind::#name)
}

/// The struct fields of a body type, following aliases.
fn body_fields<'a>(cx: &'a Context<'_>, t: &TypeRef) -> &'a [Field] {
    let mut t = t;
    for _ in 0..8 {
        let TypeRef::Named(id) = t else {
            return &[];
        };
        match cx.api.types.get(*id).map(|n| &n.kind) {
            Some(TypeKind::Struct(s)) => return &s.fields,
            Some(TypeKind::Alias(inner)) => t = inner,
            _ => return &[],
        }
    }
    &[]
}

/// One `runtime::mock::Operation` of the `API` table.
fn operation_table(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let method = &op.http_method;
    let parts = op.path_pieces.iter().filter_map(|piece| match piece {
        PathPiece::Literal(text) => Some(quote!(runtime::mock::Part::Literal(#text))),
        PathPiece::Param(i) => {
            let wire = &op.path_params.get(*i)?.wire_name;
            Some(quote!(runtime::mock::Part::Param(#wire)))
        }
    });
    let params = op
        .path_params
        .iter()
        .chain(other_params(cx, op))
        .filter_map(|p| {
            let location = location_tokens(p.location)?;
            let wire = &p.wire_name;
            let kind = kind_tokens(cx, &p.ty);
            let required = p.required;
            Some(quote!(runtime::mock::ParamRule { wire: #wire, location: #location, kind: #kind, required: #required }))
        });
    let body = match &op.body {
        None => quote!(None),
        Some(body) => {
            let (format, fields_of, check) = match &body.ty {
                BodyType::Json(t) => {
                    let ty = type_tokens(cx, t, true);
                    (
                        quote!(Json),
                        Some(t),
                        quote!(Some(runtime::mock::check_json::<#ty>)),
                    )
                }
                BodyType::Form(t) => (quote!(Form), Some(t), quote!(None)),
                BodyType::Multipart(t) => (quote!(Multipart), Some(t), quote!(None)),
                BodyType::Text => (quote!(Text), None, quote!(None)),
                BodyType::Bytes => (quote!(Bytes), None, quote!(None)),
            };
            let fields = fields_of
                .map(|t| body_fields(cx, t))
                .unwrap_or_default()
                .iter()
                .map(|f| {
                    let wire = &f.wire_name;
                    let kind = kind_tokens(cx, &f.ty);
                    let required = f.required;
                    let nullable = f.nullable;
                    quote!(runtime::mock::FieldRule { wire: #wire, kind: #kind, required: #required, nullable: #nullable })
                });
            let required = body.required;
            quote!(Some(runtime::mock::BodyRule {
                format: runtime::mock::BodyFormat::#format,
                required: #required,
                fields: &[#(#fields),*],
                check: #check,
            }))
        }
    };
    let (reply, fits) = match &op.response.decoding {
        Decoding::Envelope(t) => (quote!(Envelope), type_tokens(cx, t, true)),
        Decoding::Json(t) => (quote!(Json), type_tokens(cx, t, true)),
        Decoding::Text => (quote!(Text), quote!(serde_json::Value)),
        Decoding::Bytes => (quote!(Bytes), quote!(serde_json::Value)),
        Decoding::Empty => (quote!(Empty), quote!(serde_json::Value)),
        Decoding::Stream(s) => {
            let framing = match s.framing {
                Framing::JsonLines => quote!(Lines),
                Framing::JsonSeq => quote!(Seq),
                Framing::EventStream(EventItem::Data) => quote!(EventData),
                Framing::EventStream(EventItem::Event { .. }) => quote!(EventObject),
            };
            let media = &s.media_type;
            (
                quote!(Stream(#media, runtime::mock::StreamFraming::#framing)),
                type_tokens(cx, &s.item, true),
            )
        }
    };
    let examples = candidates(cx.api, op);
    quote! {
        runtime::mock::Operation {
            method: #method,
            path: &[#(#parts),*],
            params: &[#(#params),*],
            body: #body,
            reply: runtime::mock::Reply::#reply,
            examples: &[#(#examples),*],
            fits: runtime::mock::decodes::<#fits>,
        }
    }
}

/// `MockServer::<method>()` and the builder type it returns.
fn emit_builder(
    cx: &Context<'_>,
    op: &Operation,
    index: usize,
    method: &str,
    type_name: &str,
) -> (TokenStream, TokenStream) {
    let method_ident = ident(method);
    let builder = ident(type_name);
    let client_method = &op.method_name;
    // Spec text inside a code span: one line, no backtick (see `docs::code_span_text`).
    let route = super::docs::code_span_text(&format!("{} {}", op.http_method, op.path));
    let server_doc = format!(
        " A stub for [`Client::{client_method}`] (`{route}`): add matchers, then mount it with a terminal method."
    );
    let builder_doc = format!(" A stub for `{route}`, from [`MockServer::{method}`].");

    // Path parameters (arguments) and query/header parameters (fields of the params struct)
    // are named apart, so `{id}` and `?id=` can share a name: the later one gets its location
    // appended (`with_id_query`).
    let mut used = BTreeSet::new();
    let matchers: Vec<TokenStream> = op
        .path_params
        .iter()
        .chain(other_params(cx, op))
        .filter_map(|p| {
            let location = location_tokens(p.location)?;
            let wire = &p.wire_name;
            let base = format!("with_{}", p.name.trim_start_matches("r#"));
            let suffix = match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::QueryString => "querystring",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            };
            let mut name = base.clone();
            let mut n = 1;
            while !used.insert(name.clone()) {
                name = if n == 1 {
                    format!("{base}_{suffix}")
                } else {
                    format!("{base}_{suffix}{n}")
                };
                n += 1;
            }
            let with = format_ident!("{}", name);
            // Arrays as slices, like the client's path arguments.
            let arg = argument_type(cx, &p.ty);
            let value = param_value(cx, &p.ty, quote!(value), p);
            let doc = format!(
                " Only requests whose `{}` is `value`.",
                super::docs::code_span_text(wire)
            );
            Some(quote! {
                #[doc = #doc]
                pub fn #with(mut self, value: #arg) -> Self {
                    self.stub.matching(#location, #wire, #value);
                    self
                }
            })
        })
        .collect();

    let returns = match &op.response.decoding {
        Decoding::Envelope(t) | Decoding::Json(t) => {
            let ty = type_tokens(cx, t, true);
            let wrapped = if matches!(op.response.decoding, Decoding::Envelope(_)) {
                " in the envelope"
            } else {
                ""
            };
            let doc = format!(" Answers success with `value`{wrapped}.");
            quote! {
                #[doc = #doc]
                pub async fn returns(self, value: #ty) {
                    self.stub.returns_json(serde_json::to_value(&value).unwrap_or_default());
                }
            }
        }
        Decoding::Text => quote! {
            /// Answers success with this text.
            pub async fn returns(self, value: String) {
                self.stub.returns_text(value);
            }
        },
        Decoding::Bytes => quote! {
            /// Answers success with these bytes.
            pub async fn returns(self, value: Vec<u8>) {
                self.stub.returns_bytes(value);
            }
        },
        Decoding::Empty => quote! {
            /// Answers success (the operation has no response body).
            pub async fn returns(self, _value: ()) {
                self.stub.returns_json(serde_json::Value::Null);
            }
        },
        Decoding::Stream(s) => {
            let ty = type_tokens(cx, &s.item, true);
            quote! {
                /// Answers success with a stream of these items, framed as the operation's
                /// media type (all sent at once).
                pub async fn returns(self, items: Vec<#ty>) {
                    self.stub.returns_items(
                        items
                            .iter()
                            .map(|item| serde_json::to_value(item).unwrap_or_default())
                            .collect(),
                    );
                }
            }
        }
    };

    let received = op.body.as_ref().and_then(|body| {
        let (ty, decode) = match &body.ty {
            BodyType::Json(t) => {
                let ty = type_tokens(cx, t, true);
                (
                    ty.clone(),
                    quote!(runtime::mock::decode_bodies::<#ty>(bodies, false)),
                )
            }
            BodyType::Form(t) => {
                let ty = type_tokens(cx, t, true);
                (
                    ty.clone(),
                    quote!(runtime::mock::decode_bodies::<#ty>(bodies, true)),
                )
            }
            // Multipart bodies are counted by `calls`, not decoded.
            BodyType::Multipart(_) => return None,
            BodyType::Text => (
                quote!(String),
                quote!(bodies
                    .into_iter()
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .collect()),
            ),
            BodyType::Bytes => (quote!(Vec<u8>), quote!(bodies)),
        };
        // Bound to `bodies` only where the decoding uses it (clippy's `let_and_return`).
        let body = if matches!(body.ty, BodyType::Bytes) {
            quote!(self.server.bodies(#index))
        } else {
            quote! {
                let bodies = self.server.bodies(#index);
                #decode
            }
        };
        Some(quote! {
            /// The bodies this operation received, decoded, in order (bodies that do not
            /// decode are left out).
            pub async fn received(&self) -> Vec<#ty> {
                #body
            }
        })
    });

    let server_method = quote! {
        #[doc = #server_doc]
        pub fn #method_ident(&self) -> #builder<'_> {
            #builder { server: &self.server, stub: self.server.stub(#index) }
        }
    };
    let builder_item = quote! {
        #[doc = #builder_doc]
        #[derive(Debug)]
        pub struct #builder<'a> {
            server: &'a runtime::mock::Server,
            stub: runtime::mock::StubBuilder<'a>,
        }

        impl #builder<'_> {
            #(#matchers)*

            #returns

            /// Answers an error with this HTTP status and message (in the envelope, when the
            /// API has one).
            pub async fn fails(self, status: u16, message: &str) {
                self.stub.fails(status, message);
            }

            /// Answers HTTP 422 "Validation error" with these `(field, message)` pairs in
            /// `validation_errors`.
            pub async fn fails_validation(self, errors: &[(&str, &str)]) {
                self.stub.fails_validation(errors);
            }

            /// Answers exactly this.
            pub async fn responds_raw(self, status: u16, content_type: &str, body: &str) {
                self.stub.responds_raw(status, content_type, body);
            }

            /// How many requests this operation received (whatever the matchers).
            pub async fn calls(&self) -> usize {
                self.server.calls(#index)
            }

            #received
        }
    };
    (server_method, builder_item)
}
