//! Every real-world document in `../shared/corpus/` loads to a model without a panic.

use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("the corpus folder ../shared/corpus exists beside the repository")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_document_lowers_to_a_model() {
    let files = corpus_files();
    assert!(
        files.len() >= 10,
        "expected the 10 corpus documents, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        match apigen_model::load_file(file) {
            Ok(loaded) => {
                assert!(
                    !loaded.api.endpoints.is_empty(),
                    "{}: no endpoints",
                    file.display()
                );
                for warning in &loaded.warnings {
                    assert!(
                        warning.pointer.starts_with('#'),
                        "{}: {warning}",
                        file.display()
                    );
                }
            }
            Err(error) => failures.push(error.to_string()),
        }
    }
    assert!(
        failures.is_empty(),
        "documents that did not load:\n{}",
        failures.join("\n")
    );
}
