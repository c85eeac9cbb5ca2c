//! Shared pieces of the generation benchmarks: inputs (corpus documents, synthetic specs), the
//! pipeline split into stages, and the progenitor baseline. (Decoding is measured by
//! `benches/gocrm-decode-bench`, which does not link the generator.)
//!
//! The criterion benches in `benches/` and the `stage_times` / `progenitor_gen` programs in
//! `src/bin/` use these; BENCHMARKS.md at the repository root explains the method.

use std::path::PathBuf;

use gocrm_codegen::emit::{self, Context};
use gocrm_codegen::format::format_file;
use gocrm_codegen::load::{self, LoadedSpec};
use gocrm_codegen::{generate_crate_sources, ir, Settings};

pub mod synthetic;

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The corpus folder: `$GOCRM_CORPUS`, else `shared/corpus` beside the repository.
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("GOCRM_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => repo_root().join("../shared/corpus"),
    }
}

/// A benchmark input document: its name and text.
pub struct Document {
    pub name: &'static str,
    pub text: String,
}

/// spec/public.json and the largest corpus documents, those that exist on this machine.
pub fn documents() -> Vec<Document> {
    let mut out = Vec::new();
    let public = repo_root().join("spec/public.json");
    if let Ok(text) = std::fs::read_to_string(&public) {
        out.push(Document {
            name: "public.json",
            text,
        });
    }
    for name in [
        "progenitor-nexus.json",
        "kubernetes-core-v1.json",
        "openai.yaml",
        "twilio-api-v2010.yaml",
    ] {
        match std::fs::read_to_string(corpus_dir().join(name)) {
            Ok(text) => out.push(Document { name, text }),
            Err(e) => eprintln!("skipping {name}: {e} (set GOCRM_CORPUS to the corpus folder)"),
        }
    }
    out
}

/// Our whole pipeline, as `gocrm-codegen generate` runs it minus the writing: load → IR →
/// tokens → formatted text. Returns the total length of the generated files.
pub fn gocrm_generate(text: &str, name: &str) -> usize {
    let spec = load::load_str(text, name).expect("the document loads");
    let settings = Settings::default();
    let generated =
        generate_crate_sources(&spec, &settings, "gocrm-codegen generate").expect("generates");
    generated.files.iter().map(|f| f.contents.len()).sum()
}

/// The pipeline's stages, to be timed one by one.
pub mod stages {
    use super::*;

    pub fn load(text: &str, name: &str) -> LoadedSpec {
        load::load_str(text, name).expect("the document loads")
    }

    pub fn ir(spec: &LoadedSpec) -> ir::Api {
        ir::build(spec, &Settings::default())
            .expect("the IR builds")
            .0
    }

    /// The `types` and `client` token streams.
    pub fn emit(api: &ir::Api) -> (proc_macro2::TokenStream, proc_macro2::TokenStream) {
        let settings = Settings::default();
        let cx = Context::new(api, &settings);
        (emit::emit_types(&cx), emit::emit_client(&cx))
    }

    pub fn format(tokens: &(proc_macro2::TokenStream, proc_macro2::TokenStream)) -> usize {
        let types = format_file(tokens.0.clone()).expect("types format");
        let client = format_file(tokens.1.clone()).expect("client formats");
        types.len() + client.len()
    }
}

/// The baseline: progenitor, as its build.rs example and CLI use it — parse the document into
/// `openapiv3::OpenAPI`, `Generator::generate_tokens`, then `syn` + `prettyplease`.
pub mod progenitor {
    use progenitor_impl::{GenerationSettings, Generator};

    /// Parses JSON or YAML into the OpenAPI 3.0 model progenitor takes.
    pub fn parse(text: &str) -> Option<openapiv3::OpenAPI> {
        if text.trim_start().starts_with('{') {
            serde_json::from_str(text).ok()
        } else {
            yaml_serde::from_str(text).ok()
        }
    }

    /// Generate + format; `None` when progenitor rejects the document (error or panic).
    pub fn try_generate(text: &str) -> Option<usize> {
        let text = text.to_owned();
        std::panic::catch_unwind(move || generate_checked(&text))
            .ok()
            .flatten()
    }

    fn generate_checked(text: &str) -> Option<usize> {
        let spec = parse(text)?;
        let mut generator = Generator::new(&GenerationSettings::default());
        let tokens = generator.generate_tokens(&spec).ok()?;
        let file: syn2::File = syn2::parse2(tokens).ok()?;
        Some(prettyplease2::unparse(&file).len())
    }

    /// Generate + format, for a document [`try_generate`] accepted.
    pub fn generate(text: &str) -> usize {
        generate_checked(text).expect("progenitor generates this document")
    }
}
