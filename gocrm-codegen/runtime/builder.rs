//! What a client is made of besides its credentials: the checked base URL, the HTTP client
//! with its time limits, the retry policy, the headers every request carries and the redirect
//! rules. `Client::new`, `Client::with_client` and `ClientBuilder` all end up here.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::error::{redact_url, Error};
use super::redirect::{CredentialNames, RedirectRules};
use super::retry::RetryPolicy;
use super::send::{http_client_builder, Outgoing};

/// How long a client made by `Client::new`, `Client::default` or the builder waits for a
/// connection before giving up.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long such a client gives one request, from sending it to the last byte of the answer
/// (redirects included), before giving up.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The `User-Agent` every request carries unless the user sets another: the name and version
/// of the crate the client was compiled into (`gocrm-generated/3.0.2` for the Go-CRM client).
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// What a client adds to each request: the default headers (`User-Agent` first), the time
/// limit and the redirect rules. Shared by the client's clones and its requests.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Sent with every request that does not set the header itself.
    pub(super) headers: reqwest::header::HeaderMap,
    /// The time limit of one attempt (its redirects included), set on each request; `None`
    /// leaves the HTTP client's own.
    pub(super) timeout: Option<Duration>,
    pub(super) redirects: RedirectRules,
}

impl Default for Rules {
    /// The `User-Agent`, no time limit of its own, the default redirect rules.
    fn default() -> Self {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::USER_AGENT,
            reqwest::header::HeaderValue::from_static(USER_AGENT),
        );
        Self {
            headers,
            timeout: None,
            redirects: RedirectRules::default(),
        }
    }
}

impl Rules {
    /// Adds the default headers the request does not set itself.
    pub(super) fn prepare(&self, request: &mut reqwest::Request) {
        let headers = request.headers_mut();
        for (name, value) in &self.headers {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
    }
}

/// Why `base_url` cannot be a base URL (empty, relative, not http(s), with a query or a
/// fragment), naming it with its query values redacted.
pub fn check_base_url(base_url: &str) -> Result<(), String> {
    if base_url.trim().is_empty() {
        return Err("the base URL is empty".to_owned());
    }
    let url = match reqwest::Url::parse(base_url) {
        Ok(url) => url,
        Err(e) => {
            // Not parsed, so not redactable: show it up to any query or fragment.
            let head = base_url.split(['?', '#']).next().unwrap_or_default();
            let why = if base_url.contains("://") {
                format!("is not a URL ({e})")
            } else {
                "is relative: it needs a scheme and a host, like https://host/api".to_owned()
            };
            return Err(format!("the base URL {head:?} {why}"));
        }
    };
    let why = if !matches!(url.scheme(), "http" | "https") {
        "is not an http or https URL"
    } else if url.host_str().is_none_or(str::is_empty) {
        "has no host"
    } else if url.query().is_some() {
        "has a query (?…): the client appends each operation's path to the base URL, so a \
         query there would end up inside the path; send parameters through the methods"
    } else if url.fragment().is_some() {
        "has a fragment (#…), which would end up inside every request's path"
    } else {
        return Ok(());
    };
    let mut shown = url;
    redact_url(&mut shown);
    Err(format!("the base URL {:?} {why}", shown.as_str()))
}

/// Everything a client holds besides its credentials. Cloning is cheap.
#[derive(Clone)]
pub struct Transport {
    base_url: String,
    /// Why the base URL was refused: every call answers with it.
    base_error: Option<String>,
    http: reqwest::Client,
    retry: RetryPolicy,
    connect_timeout: Option<Duration>,
    rules: Arc<Rules>,
}

impl fmt::Debug for Transport {
    // Header values stay out: a default header may hold a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.rules.headers.keys().map(|k| k.as_str()).collect();
        f.debug_struct("Transport")
            .field("base_url", &self.base_url)
            .field("base_error", &self.base_error)
            .field("retry", &self.retry)
            .field("timeout", &self.rules.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("headers", &headers)
            .field("redirects", &self.rules.redirects)
            .finish()
    }
}

impl Transport {
    /// What `Client::new` makes: the default time limits and `User-Agent`. A refused base URL
    /// is not an error yet: every call answers with it.
    pub fn new(base_url: &str, credentials: CredentialNames) -> Self {
        match ClientOptions::new(base_url).assemble(credentials) {
            Ok(transport) => transport,
            // Only when the TLS backend cannot start; reqwest's own default client fails the
            // same way.
            Err(_) => Self::with_client(base_url, reqwest::Client::default(), credentials),
        }
    }

    /// What `Client::with_client` makes: `http` as it is (its time limits, its redirect
    /// policy), plus the `User-Agent`.
    pub fn with_client(
        base_url: &str,
        http: reqwest::Client,
        credentials: CredentialNames,
    ) -> Self {
        let mut options = ClientOptions::new(base_url);
        options.http = Some(http.clone());
        options.assemble(credentials).unwrap_or_else(|_| Self {
            base_url: trimmed(base_url),
            base_error: check_base_url(base_url).err(),
            http,
            retry: RetryPolicy::none(),
            connect_timeout: None,
            rules: Arc::new(Rules {
                redirects: RedirectRules {
                    follow_cross_origin: false,
                    credentials,
                },
                ..Rules::default()
            }),
        })
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The HTTP client requests go through.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }

