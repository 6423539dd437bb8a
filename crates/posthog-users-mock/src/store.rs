//! The in-memory store: every record the mock keeps, behind one readers-writer lock.
//!
//! Handlers lock the state, do their (synchronous) work and unlock before answering; nothing
//! is awaited while the lock is held, readers do not wait for each other, and every change
//! counts one [generation](Store::read_generation) (which keys the cached renderings of
//! [`crate::rendered`]). Tests use [`Store::snapshot`], [`Store::restore`] and
//! [`Store::modify`] to inspect and arrange the state.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use chrono::{DateTime, Utc};
use posthog_users::types;
use serde_json::Value;
use uuid::Uuid;

/// A handle on the shared in-memory state; cheap to clone (all clones share the state).
#[derive(Debug, Clone, Default)]
pub struct Store {
    state: Arc<RwLock<Versioned>>,
    base_url: Arc<Mutex<String>>,
    rendered: crate::rendered::Rendered,
}

/// The state and how many times it was handed out for change.
#[derive(Debug, Default)]
struct Versioned {
    state: StoreState,
    generation: u64,
}

impl Store {
    /// An empty store: no users, so every credential is refused.
    pub fn new() -> Self {
        Self::default()
    }

    /// The absolute URL the server is reached at (e.g. `http://127.0.0.1:8010`), used to
    /// build the `next` / `previous` links of paginated lists.
    pub fn base_url(&self) -> String {
        lock(&self.base_url).clone()
    }

    /// Sets the absolute URL the server is reached at (a trailing `/` is dropped).
    pub fn set_base_url(&self, url: impl Into<String>) {
        let mut url = url.into();
        while url.ends_with('/') {
            url.pop();
        }
        *lock(&self.base_url) = url;
    }

    /// A copy of the whole state, to compare before and after a request.
    pub fn snapshot(&self) -> StoreState {
        read(&self.state).state.clone()
    }

    /// Replaces the whole state (e.g. with an earlier [`Store::snapshot`]).
    pub fn restore(&self, state: StoreState) {
        self.modify(|current| *current = state);
    }

    /// Runs `change` on the state under the exclusive lock and returns its result (a new
    /// generation begins).
    pub fn modify<R>(&self, change: impl FnOnce(&mut StoreState) -> R) -> R {
        let mut guard = write(&self.state);
        guard.generation += 1;
        change(&mut guard.state)
    }

    /// Reads the state under the shared lock.
    pub fn read<R>(&self, look: impl FnOnce(&StoreState) -> R) -> R {
        look(&read(&self.state).state)
    }

    /// Reads the state under the shared lock, with its generation (which changes whenever the
    /// state may have).
    pub(crate) fn read_generation<R>(&self, look: impl FnOnce(&StoreState, u64) -> R) -> R {
        let guard = read(&self.state);
        look(&guard.state, guard.generation)
    }

    /// The cached renderings of this store's records.
    pub(crate) fn rendered(&self) -> &crate::rendered::Rendered {
        &self.rendered
    }
}

/// Takes the shared lock; a lock poisoned by a panicking holder is taken over (see [`lock`]).
fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(PoisonError::into_inner)
}

/// Takes the exclusive lock; a lock poisoned by a panicking holder is taken over.
fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}

/// Locks a mutex; a lock poisoned by a panicking holder is taken over (the state is plain
/// data, always left consistent by the handlers, which validate before they change anything).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Everything the mock knows. Plain data: clone it to snapshot, compare with `==`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoreState {
    /// Users by id (so iteration is in id order, as PostHog lists them).
    pub users: BTreeMap<i64, UserRecord>,
    /// The id the next created user gets.
    pub next_user_id: i64,
    /// Organizations by id.
    pub organizations: BTreeMap<Uuid, OrganizationRecord>,
    /// Teams (project environments) by id.
    pub teams: BTreeMap<i64, TeamRecord>,
    /// Who belongs to which organization.
    pub memberships: Vec<Membership>,
    /// Personal API keys by secret.
    pub api_keys: BTreeMap<String, ApiKeyRecord>,
    /// Browser sessions: `sessionid` cookie value → user id.
    pub sessions: BTreeMap<String, i64>,
    /// The users' personal GitHub integrations.
    pub integrations: Vec<IntegrationRecord>,
    /// The fake GitHub: installations by installation id, with their repositories.
    pub github: BTreeMap<String, GithubInstallation>,
    /// What the mock asked "GitHub" for, in order (where PostHog would call GitHub).
    pub github_calls: Vec<GithubCall>,
    /// Registered push tokens.
    pub push_tokens: Vec<PushTokenRecord>,
    /// Signal autonomy configs by user id.
    pub signal_autonomy: BTreeMap<i64, SignalAutonomyRecord>,
    /// Every email the mock "sent", oldest first.
    pub outbox: Vec<SentEmail>,
}

