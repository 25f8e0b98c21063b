"""The `harness verify --client` side of the `harness connect` NDJSON contract (docs/VERIFY.md), shared by the
adapters in this folder: the environment (`HARNESS_SERVICE`, `HARNESS_URL`, `HARNESS_CA_CERT`, `HARNESS_TOKEN`,
`HARNESS_CONNECT_ARGS`), the options parsed from `HARNESS_CONNECT_ARGS`, and one writer for the lines.

`Contract()` moves the process's stdout (fd 1) to stderr at once, so whatever a seed client prints or logs lands
on stderr; only this writer reaches the real stdout, one flushed line per call. Exit codes: 0 stopped, 69 gave
up (`failed(reason)` then the `{"error":…}` line)."""

import json
import os
import sys
import threading
import time
import urllib.parse

# Options of `harness connect` that take no value; every other option takes one (repeatable ones keep a list).
FLAGS = {"--show-heartbeats", "--no-auto-ack"}
REPEATABLE = {"--header", "--filter"}


def parse_connect_args(text):
    """`HARNESS_CONNECT_ARGS` (a JSON array of strings) as {option: value | [values] | True}."""
    args = json.loads(text or "[]")
    if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
        raise SystemExit("HARNESS_CONNECT_ARGS must be a JSON array of strings")
    options, i = {}, 0
    while i < len(args):
        name = args[i]
        if name in FLAGS:
            options[name] = True
            i += 1
            continue
        if i + 1 >= len(args):
            raise SystemExit(f"HARNESS_CONNECT_ARGS: {name} needs a value")
        if name in REPEATABLE:
            options.setdefault(name, []).append(args[i + 1])
        else:
            options[name] = args[i + 1]
        i += 2
    return options


def fixed_backoff(options, default):
    """The seconds of `--backoff fixed:S` (the only form a fixed-delay seed client can take), else `default`."""
    spec = options.get("--backoff", "")
    if spec.startswith("fixed:"):
        return float(spec[len("fixed:"):])
    return default


class Contract:
    def __init__(self):
        self.service = os.environ.get("HARNESS_SERVICE", "")
        self.url = os.environ.get("HARNESS_URL", "")
        self.ca_cert = os.environ.get("HARNESS_CA_CERT", "")
        self.options = parse_connect_args(os.environ.get("HARNESS_CONNECT_ARGS", "[]"))
        self.token = self.options.get("--token") or os.environ.get("HARNESS_TOKEN", "")
        self.max_events = int(self.options["--max-events"]) if "--max-events" in self.options else None
        self.duration = float(self.options["--duration"]) if "--duration" in self.options else None
        self._out = os.fdopen(os.dup(1), "w", buffering=1)
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        self._lock = threading.Lock()
        self._start = time.monotonic()
        self.attempt = 0
        self.events = 0
        self.last = None      # the last status name written
        self.terminal = None  # the terminal status line written, if any

    def _write(self, obj):
        with self._lock:
            self._out.write(json.dumps(obj, separators=(",", ":")) + "\n")
            self._out.flush()

    def status(self, name, reason=None, delay=None):
        """A status line; `connecting` counts an attempt; nothing is written after a terminal status."""
        if self.terminal is not None:
            return
        if name == "connecting":
            self.attempt += 1
        line = {"status": name, "attempt": self.attempt + (1 if name == "reconnecting" else 0),
                "t": round(time.monotonic() - self._start, 3)}
        if reason is not None:
            line["reason"] = reason
        if delay is not None:
            line["delay"] = round(delay, 3)
        self.last = name
        if name in ("stopped", "failed"):
            self.terminal = line
        self._write(line)

    def event(self, obj):
        """An event line; returns True once `--max-events` events were written (the caller stops then; events
        the client still delivers while it stops are not written)."""
        if self.max_events is not None and self.events >= self.max_events:
            return True
        self._write({"event": obj})
        self.events += 1
        return self.max_events is not None and self.events >= self.max_events

    def omits(self, members):
        """Declares the event members this client cannot show (`{"omits":[…]}`, docs/VERIFY.md): the harness
        compares events without them. Written before the first event."""
        self._write({"omits": list(members)})

    def heartbeat(self, obj):
        if "--show-heartbeats" in self.options:
            self._write({"heartbeat": obj})

    def give_up(self, reason, message):
        """`lost(reason)` (unless the attempt's end was already reported), `failed(reason)` and the error line;
        returns exit status 69."""
        if self.last not in ("lost", None):
            self.status("lost", reason)
        self.status("failed", reason)
        self._write({"error": {"code": reason, "message": message}})
        return 69

    def finish(self):
        """The exit status for a run that ended without giving up: `stopped(stop-requested)` unless a terminal
        status was already written."""
        if self.terminal is None:
            self.status("stopped", "stop-requested")
        return 69 if self.terminal["status"] == "failed" else 0


def http_base(url):
    """`wss://h:p/x` → `https://h:p/x`, `ws://` → `http://` (the base URL form the Python SDKs take)."""
    parts = urllib.parse.urlsplit(url)
    scheme = {"wss": "https", "ws": "http"}.get(parts.scheme, parts.scheme)
    return urllib.parse.urlunsplit((scheme, parts.netloc, parts.path, parts.query, parts.fragment)).rstrip("/")


def drop_own_folder_from_path(file):
    """Running `python3 adapters/ctfy.py` puts adapters/ first on sys.path, where `ctfy.py` etc. would shadow the
    real packages of the same name; remove it (call after importing this module)."""
    here = os.path.dirname(os.path.abspath(file))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
