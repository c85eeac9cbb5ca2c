//! `cargo xtask corpus`: every document in `../shared/corpus` and `../shared/corpus-oas32`
//! (the OpenAPI Initiative's 3.2 schema-test "pass" documents), and every fixture in
//! `gocrm-codegen/tests/fixtures/ir`, becomes a crate in one generated Cargo workspace under
//! `target/corpus/`, which is then compiled with `cargo check` (so dependencies compile once)
//! and linted with `cargo clippy` and `cargo doc` (rustdoc); the results are written to
//! `docs/corpus.md`.
//!
//! `--only=<source>` (`corpus`, `corpus-oas32` or `fixture`) runs one folder alone: quicker,
//! without the hostile specs and the Go-CRM crate, and `docs/corpus.md` is neither written
//! nor compared.
//!
//! The hostile specs of `gocrm-codegen/tests/hostile_specs.rs` join the same workspace
//! (`hostile.rs`): tested, documented and linted there, on the corpus's build, instead of
//! compiling every dependency again in `cargo test`. They are not in the table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use gocrm_codegen::{generate_standalone_crate, load, write, Settings};

/// Documents the loader refuses, with why; they must fail cleanly (no panic), and may start
/// working once the loader accepts them.
const KNOWN_LOAD_REFUSALS: &[(&str, &str)] = &[(
    "temporal-v2.json",
    "the document has dangling `$ref`s (`#/definitions/apiCommonV1Link`, `#/definitions/apiFailureV1Failure`)",
)];

/// The manifest tail that makes a generated crate standalone; members of the corpus workspace
/// drop it.
const STANDALONE_TABLE: &str = "# Standalone: not part of any enclosing workspace.\n[workspace]\n";

/// The corpus workspace's member holding the Go-CRM client as the CLI generates it.
const GOCRM_CRATE: &str = "gocrm-cli";

struct Outcome {
    document: String,
    origin: &'static str,
    spec_version: String,
    crate_name: String,
    /// `Ok(warnings)` or the reason generation failed.
    generated: Result<usize, String>,
    errors: usize,
    lints: usize,
    /// Whether clippy ran on the crate (not only `cargo check`).
    clippy: bool,
}

