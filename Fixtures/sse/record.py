#!/usr/bin/env python3
"""Records the SSE fixtures in this folder from a real server: sse-starlette on uvicorn.

Usage (in a venv with .ci/requirements/sse.txt installed):  python Fixtures/sse/record.py [--out DIR]

For each stream below, a Starlette app serves an EventSourceResponse whose generator yields the listed
ServerSentEvents (with pauses, so keep-alive pings interleave). A raw-socket HTTP/1.1 client records the response
as the network delivered it: every recv() is timed, the HTTP head is stripped and the chunked transfer coding is
removed, and the body bytes each read yielded become one entry of `chunks` (reads that carried no body bytes are
dropped). `expected.ndjson` is derived from what the server-side generator sent (the peer's view), following the
WHATWG event stream rules, never from our decoder.
"""
import asyncio
import json
import os
import re
import socket
import sys
import threading
import time

import uvicorn
from sse_starlette import EventSourceResponse, JSONServerSentEvent, ServerSentEvent
from starlette.applications import Starlette
from starlette.routing import Route

HERE = os.path.dirname(os.path.abspath(__file__))
LINE_END = re.compile(r"\r\n|\r|\n")


def sample_json(i):
    return {"seq": i, "device": f"sensor-{i % 7:02d}", "status": "online" if i % 3 else "degraded",
            "metrics": {"temp": 20.5 + i, "rssi": -40 - i}, "tags": ["a", "b"]}


def long_text(lines):
    words = ["alpha", "bravo", "charlie", "delta", "échelle", "foxtrot", "😀 grin", "hotel"]
    return "\n".join(" ".join(words[(i + j) % len(words)] for j in range(9)) + f" #{i}" for i in range(lines))


# Each stream: (path, response options, [(pause seconds before, ServerSentEvent)]).
STREAMS = {
    "starlette-keepalive-json": dict(
        description="sse-starlette 3.7.0 on uvicorn: typed JSON events with ids, keep-alive ping comments "
                    "between them, a comment-only frame; CRLF line ends (the library default)",
        options=dict(ping=0.05),
        recv_size=65536,
        events=[(0.0, ServerSentEvent(comment="stream start"))]
        + [(0.13 if i % 2 else 0.01, JSONServerSentEvent(sample_json(i), event="update", id=f"evt-{i:04d}"))
           for i in range(8)]
        + [(0.01, ServerSentEvent(data="bye", event="close"))],
    ),
    "starlette-multiline-lf": dict(
        description="sse-starlette 3.7.0 on uvicorn: long multi-line data (tens of KB, UTF-8, empty and "
                    "space-led lines) read in 4 KiB recv()s, retry, ids; LF line ends",
        options=dict(ping=0.05, sep="\n"),
        recv_size=4096,
        events=[
            (0.0, ServerSentEvent(data="first", id="1", retry=2500)),
            (0.02, ServerSentEvent(data=long_text(400), event="report", id="2")),
            (0.12, ServerSentEvent(data="a\n\n b\n", id="3")),
            (0.01, ServerSentEvent(data=long_text(40), event="report")),
            (0.01, ServerSentEvent(data="after id reset", id="")),
            (0.01, ServerSentEvent(data=long_text(1), retry=10000)),
        ],
    ),
    "starlette-cr": dict(
        description="sse-starlette 3.7.0 on uvicorn: CR-only line ends (sep='\\r'), multi-line data, retry",
        options=dict(ping=0.04, sep="\r"),
        recv_size=65536,
        events=[
            (0.0, ServerSentEvent(data="one\ntwo", id="cr-1", event="pair")),
            (0.09, ServerSentEvent(data="three", retry=500)),
            (0.01, ServerSentEvent(data="", id="cr-2")),
            (0.01, ServerSentEvent(data="x\r\ny\rz")),
        ],
    ),
}


def make_app(streams):
    def endpoint_for(spec):
        async def endpoint(request):
            async def generate():
                for pause, event in spec["events"]:
                    if pause:
                        await asyncio.sleep(pause)
                    yield event
            return EventSourceResponse(generate(), **spec["options"])
        return endpoint

    return Starlette(routes=[Route(f"/{name}", endpoint_for(spec)) for name, spec in streams.items()])


