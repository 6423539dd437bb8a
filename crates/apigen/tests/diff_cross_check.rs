//! Cross-check of the change report against the compiler: every fixture case of
//! `crates/apigen-model/tests/diff/cases` that the report calls non-breaking for clients is
//! applied to one copy of the base spec; a downstream crate written against the crate generated
//! from the base must still `cargo check` against the crate generated from the copy. A case the
//! report calls breaking must make the same downstream crate fail, so the check can fail.
//!
//! It builds the client half of a generated crate and its dependencies (reqwest, serde, …)
//! offline in `target/diff-cross-check-target` (the workspace's `Cargo.lock`, so the crates are
//! in the local registry cache): about 70 s on a cold cache on two cores, 3 s warm. Alone:
//!
//! ```sh
//! cargo test -p apigen --test diff_cross_check
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

use apigen_model::diff::{self, Impact};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixtures() -> PathBuf {
    root().join("crates/apigen-model/tests/diff")
}

/// A case file: its name, the client impact it expects, and its edits.
struct Case {
    name: String,
    client: String,
    edits: Vec<(String, String)>,
}

fn cases() -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures().join("cases"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let mut lines = text.lines();
            let expect: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
            let mut edits = Vec::new();
            while let (Some(old), Some(new)) = (lines.next(), lines.next()) {
                let old: String = serde_json::from_str(&old[2..]).unwrap();
                let new: String = serde_json::from_str(&new[2..]).unwrap();
                edits.push((old, new));
            }
            Case {
                name: path.file_stem().unwrap().to_string_lossy().into_owned(),
                client: expect[3].to_owned(),
                edits,
            }
        })
        .collect()
}

/// Applies `case` to `spec` when each of its texts occurs exactly once.
fn apply(spec: &str, case: &Case) -> Option<String> {
    let mut out = spec.to_owned();
    for (old, new) in &case.edits {
        if out.matches(old.as_str()).count() != 1 {
            return None;
        }
        out = out.replacen(old.as_str(), new, 1);
    }
    Some(out)
}

fn load(text: &str) -> apigen_model::Api {
    apigen_model::load_str(Path::new("spec.yaml"), text)
        .unwrap()
        .api
}

const DOWNSTREAM: &str = r#"//! Uses every part of the client API of the base spec's crate.
#![allow(deprecated)]

use pets::client::{Auth, Client};
use pets::types;

pub async fn use_everything() -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let client = Client::new("http://localhost", Auth::Bearer("token".to_owned()));
    let mut seen = Vec::new();
    let page = client.list_pets().limit(10).status("available").send().await?;
    seen.extend(page.items.iter().map(describe));
    let new_pet = types::NewPet {
        name: "Rex".to_owned(),
        tag: None,
        kind: Some(types::Kind::Dog),
    };
    seen.push(describe(&client.create_pet(&new_pet).send().await?.into_inner()));
    let pet = client.show_pet(1).send().await?;
    client.delete_pet(pet.id).send().await?;
    let health: String = client.health().send().await?.into_inner();
    seen.push(health);
    Ok(seen)
}

fn describe(pet: &types::Pet) -> String {
    let status = match pet.status {
        types::PetStatus::Available => "available",
        types::PetStatus::Sold => "sold",
        types::PetStatus::Unknown(_) => "unknown",
    };
    let shape = match &pet.shape {
        Some(types::Shape::String(text)) => text.clone(),
        Some(types::Shape::Integer(number)) => number.to_string(),
        Some(types::Shape::Boolean(flag)) => flag.to_string(),
        None => String::new(),
    };
    format!("{} {} {:?} {status} {shape}", pet.id, pet.name, pet.tag)
}

pub fn values() -> (types::Problem, types::Legacy, types::PetName, String) {
    (
        types::Problem { code: 1, message: "no".to_owned() },
        types::Legacy { note: None },
        types::PetName::from("Rex"),
        types::Kind::Cat.as_str().to_owned(),
    )
}
"#;

struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = root().join("target/diff-cross-check");
        std::fs::create_dir_all(dir.join("downstream/src")).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            "[workspace]\nresolver = \"3\"\nmembers = [\"downstream\"]\n\n\
             [profile.dev.package.\"*\"]\ndebug = false\n",
        )
        .unwrap();
        if !dir.join("Cargo.lock").exists() {
            std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        }
        std::fs::write(
            dir.join("downstream/Cargo.toml"),
            "[package]\nname = \"downstream\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\npets = { path = \"../pets\", \
             default-features = false, features = [\"client\"] }\n",
        )
        .unwrap();
        std::fs::write(dir.join("downstream/src/lib.rs"), DOWNSTREAM).unwrap();
        Scratch { dir }
    }

    /// Generates `spec` into `pets/` (replacing the previous generation).
    fn generate(&self, spec: &str) {
        let spec_path = self.dir.join("spec.yaml");
        std::fs::write(&spec_path, spec).unwrap();
        let runtime = root().join("crates/apigen-runtime");
        let options = apigen::Options {
            crate_name: Some("pets".to_owned()),
            spec_label: Some("spec.yaml".to_owned()),
            runtime: apigen::Runtime::Path(runtime.canonicalize().unwrap().display().to_string()),
            standalone: false,
            force: true,
            ..apigen::Options::default()
        };
        apigen::generate(&spec_path, &self.dir.join("pets"), &options).unwrap();
    }

    /// `cargo check --offline` of the downstream crate; its stderr when it fails.
    fn check(&self) -> Result<(), String> {
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .args(["check", "--offline", "--quiet", "-p", "downstream"])
            .current_dir(&self.dir)
            .env(
                "CARGO_TARGET_DIR",
                root().join("target/diff-cross-check-target"),
            )
            .output()
            .unwrap();
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }
}

#[test]
fn changes_reported_non_breaking_for_clients_keep_a_downstream_client_compiling() {
    let base = std::fs::read_to_string(fixtures().join("base.yaml")).unwrap();
    let base_api = load(&base);
    let mut combined = base.clone();
    let mut applied = Vec::new();
    for case in cases().iter().filter(|c| c.client != "breaking") {
        let Some(edited) = apply(&combined, case) else {
            continue;
        };
        // The report on the case alone must agree with its fixture…
        let alone = diff::diff(&base_api, &load(&apply(&base, case).unwrap()));
        assert!(
            alone.changes.iter().all(|c| c.client != Impact::Breaking),
            "{}: {:?}",
            case.name,
            alone.changes
        );
        combined = edited;
        applied.push(case.name.clone());
    }
    // …and on all of them at once.
    let report = diff::diff(&base_api, &load(&combined));
    let kinds: std::collections::BTreeSet<_> = report.changes.iter().map(|c| c.kind).collect();
    assert!(
        kinds.len() >= 10,
        "only {} kinds applied: {applied:?}",
        kinds.len()
    );
    assert!(
        report.changes.iter().all(|c| c.client != Impact::Breaking),
        "{:?}",
        report.changes
    );
    eprintln!(
        "{} cases, {} change kinds: {applied:?}",
        applied.len(),
        kinds.len()
    );

    let scratch = Scratch::new();
    scratch.generate(&base);
    scratch
        .check()
        .unwrap_or_else(|error| panic!("the downstream crate does not build on the base: {error}"));
    scratch.generate(&combined);
    scratch.check().unwrap_or_else(|error| {
        panic!("a change reported non-breaking for clients broke the downstream crate: {error}")
    });

    // A change the report calls breaking for clients does break it.
    let breaking = cases()
        .into_iter()
        .find(|c| c.name == "required-request-field-added")
        .unwrap();
    scratch.generate(&apply(&base, &breaking).unwrap());
    assert!(
        scratch.check().is_err(),
        "required-request-field-added left the downstream crate compiling"
    );
}
