#!/usr/bin/env bash
# The real seed clients against `harness serve` (Tests/Interop/<service>.py): each script starts the built
# harness as a mock, runs the client under faults, and checks from the mock's --log that every event sent reached
# the client's callback as our decoder reads it and that the client reconnected as its profile says. ctfy is
# installed --no-deps (its SDK imports the whole platform; EventStream needs only httpx); pycentral needs
# protobuf < 7, so it has its own venv (.ci/requirements/pycentral/). serve_tls.py checks --tls/--cert/--cert-out on
# every mock with Python's ssl; soak.py is the bounded soak (10,000 events, 50 concurrent clients, RSS per mock).
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
venv=$(ensure_venv)
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps -r .ci/requirements/no-deps/ctfy.txt >&2
harness=$(swift build --show-bin-path)/harness
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

passed=0
failed=0
run() {
    local name="$1"; shift
    echo "-- interop: $name"
    if timeout 180 "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "interop $name FAILED" >&2; fi
}

for script in Tests/Interop/serve_tls.py Tests/Interop/sse.py Tests/Interop/eventstreamer.py Tests/Interop/eisy.py Tests/Interop/stream.py Tests/Interop/soak.py; do
    [ -e "$script" ] && run "$(basename "$script" .py)" "$venv/bin/python" "$script" "$harness"
done
if [ -e Tests/Interop/central.py ]; then
    central_venv="${CI_VENV_PYCENTRAL:-$PWD/.venv-pycentral}"
    [ -x "$central_venv/bin/python" ] || python3 -m venv "$central_venv"
    "$central_venv/bin/python" -m pip install -q --disable-pip-version-check -r .ci/requirements/pycentral/requirements.txt >&2
    run central "$central_venv/bin/python" Tests/Interop/central.py "$harness"
fi
echo "interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
