//! The probe's report: the JSON shape of `--format json`, and the text one.

use serde::Serialize;

pub use super::check::Kind;

/// Whether the generated client, with the current settings, decodes a departure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The call returns its value (or, for an error status, `Error::Api` with the body).
    Tolerated,
    /// The call would return a decode error (or `Error::Api` for a 2xx answer).
    Fails,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Tolerated => "tolerated",
            Verdict::Fails => "fails",
        }
    }
}

/// One request sent, or one operation skipped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperationResult {
    /// The client method's name.
    pub operation: String,
    pub method: String,
    /// The path (and query) sent, below the base URL; the path template when skipped.
    pub path: String,
    /// The HTTP status; `null` when skipped or unanswered.
    pub status: Option<u16>,
    /// Why the operation was not called, or why the request got no answer (`no answer: …`).
    pub skipped: Option<String>,
    #[serde(skip)]
    pub(super) template: String,
}

/// Departures of one kind at one place in the schema, for one operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Departure {
    pub operation: String,
    pub kind: Kind,
    /// Where in the response body (the first occurrence; `""` is the answer itself).
    pub pointer: String,
    /// Where in the spec, as written (`#/definitions/Firm/properties/id` for Swagger 2.0).
    pub schema: String,
    pub expected: String,
    pub found: String,
    /// How many times, of how many values (or answers) checked: `3 of 40 values`.
    pub count: String,
    pub client: Verdict,
}

/// Everything the probe saw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub requests: usize,
    pub operations: Vec<OperationResult>,
    pub departures: Vec<Departure>,
    #[serde(skip)]
    pub(super) base_url: String,
    #[serde(skip)]
    pub(super) spec_operations: usize,
    #[serde(skip)]
    pub(super) probed: usize,
}

impl Report {
    /// Whether any departure would fail the generated client (exit code 1).
    pub fn client_fails(&self) -> bool {
        self.departures.iter().any(|d| d.client == Verdict::Fails)
    }

    /// `--format json`.
    pub fn to_json(&self) -> String {
        // Plain data: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The summary line.
    pub fn summary(&self) -> String {
        let tolerated = self
            .departures
            .iter()
            .filter(|d| d.client == Verdict::Tolerated)
            .count();
        let fails = self.departures.len() - tolerated;
        let skipped = self.spec_operations.saturating_sub(self.probed);
        format!(
            "{} {}, {} {} ({} probed, {} skipped), {} {}: {} tolerated by the client, {} would fail it",
            self.requests,
            plural(self.requests, "request", "requests"),
            self.spec_operations,
            plural(self.spec_operations, "operation", "operations"),
            self.probed,
            skipped,
            self.departures.len(),
            plural(self.departures.len(), "departure", "departures"),
            tolerated,
            fails,
        )
    }

    /// The text report: the summary line, then each operation with its requests and
    /// departures.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.summary());
        out.push('\n');
        out.push_str(&format!("base URL: {}\n", self.base_url));
        let mut names: Vec<&str> = Vec::new();
        for r in &self.operations {
            if !names.contains(&r.operation.as_str()) {
                names.push(&r.operation);
            }
        }
        for name in names {
            let results: Vec<&OperationResult> = self
                .operations
                .iter()
                .filter(|r| r.operation == name)
                .collect();
            let Some(first) = results.first() else {
                continue;
            };
            out.push_str(&format!("\n{name} ({} {})\n", first.method, first.template));
            for r in &results {
                match (r.status, &r.skipped) {
                    (Some(status), _) => {
                        out.push_str(&format!("  {} {} -> {status}\n", r.method, r.path))
                    }
                    (None, Some(why)) if why.starts_with("no answer") => {
                        out.push_str(&format!("  {} {} -> {why}\n", r.method, r.path))
                    }
                    (None, Some(why)) => out.push_str(&format!("  skipped: {why}\n")),
                    (None, None) => {}
                }
            }
            for d in self.departures.iter().filter(|d| d.operation == name) {
                let pointer = if d.pointer.is_empty() {
                    "(the answer)"
                } else {
                    &d.pointer
                };
                out.push_str(&format!(
                    "  {:<9} {} at {pointer}: expected {}, found {} ({})\n",
                    d.client.as_str(),
                    d.kind.as_str(),
                    d.expected,
                    d.found,
                    d.count,
                ));
                out.push_str(&format!("            schema {}\n", d.schema));
            }
        }
        out
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
