//! Written by `cargo xtask compile-check`: builds `router(Unimplemented, DenyAll)` of every
//! generated crate, then `router_at("", …)` (at the root, whatever `BASE_PATH` is), and sends
//! each operation one request at a path made from its template
//! (every capture `1`). The answer must be 401 (credentials refused), 400 (the sample input
//! does not fit) or 501 from **that** operation: never a panic, 404 or 405.

use axum::body::Body;
use tower::ServiceExt;

/// One operation: its id, method and path template.
type Operation = (&'static str, &'static str, &'static str);

macro_rules! smoke {
    ($krate:ident) => {
        check(
            stringify!($krate),
            {
                // Mounted under `BASE_PATH` it must build too; the requests go to the root.
                drop($krate::server::router($krate::server::Unimplemented, $krate::server::DenyAll));
                $krate::server::router_at("", $krate::server::Unimplemented, $krate::server::DenyAll)
            },
            $krate::server::OPERATIONS
                .iter()
                .map(|operation| (operation.id, operation.method, operation.path))
                .collect(),
        )
        .await
    };
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut failures = 0;
    // CALLS
    if failures > 0 {
        eprintln!("{failures} operation(s) were not routed as expected");
        std::process::exit(1);
    }
}

/// Sends one request per operation to `router`; returns the number of failures.
async fn check(name: &str, router: axum::Router, operations: Vec<Operation>) -> usize {
    let mut failures = 0;
    for (id, method, template) in &operations {
        if let Err(problem) = call(router.clone(), id, method, template).await {
            eprintln!("{name}: {method} {template} ({id}): {problem}");
            failures += 1;
        }
    }
    println!("{name}: {} operations routed", operations.len() - failures);
    failures
}

async fn call(router: axum::Router, id: &str, method: &str, template: &str) -> Result<(), String> {
    let path = sample_path(template);
    let request = http::Request::builder()
        .method(method)
        .uri(&path)
        .body(Body::empty())
        .map_err(|error| format!("cannot build a request for {path}: {error}"))?;
    let response = router
        .oneshot(request)
        .await
        .map_err(|error| format!("{error}"))?;
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .map_err(|error| format!("unreadable body: {error}"))?;
    let body = String::from_utf8_lossy(&body);
    match status {
        400 | 401 => Ok(()),
        501 if method == "HEAD" || body.contains(&format!("`{id}`")) => Ok(()),
        _ => Err(format!("{path} answered {status}: {body}")),
    }
}

/// `template` with every capture replaced by `1`, percent-encoded as a client sends it.
fn sample_path(template: &str) -> String {
    let mut path = String::new();
    let mut in_capture = false;
    for c in template.chars() {
        match c {
            '{' => in_capture = true,
            '}' if in_capture => {
                in_capture = false;
                path.push('1');
            }
            _ if in_capture => {}
            c if c.is_ascii_graphic() && !"\"#<>?`{}".contains(c) => path.push(c),
            c => {
                let mut buffer = [0; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    path.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    path
}
