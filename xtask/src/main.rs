//! `cargo xtask`: the project's tasks.
fn main() {
    eprintln!("cargo xtask: not implemented yet");
    std::process::exit(1);
}
