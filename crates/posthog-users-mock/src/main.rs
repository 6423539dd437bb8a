//! `posthog-users-mock`: serves the in-memory PostHog Users API mock.
//!
//! ```text
//! cargo run -p posthog-users-mock -- --listen 127.0.0.1:8010 --demo
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use posthog_users_mock::{Store, demo, serve};
use tracing::Level;

/// Command line of the mock server.
#[derive(Debug, Parser)]
#[command(version, about = "An in-memory mock of the PostHog Users API")]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8010")]
    listen: SocketAddr,
    /// Load the demo users, organization, GitHub fixtures and credentials.
    #[arg(long)]
    demo: bool,
    /// The URL clients reach the server at, for pagination links (default: http://<listen>).
    #[arg(long)]
    public_url: Option<String>,
    /// Log only warnings and errors (no line per request).
    #[arg(long)]
    quiet: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_max_level(if args.quiet { Level::WARN } else { Level::INFO })
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("posthog-users-mock: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Binds, seeds, prints where to connect and serves until Ctrl-C / SIGTERM.
async fn run(args: Args) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let address = listener.local_addr()?;
    let base_url = args
        .public_url
        .unwrap_or_else(|| format!("http://{address}"));
    let store = if args.demo {
        demo::store()
    } else {
        Store::new()
    };
    store.set_base_url(&base_url);
    if args.demo {
        println!("{}\n", demo::banner(&base_url));
    } else {
        println!("No data loaded (start with --demo for users and credentials).");
    }
    println!("Listening on http://{address}");
    serve(listener, store, shutdown_signal()).await?;
    println!("Stopped.");
    Ok(())
}

/// Completes on Ctrl-C (or SIGTERM on Unix). If a signal cannot be watched, that one never
/// fires rather than stopping the server at once.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot watch Ctrl-C: {error}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(error) => {
                tracing::warn!("cannot watch SIGTERM: {error}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
