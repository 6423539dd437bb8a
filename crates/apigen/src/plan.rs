//! From a spec to the files to write: load, emit, vendor the runtime, add the manifest.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use apigen_emit::{GeneratedFile, RuntimeDependency};
use apigen_model::Warning;

use crate::{Error, Layout, Options, Runtime, manifest, names, vendor};

/// The files of one generation, and what it took.
pub struct Planned {
    /// The package or module name.
    pub crate_name: String,
    /// Every file, paths relative to the output directory.
    pub files: Vec<GeneratedFile>,
    /// Warnings from loading the spec.
    pub warnings: Vec<Warning>,
    /// `name = requirement` lines of the generated crate's dependencies.
    pub dependencies: Vec<String>,
    /// Operations in the model.
    pub operations: usize,
    /// Types in the model.
    pub types: usize,
    /// Read, parse and lower.
    pub load_time: Duration,
    /// Emit and format.
    pub emit_time: Duration,
}

/// Plans the files for `spec` with `options`; writes nothing.
pub fn plan(spec: &Path, options: &Options) -> Result<Planned, Error> {
    let crate_name = match &options.crate_name {
        Some(name) => name.clone(),
        None => names::crate_name_for(spec)?,
    };
    apigen_emit::validate_crate_name(&crate_name)?;
    let started = Instant::now();
    let loaded = apigen_model::load_file_with(spec, &options.load)?;
    let load_time = started.elapsed();
    let started = Instant::now();
    let emit_options = apigen_emit::Options {
        crate_name: crate_name.clone(),
        spec_label: options
            .spec_label
            .clone()
            .unwrap_or_else(|| names::default_label(spec)),
        runtime: match &options.runtime {
            Runtime::Vendored => RuntimeDependency::Vendored,
            Runtime::Path(path) => RuntimeDependency::Path(path.clone()),
            Runtime::Version(version) => RuntimeDependency::Version(version.clone()),
        },
        standalone: options.standalone,
    };
    let crate_files = apigen_emit::generate_crate(&loaded.api, &loaded.warnings, &emit_options)?;
    let dependencies = dependencies(&crate_files);
    let files = match options.layout {
        Layout::Crate => {
            let mut files = crate_files;
            if options.runtime == Runtime::Vendored {
                files.extend(vendor::runtime_files()?);
            }
            files.push(manifest::file(&files));
            files
        }
        Layout::Module { client, server } => vec![GeneratedFile {
            path: PathBuf::from(format!("{}.rs", crate_name.replace('-', "_"))),
            contents: module_file(&emit_options, &crate_files, client, server),
        }],
    };
    Ok(Planned {
        crate_name,
        files,
        operations: loaded.api.endpoints.len(),
        types: loaded.api.types.len(),
        warnings: loaded.warnings,
        dependencies,
        load_time,
        emit_time: started.elapsed(),
    })
}

/// The `[dependencies]` of the emitted `Cargo.toml`, one `name = requirement` each.
fn dependencies(files: &[GeneratedFile]) -> Vec<String> {
    let manifest = files
        .iter()
        .find(|file| file.path == Path::new("Cargo.toml"))
        .and_then(|file| file.contents.parse::<toml_edit::DocumentMut>().ok());
    let Some(manifest) = manifest else {
        return Vec::new();
    };
    manifest
        .get("dependencies")
        .and_then(|item| item.as_table())
        .map(|table| {
            table
                .iter()
                .map(|(name, value)| format!("{name} = {}", value.to_string().trim()))
                .collect()
        })
        .unwrap_or_default()
}

/// The modules in one file for `include!`: each inside `pub mod name { … }`, the crate-level
/// lint settings of `lib.rs` on each module, `use crate::types;` made relative.
fn module_file(
    options: &apigen_emit::Options,
    files: &[GeneratedFile],
    client: bool,
    server: bool,
) -> String {
    let mut out = apigen_emit::file_header(options);
    for (name, wanted) in [("types", true), ("client", client), ("server", server)] {
        let path = PathBuf::from(format!("src/{name}.rs"));
        let Some(file) = files
            .iter()
            .find(|file| file.path == path)
            .filter(|_| wanted)
        else {
            continue;
        };
        out.push_str(
            "\n#[allow(\n    rustdoc::bare_urls,\n    rustdoc::broken_intra_doc_links,\n    \
             rustdoc::invalid_html_tags,\n    clippy::doc_lazy_continuation,\n    \
             clippy::doc_overindented_list_items\n)]\n#[rustfmt::skip]\n",
        );
        out.push_str(&format!("pub mod {name} {{\n"));
        for line in file
            .contents
            .lines()
            .filter(|line| !line.starts_with("// @generated"))
        {
            if line == "use crate::types;" {
                out.push_str("use super::types;\n");
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push_str("}\n");
    }
    out
}