    /// The whole-request time limit, when the client sets one (not for a `reqwest::Client`
    /// of the user's, unless the builder's `timeout` was set too).
    pub fn timeout(&self) -> Option<Duration> {
        self.rules.timeout
    }

    /// The connect time limit, when the client set up its own HTTP client.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// Replaces the retry policy.
    pub fn set_retry(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    /// A request to the base URL joined with `pieces`, or the base URL's error.
    pub fn request(
        &self,
        method: reqwest::Method,
        pieces: &[&str],
    ) -> Result<reqwest::RequestBuilder, Error> {
        if let Some(why) = &self.base_error {
            return Err(Error::InvalidRequest(why.clone()));
        }
        Ok(self
            .http
            .request(method, super::params::url(&self.base_url, pieces)))
    }

    /// `request` with this client's retry policy, headers, time limit and redirect rules.
    pub fn outgoing(&self, request: reqwest::RequestBuilder) -> Outgoing {
        Outgoing::with_rules(request, self.retry.clone(), Arc::clone(&self.rules))
    }
}

fn trimmed(base_url: &str) -> String {
    base_url.trim_end_matches('/').to_owned()
}

/// What `ClientBuilder` collects.
#[derive(Clone)]
pub struct ClientOptions {
    base_url: String,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    headers: Vec<(String, String)>,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    follow_cross_origin: bool,
}

impl fmt::Debug for ClientOptions {
    // Header values stay out: a default header may hold a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("ClientOptions")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("headers", &headers)
            .field("retry", &self.retry)
            .field("own_http_client", &self.http.is_some())
            .field("follow_cross_origin", &self.follow_cross_origin)
            .finish()
    }
}

impl ClientOptions {
    /// The defaults, for `base_url`.
    pub fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            timeout: None,
            connect_timeout: None,
            user_agent: None,
            headers: Vec::new(),
            retry: RetryPolicy::none(),
            http: None,
            follow_cross_origin: false,
        }
    }

    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    pub fn set_connect_timeout(&mut self, timeout: Duration) {
        self.connect_timeout = Some(timeout);
    }

    pub fn set_user_agent(&mut self, user_agent: String) {
        self.user_agent = Some(user_agent);
    }

    pub fn add_header(&mut self, name: &str, value: &str) {
        self.headers.push((name.to_owned(), value.to_owned()));
    }

    pub fn set_retry(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    pub fn set_http_client(&mut self, http: reqwest::Client) {
        self.http = Some(http);
    }

    pub fn set_follow_cross_origin(&mut self, follow: bool) {
        self.follow_cross_origin = follow;
    }

    /// The client, or why it cannot be made (the base URL included).
    pub fn build(self, credentials: CredentialNames) -> Result<Transport, Error> {
        let transport = self.assemble(credentials)?;
        match &transport.base_error {
            Some(why) => Err(Error::InvalidRequest(why.clone())),
            None => Ok(transport),
        }
    }

    /// The client with a refused base URL kept as its `base_error`; other mistakes are
    /// errors.
    fn assemble(self, credentials: CredentialNames) -> Result<Transport, Error> {
        use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
        let invalid = |what: String| Error::InvalidRequest(what);
        let mut headers = HeaderMap::new();
        let user_agent = self.user_agent.as_deref().unwrap_or(USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
            invalid(format!(
                "the User-Agent {user_agent:?} has characters a header cannot carry"
            ))
        })?;
        headers.insert(reqwest::header::USER_AGENT, user_agent);
        for (name, value) in &self.headers {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(format!("{name:?} is not a valid header name")))?;
            // The value is not shown: it may be a secret.
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                invalid(format!(
                    "the value of the default header {name:?} has characters a header \
                     cannot carry"
                ))
            })?;
            value.set_sensitive(true);
            // `default_header` may be called several times for one name: each value is sent.
            headers.append(header, value);
        }
        let (http, timeout, connect_timeout) = match self.http {
            Some(http) => {
                if self.connect_timeout.is_some() {
                    return Err(invalid(
                        "connect_timeout cannot be applied to a reqwest::Client of your own; \
                         set it on that client's builder"
                            .to_owned(),
                    ));
                }
                (http, self.timeout, None)
            }
            None => {
                let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
                let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
                let http = http_client_builder()
                    .timeout(timeout)
                    .connect_timeout(connect_timeout)
                    .build()
                    .map_err(|e| invalid(format!("the HTTP client could not be built: {e}")))?;
                (http, Some(timeout), Some(connect_timeout))
            }
        };
        Ok(Transport {
            base_url: trimmed(&self.base_url),
            base_error: check_base_url(&self.base_url).err(),
            http,
            retry: self.retry,
            connect_timeout,
            rules: Arc::new(Rules {
                headers,
                timeout,
                redirects: RedirectRules {
                    follow_cross_origin: self.follow_cross_origin,
                    credentials,
                },
            }),
        })
    }
}
