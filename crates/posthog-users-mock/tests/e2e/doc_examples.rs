//! The reference pages' examples (`../shared/docs/*.txt`), pointed at the mock with the demo
//! credentials: each must give its documented status and a body of the spec's type.
//!
//! The pages are read and their examples extracted (`curl ... <ph_app_host>/api/...` blocks
//! and the one-line `GET /api /users /:uuid` form); each is matched to its row of the table in
//! `ops.rs` by method and path. What the pages get wrong is bridged, and said so here:
//! - their request bodies (`-d email="string"`, `-d date_joined="string"`) are form-encoded
//!   placeholders, not the operations' JSON bodies: the table's valid body is sent instead;
//! - the branches example omits the required `repo` query parameter: the table adds it;
//! - every curl example sends `Authorization: Bearer $POSTHOG_PERSONAL_API_KEY`, also for
//!   session-only operations: the mock refuses the key there (403, as the spec says), and
//!   the example is then repeated with the demo session to get the documented status.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use apigen_runtime::server::Access;
use posthog_users::server::OPERATIONS;
use posthog_users_mock::demo;

use crate::common::spawn_demo;
use crate::ops::{Cred, ROWS, Row, decode, send_row};

/// One example of a reference page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Example {
    /// `GET`, `POST`, ...
    method: String,
    /// The path as documented (`/api/users/:uuid/`).
    path: String,
    /// The documented status, when the page shows one.
    status: Option<u16>,
}

/// Where the reference pages are: `shared/docs` beside the repository.
fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/docs")
}

/// The first `Status NNN` in `lines`.
fn status_in<'a>(lines: impl Iterator<Item = &'a str>) -> Option<u16> {
    lines
        .filter_map(|line| line.trim().strip_prefix("Status "))
        .find_map(|rest| rest.get(..3)?.parse().ok())
}

/// The examples of one page.
fn examples(text: &str) -> Vec<Example> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if let Some((_, rest)) = line.split_once("<ph_app_host>") {
            // curl form: the method is `-X M` on the curl line, else POST when a JSON
            // content type is set, else GET.
            let curl = lines[..index]
                .iter()
                .rposition(|l| l.trim_start().starts_with("curl"))
                .unwrap_or(index);
            let head = lines[curl..index].join(" ");
            let method = match head.split_once("-X ") {
                Some((_, after)) => after.split_whitespace().next().unwrap_or("GET").to_owned(),
                None if head.contains("Content-Type") => "POST".to_owned(),
                None => "GET".to_owned(),
            };
            let path = rest.trim().trim_end_matches('\\').trim().to_owned();
            let end = lines[index + 1..]
                .iter()
                .position(|l| l.contains("<ph_app_host>") || l.starts_with("Example request"))
                .map_or(lines.len(), |offset| index + 1 + offset);
            let status = status_in(lines[index + 1..end].iter().copied());
            found.push(Example {
                method,
                path,
                status,
            });
        } else if let Some((method, rest)) = line.split_once(" /api ")
            && matches!(method, "GET" | "POST" | "PATCH" | "DELETE")
        {
            // One-line form: `GET /api /users /:uuid /github_loginExample response`.
            let rest = rest.split("Example response").next().unwrap_or(rest);
            let path = format!("/api{}/", rest.replace(' ', "").trim_end_matches('/'));
            let status = line
                .contains("Example response")
                .then(|| status_in(lines[index + 1..].iter().take(1).copied()))
                .flatten();
            found.push(Example {
                method: method.to_owned(),
                path,
                status,
            });
        }
    }
    found
}

/// The table row an example is about: same method, same path with `:name` as `{name}`.
fn row_for(example: &Example) -> Option<&'static Row> {
    let template: String = example
        .path
        .split('/')
        .map(|segment| match segment.strip_prefix(':') {
            Some(name) => format!("{{{name}}}"),
            None => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/");
    ROWS.iter()
        .find(|row| row.method == example.method && row.path == template)
}

#[test]
fn the_pages_yield_the_examples() {
    let text = "Example request\nexport K=1\ncurl -X PATCH \\\n-H \"Authorization: Bearer $K\" \\\n\
                <ph_app_host>/api/users/:uuid/\\\n-d date_joined=\"string\"\nExample response\nStatus 200\n\
                Example request\nGET /api /users /:user_id /signal_autonomyExample response\nStatus 204 No body\n";
    assert_eq!(
        examples(text),
        [
            Example {
                method: "PATCH".into(),
                path: "/api/users/:uuid/".into(),
                status: Some(200)
            },
            Example {
                method: "GET".into(),
                path: "/api/users/:user_id/signal_autonomy/".into(),
                status: Some(204)
            },
        ]
    );
}

#[tokio::test]
async fn documented_examples_against_the_mock() {
    let dir = docs_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "{} not found: the reference pages' examples were not run",
            dir.display()
        );
        return;
    };
    let mut all = BTreeSet::new();
    let mut pages: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    pages.sort();
    for page in &pages {
        let text = std::fs::read_to_string(page).expect("a readable page");
        let found = examples(&text);
        assert!(!found.is_empty(), "no example found in {}", page.display());
        all.extend(found);
    }

    let server = spawn_demo().await;
    let pristine = server.store.snapshot();
    let mut ops_seen = BTreeSet::new();
    let mut failures = Vec::new();
    for example in &all {
        let Some(row) = row_for(example) else {
            failures.push(format!("{example:?}: no such operation in the spec"));
            continue;
        };
        ops_seen.insert(row.op);
        let documented = example.status.unwrap_or(row.ok());
        if documented != row.ok() {
            failures.push(format!(
                "{example:?}: documented {documented}, the table says {}",
                row.ok()
            ));
            continue;
        }
        let access = OPERATIONS
            .iter()
            .find(|op| op.id == row.op)
            .map(|op| op.access)
            .expect("the operation");
        // As documented: the personal API key in a Bearer header.
        server.store.restore(pristine.clone());
        let (status, body) = send_row(&server, row, Cred::Key(demo::ALL_KEY)).await;
        let key_accepted = match access {
            Access::Public => true,
            Access::Required(alternatives) => alternatives
                .iter()
                .flat_map(|alternative| alternative.iter())
                .any(|requirement| requirement.scheme == "PersonalAPIKeyAuth"),
        };
        let (status, body) = if !key_accepted {
            if status != 403 {
                failures.push(format!(
                    "{example:?}: a personal API key got {status}, not 403"
                ));
            }
            server.store.restore(pristine.clone());
            send_row(&server, row, Cred::Session).await
        } else {
            (status, body)
        };
        if status != documented {
            failures.push(format!(
                "{example:?}: {status}, documented {documented}: {}",
                String::from_utf8_lossy(&body)
            ));
        } else if let Err(error) = decode(row.op, status, &body) {
            failures.push(format!("{example:?}: {error}"));
        }
    }
    server.store.restore(pristine);
    let every: BTreeSet<&str> = OPERATIONS.iter().map(|op| op.id).collect();
    let missing: Vec<&&str> = every.difference(&ops_seen).collect();
    println!(
        "{} distinct examples in {} pages, covering {} operations",
        all.len(),
        pages.len(),
        ops_seen.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        missing.is_empty(),
        "operations without a documented example: {missing:?}"
    );
}