pub fn run(root: &Path, args: &[&str]) -> Result<ExitCode, String> {
    let check = args.contains(&"--check");
    let no_compile = args.contains(&"--no-compile");
    let only = args.iter().find_map(|a| a.strip_prefix("--only="));
    if let Some(only) = only.filter(|o| !["corpus", "corpus-oas32", "fixture"].contains(o)) {
        return Err(format!(
            "--only={only}: the sources are `corpus`, `corpus-oas32` and `fixture`"
        ));
    }
    let corpus_dir = std::env::var_os("GOCRM_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus"));
    let oas32_dir = std::env::var_os("GOCRM_CORPUS_OAS32")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus-oas32"));
    let fixtures_dir = root.join("gocrm-codegen/tests/fixtures/ir");
    let ws = root.join("target/corpus/ws");
    // Kept between runs: files are only rewritten when they change, so a rerun recompiles only
    // the crates whose code changed.
    std::fs::create_dir_all(&ws).map_err(|e| format!("{}: {e}", ws.display()))?;

    let mut inputs: Vec<(PathBuf, &'static str)> = Vec::new();
    for (dir, origin) in [
        (&corpus_dir, "corpus"),
        (&oas32_dir, "corpus-oas32"),
        (&fixtures_dir, "fixture"),
    ] {
        if only.is_some_and(|only| only != origin) {
            continue;
        }
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("json" | "yaml" | "yml")
                )
            })
            .collect();
        files.sort();
        inputs.extend(files.into_iter().map(|f| (f, origin)));
    }

    let mut outcomes = Vec::new();
    for (path, origin) in &inputs {
        outcomes.push(generate_one(path, origin, &ws));
    }
    let hostile = if only.is_none() {
        crate::hostile::generate(&ws, STANDALONE_TABLE)?
    } else {
        Vec::new()
    };
    // Crates of documents that are gone (or no longer generate) leave the workspace.
    if let Ok(entries) = std::fs::read_dir(&ws) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let current = name == GOCRM_CRATE
                || hostile.contains(&name)
                || outcomes
                    .iter()
                    .any(|o| o.generated.is_ok() && o.crate_name == name);
            if entry.path().is_dir() && !current {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    // The Go-CRM client as the CLI writes it, beside the corpus (not in its table), to compile
    // the generated manifest's optional features.
    let gocrm = if only.is_none() {
        generate_gocrm(root, &ws)
    } else {
        Err("not built with --only".to_owned())
    };
    let mut members: Vec<String> = outcomes
        .iter()
        .filter(|o| o.generated.is_ok())
        .map(|o| &o.crate_name)
        .chain(&hostile)
        .map(|name| format!("    {name:?},\n"))
        .collect();
    if gocrm.is_ok() {
        members.push(format!("    {GOCRM_CRATE:?},\n"));
    }
    let manifest = format!(
        "# Generated by `cargo xtask corpus`.\n[workspace]\nresolver = \"2\"\nmembers = [\n{}]\n",
        members.concat()
    );
    std::fs::write(ws.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // The workspace's lock file pins the same dependency versions, so no network is needed.
    std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock")).map_err(|e| e.to_string())?;

    let mut failed = false;
    if !no_compile {
        let started = std::time::Instant::now();
        let checked = cargo(root, &ws, "check", &[], &[])?;
        eprintln!(
            "corpus: cargo check over {} crates took {:.0?}",
            members.len(),
            started.elapsed()
        );
        let linted: Vec<String> = outcomes
            .iter()
            .filter(|o| o.generated.is_ok())
            .map(|o| o.crate_name.clone())
            .collect();
        let started = std::time::Instant::now();
        let clippy = cargo(root, &ws, "clippy", &linted, &[])?;
        eprintln!(
            "corpus: cargo clippy over {} crates took {:.0?}",
            linted.len(),
            started.elapsed()
        );
        let started = std::time::Instant::now();
        let docs = cargo(root, &ws, "doc", &linted, &[])?;
        eprintln!(
            "corpus: cargo doc over {} crates took {:.0?}",
            linted.len(),
            started.elapsed()
        );
        for name in &hostile {
            if let Some((errors, lints)) = checked.get(name).filter(|c| **c != (0, 0)) {
                eprintln!(
                    "FAIL {name}: cargo check: {errors} compile error(s), {lints} warning(s) (see target/corpus/ws)"
                );
                failed = true;
            }
        }
        if !hostile.is_empty() {
            for failure in crate::hostile::check(root, &ws, &hostile)? {
                eprintln!("FAIL hostile crates: {failure}");
                failed = true;
            }
        }
        match &gocrm {
            Err(_) if only.is_some() => {}
            Ok(()) => {
                // Clippy with every optional feature the manifest declares, warnings counted
                // like the corpus crates' (the default build was checked with the workspace).
                let started = std::time::Instant::now();
                let traced = cargo(
                    root,
                    &ws,
                    "clippy",
                    &[GOCRM_CRATE.to_owned()],
                    &["--features", "tracing"],
                )?;
                eprintln!(
                    "corpus: cargo clippy --features tracing on {GOCRM_CRATE} took {:.0?}",
                    started.elapsed()
                );
                let (errors, lints) = traced.get(GOCRM_CRATE).copied().unwrap_or_default();
                let (e, l) = checked.get(GOCRM_CRATE).copied().unwrap_or_default();
                if errors + e > 0 || lints + l > 0 {
                    eprintln!(
                        "FAIL {GOCRM_CRATE} (spec/public.json, --features tracing): {} compile \
                         error(s), {} warning(s) (see target/corpus/ws)",
                        errors + e,
                        lints + l
                    );
                    failed = true;
                }
            }
            Err(why) => {
                eprintln!("FAIL {GOCRM_CRATE} (spec/public.json): {why}");
                failed = true;
            }
        }
        for o in &mut outcomes {
            if let Some((errors, lints)) = docs.get(&o.crate_name) {
                o.errors += *errors;
                o.lints += *lints;
            }
            if let Some((errors, lints)) = checked.get(&o.crate_name) {
                o.errors += *errors;
                o.lints += *lints;
            }
            if linted.contains(&o.crate_name) {
                o.clippy = true;
                // Clippy repeats the compiler's diagnostics: count the larger set once.
                if let Some((errors, lints)) = clippy.get(&o.crate_name) {
                    let (e, l) = checked.get(&o.crate_name).copied().unwrap_or_default();
                    o.errors += errors.saturating_sub(e);
                    o.lints += lints.saturating_sub(l);
                }
            }
        }
    }
    for o in &outcomes {
        let known = KNOWN_LOAD_REFUSALS.iter().any(|(d, _)| *d == o.document);
        match &o.generated {
            Err(why) if why.starts_with("panicked") || !known => {
                eprintln!("FAIL {}: {why}", o.document);
                failed = true;
            }
            _ => {}
        }
        if o.errors > 0 || o.lints > 0 {
            eprintln!(
                "FAIL {}: {} compile error(s), {} warning(s) (see target/corpus/ws)",
                o.document, o.errors, o.lints
            );
            failed = true;
        }
    }
    let table = render_table(&outcomes, no_compile);
    let doc_path = root.join("docs/corpus.md");
    if only.is_some() {
        // One folder's table is not the document's.
    } else if check {
        let current = std::fs::read_to_string(&doc_path).unwrap_or_default();
        if !no_compile && current != table {
            eprintln!("docs/corpus.md is stale: run `cargo xtask corpus`");
            failed = true;
        }
    } else if !no_compile {
        std::fs::create_dir_all(root.join("docs")).map_err(|e| e.to_string())?;
        std::fs::write(&doc_path, &table).map_err(|e| e.to_string())?;
        println!("wrote docs/corpus.md");
    }
    let generated = outcomes.iter().filter(|o| o.generated.is_ok()).count();
    println!(
        "corpus: {generated}/{} generated{}",
        outcomes.len(),
        if no_compile {
            String::new()
        } else {
            format!(
                ", {}/{generated} compiled and lint-clean",
                outcomes
                    .iter()
                    .filter(|o| o.generated.is_ok() && o.errors == 0 && o.lints == 0)
                    .count()
            )
        }
    );
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn generate_one(path: &Path, origin: &'static str, ws: &Path) -> Outcome {
    let document = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = match origin {
        "fixture" => "fx",
        "corpus-oas32" => "c32",
        _ => "c",
    };
    let crate_name: String = format!("{prefix}-{stem}")
        .chars()
        .map(|c| {
            // Crate names are snake case (the 3.2 documents have `allowReserved` in theirs).
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let mut outcome = Outcome {
        document,
        origin,
        spec_version: String::new(),
        crate_name: crate_name.clone(),
        generated: Err(String::new()),
        errors: 0,
        lints: 0,
        clippy: false,
    };
    let result = std::panic::catch_unwind(|| -> Result<(String, usize, Vec<_>), String> {
        let spec = load::load_path(path).map_err(|e| {
            let first = e
                .diagnostics
                .first()
                .map(|d| d.to_string())
                .unwrap_or_default();
            format!(
                "load refused ({} error(s)); first: {first}",
                e.diagnostics.len()
            )
        })?;
        let version = format!("{:?}", spec.source_version);
        let generated = generate_standalone_crate(
            &spec,
            &Settings::default(),
            &crate_name,
            "cargo xtask corpus",
        )
        .map_err(|e| format!("generation failed: {e}"))?;
        Ok((version, generated.warnings.len(), generated.files))
    });
    match result {
        Err(_) => outcome.generated = Err("panicked".to_owned()),
        Ok(Err(why)) => outcome.generated = Err(why),
        Ok(Ok((version, warnings, mut files))) => {
            outcome.spec_version = version;
            for f in &mut files {
                if f.path == Path::new("Cargo.toml") {
                    f.contents = f.contents.replace(STANDALONE_TABLE, "");
                }
            }
            outcome.generated = write::write_files(&ws.join(&crate_name), &files)
                .map(|_| warnings)
                .map_err(|e| format!("write failed: {e}"));
        }
    }
    outcome
}

/// The Go-CRM client (spec/public.json with spec/gocrm-codegen.toml), generated as the CLI
/// would into `ws/<GOCRM_CRATE>`.
fn generate_gocrm(root: &Path, ws: &Path) -> Result<(), String> {
    let spec_file = root.join("spec/public.json");
    let (settings, _) = Settings::discover(&spec_file).map_err(|e| e.to_string())?;
    let spec = load::load_path(&spec_file).map_err(|e| format!("load refused: {e}"))?;
    let mut generated =
        generate_standalone_crate(&spec, &settings, GOCRM_CRATE, "cargo xtask corpus")
            .map_err(|e| format!("generation failed: {e}"))?;
    for f in &mut generated.files {
        if f.path == Path::new("Cargo.toml") {
            f.contents = f.contents.replace(STANDALONE_TABLE, "");
        }
    }
    write::write_files(&ws.join(GOCRM_CRATE), &generated.files)
        .map(|_| ())
        .map_err(|e| format!("write failed: {e}"))
}

/// Runs `cargo check` (no packages: the whole workspace) or `cargo clippy -p …` over the corpus
/// workspace, with `extra` arguments (e.g. features); per crate, (errors, warnings).
fn cargo(
    root: &Path,
    ws: &Path,
    command: &str,
    packages: &[String],
    extra: &[&str],
) -> Result<BTreeMap<String, (usize, usize)>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut args: Vec<String> = vec![command.to_owned()];
    if packages.is_empty() {
        args.push("--workspace".to_owned());
    }
    for p in packages {
        args.push("-p".to_owned());
        args.push(p.clone());
    }
    if command == "doc" {
        args.push("--no-deps".to_owned());
    }
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    // Every crate's `mock` module too, so names from real specs cannot break it.
    args.push("--features".to_owned());
    args.push("mock".to_owned());
    for a in ["--offline", "--keep-going", "--message-format", "json"] {
        args.push(a.to_owned());
    }
    let output = Command::new(cargo)
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", root.join("target/corpus/target"))
        .env_remove("RUSTFLAGS")
        .args(&args)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("running cargo clippy: {e}"))?;
    let mut out: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg["reason"] != "compiler-message" {
            continue;
        }
        let Some(manifest) = msg["manifest_path"].as_str() else {
            continue;
        };
        let Ok(relative) = Path::new(manifest).strip_prefix(ws) else {
            continue;
        };
        let Some(name) = relative
            .iter()
            .next()
            .map(|s| s.to_string_lossy().into_owned())
        else {
            continue;
        };
        let level = msg["message"]["level"].as_str().unwrap_or_default();
        let rendered = msg["message"]["rendered"].as_str().unwrap_or_default();
        let entry = out.entry(name).or_default();
        match level {
            "error" if !rendered.starts_with("error: aborting") => {
                entry.0 += 1;
                eprint!("{rendered}");
            }
            "warning"
                if !rendered.contains("warning emitted")
                    && !rendered.contains("warnings emitted") =>
            {
                entry.1 += 1;
                eprint!("{rendered}");
            }
            _ => {}
        }
    }
    Ok(out)
}

fn render_table(outcomes: &[Outcome], no_compile: bool) -> String {
    let mut s = String::from(
        "# Corpus results\n\n\
         Generated by `cargo xtask corpus` (CI runs `cargo xtask corpus --check`): every document in\n\
         `../shared/corpus`, every OpenAPI Initiative 3.2 test document in `../shared/corpus-oas32` and\n\
         every fixture in `gocrm-codegen/tests/fixtures/ir` is generated into\n\
         one Cargo workspace under `target/corpus/`, compiled once with `cargo check --features mock` (the mock\n\
         module included).\n\n\
         - *generated*: the CLI would write a crate (`yes`), or why not.\n\
         - *warnings*: generator warnings (constructs that fell back, e.g. to `serde_json::Value`).\n\
         - *compiled*: `cargo check` found no errors; *lints*: compiler warnings, plus clippy\n  \
         warnings and `cargo doc` (rustdoc) warnings where *clippy* says `yes`.\n\n\
         | document | source | dialect | generated | warnings | compiled | lints | clippy |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for o in outcomes {
        let clippy = if o.clippy { "yes" } else { "-" };
        let (generated, warnings, compiled, lints) = match &o.generated {
            Ok(w) => (
                "yes".to_owned(),
                w.to_string(),
                if no_compile {
                    "-".to_owned()
                } else if o.errors == 0 {
                    "yes".to_owned()
                } else {
                    format!("no ({} errors)", o.errors)
                },
                o.lints.to_string(),
            ),
            Err(why) => {
                let known = KNOWN_LOAD_REFUSALS
                    .iter()
                    .find(|(d, _)| *d == o.document)
                    .map(|(_, r)| format!("no: {r}"));
                let why = known.unwrap_or_else(|| format!("no: {}", why.replace('|', "\\|")));
                (why, "-".to_owned(), "-".to_owned(), "-".to_owned())
            }
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | {generated} | {warnings} | {compiled} | {lints} | {clippy} |\n",
            o.document, o.origin, o.spec_version
        ));
    }
    let total = outcomes.len();
    let generated = outcomes.iter().filter(|o| o.generated.is_ok()).count();
    let compiled = outcomes
        .iter()
        .filter(|o| o.generated.is_ok() && o.errors == 0)
        .count();
    s.push_str(&format!(
        "\n{generated}/{total} generated, {compiled}/{generated} compiled.\n"
    ));
    s
}
