#!/usr/bin/env python3
"""Records the WebSocket fixtures under Fixtures/ws/ from a real peer: python `websockets` (pinned in
.ci/requirements/ws.txt).

Server→client fixtures: a `websockets` asyncio server on 127.0.0.1 runs a scripted scenario; a raw-socket client
does the opening handshake itself (offering permessage-deflate as the scenario says) and records every byte the
server sends after the 101 head, with its read boundaries, until the server closes TCP. Client→server fixtures
(role server): a `websockets` client talks to a raw-socket server that answers the handshake and records.

The expected NDJSON is rendered from what the peer *sent* (the scenario's own list of messages, pings, closes),
never from our decoder. Run: `python Fixtures/ws/record.py [--out DIR] [NAME ...]` from the repository root
(default: rewrite the fixtures here); CI re-records into a temporary folder and replays that.
"""
import asyncio
import base64
import hashlib
import json
import os
import socket
import sys

import websockets
from websockets.asyncio.client import connect
from websockets.asyncio.server import serve
from websockets.extensions.permessage_deflate import (
    ClientPerMessageDeflateFactory,
    ServerPerMessageDeflateFactory,
)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = HERE
GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def render(items):
    """The harness decode ws contract: one compact JSON object per line."""
    lines = []
    for item in items:
        kind = item[0]
        if kind == "text":
            obj = {"type": "text", "data": item[1]}
        elif kind in ("binary", "ping", "pong"):
            obj = {"type": kind, "base64": base64.b64encode(item[1]).decode()}
        elif kind == "close":
            obj = {"type": "close"} if item[1] is None else {"type": "close", "code": item[1], "reason": item[2]}
        else:
            raise ValueError(kind)
        lines.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    return "".join(line + "\n" for line in lines)


# Scenarios: each is an async function (ws, sent) that sends through `ws` and appends what it sent to `sent`.

async def text_binary_control(ws, sent):
    for text in ["hello", "żółć 🎉 — unicode", '{"json":"quote \\" backslash \\\\ tab\\t","n":1}', ""]:
        await ws.send(text); sent.append(("text", text)); await asyncio.sleep(0.01)
    for data in [bytes(range(256)), b"", b"\x00\xff" * 70000]:
        await ws.send(data); sent.append(("binary", data)); await asyncio.sleep(0.01)
    await ws.ping(b"keepalive"); sent.append(("ping", b"keepalive"))
    await ws.pong(b"unsolicited"); sent.append(("pong", b"unsolicited"))
    await ws.close(1000, "bye"); sent.append(("close", 1000, "bye"))


async def fragmented_with_pings(ws, sent):
    async def text_fragments():
        for index, piece in enumerate(["frag-1 ", "żółć ", "frag-3 ", "end"]):
            yield piece
            await ws.ping(f"p{index}".encode()); sent.append(("ping", f"p{index}".encode()))
            await asyncio.sleep(0.01)
    await ws.send(text_fragments()); sent.append(("text", "frag-1 żółć frag-3 end"))
    async def binary_fragments():
        for piece in [b"\x01" * 10, b"\x02" * 300, b"\x03" * 70000]:
            yield piece
    await ws.send(binary_fragments()); sent.append(("binary", b"\x01" * 10 + b"\x02" * 300 + b"\x03" * 70000))
    await ws.send(["list ", "of ", "fragments"]); sent.append(("text", "list of fragments"))
    await ws.close(1001, "going away"); sent.append(("close", 1001, "going away"))


async def deflate_messages(ws, sent):
    event = '{"topic":"audit","event":{"id":%d,"msg":"user logged in","pad":"%s"}}'
    for index in range(12):
        text = event % (index, "x" * (index * 40))
        await ws.send(text); sent.append(("text", text)); await asyncio.sleep(0.005)
    big = "".join(f"line {i}: the quick brown fox jumps over the lazy dog\n" for i in range(4000))
    await ws.send(big); sent.append(("text", big))
    data = bytes((i * 7) & 0xFF for i in range(5000))
    await ws.send(data); sent.append(("binary", data))
    await ws.ping(b"mid"); sent.append(("ping", b"mid"))
    await ws.send(["compressed ", "in ", "fragments ", "compressed ", "in ", "fragments"])
    sent.append(("text", "compressed in fragments compressed in fragments"))
    await ws.send(""); sent.append(("text", ""))
    await ws.send(event % (99, "")); sent.append(("text", event % (99, "")))
    await ws.close(1000, ""); sent.append(("close", 1000, ""))


