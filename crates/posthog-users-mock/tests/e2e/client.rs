//! Every operation through the GENERATED client against the live mock, one test per area.
//!
//! Each area lists the operations it exercises (`*_OPS`) and asserts it exercised exactly
//! those with a successful typed call; `areas_cover_every_operation` asserts that the areas
//! together cover `posthog_users::server::OPERATIONS`.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::StreamExt;
use posthog_users::client::Auth;
use posthog_users::server::OPERATIONS;
use posthog_users::types::{self, UserIdSelector, UserSelector};
use posthog_users_mock::store::{GithubCall, UserRecord};
use posthog_users_mock::{auth, demo, integrations, push_tokens, two_factor, users};
use serde_json::json;
use uuid::Uuid;

use crate::common::{Coverage, fails, spawn_demo};

const USERS_OPS: &[&str] = &[
    "users_list",
    "users_retrieve",
    "users_partial_update",
    "users_destroy",
    "users_github_login_retrieve",
    "users_hedgehog_config_retrieve",
    "users_hedgehog_config_partial_update",
    "users_scene_personalisation_create",
];
const TWO_FACTOR_OPS: &[&str] = &[
    "users_two_factor_status_retrieve",
    "users_two_factor_start_setup_retrieve",
    "users_two_factor_validate_create",
    "users_two_factor_backup_codes_create",
    "users_two_factor_disable_create",
    "users_start_2fa_setup_retrieve",
    "users_validate_2fa_create",
];
const EMAIL_OPS: &[&str] = &[
    "users_request_email_verification_create",
    "users_verify_email_create",
    "users_cancel_email_change_request_partial_update",
];
const INTEGRATIONS_OPS: &[&str] = &[
    "users_integrations_list",
    "users_integrations_github_repos_retrieve",
    "users_integrations_github_repos_refresh_create",
    "users_integrations_github_branches_retrieve",
    "users_integrations_github_start_create",
    "users_integrations_github_destroy",
];
const PUSH_TOKENS_OPS: &[&str] = &[
    "users_push_tokens_create",
    "users_push_tokens_unregister_create",
];
const SIGNAL_AUTONOMY_OPS: &[&str] = &[
    "users_signal_autonomy_create",
    "users_signal_autonomy_retrieve",
    "users_signal_autonomy_destroy",
];
const ONBOARDING_OPS: &[&str] = &["users_onboarding_skip_create"];

#[test]
fn areas_cover_every_operation() {
    let areas = [
        USERS_OPS,
        TWO_FACTOR_OPS,
        EMAIL_OPS,
        INTEGRATIONS_OPS,
        PUSH_TOKENS_OPS,
        SIGNAL_AUTONOMY_OPS,
        ONBOARDING_OPS,
    ];
    let covered: Vec<&str> = areas.iter().flat_map(|area| area.iter().copied()).collect();
    let unique: BTreeSet<&str> = covered.iter().copied().collect();
    assert_eq!(unique.len(), covered.len(), "an operation is listed twice");
    let all: BTreeSet<&str> = OPERATIONS.iter().map(|op| op.id).collect();
    assert_eq!(unique, all);
    assert_eq!(all.len(), 30);
}

