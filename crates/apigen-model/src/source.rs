//! Reading a document: YAML or JSON text → JSON value → version check → `openapiv3::OpenAPI`,
//! within the [`Limits`]: the text's size is checked first, then a walk that builds nothing
//! counts values, alias repetitions and nesting before any parser builds a tree.

mod budget;
mod yaml_events;

use std::path::Path;

use openapiv3::ReferenceOr;
use serde_json::{Map, Number, Value};

use crate::Limits;
use crate::error::{LoadError, Problem};
use crate::pointer::Pointer;
use budget::{Crossed, Walk};

/// The text format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML (a superset of JSON).
    Yaml,
}

impl Format {
    /// Picks the format from the file extension, else from the first non-blank character.
    pub fn detect(file: &Path, text: &str) -> Format {
        match file.extension().and_then(|ext| ext.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            Some(ext) if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") => {
                Format::Yaml
            }
            _ if text.trim_start().starts_with('{') => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// The text of `file`, refused when longer than [`Limits::max_bytes`] without reading more than
/// that (and one byte to tell).
pub fn read_bounded(file: &Path, limits: &Limits) -> Result<String, LoadError> {
    use std::io::Read;
    let io_error = |source| LoadError::Io {
        file: file.to_owned(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|opened| {
            opened
                .take((limits.max_bytes as u64).saturating_add(1))
                .read_to_end(&mut bytes)
        })
        .map_err(io_error)?;
    if bytes.len() > limits.max_bytes {
        return Err(too_long(file, None, limits));
    }
    String::from_utf8(bytes).map_err(|error| {
        io_error(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            error.utf8_error(),
        ))
    })
}

fn too_long(file: &Path, length: Option<usize>, limits: &Limits) -> LoadError {
    let length = length.map_or_else(
        || "more than".to_owned(),
        |l| format!("{l} bytes long, more than"),
    );
    let crossed = Crossed {
        limit: "max_bytes",
        value: limits.max_bytes,
        what: format!("the document is {length} {} bytes", limits.max_bytes),
    };
    limit_error(file, crossed, "#".to_owned(), None)
}

/// Parses `text` (the content of `file`) into an OpenAPI 3.0 document, within the default
/// [`Limits`].
pub fn parse_document(file: &Path, text: &str) -> Result<openapiv3::OpenAPI, LoadError> {
    parse_document_within(file, text, &Limits::default())
}

/// The stack of the thread that parses and lowers. `openapiv3`'s deserializer goes through
/// buffered content several times per level of a nested schema: a debug build needs more than
/// 20 KiB of stack per level, so a document as deep as [`Limits::max_depth`] allows would overflow
/// a 2 MiB thread (the default for spawned threads and tests). 64 MiB of address space (touched
/// only as deep as the recursion goes) holds the 127 levels the JSON parser ever accepts many
/// times over; measured in a debug build with the limits raised on purpose, 2,000 nested
/// schemas (a YAML document, which has no parser ceiling) load and lower.
const STACK_BYTES: usize = 64 * 1024 * 1024;

/// Runs `work` on a thread with a stack of [`STACK_BYTES`], whatever the caller's stack is; a
/// panic in `work` is resumed on the caller's thread.
pub(crate) fn on_large_stack<T: Send>(
    file: &Path,
    work: impl FnOnce() -> Result<T, LoadError> + Send,
) -> Result<T, LoadError> {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("apigen-load".to_owned())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|source| LoadError::Thread {
                file: file.to_owned(),
                source,
            })?;
        worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Parses `text` (the content of `file`) into an OpenAPI 3.0 document, refusing one that exceeds
/// `limits`; the work runs on a thread with a stack of its own, whatever the caller's. A 3.1
/// document is normalised to 3.0 first; its webhooks and warnings are only in what
/// [`parse_document_with`] returns.
pub fn parse_document_within(
    file: &Path,
    text: &str,
    limits: &Limits,
) -> Result<openapiv3::OpenAPI, LoadError> {
    let options = crate::LoadOptions {
        limits: *limits,
        ..crate::LoadOptions::default()
    };
    parse_document_with(file, text, &options).map(|parsed| parsed.document)
}

/// A parsed document: OpenAPI 3.0, or 3.1 normalised to 3.0 (see [`crate::v31`]).
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The document in the 3.0 shape.
    pub document: openapiv3::OpenAPI,
    /// A 3.1 document's `webhooks` (name → path item), in spec order; empty for 3.0.
    pub webhooks: indexmap::IndexMap<String, ReferenceOr<openapiv3::PathItem>>,
    /// What the 3.1 normalisation approximated or dropped, each with its pointer.
    pub warnings: Vec<crate::Warning>,
}

/// Parses `text` (the content of `file`) as an OpenAPI 3.0 or 3.1 document with `options` (its
/// limits, and `allow_lossy` for the 3.1 constructs 3.0 cannot say); the work runs on a thread
/// with a stack of its own, whatever the caller's.
pub fn parse_document_with(
    file: &Path,
    text: &str,
    options: &crate::LoadOptions,
) -> Result<Parsed, LoadError> {
    on_large_stack(file, || parse_here(file, text, options))
}

/// [`parse_document_with`] on the current thread (for callers already on a large stack).
pub(crate) fn parse_here(
    file: &Path,
    text: &str,
    options: &crate::LoadOptions,
) -> Result<Parsed, LoadError> {
    let limits = &options.limits;
    if text.len() > limits.max_bytes {
        return Err(too_long(file, Some(text.len()), limits));
    }
    let value = parse_value(file, text, limits)?;
    let invalid = |problems| LoadError::Invalid {
        file: file.to_owned(),
        problems,
    };
    match check_version(file, &value)? {
        Version::V30 => {
            crate::path_template::check_path_keys(file, &value)?;
            // Deserializing from the owned value frees it as it goes, which lowers the peak
            // memory of a large document by a third; on an error the text is parsed again to
            // locate the problem.
            let problem = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value) {
                Ok(document) => {
                    return Ok(Parsed {
                        document,
                        webhooks: indexmap::IndexMap::new(),
                        warnings: Vec::new(),
                    });
                }
                Err(error) => Problem {
                    pointer: pointer_of(Pointer::root(), error.path()),
                    message: error.inner().to_string(),
                },
            };
            let value = parse_value(file, text, limits)?;
            Err(invalid(vec![locate_in_flattened_maps(&value, problem)]))
        }
        Version::V31 => {
            let normalised = crate::v31::normalise(value, options).map_err(invalid)?;
            let value = normalised.document;
            crate::path_template::check_path_keys(file, &value)?;
            let document = deserialize_at::<openapiv3::OpenAPI>(&value, Pointer::root())
                .map_err(|problem| invalid(vec![locate_in_flattened_maps(&value, problem)]))?;
            let webhooks = match &normalised.webhooks {
                Some(webhooks) => deserialize_at(webhooks, Pointer::root().join("webhooks"))
                    .map_err(|problem| invalid(vec![problem]))?,
                None => indexmap::IndexMap::new(),
            };
            Ok(Parsed {
                document,
                webhooks,
                warnings: normalised.warnings,
            })
        }
    }
}

