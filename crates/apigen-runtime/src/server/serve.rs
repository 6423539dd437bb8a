//! Serving a router over TCP with read timeouts: a client that does not finish its request
//! headers in time is disconnected, one that does not finish its body gets 408.

use std::future::Future;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use super::RequestLimits;

/// How long a connection may take to send a request's headers unless configured otherwise.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// How [`serve`] reads requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeOptions {
    /// How long a connection may take to send a request's headers (it is closed past it).
    pub header_timeout: Duration,
    /// The body size and read time limits applied to every request.
    pub limits: RequestLimits,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            limits: RequestLimits::default(),
        }
    }
}

/// Serves `router` on `listener` (HTTP/1.1) until `shutdown` completes, then waits for the
/// connections in flight to finish their requests.
///
/// Unlike `axum::serve`, reads are bounded in time: headers by `options.header_timeout`, bodies
/// by `options.limits` (see [`RequestLimits`]).
pub async fn serve(
    listener: TcpListener,
    router: axum::Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let router = options.limits.apply(router);
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(options.header_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    pause_after(&error).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A connection's error (a reset, a timeout) concerns that connection only.
            let _ = connection.await;
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// After a failed `accept`: nothing when the error concerned one connection, else (out of file
/// descriptors, say) a pause before trying again, as `axum::serve` does.
async fn pause_after(error: &std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionReset, Interrupted};
    if !matches!(
        error.kind(),
        ConnectionAborted | ConnectionReset | Interrupted
    ) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
