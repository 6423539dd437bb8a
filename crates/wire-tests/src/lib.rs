//! Wire behaviour of generated servers (see `tests/`): the build script generates the server of
//! `fixtures/strict.yaml`, included here, which the tests serve on loopback TCP.

/// The generated types of `fixtures/strict.yaml`.
#[allow(dead_code, unused_imports, missing_docs)]
pub mod types {
    include!(concat!(env!("OUT_DIR"), "/strict/types.rs"));
}

/// The generated server of `fixtures/strict.yaml`.
#[allow(dead_code, unused_imports, missing_docs)]
pub mod server {
    include!(concat!(env!("OUT_DIR"), "/strict/server.rs"));
}
