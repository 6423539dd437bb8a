//! Authentication and authorization of a request for one operation,
//! following PostHog's rules for personal API keys and sessions.

use std::future::Future;

use http::header::{AUTHORIZATION, COOKIE};
use http::request::Parts;

use super::ApiError;
use crate::scope::{Scope, missing_scope};

/// How a security scheme presents its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeLocation {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64>`.
    Basic,
    /// A request header of this name.
    Header(&'static str),
    /// A query parameter of this name.
    Query(&'static str),
    /// A cookie of this name.
    Cookie(&'static str),
}

/// A security scheme of the API, as generated from the spec.
#[derive(Debug, Clone, Copy)]
pub struct SchemeSpec {
    /// The scheme's name in `components.securitySchemes`.
    pub name: &'static str,
    /// Where the credential is found.
    pub location: SchemeLocation,
    /// Whether the credential is a (personal) API key, subject to scopes.
    pub is_api_key: bool,
}

/// A credential found on a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The name of the scheme it was found by.
    pub scheme: &'static str,
    /// The secret as sent (for Basic, the base64 text).
    pub secret: String,
    /// Whether the scheme is an API key scheme.
    pub is_api_key: bool,
}

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The authenticated user, or None when anonymous.
    pub subject: Option<String>,
    /// The scheme the caller authenticated with (filled in by [`authorize`]).
    pub scheme: Option<&'static str>,
    /// Whether the caller used an API key (filled in by [`authorize`]).
    pub via_api_key: bool,
    /// The scopes the caller holds.
    pub scopes: Vec<Scope>,
}

impl Caller {
    /// Nobody: the caller of a public operation.
    pub fn anonymous() -> Caller {
        Caller {
            subject: None,
            scheme: None,
            via_api_key: false,
            scopes: Vec::new(),
        }
    }

    /// The owner of an API key holding `scopes`.
    pub fn api_key(subject: impl Into<String>, scopes: Vec<Scope>) -> Caller {
        Caller {
            subject: Some(subject.into()),
            scheme: None,
            via_api_key: true,
            scopes,
        }
    }

    /// A logged-in user; a session is not limited by scopes, so it holds `*`.
    pub fn session(subject: impl Into<String>) -> Caller {
        Caller {
            subject: Some(subject.into()),
            scheme: None,
            via_api_key: false,
            scopes: vec![Scope::parse("*")],
        }
    }

    /// Whether nobody is authenticated.
    pub fn is_anonymous(&self) -> bool {
        self.subject.is_none()
    }
}

/// Turns a credential into a caller; implemented by the API's owner.
pub trait Authenticator: Send + Sync + 'static {
    /// The caller who presents `credential`, or `None` when it is not valid.
    fn authenticate(&self, credential: &Credential) -> impl Future<Output = Option<Caller>> + Send;
}

/// Who may call one operation, as generated from its `security`.
#[derive(Debug, Clone, Copy)]
pub enum Access {
    /// Anyone, without credentials.
    Public,
    /// API key with these scopes (all required), or any of `schemes` (e.g. a session).
    ApiKey {
        /// The scopes an API key must hold.
        scopes: &'static [&'static str],
        /// The other (non-API-key) schemes accepted.
        schemes: &'static [&'static str],
    },
    /// Credentials of `schemes` only; API keys are refused.
    SessionOnly {
        /// The schemes accepted.
        schemes: &'static [&'static str],
    },
}

/// Finds the first credential present on the request, trying `schemes` in order.
///
/// Bearer: `Authorization: Bearer <t>` (case-insensitive `bearer`); Basic:
/// `Authorization: Basic <b64>` (the secret is the base64 text as sent);
/// Header(n): header `n`; Query(n): query parameter `n` (percent-decoded);
/// Cookie(n): cookie `n` from any `Cookie` header. Empty values are ignored.
pub fn extract_credential(parts: &Parts, schemes: &[SchemeSpec]) -> Option<Credential> {
    schemes.iter().find_map(|spec| {
        let secret = match spec.location {
            SchemeLocation::Bearer => authorization(parts, "bearer"),
            SchemeLocation::Basic => authorization(parts, "basic"),
            SchemeLocation::Header(name) => header(parts, name),
            SchemeLocation::Query(name) => query(parts, name),
            SchemeLocation::Cookie(name) => cookie(parts, name),
        }?;
        Some(Credential {
            scheme: spec.name,
            secret,
            is_api_key: spec.is_api_key,
        })
    })
}

