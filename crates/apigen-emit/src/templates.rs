//! The static files of an emitted crate. Spec text is escaped for where it lands: `Cargo.toml`
//! is serialised with `toml_edit`, the crate docs of `src/lib.rs` are string literal tokens
//! (`#![doc = "…"]`), the README's values are Markdown-escaped, comments get one-line labels.
//! `templates/` holds only the prose around those values.

mod manifest;
mod quick_start;
mod text;

use std::path::PathBuf;

use apigen_model::{Api, Warning};
use proc_macro2::Literal;

use crate::{GeneratedFile, Options, RuntimeDependency, VENDORED_RUNTIME_DIR};

pub use text::{one_line, validate_crate_name};

const LIB_RS: &str = include_str!("../../../templates/lib.rs.tmpl");
const README_MD: &str = include_str!("../../../templates/README.md.tmpl");

/// `Cargo.toml`, `README.md` and `src/lib.rs`; `modules` are the rendered modules.
pub fn static_files(
    api: &Api,
    warnings: &[Warning],
    options: &Options,
    modules: &[GeneratedFile],
) -> Vec<GeneratedFile> {
    let uses = manifest::ExternalCrates {
        chrono: modules.iter().any(|m| names_crate(&m.contents, "chrono")),
        uuid: modules.iter().any(|m| names_crate(&m.contents, "uuid")),
    };
    vec![
        GeneratedFile {
            path: PathBuf::from("Cargo.toml"),
            contents: manifest::cargo_toml(&description(&api.title), options, uses),
        },
        GeneratedFile {
            path: PathBuf::from("README.md"),
            contents: readme(api, warnings, options),
        },
        GeneratedFile {
            path: PathBuf::from("src/lib.rs"),
            contents: lib_rs(api, options),
        },
    ]
}

/// The package description: "Types, client and server for the X API", without doubling a
/// title that already ends with "API".
fn description(title: &str) -> String {
    let title = one_line(title);
    let ends_with_api = title
        .rsplit(' ')
        .next()
        .is_some_and(|word| word.eq_ignore_ascii_case("api"));
    if title.is_empty() {
        "Types, client and server for an HTTP API".to_owned()
    } else if ends_with_api {
        format!("Types, client and server for the {title}")
    } else {
        format!("Types, client and server for the {title} API")
    }
}

/// True when a line of code in `source` (not a comment) names `krate` as a path (`krate::`).
fn names_crate(source: &str, krate: &str) -> bool {
    let pattern = format!("{krate}::");
    source.lines().any(|line| {
        let code = line.trim_start();
        !code.starts_with("//")
            && code.match_indices(&pattern).any(|(at, _)| {
                !code[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            })
    })
}

fn readme(api: &Api, warnings: &[Warning], options: &Options) -> String {
    let runtime = match &options.runtime {
        RuntimeDependency::Vendored => format!(
            "`apigen-runtime` is vendored: the sources of the runtime this crate was generated \
             with are in `{VENDORED_RUNTIME_DIR}`, so the crate builds anywhere with crates.io \
             dependencies only."
        ),
        RuntimeDependency::Path(path) => format!(
            "`apigen-runtime` is a path dependency on {}.",
            text::markdown(path)
        ),
        RuntimeDependency::Version(version) => format!(
            "`apigen-runtime` comes from crates.io, version {}.",
            text::markdown(version)
        ),
    };
    let warnings = if warnings.is_empty() {
        "None: every construct of the spec is represented.".to_owned()
    } else {
        let mut list = format!(
            "{} construct(s) of the spec were skipped or approximated, each named by its JSON \
             pointer:\n",
            warnings.len()
        );
        for warning in warnings {
            list.push_str(&format!(
                "\n- {}: {}",
                text::markdown(&warning.pointer),
                text::markdown(&warning.message)
            ));
        }
        list
    };
    fill(
        README_MD,
        &[
            ("spec_comment", text::html_comment(&options.spec_label)),
            ("crate_name", options.crate_name.clone()),
            ("title", text::markdown(&api.title)),
            ("version", text::markdown(&api.version)),
            ("spec", text::markdown(&options.spec_label)),
            ("operation_count", api.endpoints.len().to_string()),
            ("type_count", api.types.len().to_string()),
            ("runtime", runtime),
            ("warnings", warnings),
            ("security_table", crate::security::requirements_table(api)),
            ("webhooks", webhooks_section(api)),
            (
                "quick_start",
                quick_start::markdown(api, &options.crate_name),
            ),
        ],
    )
}

/// The README section listing an OpenAPI 3.1 document's webhooks (requests the API sends to
/// its subscribers) with their payload types; empty when there are none.
fn webhooks_section(api: &Api) -> String {
    if api.webhooks.is_empty() {
        return String::new();
    }
    let mut section = String::from(
        "\n## Webhooks\n\nThe API sends these requests to the URLs its subscribers register. Their\n\
         payloads are types of `types` (serde): receive them with any HTTP server and deserialize\n\
         the body, for example with `serde_json::from_slice`.\n\n\
         | webhook | request | payload | summary |\n|---|---|---|---|\n",
    );
    for webhook in &api.webhooks {
        let payload = match &webhook.body {
            Some(body) => {
                let ty = match &body.primary.ty {
                    apigen_model::ir::TypeRef::Named(id) => {
                        format!("types::{}", api.type_def(*id).name)
                    }
                    other => apigen_model::dump::type_text(api, other),
                };
                format!(
                    "`{}` as {}",
                    ty.replace('`', "'"),
                    text::markdown(&body.primary.media_type)
                )
            }
            None => "none".to_owned(),
        };
        let summary = webhook
            .docs
            .title
            .as_deref()
            .or(webhook.docs.description.as_deref())
            .map(text::markdown)
            .unwrap_or_default();
        section.push_str(&format!(
            "| {} | `{}` | {payload} | {summary} |\n",
            text::markdown(&webhook.name),
            webhook.method
        ));
    }
    section
}

fn lib_rs(api: &Api, options: &Options) -> String {
    let summary = format!(
        " {} {}: types, a typed client and a server router,",
        text::markdown(&api.title),
        text::markdown(&api.version)
    );
    let source = format!(
        " generated by apigen from {}.",
        text::markdown(&options.spec_label)
    );
    let crate_docs = [summary, source]
        .iter()
        .map(|line| format!("#![doc = {}]\n", Literal::string(line)))
        .collect::<String>();
    let quick_start: String = quick_start::markdown(api, &options.crate_name)
        .lines()
        .map(|line| format!("//! {line}\n").replace("//! \n", "//!\n"))
        .collect();
    fill(
        LIB_RS,
        &[
            ("header", crate::file_header(options)),
            ("crate_docs", crate_docs.trim_end().to_owned()),
            ("quick_start", quick_start.trim_end().to_owned()),
        ],
    )
}

/// Replaces every `{{name}}` of `template` with its (already escaped) value, in one pass: a value
/// is never searched for placeholders. The result ends with exactly one newline.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let value = after.find("}}").and_then(|end| {
            let name = &after[..end];
            values
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (value, end))
        });
        match value {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    format!("{}\n", out.trim_end())
}

#[cfg(test)]
mod tests;
