//! `cargo xtask compile-check`: every fixture (and optionally corpus) spec generated into one
//! scratch workspace and checked with clippy, warnings denied.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Args;

use crate::paths;

/// Options of `compile-check`.
#[derive(Debug, Args)]
pub struct CompileCheck {
    /// Also generate and check every document of ../shared/corpus.
    #[arg(long)]
    corpus: bool,
}

/// Generates the specs, writes the scratch workspace and runs clippy on it; false on failure.
pub fn run(options: &CompileCheck) -> Result<bool> {
    let root = paths::workspace_root();
    let scratch = root.join("target/compile-check");
    let mut specs = spec_files(&root.join("crates/apigen-emit/tests/fixtures"))?;
    if options.corpus {
        specs.extend(spec_files(&root.join("../shared/corpus"))?);
    }
    let mut members = Vec::new();
    let mut report = Vec::new();
    for spec in &specs {
        let name = format!("check-{}", paths::crate_name_for(spec)?);
        let out = scratch.join(&name);
        let started = Instant::now();
        let loaded = apigen_model::load_file(spec)?;
        let options = apigen_emit::Options {
            crate_name: name.clone(),
            spec_label: spec
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            runtime: apigen_emit::RuntimeDependency::Path(paths::relative_path(
                &out,
                &root.join("crates/apigen-runtime"),
            )),
            standalone: false,
        };
        for file in apigen_emit::generate_crate(&loaded.api, &loaded.warnings, &options)? {
            let path = out.join(&file.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            if std::fs::read_to_string(&path).ok().as_deref() != Some(file.contents.as_str()) {
                std::fs::write(&path, &file.contents)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
        }
        report.push(format!(
            "{:<28} {:>4} operations {:>5} types {:>3} warnings {:>6} ms",
            name,
            loaded.api.endpoints.len(),
            loaded.api.types.len(),
            loaded.warnings.len(),
            started.elapsed().as_millis()
        ));
        members.push(name);
    }
    let manifest = format!(
        "# Written by `cargo xtask compile-check`.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest)?;
    if !scratch.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"))?;
    }
    for line in &report {
        println!("{line}");
    }
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target/compile-check-target"))
        .status()
        .context("cannot run cargo clippy")?;
    println!(
        "cargo clippy on {} crates: {} ms",
        members.len(),
        started.elapsed().as_millis()
    );
    if !status.success() {
        bail!(
            "generated crates do not pass clippy: see above ({})",
            scratch.display()
        );
    }
    Ok(true)
}

fn spec_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    files.sort();
    Ok(files)
}
