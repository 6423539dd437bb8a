//! The `apigen` binary: help, exit codes, and the three commands end to end on small specs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn apigen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apigen"))
        .args(args)
        .output()
        .expect("apigen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn petstore() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/build-rs-petstore/petstore.yaml")
}

#[test]
fn help_lists_the_commands_and_exit_codes() {
    let output = apigen(&["--help"]);
    assert!(output.status.success());
    let help = text(&output.stdout);
    for command in ["generate", "check", "lint"] {
        assert!(help.contains(command), "{help}");
    }
    assert!(help.contains("Exit codes"), "{help}");
    let output = apigen(&["generate", "--help"]);
    assert!(text(&output.stdout).contains("--runtime"));
}

#[test]
fn generate_then_check_then_drift() {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("pets");
    let spec = petstore();
    let spec = spec.to_str().expect("UTF-8 path");
    let out_arg = out.to_str().expect("UTF-8 path");
    let output = apigen(&["generate", spec, "-o", out_arg, "--runtime", "version:0.1"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("3 operations"),
        "{}",
        text(&output.stderr)
    );
    assert!(
        std::fs::read_to_string(out.join("Cargo.toml"))
            .expect("manifest")
            .contains(r#"apigen-runtime = { version = "0.1" }"#)
    );
    assert!(!out.join("vendor").exists());

    let output = apigen(&["check", spec, out_arg]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));

    std::fs::write(out.join("src/types.rs"), "// edited\n").expect("edit");
    let output = apigen(&["check", spec, out_arg]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stdout).contains("+++ "),
        "{}",
        text(&output.stdout)
    );

    let output = apigen(&["generate", spec, "-o", out_arg]);
    assert_eq!(output.status.code(), Some(2), "an edited file is refused");
    assert!(
        text(&output.stderr).contains("--force"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn invalid_names_are_refused_before_anything_is_written() {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("pets");
    let spec = petstore();
    let output = apigen(&[
        "generate",
        spec.to_str().expect("UTF-8"),
        "-o",
        out.to_str().expect("UTF-8"),
        "--name",
        "x\"\n[build]",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("invalid crate name"),
        "{}",
        text(&output.stderr)
    );
    assert!(!out.exists());
}

#[test]
fn lint_exit_codes_follow_severity() {
    let output = apigen(&["lint", petstore().to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));

    let with_warning =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../apigen-emit/tests/fixtures/odd_bodies.yaml");
    let output = apigen(&["lint", with_warning.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("warning: "));

    let temp = tempfile::tempdir().expect("tempdir");
    let broken = temp.path().join("broken.yaml");
    std::fs::write(&broken, "openapi: 2.0\n").expect("write");
    let output = apigen(&["lint", broken.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).starts_with("error:"));
}

#[test]
fn allow_lossy_turns_meaning_changing_problems_into_warnings() {
    let temp = tempfile::tempdir().expect("tempdir");
    let spec = temp.path().join("twice.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: Twice, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: same\n      responses: {'204': {description: none}}\n  /b:\n    get:\n      operationId: same\n      responses: {'204': {description: none}}\n",
    )
    .expect("spec written");
    let spec = spec.to_str().expect("UTF-8 path");
    let strict = apigen(&["lint", spec]);
    assert_eq!(strict.status.code(), Some(2), "{}", text(&strict.stderr));
    assert!(
        text(&strict.stderr).contains("#/paths/~1b/get/operationId"),
        "{}",
        text(&strict.stderr)
    );
    let lossy = apigen(&["lint", spec, "--allow-lossy"]);
    assert_eq!(lossy.status.code(), Some(1), "{}", text(&lossy.stderr));
    assert!(
        text(&lossy.stderr).contains("#/paths/~1b/get/operationId"),
        "{}",
        text(&lossy.stderr)
    );
    let out = temp.path().join("twice");
    let out = out.to_str().expect("UTF-8 path");
    let generated = apigen(&["generate", spec, "-o", out, "--allow-lossy"]);
    assert!(generated.status.success(), "{}", text(&generated.stderr));
}
