//! Every Rust snippet in README.md is code that compiles: each ```rust block appears verbatim
//! in one of the files below, which `cargo test --workspace` and `cargo clippy --all-targets`
//! build (Cargo examples, a build script, a library). Editing one without the other fails here.

use std::path::PathBuf;

/// The compiled files the README quotes.
const SNIPPET_FILES: &[&str] = &[
    "gocrm-generated/examples/readme_usage.rs",
    "gocrm-generated/examples/readme_builder.rs",
    "gocrm-generated/tests/readme_mock.rs",
    "examples/gocrm-buildrs/build.rs",
    "examples/gocrm-buildrs/src/lib.rs",
    "examples/gocrm-partner/examples/readme_credentials.rs",
    // Run by tests/streams.rs in the crate generated from tests/fixtures/streams/items_32.yaml.
    "gocrm-codegen/tests/fixtures/streams/readme_streams.rs",
];

fn repo_file(relative: &str) -> String {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The ```rust blocks of a Markdown text: (info string, body).
fn rust_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match &mut current {
            None => {
                // Any block with an info string is followed to its end (other languages'
                // too, so their contents are not read as Markdown).
                if let Some(info) = line.strip_prefix("```").filter(|i| !i.is_empty()) {
                    current = Some((info.to_owned(), String::new()));
                }
            }
            Some((info, body)) => {
                if line == "```" {
                    if info.starts_with("rust") {
                        blocks.push((info.clone(), std::mem::take(body)));
                    }
                    current = None;
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    blocks
}

#[test]
fn every_readme_rust_snippet_is_compiled_code() {
    let readme = repo_file("README.md");
    let files: Vec<(&str, String)> = SNIPPET_FILES.iter().map(|f| (*f, repo_file(f))).collect();
    let blocks = rust_blocks(&readme);
    assert!(blocks.len() >= 4, "found only {} rust blocks", blocks.len());
    let mut used = vec![false; files.len()];
    for (info, body) in &blocks {
        // Pasted, it must compile: no `ignore`, no rustdoc-only hidden lines.
        assert_eq!(info, "rust", "a README snippet marked `{info}`:\n{body}");
        assert!(
            !body.lines().any(|l| l == "#" || l.starts_with("# ")),
            "rustdoc's hidden lines do not paste:\n{body}"
        );
        // Nothing that panics on an empty list or turns a missing id into 0.
        assert!(
            !body.contains("[0]") && !body.contains("unwrap_or_default"),
            "{body}"
        );
        let found = files
            .iter()
            .position(|(_, text)| text.contains(body.as_str()));
        match found {
            Some(i) => used[i] = true,
            None => panic!(
                "this README snippet is not in any of {SNIPPET_FILES:?} (keep them the same):\n{body}"
            ),
        }
    }
    for ((file, _), used) in files.iter().zip(used) {
        assert!(used, "{file} is listed but the README quotes none of it");
    }
}

#[test]
fn blocks_are_found() {
    let text = "a\n```rust\nfn a() {}\n```\n```toml\n[x]\n```\n```rust,ignore\nb\n```\n";
    assert_eq!(
        rust_blocks(text),
        [
            ("rust".to_owned(), "fn a() {}\n".to_owned()),
            ("rust,ignore".to_owned(), "b\n".to_owned())
        ]
    );
}
