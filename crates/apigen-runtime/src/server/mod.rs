//! Server-side support for the generated axum router: authentication and
//! authorization, request parsing, validation of constraints serde does not
//! check, content negotiation, JSON error and success responses, the route table the router is
//! built from, and a server with read timeouts.

mod auth;
mod body;
mod challenge;
mod check;
mod credentials;
mod cross_site;
mod deny_all;
mod error;
mod form;
mod format;
mod limits;
mod multipart;
mod negotiate;
mod parse;
mod path_text;
mod response;
mod route_table;
mod serve;
mod shape;
mod streaming;
mod validate;

pub use http::StatusCode;

pub use auth::{
    Access, Authenticator, Caller, Credential, KeyLocation, Requirement, SchemeKind, SchemeSpec,
    Security, authorize,
};
pub use body::read_body;
pub use check::{
    Violation, check_value, parse_checked_json_body, parse_optional_checked_json_body,
};
pub use credentials::decode_basic;
pub use cross_site::CrossSiteGuard;
pub use deny_all::DenyAll;
pub use error::{ApiError, fields_error_bodies, method_not_allowed_fallback, not_found_fallback};
pub use form::{media_type_index, parse_form, parse_styled_query};
pub use limits::{DEFAULT_BODY_TIMEOUT, RequestLimits, read_limited_body};
pub use multipart::{MultipartParts, read_multipart};
pub use negotiate::{check_accept, check_content_type};
pub use parse::{
    parse_cookie, parse_form_body, parse_header, parse_json_body, parse_optional_json_body,
    parse_path, parse_query,
};
pub use response::{bytes_response, empty_response, json_response, text_response};
pub use route_table::{PathParams, RoutePattern, RouteTable, path_params, path_values};
pub use serve::{DEFAULT_HEADER_TIMEOUT, ServeOptions, serve};
pub use shape::{Additional, ArrayRules, NumberRules, ObjectRules, Property, Shape, StringRules};
pub use streaming::{event_stream_response, stream_response};
pub use validate::{
    check_format, check_items, check_length, check_multiple_of, check_pattern, check_range,
};