#[tokio::test]
async fn users_area() {
    let server = spawn_demo().await;
    let mut ops = Coverage::default();
    let read = server.key(demo::READ_KEY);
    let write = server.key(demo::WRITE_KEY);
    let staff = server.key(demo::STAFF_KEY);
    let session = server.session();

    // list: non-staff see only themselves; staff see all and can filter.
    let page = ops.ok("users_list", session.users_list().send()).await;
    assert_eq!(page.count, 1);
    assert_eq!((page.next, page.previous), (None, None));
    assert_eq!(page.results[0].email, demo::USER_EMAIL);
    let page = staff.users_list().send().await.expect("staff list");
    assert_eq!(page.count, 2);
    assert!(
        page.results.windows(2).all(|w| w[0].id < w[1].id),
        "ordered by id"
    );
    let page = staff
        .users_list()
        .is_staff(true)
        .send()
        .await
        .expect("is_staff");
    assert_eq!(page.results[0].uuid, demo::STAFF_UUID);
    let page = staff
        .users_list()
        .email(demo::USER_EMAIL)
        .send()
        .await
        .expect("email");
    assert_eq!((page.count, page.results[0].uuid), (1, demo::USER_UUID));
    let page = staff
        .users_list()
        .email("HEDGEHOG@example.com")
        .send()
        .await
        .expect("exact");
    assert_eq!(page.count, 0, "the email filter is exact");

    // retrieve: @me, another user (403 for non-staff, 200/404 for staff).
    let me = ops
        .ok(
            "users_retrieve",
            read.users_retrieve(UserSelector::Me).send(),
        )
        .await;
    assert_eq!(me.uuid, demo::USER_UUID);
    assert_eq!(me.team.as_ref().map(|t| t.id), Some(demo::TEAM_ID));
    assert_eq!(
        me.organization.as_ref().map(|o| o.id),
        Some(demo::ORGANIZATION_ID)
    );
    assert_eq!(
        me.organizations[0].membership_level,
        Some(types::MembershipLevelEnum::Owner)
    );
    assert_eq!(me.is_staff, Some(false));
    let other = UserSelector::Uuid(demo::STAFF_UUID.to_string());
    let (status, body) = fails(read.users_retrieve(other).send()).await;
    assert_eq!((status, body.detail.as_str()), (403, auth::ONLY_ME));
    let own_uuid = UserSelector::Uuid(demo::USER_UUID.to_string());
    assert_eq!(
        fails(read.users_retrieve(own_uuid).send()).await.0,
        403,
        "non-staff: only @me"
    );
    let them = staff
        .users_retrieve(UserSelector::Uuid(demo::USER_UUID.to_string()))
        .send()
        .await
        .expect("staff reads another user");
    assert_eq!(them.email, demo::USER_EMAIL);
    let unknown = UserSelector::Uuid(Uuid::new_v4().to_string());
    assert_eq!(fails(staff.users_retrieve(unknown).send()).await.0, 404);

    // partial update: fields, merged notification settings.
    let patch = types::PatchedUser {
        first_name: Some("Hattie".into()),
        notification_settings: Some(BTreeMap::from([
            ("plugin_disabled".to_owned(), json!(false)),
            ("new_setting".to_owned(), json!({"weekly": true})),
        ])),
        theme_mode: types::PatchedUserThemeMode::ThemeModeEnum(types::ThemeModeEnum::Dark).into(),
        role_at_organization: Some(types::RoleAtOrganizationEnum::Founder),
        hide_mcp_hints: Some(true),
        ..Default::default()
    };
    let updated = ops
        .ok(
            "users_partial_update",
            write
                .users_partial_update(UserSelector::Me)
                .body(&patch)
                .send(),
        )
        .await;
    assert_eq!(updated.first_name.as_deref(), Some("Hattie"));
    let settings = updated
        .notification_settings
        .expect("notification settings");
    assert_eq!(settings["plugin_disabled"], json!(false));
    assert_eq!(settings["new_setting"], json!({"weekly": true}));
    assert_eq!(
        settings["discussions_mentioned"],
        json!(true),
        "merged, not replaced"
    );
    assert_eq!(
        updated.theme_mode,
        Some(types::UserThemeMode::ThemeModeEnum(
            types::ThemeModeEnum::Dark
        ))
    );
    assert_eq!(
        updated.role_at_organization,
        Some(types::RoleAtOrganizationEnum::Founder)
    );
    assert_eq!(updated.hide_mcp_hints, Some(true));

    // API keys cannot change the password or the email; non-staff cannot touch is_staff.
    let before = server.store.snapshot();
    for patch in [
        types::PatchedUser {
            password: Some("a-new-password".into()),
            current_password: Some(demo::USER_PASSWORD.into()),
            ..Default::default()
        },
        types::PatchedUser {
            email: Some("elsewhere@example.com".into()),
            ..Default::default()
        },
    ] {
        let (status, body) = fails(
            write
                .users_partial_update(UserSelector::Me)
                .body(&patch)
                .send(),
        )
        .await;
        assert_eq!((status, body.detail.as_str()), (403, users::APP_ONLY));
    }
    let same_email = types::PatchedUser {
        email: Some(demo::USER_EMAIL.into()),
        ..Default::default()
    };
    write
        .users_partial_update(UserSelector::Me)
        .body(&same_email)
        .send()
        .await
        .expect("an unchanged email is fine with an API key");
    let staff_flag = types::PatchedUser {
        is_staff: Some(true),
        ..Default::default()
    };
    assert_eq!(
        fails(
            session
                .users_partial_update(UserSelector::Me)
                .body(&staff_flag)
                .send()
        )
        .await
        .0,
        403
    );
    assert_eq!(
        server.store.snapshot(),
        before,
        "refused updates change nothing"
    );

    // Password change from the app: needs the right current password.
    let mut change = types::PatchedUser {
        password: Some("brand-new-password".into()),
        ..Default::default()
    };
    let (status, body) = fails(
        session
            .users_partial_update(UserSelector::Me)
            .body(&change)
            .send(),
    )
    .await;
    assert_eq!(
        (status, body.code.as_str(), body.attr.as_deref()),
        (400, "required", Some("current_password"))
    );
    change.current_password = Some("wrong".into());
    let (_, body) = fails(
        session
            .users_partial_update(UserSelector::Me)
            .body(&change)
            .send(),
    )
    .await;
    assert_eq!(body.code, "incorrect_password");
    change.current_password = Some(demo::USER_PASSWORD.into());
    session
        .users_partial_update(UserSelector::Me)
        .body(&change)
        .send()
        .await
        .expect("password changed");
    let user_id = server.user_id();
    let stored = server
        .store
        .read(|s| s.user(user_id).and_then(|u| u.password.clone()));
    assert_eq!(stored.as_deref(), Some("brand-new-password"));

    // Staff may flag another user as staff.
    let promoted = staff
        .users_partial_update(UserSelector::Uuid(demo::USER_UUID.to_string()))
        .body(&staff_flag)
        .send()
        .await
        .expect("staff sets is_staff");
    assert_eq!(promoted.is_staff, Some(true));
    let demote = types::PatchedUser {
        is_staff: Some(false),
        ..Default::default()
    };
    staff
        .users_partial_update(UserSelector::Uuid(demo::USER_UUID.to_string()))
        .body(&demote)
        .send()
        .await
        .expect("staff clears is_staff");

    // github login, hedgehog config (replaced, not merged).
    let login = ops
        .ok(
            "users_github_login_retrieve",
            read.users_github_login_retrieve(UserSelector::Me).send(),
        )
        .await;
    assert_eq!(login.github_login.as_deref(), Some("harriet-hedgehog"));
    let empty = ops
        .ok(
            "users_hedgehog_config_retrieve",
            read.users_hedgehog_config_retrieve(UserSelector::Me).send(),
        )
        .await;
    assert!(empty.is_empty(), "{{}} when unset");
    let config: types::HedgehogConfig = BTreeMap::from([
        ("color".to_owned(), json!("green")),
        ("accessories".to_owned(), json!(["hat"])),
    ]);
    let echoed = ops
        .ok(
            "users_hedgehog_config_partial_update",
            write
                .users_hedgehog_config_partial_update(UserSelector::Me, &config)
                .send(),
        )
        .await;
    assert_eq!(echoed, config);
    let replacement: types::HedgehogConfig = BTreeMap::from([("skin".to_owned(), json!("robo"))]);
    write
        .users_hedgehog_config_partial_update(UserSelector::Me, &replacement)
        .send()
        .await
        .expect("replace");
    assert_eq!(
        read.users_hedgehog_config_retrieve(UserSelector::Me)
            .send()
            .await
            .expect("get")
            .into_inner(),
        replacement
    );
    let me = read
        .users_retrieve(UserSelector::Me)
        .send()
        .await
        .expect("me");
    assert_eq!(me.hedgehog_config, Some(json!({"skin": "robo"})));

    // scene personalisation: upsert per scene.
    let pin = |dashboard| types::ScenePersonalisationRequest {
        scene: "Dashboards".into(),
        dashboard,
    };
    let user = ops
        .ok(
            "users_scene_personalisation_create",
            session
                .users_scene_personalisation_create(UserSelector::Me, &pin(7))
                .send(),
        )
        .await;
    assert_eq!(user.scene_personalisation.len(), 1);
    let user = session
        .users_scene_personalisation_create(UserSelector::Me, &pin(9))
        .send()
        .await
        .expect("re-pin");
    assert_eq!(user.scene_personalisation[0].dashboard, Some(9));
    assert_eq!(user.scene_personalisation.len(), 1);

    // delete: 409 while a member of an organization, then 204, then the keys are gone.
    let (status, body) = fails(session.users_destroy(UserSelector::Me).send()).await;
    assert_eq!(
        (status, body.detail.as_str()),
        (409, "Cannot delete user with organization memberships.")
    );
    let user_id = server.user_id();
    server
        .store
        .modify(|s| s.memberships.retain(|m| m.user_id != user_id));
    ops.ok(
        "users_destroy",
        session.users_destroy(UserSelector::Me).send(),
    )
    .await;
    assert!(server.store.read(|s| s.user(user_id).is_none()));
    assert_eq!(
        fails(read.users_retrieve(UserSelector::Me).send()).await.0,
        401
    );

    ops.assert_exactly(USERS_OPS);
}

