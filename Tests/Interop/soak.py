"""Bounded soak of every `harness serve` mock (issue 15 Checks), stdlib only, loopback only, every loop bounded:
1. one consumer, `--rate 0 --count 10000`: the mock sends 10,000 content events as fast as the consumer reads,
   then its clean end (WebSocket close / last chunk); the log has 10,000 content `sent` lines; the mock's RSS
   (VmRSS of the harness process) is read before and after and must grow by less than 64 MiB;
2. 50 clients at once (`--rate 0`, no count): all 50 are connected and streaming at the same time (a barrier
   after each one's 101/200 and first data), each reads 64 KiB of events, then all close; the mock keeps serving
   (a 51st request afterwards is answered).
Prints per mock: seconds, events/s, RSS before/after. Usage: soak.py HARNESS"""

import base64
import json
import os
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time

harness = sys.argv[1]
folder = tempfile.mkdtemp(prefix="soak-")
EVENTS = 10_000
CLIENTS = 50
upgrade = ("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
           "Sec-WebSocket-Version: 13\r\n")
basic = "Basic " + base64.b64encode(b"admin:secret").decode()
# service -> (is websocket, request, first client message or None, server-side options, content `sent` filter;
# None: eisy, whose content is what follows its replay burst)
services = {
    "central": (True, f"GET /network-services/v1alpha1/audit-trail-events HTTP/1.1\r\nHost: 127.0.0.1\r\n{upgrade}"
                      "Authorization: Bearer tok-1\r\n\r\n", None, ["--token", "tok-1"], lambda l: True),
    "eisy": (True, f"GET /api/events/subscribe HTTP/1.1\r\nHost: 127.0.0.1\r\n{upgrade}Authorization: {basic}\r\n\r\n",
             None, ["--quiet", "0"], None),
    "stream": (True, f"GET /api/v2/connect?api_key=k HTTP/1.1\r\nHost: 127.0.0.1\r\n{upgrade}\r\n",
               b'{"token":"t","user_details":{"id":"soak"}}', [], lambda l: l.get("type") == "message.new"),
    "sse": (False, "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", None, [], lambda l: True),
    "eventstreamer": (False, "GET /subscriptions/s1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", None, [],
                      lambda l: "batch_id" in l),
}


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def client_frame(opcode, payload):
    """A masked client frame (RFC 6455 §5.3), mask 0 for simplicity (a zero key is a valid key)."""
    n = len(payload)
    head = bytes([0x80 | opcode]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack("!H", n))
    return head + b"\0\0\0\0" + payload


