//! `cargo xtask regen` end to end, on a copy of the workspace's `spec/` and
//! `gocrm-generated/` in a temporary directory (no git history, never the real files): the
//! change report, the version warning, the CHANGELOG, `--check`, and `--fetch` against a
//! local HTTP server on 127.0.0.1 (changed spec, same spec, HTML, 404, cut off, empty, slow,
//! redirect).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary workspace holding copies of `spec/` and `gocrm-generated/`.
struct Copy {
    dir: tempfile::TempDir,
}

impl Copy {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["spec", "gocrm-generated"] {
            copy_dir(&workspace().join(sub), &dir.path().join(sub));
        }
        Copy { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn spec(&self) -> Value {
        serde_json::from_str(&self.read("spec/public.json")).unwrap()
    }

    fn write_spec(&self, spec: &Value) {
        std::fs::write(self.path("spec/public.json"), spec_text(spec)).unwrap();
    }

    fn regen(&self, args: &[&str]) -> Run {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = xtask::run_regen(args, self.root(), &mut out, &mut err);
        Run {
            code,
            out: String::from_utf8(out).unwrap(),
            err: String::from_utf8(err).unwrap(),
        }
    }
}

#[derive(Debug)]
struct Run {
    code: u8,
    out: String,
    err: String,
}

/// As spec/public.json is written: 2-space JSON, Cyrillic as is, a final newline.
fn spec_text(spec: &Value) -> String {
    let mut text = serde_json::to_string_pretty(spec).unwrap();
    text.push('\n');
    text
}

/// The committed spec with `Firm.kpp` removed and a status value added.
fn edited_spec(base: &Value) -> Value {
    let mut spec = base.clone();
    spec["definitions"]["Firm"]["properties"]
        .as_object_mut()
        .unwrap()
        .shift_remove("kpp");
    spec["definitions"]["ApiResponse"]["properties"]["status"]["enum"]
        .as_array_mut()
        .unwrap()
        .push(json!("pending"));
    spec
}

#[test]
fn the_committed_copy_is_up_to_date() {
    let ws = Copy::new();
    let run = ws.regen(&["--check"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.out,
        "gocrm-generated is up to date with spec/public.json\n"
    );
    // The record is the spec, byte for byte, and lib.rs carries its hash.
    assert_eq!(
        ws.read("gocrm-generated/spec/public.json"),
        ws.read("spec/public.json")
    );
}

#[test]
fn regen_reports_records_and_keeps_a_changelog() {
    let ws = Copy::new();
    let before = ws.read("gocrm-generated/CHANGELOG.md");
    ws.write_spec(&edited_spec(&ws.spec()));

    // --check: stale files named, the report printed, nothing written.
    let check = ws.regen(&["--check"]);
    assert_eq!(check.code, 1, "{check:?}");
    for stale in [
        "stale: gocrm-generated/src/types.rs",
        "stale: gocrm-generated/spec/public.json",
        "stale: gocrm-generated/CHANGELOG.md",
    ] {
        assert!(
            check.err.lines().any(|l| l == stale),
            "{stale} in\n{}",
            check.err
        );
    }
    assert!(
        check
            .out
            .contains("breaking  field_removed  types::Firm::kpp"),
        "{}",
        check.out
    );
    assert_eq!(ws.read("gocrm-generated/CHANGELOG.md"), before);

    let run = ws.regen(&[]);
    assert_eq!(run.code, 0, "{run:?}");
    let report = &run.out;
    assert!(report.contains("spec/public.json 3.0.2 → spec/public.json 3.0.2: 1 breaking, 1 additive, 0 docs; required bump: major"), "{report}");
    assert!(
        report.contains("warning: breaking changes but info.version went 3.0.2 → 3.0.2: the client needs a major version (at least 4.0.0)"),
        "{report}"
    );
    assert!(report.contains("breaking  field_removed  types::Firm::kpp\n          field `kpp` was removed\n          old: #/definitions/Firm/properties/kpp  new: -"), "{report}");
    assert!(
        report.contains("additive  enum_value_added  types::ApiResponseStatus::Pending"),
        "{report}"
    );
    assert!(
        report.contains("wrote gocrm-generated/src/types.rs"),
        "{report}"
    );

    let changelog = ws.read("gocrm-generated/CHANGELOG.md");
    let entry = "## 3.0.2

Spec SHA-256 `";
    let newest = changelog.find(entry).unwrap();
    assert!(
        newest < changelog.rfind("## 3.0.2").unwrap(),
        "the old entry stays below:\n{changelog}"
    );
    let tail = &changelog[newest..];
    let breaking = tail
        .find("### Breaking\n\n- `types::Firm::kpp`: field `kpp` was removed (`field_removed`)")
        .unwrap();
    let additive = tail
        .find("### Additive\n\n- `types::ApiResponseStatus::Pending`")
        .unwrap();
    assert!(breaking < additive, "{tail}");
    assert!(
        tail.contains("**Warning:** breaking changes but info.version went 3.0.2 → 3.0.2"),
        "{tail}"
    );
    assert!(
        changelog.ends_with(&before[before.find("## 3.0.2").unwrap()..]),
        "{changelog}"
    );

    assert_eq!(
        ws.read("gocrm-generated/spec/public.json"),
        ws.read("spec/public.json")
    );
    assert!(!ws.read("gocrm-generated/src/types.rs").contains("pub kpp"));
    assert_eq!(ws.regen(&["--check"]).code, 0);

    // Again: nothing changed, no report, no new entry.
    let again = ws.regen(&[]);
    assert_eq!(again.code, 0);
    assert!(!again.out.contains("changes for users"), "{}", again.out);
    assert_eq!(ws.read("gocrm-generated/CHANGELOG.md"), changelog);
}

#[test]
fn changelog_is_deterministic() {
    let (a, b) = (Copy::new(), Copy::new());
    for ws in [&a, &b] {
        ws.write_spec(&edited_spec(&ws.spec()));
        assert_eq!(ws.regen(&[]).code, 0);
    }
    assert_eq!(
        a.read("gocrm-generated/CHANGELOG.md"),
        b.read("gocrm-generated/CHANGELOG.md")
    );
}

#[test]
fn a_big_enough_version_bump_has_no_warning() {
    let ws = Copy::new();
    let mut spec = edited_spec(&ws.spec());
    spec["info"]["version"] = json!("4.0.0");
    ws.write_spec(&spec);
    let run = ws.regen(&[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.out.contains("3.0.2 → spec/public.json 4.0.0"),
        "{}",
        run.out
    );
    assert!(
        !run.out.contains("warning:") && !run.err.contains("warning:"),
        "{run:?}"
    );
    assert!(ws
        .read("gocrm-generated/CHANGELOG.md")
        .contains("\n## 4.0.0\n"));
    assert!(ws
        .read("gocrm-generated/Cargo.toml")
        .contains("\nversion = \"4.0.0\"\n"));
}

#[test]
fn without_a_record_regen_starts_one() {
    let ws = Copy::new();
    std::fs::remove_dir_all(ws.path("gocrm-generated/spec")).unwrap();
    let changelog = ws.read("gocrm-generated/CHANGELOG.md");
    assert_eq!(ws.regen(&["--check"]).code, 1);
    let run = ws.regen(&[]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.out
            .starts_with("no record of the spec the committed client was generated from"),
        "{}",
        run.out
    );
    assert_eq!(
        ws.read("gocrm-generated/spec/public.json"),
        ws.read("spec/public.json")
    );
    assert_eq!(ws.read("gocrm-generated/CHANGELOG.md"), changelog);
}

// ---- --fetch against a local server

/// How the test server answers a path.
fn respond(path: &str, spec: &[u8], changed: &[u8], stream: &mut TcpStream) {
    let ok = |stream: &mut TcpStream, kind: &str, body: &[u8]| {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    };
    match path {
        "/same.json" => ok(stream, "application/json", spec),
        "/changed.json" => ok(stream, "application/json", changed),
        "/page.html" => ok(
            stream,
            "text/html; charset=utf-8",
            b"<!DOCTYPE html><html><body><div id=\"swagger-ui\"></div></body></html>",
        ),
        "/html-as-json" => ok(
            stream,
            "application/json",
            b"\n<html><body>Bad gateway</body></html>",
        ),
        "/empty.json" => ok(stream, "application/json", b""),
        "/cut.json" => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                changed.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&changed[..changed.len() / 2]);
        }
        "/unterminated.json" => {
            // No length: the end of the connection ends the body, so only the parser can
            // tell it is cut off.
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&changed[..changed.len() / 2]);
        }
        "/slow.json" => {
            std::thread::sleep(Duration::from_secs(5));
            ok(stream, "application/json", changed);
        }
        "/redirect" => {
            let _ = stream.write_all(
                b"HTTP/1.1 302 Found\r\nLocation: /changed.json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
        _ => {
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
            );
        }
    }
}

/// Serves the routes above on 127.0.0.1 until the test process ends; returns its base URL.
fn serve(spec: Vec<u8>, changed: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (spec, changed) = (spec.clone(), changed.clone());
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                let _ = reader.read_line(&mut request_line);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request_line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .to_owned();
                respond(&path, &spec, &changed, &mut stream);
            });
        }
    });
    base
}

struct Served {
    ws: Copy,
    base: String,
    spec: String,
    changed: String,
}

fn served() -> Served {
    let ws = Copy::new();
    let spec = ws.read("spec/public.json");
    let changed = spec_text(&edited_spec(&ws.spec()));
    let base = serve(spec.clone().into_bytes(), changed.clone().into_bytes());
    Served {
        ws,
        base,
        spec,
        changed,
    }
}

impl Served {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The spec and the generated crate are as they were.
    fn untouched(&self) {
        assert_eq!(self.ws.read("spec/public.json"), self.spec);
        assert_eq!(self.ws.regen(&["--check"]).code, 0);
    }
}

#[test]
fn fetch_check_same_spec_exits_0() {
    let s = served();
    let run = s.ws.regen(&["--fetch", &s.url("/same.json"), "--check"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.out.contains("matches spec/public.json: identical"),
        "{}",
        run.out
    );
    s.untouched();
}

#[test]
fn fetch_check_changed_spec_exits_1_with_the_report_and_writes_nothing() {
    let s = served();
    let run = s.ws.regen(&["--fetch", &s.url("/changed.json"), "--check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.out
            .contains("breaking  field_removed  types::Firm::kpp"),
        "{}",
        run.out
    );
    assert!(
        run.out
            .contains(&format!("→ {} 3.0.2", s.url("/changed.json"))),
        "{}",
        run.out
    );
    s.untouched();
}

#[test]
fn fetch_replaces_the_spec_regenerates_and_adds_a_changelog_entry() {
    let s = served();
    let run = s.ws.regen(&["--fetch", &s.url("/changed.json")]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(s.ws.read("spec/public.json"), s.changed);
    assert!(
        run.out.contains(&format!(
            "replaced spec/public.json with {}",
            s.url("/changed.json")
        )),
        "{}",
        run.out
    );
    assert!(
        run.out
            .contains("breaking  field_removed  types::Firm::kpp"),
        "{}",
        run.out
    );
    assert!(
        run.out
            .contains("warning: breaking changes but info.version went 3.0.2 → 3.0.2"),
        "{}",
        run.out
    );
    assert!(s
        .ws
        .read("gocrm-generated/CHANGELOG.md")
        .contains("- `types::Firm::kpp`: field `kpp` was removed"));
    assert_eq!(s.ws.read("gocrm-generated/spec/public.json"), s.changed);
    assert_eq!(s.ws.regen(&["--check"]).code, 0);
    // No temporary file is left next to the spec.
    let names: Vec<String> = std::fs::read_dir(s.ws.path("spec"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn fetch_same_spec_changes_nothing() {
    let s = served();
    let run = s.ws.regen(&["--fetch", &s.url("/same.json")]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.out.contains("spec/public.json is already what"),
        "{}",
        run.out
    );
    assert!(run.out.contains("(0 file(s) changed)"), "{}", run.out);
    s.untouched();
}

#[test]
fn fetch_follows_redirects() {
    let s = served();
    let run = s.ws.regen(&["--fetch", &s.url("/redirect"), "--check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.out.contains("types::Firm::kpp"), "{}", run.out);
}

#[test]
fn fetch_refuses_what_is_not_a_spec() {
    let s = served();
    let cases = [
        (
            "/page.html",
            "sent an HTML page (text/html; charset=utf-8), not a spec",
        ),
        (
            "/html-as-json",
            "sent an HTML page (application/json), not a spec",
        ),
        ("/missing.json", "the server answered 404 Not Found"),
        ("/empty.json", "sent an empty body, not a spec"),
        ("/cut.json", "the body was cut off"),
        ("/unterminated.json", "is not a loadable spec"),
    ];
    for (path, why) in cases {
        let url = s.url(path);
        let check = s.ws.regen(&["--fetch", &url, "--check"]);
        assert_eq!(check.code, 2, "{path}: {check:?}");
        assert!(
            check.err.contains(why),
            "{path}: expected `{why}` in\n{}",
            check.err
        );
        assert!(
            check.err.contains("spec/public.json is unchanged"),
            "{}",
            check.err
        );
        let write = s.ws.regen(&["--fetch", &url]);
        assert_eq!(write.code, 1, "{path}: {write:?}");
        assert!(write.err.contains(why), "{path}: {}", write.err);
        s.untouched();
    }
}

#[test]
fn fetch_gives_up_on_a_slow_server() {
    let s = served();
    let started = std::time::Instant::now();
    let run =
        s.ws.regen(&["--fetch", &s.url("/slow.json"), "--timeout", "0.5"]);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.err.contains("timed out"), "{}", run.err);
    s.untouched();
}

#[test]
fn fetch_defaults_to_the_source_url_setting() {
    let s = served();
    let settings = s.ws.path("spec/gocrm-codegen.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("source_url = "))
        .unwrap();
    let text = text.replace(
        line,
        &format!("source_url = \"{}\"", s.url("/changed.json")),
    );
    std::fs::write(&settings, text).unwrap();
    let run = s.ws.regen(&["--fetch", "--check"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.err
            .contains(&format!("fetching {}", s.url("/changed.json"))),
        "{}",
        run.err
    );

    std::fs::write(&settings, "").unwrap();
    let run = s.ws.regen(&["--fetch", "--check"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.err.contains("no URL"), "{}", run.err);
}

#[test]
fn the_real_settings_name_the_published_spec() {
    let text = std::fs::read_to_string(workspace().join("spec/gocrm-codegen.toml")).unwrap();
    assert!(
        text.lines()
            .any(|l| l == "source_url = \"https://beta.go-crm.ru/public.json\""),
        "{text}"
    );
}

#[test]
fn usage_errors() {
    let ws = Copy::new();
    assert_eq!(ws.regen(&["--timeout", "3"]).code, 2);
    assert_eq!(ws.regen(&["--fetch", "--timeout", "never"]).code, 2);
    let run = ws.regen(&["--frobnicate"]);
    assert_eq!(run.code, 2);
    assert!(
        run.err.contains("unknown argument `--frobnicate`"),
        "{}",
        run.err
    );
}