#[tokio::test]
#[allow(deprecated)]
async fn two_factor_area() {
    let server = spawn_demo().await;
    let mut ops = Coverage::default();
    let session = server.session();

    let status = ops
        .ok(
            "users_two_factor_status_retrieve",
            session
                .users_two_factor_status_retrieve(UserSelector::Me)
                .send(),
        )
        .await;
    assert!(!status.is_enabled && !status.has_totp && status.method.is_none());
    let (code, body) = fails(
        session
            .users_two_factor_backup_codes_create(UserSelector::Me)
            .send(),
    )
    .await;
    assert_eq!((code, body.code.as_str()), (400, "2fa_not_enabled"));
    let token = |token: &str| types::TwoFactorValidateRequest {
        token: token.to_owned(),
    };
    let (_, body) = fails(
        session
            .users_two_factor_validate_create(UserSelector::Me, &token("123456"))
            .send(),
    )
    .await;
    assert_eq!(body.code, "setup_expired");

    let setup = ops
        .ok(
            "users_two_factor_start_setup_retrieve",
            session
                .users_two_factor_start_setup_retrieve(UserSelector::Me)
                .send(),
        )
        .await;
    assert!(setup.success);
    assert_eq!(setup.secret.len(), 32, "20 bytes, base32");
    assert!(
        setup
            .secret
            .bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))
    );
    let good = two_factor::current_code(&setup.secret).expect("a code");
    let bad = format!(
        "{:06}",
        (good.parse::<u32>().expect("digits") + 500_000) % 1_000_000
    );
    let (code, body) = fails(
        session
            .users_two_factor_validate_create(UserSelector::Me, &token(&bad))
            .send(),
    )
    .await;
    assert_eq!(
        (code, body.code.as_str(), body.attr.as_deref()),
        (400, "token_invalid", Some("token"))
    );
    let done = ops
        .ok(
            "users_two_factor_validate_create",
            session
                .users_two_factor_validate_create(UserSelector::Me, &token(&good))
                .send(),
        )
        .await;
    assert!(done.success);
    let status = session
        .users_two_factor_status_retrieve(UserSelector::Me)
        .send()
        .await
        .expect("status");
    assert!(status.is_enabled && status.has_totp);
    assert_eq!(status.method, Some(types::TwoFactorMethodEnum::Totp));
    assert!(
        session
            .users_retrieve(UserSelector::Me)
            .send()
            .await
            .expect("me")
            .is_2fa_enabled
    );

    let codes = ops
        .ok(
            "users_two_factor_backup_codes_create",
            session
                .users_two_factor_backup_codes_create(UserSelector::Me)
                .send(),
        )
        .await;
    assert_eq!(codes.backup_codes.len(), 10);
    assert_eq!(
        codes.backup_codes.iter().collect::<BTreeSet<_>>().len(),
        10,
        "distinct"
    );
    assert!(
        server
            .store
            .redeem_backup_code(demo::USER_UUID, &codes.backup_codes[0])
    );
    assert!(
        !server
            .store
            .redeem_backup_code(demo::USER_UUID, &codes.backup_codes[0]),
        "single use"
    );
    let status = session
        .users_two_factor_status_retrieve(UserSelector::Me)
        .send()
        .await
        .expect("status");
    assert_eq!(status.backup_codes_remaining, 9);
    let renewed = session
        .users_two_factor_backup_codes_create(UserSelector::Me)
        .send()
        .await
        .expect("renew");
    assert!(
        !server
            .store
            .redeem_backup_code(demo::USER_UUID, &codes.backup_codes[1]),
        "old codes invalidated"
    );
    assert!(
        server
            .store
            .redeem_backup_code(demo::USER_UUID, &renewed.backup_codes[1])
    );

    let off = ops
        .ok(
            "users_two_factor_disable_create",
            session
                .users_two_factor_disable_create(UserSelector::Me)
                .send(),
        )
        .await;
    assert!(off.success);
    let status = session
        .users_two_factor_status_retrieve(UserSelector::Me)
        .send()
        .await
        .expect("status");
    assert!(!status.is_enabled);
    assert_eq!(status.backup_codes_remaining, 0);

    // The deprecated aliases behave the same.
    let setup = ops
        .ok(
            "users_start_2fa_setup_retrieve",
            session
                .users_start_2fa_setup_retrieve(UserSelector::Me)
                .send(),
        )
        .await;
    let good = two_factor::current_code(&setup.secret).expect("a code");
    ops.ok(
        "users_validate_2fa_create",
        session
            .users_validate_2fa_create(UserSelector::Me, &token(&good))
            .send(),
    )
    .await;
    assert!(
        session
            .users_two_factor_status_retrieve(UserSelector::Me)
            .send()
            .await
            .expect("status")
            .is_enabled
    );

    // Session only: API keys are refused.
    let (code, body) = fails(
        server
            .key(demo::ALL_KEY)
            .users_two_factor_status_retrieve(UserSelector::Me)
            .send(),
    )
    .await;
    assert_eq!(
        (code, body.detail.as_str()),
        (403, "This action does not support Personal API Key access")
    );

    ops.assert_exactly(TWO_FACTOR_OPS);
}

