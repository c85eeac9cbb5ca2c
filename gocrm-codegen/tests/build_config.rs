//! The build.rs front end (`Config`), the settings file, and the single-file output.

use std::path::{Path, PathBuf};

use gocrm_codegen::{generate_single_file, load, Config, Settings};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn generate_with(config: &mut Config, spec: &Path) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = config
        .cargo_output(false)
        .out_dir(dir.path())
        .file_name("api")
        .generate(spec)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out, dir.path().join("api.rs"));
    std::fs::read_to_string(out).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn single_file_has_no_inner_attributes_and_inline_modules() {
    let spec =
        load::load_path(&fixture("../../../spec/public.json")).unwrap_or_else(|e| panic!("{e}"));
    let (text, _) =
        generate_single_file(&spec, &Settings::default(), "test").unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !text.contains("#!["),
        "inner attribute in the include! file"
    );
    let file: syn::File = syn::parse_str(&text).unwrap_or_else(|e| panic!("{e}"));
    // `include!` refuses inner attributes (`//!` docs too) at the top of the file; inline
    // modules (the runtime's `pub mod error { //! … }`) may have them.
    assert!(
        file.attrs.is_empty(),
        "inner attribute in the include! file"
    );
    let modules: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if m.content.is_some() => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(modules, ["types", "client", "mock", "runtime"]);
    assert!(text.contains("pub const DEFAULT_BASE_URL"));
}

#[test]
fn settings_file_next_to_the_spec_is_read() {
    let text = generate_with(&mut Config::new(), &fixture("settings/api.yaml"));
    assert!(
        text.contains("pub type DateTime = std::string::String;"),
        "{text}"
    );
    assert!(text.contains("#[derive(Eq)]"), "{text}");
    assert!(text.contains("\"http://127.0.0.1:9\""), "{text}");
}

#[test]
fn builder_overrides_the_file_and_replaces_schemas() {
    let text = generate_with(
        Config::new()
            .base_url("http://127.0.0.1:10")
            .replace_schema("Owner", "serde_json::Value")
            .derive("Hash"),
        &fixture("settings/api.yaml"),
    );
    assert!(text.contains("\"http://127.0.0.1:10\""), "{text}");
    assert!(
        text.contains("pub type Owner = serde_json::Value;"),
        "{text}"
    );
    assert!(text.contains("#[derive(Eq, Hash)]"), "{text}");
}

#[test]
fn no_settings_file_means_defaults() {
    let text = generate_with(
        Config::new().no_settings_file(),
        &fixture("settings/api.yaml"),
    );
    assert!(!text.contains("pub type DateTime"), "{text}");
    assert!(text.contains("\"https://api.example.com/v1\""), "{text}");
}

#[test]
fn bad_settings_are_errors() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("s.toml");
    std::fs::write(&file, "strict = true\nenvelope = false\n").unwrap_or_else(|e| panic!("{e}"));
    let err = Config::new()
        .cargo_output(false)
        .out_dir(dir.path())
        .settings_file(&file)
        .generate(fixture("settings/api.yaml"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("unknown field `envelope`"), "{err}");
    assert!(err.contains("s.toml"), "{err}");

    let err = Config::new()
        .cargo_output(false)
        .out_dir(dir.path())
        .derive("Eq)] struct Evil; #[derive(Debug")
        .generate(fixture("settings/api.yaml"))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("setting `derives`"), "{err}");
}

#[test]
fn spec_errors_carry_pointers() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = dir.path().join("bad.json");
    std::fs::write(
        &spec,
        r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {"200": {"description": "x", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}}}}"##,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // A dangling `$ref` is a warning by default; under `strict` it fails the build.
    let err = Config::new()
        .cargo_output(false)
        .strict(true)
        .out_dir(dir.path())
        .generate(&spec)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("bad.json: #/paths/~1a/get/responses/200"),
        "{err}"
    );
}

#[test]
fn swagger2_warnings_point_at_the_users_text_once() {
    let spec = load::load_str(
        r##"{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"x","schema":{"$ref":"#/definitions/Missing"}}}}}}}"##,
        "ref2.json",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (_, warnings) =
        generate_single_file(&spec, &Settings::default(), "test").unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        ["warning: ref2.json: #/paths/~1a/get/responses/200/schema/$ref: `$ref` target `#/definitions/Missing` does not exist in this document; any value (serde_json::Value) is accepted in its place"]
    );
    assert_eq!(
        spec.source_pointer("#/components/schemas/Pet/properties/id"),
        "#",
        "a place that is not in the document is cut back to what is"
    );
}

#[test]
fn a_json_syntax_error_fails_the_build_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = dir.path().join("api.json");
    std::fs::write(&spec, "{\"openapi\": \"3.0.0\",\n \"paths\": {},\n}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let err = Config::new()
        .cargo_output(false)
        .out_dir(dir.path())
        .generate(&spec)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert_eq!(
        err,
        format!(
            "error: {}: #: invalid JSON at line 3, column 1: trailing comma",
            spec.display()
        )
    );
}
