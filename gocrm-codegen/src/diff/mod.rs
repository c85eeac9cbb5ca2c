//! Compares two documents by what the difference means for code written against the
//! generated client: `gocrm-codegen diff`, `cargo xtask regen`'s report, and a library call
//! for `build.rs` and tools.
//!
//! Both documents go through `load` and `ir` with the same settings (any dialect each, JSON
//! or YAML); the comparison then runs on the two `ir::Api`s, so a change is judged by its
//! effect on the generated Rust items — a renamed operationId is a renamed method, a Swagger
//! 2.0 document and its OpenAPI 3.0 rendering are the same client. Each [`Change`] carries a
//! [`Class`] (breaking / additive / docs), a stable [`Kind`], the Rust item's path, and JSON
//! pointers into each document as the user wrote it (`crate::locate` maps the converted
//! document's pointers back for Swagger 2.0).
//!
//! ```no_run
//! let settings = gocrm_codegen::Settings::default();
//! let report = gocrm_codegen::diff::diff_paths(
//!     "old/public.json".as_ref(),
//!     "spec/public.json".as_ref(),
//!     &settings,
//! )?;
//! if report.version_ok() == Some(false) {
//!     println!("cargo:warning={}", report.version_warning().unwrap_or_default());
//! }
//! # Ok::<(), gocrm_codegen::diff::DiffError>(())
//! ```
//!
//! Layout: `kind.rs` the classes and kinds, `report.rs` the result and its renderings,
//! `compare.rs` the API-wide rules, `operations.rs`, `parameters.rs` and `types.rs` the rest,
//! `rust.rs` Rust spellings and request/response use; the pointers come from `src/locate.rs`.

mod compare;
mod kind;
mod operations;
mod parameters;
mod report;
mod rust;
mod types;

use std::path::Path;

pub use kind::{Class, Kind};
pub use report::{version_ok, Bump, Change, Report, Summary};

use crate::diagnostics::Diagnostic;
use crate::load::{self, LoadedSpec, SourceVersion};
use crate::settings::Settings;

/// A document could not be compared: it does not load, or does not generate. Every
/// diagnostic names its file and a JSON pointer.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", .diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct DiffError {
    pub diagnostics: Vec<Diagnostic>,
}

/// Compares the documents at two paths; each is named in errors as given.
pub fn diff_paths(old: &Path, new: &Path, settings: &Settings) -> Result<Report, DiffError> {
    let read = |path: &Path| {
        let name = path.display().to_string();
        std::fs::read(path)
            .map(|bytes| (bytes, name.clone()))
            .map_err(|e| DiffError {
                diagnostics: vec![Diagnostic::error(
                    name,
                    "#",
                    format!("cannot read the file: {e}"),
                )],
            })
    };
    let (old_bytes, old_name) = read(old)?;
    let (new_bytes, new_name) = read(new)?;
    diff_bytes(&old_bytes, &old_name, &new_bytes, &new_name, settings)
}

/// Compares two documents held in memory; the names are used in errors and the report.
pub fn diff_bytes(
    old: &[u8],
    old_name: &str,
    new: &[u8],
    new_name: &str,
    settings: &Settings,
) -> Result<Report, DiffError> {
    let old = Document::read(old, old_name, settings)?;
    let new = Document::read(new, new_name, settings)?;
    Ok(compare(&old, &new))
}

/// One document, loaded, with its IR and its text as written.
struct Document {
    spec: LoadedSpec,
    api: crate::ir::Api,
    source: serde_json::Value,
}

impl Document {
    fn read(bytes: &[u8], name: &str, settings: &Settings) -> Result<Self, DiffError> {
        let spec = load::load_bytes(bytes, name).map_err(|e| DiffError {
            diagnostics: e.diagnostics,
        })?;
        let (api, _warnings) =
            crate::generate::build_ir(&spec, settings).map_err(|e| DiffError {
                diagnostics: e.diagnostics,
            })?;
        // It loaded, so it parses.
        let source = load::parse_source(bytes).unwrap_or_default();
        Ok(Self { spec, api, source })
    }

    fn locator(&self) -> crate::locate::Locator<'_> {
        crate::locate::Locator::new(
            &self.source,
            self.spec.source_version == SourceVersion::Swagger2,
            crate::locate::Converted::Model(&self.spec.openapi),
        )
    }
}

fn compare(old: &Document, new: &Document) -> Report {
    let comparison = compare::Comparison {
        old: compare::Side::new(&old.api, old.locator()),
        new: compare::Side::new(&new.api, new.locator()),
        changes: Vec::new(),
    };
    Report {
        old_file: old.spec.file.clone(),
        old_version: old.api.version.clone(),
        new_file: new.spec.file.clone(),
        new_version: new.api.version.clone(),
        changes: comparison.run(),
    }
}
