//! Rust identifiers from wire names: case conversion, symbols, leading digits, keywords and
//! collisions, decided once here so every emitter agrees.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords (strict and reserved, edition 2024) that need `r#` or a suffix.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a trailing `_` instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Type names the generated crate uses itself or takes from the prelude; a schema that folds to
/// one of them is renamed with a `Model` suffix.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Authenticator",
    "Box",
    "Caller",
    "Client",
    "Deserialize",
    "Err",
    "Error",
    "None",
    "Ok",
    "Option",
    "Result",
    "Self",
    "Serialize",
    "Some",
    "String",
    "Vec",
];

/// Client method names that operations may not take.
pub const RESERVED_METHOD_NAMES: &[&str] = &["base_url", "new", "with_http_client", "http_client"];

/// Names used beside parameters in generated signatures.
pub const RESERVED_PARAM_NAMES: &[&str] = &["body", "caller", "self"];

/// A `UpperCamelCase` type or variant name for `raw`.
pub fn type_name(raw: &str) -> String {
    let name = fold(raw).to_upper_camel_case();
    if name.is_empty() {
        return "Empty".to_owned();
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    };
    escape_keyword(name)
}

/// A `snake_case` field, method or parameter name for `raw`.
pub fn value_name(raw: &str) -> String {
    let name = fold(raw).to_snake_case();
    if name.is_empty() {
        return "empty".to_owned();
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{name}")
    } else {
        name
    };
    escape_keyword(name)
}

/// The identifier without a leading `r#`.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Replaces everything but ASCII letters and digits by word breaks. A leading sign before a digit
/// becomes a word (`+1` → `plus 1`), and a name made only of symbols is spelled out (`*` → `star`),
/// so that distinct wire names stay distinct where it costs nothing.
fn fold(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    let mut chars = raw.chars().peekable();
    if let Some(&sign @ ('+' | '-')) = chars.peek() {
        let mut rest = raw[1..].chars();
        if rest.next().is_some_and(|c| c.is_ascii_digit()) {
            out.push_str(if sign == '+' { "plus " } else { "minus " });
            chars.next();
        }
    }
    for c in chars {
        out.push(if c.is_ascii_alphanumeric() { c } else { ' ' });
    }
    if out.trim().is_empty() {
        return raw
            .chars()
            .filter_map(symbol_word)
            .collect::<Vec<_>>()
            .join(" ");
    }
    out
}

fn symbol_word(c: char) -> Option<&'static str> {
    Some(match c {
        '+' => "plus",
        '-' => "minus",
        '*' => "star",
        '/' => "slash",
        '.' => "dot",
        '=' => "eq",
        '<' => "lt",
        '>' => "gt",
        '!' => "not",
        '&' => "and",
        '|' => "or",
        '%' => "percent",
        '#' => "hash",
        '$' => "dollar",
        '@' => "at",
        '?' => "question",
        '~' => "tilde",
        '^' => "caret",
        ':' => "colon",
        ',' => "comma",
        '_' => "underscore",
        _ => return None,
    })
}

/// A namespace handing out unique names: a name already taken gets `2`, `3`, … appended
/// (after a `_` for `snake_case` names), in the order names are claimed.
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Namespace {
        Namespace {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// Claims `name`, or the first free numbered variant of it.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(unraw(&name).to_owned()) {
            return name;
        }
        let base = unraw(&name).trim_end_matches('_');
        let separator = if base.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        (2usize..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }

    /// Claims a type name; one that is reserved for the generated crate's own items gets a
    /// `Model` suffix first (`Error` → `ErrorModel`).
    pub fn claim_type(&mut self, name: String) -> String {
        if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
            self.claim(format!("{name}Model"))
        } else {
            self.claim(name)
        }
    }

    /// True when `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(unraw(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_case() {
        assert_eq!(type_name("users_list"), "UsersList");
        assert_eq!(type_name("PaginatedUserList"), "PaginatedUserList");
        assert_eq!(value_name("firstName"), "first_name");
        assert_eq!(value_name("@timestamp"), "timestamp");
        assert_eq!(value_name("content-type"), "content_type");
    }

    #[test]
    fn escapes_keywords() {
        assert_eq!(value_name("type"), "r#type");
        assert_eq!(value_name("match"), "r#match");
        assert_eq!(value_name("async"), "r#async");
        assert_eq!(value_name("gen"), "r#gen");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("super"), "super_");
        assert_eq!(type_name("self"), "Self_");
    }

    #[test]
    fn handles_digits_symbols_and_empty() {
        assert_eq!(type_name("2fa"), "V2fa");
        assert_eq!(value_name("2fa"), "n2fa");
        assert_eq!(type_name("+1"), "Plus1");
        assert_eq!(type_name("-1"), "Minus1");
        assert_eq!(type_name(""), "Empty");
        assert_eq!(value_name(""), "empty");
        assert_eq!(type_name("*"), "Star");
        assert_eq!(type_name("-"), "Minus");
        assert_eq!(type_name("P0"), "P0");
        assert_eq!(type_name("été"), "T");
    }

    #[test]
    fn resolves_collisions_in_claim_order() {
        let mut names = Namespace::default();
        assert_eq!(names.claim(type_name("add")), "Add");
        assert_eq!(names.claim(type_name("Add")), "Add2");
        assert_eq!(names.claim(type_name("ADD")), "Add3");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim(value_name("userId")), "user_id");
        assert_eq!(fields.claim(value_name("user_id")), "user_id_2");
        assert_eq!(fields.claim(value_name("type")), "r#type");
        assert_eq!(fields.claim(value_name("Type")), "type_2");
    }

    #[test]
    fn renames_reserved_type_names() {
        let mut names = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        assert_eq!(names.claim_type("Error".into()), "ErrorModel");
        assert_eq!(names.claim_type("Client".into()), "ClientModel");
        assert_eq!(names.claim_type("Pet".into()), "Pet");
    }
}