async def close_1011_reason(ws, sent):
    await ws.send("before error"); sent.append(("text", "before error"))
    await ws.close(1011, "internal error ✗"); sent.append(("close", 1011, "internal error ✗"))


async def close_3000_private(ws, sent):
    await ws.close(4321, "app-defined"); sent.append(("close", 4321, "app-defined"))


def pmd(**kwargs):
    return ServerPerMessageDeflateFactory(**kwargs)


# name: (scenario, extension offer sent by the raw client, server extension factories, description)
SERVER_FIXTURES = {
    "text-binary-control": (text_binary_control, None, [], "text, binary (incl. 140000 bytes), ping, pong, close 1000"),
    "fragmented-with-pings": (fragmented_with_pings, None, [],
                              "fragmented text and binary messages with pings between the fragments, close 1001"),
    "close-1011-reason": (close_1011_reason, None, [], "close 1011 with a non-ASCII reason"),
    "close-4321-private": (close_3000_private, None, [], "close with a private-use code"),
    "deflate-default": (deflate_messages, "permessage-deflate; client_max_window_bits", [pmd()],
                        "permessage-deflate with context takeover, 15-bit windows"),
    "deflate-server-no-context-takeover": (
        deflate_messages, "permessage-deflate; server_no_context_takeover; client_max_window_bits", [pmd()],
        "server_no_context_takeover requested by the client"),
    "deflate-client-no-context-takeover": (
        deflate_messages, "permessage-deflate; client_max_window_bits",
        [pmd(client_no_context_takeover=True)], "client_no_context_takeover imposed by the server"),
    "deflate-server-max-window-bits-10": (
        deflate_messages, "permessage-deflate; server_max_window_bits=10; client_max_window_bits", [pmd()],
        "server_max_window_bits=10 requested by the client"),
    "deflate-server-window-9-client-window-12": (
        deflate_messages, "permessage-deflate; client_max_window_bits",
        [pmd(server_max_window_bits=9, client_max_window_bits=12, server_no_context_takeover=True)],
        "server imposes server_max_window_bits=9, client_max_window_bits=12, server_no_context_takeover"),
}


async def record_server_fixture(name):
    scenario, offer, extensions, description = SERVER_FIXTURES[name]
    sent = []

    async def handler(ws):
        await scenario(ws, sent)

    async with serve(handler, "127.0.0.1", 0, compression=None, extensions=extensions or None,
                     ping_interval=None, close_timeout=0.3, max_size=None) as server:
        port = server.sockets[0].getsockname()[1]
        loop = asyncio.get_running_loop()
        chunks, negotiated = await loop.run_in_executor(None, raw_client, port, offer)
    write_fixture(name, chunks, sent, {"role": "client", **({"deflate": negotiated} if negotiated else {})},
                  description, f"websockets {websockets.__version__} asyncio server → raw-socket client; record.py")


def raw_client(port, offer):
    sock = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n")
    if offer:
        request += f"Sec-WebSocket-Extensions: {offer}\r\n"
    sock.sendall((request + "\r\n").encode())
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            raise RuntimeError("closed during handshake")
        data += piece
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    assert lines[0].startswith("HTTP/1.1 101"), lines[0]
    headers = {l.split(":", 1)[0].strip().lower(): l.split(":", 1)[1].strip() for l in lines[1:]}
    expected_accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
    assert headers["sec-websocket-accept"] == expected_accept
    chunks = [rest] if rest else []
    while True:
        piece = sock.recv(65536)
        if not piece:
            break
        chunks.append(piece)
    sock.close()
    return chunks, headers.get("sec-websocket-extensions")


