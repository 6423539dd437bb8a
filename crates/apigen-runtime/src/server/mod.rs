//! Server-side support for the generated axum router: authentication and
//! authorization, request parsing, validation of constraints serde does not
//! check, JSON error and success responses, and the route table the router is built from.

mod auth;
mod body;
mod challenge;
mod credentials;
mod cross_site;
mod deny_all;
mod error;
mod parse;
mod path_text;
mod response;
mod route_table;
mod validate;

pub use http::StatusCode;

pub use auth::{
    Access, Authenticator, Caller, Credential, KeyLocation, Requirement, SchemeKind, SchemeSpec,
    Security, authorize,
};
pub use body::read_body;
pub use credentials::decode_basic;
pub use cross_site::CrossSiteGuard;
pub use deny_all::DenyAll;
pub use error::{ApiError, fields_error_bodies, method_not_allowed_fallback, not_found_fallback};
pub use parse::{
    parse_cookie, parse_form_body, parse_header, parse_json_body, parse_optional_json_body,
    parse_path, parse_query,
};
pub use response::{bytes_response, empty_response, json_response, text_response};
pub use route_table::{PathParams, RoutePattern, RouteTable, path_params, path_values};
pub use validate::{check_items, check_length, check_pattern, check_range};