impl StoreState {
    /// The user with this id.
    pub fn user(&self, id: i64) -> Option<&UserRecord> {
        self.users.get(&id)
    }

    /// The user with this id, to change.
    pub fn user_mut(&mut self, id: i64) -> Option<&mut UserRecord> {
        self.users.get_mut(&id)
    }

    /// The user with this UUID.
    pub fn user_by_uuid(&self, uuid: Uuid) -> Option<&UserRecord> {
        self.users.values().find(|user| user.uuid == uuid)
    }

    /// The user with this email address (compared case-insensitively, as PostHog does).
    pub fn user_by_email(&self, email: &str) -> Option<&UserRecord> {
        self.users
            .values()
            .find(|user| user.email.eq_ignore_ascii_case(email))
    }

    /// Adds a user with the next id and returns that id.
    pub fn insert_user(&mut self, mut user: UserRecord) -> i64 {
        let id = self.next_user_id.max(1);
        self.next_user_id = id + 1;
        user.id = id;
        self.users.insert(id, user);
        id
    }

    /// The organizations `user_id` belongs to, with the membership level, by organization id.
    pub fn memberships_of(&self, user_id: i64) -> impl Iterator<Item = &Membership> {
        self.memberships
            .iter()
            .filter(move |m| m.user_id == user_id)
    }

    /// Whether `user_id` belongs to `organization`.
    pub fn is_member(&self, user_id: i64, organization: Uuid) -> bool {
        self.memberships_of(user_id)
            .any(|m| m.organization == organization)
    }

    /// The emails sent to `address`, oldest first.
    pub fn emails_to<'a>(&'a self, address: &'a str) -> impl Iterator<Item = &'a SentEmail> {
        self.outbox
            .iter()
            .filter(move |mail| mail.to.eq_ignore_ascii_case(address))
    }
}

/// A PostHog user, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    /// The integer id (assigned by [`StoreState::insert_user`]).
    pub id: i64,
    /// The UUID (what `{uuid}` paths name).
    pub uuid: Uuid,
    /// The analytics distinct id.
    pub distinct_id: String,
    /// The email address.
    pub email: String,
    /// The new address of a pending email change.
    pub pending_email: Option<String>,
    /// Whether the address was verified.
    pub is_email_verified: Option<bool>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// The password (the mock keeps it in clear); `None` for a social-login-only user.
    pub password: Option<String>,
    /// PostHog staff.
    pub is_staff: bool,
    /// When the user signed up.
    pub date_joined: DateTime<Utc>,
    /// The current organization.
    pub current_organization: Option<Uuid>,
    /// The current team.
    pub current_team: Option<i64>,
    /// The user's writable preferences.
    pub settings: UserSettings,
    /// The stored hedgehog configuration (`None` until one is saved).
    pub hedgehog_config: Option<types::HedgehogConfig>,
    /// The linked GitHub login.
    pub github_login: Option<String>,
    /// Dashboards pinned to scenes.
    pub scene_personalisation: Vec<types::ScenePersonalisation>,
    /// Onboarding exit.
    pub onboarding: OnboardingRecord,
    /// Two-factor authentication.
    pub two_factor: TwoFactorRecord,
    /// The pending email verification code.
    pub email_verification: Option<VerificationCode>,
    /// Organization invites waiting for this user.
    pub pending_invites: Vec<types::PendingInvite>,
}

