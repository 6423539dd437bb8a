//! `WWW-Authenticate` challenges naming the schemes an operation accepts.

use http::HeaderValue;

use super::auth::{KeyLocation, Requirement, SchemeKind, Security};

/// One challenge per scheme accepted by any of `alternatives`, in order of first mention:
/// `Bearer realm="<scheme>"` for bearer, OAuth 2.0 and OpenID Connect schemes, `Basic
/// realm="<scheme>", charset="UTF-8"`, `<auth-scheme> realm="<scheme>"` for other HTTP schemes,
/// and `ApiKey realm="<scheme>", in="header|query|cookie", name="<name>"` for API keys (which
/// have no registered HTTP authentication scheme). A scheme name that cannot be a header value
/// (outside visible ASCII) is left out of its challenge; so is an API key name.
pub(crate) fn challenges(security: &Security, alternatives: &[&[Requirement]]) -> Vec<HeaderValue> {
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
        let realm = is_visible_ascii(scheme.name).then_some(scheme.name);
        if let Ok(value) = HeaderValue::from_str(&challenge(scheme.kind, realm)) {
            out.push(value);
        }
    }
    out
}

/// The challenge of a scheme of `kind`, with `realm` when given.
fn challenge(kind: SchemeKind, realm: Option<&str>) -> String {
    let realm = realm.map(|name| format!("realm=\"{}\"", quoted(name)));
    let params = |extra: Vec<String>| -> String {
        let params: Vec<String> = realm.iter().cloned().chain(extra).collect();
        params.join(", ")
    };
    let with = |auth_scheme: &str, extra: Vec<String>| {
        let params = params(extra);
        if params.is_empty() {
            auth_scheme.to_owned()
        } else {
            format!("{auth_scheme} {params}")
        }
    };
    match kind {
        SchemeKind::Bearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => {
            with("Bearer", Vec::new())
        }
        SchemeKind::Basic => with("Basic", vec!["charset=\"UTF-8\"".to_owned()]),
        SchemeKind::Http(auth_scheme) => with(auth_scheme, Vec::new()),
        SchemeKind::ApiKey(location) => {
            let (place, name) = match location {
                KeyLocation::Header(name) => ("header", name),
                KeyLocation::Query(name) => ("query", name),
                KeyLocation::Cookie(name) => ("cookie", name),
            };
            let mut extra = vec![format!("in=\"{place}\"")];
            if is_visible_ascii(name) {
                extra.push(format!("name=\"{}\"", quoted(name)));
            }
            with("ApiKey", extra)
        }
    }
}

/// Whether `text` is printable ASCII, safe to quote in a header.
fn is_visible_ascii(text: &str) -> bool {
    text.bytes().all(|byte| (0x20..0x7f).contains(&byte))
}

/// `text` escaped for a quoted-string (RFC 9110 §5.6.4).
fn quoted(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scope::ScopeRules;
    use crate::server::auth::SchemeSpec;

    const fn spec(name: &'static str, kind: SchemeKind) -> SchemeSpec {
        SchemeSpec {
            name,
            kind,
            invalid: "",
            missing_scope: "",
            refused: None,
        }
    }

    const SECURITY: Security = Security {
        schemes: &[
            spec("a\"b", SchemeKind::Basic),
            spec("tok", SchemeKind::OAuth2),
            spec("id", SchemeKind::OpenIdConnect),
            spec("ünï", SchemeKind::ApiKey(KeyLocation::Query("k"))),
            spec("d", SchemeKind::Http("Digest")),
        ],
        scope_rules: ScopeRules::Exact,
    };

    fn requirement(scheme: &'static str) -> Requirement {
        Requirement {
            scheme,
            scopes: &[],
        }
    }

    #[test]
    fn one_challenge_per_accepted_scheme_in_order() {
        let first = [requirement("tok"), requirement("a\"b")];
        let second = [
            requirement("tok"),
            requirement("id"),
            requirement("ünï"),
            requirement("d"),
        ];
        let values: Vec<String> = challenges(&SECURITY, &[&first, &second, &[]])
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            values,
            [
                "Bearer realm=\"tok\"",
                "Basic realm=\"a\\\"b\", charset=\"UTF-8\"",
                "Bearer realm=\"id\"",
                "ApiKey in=\"query\", name=\"k\"",
                "Digest realm=\"d\"",
            ]
        );
        assert!(challenges(&SECURITY, &[&[requirement("undeclared")]]).is_empty());
    }
}
