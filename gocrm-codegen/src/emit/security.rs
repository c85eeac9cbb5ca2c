//! Credentials on the client: a `Credentials` struct whose `Debug` never shows a secret,
//! `with_<scheme>` setters, and the per-request choice of what to send.
//!
//! Nothing is emitted for a spec without security schemes.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_span, doc_attrs, doc_raw};
use super::{ident, Context};
use crate::ir::{Operation, SecurityKind, SecurityScheme};

fn variant(scheme: &SecurityScheme) -> syn::Ident {
    ident(&crate::ir::naming::type_name(&scheme.field))
}

fn describe(scheme: &SecurityScheme) -> String {
    let what = match &scheme.kind {
        SecurityKind::ApiKeyHeader(name) => {
            format!("an API key sent in the {} header", code_span(name))
        }
        SecurityKind::ApiKeyQuery(name) => {
            format!("an API key sent as the {} query parameter", code_span(name))
        }
        SecurityKind::ApiKeyCookie(name) => {
            format!("an API key sent as the {} cookie", code_span(name))
        }
        SecurityKind::Bearer => "a bearer token (`Authorization: Bearer …`)".to_owned(),
        SecurityKind::Basic => "HTTP basic authentication (user name and password)".to_owned(),
    };
    format!("Security scheme {}: {what}.", code_span(&scheme.spec_name))
}

/// The schemes some operation requires (only those need a `Scheme` variant and code to send).
fn used_schemes<'a>(cx: &Context<'a>) -> Vec<&'a SecurityScheme> {
    let used: std::collections::BTreeSet<usize> = cx
        .api
        .operations
        .iter()
        .flat_map(|op| op.security.iter().flatten().copied())
        .collect();
    used.into_iter()
        .filter_map(|i| cx.api.security_schemes.get(i))
        .collect()
}

/// Whether the client has credentials at all.
pub fn has_credentials(cx: &Context<'_>) -> bool {
    !cx.api.security_schemes.is_empty()
}

/// The `Credentials` type and the private scheme enum (module level).
pub fn credentials_items(cx: &Context<'_>) -> TokenStream {
    let schemes = &cx.api.security_schemes;
    if schemes.is_empty() {
        return TokenStream::new();
    }
    let fields = schemes.iter().map(|s| {
        let field = ident(&s.field);
        let doc = doc_raw(&[&describe(s)]);
        let extra = doc_attrs(s.doc.as_deref());
        let ty = match s.kind {
            SecurityKind::Basic => quote!(Option<(String, String)>),
            _ => quote!(Option<String>),
        };
        quote! { #doc #extra pub #field: #ty, }
    });
    let debug_fields = schemes.iter().map(|s| {
        let field = ident(&s.field);
        let name = &s.field;
        quote! { .field(#name, &self.#field.as_ref().map(|_| "<redacted>")) }
    });
    let used = used_schemes(cx);
    let variants: Vec<syn::Ident> = used.iter().map(|s| variant(s)).collect();
    let scheme_enum = if used.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            /// A security scheme an operation may require.
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            enum Scheme {
                #(#variants,)*
            }
        }
    };
    let needs_header = used.iter().any(|s| {
        matches!(
            s.kind,
            SecurityKind::ApiKeyHeader(_) | SecurityKind::ApiKeyCookie(_)
        )
    });
    let header_fn = if needs_header {
        quote! {
            /// A header value marked sensitive, so reqwest and its logs never show it.
            fn sensitive_header(value: &str) -> Result<reqwest::header::HeaderValue, Error> {
                let mut header = reqwest::header::HeaderValue::from_str(value).map_err(|_| {
                    Error::InvalidRequest("a credential contains characters a header cannot carry".to_owned())
                })?;
                header.set_sensitive(true);
                Ok(header)
            }
        }
    } else {
        TokenStream::new()
    };
    quote! {
        /// Credentials for the API's security schemes. Set them with the client's `with_…`
        /// methods; each request sends only what its operation requires. `Debug` never shows
        /// a secret.
        #[derive(Clone, Default, PartialEq, Eq)]
        pub struct Credentials {
            #(#fields)*
        }

        impl std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Credentials") #(#debug_fields)* .finish()
            }
        }

        #scheme_enum

        #header_fn
    }
}

