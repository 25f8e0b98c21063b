#!/usr/bin/env bash
# `harness record --listen` (issue 18, proxy mode) with the real seed clients: pycentral (TLS: the proxy's
# generated certificate, trusted through HARNESS_CA_CERT), pyisyox, the section-5 StreamWS, ctfy and
# event-streamer-sdk connect to the recording proxy in front of `harness serve`; a fault the proxy injects at a
# message boundary reaches each client, and the recording replays and holds what the client received.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
venv=$(ensure_venv)
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps -r .ci/requirements/no-deps/ctfy.txt >&2
central_venv="${CI_VENV_PYCENTRAL:-$PWD/.venv-pycentral}"
[ -x "$central_venv/bin/python" ] || python3 -m venv "$central_venv"
"$central_venv/bin/python" -m pip install -q --disable-pip-version-check -r .ci/requirements/pycentral/requirements.txt >&2
harness=$(swift build --show-bin-path)/harness
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
started=$(date +%s)
timeout 300 "$venv/bin/python" Tests/Interop/record_proxy.py "$harness" "$venv/bin/python" "$central_venv/bin/python"
echo "record proxy: $(( $(date +%s) - started )) s"
