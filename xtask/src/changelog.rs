//! `gocrm-generated/CHANGELOG.md`: one entry per regen that changes the client, newest
//! first, built only from the reports (no dates or clocks), so `regen --check` can demand it
//! byte for byte.

use gocrm_codegen::diff::Report;

/// The file's opening, before the first entry.
pub const INTRO: &str = "# Changelog

What each new Go-CRM spec changed for code using this crate, newest first. `cargo xtask regen`
writes an entry whenever the spec it regenerates from changes the client, from the same
comparison as `gocrm-codegen diff` (the spec the client was generated from is kept in
`spec/`). The crate's version is the spec's `info.version`: breaking changes call for a new
major version, additive ones for a minor, docs for a patch.
";

/// The entry for a regen that changed the client: the new spec version as the heading, then
/// the report in markdown (breaking, additive, docs).
pub fn entry(report: &Report, new_sha256: &str) -> String {
    let short: String = new_sha256.chars().take(12).collect();
    format!(
        "## {}\n\nSpec SHA-256 `{short}…`. {}",
        report.new_version,
        report.to_markdown()
    )
}

/// The entry for the first client recorded with its spec.
pub fn first_entry(version: &str, sha256: &str) -> String {
    let short: String = sha256.chars().take(12).collect();
    format!("## {version}\n\nSpec SHA-256 `{short}…`: the first client recorded with its spec.\n")
}

/// `existing` (or a new file) with `entry` as the newest entry.
pub fn with_entry(existing: Option<&str>, entry: &str) -> String {
    let existing = existing.unwrap_or(INTRO);
    let first_entry = existing
        .match_indices("\n## ")
        .map(|(i, _)| i + 1)
        .next()
        .unwrap_or(existing.len());
    let (head, rest) = existing.split_at(first_entry);
    let mut out = head.trim_end().to_owned();
    out.push_str("\n\n");
    out.push_str(entry.trim_end());
    out.push('\n');
    if !rest.trim().is_empty() {
        out.push('\n');
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_entry_goes_first_after_the_intro() {
        let one = with_entry(None, "## 1.0.0\n\nfirst\n");
        assert!(one.starts_with("# Changelog\n"));
        assert!(one.ends_with("\n\n## 1.0.0\n\nfirst\n"), "{one}");
        let two = with_entry(Some(&one), "## 2.0.0\n\nsecond\n");
        let first = two.find("## 1.0.0").unwrap();
        let second = two.find("## 2.0.0").unwrap();
        assert!(second < first, "{two}");
        assert!(two.ends_with("## 1.0.0\n\nfirst\n"), "{two}");
        assert!(two.contains("second\n\n## 1.0.0"), "{two}");
    }

    #[test]
    fn same_input_same_output() {
        let a = with_entry(Some(INTRO), &first_entry("3.0.2", "ab"));
        let b = with_entry(Some(INTRO), &first_entry("3.0.2", "ab"));
        assert_eq!(a, b);
    }
}
