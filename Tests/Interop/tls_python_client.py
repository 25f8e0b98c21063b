"""Interop: Python's ssl + websockets client against our TLS echo server (`harness serve echo --tls --cert-out`).

Checks, with a TLS stack and WebSocket client we did not write:
- trusting exactly the certificate the server wrote (cafile), the handshake verifies it for 127.0.0.1 (IP SAN)
  and for localhost (DNS SAN, with SNI), ALPN selects http/1.1, and text and binary messages echo unchanged;
- without that trust the server's certificate is refused (it is not in the system store).

Usage: tls_python_client.py HARNESS_BINARY
"""

import asyncio
import os
import ssl
import subprocess
import sys
import tempfile

import websockets


async def echo_round_trip(url: str, context: ssl.SSLContext) -> None:
    async with websockets.connect(url, ssl=context, max_size=2**20, open_timeout=10) as socket:
        alpn = socket.transport.get_extra_info("ssl_object").selected_alpn_protocol()
        assert alpn == "http/1.1", f"ALPN selected {alpn!r}"
        for message in ["hello over TLS", "µ-€-𝄞", "", bytes(range(256)) * 300]:
            await socket.send(message)
            echoed = await socket.recv()
            assert echoed == message, f"echo differs for a {type(message).__name__} of {len(message)}"
    print(f"tls interop (python client): {url} verified, ALPN http/1.1, 4 messages echoed")


async def refused_without_trust(url: str) -> None:
    context = ssl.create_default_context()
    try:
        async with websockets.connect(url, ssl=context, open_timeout=10):
            pass
    except ssl.SSLCertVerificationError as error:
        print(f"tls interop (python client): untrusted certificate refused as expected ({error.verify_message})")
        return
    raise AssertionError("a client without the certificate connected")


def main() -> int:
    harness = sys.argv[1]
    with tempfile.TemporaryDirectory() as folder:
        cert_path = os.path.join(folder, "server.pem")
        server = subprocess.Popen(
            [harness, "serve", "echo", "--tls", "--cert-out", cert_path],
            stdout=subprocess.PIPE, stderr=sys.stderr, text=True,
        )
        try:
            url = server.stdout.readline().strip()
            assert url.startswith("wss://127.0.0.1:"), f"first stdout line is {url!r}"
            port = url.rsplit(":", 1)[1]
            context = ssl.create_default_context(cafile=cert_path)
            context.set_alpn_protocols(["http/1.1"])
            asyncio.run(echo_round_trip(url, context))
            asyncio.run(echo_round_trip(f"wss://localhost:{port}/", context))
            asyncio.run(refused_without_trust(url))
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