fn non_empty(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

fn authorization(parts: &Parts, kind: &str) -> Option<String> {
    parts
        .headers
        .get_all(AUTHORIZATION)
        .iter()
        .find_map(|value| {
            let value = std::str::from_utf8(value.as_bytes()).ok()?.trim();
            let (scheme, rest) = value.split_once(|c: char| c.is_ascii_whitespace())?;
            if scheme.eq_ignore_ascii_case(kind) {
                non_empty(rest)
            } else {
                None
            }
        })
}

fn header(parts: &Parts, name: &str) -> Option<String> {
    parts.headers.get_all(name).iter().find_map(|value| {
        std::str::from_utf8(value.as_bytes())
            .ok()
            .and_then(non_empty)
    })
}

fn query(parts: &Parts, name: &str) -> Option<String> {
    let query = parts.uri.query()?;
    let pairs: Vec<(String, String)> = serde_html_form::from_str(query).ok()?;
    pairs
        .into_iter()
        .find_map(|(key, value)| if key == name { non_empty(&value) } else { None })
}

fn cookie(parts: &Parts, name: &str) -> Option<String> {
    cookie_value(&parts.headers, name)
}

/// The value of cookie `name` in any `Cookie` header (quotes removed; empty values ignored).
pub(crate) fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers.get_all(COOKIE).iter().find_map(|value| {
        let value = std::str::from_utf8(value.as_bytes()).ok()?;
        value.split(';').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            if key.trim() != name {
                return None;
            }
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            non_empty(value)
        })
    })
}

/// Authenticates and authorizes a request for an operation.
///
/// Public operations always succeed with an anonymous caller. Otherwise the
/// first credential found (searching all `schemes`) is authenticated first,
/// so an invalid one is always 401; then API keys are refused for
/// session-only operations and checked for scopes, and other credentials must
/// belong to one of the operation's schemes (403 otherwise).
pub async fn authorize<A: Authenticator>(
    authenticator: &A,
    parts: &Parts,
    schemes: &[SchemeSpec],
    access: &Access,
) -> Result<Caller, ApiError> {
    let (scopes, allowed): (Option<&[&str]>, &[&str]) = match access {
        Access::Public => return Ok(Caller::anonymous()),
        Access::ApiKey { scopes, schemes } => (Some(scopes), schemes),
        Access::SessionOnly { schemes } => (None, schemes),
    };
    let credential = extract_credential(parts, schemes).ok_or_else(ApiError::not_authenticated)?;
    let Some(mut caller) = authenticator.authenticate(&credential).await else {
        return Err(ApiError::authentication_failed(if credential.is_api_key {
            "Invalid personal API key."
        } else {
            "Invalid credentials."
        }));
    };
    if credential.is_api_key {
        let Some(scopes) = scopes else {
            return Err(ApiError::permission_denied(
                "This action does not support Personal API Key access",
            ));
        };
        if let Some(scope) = missing_scope(&caller.scopes, scopes) {
            return Err(ApiError::permission_denied(format!(
                "API key missing required scope '{scope}'"
            )));
        }
    } else if !allowed.contains(&credential.scheme) {
        return Err(ApiError::permission_denied(format!(
            "This action does not support {} authentication",
            credential.scheme
        )));
    }
    caller.scheme = Some(credential.scheme);
    caller.via_api_key = credential.is_api_key;
    Ok(caller)
}

#[cfg(test)]
mod tests {
    use super::*;

    const API_KEY: &str = "PersonalAPIKeyAuth";
    const SESSION: &str = "CookieAuth";

    const SCHEMES: &[SchemeSpec] = &[
        SchemeSpec {
            name: API_KEY,
            location: SchemeLocation::Bearer,
            is_api_key: true,
        },
        SchemeSpec {
            name: SESSION,
            location: SchemeLocation::Cookie("sessionid"),
            is_api_key: false,
        },
    ];

