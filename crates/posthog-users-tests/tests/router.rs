//! The generated router, driven in memory (no network): who may call which operation, and how
//! bad input is refused.

use apigen_runtime::Scope;
use axum::body::Body;
use http::{Request, StatusCode};
use posthog_users::server::{self, ApiError, Authenticator, Caller, Credential};
use posthog_users::types;
use serde_json::{Value, json};
use tower::ServiceExt;

/// Accepts the demo credentials of the reference mock.
struct DemoKeys;

impl Authenticator for DemoKeys {
    async fn authenticate(&self, credential: &Credential) -> Option<Caller> {
        let scopes = |raw: &str| vec![Scope::parse(raw)];
        match (credential.scheme, credential.secret.as_str()) {
            ("PersonalAPIKeyAuth", "phx_read") => Some(Caller::new("u1", scopes("user:read"))),
            ("PersonalAPIKeyAuth", "phx_write") => Some(Caller::new("u1", scopes("user:write"))),
            ("PersonalAPIKeyAuth", "phx_all") => Some(Caller::new("u1", scopes("*"))),
            ("SessionAuth", "good-session") => Some(Caller::new("u1", Vec::new())),
            _ => None,
        }
    }
}

fn user() -> types::User {
    serde_json::from_value(json!({
        "date_joined": "2019-08-24T14:15:22Z",
        "uuid": "095be615-a8ad-4c33-8e9c-c7612fbf6c9f",
        "distinct_id": "d1",
        "email": "user@example.com",
        "pending_email": null,
        "is_email_verified": true,
        "has_password": true,
        "id": 1,
        "is_impersonated": false,
        "is_impersonated_until": null,
        "is_impersonated_read_only": null,
        "sensitive_session_expires_at": null,
        "team": null,
        "organization": null,
        "organizations": [],
        "is_2fa_enabled": false,
        "has_social_auth": false,
        "has_sso_enforcement": false,
        "scene_personalisation": [],
        "role_at_organization": "engineering",
        "onboarding_skipped_at": null,
        "onboarding_skipped_reason": null,
        "onboarding_skipped_organization_id": null,
        "onboarding_delegated_to_invite": null,
        "onboarding_delegated_to_organization_id": null,
        "onboarding_delegation_accepted_at": null,
        "is_organization_first_user": null,
        "active_realtime_notification_types": [],
        "pending_invites": []
    }))
    .expect("the fixture is a valid User")
}

fn unused<T>() -> Result<T, ApiError> {
    Err(ApiError::not_found("Not exercised by these tests."))
}

/// Answers the operations under test with a success; the others are not exercised.
struct Stub;

