//! Rust identifiers from wire names: case conversion, symbols, leading digits, keywords and
//! collisions, decided once here so every emitter agrees.
//!
//! Names are [`RustIdent`] values: keyword escaping is decided when the identifier is made (`type`
//! becomes the raw identifier `r#type`, `self` becomes `self_`), so emitters never add or strip
//! `r#` themselves. The model stays free of `proc-macro2`; `apigen-emit` turns a [`RustIdent`]
//! into a token.

use std::collections::HashSet;
use std::fmt;

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

/// Type names the generated `types` module writes unqualified (prelude types, serde's traits,
/// the tuple-struct constructors `Some`/`Ok`/…) or that the generated crate defines itself; a
/// schema that folds to one of them is renamed with a `Model` suffix (`Error` → `ErrorModel`).
/// Everything else the generated code uses is written with its path (`serde_json::Value`,
/// `std::collections::BTreeMap`), so schemas called `Value` or `BTreeMap` keep their name.
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

/// Method names that operations may not take: the client's own methods (`new`, `base_url`, …)
/// and the methods of traits in the prelude that a client or a server implementation has
/// (`clone`, `into`, `to_owned`, `eq`, `fmt`, …), which an operation method would hide or make
/// ambiguous.
pub const RESERVED_METHOD_NAMES: &[&str] = &[
    "as_mut",
    "as_ref",
    "base_url",
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "clone_into",
    "cmp",
    "default",
    "default_server",
    "drop",
    "eq",
    "extend",
    "fmt",
    "from",
    "hash",
    "http_client",
    "into",
    "into_iter",
    "ne",
    "new",
    "on_origin",
    "partial_cmp",
    "to_owned",
    "to_string",
    "try_from",
    "try_into",
    "type_id",
    "with_auth",
    "with_credential",
    "with_header",
    "with_hook",
    "with_http_client",
    "with_retry",
    "with_timeout",
];

/// Names no parameter may take: the request body argument (`body`), and the methods of request
/// builders (`request`, `send`, `stream`, `header`, `timeout`), which share the namespace of the
/// builder's setters.
/// A parameter named like one of them gets a numbered name instead (`send_2`).
pub const RESERVED_PARAM_NAMES: &[&str] = &[
    "body", "header", "request", "self", "send", "stream", "timeout",
];

/// Names path, header and cookie parameters may not take besides [`RESERVED_PARAM_NAMES`]: those
/// parameters are locals of client methods and server handlers and fields of request builders,
/// beside the generated code's own locals and helpers (`path`, `query`, `parts`, `value`,
/// `path_arg`, `drop`, …). Query parameters live in the query struct, so they keep these names.
pub const RESERVED_LOCAL_NAMES: &[&str] = &[
    "bytes",
    "caller",
    "client",
    "drop",
    "options",
    "parts",
    "path",
    "path_arg",
    "query",
    "read_body",
    "shared",
    "value",
];

/// The suffix of the client's locals holding an encoded path parameter (`id_segment`): path,
/// header and cookie parameters whose name ends with it are renamed, so that no local shadows a
/// parameter.
pub const RESERVED_LOCAL_SUFFIX: &str = "_segment";

/// An identifier of the generated code, decided by the naming layer: ASCII letters, digits and
/// `_`, not starting with a digit, with keyword escaping already applied. [`Display`](fmt::Display)
/// and [`RustIdent::as_str`] give the source form (`r#type`), [`RustIdent::name`] the name
/// without the raw prefix (`type`), for composing other names or comparing with wire names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RustIdent {
    /// The source form.
    text: String,
    /// `text` starts with `r#`.
    raw: bool,
}

impl RustIdent {
    /// `name` as an identifier, escaped when it is a keyword; `None` unless `name` is made of
    /// ASCII letters, digits and `_`, does not start with a digit and is not `_`.
    pub fn new(name: &str) -> Option<RustIdent> {
        let valid = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name != "_";
        valid.then(|| RustIdent::escaped(name.to_owned()))
    }

    /// Escapes a name known to be identifier text.
    fn escaped(name: String) -> RustIdent {
        if NOT_RAW.contains(&name.as_str()) {
            RustIdent {
                text: format!("{name}_"),
                raw: false,
            }
        } else if KEYWORDS.contains(&name.as_str()) {
            RustIdent {
                text: format!("r#{name}"),
                raw: true,
            }
        } else {
            RustIdent {
                text: name,
                raw: false,
            }
        }
    }

