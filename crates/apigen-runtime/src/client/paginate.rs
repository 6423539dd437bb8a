//! Streaming the items of a paginated list, page after page.

use futures_util::Stream;
use futures_util::stream;
use reqwest::{Method, RequestBuilder};
use serde::de::DeserializeOwned;

use super::{Error, Transport};
use crate::Page;

/// Where the paginator stands.
struct State<I> {
    transport: Transport,
    /// Items of the current page not yet yielded.
    pending: std::vec::IntoIter<I>,
    /// The request for the next page, if there is one.
    next: Option<RequestBuilder>,
    /// An error to yield once the current page's items are out (a `next` link not followed).
    failed: Option<Error>,
}

/// Sends one page request and splits the page into items and next URL.
async fn fetch<P: Page + DeserializeOwned>(
    transport: &Transport,
    request: RequestBuilder,
) -> Result<(Vec<P::Item>, Option<String>), Error> {
    let raw = transport.execute(Ok(request)).await?;
    if !raw.is_success() {
        return Err(raw.into_error());
    }
    Ok(raw.json::<P, super::Undocumented>()?.into_items())
}

/// Streams the items of a paginated list.
///
/// Sends `first` through [`Transport::execute`] (so with the client's hooks, headers and
/// retries, like every page), yields the page's items, then follows `next` (requested
/// with GET through [`Transport::request_url`]) until a page has none. A
/// `next` link is followed only on the base URL's origin
/// ([`Transport::next_page_url`]): one to another origin is an
/// [`Error::ForeignLink`], so credentials never leave for another host. An
/// error (including a non-2xx page) is yielded once and ends the stream.
pub fn paginate<P>(
    transport: Transport,
    first: RequestBuilder,
) -> impl Stream<Item = Result<P::Item, Error>> + Send
where
    P: Page + DeserializeOwned + Send + 'static,
    P::Item: Send + 'static,
{
    let state = State {
        transport,
        pending: Vec::new().into_iter(),
        next: Some(first),
        failed: None,
    };
    stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.pending.next() {
                return Some((Ok(item), state));
            }
            if let Some(error) = state.failed.take() {
                return Some((Err(error), state));
            }
            let request = state.next.take()?;
            match fetch::<P>(&state.transport, request).await {
                Ok((items, next)) => {
                    state.pending = items.into_iter();
                    match next.map(|link| state.transport.next_page_url(&link)) {
                        None => {}
                        Some(Ok(url)) => {
                            state.next = Some(state.transport.request_url(Method::GET, &url));
                        }
                        Some(Err(error)) => state.failed = Some(error),
                    }
                }
                Err(error) => return Some((Err(error), state)),
            }
        }
    })
}
