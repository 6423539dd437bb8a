//! Round trips of every body encoding over loopback (see `tests/`): the build script generates
//! a crate from `apigen-emit/tests/fixtures/encodings.yaml`, and the tests include its modules,
//! serve its router on a loopback port and call it with its client.
