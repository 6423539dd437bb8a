//! `apigen diff OLD NEW`: what changed between two specs in the generated crate's terms, and
//! the semver bump it needs.

use std::path::PathBuf;
use std::process::ExitCode;

use apigen_model::diff::{self, Report};
use clap::{Args, ValueEnum};

/// The arguments of `apigen diff`.
#[derive(Debug, Args)]
pub struct Diff {
    /// The old OpenAPI 3.0 document (YAML or JSON).
    old: PathBuf,
    /// The new OpenAPI 3.0 document.
    new: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Exit 1 when the report has changes of this sort.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// At most this many table rows per section of the Markdown report.
    #[arg(long, default_value_t = 200)]
    max_rows: usize,
}

/// The output formats of `apigen diff`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Markdown for a pull-request comment.
    Markdown,
    /// JSON for tools.
    Json,
}

/// The changes `--fail-on` gates on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// A change that breaks the client or the server (a major bump).
    Breaking,
    /// A change to who may call what.
    Security,
    /// Any change at all.
    Any,
}

impl FailOn {
    /// True when `report` has changes of this sort.
    pub fn is_met_by(self, report: &Report) -> bool {
        match self {
            FailOn::Breaking => report.has_breaking(),
            FailOn::Security => report.has_security(),
            FailOn::Any => !report.changes.is_empty(),
        }
    }
}

/// Loads both specs, prints the report; exit 1 when `--fail-on` is met.
pub fn run(command: &Diff) -> Result<ExitCode, apigen::Error> {
    let old = apigen_model::load_file(&command.old)?;
    let new = apigen_model::load_file(&command.new)?;
    let report = diff::diff(&old.api, &new.api);
    match command.format {
        Format::Markdown => print!("{}", report.to_markdown(command.max_rows)),
        Format::Json => println!("{}", report.to_json()),
    }
    eprintln!(
        "apigen: {} change(s) from {} to {}: {} bump",
        report.changes.len(),
        command.old.display(),
        command.new.display(),
        report.bump.as_str()
    );
    let failed = command
        .fail_on
        .is_some_and(|fail_on| fail_on.is_met_by(&report));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
