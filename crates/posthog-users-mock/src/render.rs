//! Turning stored records into the generated response types.

use std::collections::BTreeMap;

use posthog_users::types;
use serde_json::{Value, json};

use crate::auth::not_found;
use crate::store::{OrganizationRecord, StoreState, TeamRecord, UserRecord};
use posthog_users::server::ApiError;

/// The `User` body of the user with this id (404 if it does not exist).
pub(crate) fn user(state: &StoreState, id: i64) -> Result<types::User, ApiError> {
    state
        .user(id)
        .map(|record| user_record(state, record))
        .ok_or_else(not_found)
}

/// The `User` body of a stored user.
pub(crate) fn user_record(state: &StoreState, record: &UserRecord) -> types::User {
    let settings = &record.settings;
    let organizations: Vec<types::OrganizationBasic> = state
        .memberships_of(record.id)
        .filter_map(|membership| {
            let org = state.organizations.get(&membership.organization)?;
            Some(types::OrganizationBasic {
                id: org.id,
                name: org.name.clone(),
                slug: org.slug.clone(),
                logo_media_id: None,
                membership_level: Some(membership.level),
                members_can_use_personal_api_keys: Some(org.members_can_use_personal_api_keys),
                is_active: Some(true),
                is_not_active_reason: None,
                is_pending_deletion: Some(false),
            })
        })
        .collect();
    let organization = record
        .current_organization
        .and_then(|id| state.organizations.get(&id))
        .map(|org| organization(state, org, record.id));
    let team = record
        .current_team
        .and_then(|id| state.teams.get(&id))
        .map(team_basic);
    let is_organization_first_user = record.current_organization.map(|org| {
        state
            .memberships
            .iter()
            .filter(|m| m.organization == org)
            .map(|m| m.user_id)
            .min()
            == Some(record.id)
    });
    types::User {
        date_joined: record.date_joined,
        uuid: record.uuid,
        distinct_id: Some(record.distinct_id.clone()),
        first_name: Some(record.first_name.clone()),
        last_name: Some(record.last_name.clone()),
        email: record.email.clone(),
        pending_email: record.pending_email.clone(),
        is_email_verified: record.is_email_verified,
        notification_settings: Some(settings.notification_settings.clone()),
        anonymize_data: settings.anonymize_data,
        allow_impersonation: settings.allow_impersonation,
        toolbar_mode: settings.toolbar_mode.clone(),
        has_password: record.password.is_some(),
        id: record.id,
        is_staff: Some(record.is_staff),
        is_impersonated: Some(false),
        is_impersonated_until: None,
        is_impersonated_read_only: None,
        sensitive_session_expires_at: None,
        team,
        organization,
        organizations,
        set_current_organization: None,
        set_current_team: None,
        password: None,
        current_password: None,
        events_column_config: settings.events_column_config.clone(),
        is_2fa_enabled: record.two_factor.totp_secret.is_some(),
        has_social_auth: false,
        has_sso_enforcement: false,
        has_seen_product_intro_for: settings.has_seen_product_intro_for.clone(),
        scene_personalisation: record.scene_personalisation.clone(),
        theme_mode: settings.theme_mode.clone(),
        hedgehog_config: record
            .hedgehog_config
            .as_ref()
            .map(|config| Value::Object(config.clone().into_iter().collect())),
        allow_sidebar_suggestions: settings.allow_sidebar_suggestions,
        shortcut_position: settings.shortcut_position.clone(),
        role_at_organization: settings.role_at_organization.clone(),
        passkeys_enabled_for_2fa: settings.passkeys_enabled_for_2fa,
        onboarding_skipped_at: record.onboarding.skipped_at,
        onboarding_skipped_reason: record.onboarding.skipped_reason.clone(),
        onboarding_skipped_organization_id: record.onboarding.skipped_organization_id,
        onboarding_delegated_to_invite: None,
        onboarding_delegated_to_organization_id: None,
        onboarding_delegation_accepted_at: None,
        is_organization_first_user,
        active_realtime_notification_types: Vec::new(),
        pending_invites: record.pending_invites.clone(),
        hide_mcp_hints: Some(settings.hide_mcp_hints),
    }
}

/// The nested `TeamBasic` of a team.
fn team_basic(team: &TeamRecord) -> types::TeamBasic {
    types::TeamBasic {
        id: team.id,
        uuid: team.uuid,
        organization: team.organization,
        project_id: team.project_id,
        api_token: team.api_token.clone(),
        name: team.name.clone(),
        completed_snippet_onboarding: true,
        has_completed_onboarding_for: Some(json!({"product_analytics": true})),
        ingested_event: true,
        is_demo: false,
        timezone: team.timezone.clone(),
        access_control: false,
    }
}

/// The nested `Organization` of the user's current organization, as seen by `user_id`.
fn organization(state: &StoreState, org: &OrganizationRecord, user_id: i64) -> types::Organization {
    let teams: Vec<&TeamRecord> = state
        .teams
        .values()
        .filter(|team| team.organization == org.id)
        .collect();
    let team_maps = teams
        .iter()
        .map(|team| {
            object([
                ("id", json!(team.id)),
                ("uuid", json!(team.uuid)),
                ("name", json!(team.name)),
                ("project_id", json!(team.project_id)),
            ])
        })
        .collect();
    let project_maps = teams
        .iter()
        .map(|team| object([("id", json!(team.project_id)), ("name", json!(team.name))]))
        .collect();
    let member_count = state
        .memberships
        .iter()
        .filter(|m| m.organization == org.id)
        .count();
    types::Organization {
        id: org.id,
        name: org.name.clone(),
        slug: org.slug.clone(),
        logo_media_id: None,
        created_at: org.created_at,
        updated_at: org.updated_at,
        membership_level: state
            .memberships_of(user_id)
            .find(|m| m.organization == org.id)
            .map(|m| m.level),
        plugins_access_level: org.plugins_access_level,
        teams: team_maps,
        projects: project_maps,
        available_product_features: Some(Vec::new()),
        is_member_join_email_enabled: Some(true),
        metadata: BTreeMap::new(),
        customer_id: None,
        enforce_2fa: org.enforce_2fa,
        members_can_invite: Some(true),
        members_can_use_personal_api_keys: Some(org.members_can_use_personal_api_keys),
        allow_publicly_shared_resources: Some(true),
        member_count: i64::try_from(member_count).unwrap_or(i64::MAX),
        is_ai_data_processing_approved: Some(false),
        default_experiment_stats_method: Some(
            types::OrganizationDefaultExperimentStatsMethod::DefaultExperimentStatsMethodEnum(
                types::DefaultExperimentStatsMethodEnum::Bayesian,
            ),
        ),
        default_anonymize_ips: Some(false),
        default_role_id: None,
        is_active: Some(true),
        is_not_active_reason: None,
        is_pending_deletion: Some(false),
    }
}

/// A JSON object map from key/value pairs.
fn object<const N: usize>(pairs: [(&str, Value); N]) -> BTreeMap<String, Value> {
    pairs
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect()
}
