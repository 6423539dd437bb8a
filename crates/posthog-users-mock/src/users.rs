//! The user profile: list, retrieve, update, delete, hedgehog config, GitHub login and scene
//! personalisation.

use apigen_runtime::Tristate;
use posthog_users::server::{ApiError, Caller};
use posthog_users::types::{self, UserSelector};
use uuid::Uuid;

use crate::auth::{self, Actor, conflict, invalid, resolve};
use crate::email;
use crate::pagination::paginate;
use crate::render;
use crate::store::{Store, StoreState, UserRecord};

/// PostHog's answer to an API key sending `password` or a new `email`.
pub const APP_ONLY: &str = "You can only change your email or password from the PostHog app, not with an API key or token.";

/// `GET /api/users/`: staff see everyone, others only themselves; filters, then a page.
pub(crate) fn list(
    store: &Store,
    caller: &Caller,
    query: types::UsersListQuery,
) -> Result<types::UsersListResponse, ApiError> {
    let url = format!("{}/api/users/", store.base_url());
    store.read(|state| {
        let actor = auth::actor(state, caller)?;
        let users: Vec<types::User> = state
            .users
            .values()
            .filter(|user| actor.is_staff || user.id == actor.id)
            .filter(|user| {
                query
                    .email
                    .as_deref()
                    .is_none_or(|email| user.email == email)
            })
            .filter(|user| query.is_staff.is_none_or(|staff| user.is_staff == staff))
            .map(|user| render::user_record(state, user))
            .collect();
        let mut filters = Vec::new();
        if let Some(email) = &query.email {
            filters.push(("email", email.clone()));
        }
        if let Some(staff) = query.is_staff {
            filters.push(("is_staff", staff.to_string()));
        }
        let page = paginate(users, &url, &filters, query.limit, query.offset);
        Ok(types::UsersListResponse::Ok(types::PaginatedUserList {
            count: page.count,
            next: page.next,
            previous: page.previous,
            results: page.results,
        }))
    })
}

/// `GET /api/users/{uuid}/`.
pub(crate) fn retrieve(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
) -> Result<types::UsersRetrieveResponse, ApiError> {
    store.read_generation(|state, generation| {
        let (_, id) = resolve(state, caller, uuid)?;
        let prepared = store.rendered().user(id, generation, || {
            Ok(types::UsersRetrieveResponse::Ok(render::user(state, id)?))
        })?;
        Ok(types::UsersRetrieveResponse::Prepared(prepared))
    })
}

/// `DELETE /api/users/{uuid}/` (sessions only, enforced by the router): 409 while the user
/// belongs to an organization; otherwise the user and everything that hangs off it go.
pub(crate) fn destroy(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
) -> Result<types::UsersDestroyResponse, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        if state.memberships_of(id).next().is_some() {
            return Err(conflict(
                "Cannot delete user with organization memberships.",
            ));
        }
        state.users.remove(&id);
        state.api_keys.retain(|_, key| key.user_id != id);
        state.sessions.retain(|_, user_id| *user_id != id);
        state
            .integrations
            .retain(|integration| integration.user_id != id);
        state.push_tokens.retain(|token| token.user_id != id);
        state.signal_autonomy.remove(&id);
        Ok(types::UsersDestroyResponse::NoContent)
    })
}

/// `PATCH /api/users/{uuid}/`: every rule is checked before anything changes.
pub(crate) fn partial_update(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    body: Option<types::PatchedUser>,
) -> Result<types::UsersPartialUpdateResponse, ApiError> {
    let patch = body.unwrap_or_default();
    // The exclusive lock is held only to check and apply the change; the answer is rendered
    // under the shared lock, so that other requests are not held up by the rendering.
    let id = store.modify(|state| {
        let (id, plan) = plan_patch(state, caller, uuid, &patch)?;
        apply_patch(state, id, patch, plan);
        Ok::<_, ApiError>(id)
    })?;
    store.read(|state| {
        Ok(types::UsersPartialUpdateResponse::Ok(render::user(
            state, id,
        )?))
    })
}

/// The user a PATCH addresses and what it changes, once every rule passed.
fn plan_patch(
    state: &StoreState,
    caller: &Caller,
    uuid: &UserSelector,
    patch: &types::PatchedUser,
) -> Result<(i64, PatchPlan), ApiError> {
    let (actor, id) = resolve(state, caller, uuid)?;
    let user = state.user(id).ok_or_else(auth::not_found)?;
    Ok((id, check_patch(state, actor, user, patch)?))
}

/// What a valid PATCH changes beyond copying fields.
struct PatchPlan {
    /// A new address to verify (becomes `pending_email`).
    new_email: Option<String>,
    /// The organization to switch to, with the team to make current.
    switch_to: Option<(Uuid, Option<i64>)>,
}

