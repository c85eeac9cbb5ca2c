//! What the README tells users to call is public and documented: no path through the
//! `#[doc(hidden)]` runtime module, every `gocrm_generated::x` is exported at the crate root,
//! and every `Client::x`, `ClientBuilder::x`, `Error::x` and `RetryPolicy::x` it names exists.

use std::path::Path;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every identifier that follows `prefix` in `text`.
fn names_after<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    text.match_indices(prefix)
        .filter(|(at, _)| {
            // A whole path segment: not `xruntime::`.
            !text[..*at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(at, _)| {
            let rest = &text[at + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn the_readme_names_only_documented_items() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = read(&root.join("../README.md"));
    let lib = read(&root.join("src/lib.rs"));
    let mut sources = read(&root.join("src/client.rs"));
    for entry in std::fs::read_dir(root.join("src/runtime")).expect("runtime") {
        sources.push_str(&read(&entry.expect("entry").path()));
    }

    if lib.contains("#[doc(hidden)]\n#[rustfmt::skip]\npub mod runtime;") {
        let through_runtime = names_after(&readme, "runtime::");
        assert!(
            through_runtime.is_empty(),
            "the README sends users to the hidden runtime module: {through_runtime:?}"
        );
    }

    let exported: Vec<&str> = names_after(&lib, "pub use ")
        .into_iter()
        .chain(names_after(&lib, "pub const "))
        .chain(names_after(&lib, "pub mod "))
        .collect();
    // The words of the root's `pub use` lines (`pub use runtime::{ApiError, Binary, …};`).
    let export_words: Vec<&str> = lib
        .lines()
        .skip_while(|line| !line.starts_with("pub use"))
        .flat_map(|line| line.split(|c: char| !(c.is_alphanumeric() || c == '_')))
        .collect();
    for name in names_after(&readme, "gocrm_generated::") {
        assert!(
            exported.contains(&name) || export_words.contains(&name),
            "gocrm_generated::{name} in the README is not exported"
        );
    }

    // The methods the Go-CRM client's section names (other sections show other clients, or
    // templates such as `with_<scheme>`).
    let section = readme
        .split("## Using the Go-CRM client")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the README's Go-CRM client section");
    for owner in ["Client", "ClientBuilder", "Error", "RetryPolicy"] {
        for method in names_after(section, &format!("{owner}::")) {
            assert!(
                sources.contains(&format!("pub fn {method}("))
                    || sources.contains(&format!("    fn {method}("))
                    || sources.contains(&format!("pub const fn {method}("))
                    || sources.contains(&format!("pub async fn {method}("))
                    || (owner == "Error" && sources.contains(&format!("    {method}("))),
                "{owner}::{method} in the README does not exist"
            );
        }
    }
}
