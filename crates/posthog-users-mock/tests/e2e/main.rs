//! End-to-end tests of the mock, served in-process on a free loopback port (one test binary,
//! to link once):
//!
//! - `client`: every operation through the generated client, one test per area, with a
//!   coverage check against `OPERATIONS`;
//! - `pagination`: `.stream()` across pages;
//! - `scope_matrix`: every operation × every kind of caller, from the table in `ops`;
//! - `bad_input`: 400s that name the field and change nothing;
//! - `doc_examples`: the reference pages' examples against the mock.

mod bad_input;
mod client;
mod common;
mod doc_examples;
mod ops;
mod pagination;
mod scope_matrix;
