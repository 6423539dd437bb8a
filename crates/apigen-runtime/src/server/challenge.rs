//! `WWW-Authenticate` challenges naming the schemes an operation accepts.

use http::HeaderValue;

use super::auth::{KeyLocation, Requirement, SchemeKind, Security};

/// One challenge per scheme accepted by any of `alternatives`, in order of first mention:
/// `Bearer realm="<scheme>"` for bearer, OAuth 2.0 and OpenID Connect schemes, `Basic
/// realm="<scheme>", charset="UTF-8"`, `<auth-scheme> realm="<scheme>"` for other HTTP schemes,
/// and `ApiKey realm="<scheme>", in="header|query|cookie", name="<name>"` for API keys (which
/// have no registered HTTP authentication scheme). A challenge that cannot be a header value (a
/// name outside visible ASCII) is left out.
pub fn challenges(security: &Security, alternatives: &[&[Requirement]]) -> Vec<HeaderValue> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for requirement in alternatives
        .iter()
        .flat_map(|alternative| alternative.iter())
    {
        if seen.contains(&requirement.scheme) {
            continue;
        }
        seen.push(requirement.scheme);
        let Some(scheme) = security
            .schemes
            .iter()
            .find(|s| s.name == requirement.scheme)
        else {
            continue;
        };
        let realm = format!("realm=\"{}\"", quoted(scheme.name));
        let text = match scheme.kind {
            SchemeKind::Bearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => {
                format!("Bearer {realm}")
            }
            SchemeKind::Basic => format!("Basic {realm}, charset=\"UTF-8\""),
            SchemeKind::Http(auth_scheme) => format!("{auth_scheme} {realm}"),
            SchemeKind::ApiKey(location) => {
                let (place, name) = match location {
                    KeyLocation::Header(name) => ("header", name),
                    KeyLocation::Query(name) => ("query", name),
                    KeyLocation::Cookie(name) => ("cookie", name),
                };
                format!("ApiKey {realm}, in=\"{place}\", name=\"{}\"", quoted(name))
            }
        };
        if let Ok(value) = HeaderValue::from_str(&text) {
            out.push(value);
        }
    }
    out
}

/// `text` escaped for a quoted-string (RFC 9110 §5.6.4).
fn quoted(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}
