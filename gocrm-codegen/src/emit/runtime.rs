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
    ("lenient.rs", include_str!("../../runtime/lenient.rs")),
    ("mock.rs", include_str!("../../runtime/mock.rs")),
    ("params.rs", include_str!("../../runtime/params.rs")),
    (
        "property_map.rs",
        include_str!("../../runtime/property_map.rs"),
    ),
    ("redirect.rs", include_str!("../../runtime/redirect.rs")),
    ("response.rs", include_str!("../../runtime/response.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("send.rs", include_str!("../../runtime/send.rs")),
    ("serialize.rs", include_str!("../../runtime/serialize.rs")),
    ("structs.rs", include_str!("../../runtime/structs.rs")),
    ("trace.rs", include_str!("../../runtime/trace.rs")),
];

/// The runtime as the body of one inline `mod runtime { … }`: `mod.rs` with each
/// `pub mod name;` line replaced by `pub mod name { <name.rs> }`. Sources are placed as
/// they are, not indented, so a module's text is the same in both layouts.
pub fn runtime_inline() -> String {
    let mut root = RUNTIME_FILES.iter();
    let Some((_, mod_rs)) = root.next() else {
        return String::new();
    };
    let mut out = String::with_capacity(RUNTIME_FILES.iter().map(|(_, s)| s.len() + 32).sum());
    for line in mod_rs.lines() {
        let file = line
            .strip_prefix("pub mod ")
            .and_then(|rest| rest.strip_suffix(';'))
            .and_then(|name| {
                RUNTIME_FILES
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
    fn every_file_is_declared_in_mod_rs_and_inlined_once() {
        let inline = runtime_inline();
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
