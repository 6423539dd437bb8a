//! The generated router, built from a table of routes rather than one long method chain, so
//! that no number of operations can overflow a stack, and with its own matching of segments
//! that axum cannot route (`{name}.json`, `{a}.{b}`, `v{major}.{minor}`).
//!
//! # How a request finds its operation
//!
//! 1. The path is split at `/`. A literal segment matches the same text exactly (as a client
//!    sends it: percent-encoded, uppercase hex). Every other segment is one axum capture, so
//!    axum (matchit) routes on the literal segments: **a literal segment wins over a captured
//!    one** in the same place, as OpenAPI asks of concrete and templated paths. The path must
//!    match to the end: `/a` and `/a/` are different routes, and `//` is an empty segment.
//! 2. Among the operations with the same literal segments and method, the most specific is
//!    tried first (per segment from the left: more literal text, then fewer captures, then the
//!    order of the spec), and the first whose segments match is called.
//! 3. A segment with captures matches when it starts with its first literal piece, ends with
//!    its last, and holds the inner pieces in order: each capture takes the **shortest
//!    non-empty** text before the next piece, the last capture takes the rest. A capture is
//!    never empty. `{name}.json` on `a.b.json` gives `a.b`; `{a}.{b}` on `x.y.z` gives `x` and
//!    `y.z`. Pieces are compared before percent-decoding, so an encoded `%2E` in a value is
//!    never a `.` separator; captured values are decoded when the handler reads them.
//! 4. No operation matches: JSON 404. The path is known but not the method: JSON 405.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::response::Response;
use axum::routing::{MethodFilter, MethodRouter};
use http::request::Parts;

use super::ApiError;
use super::error::{method_not_allowed_fallback, not_found_fallback};

/// One `/`-separated segment of a route, as generated from its path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Literal text, percent-encoded as clients send it.
    Literal(&'static str),
    /// Captures and the literal pieces around and between them: one more piece than captures
    /// (`{id}` is `["", ""]`, `{name}.json` is `["", ".json"]`).
    Captures(&'static [&'static str]),
}

/// The raw (still percent-encoded) captures of the matched route, handed to the handler.
#[derive(Debug, Clone)]
struct PathCaptures(Vec<String>);

/// A handler with its type erased, so that handlers of every operation fit in one table.
type BoxedHandler<S> =
    Arc<dyn Fn(Request, S) -> Pin<Box<dyn Future<Output = Response> + Send>> + Send + Sync>;

/// One operation's route: its segments and its handler.
struct Candidate<S> {
    segments: &'static [Segment],
    handler: BoxedHandler<S>,
}

/// The operations of one axum route, by method, in the order added.
type ByMethod<S> = Vec<(MethodFilter, Vec<Candidate<S>>)>;

/// The routes of an API, added one by one, then turned into an axum [`Router`].
pub struct RouteTable<S> {
    state: S,
    /// By axum route path, then by method: the operations to try, in the order added.
    routes: BTreeMap<String, ByMethod<S>>,
}

impl<S: Clone + Send + Sync + 'static> RouteTable<S> {
    /// An empty table whose handlers receive `state`.
    pub fn new(state: S) -> Self {
        Self {
            state,
            routes: BTreeMap::new(),
        }
    }

    /// Adds the operation served by `handler` at `segments` for `method`.
    pub fn add<H, T>(&mut self, method: MethodFilter, segments: &'static [Segment], handler: H)
    where
        H: Handler<T, S>,
        T: 'static,
    {
        let handler: BoxedHandler<S> =
            Arc::new(move |request, state| Box::pin(handler.clone().call(request, state)));
        let methods = self.routes.entry(axum_path(segments)).or_default();
        let candidate = Candidate { segments, handler };
        match methods.iter_mut().find(|(filter, _)| *filter == method) {
            Some((_, candidates)) => candidates.push(candidate),
            None => methods.push((method, vec![candidate])),
        }
    }

    /// The router: one axum route per distinct literal structure, JSON 404 and 405 fallbacks.
    pub fn into_router(self) -> Router {
        let mut router = Router::new().without_v07_checks();
        for (path, methods) in self.routes {
            let mut method_router = MethodRouter::new();
            for (method, mut candidates) in methods {
                candidates.sort_by_cached_key(|candidate| specificity(candidate.segments));
                let candidates: Arc<[Candidate<S>]> = candidates.into();
                method_router =
                    method_router.on(method, move |State(state): State<S>, request: Request| {
                        dispatch(candidates.clone(), state, request)
                    });
            }
            router = router.route(&path, method_router);
        }
        router
            .fallback(not_found_fallback)
            .method_not_allowed_fallback(method_not_allowed_fallback)
            .with_state(self.state)
    }
}