def expected_lines(events):
    """The peer's view: what a WHATWG-conforming client must report for the events the server sent."""
    lines = []
    last_id = ""
    for _, event in events:
        if event.id is not None:
            last_id = LINE_END.sub("", event.id)
        if event.retry is not None:
            lines.append({"retry": event.retry})
        if event.data is not None:
            data = "\n".join(LINE_END.split(str(event.data)))
            lines.append({"event": event.event or "message", "data": data, "id": last_id})
    return lines


def to_ndjson(objects):
    out = []
    for obj in objects:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        out.append(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return "".join(line + "\n" for line in out).encode("utf-8")


class Dechunker:
    """Incremental HTTP/1.1 head stripper and chunked-coding decoder."""

    def __init__(self):
        self.buffer = b""
        self.head_done = False
        self.status = None
        self.chunked = False
        self.remaining = 0  # bytes left in the current chunk
        self.state = "size"

    def feed(self, data):
        self.buffer += data
        body = b""
        if not self.head_done:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return body
            head = self.buffer[:end].decode("latin-1").split("\r\n")
            self.status = int(head[0].split()[1])
            self.chunked = any(h.lower().startswith("transfer-encoding:") and "chunked" in h.lower() for h in head)
            self.buffer = self.buffer[end + 4:]
            self.head_done = True
        if not self.chunked:
            body, self.buffer = self.buffer, b""
            return body
        while True:
            if self.state == "size":
                end = self.buffer.find(b"\r\n")
                if end < 0:
                    return body
                self.remaining = int(self.buffer[:end].split(b";")[0], 16)
                self.buffer = self.buffer[end + 2:]
                self.state = "data" if self.remaining else "done"
            elif self.state == "data":
                take = self.buffer[:self.remaining]
                body += take
                self.buffer = self.buffer[len(take):]
                self.remaining -= len(take)
                if self.remaining:
                    return body
                self.state = "crlf"
            elif self.state == "crlf":
                if len(self.buffer) < 2:
                    return body
                self.buffer = self.buffer[2:]
                self.state = "size"
            else:
                return body


def fetch(port, name, recv_size):
    """GETs /name and returns (status, body, chunks, timing_ms) with the body bytes each recv() yielded."""
    sock = socket.create_connection(("127.0.0.1", port))
    start = time.monotonic()
    sock.sendall(f"GET /{name} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
                 f"Connection: close\r\n\r\n".encode())
    decoder = Dechunker()
    body, chunks, timing = b"", [], []
    while True:
        data = sock.recv(recv_size)
        if not data:
            break
        piece = decoder.feed(data)
        if piece:
            body += piece
            chunks.append(len(piece))
            timing.append(round((time.monotonic() - start) * 1000, 1))
    sock.close()
    return decoder.status, body, chunks, timing


def record(port, name, spec, out_dir):
    status, body, chunks, timing = fetch(port, name, spec["recv_size"])
    folder = os.path.join(out_dir, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "input.bin"), "wb") as f:
        f.write(body)
    with open(os.path.join(folder, "expected.ndjson"), "wb") as f:
        f.write(to_ndjson(expected_lines(spec["events"])))
    manifest = {
        "format": 1,
        "codec": "sse",
        "description": spec["description"],
        "source": "recorded by Fixtures/sse/record.py: sse-starlette 3.7.0 + uvicorn 0.54.0 (h11), raw-socket "
                  "HTTP/1.1 client, head stripped and chunked coding removed, real recv() boundaries; expected "
                  "output derived from the events the server generator sent (peer's view)",
        "chunks": chunks,
        "timing_ms": timing,
        "connection": [{"event": "connect", "t_ms": 0}, {"event": "http-status", "status": status}],
        "exit": 0,
    }
    with open(os.path.join(folder, "fixture.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(f"{name}: {len(body)} bytes in {len(chunks)} reads, status {status}")


class Server:
    """uvicorn serving `streams` on a free loopback port, in a background thread."""

    def __init__(self, streams):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.server = uvicorn.Server(
            uvicorn.Config(make_app(streams), host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=5)


def main():
    out_dir = HERE
    if len(sys.argv) == 3 and sys.argv[1] == "--out":
        out_dir = sys.argv[2]
    with Server(STREAMS) as server:
        for name, spec in STREAMS.items():
            record(server.port, name, spec, out_dir)


if __name__ == "__main__":
    main()
