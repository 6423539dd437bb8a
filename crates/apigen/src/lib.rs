//! apigen turns an OpenAPI 3.0 document into Rust: serde types, a typed async client (reqwest)
//! and a server trait with its axum router.
//!
//! Three ways in:
//! - the `apigen` command line (`apigen generate SPEC -o DIR`, `apigen check`, `apigen lint`);
//! - [`generate`] from a build script, writing one module file into `OUT_DIR` for `include!`;
//! - [`generate`] from any program, writing a whole crate ([`Layout::Crate`]).
//!
//! # In a build script
//!
//! ```no_run
//! // build.rs
//! let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
//! let options = apigen::Options::build_script();
//! apigen::generate("petstore.yaml".as_ref(), &out_dir, &options).unwrap();
//! ```
//!
//! and in `src/lib.rs`: `include!(concat!(env!("OUT_DIR"), "/petstore.rs"));`, with the crate
//! depending on `apigen-runtime`, `serde`, `serde_json` and, for the client and server,
//! `reqwest`, `futures-util` and `axum` (see [`Report::dependencies`]).
//!
//! # Safe output
//!
//! A crate is written into a temporary sibling of its directory and moved into place only when
//! every file was written. apigen overwrites or removes only files its manifest
//! (`.apigen-manifest`, with a SHA-256 per file) or `@generated` header says it wrote and that
//! were not edited since, never writes through a symbolic link, and refuses a directory that
//! holds other files where it would write, unless [`Options::force`] is set.

mod drift;
mod error;
mod manifest;
mod names;
mod output;
mod plan;
mod vendor;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use apigen_model::Warning;
pub use drift::{Drift, StaleFile, check, options_of};
pub use error::Error;
pub use names::{crate_name_for, default_label, normalize, relative_path};

/// Where a generated crate's `apigen-runtime` dependency comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// A copy of the runtime sources inside the crate (`vendor/apigen-runtime`): the crate
    /// builds anywhere, with crates.io dependencies only.
    Vendored,
    /// A path to an `apigen-runtime` crate, relative to the generated crate (or absolute).
    Path(String),
    /// A version requirement on `apigen-runtime` from crates.io.
    Version(String),
}

/// What [`generate`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A whole crate: `Cargo.toml`, `README.md`, `src/{lib,types,client,server}.rs` (and the
    /// vendored runtime), behind features `client` and `server`.
    Crate,
    /// One file `<crate name>.rs` (with `-` as `_`) for `include!`, holding `pub mod types` and, when asked, `pub
    /// mod client` and `pub mod server` (without feature gates).
    Module {
        /// Include the client.
        client: bool,
        /// Include the server.
        server: bool,
    },
}

/// How to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package (or module file) name; default: derived from the spec's file name.
    pub crate_name: Option<String>,
    /// The spec as named in generated headers; default: the path as given when it is relative,
    /// else its file name.
    pub spec_label: Option<String>,
    /// The runtime dependency of a [`Layout::Crate`].
    pub runtime: Runtime,
    /// Whether the crate gets its own `[workspace]` table (builds anywhere on its own).
    pub standalone: bool,
    /// What to write.
    pub layout: Layout,
    /// Overwrite files apigen did not write (or that were edited since).
    pub force: bool,
    /// Print `cargo:rerun-if-changed=SPEC` (for build scripts).
    pub rerun_if_changed: bool,
    /// How the spec is read: strictness (`allow_lossy`) and input limits.
    pub load: apigen_model::LoadOptions,
}

impl Default for Options {
    /// A standalone crate with a vendored runtime.
    fn default() -> Self {
        Self {
            crate_name: None,
            spec_label: None,
            runtime: Runtime::Vendored,
            standalone: true,
            layout: Layout::Crate,
            force: false,
            rerun_if_changed: false,
            load: apigen_model::LoadOptions::default(),
        }
    }
}

impl Options {
    /// For a build script: one module file with types, client and server,
    /// `cargo:rerun-if-changed` on the spec, and the runtime named by this apigen's version in
    /// [`Report::dependencies`] (the including crate declares its dependencies itself).
    pub fn build_script() -> Self {
        Self {
            runtime: Runtime::Version(env!("CARGO_PKG_VERSION").to_owned()),
            layout: Layout::Module {
                client: true,
                server: true,
            },
            rerun_if_changed: true,
            ..Self::default()
        }
    }
}

/// What [`generate`] did.
#[derive(Debug, Clone)]
pub struct Report {
    /// The directory written.
    pub out_dir: PathBuf,
    /// The package or module name used.
    pub crate_name: String,
    /// Files written because they were new or changed.
    pub written: Vec<PathBuf>,
    /// Files already up to date (left untouched, so cargo does not rebuild them).
    pub unchanged: usize,
    /// Files apigen generated before and no longer does, removed.
    pub removed: Vec<PathBuf>,
    /// Files apigen no longer generates but left in place because they were edited.
    pub kept: Vec<PathBuf>,
    /// Constructs of the spec that were skipped or approximated.
    pub warnings: Vec<Warning>,
    /// The `[dependencies]` of the generated crate (`name = requirement`), which a crate that
    /// `include!`s a [`Layout::Module`] declares itself: the optional ones are for the client
    /// (`reqwest`, `futures-util`, and `apigen-runtime`'s `client` feature) or the server
    /// (`axum`, and `apigen-runtime`'s `server` feature).
    pub dependencies: Vec<String>,
    /// Operations in the model.
    pub operations: usize,
    /// Named types in the model.
    pub types: usize,
    /// Time to read, parse and lower the spec.
    pub load_time: Duration,
    /// Time to emit and format the code.
    pub emit_time: Duration,
    /// Time to write the files.
    pub write_time: Duration,
}

/// What [`lint`] found.
#[derive(Debug, Clone)]
pub struct Lint {
    /// Constructs that were skipped or approximated.
    pub warnings: Vec<Warning>,
    /// Operations in the model.
    pub operations: usize,
    /// Named types in the model.
    pub types: usize,
}

/// Generates code from the OpenAPI document at `spec` into `out_dir`, as `options` say.
///
/// Nothing is written when the spec cannot be loaded or emitted, and a crate is moved into
/// place only once every file was written (see the crate docs on safe output).
pub fn generate(spec: &Path, out_dir: &Path, options: &Options) -> Result<Report, Error> {
    if options.rerun_if_changed {
        println!("cargo:rerun-if-changed={}", spec.display());
    }
    let planned = plan::plan(spec, options)?;
    let started = std::time::Instant::now();
    let outcome = match options.layout {
        Layout::Crate => output::write_crate(out_dir, &planned.files, options.force)?,
        Layout::Module { .. } => output::write_module(out_dir, &planned.files)?,
    };
    Ok(Report {
        out_dir: out_dir.to_owned(),
        crate_name: planned.crate_name,
        written: outcome.written,
        unchanged: outcome.unchanged,
        removed: outcome.removed,
        kept: outcome.kept,
        warnings: planned.warnings,
        dependencies: planned.dependencies,
        operations: planned.operations,
        types: planned.types,
        load_time: planned.load_time,
        emit_time: planned.emit_time,
        write_time: started.elapsed(),
    })
}

/// Loads the spec with `load` and reports what generation would skip or approximate, writing
/// nothing.
pub fn lint(spec: &Path, load: &apigen_model::LoadOptions) -> Result<Lint, Error> {
    let loaded = apigen_model::load_file_with(spec, load)?;
    Ok(Lint {
        operations: loaded.api.endpoints.len(),
        types: loaded.api.types.len(),
        warnings: loaded.warnings,
    })
}