#[tokio::test]
async fn email_area() {
    let server = spawn_demo().await;
    let mut ops = Coverage::default();
    let anonymous = server.client(Auth::None);
    let session = server.session();
    let user_id = server.user_id();
    let last_code = |to: &str| {
        server.store.read(|s| {
            s.emails_to(to)
                .last()
                .map(|mail| mail.code.clone())
                .expect("an email")
        })
    };
    let request = |uuid: String| types::RequestEmailVerificationRequest { uuid };
    let verify = |code: String| types::VerifyEmailRequest {
        uuid: demo::USER_UUID.to_string(),
        code,
    };

    // Request: 200, a code in the outbox; unknown UUIDs get 200 too and no email.
    let ok = ops
        .ok(
            "users_request_email_verification_create",
            anonymous
                .users_request_email_verification_create(&request(demo::USER_UUID.to_string()))
                .send(),
        )
        .await;
    assert!(ok.success);
    let code = last_code(demo::USER_EMAIL);
    assert_eq!(code.len(), 6);
    let sent = server.store.read(|s| s.outbox.len());
    anonymous
        .users_request_email_verification_create(&request(Uuid::new_v4().to_string()))
        .send()
        .await
        .expect("unknown uuid");
    anonymous
        .users_request_email_verification_create(&request("not-a-uuid".into()))
        .send()
        .await
        .expect("not a uuid");
    assert_eq!(server.store.read(|s| s.outbox.len()), sent);

    // Verify: a wrong code is 400 invalid_code on `code`; the right one verifies.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = fails(
        anonymous
            .users_verify_email_create(&verify(wrong.into()))
            .send(),
    )
    .await;
    assert_eq!(
        (status, body.code.as_str(), body.attr.as_deref()),
        (400, "invalid_code", Some("code"))
    );
    let verified = ops
        .ok(
            "users_verify_email_create",
            anonymous.users_verify_email_create(&verify(code)).send(),
        )
        .await;
    assert!(verified.success);
    assert_eq!(
        server
            .store
            .read(|s| s.user(user_id).and_then(|u| u.is_email_verified)),
        Some(true)
    );
    let (_, body) = fails(
        anonymous
            .users_request_email_verification_create(&request(demo::USER_UUID.to_string()))
            .send(),
    )
    .await;
    assert_eq!(body.code, "already_verified");

    // Changing the email from the app makes it pending and mails the new address.
    let change = |email: &str| types::PatchedUser {
        email: Some(email.to_owned()),
        ..Default::default()
    };
    let user = session
        .users_partial_update(UserSelector::Me)
        .body(&change("new@example.com"))
        .send()
        .await
        .expect("email change");
    assert_eq!(
        (user.email.as_str(), user.pending_email.as_deref()),
        (demo::USER_EMAIL, Some("new@example.com"))
    );
    let code = last_code("new@example.com");
    // Five wrong codes throw the code away.
    for attempt in 1..=5 {
        let (_, body) = fails(
            anonymous
                .users_verify_email_create(&verify(wrong.into()))
                .send(),
        )
        .await;
        let expected = if attempt < 5 {
            "invalid_code"
        } else {
            "too_many_attempts"
        };
        assert_eq!(
            (body.code.as_str(), body.attr.as_deref()),
            (expected, Some("code"))
        );
    }
    assert_eq!(
        fails(anonymous.users_verify_email_create(&verify(code)).send())
            .await
            .1
            .code,
        "invalid_code"
    );
    anonymous
        .users_request_email_verification_create(&request(demo::USER_UUID.to_string()))
        .send()
        .await
        .expect("a new code for the pending address");
    anonymous
        .users_verify_email_create(&verify(last_code("new@example.com")))
        .send()
        .await
        .expect("verified");
    let me = session
        .users_retrieve(UserSelector::Me)
        .send()
        .await
        .expect("me");
    assert_eq!(
        (me.email.as_str(), me.pending_email.clone()),
        ("new@example.com", None)
    );

    // Cancel: 400 without a pending change, 200 with pending_email cleared otherwise.
    let (status, body) = fails(
        session
            .users_cancel_email_change_request_partial_update()
            .send(),
    )
    .await;
    assert_eq!(
        (status, body.code.as_str()),
        (400, "email_change_request_not_found")
    );
    session
        .users_partial_update(UserSelector::Me)
        .body(&change("third@example.com"))
        .send()
        .await
        .expect("another change");
    let user = ops
        .ok(
            "users_cancel_email_change_request_partial_update",
            session
                .users_cancel_email_change_request_partial_update()
                .send(),
        )
        .await;
    assert_eq!(
        (user.email.as_str(), user.pending_email),
        ("new@example.com", None)
    );

    // email_taken: the pending address got taken by someone else in the meantime.
    session
        .users_partial_update(UserSelector::Me)
        .body(&change("taken@example.com"))
        .send()
        .await
        .expect("change");
    let code = last_code("taken@example.com");
    server.store.modify(|s| {
        s.insert_user(UserRecord::new(
            Uuid::new_v4(),
            "taken@example.com",
            chrono::Utc::now(),
        ))
    });
    let (_, body) = fails(anonymous.users_verify_email_create(&verify(code)).send()).await;
    assert_eq!(
        (body.code.as_str(), body.attr.as_deref()),
        ("email_taken", Some("email"))
    );
    // ... and now the address is not available for a change at all.
    let (_, body) = fails(
        session
            .users_partial_update(UserSelector::Me)
            .body(&change("taken@example.com"))
            .send(),
    )
    .await;
    assert_eq!(
        (body.code.as_str(), body.attr.as_deref()),
        ("unique", Some("email"))
    );

    ops.assert_exactly(EMAIL_OPS);
}

