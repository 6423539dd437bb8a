//! The generated router, built from a table of routes rather than one long method chain, so
//! that no number of operations can overflow a stack, and with its own matching of segments
//! that axum cannot route (`{name}.json`, `{a}.{b}`, `v{major}.{minor}`).
//!
//! # How a request finds its operation
//!
//! Each operation is added with its [`RoutePattern`] (`/files/{}.json`), generated from its
//! path template.
//!
//! 1. The path is split at `/`. A literal segment matches the same text exactly (as a client
//!    sends it: percent-encoded, uppercase hex). Every other segment is one axum capture, so
//!    axum (matchit) routes on the literal segments: **a literal segment wins over a captured
//!    one** in the same place, as OpenAPI asks of concrete and templated paths. The path must
//!    match to the end: `/a` and `/a/` are different routes, and `//` is an empty segment.
//!    (matchit allows 25 parameters per route: past 24 segments with captures, the rest of the
//!    path is one catch-all for axum, and the table matches those segments itself.)
//! 2. Among the operations with the same axum route and method, the most specific is tried
//!    first (per segment with captures, from the left: more literal text, then fewer captures,
//!    then the order they were added), and the first whose segments all match is called.
//!    Because axum chooses the route first, a literal segment that matches sends the request
//!    to its route even when only a templated route's pieces would have matched the rest.
//! 3. A segment with captures matches when it starts with its first literal piece, ends with
//!    its last, and holds the inner pieces in order: each capture takes the **shortest
//!    non-empty** text before the next piece, the last capture takes the rest. A capture is
//!    never empty. `{name}.json` on `a.b.json` gives `a.b`; `{a}.{b}` on `x.y.z` gives `x` and
//!    `y.z`. Pieces are compared before percent-decoding, so an encoded `%2E` in a value is
//!    never a `.` separator; captured values are decoded when the handler reads them.
//! 4. No operation matches: JSON 404. The path is known but not the method: JSON 405.

use std::borrow::Cow;
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

/// Where an operation is served: `/`-separated segments of literal text, percent-encoded as
/// clients send it, in which `{}` marks a capture (`/api/users/{}/`, `/files/{}.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutePattern {
    segments: Vec<Segment>,
}

