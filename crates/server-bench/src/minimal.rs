//! The generated side with the least application behind it: a minimal implementation of the
//! generated `Api` trait over the same data as [`crate::hand`] (a typed `User` per id, the demo
//! keys with their scopes parsed once), so that what is measured is the generated stack
//! (router, authorization, parsing, response writing) and not the mock's store and rendering.
//! Operations other than retrieve and partial update answer 501.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{PoisonError, RwLock};

use apigen_runtime::Scope;
use posthog_users::server::{ApiError, Authenticator, Caller, Credential};
use posthog_users::types::{self, User, UserSelector};
use posthog_users_mock::demo;

/// The minimal implementation's state: keys (subject and scopes) and users.
#[derive(Debug)]
pub struct Minimal {
    keys: HashMap<String, (String, Vec<Scope>)>,
    users: RwLock<HashMap<String, User>>,
}

impl Minimal {
    /// The demo keys of `user` (`read`, `write` and `*`) over a store holding only `user`.
    pub fn new(user: User) -> Minimal {
        let subject = user.uuid.to_string();
        let keys = [
            (demo::READ_KEY, "user:read"),
            (demo::WRITE_KEY, "user:write"),
            (demo::ALL_KEY, "*"),
        ]
        .into_iter()
        .map(|(key, scope)| (key.to_owned(), (subject.clone(), vec![Scope::parse(scope)])))
        .collect();
        Minimal {
            keys,
            users: RwLock::new(HashMap::from([(subject, user)])),
        }
    }

    /// The subject `uuid` names for `caller` (`@me` only, as the hand-written side).
    fn target<'c>(caller: &'c Caller, uuid: &UserSelector) -> Result<&'c str, ApiError> {
        match (uuid, caller.subject.as_deref()) {
            (UserSelector::Me, Some(subject)) => Ok(subject),
            _ => Err(ApiError::not_found("Not found.")),
        }
    }
}

/// The generated router over [`Minimal`] (also its authenticator).
pub fn router(user: User) -> axum::Router {
    let minimal = std::sync::Arc::new(Minimal::new(user));
    posthog_users::server::router(Shared(minimal.clone()), Shared(minimal))
}

/// A shared handle on [`Minimal`], for the router's two roles.
#[derive(Debug, Clone)]
pub struct Shared(std::sync::Arc<Minimal>);

impl Authenticator for Shared {
    async fn authenticate(&self, credential: &Credential) -> Option<Caller> {
        let (subject, scopes) = self.0.keys.get(&credential.secret)?;
        Some(Caller::new(subject.clone(), scopes.clone()))
    }
}

impl posthog_users::server::Api for Shared {
    async fn users_retrieve(
        &self,
        caller: &Caller,
        uuid: UserSelector,
    ) -> Result<types::UsersRetrieveResponse, ApiError> {
        let subject = Minimal::target(caller, &uuid)?;
        let users = self.0.users.read().unwrap_or_else(PoisonError::into_inner);
        let user = users
            .get(subject)
            .ok_or_else(|| ApiError::not_found("Not found."))?;
        Ok(types::UsersRetrieveResponse::Prepared(
            types::UsersRetrieveResponse::prepare_ok(user),
        ))
    }

    async fn users_partial_update(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        body: Option<types::PatchedUser>,
    ) -> Result<types::UsersPartialUpdateResponse, ApiError> {
        let subject = Minimal::target(caller, &uuid)?;
        let patch = body.unwrap_or_default();
        let mut users = self.0.users.write().unwrap_or_else(PoisonError::into_inner);
        let user = users
            .get_mut(subject)
            .ok_or_else(|| ApiError::not_found("Not found."))?;
        if let Some(first_name) = patch.first_name {
            user.first_name = Some(first_name);
        }
        if let Some(last_name) = patch.last_name {
            user.last_name = Some(last_name);
        }
        Ok(types::UsersPartialUpdateResponse::Prepared(
            types::UsersPartialUpdateResponse::prepare_ok(user),
        ))
    }

    fn users_list(
        &self,
        _: &Caller,
        _: types::UsersListQuery,
    ) -> impl Future<Output = Result<types::UsersListResponse, ApiError>> + Send {
        std::future::ready(Err(ApiError::not_implemented("users_list")))
    }