    const READ_USER: Access = Access::ApiKey {
        scopes: &["user:read"],
        schemes: &[SESSION],
    };
    const SESSION_ONLY: Access = Access::SessionOnly {
        schemes: &[SESSION],
    };

    struct FakeAuth;

    impl Authenticator for FakeAuth {
        async fn authenticate(&self, credential: &Credential) -> Option<Caller> {
            let scopes = |raw: &[&str]| raw.iter().map(|s| Scope::parse(s)).collect();
            match (credential.scheme, credential.secret.as_str()) {
                (API_KEY, "key-read") => Some(Caller::api_key("alice", scopes(&["user:read"]))),
                (API_KEY, "key-other") => Some(Caller::api_key("alice", scopes(&["project:read"]))),
                (API_KEY, "key-all") => Some(Caller::api_key("alice", scopes(&["*"]))),
                (SESSION, "good-session") => Some(Caller::session("bob")),
                _ => None,
            }
        }
    }

    fn parts(headers: &[(&str, &str)], uri: &str) -> Parts {
        let mut builder = http::Request::builder().uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).unwrap().into_parts().0
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn authorize_table() {
        let requests: [(&str, &[(&str, &str)]); 6] = [
            ("no credentials", &[]),
            ("unknown key", &[("authorization", "Bearer nope")]),
            (
                "key without scope",
                &[("authorization", "Bearer key-other")],
            ),
            ("key with scope", &[("authorization", "Bearer key-read")]),
            ("* key", &[("authorization", "Bearer key-all")]),
            ("session cookie", &[("cookie", "sessionid=good-session")]),
        ];
        // Expected status per access: [ApiKey{user:read}, SessionOnly, Public]; None = Ok.
        let expected: [[Option<u16>; 3]; 6] = [
            [Some(401), Some(401), None],
            [Some(401), Some(401), None],
            [Some(403), Some(403), None],
            [None, Some(403), None],
            [None, Some(403), None],
            [None, None, None],
        ];
        let accesses = [READ_USER, SESSION_ONLY, Access::Public];
        for ((label, headers), expected) in requests.iter().zip(expected) {
            for (access, expected) in accesses.iter().zip(expected) {
                let result = block_on(authorize(&FakeAuth, &parts(headers, "/"), SCHEMES, access));
                let got = result.as_ref().err().map(|e| e.status.as_u16());
                assert_eq!(got, expected, "{label} with {access:?}: {result:?}");
            }
        }
    }

    #[test]
    fn authorize_error_bodies() {
        let run = |headers: &[(&str, &str)], access: &Access| {
            block_on(authorize(&FakeAuth, &parts(headers, "/"), SCHEMES, access)).unwrap_err()
        };
        let e = run(&[], &READ_USER);
        assert_eq!(
            (e.body.code.as_str(), e.body.detail.as_str()),
            (
                "not_authenticated",
                "Authentication credentials were not provided."
            )
        );
        let e = run(&[("authorization", "Bearer nope")], &READ_USER);
        assert_eq!(
            (e.body.code.as_str(), e.body.detail.as_str()),
            ("authentication_failed", "Invalid personal API key.")
        );
        let e = run(&[("cookie", "sessionid=stale")], &READ_USER);
        assert_eq!(
            (e.body.code.as_str(), e.body.detail.as_str()),
            ("authentication_failed", "Invalid credentials.")
        );
        let e = run(&[("authorization", "Bearer key-other")], &READ_USER);
        assert_eq!(e.body.kind, "authentication_error");
        assert_eq!(
            (e.body.code.as_str(), e.body.detail.as_str()),
            (
                "permission_denied",
                "API key missing required scope 'user:read'"
            )
        );
        let e = run(&[("authorization", "Bearer key-all")], &SESSION_ONLY);
        assert_eq!(
            e.body.detail,
            "This action does not support Personal API Key access"
        );
        let key_only = Access::ApiKey {
            scopes: &["user:read"],
            schemes: &[],
        };
        let e = run(&[("cookie", "sessionid=good-session")], &key_only);
        assert_eq!(e.status.as_u16(), 403);
        assert_eq!(
            e.body.detail,
            "This action does not support CookieAuth authentication"
        );
    }

