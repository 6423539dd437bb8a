//! The per-user signal autonomy config: a singleton keyed by user.

use chrono::Utc;
use posthog_users::server::{ApiError, Caller};
use posthog_users::types::{self, UserIdSelector};
use uuid::Uuid;

use crate::auth::{self, not_found};
use crate::store::{SignalAutonomyRecord, Store, StoreState};

/// The caller and the user `{user_id}` names.
fn owner(state: &StoreState, caller: &Caller, user_id: &UserIdSelector) -> Result<i64, ApiError> {
    let actor = auth::actor(state, caller)?;
    auth::target_by_id(state, actor, user_id)
}

/// The config as the API shows it.
fn view(
    state: &StoreState,
    user_id: i64,
    record: &SignalAutonomyRecord,
) -> Result<types::SignalAutonomyConfig, ApiError> {
    let user = state.user(user_id).ok_or_else(not_found)?;
    Ok(types::SignalAutonomyConfig {
        id: record.id,
        user: types::SignalAutonomyUser {
            id: user.id,
            uuid: user.uuid,
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            email: user.email.clone(),
        },
        autostart_priority: record.autostart_priority.clone(),
        created_at: record.created_at,
        updated_at: record.updated_at,
    })
}

/// `GET /api/users/{user_id}/signal_autonomy/`: the config, or 404 when none is set.
pub(crate) fn retrieve(
    store: &Store,
    caller: &Caller,
    user_id: &UserIdSelector,
) -> Result<types::UsersSignalAutonomyRetrieveResponse, ApiError> {
    store.read(|state| {
        let id = owner(state, caller, user_id)?;
        let record = state.signal_autonomy.get(&id).ok_or_else(not_found)?;
        Ok(types::UsersSignalAutonomyRetrieveResponse::Ok(view(
            state, id, record,
        )?))
    })
}

/// `POST /api/users/{user_id}/signal_autonomy/`: partial upsert.
pub(crate) fn upsert(
    store: &Store,
    caller: &Caller,
    user_id: &UserIdSelector,
    body: Option<types::SignalAutonomyRequest>,
) -> Result<types::UsersSignalAutonomyCreateResponse, ApiError> {
    store.modify(|state| {
        let id = owner(state, caller, user_id)?;
        let now = Utc::now();
        let priority = body
            .and_then(|body| body.autostart_priority.into_value())
            .map(|p| match p {
                types::SignalAutonomyRequestAutostartPriority::AutostartPriorityEnum(v) => {
                    types::SignalAutonomyConfigAutostartPriority::AutostartPriorityEnum(v)
                }
                types::SignalAutonomyRequestAutostartPriority::BlankEnum(v) => {
                    types::SignalAutonomyConfigAutostartPriority::BlankEnum(v)
                }
            });
        let record = state
            .signal_autonomy
            .entry(id)
            .or_insert_with(|| SignalAutonomyRecord {
                id: Uuid::new_v4(),
                autostart_priority: None,
                created_at: now,
                updated_at: now,
            });
        if let Some(priority) = priority {
            record.autostart_priority = Some(priority);
        }
        record.updated_at = now;
        let record = record.clone();
        Ok(types::UsersSignalAutonomyCreateResponse::Ok(view(
            state, id, &record,
        )?))
    })
}

/// `DELETE /api/users/{user_id}/signal_autonomy/`: 204 whether or not one was set.
pub(crate) fn destroy(
    store: &Store,
    caller: &Caller,
    user_id: &UserIdSelector,
) -> Result<types::UsersSignalAutonomyDestroyResponse, ApiError> {
    store.modify(|state| {
        let id = owner(state, caller, user_id)?;
        state.signal_autonomy.remove(&id);
        Ok(types::UsersSignalAutonomyDestroyResponse::NoContent)
    })
}
