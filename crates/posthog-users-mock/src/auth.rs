//! Who is calling: the [`Authenticator`] over the stored API keys and sessions, and the
//! resolution of `{uuid}` / `{user_id}` selectors against the caller (PostHog's `@me` rules).

use apigen_runtime::Scope;
use apigen_runtime::server::StatusCode;
use posthog_users::server::{ApiError, Authenticator, Caller, Credential};
use posthog_users::types::{UserIdSelector, UserSelector};
use uuid::Uuid;

use crate::store::{Store, StoreState};

/// PostHog's answer when a non-staff caller names another user.
pub const ONLY_ME: &str =
    "As a non-staff user you're only allowed to access the `@me` user instance.";

/// The spec's name of the personal API key scheme.
pub const API_KEY_SCHEME: &str = "PersonalAPIKeyAuth";
/// The spec's name of the session cookie scheme.
pub const SESSION_SCHEME: &str = "SessionAuth";

impl Authenticator for Store {
    async fn authenticate(&self, credential: &Credential) -> Option<Caller> {
        self.read(|state| match credential.scheme {
            API_KEY_SCHEME => {
                let key = state.api_keys.get(&credential.secret)?;
                let user = state.user(key.user_id)?;
                let scopes = key.scopes.iter().map(|raw| Scope::parse(raw)).collect();
                Some(Caller::new(user.uuid.to_string(), scopes))
            }
            SESSION_SCHEME => {
                let user_id = state.sessions.get(&credential.secret)?;
                let user = state.user(*user_id)?;
                // A session is not limited by scopes.
                Some(Caller::new(user.uuid.to_string(), vec![Scope::parse("*")]))
            }
            _ => None,
        })
    }
}

/// The authenticated user behind a [`Caller`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Actor {
    /// The user's id.
    pub id: i64,
    /// Whether the user is staff.
    pub is_staff: bool,
    /// Whether the request came with a personal API key (not a session).
    pub via_api_key: bool,
}

/// The user behind `caller`; 401 if it no longer exists (deleted since authentication).
pub(crate) fn actor(state: &StoreState, caller: &Caller) -> Result<Actor, ApiError> {
    let user = caller
        .subject
        .as_deref()
        .and_then(|subject| Uuid::parse_str(subject).ok())
        .and_then(|uuid| state.user_by_uuid(uuid))
        .ok_or_else(|| ApiError::authentication_failed("User not found."))?;
    Ok(Actor {
        id: user.id,
        is_staff: user.is_staff,
        via_api_key: caller.scheme == Some(API_KEY_SCHEME),
    })
}

/// The user a `{uuid}` path names: `@me` is the caller; any other value needs staff (403
/// otherwise, even for the caller's own UUID) and must name an existing user (404).
pub(crate) fn target(
    state: &StoreState,
    actor: Actor,
    selector: &UserSelector,
) -> Result<i64, ApiError> {
    match selector {
        UserSelector::Me => Ok(actor.id),
        UserSelector::Uuid(_) if !actor.is_staff => Err(ApiError::permission_denied(ONLY_ME)),
        UserSelector::Uuid(raw) => Uuid::parse_str(raw)
            .ok()
            .and_then(|uuid| state.user_by_uuid(uuid))
            .map(|user| user.id)
            .ok_or_else(not_found),
    }
}

/// The user a `{user_id}` path names, with the same rules as [`target`].
pub(crate) fn target_by_id(
    state: &StoreState,
    actor: Actor,
    selector: &UserIdSelector,
) -> Result<i64, ApiError> {
    match selector {
        UserIdSelector::Me => Ok(actor.id),
        UserIdSelector::Id(_) if !actor.is_staff => Err(ApiError::permission_denied(ONLY_ME)),
        UserIdSelector::Id(id) => state.user(*id).map(|user| user.id).ok_or_else(not_found),
    }
}

/// The caller and the user the selector names, in one go.
pub(crate) fn resolve(
    state: &StoreState,
    caller: &Caller,
    selector: &UserSelector,
) -> Result<(Actor, i64), ApiError> {
    let actor = actor(state, caller)?;
    Ok((actor, target(state, actor, selector)?))
}

/// 404 `Not found.`
pub(crate) fn not_found() -> ApiError {
    ApiError::not_found("Not found.")
}

/// 409 `invalid_request`/`conflict`.
pub(crate) fn conflict(detail: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "invalid_request",
        "conflict",
        detail,
        None,
    )
}

/// 400 `validation_error` with this code, message and field.
pub(crate) fn invalid(code: &str, detail: &str, attr: Option<&str>) -> ApiError {
    ApiError::validation(code, detail, attr.map(str::to_owned))
}
