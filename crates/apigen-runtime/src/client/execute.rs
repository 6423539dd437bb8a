//! Sending a request the way the client is configured: default headers and timeout, hooks
//! around each attempt, and retries.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::RequestBuilder;
use reqwest::header::HeaderName;

use super::policy::Policy;
use super::{Error, Exchange, Hook, RawResponse, RetryPolicy, StreamingResponse, Transport};

impl Transport {
    /// The same transport running `hook` around every attempt (after the hooks added before).
    pub fn with_hook(mut self, hook: impl Hook) -> Self {
        self.policy.hooks.push(Arc::new(hook));
        self
    }

    /// The same transport sending `name: value` with every request that does not set `name`
    /// itself; an invalid name or value is [`Error::Encode`].
    pub fn with_header(mut self, name: &str, value: &str) -> Result<Self, Error> {
        let name = HeaderName::try_from(name)
            .map_err(|_| Error::Encode(format!("`{name}` is not a valid header name")))?;
        let value = reqwest::header::HeaderValue::try_from(value).map_err(|_| {
            Error::Encode(format!("the value of `{name}` is not a valid header value"))
        })?;
        self.policy.headers.insert(name, value);
        Ok(self)
    }

    /// The same transport giving up on a request after `timeout` (unless the request sets its
    /// own).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.policy.timeout = Some(timeout);
        self
    }

    /// The same transport retrying idempotent requests as `retry` says.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.policy.retry = Some(retry);
        self
    }

    /// Sends `request` (when it could be built) with the client's headers and timeout, its hooks
    /// around each attempt, and its retries, and reads the whole response.
    pub async fn execute(
        &self,
        request: Result<RequestBuilder, Error>,
    ) -> Result<RawResponse, Error> {
        self.execute_with(request, RawResponse::read).await
    }

    /// [`execute`](Self::execute) for a response whose body is streamed: the status and
    /// headers are read (and hooks and retries decided on them), the body is left to the caller.
    pub async fn execute_streaming(
        &self,
        request: Result<RequestBuilder, Error>,
    ) -> Result<StreamingResponse, Error> {
        self.execute_with(request, |response, method, path| async move {
            Ok(StreamingResponse::new(response, method, path))
        })
        .await
    }

    /// The policy loop shared by both ways of reading an answer.
    async fn execute_with<A, F>(
        &self,
        request: Result<RequestBuilder, Error>,
        read: impl Fn(reqwest::Response, String, String) -> F,
    ) -> Result<A, Error>
    where
        A: Answer,
        F: Future<Output = Result<A, Error>>,
    {
        let (http, request) = request?.build_split();
        let mut request = request?;
        let Policy {
            hooks,
            headers,
            timeout,
            retry,
        } = &self.policy;
        for (name, value) in headers {
            if !request.headers().contains_key(name) {
                request.headers_mut().insert(name, value.clone());
            }
        }
        if request.timeout().is_none() {
            *request.timeout_mut() = *timeout;
        }
        let retry = retry
            .as_ref()
            .filter(|_| RetryPolicy::retries(request.method()));
        let mut attempt = 0;
        loop {
            let spare = retry.and_then(|_| request.try_clone());
            for hook in hooks {
                hook.before_request(&mut request);
            }
            let method = request.method().to_string();
            let path = request.url().path().to_owned();
            let started = Instant::now();
            let outcome = match http.execute(request).await {
                Ok(response) => read(response, method.clone(), path.clone()).await,
                Err(error) => Err(Error::Transport(without_query(error))),
            };
            notify(hooks, &method, &path, attempt, started.elapsed(), &outcome);
            let next = retry.zip(spare).and_then(|(policy, spare)| {
                policy.delay(attempt, &outcome).map(|delay| (delay, spare))
            });
            match next {
                Some((delay, spare)) => {
                    tokio::time::sleep(delay).await;
                    request = spare;
                    attempt += 1;
                }
                None => return outcome,
            }
        }
    }
}

/// What the policy loop looks at in an answer: its status and headers.
pub(crate) trait Answer {
    /// The HTTP status.
    fn status(&self) -> u16;
    /// The response headers.
    fn headers(&self) -> &reqwest::header::HeaderMap;
}

impl Answer for RawResponse {
    fn status(&self) -> u16 {
        self.status
    }
    fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }
}

impl Answer for StreamingResponse {
    fn status(&self) -> u16 {
        self.status
    }
    fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }
}

/// `error` without the query string of its URL, which may hold a credential
/// ([`Auth::Query`](super::Auth::Query)) and would otherwise be printed with the error.
fn without_query(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
    }
    error
}

/// Runs every hook's [`Hook::after_response`] on one attempt.
fn notify(
    hooks: &[Arc<dyn Hook>],
    method: &str,
    path: &str,
    attempt: u32,
    elapsed: Duration,
    outcome: &Result<impl Answer, Error>,
) {
    if hooks.is_empty() {
        return;
    }
    let exchange = Exchange {
        method,
        path,
        attempt,
        elapsed,
        outcome: match outcome {
            Ok(answer) => Ok((answer.status(), answer.headers())),
            Err(error) => Err(error),
        },
    };
    for hook in hooks {
        hook.after_response(&exchange);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Auth;

    #[tokio::test]
    async fn transport_errors_do_not_print_query_credentials() {
        let transport = Transport::new(
            "http://127.0.0.1:9",
            Auth::Query {
                name: "api_key".into(),
                value: "secret".into(),
            },
        );
        let request = transport.request(reqwest::Method::GET, "/x");
        let error = transport
            .execute(Ok(request))
            .await
            .expect_err("nothing listens");
        let text = format!("{error} {error:?}");
        assert!(!text.contains("secret"), "{text}");
        assert!(matches!(error, Error::Transport(_)));
    }
}
