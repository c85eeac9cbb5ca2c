//! Project tasks. `cargo xtask regen` regenerates the committed Go-CRM client from the spec;
//! `cargo xtask regen --check` fails when the committed client is stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use gocrm_codegen::{generate_crate_sources, load, write, Settings};

mod corpus;

const USAGE: &str =
    "usage: cargo xtask regen [--check] | cargo xtask corpus [--check] [--no-compile]

  regen           load spec/public.json (or spec/public.yaml) and write gocrm-generated/src
  regen --check   write nothing; fail, naming each stale file, if the committed client differs
  corpus          generate every document in ../shared/corpus (GOCRM_CORPUS overrides) and
                  every fixture in gocrm-codegen/tests/fixtures/ir into one workspace under
                  target/corpus, run cargo clippy over it, and write docs/corpus.md
  corpus --check  the same, but fail on any generation failure, compile error or warning, or
                  when docs/corpus.md is stale
  --no-compile    generate only (no clippy, docs/corpus.md untouched)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["regen"] => regen(false),
        ["regen", "--check"] => regen(true),
        ["corpus", rest @ ..]
            if rest
                .iter()
                .all(|a| matches!(*a, "--check" | "--no-compile")) =>
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
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
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

/// spec/public.json, or spec/public.yaml when that is the one present.
fn spec_path(root: &Path) -> Result<PathBuf, String> {
    let candidates = ["spec/public.json", "spec/public.yaml", "spec/public.yml"];
    candidates
        .iter()
        .map(|c| root.join(c))
        .find(|p| p.exists())
        .ok_or_else(|| format!("no spec found: expected one of {}", candidates.join(", ")))
}

fn regen(check: bool) -> ExitCode {
    match try_regen(check) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn try_regen(check: bool) -> Result<ExitCode, String> {
    let root = workspace_root();
    let spec_file = spec_path(&root)?;
    let spec = load::load_path(&spec_file).map_err(|e| e.to_string())?;
    // spec/gocrm-codegen.toml, when present: the same settings the CLI and build.rs read.
    let (settings, _) = Settings::discover(&spec_file).map_err(|e| e.to_string())?;
    let generated =
        generate_crate_sources(&spec, &settings, "cargo xtask regen").map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    let crate_dir = root.join("gocrm-generated");
    let manifest_path = crate_dir.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let version = &spec.openapi.info.version;
    let new_manifest = write::set_package_version(&manifest, version).ok_or_else(|| {
        format!(
            "{}: no `version = ...` line in [package]",
            manifest_path.display()
        )
    })?;

    if check {
        let mut stale = write::stale_files(&crate_dir, &generated.files);
        if new_manifest != manifest {
            stale.push(manifest_path);
        }
        if stale.is_empty() {
            println!("gocrm-generated is up to date with {}", spec_file.display());
            return Ok(ExitCode::SUCCESS);
        }
        for path in &stale {
            eprintln!(
                "stale: {}",
                path.strip_prefix(&root).unwrap_or(path).display()
            );
        }
        eprintln!(
            "the committed client differs from what {} generates: run `cargo xtask regen`",
            spec_file.display()
        );
        return Ok(ExitCode::FAILURE);
    }

    let mut changed =
        write::write_files(&crate_dir, &generated.files).map_err(|e| e.to_string())?;
    if new_manifest != manifest {
        std::fs::write(&manifest_path, new_manifest)
            .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
        changed.push(manifest_path);
    }
    for path in &changed {
        println!(
            "wrote {}",
            path.strip_prefix(&root).unwrap_or(path).display()
        );
    }
    println!(
        "gocrm-generated: {} {} from {} ({} file(s) changed)",
        spec.openapi.info.title,
        version,
        spec_file.display(),
        changed.len()
    );
    Ok(ExitCode::SUCCESS)
}
