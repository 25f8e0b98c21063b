#!/usr/bin/env bash
# Protobuf: differential test of `harness decode central` against python protobuf (upb) with issue 5's schemas
# built from descriptors: seeded random valid CloudEvent/AuditTrail messages (dicts must match MessageToDict) and
# malformed ones (truncations at every offset, corruptions, bad UTF-8, nesting past 100: must fail where it fails).
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
venv=$(ensure_venv)
harness="$(swift build --show-bin-path)/harness"
cd Tests/Differential/Protobuf
"$venv/bin/python" differential.py "$harness" --count 3000 --seed 20261122
"$venv/bin/python" differential.py "$harness" --count 1000 --seed 7
