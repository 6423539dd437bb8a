//! Behaviour tests of generated security (see `tests/`): the build script generates a crate
//! from `fixtures/matrix.yaml` (and from `swagger-petstore3.yaml` of the shared corpus, when
//! present) and the tests include its modules and drive its router in memory.
