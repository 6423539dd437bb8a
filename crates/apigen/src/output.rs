//! Writing safely: a crate is written into a temporary sibling directory (same file system) and
//! moved into place only when every file was written; only apigen's own, unedited files are
//! overwritten or removed; nothing is written through a symbolic link.

use std::collections::BTreeSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use apigen_emit::GeneratedFile;

use crate::{Error, manifest};

/// What a write did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Files written (new or changed).
    pub written: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Files generated before and no longer, removed.
    pub removed: Vec<PathBuf>,
    /// Files generated before and no longer, kept because they were edited.
    pub kept: Vec<PathBuf>,
}

/// Writes one file (the real writer, or a failing one in tests).
type Writer<'a> = &'a dyn Fn(&Path, &[u8]) -> std::io::Result<()>;

/// Writes the crate `files` into `out` (see the module docs); `force` overwrites files apigen
/// did not write or that were edited since.
pub fn write_crate(out: &Path, files: &[GeneratedFile], force: bool) -> Result<Outcome, Error> {
    write_crate_with(out, files, force, &|path, bytes| {
        std::fs::write(path, bytes)
    })
}

fn write_crate_with(
    out: &Path,
    files: &[GeneratedFile],
    force: bool,
    write: Writer<'_>,
) -> Result<Outcome, Error> {
    let exists = match std::fs::symlink_metadata(out) {
        Ok(meta) if meta.file_type().is_symlink() => return Err(Error::Symlink(out.to_owned())),
        Ok(meta) if !meta.is_dir() => return Err(Error::InTheWay(out.to_owned())),
        Ok(_) => true,
        Err(error) if error.kind() == ErrorKind::NotFound => false,
        Err(error) => return Err(Error::io("cannot inspect", out)(error)),
    };
    let previous = if exists {
        manifest::read(out)?
    } else {
        manifest::Entries::new()
    };
    let mut outcome = Outcome::default();
    let mut changed = Vec::new();
    for file in files {
        match existing(out, &file.path)? {
            None => changed.push(file),
            Some(bytes) if bytes == file.contents.as_bytes() => outcome.unchanged += 1,
            Some(bytes) => {
                if !force {
                    ensure_ours(out, &file.path, &bytes, &previous)?;
                }
                changed.push(file);
            }
        }
    }
    let planned: BTreeSet<&Path> = files.iter().map(|file| file.path.as_path()).collect();
    let mut stale = Vec::new();
    for (path, hash) in &previous {
        if planned.contains(path.as_path()) {
            continue;
        }
        match existing(out, path) {
            Ok(Some(bytes)) if manifest::hash(&bytes) == *hash => stale.push(path.clone()),
            Ok(None) => {}
            _ => outcome.kept.push(path.clone()),
        }
    }

    let staging = staging_dir(out)?;
    let staged = changed.iter().try_for_each(|file| {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(Error::io("cannot create", parent))?;
        }
        write(&path, file.contents.as_bytes()).map_err(Error::io("cannot write", &path))
    });
    if let Err(error) = staged {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    let committed = if exists {
        move_into(&staging, out, &changed)
    } else {
        std::fs::rename(&staging, out).map_err(Error::io("cannot move into place", out))
    };
    let _ = std::fs::remove_dir_all(&staging);
    committed?;
    for path in stale {
        let target = out.join(&path);
        std::fs::remove_file(&target).map_err(Error::io("cannot remove", &target))?;
        remove_empty_parents(out, &path);
        outcome.removed.push(path);
    }
    outcome.written = changed.iter().map(|file| file.path.clone()).collect();
    Ok(outcome)
}

/// Writes the single module file of `files` into `out` (a build script's `OUT_DIR`) through a
/// temporary file and a rename, unless it is unchanged.
pub fn write_module(out: &Path, files: &[GeneratedFile]) -> Result<Outcome, Error> {
    std::fs::create_dir_all(out).map_err(Error::io("cannot create", out))?;
    let mut outcome = Outcome::default();
    for file in files {
        if existing(out, &file.path)?.is_some_and(|bytes| bytes == file.contents.as_bytes()) {
            outcome.unchanged += 1;
            continue;
        }
        let target = out.join(&file.path);
        let temporary = out.join(format!(".{}.apigen-tmp", file.path.display()));
        std::fs::write(&temporary, &file.contents)
            .map_err(Error::io("cannot write", &temporary))?;
        std::fs::rename(&temporary, &target)
            .map_err(Error::io("cannot move into place", &target))?;
        outcome.written.push(file.path.clone());
    }
    Ok(outcome)
}

/// The contents of `out/path` when it is a file; `None` when absent. Errors when it, or any
/// directory between `out` and it, is a symbolic link, or when a directory is in the way.
fn existing(out: &Path, path: &Path) -> Result<Option<Vec<u8>>, Error> {
    let mut current = out.to_owned();
    let components: Vec<_> = path.components().collect();
    for (index, component) in components.iter().enumerate() {
        current.push(component);
        let meta = match std::fs::symlink_metadata(&current) {
            Ok(meta) => meta,
            Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(Error::io("cannot inspect", &current)(error)),
        };
        let last = index + 1 == components.len();
        if meta.file_type().is_symlink() {
            return Err(Error::Symlink(current));
        }
        if last == meta.is_dir() {
            return Err(Error::InTheWay(current));
        }
    }
    std::fs::read(&current)
        .map(Some)
        .map_err(Error::io("cannot read", &current))
}

/// Succeeds when the file at `path` (whose contents are `bytes`) is apigen's and unedited:
/// listed in the manifest with this hash, or (before there was a manifest) carrying the
/// `@generated by apigen` header.
fn ensure_ours(
    out: &Path,
    path: &Path,
    bytes: &[u8],
    previous: &manifest::Entries,
) -> Result<(), Error> {
    if path == Path::new(manifest::FILE_NAME) {
        return Ok(());
    }
    match previous.get(path) {
        Some(hash) if *hash == manifest::hash(bytes) => Ok(()),
        Some(_) => Err(Error::Edited(out.join(path))),
        None if previous.is_empty() && has_generated_header(bytes) => Ok(()),
        None => Err(Error::Foreign(out.join(path))),
    }
}

fn has_generated_header(bytes: &[u8]) -> bool {
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    String::from_utf8_lossy(first_line).contains("@generated by apigen")
}

/// A new, empty directory beside `out` (so renames stay on one file system).
fn staging_dir(out: &Path) -> Result<PathBuf, Error> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let parent = out
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(Error::io("cannot create", parent))?;
    let name = out
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "crate".to_owned());
    loop {
        let staging = parent.join(format!(
            ".{name}.apigen-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        match std::fs::create_dir(&staging) {
            Ok(()) => return Ok(staging),
            Err(error) if error.kind() == ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(Error::io("cannot create", &staging)(error)),
        }
    }
}

/// Moves each staged file over its place in `out` (a rename: atomic per file).
fn move_into(staging: &Path, out: &Path, files: &[&GeneratedFile]) -> Result<(), Error> {
    for file in files {
        let target = out.join(&file.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(Error::io("cannot create", parent))?;
        }
        std::fs::rename(staging.join(&file.path), &target)
            .map_err(Error::io("cannot move into place", &target))?;
    }
    Ok(())
}

/// Removes the now empty directories between `out/path` and `out`.
fn remove_empty_parents(out: &Path, path: &Path) {
    let mut dir = path.parent();
    while let Some(relative) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if std::fs::remove_dir(out.join(relative)).is_err() {
            break;
        }
        dir = relative.parent();
    }
}

#[cfg(test)]
mod tests;
