#!/usr/bin/env bash
# The generated PostHog Users server against a hand-written axum 0.8 handler over loopback:
# server CPU per request and latency percentiles side by side. Three sides: `hand` (the
# hand-written handler), `minimal` (the generated router over a minimal `Api` implementation
# holding the same typed user: the generated stack alone) and `generated` (the generated router
# over the mock, as `posthog-users-mock --demo --quiet` serves it).
#
#   scripts/bench-server.sh [--rounds N] [--seconds S] [--connections C] [--inproc] [--bin PATH]
#
# The server (`server-bench serve`, 2 tokio workers) is pinned to CPU 0 with taskset, the load
# generator (`wrk`, installed with apt-get when missing) to CPU 1; the order of the sides
# rotates from round to round. CPU per request is the server process's utime+stime from
# /proc/PID/stat over the run divided by the requests wrk completed. Each figure is the median
# over the rounds. Only 127.0.0.1 is contacted; every run is bounded by --seconds. --inproc also
# runs the in-process comparison (one thread, no sockets). --bin measures an already built
# `server-bench` (a copy kept from another commit) instead of building this checkout's.
set -euo pipefail

rounds=5 seconds=5 connections=32 inproc=0 bin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --inproc) inproc=1; shift ;;
    --bin) bin="$(realpath "$2")"; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--seconds S] [--connections C] [--inproc] [--bin PATH]" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/bench-server"
mkdir -p "$work"
cd "$root"

if ! command -v wrk >/dev/null; then
  echo "wrk not found: installing it with apt-get" >&2
  apt-get install -y wrk >/dev/null || { echo "could not install wrk" >&2; exit 1; }
fi
command -v taskset >/dev/null || { echo "taskset (util-linux) is needed" >&2; exit 1; }

if [ -z "$bin" ]; then
  cargo build --release -p server-bench 2>&1 | tail -1
  bin="$root/target/release/server-bench"
fi
port=18090
ticks=$(getconf CLK_TCK)

# One wrk Lua script per scenario (method, headers, body); the paths are the same.
# PATCH bodies alternate between two names, so that every PATCH changes the stored user.
write_lua() { # name method key [body other-body]
  cat >"$work/$1.lua" <<LUA
wrk.method = "$2"
wrk.headers["Authorization"] = "Bearer $3"
wrk.headers["Content-Type"] = "application/json"
local bodies = { '${4:-}', '${5:-}' }
local sequence = 0
request = function()
  sequence = sequence + 1
  local body = bodies[sequence % 2 + 1]
  if body == "" then body = nil end
  return wrk.format(nil, nil, nil, body)
end
LUA
}
write_lua get GET phx_demo_read
write_lua patch PATCH phx_demo_write '{"first_name":"Ada"}' '{"first_name":"Grace"}'
write_lua 401 GET phx_not_a_key
write_lua 403 PATCH phx_demo_read '{"first_name":"Ada"}' '{"first_name":"Grace"}'

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# to_us VALUE: wrk's latency (850.00us, 1.20ms, 2.00s) in microseconds.
to_us() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "ms") n *= 1000; else if (u == "s") n *= 1000000;
    printf "%.0f", n }'
}

# A server still running when the script stops (an error, Ctrl-C) is stopped with it.
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; true' EXIT

results="$work/results.tsv"
: >"$results"
echo "uptime before: $(uptime)"

run_side() { # side round
  local side="$1" round="$2"
  # Removed first: the redirection below truncates it only once the background job runs.
  rm -f "$work/server.out"
  taskset -c 0 "$bin" serve --side "$side" --listen "127.0.0.1:$port" --workers 2 >"$work/server.out" 2>"$work/server.err" &
  local pid=$!
  server_pid=$pid
  for _ in $(seq 100); do grep -q '^ready' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
  grep -q '^ready' "$work/server.out" || { echo "server did not start" >&2; cat "$work/server.err" >&2; kill "$pid"; exit 1; }
  for scenario in get patch 401 403; do
    taskset -c 1 wrk -t1 -c"$connections" -d1s -s "$work/$scenario.lua" "http://127.0.0.1:$port/api/users/@me/" >/dev/null
    local before after out requests p50 p99
    before=$(cpu_ticks "$pid")
    out=$(taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$work/$scenario.lua" "http://127.0.0.1:$port/api/users/@me/")
    after=$(cpu_ticks "$pid")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    p50=$(to_us "$(echo "$out" | awk '$1 == "50%" {print $2}')")
    p99=$(to_us "$(echo "$out" | awk '$1 == "99%" {print $2}')")
    if echo "$out" | grep -q 'Non-2xx' && [ "$scenario" = get -o "$scenario" = patch ]; then
      echo "unexpected non-2xx answers for $scenario on $side" >&2
    fi
    awk -v s="$side" -v sc="$scenario" -v r="$round" -v t=$((after - before)) -v hz="$ticks" -v n="$requests" -v p50="$p50" -v p99="$p99" \
      'BEGIN { printf "%s\t%s\t%s\t%.2f\t%.0f\t%s\t%s\n", s, sc, r, t * 1e6 / hz / n, n / '"$seconds"', p50, p99 }' >>"$results"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

sides=(hand minimal generated)
for round in $(seq "$rounds"); do
  for step in 0 1 2; do run_side "${sides[$(((round + step) % 3))]}" "$round"; done
  echo "round $round of $rounds done" >&2
done
echo "uptime after: $(uptime)"

echo
echo "loopback, $connections connections, ${seconds}s per run, $rounds rotating rounds; medians"
echo "(server: taskset CPU 0, 2 tokio workers; wrk: CPU 1; CPU = server utime+stime / requests;"
echo " minimal = generated router over a minimal Api; mock = generated router over the mock)"
python3 - "$results" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
def med(side, scenario, column):
    return statistics.median(float(r[column]) for r in rows if r[0] == side and r[1] == scenario)
print("CPU µs/request (ratio to hand) | requests/s | p50 and p99 latency µs (p99 ratio to hand)")
print(f"{'request':<7} {'hand':>6} {'minimal':>13} {'mock':>13} | {'hand':>6} {'minimal':>7} {'mock':>6} | "
      f"{'p50 h/min/mock':>17} | {'p99 hand':>8} {'minimal':>14} {'mock':>14}")
for scenario in ["get", "patch", "401", "403"]:
    h, mi, mo = (med(side, scenario, 3) for side in ("hand", "minimal", "generated"))
    rh, rmi, rmo = (med(side, scenario, 4) for side in ("hand", "minimal", "generated"))
    ph, pmi, pmo = (med(side, scenario, 5) for side in ("hand", "minimal", "generated"))
    qh, qmi, qmo = (med(side, scenario, 6) for side in ("hand", "minimal", "generated"))
    print(f"{scenario:<7} {h:>6.1f} {mi:>6.1f} ({mi / h:.2f}) {mo:>6.1f} ({mo / h:.2f}) | "
          f"{rh:>6.0f} {rmi:>7.0f} {rmo:>6.0f} | {ph:>5.0f} {pmi:>5.0f} {pmo:>5.0f} | "
          f"{qh:>8.0f} {qmi:>6.0f} ({qmi / qh:.2f}) {qmo:>6.0f} ({qmo / qh:.2f})")
PY

if [ "$inproc" = 1 ]; then
  echo
  taskset -c 0 "$bin" inproc
fi
