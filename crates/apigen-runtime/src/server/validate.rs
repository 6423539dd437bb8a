//! Checks for schema constraints that serde does not enforce, answered
//! with DRF's wording as 400 `validation_error`s naming the field.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use regex_lite::Regex;

use super::ApiError;

fn fail(attr: &str, code: &str, detail: String) -> Result<(), ApiError> {
    Err(ApiError::validation(code, detail, Some(attr.to_owned())))
}

/// Checks a string's length in characters: code `min_length` / `max_length`.
pub fn check_length(
    attr: &str,
    value: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ApiError> {
    let len = value.chars().count();
    if let Some(max) = max
        && len > max
    {
        return fail(
            attr,
            "max_length",
            format!("Ensure this field has no more than {max} characters."),
        );
    }
    if let Some(min) = min
        && len < min
    {
        return fail(
            attr,
            "min_length",
            format!("Ensure this field has at least {min} characters."),
        );
    }
    Ok(())
}

/// Compiled patterns by source text; None marks a pattern that does not compile.
type PatternCache = Mutex<HashMap<&'static str, Option<Arc<Regex>>>>;

/// The compiled form of `pattern`, or None when it is not a valid regex.
/// Each pattern is compiled once and cached for the life of the process.
fn compiled(pattern: &'static str) -> Option<Arc<Regex>> {
    static CACHE: OnceLock<PatternCache> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache
        .entry(pattern)
        .or_insert_with(|| Regex::new(pattern).ok().map(Arc::new))
        .clone()
}

/// Checks that `value` matches the spec's `pattern` (searched, not anchored,
/// as JSON Schema does); an invalid pattern is skipped. Code `invalid`.
pub fn check_pattern(attr: &str, value: &str, pattern: &'static str) -> Result<(), ApiError> {
    match compiled(pattern) {
        Some(regex) if !regex.is_match(value) => fail(
            attr,
            "invalid",
            "This value does not match the required pattern.".to_owned(),
        ),
        _ => Ok(()),
    }
}

/// Checks a number against its bounds: code `min_value` / `max_value`.
pub fn check_range(
    attr: &str,
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
    exclusive_min: bool,
    exclusive_max: bool,
) -> Result<(), ApiError> {
    if let Some(min) = min {
        if exclusive_min && value <= min {
            return fail(
                attr,
                "min_value",
                format!("Ensure this value is greater than {min}."),
            );
        }
        if value < min {
            return fail(
                attr,
                "min_value",
                format!("Ensure this value is greater than or equal to {min}."),
            );
        }
    }
    if let Some(max) = max {
        if exclusive_max && value >= max {
            return fail(
                attr,
                "max_value",
                format!("Ensure this value is less than {max}."),
            );
        }
        if value > max {
            return fail(
                attr,
                "max_value",
                format!("Ensure this value is less than or equal to {max}."),
            );
        }
    }
    Ok(())
}

/// Checks a string against its `format` (see [`Shape`](super::Shape) for the checked ones):
/// code `invalid`.
pub fn check_format(attr: &str, value: &str, format: &'static str) -> Result<(), ApiError> {
    if super::format::format_holds(format, value) {
        Ok(())
    } else {
        fail(attr, "invalid", format!("Enter a valid {format}."))
    }
}

/// Checks that a number is a multiple of `divisor`: code `multiple_of`.
pub fn check_multiple_of(attr: &str, value: f64, divisor: f64) -> Result<(), ApiError> {
    if super::check::is_multiple(value, divisor) {
        Ok(())
    } else {
        fail(
            attr,
            "multiple_of",
            format!("Ensure this value is a multiple of {divisor}."),
        )
    }
}

/// Checks the number of items of an array: code `min_length` / `max_length`.
pub fn check_items(
    attr: &str,
    len: usize,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ApiError> {
    if let Some(max) = max
        && len > max
    {
        return fail(
            attr,
            "max_length",
            format!("Ensure this field has no more than {max} elements."),
        );
    }
    if let Some(min) = min
        && len < min
    {
        return fail(
            attr,
            "min_length",
            format!("Ensure this field has at least {min} elements."),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(result: Result<(), ApiError>) -> Option<(String, String, Option<String>)> {
        result
            .err()
            .map(|e| (e.body.code, e.body.detail, e.body.attr))
    }

    #[test]
    fn length() {
        assert!(check_length("name", "abc", Some(1), Some(3)).is_ok());
        assert!(
            check_length("name", "ééé", None, Some(3)).is_ok(),
            "counts chars"
        );
        let (code_, detail, attr) = code(check_length(
            "first_name",
            &"x".repeat(151),
            None,
            Some(150),
        ))
        .unwrap();
        assert_eq!(code_, "max_length");
        assert_eq!(detail, "Ensure this field has no more than 150 characters.");
        assert_eq!(attr.as_deref(), Some("first_name"));
        assert_eq!(
            code(check_length("n", "", Some(1), None)).unwrap().0,
            "min_length"
        );
    }

    #[test]
    fn pattern() {
        assert!(check_pattern("slug", "abc-1", "^[a-z0-9-]+$").is_ok());
        let (code_, _, attr) = code(check_pattern("slug", "A B", "^[a-z0-9-]+$")).unwrap();
        assert_eq!((code_.as_str(), attr.as_deref()), ("invalid", Some("slug")));
        assert!(
            check_pattern("slug", "xx1yy", "[0-9]").is_ok(),
            "not anchored"
        );
        assert!(
            check_pattern("x", "anything", "(unclosed").is_ok(),
            "invalid pattern skipped"
        );
        assert!(
            check_pattern("x", "again", "(unclosed").is_ok(),
            "cached as invalid"
        );
    }

    #[test]
    fn range() {
        assert!(check_range("n", 5.0, Some(1.0), Some(5.0), false, false).is_ok());
        assert_eq!(
            code(check_range("n", 0.0, Some(1.0), None, false, false))
                .unwrap()
                .1,
            "Ensure this value is greater than or equal to 1."
        );
        assert_eq!(
            code(check_range("n", 1.0, Some(1.0), None, true, false))
                .unwrap()
                .0,
            "min_value"
        );
        assert_eq!(
            code(check_range("n", 5.0, None, Some(5.0), false, true))
                .unwrap()
                .0,
            "max_value"
        );
        assert_eq!(
            code(check_range("n", 6.5, None, Some(5.5), false, false))
                .unwrap()
                .1,
            "Ensure this value is less than or equal to 5.5."
        );
    }

    #[test]
    fn format_and_multiple() {
        assert!(check_format("mail", "a@b", "email").is_ok());
        let (code_, _, attr) = code(check_format("mail", "ab", "email")).unwrap();
        assert_eq!((code_.as_str(), attr.as_deref()), ("invalid", Some("mail")));
        assert!(check_multiple_of("n", 1.5, 0.5).is_ok());
        assert_eq!(
            code(check_multiple_of("n", 1.25, 0.5)).unwrap().0,
            "multiple_of"
        );
    }

    #[test]
    fn items() {
        assert!(check_items("tags", 2, Some(1), Some(2)).is_ok());
        assert_eq!(
            code(check_items("tags", 3, None, Some(2))).unwrap().0,
            "max_length"
        );
        let (code_, detail, attr) = code(check_items("tags", 0, Some(1), None)).unwrap();
        assert_eq!(code_, "min_length");
        assert_eq!(detail, "Ensure this field has at least 1 elements.");
        assert_eq!(attr.as_deref(), Some("tags"));
    }
}
