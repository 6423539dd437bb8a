//! How a client sends: hooks, default headers and timeout, retries (per client), and the
//! headers and timeout of one request.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};
use reqwest::{Method, RequestBuilder};

use super::execute::Answer;
use super::{Error, Hook};

/// The per-client settings of a [`Transport`](super::Transport).
#[derive(Clone, Default)]
pub(crate) struct Policy {
    /// Run around every attempt, in the order added.
    pub(crate) hooks: Vec<Arc<dyn Hook>>,
    /// Sent with every request unless the request sets the same header.
    pub(crate) headers: HeaderMap,
    /// The timeout of a request that sets none.
    pub(crate) timeout: Option<Duration>,
    /// Retries of idempotent requests, when enabled.
    pub(crate) retry: Option<RetryPolicy>,
}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("hooks", &self.hooks.len())
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

/// Retries for idempotent requests (`GET`, `HEAD`, `OPTIONS`, `TRACE`, `PUT`, `DELETE`; never
/// `POST` or `PATCH`), after a connection failure, a timeout, or a `429`, `502`, `503` or `504`
/// answer. The wait doubles from `initial_backoff` up to `max_backoff`, with random jitter (half
/// to all of it); a `Retry-After` header on `429` or `503` sets the wait instead, and a
/// `Retry-After` longer than `max_retry_after` is not waited for (the answer is returned).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The wait before the first retry.
    pub initial_backoff: Duration,
    /// The longest computed wait.
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured.
    pub max_retry_after: Duration,
}

impl RetryPolicy {
    /// Up to `max_retries` retries, waiting 100 ms, 200 ms, 400 ms… (at most 10 s), and
    /// honouring a `Retry-After` of up to 60 s.
    pub fn new(max_retries: u32) -> Self {
        Self {
            max_retries,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
        }
    }

    /// The same policy waiting `initial` before the first retry, doubling up to `max`.
    pub fn with_backoff(self, initial: Duration, max: Duration) -> Self {
        Self {
            initial_backoff: initial,
            max_backoff: max,
            ..self
        }
    }

    /// The same policy honouring a `Retry-After` of up to `max`.
    pub fn with_max_retry_after(self, max: Duration) -> Self {
        Self {
            max_retry_after: max,
            ..self
        }
    }

    /// Whether requests with `method` may be retried.
    pub fn retries(method: &Method) -> bool {
        matches!(
            *method,
            Method::GET
                | Method::HEAD
                | Method::OPTIONS
                | Method::TRACE
                | Method::PUT
                | Method::DELETE
        )
    }

    /// The wait before retry number `attempt + 1` after `outcome`, or `None` to stop.
    pub(crate) fn delay(
        &self,
        attempt: u32,
        outcome: &Result<impl Answer, Error>,
    ) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        let backoff = || {
            let doubled = self
                .initial_backoff
                .saturating_mul(2u32.saturating_pow(attempt.min(31)));
            let capped = doubled.min(self.max_backoff);
            capped.mul_f64(0.5 + 0.5 * random_fraction())
        };
        match outcome {
            Ok(raw) if matches!(raw.status(), 429 | 503) => match retry_after(raw.headers()) {
                Some(wait) if wait > self.max_retry_after => None,
                Some(wait) => Some(wait),
                None => Some(backoff()),
            },
            Ok(raw) if matches!(raw.status(), 502 | 504) => Some(backoff()),
            Ok(_) => None,
            Err(Error::Transport(error)) if error.is_connect() || error.is_timeout() => {
                Some(backoff())
            }
            Err(_) => None,
        }
    }
}

/// A `Retry-After` value: delay seconds or an HTTP date (a date in the past is no wait).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A number in `[0, 1)`, different on each call (for jitter; not for secrets).
fn random_fraction() -> f64 {
    use std::hash::BuildHasher;
    let bits = std::collections::hash_map::RandomState::new().hash_one(std::time::Instant::now());
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// The headers and timeout of one request, set on its builder.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    headers: HeaderMap,
    timeout: Option<Duration>,
    invalid: Option<String>,
}

impl RequestOptions {
    /// Adds `name: value`; an invalid name or value fails the request with [`Error::Encode`].
    pub fn header(&mut self, name: &str, value: &str) {
        match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            (Ok(name), Ok(value)) => {
                self.headers.append(name, value);
            }
            _ => {
                self.invalid.get_or_insert_with(|| {
                    format!("`{name}` is not a valid header name and value")
                });
            }
        }
    }

    /// Gives the request `timeout` instead of the client's.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// `request` with these headers and timeout.
    pub fn apply(self, request: RequestBuilder) -> Result<RequestBuilder, Error> {
        if let Some(invalid) = self.invalid {
            return Err(Error::Encode(invalid));
        }
        let request = request.headers(self.headers);
        Ok(match self.timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::RawResponse;
    use bytes::Bytes;

    fn answer(status: u16, retry_after: Option<&str>) -> Result<RawResponse, Error> {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert(RETRY_AFTER, value.parse().unwrap());
        }
        Ok(RawResponse {
            status,
            headers,
            body: Bytes::new(),
            method: "GET".into(),
            path: "/".into(),
        })
    }

    #[test]
    fn delays() {
        let policy = RetryPolicy::new(2)
            .with_backoff(Duration::from_millis(100), Duration::from_millis(150));
        assert_eq!(
            policy.delay(0, &answer(503, Some("2"))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.delay(0, &answer(429, Some("120"))),
            None,
            "longer than allowed"
        );
        let past = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(
            policy.delay(0, &answer(503, Some(past))),
            Some(Duration::ZERO)
        );
        let first = policy.delay(0, &answer(502, None)).unwrap();
        assert!(
            (Duration::from_millis(50)..=Duration::from_millis(100)).contains(&first),
            "{first:?}"
        );
        let second = policy.delay(1, &answer(504, None)).unwrap();
        assert!(
            (Duration::from_millis(75)..=Duration::from_millis(150)).contains(&second),
            "capped: {second:?}"
        );
        assert_eq!(policy.delay(2, &answer(503, None)), None, "out of retries");
        assert_eq!(policy.delay(0, &answer(500, None)), None);
        assert_eq!(policy.delay(0, &answer(200, None)), None);
        assert_eq!(
            policy.delay(0, &Err::<RawResponse, _>(Error::Encode("x".into()))),
            None
        );
    }

    #[test]
    fn idempotent_methods_only() {
        assert!(RetryPolicy::retries(&Method::GET));
        assert!(RetryPolicy::retries(&Method::DELETE));
        assert!(!RetryPolicy::retries(&Method::POST));
        assert!(!RetryPolicy::retries(&Method::PATCH));
    }

    #[test]
    fn request_options() {
        let http = reqwest::Client::new();
        let mut options = RequestOptions::default();
        options.header("x-trace", "t1");
        options.timeout(Duration::from_secs(3));
        let request = options
            .apply(http.get("http://h/"))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(request.headers()["x-trace"], "t1");
        assert_eq!(request.timeout(), Some(&Duration::from_secs(3)));
        let mut options = RequestOptions::default();
        options.header("bad name", "v");
        assert!(matches!(
            options.apply(http.get("http://h/")),
            Err(Error::Encode(_))
        ));
    }
}
