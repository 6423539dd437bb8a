//! Loads an OpenAPI 3.0 document, resolves it and lowers it to the intermediate model that the
//! apigen emitters read.
//!
//! ```no_run
//! let loaded = apigen_model::load_file(std::path::Path::new("spec/posthog-users.yaml"))?;
//! for endpoint in &loaded.api.endpoints {
//!     println!("{} {} -> {}", endpoint.method, endpoint.path.raw, endpoint.rust_name);
//! }
//! # Ok::<(), apigen_model::LoadError>(())
//! ```

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

/// Reads, parses and lowers the document at `path`, within the default [`Limits`].
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    load_file_within(path, &Limits::default())
}

/// Reads, parses and lowers the document at `path`, refusing one that exceeds `limits`; reads
/// no more than [`Limits::max_bytes`] (and one byte to tell) from the file.
pub fn load_file_within(path: &Path, limits: &Limits) -> Result<Loaded, LoadError> {
    let text = source::read_bounded(path, limits)?;
    load_str_within(path, &text, limits)
}

/// Parses and lowers `text`, reporting errors against `file`, within the default [`Limits`].
pub fn load_str(file: &Path, text: &str) -> Result<Loaded, LoadError> {
    load_str_within(file, text, &Limits::default())
}

/// Parses and lowers `text`, reporting errors against `file`, refusing a document that exceeds
/// `limits`.
///
/// Parsing, lowering and dropping the parsed document run on a thread with a stack sized for
/// the deepest document the limits allow, whatever the caller's stack is.
pub fn load_str_within(file: &Path, text: &str, limits: &Limits) -> Result<Loaded, LoadError> {
    source::on_large_stack(file, || {
        let document = source::parse_here(file, text, limits)?;
        lower_here(file, &document, limits)
    })
}

/// Lowers an already parsed document, reporting errors against `file`, within the default
/// [`Limits`].
pub fn lower_document(file: &Path, document: &openapiv3::OpenAPI) -> Result<Loaded, LoadError> {
    lower_document_within(file, document, &Limits::default())
}

/// Lowers an already parsed document, reporting errors against `file`; schemas nested deeper than
/// `limits` allow are problems. Runs on a thread with a large stack, like [`load_str_within`].
pub fn lower_document_within(
    file: &Path,
    document: &openapiv3::OpenAPI,
    limits: &Limits,
) -> Result<Loaded, LoadError> {
    source::on_large_stack(file, || lower_here(file, document, limits))
}

fn lower_here(
    file: &Path,
    document: &openapiv3::OpenAPI,
    limits: &Limits,
) -> Result<Loaded, LoadError> {
    lower::lower(document, limits)
        .map(|(api, warnings)| Loaded { api, warnings })
        .map_err(|problems| LoadError::Invalid {
            file: file.to_owned(),
            problems,
        })
}
