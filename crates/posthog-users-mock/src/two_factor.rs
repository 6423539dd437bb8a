//! Two-factor authentication with real TOTP (SHA-1, 6 digits, 30 s steps, one step of skew).

use chrono::Utc;
use posthog_users::server::{ApiError, Caller};
use posthog_users::types::{self, UserSelector};
use totp_rs::{Algorithm, Builder, Secret, Totp};

use crate::auth::{self, invalid, resolve};
use crate::random;
use crate::store::{PendingTotp, Store};

/// How long a started setup waits for its first code.
pub const SETUP_TTL_SECONDS: i64 = 600;

/// How many backup codes a user gets.
pub const BACKUP_CODE_COUNT: usize = 10;

/// The TOTP of a base32 secret, or `None` if the secret is not valid base32 of at least
/// 128 bits.
fn totp(secret_base32: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret)
        .build()
        .ok()
}

/// Seconds since the Unix epoch (0 before it).
fn unix_now() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or(0)
}

/// The 6-digit code an authenticator app shows for `secret_base32` at `unix_time`.
pub fn code_at(secret_base32: &str, unix_time: u64) -> Option<String> {
    totp(secret_base32).map(|totp| totp.generate(unix_time).to_string())
}

/// The 6-digit code an authenticator app shows for `secret_base32` now.
pub fn current_code(secret_base32: &str) -> Option<String> {
    code_at(secret_base32, unix_now())
}

/// Whether `token` is a valid code for the secret now (one step of skew either way).
fn accepts(secret_base32: &str, token: &str) -> bool {
    totp(secret_base32).is_some_and(|totp| totp.check(token.trim(), unix_now()).is_some())
}

/// `GET .../two_factor_start_setup/` and its deprecated alias `start_2fa_setup`.
pub(crate) fn start_setup(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
) -> Result<types::TwoFactorStartSetup, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let user = state.user_mut(id).ok_or_else(auth::not_found)?;
        let secret = Secret::from(random::secret_bytes()).to_base32();
        user.two_factor.pending = Some(PendingTotp {
            secret: secret.clone(),
            started_at: Utc::now(),
        });
        Ok(types::TwoFactorStartSetup {
            success: true,
            secret,
        })
    })
}

/// `POST .../two_factor_validate/` and its deprecated alias `validate_2fa`: a code from the
/// pending secret enables 2FA.
pub(crate) fn validate(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    body: &types::TwoFactorValidateRequest,
) -> Result<types::SuccessResponse, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let user = state.user_mut(id).ok_or_else(auth::not_found)?;
        let pending = user
            .two_factor
            .pending
            .clone()
            .filter(|pending| (Utc::now() - pending.started_at).num_seconds() < SETUP_TTL_SECONDS)
            .ok_or_else(|| {
                invalid(
                    "setup_expired",
                    "Your 2FA setup has expired, please start again.",
                    None,
                )
            })?;
        if !accepts(&pending.secret, &body.token) {
            return Err(invalid(
                "token_invalid",
                "The code is not valid, please try again.",
                Some("token"),
            ));
        }
        user.two_factor.pending = None;
        user.two_factor.totp_secret = Some(pending.secret);
        Ok(types::SuccessResponse { success: true })
    })
}

/// `GET .../two_factor_status/`.
pub(crate) fn status(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
) -> Result<types::UsersTwoFactorStatusRetrieveResponse, ApiError> {
    store.read(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let user = state.user(id).ok_or_else(auth::not_found)?;
        let enabled = user.two_factor.totp_secret.is_some();
        Ok(types::UsersTwoFactorStatusRetrieveResponse::Ok(
            types::TwoFactorStatus {
                is_enabled: enabled,
                backup_codes_remaining: i64::try_from(user.two_factor.backup_codes.len())
                    .unwrap_or(i64::MAX),
                method: enabled.then_some(types::TwoFactorMethodEnum::Totp),
                has_passkeys: false,
                has_totp: enabled,
                passkeys_enabled_for_2fa: user.settings.passkeys_enabled_for_2fa.unwrap_or(true),
            },
        ))
    })
}

/// `POST .../two_factor_backup_codes/`: ten new codes replace the old ones.
pub(crate) fn backup_codes(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
) -> Result<types::UsersTwoFactorBackupCodesCreateResponse, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let user = state.user_mut(id).ok_or_else(auth::not_found)?;
        if user.two_factor.totp_secret.is_none() {
            return Err(invalid(
                "2fa_not_enabled",
                "2FA must be enabled to generate backup codes.",
                None,
            ));
        }
        let codes: Vec<String> = (0..BACKUP_CODE_COUNT)
            .map(|_| random::alphanumeric(8))
            .collect();
        user.two_factor.backup_codes = codes.clone();
        Ok(types::UsersTwoFactorBackupCodesCreateResponse::Ok(
            types::TwoFactorBackupCodes {
                backup_codes: codes,
            },
        ))
    })
}

/// `POST .../two_factor_disable/`: removes the TOTP device and the backup codes.
pub(crate) fn disable(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
) -> Result<types::UsersTwoFactorDisableCreateResponse, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let user = state.user_mut(id).ok_or_else(auth::not_found)?;
        user.two_factor = Default::default();
        Ok(types::UsersTwoFactorDisableCreateResponse::Ok(
            types::SuccessResponse { success: true },
        ))
    })
}

impl Store {
    /// Uses up one backup code of the user with this UUID, as a login with a backup code
    /// would: `true` the first time a valid code is redeemed, `false` afterwards.
    pub fn redeem_backup_code(&self, user: uuid::Uuid, code: &str) -> bool {
        self.modify(|state| {
            let Some(id) = state.user_by_uuid(user).map(|u| u.id) else {
                return false;
            };
            let Some(record) = state.user_mut(id) else {
                return false;
            };
            let before = record.two_factor.backup_codes.len();
            record.two_factor.backup_codes.retain(|known| known != code);
            record.two_factor.backup_codes.len() < before
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1, truncated to 6 digits.
    #[test]
    fn matches_the_rfc_vectors() {
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        assert_eq!(code_at(&secret, 59).as_deref(), Some("287082"));
        assert_eq!(code_at(&secret, 1_111_111_109).as_deref(), Some("081804"));
        assert!(code_at("not base32!", 59).is_none());
    }

    #[test]
    fn accepts_the_current_code_only() {
        let secret = Secret::from(random::secret_bytes()).to_base32();
        let code = current_code(&secret).expect("a valid secret");
        assert!(accepts(&secret, &code));
        let wrong = format!("{:06}", (code.parse::<u32>().unwrap_or(0) + 1) % 1_000_000);
        assert!(!accepts(&secret, &wrong));
    }
}
