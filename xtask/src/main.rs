//! Project tasks. `cargo xtask regen` regenerates the committed Go-CRM client from the spec
//! (the library, `src/lib.rs`, holds it); `cargo xtask corpus` builds every corpus document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod corpus;
mod hostile;

fn usage() -> String {
    format!(
        "usage: cargo xtask regen [--check] [--fetch [URL] [--timeout SECS]] | cargo xtask corpus [--check] [--no-compile] [--only=SOURCE]

{}
  corpus          generate every document in ../shared/corpus (GOCRM_CORPUS overrides),
                  ../shared/corpus-oas32 (GOCRM_CORPUS_OAS32 overrides) and every fixture in gocrm-codegen/tests/fixtures/ir into one workspace under
                  target/corpus, run cargo clippy over it, and write docs/corpus.md; the
                  hostile specs of gocrm-codegen/tests/hostile_specs.rs are built, tested,
                  documented and linted in the same workspace
  corpus --check  the same, but fail on any generation failure, compile error or warning, or
                  when docs/corpus.md is stale
  --no-compile    generate only (no clippy, docs/corpus.md untouched)
  --only=SOURCE   one folder alone: corpus, corpus-oas32 or fixture (no hostile specs, no
                  Go-CRM crate; docs/corpus.md untouched)",
        xtask::REGEN_USAGE
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["regen", rest @ ..] => {
            let code = xtask::run_regen(
                rest,
                &workspace_root(),
                &mut std::io::stdout(),
                &mut std::io::stderr(),
            );
            ExitCode::from(code)
        }
        ["corpus", rest @ ..]
            if rest
                .iter()
                .all(|a| matches!(*a, "--check" | "--no-compile") || a.starts_with("--only=")) =>
        {
            match corpus::run(&workspace_root(), rest) {
                Ok(code) => code,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        ["help" | "--help" | "-h"] => {
            println!("{}", usage());
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{}", usage());
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
