//! Content negotiation: a request body in a media type the operation does not declare is 415,
//! an `Accept` header that excludes every media type the operation answers with is 406.

use http::{HeaderMap, StatusCode, header};

use super::ApiError;

/// Checks the request's `Content-Type` against the media types the operation reads
/// (`accepted`, as the spec lists them; `*/*` and `type/*` ranges allowed): 415
/// `unsupported_media_type` naming the accepted types when it is none of them. A request
/// without `Content-Type` passes (its body, if any, is read as the first accepted type).
pub fn check_content_type(headers: &HeaderMap, accepted: &[&str]) -> Result<(), ApiError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Ok(());
    };
    let sent = value.to_str().ok().and_then(essence);
    match sent {
        Some(sent) if accepted.iter().any(|range| range_matches(range, &sent)) => Ok(()),
        _ => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_request",
            "unsupported_media_type",
            format!(
                "Unsupported media type \"{}\" in request; accepted: {}.",
                String::from_utf8_lossy(value.as_bytes()),
                accepted.join(", ")
            ),
            None,
        )),
    }
}

/// Checks the request's `Accept` header against the media types the operation answers with
/// (`produced`): 406 `not_acceptable` when it excludes all of them. No `Accept`, or an operation
/// that answers with no body, passes.
pub fn check_accept(headers: &HeaderMap, produced: &[&str]) -> Result<(), ApiError> {
    if produced.is_empty() {
        return Ok(());
    }
    let mut ranges = Vec::new();
    let mut stated = false;
    for value in headers.get_all(header::ACCEPT) {
        let Ok(value) = value.to_str() else {
            continue;
        };
        for element in value
            .split(',')
            .filter(|element| !element.trim().is_empty())
        {
            stated = true;
            ranges.extend(accept_range(element));
        }
    }
    if !stated {
        return Ok(());
    }
    let acceptable = produced.iter().any(|media_type| {
        essence(media_type)
            .is_some_and(|produced| ranges.iter().any(|range| range_matches(range, &produced)))
    });
    if acceptable {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::NOT_ACCEPTABLE,
        "invalid_request",
        "not_acceptable",
        format!(
            "Could not satisfy the request Accept header; available: {}.",
            produced.join(", ")
        ),
        None,
    ))
}

/// `type/subtype` of a media type, lower-cased, without parameters; `None` when malformed.
fn essence(media_type: &str) -> Option<String> {
    let essence = media_type.split(';').next()?.trim().to_ascii_lowercase();
    let (kind, subtype) = essence.split_once('/')?;
    (!kind.is_empty() && !subtype.is_empty() && !subtype.contains('/')).then_some(essence)
}

/// One element of an `Accept` header as a media range, unless its `q` is 0.
fn accept_range(element: &str) -> Option<String> {
    let mut parts = element.split(';');
    let range = essence(parts.next()?)?;
    let refused = parts.any(|parameter| {
        let (name, value) = parameter.split_once('=').unwrap_or((parameter, ""));
        name.trim().eq_ignore_ascii_case("q") && value.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
    });
    (!refused).then_some(range)
}

/// True when the media range `range` (`*/*`, `type/*` or exact, any case) covers `media_type`
/// (an essence); a range may itself be written with parameters.
fn range_matches(range: &str, media_type: &str) -> bool {
    let Some(range) = essence(range) else {
        return false;
    };
    let Some((kind, subtype)) = range.split_once('/') else {
        return false;
    };
    let Some((sent_kind, sent_subtype)) = media_type.split_once('/') else {
        return false;
    };
    match (kind, subtype) {
        ("*", "*") => true,
        ("*", _) => false,
        (kind, "*") => kind == sent_kind,
        (kind, subtype) => kind == sent_kind && subtype == sent_subtype,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn content_type_must_be_declared() {
        let json = ["application/json"];
        let ok = |value| check_content_type(&headers(header::CONTENT_TYPE, value), &json);
        assert!(ok("application/json").is_ok());
        assert!(ok("Application/JSON; charset=utf-8").is_ok());
        let error = ok("text/plain").expect_err("undeclared");
        assert_eq!(error.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(
            error.body.detail.contains("application/json"),
            "{}",
            error.body.detail
        );
        assert!(ok("application/json-patch+json").is_err());
        assert!(
            check_content_type(&HeaderMap::new(), &json).is_ok(),
            "absent"
        );
        let any_image = ["image/*"];
        assert!(
            check_content_type(&headers(header::CONTENT_TYPE, "image/png"), &any_image).is_ok()
        );
    }

    #[test]
    fn accept_must_cover_one_produced_type() {
        let produced = ["application/json", "application/xml"];
        let check = |value| check_accept(&headers(header::ACCEPT, value), &produced);
        assert!(check("application/xml").is_ok());
        assert!(check("text/html, */*;q=0.1").is_ok());
        assert!(check("application/*").is_ok());
        let error = check("text/html").expect_err("excluded");
        assert_eq!(error.status, StatusCode::NOT_ACCEPTABLE);
        assert!(check("application/json;q=0, application/xml;q=0").is_err());
        assert!(check_accept(&HeaderMap::new(), &produced).is_ok(), "absent");
        assert!(
            check_accept(&headers(header::ACCEPT, "text/html"), &[]).is_ok(),
            "no body"
        );
    }
}
