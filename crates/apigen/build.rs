//! Embeds the runtime crate's manifest and sources, so that `apigen` can vendor them into a
//! generated crate: writes `$OUT_DIR/vendored_runtime.rs` with one `include_str!` per file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let packaged = manifest_dir.join("runtime");
    let runtime = if packaged.join("Cargo.toml").is_file() {
        packaged
    } else {
        manifest_dir.join("../apigen-runtime")
    };
    let mut files = vec![runtime.join("Cargo.toml")];
    collect(&runtime.join("src"), &mut files);
    files.sort();
    let mut out = String::from("/// The runtime crate's files: path inside the crate, contents.\n");
    out.push_str("pub const FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        let relative = file
            .strip_prefix(&runtime)
            .expect("under the runtime directory")
            .to_string_lossy()
            .replace('\\', "/");
        let absolute = file.canonicalize().expect("a readable runtime file");
        writeln!(out, "    ({relative:?}, include_str!({absolute:?})),").expect("a string");
        println!("cargo:rerun-if-changed={}", file.display());
    }
    out.push_str("];\n");
    println!("cargo:rerun-if-changed={}", runtime.join("src").display());
    let target = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(target.join("vendored_runtime.rs"), out).expect("OUT_DIR is writable");
}

/// Every `.rs` file under `dir`, recursively.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|error| {
        panic!(
            "cannot read the runtime sources at {}: {error}",
            dir.display()
        )
    });
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
}
