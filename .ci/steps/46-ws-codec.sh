#!/usr/bin/env bash
# WebSocket codec: re-record the fixture streams live from python websockets (fresh read boundaries and masks)
# and replay them, then the randomized differential of `harness decode ws` against websockets' parser.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
venv=$(ensure_venv)
harness="$(swift build --show-bin-path)/harness"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$venv/bin/python" Fixtures/ws/record.py --out "$tmp/live"
"$harness" replay "$tmp/live"
"$venv/bin/python" Tests/Differential/WSFrame/differential.py "$harness" --count 400 --seed 20261122
"$venv/bin/python" Tests/Differential/WSFrame/differential.py "$harness" --count 200 --seed 7
