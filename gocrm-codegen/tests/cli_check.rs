//! `gocrm-codegen check`: every problem with the file, a JSON pointer and one line saying
//! what is wrong; warnings for fallbacks; exit codes 0 / 1 / 2 as for `generate`.

use std::path::Path;
use std::process::Command;

struct Run {
    code: Option<i32>,
    stderr: String,
}

fn check(name: &str, spec: &str, extra: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join(name);
    std::fs::write(&file, spec).unwrap_or_else(|e| panic!("{e}"));
    run(dir.path(), &[&["check", "--spec", name], extra].concat())
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_gocrm-codegen"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    Run {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn assert_line(run: &Run, expected: &str) {
    assert!(
        run.stderr.lines().any(|l| l == expected),
        "expected the line\n  {expected}\nin\n{}",
        run.stderr
    );
}

#[test]
fn swagger_as_a_number() {
    let run = check(
        "root.yaml",
        "swagger: 2\ninfo: {title: t, version: \"1\"}\npaths: {}\n",
        &[],
    );
    assert_eq!(run.code, Some(1));
    assert_line(
        &run,
        "error: root.yaml: #/swagger: `swagger` is the number 2; write the string \"2.0\"",
    );
}

#[test]
fn no_openapi_at_the_root() {
    let run = check(
        "none.yaml",
        "info: {title: t, version: \"1\"}\npaths: {}\n",
        &[],
    );
    assert_eq!(run.code, Some(1));
    assert_line(&run, "error: none.yaml: #: neither `openapi` nor `swagger` is set at the top of the document; this is not an OpenAPI or Swagger document");
}

#[test]
fn yaml_tab() {
    let run = check(
        "tab.yaml",
        "openapi: 3.0.0\ninfo:\n\ttitle: t\n  version: \"1\"\npaths: {}\n",
        &[],
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.starts_with("error: tab.yaml: #: invalid YAML: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "line 3 is indented with a TAB, which YAML does not allow (indent with spaces)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn ref_to_a_missing_schema() {
    let spec = r##"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Missing"}}}}}}}}}"##;
    // A warning with a fallback (real documents have these); an error under --strict.
    let run = check("ref.json", spec, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_line(&run, "warning: ref.json: #/paths/~1a/get/responses/200/content/application~1json/schema/$ref: `$ref` target `#/components/schemas/Missing` does not exist in this document; any value (serde_json::Value) is accepted in its place");
    // One problem, one diagnostic (the IR's fallback does not repeat it).
    assert_eq!(run.stderr.lines().count(), 2, "{}", run.stderr);
    let strict = check("ref.json", spec, &["--strict"]);
    assert_eq!(strict.code, Some(1), "{}", strict.stderr);
    assert_line(&strict, "error: ref.json: #/paths/~1a/get/responses/200/content/application~1json/schema/$ref: `$ref` target `#/components/schemas/Missing` does not exist in this document; any value (serde_json::Value) is accepted in its place");
}

#[test]
fn swagger2_dangling_ref_is_one_warning_at_the_users_pointer() {
    let spec = r##"{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"x","schema":{"$ref":"#/definitions/Missing"}}}}}}}"##;
    let run = check("ref2.json", spec, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // Not a second one at the converted `…/content/application~1json/schema/$ref`.
    assert_eq!(
        run.stderr,
        "warning: ref2.json: #/paths/~1a/get/responses/200/schema/$ref: `$ref` target `#/definitions/Missing` does not exist in this document; any value (serde_json::Value) is accepted in its place\nref2.json: ok (1 warning(s))\n"
    );
    let strict = check("ref2.json", spec, &["--strict"]);
    assert_eq!(strict.code, Some(1), "{}", strict.stderr);
    assert_eq!(
        strict.stderr.matches("error: ").count(),
        1,
        "{}",
        strict.stderr
    );
}

#[test]
fn swagger2_fallbacks_name_definitions_and_body_parameters() {
    let spec = r##"{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{"/a":{"post":{"parameters":[{"name":"q","in":"query","type":"string"},{"name":"b","in":"body","schema":{"type":"object","properties":{"n":{"not":{}}}}},{"$ref":"#/parameters/Gone"}],"responses":{"200":{"description":"x","schema":{"$ref":"#/definitions/X"}},"404":{"$ref":"#/responses/NotFound"}}}}},"definitions":{"X":{"type":"object","properties":{"y":{"not":{"type":"string"}}}}}}"##;
    let run = check("fallback2.json", spec, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let expected = [
        "warning: fallback2.json: #/paths/~1a/post/parameters/2/$ref: `$ref` target `#/parameters/Gone` does not exist in this document; the parameter is left out",
        "warning: fallback2.json: #/paths/~1a/post/responses/404/$ref: `$ref` target `#/responses/NotFound` does not exist in this document; the response body is returned as bytes",
        "warning: fallback2.json: #/definitions/X/properties/y: `not` is not supported: using serde_json::Value",
        "warning: fallback2.json: #/paths/~1a/post/parameters/1/schema/properties/n: `not` is not supported: using serde_json::Value",
        "fallback2.json: ok (4 warning(s))",
    ];
    let mut lines: Vec<&str> = run.stderr.lines().collect();
    let mut want = expected.to_vec();
    lines.sort_unstable();
    want.sort_unstable();
    assert_eq!(lines, want, "{}", run.stderr);
}

#[test]
fn json_with_a_syntax_error_is_not_read_as_yaml() {
    // YAML's flow style accepts a trailing comma; a document opening with `{` is JSON.
    let run = check("comma.json", "{\"a\": 1,}", &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: comma.json: #: invalid JSON at line 1, column 9: trailing comma\n"
    );
    let spec = "{\n  \"openapi\": \"3.0.0\",\n  // a comment\n  \"paths\": {}\n}\n";
    let run = check("comment.yaml", spec, &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_line(
        &run,
        "error: comment.yaml: #: invalid JSON at line 3, column 3: key must be a string",
    );
}

#[test]
fn path_parameter_not_in_the_template() {
    let spec = r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a/{id}":{"get":{"parameters":[{"name":"ident","in":"path","required":true,"schema":{"type":"integer"}}],"responses":{"200":{"description":"x"}}}}}}"#;
    let run = check("param.json", spec, &[]);
    assert_line(&run, "warning: param.json: #/paths/~1a~1{id}/get/parameters/0: path parameter `ident` does not appear in the path template `/a/{id}`");
    assert_line(&run, "warning: param.json: #/paths/~1a~1{id}/get: path template `/a/{id}` uses `{id}` but no `in: path` parameter `id` is declared");
    // Reported, but as warnings: the client still works (the template is sent as written).
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let strict = check("param.json", spec, &["--strict"]);
    assert_eq!(strict.code, Some(1), "{}", strict.stderr);
}

#[test]
fn fallbacks_are_warnings_and_errors_under_strict() {
    let spec = r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"not":{"type":"string"}}}}}}}}}}"#;
    let line = "warning: warn.json: #/paths/~1a/get/responses/200/content/application~1json/schema: `not` is not supported: using serde_json::Value";
    let run = check("warn.json", spec, &[]);
    assert_eq!(run.code, Some(0));
    assert_line(&run, line);
    assert_line(&run, "warn.json: ok (1 warning(s))");
    let strict = check("warn.json", spec, &["--strict"]);
    assert_eq!(strict.code, Some(1));
    assert_line(&strict, &line.replacen("warning:", "error:", 1));
}

