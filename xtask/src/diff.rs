//! `cargo xtask diff`: the change report between the spec at a git revision and the one in the
//! working tree; and the short form `cargo xtask check` prints above a drift.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use apigen_model::diff::{self, Impact, Report};
use clap::{Args, ValueEnum};

use crate::paths;

/// The arguments of `cargo xtask diff`.
#[derive(Debug, Args)]
pub struct Diff {
    /// The git revision holding the old spec.
    #[arg(long, default_value = "HEAD")]
    base: String,
    /// The spec, relative to the workspace root; the new one is the working tree's.
    #[arg(long, default_value = "spec/posthog-users.yaml")]
    spec: PathBuf,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Fail when the report has changes of this sort.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Markdown for a pull-request comment.
    Markdown,
    /// JSON for tools.
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FailOn {
    /// A change that breaks the client or the server.
    Breaking,
    /// A change to who may call what.
    Security,
    /// Any change.
    Any,
}

/// Prints the report; `Ok(false)` when `--fail-on` is met.
pub fn run(options: &Diff) -> Result<bool> {
    let report = report_against(&options.base, &options.spec)?;
    match options.format {
        Format::Markdown => print!("{}", report.to_markdown(200)),
        Format::Json => println!("{}", report.to_json()),
    }
    Ok(match options.fail_on {
        None => true,
        Some(FailOn::Breaking) => !report.has_breaking(),
        Some(FailOn::Security) => !report.has_security(),
        Some(FailOn::Any) => report.changes.is_empty(),
    })
}

/// The report from `spec` at git revision `base` to `spec` in the working tree.
fn report_against(base: &str, spec: &Path) -> Result<Report> {
    let root = paths::workspace_root();
    let old_text = spec_at(&root, base, spec)?;
    let label = format!("{base}:{}", spec.display());
    let old = apigen_model::load_str(Path::new(&label), &old_text)?;
    let new = apigen_model::load_file(&root.join(spec))?;
    Ok(diff::diff(&old.api, &new.api))
}

/// The text of `spec` (relative to the repository root) at `revision`, from `git show`.
fn spec_at(root: &Path, revision: &str, spec: &Path) -> Result<String> {
    if revision.starts_with('-') {
        bail!("{revision:?} is not a git revision");
    }
    let path = spec.to_string_lossy().replace('\\', "/");
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{revision}:{path}"))
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!(
            "git show {revision}:{path}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    String::from_utf8(output.stdout).with_context(|| format!("{revision}:{path} is not UTF-8"))
}

/// The summary `cargo xtask check` prints above the text diff: what the spec change since
/// `HEAD` means for the generated crate, or why there is none.
pub fn drift_summary(root: &Path, spec: &Path, out_dir: &Path) -> String {
    let relative = spec.strip_prefix(root).unwrap_or(spec);
    let report = match report_against("HEAD", relative) {
        Ok(report) => report,
        Err(error) => {
            return format!(
                "(no change report: the spec at HEAD is not available or not loadable: {error:#})\n"
            );
        }
    };
    let mut out = format!(
        "Spec changes since HEAD ({} at HEAD → working tree), as the generated crate sees them:\n",
        relative.display()
    );
    if report.changes.is_empty() {
        out.push_str(
            "  none: the spec is as at HEAD, so the drift comes from the generator (or from \
             edits to the generated files)\n",
        );
        return out;
    }
    let (client, server) = report.breaking_counts();
    out.push_str(&format!(
        "  verdict: {} bump ({} for a 0.y.z crate); {} change(s), {client} breaking for \
         clients, {server} for servers, {} security\n",
        report.bump.as_str(),
        report.bump_for_zero_major.as_str(),
        report.changes.len(),
        report.changes.iter().filter(|c| c.security).count()
    ));
    if let Some(version) = crate_version(out_dir)
        && let Some(next) = report.bump.next_version(&version)
    {
        out.push_str(&format!(
            "  the generated crate's version: {version} → {next}\n"
        ));
    }
    for change in report.changes.iter().take(40) {
        let flag = |impact: Impact| match impact {
            Impact::Breaking => "BREAKING",
            Impact::Additive => "additive",
            Impact::None => "-",
        };
        out.push_str(&format!(
            "  {}client {:<8} server {:<8} {}: {}: {} [{}]\n",
            if change.security { "SECURITY " } else { "" },
            flag(change.client),
            flag(change.server),
            change.kind.as_str(),
            change.subject,
            change.detail,
            change.rust_items.join(", ")
        ));
    }
    if report.changes.len() > 40 {
        out.push_str(&format!(
            "  … and {} more (`cargo xtask diff` lists them all)\n",
            report.changes.len() - 40
        ));
    }
    out
}

/// The `version` of the crate in `dir`, from the `[package]` table of its `Cargo.toml`.
fn crate_version(dir: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let package = &manifest[manifest.find("[package]")? + "[package]".len()..];
    let package = package.split("\n[").next()?;
    package.lines().find_map(|line| {
        let value = line
            .trim()
            .strip_prefix("version")?
            .trim()
            .strip_prefix('=')?;
        Some(value.trim().trim_matches('"').to_owned())
    })
}
