//! The generated side: the mock server (the generated router over the mock's store) with
//! its demo data, exactly as `posthog-users-mock --demo --quiet` serves it.

use posthog_users_mock::{Store, demo};

/// The demo store the generated side serves.
pub fn store() -> Store {
    let store = demo::store();
    store.set_base_url("http://127.0.0.1");
    store
}

/// The mock's application (generated router and request logging) over a fresh demo store.
pub fn router() -> axum::Router {
    posthog_users_mock::app(store())
}