impl server::Api for Stub {
    async fn users_list(
        &self,
        _: &Caller,
        _: types::UsersListQuery,
    ) -> Result<types::UsersListResponse, ApiError> {
        Ok(types::UsersListResponse::Ok(types::PaginatedUserList {
            count: 1,
            next: None,
            previous: None,
            results: vec![user()],
        }))
    }
    async fn users_retrieve(
        &self,
        _: &Caller,
        uuid: types::UserSelector,
    ) -> Result<types::UsersRetrieveResponse, ApiError> {
        match uuid {
            types::UserSelector::Me => Ok(types::UsersRetrieveResponse::Ok(user())),
            types::UserSelector::Uuid(uuid) => Err(ApiError::not_found(format!("No user {uuid}."))),
        }
    }
    async fn users_destroy(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> Result<types::UsersDestroyResponse, ApiError> {
        Ok(types::UsersDestroyResponse::NoContent)
    }
    async fn users_partial_update(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: Option<types::PatchedUser>,
    ) -> Result<types::UsersPartialUpdateResponse, ApiError> {
        Ok(types::UsersPartialUpdateResponse::Ok(user()))
    }
    async fn users_github_login_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> Result<types::UsersGithubLoginRetrieveResponse, ApiError> {
        unused()
    }
    async fn users_hedgehog_config_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> Result<types::UsersHedgehogConfigRetrieveResponse, ApiError> {
        unused()
    }
    async fn users_hedgehog_config_partial_update(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::HedgehogConfig,
    ) -> Result<types::UsersHedgehogConfigPartialUpdateResponse, ApiError> {
        unused()
    }
    async fn users_integrations_list(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::UsersIntegrationsListQuery,
    ) -> Result<types::UsersIntegrationsListResponse, ApiError> {
        unused()
    }
    async fn users_integrations_github_destroy(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: String,
    ) -> Result<types::UsersIntegrationsGithubDestroyResponse, ApiError> {
        Ok(types::UsersIntegrationsGithubDestroyResponse::NoContent)
    }
    async fn users_integrations_github_branches_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: String,
        _: types::UsersIntegrationsGithubBranchesRetrieveQuery,
    ) -> Result<types::UsersIntegrationsGithubBranchesRetrieveResponse, ApiError> {
        unused()
    }
    async fn users_integrations_github_repos_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: String,
        _: types::UsersIntegrationsGithubReposRetrieveQuery,
    ) -> Result<types::UsersIntegrationsGithubReposRetrieveResponse, ApiError> {
        unused()
    }
    async fn users_integrations_github_repos_refresh_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: String,
    ) -> Result<types::UsersIntegrationsGithubReposRefreshCreateResponse, ApiError> {
        unused()
    }
    async fn users_integrations_github_start_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: Option<types::GithubStartRequest>,
    ) -> Result<types::UsersIntegrationsGithubStartCreateResponse, ApiError> {
        unused()
    }
    async fn users_onboarding_skip_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::OnboardingSkipRequest,
    ) -> Result<types::UsersOnboardingSkipCreateResponse, ApiError> {
        Ok(types::UsersOnboardingSkipCreateResponse::Ok(user()))
    }
    async fn users_push_tokens_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::PushTokenRequest,
    ) -> Result<types::UsersPushTokensCreateResponse, ApiError> {
        unused()
    }
    async fn users_push_tokens_unregister_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::PushTokenUnregisterRequest,
    ) -> Result<types::UsersPushTokensUnregisterCreateResponse, ApiError> {
        unused()
    }
    async fn users_scene_personalisation_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::ScenePersonalisationRequest,
    ) -> Result<types::UsersScenePersonalisationCreateResponse, ApiError> {
        unused()
    }
    async fn users_start_2fa_setup_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> Result<types::UsersStart2faSetupRetrieveResponse, ApiError> {
        unused()
    }
    async fn users_two_factor_backup_codes_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> Result<types::UsersTwoFactorBackupCodesCreateResponse, ApiError> {
        unused()
    }
    async fn users_two_factor_disable_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> Result<types::UsersTwoFactorDisableCreateResponse, ApiError> {
        unused()
    }
    async fn users_two_factor_start_setup_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> Result<types::UsersTwoFactorStartSetupRetrieveResponse, ApiError> {
        unused()
    }
    async fn users_two_factor_status_retrieve(
        &self,
        _: &Caller,
        _: types::UserSelector,
    ) -> Result<types::UsersTwoFactorStatusRetrieveResponse, ApiError> {
        Ok(types::UsersTwoFactorStatusRetrieveResponse::Ok(
            serde_json::from_value(json!({
                "is_enabled": false,
                "backup_codes_remaining": 0,
                "method": null,
                "has_passkeys": false,
                "has_totp": false,
                "passkeys_enabled_for_2fa": false
            }))
            .expect("valid TwoFactorStatus"),
        ))
    }
    async fn users_two_factor_validate_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::TwoFactorValidateRequest,
    ) -> Result<types::UsersTwoFactorValidateCreateResponse, ApiError> {
        unused()
    }
    async fn users_validate_2fa_create(
        &self,
        _: &Caller,
        _: types::UserSelector,
        _: types::TwoFactorValidateRequest,
    ) -> Result<types::UsersValidate2faCreateResponse, ApiError> {
        unused()
    }
    async fn users_cancel_email_change_request_partial_update(
        &self,
        _: &Caller,
    ) -> Result<types::UsersCancelEmailChangeRequestPartialUpdateResponse, ApiError> {
        unused()
    }
    async fn users_request_email_verification_create(
        &self,
        _: &Caller,
        _: types::RequestEmailVerificationRequest,
    ) -> Result<types::UsersRequestEmailVerificationCreateResponse, ApiError> {
        unused()
    }
    async fn users_verify_email_create(
        &self,
        caller: &Caller,
        _: types::VerifyEmailRequest,
    ) -> Result<types::UsersVerifyEmailCreateResponse, ApiError> {
        assert!(
            caller.is_anonymous(),
            "a public operation gets an anonymous caller"
        );
        Ok(types::UsersVerifyEmailCreateResponse::Ok(
            serde_json::from_value(json!({"success": true})).expect("valid VerifyEmailResponse"),
        ))
    }
    async fn users_signal_autonomy_retrieve(
        &self,
        _: &Caller,
        _: types::UserIdSelector,
    ) -> Result<types::UsersSignalAutonomyRetrieveResponse, ApiError> {
        Ok(types::UsersSignalAutonomyRetrieveResponse::NotFound(
            serde_json::from_value(json!({"type": "invalid_request", "code": "not_found", "detail": "Not found.", "attr": null}))
                .expect("valid ErrorResponse"),
        ))
    }
    async fn users_signal_autonomy_create(
        &self,
        _: &Caller,
        _: types::UserIdSelector,
        _: Option<types::SignalAutonomyRequest>,
    ) -> Result<types::UsersSignalAutonomyCreateResponse, ApiError> {
        unused()
    }
    async fn users_signal_autonomy_destroy(
        &self,
        _: &Caller,
        user_id: types::UserIdSelector,
    ) -> Result<types::UsersSignalAutonomyDestroyResponse, ApiError> {
        match user_id {
            types::UserIdSelector::Me | types::UserIdSelector::Id(42) => {
                Ok(types::UsersSignalAutonomyDestroyResponse::NoContent)
            }
            types::UserIdSelector::Id(other) => {
                Err(ApiError::not_found(format!("No user {other}.")))
            }
        }
    }
}

