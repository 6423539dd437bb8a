#!/usr/bin/env bash
# schemathesis (PyPI) against the generated swagger-petstore3 server, in one command:
#
#   scripts/schemathesis/run.sh [extra schemathesis options]
#
# Installs schemathesis into target/schemathesis/venv when absent, builds `petstore-server`
# (crates/wire-tests, feature `petstore-server`: the crate generated from the shared corpus's
# swagger-petstore3.yaml over an in-memory store), serves it on 127.0.0.1, runs every check
# (bounded by MAX_EXAMPLES per operation and MAX_TIME seconds) and prints the counts.
# Environment: SPEC (default ../shared/corpus/swagger-petstore3.yaml), PORT (8091),
# MAX_EXAMPLES (50), MAX_TIME (300), SEED (1), SCHEMATHESIS_VERSION (4.32.5).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
spec="${SPEC:-$root/../shared/corpus/swagger-petstore3.yaml}"
port="${PORT:-8091}"
work="$root/target/schemathesis"
venv="$work/venv"

if [ ! -f "$spec" ]; then
    echo "no spec at $spec (set SPEC)" >&2
    exit 2
fi
if [ ! -x "$venv/bin/schemathesis" ]; then
    echo "installing schemathesis ${SCHEMATHESIS_VERSION:-4.32.5} into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==${SCHEMATHESIS_VERSION:-4.32.5}"
fi

PETSTORE_SPEC="$spec" cargo build --quiet -p wire-tests --features petstore-server --bin petstore-server
"$root/target/debug/petstore-server" "127.0.0.1:$port" > "$work/server.log" 2>&1 &
server=$!
trap 'kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

for _ in $(seq 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        break
    fi
    sleep 0.1
done

status=0
cd "$work" # schemathesis keeps its example database in the working directory
"$venv/bin/schemathesis" run "$spec" \
    --origin "http://127.0.0.1:$port" \
    --checks all \
    --max-examples "${MAX_EXAMPLES:-50}" \
    --max-time "${MAX_TIME:-300}" \
    --seed "${SEED:-1}" \
    --workers 1 \
    --header "Authorization: Bearer schemathesis" \
    --header "api_key: schemathesis" \
    --report junit --report-dir "$work/report" \
    --no-color \
    "$@" | tee "$work/run.log" || status=$?

echo
echo "schemathesis exit status: $status (report: $work/report, server log: $work/server.log)"
exit "$status"
