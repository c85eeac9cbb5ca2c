//! Stage 1: read a document (JSON or YAML; Swagger 2.0, OpenAPI 3.0, 3.1 or 3.2) and
//! turn it into one OpenAPI 3.0 model.
//!
//! CONTRACT (used by `ir`, the CLI and the xtask — keep these signatures):
//! `load_path`, `load_str`, `LoadedSpec`, `SourceVersion`, `LoadError`.
//!
//! The pipeline works on `serde_json::Value` until the very end, because the
//! dialects differ in shape and only 3.0 has a typed model (`openapiv3`):
//!
//! 1. `parse` — bytes → value; JSON or YAML told apart by content (`yaml`
//!    reads YAML keys as text so `200:` works).
//! 2. `detect` — which dialect, from `openapi` / `swagger` at the root;
//!    `lenient` fixes slips with one obvious meaning (with a warning).
//! 3. `validate` — references, path templates, status codes and operation
//!    ids, checked on the document as written so pointers lead to the user's
//!    text.
//! 4. `swagger2` converts 2.0 to 3.0; `openapi31` normalises 3.1 to 3.0;
//!    `openapi32` rewrites what is new in 3.2 (into `x-gocrm-*` extensions where
//!    the 3.0 model has no field: see `walk`) and then normalises as 3.1;
//!    3.0 passes through. References are checked again after conversion.
//! 5. `model` — value → `openapiv3::OpenAPI`, failures with a pointer.
//!
//! Shared pieces: `location` (cheap JSON pointers during walks), `report`
//! (collecting diagnostics), `refs` (finding and resolving `$ref`s),
//! `walk` (every schema position of a 3.x document) and `subschemas`
//! (every schema inside a schema).
//!
//! Nothing here panics or hangs on input: both parsers cap nesting at 128
//! levels (a cheap scan refuses absurd bracket nesting before libyaml, whose
//! cost grows with depth, sees it), every recursive walk stops at
//! `location::MAX_DEPTH`, schemas are checked one at a time before
//! `openapiv3` (whose failure path is exponential in nesting) sees them, and
//! the pipeline runs on a thread with a large stack whose panics (from a
//! dependency, say) become an error diagnostic instead of a crash.

mod detect;
mod lenient;
mod location;
mod model;
mod openapi31;
mod openapi32;
mod parse;
mod refs;
mod report;
mod subschemas;
mod swagger2;
mod validate;
mod walk;
mod yaml;

pub use walk::{EXTRA_OPERATIONS, ITEM_SCHEMA, QUERYSTRING};

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::locate::Converted;

/// Which dialect the document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceVersion {
    Swagger2,
    OpenApi30,
    OpenApi31,
    OpenApi32,
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
    /// A Swagger 2.0 document as written, to point diagnostics at the user's own text
    /// ([`LoadedSpec::source_pointer`]); `None` for OpenAPI 3.x (normalised in place).
    pub(crate) source: Option<std::sync::Arc<serde_json::Value>>,
}

impl LoadedSpec {
    /// A pointer into the converted OpenAPI 3.0 document (`openapi`), as it reads in the
    /// document the user wrote: for Swagger 2.0 `#/components/schemas/X` is
    /// `#/definitions/X`, `…/responses/200/content/application~1json/schema` is
    /// `…/responses/200/schema`, a `requestBody` is the `in: body` parameter. A place the
    /// conversion made up is cut back to the nearest part that exists in the source.
    /// OpenAPI 3.x pointers are returned as they are.
    pub fn source_pointer(&self, converted: &str) -> String {
        match &self.source {
            Some(source) => crate::locate::Locator::new(
                source,
                true,
                crate::locate::Converted::Model(&self.openapi),
            )
            .schema(converted),
            None => converted.to_owned(),
        }
    }

    /// A diagnostic made on the converted document, as the user's document reads: its
    /// pointer through [`LoadedSpec::source_pointer`], and for Swagger 2.0 the references its
    /// message quotes as 2.0 writes them (`#/definitions/X`, not `#/components/schemas/X`).
    pub fn in_source(&self, diagnostic: Diagnostic) -> Diagnostic {
        if self.source.is_none() {
            return diagnostic;
        }
        Diagnostic {
            pointer: self.source_pointer(&diagnostic.pointer),
            message: crate::locate::swagger2_references(&diagnostic.message),
            ..diagnostic
        }
    }
}

/// The document could not be loaded. Holds at least one error diagnostic.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", render(.diagnostics))]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads and converts the document at `path`.
pub fn load_path(path: &Path) -> Result<LoadedSpec, LoadError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        diagnostics: vec![Diagnostic::error(
            &file,
            "#",
            format!("cannot read the file: {e}"),
        )],
    })?;
    load_bytes(&bytes, &file)
}

/// Converts a document held in memory; `file` names it in diagnostics.
pub fn load_str(text: &str, file: &str) -> Result<LoadedSpec, LoadError> {
    load_bytes(text.as_bytes(), file)
}

