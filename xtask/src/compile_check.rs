//! `cargo xtask compile-check`: every fixture spec, every `# expect: ok` spec of the hostile
//! suite (and optionally every corpus spec) generated into one scratch workspace, checked with
//! clippy (warnings denied), then `router(Unimplemented, DenyAll)` of each crate built and sent
//! one request per operation by the `router-smoke` binary.

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
    specs.extend(
        spec_files(&root.join("crates/apigen-model/tests/hostile"))?
            .into_iter()
            .filter(|spec| expected_ok(spec)),
    );
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
    write_smoke_crate(&scratch.join(SMOKE), &members)?;
    let manifest = format!(
        "# Written by `cargo xtask compile-check`.\n[workspace]\nresolver = \"3\"\nmembers = [{}, \"{SMOKE}\"]\n\n\
         # The smoke binary is built once and run once: no debug info, no incremental state.\n\
         [profile.dev]\ndebug = false\nincremental = false\n",
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
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["run", "--quiet", "-p", SMOKE])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target/compile-check-target"))
        .status()
        .context("cannot run the router smoke test")?;
    println!(
        "{SMOKE} (build and run) on {} crates: {} ms",
        members.len(),
        started.elapsed().as_millis()
    );
    if !status.success() {
        bail!(
            "a generated router failed: see above ({})",
            scratch.display()
        );
    }
    Ok(true)
}

/// The scratch crate that builds and calls every generated router.
const SMOKE: &str = "router-smoke";

/// True when the hostile spec declares `# expect: ok` (it must generate a working crate).
fn expected_ok(spec: &Path) -> bool {
    std::fs::read_to_string(spec).is_ok_and(|text| {
        text.lines()
            .take_while(|line| line.starts_with('#'))
            .any(|line| line.trim() == "# expect: ok")
    })
}

/// Writes the `router-smoke` crate: a binary depending on every generated crate (feature
/// `server` only) that sends each operation one request.
fn write_smoke_crate(dir: &Path, members: &[String]) -> Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    let mut manifest = String::from(
        "# Written by `cargo xtask compile-check`.\n[package]\nname = \"router-smoke\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n",
    );
    manifest.push_str("axum = { version = \"0.8\", default-features = false }\n");
    manifest.push_str("http = \"1\"\n");
    manifest.push_str(
        "tokio = { version = \"1\", features = [\"macros\", \"rt\"] }\ntower = { version = \"0.5\", features = [\"util\"] }\n",
    );
    for member in members {
        manifest.push_str(&format!(
            "{member} = {{ path = \"../{member}\", default-features = false, features = [\"server\"] }}\n"
        ));
    }
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    let calls: String = members
        .iter()
        .map(|member| format!("    failures += smoke!({});\n", member.replace('-', "_")))
        .collect();
    let main = SMOKE_MAIN.replace("    // CALLS\n", &calls);
    write_if_changed(&dir.join("src/main.rs"), &main)
}

fn write_if_changed(path: &Path, contents: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// The smoke binary; `// CALLS` becomes one `smoke!(crate)` line per generated crate.
const SMOKE_MAIN: &str = include_str!("../templates/router_smoke.rs");

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
