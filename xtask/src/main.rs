//! `cargo xtask`: generate crates from OpenAPI specs and check `generated/` for drift (thin
//! wrappers over the `apigen` library, with this repository's defaults), and project tasks.

mod bench;
mod compile_check;
mod diff;
mod paths;
mod prism;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

/// Project tasks for the apigen OpenAPI → Rust generator.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a crate (types, client, server) from a spec; only changed files are rewritten.
    ///
    /// Without options: spec/posthog-users.yaml → generated/posthog-users.
    Generate(Target),
    /// Regenerate in memory and compare with the files on disk: exit 1 with a unified diff per
    /// stale file when the crate drifts from its spec.
    Check(Target),
    /// Generate every fixture spec (crates/apigen-emit/tests/fixtures) into one scratch workspace
    /// under target/ and run `cargo clippy -D warnings` on it, so no snapshot locks in code that
    /// does not build. `--corpus` adds every document of ../shared/corpus.
    CompileCheck(compile_check::CompileCheck),
    /// Time the pipeline phase by phase (read, parse, resolve+lower, emit tokens, format,
    /// write) over several runs and print the median, min, max and peak memory. Use a release
    /// build: `cargo run --release -p xtask -- bench`.
    Bench(bench::Bench),
    /// The change report between the spec at a git revision (`--base`, default HEAD) and the
    /// working tree's: every change classified for clients and servers, security changes, and
    /// the semver bump of the generated crate (Markdown or JSON; `--fail-on` for CI).
    Diff(diff::Diff),
    /// Generate the Prism oracle's crates and driver (run it with `scripts/prism/run.sh`).
    PrismDriver(prism::PrismDriver),
}

#[derive(Debug, Args)]
struct Target {
    /// The OpenAPI 3.0 document (YAML or JSON).
    #[arg(long, default_value = "spec/posthog-users.yaml")]
    spec: PathBuf,
    /// The directory of the emitted crate [default: generated/<crate name>].
    #[arg(long)]
    out: Option<PathBuf>,
    /// The package name of the emitted crate [default: the spec's file name].
    #[arg(long)]
    name: Option<String>,
    /// Overwrite files apigen did not generate, or edited since (`generate` only).
    #[arg(long)]
    force: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(target) => generate(&target).map(|()| true),
        Command::Check(target) => check(&target),
        Command::CompileCheck(options) => compile_check::run(&options),
        Command::Bench(options) => bench::run(&options),
        Command::Diff(options) => diff::run(&options),
        Command::PrismDriver(options) => prism::run(&options),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The spec and output directory of a target, and how `apigen` should generate it: the runtime
/// by path into this repository, a `[workspace]` table unless the crate is a member of ours.
fn resolve(target: &Target) -> Result<(PathBuf, PathBuf, apigen::Options)> {
    let root = paths::workspace_root();
    let spec = root.join(&target.spec);
    let name = match &target.name {
        Some(name) => name.clone(),
        None => paths::crate_name_for(&spec)?,
    };
    let out = match &target.out {
        Some(out) => std::env::current_dir()?.join(out),
        None => root.join("generated").join(&name),
    };
    let options = apigen::Options {
        crate_name: Some(name),
        spec_label: Some(paths::label(&root, &spec)),
        runtime: apigen::Runtime::Path(paths::relative_path(
            &out,
            &root.join("crates/apigen-runtime"),
        )),
        standalone: !paths::is_workspace_member(&root, &out),
        force: target.force,
        ..apigen::Options::default()
    };
    Ok((spec, out, options))
}

fn generate(target: &Target) -> Result<()> {
    let (spec, out, options) = resolve(target)?;
    let report = apigen::generate(&spec, &out, &options)?;
    for warning in &report.warnings {
        eprintln!("warning: {}: {warning}", target.spec.display());
    }
    for path in &report.kept {
        eprintln!(
            "note: {} is no longer generated but was edited: left in place",
            path.display()
        );
    }
    println!(
        "generated {} ({} written, {} unchanged, {} removed) in {} ms",
        out.display(),
        report.written.len(),
        report.unchanged,
        report.removed.len(),
        (report.load_time + report.emit_time + report.write_time).as_millis()
    );
    Ok(())
}

fn check(target: &Target) -> Result<bool> {
    let (spec, out, options) = resolve(target)?;
    let drift = apigen::check(&spec, &out, &options)?;
    if drift.is_empty() {
        println!(
            "{} is up to date with {}",
            out.display(),
            target.spec.display()
        );
        return Ok(true);
    }
    print!(
        "{}",
        diff::drift_summary(&paths::workspace_root(), &spec, &out)
    );
    print!("{}", drift.unified_diff(&out));
    eprintln!(
        "{} file(s) in {} differ from a fresh generation of {}: run `cargo xtask generate`",
        drift.stale.len(),
        out.display(),
        target.spec.display()
    );
    Ok(false)
}
