//! String `format`s the server checks: `date-time`, `date`, `time` (RFC 3339), `email`, `uuid`,
//! `uri`, `hostname`, `ipv4`, `ipv6` and `byte` (base64). Other formats are annotations and
//! always hold.

use std::net::{Ipv4Addr, Ipv6Addr};

/// True when `text` is valid for `format` (or the format is not one that is checked).
pub(crate) fn format_holds(format: &str, text: &str) -> bool {
    match format {
        "date-time" => is_date_time(text),
        "date" => is_date(text),
        "time" => is_time(text),
        "email" => is_email(text),
        "uuid" => is_uuid(text),
        "uri" => is_uri(text),
        "hostname" => is_hostname(text),
        "ipv4" => text.parse::<Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<Ipv6Addr>().is_ok(),
        "byte" => is_base64(text),
        _ => true,
    }
}

/// `digits` ASCII digits as a number.
fn number(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `YYYY-MM-DD` with a day that exists in that month.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) =
        (number(&text[..4]), number(&text[5..7]), number(&text[8..]))
    else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `HH:MM:SS[.frac](Z|±HH:MM)`.
fn is_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 9 || bytes[2] != b':' || bytes[5] != b':' || !text.is_char_boundary(8) {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) =
        (number(&text[..2]), number(&text[3..5]), number(&text[6..8]))
    else {
        return false;
    };
    if hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &text[8..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &fraction[digits..];
    }
    if rest.eq_ignore_ascii_case("z") {
        return true;
    }
    let offset = rest.as_bytes();
    offset.len() == 6
        && matches!(offset[0], b'+' | b'-')
        && offset[3] == b':'
        && number(&rest[1..3]).is_some_and(|h| h <= 23)
        && number(&rest[4..]).is_some_and(|m| m <= 59)
}

/// RFC 3339 `date-time`: a date, `T`, a time with its offset.
fn is_date_time(text: &str) -> bool {
    text.len() > 11
        && text.is_char_boundary(10)
        && text.as_bytes()[10].eq_ignore_ascii_case(&b't')
        && is_date(&text[..10])
        && is_time(&text[11..])
}

/// `local@domain`, both parts non-empty, no whitespace.
fn is_email(text: &str) -> bool {
    match text.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// `8-4-4-4-12` hexadecimal digits.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An absolute URI: a scheme, `:`, no whitespace.
fn is_uri(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Dot-separated labels of letters, digits and inner hyphens, at most 253 characters.
fn is_hostname(text: &str) -> bool {
    let text = text.strip_suffix('.').unwrap_or(text);
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// Standard base64 with padding.
fn is_base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    text.len().is_multiple_of(4)
        && text.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

#[cfg(test)]
mod tests {
    use super::format_holds;

    #[test]
    fn known_formats_are_checked() {
        let cases = [
            ("date-time", "2024-02-29T23:59:60.5+01:00", true),
            ("date-time", "2024-02-30T00:00:00Z", false),
            ("date-time", "2024-01-01 00:00:00Z", false),
            ("date", "2023-02-29", false),
            ("date", "2000-02-29", true),
            ("time", "12:00:00z", true),
            ("time", "25:00:00Z", false),
            ("time", "12:00:0éZ", false),
            ("email", "a@b", true),
            ("email", "a b@c", false),
            ("uuid", "095be615-a8ad-4c33-8e9c-c7612fbf6c9f", true),
            ("uuid", "095be615a8ad4c338e9cc7612fbf6c9f", false),
            ("uri", "https://example.com/a?b", true),
            ("uri", "/relative", false),
            ("hostname", "a-b.example", true),
            ("hostname", "-a.example", false),
            ("ipv4", "10.0.0.1", true),
            ("ipv6", "::1", true),
            ("ipv4", "10.0.0", false),
            ("byte", "aGk=", true),
            ("byte", "aGk", false),
            ("color", "anything", true),
        ];
        for (format, text, holds) in cases {
            assert_eq!(format_holds(format, text), holds, "{format} {text:?}");
        }
    }
}
