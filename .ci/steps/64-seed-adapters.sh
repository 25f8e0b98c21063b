#!/usr/bin/env bash
# The `harness verify --client` adapters (Tests/Interop/adapters/, issue 18): each seed client (pycentral, pyisyox,
# event-streamer-sdk, ctfy, the section-5 StreamWS) run through its adapter against `harness serve` with the
# verify environment; check_adapters.py checks the connect contract on their stdout, asserts what each seed client
# does under each fault (its defects are rows of the table, not failures), and shows that the deliberately
# broken adapters (drops every 3rd event, no Last-Event-ID, retries a 403) break where the reference adapter (our
# own `harness connect`) does not. Venvs as in 60-mocks-interop.sh.
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
timeout 600 "$venv/bin/python" Tests/Interop/adapters/check_adapters.py "$harness" "$venv/bin/python" "$central_venv/bin/python"
echo "seed adapters: $(( $(date +%s) - started )) s"
