//! `cargo xtask regen [--check] [--fetch [URL] [--timeout SECS]]`.
//!
//! The committed client keeps a byte-exact copy of the spec it was generated from in
//! `gocrm-generated/spec/` (next to `SPEC_SHA256` in its `lib.rs`), so the change report
//! needs no git history: a copy of the workspace without `.git` reports the same.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use gocrm_codegen::diff::{diff_bytes, Report};
use gocrm_codegen::{generate_crate_sources, load, write, GeneratedFile, Settings};

use crate::changelog;

/// Where `spec/` may hold the spec, in order of preference.
const SPEC_NAMES: [&str; 3] = ["public.json", "public.yaml", "public.yml"];

/// The generated crate's folder.
const CRATE_DIR: &str = "gocrm-generated";

/// What `regen` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub check: bool,
    pub fetch: Option<FetchOptions>,
}

/// `--fetch [URL] [--timeout SECS]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// `None`: `source_url` from `spec/gocrm-codegen.toml`.
    pub url: Option<String>,
    /// For the whole download (connecting, redirects, the body).
    pub timeout: Duration,
}

impl Options {
    /// Parses what follows `regen`.
    pub fn parse(args: &[&str]) -> Result<Options, String> {
        let mut options = Options {
            check: false,
            fetch: None,
        };
        let mut timeout = None;
        let mut rest = args.iter().copied().peekable();
        while let Some(arg) = rest.next() {
            match arg {
                "--check" => options.check = true,
                "--fetch" => {
                    let url = rest
                        .next_if(|next| !next.starts_with("--"))
                        .map(str::to_owned);
                    options.fetch = Some(FetchOptions {
                        url,
                        timeout: DEFAULT_TIMEOUT,
                    });
                }
                "--timeout" => {
                    let value = rest.next().ok_or("--timeout needs a number of seconds")?;
                    let secs: f64 = value
                        .parse()
                        .ok()
                        .filter(|s: &f64| s.is_finite() && *s > 0.0)
                        .ok_or_else(|| format!("--timeout {value}: not a number of seconds"))?;
                    timeout = Some(Duration::from_secs_f64(secs));
                }
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        match (&mut options.fetch, timeout) {
            (Some(fetch), Some(timeout)) => fetch.timeout = timeout,
            (None, Some(_)) => return Err("--timeout goes with --fetch".to_owned()),
            _ => {}
        }
        Ok(options)
    }
}

/// How long a download may take by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs regen as `options` say; `args` are the raw arguments (to rerun with the `fetch`
/// feature when this build has none). Returns the exit code.
pub fn run(
    options: &Options,
    args: &[&str],
    root: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let _ = args;
    if let Some(fetch) = &options.fetch {
        #[cfg(feature = "fetch")]
        return fetch::run(fetch, options.check, root, out, err);
        #[cfg(not(feature = "fetch"))]
        {
            let _ = (fetch, out);
            return rerun_with_fetch(args, root, err);
        }
    }
    match regen(root, options.check, out, err) {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            1
        }
    }
}

/// Paths of the workspace being regenerated.
pub(crate) struct Workspace {
    root: PathBuf,
}

impl Workspace {
    pub(crate) fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
        }
    }

    /// spec/public.json, or spec/public.yaml (.yml) when that is the one present.
    pub(crate) fn spec_file(&self) -> Result<PathBuf, String> {
        SPEC_NAMES
            .iter()
            .map(|name| self.root.join("spec").join(name))
            .find(|p| p.exists())
            .ok_or_else(|| {
                format!(
                    "no spec found: expected one of {}",
                    SPEC_NAMES.map(|n| format!("spec/{n}")).join(", ")
                )
            })
    }

    fn crate_dir(&self) -> PathBuf {
        self.root.join(CRATE_DIR)
    }

    /// The copy of the spec the committed client was generated from, if there is one.
    fn recorded_spec(&self) -> Option<(PathBuf, Vec<u8>)> {
        SPEC_NAMES.iter().find_map(|name| {
            let path = self.crate_dir().join("spec").join(name);
            std::fs::read(&path).ok().map(|bytes| (path, bytes))
        })
    }

    /// `path` relative to the workspace, for messages.
    pub(crate) fn rel(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// A file regen writes besides the generated sources: `Some(contents)`, or `None` to remove.
struct Extra {
    path: PathBuf,
    contents: Option<Vec<u8>>,
}

impl Extra {
    fn is_current(&self) -> bool {
        match &self.contents {
            Some(contents) => std::fs::read(&self.path).ok().as_ref() == Some(contents),
            None => !self.path.exists(),
        }
    }
}

/// `cargo xtask regen [--check]` on the workspace at `root`.
pub fn regen(
    root: &Path,
    check: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let ws = Workspace::new(root);
    let spec_file = ws.spec_file()?;
    let spec_name = ws.rel(&spec_file);
    let bytes = std::fs::read(&spec_file).map_err(|e| format!("{spec_name}: {e}"))?;
    let spec = load::load_bytes(&bytes, &spec_name).map_err(|e| e.to_string())?;
    // spec/gocrm-codegen.toml, when present: the same settings the CLI and build.rs read.
    let (settings, _) = Settings::discover(&spec_file).map_err(|e| e.to_string())?;
    let generated =
        generate_crate_sources(&spec, &settings, "cargo xtask regen").map_err(|e| e.to_string())?;
    for warning in &generated.warnings {
        let _ = writeln!(err, "{warning}");
    }

    let crate_dir = ws.crate_dir();
    let mut extras = vec![manifest(&crate_dir, &spec.openapi.info.version)?];
    let spec_file_name = spec_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let record = crate_dir.join("spec").join(&spec_file_name);
    let previous = ws.recorded_spec();
    extras.push(Extra {
        path: record.clone(),
        contents: Some(bytes.clone()),
    });
    for name in SPEC_NAMES.iter().filter(|n| **n != spec_file_name) {
        extras.push(Extra {
            path: crate_dir.join("spec").join(name),
            contents: None,
        });
    }

    let changelog_path = crate_dir.join("CHANGELOG.md");
    let current_changelog = std::fs::read_to_string(&changelog_path).ok();
    let mut new_changelog = current_changelog
        .clone()
        .unwrap_or_else(|| changelog::INTRO.to_owned());
    match &previous {
        None => {
            let _ = writeln!(
                out,
                "no record of the spec the committed client was generated from: keeping {} from now on",
                ws.rel(&record)
            );
            if current_changelog.is_none() {
                new_changelog = changelog::with_entry(
                    None,
                    &changelog::first_entry(&spec.openapi.info.version, &spec.sha256),
                );
            }
        }
        Some((_, old_bytes)) if *old_bytes == bytes => {}
        Some((old_path, old_bytes)) => {
            let old_name = ws.rel(old_path);
            match diff_bytes(old_bytes, &old_name, &bytes, &spec_name, &settings) {
                Ok(report) => {
                    print_report(&report, out);
                    if !report.is_empty() {
                        new_changelog = changelog::with_entry(
                            Some(&new_changelog),
                            &changelog::entry(&report, &spec.sha256),
                        );
                    }
                }
                Err(e) => {
                    let _ = writeln!(
                        err,
                        "warning: cannot compare with the spec the committed client was generated from ({old_name}), so there is no change report or CHANGELOG entry:\n{e}"
                    );
                }
            }
        }
    }
    extras.push(Extra {
        path: changelog_path,
        contents: Some(new_changelog.into_bytes()),
    });

    if check {
        return Ok(report_stale(
            &ws,
            &spec_name,
            &crate_dir,
            &generated.files,
            &extras,
            out,
            err,
        ));
    }
    let mut changed =
        write::write_files(&crate_dir, &generated.files).map_err(|e| e.to_string())?;
    for extra in &extras {
        if extra.is_current() {
            continue;
        }
        match &extra.contents {
            Some(contents) => {
                if let Some(dir) = extra.path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                std::fs::write(&extra.path, contents)
                    .map_err(|e| format!("{}: {e}", extra.path.display()))?;
            }
            None => std::fs::remove_file(&extra.path)
                .map_err(|e| format!("{}: {e}", extra.path.display()))?,
        }
        changed.push(extra.path.clone());
    }
    for path in &changed {
        let _ = writeln!(out, "wrote {}", ws.rel(path));
    }
    let _ = writeln!(
        out,
        "gocrm-generated: {} {} from {spec_name} ({} file(s) changed)",
        spec.openapi.info.title,
        spec.openapi.info.version,
        changed.len()
    );
    Ok(0)
}

/// `Cargo.toml` with the package version set to the spec's `info.version`.
fn manifest(crate_dir: &Path, version: &str) -> Result<Extra, String> {
    let path = crate_dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let updated = write::set_package_version(&text, version)
        .ok_or_else(|| format!("{}: no `version = ...` line in [package]", path.display()))?;
    Ok(Extra {
        path,
        contents: Some(updated.into_bytes()),
    })
}

fn print_report(report: &Report, out: &mut dyn Write) {
    let _ = writeln!(
        out,
        "changes for users of the client since the spec it was generated from:\n{}",
        report.to_text()
    );
}

/// `--check`: names every stale file; 0 when none.
fn report_stale(
    ws: &Workspace,
    spec_name: &str,
    crate_dir: &Path,
    files: &[GeneratedFile],
    extras: &[Extra],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let mut stale = write::stale_files(crate_dir, files);
    stale.extend(
        extras
            .iter()
            .filter(|e| !e.is_current())
            .map(|e| e.path.clone()),
    );
    if stale.is_empty() {
        let _ = writeln!(out, "gocrm-generated is up to date with {spec_name}");
        return 0;
    }
    for path in &stale {
        let _ = writeln!(err, "stale: {}", ws.rel(path));
    }
    let _ = writeln!(
        err,
        "the committed client differs from what {spec_name} generates: run `cargo xtask regen`"
    );
    1
}

/// This build has no HTTP client (the `cargo xtask` alias leaves the `fetch` feature out to
/// keep a fresh checkout's first build short): run the same command through `cargo run`,
/// which builds xtask with its default features.
#[cfg(not(feature = "fetch"))]
fn rerun_with_fetch(args: &[&str], root: &Path, err: &mut dyn Write) -> u8 {
    const AGAIN: &str = "GOCRM_XTASK_FETCH_RERUN";
    if std::env::var_os(AGAIN).is_some() {
        let _ = writeln!(err, "error: --fetch needs xtask's `fetch` feature");
        return 2;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let _ = writeln!(
        err,
        "building xtask with its HTTP client (feature `fetch`)…"
    );
    let status = std::process::Command::new(cargo)
        .current_dir(root)
        .env(AGAIN, "1")
        .args(["run", "--quiet", "-p", "xtask", "--", "regen"])
        .args(args)
        .status();
    match status {
        Ok(status) => status
            .code()
            .and_then(|c| u8::try_from(c).ok())
            .unwrap_or(1),
        Err(e) => {
            let _ = writeln!(err, "error: cannot run cargo: {e}");
            1
        }
    }
}

#[cfg(feature = "fetch")]
mod fetch;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse() {
        assert_eq!(
            Options::parse(&[]),
            Ok(Options {
                check: false,
                fetch: None
            })
        );
        let fetch = Options::parse(&["--fetch", "http://x/a.json", "--check", "--timeout", "2"]);
        assert_eq!(
            fetch,
            Ok(Options {
                check: true,
                fetch: Some(FetchOptions {
                    url: Some("http://x/a.json".into()),
                    timeout: Duration::from_secs(2)
                })
            })
        );
        let default_url = Options::parse(&["--fetch", "--check"]);
        assert_eq!(default_url.map(|o| o.fetch.and_then(|f| f.url)), Ok(None));
        assert!(Options::parse(&["--timeout", "2"]).is_err());
        assert!(Options::parse(&["--fetch", "--timeout", "soon"]).is_err());
        assert!(Options::parse(&["--bogus"]).is_err());
    }
}
