//! The whole pipeline in one call: IR → tokens → formatted files.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use quote::quote;

use crate::diagnostics::{Diagnostic, Severity};
use crate::emit::{self, Context};
use crate::format::{format_file, Header};
use crate::ir;
use crate::load::LoadedSpec;
use crate::settings::Settings;

/// One generated file, relative to the crate root (`src/lib.rs`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub contents: String,
}

/// The result of generation: files plus the warnings (fallbacks) met on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Diagnostic>,
}

/// Generation failed; every diagnostic names the file and a JSON pointer.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", .diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct GenerateError {
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the IR and applies `--strict` (warnings become errors).
pub(crate) fn build_ir(
    spec: &LoadedSpec,
    settings: &Settings,
) -> Result<(ir::Api, Vec<Diagnostic>), GenerateError> {
    let problems = settings.validate();
    if !problems.is_empty() {
        let diagnostics = problems
            .into_iter()
            .map(|message| Diagnostic::error("settings", "#", message))
            .collect();
        return Err(GenerateError { diagnostics });
    }
    let (api, mut warnings) =
        ir::build(spec, settings).map_err(|diagnostics| GenerateError { diagnostics })?;
    let mut all = spec.warnings.clone();
    all.append(&mut warnings);
    // One problem, one diagnostic: the loader and the IR may name the same place the same way.
    let mut seen = std::collections::HashSet::new();
    all.retain(|d| seen.insert(d.clone()));
    if settings.strict && !all.is_empty() {
        let diagnostics = all
            .into_iter()
            .map(|d| Diagnostic {
                severity: Severity::Error,
                ..d
            })
            .collect();
        return Err(GenerateError { diagnostics });
    }
    Ok((api, all))
}

fn internal_error(spec: &LoadedSpec, what: &str, e: impl std::fmt::Display) -> GenerateError {
    GenerateError {
        diagnostics: vec![Diagnostic::error(
            &spec.file,
            "#",
            format!("internal error: generated {what} does not parse ({e}); please report"),
        )],
    }
}

/// Generates the `src/` files of a client crate: `lib.rs`, `types.rs`, `client.rs`, the
/// example tests and the runtime's folder, `runtime/`.
pub fn generate_crate_sources(
    spec: &LoadedSpec,
    settings: &Settings,
    regen_command: &str,
) -> Result<Generated, GenerateError> {
    let (api, warnings) = build_ir(spec, settings)?;
    let cx = Context::new(&api, settings);
    let header = header(&api, regen_command);

    let mut files: Vec<(&str, Vec<Piece>)> = vec![
        ("src/lib.rs", vec![Piece::Lib]),
        (
            "src/types.rs",
            types_pieces(api.types.len(), TYPES_PER_PIECE),
        ),
        ("src/client.rs", vec![Piece::Client]),
        ("src/mock.rs", vec![Piece::Mock]),
    ];
    if !api.examples.is_empty() {
        files.push(("src/example_tests.rs", vec![Piece::ExampleTests]));
    }
    let pieces: Vec<Piece> = files.iter().flat_map(|(_, p)| p.iter().cloned()).collect();
    let mut texts = render_pieces(&cx, &pieces).into_iter();

    let mut out = Vec::new();
    for (name, file_pieces) in &files {
        let mut contents = header.clone();
        if *name == "src/lib.rs" {
            contents.push_str(&crate_doc_text(&api));
        }
        for _ in file_pieces {
            match texts.next() {
                Some(Ok(text)) => contents.push_str(&text),
                Some(Err(e)) => return Err(internal_error(spec, name, &e)),
                None => return Err(internal_error(spec, name, "a piece is missing")),
            }
        }
        out.push(GeneratedFile {
            path: PathBuf::from(name),
            contents,
        });
    }
    for (file, source) in emit::runtime_files(api.has_streams()) {
        out.push(GeneratedFile {
            path: PathBuf::from("src/runtime").join(file),
            contents: format!("{header}{source}"),
        });
    }
    Ok(Generated {
        files: out,
        warnings,
    })
}

