#!/usr/bin/env bash
# Central topics (issue 19): the generated tables must match pycentral's compiled descriptors (drift check:
# scripts/gen-central-topics.py --check), then `harness decode central --topic T` is compared, for location,
# rssi-events, geofence, ap-events, clients-events, switch-events and alert-events, with what pycentral's own
# `_pb2` modules on python protobuf (upb) give to MessageToDict: 1,500 seeded random valid messages per topic
# and about 3,000 malformed ones (truncations, corruptions, bad UTF-8, Timestamps out of range, odd packed runs,
# nesting past 100). pycentral needs protobuf < 7, so it runs in its own venv (.ci/requirements/pycentral/).
set -euo pipefail
cd "$(dirname "$0")/../.."
central_venv="${CI_VENV_PYCENTRAL:-$PWD/.venv-pycentral}"
[ -x "$central_venv/bin/python" ] || python3 -m venv "$central_venv"
"$central_venv/bin/python" -m pip install -q --disable-pip-version-check -r .ci/requirements/pycentral/requirements.txt >&2
"$central_venv/bin/python" scripts/gen-central-topics.py --check
harness="$(swift build --show-bin-path)/harness"
cd Tests/Differential/Protobuf
"$central_venv/bin/python" -W ignore::DeprecationWarning central_topics_differential.py "$harness" --count 1500 --seed 20261203
"$central_venv/bin/python" -W ignore::DeprecationWarning central_topics_differential.py "$harness" --count 1000 --seed 19
