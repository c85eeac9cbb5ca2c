//! Which requests to send, in rounds, filled in as a person exploring the API would.
//!
//! - Only GET and HEAD operations; every other one is skipped, with the reason.
//! - A path parameter takes the ids an earlier list answer returned: `{id}` in
//!   `/firms/{id}` comes from `/firms`, in `/cities/{id}/centers` from `/cities`, in
//!   `/centers/{id}` from any list whose path ends in `/centers`. The list is the GET
//!   operation whose path is the part before the parameter (`/cities` for `/cities/{id}`),
//!   else one whose last segment is the word before it; the value is the item's property of
//!   the parameter's name, else its `id`. Up to [`IDS_PER_OPERATION`] ids per operation.
//! - Otherwise (and for required query and header parameters) the spec's example, default
//!   or first enum value. Optional query parameters are left out.
//! - An operation that cannot be filled is skipped, with the parameter named.
//! - No more than `--max-requests` requests.

use openapiv3::OpenAPI;
use serde_json::{Map, Value};

mod values;

use super::send::{Answer, Outgoing, SafeMethod};
use crate::ir::{Api, ParamLocation, TypeKind};
use crate::settings::Settings;
use values::{id_text, list_items, payload, spec_parameters, spec_value};

/// How many requests one operation gets at most (one per id taken from a list).
pub const IDS_PER_OPERATION: usize = 3;

/// A request the plan sends, and what it is for.
#[derive(Debug, Clone)]
pub(super) struct PlannedRequest {
    /// Index into `Api::operations`.
    pub op: usize,
    pub outgoing: Outgoing,
    /// The path and query as sent, below the base URL (`/firms/12345`).
    pub path: String,
    /// The path parameters' values, by the index of their segment in the path template.
    values: Vec<(usize, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Pending,
    Planned,
    Skipped(String),
}

/// Items of a list answer, with the path values of the request that got it.
struct ListAnswer {
    op: usize,
    values: Vec<(usize, String)>,
    items: Vec<Map<String, Value>>,
}

pub(super) struct Planner<'a> {
    openapi: &'a OpenAPI,
    api: &'a Api,
    settings: &'a Settings,
    base: reqwest::Url,
    /// Lower-case names of the headers the user sends with every request.
    user_headers: Vec<String>,
    states: Vec<State>,
    templates: Vec<Vec<String>>,
    max_requests: usize,
    planned: usize,
    answers: Vec<ListAnswer>,
}

/// A path parameter's source: the list operation and whether its path is the exact part
/// before the parameter (then its own path values must agree with the request's).
#[derive(Debug, Clone, Copy)]
struct Source {
    op: usize,
    exact: bool,
}

impl<'a> Planner<'a> {
    pub fn new(
        openapi: &'a OpenAPI,
        api: &'a Api,
        settings: &'a Settings,
        base: reqwest::Url,
        user_headers: &[(String, String)],
        max_requests: usize,
    ) -> Self {
        let states = api
            .operations
            .iter()
            .map(|op| match SafeMethod::from_http(&op.http_method) {
                Some(_) => State::Pending,
                None => State::Skipped(format!(
                    "{} is not a safe method: the probe sends only GET and HEAD",
                    op.http_method
                )),
            })
            .collect();
        let templates = api.operations.iter().map(|op| segments(&op.path)).collect();
        Self {
            openapi,
            api,
            settings,
            base,
            user_headers: user_headers
                .iter()
                .map(|(name, _)| name.to_ascii_lowercase())
                .collect(),
            states,
            templates,
            max_requests,
            planned: 0,
            answers: Vec::new(),
        }
    }