/// Calls the first candidate whose segments match the request's path, or answers 404.
async fn dispatch<S>(candidates: Arc<[Candidate<S>]>, state: S, mut request: Request) -> Response {
    let path = request.uri().path().to_owned();
    for candidate in candidates.iter() {
        if let Some(captures) = match_path(candidate.segments, &path) {
            let captures = captures.into_iter().map(str::to_owned).collect();
            request.extensions_mut().insert(PathCaptures(captures));
            return (candidate.handler)(request, state).await;
        }
    }
    not_found_fallback().await
}

/// The route path in axum's syntax: literal braces doubled, each segment with captures one
/// parameter named by its position (`{p0}`), so that templates with different capture names
/// in the same place share one route node.
fn axum_path(segments: &[Segment]) -> String {
    let mut path = String::new();
    let mut captures = 0;
    for segment in segments {
        path.push('/');
        match segment {
            Segment::Literal(text) => path.push_str(&text.replace('{', "{{").replace('}', "}}")),
            Segment::Captures(_) => {
                path.push_str(&format!("{{p{captures}}}"));
                captures += 1;
            }
        }
    }
    path
}

/// Sort key: per segment with captures, from the left, more literal text first, then fewer
/// captures.
fn specificity(segments: &[Segment]) -> Vec<(std::cmp::Reverse<usize>, usize)> {
    segments
        .iter()
        .filter_map(|segment| match segment {
            Segment::Literal(_) => None,
            Segment::Captures(pieces) => Some((
                std::cmp::Reverse(pieces.iter().map(|p| p.len()).sum()),
                pieces.len(),
            )),
        })
        .collect()
}

/// The raw captures of `path` (which starts with `/`) under `segments`, or `None` when it does
/// not match (see the module documentation for the rule).
pub fn match_path<'p>(segments: &[Segment], path: &'p str) -> Option<Vec<&'p str>> {
    let mut parts = path.strip_prefix('/')?.split('/');
    let mut captures = Vec::new();
    for segment in segments {
        let text = parts.next()?;
        match segment {
            Segment::Literal(literal) => {
                if text != *literal {
                    return None;
                }
            }
            Segment::Captures(pieces) => split_segment(pieces, text, &mut captures)?,
        }
    }
    parts.next().is_none().then_some(captures)
}

/// Splits one segment's `text` by `pieces` into its captures, appended to `captures`.
fn split_segment<'p>(pieces: &[&str], text: &'p str, captures: &mut Vec<&'p str>) -> Option<()> {
    let (first, rest) = pieces.split_first()?;
    let (last, inner) = rest.split_last()?;
    let mut text = text.strip_prefix(first)?.strip_suffix(last)?;
    for piece in inner {
        let skip = text.chars().next()?.len_utf8();
        let end = skip + text[skip..].find(piece)?;
        captures.push(&text[..end]);
        text = &text[end + piece.len()..];
    }
    if text.is_empty() {
        return None;
    }
    captures.push(text);
    Some(())
}

