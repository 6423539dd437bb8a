//! Enum values the spec does not list: tolerated when reading responses (a server may add a
//! value at any time), refused when a server reads a request.
//!
//! Generated enums have an `Unknown` variant; their `Deserialize` asks [`unknown_value`] what to
//! do with a value they do not list. The generated server parses requests inside
//! [`strict_enums`], where the answer is a serde error (so a 400 naming the field); everywhere
//! else the value is kept.

use std::cell::Cell;
use std::fmt::Display;

thread_local! {
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// Restores the previous mode when dropped (also on unwinding).
struct Restore(bool);

impl Drop for Restore {
    fn drop(&mut self) {
        STRICT.with(|strict| strict.set(self.0));
    }
}

/// Runs `f` (a synchronous deserialisation) with unknown enum values refused.
pub fn strict_enums<T>(f: impl FnOnce() -> T) -> T {
    let _restore = Restore(STRICT.with(|strict| strict.replace(true)));
    f()
}

/// Whether unknown enum values are refused on this thread right now.
pub fn enums_are_strict() -> bool {
    STRICT.with(Cell::get)
}

/// Decodes with `attempt` refusing unknown enum values first, then (unless they are refused
/// already) accepting them: in a union tried alternative by alternative, an alternative that
/// lists the value wins over an earlier one that would keep it as unknown.
pub fn prefer_known<T, E>(attempt: impl Fn() -> Result<T, E>) -> Result<T, E> {
    match strict_enums(&attempt) {
        Ok(value) => Ok(value),
        Err(error) if enums_are_strict() => Err(error),
        Err(_) => attempt(),
    }
}

/// A string value the enum does not list: kept (for the `Unknown` variant), or, inside
/// [`strict_enums`], an "unknown variant" error listing `expected`.
#[doc(hidden)]
pub fn unknown_value<E: serde::de::Error>(
    value: String,
    expected: &'static [&'static str],
) -> Result<String, E> {
    if enums_are_strict() {
        Err(E::unknown_variant(&value, expected))
    } else {
        Ok(value)
    }
}

/// An integer value the enum does not list: kept, or, inside [`strict_enums`], an error saying
/// `value` is not a valid `type_name`.
#[doc(hidden)]
pub fn unknown_integer<E: serde::de::Error>(value: i64, type_name: &str) -> Result<i64, E> {
    if enums_are_strict() {
        Err(E::custom(Invalid(value, type_name)))
    } else {
        Ok(value)
    }
}

struct Invalid<'a>(i64, &'a str);

impl Display for Invalid<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is not a valid {}", self.0, self.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(value: &str) -> Result<String, serde_json::Error> {
        unknown_value::<serde_json::Error>(value.to_owned(), &["a", "b"])
    }

    #[test]
    fn lenient_by_default_strict_inside() {
        assert_eq!(read("z").unwrap(), "z");
        let error = strict_enums(|| read("z")).unwrap_err().to_string();
        assert!(error.contains("unknown variant `z`"), "{error}");
        assert!(!enums_are_strict(), "restored after the closure");
        let error = strict_enums(|| unknown_integer::<serde_json::Error>(7, "Level"))
            .unwrap_err()
            .to_string();
        assert_eq!(error, "7 is not a valid Level");
        assert_eq!(unknown_integer::<serde_json::Error>(7, "Level").unwrap(), 7);
    }

    #[test]
    fn known_values_win() {
        let attempt = || read("b").and_then(|_| read("z"));
        assert_eq!(
            prefer_known(attempt).unwrap(),
            "z",
            "lenient after a strict failure"
        );
        assert!(strict_enums(|| prefer_known(attempt)).is_err());
        assert_eq!(prefer_known(|| read("a")).unwrap(), "a");
    }

    #[test]
    fn nested_scopes_restore() {
        strict_enums(|| {
            strict_enums(|| ());
            assert!(enums_are_strict());
        });
        assert!(!enums_are_strict());
    }
}
