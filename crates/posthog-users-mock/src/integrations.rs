//! Personal GitHub integrations, answered from the store's fake GitHub; every "call" to GitHub
//! is recorded in [`StoreState::github_calls`](crate::store::StoreState::github_calls).

use posthog_users::server::{ApiError, Caller};
use posthog_users::types::{self, UserSelector};

use crate::auth::{self, invalid, resolve};
use crate::pagination::paginate;
use crate::random;
use crate::store::{GithubCall, IntegrationRecord, Store, StoreState};

/// PostHog's answer for an installation the user has no integration for.
pub const NO_INTEGRATION: &str = "No GitHub integration found for this installation.";

/// The public URL of the (mock) PostHog GitHub App.
pub const APP_URL: &str = "https://github.com/apps/posthog";

/// The OAuth client id of the (mock) PostHog GitHub App.
pub const OAUTH_CLIENT_ID: &str = "Iv1.mockposthogapp";

/// The index of `user_id`'s integration for `installation_id` (404 if none).
fn find(state: &StoreState, user_id: i64, installation_id: &str) -> Result<usize, ApiError> {
    state
        .integrations
        .iter()
        .position(|i| i.user_id == user_id && i.installation_id == installation_id)
        .ok_or_else(|| ApiError::not_found(NO_INTEGRATION))
}

/// The integration as the API shows it (account and selection come from GitHub).
fn view(state: &StoreState, record: &IntegrationRecord) -> types::UserIntegration {
    let installation = state.github.get(&record.installation_id);
    types::UserIntegration {
        id: record.id,
        kind: "github".to_owned(),
        installation_id: record.installation_id.clone(),
        repository_selection: installation.and_then(|i| i.repository_selection.clone()),
        account: installation.and_then(|i| i.account.clone()),
        uses_shared_installation: record.uses_shared_installation,
        created_at: record.created_at,
    }
}

/// Asks the fake GitHub for the repositories of an installation (and records the call).
fn fetch_repositories(
    state: &mut StoreState,
    installation_id: &str,
) -> Vec<types::GithubRepository> {
    state.github_calls.push(GithubCall::ListRepositories {
        installation_id: installation_id.to_owned(),
    });
    state
        .github
        .get(installation_id)
        .map(|installation| {
            installation
                .repositories
                .iter()
                .map(|fixture| fixture.repository.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether `name` contains `search`, ignoring case (an empty search matches everything).
fn matches(name: &str, search: &str) -> bool {
    name.to_lowercase().contains(&search.to_lowercase())
}

/// `offset`/`limit` over `items`, and whether more follow.
fn window<T>(items: Vec<T>, limit: Option<i64>, offset: Option<i64>) -> (Vec<T>, bool) {
    let offset = usize::try_from(offset.unwrap_or(0).max(0)).unwrap_or(usize::MAX);
    let limit = usize::try_from(limit.unwrap_or(100).max(1)).unwrap_or(usize::MAX);
    let has_more = offset.saturating_add(limit) < items.len();
    (
        items.into_iter().skip(offset).take(limit).collect(),
        has_more,
    )
}

/// `GET /api/users/{uuid}/integrations/`: paginated.
pub(crate) fn list(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    query: types::UsersIntegrationsListQuery,
) -> Result<types::UsersIntegrationsListResponse, ApiError> {
    let base_url = store.base_url();
    store.read(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let items: Vec<types::UserIntegration> = state
            .integrations
            .iter()
            .filter(|record| record.user_id == id)
            .map(|record| view(state, record))
            .collect();
        let segment = match uuid {
            UserSelector::Me => "@me".to_owned(),
            UserSelector::Uuid(raw) => crate::pagination::encode(raw),
        };
        let url = format!("{base_url}/api/users/{segment}/integrations/");
        let page = paginate(items, &url, &[], query.limit, query.offset);
        Ok(types::UsersIntegrationsListResponse::Ok(
            types::PaginatedUserIntegrationList {
                count: page.count,
                next: page.next,
                previous: page.previous,
                results: page.results,
            },
        ))
    })
}

/// `DELETE /api/users/{uuid}/integrations/github/{installation_id}/`.
pub(crate) fn destroy(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    installation_id: &str,
) -> Result<types::UsersIntegrationsGithubDestroyResponse, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let index = find(state, id, installation_id)?;
        state.integrations.remove(index);
        Ok(types::UsersIntegrationsGithubDestroyResponse::NoContent)
    })
}

/// `GET .../github/{installation_id}/repos/`: from the cache (filled from GitHub on first use).
pub(crate) fn repos(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    installation_id: &str,
    query: types::UsersIntegrationsGithubReposRetrieveQuery,
) -> Result<types::UsersIntegrationsGithubReposRetrieveResponse, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let index = find(state, id, installation_id)?;
        let cached = state
            .integrations
            .get(index)
            .and_then(|record| record.repository_cache.clone());
        let all = match cached {
            Some(repositories) => repositories,
            None => {
                let fetched = fetch_repositories(state, installation_id);
                if let Some(record) = state.integrations.get_mut(index) {
                    record.repository_cache = Some(fetched.clone());
                }
                fetched
            }
        };
        let search = query.search.unwrap_or_default();
        let filtered: Vec<types::GithubRepository> = all
            .into_iter()
            .filter(|repo| matches(&repo.full_name, &search))
            .collect();
        let (repositories, has_more) = window(filtered, query.limit, query.offset);
        Ok(types::UsersIntegrationsGithubReposRetrieveResponse::Ok(
            types::GithubRepos {
                repositories,
                has_more,
            },
        ))
    })
}

