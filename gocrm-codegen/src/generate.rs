//! The whole pipeline in one call: IR → tokens → formatted files.

use std::path::PathBuf;

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
fn build_ir(
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

fn internal_error(spec: &LoadedSpec, what: &str, e: syn::Error) -> GenerateError {
    GenerateError {
        diagnostics: vec![Diagnostic::error(
            &spec.file,
            "#",
            format!("internal error: generated {what} does not parse ({e}); please report"),
        )],
    }
}

/// Generates the `src/` files of a client crate: `lib.rs`, `types.rs`, `client.rs`,
/// `runtime.rs`.
pub fn generate_crate_sources(
    spec: &LoadedSpec,
    settings: &Settings,
    regen_command: &str,
) -> Result<Generated, GenerateError> {
    let (api, warnings) = build_ir(spec, settings)?;
    let cx = Context::new(&api, settings);
    let header = header(&api, regen_command);

    // The crate docs go in as text, exactly as prettyplease prints `#![doc]` attributes
    // (`//!`, the line, no trailing spaces). Sanitised lines hold no line break, and a 10 MB
    // `info.description` spent most of its generation time as attribute tokens being parsed
    // and printed.
    let crate_doc: String = crate_doc_lines(&api)
        .iter()
        .map(|line| format!("//!{}\n", line.trim_end_matches(' ')))
        .collect();
    // By-value nesting is bounded (`ir::recursion::MAX_DEPTH` boxes the rest), but drop-check
    // still walks a chain of types through every `Option`, `Box`, `Vec` and map on the way, a
    // level each, boxed or not: a few hundred types linked by optional properties need more
    // than rustc's default limit (128), so the limit still grows with the number of types.
    let recursion_limit = (api.types.len() > 64)
        .then(|| (2 * api.types.len() + 256).to_string())
        .map(|limit| quote!(#![recursion_limit = #limit]));
    let root = emit::emit_root(&cx);
    let exports = public_exports(&api);
    let example_tests = emit::emit_example_tests(&cx);
    let example_tests_mod = if example_tests.is_some() {
        quote! {
            #[cfg(test)]
            #[rustfmt::skip]
            mod example_tests;
        }
    } else {
        quote!()
    };
    let lib = quote! {
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
        #example_tests_mod

        #exports
    };
    let types = emit::emit_types(&cx);
    let client = emit::emit_client(&cx);
    let runtime = emit::RUNTIME_SOURCE;

    let mut files = Vec::new();
    // (file, text before its items, items)
    let mut sources = vec![
        ("src/lib.rs", crate_doc.as_str(), lib),
        ("src/types.rs", "", types),
        ("src/client.rs", "", client),
    ];
    if let Some(tests) = example_tests {
        sources.push(("src/example_tests.rs", "", tests));
    }
    for (name, docs, tokens) in sources {
        let text = format_file(tokens).map_err(|e| internal_error(spec, name, e))?;
        files.push(GeneratedFile {
            path: PathBuf::from(name),
            contents: format!("{header}{docs}{text}"),
        });
    }
    files.push(GeneratedFile {
        path: PathBuf::from("src/runtime.rs"),
        contents: format!("{header}{runtime}"),
    });
    Ok(Generated { files, warnings })
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
    let root = emit::emit_root(&cx);
    let exports = public_exports(&api);
    let types = emit::emit_types(&cx);
    let client = emit::emit_client(&cx);
    let items = quote! {
        #root

        /// The API's types: one item per schema, plus the query/header parameter structs.
        #[rustfmt::skip]
        pub mod types {
            #types
        }

        #[rustfmt::skip]
        mod client {
            #client
        }

        #exports
    };
    let text = format_file(items).map_err(|e| internal_error(spec, "file", e))?;
    let runtime = emit::RUNTIME_SOURCE;
    let contents = format!(
        "{header}{text}\n/// Support code the generated client uses (lenient decoding, envelopes, errors).\n\
         #[doc(hidden)]\n#[rustfmt::skip]\npub mod runtime {{\n{runtime}\n}}\n"
    );
    Ok((contents, warnings))
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
    let manifest = cargo_manifest(
        crate_name,
        &cargo_version(&spec.openapi.info.version),
        &spec.openapi.info.title,
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

fn cargo_manifest(crate_name: &str, version: &str, title: &str) -> String {
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

[dependencies]
reqwest = {{ version = "0.13", default-features = false, features = ["rustls-no-provider", "json", "query", "form", "multipart", "http2", "charset"] }}
rustls = {{ version = "0.23", default-features = false, features = ["ring", "std", "tls12", "logging"], optional = true }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["raw_value"] }}

# Standalone: not part of any enclosing workspace.
[workspace]
"#,
        name = toml_string(crate_name),
        version = toml_string(version),
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
    quote! {
        pub use client::Client;
        #credentials
        pub use runtime::{ApiError, Binary, DecodeError, Error, RetryPolicy, TransportError};
        /// A `reqwest::ClientBuilder` with TLS ready, for [`Client::with_client`] when you need
        /// your own timeouts, proxy or default headers.
        pub use runtime::http_client_builder;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
