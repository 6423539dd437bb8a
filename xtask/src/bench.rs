//! `cargo xtask bench`: the whole pipeline in-process, phase by phase (read, parse,
//! resolve + lower, emit tokens, format, write), median and range over several runs, and the
//! process's peak resident memory.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;

use crate::paths;

/// Options of `bench`.
#[derive(Debug, Args)]
pub struct Bench {
    /// The specs to run [default: spec/posthog-users.yaml and ../shared/corpus/stripe-spec3.json].
    #[arg(long)]
    spec: Vec<PathBuf>,
    /// Runs per spec.
    #[arg(long, default_value_t = 5)]
    runs: usize,
}

/// The phases; the one-thread emit and format figures show where the time goes, the pipeline
/// itself runs them fused on every core (`emit+format`), and only that counts in the total.
const PHASES: [&str; 7] = [
    "read",
    "parse",
    "resolve+lower",
    "emit (1 thread)",
    "format (1 thr.)",
    "emit+format",
    "write",
];
const COUNTED: [bool; 7] = [true, true, true, false, false, true, true];

/// Runs the benchmark and prints a table per spec.
pub fn run(options: &Bench) -> Result<bool> {
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; run `cargo xtask bench` via `cargo run --release -p xtask -- bench` for real figures"
        );
    }
    let root = paths::workspace_root();
    let specs = if options.spec.is_empty() {
        vec![
            root.join("spec/posthog-users.yaml"),
            root.join("../shared/corpus/stripe-spec3.json"),
        ]
    } else {
        options.spec.iter().map(|spec| root.join(spec)).collect()
    };
    let scratch = root.join("target/bench-out");
    for spec in &specs {
        let mut samples: Vec<[Duration; 7]> = Vec::with_capacity(options.runs);
        for run in 0..options.runs.max(1) {
            let out = scratch.join(format!("run{run}"));
            samples.push(run_once(spec, &out)?);
        }
        print_table(spec, &samples);
    }
    println!(
        "peak resident memory of this process: {} MB",
        peak_rss_kb().unwrap_or(0) / 1024
    );
    Ok(true)
}

fn run_once(spec: &Path, out: &Path) -> Result<[Duration; 7]> {
    let mut times = [Duration::ZERO; 7];
    let started = Instant::now();
    let text =
        std::fs::read_to_string(spec).with_context(|| format!("cannot read {}", spec.display()))?;
    times[0] = started.elapsed();

    let started = Instant::now();
    let document = apigen_model::source::parse_document(spec, &text)?;
    drop(text);
    times[1] = started.elapsed();

    let started = Instant::now();
    let loaded = apigen_model::lower_document(spec, &document)?;
    drop(document);
    times[2] = started.elapsed();

    let options = apigen_emit::Options {
        crate_name: "bench".to_owned(),
        spec_label: spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        runtime: apigen_emit::RuntimeDependency::Path("../apigen-runtime".to_owned()),
        standalone: true,
    };
    let plans = apigen_emit::module_plans(&loaded.api);
    let started = Instant::now();
    let tokens: Vec<_> = plans
        .iter()
        .map(|plan| (plan.name, plan.tokens()))
        .collect();
    times[3] = started.elapsed();

    let started = Instant::now();
    for (name, tokens) in tokens {
        apigen_emit::render_module(name, "", tokens)?;
    }
    times[4] = started.elapsed();

    let started = Instant::now();
    let modules = apigen_emit::render_plans(&plans, &options)?;
    let mut files = apigen_emit::static_files(&loaded.api, &loaded.warnings, &options, &modules)?;
    files.extend(modules);
    times[5] = started.elapsed();

    let started = Instant::now();
    for file in &files {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.contents)?;
    }
    times[6] = started.elapsed();
    Ok(times)
}

fn print_table(spec: &Path, samples: &[[Duration; 7]]) {
    println!("{} ({} runs)", spec.display(), samples.len());
    println!(
        "  {:<14} {:>10} {:>10} {:>10}",
        "phase", "median ms", "min ms", "max ms"
    );
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut totals: Vec<Duration> = samples
        .iter()
        .map(|s| {
            s.iter()
                .zip(COUNTED)
                .filter(|(_, counted)| *counted)
                .map(|(d, _)| *d)
                .sum()
        })
        .collect();
    for (index, phase) in PHASES.iter().enumerate() {
        let mut values: Vec<Duration> = samples.iter().map(|s| s[index]).collect();
        values.sort();
        println!(
            "  {:<14} {:>10.1} {:>10.1} {:>10.1}",
            phase,
            ms(values[values.len() / 2]),
            ms(values[0]),
            ms(values[values.len() - 1])
        );
    }
    totals.sort();
    println!(
        "  {:<14} {:>10.1} {:>10.1} {:>10.1}",
        "total",
        ms(totals[totals.len() / 2]),
        ms(totals[0]),
        ms(totals[totals.len() - 1])
    );
}

/// `VmHWM` from /proc/self/status, in KB (Linux).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
