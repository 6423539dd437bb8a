//! The demo data set (`--demo`): a staff user, a regular user with an organization, a team,
//! GitHub integrations, and fixed credentials.

use chrono::{DateTime, Utc};
use posthog_users::types;
use uuid::Uuid;

use crate::store::{
    ApiKeyRecord, GithubInstallation, GithubRepositoryFixture, IntegrationRecord, Membership,
    OrganizationRecord, Store, StoreState, TeamRecord, UserRecord,
};

/// API key of the regular user with scope `user:read`.
pub const READ_KEY: &str = "phx_demo_read";
/// API key of the regular user with scope `user:write`.
pub const WRITE_KEY: &str = "phx_demo_write";
/// API key of the regular user with scope `*`.
pub const ALL_KEY: &str = "phx_demo_all";
/// API key of the staff user with scope `*`.
pub const STAFF_KEY: &str = "phx_demo_staff_all";
/// `sessionid` cookie of the regular user.
pub const SESSION: &str = "demo-session";

/// UUID of the regular user.
pub const USER_UUID: Uuid = Uuid::from_u128(0x095be615_a8ad_4c33_8e9c_c7612fbf6c9f);
/// Email of the regular user.
pub const USER_EMAIL: &str = "hedgehog@example.com";
/// Password of the regular user.
pub const USER_PASSWORD: &str = "hedgehog-password";
/// UUID of the staff user.
pub const STAFF_UUID: Uuid = Uuid::from_u128(0x5c1f9a0e_7d2b_4e8f_9a6c_3b1d0e2f4a61);
/// Email of the staff user.
pub const STAFF_EMAIL: &str = "staff@example.com";
/// The regular user's organization.
pub const ORGANIZATION_ID: Uuid = Uuid::from_u128(0x497f6eca_6276_4993_bfeb_53cbbbba6f08);
/// The regular user's team.
pub const TEAM_ID: i64 = 1;
/// The regular user's main GitHub installation.
pub const INSTALLATION_ID: &str = "12345678";
/// The regular user's second GitHub installation.
pub const SECOND_INSTALLATION_ID: &str = "87654321";
/// The team-level GitHub installation of the demo team (the user has no integration for it).
pub const TEAM_INSTALLATION_ID: &str = "11111111";
/// The repository with branches in the main installation.
pub const REPO: &str = "PostHog/posthog";

/// A fixed instant, for reproducible demo data.
fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap_or_default()
}

/// A store holding the demo data set.
pub fn store() -> Store {
    let store = Store::new();
    seed(&store);
    store
}

/// Adds the demo data set to `store`.
pub fn seed(store: &Store) {
    store.modify(seed_state);
}

/// The text `--demo` prints: the credentials to use against `base_url`.
pub fn banner(base_url: &str) -> String {
    format!(
        "Demo data loaded.\n\
         \n\
         Regular user {USER_EMAIL} ({USER_UUID}), member of the demo organization:\n\
         \x20 Authorization: Bearer {READ_KEY}    scopes: user:read\n\
         \x20 Authorization: Bearer {WRITE_KEY}   scopes: user:write\n\
         \x20 Authorization: Bearer {ALL_KEY}     scopes: *\n\
         \x20 Cookie: sessionid={SESSION}        browser session (needed for 2FA, deletion, ...;\n\
         \x20   on POST/PATCH/DELETE also send `Origin: {base_url}` or a JSON Content-Type)\n\
         Staff user {STAFF_EMAIL} ({STAFF_UUID}):\n\
         \x20 Authorization: Bearer {STAFF_KEY} scopes: *\n\
         GitHub installations of the regular user: {INSTALLATION_ID}, {SECOND_INSTALLATION_ID}\n\
         \n\
         Try: curl -H \"Authorization: Bearer {READ_KEY}\" {base_url}/api/users/@me/"
    )
}