#[tokio::test]
async fn integrations_area() {
    let server = spawn_demo().await;
    let mut ops = Coverage::default();
    let read = server.key(demo::READ_KEY);
    let write = server.key(demo::WRITE_KEY);
    let me = || UserSelector::Me;

    let page = ops
        .ok(
            "users_integrations_list",
            read.users_integrations_list(me()).send(),
        )
        .await;
    assert_eq!(page.count, 2);
    let first = &page.results[0];
    assert_eq!(
        (first.kind.as_str(), first.installation_id.as_str()),
        ("github", demo::INSTALLATION_ID)
    );
    assert_eq!(
        first.account.as_ref().map(|a| a.name.as_str()),
        Some("PostHog")
    );
    assert_eq!(first.repository_selection.as_deref(), Some("selected"));
    let page = read
        .users_integrations_list(me())
        .limit(1)
        .send()
        .await
        .expect("page");
    assert_eq!(
        page.next.as_deref(),
        Some(
            format!(
                "{}/api/users/@me/integrations/?limit=1&offset=1",
                server.base_url
            )
            .as_str()
        )
    );
    let streamed: Vec<_> = read
        .users_integrations_list(me())
        .limit(1)
        .stream()
        .collect()
        .await;
    assert_eq!(streamed.len(), 2);

    // repos: cached after the first GitHub call; search / limit / offset / has_more.
    let repos = ops
        .ok(
            "users_integrations_github_repos_retrieve",
            read.users_integrations_github_repos_retrieve(me(), demo::INSTALLATION_ID)
                .send(),
        )
        .await;
    assert_eq!((repos.repositories.len(), repos.has_more), (5, false));
    let repos = read
        .users_integrations_github_repos_retrieve(me(), demo::INSTALLATION_ID)
        .search("POSTHOG-")
        .limit(1)
        .send()
        .await
        .expect("search");
    assert_eq!(repos.repositories[0].full_name, "PostHog/posthog-js");
    assert!(repos.has_more);
    let repos = read
        .users_integrations_github_repos_retrieve(me(), demo::INSTALLATION_ID)
        .offset(4)
        .limit(2)
        .send()
        .await
        .expect("offset");
    assert_eq!((repos.repositories.len(), repos.has_more), (1, false));
    let list_calls = |server: &crate::common::Server| {
        server.store.read(|s| {
            s.github_calls
                .iter()
                .filter(|c| matches!(c, GithubCall::ListRepositories { .. }))
                .count()
        })
    };
    assert_eq!(list_calls(&server), 1, "later pages come from the cache");
    let refreshed = ops
        .ok(
            "users_integrations_github_repos_refresh_create",
            write
                .users_integrations_github_repos_refresh_create(me(), demo::INSTALLATION_ID)
                .send(),
        )
        .await;
    assert_eq!(refreshed.repositories.len(), 5);
    assert_eq!(list_calls(&server), 2, "refresh asks GitHub again");

    // branches.
    let branches = ops
        .ok(
            "users_integrations_github_branches_retrieve",
            read.users_integrations_github_branches_retrieve(
                me(),
                demo::INSTALLATION_ID,
                demo::REPO,
            )
            .send(),
        )
        .await;
    assert_eq!(branches.default_branch.as_deref(), Some("master"));
    assert_eq!((branches.branches.len(), branches.has_more), (4, false));
    let branches = read
        .users_integrations_github_branches_retrieve(me(), demo::INSTALLATION_ID, demo::REPO)
        .search("feat")
        .send()
        .await
        .expect("search");
    assert_eq!(branches.branches, ["feat/hedgehog-mode"]);
    let branches = read
        .users_integrations_github_branches_retrieve(me(), demo::INSTALLATION_ID, demo::REPO)
        .limit(1)
        .offset(1)
        .send()
        .await
        .expect("limit");
    assert_eq!(
        (branches.branches.clone(), branches.has_more),
        (vec!["develop".to_owned()], true)
    );
    let unknown_repo = read
        .users_integrations_github_branches_retrieve(me(), demo::INSTALLATION_ID, "PostHog/nope")
        .send();
    assert_eq!(fails(unknown_repo).await.0, 404);

    // start: App install by default, the OAuth fast path from PostHog Code.
    let start = ops
        .ok(
            "users_integrations_github_start_create",
            write.users_integrations_github_start_create(me()).send(),
        )
        .await;
    assert_eq!(start.connect_flow, types::ConnectFlowEnum::AppInstall);
    assert!(start.install_url.starts_with(&format!(
        "{}/installations/new?state=",
        integrations::APP_URL
    )));
    let from_code = types::GithubStartRequest {
        team_id: demo::TEAM_ID.into(),
        connect_from: Some("posthog_code".into()),
    };
    let start = write
        .users_integrations_github_start_create(me())
        .body(&from_code)
        .send()
        .await
        .expect("fast path");
    assert_eq!(start.connect_flow, types::ConnectFlowEnum::OauthAuthorize);
    assert!(
        start
            .install_url
            .starts_with("https://github.com/login/oauth/authorize?")
    );
    let started = server.store.read(|s| {
        s.github_calls
            .iter()
            .filter(|c| matches!(c, GithubCall::StartLink { .. }))
            .count()
    });
    assert_eq!(started, 2);
    let elsewhere = types::GithubStartRequest {
        team_id: 999.into(),
        connect_from: None,
    };
    let (status, body) = fails(
        write
            .users_integrations_github_start_create(me())
            .body(&elsewhere)
            .send(),
    )
    .await;
    assert_eq!((status, body.attr.as_deref()), (400, Some("team_id")));

    // destroy: 204, then 404; read keys may not.
    let (status, _) = fails(
        read.users_integrations_github_destroy(me(), demo::SECOND_INSTALLATION_ID)
            .send(),
    )
    .await;
    assert_eq!(status, 403);
    ops.ok(
        "users_integrations_github_destroy",
        write
            .users_integrations_github_destroy(me(), demo::SECOND_INSTALLATION_ID)
            .send(),
    )
    .await;
    let (status, body) = fails(
        write
            .users_integrations_github_destroy(me(), demo::SECOND_INSTALLATION_ID)
            .send(),
    )
    .await;
    assert_eq!(
        (status, body.detail.as_str()),
        (404, integrations::NO_INTEGRATION)
    );
    let repos = read
        .users_integrations_github_repos_retrieve(me(), demo::SECOND_INSTALLATION_ID)
        .send();
    assert_eq!(fails(repos).await.0, 404);
    assert_eq!(
        read.users_integrations_list(me())
            .send()
            .await
            .expect("list")
            .count,
        1
    );

    ops.assert_exactly(INTEGRATIONS_OPS);
}

