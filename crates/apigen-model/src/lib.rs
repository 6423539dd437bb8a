//! Loads an OpenAPI 3.0 or 3.1 document (3.1 is normalised to 3.0 first, see [`v31`]), resolves it and lowers it to the intermediate model that the
//! apigen emitters read.
//!
//! ```no_run
//! let loaded = apigen_model::load_file(std::path::Path::new("spec/posthog-users.yaml"))?;
//! for endpoint in &loaded.api.endpoints {
//!     println!("{} {} -> {}", endpoint.method, endpoint.path.raw, endpoint.rust_name);
//! }
//! # Ok::<(), apigen_model::LoadError>(())
//! ```

pub mod diff;
pub mod dump;
pub mod error;
pub mod ir;
mod limits;
mod lower;
pub mod naming;
pub mod path_template;
pub mod pointer;
mod recursion;
pub mod source;
pub mod v31;

use std::path::Path;

pub use error::{LoadError, Problem};
pub use ir::{Api, Warning};
pub use limits::Limits;

/// A lowered document and what was skipped or approximated on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The model.
    pub api: Api,
    /// Constructs that were skipped or approximated, each with its pointer.
    pub warnings: Vec<Warning>,
}

/// How a document is read: how strictly, and within which [`Limits`].
///
/// The default is strict: a construct whose generated code would not mean what the spec says
/// (two operations with the same `operationId`, a `pattern` the runtime's regex engine cannot
/// compile, an `enum` value the Rust type cannot hold) is a [`Problem`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Turns those problems into [`Warning`]s and generates anyway: the duplicate operation gets
    /// a numbered method name, the pattern is not checked, the enum value is left out.
    pub allow_lossy: bool,
    /// The size, depth and alias budgets a document must stay within.
    pub limits: Limits,
}

/// Reads, parses and lowers the document at `path`, strictly and within the default [`Limits`].
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    load_file_with(path, &LoadOptions::default())
}

/// Reads, parses and lowers the document at `path` with `options`; reads no more than
/// [`Limits::max_bytes`] (and one byte to tell) from the file.
pub fn load_file_with(path: &Path, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let text = source::read_bounded(path, &options.limits)?;
    load_str_with(path, &text, options)
}

/// Parses and lowers `text` strictly, reporting errors against `file`.
pub fn load_str(file: &Path, text: &str) -> Result<Loaded, LoadError> {
    load_str_with(file, text, &LoadOptions::default())
}

/// Parses and lowers `text` with `options`, reporting errors against `file`.
///
/// Parsing, lowering and dropping the parsed document run on a thread with a stack sized for
/// the deepest document the limits allow, whatever the caller's stack is.
pub fn load_str_with(file: &Path, text: &str, options: &LoadOptions) -> Result<Loaded, LoadError> {
    source::on_large_stack(file, || {
        let parsed = source::parse_here(file, text, options)?;
        let mut loaded = lower_parsed(file, &parsed.document, &parsed.webhooks, options)?;
        let mut warnings = parsed.warnings;
        warnings.append(&mut loaded.warnings);
        warnings.sort();
        warnings.dedup();
        loaded.warnings = warnings;
        Ok(loaded)
    })
}

/// Lowers an already parsed document strictly, reporting errors against `file`.
pub fn lower_document(file: &Path, document: &openapiv3::OpenAPI) -> Result<Loaded, LoadError> {
    lower_document_with(file, document, &LoadOptions::default())
}

/// Lowers an already parsed document with `options`, reporting errors against `file`; schemas
/// nested deeper than its limits allow are problems. Runs on a thread with a large stack, like
/// [`load_str_with`].
pub fn lower_document_with(
    file: &Path,
    document: &openapiv3::OpenAPI,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    source::on_large_stack(file, || {
        lower_parsed(file, document, &Default::default(), options)
    })
}

fn lower_parsed(
    file: &Path,
    document: &openapiv3::OpenAPI,
    webhooks: &indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::PathItem>>,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    lower::lower(document, webhooks, options)
        .map(|(api, warnings)| Loaded { api, warnings })
        .map_err(|problems| LoadError::Invalid {
            file: file.to_owned(),
            problems,
        })
}
