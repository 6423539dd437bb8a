//! Path templates (`/api/users/{uuid}/`) parsed once into pieces, checked so that every accepted
//! template can be routed, and viewed as `/`-separated route segments for the server's router.
//!
//! The rules a template must follow (each broken rule is a diagnostic naming the path):
//! - it starts with `/` and holds no `?` or `#` (a path has no query or fragment);
//! - every `{` is closed by a `}` before the next `{`, `}` or `/`, around a non-empty name;
//! - two captures are separated by literal text (`{a}{b}` is ambiguous: where would `a` end?);
//! - a capture name appears once.
//!
//! Route segments split the template at `/`: a segment is literal text, or a mix of literal
//! pieces and captures (`{id}`, `{name}.json`, `v{major}.{minor}`). Literal text is given in
//! its wire form, percent-encoded as an RFC 3986 client sends it. An empty segment (`/a//b`)
//! is literal and routed as written; `/a` and `/a/` are two different paths, and neither
//! answers for the other.

use std::path::Path;

use serde_json::Value;

use crate::error::{LoadError, Problem};
use crate::ir::{PathSegment, PathTemplate};
use crate::pointer::Pointer;

/// Refuses the keys of `paths` in the raw `document` that do not start with `/` (other than
/// `x-` extensions): the OpenAPI reader would drop them without a word.
pub fn check_path_keys(file: &Path, document: &Value) -> Result<(), LoadError> {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return Ok(());
    };
    let base = Pointer::root().join("paths");
    let problems: Vec<Problem> = paths
        .keys()
        .filter(|key| !key.starts_with('/') && !key.starts_with("x-"))
        .map(|key| Problem {
            pointer: base.join(key).into_string(),
            message: "malformed path template: a path must start with `/`".to_owned(),
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(LoadError::Invalid {
            file: file.to_owned(),
            problems,
        })
    }
}

/// Parses a path template; fails with the reason when it breaks one of the module's rules.
pub fn parse_path_template(raw: &str) -> Result<PathTemplate, String> {
    if !raw.starts_with('/') {
        return Err("a path must start with `/`".to_owned());
    }
    if let Some(found) = raw.find(['?', '#']) {
        return Err(format!(
            "`{}` at byte {found}: a path holds no query or fragment",
            &raw[found..=found]
        ));
    }
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut chars = raw.char_indices();
    while let Some((start, c)) = chars.next() {
        match c {
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some((_, '}')) => break,
                        Some((_, '{')) => {
                            return Err(format!("nested `{{` in path template at byte {start}"));
                        }
                        Some((_, '/')) => {
                            return Err(format!("unclosed `{{` at byte {start} (before a `/`)"));
                        }
                        Some((_, c)) => name.push(c),
                        None => return Err(format!("unclosed `{{` at byte {start}")),
                    }
                }
                if name.is_empty() {
                    return Err(format!("empty parameter name `{{}}` at byte {start}"));
                }
                if literal.is_empty() && matches!(segments.last(), Some(PathSegment::Param(_))) {
                    return Err(format!(
                        "two captures without text between them at byte {start} \
                         (`{{a}}{{b}}` is ambiguous)"
                    ));
                }
                if segments
                    .iter()
                    .any(|s| matches!(s, PathSegment::Param(n) if *n == name))
                {
                    return Err(format!("the capture `{{{name}}}` appears twice"));
                }
                if !literal.is_empty() {
                    segments.push(PathSegment::Literal(std::mem::take(&mut literal)));
                }
                segments.push(PathSegment::Param(name));
            }
            '}' => return Err(format!("`}}` without `{{` at byte {start}")),
            c => literal.push(c),
        }
    }
    if !literal.is_empty() {
        segments.push(PathSegment::Literal(literal));
    }
    Ok(PathTemplate {
        raw: raw.to_owned(),
        segments,
    })
}

/// One `/`-separated segment of a path template, as the router matches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteSegment {
    /// Literal text only, in wire form (may be empty: `//`, or the segment after a trailing `/`).
    Literal(String),
    /// One or more captures with the literal pieces around and between them, in wire form:
    /// `pieces` holds one more entry than `names` (`{name}.json` is `["", ".json"]`, `["name"]`).
    Captures {
        /// The literal text before, between and after the captures; inner pieces are not empty.
        pieces: Vec<String>,
        /// The capture names, in order.
        names: Vec<String>,
    },
}

impl PathTemplate {
    /// The parameter names, in order of appearance.
    pub fn param_names(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            PathSegment::Param(name) => Some(name.as_str()),
            PathSegment::Literal(_) => None,
        })
    }

    /// The template split at `/` (the leading `/` opens the first segment, so `/` alone is one
    /// empty literal segment).
    pub fn route_segments(&self) -> Vec<RouteSegment> {
        let mut segments = Vec::new();
        let mut pieces = vec![String::new()];
        let mut names = Vec::new();
        let mut started = false;
        let mut finish = |pieces: &mut Vec<String>, names: &mut Vec<String>| {
            let pieces = std::mem::replace(pieces, vec![String::new()]);
            let names = std::mem::take(names);
            segments.push(if names.is_empty() {
                RouteSegment::Literal(pieces.concat())
            } else {
                RouteSegment::Captures { pieces, names }
            });
        };
        for piece in &self.segments {
            match piece {
                PathSegment::Literal(text) => {
                    for (index, part) in text.split('/').enumerate() {
                        if index > 0 {
                            if started {
                                finish(&mut pieces, &mut names);
                            }
                            started = true;
                        }
                        if let Some(last) = pieces.last_mut() {
                            last.push_str(&wire_form(part));
                        }
                    }
                }
                PathSegment::Param(name) => {
                    names.push(name.clone());
                    pieces.push(String::new());
                }
            }
        }
        finish(&mut pieces, &mut names);
        segments
    }

    /// The template with its capture names left out (`/a/{}.json`): two templates with the same
    /// key are the same route (OpenAPI: templates differing only in names are identical).
    pub fn route_key(&self) -> String {
        let mut key = String::new();
        for segment in self.route_segments() {
            key.push('/');
            match segment {
                RouteSegment::Literal(text) => key.push_str(&text),
                RouteSegment::Captures { pieces, .. } => key.push_str(&pieces.join("{}")),
            }
        }
        key
    }
}

