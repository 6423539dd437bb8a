//! Reading form bodies and query strings with the spec's `style` and `explode`, nested
//! objects and arrays included (see [`crate::form`]).

use http::HeaderMap;
use http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use super::ApiError;
use crate::form::{FieldStyle, Node, decode};

/// A form-urlencoded body read as `table` says; errors are 400 `validation_error` naming
/// the field (`invalid`, or `required` for a missing one).
pub fn parse_form<T: DeserializeOwned>(body: &[u8], table: &[FieldStyle]) -> Result<T, ApiError> {
    let node = decode(body, table)
        .map_err(|error| ApiError::invalid_request("parse_error", error.to_string()))?;
    read_node(node)
}

/// A query string read as `table` says, with the errors of [`parse_form`].
pub fn parse_styled_query<T: DeserializeOwned>(
    query: Option<&str>,
    table: &[FieldStyle],
) -> Result<T, ApiError> {
    parse_form(query.unwrap_or_default().as_bytes(), table)
}

/// A form tree read as `T`, errors naming the failing field.
pub(super) fn read_node<T: DeserializeOwned>(node: Node) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(node)
        .map_err(|error| super::parse::data_error(error.path(), &error.inner().to_string()))
}

/// The position in `declared` of the request's media type (its essence, compared without
/// case), if the request names one of them.
pub fn media_type_index(headers: &HeaderMap, declared: &[&str]) -> Option<usize> {
    let sent = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    let essence = sent.split(';').next()?.trim();
    declared.iter().position(|media_type| {
        media_type
            .split(';')
            .next()
            .is_some_and(|declared| declared.trim().eq_ignore_ascii_case(essence))
    })
}
