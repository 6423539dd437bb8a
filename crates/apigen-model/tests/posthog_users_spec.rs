//! Conformance test for the hand-curated `spec/posthog-users.yaml`.
//!
//! The expectations below are copied from the sources the spec is curated from, not from the
//! spec itself: the operation inventory of DESIGN.md §5, the field names of the example `User`
//! objects on the PostHog reference pages (`/work/shared/docs`), and the enum value sets,
//! read-only / write-only flags and auth rules of `posthog-users-facts.md`. When one of these
//! tests fails, the spec drifted from its sources (or a source changed: update both).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use openapiv3::{OpenAPI, Operation, Parameter, ReferenceOr, Schema, SchemaKind, StatusCode, Type};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Expectations
// ---------------------------------------------------------------------------------------------

/// How an operation may be called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Auth {
    /// A personal API key with this one scope, or a browser session.
    ApiKey(&'static str),
    /// A browser session only; personal API keys are refused.
    SessionOnly,
    /// No authentication at all.
    Public,
}
use Auth::{ApiKey, Public, SessionOnly};

/// DESIGN.md §5, in its order: (method, path, operationId, auth).
#[rustfmt::skip]
const OPERATIONS: &[(&str, &str, &str, Auth)] = &[
    ("GET",    "/api/users/",                                                            "users_list",                                       ApiKey("user:read")),
    ("GET",    "/api/users/{uuid}/",                                                     "users_retrieve",                                   ApiKey("user:read")),
    ("PATCH",  "/api/users/{uuid}/",                                                     "users_partial_update",                             ApiKey("user:write")),
    ("DELETE", "/api/users/{uuid}/",                                                     "users_destroy",                                    SessionOnly),
    ("GET",    "/api/users/{uuid}/github_login/",                                        "users_github_login_retrieve",                      ApiKey("user:read")),
    ("GET",    "/api/users/{uuid}/hedgehog_config/",                                     "users_hedgehog_config_retrieve",                   ApiKey("user:read")),
    ("PATCH",  "/api/users/{uuid}/hedgehog_config/",                                     "users_hedgehog_config_partial_update",             ApiKey("user:write")),
    ("GET",    "/api/users/{uuid}/integrations/",                                        "users_integrations_list",                          ApiKey("user:read")),
    ("DELETE", "/api/users/{uuid}/integrations/github/{installation_id}/",               "users_integrations_github_destroy",                ApiKey("user:write")),
    ("GET",    "/api/users/{uuid}/integrations/github/{installation_id}/branches/",      "users_integrations_github_branches_retrieve",      ApiKey("user:read")),
    ("GET",    "/api/users/{uuid}/integrations/github/{installation_id}/repos/",         "users_integrations_github_repos_retrieve",         ApiKey("user:read")),
    ("POST",   "/api/users/{uuid}/integrations/github/{installation_id}/repos/refresh/", "users_integrations_github_repos_refresh_create",   ApiKey("user:write")),
    ("POST",   "/api/users/{uuid}/integrations/github/start/",                           "users_integrations_github_start_create",           ApiKey("user:write")),
    ("POST",   "/api/users/{uuid}/onboarding/skip/",                                     "users_onboarding_skip_create",                     SessionOnly),
    ("POST",   "/api/users/{uuid}/push_tokens/",                                         "users_push_tokens_create",                         ApiKey("user:write")),
    ("POST",   "/api/users/{uuid}/push_tokens/unregister/",                              "users_push_tokens_unregister_create",              ApiKey("user:write")),
    ("POST",   "/api/users/{uuid}/scene_personalisation/",                               "users_scene_personalisation_create",               SessionOnly),
    ("GET",    "/api/users/{uuid}/start_2fa_setup/",                                     "users_start_2fa_setup_retrieve",                   SessionOnly),
    ("POST",   "/api/users/{uuid}/two_factor_backup_codes/",                             "users_two_factor_backup_codes_create",             SessionOnly),
    ("POST",   "/api/users/{uuid}/two_factor_disable/",                                  "users_two_factor_disable_create",                  SessionOnly),
    ("GET",    "/api/users/{uuid}/two_factor_start_setup/",                              "users_two_factor_start_setup_retrieve",            SessionOnly),
    ("GET",    "/api/users/{uuid}/two_factor_status/",                                   "users_two_factor_status_retrieve",                 SessionOnly),
    ("POST",   "/api/users/{uuid}/two_factor_validate/",                                 "users_two_factor_validate_create",                 SessionOnly),
    ("POST",   "/api/users/{uuid}/validate_2fa/",                                        "users_validate_2fa_create",                        SessionOnly),
    ("PATCH",  "/api/users/cancel_email_change_request/",                                "users_cancel_email_change_request_partial_update", SessionOnly),
    ("POST",   "/api/users/request_email_verification/",                                 "users_request_email_verification_create",          Public),
    ("POST",   "/api/users/verify_email/",                                               "users_verify_email_create",                        Public),
    ("GET",    "/api/users/{user_id}/signal_autonomy/",                                  "users_signal_autonomy_retrieve",                   ApiKey("user:write")),
    ("POST",   "/api/users/{user_id}/signal_autonomy/",                                  "users_signal_autonomy_create",                     ApiKey("user:write")),
    ("DELETE", "/api/users/{user_id}/signal_autonomy/",                                  "users_signal_autonomy_destroy",                    ApiKey("user:write")),
];

/// The deprecated aliases (of two_factor_start_setup and two_factor_validate).
const DEPRECATED: &[&str] = &[
    "users_start_2fa_setup_retrieve",
    "users_validate_2fa_create",
];

/// Every key of the example `User` JSON objects on the reference pages (union of
/// 000_68cecf9611bae49f.txt and 001_b1f1df23efc2e8c1.txt, in the order they appear there).
const DOCS_USER_FIELDS: &[&str] = &[
    // 000 "Users API Reference" (list / retrieve / update examples)
    "date_joined",
    "uuid",
    "distinct_id",
    "first_name",
    "last_name",
    "email",
    "pending_email",
    "is_email_verified",
    "notification_settings",
    "anonymize_data",
    "allow_impersonation",
    "toolbar_mode",
    "has_password",
    "id",
    "is_staff",
    "is_impersonated",
    "is_impersonated_until",
    "is_impersonated_read_only",
    "sensitive_session_expires_at",
    "team",
    "organization",
    "organizations",
    "set_current_organization",
    "set_current_team",
    "password",
    "current_password",
    "events_column_config",
    "is_2fa_enabled",
    "has_social_auth",
    "has_sso_enforcement",
    "has_seen_product_intro_for",
    "scene_personalisation",
    "theme_mode",
    "hedgehog_config",
    "allow_sidebar_suggestions",
    "shortcut_position",
    "role_at_organization",
    "passkeys_enabled_for_2fa",
    // 001 "Core-14" (onboarding skip response) adds:
    "onboarding_skipped_at",
    "onboarding_skipped_reason",
    "onboarding_skipped_organization_id",
    "onboarding_delegated_to_invite",
    "onboarding_delegated_to_organization_id",
    "onboarding_delegation_accepted_at",
    "is_organization_first_user",
    "active_realtime_notification_types",
    "pending_invites",
];

