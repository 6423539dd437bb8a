//! The change report on pairs of specs: `tests/diff/base.yaml` and an edited copy per case in
//! `tests/diff/cases/` (format in `tests/diff/README.md`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use apigen_model::diff::{self, Bump, Impact};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff")
}

/// One case file: the expected change and the edited spec.
struct Case {
    name: String,
    kind: String,
    client: Impact,
    server: Impact,
    security: bool,
    bump: Bump,
    edited: String,
}

fn impact(word: &str) -> Impact {
    match word {
        "none" => Impact::None,
        "additive" => Impact::Additive,
        "breaking" => Impact::Breaking,
        other => panic!("unknown impact {other}"),
    }
}

fn bump(word: &str) -> Bump {
    match word {
        "patch" => Bump::Patch,
        "minor" => Bump::Minor,
        "major" => Bump::Major,
        other => panic!("unknown bump {other}"),
    }
}

fn read_case(path: &Path, base: &str) -> Case {
    let name = path.file_stem().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let expect: Vec<&str> = lines
        .next()
        .and_then(|line| line.strip_prefix("# expect: "))
        .unwrap_or_else(|| panic!("{name}: no `# expect:` line"))
        .split_whitespace()
        .collect();
    assert_eq!(expect.len(), 5, "{name}: KIND CLIENT SERVER SECURITY BUMP");
    let mut edited = base.to_owned();
    let mut edits = 0;
    while let Some(old) = lines.next() {
        let new = lines
            .next()
            .unwrap_or_else(|| panic!("{name}: `-` without `+`"));
        let old: String = serde_json::from_str(old.strip_prefix("- ").unwrap()).unwrap();
        let new: String = serde_json::from_str(new.strip_prefix("+ ").unwrap()).unwrap();
        assert_eq!(
            edited.matches(&old).count(),
            1,
            "{name}: {old:?} must occur once in the spec"
        );
        edited = edited.replacen(&old, &new, 1);
        edits += 1;
    }
    assert!(edits > 0, "{name}: no edit");
    Case {
        name,
        kind: expect[0].to_owned(),
        client: impact(expect[1]),
        server: impact(expect[2]),
        security: expect[3] == "true",
        bump: bump(expect[4]),
        edited,
    }
}

fn cases() -> Vec<Case> {
    let base = std::fs::read_to_string(fixtures().join("base.yaml")).unwrap();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures().join("cases"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "edit"))
        .collect();
    paths.sort();
    paths.iter().map(|path| read_case(path, &base)).collect()
}

fn load(label: &str, text: &str) -> apigen_model::Api {
    apigen_model::load_str(Path::new(label), text)
        .unwrap_or_else(|error| panic!("{label}: {error}"))
        .api
}

#[test]
fn every_case_reports_its_change_with_the_expected_classification_and_verdict() {
    let base_text = std::fs::read_to_string(fixtures().join("base.yaml")).unwrap();
    let base = load("base.yaml", &base_text);
    let mut failures = Vec::new();
    let cases = cases();
    for case in &cases {
        let edited = load(&case.name, &case.edited);
        let report = diff::diff(&base, &edited);
        let found = report.changes.iter().find(|c| c.kind.as_str() == case.kind);
        let summary: Vec<String> = report
            .changes
            .iter()
            .map(|c| {
                format!(
                    "{} client={} server={} security={}",
                    c.kind.as_str(),
                    c.client.as_str(),
                    c.server.as_str(),
                    c.security
                )
            })
            .collect();
        match found {
            None => failures.push(format!("{}: no {} in {summary:?}", case.name, case.kind)),
            Some(change) => {
                if (change.client, change.server, change.security)
                    != (case.client, case.server, case.security)
                {
                    failures.push(format!(
                        "{}: expected client={} server={} security={}, got {summary:?}",
                        case.name,
                        case.client.as_str(),
                        case.server.as_str(),
                        case.security
                    ));
                }
                if change.rust_items.is_empty() && !change.kind.as_str().ends_with("_changed") {
                    failures.push(format!("{}: no Rust item named", case.name));
                }
                if change.old_pointer.is_none() && change.new_pointer.is_none() {
                    failures.push(format!("{}: no pointer", case.name));
                }
            }
        }
        if report.bump != case.bump {
            failures.push(format!(
                "{}: verdict {} instead of {} ({summary:?})",
                case.name,
                report.bump.as_str(),
                case.bump.as_str()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let kinds: BTreeSet<&str> = cases.iter().map(|c| c.kind.as_str()).collect();
    assert!(
        kinds.len() >= 25,
        "only {} change kinds covered",
        kinds.len()
    );
}

#[test]
fn a_spec_compared_with_itself_has_no_change_and_needs_no_bump() {
    let text = std::fs::read_to_string(fixtures().join("base.yaml")).unwrap();
    let api = load("base.yaml", &text);
    let report = diff::diff(&api, &api);
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert_eq!(report.bump, Bump::None);
    assert!(report.to_markdown(10).contains("No change"));
}

#[test]
fn reports_render_as_json_and_escaped_markdown() {
    let base_text = std::fs::read_to_string(fixtures().join("base.yaml")).unwrap();
    let edited_text = base_text.replace("  /health:\n", "  /health|<b>*x*</b>:\n");
    let report = diff::diff(
        &load("base.yaml", &base_text),
        &load("edited.yaml", &edited_text),
    );
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["bump"], "major");
    assert_eq!(json["changes"][0]["kind"], "path_changed");
    assert_eq!(json["changes"][0]["client"], "breaking");
    assert_eq!(json["changes"][0]["server"], "none");
    let markdown = report.to_markdown(10);
    assert!(
        markdown.contains("**Verdict: major version bump**"),
        "{markdown}"
    );
    assert!(
        markdown.contains(r"/health\|&lt;b&gt;\*x\*&lt;/b&gt;"),
        "{markdown}"
    );
    assert!(!markdown.contains("<b>"), "{markdown}");
}

#[test]
fn the_next_version_follows_cargo_rules_for_zero_major_crates() {
    assert_eq!(Bump::Major.next_version("1.4.2").as_deref(), Some("2.0.0"));
    assert_eq!(Bump::Minor.next_version("1.4.2").as_deref(), Some("1.5.0"));
    assert_eq!(Bump::Patch.next_version("1.4.2").as_deref(), Some("1.4.3"));
    assert_eq!(Bump::Major.next_version("0.3.1").as_deref(), Some("0.4.0"));
    assert_eq!(Bump::Minor.next_version("0.3.1").as_deref(), Some("0.3.2"));
    assert_eq!(Bump::Major.next_version("v1"), None);
}
