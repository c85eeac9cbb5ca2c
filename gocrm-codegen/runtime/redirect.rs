//! Following redirects by hand, so that credentials never leave the origin they were meant for.
//!
//! reqwest's own redirect policy strips only `Authorization` and `Cookie` on a cross-origin
//! redirect and sends a `Referer`; an API key in a header of its own or in the query would go
//! to whichever host the server names. The clients this runtime builds tell reqwest not to
//! follow anything (`redirect::Policy::none()`), and `follow` decides each hop: safe methods
//! follow same-origin redirects (up to 10), a request with credentials does not leave its
//! origin unless the user opted in (and then goes without them), `https` never goes to
//! `http`, and `POST`, `PUT`, `PATCH` and `DELETE` are not redirected at all.

use super::error::{redact_url, transport_error, Error, RedirectError, RedirectRefusal};

/// The most redirects followed in a row (as reqwest's default policy).
pub const MAX_REDIRECTS: usize = 10;

/// The header and query parameter names the API's security schemes send credentials in
/// (besides `Authorization`, `Proxy-Authorization` and `Cookie`, which always count).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CredentialNames {
    /// Header names, in any case.
    pub headers: &'static [&'static str],
    /// Query parameter names.
    pub query: &'static [&'static str],
}

/// How one client treats redirects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RedirectRules {
    /// Follow a redirect to another origin even when the request carries credentials, after
    /// taking every credential off it.
    pub follow_cross_origin: bool,
    /// What counts as a credential besides the standard headers.
    pub credentials: CredentialNames,
}

impl RedirectRules {
    /// Whether `name` is a header that carries credentials.
    fn is_credential_header(&self, name: &reqwest::header::HeaderName) -> bool {
        use reqwest::header::{AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION};
        *name == AUTHORIZATION
            || *name == PROXY_AUTHORIZATION
            || *name == COOKIE
            || self
                .credentials
                .headers
                .iter()
                .any(|h| name.as_str().eq_ignore_ascii_case(h))
    }

    /// Whether `request` carries credentials: a credential header, a header value marked
    /// sensitive (reqwest marks basic and bearer auth so), a credential query parameter, or a
    /// user name or password in the URL.
    fn carries_credentials(&self, request: &reqwest::Request) -> bool {
        let url = request.url();
        request
            .headers()
            .iter()
            .any(|(name, value)| value.is_sensitive() || self.is_credential_header(name))
            || !url.username().is_empty()
            || url.password().is_some()
            || url
                .query_pairs()
                .any(|(name, _)| self.credentials.query.contains(&name.as_ref()))
    }

    /// Takes every credential off a request about to go to `target` (another origin).
    fn strip_credentials(&self, request: &mut reqwest::Request) {
        let headers = request.headers_mut();
        let doomed: Vec<reqwest::header::HeaderName> = headers
            .iter()
            .filter(|(name, value)| value.is_sensitive() || self.is_credential_header(name))
            .map(|(name, _)| name.clone())
            .collect();
        for name in doomed {
            headers.remove(name);
        }
        let url = request.url_mut();
        let _ = url.set_password(None);
        let _ = url.set_username("");
        if url.query().is_some() {
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(name, _)| !self.credentials.query.contains(&name.as_ref()))
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect();
            if kept.is_empty() {
                url.set_query(None);
            } else {
                url.query_pairs_mut().clear().extend_pairs(kept);
            }
        }
    }
}

/// `url` for an error message: without user name, password or query values.
fn shown(url: &reqwest::Url) -> String {
    let mut url = url.clone();
    redact_url(&mut url);
    url.to_string()
}

/// Sends `request` through `http` and follows its redirects under `rules`; returns the first
/// answer that is not a redirect to follow (a `304`, or a `3xx` without `Location`, comes back
/// as it is). `deadline`, when set, bounds the whole chain (each hop gets what is left).
pub(super) async fn follow(
    http: &reqwest::Client,
    mut request: reqwest::Request,
    rules: &RedirectRules,
    deadline: Option<std::time::Instant>,
) -> Result<reqwest::Response, Error> {
    let mut hops = 0usize;
    loop {
        if let Some(deadline) = deadline {
            // At least a millisecond, so that a spent deadline ends in reqwest's own timeout
            // error (and `Error::is_timeout`) rather than in one made up here.
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            *request.timeout_mut() = Some(left.max(std::time::Duration::from_millis(1)));
        }
        // The next hop is a copy of this request; a streamed body has none.
        let copy = request.try_clone();
        let method = request.method().clone();
        let from = request.url().clone();
        let carries_credentials = rules.carries_credentials(&request);
        let response = http
            .execute(request)
            .await
            .map_err(|source| transport_error(None, Vec::new(), source))?;
        let status = response.status();
        if !matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
            return Ok(response);
        }
        let Some(location) = response.headers().get(reqwest::header::LOCATION) else {
            return Ok(response);
        };
        let location_text = String::from_utf8_lossy(location.as_bytes()).into_owned();
        let target = location
            .to_str()
            .ok()
            .and_then(|location| from.join(location).ok())
            .filter(|target| matches!(target.scheme(), "http" | "https"));
        let cross_origin = target
            .as_ref()
            .is_some_and(|target| target.origin() != from.origin());
        let refusal = match &target {
            _ if !method.is_safe() => Some(RedirectRefusal::UnsafeMethod),
            None => Some(RedirectRefusal::InvalidLocation),
            Some(target) if from.scheme() == "https" && target.scheme() == "http" => {
                Some(RedirectRefusal::Downgrade)
            }
            Some(_) if cross_origin && carries_credentials && !rules.follow_cross_origin => {
                Some(RedirectRefusal::CrossOrigin)
            }
            Some(_) if hops >= MAX_REDIRECTS => Some(RedirectRefusal::TooMany),
            Some(_) if copy.is_none() => Some(RedirectRefusal::BodyNotReplayable),
            Some(_) => None,
        };
        let (Some(target), Some(mut next), None) = (target, copy, refusal) else {
            let location = match response.url().join(&location_text) {
                Ok(target) => shown(&target),
                Err(_) => location_text,
            };
            return Err(refused(
                response,
                method,
                &from,
                location,
                refusal.unwrap_or(RedirectRefusal::InvalidLocation),
            )
            .await);
        };
        *next.url_mut() = target;
        if cross_origin {
            rules.strip_credentials(&mut next);
        }
        if status == reqwest::StatusCode::SEE_OTHER && next.method() != reqwest::Method::HEAD {
            // 303: look at the answer with a GET (the method is safe here, so it rarely has
            // a body; any it had does not go along).
            *next.method_mut() = reqwest::Method::GET;
            *next.body_mut() = None;
            next.headers_mut().remove(reqwest::header::CONTENT_TYPE);
            next.headers_mut().remove(reqwest::header::CONTENT_LENGTH);
        }
        request = next;
        hops += 1;
    }
}

/// The error for a redirect that is not followed, with the redirect's body (what arrives of
/// it: a body that fails to arrive is not the point here).
async fn refused(
    mut response: reqwest::Response,
    method: reqwest::Method,
    from: &reqwest::Url,
    location: String,
    reason: RedirectRefusal,
) -> Error {
    let status = response.status().as_u16();
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        body.extend_from_slice(&chunk);
    }
    Error::Redirect(Box::new(RedirectError {
        status,
        method: method.to_string(),
        from: shown(from),
        location,
        reason,
        body,
    }))
}
