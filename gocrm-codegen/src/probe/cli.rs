//! The `probe` subcommand's own flags and its run; `main.rs` adds the spec and settings flags
//! it shares with `generate` and `check`.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use super::{probe, ProbeOptions};
use crate::settings::Settings;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The flags of `gocrm-codegen probe` besides the spec and settings ones.
#[derive(Debug, Clone, clap::Args)]
pub struct ProbeArgs {
    /// The report's format: text for people, json for tools.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Pause between the end of one request and the start of the next, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 200)]
    pub delay_ms: u64,
    /// Give up on a request after this many milliseconds (connecting, waiting, reading).
    #[arg(long, value_name = "MS", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_ms: u64,
    /// Send no more requests than this.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub max_requests: usize,
    /// A header for every request, e.g. an API key: `--header "X-Api-Key:secret"`
    /// (repeatable; values are never printed).
    #[arg(long = "header", value_name = "NAME:VALUE", value_parser = header)]
    pub headers: Vec<(String, String)>,
}

fn header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once(':')
        .ok_or_else(|| "write a header as NAME:VALUE".to_owned())?;
    let name = name.trim();
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !valid {
        return Err(format!("`{name}` is not a valid header name"));
    }
    Ok((name.to_owned(), value.trim().to_owned()))
}

impl ProbeArgs {
    pub fn options(&self) -> ProbeOptions {
        ProbeOptions {
            concurrency: usize::from(self.concurrency),
            delay: Duration::from_millis(self.delay_ms),
            timeout: Duration::from_millis(self.timeout_ms),
            max_requests: self.max_requests,
            headers: self.headers.clone(),
        }
    }
}

/// Exit code for problems before or instead of probing (bad spec, settings, URL, server).
const USAGE: u8 = 2;

/// Runs the probe and prints the report to stdout. Exit 0: the client tolerates everything
/// seen; 1: a departure would fail it; 2: usage (arguments, spec, settings, base URL, or the
/// server cannot be reached).
pub fn run(spec_path: &Path, settings: Result<Settings, String>, args: &ProbeArgs) -> ExitCode {
    let settings = match settings {
        Ok(settings) => settings,
        Err(message) => return usage(&message),
    };
    let spec = match crate::load::load_path(spec_path) {
        Ok(spec) => spec,
        Err(e) => return usage(&e.to_string()),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return usage(&format!("cannot start the async runtime: {e}")),
    };
    let report = match runtime.block_on(probe(&spec, &settings, &args.options())) {
        Ok(report) => report,
        Err(e) => return usage(&e.to_string()),
    };
    match args.format {
        Format::Text => print!("{}", report.to_text()),
        Format::Json => println!("{}", report.to_json()),
    }
    if report.client_fails() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn usage(message: &str) -> ExitCode {
    for line in message.lines() {
        if line.starts_with("error:") {
            eprintln!("{line}");
        } else {
            eprintln!("error: {line}");
        }
    }
    ExitCode::from(USAGE)
}
