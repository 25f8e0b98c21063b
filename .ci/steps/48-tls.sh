#!/usr/bin/env bash
# TLS interop with peers we did not write: Python's ssl + websockets client against `harness serve echo --tls`
# (trusting exactly the certificate it wrote with --cert-out), and our client (`harness tls-check`) against a
# Python websockets TLS server with certificates made by `cryptography` (trusted, pinned, untrusted, wrong host,
# expired).
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
venv=$(ensure_venv)
harness="$(swift build --show-bin-path)/harness"
"$venv/bin/python" Tests/Interop/tls_python_client.py "$harness"
"$venv/bin/python" Tests/Interop/tls_python_server.py "$harness"
