//! Mobile and web push tokens of the caller: upsert on (user, token), idempotent removal.

use chrono::Utc;
use posthog_users::server::{ApiError, Caller};
use posthog_users::types::{self, UserSelector};
use uuid::Uuid;

use crate::auth;
use crate::store::{PushTokenRecord, Store};

/// The answer to a push-token call on anything but `@me`.
pub const ME_ONLY: &str = "Push tokens can only be managed through the `@me` user instance.";

/// The caller's id, provided the path said `@me` (403 otherwise, staff included).
fn me(
    state: &crate::store::StoreState,
    caller: &Caller,
    uuid: &UserSelector,
) -> Result<i64, ApiError> {
    let actor = auth::actor(state, caller)?;
    match uuid {
        UserSelector::Me => Ok(actor.id),
        UserSelector::Uuid(_) => Err(ApiError::permission_denied(ME_ONLY)),
    }
}

/// `POST /api/users/@me/push_tokens/`: registers the token or refreshes its platform and
/// `last_seen_at`.
pub(crate) fn register(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    body: types::PushTokenRequest,
) -> Result<types::UsersPushTokensCreateResponse, ApiError> {
    store.modify(|state| {
        let user_id = me(state, caller, uuid)?;
        let now = Utc::now();
        let record = match state
            .push_tokens
            .iter_mut()
            .find(|t| t.user_id == user_id && t.token == body.token)
        {
            Some(existing) => {
                existing.platform = body.platform;
                existing.last_seen_at = now;
                existing.clone()
            }
            None => {
                let record = PushTokenRecord {
                    id: Uuid::new_v4(),
                    user_id,
                    token: body.token,
                    platform: body.platform,
                    created_at: now,
                    last_seen_at: now,
                };
                state.push_tokens.push(record.clone());
                record
            }
        };
        Ok(types::UsersPushTokensCreateResponse::Ok(types::PushToken {
            id: record.id,
            platform: record.platform,
            created_at: record.created_at,
            last_seen_at: record.last_seen_at,
        }))
    })
}

/// `POST /api/users/@me/push_tokens/unregister/`: 204 whether or not the token was known.
pub(crate) fn unregister(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    body: types::PushTokenUnregisterRequest,
) -> Result<types::UsersPushTokensUnregisterCreateResponse, ApiError> {
    store.modify(|state| {
        let user_id = me(state, caller, uuid)?;
        state
            .push_tokens
            .retain(|t| !(t.user_id == user_id && t.token == body.token));
        Ok(types::UsersPushTokensUnregisterCreateResponse::NoContent)
    })
}
