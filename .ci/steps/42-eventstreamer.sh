#!/usr/bin/env bash
# Event Streamer: differential test of `harness decode eventstreamer` against event-streamer-sdk 0.5.0's models
# (verdicts and model_dump values of generated lines, in --messages mode and as one chunked raw body).
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
venv=$(ensure_venv)
harness="$(swift build --show-bin-path)/harness"
"$venv/bin/python" Tests/Differential/EventStreamer/differential.py "$harness" --seed 2026 --valid 400 --invalid 400
"$venv/bin/python" Tests/Differential/EventStreamer/differential.py "$harness" --seed 7 --valid 150 --invalid 150
