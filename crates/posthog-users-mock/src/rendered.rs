//! Responses rendered once and answered until the store changes: the `User` body of
//! `GET /api/users/{uuid}/`, serialised once per user and store generation and then handed out
//! as shared bytes ([`apigen_runtime::Prepared`]) instead of being rebuilt, serialised and
//! dropped on every request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use apigen_runtime::Prepared;
use posthog_users::types::UsersRetrieveResponse;

/// The retrieve answer of one user, prepared at one store generation.
type UserEntry = (u64, Prepared<UsersRetrieveResponse>);

/// The cache of prepared answers, shared by every clone of a store.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    users: Arc<Mutex<HashMap<i64, UserEntry>>>,
}

impl Rendered {
    /// The retrieve answer of user `id` at store `generation`: the cached one when it was
    /// prepared at that generation, otherwise `render`'s, prepared and kept.
    ///
    /// Call it under the store's lock that read `generation`, so that what `render` sees is
    /// that generation's state.
    pub(crate) fn user<E>(
        &self,
        id: i64,
        generation: u64,
        render: impl FnOnce() -> Result<UsersRetrieveResponse, E>,
    ) -> Result<Prepared<UsersRetrieveResponse>, E> {
        if let Some((at, prepared)) = self.lock().get(&id)
            && *at == generation
        {
            return Ok(prepared.clone());
        }
        let prepared = render()?.prepare();
        let mut users = self.lock();
        // Entries of older generations are stale for every user: drop them all at once.
        if users.values().any(|(at, _)| *at != generation) {
            users.retain(|_, (at, _)| *at == generation);
        }
        users.insert(id, (generation, prepared.clone()));
        Ok(prepared)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, UserEntry>> {
        self.users.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use apigen_runtime::Scope;
    use posthog_users::server::Caller;
    use posthog_users::types::{User, UserSelector, UsersRetrieveResponse};

    use crate::{demo, users};

    fn first_name(response: &UsersRetrieveResponse) -> Option<String> {
        let UsersRetrieveResponse::Prepared(prepared) = response else {
            panic!("retrieve answers a prepared response: {response:?}");
        };
        assert_eq!(prepared.status(), 200);
        let user: User = serde_json::from_slice(prepared.body()).unwrap();
        user.first_name
    }

    #[test]
    fn a_rendering_is_reused_until_the_store_changes() {
        let store = demo::store();
        let caller = Caller::new(demo::USER_UUID.to_string(), vec![Scope::parse("*")]);
        let first = users::retrieve(&store, &caller, &UserSelector::Me).unwrap();
        let again = users::retrieve(&store, &caller, &UserSelector::Me).unwrap();
        assert_eq!(first, again);
        store.modify(|state| {
            let id = state.user_by_uuid(demo::USER_UUID).unwrap().id;
            state.user_mut(id).unwrap().first_name = "Renamed".to_owned();
        });
        let changed = users::retrieve(&store, &caller, &UserSelector::Me).unwrap();
        assert_ne!(first_name(&first), Some("Renamed".to_owned()));
        assert_eq!(first_name(&changed), Some("Renamed".to_owned()));
    }
}
