//! The static files stay data whatever the spec says: they parse, and hostile text shows up
//! only inside strings, comments or escaped Markdown.

use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};

use super::*;
use crate::{GeneratedFile, RuntimeDependency};

const HOSTILE_TITLE: &str = "Evil */ API\n#![doc = include_str!(\"/etc/passwd\")]\ncompile_error!(\"x\");\n<script>alert(1)</script>";
const HOSTILE_VERSION: &str = "1.0\" \n[build]\nx = \"y";

fn hostile_api() -> Api {
    let spec = format!(
        "openapi: 3.0.3\ninfo:\n  title: {}\n  version: {}\npaths: {{}}\n",
        serde_json_string(HOSTILE_TITLE),
        serde_json_string(HOSTILE_VERSION)
    );
    apigen_model::load_str(Path::new("hostile.yaml"), &spec)
        .unwrap_or_else(|error| panic!("{error}"))
        .api
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn serde_json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn files(options: &Options, warnings: &[Warning]) -> Vec<GeneratedFile> {
    static_files(&hostile_api(), warnings, options, &[])
}

fn contents<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|file| file.path == Path::new(path))
        .unwrap_or_else(|| panic!("{path} missing"))
        .contents
}

fn hostile_options() -> Options {
    Options {
        crate_name: "evil".to_owned(),
        spec_label: "specs/a\n#![x]\n--> <b>.yaml".to_owned(),
        runtime: RuntimeDependency::Path("../r\"\n[build]".to_owned()),
        standalone: true,
    }
}

/// Every identifier of `tokens`, outside literals.
fn identifiers(tokens: TokenStream) -> Vec<String> {
    let mut stack = vec![tokens];
    let mut out = Vec::new();
    while let Some(stream) = stack.pop() {
        for tree in stream {
            match tree {
                TokenTree::Group(group) => stack.push(group.stream()),
                TokenTree::Ident(ident) => out.push(ident.to_string()),
                TokenTree::Punct(_) | TokenTree::Literal(_) => {}
            }
        }
    }
    out
}

#[test]
fn lib_rs_keeps_hostile_text_in_string_literals() {
    let files = files(&hostile_options(), &[]);
    let lib = contents(&files, "src/lib.rs");
    let file = syn::parse_file(lib).unwrap_or_else(|error| panic!("{error}\n{lib}"));
    assert_eq!(file.items.len(), 4, "{lib}");
    assert!(
        file.items[..3]
            .iter()
            .all(|item| matches!(item, syn::Item::Mod(_)))
    );
    assert!(
        matches!(&file.items[3], syn::Item::Struct(s) if s.ident == "ReadmeDoctests"),
        "the README's doctests: {lib}"
    );
    let tokens: TokenStream = lib.parse().expect("tokens");
    let idents = identifiers(tokens);
    for injected in ["compile_error", "x", "build"] {
        assert!(!idents.iter().any(|i| i == injected), "{injected} in {lib}");
    }
    assert_eq!(
        idents.iter().filter(|i| *i == "include_str").count(),
        1,
        "only the README's doctests: {lib}"
    );
    assert!(lib.contains(r#"#[doc = include_str!("../README.md")]"#));
    let first_doc_line = lib.lines().nth(1).expect("a doc line");
    assert!(
        first_doc_line.starts_with(r#"#![doc = " Evil \\*/ API"#),
        "{lib}"
    );
    assert!(!lib.contains("<script>"));
    assert!(lib.lines().next().expect("header").ends_with("regenerate."));
}

#[test]
fn cargo_toml_is_data() {
    let files = files(&hostile_options(), &[]);
    let manifest = contents(&files, "Cargo.toml");
    let document: toml_edit::DocumentMut = manifest
        .parse()
        .unwrap_or_else(|error| panic!("{error}\n{manifest}"));
    let tables: Vec<&str> = document.iter().map(|(key, _)| key).collect();
    assert_eq!(tables, ["package", "features", "dependencies", "workspace"]);
    let package = document["package"].as_table().expect("package");
    let keys: Vec<&str> = package.iter().map(|(key, _)| key).collect();
    assert_eq!(
        keys,
        ["name", "version", "edition", "publish", "description"]
    );
    assert_eq!(package["name"].as_str(), Some("evil"));
    let description = package["description"].as_str().expect("description");
    assert!(description.starts_with("Types, client and server for the Evil */ API #![doc"));
    assert!(!description.contains('\n'));
    assert_eq!(
        document["dependencies"]["apigen-runtime"]["path"].as_str(),
        Some("../r\"\n[build]")
    );
    assert!(
        manifest
            .lines()
            .next()
            .expect("header")
            .ends_with("regenerate.")
    );
}

#[test]
fn readme_escapes_markdown_and_lists_warnings() {
    let warnings = [Warning {
        pointer: "#/paths/~1a/get".to_owned(),
        message: "skipped <b>bold</b>\n# heading".to_owned(),
    }];
    let files = files(&hostile_options(), &warnings);
    let readme = contents(&files, "README.md");
    assert!(!readme.contains("<script>"), "{readme}");
    assert!(!readme.contains("<b>"), "{readme}");
    assert!(!readme.contains("\n# heading"), "{readme}");
    assert!(!readme.contains("\n[build]"), "{readme}");
    assert_eq!(
        readme.lines().next().map(|l| l.matches("-->").count()),
        Some(1)
    );
    assert!(readme.contains("\n- \\#/paths/\\~1a/get: skipped \\<b\\>bold\\</b\\> \\# heading"));
}

#[test]
fn readme_says_when_nothing_was_skipped() {
    let files = files(&hostile_options(), &[]);
    assert!(contents(&files, "README.md").contains("None: every construct"));
}

#[test]
fn descriptions_do_not_double_api() {
    assert_eq!(
        description("PostHog Users API"),
        "Types, client and server for the PostHog Users API"
    );
    assert_eq!(
        description("Petstore"),
        "Types, client and server for the Petstore API"
    );
    assert_eq!(
        description("Rapid"),
        "Types, client and server for the Rapid API"
    );
    assert_eq!(description(""), "Types, client and server for an HTTP API");
}

#[test]
fn external_crates_are_found_in_code_only() {
    assert!(names_crate(
        "pub x: chrono::DateTime<chrono::Utc>,",
        "chrono"
    ));
    assert!(!names_crate("/// see chrono::DateTime", "chrono"));
    assert!(!names_crate("pub uuid: String,", "uuid"));
    assert!(!names_crate("my_uuid::X", "uuid"));
    assert!(names_crate("Option<uuid::Uuid>", "uuid"));
}

#[test]
fn dependencies_follow_the_code() {
    let modules = [GeneratedFile {
        path: "src/types.rs".into(),
        contents: "pub struct A { pub id: uuid::Uuid }".to_owned(),
    }];
    let files = static_files(&hostile_api(), &[], &hostile_options(), &modules);
    let manifest: toml_edit::DocumentMut = contents(&files, "Cargo.toml").parse().expect("toml");
    assert!(manifest["dependencies"].get("uuid").is_some());
    assert!(manifest["dependencies"].get("chrono").is_none());
}

#[test]
fn fill_is_one_pass() {
    let filled = fill(
        "a {{x}} b {{y}} {{unknown}}\n\n",
        &[("x", "{{y}}".into()), ("y", "2".into())],
    );
    assert_eq!(filled, "a {{y}} b 2 {{unknown}}\n");
}
