//! Typed errors for loading and lowering a document.

use std::fmt;
use std::path::PathBuf;

/// One problem found in a document, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// A JSON pointer into the document (`#/paths/~1pets/get/responses/200`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Why a document could not be turned into the model.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{file}: cannot read the file: {source}")]
    Io {
        /// The file.
        file: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The thread that parses (with a stack sized for the deepest document allowed) could not be
    /// started.
    #[error("{file}: cannot start the parsing thread: {source}")]
    Thread {
        /// The file.
        file: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not well-formed YAML or JSON.
    #[error("{file}{}: not valid {format}: {message}", location_suffix(*line, *column))]
    Syntax {
        /// The file.
        file: PathBuf,
        /// `YAML` or `JSON`.
        format: &'static str,
        /// 1-based line, when the parser gives it.
        line: Option<usize>,
        /// 1-based column, when the parser gives it.
        column: Option<usize>,
        /// The parser's message.
        message: String,
    },
    /// The document is not OpenAPI 3.0.
    #[error("{file}: #/{field}: {message}")]
    UnsupportedVersion {
        /// The file.
        file: PathBuf,
        /// `openapi` or `swagger`.
        field: &'static str,
        /// What was found and what is accepted.
        message: String,
    },
    /// The document exceeds one of the [`Limits`](crate::Limits) (size, nesting depth, values,
    /// YAML alias expansion) and was not read further.
    #[error("{file}{}: {problem}", location_suffix(*line, *column))]
    Limit {
        /// The file.
        file: PathBuf,
        /// 1-based line where the limit was crossed, when known.
        line: Option<usize>,
        /// 1-based column where the limit was crossed, when known.
        column: Option<usize>,
        /// Which limit (the field of [`Limits`](crate::Limits), such as `max_depth`).
        limit: &'static str,
        /// The limit's value.
        value: usize,
        /// Where (the pointer of the value that crossed it, `#` for the whole text) and what.
        problem: Box<Problem>,
    },
    /// The document breaks the OpenAPI 3.0 structure or cannot be represented; every problem found.
    #[error("{file}: {} problem(s):\n{}", problems.len(), list_problems(problems))]
    Invalid {
        /// The file.
        file: PathBuf,
        /// The problems, each with its pointer.
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// The problems with their pointers (one for a structural error or a limit, none for I/O).
    pub fn problems(&self) -> &[Problem] {
        match self {
            LoadError::Invalid { problems, .. } => problems,
            LoadError::Limit { problem, .. } => std::slice::from_ref(&**problem),
            _ => &[],
        }
    }
}

fn location_suffix(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(":{line}:{column}"),
        (Some(line), None) => format!(":{line}"),
        _ => String::new(),
    }
}

fn list_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|problem| format!("  {problem}"))
        .collect::<Vec<_>>()
        .join("\n")
}
