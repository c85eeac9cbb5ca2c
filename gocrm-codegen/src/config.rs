//! The `build.rs` front end: a builder in the style of `prost-build`, generating into
//! `OUT_DIR` for `include!`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::generate::generate_single_file;
use crate::load;
use crate::settings::{settings_file_for, Settings, SettingsFile};

/// Generates a client from a spec at build time.
///
/// Settings are applied in this order: the defaults, then the settings file
/// (`gocrm-codegen.toml` next to the spec, or the one given to [`Config::settings_file`]),
/// then what is set on the builder.
///
/// ```no_run
/// // build.rs, in `fn main`:
/// if let Err(e) = gocrm_codegen::Config::new()
///     .lenient_scalars(true)
///     .derive("Eq")
///     .generate("../spec/public.json")
/// {
///     panic!("{e}");
/// }
/// ```
///
/// and in the crate: `include!(concat!(env!("OUT_DIR"), "/public.rs"));`
#[derive(Debug, Clone)]
pub struct Config {
    overrides: SettingsFile,
    settings_file: SettingsFileChoice,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
    cargo_output: bool,
}

#[derive(Debug, Clone)]
enum SettingsFileChoice {
    /// `gocrm-codegen.toml` in the spec's directory, when it exists.
    Discover,
    Path(PathBuf),
    None,
}

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

/// Generation at build time failed.
#[derive(Debug, Clone)]
pub enum BuildError {
    /// The settings file, or the settings themselves, have a mistake.
    Settings(String),
    /// The spec did not load or generate; every diagnostic names the file and a JSON pointer.
    Spec(Vec<Diagnostic>),
    /// `OUT_DIR` is not set (not in a build script) and no [`Config::out_dir`] was given.
    NoOutDir,
    /// The output file could not be written.
    Write(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Settings(message) | BuildError::Write(message) => f.write_str(message),
            BuildError::Spec(diagnostics) => {
                for (i, d) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        f.write_str("\n")?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            BuildError::NoOutDir => f.write_str(
                "OUT_DIR is not set: call generate from build.rs, or set Config::out_dir",
            ),
        }
    }
}

impl std::error::Error for BuildError {}

impl Config {
    /// The defaults, with the settings file next to the spec read if there is one.
    pub fn new() -> Self {
        Self {
            overrides: SettingsFile::default(),
            settings_file: SettingsFileChoice::Discover,
            out_dir: None,
            file_name: None,
            cargo_output: true,
        }
    }

    /// Unwrap `{status, message, validation_errors, data}` envelopes (default on).
    pub fn unwrap_envelope(&mut self, on: bool) -> &mut Self {
        self.overrides.unwrap_envelope = Some(on);
        self
    }

    /// The envelope's status field (default `status`).
    pub fn envelope_status_field(&mut self, name: impl Into<String>) -> &mut Self {
        self.overrides.envelope_status_field = Some(name.into());
        self
    }

    /// The envelope's payload field (default `data`).
    pub fn envelope_data_field(&mut self, name: impl Into<String>) -> &mut Self {
        self.overrides.envelope_data_field = Some(name.into());
        self
    }

    /// The status value that means success (default `success`).
    pub fn envelope_success_value(&mut self, value: impl Into<String>) -> &mut Self {
        self.overrides.envelope_success_value = Some(value.into());
        self
    }

    /// Accept `"12345"` for integers, `1`/`"0"` for booleans, numbers for strings (default on).
    pub fn lenient_scalars(&mut self, on: bool) -> &mut Self {
        self.overrides.lenient_scalars = Some(on);
        self
    }

    /// How booleans go over the wire in query, path, header, form and multipart values
    /// (default [`BoolParams::TrueFalse`](crate::settings::BoolParams)).
    pub fn bool_params(&mut self, bools: crate::settings::BoolParams) -> &mut Self {
        self.overrides.bool_params = Some(bools);
        self
    }

    /// Keep undeclared response properties in an `extra` map (default on).
    pub fn keep_unknown_properties(&mut self, on: bool) -> &mut Self {
        self.overrides.keep_unknown_properties = Some(on);
        self
    }

    /// Use this base URL instead of the spec's servers (or host/basePath).
    pub fn base_url(&mut self, url: impl Into<String>) -> &mut Self {
        self.overrides.base_url = Some(url.into());
        self
    }

    /// Make warnings (constructs that fall back) errors (default off).
    pub fn strict(&mut self, on: bool) -> &mut Self {
        self.overrides.strict = Some(on);
        self
    }

    /// Add a derive to the generated structs and enums (`"Eq"`, `"serde_with::…"`).
    pub fn derive(&mut self, path: impl Into<String>) -> &mut Self {
        let path = path.into();
        if !self.overrides.derives.contains(&path) {
            self.overrides.derives.push(path);
        }
        self
    }

    /// Use `rust_type` wherever the component schema `schema` (its name in the spec) is used;
    /// the generated type becomes an alias of it.
    pub fn replace_schema(
        &mut self,
        schema: impl Into<String>,
        rust_type: impl Into<String>,
    ) -> &mut Self {
        self.overrides
            .schema_types
            .insert(schema.into(), rust_type.into());
        self
    }

    /// Use `rust_type` for every schema with this `format` (`"date-time"`, `"uuid"`).
    pub fn replace_format(
        &mut self,
        format: impl Into<String>,
        rust_type: impl Into<String>,
    ) -> &mut Self {
        self.overrides
            .format_types
            .insert(format.into(), rust_type.into());
        self
    }