/// Converts a document held in memory as bytes.
pub fn load_bytes(bytes: &[u8], file: &str) -> Result<LoadedSpec, LoadError> {
    match on_loader_thread(|| load_document(bytes, file)) {
        Ok(result) => result,
        Err(problem) => Err(single_error(file, "#", problem)),
    }
}

/// The document as written (JSON or YAML, told apart by content), before any conversion or
/// check: for tools that point into the user's own text (`diff` maps its pointers with it).
pub fn parse_source(bytes: &[u8]) -> Result<serde_json::Value, String> {
    parse::parse_document(bytes)
}

/// Stack for the loader thread. Deserializing a deeply nested document into
/// `openapiv3` (flattened, untagged enums) takes far more stack per level
/// than the 2 MiB a test or build-script thread may have; the memory is only
/// reserved, not used, unless a document needs it.
pub(crate) const LOADER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Runs `work` on a thread with [`LOADER_STACK_BYTES`] of stack; a panic
/// becomes an error message rather than unwinding into the caller.
fn on_loader_thread<T: Send>(work: impl FnOnce() -> T + Send) -> Result<T, String> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("gocrm-load".to_owned())
            .stack_size(LOADER_STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|e| format!("cannot start the loader thread: {e}"))?;
        handle
            .join()
            .map_err(|_| "internal error: the loader crashed on this document; please report it with the document".to_owned())
    })
}

/// The whole pipeline, on the loader thread.
fn load_document(bytes: &[u8], file: &str) -> Result<LoadedSpec, LoadError> {
    let sha256 = sha256_hex(bytes);
    let mut document =
        parse::parse_document(bytes).map_err(|message| single_error(file, "#", message))?;
    let source_version = detect::source_version(&document)
        .map_err(|(pointer, message)| single_error(file, pointer, message))?;
    let mut reporter = report::Reporter::new(file);
    lenient::quote_numeric_info_version(&mut document, &mut reporter);
    validate::check_document(
        &document,
        source_version == SourceVersion::Swagger2,
        &mut reporter,
    );
    let original_missing =
        validate::missing_refs(&document, source_version == SourceVersion::Swagger2);
    // `source`: the 2.0 document as written, kept to point diagnostics at the user's text.
    let (converted, source) = match source_version {
        SourceVersion::Swagger2 => (swagger2::convert(&document, &mut reporter), Some(document)),
        SourceVersion::OpenApi30 => (document, None),
        SourceVersion::OpenApi31 => (openapi31::normalise(document, &mut reporter), None),
        SourceVersion::OpenApi32 => (openapi32::normalise(document, &mut reporter), None),
    };
    if reporter.has_errors() {
        return Err(LoadError {
            diagnostics: reporter.into_diagnostics(),
        });
    }
    // Checked on the converted document: for 2.0 these pointers are mapped back to the
    // user's text (everything before this was reported on the document as written).
    let converted_from = reporter.len();
    if source_version != SourceVersion::OpenApi30 {
        validate::check_converted_refs(&converted, &original_missing, &mut reporter);
    }
    let swagger2 = source_version == SourceVersion::Swagger2;
    if let Some(source) = &source {
        map_to_source(
            &mut reporter,
            converted_from,
            source,
            Converted::Document(&converted),
        );
    }
    if reporter.has_errors() {
        return Err(LoadError {
            diagnostics: reporter.into_diagnostics(),
        });
    }
    match model::into_openapi(converted, swagger2) {
        Ok(openapi) => Ok(LoadedSpec {
            openapi,
            file: reporter.file().to_owned(),
            sha256,
            source_version,
            warnings: reporter.into_diagnostics(),
            source: source.map(std::sync::Arc::new),
        }),
        Err((pointer, message)) => {
            let from = reporter.len();
            reporter.error_at(pointer, message);
            if let Some(source) = &source {
                // The converted document is gone (the model took it): a parameter's index
                // cannot be looked up, so such a pointer is cut back to what exists.
                let empty = serde_json::Value::Null;
                map_to_source(&mut reporter, from, source, Converted::Document(&empty));
            }
            Err(LoadError {
                diagnostics: reporter.into_diagnostics(),
            })
        }
    }
}

/// Rewrites the pointers of the diagnostics from index `from` on (made on the converted
/// document) into the Swagger 2.0 document as written.
fn map_to_source(
    reporter: &mut report::Reporter,
    from: usize,
    source: &serde_json::Value,
    converted: Converted<'_>,
) {
    let locate = crate::locate::Locator::new(source, true, converted);
    reporter.map_from(from, |diagnostic| {
        diagnostic.pointer = locate.schema(&diagnostic.pointer);
        diagnostic.message = crate::locate::swagger2_references(&diagnostic.message);
    });
}

fn single_error(file: &str, pointer: &str, message: String) -> LoadError {
    LoadError {
        diagnostics: vec![Diagnostic::error(file, pointer, message)],
    }
}

/// Lower-case hex SHA-256.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}
