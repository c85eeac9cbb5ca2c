//! From answers to departures: each finding of the strict check gets the client's verdict
//! (does a decoding failure of the modelled client happen there?), then findings are grouped
//! by operation and place in the schema, and counted.

use std::collections::{BTreeMap, HashMap};

use super::check::{Checked, Finding, Kind, ANSWERS};
use super::client_model::{Cause, Failure};
use super::report::{Departure, OperationResult, Report, Verdict};
use super::source::in_source;
use crate::load::SourceVersion;

/// Collects what the probe saw, in any order; [`Collector::finish`] sorts it.
pub(super) struct Collector {
    ops: BTreeMap<usize, OpTally>,
    results: Vec<(usize, usize, OperationResult)>,
    requests: usize,
}

#[derive(Default)]
struct OpTally {
    name: String,
    counters: BTreeMap<String, u64>,
    groups: Vec<Group>,
}

/// Departures of one kind at one place, with one verdict.
struct Group {
    kind: Kind,
    schema: String,
    group: String,
    client: Verdict,
    pointer: String,
    expected: String,
    found: Vec<String>,
    count_key: String,
    n: u64,
}

/// What one operation is, for the report.
pub(super) struct OperationInfo<'a> {
    pub index: usize,
    pub name: &'a str,
    pub method: &'a str,
    pub template: &'a str,
    /// `#/paths/~1firms/get`, for departures the strict check did not see.
    pub pointer: &'a str,
    /// The envelope's data field, when the success response is an envelope.
    pub envelope_data: Option<String>,
}

impl Collector {
    pub fn new() -> Self {
        Self {
            ops: BTreeMap::new(),
            results: Vec::new(),
            requests: 0,
        }
    }

    fn result(
        &mut self,
        op: &OperationInfo<'_>,
        path: &str,
        status: Option<u16>,
        skipped: Option<String>,
    ) {
        let order = self.results.len();
        self.results.push((
            op.index,
            order,
            OperationResult {
                operation: op.name.to_owned(),
                method: op.method.to_owned(),
                path: path.to_owned(),
                status,
                skipped,
                template: op.template.to_owned(),
            },
        ));
    }

    /// An operation the probe did not call.
    pub fn skipped(&mut self, op: &OperationInfo<'_>, why: String) {
        self.result(op, op.template, None, Some(why));
    }

    /// A request that got no answer.
    pub fn no_answer(&mut self, op: &OperationInfo<'_>, path: &str, why: String) {
        self.requests += 1;
        self.result(op, path, None, Some(format!("no answer: {why}")));
    }

    /// An answer: the strict check's findings and the client model's failures.
    pub fn answered(
        &mut self,
        op: &OperationInfo<'_>,
        path: &str,
        status: u16,
        checked: Checked,
        failures: &[Failure],
    ) {
        self.requests += 1;
        self.result(op, path, Some(status), None);
        let mut findings = checked.findings;
        let verdicts = attribute(&mut findings, failures, op);
        let tally = self.ops.entry(op.index).or_default();
        tally.name = op.name.to_owned();
        for (key, n) in checked.counters {
            *tally.counters.entry(key).or_default() += n;
        }
        for (finding, client) in findings.into_iter().zip(verdicts) {
            tally.add(finding, client);
        }
    }

    pub fn finish(
        self,
        base_url: String,
        spec_operations: usize,
        version: SourceVersion,
    ) -> Report {
        let mut results = self.results;
        results.sort_by_key(|(op, order, _)| (*op, *order));
        let probed = {
            let mut ops: Vec<usize> = results
                .iter()
                .filter(|(_, _, r)| {
                    r.status.is_some()
                        || r.skipped
                            .as_deref()
                            .is_some_and(|s| s.starts_with("no answer"))
                })
                .map(|(op, _, _)| *op)
                .collect();
            ops.dedup();
            ops.len()
        };
        let mut departures = Vec::new();
        for tally in self.ops.into_values() {
            for g in tally.groups {
                let checked = tally
                    .counters
                    .get(&g.count_key)
                    .copied()
                    .unwrap_or(0)
                    .max(g.n);
                let what = match (g.count_key == ANSWERS, checked == 1) {
                    (true, true) => "answer",
                    (true, false) => "answers",
                    (false, true) => "value",
                    (false, false) => "values",
                };
                let mut found = g.found.join(", ");
                if g.kind == Kind::EnumValue
                    && g.found.len() >= MAX_VALUES_SHOWN
                    && g.n > MAX_VALUES_SHOWN as u64
                {
                    found.push_str(", …");
                }
                departures.push(Departure {
                    operation: tally.name.clone(),
                    kind: g.kind,
                    pointer: g.pointer,
                    schema: in_source(&g.schema, version),
                    expected: g.expected,
                    found,
                    count: format!("{} of {checked} {what}", g.n),
                    client: g.client,
                });
            }
        }
        Report {
            requests: self.requests,
            operations: results.into_iter().map(|(_, _, r)| r).collect(),
            departures,
            base_url,
            spec_operations,
            probed,
        }
    }
}