#[tokio::test]
async fn push_tokens_area() {
    let server = spawn_demo().await;
    let mut ops = Coverage::default();
    let write = server.key(demo::WRITE_KEY);
    let register = |platform| types::PushTokenRequest {
        token: "device-token-1".into(),
        platform,
    };

    let first = ops
        .ok(
            "users_push_tokens_create",
            write
                .users_push_tokens_create(UserSelector::Me, &register(types::PlatformEnum::Ios))
                .send(),
        )
        .await;
    assert_eq!(first.platform, types::PlatformEnum::Ios);
    let again = write
        .users_push_tokens_create(UserSelector::Me, &register(types::PlatformEnum::Android))
        .send()
        .await
        .expect("upsert");
    assert_eq!(
        (again.id, again.created_at),
        (first.id, first.created_at),
        "same row"
    );
    assert_eq!(again.platform, types::PlatformEnum::Android);
    assert!(again.last_seen_at >= first.last_seen_at);
    assert_eq!(server.store.read(|s| s.push_tokens.len()), 1);

    // The token never comes back.
    let raw = reqwest::Client::new()
        .post(format!("{}/api/users/@me/push_tokens/", server.base_url))
        .bearer_auth(demo::WRITE_KEY)
        .json(&json!({"token": "device-token-1", "platform": "web"}))
        .send()
        .await
        .expect("send");
    assert_eq!(raw.status(), 200);
    assert!(!raw.text().await.expect("body").contains("device-token-1"));

    // Only `@me`, even for staff and even with one's own UUID.
    let own = UserSelector::Uuid(demo::USER_UUID.to_string());
    let (status, body) = fails(
        write
            .users_push_tokens_create(own, &register(types::PlatformEnum::Ios))
            .send(),
    )
    .await;
    assert_eq!((status, body.detail.as_str()), (403, push_tokens::ME_ONLY));
    let staff = server.key(demo::STAFF_KEY);
    let other = UserSelector::Uuid(demo::USER_UUID.to_string());
    assert_eq!(
        fails(
            staff
                .users_push_tokens_create(other, &register(types::PlatformEnum::Ios))
                .send()
        )
        .await
        .0,
        403
    );

    let unregister = types::PushTokenUnregisterRequest {
        token: "device-token-1".into(),
    };
    ops.ok(
        "users_push_tokens_unregister_create",
        write
            .users_push_tokens_unregister_create(UserSelector::Me, &unregister)
            .send(),
    )
    .await;
    assert_eq!(server.store.read(|s| s.push_tokens.len()), 0);
    write
        .users_push_tokens_unregister_create(UserSelector::Me, &unregister)
        .send()
        .await
        .expect("idempotent");

    ops.assert_exactly(PUSH_TOKENS_OPS);
}

