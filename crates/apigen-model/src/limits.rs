//! Bounds on what a document may ask of the loader, so that an untrusted spec can neither exhaust
//! memory nor overflow the stack.
//!
//! The defaults were chosen against the largest real documents at hand (measured with a script
//! that walks each parsed document; the corpus is `../shared/corpus`):
//!
//! | document | bytes | nesting depth | values | inline schema depth | YAML aliases | operations |
//! |---|---|---|---|---|---|---|
//! | `stripe-spec3.json` | 4,171,732 | 23 | 80,366 | 7 | — | 417 |
//! | `spotify-web-api.yaml` | 285,827 | 14 | 6,964 | 4 | 0 | 97 |
//! | `twilio_accounts_v1.json` | 83,414 | 14 | 1,638 | 2 | — | 20 |
//! | `spec/posthog-users.yaml` | 74,097 | 9 | 2,326 | 2 | 0 | 30 |
//! | every other corpus document and fixture | < 25,000 | ≤ 15 | < 900 | ≤ 3 | 0 | < 25 |
//!
//! GitHub's 3.0 description (3.7 MB, not in the corpus) is assumed to be of Stripe's depth.

/// Limits on a document's size and shape, checked while it is read and lowered; exceeding one is
/// a [`LoadError::Limit`](crate::LoadError::Limit) naming the limit, its value and the place
/// (for `max_schema_depth` and `max_operations`, found while lowering, a problem of
/// [`LoadError::Invalid`](crate::LoadError::Invalid) with the same words).
///
/// Every default leaves a wide margin over the largest real specs (see the table in the module
/// documentation); raise a limit for an unusual document with struct update syntax:
///
/// ```
/// let limits = apigen_model::Limits { max_depth: 120, ..apigen_model::Limits::default() };
/// assert!(limits.max_depth > apigen_model::Limits::default().max_depth);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest document text, in bytes. Default 32 MiB: 8 times Stripe's 4.2 MB.
    pub max_bytes: usize,
    /// The deepest nesting of mappings and sequences (the root is depth 1). Default 100: more
    /// than 4 times Stripe's 23. The JSON and YAML parsers refuse more than 127 levels whatever
    /// this says; every recursive step of loading (deserializing, converting, dropping) is bounded
    /// by it.
    pub max_depth: usize,
    /// The most values (scalars, mappings and sequences, each YAML alias counted every time it is
    /// used; mapping keys are part of their entry) in a document. Default 500,000: 6 times
    /// Stripe's 80,366, and 2.6 times what a 10 MB document of Stripe's density would hold.
    /// Parsing into `openapiv3` and lowering cost up to about 1 KB per value at their peak
    /// (measured on documents made of small schemas or small operations), so this keeps them near
    /// 500 MB.
    pub max_values: usize,
    /// The most values YAML aliases may add by repetition (a "billion laughs" document asks for
    /// 10⁹). Default 100,000: no real spec of the corpus uses aliases at all, and shared snippets
    /// are small.
    pub max_alias_values: usize,
    /// The deepest nesting of inline schemas (`items`, `properties`, `additionalProperties`,
    /// `allOf`/`oneOf`/`anyOf` members) below a named schema or a use site. Default 32: more than 4
    /// times Stripe's 7. It bounds the nesting of the generated Rust types, hence the recursion
    /// of lowering, of the emitters and of the formatter.
    pub max_schema_depth: usize,
    /// The most operations in a document. Default 10,000: 24 times Stripe's 417 and about 10
    /// times GitHub's. The client and the server are emitted as a few items that grow with the
    /// operations (about 60 KB of memory per operation while they are formatted), so this keeps
    /// emitting near 600 MB.
    pub max_operations: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 32 * 1024 * 1024,
            max_depth: 100,
            max_values: 500_000,
            max_alias_values: 100_000,
            max_schema_depth: 32,
            max_operations: 10_000,
        }
    }
}
