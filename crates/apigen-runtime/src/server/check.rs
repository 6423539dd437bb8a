//! Checking a JSON request body against its [`Shape`] before it becomes a typed value: the
//! strictness serde's derive lacks (`null` for an optional non-nullable field, unknown keys
//! under `additionalProperties: false`, read-only keys in a request, formats and limits at any
//! depth). A violation is a 400 `validation_error` naming the JSON pointer of the offending
//! value.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::ApiError;
use super::format::format_holds;
use super::parse::{parse_json_body, parse_json_value, parse_optional_json_body};
use super::shape::{Additional, ArrayRules, NumberRules, ObjectRules, Shape, StringRules};
use super::validate::check_pattern;

/// How many values (counting every alternative a union tries) one check may visit: a bound on
/// the work a body can cause through nested unions.
const STEP_BUDGET: usize = 200_000;

/// What is wrong with one value of a request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The JSON pointer of the offending value (`/tags/0/name`; empty for the whole body).
    pub pointer: String,
    /// A machine-readable code (`invalid_type`, `null`, `required`, `read_only`, …).
    pub code: &'static str,
    /// A human-readable explanation.
    pub detail: String,
}

impl Violation {
    /// The 400 `validation_error` answer: `attr` is the pointer's names joined by `__` (as the
    /// other field errors name nested fields) and `pointer` the pointer itself.
    pub fn into_error(self) -> ApiError {
        let attr = pointer_attr(&self.pointer);
        ApiError::validation(self.code, self.detail, attr).with_pointer(self.pointer)
    }
}

/// Checks `value` against `shape`: the first violation found, in document order.
pub fn check_value(shape: &Shape, value: &Value) -> Result<(), Violation> {
    let mut checker = Checker {
        steps: STEP_BUDGET,
        pointer: String::new(),
    };
    checker.check(shape, value)
}

/// Reads a required JSON body, checks it against `shape`, then types it (400 on any failure).
pub fn parse_checked_json_body<T: DeserializeOwned>(
    body: &[u8],
    shape: &Shape,
) -> Result<T, ApiError> {
    let value: Value = parse_json_body(body)?;
    typed(shape, value)
}

/// Reads an optional JSON body (empty is `None`), checks it against `shape`, then types it.
pub fn parse_optional_checked_json_body<T: DeserializeOwned>(
    body: &[u8],
    shape: &Shape,
) -> Result<Option<T>, ApiError> {
    match parse_optional_json_body::<Value>(body)? {
        Some(value) => typed(shape, value).map(Some),
        None => Ok(None),
    }
}

fn typed<T: DeserializeOwned>(shape: &Shape, value: Value) -> Result<T, ApiError> {
    check_value(shape, &value).map_err(Violation::into_error)?;
    parse_json_value(value)
}

/// `/a/0/b~1c` → `a__0__b/c`; `None` for the whole body.
fn pointer_attr(pointer: &str) -> Option<String> {
    if pointer.is_empty() {
        return None;
    }
    let names: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect();
    Some(names.join("__"))
}

struct Checker {
    steps: usize,
    pointer: String,
}

impl Checker {
    fn fail(&self, code: &'static str, detail: impl Into<String>) -> Result<(), Violation> {
        Err(Violation {
            pointer: self.pointer.clone(),
            code,
            detail: detail.into(),
        })
    }

    /// Checks `value` one level down, under `token`.
    fn at(&mut self, token: &str, shape: &Shape, value: &Value) -> Result<(), Violation> {
        let length = self.push(token);
        let result = self.check(shape, value);
        self.pointer.truncate(length);
        result
    }

    fn check(&mut self, shape: &Shape, value: &Value) -> Result<(), Violation> {
        if self.steps == 0 {
            return self.fail("too_complex", "The request body is too complex to check.");
        }
        self.steps -= 1;
        match (shape, value) {
            (Shape::Any, _) => Ok(()),
            (Shape::Nullable(_), Value::Null) => Ok(()),
            (Shape::Nullable(inner), _) => self.check(inner, value),
            (_, Value::Null) => self.fail("null", "This field may not be null."),
            (Shape::Boolean, Value::Bool(_)) => Ok(()),
            (Shape::String(rules), Value::String(text)) => self.string(rules, text),
            (Shape::Int32(rules), Value::Number(_)) => {
                self.integer(rules, value, i32::MIN.into(), i32::MAX.into())
            }
            (Shape::Int64(rules), Value::Number(_)) => {
                self.integer(rules, value, i64::MIN, i64::MAX)
            }
            (Shape::Number(rules), Value::Number(number)) => {
                self.number(rules, number.as_f64().unwrap_or(f64::NAN))
            }
            (Shape::Array(rules), Value::Array(items)) => self.array(rules, items),
            (Shape::Map(values), Value::Object(map)) => {
                for (key, item) in map {
                    self.at(key, values, item)?;
                }
                Ok(())
            }
            (Shape::Object(rules), Value::Object(map)) => self.object(rules, map),
            (Shape::StringEnum(choices), Value::String(text)) => {
                if choices.contains(&text.as_str()) {
                    Ok(())
                } else {
                    self.fail(
                        "invalid_choice",
                        format!("\"{text}\" is not a valid choice."),
                    )
                }
            }
            (Shape::IntegerEnum(choices), Value::Number(number)) => {
                match number.as_i64().filter(|n| choices.contains(n)) {
                    Some(_) => Ok(()),
                    None => self.fail("invalid_choice", format!("{number} is not a valid choice.")),
                }
            }
            (Shape::Union(alternatives), _) => {
                for alternative in alternatives.iter() {
                    match self.check(alternative, value) {
                        Ok(()) => return Ok(()),
                        Err(violation) if violation.code == "too_complex" => return Err(violation),
                        Err(_) => {}
                    }
                }
                if alternatives
                    .iter()
                    .all(|alternative| is_choice(alternative))
                {
                    self.fail("invalid_choice", format!("{value} is not a valid choice."))
                } else {
                    self.fail(
                        "invalid",
                        "This value matches none of the allowed alternatives.",
                    )
                }
            }
            (shape, _) => self.fail("invalid", format!("Expected {}.", expected(shape))),
        }
    }

