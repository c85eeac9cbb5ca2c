//! Downloading the published spec (feature `fetch`): reqwest with rustls on the ring
//! provider, the HTTP stack the generated client uses, on a one-thread tokio runtime.
//!
//! Everything that is not a document the generator loads is refused with a reason: a
//! non-2xx status, an HTML page, an empty or cut-off body, a body over the size cap, a server
//! too slow to answer.

use std::time::Duration;

use gocrm_codegen::load::{self, LoadedSpec};

/// Bounds on one download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// For the whole exchange: connecting, every redirect, the body.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Bytes of body accepted (the Go-CRM spec is ~40 kB; the largest corpus document ~8 MB).
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            timeout: crate::regen::DEFAULT_TIMEOUT,
            connect_timeout: Duration::from_secs(15),
            max_redirects: 10,
            max_bytes: 32 * 1024 * 1024,
        }
    }
}

/// A downloaded body and what the server said about it.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    /// The URL after redirects.
    pub final_url: String,
    pub content_type: Option<String>,
}

/// Downloads `url`; the error says why in one line.
pub fn fetch(url: &str, limits: &Limits) -> Result<Fetched, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the HTTP runtime: {e}"))?;
    runtime.block_on(download(url, limits))
}

async fn download(url: &str, limits: &Limits) -> Result<Fetched, String> {
    // Err: a provider is installed already, which is just as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .timeout(limits.timeout)
        .connect_timeout(limits.connect_timeout)
        .redirect(reqwest::redirect::Policy::limited(limits.max_redirects))
        .user_agent(concat!("gocrm-xtask/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
    let mut response = client
        .get(url)
        .header(
            reqwest::header::ACCEPT,
            "application/json, application/yaml;q=0.9, */*;q=0.1",
        )
        .send()
        .await
        .map_err(|e| describe(&e))?;
    let final_url = response.url().to_string();
    let status = response.status();
    if !status.is_success() {
        return Err(format!("the server answered {status} (at {final_url})"));
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Some(length) = response.content_length() {
        if length > limits.max_bytes as u64 {
            return Err(too_large(limits));
        }
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| {
        format!(
            "the body was cut off after {} bytes ({})",
            bytes.len(),
            describe(&e)
        )
    })? {
        if bytes.len() + chunk.len() > limits.max_bytes {
            return Err(too_large(limits));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Fetched {
        bytes,
        final_url,
        content_type,
    })
}

fn too_large(limits: &Limits) -> String {
    format!(
        "the body is larger than {} MiB, more than a spec should be",
        limits.max_bytes / (1024 * 1024)
    )
}

/// reqwest's error with its causes, in one line.
fn describe(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_redirect() {
        "too many redirects".to_owned()
    } else if e.is_connect() {
        "cannot connect".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut causes = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !causes.contains(&text) {
            causes.push(text);
        }
        source = cause.source();
    }
    format!("{what}: {}", causes.join(": "))
}

/// Whether a download is a spec the generator loads; the error says what it is instead.
pub fn check_spec(fetched: &Fetched, url: &str) -> Result<LoadedSpec, String> {
    let text = String::from_utf8_lossy(&fetched.bytes);
    let start = text.trim_start();
    if start.is_empty() {
        return Err(format!("{url} sent an empty body, not a spec"));
    }
    let html_type = fetched
        .content_type
        .as_deref()
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("text/html"));
    if html_type || start.starts_with('<') {
        return Err(format!(
            "{url} sent an HTML page ({}), not a spec: is the URL the document itself rather than its Swagger UI page?",
            fetched.content_type.as_deref().unwrap_or("no Content-Type")
        ));
    }
    load::load_bytes(&fetched.bytes, url)
        .map_err(|e| format!("{url} is not a loadable spec (cut off?):\n{e}"))
}
