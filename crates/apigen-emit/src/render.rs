//! Tokens → formatted source: `syn::parse2` then `prettyplease::unparse`, behind a header.

use proc_macro2::TokenStream;

use crate::EmitError;

/// Parses `tokens` as a file and formats it, with `header` on top.
pub fn render_module(
    module: &'static str,
    header: &str,
    tokens: TokenStream,
) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| EmitError::InvalidTokens {
        module,
        message: error.to_string(),
    })?;
    let mut out = String::with_capacity(header.len() + 4096);
    out.push_str(header);
    out.push_str(&space_items(&prettyplease::unparse(&file)));
    Ok(out)
}

/// prettyplease puts items back to back; a blank line before each item (or its doc comment)
/// that follows a finished item makes the output read like hand-written code.
fn space_items(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + source.len() / 16);
    let mut previous = "";
    for line in source.lines() {
        let trimmed = line.trim_start();
        let previous_trimmed = previous.trim_start();
        let indent = line.len() - trimmed.len();
        let previous_indent = previous.len() - previous_trimmed.len();
        let starts_item = trimmed.starts_with("///")
            || trimmed.starts_with("#[")
            || trimmed.starts_with("pub ")
            || trimmed.starts_with("fn ")
            || trimmed.starts_with("async fn ")
            || trimmed.starts_with("impl")
            || trimmed.starts_with("struct ")
            || trimmed.starts_with("enum ")
            || trimmed.starts_with("type ")
            || trimmed.starts_with("const ")
            || trimmed.starts_with("use ");
        let ends_item = !previous_trimmed.starts_with("//") && previous_trimmed == "}"
            || !previous_trimmed.starts_with("//")
                && previous_trimmed.ends_with(';')
                && previous_indent <= indent
            || previous_trimmed.starts_with("//!");
        let both_uses = trimmed.starts_with("use ") && previous_trimmed.starts_with("use ")
            || trimmed.starts_with("pub use ") && previous_trimmed.starts_with("pub use ");
        let inside_body = indent > 4
            && !previous_trimmed.starts_with('}')
            && !trimmed.starts_with("///")
            && !trimmed.starts_with("#[");
        if starts_item && ends_item && !both_uses && !inside_body && indent <= previous_indent {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}
