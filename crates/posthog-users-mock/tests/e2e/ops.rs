//! THE table of operations used by the scope matrix and the docs' examples: for each of the
//! 30 operations, a request that succeeds for an authorized caller of the demo data set, and
//! the status each kind of caller gets.

use posthog_users::types;
use posthog_users_mock::store::{PendingTotp, SignalAutonomyRecord, VerificationCode};
use posthog_users_mock::{demo, two_factor};
use serde::de::DeserializeOwned;

use crate::common::Server;

/// Who sends the request: the columns of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cred {
    /// No credentials at all.
    Nothing,
    /// `Authorization: Bearer phx_unknown`.
    UnknownKey,
    /// A demo personal API key.
    Key(&'static str),
    /// The demo `sessionid` cookie.
    Session,
}

/// The matrix columns, in the order of [`Row::expect`].
pub const COLUMNS: [Cred; 6] = [
    Cred::Nothing,
    Cred::UnknownKey,
    Cred::Key(demo::READ_KEY),
    Cred::Key(demo::WRITE_KEY),
    Cred::Key(demo::ALL_KEY),
    Cred::Session,
];

/// Column titles.
pub const COLUMN_NAMES: [&str; 6] = ["none", "unknown", "read", "write", "all", "session"];

/// State an operation needs to succeed, arranged in the store before the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prep {
    /// The demo state as is.
    Nothing,
    /// The demo user leaves its organization (a member cannot be deleted: 409).
    LeaveOrganizations,
    /// A TOTP setup is pending with [`TOTP_SECRET`]; `{totp}` is its current code.
    PendingTotp,
    /// 2FA is enabled.
    TotpEnabled,
    /// An email change is pending.
    PendingEmail,
    /// A verification code `{code}` was sent.
    VerificationCode,
    /// A signal autonomy config exists.
    SignalAutonomy,
}

/// A fixed TOTP secret for the matrix (20 bytes, base32).
pub const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// One operation.
#[derive(Debug)]
pub struct Row {
    /// The operation id.
    pub op: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The spec's path template (`{uuid}`, `{user_id}` → `@me`; `{installation_id}` → the
    /// demo installation).
    pub path: &'static str,
    /// The query string, if any.
    pub query: &'static str,
    /// A valid JSON body (`{totp}`, `{code}`, `{uuid}` are filled in).
    pub body: Option<&'static str>,
    /// What it needs.
    pub prep: Prep,
    /// The status per column of [`COLUMNS`]: none, unknown key, read, write, all, session.
    pub expect: [u16; 6],
}

impl Row {
    /// The success status (what an authorized caller gets).
    pub fn ok(&self) -> u16 {
        self.expect[5]
    }
}

const API_READ_200: [u16; 6] = [401, 401, 200, 200, 200, 200];
const API_WRITE_200: [u16; 6] = [401, 401, 403, 200, 200, 200];
const API_WRITE_204: [u16; 6] = [401, 401, 403, 204, 204, 204];
const SESSION_200: [u16; 6] = [401, 401, 403, 403, 403, 200];
const SESSION_204: [u16; 6] = [401, 401, 403, 403, 403, 204];
const PUBLIC_200: [u16; 6] = [200; 6];

/// Shorthand for a row.
const fn row(
    op: &'static str,
    method: &'static str,
    path: &'static str,
    query: &'static str,
    body: Option<&'static str>,
    prep: Prep,
    expect: [u16; 6],
) -> Row {
    Row {
        op,
        method,
        path,
        query,
        body,
        prep,
        expect,
    }
}

