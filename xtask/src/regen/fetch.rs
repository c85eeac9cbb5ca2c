//! `regen --fetch [URL] [--check]`: download the published spec, refuse anything that is
//! not one, compare it with `spec/public.json` (`--check`), or replace that file atomically
//! and regenerate.

use std::io::Write;
use std::path::Path;

use gocrm_codegen::diff::diff_bytes;
use gocrm_codegen::settings::{settings_file_for, SettingsFile, SETTINGS_FILE_NAME};
use gocrm_codegen::{generate_crate_sources, Settings};

use super::{regen, FetchOptions, Workspace, SPEC_NAMES};
use crate::download::{self, Limits};

/// `regen --fetch [URL] [--check]`. Exit codes: 0 done (or, with `--check`, no changes);
/// 1 changes found (`--check`) or a failure; 2 the spec cannot be fetched or loaded
/// (`--check`, so a scheduled job can tell "changed" from "broken").
pub(super) fn run(
    options: &FetchOptions,
    check: bool,
    root: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    match fetch_and_compare(options, check, root, out, err) {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            if check {
                2
            } else {
                1
            }
        }
    }
}

fn fetch_and_compare(
    options: &FetchOptions,
    check: bool,
    root: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let ws = Workspace::new(root);
    let spec_file = ws
        .spec_file()
        .unwrap_or_else(|_| root.join("spec").join(SPEC_NAMES[0]));
    let spec_name = ws.rel(&spec_file);
    let url = match &options.url {
        Some(url) => url.clone(),
        None => source_url(&spec_file)?.ok_or_else(|| {
            format!(
                "no URL: give one (`--fetch URL`) or set `source_url` in spec/{}",
                SETTINGS_FILE_NAME
            )
        })?,
    };
    let (settings, _) = Settings::discover(&spec_file).map_err(|e| e.to_string())?;
    let _ = writeln!(err, "fetching {url}");
    let limits = Limits {
        timeout: options.timeout,
        ..Limits::default()
    };
    let unchanged = format!("{spec_name} is unchanged");
    let fetched = download::fetch(&url, &limits).map_err(|e| format!("{url}: {e}\n{unchanged}"))?;
    let spec = download::check_spec(&fetched, &url).map_err(|e| format!("{e}\n{unchanged}"))?;
    // It must generate too, or regen would fail after replacing the spec.
    generate_crate_sources(&spec, &settings, "cargo xtask regen --fetch")
        .map_err(|e| format!("{url} does not generate a client:\n{e}\n{unchanged}"))?;
    let current = std::fs::read(&spec_file).ok();

    if check {
        let Some(current) = current else {
            let _ = writeln!(out, "{spec_name} does not exist: {url} would be new");
            return Ok(1);
        };
        let report = diff_bytes(&current, &spec_name, &fetched.bytes, &url, &settings)
            .map_err(|e| e.to_string())?;
        if report.is_empty() {
            let note = if current == fetched.bytes {
                "identical"
            } else {
                "no changes for the client (the text differs)"
            };
            let _ = writeln!(out, "{url} matches {spec_name}: {note}");
            return Ok(0);
        }
        let _ = writeln!(out, "{}", report.to_text());
        return Ok(1);
    }

    if current.as_deref() == Some(fetched.bytes.as_slice()) {
        let _ = writeln!(out, "{spec_name} is already what {url} serves");
    } else {
        replace_atomically(&spec_file, &fetched.bytes)?;
        let _ = writeln!(
            out,
            "replaced {spec_name} with {url} ({} bytes, {})",
            fetched.bytes.len(),
            spec.openapi.info.version
        );
    }
    regen(root, false, out, err)
}

/// The settings file's `source_url`, if it sets one.
fn source_url(spec_file: &Path) -> Result<Option<String>, String> {
    match settings_file_for(spec_file) {
        Some(path) => Ok(SettingsFile::read(&path)
            .map_err(|e| e.to_string())?
            .source_url),
        None => Ok(None),
    }
}

/// Writes a sibling temporary file and renames it over `path`, so a reader sees the old
/// document or the new one, never half of one.
fn replace_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.fetch-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        format!("{}: {e}", path.display())
    })
}
