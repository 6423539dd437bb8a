//! Paths: the workspace root, labels relative to it, which outputs are workspace members.

use std::path::{Path, PathBuf};

use anyhow::Result;

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A package name from a spec file name: `posthog-users.yaml` → `posthog-users`.
pub fn crate_name_for(spec: &Path) -> Result<String> {
    Ok(apigen::crate_name_for(spec)?)
}

/// The spec as shown in generated headers: relative to the workspace when inside it.
pub fn label(root: &Path, spec: &Path) -> String {
    let spec = normalize(spec);
    match spec.strip_prefix(normalize(root)) {
        Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
        Err(_) => spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// True when `out` is a direct child of `generated/`, which the workspace lists as members.
pub fn is_workspace_member(root: &Path, out: &Path) -> bool {
    normalize(out).parent() == Some(normalize(&root.join("generated")).as_path())
}

/// The path from directory `from` to `to`, with `/` separators.
pub fn relative_path(from: &Path, to: &Path) -> String {
    apigen::relative_path(from, to)
}

/// Resolves `.` and `..` without touching the file system (the output may not exist yet).
fn normalize(path: &Path) -> PathBuf {
    apigen::normalize(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members() {
        assert!(is_workspace_member(
            Path::new("/w"),
            Path::new("/w/generated/a")
        ));
        assert!(!is_workspace_member(
            Path::new("/w"),
            Path::new("/w/generated/a/b")
        ));
        assert!(!is_workspace_member(Path::new("/w"), Path::new("/tmp/a")));
    }
}
