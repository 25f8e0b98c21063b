#!/usr/bin/env bash
# SSE: re-record the fixture streams live from sse-starlette and replay them (fresh read boundaries), then the
# randomized differential against the same peer. Both compare with the peer's view of what it sent.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
venv=$(ensure_venv)
harness=$(swift build --show-bin-path)/harness
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$venv/bin/python" Fixtures/sse/record.py --out "$tmp/live"
"$harness" replay "$tmp/live"
"$venv/bin/python" Tests/Differential/SSE/starlette_differential.py "$harness" 80