    /// Read this settings file instead of looking for `gocrm-codegen.toml` next to the spec.
    pub fn settings_file(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.settings_file = SettingsFileChoice::Path(path.into());
        self
    }

    /// Read no settings file.
    pub fn no_settings_file(&mut self) -> &mut Self {
        self.settings_file = SettingsFileChoice::None;
        self
    }

    /// Write here instead of `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// The output file's name without `.rs` (default: the spec's file stem, `public` for
    /// `public.json`).
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = Some(name.into());
        self
    }

    /// Print `cargo:rerun-if-changed` and `cargo:warning` lines (default on; off outside a
    /// build script).
    pub fn cargo_output(&mut self, on: bool) -> &mut Self {
        self.cargo_output = on;
        self
    }

    /// The settings this config generates with for `spec`, and the settings file read.
    pub fn resolve_settings(&self, spec: &Path) -> Result<(Settings, Option<PathBuf>), BuildError> {
        let file = match &self.settings_file {
            SettingsFileChoice::Discover => settings_file_for(spec),
            SettingsFileChoice::Path(path) => Some(path.clone()),
            SettingsFileChoice::None => None,
        };
        let mut settings = Settings::default();
        if let Some(path) = &file {
            SettingsFile::read(path)
                .map_err(|e| BuildError::Settings(e.to_string()))?
                .apply(&mut settings);
        }
        self.overrides.apply(&mut settings);
        let problems = settings.validate();
        if !problems.is_empty() {
            return Err(BuildError::Settings(problems.join("\n")));
        }
        Ok((settings, file))
    }

    /// Generates `<out_dir>/<name>.rs` from the spec; returns its path.
    pub fn generate(&self, spec: impl AsRef<Path>) -> Result<PathBuf, BuildError> {
        let spec_path = spec.as_ref();
        let mut rerun = vec![spec_path.to_path_buf()];
        if matches!(self.settings_file, SettingsFileChoice::Discover) {
            // The directory: a settings file created later is noticed too.
            let out_dir = self
                .out_dir
                .clone()
                .or_else(|| std::env::var_os("OUT_DIR").map(PathBuf::from));
            if let Some(dir) = watchable_dir(spec_path, out_dir.as_deref()) {
                rerun.push(dir);
            }
        }
        let resolved = self.resolve_settings(spec_path);
        if let Ok((_, Some(file))) = &resolved {
            rerun.push(file.clone());
        }
        if self.cargo_output {
            for path in &rerun {
                println!(
                    "cargo:rerun-if-changed={}",
                    one_line(&path.display().to_string())
                );
            }
        }
        let (settings, _) = resolved?;

        let out_dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(BuildError::NoOutDir)?,
        };
        let name = match &self.file_name {
            Some(name) => name.clone(),
            None => spec_path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("api")
                .to_owned(),
        };

        let loaded = load::load_path(spec_path).map_err(|e| BuildError::Spec(e.diagnostics))?;
        let command = format!("cargo build (build.rs, {})", spec_path.display());
        let (contents, warnings) = generate_single_file(&loaded, &settings, &command)
            .map_err(|e| BuildError::Spec(e.diagnostics))?;
        if self.cargo_output {
            for w in &warnings {
                // Cargo puts `warning:` in front already.
                let line = format!("{}: {}: {}", w.file, w.pointer, w.message);
                println!("cargo:warning={}", one_line(&line));
            }
        }
        let out = out_dir.join(format!("{name}.rs"));
        std::fs::create_dir_all(&out_dir)
            .map_err(|e| BuildError::Write(format!("{}: {e}", out_dir.display())))?;
        let unchanged = std::fs::read_to_string(&out).is_ok_and(|old| old == contents);
        if !unchanged {
            std::fs::write(&out, contents)
                .map_err(|e| BuildError::Write(format!("{}: {e}", out.display())))?;
        }
        Ok(out)
    }

    /// The overrides set on this builder, as a settings file would hold them.
    pub fn overrides(&self) -> &SettingsFile {
        &self.overrides
    }
}

/// The spec's directory as Cargo should watch it (`.`, the crate root, for a spec named
/// without a directory), or `None` when watching it would rerun the build script on every
/// build.
///
/// Cargo watches a directory recursively, by the newest modification time inside it. When
/// Cargo's own output (`OUT_DIR`, inside the target directory) lies in that directory, as for
/// a spec at the root of a crate that is not in a workspace, every build writes something newer
/// there and the next build would run the generator and recompile the client again. There the
/// directory is not watched (the spec and an existing settings file still are).
fn watchable_dir(spec: &Path, out_dir: Option<&Path>) -> Option<PathBuf> {
    let dir = match spec.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let holds_output = match (dir.canonicalize(), out_dir.map(Path::canonicalize)) {
        (Ok(dir), Some(Ok(out))) => out.starts_with(dir),
        _ => false,
    };
    (!holds_output).then_some(dir)
}

/// Cargo reads one directive per line.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_directory_is_watched_unless_it_holds_the_output() {
        let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = root.path().join("target/debug/build/x/out");
        std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
        let elsewhere = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // A spec in the crate root (a bare file name) watches the crate root.
        assert_eq!(
            watchable_dir(Path::new("petstore.yaml"), Some(elsewhere.path())),
            Some(PathBuf::from("."))
        );
        let spec = root.path().join("spec/api.json");
        assert_eq!(
            watchable_dir(&spec, Some(&out)),
            Some(root.path().join("spec"))
        );
        // The directory holding the target directory would change on every build.
        assert_eq!(
            watchable_dir(&root.path().join("api.json"), Some(&out)),
            None
        );
    }
}