    /// The source form (`r#type`, `user_id`).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The name without a raw prefix (`type` for `r#type`).
    pub fn name(&self) -> &str {
        if self.raw {
            &self.text[2..]
        } else {
            &self.text
        }
    }

    /// True for a raw identifier (`r#type`).
    pub fn is_raw(&self) -> bool {
        self.raw
    }

    /// True when a keyword that cannot be raw got a trailing `_` (`self` → `self_`).
    pub fn is_suffixed_keyword(&self) -> bool {
        self.text
            .strip_suffix('_')
            .is_some_and(|keyword| NOT_RAW.contains(&keyword))
    }

    /// This name followed by `suffix` (`UsersList` + `Response`); characters of `suffix` that
    /// cannot be in an identifier are left out.
    pub fn with_suffix(&self, suffix: &str) -> RustIdent {
        let mut name = self.name().to_owned();
        name.extend(
            suffix
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_'),
        );
        RustIdent::escaped(name)
    }
}

/// `text` as an identifier when it is one, else folded like a type name.
pub(crate) fn ident_or_type_name(text: &str) -> RustIdent {
    RustIdent::new(text).unwrap_or_else(|| type_name(text))
}

impl fmt::Display for RustIdent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<str> for RustIdent {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for RustIdent {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// A `UpperCamelCase` type or variant name for `raw`.
pub fn type_name(raw: &str) -> RustIdent {
    let name = fold(raw).to_upper_camel_case();
    if name.is_empty() {
        return RustIdent::escaped("Empty".to_owned());
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    };
    RustIdent::escaped(name)
}

/// A `snake_case` field, method or parameter name for `raw`.
pub fn value_name(raw: &str) -> RustIdent {
    let name = fold(raw).to_snake_case();
    if name.is_empty() {
        return RustIdent::escaped("empty".to_owned());
    }
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{name}")
    } else {
        name
    };
    RustIdent::escaped(name)
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

/// Why [`Namespace::claim`] gave another name than the one asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameReason {
    /// The generated code uses the name itself.
    Reserved,
    /// An earlier name in the same scope took it.
    Taken,
}

impl fmt::Display for RenameReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RenameReason::Reserved => "is reserved for the generated code",
            RenameReason::Taken => "is already taken",
        })
    }
}

/// A name handed out by a [`Namespace`], and why it differs from the one asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// The name given.
    pub ident: RustIdent,
    /// The name asked for and why it was not given; `None` when it was.
    pub renamed: Option<(RustIdent, RenameReason)>,
}

