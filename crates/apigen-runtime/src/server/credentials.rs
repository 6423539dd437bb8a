//! Reading the credential of one security scheme from a request, refusing ambiguous input.
//!
//! A credential sent twice (two `Authorization` headers, a repeated API key header, query
//! parameter or cookie) is never resolved by taking the first: it is [`Ambiguous`].

use http::header::{AUTHORIZATION, COOKIE};
use http::request::Parts;

use super::auth::{KeyLocation, SchemeKind};

/// The same credential was sent more than once; the text names where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ambiguous(pub String);

/// The credential `kind` finds on the request: `Ok(None)` when absent (or empty).
///
/// Bearer, OAuth 2.0 and OpenID Connect read `Authorization: Bearer <token>`; Basic reads
/// `Authorization: Basic <base64>` (the secret is the base64 text as sent); another HTTP scheme
/// reads `Authorization: <scheme> <credentials>`; API keys read their header, query parameter
/// (percent-decoded) or cookie. Auth-scheme names compare case-insensitively.
pub(crate) fn read_credential(
    parts: &Parts,
    kind: SchemeKind,
) -> Result<Option<String>, Ambiguous> {
    match kind {
        SchemeKind::Bearer | SchemeKind::OAuth2 | SchemeKind::OpenIdConnect => {
            authorization(parts, "bearer")
        }
        SchemeKind::Basic => authorization(parts, "basic"),
        SchemeKind::Http(scheme) => authorization(parts, scheme),
        SchemeKind::ApiKey(KeyLocation::Header(name)) => header(parts, name),
        SchemeKind::ApiKey(KeyLocation::Query(name)) => query(parts, name),
        SchemeKind::ApiKey(KeyLocation::Cookie(name)) => cookie(parts, name),
    }
}

fn non_empty(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// At most one value, or [`Ambiguous`].
fn single(
    mut values: impl Iterator<Item = String>,
    what: String,
) -> Result<Option<String>, Ambiguous> {
    let first = values.next();
    if first.is_some() && values.next().is_some() {
        return Err(Ambiguous(what));
    }
    Ok(first)
}

fn authorization(parts: &Parts, auth_scheme: &str) -> Result<Option<String>, Ambiguous> {
    let values = parts.headers.get_all(AUTHORIZATION);
    if values.iter().count() > 1 {
        return Err(Ambiguous("more than one `Authorization` header".to_owned()));
    }
    Ok(values.iter().next().and_then(|value| {
        let value = std::str::from_utf8(value.as_bytes()).ok()?.trim();
        let (scheme, rest) = value.split_once(|c: char| c.is_ascii_whitespace())?;
        if scheme.eq_ignore_ascii_case(auth_scheme) {
            non_empty(rest)
        } else {
            None
        }
    }))
}

fn header(parts: &Parts, name: &str) -> Result<Option<String>, Ambiguous> {
    let values = parts.headers.get_all(name);
    if values.iter().count() > 1 {
        return Err(Ambiguous(format!("more than one `{name}` header")));
    }
    Ok(values.iter().next().and_then(|value| {
        std::str::from_utf8(value.as_bytes())
            .ok()
            .and_then(non_empty)
    }))
}

fn query(parts: &Parts, name: &str) -> Result<Option<String>, Ambiguous> {
    let Some(query) = parts.uri.query() else {
        return Ok(None);
    };
    let pairs: Vec<(String, String)> = serde_html_form::from_str(query).unwrap_or_default();
    let values = pairs
        .into_iter()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value);
    Ok(
        single(values, format!("more than one `{name}` query parameter"))?
            .and_then(|v| non_empty(&v)),
    )
}

fn cookie(parts: &Parts, name: &str) -> Result<Option<String>, Ambiguous> {
    let values = cookie_values(&parts.headers, name);
    Ok(
        single(values.into_iter(), format!("more than one `{name}` cookie"))?
            .and_then(|v| non_empty(&v)),
    )
}

/// Every value of cookie `name` across all `Cookie` headers (quotes removed).
fn cookie_values(headers: &http::HeaderMap, name: &str) -> Vec<String> {
    let mut found = Vec::new();
    for value in headers.get_all(COOKIE) {
        let Ok(value) = std::str::from_utf8(value.as_bytes()) else {
            continue;
        };
        for pair in value.split(';') {
            let Some((key, value)) = pair.split_once('=') else {
                continue;
            };
            if key.trim() != name {
                continue;
            }
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            found.push(value.to_owned());
        }
    }
    found
}

/// The value of cookie `name` in any `Cookie` header (quotes removed; empty values ignored).
pub(crate) fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    cookie_values(headers, name)
        .into_iter()
        .find_map(|value| non_empty(&value))
}

