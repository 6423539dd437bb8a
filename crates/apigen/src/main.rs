//! `apigen`: generate a Rust crate from an OpenAPI 3.0 document, check one for drift, or lint a
//! spec, or report what a spec change means for the generated crate.

mod cli_diff;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use apigen::{Options, Runtime};
use clap::{Args, Parser, Subcommand};

/// OpenAPI 3.0 → Rust: serde types, a typed reqwest client and an axum server trait + router.
///
/// Exit codes: 0 success; 1 `check` found drift, `lint` found warnings or `diff` met its
/// `--fail-on`; 2 the spec could not
/// be loaded or generated, the output was refused (foreign or edited files, symbolic links) or
/// the command line is wrong.
#[derive(Debug, Parser)]
#[command(name = "apigen", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a crate from SPEC into DIR.
    ///
    /// Writes Cargo.toml, README.md, src/{lib,types,client,server}.rs and (by default) a copy
    /// of the runtime in vendor/apigen-runtime, so the crate builds anywhere. Files are written
    /// into a temporary sibling directory and moved into place only when all were written;
    /// only files apigen generated (listed in DIR/.apigen-manifest) are overwritten or
    /// removed, unchanged files are not touched.
    Generate(Generate),
    /// Regenerate in memory and compare with the crate in DIR.
    ///
    /// Exits 1 with a unified diff per stale file when the crate drifts from SPEC. The crate
    /// name, runtime and spec label are read from DIR/Cargo.toml unless given.
    Check(Check),
    /// Load SPEC and print what generation would skip or approximate, writing nothing.
    ///
    /// Exits 0 when clean, 1 with warnings, 2 when the spec cannot be used.
    Lint(Lint),
    /// Compare two specs as the generated crate sees them: every change, breaking or additive
    /// for clients and for servers, security changes, and the semver bump the crate needs.
    ///
    /// Prints Markdown (for a pull-request comment) or JSON; exits 1 when `--fail-on` is met.
    Diff(cli_diff::Diff),
}

#[derive(Debug, Args)]
struct Generate {
    /// The OpenAPI 3.0 document (YAML or JSON).
    spec: PathBuf,
    /// The directory of the crate (created if missing).
    #[arg(short, long = "out", value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    crate_options: CrateOptions,
    /// Overwrite files apigen did not write, or edited since (never through symbolic links).
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct Check {
    /// The OpenAPI 3.0 document (YAML or JSON).
    spec: PathBuf,
    /// The generated crate to compare.
    dir: PathBuf,
    #[command(flatten)]
    crate_options: CrateOptions,
}

#[derive(Debug, Args)]
struct CrateOptions {
    /// The package name [default: from the spec's file name].
    #[arg(long)]
    name: Option<String>,
    /// The runtime dependency: `vendored` (copied into the crate), `path:P` (relative to the
    /// crate) or `version:V` (crates.io) [default: vendored].
    #[arg(long, value_parser = parse_runtime)]
    runtime: Option<Runtime>,
    /// Do not add an empty [workspace] table (when the crate is a member of your workspace).
    #[arg(long)]
    no_workspace: bool,
    #[command(flatten)]
    load: LoadArgs,
}

#[derive(Debug, Args)]
struct LoadArgs {
    /// Generate even where the code would not mean what the spec says (a duplicate
    /// operationId, a `pattern` the server cannot check, an enum value the type cannot hold,
    /// an undeclared path parameter): each becomes a warning instead of an error.
    #[arg(long)]
    allow_lossy: bool,
}

impl LoadArgs {
    fn load_options(&self) -> apigen_model::LoadOptions {
        apigen_model::LoadOptions {
            allow_lossy: self.allow_lossy,
            ..Default::default()
        }
    }
}

#[derive(Debug, Args)]
struct Lint {
    /// The OpenAPI 3.0 document (YAML or JSON).
    spec: PathBuf,
    #[command(flatten)]
    load: LoadArgs,
}

fn parse_runtime(text: &str) -> Result<Runtime, String> {
    match text.split_once(':') {
        None if text == "vendored" => Ok(Runtime::Vendored),
        Some(("path", path)) if !path.is_empty() => Ok(Runtime::Path(path.to_owned())),
        Some(("version", version)) if !version.is_empty() => {
            Ok(Runtime::Version(version.to_owned()))
        }
        _ => Err("expected `vendored`, `path:PATH` or `version:REQ`".to_owned()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate(command) => generate(command),
        Command::Check(command) => check(command),
        Command::Lint(command) => lint(command),
        Command::Diff(command) => cli_diff::run(command),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn options(crate_options: &CrateOptions, base: Options) -> Options {
    Options {
        crate_name: crate_options.name.clone().or(base.crate_name),
        runtime: crate_options.runtime.clone().unwrap_or(base.runtime),
        standalone: if crate_options.no_workspace {
            false
        } else {
            base.standalone
        },
        load: crate_options.load.load_options(),
        ..base
    }
}

fn generate(command: &Generate) -> Result<ExitCode, apigen::Error> {
    let options = Options {
        force: command.force,
        ..options(&command.crate_options, Options::default())
    };
    eprintln!(
        "apigen: generating {} from {}",
        command.out.display(),
        command.spec.display()
    );
    let started = Instant::now();
    let report = apigen::generate(&command.spec, &command.out, &options)?;
    print_warnings(&command.spec, &report.warnings);
    for path in &report.kept {
        eprintln!(
            "note: {} is no longer generated but was edited: left in place",
            path.display()
        );
    }
    eprintln!(
        "apigen: {} operations, {} types: loaded in {} ms, emitted in {} ms, written in {} ms",
        report.operations,
        report.types,
        report.load_time.as_millis(),
        report.emit_time.as_millis(),
        report.write_time.as_millis()
    );
    eprintln!(
        "apigen: crate `{}` in {}: {} written, {} unchanged, {} removed, {} warnings ({} ms)",
        report.crate_name,
        command.out.display(),
        report.written.len(),
        report.unchanged,
        report.removed.len(),
        report.warnings.len(),
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

fn check(command: &Check) -> Result<ExitCode, apigen::Error> {
    let base = apigen::options_of(&command.dir).unwrap_or_default();
    let options = options(&command.crate_options, base);
    let started = Instant::now();
    let drift = apigen::check(&command.spec, &command.dir, &options)?;
    if drift.is_empty() {
        eprintln!(
            "apigen: {} is up to date with {} ({} ms)",
            command.dir.display(),
            command.spec.display(),
            started.elapsed().as_millis()
        );
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", drift.unified_diff(&command.dir));
    eprintln!(
        "apigen: {} file(s) in {} differ from a fresh generation of {}: run `apigen generate`",
        drift.stale.len(),
        command.dir.display(),
        command.spec.display()
    );
    Ok(ExitCode::from(1))
}

fn lint(command: &Lint) -> Result<ExitCode, apigen::Error> {
    let lint = apigen::lint(&command.spec, &command.load.load_options())?;
    print_warnings(&command.spec, &lint.warnings);
    eprintln!(
        "apigen: {}: {} operations, {} types, {} warnings",
        command.spec.display(),
        lint.operations,
        lint.types,
        lint.warnings.len()
    );
    Ok(if lint.warnings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_warnings(spec: &Path, warnings: &[apigen::Warning]) {
    for warning in warnings {
        eprintln!("warning: {}: {warning}", spec.display());
    }
}
