//! Every real-world document in the shared corpus goes through the loader:
//! none may panic, and each must load (the project's goal is a client for
//! each of them) or be refused with an error that names the construct.

use std::path::{Path, PathBuf};
use std::time::Instant;

use gocrm_codegen::load::{load_path, SourceVersion};
use gocrm_codegen::Severity;

/// Corpus documents that are refused, and words the refusal must contain: none.
const KNOWN_REFUSALS: &[(&str, &str)] = &[];

/// temporal-v2.json (grpc-gateway output) references two definitions it never defines: it
/// loads, with a warning at each dangling `$ref`.
#[test]
fn temporal_v2_loads_with_warnings_for_its_dangling_refs() {
    let path = corpus_dir().join("temporal-v2.json");
    if !path.exists() {
        return;
    }
    let spec = load_path(&path).unwrap_or_else(|e| panic!("temporal-v2.json loads:\n{e}"));
    let dangling: Vec<_> = spec
        .warnings
        .iter()
        .filter(|w| w.message.contains("does not exist"))
        .collect();
    assert_eq!(dangling.len(), 10, "{dangling:#?}");
    assert!(dangling
        .iter()
        .any(|w| w.message.contains("`#/definitions/apiCommonV1Link`")));
    assert!(dangling.iter().all(|w| w.pointer.ends_with("/$ref")));
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus"))
}

/// File names listed in MANIFEST.tsv (first column, header skipped).
fn manifest_files(dir: &Path) -> Vec<String> {
    let manifest =
        std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("corpus MANIFEST.tsv is readable");
    manifest
        .lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_corpus_document_loads() {
    let dir = corpus_dir();
    if !dir.exists() {
        eprintln!("corpus not found at {}; skipped", dir.display());
        return;
    }
    let files = manifest_files(&dir);
    assert_eq!(
        files.len(),
        35,
        "MANIFEST.tsv lists the 35 corpus documents"
    );
    let mut refused = Vec::new();
    println!(
        "{:<42} {:>9} {:>8} {:>6} {:>8}  result",
        "document", "version", "ops", "warns", "ms"
    );
    for name in &files {
        let started = Instant::now();
        let result = load_path(&dir.join(name));
        let millis = started.elapsed().as_millis();
        match result {
            Ok(spec) => {
                let version = match spec.source_version {
                    SourceVersion::Swagger2 => "2.0",
                    SourceVersion::OpenApi30 => "3.0",
                    SourceVersion::OpenApi31 => "3.1",
                    SourceVersion::OpenApi32 => "3.2",
                };
                let operations = spec.openapi.operations().count();
                println!(
                    "{name:<42} {version:>9} {operations:>8} {:>6} {millis:>8}  loaded",
                    spec.warnings.len()
                );
                assert!(spec
                    .warnings
                    .iter()
                    .all(|w| w.severity == Severity::Warning));
            }
            Err(error) => {
                println!(
                    "{name:<42} {:>9} {:>8} {:>6} {millis:>8}  REFUSED",
                    "-",
                    "-",
                    error.diagnostics.len()
                );
                for diagnostic in error
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .take(5)
                {
                    println!("    {diagnostic}");
                }
                assert!(error
                    .diagnostics
                    .iter()
                    .any(|d| d.severity == Severity::Error && !d.message.is_empty()));
                refused.push(name.clone());
            }
        }
    }
    println!("{} of {} loaded", files.len() - refused.len(), files.len());
    let expected: Vec<String> = KNOWN_REFUSALS
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    assert_eq!(
        refused, expected,
        "only the known-bad documents may be refused"
    );
}

#[test]
fn known_refusals_name_the_construct() {
    let dir = corpus_dir();
    for (name, words) in KNOWN_REFUSALS {
        let path = dir.join(name);
        if !path.exists() {
            continue;
        }
        let error = load_path(&path).expect_err("a known-bad document is refused");
        let first = error
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .expect("an error");
        assert!(first.message.contains(words), "{name}: {first}");
        assert!(
            first.pointer.starts_with("#/") && first.pointer.ends_with("/$ref"),
            "{first}"
        );
    }
}

/// The project's main target: the Go-CRM public API (Swagger 2.0).
#[test]
fn go_crm_public_spec_loads() {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/public.json"));
    if !path.exists() {
        eprintln!("spec/public.json not written yet; skipped");
        return;
    }
    let spec =
        load_path(path).unwrap_or_else(|error| panic!("spec/public.json must load:\n{error}"));
    assert_eq!(spec.source_version, SourceVersion::Swagger2);
    assert_eq!(spec.openapi.operations().count(), 8);
    assert_eq!(
        spec.openapi.servers.first().map(|s| s.url.as_str()),
        Some("https://beta.go-crm.ru/api/v3")
    );
    for warning in &spec.warnings {
        println!("{warning}");
    }
}

/// Every diagnostic on a Swagger 2.0 corpus document (the loader's and the IR's) points at
/// the user's own text: the pointer exists in the document as written, and no message quotes
/// the converted `#/components/…` (gitea.json writes `#/definitions/X`).
#[test]
fn swagger2_diagnostics_point_into_the_document_as_written() {
    let dir = corpus_dir();
    if !dir.exists() {
        return;
    }
    let mut checked = 0;
    for name in manifest_files(&dir) {
        let path = dir.join(&name);
        let Ok(spec) = load_path(&path) else { continue };
        if spec.source_version != SourceVersion::Swagger2 {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
        let source = gocrm_codegen::load::parse_source(&bytes).unwrap_or_else(|e| panic!("{e}"));
        let (_, ir_warnings) = gocrm_codegen::ir::build(&spec, &gocrm_codegen::Settings::default())
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        for d in spec.warnings.iter().chain(&ir_warnings) {
            let found = d
                .pointer
                .strip_prefix('#')
                .and_then(|p| source.pointer(p))
                .is_some();
            assert!(found, "{name}: not in the document as written: {d}");
            assert!(!d.message.contains("`#/components/"), "{name}: {d}");
            checked += 1;
        }
    }
    // gitea.json alone has dozens.
    assert!(checked > 20, "only {checked} diagnostics checked");
}
