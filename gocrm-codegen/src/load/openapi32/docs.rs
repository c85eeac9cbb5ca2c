//! OpenAPI 3.2 members that only document: moved to the place the 3.0 model has for them,
//! or dropped with a warning naming them.

use serde_json::{Map, Value};

use crate::load::location::Loc;
use crate::load::report::Reporter;

/// Root-level members: `$self`, tags, servers, security schemes and example components.
pub(super) fn root(root: &mut Map<String, Value>, reporter: &mut Reporter) {
    if root.shift_remove("$self").is_some() {
        reporter.warn(
            &Loc::ROOT.key("$self"),
            "`$self` (the document's own URI) is not in OpenAPI 3.0; dropped (only references within the document are followed)",
        );
    }
    let tags_at = Loc::ROOT.key("tags");
    if let Some(Value::Array(tags)) = root.get_mut("tags") {
        for (index, tag) in tags.iter_mut().enumerate() {
            if let Value::Object(tag) = tag {
                self::tag(tag, &tags_at.index(index), reporter);
            }
        }
    }
    servers(root, &Loc::ROOT, reporter);
    let components_at = Loc::ROOT.key("components");
    let Some(Value::Object(components)) = root.get_mut("components") else {
        return;
    };
    let schemes_at = components_at.key("securitySchemes");
    if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
        for (name, scheme) in schemes.iter_mut() {
            if let Value::Object(scheme) = scheme {
                security_scheme(scheme, &schemes_at.key(name), reporter);
            }
        }
    }
    let examples_at = components_at.key("examples");
    if let Some(Value::Object(examples)) = components.get_mut("examples") {
        for (name, example_value) in examples.iter_mut() {
            if let Value::Object(example_value) = example_value {
                example(example_value, &examples_at.key(name), reporter);
            }
        }
    }
}

/// Tag `summary` → its missing `description`; `parent` and `kind` have no place.
fn tag(tag: &mut Map<String, Value>, at: &Loc<'_>, reporter: &mut Reporter) {
    summary_to_description(tag, at, "tag", reporter);
    for keyword in ["parent", "kind"] {
        if tag.shift_remove(keyword).is_some() {
            reporter.warn(
                &at.key(keyword),
                format!("tag `{keyword}` is not in OpenAPI 3.0; dropped (tags only document)"),
            );
        }
    }
}

/// Server `name` → its missing `description`, in `servers` of the object given.
pub(super) fn servers(owner: &mut Map<String, Value>, at: &Loc<'_>, reporter: &mut Reporter) {
    let servers_at = at.key("servers");
    let Some(Value::Array(servers)) = owner.get_mut("servers") else {
        return;
    };
    for (index, server) in servers.iter_mut().enumerate() {
        let Value::Object(server) = server else {
            continue;
        };
        let server_at = servers_at.index(index);
        match server.shift_remove("name") {
            Some(Value::String(name)) if !server.contains_key("description") => {
                server.insert("description".to_owned(), Value::String(name));
            }
            Some(_) => reporter.warn(
                &server_at.key("name"),
                "server `name` is not in OpenAPI 3.0 and the server has a `description`; dropped",
            ),
            None => {}
        }
    }
}

/// `deprecated` and `oauth2MetadataUrl` are said in the scheme's description (the generated
/// credential's documentation); the `deviceAuthorization` flow needs nothing: the client
/// sends the token the caller obtained, whichever flow that was.
fn security_scheme(scheme: &mut Map<String, Value>, at: &Loc<'_>, reporter: &mut Reporter) {
    let mut notes = Vec::new();
    if scheme.shift_remove("deprecated") == Some(Value::Bool(true)) {
        notes.push("Deprecated.".to_owned());
    }
    match scheme.shift_remove("oauth2MetadataUrl") {
        Some(Value::String(url)) => {
            notes.push(format!("OAuth 2.0 authorization server metadata: <{url}>"))
        }
        Some(_) => reporter.warn(
            &at.key("oauth2MetadataUrl"),
            "`oauth2MetadataUrl` must be a string; dropped",
        ),
        None => {}
    }
    if let Some(Value::Object(flows)) = scheme.get_mut("flows") {
        // Not a 3.0 flow; the model ignores it, and the credential is the same bearer token.
        flows.shift_remove("deviceAuthorization");
    }
    if notes.is_empty() {
        return;
    }
    let description = match scheme.get("description").and_then(Value::as_str) {
        Some(text) if !text.trim().is_empty() => format!("{}\n\n{text}", notes.join("\n\n")),
        _ => notes.join("\n\n"),
    };
    scheme.insert("description".to_owned(), Value::String(description));
}

/// Response `summary` → its `description` (optional in 3.2, required by the 3.0 model).
pub(super) fn response(response: &mut Map<String, Value>, at: &Loc<'_>, reporter: &mut Reporter) {
    summary_to_description(response, at, "response", reporter);
    response
        .entry("description")
        .or_insert_with(|| Value::String(String::new()));
}

/// `summary` becomes a missing `description`, or is dropped with a warning.
fn summary_to_description(
    object: &mut Map<String, Value>,
    at: &Loc<'_>,
    what: &str,
    reporter: &mut Reporter,
) {
    match object.shift_remove("summary") {
        Some(Value::String(summary)) if !object.contains_key("description") => {
            object.insert("description".to_owned(), Value::String(summary));
        }
        Some(_) => reporter.warn(
            &at.key("summary"),
            format!("{what} `summary` is not in OpenAPI 3.0 and the {what} has a `description`; dropped"),
        ),
        None => {}
    }
}

/// The Example objects in `examples` of a media type, parameter or header.
pub(super) fn examples(owner: &mut Map<String, Value>, at: &Loc<'_>, reporter: &mut Reporter) {
    let examples_at = at.key("examples");
    let Some(Value::Object(examples)) = owner.get_mut("examples") else {
        return;
    };
    for (name, example_value) in examples.iter_mut() {
        if let Value::Object(example_value) = example_value {
            example(example_value, &examples_at.key(name), reporter);
        }
    }
}

/// `dataValue` is what `value` was (the data, before serialization): it takes its place and so
/// feeds the example tests and the mock. `serializedValue` (the value as sent on the wire) is
/// dropped: beside a data form it adds nothing, and alone it would need parsing per media
/// type (with a warning then).
fn example(example: &mut Map<String, Value>, at: &Loc<'_>, reporter: &mut Reporter) {
    if example.contains_key("$ref") {
        return;
    }
    if let Some(data) = example.shift_remove("dataValue") {
        if example.contains_key("value") {
            reporter.warn(
                &at.key("dataValue"),
                "`dataValue` next to `value` (the spec forbids both); `value` is used",
            );
        } else {
            example.insert("value".to_owned(), data);
        }
    }
    let alone = !example.contains_key("value") && !example.contains_key("externalValue");
    if example.shift_remove("serializedValue").is_some() && alone {
        reporter.warn(
            &at.key("serializedValue"),
            "`serializedValue` without `dataValue` is not used as an example (its data form is unknown); dropped",
        );
    }
}
