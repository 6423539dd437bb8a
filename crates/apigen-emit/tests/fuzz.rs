//! A bounded fuzz run of the whole pipeline (load → lower → emit → format) on mutated real specs:
//! the corpus documents, the emitter fixtures and the PostHog spec, changed by deterministic
//! seeded mutations (removed and retyped values, dangling, external and self references, deep
//! nesting, deep inline schemas, huge numbers, odd and colliding names, odd text). No input may
//! panic, abort or overflow a stack, and every error names its place.
//!
//! It runs for `APIGEN_FUZZ_SECS` seconds (default 15; debug builds of CI stay well under 40 s),
//! from seed `APIGEN_FUZZ_SEED`. Iteration `n` mutates with `seed ^ n`, so a failure reported as
//! "iteration n" reproduces whatever the time budget; failing inputs are written to
//! `$TMPDIR/apigen-fuzz/`. A longer run also mutates Stripe (4.2 MB):
//! `APIGEN_FUZZ_SECS=600 cargo test --release -p apigen-emit --test fuzz -- --nocapture`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use apigen_model::LoadError;
use serde_json::{Map, Value, json};

#[path = "../../apigen-model/tests/support/json_places.rs"]
mod json_places;

use json_places::{Rng, get_mut, locations};

impl Rng {
    /// One of `items`, which must not be empty.
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Names that collide with Rust, with the generated code's own names, or are not names at all.
const ODD_NAMES: &[&str] = &[
    "",
    " ",
    "_",
    "__",
    "0",
    "123abc",
    "a/b",
    "~",
    "~1",
    "a.b",
    "a-b-c",
    "A_B",
    "a b",
    "self",
    "Self",
    "super",
    "crate",
    "type",
    "r#type",
    "fn",
    "async",
    "await",
    "dyn",
    "union",
    "Result",
    "Option",
    "Box",
    "String",
    "Vec",
    "Error",
    "Client",
    "Api",
    "Router",
    "Unimplemented",
    "DenyAll",
    "serde",
    "std",
    "core",
    "into",
    "clone",
    "path",
    "request",
    "body",
    "caller",
    "new",
    "base_url",
    "🦀",
    "名前",
    "ß",
    "ﬁ",
    "Ünïcödé",
    "\u{202e}evil",
    "a\nb",
    "\"quote",
    "*/",
    "//",
    "$",
    "%",
    "{",
    "}",
    "{a}",
    "null",
    "true",
    "1e3",
    "-1",
];

/// Text values that are hard to escape or to name.
const ODD_TEXT: &[&str] = &[
    "",
    "*/ compile_error!(\"x\"); /*",
    "\"); panic!(\"",
    "\\",
    "\n\n# heading\n",
    "```",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "🦀🦀🦀",
    "a\r\nb",
    "'",
    "{{}}",
    "#[doc = \"x\"]",
];

/// Placeholders replaced in the serialized text by literals a JSON value cannot hold.
const HUGE_LITERALS: &[&str] = &[
    "1e400",
    "-1e400",
    "-9223372036854776000",
    "18446744073709551616",
    "-9223372036854775809",
    "123456789012345678901234567890",
    "0.0000000000000000000000000000000000000000001",
    "-0",
];

/// A document to mutate, with its places sorted by kind.
struct Seed {
    name: String,
    value: Value,
    all: Vec<Vec<String>>,
    schemas: Vec<Vec<String>>,
    components: Vec<String>,
    keys: Vec<Vec<String>>,
}

impl Seed {
    fn new(name: String, value: Value) -> Self {
        let mut all = Vec::new();
        locations(&value, &mut Vec::new(), &mut all);
        let is_schema = |path: &Vec<String>| {
            let last = path.last().map(String::as_str);
            let parent = path.len().checked_sub(2).map(|i| path[i].as_str());
            last == Some("schema")
                || last == Some("items")
                || last == Some("additionalProperties")
                || matches!(
                    parent,
                    Some("schemas" | "properties" | "allOf" | "oneOf" | "anyOf")
                )
        };
        let schemas = all.iter().filter(|p| is_schema(p)).cloned().collect();
        let keys = all
            .iter()
            .filter(|p| {
                let parent = p.len().checked_sub(2).map(|i| p[i].as_str());
                matches!(
                    parent,
                    Some("schemas" | "properties" | "paths" | "parameters")
                ) || p.last().is_some_and(|k| k == "operationId" || k == "name")
            })
            .cloned()
            .collect();
        let components = value
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        Seed {
            name,
            value,
            all,
            schemas,
            keys,
            components,
        }
    }
}

fn nested(depth: usize, leaf: Value, wrap: impl Fn(Value) -> Value) -> Value {
    (0..depth).fold(leaf, |inner, _| wrap(inner))
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1")) })
}

/// Applies one mutation; returns what it did.
fn mutate(seed: &Seed, document: &mut Value, rng: &mut Rng) -> String {
    let kind = rng.below(14);
    let pool = match kind {
        5 | 6 | 12 if !seed.schemas.is_empty() => &seed.schemas,
        9 if !seed.keys.is_empty() => &seed.keys,
        _ => &seed.all,
    };
    if pool.is_empty() {
        return "nothing".to_owned();
    }
    let path = rng.pick(pool).clone();
    let Some((last, parent_path)) = path.split_last() else {
        return "nothing".to_owned();
    };
    let component = if seed.components.is_empty() {
        "Missing".to_owned()
    } else {
        rng.pick(&seed.components).clone()
    };
    let Some(parent) = get_mut(document, parent_path) else {
        return "nothing".to_owned();
    };
    if kind == 9 {
        // Rename a key (component, property, path, parameter) or set an odd name.
        let odd = rng.pick(ODD_NAMES).to_string();
        return match parent {
            Value::Object(map) => match map.shift_remove(last) {
                Some(value) => {
                    let name = if last.starts_with('/') && rng.below(2) == 0 {
                        format!("/{odd}")
                    } else {
                        odd
                    };
                    map.insert(name.clone(), value);
                    format!("renamed {path:?} to {name:?}")
                }
                None => "nothing".to_owned(),
            },
            Value::Array(_) => "nothing".to_owned(),
            _ => "nothing".to_owned(),
        };
    }
    let slot = match parent {
        Value::Object(map) => {
            if kind == 0 {
                map.shift_remove(last);
                return format!("removed {path:?}");
            }
            map.get_mut(last)
        }
        Value::Array(items) => {
            let index = last.parse::<usize>().unwrap_or(0);
            if kind == 0 && index < items.len() {
                items.remove(index);
                return format!("removed {path:?}");
            }
            items.get_mut(index)
        }
        _ => None,
    };
    let Some(slot) = slot else {
        return "nothing".to_owned();
    };
    match kind {
        0 | 1 => {
            *slot = match slot {
                Value::String(_) => json!(7),
                Value::Number(_) => json!("seven"),
                Value::Bool(_) => json!([]),
                Value::Array(_) => json!({}),
                Value::Object(_) => json!(true),
                Value::Null => json!("null"),
            };
            format!("retyped {path:?}")
        }
        2 => {
            *slot = rng
                .pick(&[
                    json!({"$ref": "#/components/schemas/DoesNotExist"}),
                    json!({"$ref": "other.yaml#/components/schemas/Pet"}),
                    json!({"$ref": "#/components/schemas"}),
                    json!({"$ref": "#/paths/~1a"}),
                    json!({"$ref": ""}),
                    json!({"$ref": "#"}),
                    json!({"$ref": 5}),
                ])
                .clone();
            format!("bad ref at {path:?}")
        }
        3 | 4 => {
            // Self references: direct, through allOf, oneOf, nullable, a mutual pair.
            let own = schema_ref(&component);
            let shape = rng.below(6);
            let value = match shape {
                0 => json!({"allOf": [own]}),
                1 => json!({"oneOf": [own, {"type": "string"}]}),
                2 => json!({"anyOf": [own]}),
                3 => json!({"nullable": true, "allOf": [own]}),
                4 => json!({"type": "object", "required": ["me"], "properties": {"me": own}}),
                _ => json!({"type": "array", "items": own}),
            };
            if let Some(target) = document
                .pointer_mut("/components/schemas")
                .and_then(Value::as_object_mut)
            {
                target.insert(component.clone(), value);
                return format!("self reference {shape} in {component}");
            }
            "nothing".to_owned()
        }
        5 => {
            let depth = *rng.pick(&[10, 31, 33, 60, 200]);
            *slot = nested(
                depth,
                json!({"type": "string"}),
                |inner| json!({"type": "array", "items": inner}),
            );
            format!("array schema {depth} deep at {path:?}")
        }
        6 => {
            let depth = *rng.pick(&[10, 20, 40, 60]);
            *slot = nested(
                depth,
                json!({"type": "integer"}),
                |inner| json!({"type": "object", "properties": {"a": inner}, "additionalProperties": {"type": "string"}}),
            );
            format!("object schema {depth} deep at {path:?}")
        }
        7 => {
            let depth = *rng.pick(&[50, 98, 101, 400]);
            *slot = if rng.below(2) == 0 {
                nested(depth, json!(1), |inner| json!([inner]))
            } else {
                nested(depth, json!(1), |inner| json!({"k": inner}))
            };
            format!("value {depth} deep at {path:?}")
        }
        8 => {
            let literal = rng.below(HUGE_LITERALS.len());
            *slot = json!(format!("@@HUGE{literal}@@"));
            format!("huge number {} at {path:?}", HUGE_LITERALS[literal])
        }
        10 => {
            let text = rng.pick(ODD_TEXT);
            *slot = json!(text);
            format!("odd text {text:?} at {path:?}")
        }
        11 => {
            *slot = rng
                .pick(&[
                    json!(f64::MAX),
                    json!(u64::MAX),
                    json!(i64::MIN),
                    json!(-0.0),
                    json!(1e-300),
                    json!([1e300, -1, "x", null, true]),
                ])
                .clone();
            format!("extreme number at {path:?}")
        }
        12 => {
            // Type confusion inside a schema: keywords of one type on another.
            *slot = rng.pick(&[
                json!({"type": "string", "enum": []}),
                json!({"type": "integer", "enum": [1, 1.5, "a", null, 99999999999999999999u128.to_string()]}),
                json!({"type": "string", "enum": [null]}),
                json!({"type": "object", "properties": {}, "required": ["missing", "missing"]}),
                json!({"type": "array"}),
                json!({"type": "object", "additionalProperties": false}),
                json!({"type": "string", "format": "binary", "nullable": true}),
                json!({"type": "string", "pattern": "(unclosed"}),
                json!({"type": "integer", "minimum": 10, "maximum": 1}),
                json!({"oneOf": []}),
                json!({"allOf": [{"type": "string"}, {"type": "integer"}]}),
                json!({"not": {}}),
                json!({"discriminator": {"propertyName": "kind"}, "oneOf": [{"type": "string"}]}),
                json!({"type": ["string", "null"]}),
                json!({}),
            ])
            .clone();
            format!("confused schema at {path:?}")
        }
        _ => {
            // Duplicate a component under a colliding name.
            if let Some(target) = document
                .pointer_mut("/components/schemas")
                .and_then(Value::as_object_mut)
                && let Some(value) = target.get(&component).cloned()
            {
                let twin = match rng.below(4) {
                    0 => component.to_lowercase(),
                    1 => component.to_uppercase(),
                    2 => format!("{component}_"),
                    _ => format!("{component}-1"),
                };
                target.insert(twin.clone(), value);
                return format!("twin {twin:?} of {component:?}");
            }
            "nothing".to_owned()
        }
    }
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("yaml" | "json")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn seeds(with_large: bool) -> Vec<Seed> {
    let mut files = spec_files(&manifest_dir().join("tests/fixtures"));
    files.push(manifest_dir().join("../../spec/posthog-users.yaml"));
    files.extend(spec_files(&manifest_dir().join("../../../shared/corpus")));
    files
        .into_iter()
        .filter_map(|file| {
            let text = std::fs::read_to_string(&file).ok()?;
            if text.len() > 1_000_000 && !with_large {
                return None;
            }
            let value: Value = if file.extension().is_some_and(|e| e == "json") {
                serde_json::from_str(&text).ok()?
            } else {
                // serde_yaml refuses integers beyond i64; the huge-number mutation puts them back.
                serde_yaml::from_str(&text.replace("-9223372036854776000", "-1")).ok()?
            };
            let name = file.file_name()?.to_string_lossy().into_owned();
            Some(Seed::new(name, value))
        })
        .collect()
}

/// The message and place of the last panic on any thread.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// True while an input goes through the pipeline: its panics are findings, recorded quietly.
static CHECKING: AtomicBool = AtomicBool::new(false);

fn record_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !CHECKING.load(Ordering::SeqCst) {
            return default(info);
        }
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(format!("panicked at {place}: {message}"));
        }
    }));
}