    /// Operations skipped, with why, by index.
    pub fn skipped(&self) -> Vec<(usize, String)> {
        self.states
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                State::Skipped(why) => Some((i, why.clone())),
                _ => None,
            })
            .collect()
    }

    /// The next round: every pending operation whose sources have been answered (all of
    /// them, when the rest wait on each other). Empty when nothing is left.
    pub fn next_round(&mut self) -> Vec<PlannedRequest> {
        loop {
            let pending: Vec<usize> = (0..self.states.len())
                .filter(|&i| self.states.get(i) == Some(&State::Pending))
                .collect();
            if pending.is_empty() {
                return Vec::new();
            }
            let ready: Vec<usize> = pending
                .iter()
                .copied()
                .filter(|&i| {
                    self.sources(i)
                        .iter()
                        .flatten()
                        .all(|s| self.states.get(s.op) != Some(&State::Pending))
                })
                .collect();
            // Operations waiting on each other: fill them from the spec.
            let ready = if ready.is_empty() { pending } else { ready };
            let mut round = Vec::new();
            for op in ready {
                match self.plan_operation(op) {
                    Ok(requests) => {
                        self.set_state(op, State::Planned);
                        round.extend(requests);
                    }
                    Err(why) => self.set_state(op, State::Skipped(why)),
                }
            }
            if !round.is_empty() {
                return round;
            }
        }
    }

    fn set_state(&mut self, op: usize, state: State) {
        if let Some(slot) = self.states.get_mut(op) {
            *slot = state;
        }
    }

    /// Keeps a 2xx answer's items for later path parameters.
    pub fn record(&mut self, request: &PlannedRequest, answer: &Answer) {
        if !(200..300).contains(&answer.status) || request.outgoing.method != SafeMethod::Get {
            return;
        }
        let Ok(body) = serde_json::from_slice::<Value>(&answer.body) else {
            return;
        };
        let items = list_items(payload(&body, self.settings));
        if !items.is_empty() {
            self.answers.push(ListAnswer {
                op: request.op,
                values: request.values.clone(),
                items,
            });
        }
    }

    /// The source of each path segment that is exactly one parameter (`None` elsewhere).
    fn sources(&self, op: usize) -> Vec<Option<Source>> {
        let Some(template) = self.templates.get(op) else {
            return Vec::new();
        };
        (0..template.len())
            .map(|k| {
                param_name(template.get(k)?)?;
                self.source(op, k)
            })
            .collect()
    }

    fn source(&self, op: usize, k: usize) -> Option<Source> {
        let template = self.templates.get(op)?;
        let prefix = template.get(..k)?;
        let word = prefix.last().filter(|s| param_name(s).is_none())?;
        let gets = self
            .api
            .operations
            .iter()
            .enumerate()
            .filter(|(i, o)| *i != op && o.http_method == "GET");
        let mut loose: Option<(usize, usize)> = None;
        for (i, _) in gets {
            let Some(other) = self.templates.get(i) else {
                continue;
            };
            if other.len() == prefix.len() && aligned(other, prefix) {
                return Some(Source { op: i, exact: true });
            }
            if other.last() == Some(word) {
                let params = other.iter().filter(|s| param_name(s).is_some()).count();
                if loose.is_none_or(|(_, p)| params < p) {
                    loose = Some((i, params));
                }
            }
        }
        loose.map(|(op, _)| Source { op, exact: false })
    }

    fn plan_operation(&mut self, op_index: usize) -> Result<Vec<PlannedRequest>, String> {
        let api = self.api;
        let Some(op) = api.operations.get(op_index) else {
            return Err("unknown operation".to_owned());
        };
        let method = SafeMethod::from_http(&op.http_method)
            .ok_or_else(|| format!("{} is not a safe method", op.http_method))?;
        let template = self.templates.get(op_index).cloned().unwrap_or_default();
        let spec_params = spec_parameters(self.openapi, &op.path, &op.http_method);
        let sources = self.sources(op_index);

        // Path values: one list of (segment, value) per request.
        let mut combos: Vec<Vec<(usize, String)>> = vec![Vec::new()];
        for (k, segment) in template.iter().enumerate() {
            let Some(name) = param_name(segment) else {
                if segment.contains('{') {
                    return Err(format!(
                        "the path segment `{segment}` mixes text and parameters; the probe fills only whole segments"
                    ));
                }
                continue;
            };
            let source = sources.get(k).copied().flatten();
            let fallback = spec_value(self.openapi, &spec_params, name, "path");
            let mut next = Vec::new();
            for combo in &combos {
                let mut candidates = match source {
                    Some(source) => self.ids_from(source, name, combo),
                    None => Vec::new(),
                };
                if candidates.is_empty() {
                    candidates.extend(fallback.clone());
                }
                for value in candidates {
                    let mut extended = combo.clone();
                    extended.push((k, value));
                    next.push(extended);
                }
            }
            next.truncate(IDS_PER_OPERATION);
            if next.is_empty() {
                let from = match source.and_then(|s| api.operations.get(s.op)) {
                    Some(list) => format!("no id came back from `{}`", list.method_name),
                    None => "no list operation gives one".to_owned(),
                };
                return Err(format!(
                    "cannot fill path parameter `{name}`: {from}, and the spec gives no example, default or enum"
                ));
            }
            combos = next;
        }

        // Required query and header parameters, from the spec.
        let mut query = Vec::new();
        let mut headers = Vec::new();
        let params = op
            .params_type
            .and_then(|id| api.types.get(id))
            .and_then(|t| match &t.kind {
                TypeKind::Params(params) => Some(params.as_slice()),
                _ => None,
            })
            .unwrap_or_default();
        for p in params.iter().filter(|p| p.required) {
            let location = match p.location {
                ParamLocation::Query => "query",
                ParamLocation::QueryString => "querystring",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
                ParamLocation::Path => "path",
            };
            if p.location == ParamLocation::Header
                && self
                    .user_headers
                    .contains(&p.wire_name.to_ascii_lowercase())
            {
                continue;
            }
            if p.location == ParamLocation::Cookie {
                return Err(format!(
                    "required cookie parameter `{}`: the probe sends no cookies (nor does the client)",
                    p.wire_name
                ));
            }
            let Some(value) = spec_value(self.openapi, &spec_params, &p.wire_name, location) else {
                let hint = if p.location == ParamLocation::Header {
                    " (pass it with --header)"
                } else {
                    ""
                };
                return Err(format!(
                    "cannot fill required {location} parameter `{}`: the spec gives no example, default or enum{hint}",
                    p.wire_name
                ));
            };
            match p.location {
                ParamLocation::Header => headers.push((p.wire_name.clone(), value)),
                _ => {
                    if p.explode {
                        for part in value.split(',') {
                            query.push((p.wire_name.clone(), part.to_owned()));
                        }
                    } else {
                        query.push((p.wire_name.clone(), value.replace(',', p.delimiter)));
                    }
                }
            }
        }

        let mut requests = Vec::new();
        for values in combos {
            if self.planned >= self.max_requests {
                break;
            }
            let url = self.url(&template, &values, &query)?;
            let path = relative(&self.base, &url);
            requests.push(PlannedRequest {
                op: op_index,
                outgoing: Outgoing {
                    method,
                    url,
                    headers: headers.clone(),
                },
                path,
                values,
            });
            self.planned += 1;
        }
        if requests.is_empty() {
            return Err(format!(
                "the --max-requests limit ({}) was reached",
                self.max_requests
            ));
        }
        Ok(requests)
    }

    /// Distinct ids from the source's answers (agreeing with the values chosen so far when
    /// the source's path is the exact part before the parameter).
    fn ids_from(&self, source: Source, name: &str, chosen: &[(usize, String)]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for answer in self.answers.iter().filter(|a| a.op == source.op) {
            if source.exact && !answer.values.iter().all(|v| chosen.contains(v)) {
                continue;
            }
            for item in &answer.items {
                let value = item.get(name).or_else(|| item.get("id")).and_then(id_text);
                if let Some(value) = value {
                    if !out.contains(&value) {
                        out.push(value);
                    }
                }
                if out.len() >= IDS_PER_OPERATION {
                    return out;
                }
            }
        }
        out
    }

    fn url(
        &self,
        template: &[String],
        values: &[(usize, String)],
        query: &[(String, String)],
    ) -> Result<reqwest::Url, String> {
        let mut url = self.base.clone();
        {
            let mut path = url
                .path_segments_mut()
                .map_err(|()| format!("the base URL `{}` cannot take a path", self.base))?;
            path.pop_if_empty();
            for (k, segment) in template.iter().enumerate() {
                match values.iter().find(|(i, _)| *i == k) {
                    Some((_, value)) => path.push(value),
                    None => path.push(segment),
                };
            }
        }
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }
}

