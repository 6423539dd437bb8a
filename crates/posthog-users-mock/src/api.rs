//! The generated [`Api`] trait, implemented on [`Store`]: each operation delegates to the
//! module of its area (all synchronous, so no lock is ever held across an await).

use posthog_users::server::{Api, ApiError, Caller};
use posthog_users::types::{self, UserIdSelector, UserSelector};

use crate::store::Store;
use crate::{email, integrations, onboarding, push_tokens, signal_autonomy, two_factor, users};

impl Api for Store {
    async fn users_list(
        &self,
        caller: &Caller,
        query: types::UsersListQuery,
    ) -> Result<types::UsersListResponse, ApiError> {
        users::list(self, caller, query)
    }

    async fn users_retrieve(
        &self,
        caller: &Caller,
        uuid: UserSelector,
    ) -> Result<types::UsersRetrieveResponse, ApiError> {
        users::retrieve(self, caller, &uuid)
    }

    async fn users_destroy(
        &self,
        caller: &Caller,
        uuid: UserSelector,
    ) -> Result<types::UsersDestroyResponse, ApiError> {
        users::destroy(self, caller, &uuid)
    }

    async fn users_partial_update(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        body: Option<types::PatchedUser>,
    ) -> Result<types::UsersPartialUpdateResponse, ApiError> {
        users::partial_update(self, caller, &uuid, body)
    }

    async fn users_github_login_retrieve(
        &self,
        caller: &Caller,
        uuid: UserSelector,
    ) -> Result<types::UsersGithubLoginRetrieveResponse, ApiError> {
        users::github_login(self, caller, &uuid)
    }

    async fn users_hedgehog_config_retrieve(
        &self,
        caller: &Caller,
        uuid: UserSelector,
    ) -> Result<types::UsersHedgehogConfigRetrieveResponse, ApiError> {
        users::hedgehog_config(self, caller, &uuid)
    }

    async fn users_hedgehog_config_partial_update(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        body: types::HedgehogConfig,
    ) -> Result<types::UsersHedgehogConfigPartialUpdateResponse, ApiError> {
        users::set_hedgehog_config(self, caller, &uuid, body)
    }

    async fn users_integrations_list(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        query: types::UsersIntegrationsListQuery,
    ) -> Result<types::UsersIntegrationsListResponse, ApiError> {
        integrations::list(self, caller, &uuid, query)
    }

    async fn users_integrations_github_destroy(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        installation_id: String,
    ) -> Result<types::UsersIntegrationsGithubDestroyResponse, ApiError> {
        integrations::destroy(self, caller, &uuid, &installation_id)
    }

    async fn users_integrations_github_branches_retrieve(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        installation_id: String,
        query: types::UsersIntegrationsGithubBranchesRetrieveQuery,
    ) -> Result<types::UsersIntegrationsGithubBranchesRetrieveResponse, ApiError> {
        integrations::branches(self, caller, &uuid, &installation_id, query)
    }

    async fn users_integrations_github_repos_retrieve(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        installation_id: String,
        query: types::UsersIntegrationsGithubReposRetrieveQuery,
    ) -> Result<types::UsersIntegrationsGithubReposRetrieveResponse, ApiError> {
        integrations::repos(self, caller, &uuid, &installation_id, query)
    }

    async fn users_integrations_github_repos_refresh_create(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        installation_id: String,
    ) -> Result<types::UsersIntegrationsGithubReposRefreshCreateResponse, ApiError> {
        integrations::refresh(self, caller, &uuid, &installation_id)
    }

    async fn users_integrations_github_start_create(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        body: Option<types::GithubStartRequest>,
    ) -> Result<types::UsersIntegrationsGithubStartCreateResponse, ApiError> {
        integrations::start(self, caller, &uuid, body)
    }

    async fn users_onboarding_skip_create(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        body: types::OnboardingSkipRequest,
    ) -> Result<types::UsersOnboardingSkipCreateResponse, ApiError> {
        onboarding::skip(self, caller, &uuid, body)
    }

    async fn users_push_tokens_create(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        body: types::PushTokenRequest,
    ) -> Result<types::UsersPushTokensCreateResponse, ApiError> {
        push_tokens::register(self, caller, &uuid, body)
    }