impl UserRecord {
    /// A new, unverified user with default settings (id 0 until inserted).
    pub fn new(uuid: Uuid, email: impl Into<String>, date_joined: DateTime<Utc>) -> Self {
        Self {
            id: 0,
            uuid,
            distinct_id: uuid.simple().to_string(),
            email: email.into(),
            pending_email: None,
            is_email_verified: Some(false),
            first_name: String::new(),
            last_name: String::new(),
            password: None,
            is_staff: false,
            date_joined,
            current_organization: None,
            current_team: None,
            settings: UserSettings::default(),
            hedgehog_config: None,
            github_login: None,
            scene_personalisation: Vec::new(),
            onboarding: OnboardingRecord::default(),
            two_factor: TwoFactorRecord::default(),
            email_verification: None,
            pending_invites: Vec::new(),
        }
    }
}

/// The writable preferences of a user.
#[derive(Debug, Clone, PartialEq)]
pub struct UserSettings {
    /// Notification preferences (a PATCH merges key by key).
    pub notification_settings: BTreeMap<String, Value>,
    /// Anonymize data.
    pub anonymize_data: Option<bool>,
    /// Allow staff to impersonate.
    pub allow_impersonation: Option<bool>,
    /// Toolbar mode.
    pub toolbar_mode: Option<types::UserToolbarMode>,
    /// Column configuration of the events table.
    pub events_column_config: Option<Value>,
    /// Which product intros were seen.
    pub has_seen_product_intro_for: Option<Value>,
    /// Theme.
    pub theme_mode: Option<types::UserThemeMode>,
    /// Sidebar suggestions.
    pub allow_sidebar_suggestions: Option<bool>,
    /// Shortcut position.
    pub shortcut_position: Option<types::UserShortcutPosition>,
    /// Role at the organization.
    pub role_at_organization: Option<types::RoleAtOrganizationEnum>,
    /// Passkeys count as a second factor.
    pub passkeys_enabled_for_2fa: Option<bool>,
    /// Hide the MCP hints.
    pub hide_mcp_hints: bool,
}

impl Default for UserSettings {
    fn default() -> Self {
        let notification_settings = [
            ("plugin_disabled", Value::Bool(true)),
            ("all_weekly_digest_disabled", Value::Bool(false)),
            ("error_tracking_issue_assigned", Value::Bool(true)),
            ("discussions_mentioned", Value::Bool(true)),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect();
        Self {
            notification_settings,
            anonymize_data: Some(false),
            allow_impersonation: Some(true),
            toolbar_mode: Some(types::UserToolbarMode::ToolbarModeEnum(
                types::ToolbarModeEnum::Toolbar,
            )),
            events_column_config: Some(serde_json::json!({"active": "DEFAULT"})),
            has_seen_product_intro_for: None,
            theme_mode: Some(types::UserThemeMode::ThemeModeEnum(
                types::ThemeModeEnum::System,
            )),
            allow_sidebar_suggestions: Some(true),
            shortcut_position: Some(types::UserShortcutPosition::ShortcutPositionEnum(
                types::ShortcutPositionEnum::Above,
            )),
            role_at_organization: None,
            passkeys_enabled_for_2fa: Some(true),
            hide_mcp_hints: false,
        }
    }
}

/// How and when the user left onboarding.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OnboardingRecord {
    /// When (the first successful skip).
    pub skipped_at: Option<DateTime<Utc>>,
    /// Why.
    pub skipped_reason: Option<types::OnboardingSkippedReasonEnum>,
    /// The organization current at the time.
    pub skipped_organization_id: Option<Uuid>,
    /// The step the user was on.
    pub step_at_skip: Option<String>,
}

/// Two-factor authentication state of a user.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TwoFactorRecord {
    /// A setup in progress: the secret handed out and when.
    pub pending: Option<PendingTotp>,
    /// The confirmed TOTP secret (base32); 2FA is enabled when set.
    pub totp_secret: Option<String>,
    /// Unused backup codes.
    pub backup_codes: Vec<String>,
}

/// A TOTP setup waiting for its first code.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingTotp {
    /// The secret, base32.
    pub secret: String,
    /// When the setup started (it expires after [`crate::two_factor::SETUP_TTL_SECONDS`]).
    pub started_at: DateTime<Utc>,
}

/// A 6-digit email verification code and the wrong guesses made against it.
#[derive(Debug, Clone, PartialEq)]
pub struct VerificationCode {
    /// The code.
    pub code: String,
    /// Wrong attempts so far.
    pub failed_attempts: u32,
}