    #[test]
    fn invalid_key_is_401_even_when_session_only() {
        let result = block_on(authorize(
            &FakeAuth,
            &parts(&[("authorization", "Bearer nope")], "/"),
            SCHEMES,
            &SESSION_ONLY,
        ));
        assert_eq!(result.unwrap_err().status.as_u16(), 401);
    }

    #[test]
    fn authorize_fills_scheme_and_api_key_flag() {
        let caller = block_on(authorize(
            &FakeAuth,
            &parts(&[("authorization", "Bearer key-read")], "/"),
            SCHEMES,
            &READ_USER,
        ))
        .unwrap();
        assert_eq!(caller.subject.as_deref(), Some("alice"));
        assert_eq!(caller.scheme, Some(API_KEY));
        assert!(caller.via_api_key);

        let caller = block_on(authorize(
            &FakeAuth,
            &parts(&[("cookie", "sessionid=good-session")], "/"),
            SCHEMES,
            &SESSION_ONLY,
        ))
        .unwrap();
        assert_eq!(caller.scheme, Some(SESSION));
        assert!(!caller.via_api_key);
        assert!(!caller.is_anonymous());

        let caller = block_on(authorize(
            &FakeAuth,
            &parts(&[("authorization", "Bearer key-read")], "/"),
            SCHEMES,
            &Access::Public,
        ))
        .unwrap();
        assert!(caller.is_anonymous());
        assert_eq!(caller, Caller::anonymous());
    }

    #[test]
    fn extracts_each_location() {
        let spec = |location, is_api_key| SchemeSpec {
            name: "s",
            location,
            is_api_key,
        };
        let secret = |headers: &[(&str, &str)], uri: &str, location| {
            extract_credential(&parts(headers, uri), &[spec(location, false)]).map(|c| c.secret)
        };
        assert_eq!(
            secret(
                &[("authorization", "bEaReR  tok ")],
                "/",
                SchemeLocation::Bearer
            )
            .as_deref(),
            Some("tok")
        );
        assert_eq!(
            secret(
                &[("authorization", "Basic dTpw")],
                "/",
                SchemeLocation::Bearer
            ),
            None
        );
        assert_eq!(
            secret(&[("authorization", "Bearer ")], "/", SchemeLocation::Bearer),
            None
        );
        assert_eq!(
            secret(
                &[("authorization", "Basic dTpw")],
                "/",
                SchemeLocation::Basic
            )
            .as_deref(),
            Some("dTpw")
        );
        assert_eq!(
            secret(
                &[("x-api-key", "abc")],
                "/",
                SchemeLocation::Header("X-API-Key")
            )
            .as_deref(),
            Some("abc")
        );
        assert_eq!(
            secret(
                &[],
                "/x?a=1&personal_api_key=p%2Fq+r",
                SchemeLocation::Query("personal_api_key")
            )
            .as_deref(),
            Some("p/q r")
        );
        assert_eq!(
            secret(&[], "/x?a=1", SchemeLocation::Query("personal_api_key")),
            None
        );
        assert_eq!(
            secret(
                &[
                    ("cookie", "a=1"),
                    ("cookie", "theme=dark; sessionid=\"s1\"")
                ],
                "/",
                SchemeLocation::Cookie("sessionid")
            )
            .as_deref(),
            Some("s1")
        );
        assert_eq!(
            secret(
                &[("cookie", "sessionid2=x")],
                "/",
                SchemeLocation::Cookie("sessionid")
            ),
            None
        );
    }

    #[test]
    fn extract_tries_schemes_in_order() {
        let request = parts(
            &[("authorization", "Bearer k"), ("cookie", "sessionid=s")],
            "/",
        );
        let found = extract_credential(&request, SCHEMES).unwrap();
        assert_eq!(
            found,
            Credential {
                scheme: API_KEY,
                secret: "k".into(),
                is_api_key: true
            }
        );
        let reversed = [SCHEMES[1], SCHEMES[0]];
        let found = extract_credential(&request, &reversed).unwrap();
        assert_eq!(found.scheme, SESSION);
        assert_eq!(extract_credential(&parts(&[], "/"), SCHEMES), None);
    }
}