/// Every operation, in the spec's order.
pub const ROWS: &[Row] = &[
    row(
        "users_list",
        "GET",
        "/api/users/",
        "",
        None,
        Prep::Nothing,
        API_READ_200,
    ),
    row(
        "users_retrieve",
        "GET",
        "/api/users/{uuid}/",
        "",
        None,
        Prep::Nothing,
        API_READ_200,
    ),
    row(
        "users_destroy",
        "DELETE",
        "/api/users/{uuid}/",
        "",
        None,
        Prep::LeaveOrganizations,
        SESSION_204,
    ),
    row(
        "users_partial_update",
        "PATCH",
        "/api/users/{uuid}/",
        "",
        Some(r#"{"first_name":"Matrix"}"#),
        Prep::Nothing,
        API_WRITE_200,
    ),
    row(
        "users_github_login_retrieve",
        "GET",
        "/api/users/{uuid}/github_login/",
        "",
        None,
        Prep::Nothing,
        API_READ_200,
    ),
    row(
        "users_hedgehog_config_retrieve",
        "GET",
        "/api/users/{uuid}/hedgehog_config/",
        "",
        None,
        Prep::Nothing,
        API_READ_200,
    ),
    row(
        "users_hedgehog_config_partial_update",
        "PATCH",
        "/api/users/{uuid}/hedgehog_config/",
        "",
        Some(r#"{"color":"blue"}"#),
        Prep::Nothing,
        API_WRITE_200,
    ),
    row(
        "users_integrations_list",
        "GET",
        "/api/users/{uuid}/integrations/",
        "",
        None,
        Prep::Nothing,
        API_READ_200,
    ),
    row(
        "users_integrations_github_destroy",
        "DELETE",
        "/api/users/{uuid}/integrations/github/{installation_id}/",
        "",
        None,
        Prep::Nothing,
        API_WRITE_204,
    ),
    row(
        "users_integrations_github_branches_retrieve",
        "GET",
        "/api/users/{uuid}/integrations/github/{installation_id}/branches/",
        "repo=PostHog/posthog",
        None,
        Prep::Nothing,
        API_READ_200,
    ),
    row(
        "users_integrations_github_repos_retrieve",
        "GET",
        "/api/users/{uuid}/integrations/github/{installation_id}/repos/",
        "",
        None,
        Prep::Nothing,
        API_READ_200,
    ),
    row(
        "users_integrations_github_repos_refresh_create",
        "POST",
        "/api/users/{uuid}/integrations/github/{installation_id}/repos/refresh/",
        "",
        None,
        Prep::Nothing,
        API_WRITE_200,
    ),
    row(
        "users_integrations_github_start_create",
        "POST",
        "/api/users/{uuid}/integrations/github/start/",
        "",
        Some(r#"{"connect_from":"posthog_code"}"#),
        Prep::Nothing,
        API_WRITE_200,
    ),
    row(
        "users_onboarding_skip_create",
        "POST",
        "/api/users/{uuid}/onboarding/skip/",
        "",
        Some(r#"{"reason":"later","step_at_skip":"install"}"#),
        Prep::Nothing,
        SESSION_200,
    ),
    row(
        "users_push_tokens_create",
        "POST",
        "/api/users/{uuid}/push_tokens/",
        "",
        Some(r#"{"token":"matrix-token","platform":"ios"}"#),
        Prep::Nothing,
        API_WRITE_200,
    ),
    row(
        "users_push_tokens_unregister_create",
        "POST",
        "/api/users/{uuid}/push_tokens/unregister/",
        "",
        Some(r#"{"token":"matrix-token"}"#),
        Prep::Nothing,
        API_WRITE_204,
    ),
    row(
        "users_scene_personalisation_create",
        "POST",
        "/api/users/{uuid}/scene_personalisation/",
        "",
        Some(r#"{"scene":"Dashboards","dashboard":1}"#),
        Prep::Nothing,
        SESSION_200,
    ),
    row(
        "users_start_2fa_setup_retrieve",
        "GET",
        "/api/users/{uuid}/start_2fa_setup/",
        "",
        None,
        Prep::Nothing,
        SESSION_200,
    ),
    row(
        "users_two_factor_backup_codes_create",
        "POST",
        "/api/users/{uuid}/two_factor_backup_codes/",
        "",
        None,
        Prep::TotpEnabled,
        SESSION_200,
    ),
    row(
        "users_two_factor_disable_create",
        "POST",
        "/api/users/{uuid}/two_factor_disable/",
        "",
        None,
        Prep::TotpEnabled,
        SESSION_200,
    ),
    row(
        "users_two_factor_start_setup_retrieve",
        "GET",
        "/api/users/{uuid}/two_factor_start_setup/",
        "",
        None,
        Prep::Nothing,
        SESSION_200,
    ),
    row(
        "users_two_factor_status_retrieve",
        "GET",
        "/api/users/{uuid}/two_factor_status/",
        "",
        None,
        Prep::Nothing,
        SESSION_200,
    ),
    row(
        "users_two_factor_validate_create",
        "POST",
        "/api/users/{uuid}/two_factor_validate/",
        "",
        Some(r#"{"token":"{totp}"}"#),
        Prep::PendingTotp,
        SESSION_200,
    ),
    row(
        "users_validate_2fa_create",
        "POST",
        "/api/users/{uuid}/validate_2fa/",
        "",
        Some(r#"{"token":"{totp}"}"#),
        Prep::PendingTotp,
        SESSION_200,
    ),
    row(
        "users_cancel_email_change_request_partial_update",
        "PATCH",
        "/api/users/cancel_email_change_request/",
        "",
        None,
        Prep::PendingEmail,
        SESSION_200,
    ),
    row(
        "users_request_email_verification_create",
        "POST",
        "/api/users/request_email_verification/",
        "",
        Some(r#"{"uuid":"{uuid}"}"#),
        Prep::Nothing,
        PUBLIC_200,
    ),
    row(
        "users_verify_email_create",
        "POST",
        "/api/users/verify_email/",
        "",
        Some(r#"{"uuid":"{uuid}","code":"{code}"}"#),
        Prep::VerificationCode,
        PUBLIC_200,
    ),
    row(
        "users_signal_autonomy_retrieve",
        "GET",
        "/api/users/{user_id}/signal_autonomy/",
        "",
        None,
        Prep::SignalAutonomy,
        API_WRITE_200,
    ),
    row(
        "users_signal_autonomy_create",
        "POST",
        "/api/users/{user_id}/signal_autonomy/",
        "",
        Some(r#"{"autostart_priority":"P1"}"#),
        Prep::Nothing,
        API_WRITE_200,
    ),
    row(
        "users_signal_autonomy_destroy",
        "DELETE",
        "/api/users/{user_id}/signal_autonomy/",
        "",
        None,
        Prep::Nothing,
        API_WRITE_204,
    ),
];

/// Arranges what `prep` needs; returns the values to fill into the body.
pub fn prepare(server: &Server, prep: Prep) -> Vec<(&'static str, String)> {
    let user_id = server.user_id();
    let mut fills = vec![("{uuid}", demo::USER_UUID.to_string())];
    server.store.modify(|state| {
        let now = chrono::Utc::now();
        if prep == Prep::LeaveOrganizations {
            state.memberships.retain(|m| m.user_id != user_id);
        }
        if prep == Prep::SignalAutonomy {
            state.signal_autonomy.insert(
                user_id,
                SignalAutonomyRecord {
                    id: uuid::Uuid::new_v4(),
                    autostart_priority: None,
                    created_at: now,
                    updated_at: now,
                },
            );
        }
        let Some(user) = state.user_mut(user_id) else {
            return;
        };
        match prep {
            Prep::PendingTotp => {
                user.two_factor.pending = Some(PendingTotp {
                    secret: TOTP_SECRET.to_owned(),
                    started_at: now,
                });
            }
            Prep::TotpEnabled => user.two_factor.totp_secret = Some(TOTP_SECRET.to_owned()),
            Prep::PendingEmail => user.pending_email = Some("pending@example.com".to_owned()),
            Prep::VerificationCode => {
                user.email_verification = Some(VerificationCode {
                    code: "424242".to_owned(),
                    failed_attempts: 0,
                });
            }
            _ => {}
        }
    });
    if prep == Prep::PendingTotp {
        let code = two_factor::current_code(TOTP_SECRET).expect("a valid secret");
        fills.push(("{totp}", code));
    }
    fills.push(("{code}", "424242".to_owned()));
    fills
}

/// The concrete path of a row.
pub fn path(row: &Row) -> String {
    let path = row
        .path
        .replace("{uuid}", "@me")
        .replace("{user_id}", "@me")
        .replace("{installation_id}", demo::INSTALLATION_ID);
    if row.query.is_empty() {
        path
    } else {
        format!("{path}?{}", row.query)
    }
}

/// Sends `method path` with `body` as `cred`; returns the status and the body.
pub async fn send(
    server: &Server,
    method: &str,
    path: &str,
    body: Option<String>,
    cred: Cred,
) -> (u16, Vec<u8>) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", server.base_url));
    request = match cred {
        Cred::Nothing => request,
        Cred::UnknownKey => request.bearer_auth("phx_unknown"),
        Cred::Key(key) => request.bearer_auth(key),
        // A same-origin `Origin`, as a browser on the app sends: the router refuses session
        // cookies on cross-site unsafe requests.
        Cred::Session => request
            .header("cookie", format!("sessionid={}", demo::SESSION))
            .header("origin", server.base_url.as_str()),
    };
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body);
    }
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    (status, response.bytes().await.expect("a body").to_vec())
}

/// Sends a row's request (after its preparation) as `cred`.
pub async fn send_row(server: &Server, row: &Row, cred: Cred) -> (u16, Vec<u8>) {
    let fills = prepare(server, row.prep);
    let body = row.body.map(|body| {
        fills.iter().fold(body.to_owned(), |body, (key, value)| {
            body.replace(key, value)
        })
    });
    send(server, row.method, &path(row), body, cred).await
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<T>(body)
        .map(drop)
        .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(body)))
}

/// Checks a success body against the spec's type for the operation (204: no body).
pub fn decode(op: &str, status: u16, body: &[u8]) -> Result<(), String> {
    if status == 204 {
        return if body.is_empty() {
            Ok(())
        } else {
            Err("204 with a body".to_owned())
        };
    }
    match op {
        "users_list" => parse::<types::PaginatedUserList>(body),
        "users_retrieve"
        | "users_partial_update"
        | "users_onboarding_skip_create"
        | "users_scene_personalisation_create"
        | "users_cancel_email_change_request_partial_update" => parse::<types::User>(body),
        "users_github_login_retrieve" => parse::<types::GithubLogin>(body),
        "users_hedgehog_config_retrieve" | "users_hedgehog_config_partial_update" => {
            parse::<types::HedgehogConfig>(body)
        }
        "users_integrations_list" => parse::<types::PaginatedUserIntegrationList>(body),
        "users_integrations_github_branches_retrieve" => parse::<types::GithubBranches>(body),
        "users_integrations_github_repos_retrieve" => parse::<types::GithubRepos>(body),
        "users_integrations_github_repos_refresh_create" => {
            parse::<types::GithubReposRefresh>(body)
        }
        "users_integrations_github_start_create" => parse::<types::GithubStart>(body),
        "users_push_tokens_create" => parse::<types::PushToken>(body),
        "users_start_2fa_setup_retrieve" | "users_two_factor_start_setup_retrieve" => {
            parse::<types::TwoFactorStartSetup>(body)
        }
        "users_two_factor_backup_codes_create" => parse::<types::TwoFactorBackupCodes>(body),
        "users_two_factor_status_retrieve" => parse::<types::TwoFactorStatus>(body),
        "users_two_factor_disable_create"
        | "users_two_factor_validate_create"
        | "users_validate_2fa_create"
        | "users_request_email_verification_create" => parse::<types::SuccessResponse>(body),
        "users_verify_email_create" => parse::<types::VerifyEmailResponse>(body),
        "users_signal_autonomy_retrieve" | "users_signal_autonomy_create" => {
            parse::<types::SignalAutonomyConfig>(body)
        }
        other => Err(format!("{other} answers {status} with a body")),
    }
}
