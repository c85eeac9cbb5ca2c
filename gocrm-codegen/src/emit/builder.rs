//! The `ClientBuilder` every generated client has: a thin typed front on the runtime's
//! `ClientOptions` (the same for every API, so nothing here depends on the spec).

use proc_macro2::TokenStream;
use quote::quote;

/// `ClientBuilder` and its methods (in the `client` module, beside `Client`).
pub fn emit_builder() -> TokenStream {
    quote! {
        /// Builds a [`Client`] with other time limits, headers, retries or redirect rules than
        /// [`Client::new`]'s (see there for the defaults). Start with [`Client::builder`].
        ///
        /// ```text
        /// let client = Client::builder(base_url)
        ///     .timeout(std::time::Duration::from_secs(10))
        ///     .user_agent("my-app/1.0")
        ///     .default_header("x-request-source", "my-app")
        ///     .build()?;
        /// ```
        #[derive(Debug, Clone)]
        #[must_use]
        pub struct ClientBuilder {
            options: runtime::ClientOptions,
        }

        impl ClientBuilder {
            /// The defaults of [`Client::new`], for `base_url`.
            pub fn new(base_url: &str) -> Self {
                Self { options: runtime::ClientOptions::new(base_url) }
            }

            /// The whole-request time limit: from sending the request to the last byte of the
            /// answer, redirects included (default 30 s). Each retry gets it anew.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.set_timeout(timeout);
                self
            }

            /// How long to wait for a connection (default 10 s). Not with
            /// [`http_client`](Self::http_client): set it on that client.
            pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.set_connect_timeout(timeout);
                self
            }

            /// The `User-Agent` of every request (default `<crate name>/<crate version>`).
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.options.set_user_agent(user_agent.into());
                self
            }

            /// A header every request carries unless the operation sets it itself; call it again
            /// for more headers (or more values of one). An invalid name or value makes
            /// [`build`](Self::build) fail. Values are kept out of `Debug` output.
            pub fn default_header(mut self, name: &str, value: &str) -> Self {
                self.options.add_header(name, value);
                self
            }

            /// Retries idempotent requests under `policy` (see [`Client::with_retry`]).
            pub fn retry(mut self, policy: runtime::RetryPolicy) -> Self {
                self.options.set_retry(policy);
                self
            }

            /// Sends through `http`, a `reqwest::Client` of your own: its time limits, proxy
            /// and TLS apply ([`timeout`](Self::timeout) still does, per request, when set).
            /// Build it with `redirect::Policy::none()` (as
            /// [`http_client_builder`](crate::http_client_builder) does) so that redirects go
            /// through this client's rules.
            pub fn http_client(mut self, http: reqwest::Client) -> Self {
                self.options.set_http_client(http);
                self
            }

            /// Follows a redirect to another origin (scheme, host or port) even when the
            /// request carries credentials, after taking every credential off it: the scheme
            /// headers (`Authorization`, API-key headers, `Cookie`), API-key query parameters
            /// and anything marked sensitive. Off by default: such a redirect ends in an
            /// [`Error::Redirect`] naming the target. `https` → `http` is never followed.
            pub fn follow_cross_origin_redirects(mut self, follow: bool) -> Self {
                self.options.set_follow_cross_origin(follow);
                self
            }

            /// The client; an [`Error::InvalidRequest`] when the base URL is empty, relative or
            /// has a query or fragment, a header name or value is invalid, `connect_timeout` is
            /// combined with `http_client`, or TLS cannot start.
            pub fn build(self) -> Result<Client, Error> {
                self.options.build(CREDENTIAL_NAMES).map(Client::from_transport)
            }
        }
    }
}
