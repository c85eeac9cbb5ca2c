//! Checks made on the document as the user wrote it, so every pointer in a
//! diagnostic leads to the user's own text: references (dangling, external,
//! pure-reference cycles), path templates against path parameters, and
//! duplicate operation ids.
//!
//! Recursive schemas (a `Node` whose `children` are `Node`s) are fine: only a
//! chain of references with no schema between them is a cycle.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::location::{Loc, MAX_DEPTH};
use super::refs::{alias_of, find_refs, resolve, RefSite, Target};
use super::report::Reporter;
use super::walk::METHODS;

/// Runs every check on the original document.
pub(crate) fn check_document(root: &Value, swagger2: bool, reporter: &mut Reporter) {
    check_refs(root, swagger2, reporter);
    check_paths(root, reporter);
}

fn check_refs(root: &Value, swagger2: bool, reporter: &mut Reporter) {
    let walk = find_refs(root, swagger2);
    if let Some(pointer) = walk.too_deep_at {
        reporter.error_at(
            pointer,
            format!("the document nests deeper than {MAX_DEPTH} levels"),
        );
    }
    for site in &walk.sites {
        check_ref_target(root, site, reporter);
    }
    check_alias_cycles(root, &walk.sites, reporter);
}

/// After conversion every reference must still resolve: a target inside
/// something that was dropped (`$defs`) or moved (2.0 `#/paths/...`) would
/// otherwise surface as a confusing failure in a later stage.
pub(crate) fn check_converted_refs(
    converted: &Value,
    original_missing: &HashSet<String>,
    reporter: &mut Reporter,
) {
    for site in find_refs(converted, false).sites {
        if let Target::Missing = resolve(converted, site.reference) {
            // Dangling in the original too: already reported there, with the user's pointer.
            if original_missing.contains(site.reference) {
                continue;
            }
            reporter.warn_at(
                site.pointer,
                format!(
                    "`$ref` `{}` does not resolve once the document is converted to OpenAPI 3.0 (its target was dropped or moved); any value is accepted in its place",
                    site.reference
                ),
            );
        }
    }
}

/// The references of the original document whose target does not exist, as they read after
/// conversion (Swagger 2.0 `#/definitions/X` → `#/components/schemas/X`).
pub(crate) fn missing_refs(root: &Value, swagger2: bool) -> HashSet<String> {
    find_refs(root, swagger2)
        .sites
        .iter()
        .filter(|site| matches!(resolve(root, site.reference), Target::Missing))
        .map(|site| {
            let r = site.reference;
            if swagger2 {
                r.replacen("#/definitions/", "#/components/schemas/", 1)
                    .replacen("#/parameters/", "#/components/parameters/", 1)
                    .replacen("#/responses/", "#/components/responses/", 1)
            } else {
                r.to_owned()
            }
        })
        .collect()
}

fn check_ref_target(root: &Value, site: &RefSite<'_>, reporter: &mut Reporter) {
    let reference = site.reference;
    let problem = match resolve(root, reference) {
        Target::Found(_) => return,
        Target::Missing => {
            // Real documents ship with these (temporal-v2); generate anyway, loudly.
            reporter.warn_at(
                site.pointer.clone(),
                format!(
                    "`$ref` target `{reference}` does not exist in this document; {}",
                    missing_target_fallback(reference)
                ),
            );
            return;
        }
        // A security scheme is only a credential: `ir::security` skips a referenced one
        // with a warning, so the rest of the document is still usable.
        Target::External if is_security_scheme_ref(&site.pointer) => return,
        Target::External => {
            format!("external $ref not supported: `{reference}`; bundle the referenced file into this document")
        }
        Target::NotAPointer => {
            format!(
                "`$ref` `{reference}` is not a JSON pointer (`#/...`); anchors are not supported"
            )
        }
    };
    reporter.error_at(site.pointer.clone(), problem);
}

/// `#/components/securitySchemes/<name>/$ref`.
fn is_security_scheme_ref(pointer: &str) -> bool {
    pointer
        .strip_prefix("#/components/securitySchemes/")
        .and_then(|rest| rest.strip_suffix("/$ref"))
        .is_some_and(|name| !name.contains('/'))
}

/// What the generator does in place of a `$ref` whose target is missing, told by where the
/// reference points (the IR falls back silently for these: this is the one diagnostic).
fn missing_target_fallback(reference: &str) -> &'static str {
    let kind = reference
        .strip_prefix("#/components/")
        .or_else(|| reference.strip_prefix("#/"))
        .and_then(|rest| rest.split('/').next());
    match kind {
        Some("parameters") => "the parameter is left out",
        Some("requestBodies") => "the request body is left out",
        Some("responses") => "the response body is returned as bytes",
        _ => "any value (serde_json::Value) is accepted in its place",
    }
}

