#!/usr/bin/env bash
# HTTP streaming interop: HTTPEventStream (AsyncHTTPClient + our decoders) against a Python aiohttp server:
# chunked, Content-Length and 1-byte-drip SSE bodies, a stall (idle timeout), 401/429/503/204 with their
# headers, an NDJSON stream and a control POST. The Swift tests run only when HTTP_STREAM_SERVER_URL is set.
set -euo pipefail
cd "$(dirname "$0")/../.."
source .ci/lib.sh
venv=$(ensure_venv)
tmp=$(mktemp -d)
"$venv/bin/python" Tests/Interop/http_stream_server.py --port-file "$tmp/port" --lifetime 900 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do
    [ -s "$tmp/port" ] && break
    sleep 0.1
done
[ -s "$tmp/port" ] || { echo "http_stream_server.py did not start" >&2; exit 1; }
HTTP_STREAM_SERVER_URL="http://127.0.0.1:$(cat "$tmp/port")" swift test --filter HTTPStreamingTests.AiohttpInteropTests
