//! `application/x-www-form-urlencoded` bodies and query strings with OpenAPI's `style` and
//! `explode`: nested objects and arrays in brackets as Stripe writes them
//! (`metadata[key]=v`, `items[0][price]=x`, `expand[]=a`), delimited arrays, and fields sent
//! as JSON text. The client encodes with [`encode`]; the server reads with [`decode`] and
//! [`from_node`], driven by the same [`FieldStyle`] table the generator writes for both.

mod de;
mod decode;
mod encode;

pub use de::{FormError, from_node};
pub use decode::{Node, decode};
pub use encode::encode;

/// How one field is written, as the spec's encoding object (or parameter) states it. Fields
/// not listed in a table use `form` with `explode: true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldStyle {
    /// The field's name on the wire.
    pub name: &'static str,
    /// `style`.
    pub style: Style,
    /// `explode`.
    pub explode: bool,
    /// The field is sent as JSON text (its `contentType` is JSON).
    pub json: bool,
}

/// OpenAPI's `style` values that apply to form fields and query parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form`: repeated keys when exploded, else comma-separated.
    Form,
    /// `spaceDelimited`: array items separated by spaces.
    SpaceDelimited,
    /// `pipeDelimited`: array items separated by `|`.
    PipeDelimited,
    /// `deepObject`: nested keys in brackets.
    DeepObject,
}

const DEFAULT: FieldStyle = FieldStyle {
    name: "",
    style: Style::Form,
    explode: true,
    json: false,
};

/// The style of `name` in `table`, or the default one.
fn style_of<'t>(table: &'t [FieldStyle], name: &str) -> &'t FieldStyle {
    table
        .iter()
        .find(|field| field.name == name)
        .unwrap_or(&DEFAULT)
}

impl Style {
    /// The character between array items when the array is written as one value.
    fn delimiter(self, explode: bool) -> Option<char> {
        match (self, explode) {
            (Style::Form, false) => Some(','),
            (Style::SpaceDelimited, _) => Some(' '),
            (Style::PipeDelimited, _) => Some('|'),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