/// How many IR types one piece of `types.rs` holds: enough that a piece's fixed cost (a
/// `syn` parse, a printer) does not matter, few enough that a large module splits evenly.
const TYPES_PER_PIECE: usize = 32;

/// A part of a generated file that is emitted and formatted on its own. Pieces can run on
/// different threads (token streams cannot move between threads, text can); the text of a
/// file is its pieces' texts in order, the same as formatting the file whole, since
/// prettyplease prints top-level items one after another.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Lib,
    /// The root items of the single-file layout (what `lib.rs` has besides its modules).
    Root,
    /// The root's re-exports, for the single-file layout.
    Exports,
    Types(std::ops::Range<usize>),
    Client,
    /// The `mock` module (feature `mock`).
    Mock,
    /// The same, one module deeper (the single-file layout nests it, see there).
    MockNested,
    ExampleTests,
}

fn types_pieces(count: usize, per_piece: usize) -> Vec<Piece> {
    let per_piece = per_piece.max(1);
    let mut pieces: Vec<Piece> = (0..count)
        .step_by(per_piece)
        .map(|start| Piece::Types(start..count.min(start + per_piece)))
        .collect();
    if pieces.is_empty() {
        pieces.push(Piece::Types(0..0)); // still the imports
    }
    pieces
}

fn emit_piece(cx: &Context<'_>, piece: &Piece) -> proc_macro2::TokenStream {
    match piece {
        Piece::Lib => emit_lib(cx),
        Piece::Root => emit::emit_root(cx),
        Piece::Exports => public_exports(cx.api),
        Piece::Types(range) => emit::emit_types_part(cx, range.clone()),
        Piece::Client => emit::emit_client(cx),
        Piece::Mock => emit::emit_mock(cx, false),
        Piece::MockNested => emit::emit_mock(cx, true),
        Piece::ExampleTests => emit::emit_example_tests(cx).unwrap_or_default(),
    }
}

/// Emits and formats the pieces on as many threads as the machine has cores (emitting and
/// formatting are most of generation's time); the text of each piece, in order.
fn render_pieces(cx: &Context<'_>, pieces: &[Piece]) -> Vec<Result<String, String>> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<String, String>>>> =
        pieces.iter().map(|_| Mutex::new(None)).collect();
    let order = work_order(pieces);
    let work = || loop {
        let n = next.fetch_add(1, Ordering::Relaxed);
        let Some(&i) = order.get(n) else { break };
        let Some(piece) = pieces.get(i) else { break };
        let text = format_file(emit_piece(cx, piece)).map_err(|e| e.to_string());
        if let Some(Ok(mut slot)) = slots.get(i).map(|s| s.lock()) {
            *slot = Some(text);
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(pieces.len());
    std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for _ in 0..threads {
            // Deeply nested types recurse in `emit` and in prettyplease: the same generous
            // stack the loader runs on, rather than a spawned thread's default 2 MiB.
            let builder = std::thread::Builder::new()
                .name("gocrm-emit".to_owned())
                .stack_size(crate::load::LOADER_STACK_BYTES);
            handles.extend(builder.spawn_scoped(scope, work).ok());
        }
        if handles.is_empty() {
            work(); // No thread to be had: do it all here.
        }
        for handle in handles {
            // A crashed thread leaves its pieces empty, reported below as an internal error.
            let _ = handle.join();
        }
    });
    slots
        .into_iter()
        .map(|slot| match slot.into_inner() {
            Ok(Some(text)) => text,
            _ => Err("a generator thread did not finish".to_owned()),
        })
        .collect()
}

/// The order in which the threads take the pieces: whole modules (the client, the mock, the
/// example tests — each one piece, and the largest) first, then the runs of types, then the
/// small root pieces. Taken in file order, the client came last and one thread formatted it
/// alone while the others had nothing left to do. Only the order of work changes: each
/// piece's text goes to its own slot.
fn work_order(pieces: &[Piece]) -> Vec<usize> {
    let rank = |piece: &Piece| match piece {
        Piece::Client | Piece::Mock | Piece::MockNested | Piece::ExampleTests => 0,
        Piece::Types(_) => 1,
        Piece::Lib | Piece::Root | Piece::Exports => 2,
    };
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|&i| pieces.get(i).map_or(3, rank)); // stable: file order within a rank
    order
}

