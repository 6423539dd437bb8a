//! Authentication and authorization of a request for one operation, exactly as the spec states
//! its security: alternatives (any one suffices), each a set of schemes that must all be
//! satisfied, each scheme with the scopes its credential must grant.

use std::future::Future;

use http::request::Parts;

use super::ApiError;
use super::challenge::challenges;
use super::credentials::{Ambiguous, read_credential};
use super::cross_site::{CrossSiteGuard, cookie_credentials_allowed};
use crate::scope::{Scope, ScopeRules};

pub(crate) use super::credentials::cookie_value;

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header of this name.
    Header(&'static str),
    /// A query parameter of this name.
    Query(&'static str),
    /// A cookie of this name.
    Cookie(&'static str),
}

/// The kind of a security scheme, and so where its credential is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `http` `bearer`: `Authorization: Bearer <token>`.
    Bearer,
    /// `http` `basic`: `Authorization: Basic <base64>`.
    Basic,
    /// Another `http` scheme: `Authorization: <scheme> <credentials>`.
    Http(&'static str),
    /// `oauth2`: an access token in `Authorization: Bearer <token>`.
    OAuth2,
    /// `openIdConnect`: a token in `Authorization: Bearer <token>`.
    OpenIdConnect,
    /// `apiKey`: a header, query parameter or cookie.
    ApiKey(KeyLocation),
}

impl SchemeKind {
    /// Whether the credential is a cookie (guarded against cross-site requests).
    pub fn is_cookie(self) -> bool {
        matches!(self, SchemeKind::ApiKey(KeyLocation::Cookie(_)))
    }
}

/// A security scheme of the API, as generated from the spec.
#[derive(Debug, Clone, Copy)]
pub struct SchemeSpec {
    /// The scheme's name in `components.securitySchemes`.
    pub name: &'static str,
    /// What the scheme is and where its credential travels.
    pub kind: SchemeKind,
    /// The 401 detail when its credential is not valid.
    pub invalid: &'static str,
    /// The 403 detail when its credential lacks a scope (`{scope}` is replaced).
    pub missing_scope: &'static str,
    /// When set, a valid credential of this scheme sent to an operation that does not accept
    /// it is refused with 403 and this detail; otherwise it is ignored.
    pub refused: Option<&'static str>,
}

/// The security of the whole API: its schemes and how scopes grant each other.
#[derive(Debug, Clone, Copy)]
pub struct Security {
    /// Every scheme of the API.
    pub schemes: &'static [SchemeSpec],
    /// How a held scope grants a required one.
    pub scope_rules: ScopeRules,
}

impl Security {
    fn scheme(&self, name: &str) -> Option<&SchemeSpec> {
        self.schemes.iter().find(|scheme| scheme.name == name)
    }
}

/// One scheme of a requirement and the scopes its credential must grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requirement {
    /// The scheme's name in `components.securitySchemes`.
    pub scheme: &'static str,
    /// The scopes required (all of them).
    pub scopes: &'static [&'static str],
}

/// Who may call one operation, as generated from its `security`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without credentials.
    Public,
    /// Any one of these alternatives, each a set of requirements that must all be met. An
    /// empty alternative lets anonymous callers in.
    Required(&'static [&'static [Requirement]]),
}

/// A credential found on a request, with the scheme it was presented for.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    /// The name of the scheme in `components.securitySchemes`.
    pub scheme: &'static str,
    /// The scheme's kind.
    pub kind: SchemeKind,
    /// The secret as sent (for Basic, the base64 text; see
    /// [`decode_basic`](super::decode_basic)).
    pub secret: String,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("scheme", &self.scheme)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The authenticated subject, or None when anonymous.
    pub subject: Option<String>,
    /// The scheme the caller authenticated with: the first of the alternative that passed
    /// (filled in by [`authorize`]).
    pub scheme: Option<&'static str>,
    /// Every scheme of the alternative that passed, in order (filled in by [`authorize`]).
    pub schemes: Vec<&'static str>,
    /// The scopes the credential grants.
    pub scopes: Vec<Scope>,
}

