//! OpenAPI 3.1 input: a normaliser that rewrites a 3.1 document (a `serde_json::Value`) into the
//! 3.0 shape that `openapiv3` reads, so that 3.1 and 3.0 documents lower through the same code
//! into the same model.
//!
//! # Why a normaliser over `serde_json::Value`
//!
//! `openapiv3` 2.x reads 3.0 only (its README says so: 3.1 was an incompatible change). The
//! alternatives were a second typed reader (the `oas3` crate) feeding a second lowering, or this
//! rewrite. `oas3` deserializes 3.1 into its own types: a keyword it does not model
//! (`if`/`then`/`else`, `$dynamicRef`, `unevaluatedProperties`, `dependentSchemas`, …) is either
//! dropped by serde or lands in an untyped map, and its errors do not carry a JSON pointer; on
//! top of that a second lowering would have to be kept identical to the 3.0 one by hand. The
//! normaliser sees every key with its pointer, so each construct that has no 3.0 equivalent
//! becomes a [`Warning`] (or, where generating anyway would change the meaning silently, a
//! [`Problem`] unless [`LoadOptions::allow_lossy`]) naming exactly where it is; and everything
//! that 3.0 can say lowers through the one existing path, so a 3.1 document meaning what a 3.0
//! document means gives the identical model (asserted by `tests/v31_equivalence.rs`).
//!
//! # What is rewritten
//!
//! In schemas ([`schema`]): `type` arrays (`[T, "null"]` → `type: T` + `nullable: true`; several
//! non-null types → `oneOf`), `const` → a one-value `enum`, numeric `exclusiveMinimum` /
//! `exclusiveMaximum` → `minimum`/`maximum` + the 3.0 boolean, `examples` → `example` (the first),
//! `$ref` with sibling keywords → `allOf: [{$ref}]` beside them, `oneOf`/`anyOf` of one schema
//! and `{type: "null"}` → that schema, nullable, `contentEncoding: base64` → `format: byte`,
//! `contentMediaType` → `format: binary`, `prefixItems` → `items` (approximated), `$defs` →
//! components with unique names (every local `$ref` to them rewritten), boolean schemas.
//! In the document ([`document`]): `jsonSchemaDialect` (only the 2020-12 and OAS dialects),
//! `components/pathItems` and `$ref` path items (inlined), `webhooks` (returned apart for the
//! model), `license.identifier` and `info.summary` (dropped: the model has no place for them),
//! `paths` optional.
//!
//! The walk recurses once per level of the document, whose nesting the parser already bounded
//! by [`Limits::max_depth`](crate::Limits::max_depth); it refuses to go deeper than that bound
//! in any case.

mod document;
mod schema;

use serde_json::Value;

use crate::LoadOptions;
use crate::error::Problem;
use crate::ir::Warning;
use crate::pointer::Pointer;

pub(crate) use document::normalise;

/// The JSON Schema dialects a 3.1 document may declare: 2020-12 itself, and the OAS dialect
/// built on it.
const ACCEPTED_DIALECTS: [&str; 2] = [
    "https://json-schema.org/draft/2020-12/schema",
    "https://spec.openapis.org/oas/3.1/dialect/base",
];

/// True for a dialect URI this normaliser understands.
fn is_accepted_dialect(uri: &str) -> bool {
    let uri = uri.trim_end_matches('#');
    ACCEPTED_DIALECTS.contains(&uri)
        || uri.starts_with("https://spec.openapis.org/oas/3.1/dialect/")
}

/// A 3.1 document rewritten to the 3.0 shape, with what was approximated.
#[derive(Debug)]
pub(crate) struct Normalised {
    /// The document in the 3.0 shape (`openapi: 3.0.3`), without `webhooks`.
    pub document: Value,
    /// `webhooks` (name → path item, in the 3.0 shape), or `None` when there are none.
    pub webhooks: Option<Value>,
    /// What was approximated or dropped, each with its pointer.
    pub warnings: Vec<Warning>,
}

/// Warnings and problems collected on the way.
struct Diagnostics {
    warnings: Vec<Warning>,
    problems: Vec<Problem>,
    options: LoadOptions,
}

impl Diagnostics {
    fn new(options: &LoadOptions) -> Self {
        Diagnostics {
            warnings: Vec::new(),
            problems: Vec::new(),
            options: *options,
        }
    }

    fn warn(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.as_str().to_owned(),
            message: message.into(),
        });
    }

    fn problem(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.problems.push(Problem {
            pointer: pointer.as_str().to_owned(),
            message: message.into(),
        });
    }

    /// A problem, or with [`LoadOptions::allow_lossy`] a warning.
    fn lossy(&mut self, pointer: &Pointer, message: impl Into<String>) {
        if self.options.allow_lossy {
            self.warn(pointer, message);
        } else {
            let message = format!("{} (generate anyway with `allow_lossy`)", message.into());
            self.problem(pointer, message);
        }
    }

    /// True when the walk at `depth` went deeper than the document may nest (a problem then).
    fn too_deep(&mut self, depth: usize, pointer: &Pointer) -> bool {
        let bound = self.options.limits.max_depth;
        if depth > bound {
            self.problem(
                pointer,
                format!("nested deeper than {bound} levels (limit `max_depth`)"),
            );
            return true;
        }
        false
    }
}