/// The permission and validation rules of a PATCH, in PostHog's order.
fn check_patch(
    state: &StoreState,
    actor: Actor,
    user: &UserRecord,
    patch: &types::PatchedUser,
) -> Result<PatchPlan, ApiError> {
    let email_changes = patch
        .email
        .as_deref()
        .is_some_and(|email| !email.eq_ignore_ascii_case(&user.email));
    if actor.via_api_key && (patch.password.is_some() || email_changes) {
        return Err(ApiError::permission_denied(APP_ONLY));
    }
    if patch.is_staff.is_some() && !actor.is_staff {
        return Err(ApiError::permission_denied(
            "You are not a staff user, contact your instance admin.",
        ));
    }
    if let Some(password) = &patch.password {
        check_password_change(user, password, patch.current_password.as_deref())?;
    }
    let new_email = match &patch.email {
        Some(email) if email_changes => Some(check_new_email(state, user.id, email)?),
        _ => None,
    };
    let mut switch_to = None;
    if let Some(raw) = &patch.set_current_organization {
        let org = Uuid::parse_str(raw)
            .ok()
            .filter(|org| state.is_member(user.id, *org))
            .ok_or_else(|| does_not_exist("set_current_organization", raw))?;
        let first_team = state.teams.values().find(|t| t.organization == org);
        switch_to = Some((org, first_team.map(|t| t.id)));
    }
    if let Some(raw) = &patch.set_current_team {
        let team = raw
            .parse::<i64>()
            .ok()
            .and_then(|id| state.teams.get(&id))
            .filter(|team| state.is_member(user.id, team.organization))
            .ok_or_else(|| does_not_exist("set_current_team", raw))?;
        switch_to = Some((team.organization, Some(team.id)));
    }
    Ok(PatchPlan {
        new_email,
        switch_to,
    })
}

/// A new password needs the current one (when the user has one) and 8 characters.
fn check_password_change(
    user: &UserRecord,
    password: &str,
    current: Option<&str>,
) -> Result<(), ApiError> {
    if let Some(stored) = &user.password {
        match current {
            None | Some("") => {
                return Err(invalid(
                    "required",
                    "This field is required when updating your password.",
                    Some("current_password"),
                ));
            }
            Some(current) if current != stored => {
                return Err(invalid(
                    "incorrect_password",
                    "Your current password is incorrect.",
                    Some("current_password"),
                ));
            }
            Some(_) => {}
        }
    }
    if password.chars().count() < 8 {
        return Err(invalid(
            "password_too_short",
            "This password is too short. It must contain at least 8 characters.",
            Some("password"),
        ));
    }
    Ok(())
}

/// A new address must look like one and belong to nobody else.
fn check_new_email(state: &StoreState, user_id: i64, email: &str) -> Result<String, ApiError> {
    let looks_valid = email
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    if !looks_valid {
        return Err(invalid(
            "invalid",
            "Enter a valid email address.",
            Some("email"),
        ));
    }
    if state
        .user_by_email(email)
        .is_some_and(|other| other.id != user_id)
    {
        return Err(invalid(
            "unique",
            "There is already an account with this email address.",
            Some("email"),
        ));
    }
    Ok(email.to_owned())
}

/// 400 `does_not_exist` for a `set_current_*` value.
fn does_not_exist(attr: &str, value: &str) -> ApiError {
    invalid(
        "does_not_exist",
        &format!("Object with id={value} does not exist."),
        Some(attr),
    )
}

/// A PATCH of a nullable setting: absent leaves `slot` alone, `null` clears it, a value sets it.
fn patch_slot<T, U>(slot: &mut Option<U>, patch: Tristate<T>, convert: impl FnOnce(T) -> U) {
    match patch {
        Tristate::Absent => {}
        Tristate::Null => *slot = None,
        Tristate::Value(value) => *slot = Some(convert(value)),
    }
}