/// `text` percent-encoded as RFC 3986 clients (the WHATWG URL rules that `reqwest` follows)
/// send a path: controls, space, `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`, `}` and non-ASCII
/// bytes become `%XX` (uppercase hex); everything else, `%` included, is kept.
pub fn wire_form(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let keep = byte.is_ascii_graphic()
            && !matches!(byte, b'"' | b'#' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}');
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(raw: &str) -> Vec<RouteSegment> {
        parse_path_template(raw).unwrap().route_segments()
    }

    fn literal(text: &str) -> RouteSegment {
        RouteSegment::Literal(text.to_owned())
    }

    fn captures(pieces: &[&str], names: &[&str]) -> RouteSegment {
        RouteSegment::Captures {
            pieces: pieces.iter().map(|p| p.to_string()).collect(),
            names: names.iter().map(|n| n.to_string()).collect(),
        }
    }

    #[test]
    fn splits_literals_and_params() {
        let template = parse_path_template("/api/users/{uuid}/integrations/{id}/").unwrap();
        assert_eq!(
            template.segments,
            vec![
                PathSegment::Literal("/api/users/".into()),
                PathSegment::Param("uuid".into()),
                PathSegment::Literal("/integrations/".into()),
                PathSegment::Param("id".into()),
                PathSegment::Literal("/".into()),
            ]
        );
        assert_eq!(template.param_names().collect::<Vec<_>>(), ["uuid", "id"]);
    }

    #[test]
    fn params_may_share_a_segment() {
        let template = parse_path_template("/files/{name}.{ext}").unwrap();
        assert_eq!(template.param_names().collect::<Vec<_>>(), ["name", "ext"]);
    }

    #[test]
    fn refuses_malformed_templates() {
        let error = |raw: &str| parse_path_template(raw).unwrap_err();
        assert!(error("/a/{b").contains("unclosed"));
        assert!(error("/a/{b/c}").contains("unclosed"));
        assert!(error("/a/{}").contains("empty"));
        assert!(error("/a/{b{c}}").contains("nested"));
        assert!(error("/a/b}").contains("without"));
        assert!(error("a/b").contains("must start with `/`"));
        assert!(error("").contains("must start with `/`"));
        assert!(error("/a?b=1").contains("no query or fragment"));
        assert!(error("/a#b").contains("no query or fragment"));
        assert!(error("/{a}{b}").contains("ambiguous"));
        assert!(error("/{id}/x/{id}").contains("appears twice"));
    }

    #[test]
    fn route_segments_of_plain_paths() {
        assert_eq!(segments("/"), [literal("")]);
        assert_eq!(segments("/a"), [literal("a")]);
        assert_eq!(segments("/a/"), [literal("a"), literal("")]);
        assert_eq!(segments("/a//b"), [literal("a"), literal(""), literal("b")]);
        assert_eq!(
            segments("/users/{id}/"),
            [literal("users"), captures(&["", ""], &["id"]), literal("")]
        );
    }

    #[test]
    fn route_segments_with_pieces_around_captures() {
        assert_eq!(
            segments("/files/{name}.json"),
            [literal("files"), captures(&["", ".json"], &["name"])]
        );
        assert_eq!(
            segments("/{a}.{b}"),
            [captures(&["", ".", ""], &["a", "b"])]
        );
        assert_eq!(
            segments("/api/v{major}.{minor}/x"),
            [
                literal("api"),
                captures(&["v", ".", ""], &["major", "minor"]),
                literal("x")
            ]
        );
    }

    #[test]
    fn literals_are_in_wire_form() {
        assert_eq!(segments("/café"), [literal("caf%C3%A9")]);
        assert_eq!(segments("/a b"), [literal("a%20b")]);
        assert_eq!(segments("/caf%C3%A9"), [literal("caf%C3%A9")]);
        assert_eq!(segments("/*"), [literal("*")]);
        assert_eq!(segments("/:id"), [literal(":id")]);
        assert_eq!(
            segments("/é{x}é"),
            [captures(&["%C3%A9", "%C3%A9"], &["x"])]
        );
    }

    #[test]
    fn route_keys_ignore_capture_names() {
        let key = |raw: &str| parse_path_template(raw).unwrap().route_key();
        assert_eq!(key("/a/{b}"), key("/a/{c}"));
        assert_eq!(key("/a/{b}"), "/a/{}");
        assert_eq!(key("/"), "/");
        assert_eq!(key("/a/"), "/a/");
        assert_eq!(key("/{a}.{b}"), "/{}.{}");
        assert_ne!(key("/a/{b}"), key("/a/{b}/"));
        assert_eq!(key("/café"), key("/caf%C3%A9"));
    }

    #[test]
    fn three_hundred_captures() {
        let raw: String = (0..300).map(|i| format!("/{{p{i}}}")).collect();
        let template = parse_path_template(&raw).unwrap();
        assert_eq!(template.route_segments().len(), 300);
    }
}
