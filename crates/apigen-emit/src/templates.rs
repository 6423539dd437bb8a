//! The static files of an emitted crate, from `templates/` with their placeholders filled.

use std::path::PathBuf;

use apigen_model::Api;

use crate::{GeneratedFile, Options};

const CARGO_TOML: &str = include_str!("../../../templates/Cargo.toml.tmpl");
const LIB_RS: &str = include_str!("../../../templates/lib.rs.tmpl");
const README_MD: &str = include_str!("../../../templates/README.md.tmpl");

/// `Cargo.toml`, `README.md` and `src/lib.rs`.
pub fn static_files(api: &Api, options: &Options) -> Vec<GeneratedFile> {
    let description = format!("Types, client and server for the {} API", api.title);
    let values = [
        ("spec", options.spec_label.clone()),
        ("crate_name", options.crate_name.clone()),
        ("title", api.title.clone()),
        ("version", api.version.clone()),
        ("description", toml_escape(&description)),
        ("runtime_path", toml_escape(&options.runtime_path)),
        (
            "workspace",
            if options.standalone {
                "\n[workspace]\n".to_owned()
            } else {
                String::new()
            },
        ),
        ("operation_count", api.endpoints.len().to_string()),
        ("type_count", api.types.len().to_string()),
        ("security_table", crate::security::requirements_table(api)),
    ];
    [
        ("Cargo.toml", CARGO_TOML),
        ("README.md", README_MD),
        ("src/lib.rs", LIB_RS),
    ]
    .into_iter()
    .map(|(path, template)| GeneratedFile {
        path: PathBuf::from(path),
        contents: fill(template, &values),
    })
    .collect()
}

/// Replaces every `{{name}}`; the result ends with exactly one newline.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{{{name}}}}}"), value);
    }
    format!("{}\n", out.trim_end())
}

fn toml_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_every_placeholder() {
        let filled = fill(
            "a {{x}} b {{y}}\n\n",
            &[("x", "1".into()), ("y", "2".into())],
        );
        assert_eq!(filled, "a 1 b 2\n");
    }
}
