//! `cargo xtask prism-driver`: the generated client against the Prism mock server (an
//! oracle we did not write). For each spec it generates the crate, then one driver binary that
//! calls every operation of each generated client with arguments synthesised from the model
//! (enum values, formats, bounds and simple patterns respected) and prints, per spec, how many
//! requests Prism accepted and how many responses the client decoded. `scripts/prism/run.sh`
//! installs Prism, runs this, builds the driver and starts `prism mock --errors` per spec.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use apigen_model::ir::{
    Api, BodyEncoding, Constraints, Endpoint, Field, ParamLocation, SchemeKind, TypeKind, TypeRef,
};
use clap::Args;
use serde_json::{Value, json};

use crate::paths;

/// Options of `cargo xtask prism-driver`.
#[derive(Debug, Args)]
pub struct PrismDriver {
    /// Where to write the generated crates and the driver.
    #[arg(long, default_value = "target/prism/work")]
    out: PathBuf,
    /// The specs to drive (default: petstore3, twilio accounts, petstore-expanded, uspto, spotify).
    #[arg(long)]
    spec: Vec<PathBuf>,
}

/// The corpus specs driven by default.
const DEFAULT_SPECS: &[&str] = &[
    "swagger-petstore3.yaml",
    "twilio_accounts_v1.json",
    "oai-petstore-expanded.yaml",
    "oai-uspto.yaml",
    "spotify-web-api.yaml",
];

/// The deepest nesting of a synthesised value.
const MAX_DEPTH: usize = 6;

/// Generates the crates and the driver; prints `NAME SPEC` per spec for the script.
pub fn run(options: &PrismDriver) -> Result<bool> {
    let root = paths::workspace_root();
    let out = root.join(&options.out);
    let specs: Vec<PathBuf> = if options.spec.is_empty() {
        DEFAULT_SPECS
            .iter()
            .map(|name| root.join("../shared/corpus").join(name))
            .collect()
    } else {
        options.spec.iter().map(|spec| root.join(spec)).collect()
    };
    let mut members = Vec::new();
    let mut modules = String::new();
    let mut dispatch = String::new();
    for spec in &specs {
        let name = format!("prism-{}", paths::crate_name_for(spec)?);
        let module = name.replace('-', "_");
        let dir = out.join(&name);
        let loaded = apigen_model::load_file(spec)
            .with_context(|| format!("cannot load {}", spec.display()))?;
        let options = apigen_emit::Options {
            crate_name: name.clone(),
            spec_label: spec
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            runtime: apigen_emit::RuntimeDependency::Path(paths::relative_path(
                &dir,
                &root.join("crates/apigen-runtime"),
            )),
            standalone: false,
        };
        for file in apigen_emit::generate_crate(&loaded.api, &loaded.warnings, &options)? {
            write_if_changed(&dir.join(&file.path), &file.contents)?;
        }
        let _ = writeln!(
            modules,
            "mod {module} {{\n    use super::*;\n    use ::{module} as api;\n{}}}\n",
            driver_module(&loaded.api)
        );
        let _ = writeln!(
            dispatch,
            "        {:?} => {module}::run(&base).await,",
            spec.file_name().unwrap_or_default().to_string_lossy()
        );
        members.push(name);
        println!("{}", spec.display());
    }
    let driver = out.join("driver");
    let dependencies: String = members
        .iter()
        .map(|m| {
            format!(
                "{} = {{ package = \"{m}\", path = \"../{m}\", default-features = false, features = [\"client\"] }}\n",
                m.replace('-', "_")
            )
        })
        .collect();
    let runtime = paths::relative_path(&driver, &root.join("crates/apigen-runtime"));
    write_if_changed(
        &driver.join("Cargo.toml"),
        &format!(
            "# Written by `cargo xtask prism-driver`.\n[package]\nname = \"prism-driver\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\napigen-runtime = {{ path = \"{runtime}\", features = [\"client\"] }}\n\
             serde = \"1\"\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n{dependencies}"
        ),
    )?;
    write_if_changed(
        &driver.join("src/main.rs"),
        &format!("{DRIVER_HEADER}\n{modules}\n{}", main_fn(&dispatch)),
    )?;
    let manifest = format!(
        "# Written by `cargo xtask prism-driver`.\n[workspace]\nresolver = \"3\"\nmembers = [{}, \"driver\"]\n\n[profile.dev]\ndebug = false\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    write_if_changed(&out.join("Cargo.toml"), &manifest)?;
    if !out.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))?;
    }
    Ok(true)
}

