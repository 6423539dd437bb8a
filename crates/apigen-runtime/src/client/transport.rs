//! The transport: base URL, reqwest client and the credentials attached to
//! every request.

use reqwest::header::COOKIE;
use reqwest::{Client, Method, RequestBuilder};

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
    auth: Auth,
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
        }
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
    /// credentials attached.
    pub fn request_url(&self, method: Method, url: &str) -> RequestBuilder {
        match &self.auth {
            Auth::None => self.http.request(method, url),
            Auth::Bearer(token) => self.http.request(method, url).bearer_auth(token),
            Auth::Basic { username, password } => self
                .http
                .request(method, url)
                .basic_auth(username, password.as_ref()),
            Auth::Header { name, value } => self
                .http
                .request(method, url)
                .header(name.as_str(), value.as_str()),
            Auth::Query { name, value } => {
                self.http.request(method, with_query_pair(url, name, value))
            }
            Auth::Cookie { name, value } => self
                .http
                .request(method, url)
                .header(COOKIE, format!("{name}={value}")),
        }
    }
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
