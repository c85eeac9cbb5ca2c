//! A real `build.rs` crate, built by cargo: what a user of `Config::generate` sees.
//!
//! The crate's spec sits in its root (`.generate("petstore.json")`). It checks that a
//! settings file added next to the spec later is noticed (cargo reruns the build script), that
//! nothing reruns when nothing changed, that a spec whose directory holds the target directory
//! does not rerun on every build, that a Swagger 2.0 warning reaches cargo once with the
//! pointer into the user's file, and that a JSON syntax error fails the build with its line
//! and column.
//!
//! The crate compiles only the generator (no client dependencies: the generated file is read,
//! not compiled; `examples/gocrm-buildrs` compiles one), into the target directory the other
//! throw-away crates share (`target/hardening/target`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn repo_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn hardening_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
        .join("hardening")
}

const BUILD_RS: &str = r#"fn main() {
    // The test points the crate at a spec elsewhere through this variable.
    println!("cargo:rerun-if-env-changed=SCRATCH_SPEC");
    let spec = std::env::var("SCRATCH_SPEC").unwrap_or_else(|_| "petstore.json".to_owned());
    match gocrm_codegen::Config::new().file_name("petstore").generate(&spec) {
        Ok(path) => println!("cargo:warning=generated {}", path.display()),
        Err(e) => panic!("generating the client failed:\n{e}"),
    }
}
"#;

const SWAGGER2_DANGLING: &str = r##"{"swagger": "2.0", "info": {"title": "t", "version": "1"},
 "host": "127.0.0.1:8",
 "paths": {"/a": {"get": {"operationId": "getA",
   "responses": {"200": {"description": "x", "schema": {"$ref": "#/definitions/Missing"}}}}}}}
"##;

struct Crate {
    dir: PathBuf,
    target: PathBuf,
}

struct Build {
    ok: bool,
    output: String,
}

impl Build {
    /// Whether cargo ran the build script (`cargo build -v` names it; a fresh build replays
    /// its warnings without running it).
    fn ran(&self) -> bool {
        self.output
            .lines()
            .any(|l| l.trim_start().starts_with("Running `") && l.contains("build-script-build"))
    }

    /// The file the build script generated (or, replayed, last generated).
    fn generated(&self) -> Option<PathBuf> {
        self.output
            .lines()
            .find_map(|l| l.split_once("warning: buildrs-scratch@0.0.0: generated "))
            .map(|(_, path)| PathBuf::from(path.trim()))
    }
}

impl Crate {
    fn new() -> Self {
        let base = hardening_dir();
        let dir = base.join("buildrs");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::create_dir_all(dir.join("src")).unwrap_or_else(|e| panic!("{e}"));
        let codegen = repo_root().join("gocrm-codegen");
        let manifest = format!(
            "[package]\nname = \"buildrs-scratch\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [build-dependencies]\ngocrm-codegen = {{ path = {:?}, default-features = false }}\n\n\
             [workspace]\n",
            codegen.display().to_string()
        );
        let write = |name: &str, text: &str| {
            std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{name}: {e}"))
        };
        write("Cargo.toml", &manifest);
        write("build.rs", BUILD_RS);
        write(
            "src/lib.rs",
            "//! Generates a client in build.rs; the test reads it.\n",
        );
        std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock"))
            .unwrap_or_else(|e| panic!("copy Cargo.lock: {e}"));
        Self {
            dir,
            target: base.join("target"),
        }
    }

    fn write(&self, name: &str, text: &str) {
        // Cargo compares modification times; make sure this one is later than the last build.
        std::thread::sleep(Duration::from_millis(1100));
        std::fs::write(self.dir.join(name), text).unwrap_or_else(|e| panic!("{name}: {e}"));
    }

    fn build(&self, envs: &[(&str, &Path)]) -> Build {
        let mut command = Command::new(env!("CARGO"));
        command
            .args(["build", "--offline", "-v"])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_TERM_COLOR", "never")
            .env_remove("SCRATCH_SPEC")
            .env_remove("RUSTFLAGS");
        for (key, value) in envs {
            command.env(key, value);
        }
        let output = command
            .output()
            .unwrap_or_else(|e| panic!("run cargo: {e}"));
        Build {
            ok: output.status.success(),
            output: format!(
                "{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_build_rs_crate_follows_its_spec_directory_and_reports_in_the_users_terms() {
    let krate = Crate::new();
    std::fs::write(krate.dir.join("petstore.json"), SWAGGER2_DANGLING)
        .unwrap_or_else(|e| panic!("{e}"));

    // 1. The first build generates; the 2.0 warning is one line, at the user's pointer.
    let first = krate.build(&[]);
    assert!(first.ok && first.ran(), "{}", first.output);
    let generated = first
        .generated()
        .unwrap_or_else(|| panic!("{}", first.output));
    assert!(read(&generated).contains("\"https://127.0.0.1:8\""));
    let dangling: Vec<&str> = first
        .output
        .lines()
        .filter(|l| l.contains("Missing"))
        .collect();
    assert_eq!(
        dangling,
        ["warning: buildrs-scratch@0.0.0: petstore.json: #/paths/~1a/get/responses/200/schema/$ref: `$ref` target `#/definitions/Missing` does not exist in this document; any value (serde_json::Value) is accepted in its place"],
        "{}",
        first.output
    );

    // 2. Nothing changed: the build script does not run again.
    let again = krate.build(&[]);
    assert!(again.ok && !again.ran(), "{}", again.output);

    // 3. A settings file created next to the spec (in the crate root) is noticed.
    krate.write("gocrm-codegen.toml", "base_url = \"http://127.0.0.1:9\"\n");
    let with_settings = krate.build(&[]);
    assert!(
        with_settings.ok && with_settings.ran(),
        "the new settings file was not noticed:\n{}",
        with_settings.output
    );
    let regenerated = with_settings
        .generated()
        .unwrap_or_else(|| panic!("{}", with_settings.output));
    assert!(read(&regenerated).contains("\"http://127.0.0.1:9\""));

    // 4. A spec in a directory that holds the target directory: watching that directory
    //    would rerun the build script on every build, so it is not watched.
    let outer = hardening_dir().join("buildrs-outer.json");
    std::fs::write(&outer, SWAGGER2_DANGLING).unwrap_or_else(|e| panic!("{e}"));
    let outer_first = krate.build(&[("SCRATCH_SPEC", &outer)]);
    assert!(
        outer_first.ok && outer_first.ran(),
        "{}",
        outer_first.output
    );
    let outer_again = krate.build(&[("SCRATCH_SPEC", &outer)]);
    assert!(
        outer_again.ok && !outer_again.ran(),
        "the build script reran although nothing changed:\n{}",
        outer_again.output
    );

    // 5. A JSON syntax error fails the build with its line and column, not as YAML.
    krate.write("petstore.json", "{\"swagger\": \"2.0\",}\n");
    let broken = krate.build(&[]);
    assert!(!broken.ok, "{}", broken.output);
    assert!(
        broken
            .output
            .contains("error: petstore.json: #: invalid JSON at line 1, column 19: trailing comma"),
        "{}",
        broken.output
    );
}
