//! `gocrm-codegen diff OLD NEW`: a thin front end over `gocrm_codegen::diff`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use gocrm_codegen::diff::{diff_paths, Class};

#[derive(Args)]
pub struct DiffArgs {
    /// The document the current client was generated from.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The document to compare it with.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit 1 when there is a change of this class or a more severe one (`breaking`: any
    /// breaking change; `additive`: breaking or additive; `docs`: any change).
    #[arg(long, value_enum, value_name = "CLASS")]
    fail_on: Option<FailOn>,
    #[command(flatten)]
    options: crate::SettingsArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Breaking,
    Additive,
    Docs,
}

pub fn run(args: &DiffArgs) -> ExitCode {
    let settings = match args.options.resolve(&args.new) {
        Ok(settings) => settings,
        Err(message) => return crate::fail_message(&message),
    };
    let report = match diff_paths(&args.old, &args.new, &settings) {
        Ok(report) => report,
        Err(e) => return crate::fail(&e.diagnostics),
    };
    let text = match args.format {
        Format::Text => report.to_text(),
        Format::Markdown => report.to_markdown(),
        Format::Json => report.to_json(),
    };
    print!("{text}");
    let threshold = args.fail_on.map(|f| match f {
        FailOn::Breaking => Class::Breaking,
        FailOn::Additive => Class::Additive,
        FailOn::Docs => Class::Docs,
    });
    match threshold {
        Some(class) if report.has_at_least(class) => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}