#[tokio::test]
async fn signal_autonomy_area() {
    let server = spawn_demo().await;
    let mut ops = Coverage::default();
    let write = server.key(demo::WRITE_KEY);
    let me = || UserIdSelector::Me;
    let priority = |p| types::SignalAutonomyRequest {
        autostart_priority: types::SignalAutonomyRequestAutostartPriority::AutostartPriorityEnum(p)
            .into(),
    };

    assert_eq!(
        fails(write.users_signal_autonomy_retrieve(me()).send())
            .await
            .0,
        404
    );
    let created = ops
        .ok(
            "users_signal_autonomy_create",
            write.users_signal_autonomy_create(me()).send(),
        )
        .await;
    assert_eq!(created.autostart_priority, None);
    assert_eq!(created.user.uuid, demo::USER_UUID);
    let updated = write
        .users_signal_autonomy_create(me())
        .body(&priority(types::AutostartPriorityEnum::P2))
        .send()
        .await
        .expect("update");
    assert_eq!(updated.id, created.id, "a singleton");
    let unchanged = write
        .users_signal_autonomy_create(me())
        .body(&types::SignalAutonomyRequest::default())
        .send()
        .await
        .expect("partial");
    let p2 = Some(
        types::SignalAutonomyConfigAutostartPriority::AutostartPriorityEnum(
            types::AutostartPriorityEnum::P2,
        ),
    );
    assert_eq!(unchanged.autostart_priority, p2, "left out = kept");
    let fetched = ops
        .ok(
            "users_signal_autonomy_retrieve",
            write.users_signal_autonomy_retrieve(me()).send(),
        )
        .await;
    assert_eq!(
        (fetched.autostart_priority, fetched.user.email.as_str()),
        (p2, demo::USER_EMAIL)
    );

    // Non-staff must say @me (even their own id); staff may name anyone.
    let own_id = UserIdSelector::Id(server.user_id());
    let (status, body) = fails(write.users_signal_autonomy_retrieve(own_id.clone()).send()).await;
    assert_eq!((status, body.detail.as_str()), (403, auth::ONLY_ME));
    let staff = server.key(demo::STAFF_KEY);
    assert_eq!(
        staff
            .users_signal_autonomy_retrieve(own_id)
            .send()
            .await
            .expect("staff")
            .id,
        created.id
    );
    assert_eq!(
        fails(
            staff
                .users_signal_autonomy_retrieve(UserIdSelector::Id(999))
                .send()
        )
        .await
        .0,
        404
    );
    // user:read is not enough for any of the three.
    assert_eq!(
        fails(
            server
                .key(demo::READ_KEY)
                .users_signal_autonomy_retrieve(me())
                .send()
        )
        .await
        .0,
        403
    );

    ops.ok(
        "users_signal_autonomy_destroy",
        write.users_signal_autonomy_destroy(me()).send(),
    )
    .await;
    write
        .users_signal_autonomy_destroy(me())
        .send()
        .await
        .expect("idempotent");
    assert_eq!(
        fails(write.users_signal_autonomy_retrieve(me()).send())
            .await
            .0,
        404
    );

    ops.assert_exactly(SIGNAL_AUTONOMY_OPS);
}