/// The values of the matched route's path parameters, in template order, percent-decoded.
///
/// 400 `invalid_request` if a value is not UTF-8 once decoded; 500 if the request did not go
/// through a [`RouteTable`].
pub fn path_values(parts: &mut Parts) -> Result<Vec<String>, ApiError> {
    let Some(PathCaptures(raw)) = parts.extensions.remove::<PathCaptures>() else {
        return Err(ApiError::internal(
            "The path parameters are missing: the handler was not called through its route table.",
        ));
    };
    raw.iter()
        .map(|value| {
            percent_encoding::percent_decode_str(value)
                .decode_utf8()
                .map(|decoded| decoded.into_owned())
                .map_err(|_| {
                    ApiError::invalid_request(
                        "invalid",
                        format!("The path segment `{value}` is not valid UTF-8 once decoded."),
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &[&str] = &["", ""];

    #[test]
    fn literal_segments_match_exactly() {
        let segments = [Segment::Literal("a"), Segment::Literal("")];
        assert_eq!(match_path(&segments, "/a/"), Some(vec![]));
        assert_eq!(match_path(&segments, "/a"), None);
        assert_eq!(match_path(&segments, "/a//"), None);
        assert_eq!(match_path(&segments, "/b/"), None);
        assert_eq!(match_path(&[Segment::Literal("")], "/"), Some(vec![]));
        assert_eq!(match_path(&[Segment::Literal("")], ""), None);
    }

    #[test]
    fn a_plain_capture_takes_the_segment() {
        let segments = [Segment::Literal("users"), Segment::Captures(PLAIN)];
        assert_eq!(match_path(&segments, "/users/42"), Some(vec!["42"]));
        assert_eq!(match_path(&segments, "/users/a%2Fb"), Some(vec!["a%2Fb"]));
        assert_eq!(match_path(&segments, "/users/"), None);
        assert_eq!(match_path(&segments, "/users/1/2"), None);
    }

    #[test]
    fn a_suffix_is_anchored_at_the_end() {
        let segments = [Segment::Captures(&["", ".json"])];
        assert_eq!(match_path(&segments, "/report.json"), Some(vec!["report"]));
        assert_eq!(match_path(&segments, "/a.b.json"), Some(vec!["a.b"]));
        assert_eq!(match_path(&segments, "/.json"), None);
        assert_eq!(match_path(&segments, "/report.xml"), None);
        assert_eq!(match_path(&segments, "/report%2Ejson"), None);
    }

    #[test]
    fn captures_are_leftmost_shortest_and_never_empty() {
        let two = [Segment::Captures(&["", ".", ""])];
        assert_eq!(match_path(&two, "/x.y"), Some(vec!["x", "y"]));
        assert_eq!(match_path(&two, "/x.y.z"), Some(vec!["x", "y.z"]));
        assert_eq!(match_path(&two, "/.x.y"), Some(vec![".x", "y"]));
        assert_eq!(match_path(&two, "/x."), None);
        assert_eq!(match_path(&two, "/xy"), None);
        let version = [Segment::Captures(&["v", ".", ""])];
        assert_eq!(match_path(&version, "/v1.2"), Some(vec!["1", "2"]));
        assert_eq!(match_path(&version, "/v.2"), None);
        assert_eq!(match_path(&version, "/1.2"), None);
        let overlap = [Segment::Captures(&["ab", "ba"])];
        assert_eq!(
            match_path(&overlap, "/aba"),
            None,
            "prefix and suffix overlap"
        );
        assert_eq!(match_path(&overlap, "/abxba"), Some(vec!["x"]));
        let unicode = [Segment::Captures(&["", "-", ""])];
        assert_eq!(match_path(&unicode, "/é-ü"), Some(vec!["é", "ü"]));
    }

    #[test]
    fn axum_paths_are_positional_and_escaped() {
        assert_eq!(
            axum_path(&[
                Segment::Literal("a"),
                Segment::Captures(PLAIN),
                Segment::Literal("{x}"),
                Segment::Captures(&["", ".json"]),
                Segment::Literal(""),
            ]),
            "/a/{p0}/{{x}}/{p1}/"
        );
        assert_eq!(axum_path(&[Segment::Literal("")]), "/");
    }

    #[test]
    fn more_literal_text_is_more_specific() {
        let mut keys = [
            specificity(&[Segment::Captures(PLAIN)]),
            specificity(&[Segment::Captures(&["", ".", ""])]),
            specificity(&[Segment::Captures(&["", ".json"])]),
        ];
        keys.sort();
        assert_eq!(keys[0], specificity(&[Segment::Captures(&["", ".json"])]));
        assert_eq!(keys[2], specificity(&[Segment::Captures(PLAIN)]));
    }

    #[test]
    fn path_values_are_decoded_or_refused() {
        let request = http::Request::builder().body(()).unwrap();
        let (mut parts, ()) = request.into_parts();
        assert_eq!(path_values(&mut parts).unwrap_err().status.as_u16(), 500);
        parts.extensions.insert(PathCaptures(vec![
            "caf%C3%A9".into(),
            "a%2Fb".into(),
            "@me".into(),
        ]));
        assert_eq!(path_values(&mut parts).unwrap(), ["café", "a/b", "@me"]);
        parts.extensions.insert(PathCaptures(vec!["%FF%FE".into()]));
        let error = path_values(&mut parts).unwrap_err();
        assert_eq!(
            (error.status.as_u16(), error.body.code.as_str()),
            (400, "invalid")
        );
    }
}
