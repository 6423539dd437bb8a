//! Names derived from paths: the crate name from a spec file, the spec label in headers,
//! relative paths for `Cargo.toml`.

use std::path::{Component, Path, PathBuf};

use crate::Error;

/// A package name from a spec file name: `posthog-users.yaml` → `posthog-users`,
/// `stripe_spec3.json` → `stripe-spec3`.
pub fn crate_name_for(spec: &Path) -> Result<String, Error> {
    let stem = spec
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(Error::NoCrateName(spec.to_owned()));
    }
    Ok(name)
}

/// The spec as named in generated headers: the path as given when relative, else its file name
/// (an absolute path would leak the machine's directory layout into the crate).
pub fn default_label(spec: &Path) -> String {
    if spec.is_relative() {
        normalize(spec).to_string_lossy().replace('\\', "/")
    } else {
        spec.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The path from directory `from` to `to`, with `/` separators (absolute when they share no
/// root).
pub fn relative_path(from: &Path, to: &Path) -> String {
    let (from, to) = (normalize(from), normalize(to));
    let common = from
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return to.to_string_lossy().into_owned();
    }
    let ups = from.components().count() - common;
    let mut parts: Vec<String> = vec!["..".to_owned(); ups];
    parts.extend(
        to.components()
            .skip(common)
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

/// Resolves `.` and `..` without touching the file system (the output may not exist yet).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_path(
                Path::new("/w/generated/posthog-users"),
                Path::new("/w/crates/apigen-runtime")
            ),
            "../../crates/apigen-runtime"
        );
        assert_eq!(
            relative_path(Path::new("/tmp/x"), Path::new("/w/crates/r")),
            "../../w/crates/r"
        );
    }

    #[test]
    fn crate_names() {
        assert_eq!(
            crate_name_for(Path::new("spec/posthog-users.yaml")).unwrap(),
            "posthog-users"
        );
        assert_eq!(
            crate_name_for(Path::new("x/stripe_spec3.json")).unwrap(),
            "stripe-spec3"
        );
        assert!(crate_name_for(Path::new("3.json")).is_err());
        assert!(crate_name_for(Path::new("_.json")).is_err());
    }

    #[test]
    fn labels() {
        assert_eq!(default_label(Path::new("./spec/a.yaml")), "spec/a.yaml");
        assert_eq!(default_label(Path::new("/home/me/a.yaml")), "a.yaml");
    }
}