#[tokio::test]
async fn onboarding_area() {
    let server = spawn_demo().await;
    let mut ops = Coverage::default();
    let session = server.session();
    let skip = |reason| types::OnboardingSkipRequest {
        reason,
        step_at_skip: Some("install_snippet".into()),
    };

    let user = ops
        .ok(
            "users_onboarding_skip_create",
            session
                .users_onboarding_skip_create(
                    UserSelector::Me,
                    &skip(types::OnboardingSkipReasonEnum::Later),
                )
                .send(),
        )
        .await;
    let first_at = user.onboarding_skipped_at.expect("skipped_at");
    assert_eq!(
        user.onboarding_skipped_reason,
        Some(types::OnboardingSkippedReasonEnum::Later)
    );
    assert_eq!(
        user.onboarding_skipped_organization_id,
        Some(demo::ORGANIZATION_ID)
    );
    let user = session
        .users_onboarding_skip_create(
            UserSelector::Me,
            &skip(types::OnboardingSkipReasonEnum::Other),
        )
        .send()
        .await
        .expect("again");
    assert_eq!(
        user.onboarding_skipped_at,
        Some(first_at),
        "the first timestamp is kept"
    );
    assert_eq!(
        user.onboarding_skipped_reason,
        Some(types::OnboardingSkippedReasonEnum::Other)
    );
    let (status, _) = fails(
        server
            .key(demo::ALL_KEY)
            .users_onboarding_skip_create(
                UserSelector::Me,
                &skip(types::OnboardingSkipReasonEnum::Later),
            )
            .send(),
    )
    .await;
    assert_eq!(status, 403);

    ops.assert_exactly(ONBOARDING_OPS);
}
