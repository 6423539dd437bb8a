//! The scope matrix: every operation × {no credentials, unknown key, `phx_demo_read`,
//! `phx_demo_write`, `phx_demo_all`, session}, against the live mock, from the one table in
//! `ops.rs`. The table's expectations are first checked against the spec's security
//! (`OPERATIONS[].access`); every cell starts from the same demo state, and a refused request
//! must leave the state untouched.

use std::collections::BTreeSet;

use apigen_runtime::ErrorBody;
use apigen_runtime::server::Access;
use posthog_users::server::OPERATIONS;

use crate::common::spawn_demo;
use crate::ops::{COLUMN_NAMES, COLUMNS, Cred, ROWS, decode, send_row};

/// Whether a demo key holding `held` passes a check for `required` (PostHog's rule:
/// `*` passes everything, `user:write` implies `user:read`).
fn key_grants(held: &str, required: &str) -> bool {
    held == "*" || held == required || (held == "user:write" && required == "user:read")
}

/// The scope each demo key of the matrix holds.
fn scope_of(key: &str) -> &'static str {
    match key {
        "phx_demo_read" => "user:read",
        "phx_demo_write" => "user:write",
        _ => "*",
    }
}

/// The scopes the personal API key needs for an operation, or None when keys are refused.
fn key_scopes(access: &Access) -> Option<&'static [&'static str]> {
    let Access::Required(alternatives) = access else {
        return Some(&[]);
    };
    alternatives
        .iter()
        .flat_map(|alternative| alternative.iter())
        .find(|requirement| requirement.scheme == "PersonalAPIKeyAuth")
        .map(|requirement| requirement.scopes)
}

/// What the spec's security says each column gets, given the operation's success status.
fn derived(access: &Access, ok: u16) -> [u16; 6] {
    COLUMNS.map(|cred| match (access, cred, key_scopes(access)) {
        (Access::Public, _, _) => ok,
        (_, Cred::Nothing | Cred::UnknownKey, _) => 401,
        (_, Cred::Session, _) => ok,
        (_, Cred::Key(_), None) => 403,
        (_, Cred::Key(key), Some(scopes)) => {
            if scopes
                .iter()
                .all(|required| key_grants(scope_of(key), required))
            {
                ok
            } else {
                403
            }
        }
    })
}

#[test]
fn the_table_follows_the_spec() {
    let ids: Vec<&str> = ROWS.iter().map(|row| row.op).collect();
    let spec: Vec<&str> = OPERATIONS.iter().map(|op| op.id).collect();
    assert_eq!(ids, spec, "one row per operation, in spec order");
    for (row, op) in ROWS.iter().zip(OPERATIONS) {
        assert_eq!((row.method, row.path), (op.method, op.path), "{}", row.op);
        assert_eq!(
            row.expect,
            derived(&op.access, row.ok()),
            "{}: {:?}",
            row.op,
            op.access
        );
    }
    let distinct: BTreeSet<[u16; 6]> = ROWS.iter().map(|row| row.expect).collect();
    assert!(
        distinct.len() >= 5,
        "the matrix has api-read, api-write, session-only and public rows"
    );
}

#[tokio::test]
async fn scope_matrix_against_the_live_mock() {
    let server = spawn_demo().await;
    let pristine = server.store.snapshot();
    let mut failures = Vec::new();
    let mut table = format!("{:<50}", "operation");
    for name in COLUMN_NAMES {
        table.push_str(&format!("{name:>8}"));
    }
    for row in ROWS {
        table.push_str(&format!("\n{:<50}", row.op));
        for (column, cred) in COLUMNS.into_iter().enumerate() {
            server.store.restore(pristine.clone());
            // Arrange first (send_row prepares), then compare against the arranged state.
            let (status, body) = send_row(&server, row, cred).await;
            table.push_str(&format!("{status:>8}"));
            let expected = row.expect[column];
            if status != expected {
                failures.push(format!(
                    "{} as {}: {status}, expected {expected}: {}",
                    row.op,
                    COLUMN_NAMES[column],
                    String::from_utf8_lossy(&body)
                ));
                continue;
            }
            if status >= 400 {
                match serde_json::from_slice::<ErrorBody>(&body) {
                    Ok(error) if error.kind == "authentication_error" => {}
                    other => failures.push(format!("{}: error body {other:?}", row.op)),
                }
            } else if let Err(error) = decode(row.op, status, &body) {
                failures.push(format!("{} as {}: {error}", row.op, COLUMN_NAMES[column]));
            }
        }
    }
    server.store.restore(pristine);
    println!("{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn refused_requests_change_nothing() {
    let server = spawn_demo().await;
    for row in ROWS {
        for (column, cred) in COLUMNS.into_iter().enumerate() {
            if row.expect[column] < 400 {
                continue;
            }
            // Arrange the row's preconditions, then snapshot: a refusal must leave it as is.
            let fills = crate::ops::prepare(&server, row.prep);
            let before = server.store.snapshot();
            let body = row.body.map(|body| {
                fills.iter().fold(body.to_owned(), |body, (key, value)| {
                    body.replace(key, value)
                })
            });
            let (status, _) =
                crate::ops::send(&server, row.method, &crate::ops::path(row), body, cred).await;
            assert_eq!(
                status, row.expect[column],
                "{} as {}",
                row.op, COLUMN_NAMES[column]
            );
            assert_eq!(
                server.store.snapshot(),
                before,
                "{} as {} changed the state",
                row.op,
                COLUMN_NAMES[column]
            );
        }
    }
}
