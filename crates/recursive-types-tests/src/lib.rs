//! The generated `types` modules of two recursive specs, compiled, so that tests can feed them
//! deep but finite JSON.

/// `crates/apigen-emit/tests/fixtures/recursion.yaml`: recursion through an optional property
/// (`Node.parent`), an array (`Node.children`, `Nested`) and a required property of another type
/// (`Edge.to`).
pub mod recursion {
    include!(concat!(env!("OUT_DIR"), "/recursion.rs"));
}

/// `limits-required-property-cycle.yaml`: `A` requires a `B` that requires an `A`, with no
/// `Option`, `Vec` or map on the way; it compiles (boxed) and has no finite value.
pub mod property_cycle {
    include!(concat!(env!("OUT_DIR"), "/property_cycle.rs"));
}
