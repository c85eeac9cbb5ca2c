//! IR operations → the `client` module: `Client` and one async method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_span, doc_paragraphs, doc_raw};
use super::{ident, security, type_tokens, Context};
use crate::ir::{
    BodyType, Decoding, EventItem, Framing, Operation, Param, ParamLocation, PathPiece, Scalar,
    StreamDecoding, TypeKind, TypeRef,
};
use crate::settings::BoolParams;

/// The body of the `client` module.
pub fn emit_client(cx: &Context<'_>) -> TokenStream {
    let title = format!(
        " Client for {} {}.",
        super::docs::sanitize(&cx.api.title).join(" "),
        super::docs::sanitize(&cx.api.version).join(" ")
    );
    let methods = cx.api.operations.iter().map(|op| emit_operation(cx, op));
    let credentials_field = security::client_field(cx);
    let credentials_init = security::client_field_init(cx);
    let credentials_items = security::credentials_items(cx);
    let credentials_methods = security::client_methods(cx);
    let default_impl = if cx.api.default_base_url.is_some() {
        quote! {
            impl Default for Client {
                /// A client for [`DEFAULT_BASE_URL`](super::DEFAULT_BASE_URL).
                fn default() -> Self {
                    Self::new(super::DEFAULT_BASE_URL)
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let credential_names = security::credential_names(cx);
    let builder = super::builder::emit_builder();
    quote! {
        #[allow(unused_imports)]
        use super::runtime::{self, Error, ParamValue};
        #[allow(unused_imports)]
        use super::types;

        /// The header and query parameter names the API's security schemes use: a redirect
        /// never carries them to another origin.
        const CREDENTIAL_NAMES: runtime::CredentialNames = #credential_names;

        #[doc = #title]
        ///
        /// Cloning is cheap: clones share one connection pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: runtime::Transport,
            #credentials_field
        }

        #credentials_items

        #default_impl

        #builder

        // A method's return type names the answer type and its decoding
        // (`ResponseFuture<Vec<BTreeMap<..>>, LenientJson>`): long for nested answers, and
        // not something a type alias per method would make clearer.
        #[allow(clippy::type_complexity)]
        impl Client {
            /// A client for the API at `base_url` (a trailing slash is fine), with the defaults.
            ///
            /// Time limits: a connect timeout of 10 s and a whole-request timeout of 30 s
            /// (sending, the answer's headers and its whole body, redirects included). A request
            /// past either ends in an [`Error::Transport`] for which [`Error::is_timeout`] is
            /// true.
            ///
            /// Every request carries `User-Agent: <crate name>/<crate version>`. Redirects are
            /// followed only for `GET`, `HEAD`, `OPTIONS` and `TRACE`, up to 10, never from
            /// `https` to `http`, never to another origin with credentials, and never with a
            /// `Referer`. Nothing is retried.
            ///
            /// [`Client::builder`] changes any of them. A base URL that is empty, relative, or
            /// has a query or a fragment is refused: every call then returns an
            /// [`Error::InvalidRequest`] naming the URL and what is wrong with it
            /// ([`ClientBuilder::build`] refuses it at once).
            pub fn new(base_url: &str) -> Self {
                Self::from_transport(runtime::Transport::new(base_url, CREDENTIAL_NAMES))
            }

            /// A builder for a client of the API at `base_url`: time limits, `User-Agent`,
            /// default headers, retries, redirects, or a `reqwest::Client` of your own.
            pub fn builder(base_url: &str) -> ClientBuilder {
                ClientBuilder::new(base_url)
            }

            /// A client that sends its requests through `http` (your timeouts, proxy, TLS).
            /// Requests still carry the `User-Agent` (replacing one set on `http`; set yours with
            /// [`ClientBuilder::user_agent`]). Build `http` with `redirect::Policy::none()` (as
            /// [`http_client_builder`](crate::http_client_builder) does) so that redirects go
            /// through this client's rules rather than reqwest's, which forward API keys.
            pub fn with_client(base_url: &str, http: reqwest::Client) -> Self {
                Self::from_transport(runtime::Transport::with_client(base_url, http, CREDENTIAL_NAMES))
            }

            fn from_transport(transport: runtime::Transport) -> Self {
                Self { transport, #credentials_init }
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.transport.base_url()
            }

            /// The whole-request timeout this client sets on each request: 30 s unless the
            /// builder set another; `None` with a `reqwest::Client` of your own whose timeout
            /// the builder did not set.
            pub fn timeout(&self) -> Option<std::time::Duration> {
                self.transport.timeout()
            }

            /// The connect timeout: 10 s unless the builder set another; `None` with a
            /// `reqwest::Client` of your own.
            pub fn connect_timeout(&self) -> Option<std::time::Duration> {
                self.transport.connect_timeout()
            }

            /// Retries idempotent requests (GET, HEAD, OPTIONS, TRACE) after a transport error
            /// or a 429/502/503/504 under `policy`. Off by default; POST, PUT, PATCH and DELETE
            /// are never retried, so a lead is never created twice.
            pub fn with_retry(mut self, policy: runtime::RetryPolicy) -> Self {
                self.transport.set_retry(policy);
                self
            }

            /// The underlying HTTP client.
            pub fn http_client(&self) -> &reqwest::Client {
                self.transport.http_client()
            }

            #credentials_methods

            #(#methods)*
        }
    }
}

fn emit_operation(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let route = code_span(&format!("{} {}", op.http_method, op.path));
    let mut doc = doc_paragraphs(&[op.summary.clone(), op.description.clone()]);
    let has_text = op.summary.as_deref().is_some_and(|s| !s.trim().is_empty())
        || op
            .description
            .as_deref()
            .is_some_and(|s| !s.trim().is_empty());
    let route_doc = if has_text {
        doc_raw(&["", &route])
    } else {
        doc_raw(&[&route])
    };
    doc.extend(route_doc);
    if let Decoding::Stream(s) = &op.response.decoding {
        let media = code_span(&s.media_type);
        let text = format!(
            "Returns the items of the {media} answer as they arrive (see the README's streams \
             section): the `Err` of the method is the request's failure (transport, time limit, \
             non-2xx answer); an item's `Err` is that item's (a decode error keeps its text and \
             the stream goes on) or the end of the stream."
        );
        doc.extend(doc_raw(&["", &text]));
    }
    doc.extend(other_responses_doc(cx, op));
    doc.extend(security::requirement_doc(cx, op));
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };

    // Arguments: path parameters in template order, then params, then body.
    let mut args: Vec<TokenStream> = Vec::new();
    for p in &op.path_params {
        let name = ident(&p.name);
        let ty = argument_type(cx, &p.ty);
        args.push(quote!(#name: #ty));
    }
    if let Some(id) = op.params_type {
        let params_ty = type_tokens(cx, &TypeRef::Named(id), true);
        args.push(quote!(params: &#params_ty));
    }
    let mut body_setup = TokenStream::new();
    if let Some(body) = &op.body {
        let media = &body.media_type;
        let (arg_ty, attach) = match &body.ty {
            BodyType::Json(t) => {
                let t = type_tokens(cx, t, true);
                (quote!(&#t), quote!(request.json(body)))
            }
            BodyType::Form(t) => {
                let t = type_tokens(cx, t, true);
                let attach = match cx.settings.bool_params {
                    BoolParams::TrueFalse => quote!(request.form(body)),
                    BoolParams::OneZero => {
                        quote!(request.form(&runtime::params::form_one_zero(body)))
                    }
                };
                (quote!(&#t), attach)
            }
            BodyType::Multipart(t) => {
                let t = type_tokens(cx, t, true);
                (
                    quote!(&#t),
                    quote!(request.multipart(runtime::MultipartBody::to_multipart(body))),
                )
            }
            BodyType::Text => (
                quote!(&str),
                quote!(request.header(reqwest::header::CONTENT_TYPE, #media).body(body.to_owned())),
            ),
            BodyType::Bytes => (
                quote!(&[u8]),
                quote!(request.header(reqwest::header::CONTENT_TYPE, #media).body(body.to_vec())),
            ),
        };
        if body.required {
            args.push(quote!(body: #arg_ty));
            body_setup = quote!(let request = #attach;);
        } else {
            args.push(quote!(body: Option<#arg_ty>));
            body_setup = quote! {
                let request = match body {
                    Some(body) => #attach,
                    None => request,
                };
            };
        }
    }
    let too_many = if args.len() > 6 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };

    let url = url_tokens(cx, op);
    let http_method = http_method_tokens(&op.http_method);
    let request = match http_method {
        Some(method) => quote!(self.transport.request(#method, &#url)?),
        // A method `reqwest` has no constant for (OpenAPI 3.2 `query`, `additionalOperations`):
        // the token as the spec writes it (checked to be a token by the loader).
        None => {
            let token =
                syn::LitByteStr::new(op.http_method.as_bytes(), proc_macro2::Span::call_site());
            quote! {
                self.transport.request(
                    reqwest::Method::from_bytes(#token).map_err(|e| Error::InvalidRequest(e.to_string()))?,
                    &#url,
                )?
            }
        }
    };
    let params_setup = params_tokens(cx, op);
    let authorize = security::authorize_call(cx, op);
    // The span's fields (runtime/trace.rs): the method's name and the spec's path template,
    // never a value the caller passed. No local is bound before the request is built: an
    // argument may be named anything but `body`, `params` and `self`.
    let operation = &op.method_name;
    let method_name = op.http_method.as_str();
    let template = &op.path;
    let call = quote!(runtime::Call { operation: #operation, method: #method_name, url_template: #template });
    match answer_tokens(cx, op) {
        // A plain `fn` that builds the request and returns the runtime's one future type:
        // no state machine per method for rustc to check (runtime/response_future.rs).
        Answer::Decoded {
            ty,
            decoder,
            decode,
        } => quote! {
            #doc
            #deprecated
            #too_many
            pub fn #method(&self, #(#args),*) -> runtime::ResponseFuture<#ty, #decoder> {
                runtime::ResponseFuture::new(#call, #decode, || {
                    let request = #request;
                    #params_setup
                    #authorize
                    #body_setup
                    Ok(self.transport.outgoing(request))
                })
            }
        },
        Answer::Stream { ty, open } => quote! {
            #doc
            #deprecated
            #too_many
            pub async fn #method(&self, #(#args),*) -> Result<#ty, Error> {
                runtime::traced(#call, async {
                    let request = #request;
                    #params_setup
                    #authorize
                    #body_setup
                    #open
                })
                .await
            }
        },
    }
}

/// How a path parameter is taken: scalars by value, strings as `&str`, the rest by reference.
pub(super) fn argument_type(cx: &Context<'_>, t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::Scalar(Scalar::String) => quote!(&str),
        TypeRef::Scalar(_) => type_tokens(cx, t, true),
        // A slice, not `&Vec<T>` (clippy's `ptr_arg`); a `&Vec` argument still coerces.
        TypeRef::Array(inner) => {
            let t = type_tokens(cx, inner, true);
            quote!(&[#t])
        }
        _ => {
            let t = type_tokens(cx, t, true);
            quote!(&#t)
        }
    }
}

/// The path's pieces, for `Transport::request`.
fn url_tokens(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let pieces = op.path_pieces.iter().filter_map(|piece| match piece {
        PathPiece::Literal(text) => Some(quote!(#text)),
        PathPiece::Param(index) => {
            let p = op.path_params.get(*index)?;
            let name = ident(&p.name);
            let value = param_value(cx, &p.ty, quote!(#name), p);
            Some(quote!(&runtime::encode_path(&#value)))
        }
    });
    quote!([#(#pieces),*])
}

/// `reqwest::Method::GET` and the like, for the methods `reqwest` has a constant for.
fn http_method_tokens(method: &str) -> Option<TokenStream> {
    let name = match method {
        "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS" | "TRACE" => method,
        _ => return None,
    };
    let name = syn::Ident::new(name, proc_macro2::Span::call_site());
    Some(quote!(reqwest::Method::#name))
}

/// A `String` expression for one parameter value (`value` is a reference or a `Copy` scalar).
pub(super) fn param_value(
    cx: &Context<'_>,
    t: &TypeRef,
    value: TokenStream,
    p: &Param,
) -> TokenStream {
    match t {
        // Booleans (and JSON values, which may be one) as the `bool_params` setting says.
        TypeRef::Scalar(Scalar::Bool) | TypeRef::Any
            if cx.settings.bool_params == BoolParams::OneZero =>
        {
            quote!(#value.to_param_one_zero())
        }
        TypeRef::Scalar(_) | TypeRef::Any => quote!(#value.to_param()),
        TypeRef::Array(inner) => {
            let item = param_value(cx, inner, quote!(item), p);
            let delimiter = p.delimiter;
            quote!(#value.iter().map(|item| #item).collect::<Vec<String>>().join(#delimiter))
        }
        TypeRef::Nullable(inner) => {
            let item = param_value(cx, inner, quote!(item), p);
            quote!(#value.as_ref().map(|item| #item).unwrap_or_default())
        }
        TypeRef::Named(_) | TypeRef::Map(_) => quote!(runtime::json_param(&#value)),
    }
}

fn params_tokens(cx: &Context<'_>, op: &Operation) -> TokenStream {
    let Some(id) = op.params_type else {
        return TokenStream::new();
    };
    let Some(TypeKind::Params(params)) = cx.api.types.get(id).map(|t| &t.kind) else {
        return TokenStream::new();
    };
    let mut query_pushes = Vec::new();
    let mut header_sets = Vec::new();
    let mut query_strings = Vec::new();
    for p in params {
        let field = ident(&p.name);
        let wire = &p.wire_name;
        match p.location {
            ParamLocation::Query => {
                let push = match (&p.ty, p.explode) {
                    (TypeRef::Array(inner), true) => {
                        let item = param_value(cx, inner, quote!(item), p);
                        quote!(for item in value { query.push((#wire, #item)); })
                    }
                    _ => {
                        let v = param_value(cx, &p.ty, quote!(value), p);
                        quote!(query.push((#wire, #v));)
                    }
                };
                query_pushes.push(if p.required {
                    quote! { { let value = &params.#field; #push } }
                } else {
                    quote! { if let Some(value) = &params.#field { #push } }
                });
            }
            ParamLocation::Header => {
                let v = param_value(cx, &p.ty, quote!(value), p);
                header_sets.push(if p.required {
                    quote! { let request = { let value = &params.#field; request.header(#wire, #v) }; }
                } else {
                    quote! {
                        let request = match &params.#field {
                            Some(value) => request.header(#wire, #v),
                            None => request,
                        };
                    }
                });
            }
            // The whole query string, form-encoded from the one value (`reqwest` appends its
            // pairs to the query built so far).
            ParamLocation::QueryString => {
                query_strings.push(if p.required {
                    quote! { let request = request.query(&params.#field); }
                } else {
                    quote! {
                        let request = match &params.#field {
                            Some(value) => request.query(value),
                            None => request,
                        };
                    }
                });
            }
            ParamLocation::Path | ParamLocation::Cookie => {}
        }
    }
    let query = if query_pushes.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            let mut query: Vec<(&str, String)> = Vec::new();
            #(#query_pushes)*
            let request = request.query(&query);
        }
    };
    quote!(#(#query_strings)* #query #(#header_sets)*)
}

/// What a method answers with.
enum Answer {
    /// `ty` decoded from the whole answer as `decode`, a value of the `runtime::Decode` type
    /// `decoder`, says.
    Decoded {
        ty: TokenStream,
        decoder: TokenStream,
        decode: TokenStream,
    },
    /// A stream of items, `open` given the built `request`.
    Stream { ty: TokenStream, open: TokenStream },
}

fn answer_tokens(cx: &Context<'_>, op: &Operation) -> Answer {
    let (ty, decoder, decode) = match &op.response.decoding {
        Decoding::Envelope(ty) => {
            let success = &cx.api.envelope_success_value;
            let decoder = if super::deserialize::tolerant(cx, ty) {
                quote!(runtime::LenientEnvelope)
            } else {
                quote!(runtime::Envelope)
            };
            (
                type_tokens(cx, ty, true),
                decoder.clone(),
                quote!(#decoder(#success)),
            )
        }
        Decoding::Json(ty) => {
            let decoder = if super::deserialize::tolerant(cx, ty) {
                quote!(runtime::LenientJson)
            } else {
                quote!(runtime::Json)
            };
            (type_tokens(cx, ty, true), decoder.clone(), decoder)
        }
        Decoding::Text => (quote!(String), quote!(runtime::Text), quote!(runtime::Text)),
        Decoding::Bytes => (
            quote!(Vec<u8>),
            quote!(runtime::Bytes),
            quote!(runtime::Bytes),
        ),
        Decoding::Empty => (quote!(()), quote!(runtime::Empty), quote!(runtime::Empty)),
        Decoding::Stream(s) => {
            let (ty, open) = stream_tokens(cx, s);
            return Answer::Stream { ty, open };
        }
    };
    Answer::Decoded {
        ty,
        decoder,
        decode,
    }
}

/// A streamed answer (see runtime/stream.rs): the method returns `runtime::ItemStream<T>`
/// once the 2xx answer's headers have come, and asks for the media type with `Accept`.
fn stream_tokens(cx: &Context<'_>, s: &StreamDecoding) -> (TokenStream, TokenStream) {
    let t = type_tokens(cx, &s.item, true);
    let (decoded, map) = if super::deserialize::tolerant(cx, &s.item) {
        (
            quote!(runtime::lenient::Body<#t>),
            quote!(|body: runtime::lenient::Body<#t>| body.0),
        )
    } else {
        (t.clone(), quote!(std::convert::identity::<#t>))
    };
    let media = &s.media_type;
    let outgoing = quote!(self.transport.outgoing(request.header(reqwest::header::ACCEPT, #media)));
    match s.framing {
        Framing::JsonLines | Framing::JsonSeq => {
            let framing = if s.framing == Framing::JsonLines {
                quote!(JsonLines)
            } else {
                quote!(JsonSeq)
            };
            (
                quote!(runtime::ItemStream<#t>),
                quote!(runtime::stream::open_json::<#decoded, #t>(#outgoing, runtime::framing::Framing::#framing, #map).await),
            )
        }
        Framing::EventStream(EventItem::Event { json_data }) => {
            let shape = if json_data {
                quote!(ObjectJsonData)
            } else {
                quote!(Object)
            };
            (
                quote!(runtime::ItemStream<#t>),
                quote!(runtime::stream::open_events::<#decoded, #t>(#outgoing, runtime::EventShape::#shape, #map).await),
            )
        }
        Framing::EventStream(EventItem::Data) => (
            quote!(runtime::ItemStream<runtime::SseEvent<#t>>),
            quote!(runtime::stream::open_event_data::<#decoded, #t>(#outgoing, #map).await),
        ),
    }
}

/// The "Other responses" doc section: each documented status the method does not return, with
/// its body type, for `Error::decode_body`.
fn other_responses_doc(cx: &Context<'_>, op: &Operation) -> TokenStream {
    if op.other_responses.is_empty() {
        return TokenStream::new();
    }
    let mut lines: Vec<String> = vec![
        String::new(),
        "# Other responses".to_owned(),
        String::new(),
        "The spec documents these too; with one of them the method returns an [`Error`] whose \
         body [`Error::decode_body`] decodes into the type listed."
            .to_owned(),
        String::new(),
    ];
    for r in &op.other_responses {
        // Status keys are digits, `NXX` or `default`, never free text.
        let body = match &r.decoding {
            Decoding::Json(t) => type_doc(cx, t),
            Decoding::Envelope(t) => format!("an envelope whose `data` is {}", type_doc(cx, t)),
            Decoding::Text => "text".to_owned(),
            Decoding::Bytes => "bytes".to_owned(),
            Decoding::Empty => "no body".to_owned(),
            Decoding::Stream(s) => format!("a stream of {}", type_doc(cx, &s.item)),
        };
        lines.push(format!("- {}: {body}", code_span(&r.status)));
    }
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    doc_raw(&refs)
}

/// A type for the docs: a link for named types, a code span otherwise.
fn type_doc(cx: &Context<'_>, t: &TypeRef) -> String {
    match t {
        TypeRef::Named(id) => match cx.api.types.get(*id) {
            Some(named) => format!("[`types::{0}`](crate::types::{0})", named.name),
            None => "`serde_json::Value`".to_owned(),
        },
        other => format!("`{}`", type_text(cx, other)),
    }
}

fn type_text(cx: &Context<'_>, t: &TypeRef) -> String {
    match t {
        TypeRef::Named(id) => format!(
            "types::{}",
            cx.api
                .types
                .get(*id)
                .map(|t| t.name.as_str())
                .unwrap_or("?")
        ),
        TypeRef::Scalar(s) => match s {
            Scalar::Bool => "bool",
            Scalar::I32 => "i32",
            Scalar::I64 => "i64",
            Scalar::U64 => "u64",
            Scalar::F32 => "f32",
            Scalar::F64 => "f64",
            Scalar::String => "String",
            Scalar::Binary => "Binary",
        }
        .to_owned(),
        TypeRef::Array(inner) => format!("Vec<{}>", type_text(cx, inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_text(cx, inner)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(cx, inner)),
        TypeRef::Any => "serde_json::Value".to_owned(),
    }
}