    fn users_destroy(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> impl Future<Output = Result<types::UsersDestroyResponse, ApiError>> + Send {
        std::future::ready(Err(ApiError::not_implemented("users_destroy")))
    }

    fn users_github_login_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> impl Future<Output = Result<types::UsersGithubLoginRetrieveResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_github_login_retrieve",
        )))
    }

    fn users_hedgehog_config_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> impl Future<Output = Result<types::UsersHedgehogConfigRetrieveResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_hedgehog_config_retrieve",
        )))
    }

    fn users_hedgehog_config_partial_update(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::HedgehogConfig,
    ) -> impl Future<Output = Result<types::UsersHedgehogConfigPartialUpdateResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_hedgehog_config_partial_update",
        )))
    }

    fn users_integrations_list(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::UsersIntegrationsListQuery,
    ) -> impl Future<Output = Result<types::UsersIntegrationsListResponse, ApiError>> + Send {
        std::future::ready(Err(ApiError::not_implemented("users_integrations_list")))
    }

    fn users_integrations_github_destroy(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: String,
    ) -> impl Future<Output = Result<types::UsersIntegrationsGithubDestroyResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_integrations_github_destroy",
        )))
    }

    fn users_integrations_github_branches_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: String,
        _: types::UsersIntegrationsGithubBranchesRetrieveQuery,
    ) -> impl Future<
        Output = Result<types::UsersIntegrationsGithubBranchesRetrieveResponse, ApiError>,
    > + Send {
        std::future::ready(Err(ApiError::not_implemented(
            "users_integrations_github_branches_retrieve",
        )))
    }

    fn users_integrations_github_repos_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: String,
        _: types::UsersIntegrationsGithubReposRetrieveQuery,
    ) -> impl Future<Output = Result<types::UsersIntegrationsGithubReposRetrieveResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_integrations_github_repos_retrieve",
        )))
    }

    fn users_integrations_github_repos_refresh_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: String,
    ) -> impl Future<
        Output = Result<types::UsersIntegrationsGithubReposRefreshCreateResponse, ApiError>,
    > + Send {
        std::future::ready(Err(ApiError::not_implemented(
            "users_integrations_github_repos_refresh_create",
        )))
    }

    fn users_integrations_github_start_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: Option<types::GithubStartRequest>,
    ) -> impl Future<Output = Result<types::UsersIntegrationsGithubStartCreateResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_integrations_github_start_create",
        )))
    }

    fn users_onboarding_skip_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::OnboardingSkipRequest,
    ) -> impl Future<Output = Result<types::UsersOnboardingSkipCreateResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_onboarding_skip_create",
        )))
    }

    fn users_push_tokens_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::PushTokenRequest,
    ) -> impl Future<Output = Result<types::UsersPushTokensCreateResponse, ApiError>> + Send {
        std::future::ready(Err(ApiError::not_implemented("users_push_tokens_create")))
    }

    fn users_push_tokens_unregister_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::PushTokenUnregisterRequest,
    ) -> impl Future<Output = Result<types::UsersPushTokensUnregisterCreateResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_push_tokens_unregister_create",
        )))
    }

    fn users_scene_personalisation_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::ScenePersonalisationRequest,
    ) -> impl Future<Output = Result<types::UsersScenePersonalisationCreateResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_scene_personalisation_create",
        )))
    }

    fn users_start_2fa_setup_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> impl Future<Output = Result<types::UsersStart2faSetupRetrieveResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_start_2fa_setup_retrieve",
        )))
    }

    fn users_two_factor_backup_codes_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> impl Future<Output = Result<types::UsersTwoFactorBackupCodesCreateResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_two_factor_backup_codes_create",
        )))
    }

    fn users_two_factor_disable_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> impl Future<Output = Result<types::UsersTwoFactorDisableCreateResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_two_factor_disable_create",
        )))
    }

    fn users_two_factor_start_setup_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> impl Future<Output = Result<types::UsersTwoFactorStartSetupRetrieveResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_two_factor_start_setup_retrieve",
        )))
    }

    fn users_two_factor_status_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> impl Future<Output = Result<types::UsersTwoFactorStatusRetrieveResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_two_factor_status_retrieve",
        )))
    }

    fn users_two_factor_validate_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::TwoFactorValidateRequest,
    ) -> impl Future<Output = Result<types::UsersTwoFactorValidateCreateResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_two_factor_validate_create",
        )))
    }

    fn users_validate_2fa_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::TwoFactorValidateRequest,
    ) -> impl Future<Output = Result<types::UsersValidate2faCreateResponse, ApiError>> + Send {
        std::future::ready(Err(ApiError::not_implemented("users_validate_2fa_create")))
    }

    fn users_cancel_email_change_request_partial_update(
        &self,
        _: &Caller,
    ) -> impl Future<
        Output = Result<types::UsersCancelEmailChangeRequestPartialUpdateResponse, ApiError>,
    > + Send {
        std::future::ready(Err(ApiError::not_implemented(
            "users_cancel_email_change_request_partial_update",
        )))
    }

    fn users_request_email_verification_create(
        &self,
        _: &Caller,
        _: types::RequestEmailVerificationRequest,
    ) -> impl Future<Output = Result<types::UsersRequestEmailVerificationCreateResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_request_email_verification_create",
        )))
    }

    fn users_verify_email_create(
        &self,
        _: &Caller,
        _: types::VerifyEmailRequest,
    ) -> impl Future<Output = Result<types::UsersVerifyEmailCreateResponse, ApiError>> + Send {
        std::future::ready(Err(ApiError::not_implemented("users_verify_email_create")))
    }

    fn users_signal_autonomy_retrieve(
        &self,
        _: &Caller,
        _: types::UserIdSelector,
    ) -> impl Future<Output = Result<types::UsersSignalAutonomyRetrieveResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_signal_autonomy_retrieve",
        )))
    }

    fn users_signal_autonomy_create(
        &self,
        _: &Caller,
        _: types::UserIdSelector,
        _: Option<types::SignalAutonomyRequest>,
    ) -> impl Future<Output = Result<types::UsersSignalAutonomyCreateResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_signal_autonomy_create",
        )))
    }

    fn users_signal_autonomy_destroy(
        &self,
        _: &Caller,
        _: types::UserIdSelector,
    ) -> impl Future<Output = Result<types::UsersSignalAutonomyDestroyResponse, ApiError>> + Send
    {
        std::future::ready(Err(ApiError::not_implemented(
            "users_signal_autonomy_destroy",
        )))
    }
}
