//! The runtime's sources, embedded at build time (see `build.rs`), copied into a generated
//! crate under `vendor/apigen-runtime`.

use std::path::Path;

use apigen_emit::{GeneratedFile, VENDORED_RUNTIME_DIR};
use toml_edit::{DocumentMut, Item};

use crate::Error;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/vendored_runtime.rs"));
}

/// The runtime crate's files as they go into a generated crate: its sources unchanged, its
/// manifest without dev-dependencies and never published.
pub fn runtime_files() -> Result<Vec<GeneratedFile>, Error> {
    embedded::FILES
        .iter()
        .map(|(path, contents)| {
            let contents = if *path == "Cargo.toml" {
                vendored_manifest(contents)?
            } else {
                (*contents).to_owned()
            };
            Ok(GeneratedFile {
                path: Path::new(VENDORED_RUNTIME_DIR).join(path),
                contents,
            })
        })
        .collect()
}

fn vendored_manifest(text: &str) -> Result<String, Error> {
    let mut manifest: DocumentMut = text
        .parse()
        .map_err(|error| Error::Vendor(format!("the runtime's Cargo.toml: {error}")))?;
    manifest.remove("dev-dependencies");
    for section in ["package", "dependencies"] {
        let inherits = manifest
            .get(section)
            .and_then(Item::as_table_like)
            .is_some_and(|table| {
                table.iter().any(|(_, value)| {
                    value
                        .as_table_like()
                        .is_some_and(|entry| entry.contains_key("workspace"))
                })
            });
        if inherits {
            return Err(Error::Vendor(format!(
                "the runtime's [{section}] inherits from its workspace; write its values out"
            )));
        }
    }
    if let Some(package) = manifest.get_mut("package").and_then(Item::as_table_mut) {
        package.insert("publish", toml_edit::value(false));
    }
    Ok(format!(
        "# Vendored by apigen {}: a copy of apigen-runtime, so this crate builds anywhere.\n{manifest}",
        env!("CARGO_PKG_VERSION")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_runtime_source_is_vendored() {
        let files = runtime_files().expect("the runtime vendors");
        let paths: Vec<String> = files
            .iter()
            .map(|file| file.path.to_string_lossy().replace('\\', "/"))
            .collect();
        for expected in [
            "vendor/apigen-runtime/Cargo.toml",
            "vendor/apigen-runtime/src/lib.rs",
            "vendor/apigen-runtime/src/client/transport.rs",
            "vendor/apigen-runtime/src/server/mod.rs",
        ] {
            assert!(paths.iter().any(|p| p == expected), "{expected}: {paths:?}");
        }
        let manifest = &files[0].contents;
        assert!(!manifest.contains("dev-dependencies"), "{manifest}");
        assert!(!manifest.contains("workspace"), "{manifest}");
        assert!(manifest.contains("publish = false"), "{manifest}");
    }

    #[test]
    fn inherited_values_are_refused() {
        let error = vendored_manifest("[package]\nname = \"r\"\nversion.workspace = true\n")
            .expect_err("inheritance");
        assert!(error.to_string().contains("[package]"));
    }
}
