//! The negative suite: hostile or unusual documents in `tests/hostile/`, each stating its own
//! expected outcome in leading comment lines, asserted here.
//!
//! ```yaml
//! # expect: error                         (or `ok`)
//! # problem: #/paths/~1a | some text        (a problem, or with `ok` a warning, at exactly this
//! #                                        pointer whose message contains the text)
//! # message: some text                    (the error's whole message contains the text)
//! ```
//!
//! Every `ok` document is also generated and compiled by `cargo xtask compile-check`.

use std::path::{Path, PathBuf};

/// What one document's header says must happen.
#[derive(Debug, Default)]
struct Expectation {
    ok: Option<bool>,
    problems: Vec<(String, String)>,
    messages: Vec<String>,
}

fn hostile_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/hostile exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn expectation(text: &str) -> Result<Expectation, String> {
    let mut expected = Expectation::default();
    for line in text.lines().take_while(|line| line.starts_with('#')) {
        let line = line.trim_start_matches('#').trim();
        if let Some(outcome) = line.strip_prefix("expect:") {
            expected.ok = match outcome.trim() {
                "ok" => Some(true),
                "error" => Some(false),
                other => return Err(format!("unknown outcome `{other}`")),
            };
        } else if let Some(problem) = line.strip_prefix("problem:") {
            let (pointer, text) = problem
                .split_once(" | ")
                .ok_or_else(|| format!("`problem:` needs `POINTER | TEXT`: {problem}"))?;
            expected
                .problems
                .push((pointer.trim().to_owned(), text.trim().to_owned()));
        } else if let Some(message) = line.strip_prefix("message:") {
            expected.messages.push(message.trim().to_owned());
        }
    }
    if expected.ok.is_none() {
        return Err("no `# expect: ok|error` line".to_owned());
    }
    if expected.ok == Some(false) && expected.problems.is_empty() && expected.messages.is_empty() {
        return Err("an `error` case must name a `problem:` or a `message:`".to_owned());
    }
    Ok(expected)
}

/// Checks one document against its header; the failures, empty when it behaves.
fn check(file: &Path) -> Vec<String> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => return vec![format!("cannot read: {error}")],
    };
    let expected = match expectation(&text) {
        Ok(expected) => expected,
        Err(error) => return vec![error],
    };
    let mut failures = Vec::new();
    let found: Vec<(String, String)> = match (apigen_model::load_file(file), expected.ok) {
        (Ok(loaded), Some(true)) => loaded
            .warnings
            .iter()
            .map(|w| (w.pointer.clone(), w.message.clone()))
            .collect(),
        (Err(error), Some(false)) => {
            let whole = error.to_string();
            for message in &expected.messages {
                if !whole.contains(message.as_str()) {
                    failures.push(format!("the error does not say `{message}`: {whole}"));
                }
            }
            if !whole.contains(&file.display().to_string()) {
                failures.push(format!("the error does not name the file: {whole}"));
            }
            error
                .problems()
                .iter()
                .map(|p| (p.pointer.clone(), p.message.clone()))
                .collect()
        }
        (Ok(loaded), _) => {
            let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
            return vec![format!(
                "expected an error, it loaded (warnings: {warnings:?})"
            )];
        }
        (Err(error), _) => return vec![format!("expected it to load: {error}")],
    };
    for (pointer, text) in &expected.problems {
        if !found
            .iter()
            .any(|(p, message)| p == pointer && message.contains(text.as_str()))
        {
            failures.push(format!(
                "no diagnostic at `{pointer}` saying `{text}`; found: {found:?}"
            ));
        }
    }
    failures
}

#[test]
fn every_hostile_document_has_its_expected_outcome() {
    let files = hostile_files();
    assert!(!files.is_empty(), "tests/hostile holds the negative suite");
    let mut report = Vec::new();
    for file in &files {
        for failure in check(file) {
            report.push(format!("{}: {failure}", file.display()));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn headers_are_read_strictly() {
    assert!(expectation("openapi: 3.0.3\n").is_err());
    assert!(expectation("# expect: maybe\n").is_err());
    assert!(expectation("# expect: error\n").is_err());
    let parsed =
        expectation("# expect: error\n# problem: #/a | b c\n# message: d\nx: 1\n# expect: ok\n")
            .expect("a valid header");
    assert_eq!(parsed.ok, Some(false));
    assert_eq!(parsed.problems, vec![("#/a".to_owned(), "b c".to_owned())]);
    assert_eq!(parsed.messages, vec!["d".to_owned()]);
}
