#!/usr/bin/env bash
# Autobahn|Testsuite (WebSocket conformance), both modes: our client against wstest's fuzzingserver, and
# wstest's fuzzingclient against `harness serve echo --deflate`. Groups 9, 12 and 13 (limits/performance and
# permessage-deflate, ~10 min per mode) are left out here; AUTOBAHN_EXCLUDE="" runs all 517 cases.
# The suite is installed from PyPI into $AUTOBAHN_VENV (default ~/.cache/autobahn-py3) by its own script.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh

AUTOBAHN_DIR="${AUTOBAHN_DIR:-/work/shared/autobahn}"
export AUTOBAHN_VENV="${AUTOBAHN_VENV:-$HOME/.cache/autobahn-py3}"
EXCLUDE="${AUTOBAHN_EXCLUDE-9.*,12.*,13.*}"
CONFIG="${AUTOBAHN_CONFIGURATION:-debug}"
OUT="${AUTOBAHN_OUTDIR:-$PWD/.build/autobahn}"
[ -x "$AUTOBAHN_DIR/install" ] || { echo "autobahn: $AUTOBAHN_DIR/install not found (set AUTOBAHN_DIR)" >&2; exit 1; }

"$AUTOBAHN_DIR/install" "$AUTOBAHN_VENV"
swift build -c "$CONFIG" --product harness
HARNESS="$(swift build -c "$CONFIG" --show-bin-path)/harness"
rm -rf "$OUT" && mkdir -p "$OUT"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# Waits until FILE has a line matching PATTERN (up to 60 s), or fails.
wait_for_line() {
    local file="$1" pattern="$2"
    for _ in $(seq 1 600); do
        grep -q "$pattern" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "autobahn: timed out waiting for '$pattern' in $file" >&2; cat "$file" >&2; return 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "== Autobahn mode 1: harness autobahn (our client) vs fuzzingserver (exclude: ${EXCLUDE:-none})"
port=$(free_port)
"$AUTOBAHN_DIR/fuzzingserver" --url "ws://127.0.0.1:$port" --outdir "$OUT/clients" --exclude "$EXCLUDE" \
    > "$OUT/fuzzingserver.log" 2>&1 &
pids+=($!)
wait_for_line "$OUT/fuzzingserver.log" "Fuzzing server ready"
"$HARNESS" autobahn --server "ws://127.0.0.1:$port" --agent StreamCodecs
kill "${pids[-1]}" 2>/dev/null || true
client_status=0
"$AUTOBAHN_DIR/summarize" "$OUT/clients" --agent StreamCodecs --exclude "$EXCLUDE" || client_status=$?

echo "== Autobahn mode 2: fuzzingclient vs harness serve echo --deflate (exclude: ${EXCLUDE:-none})"
"$HARNESS" serve echo --deflate > "$OUT/serve.log" 2>&1 &
pids+=($!)
wait_for_line "$OUT/serve.log" "^ws://"
url=$(head -n 1 "$OUT/serve.log")
server_status=0
"$AUTOBAHN_DIR/fuzzingclient" "$url" --agent StreamCodecs --outdir "$OUT/servers" --exclude "$EXCLUDE" \
    > "$OUT/fuzzingclient.log" 2>&1 || server_status=$?
tail -n 20 "$OUT/fuzzingclient.log"
"$AUTOBAHN_DIR/summarize" "$OUT/servers" --agent StreamCodecs --exclude "$EXCLUDE" || server_status=$?
kill "${pids[-1]}" 2>/dev/null || true

if [ "$client_status" -ne 0 ] || [ "$server_status" -ne 0 ]; then
    echo "autobahn: FAILED (client mode status $client_status, server mode status $server_status); reports in $OUT" >&2
    exit 1
fi
echo "autobahn: both modes passed; reports in $OUT"