/// `/cities/{id}/centers` → `["cities", "{id}", "centers"]`.
fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `{id}` → `id`.
fn param_name(segment: &str) -> Option<&str> {
    segment
        .strip_prefix('{')?
        .strip_suffix('}')
        .filter(|name| !name.contains(['{', '}']))
}

/// Same literals in the same places, parameters in the same places (names may differ).
fn aligned(a: &[String], b: &[String]) -> bool {
    a.iter()
        .zip(b)
        .all(|(x, y)| match (param_name(x), param_name(y)) {
            (Some(_), Some(_)) => true,
            (None, None) => x == y,
            _ => false,
        })
}

/// The URL's path and query below the base URL's path.
fn relative(base: &reqwest::Url, url: &reqwest::Url) -> String {
    let base_path = base.path().trim_end_matches('/');
    let path = url.path();
    let mut out = path.strip_prefix(base_path).unwrap_or(path).to_owned();
    if let Some(query) = url.query() {
        out.push('?');
        out.push_str(query);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_templates_ignore_parameter_names() {
        let a = segments("/cities/{cityId}/centers");
        let b = segments("/cities/{id}/centers/{centerId}");
        assert!(aligned(&a, b.get(..3).unwrap()));
        assert!(!aligned(&segments("/cities/x"), &segments("/cities/{id}")));
    }
}
