#!/usr/bin/env bash
# The generated client against the Prism mock server (npm @stoplight/prism-cli), in one command:
#   scripts/prism/run.sh [SPEC ...]        (default: petstore3, twilio accounts, petstore-expanded, uspto, spotify)
# Installs Prism into target/prism/ when absent, generates each spec's crate and one driver that
# calls every operation (cargo xtask prism-driver), builds it, serves each spec with
# `prism mock --errors` on 127.0.0.1, runs the driver against it and prints per spec how many
# requests Prism accepted and how many responses the client decoded. Not part of `cargo test`.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/target/prism"
prism="$cache/node_modules/.bin/prism"
work="$cache/work"
port="${PRISM_PORT:-4010}"

if [ ! -x "$prism" ]; then
    command -v npm >/dev/null || { echo "npm is needed to install Prism" >&2; exit 2; }
    echo "installing @stoplight/prism-cli into $cache"
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-audit --no-fund @stoplight/prism-cli@5 >"$cache/install.log" 2>&1 \
        || { cat "$cache/install.log" >&2; exit 2; }
fi

spec_args=()
for spec in "$@"; do spec_args+=(--spec "$spec"); done
cd "$root"
mapfile -t specs < <(cargo run --quiet -p xtask -- prism-driver --out target/prism/work "${spec_args[@]}")

CARGO_TARGET_DIR="$cache/target" cargo build --quiet --manifest-path "$work/Cargo.toml" -p prism-driver
driver="$cache/target/debug/prism-driver"

summary=()
for spec in "${specs[@]}"; do
    log="$cache/$(basename "$spec").prism.log"
    "$prism" mock --errors -h 127.0.0.1 -p "$port" "$spec" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
        if grep -q "Prism is listening" "$log" 2>/dev/null; then break; fi
        if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; exit 1; fi
        sleep 0.2
    done
    echo "== $(basename "$spec")"
    out="$cache/$(basename "$spec").driver.log"
    "$driver" "$(basename "$spec")" "http://127.0.0.1:$port" >"$out"
    cat "$out"
    summary+=("$(tail -n 1 "$out")")
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
done

echo
echo "Prism (prism mock --errors) against the generated clients:"
printf '  %s\n' "${summary[@]}"