    async fn users_push_tokens_unregister_create(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        body: types::PushTokenUnregisterRequest,
    ) -> Result<types::UsersPushTokensUnregisterCreateResponse, ApiError> {
        push_tokens::unregister(self, caller, &uuid, body)
    }

    async fn users_scene_personalisation_create(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        body: types::ScenePersonalisationRequest,
    ) -> Result<types::UsersScenePersonalisationCreateResponse, ApiError> {
        users::scene_personalisation(self, caller, &uuid, body)
    }

    async fn users_start_2fa_setup_retrieve(
        &self,
        caller: &Caller,
        uuid: UserSelector,
    ) -> Result<types::UsersStart2faSetupRetrieveResponse, ApiError> {
        two_factor::start_setup(self, caller, &uuid)
            .map(types::UsersStart2faSetupRetrieveResponse::Ok)
    }

    async fn users_two_factor_backup_codes_create(
        &self,
        caller: &Caller,
        uuid: UserSelector,
    ) -> Result<types::UsersTwoFactorBackupCodesCreateResponse, ApiError> {
        two_factor::backup_codes(self, caller, &uuid)
    }

    async fn users_two_factor_disable_create(
        &self,
        caller: &Caller,
        uuid: UserSelector,
    ) -> Result<types::UsersTwoFactorDisableCreateResponse, ApiError> {
        two_factor::disable(self, caller, &uuid)
    }

    async fn users_two_factor_start_setup_retrieve(
        &self,
        caller: &Caller,
        uuid: UserSelector,
    ) -> Result<types::UsersTwoFactorStartSetupRetrieveResponse, ApiError> {
        two_factor::start_setup(self, caller, &uuid)
            .map(types::UsersTwoFactorStartSetupRetrieveResponse::Ok)
    }

    async fn users_two_factor_status_retrieve(
        &self,
        caller: &Caller,
        uuid: UserSelector,
    ) -> Result<types::UsersTwoFactorStatusRetrieveResponse, ApiError> {
        two_factor::status(self, caller, &uuid)
    }

    async fn users_two_factor_validate_create(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        body: types::TwoFactorValidateRequest,
    ) -> Result<types::UsersTwoFactorValidateCreateResponse, ApiError> {
        two_factor::validate(self, caller, &uuid, &body)
            .map(types::UsersTwoFactorValidateCreateResponse::Ok)
    }

    async fn users_validate_2fa_create(
        &self,
        caller: &Caller,
        uuid: UserSelector,
        body: types::TwoFactorValidateRequest,
    ) -> Result<types::UsersValidate2faCreateResponse, ApiError> {
        two_factor::validate(self, caller, &uuid, &body)
            .map(types::UsersValidate2faCreateResponse::Ok)
    }

    async fn users_cancel_email_change_request_partial_update(
        &self,
        caller: &Caller,
    ) -> Result<types::UsersCancelEmailChangeRequestPartialUpdateResponse, ApiError> {
        email::cancel_change(self, caller)
    }

    async fn users_request_email_verification_create(
        &self,
        _caller: &Caller,
        body: types::RequestEmailVerificationRequest,
    ) -> Result<types::UsersRequestEmailVerificationCreateResponse, ApiError> {
        email::request_verification(self, body)
    }

    async fn users_verify_email_create(
        &self,
        _caller: &Caller,
        body: types::VerifyEmailRequest,
    ) -> Result<types::UsersVerifyEmailCreateResponse, ApiError> {
        email::verify(self, body)
    }

    async fn users_signal_autonomy_retrieve(
        &self,
        caller: &Caller,
        user_id: UserIdSelector,
    ) -> Result<types::UsersSignalAutonomyRetrieveResponse, ApiError> {
        signal_autonomy::retrieve(self, caller, &user_id)
    }

    async fn users_signal_autonomy_create(
        &self,
        caller: &Caller,
        user_id: UserIdSelector,
        body: Option<types::SignalAutonomyRequest>,
    ) -> Result<types::UsersSignalAutonomyCreateResponse, ApiError> {
        signal_autonomy::upsert(self, caller, &user_id, body)
    }

    async fn users_signal_autonomy_destroy(
        &self,
        caller: &Caller,
        user_id: UserIdSelector,
    ) -> Result<types::UsersSignalAutonomyDestroyResponse, ApiError> {
        signal_autonomy::destroy(self, caller, &user_id)
    }
}
