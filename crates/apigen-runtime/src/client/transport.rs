//! The transport: base URL, reqwest client and the credentials attached to
//! requests: one default credential, and any number of credentials by security
//! scheme, chosen per operation by its requirement alternatives.

use reqwest::header::{COOKIE, ORIGIN};
use reqwest::{Client, Method, RequestBuilder};

use super::Error;
use super::policy::Policy;

/// How the client authenticates.
#[derive(Clone)]
pub enum Auth {
    /// No credentials.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// HTTP basic authentication.
    Basic {
        /// The user name.
        username: String,
        /// The password, if any.
        password: Option<String>,
    },
    /// A header carrying an API key.
    Header {
        /// The header name.
        name: String,
        /// The header value.
        value: String,
    },
    /// A query parameter carrying an API key.
    Query {
        /// The parameter name.
        name: String,
        /// The parameter value.
        value: String,
    },
    /// A cookie, such as a session id.
    Cookie {
        /// The cookie name.
        name: String,
        /// The cookie value.
        value: String,
    },
}

/// Secrets are not printed.
impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Bearer(_) => f.write_str("Bearer(***)"),
            Auth::Basic { username, .. } => write!(f, "Basic {{ username: {username:?}, .. }}"),
            Auth::Header { name, .. } => write!(f, "Header {{ name: {name:?}, .. }}"),
            Auth::Query { name, .. } => write!(f, "Query {{ name: {name:?}, .. }}"),
            Auth::Cookie { name, .. } => write!(f, "Cookie {{ name: {name:?}, .. }}"),
        }
    }
}

/// Base URL + reqwest client + credentials; cheap to clone.
#[derive(Debug, Clone)]
pub struct Transport {
    http: Client,
    base_url: String,
    /// The credential given at construction, sent when no alternative of an
    /// operation can be met by the credentials of `by_scheme`.
    auth: Auth,
    /// Credentials by security scheme name, in the order they were added.
    by_scheme: Vec<(String, Auth)>,
    /// What this transport attaches; `None` means `auth`.
    chosen: Option<Vec<Auth>>,
    /// Hooks, default headers and timeout, retries.
    pub(crate) policy: Policy,
}

impl Transport {
    /// A transport with a default reqwest client.
    ///
    /// # Panics
    ///
    /// As [`reqwest::Client::new`], if the TLS backend or resolver cannot be
    /// initialized; use [`Transport::with_http_client`] to handle that.
    pub fn new(base_url: impl Into<String>, auth: Auth) -> Self {
        Self::with_http_client(Client::new(), base_url, auth)
    }

    /// A transport using this reqwest client (timeouts, proxies, TLS...).
    pub fn with_http_client(http: Client, base_url: impl Into<String>, auth: Auth) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        Self {
            http,
            base_url,
            auth,
            by_scheme: Vec::new(),
            chosen: None,
            policy: Policy::default(),
        }
    }

    /// The same transport also holding `auth` for the security scheme named
    /// `scheme` (replacing an earlier credential for it).
    pub fn with_credential(mut self, scheme: impl Into<String>, auth: Auth) -> Self {
        let scheme = scheme.into();
        self.by_scheme.retain(|(name, _)| *name != scheme);
        self.by_scheme.push((scheme, auth));
        self
    }

    /// The same transport sending only `auth`, whatever the operation (a
    /// per-request override).
    pub fn with_auth(&self, auth: Auth) -> Self {
        Self {
            auth,
            by_scheme: Vec::new(),
            chosen: None,
            ..self.clone()
        }
    }

    /// The transport for an operation whose security is `alternatives` (each
    /// a list of scheme names that must all be sent): it sends the credentials
    /// of the first non-empty alternative met by the credentials held by
    /// scheme; when none is met (or the operation is public), the default
    /// credential.
    pub fn for_operation(&self, alternatives: &[&[&str]]) -> Self {
        let chosen = alternatives
            .iter()
            .filter(|alternative| !alternative.is_empty())
            .find_map(|alternative| {
                alternative
                    .iter()
                    .map(|scheme| {
                        self.by_scheme
                            .iter()
                            .find(|(name, _)| name == scheme)
                            .map(|(_, auth)| auth.clone())
                    })
                    .collect::<Option<Vec<Auth>>>()
            });
        Self {
            chosen,
            ..self.clone()
        }
    }

    /// A request to base_url + `path` for an operation whose security is
    /// `alternatives`, with the credentials [`Transport::for_operation`] picks.
    pub fn request_for(
        &self,
        method: Method,
        path: &str,
        alternatives: &[&[&str]],
    ) -> RequestBuilder {
        self.for_operation(alternatives).request(method, path)
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The reqwest client.
    pub fn http_client(&self) -> &Client {
        &self.http
    }

    /// A request to base_url + `path` (already encoded, starting with `/`),
    /// with credentials attached.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let separator = if path.starts_with('/') { "" } else { "/" };
        self.request_url(method, &format!("{}{separator}{path}", self.base_url))
    }

    /// A request to an absolute URL (used to follow `next` links), with
    /// credentials attached. A cookie credential on an unsafe method comes with
    /// an `Origin` header naming the base URL's origin, which servers guarding
    /// cookies against cross-site requests ask for.
    pub fn request_url(&self, method: Method, url: &str) -> RequestBuilder {
        let attached = match &self.chosen {
            Some(chosen) => chosen.as_slice(),
            None => std::slice::from_ref(&self.auth),
        };
        let unsafe_method = !matches!(
            method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
        );
        let url = attached
            .iter()
            .fold(url.to_owned(), |url, auth| match auth {
                Auth::Query { name, value } => with_query_pair(&url, name, value),
                _ => url,
            });
        let mut request = self.http.request(method, url);
        for auth in attached {
            request = match auth {
                Auth::None | Auth::Query { .. } => request,
                Auth::Bearer(token) => request.bearer_auth(token),
                Auth::Basic { username, password } => {
                    request.basic_auth(username, password.as_ref())
                }
                Auth::Header { name, value } => request.header(name.as_str(), value.as_str()),
                Auth::Cookie { name, value } => request.header(COOKIE, format!("{name}={value}")),
            };
        }
        let cookie = attached
            .iter()
            .any(|auth| matches!(auth, Auth::Cookie { .. }));
        if cookie
            && unsafe_method
            && let Some(origin) = origin_of(&self.base_url)
        {
            request = request.header(ORIGIN, origin);
        }
        request
    }
}

