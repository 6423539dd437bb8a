//! Escaping spec text for where it lands: one-line labels for comments, Markdown for the
//! README, and the rules a Cargo package name must follow.

/// `text` on one line: whitespace runs (newlines included) become one space, other control
/// characters and Unicode line or paragraph separators become `?`.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` on one line with every character that Markdown (CommonMark and GitHub's extensions:
/// tables, strikethrough, math) or inline HTML could read as markup escaped with a backslash:
/// the result renders as the literal text, inline. With `[`, `]` and `<` escaped no link or
/// image can start, so `(`, `)` and `!` stay as they are.
pub fn markdown(text: &str) -> String {
    let line = one_line(text);
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '#' | '~' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` for the inside of an HTML comment (`<!-- … -->`): one line, and no `>` that could end
/// the comment early.
pub fn html_comment(text: &str) -> String {
    one_line(text).replace('>', "&gt;")
}

/// Names that Cargo accepts but that would shadow a crate the emitted code uses.
const TAKEN: [&str; 13] = [
    "std",
    "core",
    "alloc",
    "proc-macro",
    "test",
    "apigen-runtime",
    "serde",
    "serde-json",
    "chrono",
    "uuid",
    "axum",
    "reqwest",
    "futures-util",
];

/// Rust keywords (strict, reserved and edition 2024), which cannot name a library crate.
const KEYWORDS: [&str; 53] = [
    "Self", "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
    "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// `Ok` when `name` is a valid Cargo package name: 1 to 64 ASCII letters, digits, `-` or `_`,
/// starting with a letter, not a Rust keyword, not the name of a crate the emitted code uses.
pub fn validate_crate_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("it is empty");
    }
    if name.len() > 64 {
        return Err("it is longer than 64 characters");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err("only ASCII letters, digits, `-` and `_` are allowed");
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err("it must start with an ASCII letter");
    }
    let normalized = name.to_ascii_lowercase().replace('_', "-");
    if KEYWORDS.contains(&name.replace('-', "_").as_str()) {
        return Err("it is a Rust keyword");
    }
    if TAKEN.contains(&normalized.as_str()) {
        return Err("it is the name of a crate the generated code depends on");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_collapses_whitespace_and_replaces_controls() {
        assert_eq!(one_line("  a\n\tb\r\nc  "), "a b c");
        assert_eq!(one_line("a\u{7}b\u{2028}c\u{85}d"), "a?b c d");
    }

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(
            markdown("<script>*x*</script> [l](u) ![i](x)"),
            r"\<script\>\*x\*\</script\> \[l\](u) !\[i\](x)"
        );
        assert_eq!(
            markdown("PostHog Users API 1.0.0"),
            "PostHog Users API 1.0.0"
        );
        assert_eq!(markdown("a\n# b"), r"a \# b");
    }

    #[test]
    fn html_comments_cannot_be_closed() {
        assert!(!html_comment("x --> <b>").contains("-->"));
        assert!(!html_comment("x --!> y").contains('>'));
    }

    #[test]
    fn crate_names() {
        for good in ["posthog-users", "a", "api_v2", "Stripe"] {
            assert_eq!(validate_crate_name(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "x\"\n[build]",
            "1api",
            "-a",
            "a b",
            "café",
            "fn",
            "self",
            "std",
            "apigen_runtime",
            "serde-json",
            &"a".repeat(65),
        ] {
            assert!(validate_crate_name(bad).is_err(), "{bad:?}");
        }
    }
}