/// The demo records.
fn seed_state(state: &mut StoreState) {
    let joined = at("2024-01-15T09:30:00Z");
    let mut staff = UserRecord::new(STAFF_UUID, STAFF_EMAIL, at("2023-06-01T08:00:00Z"));
    staff.first_name = "Sam".to_owned();
    staff.last_name = "Staff".to_owned();
    staff.password = Some("staff-password".to_owned());
    staff.is_staff = true;
    staff.is_email_verified = Some(true);
    let staff_id = state.insert_user(staff);

    state.organizations.insert(
        ORGANIZATION_ID,
        OrganizationRecord {
            id: ORGANIZATION_ID,
            name: "Hedgehog Inc.".to_owned(),
            slug: "hedgehog-inc".to_owned(),
            created_at: joined,
            updated_at: joined,
            plugins_access_level: types::PluginsAccessLevelEnum::Config,
            enforce_2fa: Some(false),
            members_can_use_personal_api_keys: true,
        },
    );
    state.teams.insert(
        TEAM_ID,
        TeamRecord {
            id: TEAM_ID,
            uuid: Uuid::from_u128(0x0190a4b2_6c1d_7e3f_8a9b_1c2d3e4f5a6b),
            organization: ORGANIZATION_ID,
            project_id: TEAM_ID,
            api_token: "phc_demo_project_token".to_owned(),
            name: "Hedgehog Web".to_owned(),
            timezone: "Europe/London".to_owned(),
            github_installation_id: Some(TEAM_INSTALLATION_ID.to_owned()),
        },
    );

    let mut user = UserRecord::new(USER_UUID, USER_EMAIL, joined);
    user.first_name = "Harriet".to_owned();
    user.last_name = "Hedgehog".to_owned();
    user.password = Some(USER_PASSWORD.to_owned());
    user.current_organization = Some(ORGANIZATION_ID);
    user.current_team = Some(TEAM_ID);
    user.github_login = Some("harriet-hedgehog".to_owned());
    user.settings.role_at_organization = Some(types::RoleAtOrganizationEnum::Engineering);
    let user_id = state.insert_user(user);
    state.memberships.push(Membership {
        user_id,
        organization: ORGANIZATION_ID,
        level: types::MembershipLevelEnum::Owner,
    });

    let keys = [
        (READ_KEY, user_id, "user:read"),
        (WRITE_KEY, user_id, "user:write"),
        (ALL_KEY, user_id, "*"),
        (STAFF_KEY, staff_id, "*"),
    ];
    for (secret, user_id, scope) in keys {
        state.api_keys.insert(
            secret.to_owned(),
            ApiKeyRecord {
                user_id,
                scopes: vec![scope.to_owned()],
            },
        );
    }
    state.sessions.insert(SESSION.to_owned(), user_id);
    seed_github(state, user_id, joined);
}

/// A repository fixture.
fn repo(id: i64, full_name: &str, branches: &[&str]) -> GithubRepositoryFixture {
    let name = full_name.rsplit('/').next().unwrap_or(full_name).to_owned();
    GithubRepositoryFixture {
        repository: types::GithubRepository {
            id,
            name,
            full_name: full_name.to_owned(),
        },
        branches: branches.iter().map(|b| (*b).to_owned()).collect(),
        default_branch: branches.first().map(|b| (*b).to_owned()),
    }
}

/// The fake GitHub installations and the user's integrations with them.
fn seed_github(state: &mut StoreState, user_id: i64, joined: DateTime<Utc>) {
    let account = |kind: &str, name: &str| {
        Some(types::UserIntegrationAccount {
            r#type: kind.to_owned(),
            name: name.to_owned(),
        })
    };
    state.github.insert(
        INSTALLATION_ID.to_owned(),
        GithubInstallation {
            account: account("Organization", "PostHog"),
            repository_selection: Some("selected".to_owned()),
            repositories: vec![
                repo(
                    235_901_813,
                    REPO,
                    &[
                        "master",
                        "develop",
                        "feat/hedgehog-mode",
                        "fix/login-redirect",
                    ],
                ),
                repo(260_550_412, "PostHog/posthog-js", &["main", "next"]),
                repo(281_140_271, "PostHog/posthog-python", &["master"]),
                repo(301_665_320, "PostHog/posthog.com", &["master"]),
                repo(402_511_876, "PostHog/hedgehog-mode", &["main"]),
            ],
        },
    );
    state.github.insert(
        SECOND_INSTALLATION_ID.to_owned(),
        GithubInstallation {
            account: account("User", "harriet-hedgehog"),
            repository_selection: Some("all".to_owned()),
            repositories: vec![repo(512_003_981, "harriet-hedgehog/dotfiles", &["main"])],
        },
    );
    state.github.insert(
        TEAM_INSTALLATION_ID.to_owned(),
        GithubInstallation {
            account: account("Organization", "hedgehog-inc"),
            repository_selection: Some("all".to_owned()),
            repositories: vec![repo(600_000_001, "hedgehog-inc/web", &["main"])],
        },
    );
    for (n, installation_id) in [INSTALLATION_ID, SECOND_INSTALLATION_ID]
        .into_iter()
        .enumerate()
    {
        state.integrations.push(IntegrationRecord {
            id: Uuid::from_u128(0x7e1d0000_0000_4000_8000_000000000000 + n as u128),
            user_id,
            installation_id: installation_id.to_owned(),
            uses_shared_installation: false,
            created_at: joined,
            repository_cache: None,
        });
    }
}
