//! The generated PostHog Users server against a hand-written axum handler for the same
//! operations, so that what the generator adds per request can be measured.
//!
//! - [`hand`]: the hand-written axum 0.8 router (bearer key, scope check, `@me`, the same
//!   `User` body);
//! - [`generated`]: the mock server on the generated router, with its demo data;
//! - [`minimal`]: the generated router over a minimal `Api` implementation holding the same
//!   typed `User` as the hand-written side (the generated stack alone);
//! - [`scenario`]: the four requests both answer alike (GET with the large body, a small
//!   PATCH, a 401 and a 403);
//! - [`inproc`]: sequential in-process timing of both routers, alternating.
//!
//! The load over loopback is `scripts/bench-server.sh`, which starts the `server-bench serve`
//! binary pinned to one core and drives it with `wrk` from the other.

#![deny(missing_docs)]

pub mod generated;
pub mod hand;
pub mod inproc;
pub mod minimal;
pub mod scenario;