/// The crate root after its docs (see [`crate_doc_text`]): attributes, the modules and the
/// public re-exports.
fn emit_lib(cx: &Context<'_>) -> proc_macro2::TokenStream {
    let api = cx.api;
    // By-value nesting is bounded (`ir::recursion::MAX_DEPTH` boxes the rest), but drop-check
    // and auto traits (`Send`, which rustdoc works out for every type) still walk a chain of
    // types through every `Option`, `Box`, `Vec` and map on the way, boxed or not: a link
    // costs up to ~6 levels (`Option<Box<T>>` is Option, Box, Unique, NonNull, a pointer, T).
    // A ring of 64 optional links overflowed rustdoc at 2 levels a type; allow 8, plus the
    // loader's 128 levels of nesting inside one field.
    let recursion_limit = (api.types.len() > 12)
        .then(|| (8 * api.types.len() + 256).to_string())
        .map(|limit| quote!(#![recursion_limit = #limit]));
    let root = emit::emit_root(cx);
    let exports = public_exports(api);
    let example_tests_mod = if api.examples.is_empty() {
        quote!()
    } else {
        quote! {
            #[cfg(test)]
            #[rustfmt::skip]
            mod example_tests;
        }
    };
    quote! {
        #![forbid(unsafe_code)]
        #recursion_limit

        #root

        #[rustfmt::skip]
        pub mod types;
        #[rustfmt::skip]
        mod client;
        /// Support code the generated client uses (lenient decoding, envelopes, errors).
        #[doc(hidden)]
        #[rustfmt::skip]
        pub mod runtime;
        /// A typed mock of the API for tests (cargo feature `mock`, off by default).
        #[cfg(feature = "mock")]
        #[rustfmt::skip]
        pub mod mock;
        #example_tests_mod

        #exports
    }
}

/// Generates the client as one file for `include!` (what [`crate::Config`] writes into
/// `OUT_DIR`): the root items, then `pub mod types { … }`, `mod client { … }` and
/// `pub mod runtime { … }` inline. It has no inner attributes (no crate docs, no
/// `#![forbid(unsafe_code)]`), and the modules refer to each other through `super::`, so the
/// file works when included at the crate root or inside any module.
pub fn generate_single_file(
    spec: &LoadedSpec,
    settings: &Settings,
    regen_command: &str,
) -> Result<(String, Vec<Diagnostic>), GenerateError> {
    let (api, warnings) = build_ir(spec, settings)?;
    let cx = Context::new(&api, settings);
    let header = header(&api, regen_command);
    // The modules' items are formatted as top-level pieces (on every core, like the crate
    // layout) and placed inside `mod … { }` as they are, not indented, like the runtime.
    let mut pieces = vec![Piece::Root];
    pieces.extend(types_pieces(api.types.len(), TYPES_PER_PIECE));
    pieces.push(Piece::Client);
    pieces.push(Piece::MockNested);
    pieces.push(Piece::Exports);
    let mut texts = Vec::with_capacity(pieces.len());
    for text in render_pieces(&cx, &pieces) {
        texts.push(text.map_err(|e| internal_error(spec, "file", e))?);
    }
    // In `pieces` order: the root, the types pieces, the client, the mock, the exports.
    let exports = texts.pop().unwrap_or_default();
    let mock = texts.pop().unwrap_or_default();
    let client = texts.pop().unwrap_or_default();
    let mut texts = texts.into_iter();
    let root = texts.next().unwrap_or_default();
    let types: String = texts.collect();
    let runtime = emit::runtime_inline(api.has_streams());
    let contents = format!(
        "{header}{root}\n/// The API's types: one item per schema, plus the query/header parameter structs.\n\
         #[rustfmt::skip]\npub mod types {{\n{types}}}\n\n#[rustfmt::skip]\nmod client {{\n{client}}}\n\n\
         /// A typed mock of the API for tests, under the cargo feature `mock` of the including crate.\n\
         // An undeclared feature must not warn (`unexpected_cfgs`) in crates that never use the\n\
         // mock: an `allow` reaches a `cfg` only from an enclosing item, hence `imp`.\n\
         #[rustfmt::skip]\n#[allow(unexpected_cfgs)]\npub mod mock {{\n#[cfg(feature = \"mock\")]\nmod imp {{\n{mock}}}\n\
         #[cfg(feature = \"mock\")]\npub use imp::*;\n}}\n\n\
         {exports}\n/// Support code the generated client uses (lenient decoding, envelopes, errors).\n\
         #[doc(hidden)]\n#[rustfmt::skip]\n#[allow(unexpected_cfgs)]\npub mod runtime {{\n{runtime}}}\n"
    );
    Ok((contents, warnings))
}

/// The crate docs as text, exactly as prettyplease prints `#![doc]` attributes (`//!`, the
/// line, no trailing spaces). Sanitised lines hold no line break, and a 10 MB
/// `info.description` spent most of its generation time as attribute tokens being parsed and
/// printed.
fn crate_doc_text(api: &ir::Api) -> String {
    crate_doc_lines(api)
        .iter()
        .map(|line| format!("//!{}\n", line.trim_end_matches(' ')))
        .collect()
}

/// The crate-level docs: title, version, description, where it came from.
fn crate_doc_lines(api: &ir::Api) -> Vec<String> {
    let mut lines = vec![
        format!(" {} {}", flat(&api.title), flat(&api.version)),
        String::new(),
    ];
    for line in emit::docs::sanitize(api.description.as_deref().unwrap_or_default()) {
        lines.push(if line.is_empty() {
            line
        } else {
            format!(" {line}")
        });
    }
    if api.description.is_some() {
        lines.push(String::new());
    }
    lines.push(
        " A typed async client generated by gocrm-codegen. Start with [`Client`].".to_owned(),
    );
    lines.push(String::new());
    for line in [
        " Cargo feature `tracing` (off by default): every call is one `http.client` span with the",
        " fields `operation`, `http.request.method`, `url.template`, `http.response.status_code`",
        " and `retries`, and a failed call also a `WARN` event; no parameter value, body or",
        " credential is recorded.",
    ] {
        lines.push(line.to_owned());
    }
    lines
}

fn flat(s: &str) -> String {
    emit::docs::sanitize(s).join(" ")
}

/// Generates a standalone crate: `Cargo.toml` plus the `src/` files. The crate builds outside
/// any workspace (its manifest has an empty `[workspace]` table).
pub fn generate_standalone_crate(
    spec: &LoadedSpec,
    settings: &Settings,
    crate_name: &str,
    regen_command: &str,
) -> Result<Generated, GenerateError> {
    let mut generated = generate_crate_sources(spec, settings, regen_command)?;
    let streams = generated
        .files
        .iter()
        .any(|f| f.path == std::path::Path::new("src/runtime/stream.rs"));
    let manifest = cargo_manifest(
        crate_name,
        &cargo_version(&spec.openapi.info.version),
        &spec.openapi.info.title,
        streams,
    );
    generated.files.insert(
        0,
        GeneratedFile {
            path: PathBuf::from("Cargo.toml"),
            contents: manifest,
        },
    );
    Ok(generated)
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The spec's version as a Cargo version: `3.0.2` stays, `1.0` → `1.0.0`, anything else
/// (`v2`, `2021-01-01`) → `0.0.0`, since Cargo only takes SemVer.
pub fn cargo_version(spec_version: &str) -> String {
    let v = spec_version.trim().trim_start_matches('v');
    let (core, pre) = match v.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (v, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    let numeric = |p: &&str| {
        !p.is_empty()
            && p.chars().all(|c| c.is_ascii_digit())
            && (p.len() == 1 || !p.starts_with('0'))
    };
    // `2021-01-01` is a date, not the version 2021.0.0 with a pre-release.
    let date_like = parts.len() == 1 && pre.is_some();
    if parts.is_empty() || parts.len() > 3 || !parts.iter().all(numeric) || date_like {
        return "0.0.0".to_owned();
    }
    // `2021-01-01` is a date, not `2021.0.0-01-01`: a pre-release needs a full core.
    if pre.is_some() && parts.len() < 3 {
        return "0.0.0".to_owned();
    }
    let mut nums: Vec<&str> = parts;
    while nums.len() < 3 {
        nums.push("0");
    }
    let mut out = nums.join(".");
    if let Some(pre) = pre {
        let valid = !pre.is_empty()
            && pre.split('.').all(|id| {
                let numeric = id.chars().all(|c| c.is_ascii_digit());
                !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    // SemVer: numeric identifiers have no leading zeros.
                    && !(numeric && id.len() > 1 && id.starts_with('0'))
            });
        if valid {
            out.push('-');
            out.push_str(pre);
        }
    }
    out
}

/// The dependencies of the runtime's stream modules, for a crate with a stream operation: both
/// are already in reqwest's dependency tree (tokio with `time`), so they cost no build time.
const STREAM_DEPENDENCIES: &str = r#"# Typed streams: the `Stream` trait, and the idle timer between chunks.
futures-core = { version = "0.3", default-features = false }
tokio = { version = "1", default-features = false, features = ["time"] }
"#;

/// The standalone crate's manifest; `streams`: with the stream modules' dependencies.
fn cargo_manifest(crate_name: &str, version: &str, title: &str, streams: bool) -> String {
    format!(
        r#"# @generated by gocrm-codegen. Do not edit.
[package]
name = {name}
version = {version}
edition = "2021"
description = {description}
publish = false

[lib]
doctest = false

[features]
default = ["rustls-ring"]
# TLS through rustls with the ring provider.
rustls-ring = ["dep:rustls"]
# One `http.client` span per call (operation, http.request.method, url.template,
# http.response.status_code, retries) and a WARN event when a call fails.
tracing = ["dep:tracing"]
# A typed mock server of the API for tests (`mock::MockServer`); enable it in your
# [dev-dependencies]. Off by default: wiremock is only built with it.
mock = ["dep:wiremock"]

[dependencies]
# gzip, deflate, brotli: compressed answers are asked for and decoded.
reqwest = {{ version = "0.13", default-features = false, features = ["rustls-no-provider", "json", "query", "form", "multipart", "http2", "charset", "gzip", "deflate", "brotli"] }}
rustls = {{ version = "0.23", default-features = false, features = ["ring", "std", "tls12", "logging"], optional = true }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["raw_value"] }}
serde_path_to_error = "0.1"
# Structs serialize through one table-driven helper (runtime/serialize.rs).
erased-serde = "0.4"
tracing = {{ version = "0.1", default-features = false, features = ["std"], optional = true }}
wiremock = {{ version = "0.6", optional = true }}
{stream_dependencies}
# Standalone: not part of any enclosing workspace.
[workspace]
"#,
        name = toml_string(crate_name),
        version = toml_string(version),
        stream_dependencies = if streams { STREAM_DEPENDENCIES } else { "" },
        // Cargo passes the description to rustc as CARGO_PKG_DESCRIPTION: a NUL (or any control
        // character) from the spec's title would stop the build, so none gets in.
        description = toml_string(&format!(
            "Typed async client for {} (generated by gocrm-codegen)",
            title
                .chars()
                .filter(|c| !c.is_control())
                .collect::<String>()
        )),
    )
}

/// The generated-file header for `api`.
fn header(api: &ir::Api, regen_command: &str) -> String {
    Header {
        title: api.title.clone(),
        version: api.version.clone(),
        spec_sha256: api.spec_sha256.clone(),
        regen_command: regen_command.to_owned(),
    }
    .render()
}

/// What the crate root re-exports, the same in the crate and the single-file layout.
fn public_exports(api: &ir::Api) -> proc_macro2::TokenStream {
    let credentials = if api.security_schemes.is_empty() {
        quote!()
    } else {
        quote!(
            pub use client::Credentials;
        )
    };
    let streams = if api.has_streams() {
        quote!(
            pub use runtime::{ItemStream, SseEvent};
        )
    } else {
        quote!()
    };
    quote! {
        pub use client::{Client, ClientBuilder};
        #credentials
        /// A `reqwest::ClientBuilder` with TLS ready, for [`Client::with_client`] when you need
        /// your own timeouts, proxy or default headers.
        pub use runtime::http_client_builder;
        // In rustfmt's order (a name before a `{…}` list), so `cargo fmt` leaves lib.rs as
        // generated.
        pub use runtime::{ApiError, Binary, DecodeError, Error, PropertyMap, PropertyName, RedirectError, RedirectRefusal, ResponseFuture, RetryPolicy, StreamError, StreamFailure, TransportError};
        #streams
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Formatting `types.rs` piece by piece, at every possible cut, gives the text of
    /// formatting it whole: what lets `render_pieces` split it across threads.
    #[test]
    fn types_pieces_concatenate_to_the_whole_module() {
        for fixture in [
            "unions.yaml",
            "names.yaml",
            "responses.yaml",
            "hostile.yaml",
        ] {
            let path = format!("{}/tests/fixtures/ir/{fixture}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap();
            let spec = crate::load::load_str(&text, &path).unwrap();
            let settings = Settings::default();
            let (api, _) = build_ir(&spec, &settings).unwrap();
            let cx = Context::new(&api, &settings);
            let whole = format_file(emit::emit_types(&cx)).unwrap();
            assert!(api.types.len() >= 2, "{fixture}: too few types to cut");
            let pieces = types_pieces(api.types.len(), 1);
            assert_eq!(pieces.len(), api.types.len());
            let joined: String = render_pieces(&cx, &pieces)
                .into_iter()
                .map(Result::unwrap)
                .collect();
            assert_eq!(joined, whole, "{fixture}");
        }
    }

    #[test]
    fn work_order_takes_every_piece_once_modules_first() {
        let pieces = vec![
            Piece::Lib,
            Piece::Types(0..32),
            Piece::Types(32..40),
            Piece::Client,
            Piece::Mock,
        ];
        assert_eq!(work_order(&pieces), vec![3, 4, 1, 2, 0]);
        assert!(work_order(&[]).is_empty());
    }

    #[test]
    fn types_pieces_cover_every_type_once() {
        assert_eq!(types_pieces(0, 32), [Piece::Types(0..0)]);
        assert_eq!(
            types_pieces(70, 32),
            [
                Piece::Types(0..32),
                Piece::Types(32..64),
                Piece::Types(64..70)
            ]
        );
        assert_eq!(types_pieces(2, 0), [Piece::Types(0..1), Piece::Types(1..2)]);
    }

    #[test]
    fn the_standalone_manifest_declares_the_mock_feature_off_by_default() {
        let manifest = cargo_manifest("x", "1.0.0", "X", false);
        let parsed: toml::Table = manifest.parse().unwrap_or_else(|e| panic!("{e}"));
        let features = &parsed["features"];
        assert_eq!(features["mock"].as_array().map(Vec::len), Some(1));
        assert_eq!(features["mock"][0].as_str(), Some("dep:wiremock"));
        let defaults = features["default"].as_array().cloned().unwrap_or_default();
        assert!(!defaults.iter().any(|f| f.as_str() == Some("mock")));
        assert_eq!(
            parsed["dependencies"]["wiremock"]["optional"].as_bool(),
            Some(true)
        );
    }

    #[test]
    fn cargo_versions() {
        assert_eq!(cargo_version("3.0.2"), "3.0.2");
        assert_eq!(cargo_version("1.0"), "1.0.0");
        assert_eq!(cargo_version("v2"), "2.0.0");
        assert_eq!(cargo_version("2021-01-01"), "0.0.0");
        assert_eq!(cargo_version("1.2.3-beta.1"), "1.2.3-beta.1");
        assert_eq!(cargo_version("latest"), "0.0.0");
        assert_eq!(cargo_version("1.2.3-01"), "1.2.3");
        assert_eq!(cargo_version("1.0.27-SNAPSHOT"), "1.0.27-SNAPSHOT");
    }

    #[test]
    fn toml_strings_escape() {
        assert_eq!(toml_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000A\"");
    }
}