/// The shared part of the driver: argument helpers and the tally.
const DRIVER_HEADER: &str = r#"//! Calls every operation of each generated client against a Prism mock server.
#![allow(deprecated, unused_imports, clippy::all)]

use apigen_runtime::client::{Auth, Error};
use serde::de::DeserializeOwned;

/// A value of the inferred type, from JSON synthesised by the generator.
fn json<T: DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{text}: {error}"))
}

/// How the calls went.
#[derive(Default)]
struct Tally {
    operations: usize,
    accepted: usize,
    decoded: usize,
    skipped: usize,
}

impl Tally {
    fn record<T, E: std::fmt::Debug>(&mut self, operation: &str, result: Result<T, Error<E>>) {
        self.operations += 1;
        match result {
            Ok(_) => {
                self.accepted += 1;
                self.decoded += 1;
                println!("  ok        {operation}");
            }
            Err(Error::Decode { status, message, .. }) => {
                self.accepted += 1;
                println!("  undecoded {operation}: {status} {message}");
            }
            Err(Error::Status { status, response } | Error::Api { status, response, .. }) => {
                let text: String = response.text.chars().take(300).collect();
                println!("  rejected  {operation}: {status} {text}");
            }
            Err(error) => println!("  failed    {operation}: {error:?}"),
        }
    }

    fn skip(&mut self, operation: &str, why: &str) {
        self.operations += 1;
        self.skipped += 1;
        println!("  skipped   {operation}: {why}");
    }

    fn print(&self, spec: &str) {
        println!(
            "{spec}: {} operations, {} requests accepted, {} responses decoded, {} skipped",
            self.operations, self.accepted, self.decoded, self.skipped
        );
    }
}
"#;

fn main_fn(dispatch: &str) -> String {
    format!(
        "#[tokio::main]\nasync fn main() {{\n    let mut args = std::env::args().skip(1);\n    let spec = args.next().expect(\"the spec file name\");\n    let base = args.next().expect(\"the base URL\");\n    let tally = match spec.as_str() {{\n{dispatch}        other => panic!(\"unknown spec {{other}}\"),\n    }};\n    tally.print(&spec);\n}}\n"
    )
}

/// The module driving one generated client: `run` calls every operation once.
fn driver_module(api: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "    pub async fn run(base: &str) -> Tally {{\n        let client = api::client::Client::new(base, Auth::None){};\n        let mut tally = Tally::default();",
        credentials(api)
    );
    for endpoint in &api.endpoints {
        let _ = writeln!(out, "{}", call(api, endpoint));
    }
    let _ = writeln!(out, "        tally\n    }}");
    out
}

/// `.with_credential(..)` for every security scheme, with made-up secrets.
fn credentials(api: &Api) -> String {
    api.security_schemes
        .iter()
        .map(|scheme| {
            let auth = match &scheme.kind {
                SchemeKind::Basic => {
                    "Auth::Basic { username: \"user\".into(), password: Some(\"pass\".into()) }"
                        .to_owned()
                }
                SchemeKind::ApiKey { location, name } => {
                    let variant = match location {
                        ParamLocation::Query => "Query",
                        ParamLocation::Cookie => "Cookie",
                        _ => "Header",
                    };
                    format!("Auth::{variant} {{ name: {name:?}.into(), value: \"key\".into() }}")
                }
                _ => "Auth::Bearer(\"token\".into())".to_owned(),
            };
            format!("\n            .with_credential({:?}, {auth})", scheme.name)
        })
        .collect()
}

