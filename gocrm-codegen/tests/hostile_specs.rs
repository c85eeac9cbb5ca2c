//! Specs written to break the generator (`support/hostile_cases.rs`): text that tries to close
//! a literal or a comment and start code, Markdown that would become a doctest, control
//! characters, a 10 MB description, 200-deep nesting, a 1,500-type by-value `$ref` chain,
//! `$ref` cycles through `allOf`, a 10,000-value enum, hostile names.
//!
//! Here (every `cargo test`): each spec loads, generates, and its files hold the invariants of
//! `support/invariants.rs` (parse, no `unsafe`, spec text never code, no code block in docs).
//!
//! Compiling them is the corpus step's (`cargo xtask corpus --check`, `xtask/src/hostile.rs`),
//! which shares the corpus workspace's build: the crates, with doctests switched on, must pass
//! `cargo test` (0 doctests; the round-trip tests of `hostile_cases::roundtrip_files`),
//! `cargo doc` with `-D warnings` and `cargo clippy --all-targets -D warnings` (all but the
//! 10 MB crate).

#[path = "support/hostile_cases.rs"]
mod hostile_cases;
#[path = "support/invariants.rs"]
mod invariants;

use gocrm_codegen::{generate_crate_sources, load::load_str, Settings};
use hostile_cases::{base_doc, cases, schemas};
use serde_json::{json, Value};

/// Identifiers that appear only inside hostile spec text.
const MARKERS: &[&str] = &["evil", "pwned"];

fn generate_and_check(name: &str, doc: &Value, settings: &Settings) {
    let started = std::time::Instant::now();
    let text = serde_json::to_string(doc).expect("serialise the spec");
    let spec = load_str(&text, name).unwrap_or_else(|e| panic!("{name}: does not load:\n{e}"));
    let generated = generate_crate_sources(&spec, settings, "regen")
        .unwrap_or_else(|e| panic!("{name}: does not generate:\n{e}"));
    let files = generated
        .files
        .iter()
        .map(|f| (f.path.to_str().unwrap_or(""), f.contents.as_str()));
    if let Err(e) = invariants::check_files(files, MARKERS) {
        panic!("{name}: {e}");
    }
    println!("{name}: {:?}", started.elapsed());
}

#[test]
fn hostile_specs_generate_code_that_holds_the_invariants() {
    let lean = Settings {
        unwrap_envelope: false,
        lenient_scalars: false,
        keep_unknown_properties: false,
        ..Settings::default()
    };
    // 1 MB here, the crate test below has 10: generating 10 MB takes about 4 s in a debug
    // build, but the invariant checks (parsing and scanning every file) take 13 s more.
    for (name, doc) in cases(1) {
        generate_and_check(name, &doc, &Settings::default());
        if !name.starts_with("hostile_big") {
            generate_and_check(name, &doc, &lean);
        }
    }
}

#[test]
fn a_pure_ref_cycle_is_refused_with_a_pointer() {
    let mut doc = base_doc();
    schemas(&mut doc).insert(
        "Alias1".into(),
        json!({"$ref": "#/components/schemas/Alias2"}),
    );
    schemas(&mut doc).insert(
        "Alias2".into(),
        json!({"$ref": "#/components/schemas/Alias1"}),
    );
    let text = serde_json::to_string(&doc).expect("serialise");
    let err = load_str(&text, "alias.json").expect_err("a cycle of bare $refs has no meaning");
    let shown = err.to_string();
    assert!(
        shown.contains("#/components/schemas/Alias") && shown.contains("cycle"),
        "{shown}"
    );
}

#[test]
fn inline_nesting_beyond_the_parser_limit_is_refused_cleanly() {
    let mut inline = json!({"type": "string"});
    for i in 0..200 {
        inline = json!({"type": "object", "properties": {format!("l{i}"): inline}});
    }
    let mut doc = base_doc();
    schemas(&mut doc).insert("TooDeep".into(), inline);
    let text = serde_json::to_string(&doc).expect("serialise");
    match load_str(&text, "deep.json") {
        Ok(spec) => {
            // Fine too, as long as what comes out holds.
            let generated = generate_crate_sources(&spec, &Settings::default(), "regen");
            if let Ok(generated) = generated {
                let files = generated
                    .files
                    .iter()
                    .map(|f| (f.path.to_str().unwrap_or(""), f.contents.as_str()));
                invariants::check_files(files, MARKERS).expect("invariants");
            }
        }
        Err(e) => {
            let text = e.to_string();
            assert!(!text.contains("internal error"), "{text}");
        }
    }
}
