//! Stage 1: read a document (JSON or YAML; Swagger 2.0, OpenAPI 3.0 or 3.1) and
//! turn it into one OpenAPI 3.0 model.
//!
//! CONTRACT (used by `ir`, the CLI and the xtask — keep these signatures):
//! `load_path`, `load_str`, `LoadedSpec`, `SourceVersion`, `LoadError`.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Which dialect the document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceVersion {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

/// A loaded document, converted to OpenAPI 3.0.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub openapi: openapiv3::OpenAPI,
    /// The file name (or the name given to [`load_str`]) used in diagnostics.
    pub file: String,
    /// Lower-case hex SHA-256 of the document's bytes as read.
    pub sha256: String,
    pub source_version: SourceVersion,
    /// Constructs that were converted with loss or are suspicious.
    pub warnings: Vec<Diagnostic>,
}

/// The document could not be loaded. Holds at least one error diagnostic.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", render(.diagnostics))]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

/// Reads and converts the document at `path`.
pub fn load_path(path: &Path) -> Result<LoadedSpec, LoadError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        diagnostics: vec![Diagnostic::error(&file, "#", format!("cannot read the file: {e}"))],
    })?;
    load_bytes(&bytes, &file)
}

/// Converts a document held in memory; `file` names it in diagnostics.
pub fn load_str(text: &str, file: &str) -> Result<LoadedSpec, LoadError> {
    load_bytes(text.as_bytes(), file)
}

/// Converts a document held in memory as bytes.
pub fn load_bytes(_bytes: &[u8], _file: &str) -> Result<LoadedSpec, LoadError> {
    todo!("loader: being written")
}