/// The credentials every operation is tried with.
#[derive(Debug, Clone, Copy)]
enum Cred {
    None,
    UnknownKey,
    ReadKey,
    WriteKey,
    AllKey,
    Session,
}

const CREDENTIALS: [Cred; 6] = [
    Cred::None,
    Cred::UnknownKey,
    Cred::ReadKey,
    Cred::WriteKey,
    Cred::AllKey,
    Cred::Session,
];

async fn call(method: &str, path: &str, cred: Cred, body: Option<Value>) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(path);
    request = match cred {
        Cred::None => request,
        Cred::UnknownKey => request.header("authorization", "Bearer phx_unknown"),
        Cred::ReadKey => request.header("authorization", "Bearer phx_read"),
        Cred::WriteKey => request.header("authorization", "Bearer phx_write"),
        Cred::AllKey => request.header("authorization", "Bearer phx_all"),
        // Same-origin, as the PostHog app sends: session cookies on cross-site unsafe requests
        // are refused (see `cross_site_session_requests_are_refused`).
        Cred::Session => request
            .header("cookie", "theme=dark; sessionid=good-session")
            .header("host", "app.posthog.test")
            .header("origin", "https://app.posthog.test"),
    };
    let body = match body {
        Some(body) => {
            request = request.header("content-type", "application/json");
            Body::from(body.to_string())
        }
        None => Body::empty(),
    };
    let response = server::router(Stub, DemoKeys)
        .oneshot(request.body(body).expect("valid request"))
        .await
        .expect("the router is infallible");
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("readable body");
    let json = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).expect("JSON body")
    };
    (status, json)
}

/// Expected statuses per credential, in the order of [`CREDENTIALS`].
struct Case {
    method: &'static str,
    path: &'static str,
    body: Option<fn() -> Value>,
    expected: [u16; 6],
}