    fn string(&mut self, rules: &StringRules, text: &str) -> Result<(), Violation> {
        let length = text.chars().count();
        if let Some(max) = rules.max_length
            && length > max
        {
            return self.fail(
                "max_length",
                format!("Ensure this field has no more than {max} characters."),
            );
        }
        if let Some(min) = rules.min_length
            && length < min
        {
            return self.fail(
                "min_length",
                format!("Ensure this field has at least {min} characters."),
            );
        }
        if let Some(format) = rules.format
            && !format_holds(format, text)
        {
            return self.fail("invalid", format!("Enter a valid {format}."));
        }
        if let Some(pattern) = rules.pattern
            && let Err(error) = check_pattern("", text, pattern)
        {
            return self.fail("invalid", error.body.detail);
        }
        Ok(())
    }

    fn integer(
        &mut self,
        rules: &NumberRules,
        value: &Value,
        min: i64,
        max: i64,
    ) -> Result<(), Violation> {
        let Some(integer) = value.as_i64() else {
            return match value.as_u64() {
                Some(_) => self.fail(
                    "max_value",
                    format!("Ensure this value is less than or equal to {max}."),
                ),
                None => self.fail("invalid", "Expected an integer."),
            };
        };
        if integer < min {
            return self.fail(
                "min_value",
                format!("Ensure this value is greater than or equal to {min}."),
            );
        }
        if integer > max {
            return self.fail(
                "max_value",
                format!("Ensure this value is less than or equal to {max}."),
            );
        }
        self.number(rules, integer as f64)
    }

    fn number(&mut self, rules: &NumberRules, value: f64) -> Result<(), Violation> {
        if let Some(min) = rules.minimum {
            if rules.exclusive_minimum && value <= min {
                return self.fail(
                    "min_value",
                    format!("Ensure this value is greater than {min}."),
                );
            }
            if value < min {
                return self.fail(
                    "min_value",
                    format!("Ensure this value is greater than or equal to {min}."),
                );
            }
        }
        if let Some(max) = rules.maximum {
            if rules.exclusive_maximum && value >= max {
                return self.fail(
                    "max_value",
                    format!("Ensure this value is less than {max}."),
                );
            }
            if value > max {
                return self.fail(
                    "max_value",
                    format!("Ensure this value is less than or equal to {max}."),
                );
            }
        }
        if let Some(divisor) = rules.multiple_of
            && !is_multiple(value, divisor)
        {
            return self.fail(
                "multiple_of",
                format!("Ensure this value is a multiple of {divisor}."),
            );
        }
        Ok(())
    }

    fn array(&mut self, rules: &ArrayRules, items: &[Value]) -> Result<(), Violation> {
        if let Some(max) = rules.max_items
            && items.len() > max
        {
            return self.fail(
                "max_length",
                format!("Ensure this field has no more than {max} elements."),
            );
        }
        if let Some(min) = rules.min_items
            && items.len() < min
        {
            return self.fail(
                "min_length",
                format!("Ensure this field has at least {min} elements."),
            );
        }
        if rules.unique_items {
            let mut seen = HashSet::new();
            for item in items {
                if !seen.insert(canonical(item)) {
                    return self.fail("unique", "Ensure the items of this field are unique.");
                }
            }
        }
        for (index, item) in items.iter().enumerate() {
            self.at(&index.to_string(), rules.items, item)?;
        }
        Ok(())
    }

    fn object(&mut self, rules: &ObjectRules, map: &Map<String, Value>) -> Result<(), Violation> {
        for property in rules.properties {
            if property.required && !property.read_only && !map.contains_key(property.name) {
                return self.fail_at(property.name, "required", "This field is required.".into());
            }
        }
        for (key, item) in map {
            match rules
                .properties
                .iter()
                .find(|property| property.name == key)
            {
                Some(property) if property.read_only => {
                    return self.fail_at(key, "read_only", "This field is read-only.".into());
                }
                Some(property) => self.at(key, property.shape, item)?,
                None => match rules.additional {
                    Additional::Any => {}
                    Additional::Shape(shape) => self.at(key, shape, item)?,
                    Additional::Refused => {
                        let detail = format!("Unknown field \"{key}\".");
                        return self.fail_at(key, "additional_property", detail);
                    }
                },
            }
        }
        Ok(())
    }

