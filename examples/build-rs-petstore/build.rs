//! Generates the petstore's types, client and server from `petstore.yaml` into `OUT_DIR` on
//! every build where the spec changed; `src/lib.rs` includes the result.

use std::path::{Path, PathBuf};

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let options = apigen::Options {
        crate_name: Some("petstore".to_owned()),
        ..apigen::Options::build_script()
    };
    match apigen::generate(Path::new("petstore.yaml"), &out_dir, &options) {
        Ok(report) => {
            for warning in &report.warnings {
                println!("cargo:warning=petstore.yaml: {warning}");
            }
        }
        Err(error) => {
            eprintln!("error: petstore.yaml: {error}");
            std::process::exit(1);
        }
    }
}
