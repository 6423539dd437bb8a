//! End-to-end tests of the mock, served in-process on a free loopback port (one test binary,
//! to link once):
//!
//! - `client`: every operation through the generated client, one test per area, with a
//!   coverage check against `OPERATIONS`;
//! - `client_features`: the client's typed responses and errors, tri-state PATCH, tolerant
//!   enums, hooks, headers, timeouts, retries and same-origin paging;
//! - `pagination`: `.stream()` across pages;
//! - `scope_matrix`: every operation × every kind of caller, from the table in `ops`;
//! - `bad_input`: 400s that name the field and change nothing;
//! - `doc_examples`: the reference pages' examples against the mock.

mod bad_input;
mod client;
mod client_features;
mod common;
mod doc_examples;
mod ops;
mod pagination;
mod scope_matrix;