/// The "Request parameters" of the user update on the reference pages (003 "Users", plus
/// `hide_mcp_hints` from 002 "Users-4"): these must be writable, i.e. in `PatchedUser` too.
const DOCS_USER_REQUEST_FIELDS: &[&str] = &[
    "first_name",
    "last_name",
    "email",
    "notification_settings",
    "anonymize_data",
    "allow_impersonation",
    "toolbar_mode",
    "is_staff",
    "set_current_organization",
    "set_current_team",
    "password",
    "current_password",
    "events_column_config",
    "has_seen_product_intro_for",
    "theme_mode",
    "hedgehog_config",
    "allow_sidebar_suggestions",
    "shortcut_position",
    "role_at_organization",
    "passkeys_enabled_for_2fa",
    "hide_mcp_hints",
];

/// Facts file, "User object": the read-only fields.
const USER_READ_ONLY: &[&str] = &[
    "date_joined",
    "uuid",
    "id",
    "distinct_id",
    "pending_email",
    "is_email_verified",
    "has_password",
    "is_2fa_enabled",
    "has_social_auth",
    "has_sso_enforcement",
    "is_impersonated",
    "is_impersonated_until",
    "is_impersonated_read_only",
    "sensitive_session_expires_at",
    "team",
    "organization",
    "organizations",
    "scene_personalisation",
    "onboarding_skipped_at",
    "onboarding_skipped_reason",
    "onboarding_skipped_organization_id",
    "onboarding_delegated_to_invite",
    "onboarding_delegated_to_organization_id",
    "onboarding_delegation_accepted_at",
    "is_organization_first_user",
    "active_realtime_notification_types",
    "pending_invites",
];

/// Facts file, "User object": the write-only fields.
const USER_WRITE_ONLY: &[&str] = &[
    "password",
    "current_password",
    "set_current_organization",
    "set_current_team",
];

/// The User fields that may be null (facts file, plus `events_column_config` and
/// `has_seen_product_intro_for`, which the docs' examples show as `null`).
const USER_NULLABLE: &[&str] = &[
    "distinct_id",
    "pending_email",
    "is_email_verified",
    "anonymize_data",
    "allow_impersonation",
    "toolbar_mode",
    "is_impersonated",
    "is_impersonated_until",
    "is_impersonated_read_only",
    "sensitive_session_expires_at",
    "team",
    "organization",
    "events_column_config",
    "has_seen_product_intro_for",
    "theme_mode",
    "hedgehog_config",
    "allow_sidebar_suggestions",
    "shortcut_position",
    "passkeys_enabled_for_2fa",
    "onboarding_skipped_at",
    "onboarding_skipped_reason",
    "onboarding_skipped_organization_id",
    "onboarding_delegated_to_invite",
    "onboarding_delegated_to_organization_id",
    "onboarding_delegation_accepted_at",
    "is_organization_first_user",
];

/// Facts file, "User object": the documented maximum lengths.
const USER_MAX_LENGTHS: &[(&str, usize)] = &[
    ("first_name", 150),
    ("last_name", 150),
    ("email", 254),
    ("password", 128),
];

#[derive(Debug)]
enum Values {
    Str(&'static [&'static str]),
    Int(&'static [i64]),
}

/// Facts file, "Enum value sets" (plus the error `type` of "Conventions").
const ENUMS: &[(&str, Values)] = &[
    ("BlankEnum", Values::Str(&[""])),
    ("ToolbarModeEnum", Values::Str(&["disabled", "toolbar"])),
    ("ThemeModeEnum", Values::Str(&["light", "dark", "system"])),
    (
        "ShortcutPositionEnum",
        Values::Str(&["above", "below", "hidden"]),
    ),
    (
        "RoleAtOrganizationEnum",
        // `student` is "newer" in the facts file and no docs page shows it: it must stay out.
        Values::Str(&[
            "engineering",
            "data",
            "product",
            "founder",
            "leadership",
            "marketing",
            "sales",
            "other",
        ]),
    ),
    ("OnboardingSkipReasonEnum", Values::Str(&["later", "other"])),
    (
        "OnboardingSkippedReasonEnum",
        Values::Str(&["delegated", "later", "other"]),
    ),
    ("PlatformEnum", Values::Str(&["ios", "android", "web"])),
    (
        "AutostartPriorityEnum",
        Values::Str(&["P0", "P1", "P2", "P3", "P4"]),
    ),
    ("MembershipLevelEnum", Values::Int(&[1, 8, 15])),
    ("PluginsAccessLevelEnum", Values::Int(&[0, 3, 6, 9])),
    (
        "DefaultExperimentStatsMethodEnum",
        Values::Str(&["bayesian", "frequentist"]),
    ),
    (
        "ConnectFlowEnum",
        Values::Str(&["oauth_authorize", "app_install", "oauth_discover"]),
    ),
    ("TwoFactorMethodEnum", Values::Str(&["TOTP", "passkey"])),
    (
        "ErrorTypeEnum",
        Values::Str(&[
            "validation_error",
            "authentication_error",
            "invalid_request",
            "throttled_error",
            "server_error",
        ]),
    ),
];

/// How a field refers to its enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EnumUse {
    /// `$ref: <Enum>`.
    Plain,
    /// `allOf: [<Enum>]` (a wrapper so the field can carry `readOnly`), not nullable.
    AllOf,
    /// `nullable: true` + `allOf: [<Enum>]`.
    Nullable,
    /// `nullable: true` + `oneOf: [<Enum>, BlankEnum]` (the facts' "(+ "" and null)").
    BlankOrNull,
}