/// Reports each cycle of references that point only at other references
/// (`A: {$ref: B}`, `B: {$ref: A}`): they describe no value at all.
fn check_alias_cycles(root: &Value, sites: &[RefSite<'_>], reporter: &mut Reporter) {
    let mut settled: HashSet<&str> = HashSet::new();
    for site in sites {
        if let Some(cycle) = alias_cycle_from(root, site.reference, &mut settled) {
            let first = cycle.first().copied().unwrap_or(site.reference);
            let chain: Vec<&str> = cycle
                .iter()
                .copied()
                .chain(std::iter::once(first))
                .collect();
            reporter.error_at(
                format!("{first}/$ref"),
                format!(
                    "`$ref` cycle with no schema in between: {}",
                    chain.join(" → ")
                ),
            );
        }
    }
}

/// Follows the chain of pure references from `start`. Returns the references
/// forming a cycle the first time one is found; every reference it passes is
/// marked settled so each chain is followed once.
fn alias_cycle_from<'v>(
    root: &'v Value,
    start: &'v str,
    settled: &mut HashSet<&'v str>,
) -> Option<Vec<&'v str>> {
    let mut chain: Vec<&'v str> = Vec::new();
    let mut position: HashMap<&'v str, usize> = HashMap::new();
    let mut current = start;
    loop {
        if settled.contains(current) {
            break;
        }
        if let Some(&index) = position.get(current) {
            settled.extend(chain.iter().copied());
            return Some(chain.get(index..).map(<[&str]>::to_vec).unwrap_or_default());
        }
        position.insert(current, chain.len());
        chain.push(current);
        let next = match resolve(root, current) {
            Target::Found(target) => alias_of(target),
            _ => None,
        };
        match next {
            Some(next) => current = next,
            None => break,
        }
    }
    settled.extend(chain);
    None
}

/// Path templates against `in: path` parameters, and duplicate operation ids.
fn check_paths(root: &Value, reporter: &mut Reporter) {
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return;
    };
    let paths_at = Loc::ROOT.key("paths");
    let mut operation_ids: HashMap<&str, String> = HashMap::new();
    for (template, item) in paths.iter().filter(|(key, _)| !key.starts_with("x-")) {
        let item_at = paths_at.key(template);
        if !template.starts_with('/') {
            reporter.warn(
                &item_at,
                format!("path `{template}` does not start with `/`; it is ignored"),
            );
            continue;
        }
        let Some(item) = item.as_object().filter(|item| !item.contains_key("$ref")) else {
            continue;
        };
        check_path_item(root, template, item, &item_at, reporter);
        for (group, method, operation) in operations_of(item, is_oas32(root)) {
            let group_at;
            let operation_at = match group {
                Some(group) => {
                    group_at = item_at.key(group);
                    group_at.key(method)
                }
                None => item_at.key(method),
            };
            if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
                check_operation_id(id, &operation_at, &mut operation_ids, reporter);
            }
            if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
                check_status_codes(responses, &operation_at.key("responses"), reporter);
            }
        }
    }
}

/// The model keeps only `default`, `NNN` and `NXX` responses and would drop
/// anything else without a word.
fn check_status_codes(responses: &Map<String, Value>, at: &Loc<'_>, reporter: &mut Reporter) {
    for code in responses
        .keys()
        .filter(|code| !code.starts_with("x-") && *code != "default")
    {
        if !is_status_code(code) {
            reporter.warn(
                &at.key(code),
                format!(
                    "`{code}` is not a status code (like `200` or `4XX`); the response is ignored"
                ),
            );
        }
    }
}

/// What `openapiv3::StatusCode` accepts: `100`–`999`, or a digit and `XX`.
fn is_status_code(code: &str) -> bool {
    match code.as_bytes() {
        [b'1'..=b'9', rest @ ..] if rest.len() == 2 => {
            rest.iter().all(u8::is_ascii_digit) || rest.eq_ignore_ascii_case(b"XX")
        }
        [b'0', rest @ ..] if rest.len() == 2 => rest.eq_ignore_ascii_case(b"XX"),
        _ => false,
    }
}

/// Whether the document is OpenAPI 3.2, whose path items have more operations.
fn is_oas32(root: &Value) -> bool {
    root.get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|version| version.trim().starts_with("3.2"))
}

