//! Sending: GET and HEAD only (the type cannot say anything else), one request at a time by
//! default, a pause between requests on each slot, a timeout per request, a User-Agent
//! naming the tool, and the user's headers (marked sensitive).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tokio::sync::{Mutex, Semaphore};
use tokio::time::Instant;

/// What the probe sends as `User-Agent` (a `--header User-Agent:…` replaces it).
pub const USER_AGENT: &str = concat!("gocrm-codegen-probe/", env!("CARGO_PKG_VERSION"));

/// Redirects followed for one request (within the same origin).
const MAX_REDIRECTS: usize = 5;

/// Bodies larger than this are not read to the end (and not checked).
const MAX_BODY: usize = 16 << 20;

/// The only methods the probe can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SafeMethod {
    Get,
    Head,
}

impl SafeMethod {
    /// The safe method for an operation's HTTP method (`GET`, `HEAD`), or `None`.
    pub fn from_http(method: &str) -> Option<Self> {
        match method {
            "GET" => Some(SafeMethod::Get),
            "HEAD" => Some(SafeMethod::Head),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SafeMethod::Get => "GET",
            SafeMethod::Head => "HEAD",
        }
    }

    fn to_reqwest(self) -> reqwest::Method {
        match self {
            SafeMethod::Get => reqwest::Method::GET,
            SafeMethod::Head => reqwest::Method::HEAD,
        }
    }
}

/// An answer read to the end.
#[derive(Debug, Clone)]
pub(super) struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// What came of one request.
#[derive(Debug, Clone)]
pub(super) enum Outcome {
    Answer(Answer),
    /// No (whole) answer: a timeout, a reset connection, a body too large. Why, in words.
    NoAnswer(String),
}

/// One request to send.
#[derive(Debug, Clone)]
pub(super) struct Outgoing {
    pub method: SafeMethod,
    pub url: reqwest::Url,
    pub headers: Vec<(String, String)>,
}

/// The server could not be reached at all (connection refused, no such host, TLS failure).
#[derive(Debug, Clone)]
pub(super) struct Unreachable {
    pub url: String,
    pub reason: String,
}

/// Sends requests, paced.
pub(super) struct Sender {
    client: reqwest::Client,
    pacer: Arc<Pacer>,
    timeout: Duration,
}

/// `concurrency` slots; each waits `delay` after its previous request before the next.
struct Pacer {
    permits: Semaphore,
    last_finished: Mutex<VecDeque<Option<Instant>>>,
    delay: Duration,
}

impl Sender {
    /// `headers` are `(name, value)` pairs sent with every request.
    pub fn new(
        headers: &[(String, String)],
        concurrency: usize,
        delay: Duration,
        timeout: Duration,
    ) -> Result<Self, String> {
        // Err means another provider is already installed, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("`{name}` is not a valid header name"))?;
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| format!("the value of header `{name}` is not valid in a header"))?;
            value.set_sensitive(true);
            map.insert(header, value);
        }
        // Redirects are followed within the server's origin only: the user's headers (an API
        // key) must not go to another host.
        let redirects = reqwest::redirect::Policy::custom(|attempt| {
            let same_origin = attempt
                .previous()
                .first()
                .is_some_and(|first| first.origin() == attempt.url().origin());
            if same_origin && attempt.previous().len() <= MAX_REDIRECTS {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(redirects)
            .default_headers(map)
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .map_err(|e| format!("cannot start the HTTP client: {}", innermost(&e)))?;
        let concurrency = concurrency.max(1);
        Ok(Self {
            client,
            pacer: Arc::new(Pacer {
                permits: Semaphore::new(concurrency),
                last_finished: Mutex::new(std::iter::repeat_n(None, concurrency).collect()),
                delay,
            }),
            timeout,
        })
    }

    /// Sends `requests` (at most `concurrency` at a time) and returns their outcomes in the
    /// same order; stops at the first request that cannot reach the server.
    pub async fn send_all(&self, requests: &[Outgoing]) -> Result<Vec<Outcome>, Unreachable> {
        let mut tasks = tokio::task::JoinSet::new();
        for (index, request) in requests.iter().enumerate() {
            let client = self.client.clone();
            let pacer = Arc::clone(&self.pacer);
            let request = request.clone();
            let timeout = self.timeout;
            tasks.spawn(async move {
                let outcome = pacer.paced(send_one(&client, &request, timeout)).await;
                (index, outcome)
            });
        }
        let mut outcomes: Vec<Option<Outcome>> = vec![None; requests.len()];
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok((index, Ok(outcome))) => {
                    if let Some(slot) = outcomes.get_mut(index) {
                        *slot = Some(outcome);
                    }
                }
                Ok((_, Err(unreachable))) => {
                    tasks.abort_all();
                    return Err(unreachable);
                }
                Err(e) => {
                    tasks.abort_all();
                    return Err(Unreachable {
                        url: String::new(),
                        reason: format!("a request task failed: {e}"),
                    });
                }
            }
        }
        Ok(outcomes
            .into_iter()
            .map(|o| o.unwrap_or_else(|| Outcome::NoAnswer("not sent".to_owned())))
            .collect())
    }
}

impl Pacer {
    async fn paced<T>(&self, work: impl std::future::Future<Output = T>) -> T {
        // The semaphore is never closed, so acquiring cannot fail; without a permit the
        // request would still be paced by the slot queue below.
        let _permit = self.permits.acquire().await.ok();
        let last = self.last_finished.lock().await.pop_front().flatten();
        if let Some(last) = last {
            tokio::time::sleep_until(last + self.delay).await;
        }
        let result = work.await;
        self.last_finished
            .lock()
            .await
            .push_back(Some(Instant::now()));
        result
    }
}

async fn send_one(
    client: &reqwest::Client,
    request: &Outgoing,
    timeout: Duration,
) -> Result<Outcome, Unreachable> {
    let mut builder = client.request(request.method.to_reqwest(), request.url.clone());
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let mut response = match builder.send().await {
        Ok(response) => response,
        Err(e) if e.is_connect() => {
            return Err(Unreachable {
                url: request.url.to_string(),
                reason: innermost(&e),
            })
        }
        Err(e) if e.is_timeout() => return Ok(Outcome::NoAnswer(timed_out(timeout))),
        Err(e) => return Ok(Outcome::NoAnswer(innermost(&e))),
    };
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                body.extend_from_slice(&chunk);
                if body.len() > MAX_BODY {
                    return Ok(Outcome::NoAnswer(format!(
                        "HTTP {status}: the body is larger than {} MiB; not read",
                        MAX_BODY >> 20
                    )));
                }
            }
            Ok(None) => break,
            Err(e) if e.is_timeout() => {
                return Ok(Outcome::NoAnswer(format!(
                    "HTTP {status}: {}",
                    timed_out(timeout)
                )))
            }
            Err(e) => {
                return Ok(Outcome::NoAnswer(format!(
                    "HTTP {status}: the body broke off: {}",
                    innermost(&e)
                )))
            }
        }
    }
    Ok(Outcome::Answer(Answer {
        status,
        content_type,
        body,
    }))
}

fn timed_out(timeout: Duration) -> String {
    format!("no answer within {} ms (--timeout-ms)", timeout.as_millis())
}

/// The most specific message in an error's chain (`Connection refused (os error 111)`).
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}