/// (schema, property, enum, how).
#[rustfmt::skip]
const ENUM_FIELDS: &[(&str, &str, &str, EnumUse)] = &[
    ("User",                  "toolbar_mode",                    "ToolbarModeEnum",                  EnumUse::BlankOrNull),
    ("User",                  "theme_mode",                      "ThemeModeEnum",                    EnumUse::BlankOrNull),
    ("User",                  "shortcut_position",               "ShortcutPositionEnum",             EnumUse::BlankOrNull),
    ("User",                  "role_at_organization",            "RoleAtOrganizationEnum",           EnumUse::Plain),
    ("User",                  "onboarding_skipped_reason",       "OnboardingSkippedReasonEnum",      EnumUse::Nullable),
    ("PatchedUser",           "toolbar_mode",                    "ToolbarModeEnum",                  EnumUse::BlankOrNull),
    ("PatchedUser",           "theme_mode",                      "ThemeModeEnum",                    EnumUse::BlankOrNull),
    ("PatchedUser",           "shortcut_position",               "ShortcutPositionEnum",             EnumUse::BlankOrNull),
    ("PatchedUser",           "role_at_organization",            "RoleAtOrganizationEnum",           EnumUse::Plain),
    ("Organization",          "membership_level",                "MembershipLevelEnum",              EnumUse::Nullable),
    ("Organization",          "plugins_access_level",            "PluginsAccessLevelEnum",           EnumUse::AllOf),
    ("Organization",          "default_experiment_stats_method", "DefaultExperimentStatsMethodEnum", EnumUse::BlankOrNull),
    ("OrganizationBasic",     "membership_level",                "MembershipLevelEnum",              EnumUse::Nullable),
    ("OnboardingSkipRequest", "reason",                          "OnboardingSkipReasonEnum",         EnumUse::Plain),
    ("PushTokenRequest",      "platform",                        "PlatformEnum",                     EnumUse::Plain),
    ("PushToken",             "platform",                        "PlatformEnum",                     EnumUse::Plain),
    ("SignalAutonomyRequest", "autostart_priority",              "AutostartPriorityEnum",            EnumUse::BlankOrNull),
    ("SignalAutonomyConfig",  "autostart_priority",              "AutostartPriorityEnum",            EnumUse::BlankOrNull),
    ("GithubStart",           "connect_flow",                    "ConnectFlowEnum",                  EnumUse::Plain),
    ("TwoFactorStatus",       "method",                          "TwoFactorMethodEnum",              EnumUse::Nullable),
    ("ErrorResponse",         "type",                            "ErrorTypeEnum",                    EnumUse::Plain),
];

/// Shared path parameters: (name in the path template, component that must define it).
const PATH_PARAMS: &[(&str, &str)] = &[
    ("uuid", "#/components/parameters/UserUuid"),
    ("installation_id", "#/components/parameters/InstallationId"),
    ("user_id", "#/components/parameters/UserId"),
];

// ---------------------------------------------------------------------------------------------
// Loading and small helpers
// ---------------------------------------------------------------------------------------------

fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec/posthog-users.yaml")
}

fn spec_text() -> String {
    let path = spec_path();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn load() -> OpenAPI {
    serde_yaml::from_str(&spec_text()).unwrap_or_else(|e| {
        panic!(
            "{} is not an OpenAPI 3.0 document: {e}",
            spec_path().display()
        )
    })
}

fn load_value() -> Value {
    serde_yaml::from_str(&spec_text())
        .unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", spec_path().display()))
}

/// Panics with every collected problem, one per line.
fn assert_no_problems(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s):\n  - {}",
        problems.len(),
        problems.join("\n  - ")
    );
}

/// Every operation as (METHOD, path, operation), in document order.
fn operations(api: &OpenAPI) -> Vec<(String, String, &Operation)> {
    api.operations()
        .map(|(path, method, op)| (method.to_uppercase(), path.to_owned(), op))
        .collect()
}

fn op_name(op: &Operation) -> &str {
    op.operation_id.as_deref().unwrap_or("<no operationId>")
}

fn find_op<'a>(api: &'a OpenAPI, operation_id: &str) -> &'a Operation {
    api.operations()
        .map(|(_, _, op)| op)
        .find(|op| op.operation_id.as_deref() == Some(operation_id))
        .unwrap_or_else(|| panic!("operation {operation_id} is missing from the spec"))
}

fn schema<'a>(api: &'a OpenAPI, name: &str) -> &'a Schema {
    let components = api.components.as_ref().expect("the spec has no components");
    match components.schemas.get(name) {
        Some(ReferenceOr::Item(schema)) => schema,
        Some(ReferenceOr::Reference { reference }) => {
            panic!("components.schemas.{name} is a bare $ref to {reference}; expected a schema")
        }
        None => panic!("components.schemas.{name} is missing"),
    }
}

fn object_properties<'a>(
    api: &'a OpenAPI,
    name: &str,
) -> (
    &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    &'a [String],
) {
    match &schema(api, name).schema_kind {
        SchemaKind::Type(Type::Object(object)) => (&object.properties, &object.required),
        other => panic!("components.schemas.{name} should be `type: object`, found {other:?}"),
    }
}

/// The inline schema of a property; `None` when it is missing or a bare `$ref`.
fn property_item<'a>(api: &'a OpenAPI, schema_name: &str, property: &str) -> Option<&'a Schema> {
    let (properties, _) = object_properties(api, schema_name);
    match properties.get(property)? {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { .. } => None,
    }
}

fn ref_target(reference: &ReferenceOr<Schema>) -> Option<&str> {
    match reference {
        ReferenceOr::Reference { reference } => Some(reference.as_str()),
        ReferenceOr::Item(_) => None,
    }
}

