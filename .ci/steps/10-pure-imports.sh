#!/usr/bin/env bash
# The sans-I/O rule (ARCHITECTURE.md "What each layer may import"): codec and session modules import only the
# standard library, our own modules and the C shims; no NIO, no Foundation networking, no Dispatch, no clocks
# from outside. Fails listing every offending import line.
set -euo pipefail
cd "$(dirname "$0")/../.."
pure=(Codecs WSFrame SSE Protobuf ISYXML EventStreamer Reconnect Sessions StreamTesting)
forbidden='^[[:space:]]*(@_implementationOnly[[:space:]]+|@preconcurrency[[:space:]]+|(public|package|internal)[[:space:]]+)*import[[:space:]]+(class[[:space:]]+|struct[[:space:]]+|enum[[:space:]]+|func[[:space:]]+)?(NIO[A-Za-z]*|AsyncHTTPClient|Foundation|FoundationNetworking|FoundationEssentials|Dispatch|Network|Darwin|Glibc|Musl)([.[:space:]]|$)'
status=0
for module in "${pure[@]}"; do
    [ -d "Sources/$module" ] || continue
    if hits=$(grep -rnE "$forbidden" "Sources/$module" --include='*.swift'); then
        echo "pure-imports: Sources/$module imports an I/O or platform module:" >&2
        echo "$hits" >&2
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "pure-imports: ${pure[*]} import only the standard library, our modules and the C shims"
exit "$status"
