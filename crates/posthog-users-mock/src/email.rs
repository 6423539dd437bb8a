//! Email change and verification: codes are "sent" to the store's outbox.

use chrono::Utc;
use posthog_users::server::{ApiError, Caller};
use posthog_users::types;
use uuid::Uuid;

use crate::auth::{self, invalid};
use crate::random;
use crate::render;
use crate::store::{SentEmail, Store, StoreState, VerificationCode};

/// Wrong codes allowed before a verification code is thrown away.
pub const MAX_ATTEMPTS: u32 = 5;

/// Creates a new 6-digit code for `user_id` and mails it to the pending address (or the
/// current one): the mock's outbox gets the message.
pub(crate) fn send_verification(state: &mut StoreState, user_id: i64) {
    let code = random::digits(6);
    let Some(user) = state.user_mut(user_id) else {
        return;
    };
    user.email_verification = Some(VerificationCode {
        code: code.clone(),
        failed_attempts: 0,
    });
    let to = user
        .pending_email
        .clone()
        .unwrap_or_else(|| user.email.clone());
    state.outbox.push(SentEmail {
        to,
        user_id,
        subject: "Verify your email address".to_owned(),
        code,
        sent_at: Utc::now(),
    });
}

/// `POST /api/users/request_email_verification/` (public): 200 even for an unknown UUID;
/// 400 `already_verified` when there is nothing left to verify.
pub(crate) fn request_verification(
    store: &Store,
    body: types::RequestEmailVerificationRequest,
) -> Result<types::UsersRequestEmailVerificationCreateResponse, ApiError> {
    store.modify(|state| {
        let user = Uuid::parse_str(&body.uuid)
            .ok()
            .and_then(|uuid| state.user_by_uuid(uuid));
        if let Some(user) = user {
            if user.is_email_verified == Some(true) && user.pending_email.is_none() {
                return Err(invalid(
                    "already_verified",
                    "This email address is already verified.",
                    None,
                ));
            }
            let id = user.id;
            send_verification(state, id);
        }
        Ok(types::UsersRequestEmailVerificationCreateResponse::Ok(
            types::SuccessResponse { success: true },
        ))
    })
}

/// `POST /api/users/verify_email/` (public): checks the code, applies a pending address.
pub(crate) fn verify(
    store: &Store,
    body: types::VerifyEmailRequest,
) -> Result<types::UsersVerifyEmailCreateResponse, ApiError> {
    store.modify(|state| {
        let invalid_code = || {
            invalid(
                "invalid_code",
                "This verification code is invalid or has expired.",
                Some("code"),
            )
        };
        let user = Uuid::parse_str(&body.uuid)
            .ok()
            .and_then(|uuid| state.user_by_uuid(uuid))
            .ok_or_else(invalid_code)?;
        let id = user.id;
        let pending_email = user.pending_email.clone();
        let Some(expected) = user.email_verification.clone() else {
            return Err(invalid_code());
        };
        if expected.code != body.code {
            let Some(user) = state.user_mut(id) else {
                return Err(invalid_code());
            };
            let failed_attempts = expected.failed_attempts + 1;
            if failed_attempts >= MAX_ATTEMPTS {
                user.email_verification = None;
                return Err(invalid(
                    "too_many_attempts",
                    "Too many attempts. Please request a new verification code.",
                    Some("code"),
                ));
            }
            user.email_verification = Some(VerificationCode {
                failed_attempts,
                ..expected
            });
            return Err(invalid_code());
        }
        if let Some(new_email) = &pending_email
            && state
                .user_by_email(new_email)
                .is_some_and(|other| other.id != id)
        {
            return Err(invalid(
                "email_taken",
                "This email address is already in use.",
                Some("email"),
            ));
        }
        let user = state.user_mut(id).ok_or_else(invalid_code)?;
        if let Some(new_email) = pending_email {
            user.email = new_email;
            user.pending_email = None;
        }
        user.is_email_verified = Some(true);
        user.email_verification = None;
        Ok(types::UsersVerifyEmailCreateResponse::Ok(
            types::VerifyEmailResponse {
                success: true,
                requires_login: None,
                requires_2fa: None,
                requires_sso: None,
            },
        ))
    })
}

/// `PATCH /api/users/cancel_email_change_request/` (sessions only): drops the pending address.
pub(crate) fn cancel_change(
    store: &Store,
    caller: &Caller,
) -> Result<types::UsersCancelEmailChangeRequestPartialUpdateResponse, ApiError> {
    store.modify(|state| {
        let actor = auth::actor(state, caller)?;
        let user = state.user_mut(actor.id).ok_or_else(auth::not_found)?;
        if user.pending_email.is_none() {
            return Err(invalid(
                "email_change_request_not_found",
                "No active email change request found.",
                None,
            ));
        }
        user.pending_email = None;
        user.email_verification = None;
        Ok(
            types::UsersCancelEmailChangeRequestPartialUpdateResponse::Ok(render::user(
                state, actor.id,
            )?),
        )
    })
}