/// One call and its record (or a skip with the reason).
fn call(api: &Api, endpoint: &Endpoint) -> String {
    let id = &endpoint.operation_id;
    if endpoint
        .body
        .as_ref()
        .is_some_and(|body| body.parts_type.is_some())
    {
        return format!("        tally.skip({id:?}, \"a multipart body of file parts\");");
    }
    let mut args: Vec<String> = endpoint
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let value = example(api, &p.ty, &p.constraints, &p.wire_name, 0);
            argument(api, &p.ty, &value)
        })
        .collect();
    if let Some(body) = &endpoint.body {
        let content = &body.primary;
        let arg = match (&content.ty, content.encoding) {
            (_, BodyEncoding::Binary) => {
                "apigen_runtime::ByteStream::from(b\"example\".to_vec())".to_owned()
            }
            (TypeRef::Bytes, _) => "b\"example\"".to_owned(),
            (TypeRef::String, BodyEncoding::Text) => "\"example\"".to_owned(),
            (ty, _) => {
                let value = example(api, ty, &Constraints::default(), "body", 0);
                format!("&json({})", raw_string(&value.to_string()))
            }
        };
        if body.required {
            args.push(arg);
        }
    }
    format!(
        "        tally.record({id:?}, client.{}({}).send().await);",
        endpoint.rust_name,
        args.join(", ")
    )
}

/// The argument expression for a parameter of type `ty`, the way the client method takes it.
fn argument(api: &Api, ty: &TypeRef, value: &Value) -> String {
    let text = raw_string(&value.to_string());
    match ty {
        TypeRef::String | TypeRef::Bytes => match value {
            Value::String(s) => format!("{s:?}"),
            other => format!("{:?}", other.to_string()),
        },
        TypeRef::Named(id)
            if !matches!(
                api.type_def(*id).kind,
                TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) | TypeKind::Union(_)
            ) =>
        {
            format!("&json({text})")
        }
        TypeRef::Array(_) => format!("json::<Vec<_>>({text}).as_slice()"),
        TypeRef::Json | TypeRef::Map(_) => format!("&json({text})"),
        _ => format!("json({text})"),
    }
}

