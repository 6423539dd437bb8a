//! No crate generated from a spec other than PostHog's speaks of "personal API keys" or
//! "sessions": every document of the shared corpus (when present) is generated in memory and
//! the words apigen writes about access (each operation's `Authentication:` lines and the
//! README table) are checked. Spec text itself may say anything.

use std::path::{Path, PathBuf};

fn corpus_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    files.sort();
    files
}

/// The lines apigen writes about access: `Authentication:` paragraphs (up to the next
/// blank doc line) and the last cell of the README's table rows.
fn access_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let content = line.trim().trim_start_matches("///").trim();
        if content.starts_with("Authentication:") {
            inside = true;
        } else if content.is_empty() || !line.trim().starts_with("///") {
            inside = false;
        }
        if inside {
            lines.push(content.to_lowercase());
        } else if line.starts_with("| `") && text.contains("## Who may call what") {
            // The last cell: the accepted credentials (not the operation's id or path).
            let cell = line
                .trim_end_matches(" |")
                .rsplit(" | ")
                .next()
                .unwrap_or_default();
            lines.push(cell.to_lowercase());
        }
    }
    lines
}

#[test]
fn generic_specs_get_generic_words() {
    let mut checked = 0;
    for spec in corpus_files() {
        let Ok(loaded) = apigen_model::load_file(&spec) else {
            continue;
        };
        let options = apigen_emit::Options {
            crate_name: "corpus".to_owned(),
            spec_label: spec.display().to_string(),
            runtime: apigen_emit::RuntimeDependency::Path(String::new()),
            standalone: false,
        };
        let files = apigen_emit::generate_crate(&loaded.api, &loaded.warnings, &options)
            .unwrap_or_else(|error| panic!("{}: {error}", spec.display()));
        for file in &files {
            for line in access_lines(&file.contents) {
                assert!(
                    !line.contains("personal api key") && !line.contains("session"),
                    "{} {}: {line}",
                    spec.display(),
                    file.path.display()
                );
            }
        }
        checked += 1;
    }
    assert!(
        checked > 0 || corpus_files().is_empty(),
        "corpus present but nothing generated"
    );
}

#[test]
fn the_access_words_are_found() {
    let text = "/// `GET /a`\n///\n/// Authentication: `k` (bearer token)\n/// or `s` (cookie `session`).\n///\n/// Deprecated.\n";
    assert_eq!(
        access_lines(text),
        [
            "authentication: `k` (bearer token)",
            "or `s` (cookie `session`)."
        ]
    );
}
