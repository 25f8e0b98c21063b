#!/bin/sh
# Reference adapter: our own `harness connect` behind `harness verify --client`, every line passed through
# unchanged (docs/VERIFY.md). HARNESS_CA_CERT becomes --ca-cert unless the scenario's options name one.
# The binary: $HARNESS_BIN, else the package's debug build.
set -eu
repo=$(cd "$(dirname "$0")/../../.." && pwd)
harness=${HARNESS_BIN:-$repo/.build/debug/harness}
eval "set -- $(python3 -c 'import json, os, shlex
args = json.loads(os.environ.get("HARNESS_CONNECT_ARGS") or "[]")
ca = os.environ.get("HARNESS_CA_CERT", "")
if ca and "--ca-cert" not in args and "--pin-sha256" not in args:
    args += ["--ca-cert", ca]
print(" ".join(shlex.quote(a) for a in args))')"
exec "$harness" connect "$HARNESS_SERVICE" "$HARNESS_URL" "$@"