/// One segment of a [`RoutePattern`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// Literal text (the route's own, or a segment of the table's base path).
    Literal(Cow<'static, str>),
    /// The literal pieces around and between captures: one more piece than captures
    /// (`{}` is `["", ""]`, `{}.json` is `["", ".json"]`).
    Captures(Vec<&'static str>),
}

impl RoutePattern {
    /// Reads `pattern`; any text is a pattern (a missing leading `/` is implied).
    pub fn new(pattern: &'static str) -> Self {
        let body = pattern.strip_prefix('/').unwrap_or(pattern);
        let segments = body
            .split('/')
            .map(|segment| {
                if segment.contains("{}") {
                    Segment::Captures(segment.split("{}").collect())
                } else {
                    Segment::Literal(Cow::Borrowed(segment))
                }
            })
            .collect();
        Self { segments }
    }

    /// The raw (still percent-encoded) captures of `path`, or `None` when it does not match
    /// (see the module documentation for the rule).
    pub fn captures<'p>(&self, path: &'p str) -> Option<Vec<&'p str>> {
        let mut parts = path.strip_prefix('/')?.split('/');
        let mut captures = Vec::new();
        for segment in &self.segments {
            let text = parts.next()?;
            match segment {
                Segment::Literal(literal) => {
                    if text != literal {
                        return None;
                    }
                }
                Segment::Captures(pieces) => split_segment(pieces, text, &mut captures)?,
            }
        }
        parts.next().is_none().then_some(captures)
    }

    /// The route path in axum's syntax: literal braces doubled, each segment with captures one
    /// parameter named by its position (`{p0}`). Past [`NAMED_CAPTURES_MAX`] segments with
    /// captures (matchit panics beyond 25), the rest of the path is one catch-all `{*rest}`;
    /// the route table still matches every segment itself.
    fn axum_path(&self) -> String {
        let mut path = String::new();
        let mut captures = 0;
        for segment in &self.segments {
            path.push('/');
            match segment {
                Segment::Literal(text) => {
                    path.push_str(&text.replace('{', "{{").replace('}', "}}"))
                }
                Segment::Captures(_) if captures == NAMED_CAPTURES_MAX => {
                    path.push_str("{*rest}");
                    break;
                }
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
    fn specificity(&self) -> Vec<(std::cmp::Reverse<usize>, usize)> {
        self.segments
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
}

/// The most named axum captures in one route path; see [`RoutePattern::axum_path`].
const NAMED_CAPTURES_MAX: usize = 24;

/// Where the raw (still percent-encoded) captures of the matched route are in the request's
/// path, handed to the handler (byte ranges, so no text is copied).
#[derive(Debug, Clone)]
struct PathCaptures(Vec<std::ops::Range<usize>>);

/// A handler with its type erased, so that handlers of every operation fit in one table.
type BoxedHandler<S> =
    Arc<dyn Fn(Request, S) -> Pin<Box<dyn Future<Output = Response> + Send>> + Send + Sync>;

/// One operation's route: its segments and its handler.
struct Candidate<S> {
    pattern: RoutePattern,
    handler: BoxedHandler<S>,
}

/// `table.get(pattern, handler)` and its siblings: [`RouteTable::add`] for one method.
macro_rules! method_shorthands {
    ($($name:ident $filter:ident),* $(,)?) => {
        $(
            #[doc = concat!("Adds an operation served for `", stringify!($filter), "` (see [`RouteTable::add`]).")]
            pub fn $name<H, T>(&mut self, pattern: &'static str, handler: H)
            where
                H: Handler<T, S>,
                T: 'static,
            {
                self.add(MethodFilter::$filter, pattern, handler);
            }
        )*
    };
}

/// The operations of one axum route, by method, in the order added.
type ByMethod<S> = Vec<(MethodFilter, Vec<Candidate<S>>)>;

/// The routes of an API, added one by one, then turned into an axum [`Router`].
pub struct RouteTable<S> {
    state: S,
    /// The literal segments every route is served under (see [`RouteTable::with_base_path`]).
    base: Vec<Segment>,
    /// By axum route path, then by method: the operations to try, in the order added.
    routes: BTreeMap<String, ByMethod<S>>,
}

impl<S: Clone + Send + Sync + 'static> RouteTable<S> {
    /// An empty table whose handlers receive `state`.
    pub fn new(state: S) -> Self {
        Self::with_base_path(state, "")
    }

    /// An empty table whose handlers receive `state` and whose routes are all served under
    /// `base_path` (`/api/v3`: a route `/pets` answers at `/api/v3/pets`). The base path is
    /// literal text, percent-encoded as clients send it (braces are not captures); empty or
    /// `/` is the root, and a trailing `/` is ignored.
    pub fn with_base_path(state: S, base_path: &str) -> Self {
        let trimmed = base_path.trim_start_matches('/').trim_end_matches('/');
        let base = if trimmed.is_empty() {
            Vec::new()
        } else {
            trimmed
                .split('/')
                .map(|segment| Segment::Literal(Cow::Owned(segment.to_owned())))
                .collect()
        };
        Self {
            state,
            base,
            routes: BTreeMap::new(),
        }
    }

    /// Adds the operation served by `handler` for `method` at `pattern` (see [`RoutePattern`]).
    pub fn add<H, T>(&mut self, method: MethodFilter, pattern: &'static str, handler: H)
    where
        H: Handler<T, S>,
        T: 'static,
    {
        let handler: BoxedHandler<S> =
            Arc::new(move |request, state| Box::pin(handler.clone().call(request, state)));
        let mut pattern = RoutePattern::new(pattern);
        if !self.base.is_empty() {
            pattern.segments.splice(0..0, self.base.iter().cloned());
        }
        let methods = self.routes.entry(pattern.axum_path()).or_default();
        let candidate = Candidate { pattern, handler };
        match methods.iter_mut().find(|(filter, _)| *filter == method) {
            Some((_, candidates)) => candidates.push(candidate),
            None => methods.push((method, vec![candidate])),
        }
    }

    method_shorthands! {
        get GET, put PUT, post POST, delete DELETE, options OPTIONS, head HEAD, patch PATCH,
        trace TRACE
    }

    /// The router: one axum route per distinct literal structure, JSON 404 and 405 fallbacks.
    pub fn into_router(self) -> Router {
        let mut router = Router::new().without_v07_checks();
        for (path, methods) in self.routes {
            let mut method_router = MethodRouter::new();
            for (method, mut candidates) in methods {
                candidates.sort_by_cached_key(|candidate| candidate.pattern.specificity());
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
    let path = request.uri().path();
    let found = candidates.iter().find_map(|candidate| {
        let captures = candidate.pattern.captures(path)?;
        let ranges = captures
            .into_iter()
            .map(|capture| range_in(path, capture))
            .collect();
        Some((candidate, PathCaptures(ranges)))
    });
    match found {
        Some((candidate, captures)) => {
            request.extensions_mut().insert(captures);
            (candidate.handler)(request, state).await
        }
        None => not_found_fallback().await,
    }
}

/// The byte range of `part`, a slice of `whole`, within `whole`.
fn range_in(whole: &str, part: &str) -> std::ops::Range<usize> {
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    start..start + part.len()
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
    let values = path_params(parts)?
        .values
        .into_iter()
        .map(Cow::into_owned)
        .collect();
    parts.extensions.remove::<PathCaptures>();
    Ok(values)
}

/// The values of the matched route's path parameters, in template order, percent-decoded: a
/// value without `%` escapes is borrowed from the request's path, not copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathParams<'a> {
    values: Vec<Cow<'a, str>>,
}

impl PathParams<'_> {
    /// The value at `index` (empty if absent).
    pub fn get(&self, index: usize) -> &str {
        self.values
            .get(index)
            .map(|value| &**value)
            .unwrap_or_default()
    }
}

/// The path parameters of the matched route, read from `parts` without copying (see
/// [`PathParams`]).
///
/// 400 `invalid_request` if a value is not UTF-8 once decoded; 500 if the request did not go
/// through a [`RouteTable`].
pub fn path_params(parts: &Parts) -> Result<PathParams<'_>, ApiError> {
    let Some(PathCaptures(ranges)) = parts.extensions.get::<PathCaptures>() else {
        return Err(ApiError::internal(
            "The path parameters are missing: the handler was not called through its route table.",
        ));
    };
    let path = parts.uri.path();
    let values = ranges
        .iter()
        .map(|range| {
            let value = path.get(range.clone()).unwrap_or_default();
            percent_encoding::percent_decode_str(value)
                .decode_utf8()
                .map_err(|_| {
                    ApiError::invalid_request(
                        "invalid",
                        format!("The path segment `{value}` is not valid UTF-8 once decoded."),
                    )
                })
        })
        .collect::<Result<_, _>>()?;
    Ok(PathParams { values })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captures<'p>(pattern: &'static str, path: &'p str) -> Option<Vec<&'p str>> {
        RoutePattern::new(pattern).captures(path)
    }

    #[test]
    fn patterns_are_read_into_segments() {
        assert_eq!(
            RoutePattern::new("/a/{}/{}.json/").segments,
            [
                Segment::Literal("a".into()),
                Segment::Captures(vec!["", ""]),
                Segment::Captures(vec!["", ".json"]),
                Segment::Literal("".into()),
            ]
        );
        assert_eq!(
            RoutePattern::new("/").segments,
            [Segment::Literal("".into())]
        );
        assert_eq!(RoutePattern::new(""), RoutePattern::new("/"));
    }

    #[test]
    fn literal_segments_match_exactly() {
        assert_eq!(captures("/a/", "/a/"), Some(vec![]));
        assert_eq!(captures("/a/", "/a"), None);
        assert_eq!(captures("/a/", "/a//"), None);
        assert_eq!(captures("/a/", "/b/"), None);
        assert_eq!(captures("/", "/"), Some(vec![]));
        assert_eq!(captures("/", ""), None);
        assert_eq!(captures("/a//b", "/a//b"), Some(vec![]));
    }

    #[test]
    fn a_plain_capture_takes_the_segment() {
        assert_eq!(captures("/users/{}", "/users/42"), Some(vec!["42"]));
        assert_eq!(captures("/users/{}", "/users/a%2Fb"), Some(vec!["a%2Fb"]));
        assert_eq!(captures("/users/{}", "/users/"), None);
        assert_eq!(captures("/users/{}", "/users/1/2"), None);
    }

    #[test]
    fn a_suffix_is_anchored_at_the_end() {
        assert_eq!(captures("/{}.json", "/report.json"), Some(vec!["report"]));
        assert_eq!(captures("/{}.json", "/a.b.json"), Some(vec!["a.b"]));
        assert_eq!(captures("/{}.json", "/.json"), None);
        assert_eq!(captures("/{}.json", "/report.xml"), None);
        assert_eq!(captures("/{}.json", "/report%2Ejson"), None);
    }

    #[test]
    fn captures_are_leftmost_shortest_and_never_empty() {
        assert_eq!(captures("/{}.{}", "/x.y"), Some(vec!["x", "y"]));
        assert_eq!(captures("/{}.{}", "/x.y.z"), Some(vec!["x", "y.z"]));
        assert_eq!(captures("/{}.{}", "/.x.y"), Some(vec![".x", "y"]));
        assert_eq!(captures("/{}.{}", "/x."), None);
        assert_eq!(captures("/{}.{}", "/xy"), None);
        assert_eq!(captures("/v{}.{}", "/v1.2"), Some(vec!["1", "2"]));
        assert_eq!(captures("/v{}.{}", "/v.2"), None);
        assert_eq!(captures("/v{}.{}", "/1.2"), None);
        assert_eq!(
            captures("/ab{}ba", "/aba"),
            None,
            "prefix and suffix overlap"
        );
        assert_eq!(captures("/ab{}ba", "/abxba"), Some(vec!["x"]));
        assert_eq!(captures("/{}-{}", "/é-ü"), Some(vec!["é", "ü"]));
        assert_eq!(
            captures("/{}-{}-{}", "/1-2-3-4"),
            Some(vec!["1", "2", "3-4"])
        );
    }

    #[test]
    fn axum_paths_are_positional_and_escaped() {
        assert_eq!(
            RoutePattern::new("/a/{}/{x}/{}.json/").axum_path(),
            "/a/{p0}/{{x}}/{p1}/"
        );
        assert_eq!(RoutePattern::new("/").axum_path(), "/");
        assert_eq!(RoutePattern::new("/{}{}").axum_path(), "/{p0}");
        let many: &'static str = Box::leak("/{}".repeat(30).into_boxed_str());
        let expected: String = (0..24).map(|i| format!("/{{p{i}}}")).collect();
        assert_eq!(
            RoutePattern::new(many).axum_path(),
            format!("{expected}/{{*rest}}")
        );
    }

    #[test]
    fn more_literal_text_is_more_specific() {
        let key = |pattern| RoutePattern::new(pattern).specificity();
        let mut keys = [key("/{}"), key("/{}.{}"), key("/{}.json")];
        keys.sort();
        assert_eq!(keys, [key("/{}.json"), key("/{}.{}"), key("/{}")]);
    }

    /// The parts of a request for `path` whose captures are these pieces of it.
    fn parts_with(path: &str, pieces: &[&str]) -> Parts {
        let request = http::Request::builder().uri(path).body(()).unwrap();
        let (mut parts, ()) = request.into_parts();
        let ranges = pieces
            .iter()
            .map(|piece| {
                let start = path.find(piece).unwrap();
                start..start + piece.len()
            })
            .collect();
        parts.extensions.insert(PathCaptures(ranges));
        parts
    }

    #[test]
    fn path_values_are_decoded_or_refused() {
        let request = http::Request::builder().body(()).unwrap();
        let (mut parts, ()) = request.into_parts();
        assert_eq!(path_values(&mut parts).unwrap_err().status.as_u16(), 500);
        assert_eq!(path_params(&parts).unwrap_err().status.as_u16(), 500);
        let path = "/caf%C3%A9/a%2Fb/@me";
        let mut parts = parts_with(path, &["caf%C3%A9", "a%2Fb", "@me"]);
        let params = path_params(&parts).unwrap();
        assert_eq!(
            (params.get(0), params.get(1), params.get(2), params.get(3)),
            ("café", "a/b", "@me", "")
        );
        assert!(matches!(params.values[2], Cow::Borrowed(_)));
        assert_eq!(path_values(&mut parts).unwrap(), ["café", "a/b", "@me"]);
        let mut parts = parts_with("/%FF%FE", &["%FF%FE"]);
        let error = path_values(&mut parts).unwrap_err();
        assert_eq!(
            (error.status.as_u16(), error.body.code.as_str()),
            (400, "invalid")
        );
    }

    #[tokio::test]
    async fn dispatch_hands_the_captures_of_the_request_path() {
        use tower::ServiceExt;
        async fn echo(request: Request) -> String {
            let (parts, _) = request.into_parts();
            let params = path_params(&parts).unwrap();
            format!("{}|{}", params.get(0), params.get(1))
        }
        let mut table = RouteTable::new(());
        table.get("/files/{}.{}/", echo);
        let request = http::Request::builder()
            .uri("/files/a%20b.tar.gz/?x=1")
            .body(axum::body::Body::empty())
            .unwrap();
        let response = table.into_router().oneshot(request).await.unwrap();
        let body = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap();
        assert_eq!(&body[..], b"a b|tar.gz");
    }

    #[tokio::test]
    async fn routes_are_served_under_the_base_path() {
        use tower::ServiceExt;
        async fn echo(request: Request) -> String {
            let (parts, _) = request.into_parts();
            path_params(&parts).unwrap().get(0).to_owned()
        }
        for base in ["/api/v3", "/api/v3/", "api/v3"] {
            let mut table = RouteTable::with_base_path((), base);
            table.get("/pets/{}", echo);
            table.get("/", echo);
            let router = table.into_router();
            for (path, expected) in [
                ("/api/v3/pets/7", Some("7")),
                ("/api/v3/", Some("")),
                ("/pets/7", None),
                ("/api/pets/7", None),
                ("/api/v3", None),
            ] {
                let request = http::Request::builder()
                    .uri(path)
                    .body(axum::body::Body::empty())
                    .unwrap();
                let response = router.clone().oneshot(request).await.unwrap();
                let status = response.status().as_u16();
                let body = axum::body::to_bytes(response.into_body(), 1024)
                    .await
                    .unwrap();
                match expected {
                    Some(text) => {
                        assert_eq!((status, &body[..]), (200, text.as_bytes()), "{base} {path}")
                    }
                    None => assert_eq!(status, 404, "{base} {path}"),
                }
            }
        }
        let mut table = RouteTable::with_base_path((), "/{odd}*");
        table.get("/a", echo);
        let request = http::Request::builder()
            .uri("/%7Bodd%7D*/a")
            .body(axum::body::Body::empty())
            .unwrap();
        let status = table.into_router().oneshot(request).await.unwrap().status();
        assert_eq!(status, 404, "a base path is literal text, never a capture");
    }
}
