//! The safety rules of `write_crate`, on small file sets in temporary directories.

use super::*;

fn file(path: &str, contents: &str) -> GeneratedFile {
    GeneratedFile {
        path: PathBuf::from(path),
        contents: contents.to_owned(),
    }
}

/// A crate's files plus its manifest, as `plan` produces them.
fn crate_files(files: &[(&str, &str)]) -> Vec<GeneratedFile> {
    let mut files: Vec<GeneratedFile> = files.iter().map(|(p, c)| file(p, c)).collect();
    files.push(manifest::file(&files));
    files
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn siblings(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn writes_a_new_crate_and_then_only_what_changed() {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("api");
    let first = crate_files(&[("Cargo.toml", "a"), ("src/lib.rs", "b")]);
    let outcome = write_crate(&out, &first, false).expect("written");
    assert_eq!(outcome.written.len(), 3);
    assert_eq!(read(&out, "src/lib.rs"), "b");
    assert_eq!(siblings(temp.path()), ["api"], "no staging directory left");

    let second = crate_files(&[("Cargo.toml", "a"), ("src/lib.rs", "c")]);
    let outcome = write_crate(&out, &second, false).expect("written");
    assert_eq!(
        outcome.written,
        [
            PathBuf::from("src/lib.rs"),
            PathBuf::from(manifest::FILE_NAME)
        ]
    );
    assert_eq!(outcome.unchanged, 1);
    assert_eq!(read(&out, "src/lib.rs"), "c");
}

#[test]
fn refuses_a_foreign_cargo_toml_unless_forced() {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("api");
    std::fs::create_dir_all(&out).expect("dir");
    std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\n").expect("write");
    let files = crate_files(&[("Cargo.toml", "generated"), ("src/lib.rs", "b")]);
    let error = write_crate(&out, &files, false).expect_err("foreign file");
    assert!(matches!(error, Error::Foreign(_)), "{error}");
    assert!(error.to_string().contains("--force"));
    assert_eq!(read(&out, "Cargo.toml"), "[package]\nname = \"mine\"\n");
    assert!(!out.join("src").exists(), "nothing written");

    write_crate(&out, &files, true).expect("forced");
    assert_eq!(read(&out, "Cargo.toml"), "generated");
}

#[test]
fn refuses_to_overwrite_an_edited_file() {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("api");
    write_crate(&out, &crate_files(&[("src/lib.rs", "b")]), false).expect("written");
    std::fs::write(out.join("src/lib.rs"), "my edit").expect("edit");
    let error =
        write_crate(&out, &crate_files(&[("src/lib.rs", "c")]), false).expect_err("edited file");
    assert!(matches!(error, Error::Edited(_)), "{error}");
    assert_eq!(read(&out, "src/lib.rs"), "my edit");
}

#[cfg(unix)]
#[test]
fn never_writes_through_a_symbolic_link() {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("api");
    let elsewhere = temp.path().join("elsewhere");
    std::fs::create_dir_all(&out).expect("dir");
    std::fs::create_dir_all(&elsewhere).expect("dir");
    std::fs::write(elsewhere.join("lib.rs"), "precious").expect("write");
    std::os::unix::fs::symlink(&elsewhere, out.join("src")).expect("symlink");
    let files = crate_files(&[("src/lib.rs", "b")]);
    for force in [false, true] {
        let error = write_crate(&out, &files, force).expect_err("symlinked directory");
        assert!(matches!(error, Error::Symlink(_)), "{error}");
    }
    assert_eq!(read(&elsewhere, "lib.rs"), "precious");

    std::fs::remove_file(out.join("src")).expect("unlink");
    std::fs::create_dir(out.join("src")).expect("dir");
    std::os::unix::fs::symlink(elsewhere.join("lib.rs"), out.join("src/lib.rs")).expect("link");
    let error = write_crate(&out, &files, true).expect_err("symlinked file");
    assert!(matches!(error, Error::Symlink(_)), "{error}");
    assert_eq!(read(&elsewhere, "lib.rs"), "precious");

    let linked_out = temp.path().join("linked");
    std::os::unix::fs::symlink(&out, &linked_out).expect("link");
    let error = write_crate(&linked_out, &files, true).expect_err("symlinked crate");
    assert!(matches!(error, Error::Symlink(_)), "{error}");
}

#[test]
fn a_failed_write_leaves_the_old_crate_intact() {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("api");
    let old = crate_files(&[
        ("Cargo.toml", "old a"),
        ("src/lib.rs", "old b"),
        ("src/x.rs", "old x"),
    ]);
    write_crate(&out, &old, false).expect("written");
    let new = crate_files(&[("Cargo.toml", "new a"), ("src/lib.rs", "new b")]);
    let fail_on_lib = |path: &Path, bytes: &[u8]| {
        if path.ends_with("src/lib.rs") {
            Err(std::io::Error::other("disk full"))
        } else {
            std::fs::write(path, bytes)
        }
    };
    let error = write_crate_with(&out, &new, false, &fail_on_lib).expect_err("failed write");
    assert!(error.to_string().contains("disk full"), "{error}");
    assert_eq!(read(&out, "Cargo.toml"), "old a");
    assert_eq!(read(&out, "src/lib.rs"), "old b");
    assert_eq!(read(&out, "src/x.rs"), "old x");
    assert_eq!(
        siblings(temp.path()),
        ["api"],
        "the staging directory is removed"
    );

    let fresh = temp.path().join("fresh");
    write_crate_with(&fresh, &new, false, &fail_on_lib).expect_err("failed write");
    assert!(!fresh.exists(), "no half crate");
}

#[test]
fn removes_stale_files_only_when_ours_and_unedited() {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("api");
    let old = crate_files(&[
        ("src/lib.rs", "lib"),
        ("src/gone.rs", "gone"),
        ("src/extra/edited.rs", "e"),
        ("vendor/r/src/a.rs", "a"),
    ]);
    write_crate(&out, &old, false).expect("written");
    std::fs::write(out.join("src/extra/edited.rs"), "my edit").expect("edit");
    std::fs::write(out.join("src/mine.rs"), "mine").expect("a file of the user's");
    let new = crate_files(&[("src/lib.rs", "lib")]);
    let outcome = write_crate(&out, &new, false).expect("written");
    assert_eq!(
        outcome.removed,
        [
            PathBuf::from("src/gone.rs"),
            PathBuf::from("vendor/r/src/a.rs")
        ]
    );
    assert_eq!(outcome.kept, [PathBuf::from("src/extra/edited.rs")]);
    assert!(!out.join("src/gone.rs").exists());
    assert!(!out.join("vendor").exists(), "emptied directories go too");
    assert_eq!(read(&out, "src/extra/edited.rs"), "my edit");
    assert_eq!(read(&out, "src/mine.rs"), "mine");
}

#[test]
fn a_directory_in_the_way_is_an_error_before_anything_changes() {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("api");
    write_crate(&out, &crate_files(&[("src/lib.rs", "old")]), false).expect("written");
    std::fs::create_dir_all(out.join("src/types.rs")).expect("a directory");
    let files = crate_files(&[("src/lib.rs", "new"), ("src/types.rs", "t")]);
    let error = write_crate(&out, &files, true).expect_err("in the way");
    assert!(matches!(error, Error::InTheWay(_)), "{error}");
    assert_eq!(read(&out, "src/lib.rs"), "old");
}

#[test]
fn legacy_crates_with_generated_headers_are_ours() {
    let temp = tempfile::tempdir().expect("tempdir");
    let out = temp.path().join("api");
    std::fs::create_dir_all(out.join("src")).expect("dir");
    std::fs::write(
        out.join("src/lib.rs"),
        "// @generated by apigen from a.yaml.\nold",
    )
    .expect("w");
    write_crate(&out, &crate_files(&[("src/lib.rs", "new")]), false).expect("ours");
    assert_eq!(read(&out, "src/lib.rs"), "new");
}