    /// A violation of the member `key` of the current object.
    fn fail_at(&mut self, key: &str, code: &'static str, detail: String) -> Result<(), Violation> {
        let length = self.push(key);
        let violation = self.fail(code, detail);
        self.pointer.truncate(length);
        violation
    }

    /// Appends `token` (escaped) to the pointer; the length to truncate back to.
    fn push(&mut self, token: &str) -> usize {
        let length = self.pointer.len();
        self.pointer.push('/');
        self.pointer
            .push_str(&token.replace('~', "~0").replace('/', "~1"));
        length
    }
}

/// True for a closed set of values (a union of them reads as one, as DRF's choice fields do).
fn is_choice(shape: &Shape) -> bool {
    match shape {
        Shape::StringEnum(_) | Shape::IntegerEnum(_) => true,
        Shape::Nullable(inner) => is_choice(inner),
        Shape::Union(alternatives) => alternatives
            .iter()
            .all(|alternative| is_choice(alternative)),
        _ => false,
    }
}

/// What a shape expects, in words.
fn expected(shape: &Shape) -> &'static str {
    match shape {
        Shape::Boolean => "a boolean",
        Shape::String(_) | Shape::StringEnum(_) => "a string",
        Shape::Int32(_) | Shape::Int64(_) | Shape::IntegerEnum(_) => "an integer",
        Shape::Number(_) => "a number",
        Shape::Array(_) => "an array",
        Shape::Map(_) | Shape::Object(_) => "an object",
        Shape::Nullable(inner) => expected(inner),
        Shape::Any | Shape::Union(_) => "a value",
    }
}

/// True when `value / divisor` is (within rounding) a whole number.
pub(crate) fn is_multiple(value: f64, divisor: f64) -> bool {
    if divisor <= 0.0 || !divisor.is_finite() {
        return true;
    }
    let quotient = value / divisor;
    if !quotient.is_finite() {
        return false;
    }
    (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
}

/// A text form of `value` equal for equal JSON values (object keys sorted).
fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, String)> = map
                .iter()
                .map(|(key, item)| (key, canonical(item)))
                .collect();
            entries.sort();
            let inner: Vec<String> = entries
                .into_iter()
                .map(|(key, item)| format!("{}:{item}", Value::from(key.as_str())))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", inner.join(","))
        }
        Value::Number(number) => match number.as_f64() {
            Some(float) if float.fract() == 0.0 && float.abs() < 9e15 => {
                format!("{}", float as i64)
            }
            _ => number.to_string(),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::server::shape::{Property, StringRules};

    static NAME: Shape = Shape::String(StringRules {
        max_length: Some(3),
        ..StringRules::NONE
    });
    static TREE: Shape = Shape::Object(ObjectRules {
        properties: &[
            Property {
                name: "a/b~c",
                shape: &NAME,
                required: false,
                read_only: false,
            },
            Property {
                name: "next",
                shape: &Shape::Nullable(&TREE),
                required: false,
                read_only: false,
            },
        ],
        additional: Additional::Refused,
    });

    #[test]
    fn pointers_escape_keys_and_follow_recursion() {
        let value = json!({"next": {"next": {"a/b~c": "long"}}});
        let violation = check_value(&TREE, &value).expect_err("too long");
        assert_eq!(violation.pointer, "/next/next/a~1b~0c");
        assert_eq!(violation.code, "max_length");
        let error = violation.into_error();
        assert_eq!(error.body.attr.as_deref(), Some("next__next__a/b~c"));
        assert_eq!(error.pointer(), Some("/next/next/a~1b~0c"));
        assert!(check_value(&TREE, &json!({"next": null})).is_ok());
    }

    #[test]
    fn unions_of_unions_stop_at_the_step_budget() {
        static EITHER: Shape = Shape::Union(&[&DEEP, &DEEP]);
        static DEEP: Shape = Shape::Array(ArrayRules {
            items: &EITHER,
            min_items: None,
            max_items: None,
            unique_items: false,
        });
        let mut value = json!(1);
        for _ in 0..100 {
            value = json!([value]);
        }
        let violation = check_value(&DEEP, &value).expect_err("bounded");
        assert_eq!(violation.code, "too_complex");
    }

    #[test]
    fn unique_items_compare_json_values() {
        static UNIQUE: Shape = Shape::Array(ArrayRules {
            items: &Shape::Any,
            min_items: None,
            max_items: None,
            unique_items: true,
        });
        assert!(check_value(&UNIQUE, &json!([{"a": 1, "b": 2}, {"b": 2, "a": 1}])).is_err());
        assert!(check_value(&UNIQUE, &json!([1, 1.0])).is_err());
        assert!(check_value(&UNIQUE, &json!([1, "1", [1]])).is_ok());
    }
}
