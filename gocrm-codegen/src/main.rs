//! The `gocrm-codegen` command line: `generate` a client crate, `check` a spec, `diff` two,
//! or `probe` a live server against one.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use gocrm_codegen::{generate_standalone_crate, load, write, BoolParams, Config, Settings};

mod cli;

// Generation allocates and frees many small token trees and syn nodes; mimalloc does that
// faster than glibc's malloc (BENCHMARKS.md §1). The binary only: the library leaves the
// choice of allocator to its user.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate a typed async Rust client from an OpenAPI 3.0/3.1 or Swagger 2.0 document.
///
/// Exit codes: 0 success; 1 the spec is invalid (or has warnings under --strict); 2 usage.
#[derive(Parser)]
#[command(name = "gocrm-codegen", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a standalone client crate (Cargo.toml and src/) into --out.
    Generate {
        #[command(flatten)]
        spec: SpecArgs,
        /// The directory to write the crate into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The crate's package name (letters, digits, `-` and `_`).
        #[arg(long, value_name = "CRATE_NAME", value_parser = crate_name)]
        name: String,
    },
    /// Validate a spec without writing anything: print every problem with its JSON pointer.
    Check {
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// Compare two documents by their effect on the generated client: each change with its
    /// class (breaking/additive/docs), kind, Rust item and JSON pointers. Settings come from
    /// --config, else gocrm-codegen.toml next to NEW; both documents use the same.
    ///
    /// Exit codes: 0 compared (whatever the changes); 1 a document does not load, or
    /// --fail-on matched; 2 usage.
    Diff(cli::diff::DiffArgs),
    /// Call the API's safe operations (GET and HEAD only) on a live server and report where
    /// its answers depart from the spec, and whether the generated client tolerates each.
    ///
    /// Exit codes: 0 the client tolerates everything seen; 1 a departure would fail it;
    /// 2 usage (arguments, spec, settings, base URL, or the server cannot be reached).
    Probe {
        #[command(flatten)]
        spec: SpecArgs,
        #[command(flatten)]
        probe: gocrm_codegen::probe::cli::ProbeArgs,
    },
}

#[derive(Args)]
struct SpecArgs {
    /// The OpenAPI / Swagger document (JSON or YAML).
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    #[command(flatten)]
    options: SettingsArgs,
}

impl SpecArgs {
    fn settings(&self) -> Result<Settings, String> {
        self.options.resolve(&self.spec)
    }
}

/// The settings flags, shared by every subcommand that builds a client's IR.
#[derive(Args)]
struct SettingsArgs {
    /// Treat warnings (constructs that fall back, e.g. to serde_json::Value) as errors.
    #[arg(long)]
    strict: bool,
    /// Do not unwrap `{status, message, validation_errors, data}` response envelopes.
    #[arg(long)]
    no_envelope: bool,
    /// Decode scalars strictly (no "12345" for integers, no 1/0 for booleans).
    #[arg(long)]
    no_lenient: bool,
    /// Drop undeclared response properties instead of keeping them.
    #[arg(long)]
    no_keep_unknown: bool,
    /// How booleans go over the wire in query, path, header and form values.
    #[arg(long, value_name = "STYLE", value_parser = ["true-false", "one-zero"])]
    bool_params: Option<String>,
    /// Use this base URL instead of the spec's servers (or host/basePath).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Read settings from this TOML file (default: gocrm-codegen.toml next to the spec, if
    /// present). Flags override the file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Do not read gocrm-codegen.toml next to the spec.
    #[arg(long)]
    no_config: bool,
}

impl SettingsArgs {
    /// Defaults, then the settings file (next to `spec` unless given), then the flags given.
    fn resolve(&self, spec: &std::path::Path) -> Result<Settings, String> {
        let mut config = Config::new();
        config.cargo_output(false);
        if let Some(file) = &self.config {
            config.settings_file(file);
        } else if self.no_config {
            config.no_settings_file();
        }
        if self.no_envelope {
            config.unwrap_envelope(false);
        }
        if self.no_lenient {
            config.lenient_scalars(false);
        }
        if self.no_keep_unknown {
            config.keep_unknown_properties(false);
        }
        if self.strict {
            config.strict(true);
        }
        if let Some(bools) = self.bool_params.as_deref().and_then(BoolParams::parse) {
            config.bool_params(bools);
        }
        if let Some(url) = &self.base_url {
            config.base_url(url);
        }
        match config.resolve_settings(spec) {
            Ok((settings, _)) => Ok(settings),
            Err(e) => Err(e.to_string()),
        }
    }
}

fn crate_name(s: &str) -> Result<String, String> {
    let valid = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && s.starts_with(|c: char| c.is_ascii_alphabetic());
    if valid {
        Ok(s.to_owned())
    } else {
        Err(
            "a crate name starts with a letter and has only letters, digits, `-` and `_`"
                .to_owned(),
        )
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { spec, out, name } => generate(&spec, &out, &name),
        Command::Check { spec } => check(&spec),
        Command::Diff(args) => cli::diff::run(&args),
        Command::Probe { spec, probe } => {
            gocrm_codegen::probe::cli::run(&spec.spec, spec.settings(), &probe)
        }
    }
}

fn generate(args: &SpecArgs, out: &std::path::Path, name: &str) -> ExitCode {
    let settings = match args.settings() {
        Ok(settings) => settings,
        Err(message) => return fail_message(&message),
    };
    let spec = match load::load_path(&args.spec) {
        Ok(spec) => spec,
        Err(e) => return fail(&e.diagnostics),
    };
    let command = format!(
        "gocrm-codegen generate --spec {} --out {} --name {name}",
        args.spec.display(),
        out.display()
    );
    match generate_standalone_crate(&spec, &settings, name, &command) {
        Ok(generated) => {
            for w in &generated.warnings {
                eprintln!("{w}");
            }
            match write::write_files(out, &generated.files) {
                Ok(changed) => {
                    eprintln!(
                        "wrote {} ({} file(s) changed, {} warning(s))",
                        out.display(),
                        changed.len(),
                        generated.warnings.len()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {}: {e}", out.display());
                    ExitCode::FAILURE
                }
            }
        }
        Err(e) => fail(&e.diagnostics),
    }
}

fn check(args: &SpecArgs) -> ExitCode {
    let settings = match args.settings() {
        Ok(settings) => settings,
        Err(message) => return fail_message(&message),
    };
    let spec = match load::load_path(&args.spec) {
        Ok(spec) => spec,
        Err(e) => return fail(&e.diagnostics),
    };
    match gocrm_codegen::generate_crate_sources(&spec, &settings, "gocrm-codegen check") {
        Ok(generated) => {
            for w in &generated.warnings {
                eprintln!("{w}");
            }
            eprintln!(
                "{}: ok ({} warning(s))",
                args.spec.display(),
                generated.warnings.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e.diagnostics),
    }
}

fn fail(diagnostics: &[gocrm_codegen::Diagnostic]) -> ExitCode {
    for d in diagnostics {
        eprintln!("{d}");
    }
    ExitCode::FAILURE
}

fn fail_message(message: &str) -> ExitCode {
    for line in message.lines() {
        if line.starts_with("error:") {
            eprintln!("{line}");
        } else {
            eprintln!("error: {line}");
        }
    }
    ExitCode::FAILURE
}