/// The operations of a path item as written: `(None, method, operation)` for the 3.0
/// methods (and 3.2 `query`), `(Some("additionalOperations"), method, operation)` for 3.2's
/// other methods.
fn operations_of(
    item: &Map<String, Value>,
    oas32: bool,
) -> Vec<(Option<&'static str>, &str, &Value)> {
    let mut out: Vec<(Option<&'static str>, &str, &Value)> = item
        .iter()
        .filter(|(key, _)| METHODS.contains(&key.as_str()) || (oas32 && *key == "query"))
        .map(|(key, operation)| (None, key.as_str(), operation))
        .collect();
    if let Some(Value::Object(additional)) = item.get("additionalOperations").filter(|_| oas32) {
        out.extend(
            additional
                .iter()
                .map(|(key, operation)| (Some("additionalOperations"), key.as_str(), operation)),
        );
    }
    out
}

fn check_operation_id<'v>(
    id: &'v str,
    operation_at: &Loc<'_>,
    seen: &mut HashMap<&'v str, String>,
    reporter: &mut Reporter,
) {
    let pointer = operation_at.key("operationId").pointer();
    match seen.get(id) {
        Some(first) => {
            reporter.warn_at(
                pointer,
                format!("operationId `{id}` is already used at {first}"),
            );
        }
        None => {
            seen.insert(id, operation_at.pointer());
        }
    }
}

/// A declared `in: path` parameter: its name and where it is declared.
struct PathParameter<'v> {
    name: &'v str,
    pointer: String,
}

fn check_path_item(
    root: &Value,
    template: &str,
    item: &Map<String, Value>,
    at: &Loc<'_>,
    reporter: &mut Reporter,
) {
    let names = template_names(template);
    let shared = path_parameters(root, item.get("parameters"), &at.key("parameters"));
    for declared in shared.iter().filter(|p| !names.contains(&p.name)) {
        reporter.warn_at(
            declared.pointer.clone(),
            undeclared_in_template(declared.name, template),
        );
    }
    for (group, method, operation) in operations_of(item, is_oas32(root)) {
        let group_at;
        let operation_at = match group {
            Some(group) => {
                group_at = at.key(group);
                group_at.key(method)
            }
            None => at.key(method),
        };
        let own = path_parameters(
            root,
            operation.get("parameters"),
            &operation_at.key("parameters"),
        );
        for declared in own.iter().filter(|p| !names.contains(&p.name)) {
            reporter.warn_at(
                declared.pointer.clone(),
                undeclared_in_template(declared.name, template),
            );
        }
        for name in &names {
            if !shared.iter().chain(&own).any(|p| p.name == *name) {
                reporter.warn(
                    &operation_at,
                    format!("path template `{template}` uses `{{{name}}}` but no `in: path` parameter `{name}` is declared"),
                );
            }
        }
    }
}

fn undeclared_in_template(name: &str, template: &str) -> String {
    format!("path parameter `{name}` does not appear in the path template `{template}`")
}

/// The `{name}`s of a path template, in order.
fn template_names(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or("");
        let Some(close) = after.find('}') else { break };
        names.push(after.get(..close).unwrap_or(""));
        rest = after.get(close + 1..).unwrap_or("");
    }
    names
}

/// The `in: path` parameters of a parameter list, following `$ref`s.
fn path_parameters<'v>(
    root: &'v Value,
    list: Option<&'v Value>,
    at: &Loc<'_>,
) -> Vec<PathParameter<'v>> {
    let Some(list) = list.and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .enumerate()
        .filter_map(|(index, parameter)| {
            let parameter = follow_refs(root, parameter)?;
            (parameter.get("in").and_then(Value::as_str) == Some("path")).then_some(())?;
            let name = parameter.get("name").and_then(Value::as_str)?;
            Some(PathParameter {
                name,
                pointer: at.index(index).pointer(),
            })
        })
        .collect()
}

/// The object a value stands for once its `$ref`s are followed (bounded).
fn follow_refs<'v>(root: &'v Value, mut value: &'v Value) -> Option<&'v Value> {
    for _ in 0..MAX_DEPTH {
        match alias_of(value) {
            None => return Some(value),
            Some(reference) => match resolve(root, reference) {
                Target::Found(target) => value = target,
                _ => return None,
            },
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes() {
        assert!(is_status_code("200") && is_status_code("4XX") && is_status_code("5xx"));
        assert!(!is_status_code("20") && !is_status_code("2X0") && !is_status_code("200 OK"));
    }

    #[test]
    fn template_names_are_found() {
        assert_eq!(template_names("/a/{id}/b/{other}.json"), ["id", "other"]);
        assert_eq!(template_names("/a/{broken"), Vec::<&str>::new());
    }
}
