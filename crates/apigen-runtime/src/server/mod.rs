//! Server-side support for the generated axum router: authentication and
//! authorization, request parsing, validation of constraints serde does not
//! check, and JSON error and success responses.

mod auth;
mod challenge;
mod credentials;
mod cross_site;
mod error;
mod parse;
mod response;
mod validate;

pub use http::StatusCode;

pub use auth::{
    Access, Authenticator, Caller, Credential, KeyLocation, Requirement, SchemeKind, SchemeSpec,
    Security, authorize,
};
pub use credentials::decode_basic;
pub use cross_site::CrossSiteGuard;
pub use error::{ApiError, fields_error_bodies, method_not_allowed_fallback, not_found_fallback};
pub use parse::{
    parse_cookie, parse_form_body, parse_header, parse_json_body, parse_optional_json_body,
    parse_path, parse_query, path_values,
};
pub use response::{bytes_response, empty_response, json_response, text_response};
pub use validate::{check_items, check_length, check_pattern, check_range};