/// A namespace handing out unique names: a name already taken gets `2`, `3`, … appended
/// (after a `_` for `snake_case` names), in the order names are claimed.
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    taken: HashSet<String>,
    reserved: HashSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Namespace {
        let reserved: HashSet<String> = reserved.iter().map(|name| (*name).to_owned()).collect();
        Namespace {
            taken: reserved.clone(),
            reserved,
        }
    }

    /// Claims `wanted`, or the first free numbered variant of it.
    pub fn claim(&mut self, wanted: RustIdent) -> RustIdent {
        self.claim_reporting(wanted).ident
    }

    /// Claims `wanted`, or the first free numbered variant of it, saying why it was renamed.
    pub fn claim_reporting(&mut self, wanted: RustIdent) -> Claimed {
        self.claim_avoiding(wanted, &[], None)
    }

    /// Claims `wanted` like [`Namespace::claim_reporting`], treating `also_reserved` and names
    /// ending with `reserved_suffix` as reserved for this claim only.
    pub fn claim_avoiding(
        &mut self,
        wanted: RustIdent,
        also_reserved: &[&str],
        reserved_suffix: Option<&str>,
    ) -> Claimed {
        let name = wanted.name();
        let avoided = also_reserved.contains(&name)
            || reserved_suffix.is_some_and(|suffix| name.ends_with(suffix));
        if !avoided && self.taken.insert(name.to_owned()) {
            return Claimed {
                ident: wanted,
                renamed: None,
            };
        }
        let reason = if avoided || self.reserved.contains(name) {
            RenameReason::Reserved
        } else {
            RenameReason::Taken
        };
        let base = name.trim_end_matches('_');
        let separator = if base.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let ident = (2usize..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .map(RustIdent::escaped)
            .unwrap_or_else(|| wanted.clone());
        Claimed {
            ident,
            renamed: Some((wanted, reason)),
        }
    }

    /// Claims a type name; one that is reserved for the generated crate's own items gets a
    /// `Model` suffix first (`Error` → `ErrorModel`).
    pub fn claim_type(&mut self, wanted: RustIdent) -> Claimed {
        if self.reserved.contains(wanted.name()) {
            let mut claimed =
                self.claim_reporting(RustIdent::escaped(format!("{}Model", wanted.name())));
            claimed.renamed = Some((wanted, RenameReason::Reserved));
            claimed
        } else {
            self.claim_reporting(wanted)
        }
    }

    /// True when `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
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
    fn escapes_keywords_once() {
        let ty = value_name("type");
        assert_eq!(ty, "r#type");
        assert_eq!(ty.to_string(), "r#type");
        assert_eq!(ty.name(), "type");
        assert!(ty.is_raw());
        assert_eq!(value_name("match"), "r#match");
        assert_eq!(value_name("async"), "r#async");
        assert_eq!(value_name("gen"), "r#gen");
        assert_eq!(value_name("self"), "self_");
        assert!(!value_name("self").is_raw());
        assert_eq!(value_name("super"), "super_");
        assert_eq!(type_name("self"), "Self_");
        assert!(type_name("self").is_suffixed_keyword());
        assert!(!value_name("type").is_suffixed_keyword());
        assert_eq!(value_name("user_id").name(), "user_id");
    }

    #[test]
    fn makes_only_valid_identifiers() {
        assert_eq!(
            RustIdent::new("fn").map(|i| i.to_string()),
            Some("r#fn".to_owned())
        );
        assert_eq!(RustIdent::new("a-b"), None);
        assert_eq!(RustIdent::new("1a"), None);
        assert_eq!(RustIdent::new("_"), None);
        assert_eq!(RustIdent::new(""), None);
        assert_eq!(RustIdent::new("été"), None);
        for raw in [
            "", "r#", "_", "__", "***", "日本", "1", "-", "a b", "Self", "r#type",
        ] {
            for ident in [type_name(raw), value_name(raw)] {
                assert!(RustIdent::new(ident.name()).is_some(), "{raw:?} → {ident}");
                assert!(!ident.name().starts_with('_'), "{raw:?} → {ident}");
            }
        }
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
    fn reports_why_a_name_changed() {
        let mut params = Namespace::with_reserved(RESERVED_PARAM_NAMES);
        let local = |params: &mut Namespace, name: &str| {
            params.claim_avoiding(
                value_name(name),
                RESERVED_LOCAL_NAMES,
                Some(RESERVED_LOCAL_SUFFIX),
            )
        };
        let path = local(&mut params, "path");
        assert_eq!(path.ident, "path_2");
        assert_eq!(
            path.renamed,
            Some((value_name("path"), RenameReason::Reserved))
        );
        let segment = local(&mut params, "id_segment");
        assert_eq!(segment.ident, "id_segment_2");
        assert_eq!(
            segment.renamed.map(|(_, reason)| reason),
            Some(RenameReason::Reserved)
        );
        let send = params.claim_reporting(value_name("send"));
        assert_eq!(send.ident, "send_2");
        assert_eq!(
            send.renamed.map(|(_, reason)| reason),
            Some(RenameReason::Reserved)
        );
        assert_eq!(params.claim_reporting(value_name("query")).ident, "query");
        assert_eq!(local(&mut params, "query").ident, "query_2");
        assert_eq!(params.claim_reporting(value_name("id")).renamed, None);
        let again = params.claim_reporting(value_name("ID"));
        assert_eq!(again.ident, "id_2");
        assert_eq!(
            again.renamed.map(|(_, reason)| reason),
            Some(RenameReason::Taken)
        );
    }

    #[test]
    fn renames_reserved_type_names() {
        let mut names = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        assert_eq!(names.claim_type(type_name("Error")).ident, "ErrorModel");
        assert_eq!(names.claim_type(type_name("Client")).ident, "ClientModel");
        let pet = names.claim_type(type_name("Pet"));
        assert_eq!(pet.ident, "Pet");
        assert_eq!(pet.renamed, None);
        assert_eq!(names.claim_type(type_name("Value")).ident, "Value");
    }
}