/// `POST .../github/{installation_id}/repos/refresh/`: refetches from GitHub.
pub(crate) fn refresh(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    installation_id: &str,
) -> Result<types::UsersIntegrationsGithubReposRefreshCreateResponse, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let index = find(state, id, installation_id)?;
        let repositories = fetch_repositories(state, installation_id);
        if let Some(record) = state.integrations.get_mut(index) {
            record.repository_cache = Some(repositories.clone());
        }
        Ok(
            types::UsersIntegrationsGithubReposRefreshCreateResponse::Ok(
                types::GithubReposRefresh { repositories },
            ),
        )
    })
}

/// `GET .../github/{installation_id}/branches/?repo=owner/repo`: asks GitHub each time.
pub(crate) fn branches(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    installation_id: &str,
    query: types::UsersIntegrationsGithubBranchesRetrieveQuery,
) -> Result<types::UsersIntegrationsGithubBranchesRetrieveResponse, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        find(state, id, installation_id)?;
        if !is_owner_repo(&query.repo) {
            return Err(invalid(
                "invalid",
                "repo must be in the form owner/repo.",
                Some("repo"),
            ));
        }
        state.github_calls.push(GithubCall::ListBranches {
            installation_id: installation_id.to_owned(),
            repo: query.repo.clone(),
        });
        let fixture = state
            .github
            .get(installation_id)
            .and_then(|installation| {
                installation.repositories.iter().find(|fixture| {
                    fixture
                        .repository
                        .full_name
                        .eq_ignore_ascii_case(&query.repo)
                })
            })
            .ok_or_else(|| ApiError::not_found("Repository not found for this installation."))?;
        let search = query.search.unwrap_or_default();
        let filtered: Vec<String> = fixture
            .branches
            .iter()
            .filter(|branch| matches(branch, &search))
            .cloned()
            .collect();
        let default_branch = fixture.default_branch.clone();
        let (branches, has_more) = window(filtered, query.limit, query.offset);
        Ok(types::UsersIntegrationsGithubBranchesRetrieveResponse::Ok(
            types::GithubBranches {
                branches,
                default_branch,
                has_more,
            },
        ))
    })
}

/// `owner/repo` with two non-empty parts (the router checks the pattern too).
fn is_owner_repo(repo: &str) -> bool {
    repo.split_once('/')
        .is_some_and(|(owner, name)| !owner.is_empty() && !name.is_empty() && !name.contains('/'))
}

/// `POST /api/users/{uuid}/integrations/github/start/`: the URL to send the user to.
///
/// `connect_from: "posthog_code"` with a team that has a team-level installation the user
/// has no integration for takes the OAuth fast path; otherwise the App install page.
pub(crate) fn start(
    store: &Store,
    caller: &Caller,
    uuid: &UserSelector,
    body: Option<types::GithubStartRequest>,
) -> Result<types::UsersIntegrationsGithubStartCreateResponse, ApiError> {
    store.modify(|state| {
        let (_, id) = resolve(state, caller, uuid)?;
        let body = body.unwrap_or_default();
        let user = state.user(id).ok_or_else(auth::not_found)?;
        let team = match body.team_id.into_value() {
            Some(team_id) => Some(
                state
                    .teams
                    .get(&team_id)
                    .filter(|team| state.is_member(id, team.organization))
                    .ok_or_else(|| {
                        invalid(
                            "does_not_exist",
                            &format!("Team {team_id} does not exist."),
                            Some("team_id"),
                        )
                    })?,
            ),
            None => user.current_team.and_then(|team_id| state.teams.get(&team_id)),
        };
        let shared_installation = team
            .and_then(|team| team.github_installation_id.clone())
            .filter(|installation| {
                !state
                    .integrations
                    .iter()
                    .any(|i| i.user_id == id && &i.installation_id == installation)
            });
        let state_token = random::token();
        let (install_url, connect_flow) = match shared_installation {
            Some(_) if body.connect_from.as_deref() == Some("posthog_code") => (
                format!(
                    "https://github.com/login/oauth/authorize?client_id={OAUTH_CLIENT_ID}&state={state_token}"
                ),
                types::ConnectFlowEnum::OauthAuthorize,
            ),
            _ => (
                format!("{APP_URL}/installations/new?state={state_token}"),
                types::ConnectFlowEnum::AppInstall,
            ),
        };
        state.github_calls.push(GithubCall::StartLink {
            user_id: id,
            state: state_token,
            connect_flow: connect_flow.clone(),
        });
        Ok(types::UsersIntegrationsGithubStartCreateResponse::Ok(
            types::GithubStart {
                install_url,
                connect_flow,
            },
        ))
    })
}