fn parse_value(file: &Path, text: &str, limits: &Limits) -> Result<Value, LoadError> {
    match Format::detect(file, text) {
        Format::Json => parse_json(file, text, limits),
        Format::Yaml => parse_yaml(file, text, limits),
    }
}

/// The OpenAPI versions read.
enum Version {
    /// 3.0.0 to 3.0.4, read as they are.
    V30,
    /// 3.1.0 to 3.1.2, normalised to 3.0 first.
    V31,
}

/// Deserializes `value` (found at `base`), naming the failing place as a pointer.
fn deserialize_at<T: serde::de::DeserializeOwned>(
    value: &Value,
    base: Pointer,
) -> Result<T, Problem> {
    serde_path_to_error::deserialize(value).map_err(|error| Problem {
        pointer: pointer_of(base, error.path()),
        message: error.inner().to_string(),
    })
}

/// `Paths`, `PathItem`, `Operation` and `Responses` flatten maps into themselves, which hides
/// the failing key from `serde_path_to_error`; on an error under `#/paths`, look at their
/// entries one by one to name the deepest failing place.
fn locate_in_flattened_maps(document: &Value, problem: Problem) -> Problem {
    if !problem.pointer.starts_with("#/paths") {
        return problem;
    }
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return problem;
    };
    let base = Pointer::root().join("paths");
    for (path, item) in paths {
        let pointer = base.join(path);
        if let Err(found) =
            deserialize_at::<ReferenceOr<openapiv3::PathItem>>(item, pointer.clone())
        {
            return locate_in_path_item(item, &pointer).unwrap_or(found);
        }
    }
    problem
}