#[test]
fn unreadable_file_and_usage() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let missing = run(dir.path(), &["check", "--spec", "nope.yaml"]);
    assert_eq!(missing.code, Some(1));
    assert!(missing
        .stderr
        .starts_with("error: nope.yaml: #: cannot read the file: "));
    let usage = run(dir.path(), &["check"]);
    assert_eq!(usage.code, Some(2));
}

#[test]
fn settings_file_mistakes_name_the_key() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("api.json"),
        r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("gocrm-codegen.toml"), "lenient = false\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let found = run(dir.path(), &["check", "--spec", "api.json"]);
    assert_eq!(found.code, Some(1));
    assert!(
        found
            .stderr
            .contains("gocrm-codegen.toml: line 1, column 1: unknown field `lenient`"),
        "{}",
        found.stderr
    );
    let skipped = run(dir.path(), &["check", "--spec", "api.json", "--no-config"]);
    assert_eq!(skipped.code, Some(0), "{}", skipped.stderr);
}

/// The README's `check` example is what `check` prints for these files, severities included
/// (`…` stands for text the README leaves out).
#[test]
fn the_readme_shows_what_check_prints() {
    let inputs: &[(&str, &str)] = &[
        (
            "root.yaml",
            "swagger: 2\ninfo: {title: t, version: \"1\"}\npaths: {}\n",
        ),
        (
            "tab.yaml",
            "openapi: 3.0.0\ninfo:\n\ttitle: t\n  version: \"1\"\npaths: {}\n",
        ),
        ("comma.json", "{\"a\": 1,}"),
        (
            "ref.json",
            r##"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"x","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Missing"}}}}}}}}}"##,
        ),
        (
            "ref2.json",
            r##"{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"x","schema":{"$ref":"#/definitions/Missing"}}}}}}}"##,
        ),
        (
            "param.json",
            r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a/{id}":{"get":{"parameters":[{"name":"ident","in":"path","required":true,"schema":{"type":"integer"}}],"responses":{"200":{"description":"x"}}}}}}"#,
        ),
    ];
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    let from = readme
        .find("`check` prints every problem as")
        .unwrap_or_else(|| panic!("the README's check section is gone"));
    let block = readme[from..]
        .split("```text\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .unwrap_or_else(|| panic!("no text block after the check section"));
    let lines: Vec<&str> = block.lines().collect();
    assert_eq!(lines.len(), inputs.len(), "{block}");
    for (line, (name, spec)) in lines.iter().zip(inputs) {
        assert!(
            line.contains(&format!(": {name}: ")),
            "{line} is not about {name}"
        );
        let run = check(name, spec, &[]);
        let printed = run.stderr.lines().any(|printed| {
            // `…` in the README: any text; the rest must be there, in order.
            let mut rest = printed;
            line.split('…').enumerate().all(|(i, part)| {
                let part = if i == 0 { part } else { part.trim_start() };
                match rest.find(part) {
                    Some(at) if i > 0 || at == 0 => {
                        rest = &rest[at + part.len()..];
                        true
                    }
                    _ => false,
                }
            }) && rest.is_empty()
        });
        assert!(
            printed,
            "the README says\n  {line}\ncheck printed\n{}",
            run.stderr
        );
    }
}
