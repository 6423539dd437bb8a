//! Pagination through the generated client's `.stream()`, over several pages.

use futures_util::{StreamExt, TryStreamExt};
use posthog_users::types::{self, UserSelector};
use posthog_users_mock::demo;
use posthog_users_mock::store::UserRecord;
use uuid::Uuid;

use crate::common::spawn_demo;

#[tokio::test]
async fn stream_follows_next_across_pages_in_id_order() {
    let server = spawn_demo().await;
    server.store.modify(|state| {
        for n in 0..5 {
            let email = format!("user{n}@example.com");
            state.insert_user(UserRecord::new(Uuid::new_v4(), email, chrono::Utc::now()));
        }
    });
    let expected: Vec<i64> = server.store.read(|s| s.users.keys().copied().collect());
    assert_eq!(expected.len(), 7);
    let staff = server.key(demo::STAFF_KEY);

    for limit in [1, 2, 3] {
        let users: Vec<types::User> = staff
            .users_list()
            .limit(limit)
            .stream()
            .try_collect()
            .await
            .expect("every page");
        let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
        assert_eq!(ids, expected, "limit {limit}");
    }

    // The links are absolute URLs on the mock, DRF style.
    let page = staff
        .users_list()
        .limit(2)
        .offset(2)
        .send()
        .await
        .expect("page 2");
    assert_eq!(page.count, 7);
    assert_eq!(
        page.next.as_deref(),
        Some(format!("{}/api/users/?limit=2&offset=4", server.base_url).as_str())
    );
    assert_eq!(
        page.previous.as_deref(),
        Some(format!("{}/api/users/?limit=2", server.base_url).as_str())
    );
    let last = staff
        .users_list()
        .limit(2)
        .offset(6)
        .send()
        .await
        .expect("last page");
    assert_eq!((last.results.len(), last.next.clone()), (1, None));

    // Filters are carried along in the links.
    let non_staff: Vec<types::User> = staff
        .users_list()
        .is_staff(false)
        .limit(2)
        .stream()
        .try_collect()
        .await
        .expect("filtered pages");
    assert_eq!(non_staff.len(), 6);
    assert!(non_staff.iter().all(|u| u.is_staff == Some(false)));

    // A non-staff caller streams only itself.
    let mine: Vec<_> = server
        .key(demo::READ_KEY)
        .users_list()
        .limit(1)
        .stream()
        .collect()
        .await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].as_ref().expect("me").uuid, demo::USER_UUID);

    // Integrations paginate the same way.
    let integrations: Vec<types::UserIntegration> = server
        .key(demo::READ_KEY)
        .users_integrations_list(UserSelector::Me)
        .limit(1)
        .stream()
        .try_collect()
        .await
        .expect("integration pages");
    let ids: Vec<&str> = integrations
        .iter()
        .map(|i| i.installation_id.as_str())
        .collect();
    assert_eq!(ids, [demo::INSTALLATION_ID, demo::SECOND_INSTALLATION_ID]);
}

#[tokio::test]
async fn graceful_shutdown_stops_the_server() {
    let server = spawn_demo().await;
    let client = server.key(demo::READ_KEY);
    client
        .users_retrieve(UserSelector::Me)
        .send()
        .await
        .expect("served");
    drop(client);
    let later = server.key(demo::READ_KEY);
    server.shutdown.stop().await.expect("a clean stop");
    let after = later.users_retrieve(UserSelector::Me).send().await;
    assert!(
        matches!(after, Err(posthog_users::client::Error::Transport(_))),
        "{after:?}"
    );
}
