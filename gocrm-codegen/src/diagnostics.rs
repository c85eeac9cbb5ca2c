//! Problems found in a spec, each pinned to a file and a JSON pointer.

use std::fmt;

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The generator fell back (for example to `serde_json::Value`); an error under `--strict`.
    Warning,
    /// The spec cannot be used.
    Error,
}

/// One problem in a spec: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the spec came from (or the name given to `load_str`).
    pub file: String,
    /// A JSON pointer into the document as written, e.g. `#/paths/~1firms/get`.
    pub pointer: String,
    /// One line saying what is wrong and, for a warning, what was done instead.
    pub message: String,
}

impl Diagnostic {
    pub fn error(
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    pub fn warning(
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            file: file.into(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(
            f,
            "{level}: {}: {}: {}",
            self.file, self.pointer, self.message
        )
    }
}

/// Escapes one JSON-pointer segment (RFC 6901): `~` → `~0`, `/` → `~1`.
pub fn escape_pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Builds `#/a/b~1c` from raw segments.
pub fn pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::from("#");
    for s in segments {
        out.push('/');
        out.push_str(&escape_pointer_segment(s.as_ref()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slashes_and_tildes() {
        assert_eq!(
            pointer(["paths", "/firms/{id}", "get"]),
            "#/paths/~1firms~1{id}/get"
        );
        assert_eq!(pointer(["a~b"]), "#/a~0b");
        assert_eq!(pointer(Vec::<&str>::new()), "#");
    }

    #[test]
    fn display_names_file_and_pointer() {
        let d = Diagnostic::error("spec.json", "#/paths", "bad");
        assert_eq!(d.to_string(), "error: spec.json: #/paths: bad");
    }
}
