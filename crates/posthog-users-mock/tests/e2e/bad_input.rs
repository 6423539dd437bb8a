//! Bad input, sent raw: malformed JSON, wrong types, unknown enum values, missing required
//! fields, bad path and query values, and requests the mock's rules refuse. Each must be a
//! 400 whose error body names the failing field (`attr`), and must change nothing.

use apigen_runtime::ErrorBody;

use crate::common::spawn_demo;
use crate::ops::{Cred, send};

/// One bad request and the error it must get.
struct Case {
    /// `METHOD path?query`.
    request: &'static str,
    /// The raw body.
    body: Option<&'static str>,
    /// The error `code`.
    code: &'static str,
    /// The field named in `attr` (None: the request as a whole).
    attr: Option<&'static str>,
}

const fn case(
    request: &'static str,
    body: Option<&'static str>,
    code: &'static str,
    attr: Option<&'static str>,
) -> Case {
    Case {
        request,
        body,
        code,
        attr,
    }
}

const CASES: &[Case] = &[
    // Malformed JSON.
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"first_name": "#),
        "parse_error",
        None,
    ),
    case(
        "POST /api/users/@me/push_tokens/",
        Some("not json"),
        "parse_error",
        None,
    ),
    case(
        "POST /api/users/verify_email/",
        Some("{\"uuid\": \"\u{7f}\" trailing"),
        "parse_error",
        None,
    ),
    // Wrong types.
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"first_name": 5}"#),
        "invalid",
        Some("first_name"),
    ),
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"notification_settings": [1]}"#),
        "invalid",
        Some("notification_settings"),
    ),
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"anonymize_data": "yes"}"#),
        "invalid",
        Some("anonymize_data"),
    ),
    case(
        "POST /api/users/@me/scene_personalisation/",
        Some(r#"{"scene": "x", "dashboard": "seven"}"#),
        "invalid",
        Some("dashboard"),
    ),
    case(
        "POST /api/users/@me/push_tokens/unregister/",
        Some(r#"{"token": 5}"#),
        "invalid",
        Some("token"),
    ),
    case(
        "POST /api/users/@me/integrations/github/start/",
        Some(r#"{"team_id": "one"}"#),
        "invalid",
        Some("team_id"),
    ),
    case(
        "PATCH /api/users/@me/hedgehog_config/",
        Some("[1, 2]"),
        "invalid",
        None,
    ),
    // Unknown enum values.
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"theme_mode": "neon"}"#),
        "invalid_choice",
        Some("theme_mode"),
    ),
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"role_at_organization": "wizard"}"#),
        "invalid_choice",
        Some("role_at_organization"),
    ),
    case(
        "POST /api/users/@me/onboarding/skip/",
        Some(r#"{"reason": "delegated"}"#),
        "invalid_choice",
        Some("reason"),
    ),
    case(
        "POST /api/users/@me/push_tokens/",
        Some(r#"{"token": "t", "platform": "blackberry"}"#),
        "invalid_choice",
        Some("platform"),
    ),
    case(
        "POST /api/users/@me/signal_autonomy/",
        Some(r#"{"autostart_priority": "P9"}"#),
        "invalid_choice",
        Some("autostart_priority"),
    ),
    // Missing required fields.
    case(
        "POST /api/users/@me/onboarding/skip/",
        Some("{}"),
        "required",
        Some("reason"),
    ),
    case(
        "POST /api/users/@me/push_tokens/",
        Some(r#"{"platform": "ios"}"#),
        "required",
        Some("token"),
    ),
    case(
        "POST /api/users/@me/scene_personalisation/",
        Some(r#"{"scene": "x"}"#),
        "required",
        Some("dashboard"),
    ),
    case(
        "POST /api/users/@me/two_factor_validate/",
        Some("{}"),
        "required",
        Some("token"),
    ),
    case(
        "POST /api/users/request_email_verification/",
        Some("{}"),
        "required",
        Some("uuid"),
    ),
    case(
        "POST /api/users/verify_email/",
        Some(r#"{"code": "123456"}"#),
        "required",
        Some("uuid"),
    ),
    case("POST /api/users/@me/push_tokens/", None, "required", None),
    // Lengths and patterns.
    case(
        "POST /api/users/@me/onboarding/skip/",
        Some(
            r#"{"reason": "later", "step_at_skip": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#,
        ),
        "max_length",
        Some("step_at_skip"),
    ),
    case(
        "POST /api/users/verify_email/",
        Some(r#"{"uuid": "x", "code": "12ab56"}"#),
        "invalid",
        Some("code"),
    ),
    // Path and query values.
    case(
        "DELETE /api/users/@me/integrations/github/abc/",
        None,
        "invalid",
        Some("installation_id"),
    ),
    case(
        "GET /api/users/@me/integrations/github/12a4/repos/",
        None,
        "invalid",
        Some("installation_id"),
    ),
    case(
        "POST /api/users/@me/integrations/github/1%2F2/repos/refresh/",
        None,
        "invalid",
        Some("installation_id"),
    ),
    case(
        "GET /api/users/@me/integrations/github/12345678/branches/",
        None,
        "required",
        Some("repo"),
    ),
    case(
        "GET /api/users/@me/integrations/github/12345678/branches/?repo=posthog",
        None,
        "invalid",
        Some("repo"),
    ),
    case(
        "GET /api/users/@me/integrations/github/12345678/branches/?repo=a/b/c",
        None,
        "invalid",
        Some("repo"),
    ),
    case(
        "GET /api/users/@me/integrations/github/12345678/branches/?repo=PostHog/posthog&limit=0",
        None,
        "min_value",
        Some("limit"),
    ),
    case(
        "GET /api/users/@me/integrations/github/12345678/branches/?repo=PostHog/posthog&limit=1001",
        None,
        "max_value",
        Some("limit"),
    ),
    case(
        "GET /api/users/@me/integrations/github/12345678/repos/?limit=501",
        None,
        "max_value",
        Some("limit"),
    ),
    case(
        "GET /api/users/@me/integrations/github/12345678/repos/?offset=-1",
        None,
        "min_value",
        Some("offset"),
    ),
    case("GET /api/users/?limit=abc", None, "invalid", Some("limit")),
    case(
        "GET /api/users/?is_staff=maybe",
        None,
        "invalid",
        Some("is_staff"),
    ),
    case(
        "GET /api/users/@me/integrations/?limit=0",
        None,
        "min_value",
        Some("limit"),
    ),
    case(
        "GET /api/users/abc/signal_autonomy/",
        None,
        "invalid",
        Some("user_id"),
    ),
    // Refused by the mock's rules (after parsing).
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"password": "a-new-password"}"#),
        "required",
        Some("current_password"),
    ),
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"password": "a-new-password", "current_password": "wrong"}"#),
        "incorrect_password",
        Some("current_password"),
    ),
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"password": "short", "current_password": "hedgehog-password"}"#),
        "password_too_short",
        Some("password"),
    ),
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"first_name": "ok", "set_current_organization": "nope"}"#),
        "does_not_exist",
        Some("set_current_organization"),
    ),
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"set_current_team": "999"}"#),
        "does_not_exist",
        Some("set_current_team"),
    ),
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"email": "not-an-email"}"#),
        "invalid",
        Some("email"),
    ),
    case(
        "PATCH /api/users/@me/",
        Some(r#"{"email": "staff@example.com"}"#),
        "unique",
        Some("email"),
    ),
    case(
        "POST /api/users/@me/integrations/github/start/",
        Some(r#"{"team_id": 999}"#),
        "does_not_exist",
        Some("team_id"),
    ),
    case(
        "POST /api/users/@me/two_factor_validate/",
        Some(r#"{"token": "123456"}"#),
        "setup_expired",
        None,
    ),
    case(
        "POST /api/users/@me/two_factor_backup_codes/",
        None,
        "2fa_not_enabled",
        None,
    ),
    case(
        "PATCH /api/users/cancel_email_change_request/",
        None,
        "email_change_request_not_found",
        None,
    ),
    case(
        "POST /api/users/verify_email/",
        Some(r#"{"uuid": "095be615-a8ad-4c33-8e9c-c7612fbf6c9f", "code": "123456"}"#),
        "invalid_code",
        Some("code"),
    ),
];

#[tokio::test]
async fn bad_input_is_400_naming_the_field_and_changes_nothing() {
    let server = spawn_demo().await;
    let mut failures = Vec::new();
    for case in CASES {
        let (method, path) = case.request.split_once(' ').expect("METHOD path");
        let before = server.store.snapshot();
        let (status, body) = send(
            &server,
            method,
            path,
            case.body.map(str::to_owned),
            Cred::Session,
        )
        .await;
        let after = server.store.snapshot();
        let error: Option<ErrorBody> = serde_json::from_slice(&body).ok();
        let got = error.as_ref().map(|e| (e.code.as_str(), e.attr.as_deref()));
        if status != 400 || got != Some((case.code, case.attr)) {
            failures.push(format!(
                "{}: {status} {}; expected 400 {} {:?}",
                case.request,
                String::from_utf8_lossy(&body),
                case.code,
                case.attr
            ));
        }
        if let Some(error) = &error {
            let kind_ok = match case.code {
                "parse_error" => error.kind == "invalid_request",
                _ => error.kind == "validation_error",
            };
            if !kind_ok {
                failures.push(format!("{}: type {}", case.request, error.kind));
            }
        }
        if before != after {
            failures.push(format!("{}: the state changed", case.request));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn odd_requests_do_not_break_the_server() {
    let server = spawn_demo().await;
    let before = server.store.snapshot();
    let odd: &[(&str, &str, Option<&str>, u16)] = &[
        ("GET", "/api/nope/", None, 404),
        ("PUT", "/api/users/@me/", Some("{}"), 405),
        ("GET", "/api/users/cancel_email_change_request/", None, 405),
        ("GET", "/api/users/%FF%FE/", None, 400),
        (
            "PATCH",
            "/api/users/@me/",
            Some("{\"first_name\": \"\u{1F994}\"}"),
            200,
        ),
        (
            "PATCH",
            "/api/users/@me/",
            Some("{\"hedgehog_config\": 1e999}"),
            400,
        ),
        ("GET", "/api/users/?limit=99999999999999999999", None, 400),
        (
            "GET",
            "/api/users/?offset=9223372036854775807&limit=9223372036854775807",
            None,
            200,
        ),
    ];
    for (method, path, body, expected) in odd {
        let (status, text) = send(
            &server,
            method,
            path,
            body.map(str::to_owned),
            Cred::Session,
        )
        .await;
        assert_eq!(
            status,
            *expected,
            "{method} {path}: {}",
            String::from_utf8_lossy(&text)
        );
        if *expected >= 400 {
            serde_json::from_slice::<ErrorBody>(&text).expect("a JSON error body");
        }
    }
    // Invalid UTF-8 in a body.
    let response = reqwest::Client::new()
        .patch(format!("{}/api/users/@me/", server.base_url))
        .header("cookie", "sessionid=demo-session")
        .header("content-type", "application/json")
        .body(vec![b'{', b'"', 0xff, 0xfe, b'"', b':', b'1', b'}'])
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 400);
    // Only the one successful PATCH above changed anything.
    let after = server.store.snapshot();
    assert_eq!(after.users.len(), before.users.len());
    assert_eq!(after.outbox, before.outbox);
}