class Consumer:
    """One client connection: sends the stream request, reads the head, then frames (WebSocket) or body bytes."""

    def __init__(self, port, tls, websocket, request, hello):
        raw = socket.create_connection(("127.0.0.1", port), timeout=30)
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # what pycentral does (§1.2); trust is serve_tls.py's subject
            raw = context.wrap_socket(raw, server_hostname="127.0.0.1")
        self.sock, self.websocket, self.buffer = raw, websocket, b""
        self.sock.sendall(request.encode())
        while b"\r\n\r\n" not in self.buffer:
            self.fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        self.status = int(head.split(b" ", 2)[1])
        if hello is not None:
            self.sock.sendall(client_frame(0x1, hello))

    def fill(self):
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise EOFError
        self.buffer += chunk
        return len(chunk)

    def frames(self):
        """Yields (opcode, payload) until the server's close frame (answered) or EOF."""
        while True:
            while len(self.buffer) < 2:
                self.fill()
            b1 = self.buffer[1] & 0x7F
            offset = 2 + (2 if b1 == 126 else 8 if b1 == 127 else 0)
            while len(self.buffer) < offset:
                self.fill()
            n = b1 if b1 < 126 else struct.unpack("!H" if b1 == 126 else "!Q", self.buffer[2:offset])[0]
            while len(self.buffer) < offset + n:
                self.fill()
            opcode, payload = self.buffer[0] & 0x0F, self.buffer[offset:offset + n]
            self.buffer = self.buffer[offset + n:]
            if opcode == 0x8:
                self.sock.sendall(client_frame(0x8, payload[:2]))
                return
            yield opcode, payload

    def drain_http(self):
        """Reads the chunked body until its last chunk; returns the body bytes count."""
        total = 0
        while True:
            while b"\r\n" not in self.buffer:
                self.fill()
            line, rest = self.buffer.split(b"\r\n", 1)
            size = int(line, 16)
            while len(rest) < size + 2:
                self.fill()
                line, rest = self.buffer.split(b"\r\n", 1)
            self.buffer = rest[size + 2:]
            total += size
            if size == 0:
                return total

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def serve(service, *args):
    log = os.path.join(folder, f"{service}.ndjson")
    proc = subprocess.Popen([harness, "serve", service, "--log", log, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    if not url:
        raise SystemExit(f"serve {service} printed no URL: {proc.stderr.read()}")
    return proc, int(url.rsplit(":", 1)[1]), url.startswith(("wss", "https")), log


def stop(proc):
    proc.terminate()
    proc.wait(timeout=10)


def fail(message):
    raise SystemExit("FAILED: " + message)


results = []
for service, (websocket, request, hello, extra, is_content) in services.items():
    # 1. one consumer, 10,000 events at full speed.
    proc, port, tls, log = serve(service, "--rate", "0", "--count", str(EVENTS), *extra)
    try:
        time.sleep(0.2)
        before = rss_kib(proc.pid)
        start = time.monotonic()
        consumer = Consumer(port, tls, websocket, request, hello)
        if consumer.status not in (101, 200):
            fail(f"{service}: status {consumer.status}")
        received = sum(1 for _ in consumer.frames()) if websocket else consumer.drain_http()
        seconds = time.monotonic() - start
        consumer.close()
        time.sleep(0.2)
        after = rss_kib(proc.pid)
        with open(log) as f:
            lines = [json.loads(line) for line in f if line.strip()]
        sent = [l for l in lines if l["event"] == "sent"]
        if is_content:
            content = len([l for l in sent if is_content(l)])
            if content != EVENTS:
                fail(f"{service}: {content} content events sent, expected {EVENTS}")
        else:  # eisy: the replay burst (under 100 frames) precedes the 10,000 live events; _0 heartbeats aside
            burst = len([l for l in sent if l.get("control") != "_0"]) - EVENTS
            if not 0 < burst < 100:
                fail(f"{service}: {burst + EVENTS} frames sent, expected a burst of under 100 + {EVENTS}")
        if websocket and received != len(sent):
            fail(f"{service}: consumer read {received} messages, the mock logged {len(sent)} sent")
        if after - before > 64 * 1024:
            fail(f"{service}: RSS grew by {(after - before) // 1024} MiB serving {EVENTS} events")
    finally:
        stop(proc)

    # 2. 50 clients at once.
    proc, port, tls, log = serve(service, "--rate", "0", *extra)
    try:
        barrier = threading.Barrier(CLIENTS, timeout=30)
        outcomes = [None] * CLIENTS

        def one(i):
            try:
                c = Consumer(port, tls, websocket, request, hello)
                while len(c.buffer) == 0:
                    c.fill()
                barrier.wait()  # all 50 are connected and have data at this moment
                got = len(c.buffer)
                while got < 1 << 16:
                    got += c.fill()
                outcomes[i] = (c.status, got)
                c.close()
            except Exception as error:  # noqa: BLE001 (reported below)
                outcomes[i] = ("error", repr(error))

        threads = [threading.Thread(target=one, args=(i,)) for i in range(CLIENTS)]
        concurrent_start = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        concurrent_seconds = time.monotonic() - concurrent_start
        bad = [o for o in outcomes if o is None or o[0] not in (101, 200)]
        if bad:
            died = "" if proc.poll() is None else f"; harness exited {proc.returncode}: {proc.stderr.read()[-2000:]}"
            fail(f"{service}: {len(bad)} of {CLIENTS} concurrent clients failed: {bad[:3]}{died}")
        peak = rss_kib(proc.pid)
        late = Consumer(port, tls, websocket, request, hello)
        if late.status not in (101, 200):
            fail(f"{service}: a request after the 50 got {late.status}")
        late.close()
    finally:
        stop(proc)
    results.append((service, seconds, before, after, concurrent_seconds, peak))
    print(f"  ok: {service}: {EVENTS} events in {seconds:.2f} s ({EVENTS / seconds:.0f}/s), RSS {before // 1024} -> "
          f"{after // 1024} MiB; {CLIENTS} concurrent clients x 64 KiB in {concurrent_seconds:.2f} s, RSS {peak // 1024} MiB")
print(f"soak: all {len(results)} mocks passed")
