//! In-process timing: each scenario sent through both routers (`tower::ServiceExt::oneshot`,
//! response body read to the end) on one thread, in alternating rounds, with the thread's
//! CPU time (`CLOCK_THREAD_CPUTIME_ID`, so time other processes take is not counted) and the
//! wall time.

use std::time::Instant;

use axum::Router;
use tower::ServiceExt;

use crate::scenario::Scenario;

/// The median CPU and wall nanoseconds per request of one side for one scenario.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timing {
    /// Median over rounds of CPU nanoseconds per request.
    pub cpu_ns: f64,
    /// Median over rounds of wall nanoseconds per request.
    pub wall_ns: f64,
}

/// The CPU time this thread has used, in nanoseconds.
fn thread_cpu_ns() -> u64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the duration of the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    u64::try_from(now.tv_sec).unwrap_or(0) * 1_000_000_000 + u64::try_from(now.tv_nsec).unwrap_or(0)
}

/// Sends `scenario` `count` times through `router`; returns (CPU ns, wall ns) per request.
/// Panics when an answer has another status than the scenario states (the sides would not be
/// comparable).
pub async fn run(router: &Router, scenario: &Scenario, count: u32) -> (f64, f64) {
    let cpu = thread_cpu_ns();
    let wall = Instant::now();
    for sequence in 0..count {
        let response = router
            .clone()
            .oneshot(scenario.request(sequence))
            .await
            .unwrap_or_else(|never| match never {});
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await;
        assert!(
            status == scenario.status && body.is_ok(),
            "{}: status {status}, expected {}",
            scenario.name,
            scenario.status
        );
    }
    let cpu = thread_cpu_ns().saturating_sub(cpu) as f64 / f64::from(count);
    let wall = wall.elapsed().as_nanos() as f64 / f64::from(count);
    (cpu, wall)
}

/// Median of `values` (0 when empty).
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        len if len % 2 == 1 => values[len / 2],
        len => (values[len / 2 - 1] + values[len / 2]) / 2.0,
    }
}

/// `rounds` rounds of `count` requests of `scenario` through each of `sides`, in an order that
/// rotates from round to round; the medians of each side, in the order of `sides`.
pub async fn compare(
    sides: &[&Router],
    scenario: &Scenario,
    rounds: u32,
    count: u32,
) -> Vec<Timing> {
    for side in sides {
        run(side, scenario, count / 10 + 1).await;
    }
    let mut cpu: Vec<Vec<f64>> = vec![Vec::new(); sides.len()];
    let mut wall: Vec<Vec<f64>> = vec![Vec::new(); sides.len()];
    for round in 0..rounds as usize {
        for step in 0..sides.len() {
            let side = (round + step) % sides.len();
            let (side_cpu, side_wall) = run(sides[side], scenario, count).await;
            cpu[side].push(side_cpu);
            wall[side].push(side_wall);
        }
    }
    cpu.iter_mut()
        .zip(wall.iter_mut())
        .map(|(cpu, wall)| Timing {
            cpu_ns: median(cpu),
            wall_ns: median(wall),
        })
        .collect()
}