impl Transport {
    /// The URL of a pagination `next` link, if it may be followed: an absolute URL on the base
    /// URL's origin (scheme, host and port), or a path (`/…`) on that origin. Anything else
    /// would send the client's credentials elsewhere and is an [`Error::ForeignLink`].
    pub fn next_page_url(&self, link: &str) -> Result<String, Error> {
        let foreign = || Error::ForeignLink {
            url: link.to_owned(),
        };
        let base = origin_of(&self.base_url).ok_or_else(foreign)?;
        if link.starts_with('/') && !link.starts_with("//") {
            return Ok(format!("{base}{link}"));
        }
        match origin_of(link) {
            Some(origin) if origin.eq_ignore_ascii_case(&base) => Ok(link.to_owned()),
            _ => Err(foreign()),
        }
    }
}

/// `scheme://authority` of an `http`/`https` URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or_default();
    (!authority.is_empty()).then(|| format!("{}://{authority}", scheme.to_ascii_lowercase()))
}

/// `url` with `name=value` appended to its query, unless `name` is already there.
fn with_query_pair(url: &str, name: &str, value: &str) -> String {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((head, fragment)) => (head, Some(fragment)),
        None => (url, None),
    };
    let existing = before_fragment.split_once('?').map(|(_, query)| query);
    let already_present = existing.is_some_and(|query| {
        serde_html_form::from_str::<Vec<(String, String)>>(query)
            .is_ok_and(|pairs| pairs.iter().any(|(key, _)| key == name))
    });
    if already_present {
        return url.to_owned();
    }
    let pair = serde_html_form::to_string([(name, value)]).unwrap_or_default();
    let separator = match existing {
        None => "?",
        Some("") => "",
        Some(_) => "&",
    };
    let mut result = format!("{before_fragment}{separator}{pair}");
    if let Some(fragment) = fragment {
        result.push('#');
        result.push_str(fragment);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::AUTHORIZATION;

    #[test]
    fn base_url_is_trimmed() {
        let transport = Transport::new("http://h/api//", Auth::None);
        assert_eq!(transport.base_url(), "http://h/api");
        let request = transport.request(Method::GET, "users").build().unwrap();
        assert_eq!(request.url().as_str(), "http://h/api/users");
    }

    #[test]
    fn credentials_are_attached() {
        let build = |auth| {
            Transport::new("http://h", auth)
                .request(Method::GET, "/x?a=1")
                .build()
                .unwrap()
        };
        let request = build(Auth::Bearer("k".into()));
        assert_eq!(request.headers()[AUTHORIZATION], "Bearer k");
        let request = build(Auth::Basic {
            username: "u".into(),
            password: Some("p".into()),
        });
        assert_eq!(request.headers()[AUTHORIZATION], "Basic dTpw");
        let request = build(Auth::Header {
            name: "x-api-key".into(),
            value: "v".into(),
        });
        assert_eq!(request.headers()["x-api-key"], "v");
        let request = build(Auth::Query {
            name: "personal_api_key".into(),
            value: "a&b".into(),
        });
        assert_eq!(
            request.url().as_str(),
            "http://h/x?a=1&personal_api_key=a%26b"
        );
        let request = build(Auth::Cookie {
            name: "sessionid".into(),
            value: "s".into(),
        });
        assert_eq!(request.headers()[COOKIE], "sessionid=s");
    }

    #[test]
    fn credentials_are_chosen_per_operation() {
        let transport = Transport::new("https://h:8443/api", Auth::Bearer("default".into()))
            .with_credential(
                "key",
                Auth::Header {
                    name: "x-key".into(),
                    value: "k".into(),
                },
            )
            .with_credential(
                "session",
                Auth::Cookie {
                    name: "sid".into(),
                    value: "s".into(),
                },
            );
        let build = |alternatives: &[&[&str]], method| {
            transport
                .request_for(method, "/x", alternatives)
                .build()
                .unwrap()
        };
        let request = build(&[&["oauth"], &["key"]], Method::GET);
        assert_eq!(request.headers()["x-key"], "k");
        assert!(request.headers().get(AUTHORIZATION).is_none());
        let request = build(&[&["key", "session"]], Method::POST);
        assert_eq!(request.headers()["x-key"], "k");
        assert_eq!(request.headers()[COOKIE], "sid=s");
        assert_eq!(request.headers()[ORIGIN], "https://h:8443");
        let request = build(&[&["session"]], Method::GET);
        assert!(
            request.headers().get(ORIGIN).is_none(),
            "safe methods need no origin"
        );
        let request = build(&[&["oauth"]], Method::GET);
        assert_eq!(
            request.headers()[AUTHORIZATION],
            "Bearer default",
            "none met: the default"
        );
        let request = build(&[], Method::GET);
        assert_eq!(request.headers()[AUTHORIZATION], "Bearer default");
        let request = build(&[&[], &["key"]], Method::GET);
        assert_eq!(
            request.headers()["x-key"],
            "k",
            "a credential beats anonymity"
        );
        let request = build(&[&[]], Method::GET);
        assert_eq!(request.headers()[AUTHORIZATION], "Bearer default");
        let overridden = transport.with_auth(Auth::Bearer("other".into()));
        let request = overridden
            .request_for(Method::GET, "/x", &[&["key"]])
            .build()
            .unwrap();
        assert_eq!(request.headers()[AUTHORIZATION], "Bearer other");
        assert!(request.headers().get("x-key").is_none());
    }

    #[test]
    fn next_links_stay_on_the_base_origin() {
        let transport = Transport::new("http://127.0.0.1:8010/api", Auth::None);
        let follow = |link: &str| transport.next_page_url(link).ok();
        assert_eq!(
            follow("http://127.0.0.1:8010/api/x?page=2").as_deref(),
            Some("http://127.0.0.1:8010/api/x?page=2")
        );
        assert_eq!(
            follow("/api/x?page=2").as_deref(),
            Some("http://127.0.0.1:8010/api/x?page=2")
        );
        for foreign in [
            "http://127.0.0.1:8011/api/x",
            "https://127.0.0.1:8010/api/x",
            "http://evil.example/api/x",
            "http://127.0.0.1:8010@evil.example/x",
            "//evil.example/x",
            "ftp://127.0.0.1:8010/x",
            "page=2",
        ] {
            assert!(
                matches!(
                    transport.next_page_url(foreign),
                    Err(Error::ForeignLink { .. })
                ),
                "{foreign}"
            );
        }
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("http://127.0.0.1:8010/api").as_deref(),
            Some("http://127.0.0.1:8010")
        );
        assert_eq!(origin_of("HTTPS://u:p@h?x").as_deref(), Some("https://h"));
        assert_eq!(origin_of("ftp://h"), None);
        assert_eq!(origin_of("h/x"), None);
    }

    #[test]
    fn query_pairs() {
        assert_eq!(with_query_pair("http://h/x", "k", "v"), "http://h/x?k=v");
        assert_eq!(with_query_pair("http://h/x?", "k", "v"), "http://h/x?k=v");
        assert_eq!(
            with_query_pair("http://h/x?k=v&p=2", "k", "v"),
            "http://h/x?k=v&p=2"
        );
        assert_eq!(
            with_query_pair("http://h/x#f", "k", "v"),
            "http://h/x?k=v#f"
        );
    }

    #[test]
    fn debug_hides_secrets() {
        let text = format!("{:?}", Auth::Bearer("secret".into()));
        assert!(!text.contains("secret"));
    }
}
