//! The generated client's features over loopback, against the mock behind a middleware that
//! records what arrives and can answer with canned failures first: typed responses and errors,
//! tri-state PATCH bodies, tolerant enums, hooks, headers, timeouts, retries and safe paging.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use posthog_users::client::{Auth, Client, Error, RetryPolicy, UsersRetrieveError};
use posthog_users::types::{self, UserSelector};
use posthog_users_mock::{Store, app, demo};
use tokio::net::TcpListener;

/// One request as the server received it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    headers: axum::http::HeaderMap,
}

/// A canned answer: the status and the `Retry-After` header, if any.
type Failure = (u16, Option<&'static str>);

/// What the middleware records and the failures it answers with before letting requests through.
#[derive(Clone, Default)]
struct Front {
    seen: Arc<Mutex<Vec<Seen>>>,
    /// Each request takes the next canned answer (status, `Retry-After`) while there is one.
    failures: Arc<Mutex<VecDeque<Failure>>>,
}

impl Front {
    fn fail_next(&self, status: u16, retry_after: Option<&'static str>) {
        self.failures
            .lock()
            .unwrap()
            .push_back((status, retry_after));
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn clear(&self) {
        self.seen.lock().unwrap().clear();
    }
}

async fn front(State(front): State<Front>, request: Request, next: Next) -> Response {
    front.seen.lock().unwrap().push(Seen {
        method: request.method().to_string(),
        path: request.uri().path().to_owned(),
        headers: request.headers().clone(),
    });
    if request.headers().contains_key("x-test-delay") {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let failure = front.failures.lock().unwrap().pop_front();
    match failure {
        Some((status, retry_after)) => {
            let mut response = (
                axum::http::StatusCode::from_u16(status).unwrap(),
                Body::from("busy"),
            )
                .into_response();
            if let Some(value) = retry_after {
                response
                    .headers_mut()
                    .insert("retry-after", value.parse().unwrap());
            }
            response
        }
        None => next.run(request).await,
    }
}

/// The demo mock behind [`front`], on a free loopback port.
async fn spawn() -> (String, Store, Front) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base_url = format!("http://{}", listener.local_addr().expect("address"));
    let store = posthog_users_mock::demo::store();
    store.set_base_url(&base_url);
    let front_state = Front::default();
    let router = app(store.clone()).layer(axum::middleware::from_fn_with_state(
        front_state.clone(),
        front,
    ));
    tokio::spawn(async move { axum::serve(listener, router).await });
    (base_url, store, front_state)
}

fn write_client(base_url: &str) -> Client {
    Client::new(base_url, Auth::Bearer(demo::WRITE_KEY.to_owned()))
}

fn demo_user_id(store: &Store) -> i64 {
    store.read(|state| {
        state
            .user_by_uuid(demo::USER_UUID)
            .map(|u| u.id)
            .expect("the demo user")
    })
}

#[tokio::test]
async fn a_success_carries_status_headers_and_body() {
    let (base_url, _, _) = spawn().await;
    let me = write_client(&base_url)
        .users_retrieve(UserSelector::Me)
        .send()
        .await
        .expect("@me");
    assert_eq!(me.status(), 200);
    assert_eq!(me.header("content-type"), Some("application/json"));
    assert_eq!(me.uuid, demo::USER_UUID, "derefs to the body");
    assert_eq!(me.into_inner().email, demo::USER_EMAIL);
}

#[tokio::test]
async fn the_client_sends_accept_for_what_it_decodes() {
    let (base_url, _, front) = spawn().await;
    write_client(&base_url)
        .users_retrieve(UserSelector::Me)
        .send()
        .await
        .expect("@me");
    assert_eq!(front.seen()[0].headers["accept"], "application/json");
}

#[tokio::test]
async fn a_documented_404_body_decodes_into_its_type() {
    let (base_url, _, _) = spawn().await;
    let staff = Client::new(&base_url, Auth::Bearer(demo::STAFF_KEY.to_owned()));
    let unknown = uuid::Uuid::new_v4().to_string();
    let error = staff
        .users_retrieve(UserSelector::Uuid(unknown.clone()))
        .send()
        .await
        .expect_err("no such user");
    let Error::Api {
        status,
        body: UsersRetrieveError::NotFound(body),
        ..
    } = &error
    else {
        panic!("a typed 404, got {error:?}");
    };
    assert_eq!(*status, 404);
    assert_eq!(body.r#type.as_str(), "invalid_request");
    assert_eq!(body.code, "not_found");
    assert_eq!(
        error.to_string(),
        format!(
            "GET /api/users/{unknown}/ answered 404 Not Found: {}",
            body.detail
        )
    );
    let forbidden = write_client(&base_url)
        .users_retrieve(UserSelector::Uuid(unknown))
        .send()
        .await
        .expect_err("not mine");
    assert!(
        matches!(forbidden.body(), Some(UsersRetrieveError::Forbidden(_))),
        "{forbidden:?}"
    );
}

#[tokio::test]
async fn patch_absent_null_and_value_are_three_bodies_and_three_outcomes() {
    let (base_url, store, front) = spawn().await;
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let recorder = bodies.clone();
    let client = write_client(&base_url).with_hook(posthog_users::client::before_request(
        move |request: &mut reqwest::Request| {
            let body = request
                .body()
                .and_then(|b| b.as_bytes())
                .unwrap_or_default();
            recorder
                .lock()
                .unwrap()
                .push(String::from_utf8_lossy(body).into_owned());
        },
    ));
    let id = demo_user_id(&store);
    let theme = |store: &Store| {
        store.read(|state| state.user(id).and_then(|u| u.settings.theme_mode.clone()))
    };
    let system = types::UserThemeMode::ThemeModeEnum(types::ThemeModeEnum::System);
    assert_eq!(theme(&store), Some(system.clone()), "the demo user's theme");

    let mut patch = types::PatchedUser::default();
    for (value, expected_body, expected_theme) in [
        (apigen_runtime::Tristate::Absent, "{}", Some(system)),
        (
            apigen_runtime::Tristate::Null,
            r#"{"theme_mode":null}"#,
            None,
        ),
        (
            types::PatchedUserThemeMode::ThemeModeEnum(types::ThemeModeEnum::Light).into(),
            r#"{"theme_mode":"light"}"#,
            Some(types::UserThemeMode::ThemeModeEnum(
                types::ThemeModeEnum::Light,
            )),
        ),
    ] {
        patch.theme_mode = value;
        let updated = client
            .users_partial_update(UserSelector::Me)
            .body(&patch)
            .send()
            .await
            .expect("PATCH @me");
        assert_eq!(bodies.lock().unwrap().pop().as_deref(), Some(expected_body));
        assert_eq!(
            theme(&store),
            expected_theme,
            "stored after {expected_body}"
        );
        assert_eq!(
            updated.theme_mode, expected_theme,
            "answered after {expected_body}"
        );
    }
    assert!(
        front
            .seen()
            .iter()
            .all(|seen| seen.method == "PATCH" && seen.path == "/api/users/@me/")
    );
}

#[tokio::test]
async fn patch_at_me_clears_a_nullable_field() {
    let (base_url, store, _) = spawn().await;
    let client = write_client(&base_url);
    let set = types::PatchedUser {
        allow_sidebar_suggestions: true.into(),
        ..Default::default()
    };
    let before = client
        .users_partial_update(UserSelector::Me)
        .body(&set)
        .send()
        .await
        .expect("set");
    assert_eq!(before.allow_sidebar_suggestions, Some(true));
    let clear = types::PatchedUser {
        allow_sidebar_suggestions: apigen_runtime::Tristate::Null,
        ..Default::default()
    };
    let after = client
        .users_partial_update(UserSelector::Me)
        .body(&clear)
        .send()
        .await
        .expect("clear");
    assert_eq!(after.allow_sidebar_suggestions, None);
    let id = demo_user_id(&store);
    assert_eq!(
        store.read(|state| state.user(id).map(|u| u.settings.allow_sidebar_suggestions)),
        Some(None)
    );
}

#[tokio::test]
async fn an_undocumented_enum_value_decodes_as_unknown_but_is_refused_in_requests() {
    let (base_url, store, _) = spawn().await;
    let id = demo_user_id(&store);
    store
        .modify(|state| {
            if let Some(user) = state.user_mut(id) {
                user.settings.theme_mode = Some(types::UserThemeMode::ThemeModeEnum(
                    types::ThemeModeEnum::Unknown("sepia".to_owned()),
                ));
                user.settings.shortcut_position = Some(types::UserShortcutPosition::BlankEnum(
                    types::BlankEnum::Empty,
                ));
            }
            Ok::<(), ()>(())
        })
        .expect("stored");
    let client = write_client(&base_url);
    let me = client
        .users_retrieve(UserSelector::Me)
        .send()
        .await
        .expect("a response with a value the spec does not list still decodes");
    assert_eq!(
        me.theme_mode,
        Some(types::UserThemeMode::ThemeModeEnum(
            types::ThemeModeEnum::Unknown("sepia".to_owned())
        ))
    );
    assert_eq!(
        me.shortcut_position,
        Some(types::UserShortcutPosition::BlankEnum(
            types::BlankEnum::Empty
        )),
        "a listed value of a later alternative wins over an unknown one of an earlier one"
    );
    let patch = types::PatchedUser {
        theme_mode: types::PatchedUserThemeMode::ThemeModeEnum(types::ThemeModeEnum::Unknown(
            "sepia".to_owned(),
        ))
        .into(),
        ..Default::default()
    };
    let refused = client
        .users_partial_update(UserSelector::Me)
        .body(&patch)
        .send()
        .await
        .expect_err("the server refuses unknown values in requests");
    assert_eq!(refused.status(), Some(400));
    assert_eq!(
        refused.error_body().and_then(|body| body.attr.as_deref()),
        Some("theme_mode")
    );
}

#[tokio::test]
async fn hooks_and_headers_reach_the_server() {
    let (base_url, _, front) = spawn().await;
    let statuses = Arc::new(Mutex::new(Vec::new()));
    let recorder = statuses.clone();
    let client = write_client(&base_url)
        .with_header("x-client", "tests")
        .expect("a valid header")
        .with_hook(posthog_users::client::before_request(
            |request: &mut reqwest::Request| {
                request
                    .headers_mut()
                    .insert("x-trace-id", "trace-1".parse().unwrap());
            },
        ))
        .with_hook(posthog_users::client::after_response(
            move |exchange: &posthog_users::client::Exchange<'_>| {
                let status = exchange.outcome.as_ref().map(|(status, _)| *status).ok();
                recorder
                    .lock()
                    .unwrap()
                    .push((exchange.path.to_owned(), status));
            },
        ));
    client
        .users_retrieve(UserSelector::Me)
        .header("x-request", "one")
        .send()
        .await
        .expect("@me");
    let seen = &front.seen()[0];
    assert_eq!(seen.headers["x-trace-id"], "trace-1");
    assert_eq!(seen.headers["x-client"], "tests");
    assert_eq!(seen.headers["x-request"], "one");
    assert_eq!(
        *statuses.lock().unwrap(),
        [("/api/users/@me/".to_owned(), Some(200))]
    );
    let invalid = client
        .users_retrieve(UserSelector::Me)
        .header("bad header", "x")
        .send()
        .await
        .expect_err("an invalid header name");
    assert!(matches!(invalid, Error::Encode(_)), "{invalid:?}");
}

#[tokio::test]
async fn a_request_timeout_overrides_the_clients() {
    let (base_url, _, _) = spawn().await;
    let client = write_client(&base_url).with_timeout(Duration::from_secs(30));
    let error = client
        .users_retrieve(UserSelector::Me)
        .header("x-test-delay", "1")
        .timeout(Duration::from_millis(50))
        .send()
        .await
        .expect_err("too slow");
    match error {
        Error::Transport(error) => assert!(error.is_timeout(), "{error}"),
        other => panic!("a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn idempotent_requests_are_retried_on_503_honouring_retry_after() {
    let (base_url, _, front) = spawn().await;
    let patient =
        RetryPolicy::new(3).with_backoff(Duration::from_secs(30), Duration::from_secs(30));
    let client = write_client(&base_url).with_retry(patient);
    front.fail_next(503, Some("0"));
    front.fail_next(429, Some("1"));
    let started = Instant::now();
    let me = tokio::time::timeout(
        Duration::from_secs(10),
        client.users_retrieve(UserSelector::Me).send(),
    )
    .await
    .expect("Retry-After sets the wait, not the 30 s backoff")
    .expect("the third attempt succeeds");
    assert_eq!(me.status(), 200);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited for Retry-After: 1"
    );
    assert_eq!(front.seen().len(), 3);

    front.clear();
    front.fail_next(503, Some("0"));
    let error = client
        .users_push_tokens_create(
            UserSelector::Me,
            &types::PushTokenRequest {
                token: "t".into(),
                platform: types::PlatformEnum::Ios,
            },
        )
        .send()
        .await
        .expect_err("a POST is not retried");
    assert_eq!(error.status(), Some(503));
    assert!(
        error
            .to_string()
            .contains("answered 503 Service Unavailable"),
        "{error}"
    );
    assert_eq!(front.seen().len(), 1, "sent once");

    front.clear();
    front.fail_next(503, Some("0"));
    let without = write_client(&base_url)
        .users_retrieve(UserSelector::Me)
        .send()
        .await
        .expect_err("no retry unless asked for");
    assert_eq!(without.status(), Some(503));
    assert_eq!(front.seen().len(), 1);
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused() {
    let (base_url, store, front) = spawn().await;
    store.set_base_url("http://127.0.0.1:9");
    let staff = Client::new(&base_url, Auth::Bearer(demo::STAFF_KEY.to_owned()));
    let items: Vec<_> = staff.users_list().limit(1).stream().collect().await;
    assert_eq!(items.len(), 2, "one user, then the refusal: {items:?}");
    assert!(items[0].is_ok());
    match &items[1] {
        Err(Error::ForeignLink { url }) => assert!(url.starts_with("http://127.0.0.1:9/"), "{url}"),
        other => panic!("a foreign link, got {other:?}"),
    }
    assert_eq!(front.seen().len(), 1, "the foreign page is never requested");
}

#[tokio::test]
async fn the_default_server_is_the_specs_first() {
    assert_eq!(
        posthog_users::client::DEFAULT_BASE_URL,
        "https://us.posthog.com"
    );
    let client = Client::default_server(Auth::None);
    assert_eq!(client.base_url(), "https://us.posthog.com");
}