#[rustfmt::skip]
const CASES: &[Case] = &[
    //                                                                      none  bad  read write  all  session
    Case { method: "GET",    path: "/api/users/",                    body: None,                  expected: [401, 401, 200, 200, 200, 200] },
    Case { method: "GET",    path: "/api/users/@me/",                body: None,                  expected: [401, 401, 200, 200, 200, 200] },
    Case { method: "PATCH",  path: "/api/users/@me/",                body: Some(|| json!({})),    expected: [401, 401, 403, 200, 200, 200] },
    Case { method: "DELETE", path: "/api/users/@me/",                body: None,                  expected: [401, 401, 403, 403, 403, 204] },
    Case { method: "GET",    path: "/api/users/@me/two_factor_status/", body: None,               expected: [401, 401, 403, 403, 403, 200] },
    Case { method: "POST",   path: "/api/users/@me/onboarding/skip/", body: Some(|| json!({"reason": "later"})), expected: [401, 401, 403, 403, 403, 200] },
    Case { method: "DELETE", path: "/api/users/@me/integrations/github/12/", body: None,          expected: [401, 401, 403, 204, 204, 204] },
    Case { method: "GET",    path: "/api/users/@me/signal_autonomy/", body: None,                 expected: [401, 401, 403, 404, 404, 404] },
    Case { method: "DELETE", path: "/api/users/@me/signal_autonomy/", body: None,                 expected: [401, 401, 403, 204, 204, 204] },
    Case { method: "POST",   path: "/api/users/verify_email/",       body: Some(|| json!({"uuid": "u", "code": "123456"})), expected: [200, 200, 200, 200, 200, 200] },
];

