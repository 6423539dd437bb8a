//! Cross-site request forgery protection for credentials sent in cookies.
//!
//! A browser attaches cookies to requests that other sites trigger, but a cross-site page can
//! only send "simple" requests without the server's consent (CORS): a form-like
//! `Content-Type` (`application/x-www-form-urlencoded`, `multipart/form-data`, `text/plain`) or
//! none, and an `Origin` naming the other site. So for an unsafe method (anything but `GET`,
//! `HEAD`, `OPTIONS`, `TRACE`) a cookie credential is only taken when the request has a
//! non-simple `Content-Type` (such as `application/json`) or an `Origin` equal to its own
//! (`Host`). Non-browser clients meet this by sending JSON or an `Origin` header.

use http::Method;
use http::header::{CONTENT_TYPE, HOST, ORIGIN};
use http::request::Parts;

/// Whether cookie credentials are checked against cross-site requests; chosen by
/// [`Authenticator::cross_site_guard`](super::Authenticator::cross_site_guard).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CrossSiteGuard {
    /// Unsafe requests authenticated by a cookie need a non-simple `Content-Type` or a
    /// same-origin `Origin` (the default).
    #[default]
    Enforce,
    /// Cookie credentials are taken from any request (only for APIs that protect themselves
    /// otherwise, such as with a CSRF token).
    Off,
}

/// Whether a cookie credential may be taken from this request.
pub(crate) fn cookie_credentials_allowed(parts: &Parts, guard: CrossSiteGuard) -> bool {
    guard == CrossSiteGuard::Off
        || is_safe(&parts.method)
        || has_non_simple_content_type(parts)
        || is_same_origin(parts)
}

fn is_safe(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

fn has_non_simple_content_type(parts: &Parts) -> bool {
    let Some(value) = parts.headers.get(CONTENT_TYPE) else {
        return false;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    !essence.is_empty()
        && ![
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "text/plain",
        ]
        .iter()
        .any(|simple| essence.eq_ignore_ascii_case(simple))
}

/// `Origin` is `scheme://host[:port]` and names the same host and port as `Host` (or the
/// request URI's authority).
fn is_same_origin(parts: &Parts) -> bool {
    let mut origins = parts.headers.get_all(ORIGIN).iter();
    let (Some(origin), None) = (origins.next(), origins.next()) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let Some((scheme, authority)) = origin.trim().split_once("://") else {
        return false;
    };
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "http" => "80",
        "https" => "443",
        _ => return false,
    };
    let host = parts
        .headers
        .get(HOST)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or_else(|| parts.uri.authority().map(|a| a.as_str().to_owned()));
    let Some(host) = host else {
        return false;
    };
    let normalize = |authority: &str| {
        let authority = authority.trim().to_ascii_lowercase();
        match authority.rsplit_once(':') {
            Some((name, port)) if port == default_port => name.to_owned(),
            _ => authority,
        }
    };
    !authority.contains('/') && normalize(authority) == normalize(&host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(method: &str, headers: &[(&str, &str)]) -> Parts {
        let mut builder = http::Request::builder().method(method).uri("/x");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).unwrap().into_parts().0
    }

    fn allowed(method: &str, headers: &[(&str, &str)]) -> bool {
        cookie_credentials_allowed(&parts(method, headers), CrossSiteGuard::Enforce)
    }

    #[test]
    fn safe_methods_always_pass() {
        assert!(allowed("GET", &[("origin", "https://evil.example")]));
        assert!(allowed("HEAD", &[]));
    }

    #[test]
    fn unsafe_methods_need_json_or_same_origin() {
        let host = ("host", "api.example:8443");
        assert!(!allowed("POST", &[host]), "no content type, no origin");
        assert!(!allowed(
            "POST",
            &[host, ("content-type", "text/plain; charset=utf-8")]
        ));
        assert!(!allowed(
            "DELETE",
            &[host, ("content-type", "application/x-www-form-urlencoded")]
        ));
        assert!(!allowed(
            "PATCH",
            &[host, ("content-type", "Multipart/Form-Data; boundary=x")]
        ));
        assert!(allowed(
            "POST",
            &[host, ("content-type", "application/json")]
        ));
        assert!(allowed(
            "POST",
            &[host, ("origin", "https://api.example:8443")]
        ));
        assert!(!allowed(
            "POST",
            &[host, ("origin", "https://evil.example:8443")]
        ));
        assert!(!allowed("POST", &[host, ("origin", "null")]));
        assert!(!allowed(
            "POST",
            &[
                host,
                ("origin", "https://api.example:8443"),
                ("origin", "https://evil.example")
            ]
        ));
        assert!(allowed(
            "POST",
            &[
                ("host", "api.example"),
                ("origin", "https://api.example:443")
            ]
        ));
        assert!(allowed(
            "POST",
            &[("host", "api.example:80"), ("origin", "http://API.example")]
        ));
        assert!(!allowed(
            "POST",
            &[
                ("host", "api.example:80"),
                ("origin", "https://api.example")
            ]
        ));
        assert!(
            !allowed("POST", &[("origin", "https://api.example")]),
            "no host to compare"
        );
    }

    #[test]
    fn off_lets_everything_through() {
        let request = parts("POST", &[("origin", "https://evil.example")]);
        assert!(cookie_credentials_allowed(&request, CrossSiteGuard::Off));
    }
}
