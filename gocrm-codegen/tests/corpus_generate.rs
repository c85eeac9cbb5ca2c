//! Every document in the shared corpus generates a client crate, without panics
//! (determinism is checked on the fixtures and the Go-CRM spec). Compiling the crates (one workspace, `cargo clippy -D warnings`) is
//! `cargo xtask corpus --check`, a step of `.ci/run`; its results are in docs/corpus.md.

use std::path::PathBuf;

use gocrm_codegen::{generate_standalone_crate, load, Settings};

/// Documents the loader refuses (see docs/corpus.md); they must fail with diagnostics.
const KNOWN_LOAD_REFUSALS: &[&str] = &[];

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus"))
}

#[test]
fn every_corpus_document_generates_a_crate() {
    let dir = corpus_dir();
    if !dir.exists() {
        eprintln!("corpus not found at {}; skipped", dir.display());
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml")
            )
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 35, "the corpus has 35 documents");
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let outcome = std::panic::catch_unwind(|| {
            let spec = match load::load_path(path) {
                Ok(spec) => spec,
                Err(e) => {
                    assert!(!e.diagnostics.is_empty());
                    return Err("load refused".to_owned());
                }
            };
            let settings = Settings::default();
            let first = generate_standalone_crate(&spec, &settings, "corpus-crate", "test")
                .map_err(|e| e.to_string())?;
            // Every warning has a pointer into the document.
            for w in &first.warnings {
                assert!(w.pointer.starts_with('#'), "{name}: {w}");
            }
            Ok(())
        });
        match outcome {
            Err(_) => failures.push(format!("{name}: panicked")),
            Ok(Err(why)) if !KNOWN_LOAD_REFUSALS.contains(&name.as_str()) => {
                failures.push(format!("{name}: {why}"))
            }
            Ok(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
