//! `.apigen-manifest`: the files apigen wrote into a crate, with the SHA-256 of each, so a
//! later run overwrites or removes only its own, unedited files.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use apigen_emit::GeneratedFile;
use sha2::{Digest, Sha256};

use crate::Error;

/// The manifest's file name, in the crate's root.
pub const FILE_NAME: &str = ".apigen-manifest";

const PREAMBLE: &str = "# Written by apigen: the files it generated here, with the SHA-256 of each.\n\
# apigen overwrites or removes only these files, and only while they are unchanged.\n";

/// The generated files a manifest lists, by path, with their hashes.
pub type Entries = BTreeMap<PathBuf, String>;

/// The lowercase hex SHA-256 of `bytes`.
pub fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The manifest listing `files`.
pub fn file(files: &[GeneratedFile]) -> GeneratedFile {
    let mut contents = PREAMBLE.to_owned();
    let mut entries: Vec<(String, String)> = files
        .iter()
        .map(|file| {
            (
                file.path.to_string_lossy().replace('\\', "/"),
                hash(file.contents.as_bytes()),
            )
        })
        .collect();
    entries.sort();
    for (path, hash) in entries {
        contents.push_str(&format!("{hash} {path}\n"));
    }
    GeneratedFile {
        path: PathBuf::from(FILE_NAME),
        contents,
    }
}

/// The entries of the manifest in `dir`; empty when there is none. Lines whose path is not a
/// plain relative path (`..`, absolute) are ignored: a manifest cannot point outside its crate.
pub fn read(dir: &Path) -> Result<Entries, Error> {
    let path = dir.join(FILE_NAME);
    match std::fs::symlink_metadata(&path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Entries::new()),
        Err(error) => return Err(Error::io("cannot read", &path)(error)),
        Ok(meta) if meta.file_type().is_symlink() => return Err(Error::Symlink(path)),
        Ok(_) => {}
    }
    let text = std::fs::read_to_string(&path).map_err(Error::io("cannot read", &path))?;
    Ok(parse(&text))
}

fn parse(text: &str) -> Entries {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(' '))
        .filter(|(hash, _)| hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()))
        .map(|(hash, path)| (PathBuf::from(path), hash.to_owned()))
        .filter(|(path, _)| is_plain_relative(path))
        .collect()
}

/// True for a non-empty relative path of normal components only.
pub fn is_plain_relative(path: &Path) -> bool {
    path.components().next().is_some()
        && path
            .components()
            .all(|component| matches!(component, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let files = [
            GeneratedFile {
                path: "src/lib.rs".into(),
                contents: "a".into(),
            },
            GeneratedFile {
                path: "Cargo.toml".into(),
                contents: "b".into(),
            },
        ];
        let manifest = file(&files);
        let entries = parse(&manifest.contents);
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[Path::new("src/lib.rs")], hash(b"a"));
    }

    #[test]
    fn paths_outside_the_crate_are_ignored() {
        let line = |path: &str| format!("{} {path}\n", hash(b"x"));
        let text = [
            line("../outside"),
            line("/etc/passwd"),
            line("./a.rs"),
            line("ok.rs"),
        ]
        .concat();
        let entries = parse(&text);
        assert_eq!(entries.keys().collect::<Vec<_>>(), [Path::new("ok.rs")]);
    }
}