/// How many distinct unlisted enum values a departure shows.
const MAX_VALUES_SHOWN: usize = 3;

impl OpTally {
    fn add(&mut self, f: Finding, client: Verdict) {
        let existing = self.groups.iter_mut().find(|g| {
            g.kind == f.kind && g.schema == f.schema && g.group == f.group && g.client == client
        });
        match existing {
            Some(g) => {
                g.n += 1;
                if f.kind == Kind::EnumValue
                    && g.found.len() < MAX_VALUES_SHOWN
                    && !g.found.contains(&f.found)
                {
                    g.found.push(f.found);
                }
            }
            None => self.groups.push(Group {
                kind: f.kind,
                schema: f.schema,
                group: f.group,
                client,
                pointer: f.pointer,
                expected: f.expected,
                found: vec![f.found],
                count_key: f.count_key,
                n: 1,
            }),
        }
    }
}

/// The verdict of each finding: `fails` when a decoding failure of the client happens at its
/// place (or, failing that, inside it or around it). A failure no finding explains becomes a
/// finding of its own, so nothing that would fail the client goes unreported.
fn attribute(
    findings: &mut Vec<Finding>,
    failures: &[Failure],
    op: &OperationInfo<'_>,
) -> Vec<Verdict> {
    let mut fails = vec![false; findings.len()];
    // Findings by pointer: a list of 5,000 items can have as many findings and failures.
    let mut at: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        at.entry(f.pointer.clone()).or_default().push(i);
    }
    for failure in failures {
        let eligible = |f: &Finding| match failure.cause {
            Cause::NotJson => f.kind == Kind::ContentType,
            Cause::Value | Cause::Status => {
                !matches!(f.kind, Kind::ContentType | Kind::StatusUndocumented)
            }
        };
        let exact: Vec<usize> = at
            .get(&failure.pointer)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&i| findings.get(i).is_some_and(eligible))
            .collect();
        let matched = if !exact.is_empty() || failure.cause != Cause::Value {
            exact
        } else {
            let inside: Vec<usize> = (0..findings.len())
                .filter(|&i| {
                    findings
                        .get(i)
                        .is_some_and(|f| eligible(f) && is_below(&f.pointer, &failure.pointer))
                })
                .collect();
            if inside.is_empty() {
                (0..findings.len())
                    .filter(|&i| {
                        findings
                            .get(i)
                            .is_some_and(|f| eligible(f) && is_below(&failure.pointer, &f.pointer))
                    })
                    .max_by_key(|&i| findings.get(i).map_or(0, |f| f.pointer.len()))
                    .into_iter()
                    .collect()
            } else {
                inside
            }
        };
        if matched.is_empty() {
            // A status the spec lists (an API error reported as documented) is no departure.
            if failure.cause != Cause::Status {
                findings.push(unexplained(failure, op));
                fails.push(true);
            }
            continue;
        }
        for i in matched {
            if let Some(slot) = fails.get_mut(i) {
                *slot = true;
            }
        }
    }
    fails
        .into_iter()
        .map(|f| {
            if f {
                Verdict::Fails
            } else {
                Verdict::Tolerated
            }
        })
        .collect()
}

/// Whether `inner` is strictly inside `outer` (JSON pointers).
fn is_below(inner: &str, outer: &str) -> bool {
    inner.len() > outer.len()
        && inner.starts_with(outer)
        && inner.as_bytes().get(outer.len()) == Some(&b'/')
}

fn unexplained(failure: &Failure, op: &OperationInfo<'_>) -> Finding {
    let in_envelope = op.envelope_data.as_deref().is_some_and(|data| {
        failure.pointer.is_empty()
            || (failure.pointer.matches('/').count() == 1
                && failure.pointer != super::client_model::child("", data))
    });
    let kind = match failure.cause {
        Cause::NotJson => Kind::ContentType,
        _ if in_envelope => Kind::EnvelopeShape,
        _ => Kind::TypeMismatch,
    };
    Finding {
        kind,
        pointer: failure.pointer.clone(),
        schema: format!("{}/responses", op.pointer),
        expected: failure.expected.clone(),
        found: failure.found.clone(),
        group: format!("client: {}", failure.found),
        count_key: ANSWERS.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_means_a_whole_segment_deeper() {
        assert!(is_below("/data/0", "/data"));
        assert!(is_below("/data", ""));
        assert!(!is_below("/database", "/data"));
        assert!(!is_below("/data", "/data"));
    }
}