/// Writes a checked PATCH.
fn apply_patch(state: &mut StoreState, id: i64, patch: types::PatchedUser, plan: PatchPlan) {
    let Some(user) = state.user_mut(id) else {
        return;
    };
    let settings = &mut user.settings;
    if let Some(value) = patch.first_name {
        user.first_name = value;
    }
    if let Some(value) = patch.last_name {
        user.last_name = value;
    }
    if let Some(values) = patch.notification_settings {
        settings.notification_settings.extend(values);
    }
    patch_slot(&mut settings.anonymize_data, patch.anonymize_data, |v| v);
    patch_slot(
        &mut settings.allow_impersonation,
        patch.allow_impersonation,
        |v| v,
    );
    patch_slot(
        &mut settings.toolbar_mode,
        patch.toolbar_mode,
        |value| match value {
            types::PatchedUserToolbarMode::ToolbarModeEnum(v) => {
                types::UserToolbarMode::ToolbarModeEnum(v)
            }
            types::PatchedUserToolbarMode::BlankEnum(v) => types::UserToolbarMode::BlankEnum(v),
        },
    );
    patch_slot(
        &mut settings.theme_mode,
        patch.theme_mode,
        |value| match value {
            types::PatchedUserThemeMode::ThemeModeEnum(v) => types::UserThemeMode::ThemeModeEnum(v),
            types::PatchedUserThemeMode::BlankEnum(v) => types::UserThemeMode::BlankEnum(v),
        },
    );
    patch_slot(
        &mut settings.shortcut_position,
        patch.shortcut_position,
        |value| match value {
            types::PatchedUserShortcutPosition::ShortcutPositionEnum(v) => {
                types::UserShortcutPosition::ShortcutPositionEnum(v)
            }
            types::PatchedUserShortcutPosition::BlankEnum(v) => {
                types::UserShortcutPosition::BlankEnum(v)
            }
        },
    );
    patch_slot(
        &mut settings.events_column_config,
        patch.events_column_config,
        |v| v,
    );
    patch_slot(
        &mut settings.has_seen_product_intro_for,
        patch.has_seen_product_intro_for,
        |v| v,
    );
    patch_slot(
        &mut settings.allow_sidebar_suggestions,
        patch.allow_sidebar_suggestions,
        |v| v,
    );
    if let Some(value) = patch.role_at_organization {
        settings.role_at_organization = Some(value);
    }
    patch_slot(
        &mut settings.passkeys_enabled_for_2fa,
        patch.passkeys_enabled_for_2fa,
        |v| v,
    );
    if let Some(value) = patch.hide_mcp_hints {
        settings.hide_mcp_hints = value;
    }
    match patch.hedgehog_config {
        Tristate::Value(serde_json::Value::Object(map)) => {
            user.hedgehog_config = Some(map.into_iter().collect());
        }
        Tristate::Null => user.hedgehog_config = None,
        Tristate::Absent | Tristate::Value(_) => {}
    }
    if let Some(value) = patch.is_staff {
        user.is_staff = value;
    }
    if let Some(value) = patch.password {
        user.password = Some(value);
    }
    if let Some((org, team)) = plan.switch_to {
        user.current_organization = Some(org);
        user.current_team = team;
    }
    if let Some(new_email) = plan.new_email {
        user.pending_email = Some(new_email);
        email::send_verification(state, id);
    }
}

/// `GET /api/users/{uuid}/github_login/`.
pub(crate) fn github_login(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
) -> Result<types::UsersGithubLoginRetrieveResponse, ApiError> {
    store.read(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let user = state.user(id).ok_or_else(auth::not_found)?;
        Ok(types::UsersGithubLoginRetrieveResponse::Ok(
            types::GithubLogin {
                github_login: user.github_login.clone(),
            },
        ))
    })
}

/// `GET /api/users/{uuid}/hedgehog_config/`: the stored object, or `{}`.
pub(crate) fn hedgehog_config(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
) -> Result<types::UsersHedgehogConfigRetrieveResponse, ApiError> {
    store.read(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let user = state.user(id).ok_or_else(auth::not_found)?;
        Ok(types::UsersHedgehogConfigRetrieveResponse::Ok(
            user.hedgehog_config.clone().unwrap_or_default(),
        ))
    })
}

/// `PATCH /api/users/{uuid}/hedgehog_config/`: replaces the whole object and echoes it.
pub(crate) fn set_hedgehog_config(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    config: types::HedgehogConfig,
) -> Result<types::UsersHedgehogConfigPartialUpdateResponse, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let user = state.user_mut(id).ok_or_else(auth::not_found)?;
        user.hedgehog_config = Some(config.clone());
        Ok(types::UsersHedgehogConfigPartialUpdateResponse::Ok(config))
    })
}

/// `POST /api/users/{uuid}/scene_personalisation/`: pins (or re-pins) a dashboard to a scene.
pub(crate) fn scene_personalisation(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    body: types::ScenePersonalisationRequest,
) -> Result<types::UsersScenePersonalisationCreateResponse, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let user = state.user_mut(id).ok_or_else(auth::not_found)?;
        let entry = types::ScenePersonalisation {
            scene: body.scene,
            dashboard: Some(body.dashboard),
        };
        match user
            .scene_personalisation
            .iter_mut()
            .find(|existing| existing.scene == entry.scene)
        {
            Some(existing) => *existing = entry,
            None => user.scene_personalisation.push(entry),
        }
        Ok(types::UsersScenePersonalisationCreateResponse::Ok(
            render::user(state, id)?,
        ))
    })
}
