//! Starting the mock in-process on a free loopback port, and clients for it.

use std::collections::BTreeSet;
use std::future::Future;

use apigen_runtime::ErrorBody;
use posthog_users::client::{Auth, Client, Error, ResponseValue};
use posthog_users_mock::{Store, demo, serve};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running mock; dropping it stops the server (graceful shutdown).
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The server's state.
    pub store: Store,
    /// Stops the server when sent to (or dropped).
    pub shutdown: Shutdown,
}

/// Stops the server when dropped, or with [`Shutdown::stop`].
pub struct Shutdown {
    sender: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Shutdown {
    /// Asks the server to stop and waits until it has (requests in flight finish first).
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(sender) = self.sender.take() {
            let _ = sender.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for Shutdown {
    fn drop(&mut self) {
        if let Some(sender) = self.sender.take() {
            let _ = sender.send(());
        }
    }
}

/// The mock with the demo data, listening on `127.0.0.1:0`. The listener is bound before
/// this returns, so requests can be sent at once (no waiting).
pub async fn spawn_demo() -> Server {
    spawn(demo::store()).await
}

/// The mock over `store`, listening on `127.0.0.1:0`.
pub async fn spawn(store: Store) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let address = listener.local_addr().expect("the bound address");
    let base_url = format!("http://{address}");
    store.set_base_url(&base_url);
    let (sender, receiver) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, store.clone(), async move {
        let _ = receiver.await;
    }));
    Server {
        base_url,
        store,
        shutdown: Shutdown {
            sender: Some(sender),
            task: Some(task),
        },
    }
}

impl Server {
    /// A generated client with these credentials.
    pub fn client(&self, auth: Auth) -> Client {
        Client::new(&self.base_url, auth)
    }

    /// A generated client with a personal API key.
    pub fn key(&self, key: &str) -> Client {
        self.client(Auth::Bearer(key.to_owned()))
    }

    /// A generated client with the demo browser session.
    pub fn session(&self) -> Client {
        self.client(Auth::Cookie {
            name: "sessionid".to_owned(),
            value: demo::SESSION.to_owned(),
        })
    }

    /// The regular demo user's id.
    pub fn user_id(&self) -> i64 {
        self.store.read(|state| {
            state
                .user_by_uuid(demo::USER_UUID)
                .map(|user| user.id)
                .expect("the demo user")
        })
    }
}

/// The status and error body of a call that must fail.
pub async fn fails<T: std::fmt::Debug, E: std::fmt::Debug>(
    call: impl Future<Output = Result<T, Error<E>>>,
) -> (u16, ErrorBody) {
    match call.await {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(error) => (
            error.status().unwrap_or_default(),
            error
                .error_body()
                .cloned()
                .unwrap_or_else(|| panic!("an error body: {error}")),
        ),
    }
}

/// The operation ids exercised successfully through the generated client.
#[derive(Debug, Default)]
pub struct Coverage(pub BTreeSet<&'static str>);

impl Coverage {
    /// Awaits a call that must succeed, records its operation id, and gives its body.
    pub async fn ok<T, E: std::fmt::Debug>(
        &mut self,
        op: &'static str,
        call: impl Future<Output = Result<ResponseValue<T>, Error<E>>>,
    ) -> T {
        match call.await {
            Ok(value) => {
                self.0.insert(op);
                value.into_inner()
            }
            Err(error) => panic!("{op} failed: {error}"),
        }
    }

    /// Asserts that exactly `expected` were exercised.
    pub fn assert_exactly(&self, expected: &[&'static str]) {
        let expected: BTreeSet<&str> = expected.iter().copied().collect();
        assert_eq!(self.0, expected, "operations exercised by this area");
    }
}
