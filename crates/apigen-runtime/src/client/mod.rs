//! Client-side support for the generated reqwest client: the transport with its credentials and
//! policy (hooks, headers, timeouts, retries), encoding of path and query values, reading
//! responses into values or typed errors, and following paginated lists.

mod encode;
mod error;
mod execute;
mod hook;
mod multipart;
mod paginate;
mod policy;
mod response;
mod streaming;
mod transport;
mod value;

pub use encode::{header_value, path_value, query_string};
pub use error::{Error, ErrorResponse, Undocumented};
pub use hook::{AfterResponse, BeforeRequest, Exchange, Hook, after_response, before_request};
pub use multipart::{MultipartForm, stream_body};
pub use paginate::paginate;
pub use policy::{RequestOptions, RetryPolicy};
pub use response::{RawResponse, send};
pub use streaming::{StreamingResponse, form_string};
pub use transport::{Auth, Transport};
pub use value::ResponseValue;
