//! Client-side support for the generated reqwest client: the transport with
//! its credentials, encoding of path and query values, reading responses,
//! errors, and following paginated lists.

mod encode;
mod error;
mod multipart;
mod paginate;
mod response;
mod streaming;
mod transport;

pub use encode::{header_value, path_value, query_string};
pub use error::Error;
pub use multipart::{MultipartForm, stream_body};
pub use paginate::paginate;
pub use response::{RawResponse, send};
pub use streaming::{StreamingResponse, form_string, send_streaming};
pub use transport::{Auth, Transport};
