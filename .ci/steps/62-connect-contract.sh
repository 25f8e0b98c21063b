#!/usr/bin/env bash
# The `harness connect` contract (issue 16) on the built CLI against `harness serve` mocks: exit statuses, NDJSON
# lines, --backoff/--max-retries/--max-events/--duration, TLS (--ca-cert, --pin-sha256, refusals by tls-… code).
# Python standard library only; the script first shows its checks reject deliberately broken runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
harness=$(swift build --show-bin-path)/harness
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
timeout 300 python3 Tests/Interop/connect_contract.py "$harness"