fn schema_ref(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

fn resolve_param<'a>(api: &'a OpenAPI, param: &'a ReferenceOr<Parameter>) -> &'a Parameter {
    match param {
        ReferenceOr::Item(parameter) => parameter,
        ReferenceOr::Reference { reference } => {
            let name = reference
                .strip_prefix("#/components/parameters/")
                .unwrap_or_else(|| panic!("parameter $ref {reference} is not a component"));
            match api.components.as_ref().and_then(|c| c.parameters.get(name)) {
                Some(ReferenceOr::Item(parameter)) => parameter,
                _ => panic!("parameter $ref {reference} does not resolve"),
            }
        }
    }
}

fn template_params(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn document_is_openapi_3_0_3_with_the_expected_header() {
    let api = load();
    assert_eq!(api.openapi, "3.0.3", "the `openapi` version");
    assert_eq!(api.info.title, "PostHog Users API", "info.title");
    let description = api.info.description.as_deref().unwrap_or_default();
    for needle in [
        "Bearer",
        "sessionid",
        "user:write",
        "user:read",
        "`*`",
        "session-only",
    ] {
        assert!(
            description.contains(needle),
            "info.description should explain auth and scopes; it does not mention {needle:?}"
        );
    }
    assert!(
        api.servers
            .iter()
            .any(|s| s.url == "https://us.posthog.com"),
        "servers should include https://us.posthog.com, found {:?}",
        api.servers.iter().map(|s| &s.url).collect::<Vec<_>>()
    );
}

#[test]
fn has_exactly_the_30_inventory_operations() {
    let api = load();
    let ops = operations(&api);
    let mut problems = Vec::new();

    if ops.len() != OPERATIONS.len() {
        problems.push(format!(
            "expected {} operations, the spec has {}",
            OPERATIONS.len(),
            ops.len()
        ));
    }

    let mut seen = BTreeMap::new();
    for (method, path, op) in &ops {
        match &op.operation_id {
            None => problems.push(format!("{method} {path} has no operationId")),
            Some(id) => {
                if let Some(previous) = seen.insert(id.clone(), format!("{method} {path}")) {
                    problems.push(format!(
                        "operationId {id} is used twice: {previous} and {method} {path}"
                    ));
                }
            }
        }
        if !path.ends_with('/') {
            problems.push(format!("{method} {path}: path must end with a slash"));
        }
    }

    let actual: BTreeSet<(String, String, String)> = ops
        .iter()
        .map(|(m, p, op)| (m.clone(), p.clone(), op_name(op).to_owned()))
        .collect();
    let expected: BTreeSet<(String, String, String)> = OPERATIONS
        .iter()
        .map(|(m, p, id, _)| (m.to_string(), p.to_string(), id.to_string()))
        .collect();
    for (m, p, id) in expected.difference(&actual) {
        problems.push(format!("missing: {m} {p} ({id})"));
    }
    for (m, p, id) in actual.difference(&expected) {
        problems.push(format!("not in the inventory: {m} {p} ({id})"));
    }

    // Paths appear in DESIGN.md §5 order (methods within a path item have a fixed order).
    let mut expected_paths: Vec<&str> = Vec::new();
    for (_, path, _, _) in OPERATIONS {
        if !expected_paths.contains(path) {
            expected_paths.push(path);
        }
    }
    let actual_paths: Vec<&str> = api.paths.paths.keys().map(String::as_str).collect();
    if actual_paths != expected_paths {
        problems.push(format!(
            "paths are not in DESIGN.md §5 order:\n    expected {expected_paths:#?}\n    found {actual_paths:#?}"
        ));
    }

    assert_no_problems("operation inventory", &problems);
}

#[test]
fn every_operation_declares_exactly_its_security() {
    let api = load();
    let mut problems = Vec::new();

    // The schemes themselves.
    let schemes = &api
        .components
        .as_ref()
        .expect("components")
        .security_schemes;
    let scheme_json = |name: &str| -> Option<Value> {
        match schemes.get(name)? {
            ReferenceOr::Item(scheme) => serde_json::to_value(scheme).ok(),
            ReferenceOr::Reference { .. } => None,
        }
    };
    match scheme_json("PersonalAPIKeyAuth") {
        Some(v) if v["type"] == "http" && v["scheme"] == "bearer" => {}
        other => problems.push(format!(
            "PersonalAPIKeyAuth should be `type: http, scheme: bearer`, found {other:?}"
        )),
    }
    match scheme_json("SessionAuth") {
        Some(v) if v["type"] == "apiKey" && v["in"] == "cookie" && v["name"] == "sessionid" => {}
        other => problems.push(format!(
            "SessionAuth should be `type: apiKey, in: cookie, name: sessionid`, found {other:?}"
        )),
    }
    if schemes.len() != 2 {
        problems.push(format!(
            "expected exactly the 2 security schemes, found {:?}",
            schemes.keys().collect::<Vec<_>>()
        ));
    }

    for (method, path, operation_id, auth) in OPERATIONS {
        let Some(op) = api
            .operations()
            .map(|(_, _, op)| op)
            .find(|op| op.operation_id.as_deref() == Some(*operation_id))
        else {
            problems.push(format!("{operation_id} ({method} {path}) is missing"));
            continue;
        };
        let Some(security) = &op.security else {
            problems.push(format!(
                "{operation_id}: no `security` of its own (every operation must declare it; \
                 expected {auth:?})"
            ));
            continue;
        };
        let actual: Vec<Vec<(String, Vec<String>)>> = security
            .iter()
            .map(|requirement| {
                requirement
                    .iter()
                    .map(|(scheme, scopes)| (scheme.clone(), scopes.clone()))
                    .collect()
            })
            .collect();
        let expected: Vec<Vec<(String, Vec<String>)>> = match auth {
            ApiKey(scope) => vec![
                vec![("PersonalAPIKeyAuth".to_owned(), vec![scope.to_string()])],
                vec![("SessionAuth".to_owned(), vec![])],
            ],
            SessionOnly => vec![vec![("SessionAuth".to_owned(), vec![])]],
            Public => vec![],
        };
        if actual != expected {
            problems.push(format!(
                "{operation_id} ({method} {path}) should be {auth:?}:\n      expected security {expected:?}\n      found    security {actual:?}"
            ));
        }
    }

    assert_no_problems("security", &problems);
}

#[test]
fn every_ref_resolves_to_an_existing_component() {
    let doc = load_value();
    let mut refs = Vec::new();
    collect_refs(&doc, "#", &mut refs);
    assert!(!refs.is_empty(), "the spec has no $ref at all");

    let mut problems = Vec::new();
    for (at, target) in &refs {
        if !target.starts_with("#/components/") {
            problems.push(format!(
                "{at}: $ref {target} does not point into #/components/"
            ));
        } else if doc.pointer(&target[1..]).is_none() {
            problems.push(format!("{at}: $ref {target} does not resolve"));
        }
    }
    assert_no_problems("$ref resolution", &problems);
}

fn collect_refs(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_at = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                if key == "$ref" {
                    match child.as_str() {
                        Some(target) => out.push((at.to_owned(), target.to_owned())),
                        None => out.push((at.to_owned(), format!("<non-string {child}>"))),
                    }
                } else {
                    collect_refs(child, &child_at, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_refs(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_component_is_used() {
    let doc = load_value();
    let mut refs = Vec::new();
    collect_refs(&doc, "#", &mut refs);
    let used: BTreeSet<&str> = refs.iter().map(|(_, target)| target.as_str()).collect();

    let mut problems = Vec::new();
    for kind in ["schemas", "parameters", "responses"] {
        let Some(section) = doc["components"][kind].as_object() else {
            problems.push(format!("components.{kind} is missing"));
            continue;
        };
        for name in section.keys() {
            let target = format!("#/components/{kind}/{name}");
            if !used.contains(target.as_str()) {
                problems.push(format!("{target} is defined but never referenced"));
            }
        }
    }
    assert_no_problems("unused components", &problems);
}

#[test]
fn every_required_name_is_a_property() {
    let doc = load_value();
    let schemas = doc["components"]["schemas"]
        .as_object()
        .expect("components.schemas is an object");
    let mut problems = Vec::new();
    for (name, schema) in schemas {
        let Some(required) = schema.get("required").and_then(Value::as_array) else {
            continue;
        };
        for field in required {
            let field = field.as_str().unwrap_or("<non-string>");
            if schema["properties"].get(field).is_none() {
                problems.push(format!(
                    "{name}.required lists `{field}`, which is not a property"
                ));
            }
        }
    }
    assert_no_problems("required fields", &problems);
}

#[test]
fn user_has_every_field_the_docs_show() {
    let api = load();
    let (user, _) = object_properties(&api, "User");
    let (patched, _) = object_properties(&api, "PatchedUser");
    let mut problems = Vec::new();

    for field in DOCS_USER_FIELDS {
        if !user.contains_key(*field) {
            problems.push(format!(
                "User lacks `{field}` (in the docs' example User JSON)"
            ));
        }
    }
    for field in DOCS_USER_REQUEST_FIELDS {
        if !user.contains_key(*field) {
            problems.push(format!(
                "User lacks `{field}` (a documented request parameter)"
            ));
        }
        if !patched.contains_key(*field) {
            problems.push(format!(
                "PatchedUser lacks `{field}` (a documented request parameter)"
            ));
        }
    }
    // Nothing in User that no source mentions.
    let known: BTreeSet<&str> = DOCS_USER_FIELDS
        .iter()
        .chain(DOCS_USER_REQUEST_FIELDS)
        .copied()
        .collect();
    for field in user.keys() {
        if !known.contains(field.as_str()) {
            problems.push(format!("User has `{field}`, which no docs page shows"));
        }
    }
    assert_no_problems("User fields", &problems);
}

#[test]
fn user_flags_follow_the_facts() {
    let api = load();
    let (user, required) = object_properties(&api, "User");
    let mut problems = Vec::new();

    for (name, property) in user {
        let ReferenceOr::Item(schema) = property else {
            // A bare $ref carries no flags: fine only for a plain, writable, non-null field.
            for (list, flag) in [
                (USER_READ_ONLY, "readOnly"),
                (USER_WRITE_ONLY, "writeOnly"),
                (USER_NULLABLE, "nullable"),
            ] {
                if list.contains(&name.as_str()) {
                    problems.push(format!("User.{name} is a bare $ref but must be {flag}"));
                }
            }
            continue;
        };
        let data = &schema.schema_data;
        for (list, flag, actual) in [
            (USER_READ_ONLY, "readOnly", data.read_only),
            (USER_WRITE_ONLY, "writeOnly", data.write_only),
            (USER_NULLABLE, "nullable", data.nullable),
        ] {
            let expected = list.contains(&name.as_str());
            if expected != actual {
                problems.push(format!(
                    "User.{name}: {flag} should be {expected}, is {actual}"
                ));
            }
        }
    }
    for field in USER_READ_ONLY {
        if !required.iter().any(|r| r == field) {
            problems.push(format!(
                "User.{field} is read-only (always returned) but not required"
            ));
        }
    }
    for field in USER_WRITE_ONLY {
        if required.iter().any(|r| r == field) {
            problems.push(format!(
                "User.{field} is write-only and must not be required"
            ));
        }
    }
    for (field, max) in USER_MAX_LENGTHS {
        for schema_name in ["User", "PatchedUser"] {
            let actual =
                property_item(&api, schema_name, field).and_then(|s| match &s.schema_kind {
                    SchemaKind::Type(Type::String(string)) => string.max_length,
                    _ => None,
                });
            if actual != Some(*max) {
                problems.push(format!(
                    "{schema_name}.{field}: maxLength should be {max}, is {actual:?}"
                ));
            }
        }
    }
    assert_no_problems("User flags", &problems);
}

#[test]
fn patched_user_is_all_optional_and_writable() {
    let api = load();
    let (properties, required) = object_properties(&api, "PatchedUser");
    let mut problems = Vec::new();
    if !required.is_empty() {
        problems.push(format!(
            "PatchedUser must have no required fields, has {required:?}"
        ));
    }
    for (name, property) in properties {
        if USER_READ_ONLY.contains(&name.as_str()) {
            problems.push(format!("PatchedUser.{name} is read-only in User"));
        }
        if let ReferenceOr::Item(schema) = property
            && schema.schema_data.read_only
        {
            problems.push(format!("PatchedUser.{name} is marked readOnly"));
        }
    }
    let expected: BTreeSet<&str> = DOCS_USER_REQUEST_FIELDS.iter().copied().collect();
    let actual: BTreeSet<&str> = properties.keys().map(String::as_str).collect();
    for extra in actual.difference(&expected) {
        problems.push(format!(
            "PatchedUser.{extra} is not a documented request parameter"
        ));
    }
    assert_no_problems("PatchedUser", &problems);
}

#[test]
fn enum_sets_match_the_facts() {
    let api = load();
    let mut problems = Vec::new();
    for (name, expected) in ENUMS {
        let kind = &schema(&api, name).schema_kind;
        let (actual, expected): (Vec<String>, Vec<String>) = match (kind, expected) {
            (SchemaKind::Type(Type::String(s)), Values::Str(values)) => (
                s.enumeration
                    .iter()
                    .map(|v| v.clone().unwrap_or_else(|| "<null>".to_owned()))
                    .collect(),
                values.iter().map(|v| v.to_string()).collect(),
            ),
            (SchemaKind::Type(Type::Integer(i)), Values::Int(values)) => (
                i.enumeration
                    .iter()
                    .map(|v| v.map_or_else(|| "<null>".to_owned(), |n| n.to_string()))
                    .collect(),
                values.iter().map(|v| v.to_string()).collect(),
            ),
            (other, _) => {
                problems.push(format!(
                    "{name} should be a {} enum, found {other:?}",
                    match expected {
                        Values::Str(_) => "`type: string`",
                        Values::Int(_) => "`type: integer`",
                    }
                ));
                continue;
            }
        };
        let actual_set: BTreeSet<&String> = actual.iter().collect();
        let expected_set: BTreeSet<&String> = expected.iter().collect();
        if actual_set != expected_set || actual.len() != expected.len() {
            let missing: Vec<_> = expected_set.difference(&actual_set).collect();
            let extra: Vec<_> = actual_set.difference(&expected_set).collect();
            problems.push(format!(
                "{name}: expected {expected:?}, found {actual:?} (missing {missing:?}, unexpected {extra:?})"
            ));
        }
    }
    assert_no_problems("enum value sets", &problems);
}

#[test]
fn enum_fields_refer_to_their_named_enums() {
    let api = load();
    let mut problems = Vec::new();
    for (schema_name, property, enum_name, how) in ENUM_FIELDS {
        let (properties, _) = object_properties(&api, schema_name);
        let at = format!("{schema_name}.{property}");
        let Some(prop) = properties.get(*property) else {
            problems.push(format!("{at} is missing"));
            continue;
        };
        let target = schema_ref(enum_name);
        let blank = schema_ref("BlankEnum");
        let ok = match (how, prop) {
            (EnumUse::Plain, ReferenceOr::Reference { reference }) => *reference == target,
            (EnumUse::AllOf | EnumUse::Nullable, ReferenceOr::Item(s)) => {
                s.schema_data.nullable == (*how == EnumUse::Nullable)
                    && matches!(&s.schema_kind, SchemaKind::AllOf { all_of }
                        if all_of.len() == 1 && ref_target(&all_of[0]) == Some(target.as_str()))
            }
            (EnumUse::BlankOrNull, ReferenceOr::Item(s)) => {
                s.schema_data.nullable
                    && matches!(&s.schema_kind, SchemaKind::OneOf { one_of }
                        if one_of.iter().filter_map(ref_target).collect::<Vec<_>>()
                            == [target.as_str(), blank.as_str()]
                            && one_of.len() == 2)
            }
            _ => false,
        };
        if !ok {
            let shape = match how {
                EnumUse::Plain => format!("`$ref: {target}`"),
                EnumUse::AllOf => format!("`allOf: [$ref {target}]` (not nullable)"),
                EnumUse::Nullable => format!("`nullable: true, allOf: [$ref {target}]`"),
                EnumUse::BlankOrNull => {
                    format!("`nullable: true, oneOf: [$ref {target}, $ref {blank}]`")
                }
            };
            problems.push(format!("{at} should be {shape}, found {prop:?}"));
        }
    }
    assert_no_problems("enum fields", &problems);
}

#[test]
fn responses_follow_the_facts() {
    let api = load();
    let mut problems = Vec::new();

    let no_content = [
        "users_destroy",
        "users_integrations_github_destroy",
        "users_push_tokens_unregister_create",
        "users_signal_autonomy_destroy",
    ];
    for (_, _, op) in operations(&api) {
        let id = op_name(op);
        let codes: BTreeMap<u16, &ReferenceOr<openapiv3::Response>> = op
            .responses
            .responses
            .iter()
            .filter_map(|(code, response)| match code {
                StatusCode::Code(n) => Some((*n, response)),
                StatusCode::Range(_) => None,
            })
            .collect();
        let auth = OPERATIONS
            .iter()
            .find(|(_, _, op_id, _)| *op_id == id)
            .map(|(_, _, _, auth)| *auth);

        // Success: 204 without a body for the four "no content" operations, 200 with JSON
        // otherwise.
        if no_content.contains(&id) {
            match codes.get(&204) {
                Some(ReferenceOr::Item(r)) if r.content.is_empty() => {}
                Some(ReferenceOr::Item(r)) => problems.push(format!(
                    "{id}: the 204 response must have no content, has {:?}",
                    r.content.keys().collect::<Vec<_>>()
                )),
                Some(ReferenceOr::Reference { reference }) => problems.push(format!(
                    "{id}: 204 should be inline and empty, is $ref {reference}"
                )),
                None => problems.push(format!("{id}: no 204 response")),
            }
            if codes.contains_key(&200) {
                problems.push(format!("{id}: answers 204, must not declare 200"));
            }
        } else {
            match codes.get(&200) {
                Some(ReferenceOr::Item(r)) if r.content.contains_key("application/json") => {}
                other => problems.push(format!(
                    "{id}: 200 should have application/json content, found {other:?}"
                )),
            }
        }
        // Every 204 anywhere is empty.
        if let Some(ReferenceOr::Item(r)) = codes.get(&204)
            && !r.content.is_empty()
        {
            problems.push(format!("{id}: a 204 response must have no content"));
        }

        // Errors are shared components, with the matching name.
        for (code, response) in &codes {
            if *code < 400 {
                continue;
            }
            let expected = match code {
                400 => "BadRequest",
                401 => "Unauthorized",
                403 => "Forbidden",
                404 => "NotFound",
                409 => "Conflict",
                429 => "TooManyRequests",
                _ => {
                    problems.push(format!("{id}: unexpected error status {code}"));
                    continue;
                }
            };
            let target = format!("#/components/responses/{expected}");
            match response {
                ReferenceOr::Reference { reference } if *reference == target => {}
                other => problems.push(format!(
                    "{id}: {code} should be $ref {target}, found {other:?}"
                )),
            }
        }

        // Public operations never answer 401; authenticated ones answer 401 and 403.
        match auth {
            Some(Public) if codes.contains_key(&401) || codes.contains_key(&403) => {
                problems.push(format!("{id} is public and must not document 401/403"));
            }
            Some(Public) | None => {}
            Some(_) => {
                for code in [401, 403] {
                    if !codes.contains_key(&code) {
                        problems.push(format!(
                            "{id} needs credentials but does not document {code}"
                        ));
                    }
                }
            }
        }
    }

    // Specific facts.
    let has = |id: &str, code: u16| {
        find_op(&api, id)
            .responses
            .responses
            .contains_key(&StatusCode::Code(code))
    };
    for (id, code, why) in [
        (
            "users_destroy",
            409,
            "Cannot delete user with organization memberships",
        ),
        (
            "users_signal_autonomy_retrieve",
            404,
            "404 when no config is set",
        ),
        ("users_retrieve", 404, "staff get 404 for an unknown uuid"),
        (
            "users_partial_update",
            429,
            "password changes are throttled",
        ),
        (
            "users_request_email_verification_create",
            429,
            "email verification is throttled",
        ),
        (
            "users_verify_email_create",
            429,
            "email verification is throttled",
        ),
        (
            "users_onboarding_skip_create",
            429,
            "onboarding skip is throttled",
        ),
        (
            "users_integrations_github_destroy",
            404,
            "No GitHub integration found",
        ),
        (
            "users_integrations_github_branches_retrieve",
            400,
            "malformed `repo`",
        ),
    ] {
        if !has(id, code) {
            problems.push(format!("{id} should document {code} ({why})"));
        }
    }
    if has("users_signal_autonomy_destroy", 404) {
        problems
            .push("users_signal_autonomy_destroy is idempotent and must not document 404".into());
    }

    assert_no_problems("responses", &problems);
}

#[test]
fn error_response_is_the_posthog_shape() {
    let api = load();
    let (properties, required) = object_properties(&api, "ErrorResponse");
    let required: BTreeSet<&str> = required.iter().map(String::as_str).collect();
    assert_eq!(
        required,
        BTreeSet::from(["type", "code", "detail"]),
        "ErrorResponse.required"
    );
    let keys: Vec<&str> = properties.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["type", "code", "detail", "attr"],
        "ErrorResponse properties"
    );
    let attr = property_item(&api, "ErrorResponse", "attr").expect("ErrorResponse.attr inline");
    assert!(
        attr.schema_data.nullable,
        "ErrorResponse.attr must be nullable"
    );

    let components = api.components.as_ref().expect("components");
    let mut problems = Vec::new();
    for name in [
        "BadRequest",
        "Unauthorized",
        "Forbidden",
        "NotFound",
        "Conflict",
        "TooManyRequests",
    ] {
        let schema = match components.responses.get(name) {
            Some(ReferenceOr::Item(r)) => r
                .content
                .get("application/json")
                .and_then(|media| media.schema.as_ref()),
            _ => {
                problems.push(format!("components.responses.{name} is missing"));
                continue;
            }
        };
        match schema {
            Some(ReferenceOr::Reference { reference })
                if *reference == schema_ref("ErrorResponse") => {}
            other => problems.push(format!(
                "components.responses.{name} should carry ErrorResponse JSON, found {other:?}"
            )),
        }
    }
    assert_no_problems("error responses", &problems);
}

#[test]
fn request_bodies_are_what_the_endpoints_read() {
    let api = load();
    let mut problems = Vec::new();

    // (operationId, body schema or None for "no body", body required)
    let expected: &[(&str, Option<&str>, bool)] = &[
        ("users_partial_update", Some("PatchedUser"), false),
        (
            "users_hedgehog_config_partial_update",
            Some("HedgehogConfig"),
            true,
        ),
        (
            "users_integrations_github_repos_refresh_create",
            None,
            false,
        ),
        (
            "users_integrations_github_start_create",
            Some("GithubStartRequest"),
            false,
        ),
        (
            "users_onboarding_skip_create",
            Some("OnboardingSkipRequest"),
            true,
        ),
        ("users_push_tokens_create", Some("PushTokenRequest"), true),
        (
            "users_push_tokens_unregister_create",
            Some("PushTokenUnregisterRequest"),
            true,
        ),
        (
            "users_scene_personalisation_create",
            Some("ScenePersonalisationRequest"),
            true,
        ),
        ("users_two_factor_backup_codes_create", None, false),
        ("users_two_factor_disable_create", None, false),
        (
            "users_two_factor_validate_create",
            Some("TwoFactorValidateRequest"),
            true,
        ),
        (
            "users_validate_2fa_create",
            Some("TwoFactorValidateRequest"),
            true,
        ),
        (
            "users_cancel_email_change_request_partial_update",
            None,
            false,
        ),
        (
            "users_request_email_verification_create",
            Some("RequestEmailVerificationRequest"),
            true,
        ),
        (
            "users_verify_email_create",
            Some("VerifyEmailRequest"),
            true,
        ),
        (
            "users_signal_autonomy_create",
            Some("SignalAutonomyRequest"),
            false,
        ),
    ];
    for (id, body, required) in expected {
        let op = find_op(&api, id);
        match (&op.request_body, body) {
            (None, None) => {}
            (Some(_), None) => problems.push(format!("{id} reads no body but declares one")),
            (None, Some(schema)) => problems.push(format!("{id} should take a {schema} body")),
            (Some(ReferenceOr::Reference { reference }), Some(_)) => problems.push(format!(
                "{id}: request body should be inline, is $ref {reference}"
            )),
            (Some(ReferenceOr::Item(rb)), Some(schema)) => {
                let actual = rb
                    .content
                    .get("application/json")
                    .and_then(|media| media.schema.as_ref());
                match actual {
                    Some(ReferenceOr::Reference { reference })
                        if *reference == schema_ref(schema) => {}
                    other => problems.push(format!(
                        "{id}: application/json body should be $ref {schema}, found {other:?}"
                    )),
                }
                if rb.required != *required {
                    problems.push(format!(
                        "{id}: requestBody.required should be {required}, is {}",
                        rb.required
                    ));
                }
            }
        }
    }
    // No GET or DELETE takes a body.
    for (method, path, op) in operations(&api) {
        if (method == "GET" || method == "DELETE") && op.request_body.is_some() {
            problems.push(format!(
                "{} ({method} {path}) must not take a body",
                op_name(op)
            ));
        }
    }
    assert_no_problems("request bodies", &problems);
}

/// A selector is `oneOf` the constant `@me` and a plain string (`uuid`: no format, it is not
/// validated as a UUID) or an integer id (`user_id`).
fn check_selector(api: &OpenAPI, name: &str, integer_id: bool, problems: &mut Vec<String>) {
    let schemas = &api.components.as_ref().expect("components").schemas;
    let Some(ReferenceOr::Item(Schema {
        schema_kind: SchemaKind::OneOf { one_of },
        ..
    })) = schemas.get(name)
    else {
        problems.push(format!("{name} should be a `oneOf` schema"));
        return;
    };
    let [ReferenceOr::Item(me), ReferenceOr::Item(other)] = one_of.as_slice() else {
        problems.push(format!("{name} should have two inline alternatives"));
        return;
    };
    match &me.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration == [Some("@me".to_owned())] => {}
        other => problems.push(format!(
            "{name}: the first alternative should be the constant \"@me\", is {other:?}"
        )),
    }
    match (&other.schema_kind, integer_id) {
        (SchemaKind::Type(Type::String(s)), false)
            if s.enumeration.is_empty()
                && matches!(s.format, openapiv3::VariantOrUnknownOrEmpty::Empty) => {}
        (SchemaKind::Type(Type::Integer(i)), true) if i.enumeration.is_empty() => {}
        (other, _) => problems.push(format!("{name}: unexpected second alternative {other:?}")),
    }
}

#[test]
fn path_params_are_shared_refs() {
    let api = load();
    let mut problems = Vec::new();
    let components = api.components.as_ref().expect("components");

    // The shared definitions.
    for (name, target) in PATH_PARAMS {
        let key = target.rsplit('/').next().expect("component name");
        let Some(ReferenceOr::Item(Parameter::Path { parameter_data, .. })) =
            components.parameters.get(key)
        else {
            problems.push(format!("{target} should be an inline `in: path` parameter"));
            continue;
        };
        if parameter_data.name != *name || !parameter_data.required {
            problems.push(format!(
                "{target} should be the required path parameter `{name}`, is `{}` (required: {})",
                parameter_data.name, parameter_data.required
            ));
        }
        let schema = match (&parameter_data.format, *name) {
            (
                openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Reference { reference }),
                "uuid" | "user_id",
            ) => {
                let expected = if *name == "uuid" {
                    "UserSelector"
                } else {
                    "UserIdSelector"
                };
                if reference != &format!("#/components/schemas/{expected}") {
                    problems.push(format!(
                        "{target}: the schema should be `$ref` {expected}, is {reference}"
                    ));
                }
                if parameter_data.example != Some(Value::from("@me")) {
                    problems.push(format!("{target}: example should be \"@me\""));
                }
                check_selector(&api, expected, *name == "user_id", &mut problems);
                continue;
            }
            (openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)), _) => schema,
            (other, _) => {
                problems.push(format!("{target}: expected a schema, found {other:?}"));
                continue;
            }
        };
        match (&schema.schema_kind, *name) {
            (SchemaKind::Type(Type::String(s)), "installation_id") => {
                if s.pattern.as_deref() != Some(r"^\d+$") {
                    problems.push(format!(
                        r"{target}: pattern should be '^\d+$', is {:?}",
                        s.pattern
                    ));
                }
            }
            (other, _) => problems.push(format!("{target} should be a string, found {other:?}")),
        }
    }

    // Every operation: each `{param}` of the template is a path parameter given by the shared
    // $ref, and there are no other path parameters.
    for (method, path, op) in operations(&api) {
        let id = op_name(op);
        let mut declared = BTreeSet::new();
        for param in &op.parameters {
            let resolved = resolve_param(&api, param);
            if let Parameter::Path { parameter_data, .. } = resolved {
                declared.insert(parameter_data.name.clone());
                let expected = PATH_PARAMS
                    .iter()
                    .find(|(name, _)| *name == parameter_data.name)
                    .map(|(_, target)| *target);
                match (param, expected) {
                    (ReferenceOr::Reference { reference }, Some(target)) if reference == target => {
                    }
                    (_, expected) => problems.push(format!(
                        "{id} ({method} {path}): path parameter `{}` should be $ref {expected:?}",
                        parameter_data.name
                    )),
                }
            }
        }
        let in_template: BTreeSet<String> = template_params(&path)
            .into_iter()
            .map(str::to_owned)
            .collect();
        if declared != in_template {
            problems.push(format!(
                "{id} ({method} {path}): path template has {in_template:?}, parameters declare {declared:?}"
            ));
        }
    }
    assert_no_problems("path parameters", &problems);
}

#[test]
fn query_params_follow_the_facts() {
    let api = load();
    let mut problems = Vec::new();

    // (operationId, [(name, required, minimum, maximum, default)])
    type Query = (String, bool, Option<i64>, Option<i64>, Option<Value>);
    let q =
        |name: &str, required: bool, min: Option<i64>, max: Option<i64>, default: Option<Value>| {
            (name.to_owned(), required, min, max, default)
        };
    let expected: Vec<(&str, Vec<Query>)> = vec![
        (
            "users_list",
            vec![
                q("email", false, None, None, None),
                q("is_staff", false, None, None, None),
                q("limit", false, Some(1), None, None),
                q("offset", false, Some(0), None, Some(Value::from(0))),
            ],
        ),
        (
            "users_integrations_list",
            vec![
                q("limit", false, Some(1), None, None),
                q("offset", false, Some(0), None, Some(Value::from(0))),
            ],
        ),
        (
            "users_integrations_github_branches_retrieve",
            vec![
                q("repo", true, None, None, None),
                q("search", false, None, None, Some(Value::from(""))),
                q("limit", false, Some(1), Some(1000), Some(Value::from(100))),
                q("offset", false, Some(0), None, Some(Value::from(0))),
            ],
        ),
        (
            "users_integrations_github_repos_retrieve",
            vec![
                q("search", false, None, None, Some(Value::from(""))),
                q("limit", false, Some(1), Some(500), Some(Value::from(100))),
                q("offset", false, Some(0), None, Some(Value::from(0))),
            ],
        ),
    ];
    let expected_ids: BTreeSet<&str> = expected.iter().map(|(id, _)| *id).collect();

    for (method, path, op) in operations(&api) {
        let id = op_name(op);
        let actual: Vec<Query> = op
            .parameters
            .iter()
            .filter_map(|param| match resolve_param(&api, param) {
                Parameter::Query { parameter_data, .. } => Some(parameter_data),
                _ => None,
            })
            .map(|data| {
                let schema = match &data.format {
                    openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => Some(s),
                    _ => None,
                };
                let (min, max) = match schema.map(|s| &s.schema_kind) {
                    Some(SchemaKind::Type(Type::Integer(i))) => (i.minimum, i.maximum),
                    _ => (None, None),
                };
                (
                    data.name.clone(),
                    data.required,
                    min,
                    max,
                    schema.and_then(|s| s.schema_data.default.clone()),
                )
            })
            .collect();
        match expected.iter().find(|(op_id, _)| *op_id == id) {
            Some((_, want)) => {
                let mut want_sorted = want.clone();
                let mut actual_sorted = actual.clone();
                want_sorted.sort_by(|a, b| a.0.cmp(&b.0));
                actual_sorted.sort_by(|a, b| a.0.cmp(&b.0));
                if want_sorted != actual_sorted {
                    problems.push(format!(
                        "{id}: query parameters (name, required, min, max, default)\n      expected {want_sorted:?}\n      found    {actual_sorted:?}"
                    ));
                }
            }
            None if !actual.is_empty() => problems.push(format!(
                "{id} ({method} {path}) should take no query parameters, has {actual:?}"
            )),
            None => {}
        }
    }
    assert_eq!(expected_ids.len(), expected.len());
    assert_no_problems("query parameters", &problems);
}

#[test]
fn deprecated_aliases_and_tags() {
    let api = load();
    let mut problems = Vec::new();
    let declared_tags: BTreeSet<&str> = api.tags.iter().map(|t| t.name.as_str()).collect();
    for tag in &api.tags {
        if tag.description.as_deref().unwrap_or_default().is_empty() {
            problems.push(format!("tag {} has no description", tag.name));
        }
    }
    for (method, path, op) in operations(&api) {
        let id = op_name(op);
        let should = DEPRECATED.contains(&id);
        if op.deprecated != should {
            problems.push(format!(
                "{id} ({method} {path}): deprecated should be {should}, is {}",
                op.deprecated
            ));
        }
        if op.summary.as_deref().unwrap_or_default().is_empty() {
            problems.push(format!("{id}: no summary"));
        }
        if op.description.as_deref().unwrap_or_default().is_empty() {
            problems.push(format!("{id}: no description"));
        }
        if op.tags.is_empty() {
            problems.push(format!("{id}: no tags"));
        }
        for tag in &op.tags {
            if !declared_tags.contains(tag.as_str()) {
                problems.push(format!(
                    "{id}: tag {tag} is not declared in the top-level tags"
                ));
            }
        }
    }
    assert_no_problems("deprecation and tags", &problems);
}

#[test]
fn examples_fit_in_i64() {
    // serde_yaml refuses integers beyond i64 (the docs show `project_id: -9223372036854776000`);
    // loading into `Value` would already fail, so this guards the spec's own examples.
    let doc = load_value();
    let project_id = &doc["components"]["schemas"]["TeamBasic"]["properties"]["project_id"];
    assert_eq!(project_id["format"], "int64", "TeamBasic.project_id format");
    assert!(
        project_id["example"].is_i64(),
        "TeamBasic.project_id example must be an i64, is {}",
        project_id["example"]
    );
}
