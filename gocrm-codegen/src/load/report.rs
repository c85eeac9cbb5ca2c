//! Collects the diagnostics of one load, each pinned to a file and a pointer.

use serde_json::Value;

use super::location::Loc;
use crate::diagnostics::{Diagnostic, Severity};

/// The diagnostics found so far while loading one file.
#[derive(Debug)]
pub(crate) struct Reporter {
    file: String,
    diagnostics: Vec<Diagnostic>,
}

impl Reporter {
    pub(crate) fn new(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn file(&self) -> &str {
        &self.file
    }

    /// Something was converted with loss or looks wrong; loading goes on.
    pub(crate) fn warn(&mut self, at: &Loc<'_>, message: impl Into<String>) {
        self.warn_at(at.pointer(), message);
    }

    /// Like [`Reporter::warn`] with an already rendered pointer.
    pub(crate) fn warn_at(&mut self, pointer: String, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(&self.file, pointer, message));
    }

    /// The document cannot be used; loading may go on to find more problems.
    pub(crate) fn error(&mut self, at: &Loc<'_>, message: impl Into<String>) {
        self.error_at(at.pointer(), message);
    }

    /// Like [`Reporter::error`] with an already rendered pointer.
    pub(crate) fn error_at(&mut self, pointer: String, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(&self.file, pointer, message));
    }

    /// How many diagnostics there are so far.
    pub(crate) fn len(&self) -> usize {
        self.diagnostics.len()
    }

    /// Rewrites the diagnostics from index `from` on.
    pub(crate) fn map_from(&mut self, from: usize, map: impl Fn(&mut Diagnostic)) {
        for diagnostic in self.diagnostics.iter_mut().skip(from) {
            map(diagnostic);
        }
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Records that a value had the wrong JSON type, e.g. "`paths` must be an object, found an array".
    pub(crate) fn wrong_type(&mut self, at: &Loc<'_>, what: &str, expected: &str, found: &Value) {
        self.error(
            at,
            format!("{what} must be {expected}, found {}", describe(found)),
        );
    }

    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// Names a value's JSON type for a message: "a string", "the number 2", "an array".
pub(crate) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {}", quoted(s)),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// Quotes a string for a message, shortening very long ones.
fn quoted(s: &str) -> String {
    const LIMIT: usize = 60;
    if s.chars().count() <= LIMIT {
        return format!("{s:?}");
    }
    let head: String = s.chars().take(LIMIT).collect();
    format!("{head:?}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn describes_values() {
        assert_eq!(describe(&json!(2)), "the number 2");
        assert_eq!(describe(&json!("x")), "the string \"x\"");
        assert_eq!(describe(&json!([])), "an array");
    }
}