async def client_masked_scenario(ws, sent):
    await ws.send("masked hello"); sent.append(("text", "masked hello"))
    await ws.send(bytes(range(200))); sent.append(("binary", bytes(range(200))))
    await ws.ping(b"c-ping"); sent.append(("ping", b"c-ping"))
    await ws.send(["client ", "fragments"]); sent.append(("text", "client fragments"))
    await ws.send("x" * 70000); sent.append(("text", "x" * 70000))


CLIENT_FIXTURES = {
    "client-masked": (None, "masked client frames from a websockets client: text, binary, ping, fragments, close"),
    "client-masked-deflate": (
        ClientPerMessageDeflateFactory(client_max_window_bits=11),
        "masked, compressed client frames (client_max_window_bits=11)"),
}


async def record_client_fixture(name):
    factory, description = CLIENT_FIXTURES[name]
    sent = []
    chunks = []
    state = {}
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def raw_server():
        conn, _ = listener.accept()
        data = b""
        while b"\r\n\r\n" not in data:
            data += conn.recv(65536)
        head, rest = data.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        headers = {l.split(":", 1)[0].strip().lower(): l.split(":", 1)[1].strip() for l in lines[1:]}
        accept = base64.b64encode(hashlib.sha1((headers["sec-websocket-key"] + GUID).encode()).digest()).decode()
        response = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    f"Sec-WebSocket-Accept: {accept}\r\n")
        if factory is not None:
            negotiated = "permessage-deflate; client_max_window_bits=11"
            response += f"Sec-WebSocket-Extensions: {negotiated}\r\n"
            state["deflate"] = negotiated
        conn.sendall((response + "\r\n").encode())
        if rest:
            chunks.append(rest)
        conn.settimeout(3)
        while True:
            try:
                piece = conn.recv(65536)
            except socket.timeout:
                break
            if not piece:
                break
            chunks.append(piece)
            if state.get("closing"):
                # Answer the client's close so it closes TCP promptly.
                conn.sendall(b"\x88\x02\x03\xe8")
                state["closing"] = False
        conn.close()

    loop = asyncio.get_running_loop()
    server_task = loop.run_in_executor(None, raw_server)
    async with connect(f"ws://127.0.0.1:{port}/", compression=None,
                       extensions=[factory] if factory else None, ping_interval=None, close_timeout=0.5,
                       max_size=None) as ws:
        await client_masked_scenario(ws, sent)
        await asyncio.sleep(0.05)
        state["closing"] = True
        await ws.close(1000, "client done")
        sent.append(("close", 1000, "client done"))
    await server_task
    listener.close()
    options = {"role": "server"}
    if "deflate" in state:
        options["deflate"] = state["deflate"]
    write_fixture(name, chunks, sent, options, description,
                  f"websockets {websockets.__version__} asyncio client → raw-socket server; record.py")


def write_fixture(name, chunks, sent, options, description, source):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    data = b"".join(chunks)
    with open(os.path.join(folder, "input.bin"), "wb") as f:
        f.write(data)
    with open(os.path.join(folder, "expected.ndjson"), "w", encoding="utf-8") as f:
        f.write(render(sent))
    manifest = {
        "format": 1,
        "codec": "ws",
        "description": description,
        "source": source + "; expected output rendered from the messages the peer sent",
        "options": options,
        "input": "input.bin",
        "chunks": [len(c) for c in chunks],
        "expected": "expected.ndjson",
        "exit": 0,
    }
    with open(os.path.join(folder, "fixture.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"{name}: {len(data)} bytes in {len(chunks)} reads, {len(sent)} items")


async def main():
    global OUT
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "--out":
        OUT = args[1]
        args = args[2:]
    names = args or list(SERVER_FIXTURES) + list(CLIENT_FIXTURES)
    for name in names:
        if name in SERVER_FIXTURES:
            await record_server_fixture(name)
        else:
            await record_client_fixture(name)


if __name__ == "__main__":
    asyncio.run(main())
