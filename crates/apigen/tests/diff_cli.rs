//! `apigen diff OLD NEW`: formats and the exit codes a CI job gates on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn base() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../apigen-model/tests/diff/base.yaml"),
    )
    .unwrap()
}

/// Writes the base spec and `edited` into a temporary directory.
fn specs(edited: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.yaml");
    let new = dir.path().join("new.yaml");
    std::fs::write(&old, base()).unwrap();
    std::fs::write(&new, edited).unwrap();
    (dir, old, new)
}

fn apigen_diff(old: &Path, new: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .arg("diff")
        .arg(old)
        .arg(new)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn fail_on_breaking_exits_1_only_when_something_breaks() {
    let breaking = base().replace("operationId: showPet", "operationId: getPet");
    let (_dir, old, new) = specs(&breaking);
    let output = apigen_diff(&old, &new, &["--fail-on", "breaking"]);
    assert_eq!(output.status.code(), Some(1));
    let markdown = String::from_utf8(output.stdout).unwrap();
    assert!(
        markdown.contains("**Verdict: major version bump**"),
        "{markdown}"
    );
    assert!(markdown.contains("`client::Client::get_pet`"), "{markdown}");
    assert_eq!(
        apigen_diff(&old, &new, &["--fail-on", "security"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(apigen_diff(&old, &new, &[]).status.code(), Some(0));

    let additive = base().replace("  version: 1.0.0\n", "  version: 1.0.1\n");
    let (_dir, old, new) = specs(&additive);
    assert_eq!(
        apigen_diff(&old, &new, &["--fail-on", "breaking"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        apigen_diff(&old, &new, &["--fail-on", "any"]).status.code(),
        Some(1)
    );
}

#[test]
fn fail_on_security_and_json_output() {
    let edited = base().replace(
        "security:\n  - OAuth: [pets:read]\n",
        "security:\n  - OAuth: [pets:read, pets:admin]\n",
    );
    let (_dir, old, new) = specs(&edited);
    let output = apigen_diff(&old, &new, &["--format", "json", "--fail-on", "security"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["changes"][0]["kind"], "security_scope_added");
    assert_eq!(json["changes"][0]["security"], true);
    assert_eq!(json["bump"], "major");
    assert_eq!(json["bump_for_zero_major"], "minor");
}

#[test]
fn a_spec_that_cannot_be_loaded_exits_2() {
    let (_dir, old, new) = specs("openapi: 3.0.3\ninfo: [not, a, map]\n");
    let output = apigen_diff(&old, &new, &["--fail-on", "breaking"]);
    assert_eq!(output.status.code(), Some(2));
}
