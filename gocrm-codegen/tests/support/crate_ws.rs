//! Generated crates in one throw-away cargo workspace with one target dir, so their
//! dependencies compile once per machine (the dir lives under the workspace's `target/`). The
//! repository's `Cargo.lock` is copied in, so everything resolves offline from the local cache.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use gocrm_codegen::{generate_standalone_crate, load::load_str, Settings};

pub struct Workspace {
    pub root: PathBuf,
    pub target: PathBuf,
    members: Vec<String>,
}

fn repo_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn target_root() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

impl Workspace {
    /// A fresh workspace at `target/hardening/<name>` (sources replaced); all such workspaces
    /// share the build cache `target/hardening/target`.
    pub fn new(name: &str) -> Self {
        let base = target_root().join("hardening");
        let root = base.join(name);
        if root.exists() {
            std::fs::remove_dir_all(&root).expect("clear the old workspace");
        }
        std::fs::create_dir_all(&root).expect("create the workspace");
        Self {
            root,
            target: base.join("target"),
            members: Vec::new(),
        }
    }

    /// Loads `spec` and writes its generated crate as member `crate_name`. `doctest` turns the
    /// generated `[lib] doctest = false` on, so `cargo test` would find any doctest.
    pub fn add(&mut self, crate_name: &str, spec: &str, settings: &Settings, doctest: bool) {
        let loaded = load_str(spec, &format!("{crate_name}.json"))
            .unwrap_or_else(|e| panic!("{crate_name}: the spec does not load:\n{e}"));
        let generated = generate_standalone_crate(&loaded, settings, crate_name, "regen")
            .unwrap_or_else(|e| panic!("{crate_name}: generation failed:\n{e}"));
        let dir = self.root.join(crate_name);
        for file in &generated.files {
            let mut contents = file.contents.clone();
            if file.path == Path::new("Cargo.toml") {
                // A member of this workspace instead of standalone.
                contents = contents.replace("\n[workspace]\n", "\n");
                if doctest {
                    contents = contents.replace("doctest = false", "doctest = true");
                }
            }
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(&path, contents).expect("write a generated file");
        }
        self.members.push(crate_name.to_owned());
    }

    /// Appends a `[dev-dependencies]` table (`dependencies`: its lines) to a member's generated
    /// manifest, for the tests written into it.
    pub fn add_dev_dependencies(&self, crate_name: &str, dependencies: &str) {
        let path = self.root.join(crate_name).join("Cargo.toml");
        let manifest = std::fs::read_to_string(&path).expect("the generated manifest");
        std::fs::write(
            &path,
            format!("{manifest}\n[dev-dependencies]\n{dependencies}"),
        )
        .expect("write the manifest");
    }

    /// Writes an extra file into a member (e.g. an integration test).
    pub fn write(&self, crate_name: &str, relative: &str, contents: &str) {
        let path = self.root.join(crate_name).join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
    }

    fn finish(&self) {
        let members: Vec<String> = self.members.iter().map(|m| format!("{m:?}")).collect();
        std::fs::write(
            self.root.join("Cargo.toml"),
            format!(
                "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
                members.join(", ")
            ),
        )
        .expect("workspace manifest");
        std::fs::copy(repo_root().join("Cargo.lock"), self.root.join("Cargo.lock"))
            .expect("copy Cargo.lock");
    }

    /// Runs `cargo <args>` in the workspace; returns (success, stdout + stderr).
    pub fn cargo(&self, args: &[&str], envs: &[(&str, &str)]) -> (bool, String) {
        self.finish();
        let mut command = Command::new(env!("CARGO"));
        // `--offline` goes right after the subcommand, before any `--`.
        let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
        command
            .arg(subcommand)
            .arg("--offline")
            .args(rest)
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_TERM_COLOR", "never")
            .env_remove("RUSTFLAGS")
            .env_remove("RUSTDOCFLAGS");
        for (key, value) in envs {
            command.env(key, value);
        }
        let output = command.output().expect("run cargo");
        let text = format!(
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.success(), text)
    }

    /// Runs cargo and panics with its output (tail) on failure.
    pub fn cargo_ok(&self, args: &[&str], envs: &[(&str, &str)]) -> String {
        let (ok, text) = self.cargo(args, envs);
        if !ok {
            let tail: String = text
                .lines()
                .rev()
                .take(150)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n");
            panic!(
                "cargo {} failed in {}:\n{tail}",
                args.join(" "),
                self.root.display()
            );
        }
        text
    }
}

/// Counts the doctests `cargo test` ran: the sum of "running N tests" after each "Doc-tests".
pub fn doctests_run(output: &str) -> usize {
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