/// A `runtime::CredentialNames` value: the header and query parameter names of the spec's
/// API-key schemes (cookies, basic and bearer travel in headers that always count).
pub fn credential_names(cx: &Context<'_>) -> TokenStream {
    let mut headers: Vec<&str> = Vec::new();
    let mut query: Vec<&str> = Vec::new();
    for scheme in &cx.api.security_schemes {
        match &scheme.kind {
            SecurityKind::ApiKeyHeader(name) => headers.push(name),
            SecurityKind::ApiKeyQuery(name) => query.push(name),
            SecurityKind::ApiKeyCookie(_) | SecurityKind::Bearer | SecurityKind::Basic => {}
        }
    }
    headers.sort_unstable();
    headers.dedup();
    query.sort_unstable();
    query.dedup();
    quote!(runtime::CredentialNames { headers: &[#(#headers),*], query: &[#(#query),*] })
}

/// The `credentials` field of `Client`.
pub fn client_field(cx: &Context<'_>) -> TokenStream {
    if has_credentials(cx) {
        quote!(credentials: Credentials,)
    } else {
        TokenStream::new()
    }
}

/// The field's initialiser in `from_transport`.
pub fn client_field_init(cx: &Context<'_>) -> TokenStream {
    if has_credentials(cx) {
        quote!(credentials: Credentials::default(),)
    } else {
        TokenStream::new()
    }
}

/// Setters and the private `authorize` helper (inside `impl Client`).
pub fn client_methods(cx: &Context<'_>) -> TokenStream {
    let schemes = &cx.api.security_schemes;
    if schemes.is_empty() {
        return TokenStream::new();
    }
    let setters = schemes.iter().map(|s| {
        let field = ident(&s.field);
        let setter = ident(&format!("with_{}", s.field));
        let doc = doc_raw(&[&describe(s), "", "Sent only on the operations that require it."]);
        match s.kind {
            SecurityKind::Basic => quote! {
                #doc
                pub fn #setter(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
                    self.credentials.#field = Some((user.into(), password.into()));
                    self
                }
            },
            _ => quote! {
                #doc
                pub fn #setter(mut self, secret: impl Into<String>) -> Self {
                    self.credentials.#field = Some(secret.into());
                    self
                }
            },
        }
    });
    let used = used_schemes(cx);
    let ready_arms = used.iter().map(|s| {
        let field = ident(&s.field);
        let v = variant(s);
        quote!(Scheme::#v => self.credentials.#field.is_some(),)
    });
    let apply_arms = used.iter().map(|s| {
        let field = ident(&s.field);
        let v = variant(s);
        let apply = match &s.kind {
            SecurityKind::ApiKeyHeader(name) => quote! {
                match &self.credentials.#field {
                    Some(secret) => request.header(#name, sensitive_header(secret)?),
                    None => request,
                }
            },
            SecurityKind::ApiKeyQuery(name) => quote! {
                match &self.credentials.#field {
                    Some(secret) => request.query(&[(#name, secret.as_str())]),
                    None => request,
                }
            },
            SecurityKind::ApiKeyCookie(name) => quote! {
                match &self.credentials.#field {
                    Some(secret) => request.header(
                        reqwest::header::COOKIE,
                        sensitive_header(&format!("{}={}", #name, secret))?,
                    ),
                    None => request,
                }
            },
            SecurityKind::Bearer => quote! {
                match &self.credentials.#field {
                    Some(token) => request.bearer_auth(token),
                    None => request,
                }
            },
            SecurityKind::Basic => quote! {
                match &self.credentials.#field {
                    Some((user, password)) => request.basic_auth(user, Some(password)),
                    None => request,
                }
            },
        };
        quote!(Scheme::#v => #apply,)
    });
    let authorize = if used.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            /// Adds the credentials of the first alternative the client has every credential for
            /// (alternatives needing nothing come last); without any, the request goes as it is
            /// and the server's refusal comes back as `Error::Api`.
            fn authorize(
                &self,
                request: reqwest::RequestBuilder,
                alternatives: &[&[Scheme]],
            ) -> Result<reqwest::RequestBuilder, Error> {
                let ready = |scheme: &Scheme| match scheme {
                    #(#ready_arms)*
                };
                let chosen = alternatives
                    .iter()
                    .filter(|alternative| !alternative.is_empty())
                    .find(|alternative| alternative.iter().all(ready));
                let Some(chosen) = chosen else { return Ok(request) };
                let mut request = request;
                for scheme in chosen.iter() {
                    request = match scheme {
                        #(#apply_arms)*
                    };
                }
                Ok(request)
            }
        }
    };
    quote! {
        #(#setters)*

        /// Replaces all credentials at once.
        pub fn with_credentials(mut self, credentials: Credentials) -> Self {
            self.credentials = credentials;
            self
        }

        /// The credentials this client holds (`Debug` redacts them).
        pub fn credentials(&self) -> &Credentials {
            &self.credentials
        }

        #authorize
    }
}

/// The statement a method uses to add its credentials (nothing when it needs none).
pub fn authorize_call(cx: &Context<'_>, op: &Operation) -> TokenStream {
    if op.security.is_empty() || !has_credentials(cx) {
        return TokenStream::new();
    }
    let alternatives = op.security.iter().map(|alternative| {
        let variants = alternative
            .iter()
            .filter_map(|i| cx.api.security_schemes.get(*i))
            .map(variant);
        quote!(&[#(Scheme::#variants),*])
    });
    quote!(let request = self.authorize(request, &[#(#alternatives),*])?;)
}

/// A line for the method's docs naming what it sends.
pub fn requirement_doc(cx: &Context<'_>, op: &Operation) -> TokenStream {
    if op.security.is_empty() || !has_credentials(cx) {
        return TokenStream::new();
    }
    let alternatives: Vec<String> = op
        .security
        .iter()
        .map(|alternative| {
            if alternative.is_empty() {
                return "none".to_owned();
            }
            alternative
                .iter()
                .filter_map(|i| cx.api.security_schemes.get(*i))
                .map(|s| format!("`with_{}`", s.field))
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    let line = format!("Credentials: {}.", alternatives.join(", or "));
    doc_raw(&["", &line])
}
