//! Stage 4b: putting generated files on disk, or checking that what is there is current.
//!
//! Files are only rewritten when their contents change, so a regen that changes nothing
//! touches nothing (and does not trigger rebuilds).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::generate::GeneratedFile;

/// Writes `files` under `root`; returns the paths whose contents changed.
pub fn write_files(root: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    let mut changed = Vec::new();
    for file in files {
        let path = root.join(&file.path);
        if fs::read(&path).ok().as_deref() == Some(file.contents.as_bytes()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&path, &file.contents)?;
        changed.push(path);
    }
    Ok(changed)
}

/// The paths under `root` whose contents differ from `files` (or are missing).
pub fn stale_files(root: &Path, files: &[GeneratedFile]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|file| root.join(&file.path))
        .zip(files)
        .filter(|(path, file)| fs::read(path).ok().as_deref() != Some(file.contents.as_bytes()))
        .map(|(path, _)| path)
        .collect()
}

/// Sets `version = "…"` in the `[package]` table of a Cargo.toml, keeping everything else
/// (comments, order) as it is. Returns `None` when there is no such line to set.
pub fn set_package_version(cargo_toml: &str, version: &str) -> Option<String> {
    let mut out = String::with_capacity(cargo_toml.len());
    let mut in_package = false;
    let mut done = false;
    for line in cargo_toml.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
        }
        let is_version = trimmed.starts_with("version")
            && trimmed["version".len()..].trim_start().starts_with('=');
        if in_package && !done && is_version {
            let newline = if line.ends_with('\n') { "\n" } else { "" };
            let escaped = version.replace('\\', "\\\\").replace('"', "\\\"");
            out.push_str(&format!("version = \"{escaped}\"{newline}"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    done.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_only_the_package_version() {
        let toml = "[package]\nname = \"x\"\n# c\nversion = \"1.0.0\"\n\n[dependencies]\nversion = \"9\"\n";
        let out = set_package_version(toml, "3.0.2");
        assert_eq!(
            out.as_deref(),
            Some("[package]\nname = \"x\"\n# c\nversion = \"3.0.2\"\n\n[dependencies]\nversion = \"9\"\n")
        );
        assert_eq!(set_package_version("[dependencies]\n", "1"), None);
    }

    #[test]
    fn writes_only_changes_and_reports_stale_files() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let files = vec![GeneratedFile {
            path: "src/a.rs".into(),
            contents: "a".into(),
        }];
        assert_eq!(stale_files(dir.path(), &files).len(), 1);
        assert_eq!(write_files(dir.path(), &files)?.len(), 1);
        assert!(stale_files(dir.path(), &files).is_empty());
        assert!(write_files(dir.path(), &files)?.is_empty());
        Ok(())
    }
}
