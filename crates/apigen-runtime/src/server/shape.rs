//! A compact, static description of a request body's schema: what the generated server checks
//! a JSON body against before it becomes a typed value (see [`check_value`](super::check_value)).
//!
//! Generated crates emit one `static` per named type reachable from a request body; statics may
//! point at each other, so recursive schemas need no special case.

/// What a JSON value must be.
#[derive(Debug)]
pub enum Shape {
    /// Any value (a schema without constraints).
    Any,
    /// `true` or `false`.
    Boolean,
    /// A string, with its limits and `format`.
    String(StringRules),
    /// An integer that fits 32 bits (`format: int32`).
    Int32(NumberRules),
    /// An integer that fits 64 bits.
    Int64(NumberRules),
    /// Any number.
    Number(NumberRules),
    /// An array.
    Array(ArrayRules),
    /// An object of free keys whose values all have one shape.
    Map(&'static Shape),
    /// An object with declared properties.
    Object(ObjectRules),
    /// One of these strings.
    StringEnum(&'static [&'static str]),
    /// One of these integers.
    IntegerEnum(&'static [i64]),
    /// A value of at least one of these shapes (`oneOf` and `anyOf`: the typed value picks the
    /// first alternative that reads it, so overlapping alternatives are not refused).
    Union(&'static [&'static Shape]),
    /// `null`, or a value of the inner shape.
    Nullable(&'static Shape),
}

/// The limits of a string.
#[derive(Debug, Default)]
pub struct StringRules {
    /// `minLength`, in characters.
    pub min_length: Option<usize>,
    /// `maxLength`, in characters.
    pub max_length: Option<usize>,
    /// `pattern`, searched (not anchored) as JSON Schema does.
    pub pattern: Option<&'static str>,
    /// `format`; the known ones (`date-time`, `date`, `time`, `email`, `uuid`, `uri`,
    /// `hostname`, `ipv4`, `ipv6`, `byte`) are checked, others are annotations.
    pub format: Option<&'static str>,
}

impl StringRules {
    /// No limit and no format.
    pub const NONE: StringRules = StringRules {
        min_length: None,
        max_length: None,
        pattern: None,
        format: None,
    };
}

/// The limits of a number.
#[derive(Debug, Default)]
pub struct NumberRules {
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum: true`.
    pub exclusive_minimum: bool,
    /// `exclusiveMaximum: true`.
    pub exclusive_maximum: bool,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
}

impl NumberRules {
    /// No limit.
    pub const NONE: NumberRules = NumberRules {
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
        multiple_of: None,
    };
}

/// The items and limits of an array.
#[derive(Debug)]
pub struct ArrayRules {
    /// The shape of every item.
    pub items: &'static Shape,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
}

/// The properties of an object.
#[derive(Debug)]
pub struct ObjectRules {
    /// The declared properties, in spec order.
    pub properties: &'static [Property],
    /// What keys besides the declared ones may hold.
    pub additional: Additional,
}

/// One declared property of an object.
#[derive(Debug)]
pub struct Property {
    /// The key.
    pub name: &'static str,
    /// What its value must be.
    pub shape: &'static Shape,
    /// Listed in `required` (and not `readOnly`): a request must send it.
    pub required: bool,
    /// `readOnly: true`: a request must not send it.
    pub read_only: bool,
}

/// What an object's undeclared keys may hold (`additionalProperties`).
#[derive(Debug)]
pub enum Additional {
    /// Anything (absent or `true`).
    Any,
    /// Nothing: `additionalProperties: false`.
    Refused,
    /// Values of this shape.
    Shape(&'static Shape),
}