const METHOD_KEYS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn locate_in_path_item(item: &Value, pointer: &Pointer) -> Option<Problem> {
    if let Some(Err(found)) = item.get("parameters").map(|parameters| {
        deserialize_at::<Vec<ReferenceOr<openapiv3::Parameter>>>(
            parameters,
            pointer.join("parameters"),
        )
    }) {
        return Some(found);
    }
    METHOD_KEYS.iter().find_map(|method| {
        let operation = item.get(*method)?;
        let pointer = pointer.join(method);
        let found = deserialize_at::<openapiv3::Operation>(operation, pointer.clone()).err()?;
        Some(locate_in_operation(operation, &pointer).unwrap_or(found))
    })
}

fn locate_in_operation(operation: &Value, pointer: &Pointer) -> Option<Problem> {
    if let Some(Err(found)) = operation.get("parameters").map(|parameters| {
        deserialize_at::<Vec<ReferenceOr<openapiv3::Parameter>>>(
            parameters,
            pointer.join("parameters"),
        )
    }) {
        return Some(found);
    }
    if let Some(Err(found)) = operation.get("requestBody").map(|body| {
        deserialize_at::<ReferenceOr<openapiv3::RequestBody>>(body, pointer.join("requestBody"))
    }) {
        return Some(found);
    }
    let responses = operation.get("responses")?;
    let pointer = pointer.join("responses");
    let Some(entries) = responses.as_object() else {
        return deserialize_at::<openapiv3::Responses>(responses, pointer).err();
    };
    entries
        .iter()
        .filter(|(status, _)| !status.starts_with("x-"))
        .find_map(|(status, response)| {
            deserialize_at::<ReferenceOr<openapiv3::Response>>(response, pointer.join(status)).err()
        })
        .or_else(|| deserialize_at::<openapiv3::Responses>(responses, pointer).err())
}

fn limit_error(
    file: &Path,
    crossed: Crossed,
    pointer: String,
    location: Option<(usize, usize)>,
) -> LoadError {
    LoadError::Limit {
        file: file.to_owned(),
        line: location.map(|(line, _)| line),
        column: location.map(|(_, column)| column),
        limit: crossed.limit,
        value: crossed.value,
        problem: Box::new(Problem {
            pointer,
            message: crossed.message(),
        }),
    }
}

fn parse_json(file: &Path, text: &str, limits: &Limits) -> Result<Value, LoadError> {
    let mut walk = Walk::new(limits);
    if let Err(error) = walk.run(&mut serde_json::Deserializer::from_str(text))
        && let Some((crossed, pointer)) = walk.crossed
    {
        let location = Some((error.line(), error.column()));
        return Err(limit_error(file, crossed, pointer, location));
    }
    serde_json::from_str(text).map_err(|error| LoadError::Syntax {
        file: file.to_owned(),
        format: "JSON",
        line: Some(error.line()),
        column: Some(error.column()),
        message: error.to_string(),
    })
}

