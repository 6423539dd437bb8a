//! Leaving onboarding (`delegated` is refused by the router: it is not in the request enum).

use chrono::Utc;
use posthog_users::server::{ApiError, Caller};
use posthog_users::types::{self, UserSelector};

use crate::auth::{self, resolve};
use crate::render;
use crate::store::Store;

/// `POST /api/users/{uuid}/onboarding/skip/`: records the reason; the first skip's timestamp
/// and organization are kept.
pub(crate) fn skip(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    body: types::OnboardingSkipRequest,
) -> Result<types::UsersOnboardingSkipCreateResponse, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let user = state.user_mut(id).ok_or_else(auth::not_found)?;
        let onboarding = &mut user.onboarding;
        if onboarding.skipped_at.is_none() {
            onboarding.skipped_at = Some(Utc::now());
            onboarding.skipped_organization_id = user.current_organization;
        }
        onboarding.skipped_reason = Some(match body.reason {
            types::OnboardingSkipReasonEnum::Later => types::OnboardingSkippedReasonEnum::Later,
            types::OnboardingSkipReasonEnum::Other => types::OnboardingSkippedReasonEnum::Other,
            types::OnboardingSkipReasonEnum::Unknown(value) => {
                types::OnboardingSkippedReasonEnum::Unknown(value)
            }
        });
        if body.step_at_skip.is_some() {
            onboarding.step_at_skip = body.step_at_skip;
        }
        Ok(types::UsersOnboardingSkipCreateResponse::Ok(render::user(
            state, id,
        )?))
    })
}