/// The user name and password of an HTTP Basic credential (the base64 text after `Basic`), or
/// `None` when it is not base64 of UTF-8 `user:password`.
pub fn decode_basic(secret: &str) -> Option<(String, String)> {
    let bytes = decode_base64(secret.trim())?;
    let text = String::from_utf8(bytes).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// Standard base64 with padding (RFC 4648 §4), as Basic credentials use.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn value(byte: u8) -> Option<u32> {
        Some(match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (index, chunk) in bytes.chunks(4).enumerate() {
        let last = index == bytes.len() / 4 - 1;
        let padding = chunk.iter().rev().take_while(|&&b| b == b'=').count();
        if padding > 2 || (padding > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &byte in &chunk[..4 - padding] {
            n = (n << 6) | value(byte)?;
        }
        n <<= 6 * padding as u32;
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - padding]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(headers: &[(&str, &str)], uri: &str) -> Parts {
        let mut builder = http::Request::builder().uri(uri);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(()).unwrap().into_parts().0
    }

    fn read(
        headers: &[(&str, &str)],
        uri: &str,
        kind: SchemeKind,
    ) -> Result<Option<String>, Ambiguous> {
        read_credential(&parts(headers, uri), kind)
    }

    #[test]
    fn reads_each_location() {
        let ok = |v: &str| Ok(Some(v.to_owned()));
        assert_eq!(
            read(
                &[("authorization", "bEaReR  tok ")],
                "/",
                SchemeKind::Bearer
            ),
            ok("tok")
        );
        assert_eq!(
            read(&[("authorization", "Bearer tok")], "/", SchemeKind::OAuth2),
            ok("tok")
        );
        assert_eq!(
            read(&[("authorization", "Basic dTpw")], "/", SchemeKind::Bearer),
            Ok(None)
        );
        assert_eq!(
            read(&[("authorization", "Bearer ")], "/", SchemeKind::Bearer),
            Ok(None)
        );
        assert_eq!(
            read(&[("authorization", "Basic dTpw")], "/", SchemeKind::Basic),
            ok("dTpw")
        );
        assert_eq!(
            read(
                &[("authorization", "Digest a=1")],
                "/",
                SchemeKind::Http("digest")
            ),
            ok("a=1")
        );
        let header = SchemeKind::ApiKey(KeyLocation::Header("X-API-Key"));
        assert_eq!(read(&[("x-api-key", "abc")], "/", header), ok("abc"));
        let query = SchemeKind::ApiKey(KeyLocation::Query("key"));
        assert_eq!(read(&[], "/x?a=1&key=p%2Fq+r", query), ok("p/q r"));
        assert_eq!(read(&[], "/x?a=1", query), Ok(None));
        let cookie = SchemeKind::ApiKey(KeyLocation::Cookie("sessionid"));
        assert_eq!(
            read(
                &[
                    ("cookie", "a=1"),
                    ("cookie", "theme=dark; sessionid=\"s1\"")
                ],
                "/",
                cookie
            ),
            ok("s1")
        );
        assert_eq!(read(&[("cookie", "sessionid2=x")], "/", cookie), Ok(None));
    }

    #[test]
    fn repeated_credentials_are_ambiguous() {
        let two_auth = [("authorization", "Bearer a"), ("authorization", "Bearer b")];
        assert!(read(&two_auth, "/", SchemeKind::Bearer).is_err());
        let mixed = [
            ("authorization", "Basic dTpw"),
            ("authorization", "Bearer b"),
        ];
        assert!(read(&mixed, "/", SchemeKind::Basic).is_err());
        let header = SchemeKind::ApiKey(KeyLocation::Header("x-key"));
        assert!(read(&[("x-key", "a"), ("x-key", "a")], "/", header).is_err());
        let query = SchemeKind::ApiKey(KeyLocation::Query("key"));
        assert!(read(&[], "/?key=a&key=b", query).is_err());
        let cookie = SchemeKind::ApiKey(KeyLocation::Cookie("sid"));
        assert!(read(&[("cookie", "sid=a; sid=b")], "/", cookie).is_err());
        assert!(read(&[("cookie", "sid=a"), ("cookie", "sid=b")], "/", cookie).is_err());
    }

    #[test]
    fn decodes_basic_credentials() {
        assert_eq!(decode_basic("dTpw"), Some(("u".into(), "p".into())));
        assert_eq!(
            decode_basic("YWxhZGRpbjpvcGVuc2VzYW1l"),
            Some(("aladdin".into(), "opensesame".into()))
        );
        assert_eq!(decode_basic("YTpiYw=="), Some(("a".into(), "bc".into())));
        assert_eq!(decode_basic("YTpi"), Some(("a".into(), "b".into())));
        assert_eq!(decode_basic("bm9jb2xvbg=="), None, "no colon");
        assert_eq!(decode_basic("!!!!"), None);
        assert_eq!(decode_basic("YQ=a"), None);
        assert_eq!(decode_basic("abc"), None);
    }
}