impl Caller {
    /// Nobody: the caller of a public operation.
    pub fn anonymous() -> Caller {
        Caller {
            subject: None,
            scheme: None,
            schemes: Vec::new(),
            scopes: Vec::new(),
        }
    }

    /// `subject`, holding `scopes`.
    pub fn new(subject: impl Into<String>, scopes: Vec<Scope>) -> Caller {
        Caller {
            subject: Some(subject.into()),
            scheme: None,
            schemes: Vec::new(),
            scopes,
        }
    }

    /// Whether nobody is authenticated.
    pub fn is_anonymous(&self) -> bool {
        self.subject.is_none()
    }
}

/// Turns a credential into a caller; implemented by the API's owner.
pub trait Authenticator: Send + Sync + 'static {
    /// The caller who presents `credential` (for the scheme it names), or `None` when it is
    /// not valid.
    fn authenticate(&self, credential: &Credential) -> impl Future<Output = Option<Caller>> + Send;

    /// Whether cookie credentials are guarded against cross-site requests (see
    /// [`CrossSiteGuard`]); on unless overridden.
    fn cross_site_guard(&self) -> CrossSiteGuard {
        CrossSiteGuard::Enforce
    }
}

/// What became of the credential of one scheme.
#[derive(Debug)]
enum Outcome {
    /// None was sent.
    Absent,
    /// A cookie was sent on a request that may be cross-site, and was not used.
    CrossSite,
    /// It was sent and is not valid.
    Invalid,
    /// It authenticates this caller.
    Valid(Caller),
}

/// The credentials of one request, authenticated at most once per scheme.
struct Presented<'a, A> {
    authenticator: &'a A,
    parts: &'a Parts,
    security: &'a Security,
    cookies_allowed: bool,
    outcomes: Vec<(&'static str, Outcome)>,
}

impl<A: Authenticator> Presented<'_, A> {
    async fn outcome(&mut self, scheme: &SchemeSpec) -> Result<&Outcome, ApiError> {
        let index = self.outcome_index(scheme).await?;
        Ok(&self.outcomes[index].1)
    }

    /// Where the outcome of `scheme` is in `outcomes`, authenticating it first if need be.
    async fn outcome_index(&mut self, scheme: &SchemeSpec) -> Result<usize, ApiError> {
        if let Some(index) = self
            .outcomes
            .iter()
            .position(|(name, _)| *name == scheme.name)
        {
            return Ok(index);
        }
        let outcome = match read_credential(self.parts, scheme.kind) {
            Err(Ambiguous(what)) => {
                return Err(ApiError::invalid_request(
                    "ambiguous_credentials",
                    format!("The request is ambiguous: {what}."),
                ));
            }
            Ok(None) => Outcome::Absent,
            Ok(Some(_)) if scheme.kind.is_cookie() && !self.cookies_allowed => Outcome::CrossSite,
            Ok(Some(secret)) => {
                let credential = Credential {
                    scheme: scheme.name,
                    kind: scheme.kind,
                    secret,
                };
                match self.authenticator.authenticate(&credential).await {
                    Some(caller) => Outcome::Valid(caller),
                    None => Outcome::Invalid,
                }
            }
        };
        self.outcomes.push((scheme.name, outcome));
        Ok(self.outcomes.len() - 1)
    }

    /// Takes the caller out of the outcome at `index` (it is not looked at again once its
    /// alternative passed).
    fn take_caller(&mut self, index: usize) -> Option<Caller> {
        match std::mem::replace(&mut self.outcomes[index].1, Outcome::Absent) {
            Outcome::Valid(caller) => Some(caller),
            _ => None,
        }
    }
}

/// Why an alternative did not pass, from the least to the most telling.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Failure {
    /// A credential is missing.
    Missing,
    /// A cookie credential was not used because the request may be cross-site.
    CrossSite,
    /// A credential is not valid (the detail of its scheme).
    Invalid(&'static str),
    /// A valid credential lacks a scope (the detail).
    MissingScope(String),
}

