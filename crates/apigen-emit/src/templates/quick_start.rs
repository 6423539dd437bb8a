//! The quick starts that open an emitted crate's docs and README: one for the client, one for
//! the server. They are compiled as doctests (`cargo test --doc`), so they use only names the
//! model decided (crate, method) and no spec text.

use apigen_model::ir::{Api, Endpoint, SchemeKind};

/// The quick starts as Markdown: a heading per side, each with a `no_run` Rust block.
pub fn markdown(api: &Api, crate_name: &str) -> String {
    let krate = crate_name.replace('-', "_");
    format!(
        "## Quick start: client\n\n```rust,no_run\n{}```\n\n## Quick start: server\n\n```rust,no_run\n{}```\n",
        client(api, &krate),
        server(&krate)
    )
}

/// The first operation that needs no input: the client example calls it.
fn simple_operation(api: &Api) -> Option<&Endpoint> {
    api.endpoints.iter().find(|endpoint| {
        endpoint.params.iter().all(|p| !p.required)
            && endpoint.body.as_ref().is_none_or(|body| !body.required)
            && !endpoint.docs.deprecated
    })
}

fn client(api: &Api, krate: &str) -> String {
    let bearer = api.security_schemes.iter().any(|scheme| {
        matches!(
            scheme.kind,
            SchemeKind::Bearer { .. }
                | SchemeKind::OAuth2 { .. }
                | SchemeKind::OpenIdConnect { .. }
        )
    });
    let auth = if bearer {
        "Auth::Bearer(\"your token\".to_owned())"
    } else {
        "Auth::None"
    };
    let absolute = api
        .servers
        .first()
        .is_some_and(|server| server.url.contains("://"));
    let construct = if absolute {
        format!("Client::default_server({auth})")
    } else {
        format!("Client::new(\"https://api.example.com\", {auth})")
    };
    let call = match simple_operation(api) {
        Some(endpoint) => format!(
            "// Required inputs are arguments, optional ones builder methods; then `send`.\n\
             let response = client.{}().send().await?;\n\
             println!(\"{{}}: {{:?}}\", response.status(), response.body());\n",
            endpoint.rust_name
        ),
        None => "println!(\"calling {}\", client.base_url());\n".to_owned(),
    };
    format!(
        "# #[cfg(feature = \"client\")]\n\
         # async fn quick_start() -> Result<(), Box<dyn std::error::Error>> {{\n\
         use std::time::Duration;\n\
         use {krate}::client::{{Auth, Client, RetryPolicy}};\n\
         \n\
         let client = {construct}\n\
         \x20   .with_timeout(Duration::from_secs(30))\n\
         \x20   .with_retry(RetryPolicy::new(3));\n\
         {call}\
         # Ok(())\n\
         # }}\n"
    )
}

fn server(krate: &str) -> String {
    format!(
        "# #[cfg(feature = \"server\")]\n\
         # fn quick_start() {{\n\
         use {krate}::server::{{router, DenyAll, Unimplemented}};\n\
         \n\
         // Implement `server::Api` (one async method per operation) and\n\
         // `server::Authenticator` for your own types; `Unimplemented` answers 501 and\n\
         // `DenyAll` accepts no credential. Serve the router with `axum::serve`.\n\
         let app: axum::Router = router(Unimplemented, DenyAll);\n\
         # drop(app);\n\
         # }}\n"
    )
}
