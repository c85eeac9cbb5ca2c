//! The hostile specs (`gocrm-codegen/tests/support/hostile_cases.rs`) compiled in the corpus
//! workspace, so they share its build instead of compiling every dependency again in the test
//! suite. Each becomes a member crate `hostile_*` with doctests switched on (no spec text may
//! become a doctest) and, for three of them, a round-trip test; then
//!
//! - `cargo test` over them: the round trips pass and 0 doctests ran,
//! - `cargo doc --no-deps` with `RUSTDOCFLAGS=-D warnings`,
//! - `cargo clippy --all-targets -- -D warnings` on all but the 10 MB crate (clippy's doc
//!   lints take many minutes on 10 MB of docs); the corpus's `cargo check` covers it.

#[path = "../../gocrm-codegen/tests/support/hostile_cases.rs"]
mod hostile_cases;

use std::path::Path;
use std::process::Command;

use gocrm_codegen::{generate_standalone_crate, load, write, Settings};

/// The crate clippy skips.
const NOT_LINTED: &str = "hostile_big_description";

/// Writes the hostile crates into the corpus workspace `ws`; returns their names.
pub fn generate(ws: &Path, standalone_table: &str) -> Result<Vec<String>, String> {
    let roundtrips = hostile_cases::roundtrip_files();
    let mut names = Vec::new();
    for (name, doc) in hostile_cases::cases(hostile_cases::big_megabytes()) {
        let text = serde_json::to_string(&doc).map_err(|e| format!("{name}: {e}"))?;
        let spec = load::load_str(&text, &format!("{name}.json"))
            .map_err(|e| format!("{name}: the spec does not load:\n{e}"))?;
        let mut files =
            generate_standalone_crate(&spec, &Settings::default(), name, "cargo xtask corpus")
                .map_err(|e| format!("{name}: generation failed:\n{e}"))?
                .files;
        for file in &mut files {
            if file.path == Path::new("Cargo.toml") {
                // A member of the corpus workspace, and rustdoc looks for doctests.
                file.contents = file
                    .contents
                    .replace(standalone_table, "")
                    .replace("doctest = false", "doctest = true");
            }
        }
        let dir = ws.join(name);
        write::write_files(&dir, &files).map_err(|e| format!("{name}: {e}"))?;
        for (crate_name, extra) in &roundtrips {
            if crate_name == &name {
                for (relative, contents) in extra {
                    let path = dir.join(relative);
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
                    }
                    // Unchanged files keep their time stamp: a rerun rebuilds nothing.
                    if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
                        std::fs::write(&path, contents)
                            .map_err(|e| format!("{}: {e}", path.display()))?;
                    }
                }
            }
        }
        names.push(name.to_owned());
    }
    Ok(names)
}

/// Tests, documents and lints the hostile crates; returns the failures (empty: all passed).
pub fn check(root: &Path, ws: &Path, names: &[String]) -> Result<Vec<String>, String> {
    let mut failures = Vec::new();
    let packages = |skip: Option<&str>| -> Vec<String> {
        names
            .iter()
            .filter(|n| Some(n.as_str()) != skip)
            .flat_map(|n| ["-p".to_owned(), n.clone()])
            .collect()
    };

    let started = std::time::Instant::now();
    let mut args = vec!["test".to_owned()];
    args.extend(packages(None));
    let (ok, output) = cargo(root, ws, &args, &[])?;
    if !ok {
        failures.push(format!("cargo test failed:\n{}", tail(&output)));
    }
    let doctests = doctests_run(&output);
    if doctests != 0 {
        failures.push(format!(
            "spec text became {doctests} doctest(s):\n{}",
            tail(&output)
        ));
    }
    eprintln!(
        "corpus: hostile crates: cargo test took {:.0?}",
        started.elapsed()
    );

    let started = std::time::Instant::now();
    let mut args = vec!["doc".to_owned(), "--no-deps".to_owned()];
    args.extend(packages(None));
    let (ok, output) = cargo(root, ws, &args, &[("RUSTDOCFLAGS", "-D warnings")])?;
    if !ok {
        failures.push(format!("cargo doc -D warnings failed:\n{}", tail(&output)));
    }
    eprintln!(
        "corpus: hostile crates: cargo doc took {:.0?}",
        started.elapsed()
    );

    let started = std::time::Instant::now();
    let mut args = vec!["clippy".to_owned()];
    args.extend(packages(Some(NOT_LINTED)));
    args.extend(["--all-targets", "--", "-D", "warnings"].map(str::to_owned));
    let (ok, output) = cargo(root, ws, &args, &[])?;
    if !ok {
        failures.push(format!(
            "cargo clippy -D warnings failed:\n{}",
            tail(&output)
        ));
    }
    eprintln!(
        "corpus: hostile crates: cargo clippy took {:.0?}",
        started.elapsed()
    );
    Ok(failures)
}

/// Runs cargo in the corpus workspace with its target directory; (success, stdout + stderr).
fn cargo(
    root: &Path,
    ws: &Path,
    args: &[String],
    envs: &[(&str, &str)],
) -> Result<(bool, String), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let (subcommand, rest) = args.split_first().ok_or("no cargo subcommand")?;
    let mut command = Command::new(cargo);
    command
        .arg(subcommand)
        .arg("--offline")
        .args(rest)
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", root.join("target/corpus/target"))
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS");
    for (key, value) in envs {
        command.env(key, value);
    }
    let output = command
        .output()
        .map_err(|e| format!("running cargo {subcommand}: {e}"))?;
    Ok((
        output.status.success(),
        format!(
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    ))
}

/// The last 150 lines.
fn tail(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    lines[lines.len().saturating_sub(150)..].join("\n")
}

/// Counts the doctests `cargo test` ran: the sum of "running N tests" after each "Doc-tests".
fn doctests_run(output: &str) -> usize {
    let mut total = 0;
    let mut in_doc = false;
    for line in output.lines() {
        if line.trim_start().starts_with("Doc-tests") {
            in_doc = true;
        } else if in_doc && line.starts_with("running ") {
            total += line
                .split_whitespace()
                .nth(1)
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0);
            in_doc = false;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    #[test]
    fn doctests_are_counted() {
        let output = "running 1 test\ntest roundtrip ... ok\n   Doc-tests a\n\nrunning 0 tests\n   Doc-tests b\nrunning 2 tests\n";
        assert_eq!(super::doctests_run(output), 2);
    }
}
