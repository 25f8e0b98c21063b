#!/usr/bin/env bash
# eisy XML (ISYXML): check the fixtures' expected output against pyisyox 6.0.1, then the generated differential
# of `harness decode isy --messages` against pyisyox's parse_event_frame over both transports.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
venv=$(ensure_venv)
harness=$(swift build --show-bin-path)/harness
"$venv/bin/python" Fixtures/isy/record.py --check
"$venv/bin/python" Tests/Differential/ISYXML/differential.py --harness "$harness" --per-control 12
