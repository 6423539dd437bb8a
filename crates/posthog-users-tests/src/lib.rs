//! Behaviour tests of the generated `posthog-users` crate live in `tests/`; this library is empty.
