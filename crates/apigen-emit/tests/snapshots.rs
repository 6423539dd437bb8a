//! Snapshots of every emitted file: for `spec/posthog-users.yaml`, and for one small fixture spec
//! per construct (`tests/fixtures/*.yaml`), so a change to the spec or the emitter shows up as a
//! reviewable diff.

use std::path::{Path, PathBuf};

fn options(spec_label: &str, crate_name: &str) -> apigen_emit::Options {
    apigen_emit::Options {
        crate_name: crate_name.to_owned(),
        spec_label: spec_label.to_owned(),
        runtime: apigen_emit::RuntimeDependency::Path("../../crates/apigen-runtime".to_owned()),
        standalone: false,
    }
}

fn generate(spec: &Path, label: &str, crate_name: &str) -> Vec<apigen_emit::GeneratedFile> {
    let loaded = apigen_model::load_file(spec).unwrap_or_else(|error| panic!("{error}"));
    apigen_emit::generate_crate(&loaded.api, &loaded.warnings, &options(label, crate_name))
        .unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn posthog_users_crate() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/posthog-users.yaml");
    let files = generate(&spec, "spec/posthog-users.yaml", "posthog-users");
    let names: Vec<String> = files.iter().map(|f| f.path.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "README.md",
            "src/lib.rs",
            "src/types.rs",
            "src/client.rs",
            "src/server.rs"
        ]
    );
    for file in files {
        let name = format!(
            "posthog_users__{}",
            file.path.display().to_string().replace(['/', '.'], "_")
        );
        insta::assert_snapshot!(name, file.contents);
    }
}

#[test]
fn generation_is_deterministic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/posthog-users.yaml");
    let first = generate(&spec, "spec/posthog-users.yaml", "posthog-users");
    let second = generate(&spec, "spec/posthog-users.yaml", "posthog-users");
    assert_eq!(first, second);
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("tests/fixtures exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn fixture_crates() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 8, "fixtures missing: {fixtures:?}");
    for spec in fixtures {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let files = generate(
            &spec,
            &format!("fixtures/{stem}.yaml"),
            &stem.replace('_', "-"),
        );
        let modules: String = files
            .iter()
            .filter(|f| f.path.starts_with("src") && f.path != Path::new("src/lib.rs"))
            .map(|f| format!("==> {} <==\n{}\n", f.path.display(), f.contents))
            .collect();
        insta::assert_snapshot!(format!("fixture__{stem}"), modules);
    }
}
