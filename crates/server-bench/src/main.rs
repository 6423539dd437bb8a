//! `server-bench`: the generated PostHog Users server against a hand-written axum handler.
//!
//! ```text
//! server-bench inproc [--rounds N] [--count N] [--only get|patch|401|403]   in-process
//! server-bench serve --side hand|minimal|generated --listen 127.0.0.1:PORT [--workers N]
//! ```
//!
//! `serve` prints `ready <pid>` once listening; `scripts/bench-server.sh` drives it with `wrk`.

use std::process::ExitCode;

use server_bench::{generated, hand, inproc, minimal, scenario};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|arg| arg == name)
            .and_then(|at| args.get(at + 1))
            .map(String::as_str)
    };
    let number =
        |name: &str, default: u32| flag(name).and_then(|v| v.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("inproc") => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            let Ok(runtime) = runtime else {
                eprintln!("server-bench: cannot start a runtime");
                return ExitCode::FAILURE;
            };
            let only = flag("--only").map(str::to_owned);
            runtime.block_on(in_process(
                number("--rounds", 9),
                number("--count", 20_000),
                only.as_deref(),
            ));
            ExitCode::SUCCESS
        }
        Some("serve") => {
            let side = flag("--side").unwrap_or("generated").to_owned();
            let listen = flag("--listen").unwrap_or("127.0.0.1:8090").to_owned();
            let workers = number("--workers", 2) as usize;
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(workers.max(1))
                .enable_all()
                .build();
            let Ok(runtime) = runtime else {
                eprintln!("server-bench: cannot start a runtime");
                return ExitCode::FAILURE;
            };
            match runtime.block_on(serve(&side, &listen)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("server-bench: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!(
                "usage: server-bench inproc [--rounds N] [--count N] [--only SCENARIO]\n       \
                 server-bench serve --side hand|minimal|generated --listen 127.0.0.1:PORT [--workers N]"
            );
            ExitCode::from(2)
        }
    }
}

/// Quiet logging, as `posthog-users-mock --quiet` runs: warnings only.
fn quiet_logging() {
    tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::WARN)
        .with_writer(std::io::stderr)
        .init();
}

async fn in_process(rounds: u32, count: u32, only: Option<&str>) {
    quiet_logging();
    let user = hand::demo_user().await;
    let hand = hand::router(hand::HandState::new(user.clone()));
    let minimal = minimal::router(user);
    let mock = generated::router();
    println!(
        "in-process, one thread, {rounds} rotating rounds of {count} requests; medians of CPU \
         ns/request (CLOCK_THREAD_CPUTIME_ID); ratios to hand"
    );
    println!(
        "{:<8} {:>9} {:>9} {:>7} {:>9} {:>7}",
        "request", "hand", "minimal", "ratio", "mock", "ratio"
    );
    for scenario in scenario::SCENARIOS {
        if only.is_some_and(|name| name != scenario.name) {
            continue;
        }
        let timings = inproc::compare(&[&hand, &minimal, &mock], &scenario, rounds, count).await;
        let [hand_t, minimal_t, mock_t] = [timings[0], timings[1], timings[2]];
        let ratio = |t: inproc::Timing| t.cpu_ns / hand_t.cpu_ns.max(1.0);
        println!(
            "{:<8} {:>9.0} {:>9.0} {:>7.2} {:>9.0} {:>7.2}",
            scenario.name,
            hand_t.cpu_ns,
            minimal_t.cpu_ns,
            ratio(minimal_t),
            mock_t.cpu_ns,
            ratio(mock_t)
        );
    }
}

async fn serve(side: &str, listen: &str) -> std::io::Result<()> {
    quiet_logging();
    let router = match side {
        "hand" => hand::router(hand::HandState::new(hand::demo_user().await)),
        "minimal" => minimal::router(hand::demo_user().await),
        "generated" => generated::router(),
        other => {
            return Err(std::io::Error::other(format!(
                "unknown side {other:?} (hand, minimal or generated)"
            )));
        }
    };
    let listener = tokio::net::TcpListener::bind(listen).await?;
    println!("ready {}", std::process::id());
    axum::serve(listener, router).await
}
