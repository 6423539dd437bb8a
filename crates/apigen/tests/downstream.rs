//! A generated crate works outside this repository: generated with the vendored runtime into a
//! temporary directory outside the workspace, then a small binary using its client, server and
//! types is built against it with `cargo build --offline` (dependencies already fetched; a
//! target directory under the workspace's `target/` keeps later runs incremental).

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root")
}

const APP_MANIFEST: &str = r#"[package]
name = "downstream-app"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
serde_json = "1"
petstore = { path = "../petstore", default-features = false, features = ["client", "server"] }

[profile.dev]
debug = false

[workspace]
"#;

const APP_MAIN: &str = r#"use petstore::{client, types};

/// Compiles only while the generated server trait exists.
fn _implements_the_server<A: petstore::server::Api>() {}

fn main() {
    let client = client::Client::new("https://petstore.example.com/v1", client::Auth::None);
    let pet = types::NewPet { name: "Rex".to_owned(), tag: None, status: Some(types::Status::Sold) };
    println!("{} {}", client.base_url(), serde_json::to_string(&pet).unwrap_or_default());
}
"#;

#[test]
fn a_vendored_crate_builds_outside_the_workspace() {
    let root = workspace_root();
    let temp = tempfile::tempdir().expect("a temporary directory");
    let base = temp.path().canonicalize().expect("canonical");
    assert!(
        !base.starts_with(&root),
        "{} is inside the workspace",
        base.display()
    );

    let spec = root.join("examples/build-rs-petstore/petstore.yaml");
    let crate_dir = base.join("petstore");
    let report = apigen::generate(&spec, &crate_dir, &apigen::Options::default())
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(report.crate_name, "petstore");
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains(r#"apigen-runtime = { path = "vendor/apigen-runtime" }"#));
    let root_text = root.to_string_lossy().into_owned();
    for file in walk(&crate_dir) {
        let text = std::fs::read_to_string(&file).expect("text");
        assert!(
            !text.contains(&root_text),
            "{} points back into the workspace",
            file.display()
        );
    }

    let app = base.join("app");
    std::fs::create_dir_all(app.join("src")).expect("app dir");
    std::fs::write(app.join("Cargo.toml"), APP_MANIFEST).expect("app manifest");
    std::fs::write(app.join("src/main.rs"), APP_MAIN).expect("app main");
    std::fs::copy(root.join("Cargo.lock"), app.join("Cargo.lock")).expect("the workspace's lock");

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(&cargo)
        .args(["run", "--offline", "--quiet", "--manifest-path"])
        .arg(app.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/downstream"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the downstream build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "https://petstore.example.com/v1 {\"name\":\"Rex\",\"status\":\"sold\"}\n"
    );
}

/// The normal dependency tree of the crate in `dir` with only `features` enabled.
fn tree(dir: &Path, features: &str) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["tree", "--offline", "-e", "normal", "--prefix", "none"])
        .args([
            "--no-default-features",
            "--features",
            features,
            "--manifest-path",
        ])
        .arg(dir.join("Cargo.toml"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn client_and_server_builds_pull_only_their_own_stack() {
    let root = workspace_root();
    let temp = tempfile::tempdir().expect("a temporary directory");
    let crate_dir = temp.path().join("petstore");
    apigen::generate(
        &root.join("examples/build-rs-petstore/petstore.yaml"),
        &crate_dir,
        &apigen::Options::default(),
    )
    .unwrap_or_else(|error| panic!("{error}"));
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).expect("the lock");
    let crates = |tree: &str| -> Vec<String> {
        tree.lines()
            .filter_map(|line| line.split_whitespace().next())
            .map(str::to_owned)
            .collect()
    };
    let client = crates(&tree(&crate_dir, "client,rustls"));
    assert!(client.iter().any(|name| name == "reqwest"), "{client:?}");
    assert!(client.iter().any(|name| name == "rustls"), "{client:?}");
    assert!(!client.iter().any(|name| name == "axum"), "{client:?}");
    let server = crates(&tree(&crate_dir, "server"));
    assert!(server.iter().any(|name| name == "axum"), "{server:?}");
    assert!(!server.iter().any(|name| name == "reqwest"), "{server:?}");
    let types_only = crates(&tree(&crate_dir, ""));
    for heavy in ["axum", "reqwest", "hyper", "tokio", "chrono", "uuid"] {
        assert!(
            !types_only.iter().any(|name| name == heavy),
            "{heavy}: {types_only:?}"
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}
