//! `gocrm-codegen probe`: calls a live server's safe operations (GET and HEAD, nothing else)
//! and reports where its answers depart from the spec — and whether the generated client,
//! with the current settings, decodes each departure anyway.
//!
//! One file per concern, in the order a run goes through them:
//! - `plan.rs`: which requests, in rounds, with parameters filled as a person exploring would
//!   (ids from earlier list answers, else the spec's examples, defaults, enum values);
//! - `send.rs`: GET/HEAD only, paced (`--concurrency`, `--delay-ms`), bounded
//!   (`--timeout-ms`, `--max-requests`), with a User-Agent naming the tool;
//! - `check.rs`: each answer against the spec, strictly → findings;
//! - `client_model.rs` + [`tolerance`]: where the generated client's decoding would fail;
//! - `tally.rs`: verdicts for findings, grouped and counted; `source.rs`: schema pointers in
//!   the user's own document;
//! - `report.rs`: the JSON and text reports; `cli.rs`: the subcommand.

mod check;
pub mod cli;
mod client_model;
mod plan;
mod report;
mod send;
mod source;
mod tally;
pub mod tolerance;

use std::time::Duration;

pub use plan::IDS_PER_OPERATION;
pub use report::{Departure, Kind, OperationResult, Report, Verdict};
pub use send::{SafeMethod, USER_AGENT};

use crate::load::LoadedSpec;
use crate::settings::Settings;
use check::OperationSpec;
use send::{Outcome, Sender};
use tally::{Collector, OperationInfo};

/// How the probe behaves on the wire. The base URL, envelope and decoding settings come from
/// [`Settings`] (the settings file and its flags), as for `generate`.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Pause between the end of one request and the start of the next (per slot).
    pub delay: Duration,
    /// Per request, from connecting to the last byte of the body.
    pub timeout: Duration,
    /// No more requests than this in a run.
    pub max_requests: usize,
    /// Sent with every request (`--header NAME:VALUE`: an API key, a token).
    pub headers: Vec<(String, String)>,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        Self {
            concurrency: 1,
            delay: Duration::from_millis(200),
            timeout: Duration::from_secs(10),
            max_requests: 50,
            headers: Vec::new(),
        }
    }
}

/// Why the probe could not run.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProbeError {
    /// The spec or the settings cannot be turned into a client.
    #[error("{0}")]
    Spec(String),
    #[error("the spec gives no absolute server URL to call; pass --base-url (or set base_url in the settings file)")]
    NoBaseUrl,
    #[error("`{url}` is not a usable base URL: {reason}")]
    BadBaseUrl { url: String, reason: String },
    #[error("{0}")]
    Options(String),
    /// Connection refused, no such host, TLS failure.
    #[error("cannot reach {url}: {reason}")]
    Unreachable { url: String, reason: String },
}

/// Probes the server at the settings' base URL (else the spec's): plans, sends, checks and
/// returns the report. Must run inside a Tokio runtime.
pub async fn probe(
    spec: &LoadedSpec,
    settings: &Settings,
    options: &ProbeOptions,
) -> Result<Report, ProbeError> {
    let (api, _warnings) = crate::ir::build(spec, settings).map_err(|diagnostics| {
        ProbeError::Spec(
            diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    let base_text = api.default_base_url.clone().ok_or(ProbeError::NoBaseUrl)?;
    let base = base_url(&base_text)?;
    let sender = Sender::new(
        &options.headers,
        options.concurrency,
        options.delay,
        options.timeout,
    )
    .map_err(ProbeError::Options)?;
    let openapi = &spec.openapi;
    let operations: Vec<(OperationSpec<'_>, OperationInfo<'_>)> = api
        .operations
        .iter()
        .enumerate()
        .filter_map(|(index, op)| {
            // Extra (3.2 `query`, `additionalOperations`) operations are never probed: the
            // probe sends GETs only.
            let operation = crate::ir::operation_in_spec(openapi, &[], &op.path, &op.http_method)?;
            let envelope_data = check::envelope_data_field(openapi, operation, settings);
            Some((
                OperationSpec {
                    operation,
                    pointer: op.pointer.clone(),
                    envelope_data: envelope_data.clone(),
                },
                OperationInfo {
                    index,
                    name: &op.method_name,
                    method: &op.http_method,
                    template: &op.path,
                    pointer: &op.pointer,
                    envelope_data,
                },
            ))
        })
        .collect();
    let find = |index: usize| operations.iter().find(|(_, info)| info.index == index);

    let mut planner = plan::Planner::new(
        openapi,
        &api,
        settings,
        base.clone(),
        &options.headers,
        options.max_requests,
    );
    let mut collector = Collector::new();
    loop {
        let round = planner.next_round();
        if round.is_empty() {
            break;
        }
        let outgoing: Vec<send::Outgoing> = round.iter().map(|r| r.outgoing.clone()).collect();
        let outcomes = sender
            .send_all(&outgoing)
            .await
            .map_err(|e| ProbeError::Unreachable {
                url: redacted(&e.url),
                reason: e.reason,
            })?;
        for (request, outcome) in round.iter().zip(outcomes) {
            let (Some((op_spec, info)), Some(op)) =
                (find(request.op), api.operations.get(request.op))
            else {
                continue;
            };
            match outcome {
                Outcome::NoAnswer(why) => collector.no_answer(info, &request.path, why),
                Outcome::Answer(answer) => {
                    planner.record(request, &answer);
                    let head = request.outgoing.method == SafeMethod::Head;
                    let checked = check::check_answer(openapi, op_spec, &answer, head);
                    let failures = if (200..300).contains(&answer.status) && !head {
                        client_model::decode_answer(&api, settings, &op.response.decoding, &answer)
                    } else {
                        Vec::new()
                    };
                    collector.answered(info, &request.path, answer.status, checked, &failures);
                }
            }
        }
    }
    for (index, why) in planner.skipped() {
        if let Some((_, info)) = find(index) {
            collector.skipped(info, why);
        }
    }
    Ok(collector.finish(
        redacted(base.as_str()),
        api.operations.len(),
        spec.source_version,
    ))
}

fn base_url(text: &str) -> Result<reqwest::Url, ProbeError> {
    let bad = |reason: &str| ProbeError::BadBaseUrl {
        url: redacted(text),
        reason: reason.to_owned(),
    };
    let url = reqwest::Url::parse(text).map_err(|e| bad(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("only http and https URLs can be probed"));
    }
    if url.cannot_be_a_base() {
        return Err(bad("it cannot take a path"));
    }
    Ok(url)
}

/// A URL with any user name and password replaced, for messages and reports.
fn redacted(text: &str) -> String {
    match reqwest::Url::parse(text) {
        Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
            let _ = url.set_username("***");
            let _ = url.set_password(None);
            url.to_string()
        }
        _ => text.to_owned(),
    }
}
