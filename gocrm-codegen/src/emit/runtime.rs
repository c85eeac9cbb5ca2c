//! The hand-written runtime (`gocrm-codegen/runtime/`) that every generated crate carries:
//! copied as files into a crate's `src/runtime/`, or nested as inline modules in the
//! single-file (`include!`) layout.

/// The runtime's files, `mod.rs` first, as (file name, source).
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("binary.rs", include_str!("../../runtime/binary.rs")),
    ("builder.rs", include_str!("../../runtime/builder.rs")),
    ("envelope.rs", include_str!("../../runtime/envelope.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("framing.rs", include_str!("../../runtime/framing.rs")),
    ("lenient.rs", include_str!("../../runtime/lenient.rs")),
    ("mock.rs", include_str!("../../runtime/mock.rs")),
    ("params.rs", include_str!("../../runtime/params.rs")),
    (
        "property_map.rs",
        include_str!("../../runtime/property_map.rs"),
    ),
    ("redirect.rs", include_str!("../../runtime/redirect.rs")),
    ("response.rs", include_str!("../../runtime/response.rs")),
    (
        "response_future.rs",
        include_str!("../../runtime/response_future.rs"),
    ),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("send.rs", include_str!("../../runtime/send.rs")),
    ("serialize.rs", include_str!("../../runtime/serialize.rs")),
    ("stream.rs", include_str!("../../runtime/stream.rs")),
    ("structs.rs", include_str!("../../runtime/structs.rs")),
    ("trace.rs", include_str!("../../runtime/trace.rs")),
];

/// The runtime files only a crate with a typed stream operation carries (they need
/// `futures-core` and tokio's timer).
const STREAM_FILES: &[&str] = &["framing.rs", "stream.rs"];

/// The runtime files a crate carries, `mod.rs` first: without `streams` (no operation
/// returns a typed stream) the stream modules and their lines in `mod.rs` are left out.
pub fn runtime_files(streams: bool) -> Vec<(&'static str, String)> {
    let mut out = Vec::with_capacity(RUNTIME_FILES.len());
    for (file, source) in RUNTIME_FILES {
        if *file == "mod.rs" {
            out.push((*file, runtime_mod_rs(source, streams)));
        } else if streams || !STREAM_FILES.contains(file) {
            out.push((*file, (*source).to_owned()));
        }
    }
    out
}

/// `mod.rs` without the stream modules' `pub mod` and `pub use` lines, unless `streams`.
fn runtime_mod_rs(source: &str, streams: bool) -> String {
    if streams {
        return source.to_owned();
    }
    let mut out = String::with_capacity(source.len());
    // Comment lines wait for the line they describe: they go with it.
    let mut comments = String::new();
    for line in source.lines() {
        if line.starts_with("//") {
            comments.push_str(line);
            comments.push('\n');
            continue;
        }
        let stream_line = STREAM_FILES.iter().any(|file| {
            let name = file.trim_end_matches(".rs");
            line == format!("pub mod {name};") || line.starts_with(&format!("pub use {name}::"))
        });
        if !stream_line {
            out.push_str(&comments);
            out.push_str(line);
            out.push('\n');
        }
        comments.clear();
    }
    out.push_str(&comments);
    out
}

/// The runtime as the body of one inline `mod runtime { … }`: `mod.rs` with each
/// `pub mod name;` line replaced by `pub mod name { <name.rs> }`. Sources are placed as
/// they are, not indented, so a module's text is the same in both layouts. `streams` as for
/// [`runtime_files`].
pub fn runtime_inline(streams: bool) -> String {
    let files = runtime_files(streams);
    let mut root = files.iter();
    let Some((_, mod_rs)) = root.next() else {
        return String::new();
    };
    let mut out = String::with_capacity(files.iter().map(|(_, s)| s.len() + 32).sum());
    for line in mod_rs.lines() {
        let file = line
            .strip_prefix("pub mod ")
            .and_then(|rest| rest.strip_suffix(';'))
            .and_then(|name| {
                files
                    .iter()
                    .find(|(file, _)| file.strip_suffix(".rs") == Some(name))
                    .map(|(_, source)| (name, source))
            });
        match file {
            Some((name, source)) => {
                out.push_str("pub mod ");
                out.push_str(name);
                out.push_str(" {\n");
                out.push_str(source);
                out.push_str("}\n");
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_streams_the_stream_modules_are_left_out() {
        let files = runtime_files(false);
        assert!(files.iter().all(|(f, _)| !STREAM_FILES.contains(f)));
        let inline = runtime_inline(false);
        assert!(!inline.contains("pub mod stream"));
        assert!(!inline.contains("pub mod framing"));
        assert!(!inline.contains("stream::"));
        assert!(!inline.contains("futures_core"));
        assert!(
            !inline.contains("Typed streams"),
            "the modules' comment goes with them"
        );
        assert_eq!(runtime_files(true).len(), RUNTIME_FILES.len());
    }

    #[test]
    fn every_file_is_declared_in_mod_rs_and_inlined_once() {
        let inline = runtime_inline(true);
        for (file, _) in RUNTIME_FILES.iter().skip(1) {
            let name = file.trim_end_matches(".rs");
            assert!(
                RUNTIME_FILES[0].1.contains(&format!("\npub mod {name};\n")),
                "{file} is not declared in runtime/mod.rs"
            );
            assert_eq!(
                inline.matches(&format!("\npub mod {name} {{\n")).count(),
                1,
                "{name}"
            );
            assert!(!inline.contains(&format!("pub mod {name};")));
        }
    }

    #[test]
    fn every_file_in_the_runtime_folder_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|name| name.ends_with(".rs"))
                    .collect()
            })
            .unwrap_or_default();
        on_disk.sort();
        let mut listed: Vec<String> = RUNTIME_FILES.iter().map(|(f, _)| (*f).to_owned()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }
}