/// `serde_yaml` refuses integers beyond `i64` (real specs carry `-9223372036854776000`);
/// `yaml-rust2` reads them as reals, so it is the fallback when `serde_yaml` fails.
///
/// Both build a tree with every alias expanded, so the limits are checked first on
/// `yaml-rust2`'s event stream (which sees each alias); when `yaml-rust2` cannot read the text, a
/// walk of `serde_yaml` (which counts every repetition as a value) checks them instead.
fn parse_yaml(file: &Path, text: &str, limits: &Limits) -> Result<Value, LoadError> {
    match yaml_events::read(text, limits, false) {
        Ok(_) => {}
        Err(yaml_events::Stop::Limit(crossed, pointer, line, column)) => {
            return Err(limit_error(file, crossed, pointer, Some((line, column))));
        }
        Err(yaml_events::Stop::Unreadable) => {
            let mut walk = Walk::new(limits);
            if let Err(error) = walk.run(serde_yaml::Deserializer::from_str(text))
                && let Some((crossed, pointer)) = walk.crossed
            {
                let location = error.location().map(|l| (l.line(), l.column()));
                return Err(limit_error(file, crossed, pointer, location));
            }
        }
    }
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(mut value) => {
            value
                .apply_merge()
                .map_err(|error| yaml_error(file, &error))?;
            Ok(yaml_to_json(value))
        }
        Err(error) => match yaml_events::read(text, limits, true) {
            Ok(Some(value)) => Ok(value),
            _ => Err(yaml_error(file, &error)),
        },
    }
}

fn yaml_error(file: &Path, error: &serde_yaml::Error) -> LoadError {
    let location = error.location();
    LoadError::Syntax {
        file: file.to_owned(),
        format: "YAML",
        line: location.as_ref().map(|l| l.line()),
        column: location.as_ref().map(|l| l.column()),
        message: error.to_string(),
    }
}

fn yaml_to_json(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                float_value(n.as_f64().unwrap_or(f64::NAN), || n.to_string())
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(yaml_to_json).collect())
        }
        serde_yaml::Value::Mapping(mapping) => {
            let mut object = Map::with_capacity(mapping.len());
            for (key, value) in mapping {
                object.insert(yaml_key(key), yaml_to_json(value));
            }
            Value::Object(object)
        }
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

/// YAML keys may be numbers or booleans (`200:` in `responses`); JSON keys are strings.
fn yaml_key(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Null => "null".to_owned(),
        other => serde_yaml::to_string(&other)
            .map(|s| s.trim_end().to_owned())
            .unwrap_or_default(),
    }
}

/// A finite float as a JSON number; `.inf` and `.nan` have no JSON form and stay text.
fn float_value(f: f64, text: impl FnOnce() -> String) -> Value {
    Number::from_f64(f).map_or_else(|| Value::String(text()), Value::Number)
}

/// Accepts `openapi: 3.0.0` to `3.0.4` and `3.1.0` to `3.1.2`; refuses Swagger 2.0 and others
/// with a clear message.
fn check_version(file: &Path, document: &Value) -> Result<Version, LoadError> {
    let refuse = |field: &'static str, message: String| {
        Err(LoadError::UnsupportedVersion {
            file: file.to_owned(),
            field,
            message,
        })
    };
    let Some(object) = document.as_object() else {
        return Err(LoadError::Invalid {
            file: file.to_owned(),
            problems: vec![Problem {
                pointer: "#".to_owned(),
                message: "the document is not an object".to_owned(),
            }],
        });
    };
    if let Some(swagger) = object.get("swagger") {
        return refuse(
            "swagger",
            format!(
                "Swagger {} is not supported: only OpenAPI 3.0.x documents are; convert it first (for example with swagger2openapi)",
                display_scalar(swagger)
            ),
        );
    }
    match object.get("openapi") {
        None => refuse(
            "openapi",
            "the `openapi` field is missing: only OpenAPI 3.0.x and 3.1.x documents are supported"
                .to_owned(),
        ),
        Some(Value::String(version)) if is_supported_version(version) => Ok(Version::V30),
        Some(Value::String(version)) if matches!(version.as_str(), "3.1.0" | "3.1.1" | "3.1.2") => {
            Ok(Version::V31)
        }
        Some(other) => refuse(
            "openapi",
            format!(
                "version {} is not supported: only OpenAPI 3.0.0 to 3.0.4 and 3.1.0 to 3.1.2 are",
                display_scalar(other)
            ),
        ),
    }
}

