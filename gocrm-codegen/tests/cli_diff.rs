//! `gocrm-codegen diff OLD NEW`: the three formats, `--fail-on`, and the exit codes (0
//! compared, 1 failed to load or `--fail-on` matched, 2 usage).

use std::path::Path;
use std::process::Command;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_gocrm-codegen"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

const OLD: &str = r##"openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
        tag: {type: string}
"##;

/// `tag` removed (breaking), `age` added (additive), a description (docs), version 1.0.1.
const NEW: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Pets", "version": "1.0.1"},
  "paths": {"/pets": {"get": {
    "operationId": "listPets",
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}
  }}},
  "components": {"schemas": {"Pet": {
    "type": "object",
    "description": "A pet.",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}
  }}}
}"##;

fn pair() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.yaml"), OLD).unwrap();
    std::fs::write(dir.path().join("new.json"), NEW).unwrap();
    dir
}

#[test]
fn text_is_the_default() {
    let dir = pair();
    let r = run(dir.path(), &["diff", "old.yaml", "new.json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.starts_with("old.yaml 1.0.0 → new.json 1.0.1: 1 breaking, 1 additive, 1 docs; required bump: major\n"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("warning: breaking changes but info.version went 1.0.0 → 1.0.1"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("breaking  field_removed  types::Pet::tag\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("old: #/components/schemas/Pet/properties/tag  new: -"),
        "{}",
        r.stdout
    );
}

#[test]
fn json_has_the_documented_shape() {
    let dir = pair();
    let r = run(
        dir.path(),
        &["diff", "old.yaml", "new.json", "--format", "json"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["old_version"], "1.0.0");
    assert_eq!(v["new_version"], "1.0.1");
    assert_eq!(v["required_bump"], "major");
    assert_eq!(v["version_ok"], false);
    assert_eq!(
        v["summary"],
        serde_json::json!({"breaking": 1, "additive": 1, "docs": 1})
    );
    let kinds: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["field_removed", "field_added", "type_docs_changed"]);
    assert_eq!(v["changes"][1]["item"], "types::Pet::age");
    assert_eq!(v["changes"][1]["old"], serde_json::Value::Null);
    assert_eq!(
        v["changes"][1]["new"],
        "#/components/schemas/Pet/properties/age"
    );
}

#[test]
fn markdown_groups_by_class() {
    let dir = pair();
    let r = run(
        dir.path(),
        &["diff", "old.yaml", "new.json", "--format", "markdown"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let expected = "1.0.0 → 1.0.1: 1 breaking, 1 additive, 1 docs; required bump: **major**.

**Warning:** breaking changes but info.version went 1.0.0 → 1.0.1: the client needs a major version (at least 2.0.0).

### Breaking

- `types::Pet::tag`: field `tag` was removed (`field_removed`)

### Additive

- `types::Pet::age`: new field `age: Option<i64>` (optional) (`field_added`)

### Docs

- `types::Pet`: description changed (`type_docs_changed`)
";
    assert_eq!(r.stdout, expected);
}

#[test]
fn fail_on_breaking() {
    let dir = pair();
    let r = run(
        dir.path(),
        &["diff", "old.yaml", "new.json", "--fail-on", "breaking"],
    );
    assert_eq!(r.code, Some(1));
    // Backwards there is a breaking change too (age removed).
    let r = run(
        dir.path(),
        &["diff", "new.json", "old.yaml", "--fail-on", "breaking"],
    );
    assert_eq!(r.code, Some(1));
    // The same document: nothing to fail on, whatever the class.
    let r = run(
        dir.path(),
        &["diff", "old.yaml", "old.yaml", "--fail-on", "docs"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("0 breaking, 0 additive, 0 docs; required bump: none"),
        "{}",
        r.stdout
    );
}

#[test]
fn fail_on_additive_ignores_docs_only_changes() {
    let dir = pair();
    let docs_only = OLD.replace("    Pet:\n", "    Pet:\n      description: A pet.\n");
    std::fs::write(dir.path().join("docs.yaml"), docs_only).unwrap();
    let r = run(
        dir.path(),
        &["diff", "old.yaml", "docs.yaml", "--fail-on", "additive"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    let r = run(
        dir.path(),
        &["diff", "old.yaml", "docs.yaml", "--fail-on", "docs"],
    );
    assert_eq!(r.code, Some(1), "{}", r.stdout);
}

#[test]
fn unreadable_document_is_an_error_naming_it() {
    let dir = pair();
    let r = run(dir.path(), &["diff", "old.yaml", "missing.json"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .starts_with("error: missing.json: #: cannot read the file:"),
        "{}",
        r.stderr
    );
    std::fs::write(dir.path().join("broken.json"), "{\"openapi\": ").unwrap();
    let r = run(dir.path(), &["diff", "broken.json", "new.json"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.starts_with("error: broken.json: #"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    let dir = pair();
    assert_eq!(run(dir.path(), &["diff", "old.yaml"]).code, Some(2));
    assert_eq!(
        run(
            dir.path(),
            &["diff", "old.yaml", "new.json", "--format", "xml"]
        )
        .code,
        Some(2)
    );
    assert_eq!(
        run(
            dir.path(),
            &["diff", "old.yaml", "new.json", "--fail-on", "sometimes"]
        )
        .code,
        Some(2)
    );
}

#[test]
fn settings_apply_to_both_documents() {
    // With envelopes unwrapped (the default) a `{status, data}` response returns `data`;
    // `--no-envelope` compares both documents without, so the change is to the struct.
    let dir = tempfile::tempdir().unwrap();
    let doc = |data: &str| {
        format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1.0.0"}},
            "paths": {{"/a": {{"get": {{"operationId": "getA", "responses": {{"200": {{"description": "ok",
            "content": {{"application/json": {{"schema": {{"type": "object", "properties": {{"status": {{"type": "string"}}, "data": {{"type": "{data}"}}}}}}}}}}}}}}}}}}}}}}"#
        )
    };
    std::fs::write(dir.path().join("a.json"), doc("string")).unwrap();
    std::fs::write(dir.path().join("b.json"), doc("integer")).unwrap();
    let r = run(
        dir.path(),
        &["diff", "a.json", "b.json", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["changes"][0]["kind"], "response_type_changed",
        "{}",
        r.stdout
    );
    let r = run(
        dir.path(),
        &[
            "diff",
            "a.json",
            "b.json",
            "--format",
            "json",
            "--no-envelope",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        v["changes"][0]["kind"], "field_type_changed",
        "{}",
        r.stdout
    );
    assert_eq!(
        v["changes"][0]["item"], "types::GetAResponse::data",
        "{}",
        r.stdout
    );
}
