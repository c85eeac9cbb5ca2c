//! Every input in `tests/regressions/` (crashes found by fuzzing, see docs/FUZZING.md) goes
//! through load → generate without a panic, and what it generates holds the invariants of
//! `support/invariants.rs`. Inputs whose fix belongs to another module are listed in
//! `KNOWN_FAILING` and run by the `#[ignore]`d test until fixed.

#[path = "support/invariants.rs"]
mod invariants;

use std::path::PathBuf;

use gocrm_codegen::{generate_crate_sources, load::load_bytes, Settings};

/// Inputs that still fail, with the reason; each is reported in docs/FUZZING.md.
const KNOWN_FAILING: &[(&str, &str)] = &[];

fn inputs() -> Vec<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/regressions"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/regressions exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
        .collect();
    files.sort();
    files
}

fn is_known_failing(path: &std::path::Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    KNOWN_FAILING.iter().any(|(known, _)| *known == name)
}

/// What the fuzz target does, as a `Result` instead of a crash.
fn run(path: &std::path::Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let outcome = std::panic::catch_unwind(|| -> Result<(), String> {
        let spec = match load_bytes(&bytes, "regression.json") {
            Ok(spec) => spec,
            Err(e) if e.to_string().contains("internal error") => {
                return Err(format!("loader: {e}"))
            }
            Err(_) => return Ok(()),
        };
        for settings in [
            Settings::default(),
            Settings {
                unwrap_envelope: false,
                lenient_scalars: false,
                keep_unknown_properties: false,
                ..Settings::default()
            },
        ] {
            match generate_crate_sources(&spec, &settings, "cargo xtask regen") {
                Ok(generated) => invariants::check_files(
                    generated
                        .files
                        .iter()
                        .map(|f| (f.path.to_str().unwrap_or(""), f.contents.as_str())),
                    &[],
                )?,
                Err(e) if e.to_string().contains("internal error") => {
                    return Err(format!("generate: {e}"))
                }
                Err(_) => {}
            }
        }
        Ok(())
    });
    match outcome {
        Ok(result) => result,
        Err(panic) => Err(format!(
            "panicked: {}",
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default()
        )),
    }
}

#[test]
fn regression_inputs_generate_without_panic() {
    let mut failures = Vec::new();
    for path in inputs().iter().filter(|p| !is_known_failing(p)) {
        if let Err(e) = run(path) {
            failures.push(format!("{}: {e}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
#[ignore = "known failures whose fix belongs to another module; see KNOWN_FAILING"]
fn known_failing_regression_inputs() {
    let mut failures = Vec::new();
    for path in inputs().iter().filter(|p| is_known_failing(p)) {
        if let Err(e) = run(path) {
            failures.push(format!("{}: {e}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
