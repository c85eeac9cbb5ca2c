//! Sending a request and reading its answer to the end.

use std::sync::Arc;

use super::builder::{Rules, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT};
use super::error::{transport_error, Error};
use super::redirect::follow;
use super::response::RawResponse;
use super::retry::{delay, worth_retrying, RetryPolicy};

/// A `reqwest::ClientBuilder` ready for TLS: with the `rustls-ring` feature it makes sure a
/// rustls crypto provider (ring) is installed for the process, unless the application installed
/// one already. Build your own `reqwest::Client` from this to set timeouts or proxies.
///
/// It starts from the defaults of `Client::new`: a connect timeout of 10 s, a whole-request
/// timeout of 30 s, no `Referer`, and redirects left to the generated client (which follows
/// only those that keep credentials on their origin); change what you need.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    #[cfg(feature = "rustls-ring")]
    {
        // Err means another provider is already installed, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .timeout(DEFAULT_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
}

/// The HTTP client `Client::new` uses.
pub fn default_http_client() -> reqwest::Client {
    // Building only fails when the TLS backend cannot start, where reqwest's own default
    // constructor fails the same way.
    http_client_builder().build().unwrap_or_default()
}

/// A request on its way out, with the retry policy and the client's rules (headers, time
/// limit, redirects) that apply to it. A plain `reqwest::RequestBuilder` converts into one
/// that is sent once, with the `User-Agent` and the default redirect rules.
pub struct Outgoing {
    request: reqwest::RequestBuilder,
    retry: RetryPolicy,
    rules: Arc<Rules>,
}

impl From<reqwest::RequestBuilder> for Outgoing {
    fn from(request: reqwest::RequestBuilder) -> Self {
        retrying(request, &RetryPolicy::none())
    }
}

impl Outgoing {
    pub(super) fn with_rules(
        request: reqwest::RequestBuilder,
        retry: RetryPolicy,
        rules: Arc<Rules>,
    ) -> Self {
        Self {
            request,
            retry,
            rules,
        }
    }

    /// The client's time limit for one attempt (`None`: the HTTP client's own applies).
    pub fn timeout(&self) -> Option<std::time::Duration> {
        self.rules.timeout
    }
}

/// `request` under `policy` (see [`RetryPolicy`]: only safe methods are retried, and the
/// server's `Retry-After` is honoured up to `max_backoff`).
pub fn retrying(request: reqwest::RequestBuilder, policy: &RetryPolicy) -> Outgoing {
    Outgoing::with_rules(request, policy.clone(), Arc::new(Rules::default()))
}

/// Sends the request (again, under its retry policy, if it is safe) and reads the whole body;
/// transport failures keep what had arrived.
pub async fn send(request: impl Into<Outgoing>) -> Result<RawResponse, Error> {
    let mut retries = 0u32;
    let result = send_retrying(request.into(), &mut retries, |http, request, rules| async move {
        send_once(&http, request, &rules).await
    })
    .await;
    super::trace::record_sent(result.as_ref().map(Answered::status), retries);
    result
}

/// What one attempt brought back, as far as the retry loop needs to know.
pub(super) trait Answered {
    /// The HTTP status of the answer.
    fn status(&self) -> u16;
}

impl Answered for RawResponse {
    fn status(&self) -> u16 {
        self.status
    }
}

/// The attempts of one call: `attempt` sends the request once (with the client's rules) and
/// returns its answer and `Retry-After`; `retries` counts the requests sent again.
pub(super) async fn send_retrying<A, F, Fut>(
    Outgoing {
        request,
        retry,
        rules,
    }: Outgoing,
    retries: &mut u32,
    attempt: F,
) -> Result<A, Error>
where
    A: Answered,
    F: Fn(reqwest::Client, reqwest::Request, Arc<Rules>) -> Fut,
    Fut: std::future::Future<Output = Result<(A, Option<String>), Error>>,
{
    let (http, request) = request.build_split();
    let mut request = request.map_err(|source| transport_error(None, Vec::new(), source))?;
    rules.prepare(&mut request);
    // A retry needs a second copy of the request; a streaming body has none.
    if retry.max_retries == 0 || !request.method().is_safe() {
        return attempt(http, request, rules)
            .await
            .map(|(response, _)| response);
    }
    let mut count = 0u32;
    let mut current = request;
    loop {
        let next = current.try_clone();
        let (result, retry_after) = match attempt(http.clone(), current, Arc::clone(&rules)).await
        {
            Ok((response, retry_after)) => (Ok(response), retry_after),
            Err(e) => (Err(e), None),
        };
        match next {
            Some(next)
                if count < retry.max_retries
                    && worth_retrying(result.as_ref().map(Answered::status)) =>
            {
                let now = std::time::SystemTime::now();
                // `None`: the server asked for a longer wait than the policy allows.
                let Some(wait) = retry.wait_before(count, retry_after.as_deref(), now) else {
                    return result;
                };
                delay(wait).await;
                count += 1;
                *retries = count;
                current = next;
            }
            _ => return result,
        }
    }
}

/// Sends the request once (following its redirects, see [`follow`]) and reads the whole body;
/// also returns the `Retry-After` header, if it is text.
async fn send_once(
    http: &reqwest::Client,
    request: reqwest::Request,
    rules: &Rules,
) -> Result<(RawResponse, Option<String>), Error> {
    // The time limit covers the whole attempt: every redirect and the last body.
    let deadline = rules
        .timeout
        .and_then(|timeout| std::time::Instant::now().checked_add(timeout));
    let response = follow(http, request, &rules.redirects, deadline).await?;
    read_whole(response).await
}

/// The `Retry-After` header, if it is text.
pub(super) fn retry_after(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The `Content-Type` header (invalid UTF-8 replaced).
pub(super) fn content_type(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

/// Reads the rest of `response`'s body; also returns its `Retry-After`.
pub(super) async fn read_whole(
    mut response: reqwest::Response,
) -> Result<(RawResponse, Option<String>), Error> {
    let status = response.status().as_u16();
    let retry_after = retry_after(&response);
    let content_type = content_type(&response);
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(source) => return Err(transport_error(Some(status), body, source)),
        }
    }
    Ok((
        RawResponse {
            status,
            content_type,
            body,
        },
        retry_after,
    ))
}