fn is_supported_version(version: &str) -> bool {
    matches!(version, "3.0.0" | "3.0.1" | "3.0.2" | "3.0.3" | "3.0.4")
}

fn display_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn pointer_of(base: Pointer, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = base;
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.join(index.to_string()),
            Segment::Map { key } => pointer.join(key),
            Segment::Enum { variant } => pointer.join(variant),
            Segment::Unknown => pointer,
        };
    }
    pointer.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, text: &str) -> Result<openapiv3::OpenAPI, LoadError> {
        parse_document(Path::new(name), text)
    }

    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn accepts_every_3_0_patch_version() {
        for patch in 0..=4 {
            let text = MINIMAL.replace("3.0.3", &format!("3.0.{patch}"));
            assert!(parse("a.yaml", &text).is_ok(), "3.0.{patch}");
        }
    }

    #[test]
    fn refuses_swagger_2_and_openapi_3_2_by_name() {
        let swagger = parse("a.yaml", "swagger: '2.0'\ninfo: {title: t, version: '1'}\n")
            .unwrap_err()
            .to_string();
        assert!(
            swagger.contains("Swagger 2.0 is not supported"),
            "{swagger}"
        );
        assert!(swagger.starts_with("a.yaml: #/swagger"), "{swagger}");
        let v32 = parse("b.yaml", &MINIMAL.replace("3.0.3", "3.2.0"))
            .unwrap_err()
            .to_string();
        assert!(v32.contains("version 3.2.0 is not supported"), "{v32}");
        assert!(parse("c.yaml", &MINIMAL.replace("3.0.3", "3.1.0")).is_ok());
    }

    #[test]
    fn reads_integers_beyond_i64_in_yaml() {
        let text = format!(
            "{MINIMAL}components:\n  schemas:\n    Id:\n      type: integer\n      minimum: -9223372036854776000\n      example: -9223372036854776000\n"
        );
        let document = parse("a.yaml", &text).expect("loads");
        assert!(document.components.unwrap().schemas.contains_key("Id"));
    }

    #[test]
    fn reports_yaml_syntax_errors_with_line_and_column() {
        let error = parse("spec.yaml", "openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        let LoadError::Syntax { line, column, .. } = &error else {
            panic!("expected a syntax error, got {error}");
        };
        assert!(line.is_some() && column.is_some(), "{error}");
        assert!(error.to_string().starts_with("spec.yaml:"), "{error}");
    }

    #[test]
    fn reports_structural_errors_with_a_pointer() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let error = parse("spec.yaml", text).unwrap_err();
        let problems = error.problems();
        assert_eq!(problems.len(), 1, "{error}");
        assert_eq!(
            problems[0].pointer, "#/paths/~1a/get/responses",
            "{}",
            problems[0]
        );
    }

    #[test]
    fn names_the_failing_response_and_parameter() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {content: 5}\n";
        let error = parse("spec.yaml", text).unwrap_err();
        assert_eq!(
            error.problems()[0].pointer,
            "#/paths/~1a/get/responses/200",
            "{error}"
        );
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: x}\n      responses: {}\n";
        let error = parse("spec.yaml", text).unwrap_err();
        assert!(
            error.problems()[0]
                .pointer
                .starts_with("#/paths/~1a/get/parameters/0"),
            "{error}"
        );
    }

    #[test]
    fn sniffs_json_without_an_extension() {
        let text = r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#;
        assert_eq!(Format::detect(Path::new("spec"), text), Format::Json);
        assert!(parse("spec", text).is_ok());
    }
}