/// Checks one input; returns a finding, if any.
fn check(name: &str, text: &str) -> Result<&'static str, String> {
    let file = Path::new(name);
    CHECKING.store(true, Ordering::SeqCst);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let loaded = match apigen_model::load_str(file, text) {
            Ok(loaded) => loaded,
            Err(error) => return Err(error),
        };
        let options = apigen_emit::Options {
            crate_name: "fuzzed".to_owned(),
            spec_label: name.to_owned(),
            runtime: apigen_emit::RuntimeDependency::Path("../apigen-runtime".to_owned()),
            standalone: false,
        };
        Ok(apigen_emit::generate_crate(
            &loaded.api,
            &loaded.warnings,
            &options,
        ))
    }));
    CHECKING.store(false, Ordering::SeqCst);
    match outcome {
        Err(_) => {
            let panic = LAST_PANIC.lock().ok().and_then(|mut p| p.take());
            Err(panic.unwrap_or_else(|| "panicked".to_owned()))
        }
        Ok(Ok(Ok(_files))) => Ok("generated"),
        Ok(Ok(Err(error))) => Err(format!("the emitter failed: {error}")),
        Ok(Err(error)) => {
            let shown = error.to_string();
            if !shown.starts_with(name) {
                return Err(format!("the error does not name the file: {shown}"));
            }
            match &error {
                LoadError::Invalid { problems, .. } if problems.is_empty() => {
                    Err(format!("no problem listed: {shown}"))
                }
                LoadError::Invalid { .. } | LoadError::Limit { .. } => {
                    match error
                        .problems()
                        .iter()
                        .find(|p| !p.pointer.starts_with('#') || p.message.is_empty())
                    {
                        Some(bad) => Err(format!("a problem without pointer or message: {bad}")),
                        None => Ok("refused"),
                    }
                }
                LoadError::Syntax { .. } | LoadError::UnsupportedVersion { .. } => Ok("refused"),
                other => Err(format!("unexpected error: {other}")),
            }
        }
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutated_specs_never_panic_through_the_whole_pipeline() {
    let seconds = env_number("APIGEN_FUZZ_SECS", 15);
    let base = env_number("APIGEN_FUZZ_SEED", 0x5EED_0F11);
    let long = std::env::var_os("APIGEN_FUZZ_SECS").is_some() && seconds > 60;
    let seeds = seeds(long);
    assert!(seeds.len() >= 10, "{} seed documents", seeds.len());
    record_panics();
    let budget = Duration::from_secs(seconds);
    let started = Instant::now();
    let failures_dir = std::env::temp_dir().join("apigen-fuzz");
    let mut counts: Map<String, Value> = Map::new();
    let mut failures = Vec::new();
    let mut iteration: u64 = 0;
    while started.elapsed() < budget {
        let mut rng = Rng::new(base ^ iteration.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        // Small documents most of the time; each large one now and then.
        let seed = if rng.below(4) == 0 {
            rng.pick(&seeds)
        } else {
            let small: Vec<&Seed> = seeds.iter().filter(|s| s.all.len() < 3000).collect();
            *rng.pick(&small)
        };
        let mut document = seed.value.clone();
        let mutations = if rng.below(3) == 0 {
            2 + rng.below(3)
        } else {
            1
        };
        let done: Vec<String> = (0..mutations)
            .map(|_| mutate(seed, &mut document, &mut rng))
            .collect();
        let mut text = if rng.below(3) == 0 {
            serde_yaml::to_string(&document).unwrap_or_default()
        } else {
            serde_json::to_string(&document).unwrap_or_default()
        };
        for (index, literal) in HUGE_LITERALS.iter().enumerate() {
            let placeholder = format!("@@HUGE{index}@@");
            text = text
                .replace(&format!("\"{placeholder}\""), literal)
                .replace(&format!("'{placeholder}'"), literal)
                .replace(&placeholder, literal);
        }
        let extension = if text.trim_start().starts_with('{') {
            "json"
        } else {
            "yaml"
        };
        let name = format!("fuzz-{iteration}-{}.{extension}", seed.name);
        match check(&name, &text) {
            Ok(outcome) => {
                let count = counts.entry(outcome).or_insert(json!(0));
                *count = json!(count.as_u64().unwrap_or(0) + 1);
            }
            Err(finding) => {
                let _ = std::fs::create_dir_all(&failures_dir);
                let _ = std::fs::write(failures_dir.join(&name), &text);
                failures.push(format!(
                    "iteration {iteration} ({name}): {finding}\n    after {done:?}"
                ));
            }
        }
        iteration += 1;
    }
    println!(
        "fuzz: {iteration} inputs in {:.1} s from {} seed documents: {counts:?}, {} findings",
        started.elapsed().as_secs_f64(),
        seeds.len(),
        failures.len()
    );
    assert!(iteration > 0, "no input was tried");
    assert!(
        failures.is_empty(),
        "{} findings (inputs in {}):\n{}",
        failures.len(),
        failures_dir.display(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
