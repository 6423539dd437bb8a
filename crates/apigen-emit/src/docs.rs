//! Doc comments: descriptions carried over from the spec, and the operation summary line.

use apigen_model::ir::{Api, Docs, Endpoint, Field};
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes, one per line of `text`. Spec text lands here as string literals, one
/// line each: `\r\n`, a lone `\r` (which rustc refuses in a doc comment) and `\n` all end a
/// line, and other control characters (but tabs) are dropped, so a line printed as a `///`
/// comment is that comment's text and nothing else. Code blocks are made inert
/// ([`crate::doc_code`]): the only doctests are the quick starts.
pub fn doc_lines(text: &str) -> TokenStream {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = crate::doc_code::inert_code_blocks(&text);
    let text = text.trim_end();
    if text.is_empty() {
        return TokenStream::new();
    }
    let lines = text.split('\n').map(|line| {
        let line: String = line
            .chars()
            .filter(|c| *c == '\t' || !c.is_control())
            .collect();
        let line = line.trim_end();
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// The doc attributes of a schema or property: title, then description, then a deprecation note.
pub fn docs(docs: &Docs) -> TokenStream {
    let mut parts = Vec::new();
    if let Some(title) = docs.title.as_deref().filter(|t| !t.trim().is_empty()) {
        parts.push(title.trim().to_owned());
    }
    if let Some(description) = docs.description.as_deref().filter(|d| !d.trim().is_empty())
        && parts
            .first()
            .is_none_or(|title| title != description.trim())
    {
        parts.push(description.trim().to_owned());
    }
    if docs.deprecated {
        parts.push("Deprecated.".to_owned());
    }
    doc_lines(&parts.join("\n\n"))
}

/// A field's docs with a last paragraph on its direction: `readOnly` properties are sent by the
/// server only, `writeOnly` ones by the client only.
pub fn with_direction(field: &Field) -> Docs {
    let note = match (field.read_only, field.write_only) {
        (true, false) => "Read-only: set by the server, never sent in requests.",
        (false, true) => "Write-only: sent in requests, never in responses.",
        _ => return field.docs.clone(),
    };
    let description = match field.docs.description.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => format!("{text}\n\n{note}"),
        _ => note.to_owned(),
    };
    Docs {
        description: Some(description),
        ..field.docs.clone()
    }
}

/// The doc comment of an operation: method and path, summary, description, access, deprecation.
pub fn operation_docs(api: &Api, endpoint: &Endpoint) -> TokenStream {
    let mut text = format!("`{} {}`", endpoint.method, endpoint.path.raw);
    if let Some(summary) = endpoint
        .docs
        .title
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        text.push_str(": ");
        text.push_str(summary.trim());
    }
    if let Some(description) = endpoint
        .docs
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        text.push_str("\n\n");
        text.push_str(description.trim());
    }
    text.push_str("\n\n");
    text.push_str(&crate::security::access_text(api, endpoint));
    if endpoint.docs.deprecated {
        text.push_str("\n\nDeprecated.");
    }
    doc_lines(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_break_ends_a_doc_line_and_controls_are_dropped() {
        let tokens = doc_lines("a\rb\r\nc\nd\u{0}e\u{1b}[31m\tf");
        let expected = quote! {
            #[doc = " a"] #[doc = " b"] #[doc = " c"] #[doc = " de[31m\tf"]
        };
        assert_eq!(tokens.to_string(), expected.to_string());
        assert!(doc_lines(" \r\n").is_empty(), "no empty doc comment");
    }
}