fn raw_string(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

/// An example value of `ty` that respects what the model knows of it.
fn example(api: &Api, ty: &TypeRef, constraints: &Constraints, name: &str, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match ty {
        TypeRef::String | TypeRef::Bytes => json!(string_example(constraints, name)),
        TypeRef::Uuid => json!("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        TypeRef::DateTime => json!("2024-01-02T03:04:05Z"),
        TypeRef::Date => json!("2024-01-02"),
        TypeRef::Integer(_) => {
            let low = constraints.minimum.map_or(1.0, |min| {
                if constraints.exclusive_minimum {
                    min.floor() + 1.0
                } else {
                    min.ceil()
                }
            });
            let value = match constraints.maximum {
                Some(max) if low > max => max.floor(),
                _ => low.max(1.0).min(constraints.maximum.unwrap_or(f64::MAX)),
            };
            json!(value as i64)
        }
        TypeRef::Number(_) => {
            let low = constraints.minimum.unwrap_or(1.0);
            json!(constraints.maximum.map_or(low, |max| low.min(max)))
        }
        TypeRef::Boolean => json!(true),
        TypeRef::Json => json!({}),
        TypeRef::Array(item) => {
            let count = constraints.min_items.unwrap_or(1).max(1);
            let item = example(api, item, &Constraints::default(), name, depth + 1);
            Value::Array(vec![item; count])
        }
        TypeRef::Map(_) => json!({}),
        TypeRef::Nullable(inner) => example(api, inner, constraints, name, depth),
        TypeRef::Named(id) => {
            let def = api.type_def(*id);
            match &def.kind {
                TypeKind::Struct(s) => {
                    let mut object = serde_json::Map::new();
                    for field in &s.fields {
                        if field.required || depth == 0 {
                            object
                                .insert(field.wire_name.clone(), field_example(api, field, depth));
                        }
                    }
                    Value::Object(object)
                }
                TypeKind::StringEnum(variants) => variants
                    .first()
                    .map_or(json!("example"), |v| json!(v.wire_value)),
                TypeKind::IntegerEnum(variants) => {
                    variants.first().map_or(json!(0), |v| json!(v.value))
                }
                TypeKind::Union(union) => match union.variants.first() {
                    Some(variant) => match &variant.constant {
                        Some(constant) => json!(constant),
                        None => example(api, &variant.ty, constraints, name, depth + 1),
                    },
                    None => Value::Null,
                },
                TypeKind::Alias(inner) | TypeKind::Newtype { ty: inner, .. } => {
                    example(api, inner, constraints, name, depth + 1)
                }
            }
        }
    }
}

fn field_example(api: &Api, field: &Field, depth: usize) -> Value {
    if field.read_only && !field.required {
        return Value::Null;
    }
    example(
        api,
        &field.ty,
        &field.constraints,
        &field.wire_name,
        depth + 1,
    )
}

/// A string that matches a simple `pattern`, has the length bounds, and looks like what its
/// name suggests (an email, a URL).
fn string_example(constraints: &Constraints, name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let mut text = match &constraints.pattern {
        Some(pattern) => pattern_example(pattern).unwrap_or_else(|| "example".to_owned()),
        None if lower.contains("email") => "user@example.com".to_owned(),
        None if lower.contains("url") || lower.contains("uri") => "https://example.com/".to_owned(),
        None => "example".to_owned(),
    };
    if let Some(min) = constraints.min_length {
        while text.chars().count() < min {
            text.push('a');
        }
    }
    if let Some(max) = constraints.max_length {
        text = text.chars().take(max).collect();
    }
    text
}

/// The shortest-ish string a simple regular expression matches: literals, classes, `\d`,
/// `\w`, `.`, groups (first alternative), `?`, `*`, `+` and `{n,m}`; `None` for anything else.
fn pattern_example(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let (text, _) = sequence(&chars, 0, 0)?;
    Some(text)
}

/// The example of the sequence starting at `at`, up to `)` or the end; and where it stopped.
fn sequence(chars: &[char], mut at: usize, depth: usize) -> Option<(String, usize)> {
    if depth > 16 {
        return None;
    }
    let mut out = String::new();
    while at < chars.len() {
        let (atom, next) = match chars[at] {
            '^' | '$' => {
                at += 1;
                continue;
            }
            ')' => return Some((out, at)),
            '|' => {
                let mut level = 0usize;
                let mut skip = at;
                while skip < chars.len() {
                    match chars[skip] {
                        '(' => level += 1,
                        ')' if level == 0 => break,
                        ')' => level -= 1,
                        '\\' => skip += 1,
                        _ => {}
                    }
                    skip += 1;
                }
                return Some((out, skip));
            }
            '(' => {
                let mut start = at + 1;
                if chars.get(start) == Some(&'?') {
                    start += 2;
                }
                let (inner, end) = sequence(chars, start, depth + 1)?;
                (inner, end + 1)
            }
            '[' => {
                let close = chars[at..].iter().position(|c| *c == ']')? + at;
                let first = chars.get(at + 1).copied()?;
                let first = if first == '^' {
                    'x'
                } else if first == '\\' {
                    escape_example(*chars.get(at + 2)?)
                } else {
                    first
                };
                (first.to_string(), close + 1)
            }
            '\\' => (escape_example(*chars.get(at + 1)?).to_string(), at + 2),
            '.' => ("a".to_owned(), at + 1),
            c => (c.to_string(), at + 1),
        };
        let (count, after) = quantifier(chars, next)?;
        for _ in 0..count {
            out.push_str(&atom);
        }
        at = after;
    }
    Some((out, at))
}

fn escape_example(c: char) -> char {
    match c {
        'd' => '1',
        'w' | 'S' => 'a',
        's' => ' ',
        other => other,
    }
}

/// How many times the atom before `at` repeats, and what follows the quantifier.
fn quantifier(chars: &[char], at: usize) -> Option<(usize, usize)> {
    Some(match chars.get(at) {
        Some('?') | Some('*') => (0, at + 1),
        Some('+') => (1, at + 1),
        Some('{') => {
            let close = chars[at..].iter().position(|c| *c == '}')? + at;
            let inside: String = chars[at + 1..close].iter().collect();
            let low = inside.split(',').next()?.trim().parse().ok()?;
            (low, close + 1)
        }
        _ => (1, at),
    })
}

fn write_if_changed(path: &Path, contents: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_give_matching_examples() {
        assert_eq!(
            pattern_example("^AC[0-9a-fA-F]{32}$").unwrap(),
            format!("AC{}", "0".repeat(32))
        );
        assert_eq!(pattern_example(r"^\d{3}-(ab|cd)x?$").unwrap(), "111-ab");
        assert_eq!(pattern_example("[a-z]+").unwrap(), "a");
    }
}
