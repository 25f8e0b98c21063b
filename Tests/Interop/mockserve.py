"""Shared helpers for the interop scripts: start `harness serve` (the built binary), read its base URL and its
NDJSON --log, decode what it sent with `harness decode`, and check timings. Loopback only; every wait bounded."""

import base64
import json
import os
import subprocess
import sys
import tempfile
import time


class Mock:
    """A running `harness serve SERVICE ...`; use as a context manager (SIGTERM on exit)."""

    def __init__(self, harness, service, *args):
        self.harness = harness
        self.dir = tempfile.mkdtemp(prefix=f"mock-{service}-")
        self.log_path = os.path.join(self.dir, "server.ndjson")
        cmd = [harness, "serve", service, "--log", self.log_path, *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line:
            raise SystemExit(f"harness serve {service} printed no URL: {self.proc.stderr.read()}")
        self.url = line
        self.port = int(line.rsplit(":", 1)[1])

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                raise SystemExit("harness serve did not stop on SIGTERM within 10 s")
        rest = self.proc.stdout.read()
        if rest.strip():
            raise SystemExit(f"harness serve wrote more than the URL to stdout: {rest[:200]!r}")

    def log(self):
        """The log's complete lines (a line still being written, without its newline yet, is left out)."""
        with open(self.log_path) as f:
            return [json.loads(line) for line in f if line.endswith("\n") and line.strip()]

    def events(self, name):
        return [line for line in self.log() if line["event"] == name]

    def wait_for(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(self.log()):
                return
            time.sleep(0.05)
        dump = "\n".join(json.dumps(l)[:200] for l in self.log()[-30:])
        raise SystemExit(f"timed out after {timeout} s waiting for {what}; log tail:\n{dump}")


def sent_payloads(lines):
    return [base64.b64decode(line["base64"]) for line in lines if line["event"] == "sent"]


def harness_decode(harness, codec, data, *options):
    """`harness decode CODEC` on bytes; returns the NDJSON output lines parsed."""
    out = subprocess.run([harness, "decode", codec, *options], input=data, capture_output=True, timeout=60)
    return [json.loads(line) for line in out.stdout.decode().splitlines() if line.strip()]


def harness_decode_messages(harness, codec, payloads, *options):
    """`harness decode CODEC --messages` on one message per payload; one result per payload."""
    lines = b"".join(json.dumps({"base64": base64.b64encode(p).decode()}).encode() + b"\n" for p in payloads)
    return harness_decode(harness, codec, lines, "--messages", *options)


def between(t, low, high, what):
    if not (low <= t <= high):
        raise SystemExit(f"{what}: {t:.2f} s, expected {low}..{high} s")
    print(f"  {what}: {t:.2f} s (expected {low}..{high})")


def check(condition, message):
    if not condition:
        raise SystemExit("FAILED: " + message)
    print("  ok: " + message)