/// An organization.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganizationRecord {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Updated.
    pub updated_at: DateTime<Utc>,
    /// Plugins access level.
    pub plugins_access_level: types::PluginsAccessLevelEnum,
    /// Members must use 2FA.
    pub enforce_2fa: Option<bool>,
    /// Members may use personal API keys.
    pub members_can_use_personal_api_keys: bool,
}

/// A team (project environment).
#[derive(Debug, Clone, PartialEq)]
pub struct TeamRecord {
    /// Id.
    pub id: i64,
    /// UUID.
    pub uuid: Uuid,
    /// Its organization.
    pub organization: Uuid,
    /// Its project id.
    pub project_id: i64,
    /// The project API key.
    pub api_token: String,
    /// Name.
    pub name: String,
    /// Timezone.
    pub timezone: String,
    /// The team-level GitHub installation, if any.
    pub github_installation_id: Option<String>,
}

/// A user's membership of an organization.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    /// The member.
    pub user_id: i64,
    /// The organization.
    pub organization: Uuid,
    /// Member, admin or owner.
    pub level: types::MembershipLevelEnum,
}

/// A personal API key.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKeyRecord {
    /// Whose key it is.
    pub user_id: i64,
    /// Its scopes as written (`user:read`, `*`, ...).
    pub scopes: Vec<String>,
}

/// A personal GitHub integration of a user.
#[derive(Debug, Clone, PartialEq)]
pub struct IntegrationRecord {
    /// Id.
    pub id: Uuid,
    /// Whose integration it is.
    pub user_id: i64,
    /// The GitHub App installation id (digits).
    pub installation_id: String,
    /// Whether it rides on a team-level installation.
    pub uses_shared_installation: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// The repositories last fetched from GitHub (`None` until the first fetch).
    pub repository_cache: Option<Vec<types::GithubRepository>>,
}

/// The fake GitHub's view of one App installation.
#[derive(Debug, Clone, PartialEq)]
pub struct GithubInstallation {
    /// The account the installation belongs to.
    pub account: Option<types::UserIntegrationAccount>,
    /// `all` or `selected`.
    pub repository_selection: Option<String>,
    /// The repositories the installation can access.
    pub repositories: Vec<GithubRepositoryFixture>,
}

/// A repository on the fake GitHub, with its branches.
#[derive(Debug, Clone, PartialEq)]
pub struct GithubRepositoryFixture {
    /// Id, name and full name.
    pub repository: types::GithubRepository,
    /// Branch names.
    pub branches: Vec<String>,
    /// The default branch.
    pub default_branch: Option<String>,
}

/// One request the mock made to the fake GitHub (recorded instead of a network call).
#[derive(Debug, Clone, PartialEq)]
pub enum GithubCall {
    /// Listed the repositories of an installation.
    ListRepositories {
        /// The installation.
        installation_id: String,
    },
    /// Listed the branches of a repository.
    ListBranches {
        /// The installation.
        installation_id: String,
        /// `owner/repo`.
        repo: String,
    },
    /// Started a linking flow and handed out its `state`.
    StartLink {
        /// Who started it.
        user_id: i64,
        /// The OAuth `state` in the URL.
        state: String,
        /// Which flow.
        connect_flow: types::ConnectFlowEnum,
    },
}

/// A registered push token.
#[derive(Debug, Clone, PartialEq)]
pub struct PushTokenRecord {
    /// Id.
    pub id: Uuid,
    /// Whose device.
    pub user_id: i64,
    /// The token (never returned by the API).
    pub token: String,
    /// The platform.
    pub platform: types::PlatformEnum,
    /// First registered.
    pub created_at: DateTime<Utc>,
    /// Last registered.
    pub last_seen_at: DateTime<Utc>,
}

/// A user's signal autonomy config.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalAutonomyRecord {
    /// Id.
    pub id: Uuid,
    /// The priority from which signals start automatically.
    pub autostart_priority: Option<types::SignalAutonomyConfigAutostartPriority>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Updated.
    pub updated_at: DateTime<Utc>,
}

/// An email the mock "sent" (its outbox).
#[derive(Debug, Clone, PartialEq)]
pub struct SentEmail {
    /// The address.
    pub to: String,
    /// The user it concerns.
    pub user_id: i64,
    /// What it is about.
    pub subject: String,
    /// The code it carries.
    pub code: String,
    /// When.
    pub sent_at: DateTime<Utc>,
}
