//! Client-side support for the generated reqwest client: the transport with
//! its credentials, encoding of path and query values, reading responses,
//! errors, and following paginated lists.

mod encode;
mod error;
mod paginate;
mod response;
mod transport;

pub use encode::{header_value, path_value, query_string};
pub use error::Error;
pub use paginate::paginate;
pub use response::{RawResponse, send};
pub use transport::{Auth, Transport};