#[tokio::test]
async fn each_credential_gets_the_status_posthog_gives() {
    let mut mismatches = Vec::new();
    for case in CASES {
        for (cred, expected) in CREDENTIALS.iter().zip(case.expected) {
            let (status, body) =
                call(case.method, case.path, *cred, case.body.map(|make| make())).await;
            if status.as_u16() != expected {
                mismatches.push(format!(
                    "{} {} with {cred:?}: got {status} {body}, expected {expected}",
                    case.method, case.path
                ));
            }
            if status.is_client_error() {
                for key in ["type", "code", "detail"] {
                    assert!(
                        body.get(key).is_some_and(Value::is_string),
                        "{} {}: error body lacks `{key}`: {body}",
                        case.method,
                        case.path
                    );
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[tokio::test]
async fn refusals_say_why() {
    let (_, body) = call("PATCH", "/api/users/@me/", Cred::ReadKey, Some(json!({}))).await;
    assert_eq!(
        body["detail"],
        "API key missing required scope 'user:write'"
    );
    assert_eq!(body["type"], "authentication_error");
    let (_, body) = call("DELETE", "/api/users/@me/", Cred::AllKey, None).await;
    assert_eq!(
        body["detail"],
        "This action does not support Personal API Key access"
    );
    let (_, body) = call("GET", "/api/users/", Cred::UnknownKey, None).await;
    assert_eq!(body["detail"], "Invalid personal API key.");
    let (_, body) = call("GET", "/api/users/", Cred::None, None).await;
    assert_eq!(body["code"], "not_authenticated");
}

/// The status, `WWW-Authenticate` values and `Content-Type` of `DELETE /api/users/@me/` with
/// the session cookie and `headers`.
async fn delete_me(headers: &[(&str, &str)]) -> (u16, Vec<String>, String) {
    let mut request = Request::builder()
        .method("DELETE")
        .uri("/api/users/@me/")
        .header("cookie", "sessionid=good-session");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = server::router(Stub, DemoKeys)
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let values = |name| {
        response
            .headers()
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let content_type = values("content-type").join(", ");
    (
        response.status().as_u16(),
        values("www-authenticate"),
        content_type,
    )
}

#[tokio::test]
async fn cross_site_session_requests_are_refused() {
    let (status, challenges, content_type) = delete_me(&[]).await;
    assert_eq!(status, 403, "no Origin, no JSON: may be a cross-site form");
    assert!(challenges.is_empty());
    assert_eq!(content_type, "application/json", "PostHog's error body");
    let evil = [
        ("host", "app.posthog.test"),
        ("origin", "https://evil.test"),
    ];
    assert_eq!(delete_me(&evil).await.0, 403);
    let same = [
        ("host", "app.posthog.test"),
        ("origin", "https://app.posthog.test"),
    ];
    assert_eq!(delete_me(&same).await.0, 204);
    assert_eq!(
        delete_me(&[("content-type", "application/json")]).await.0,
        204
    );
}

#[tokio::test]
async fn unauthenticated_answers_name_the_accepted_schemes() {
    let request = Request::builder()
        .uri("/api/users/")
        .body(Body::empty())
        .unwrap();
    let response = server::router(Stub, DemoKeys)
        .oneshot(request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let challenges: Vec<&str> = response
        .headers()
        .get_all("www-authenticate")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(
        challenges,
        [
            "Bearer realm=\"PersonalAPIKeyAuth\"",
            "ApiKey realm=\"SessionAuth\", in=\"cookie\", name=\"sessionid\""
        ]
    );
    let two_keys = Request::builder()
        .uri("/api/users/")
        .header("authorization", "Bearer phx_read")
        .header("authorization", "Bearer phx_all")
        .body(Body::empty())
        .unwrap();
    let response = server::router(Stub, DemoKeys)
        .oneshot(two_keys)
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::BAD_REQUEST,
        "never first-wins"
    );
}

#[tokio::test]
async fn bad_input_is_a_400_naming_the_field() {
    let (status, body) = call(
        "PATCH",
        "/api/users/@me/",
        Cred::WriteKey,
        Some(json!({"first_name": 5})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["attr"], "first_name");
    let (status, body) = call(
        "PATCH",
        "/api/users/@me/",
        Cred::WriteKey,
        Some(json!({"theme_mode": "purple"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["attr"], "theme_mode");
    let (status, body) = call(
        "PATCH",
        "/api/users/@me/",
        Cred::WriteKey,
        Some(json!({"first_name": "x".repeat(151)})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["attr"], "first_name");
    let (status, body) = call(
        "POST",
        "/api/users/@me/onboarding/skip/",
        Cred::Session,
        Some(json!({"reason": "delegated"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["attr"], "reason");
    let (status, body) = call(
        "POST",
        "/api/users/@me/onboarding/skip/",
        Cred::Session,
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["attr"], "reason");
    let (status, body) = call(
        "DELETE",
        "/api/users/@me/integrations/github/abc/",
        Cred::WriteKey,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["attr"], "installation_id");
    let (status, body) = call("GET", "/api/users/?limit=ten", Cred::ReadKey, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["attr"], "limit");
}

#[tokio::test]
async fn user_selectors_arrive_typed() {
    assert_eq!(
        call("GET", "/api/users/@me/", Cred::ReadKey, None).await.0,
        StatusCode::OK
    );
    let (status, body) = call("GET", "/api/users/095be615-a8ad/", Cred::ReadKey, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["detail"], "No user 095be615-a8ad.");
    assert_eq!(
        call(
            "DELETE",
            "/api/users/42/signal_autonomy/",
            Cred::WriteKey,
            None
        )
        .await
        .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        call(
            "DELETE",
            "/api/users/7/signal_autonomy/",
            Cred::WriteKey,
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (status, body) = call(
        "DELETE",
        "/api/users/me/signal_autonomy/",
        Cred::WriteKey,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["attr"], "user_id");
}

#[tokio::test]
async fn unknown_paths_and_methods_get_json_errors() {
    let (status, body) = call("GET", "/api/nope/", Cred::ReadKey, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["type"], "invalid_request");
    let (status, body) = call("PUT", "/api/users/", Cred::ReadKey, None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["type"], "invalid_request");
}

#[test]
fn the_operation_table_lists_every_operation_with_its_access() {
    assert_eq!(server::OPERATIONS.len(), 30);
    let list = server::OPERATIONS
        .iter()
        .find(|op| op.id == "users_list")
        .expect("users_list");
    assert_eq!((list.method, list.path), ("GET", "/api/users/"));
    let apigen_runtime::server::Access::Required(alternatives) = list.access else {
        panic!("users_list needs credentials");
    };
    let requirements: Vec<(&str, &[&str])> = alternatives
        .iter()
        .flat_map(|alternative| alternative.iter())
        .map(|requirement| (requirement.scheme, requirement.scopes))
        .collect();
    assert_eq!(
        requirements,
        [
            ("PersonalAPIKeyAuth", &["user:read"][..]),
            ("SessionAuth", &[][..])
        ]
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_with_a_json_error() {
    let padding = "x".repeat(server::BODY_LIMIT);
    let (status, body) = call(
        "PATCH",
        "/api/users/@me/",
        Cred::WriteKey,
        Some(json!({ "first_name": padding })),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        (&body["type"], &body["code"]),
        (&json!("invalid_request"), &json!("request_too_large"))
    );
    let (status, _) = call(
        "PATCH",
        "/api/users/@me/",
        Cred::WriteKey,
        Some(json!({ "first_name": "Ada" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "a body within the limit is read");
}