/// Authenticates and authorizes a request for an operation.
///
/// Public operations pass with an anonymous caller. Otherwise each alternative is tried in
/// order: every scheme in it needs a credential on the request that the authenticator accepts
/// for that scheme and whose caller holds the scopes required (under `security.scope_rules`);
/// the first alternative that passes gives the caller. When none passes: 403 if a credential
/// authenticated but lacks a scope; 403 with the scheme's `refused` detail if a valid credential
/// of a scheme the operation does not accept was sent (and that scheme says so); otherwise 401
/// with one `WWW-Authenticate` challenge per accepted scheme. A credential sent twice is a 400,
/// never resolved by taking the first. Cookie credentials on unsafe cross-site requests are not
/// used (see [`CrossSiteGuard`]); if that leaves the caller unauthenticated the answer is 403.
pub async fn authorize<A: Authenticator>(
    authenticator: &A,
    parts: &Parts,
    security: &Security,
    access: &Access,
) -> Result<Caller, ApiError> {
    let Access::Required(alternatives) = access else {
        return Ok(Caller::anonymous());
    };
    let mut presented = Presented {
        authenticator,
        parts,
        security,
        cookies_allowed: cookie_credentials_allowed(parts, authenticator.cross_site_guard()),
        outcomes: Vec::new(),
    };
    let mut worst = Failure::Missing;
    let mut anonymous_allowed = false;
    for alternative in alternatives.iter() {
        if alternative.is_empty() {
            anonymous_allowed = true;
            continue;
        }
        match check_alternative(&mut presented, alternative).await? {
            Ok(caller) => return Ok(caller),
            Err(failure) => worst = worst.max(failure),
        }
    }
    // A cookie dropped as cross-site is ambient, not presented: anonymous callers stay welcome.
    if anonymous_allowed && matches!(worst, Failure::Missing | Failure::CrossSite) {
        return Ok(Caller::anonymous());
    }
    if let Failure::MissingScope(detail) = worst {
        return Err(ApiError::permission_denied(detail));
    }
    if let Some(refusal) = refused_credential(&mut presented, alternatives).await? {
        return Err(refusal);
    }
    let challenges = challenges(security, alternatives);
    Err(match worst {
        Failure::Invalid(detail) => {
            ApiError::authentication_failed(detail).with_challenges(challenges)
        }
        Failure::CrossSite => ApiError::permission_denied(
            "A cookie credential is not accepted on a cross-site request: send a non-form \
             Content-Type (such as application/json) or a same-origin Origin header.",
        )
        .with_code("cross_site_request"),
        _ => ApiError::not_authenticated().with_challenges(challenges),
    })
}

