//! Which dialect a document is written in, read from its root object.
//!
//! The version fields are checked strictly: `swagger: 2.0` unquoted in YAML is a
//! number, and saying so is more helpful than failing later in the conversion.

use serde_json::Value;

use super::report::describe;
use super::SourceVersion;

/// Where the problem is and what it is.
pub(crate) type DetectError = (&'static str, String);

/// Reads `openapi` / `swagger` from the root.
pub(crate) fn source_version(root: &Value) -> Result<SourceVersion, DetectError> {
    let Some(root) = root.as_object() else {
        return Err((
            "#",
            format!(
                "the document root is {}; an OpenAPI document is an object with `openapi` or `swagger` at the top",
                describe(root)
            ),
        ));
    };
    if let Some(openapi) = root.get("openapi") {
        return openapi_version(openapi).map_err(|message| ("#/openapi", message));
    }
    if let Some(swagger) = root.get("swagger") {
        return swagger_version(swagger).map_err(|message| ("#/swagger", message));
    }
    Err((
        "#",
        "neither `openapi` nor `swagger` is set at the top of the document; this is not an OpenAPI or Swagger document"
            .to_owned(),
    ))
}

fn openapi_version(value: &Value) -> Result<SourceVersion, String> {
    match value {
        Value::String(version) if is_version_line(version, "3.0") => Ok(SourceVersion::OpenApi30),
        Value::String(version) if is_version_line(version, "3.1") => Ok(SourceVersion::OpenApi31),
        Value::String(version) if is_version_line(version, "3.2") => Ok(SourceVersion::OpenApi32),
        Value::String(version) => Err(format!(
            "`openapi` is {version:?}; supported are OpenAPI 3.0.x, 3.1.x, 3.2.x and Swagger \"2.0\""
        )),
        Value::Number(n) => Err(format!(
            "`openapi` is the number {n}; write a string such as \"3.0.3\""
        )),
        other => Err(format!(
            "`openapi` must be a version string such as \"3.0.3\", found {}",
            describe(other)
        )),
    }
}

fn swagger_version(value: &Value) -> Result<SourceVersion, String> {
    match value {
        Value::String(version) if version == "2.0" => Ok(SourceVersion::Swagger2),
        Value::String(version) => Err(format!(
            "`swagger` is {version:?}; only Swagger \"2.0\" is supported"
        )),
        Value::Number(n) => Err(format!(
            "`swagger` is the number {n}; write the string \"2.0\""
        )),
        other => Err(format!(
            "`swagger` must be the string \"2.0\", found {}",
            describe(other)
        )),
    }
}

/// `3.0`, `3.0.3`, `3.0.3-rc1` are on the `3.0` line; `3.01` is not.
fn is_version_line(version: &str, line: &str) -> bool {
    match version.trim().strip_prefix(line) {
        Some(rest) => rest.is_empty() || rest.starts_with('.'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions() {
        assert_eq!(
            source_version(&json!({"swagger": "2.0"})),
            Ok(SourceVersion::Swagger2)
        );
        assert_eq!(
            source_version(&json!({"openapi": "3.0.3"})),
            Ok(SourceVersion::OpenApi30)
        );
        assert_eq!(
            source_version(&json!({"openapi": "3.1.0"})),
            Ok(SourceVersion::OpenApi31)
        );
        assert_eq!(
            source_version(&json!({"openapi": "3.2.0"})),
            Ok(SourceVersion::OpenApi32)
        );
        assert!(source_version(&json!({"openapi": "3.10.0"})).is_err());
        assert!(source_version(&json!({"openapi": "3.20.0"})).is_err());
        assert!(source_version(&json!({"openapi": "4.0"})).is_err());
        let (pointer, message) = source_version(&json!({"swagger": 2})).unwrap_err();
        assert_eq!(pointer, "#/swagger");
        assert_eq!(
            message,
            "`swagger` is the number 2; write the string \"2.0\""
        );
    }
}
