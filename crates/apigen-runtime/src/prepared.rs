//! [`Prepared`]: a typed response serialised once and answered many times, so that a server
//! can hand out stored or shared data without building, copying and serialising it on every
//! request, while the response stays typed and its status the one the spec declares.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::Serialize;

/// A response of the typed response enum `R`, already serialised.
///
/// Made by `R::prepare(&response)` (generated for every operation's response enum), which
/// serialises the body once and takes the status from the variant, so only statuses the spec
/// declares for the operation can be prepared. Cloning is cheap (the bytes are shared), so a
/// server can keep one per stored object, prepare it again only when the object changes, and
/// answer with `R::Prepared(prepared.clone())`. Clients never receive this variant.
///
/// ```ignore
/// let prepared = types::GetPetResponse::Ok(pet).prepare();   // once
/// Ok(types::GetPetResponse::Prepared(prepared.clone()))      // per request
/// ```
pub struct Prepared<R> {
    written: Result<Written, String>,
    response: PhantomData<fn() -> R>,
}

/// A serialised response: status, content type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Written {
    status: u16,
    content_type: Option<Cow<'static, str>>,
    body: Arc<[u8]>,
}

impl<R> Prepared<R> {
    fn written(status: u16, content_type: Option<Cow<'static, str>>, body: Arc<[u8]>) -> Self {
        Prepared {
            written: Ok(Written {
                status,
                content_type,
                body,
            }),
            response: PhantomData,
        }
    }

    /// A JSON body (used by generated `prepare` methods); one that cannot be serialised is
    /// answered 500, as the server's JSON responses are.
    #[doc(hidden)]
    pub fn json<T: Serialize + ?Sized>(status: u16, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => Self::written(
                status,
                Some(Cow::Borrowed("application/json")),
                bytes.into(),
            ),
            Err(error) => Prepared {
                written: Err(format!("Could not serialize the response: {error}")),
                response: PhantomData,
            },
        }
    }

    /// A body of this content type, as given (used by generated `prepare` methods).
    #[doc(hidden)]
    pub fn bytes(status: u16, content_type: &str, body: &[u8]) -> Self {
        Self::written(
            status,
            Some(Cow::Owned(content_type.to_owned())),
            body.into(),
        )
    }

    /// No body (used by generated `prepare` methods).
    #[doc(hidden)]
    pub fn empty(status: u16) -> Self {
        Self::written(status, None, Arc::from(&[][..]))
    }

    /// The HTTP status it answers with (500 if it could not be serialised).
    pub fn status(&self) -> u16 {
        self.written.as_ref().map_or(500, |written| written.status)
    }

    /// The serialised body (empty if it could not be serialised).
    pub fn body(&self) -> &[u8] {
        self.written.as_ref().map_or(&[], |written| &written.body)
    }
}

#[cfg(feature = "server")]
impl<R> axum::response::IntoResponse for Prepared<R> {
    /// The prepared answer; a status or content type that is not valid HTTP, or a body that
    /// could not be serialised, is a 500 error.
    fn into_response(self) -> axum::response::Response {
        use crate::server::ApiError;
        use http::{HeaderValue, StatusCode, header};
        let written = match self.written {
            Ok(written) => written,
            Err(detail) => return ApiError::internal(detail).into_response(),
        };
        let Ok(status) = StatusCode::from_u16(written.status) else {
            let detail = format!("Invalid response status {}.", written.status);
            return ApiError::internal(detail).into_response();
        };
        let content_type = match written.content_type {
            None => None,
            Some(Cow::Borrowed(text)) => Some(HeaderValue::from_static(text)),
            Some(Cow::Owned(text)) => match HeaderValue::try_from(text) {
                Ok(value) => Some(value),
                Err(error) => {
                    let detail = format!("Invalid content type: {error}.");
                    return ApiError::internal(detail).into_response();
                }
            },
        };
        let body = bytes::Bytes::from_owner(written.body);
        let mut response = axum::response::Response::new(axum::body::Body::from(body));
        *response.status_mut() = status;
        if let Some(content_type) = content_type {
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, content_type);
        }
        response
    }
}

impl<R> Clone for Prepared<R> {
    fn clone(&self) -> Self {
        Prepared {
            written: self.written.clone(),
            response: PhantomData,
        }
    }
}

impl<R> PartialEq for Prepared<R> {
    fn eq(&self, other: &Self) -> bool {
        self.written == other.written
    }
}

impl<R> Eq for Prepared<R> {}

impl<R> fmt::Debug for Prepared<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prepared")
            .field("status", &self.status())
            .field("body_len", &self.body().len())
            .finish()
    }
}

#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;
    use axum::response::IntoResponse;
    use http::header;

    /// Stands for a generated response enum.
    struct Reply;

    async fn answer(prepared: Prepared<Reply>) -> (u16, Option<String>, Vec<u8>) {
        let response = prepared.into_response();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|value| value.to_str().unwrap().to_owned());
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, content_type, body.to_vec())
    }

    #[tokio::test]
    async fn answers_what_was_prepared_as_often_as_asked() {
        let prepared = Prepared::<Reply>::json(200, &serde_json::json!({"id": 1}));
        assert_eq!(
            (prepared.status(), prepared.body()),
            (200, &br#"{"id":1}"#[..])
        );
        for _ in 0..2 {
            assert_eq!(
                answer(prepared.clone()).await,
                (
                    200,
                    Some("application/json".into()),
                    br#"{"id":1}"#.to_vec()
                )
            );
        }
        assert_eq!(answer(Prepared::empty(204)).await, (204, None, vec![]));
        assert_eq!(
            answer(Prepared::bytes(200, "text/csv", b"a,b")).await,
            (200, Some("text/csv".into()), b"a,b".to_vec())
        );
    }

    #[tokio::test]
    async fn what_cannot_be_prepared_is_a_500() {
        let mut map = std::collections::BTreeMap::new();
        map.insert((1, 2), "tuple keys cannot be JSON object keys");
        let unserialisable = Prepared::<Reply>::json(200, &map);
        assert_eq!(
            (unserialisable.status(), unserialisable.body()),
            (500, &[][..])
        );
        for prepared in [
            unserialisable,
            Prepared::empty(1000),
            Prepared::bytes(200, "bad\ntype", b""),
        ] {
            let (status, content_type, _) = answer(prepared).await;
            assert_eq!(
                (status, content_type.as_deref()),
                (500, Some("application/problem+json"))
            );
        }
    }
}
