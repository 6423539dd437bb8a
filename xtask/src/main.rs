//! `cargo xtask`: generate crates from OpenAPI specs and check `generated/` for drift.

mod bench;
mod compile_check;
mod paths;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(target) => generate(&target).map(|()| true),
        Command::Check(target) => check(&target),
        Command::CompileCheck(options) => compile_check::run(&options),
        Command::Bench(options) => bench::run(&options),
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

/// A spec resolved to the files its crate should contain.
struct Planned {
    out: PathBuf,
    files: Vec<apigen_emit::GeneratedFile>,
}

fn plan(target: &Target) -> Result<Planned> {
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
    let loaded = apigen_model::load_file(&spec)?;
    for warning in &loaded.warnings {
        eprintln!("warning: {}: {warning}", target.spec.display());
    }
    let options = apigen_emit::Options {
        crate_name: name,
        spec_label: paths::label(&root, &spec),
        runtime: apigen_emit::RuntimeDependency::Path(paths::relative_path(
            &out,
            &root.join("crates/apigen-runtime"),
        )),
        standalone: !paths::is_workspace_member(&root, &out),
    };
    let files = apigen_emit::generate_crate(&loaded.api, &loaded.warnings, &options)?;
    Ok(Planned { out, files })
}

fn generate(target: &Target) -> Result<()> {
    let started = Instant::now();
    let planned = plan(target)?;
    let (mut written, mut unchanged) = (0, 0);
    for file in &planned.files {
        let path = planned.out.join(&file.path);
        if std::fs::read_to_string(&path).is_ok_and(|existing| existing == file.contents) {
            unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, &file.contents)
            .with_context(|| format!("cannot write {}", path.display()))?;
        written += 1;
    }
    println!(
        "generated {} ({} written, {} unchanged) in {} ms",
        planned.out.display(),
        written,
        unchanged,
        started.elapsed().as_millis()
    );
    Ok(())
}

fn check(target: &Target) -> Result<bool> {
    let planned = plan(target)?;
    let mut stale = 0;
    for file in &planned.files {
        let path = planned.out.join(&file.path);
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        if existing != file.contents {
            stale += 1;
            print_diff(&path, &existing, &file.contents);
        }
    }
    if stale == 0 {
        println!(
            "{} is up to date with {}",
            planned.out.display(),
            target.spec.display()
        );
        Ok(true)
    } else {
        eprintln!(
            "{stale} file(s) in {} differ from a fresh generation of {}: run `cargo xtask generate`",
            planned.out.display(),
            target.spec.display()
        );
        Ok(false)
    }
}

fn print_diff(path: &Path, old: &str, new: &str) {
    let diff = similar::TextDiff::from_lines(old, new);
    let label = path.display().to_string();
    print!(
        "{}",
        diff.unified_diff().context_radius(3).header(
            &format!("{label} (on disk)"),
            &format!("{label} (generated)")
        )
    );
}