/// The caller when every requirement of `alternative` is met, else why not.
async fn check_alternative<A: Authenticator>(
    presented: &mut Presented<'_, A>,
    alternative: &[Requirement],
) -> Result<Result<Caller, Failure>, ApiError> {
    let security = presented.security;
    let mut passed: Vec<(&'static str, usize)> = Vec::with_capacity(alternative.len());
    let mut failure: Option<Failure> = None;
    for requirement in alternative {
        let Some(scheme) = security.scheme(requirement.scheme) else {
            failure = failure.max(Some(Failure::Missing));
            continue;
        };
        let index = presented.outcome_index(scheme).await?;
        let found = match &presented.outcomes[index].1 {
            Outcome::Absent => Err(Failure::Missing),
            Outcome::CrossSite => Err(Failure::CrossSite),
            Outcome::Invalid => Err(Failure::Invalid(scheme.invalid)),
            Outcome::Valid(caller) => {
                match security
                    .scope_rules
                    .missing(&caller.scopes, requirement.scopes)
                {
                    Some(scope) => Err(Failure::MissingScope(
                        scheme.missing_scope.replace("{scope}", scope),
                    )),
                    None => Ok(()),
                }
            }
        };
        match found {
            Ok(()) => passed.push((scheme.name, index)),
            Err(reason) => failure = failure.max(Some(reason)),
        }
    }
    if let Some(failure) = failure {
        return Ok(Err(failure));
    }
    // The alternative passed, so its callers are moved out rather than copied (a scheme named
    // twice in it gives its caller once).
    let schemes: Vec<&'static str> = passed.iter().map(|(name, _)| *name).collect();
    let callers: Vec<Caller> = passed
        .iter()
        .filter_map(|(_, index)| presented.take_caller(*index))
        .collect();
    let mut callers = callers.into_iter();
    let (Some(first), Some(mut caller)) = (schemes.first().copied(), callers.next()) else {
        return Ok(Err(Failure::Missing));
    };
    for other in callers {
        caller.scopes.extend(other.scopes);
        if caller.subject.is_none() {
            caller.subject = other.subject;
        }
    }
    caller.scheme = Some(first);
    caller.schemes = schemes;
    Ok(Ok(caller))
}

/// A 403 (or 401) for a credential of a scheme the operation does not accept, when that
/// scheme asks for refusals to be told.
async fn refused_credential<A: Authenticator>(
    presented: &mut Presented<'_, A>,
    alternatives: &[&[Requirement]],
) -> Result<Option<ApiError>, ApiError> {
    let security = presented.security;
    for scheme in security.schemes {
        let Some(detail) = scheme.refused else {
            continue;
        };
        let accepted = alternatives
            .iter()
            .flat_map(|alternative| alternative.iter())
            .any(|requirement| requirement.scheme == scheme.name);
        if accepted {
            continue;
        }
        match presented.outcome(scheme).await? {
            Outcome::Valid(_) => return Ok(Some(ApiError::permission_denied(detail))),
            Outcome::Invalid => {
                return Ok(Some(
                    ApiError::authentication_failed(scheme.invalid)
                        .with_challenges(challenges(security, alternatives)),
                ));
            }
            Outcome::Absent | Outcome::CrossSite => {}
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "KeyAuth";
    const SESSION: &str = "SessionAuth";
    const BASIC: &str = "BasicAuth";

    const SECURITY: Security = Security {
        schemes: &[
            SchemeSpec {
                name: KEY,
                kind: SchemeKind::Bearer,
                invalid: "Invalid key.",
                missing_scope: "Key lacks '{scope}'",
                refused: Some("Keys are not accepted here"),
            },
            SchemeSpec {
                name: SESSION,
                kind: SchemeKind::ApiKey(KeyLocation::Cookie("sessionid")),
                invalid: "Invalid credentials.",
                missing_scope: "Session lacks '{scope}'",
                refused: None,
            },
            SchemeSpec {
                name: BASIC,
                kind: SchemeKind::Basic,
                invalid: "Invalid credentials.",
                missing_scope: "lacks '{scope}'",
                refused: None,
            },
        ],
        scope_rules: ScopeRules::ObjectAction,
    };

    const READ_OR_SESSION: Access = Access::Required(&[
        &[Requirement {
            scheme: KEY,
            scopes: &["user:read"],
        }],
        &[Requirement {
            scheme: SESSION,
            scopes: &[],
        }],
    ]);
    const SESSION_ONLY: Access = Access::Required(&[&[Requirement {
        scheme: SESSION,
        scopes: &[],
    }]]);
    const KEY_AND_BASIC: Access = Access::Required(&[&[
        Requirement {
            scheme: KEY,
            scopes: &["user:read"],
        },
        Requirement {
            scheme: BASIC,
            scopes: &[],
        },
    ]]);
    const OPTIONAL_KEY: Access = Access::Required(&[
        &[Requirement {
            scheme: KEY,
            scopes: &[],
        }],
        &[],
    ]);

    struct FakeAuth;

    impl Authenticator for FakeAuth {
        async fn authenticate(&self, credential: &Credential) -> Option<Caller> {
            let scopes = |raw: &[&str]| raw.iter().map(|s| Scope::parse(s)).collect();
            match (credential.scheme, credential.secret.as_str()) {
                (KEY, "key-read") => Some(Caller::new("alice", scopes(&["user:read"]))),
                (KEY, "key-other") => Some(Caller::new("alice", scopes(&["project:read"]))),
                (KEY, "key-all") => Some(Caller::new("alice", scopes(&["*"]))),
                (SESSION, "good-session") => Some(Caller::new("bob", Vec::new())),
                (BASIC, "dTpw") => Some(Caller::new("u", Vec::new())),
                _ => None,
            }
        }
    }

    fn parts(method: &str, headers: &[(&str, &str)]) -> Parts {
        let mut builder = http::Request::builder().method(method).uri("/");
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

    fn run(headers: &[(&str, &str)], access: &Access) -> Result<Caller, ApiError> {
        block_on(authorize(
            &FakeAuth,
            &parts("GET", headers),
            &SECURITY,
            access,
        ))
    }

    fn status(result: &Result<Caller, ApiError>) -> Option<u16> {
        result.as_ref().err().map(|e| e.status.as_u16())
    }

    #[test]
    fn alternatives_table() {
        let requests: [(&str, &[(&str, &str)]); 8] = [
            ("no credentials", &[]),
            ("unknown key", &[("authorization", "Bearer nope")]),
            (
                "key without scope",
                &[("authorization", "Bearer key-other")],
            ),
            ("key with scope", &[("authorization", "Bearer key-read")]),
            ("* key", &[("authorization", "Bearer key-all")]),
            ("session cookie", &[("cookie", "sessionid=good-session")]),
            (
                "bad key and session",
                &[
                    ("authorization", "Bearer nope"),
                    ("cookie", "sessionid=good-session"),
                ],
            ),
            (
                "two authorization headers",
                &[
                    ("authorization", "Bearer key-read"),
                    ("authorization", "Bearer key-all"),
                ],
            ),
        ];
        // Per access: [READ_OR_SESSION, SESSION_ONLY, OPTIONAL_KEY, Public]; None = passes.
        let expected: [[Option<u16>; 4]; 8] = [
            [Some(401), Some(401), None, None],
            [Some(401), Some(401), Some(401), None],
            [Some(403), Some(403), None, None],
            [None, Some(403), None, None],
            [None, Some(403), None, None],
            [None, None, None, None],
            [None, None, Some(401), None],
            [Some(400), Some(400), Some(400), None],
        ];
        let accesses = [READ_OR_SESSION, SESSION_ONLY, OPTIONAL_KEY, Access::Public];
        for ((label, headers), expected) in requests.iter().zip(expected) {
            for (access, expected) in accesses.iter().zip(expected) {
                let result = run(headers, access);
                assert_eq!(
                    status(&result),
                    expected,
                    "{label} with {access:?}: {result:?}"
                );
            }
        }
    }

    #[test]
    fn and_sets_need_every_scheme() {
        let key = ("authorization", "Bearer key-read");
        assert_eq!(status(&run(&[key], &KEY_AND_BASIC)), Some(401));
        // Both travel in `Authorization`: sending both is two headers, which is ambiguous.
        let both = [key, ("authorization", "Basic dTpw")];
        assert_eq!(status(&run(&both, &KEY_AND_BASIC)), Some(400));
    }

    #[test]
    fn details_and_challenges() {
        let e = run(&[], &READ_OR_SESSION).unwrap_err();
        assert_eq!(e.body.code, "not_authenticated");
        let challenges: Vec<&str> = e
            .www_authenticate()
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        assert_eq!(
            challenges,
            [
                "Bearer realm=\"KeyAuth\"",
                "ApiKey realm=\"SessionAuth\", in=\"cookie\", name=\"sessionid\""
            ]
        );
        let e = run(&[("authorization", "Bearer nope")], &READ_OR_SESSION).unwrap_err();
        assert_eq!(
            (e.body.code.as_str(), e.body.detail.as_str()),
            ("authentication_failed", "Invalid key.")
        );
        let e = run(&[("authorization", "Bearer key-other")], &READ_OR_SESSION).unwrap_err();
        assert_eq!(
            (e.body.code.as_str(), e.body.detail.as_str()),
            ("permission_denied", "Key lacks 'user:read'")
        );
        assert!(e.www_authenticate().is_empty());
        let e = run(&[("authorization", "Bearer key-all")], &SESSION_ONLY).unwrap_err();
        assert_eq!(e.body.detail, "Keys are not accepted here");
        let e = run(&[("authorization", "Bearer nope")], &SESSION_ONLY).unwrap_err();
        assert_eq!(
            (e.status.as_u16(), e.body.detail.as_str()),
            (401, "Invalid key.")
        );
    }

    #[test]
    fn the_caller_names_its_schemes() {
        let caller = run(&[("authorization", "Bearer key-read")], &READ_OR_SESSION).unwrap();
        assert_eq!(caller.subject.as_deref(), Some("alice"));
        assert_eq!(
            (caller.scheme, caller.schemes.as_slice()),
            (Some(KEY), &[KEY][..])
        );
        let caller = run(&[("cookie", "sessionid=good-session")], &READ_OR_SESSION).unwrap();
        assert_eq!(caller.scheme, Some(SESSION));
        assert!(run(&[], &OPTIONAL_KEY).unwrap().is_anonymous());
        assert_eq!(
            run(&[("authorization", "Bearer key-read")], &Access::Public).unwrap(),
            Caller::anonymous()
        );
    }

    #[test]
    fn cookies_on_cross_site_unsafe_requests_are_not_used() {
        let cookie = ("cookie", "sessionid=good-session");
        let post = |headers: &[(&str, &str)]| {
            block_on(authorize(
                &FakeAuth,
                &parts("POST", headers),
                &SECURITY,
                &READ_OR_SESSION,
            ))
        };
        let e = post(&[cookie]).unwrap_err();
        assert_eq!(
            (e.status.as_u16(), e.body.code.as_str()),
            (403, "cross_site_request")
        );
        assert!(post(&[cookie, ("content-type", "application/json")]).is_ok());
        let same_origin = [
            cookie,
            ("host", "api.example"),
            ("origin", "https://api.example"),
        ];
        assert!(post(&same_origin).is_ok());
        let cross = [
            cookie,
            ("host", "api.example"),
            ("origin", "https://evil.example"),
        ];
        assert_eq!(status(&post(&cross)), Some(403));
        assert!(
            post(&[cookie, ("authorization", "Bearer key-read")]).is_ok(),
            "the key still counts"
        );

        let optional_session = Access::Required(&[
            &[Requirement {
                scheme: SESSION,
                scopes: &[],
            }],
            &[],
        ]);
        let request = parts("POST", &[cookie]);
        let caller = block_on(authorize(&FakeAuth, &request, &SECURITY, &optional_session));
        assert!(
            caller.unwrap().is_anonymous(),
            "a dropped cookie leaves an anonymous caller"
        );

        struct NoGuard;
        impl Authenticator for NoGuard {
            async fn authenticate(&self, credential: &Credential) -> Option<Caller> {
                FakeAuth.authenticate(credential).await
            }
            fn cross_site_guard(&self) -> CrossSiteGuard {
                CrossSiteGuard::Off
            }
        }
        let request = parts("POST", &[cookie]);
        assert!(block_on(authorize(&NoGuard, &request, &SECURITY, &READ_OR_SESSION)).is_ok());
    }

    #[test]
    fn credentials_do_not_print_their_secret() {
        let credential = Credential {
            scheme: KEY,
            kind: SchemeKind::Bearer,
            secret: "s3cret".into(),
        };
        assert!(!format!("{credential:?}").contains("s3cret"));
    }
}
