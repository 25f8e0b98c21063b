"""Deliberately broken adapter: a small SSE client (WHATWG parsing: event, data, id, retry) that reconnects after
every end of the stream but never sends `Last-Event-ID` (issue 18 Checks), so it cannot resume and re-reads or
loses events. Options from HARNESS_CONNECT_ARGS: `--token` (Bearer), `--backoff fixed:S` (default 1 s; a
`retry:` field overrides it), `--max-events`, `--duration`. HARNESS_CA_CERT for https. A 204 stops it."""

import http.client
import os
import ssl
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import contract  # noqa: E402

out = contract.Contract()
url = urllib.parse.urlsplit(out.url)
delay = contract.fixed_backoff(out.options, 1.0)
deadline = time.monotonic() + out.duration if out.duration is not None else None
last_event_id = ""   # tracked as WHATWG says, and then never sent: the defect


def session():
    """One connection; returns the lost/stopped reason."""
    global delay, last_event_id
    if url.scheme == "https":
        context = ssl.create_default_context(cafile=out.ca_cert or None)
        conn = http.client.HTTPSConnection(url.hostname, url.port, context=context, timeout=30)
    else:
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
    if out.token:
        headers["Authorization"] = f"Bearer {out.token}"
    try:
        conn.request("GET", url.path + (f"?{url.query}" if url.query else ""), headers=headers)
        response = conn.getresponse()
    except ConnectionRefusedError:
        return "lost", "tcp-refused"
    except OSError:
        return "lost", "tcp-reset"
    if response.status == 204:
        return "stopped", "http-204"
    if response.status != 200:
        return "lost", f"http-{response.status}"
    out.status("connected")
    kind, data = "", []
    try:
        while True:
            if deadline is not None and time.monotonic() > deadline:
                return "stopped", "stop-requested"
            raw = response.readline()
            if not raw:
                return "lost", "end-of-stream"
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if not line:
                if data:
                    if out.event({"event": kind or "message", "data": "\n".join(data), "id": last_event_id}):
                        return "stopped", "stop-requested"
                kind, data = "", []
                continue
            if line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "event":
                kind = value
            elif name == "data":
                data.append(value)
            elif name == "id" and "\0" not in value:
                last_event_id = value
            elif name == "retry" and value.isdigit():
                delay = int(value) / 1000
    except (OSError, http.client.HTTPException):
        return "lost", "tcp-reset"
    finally:
        conn.close()


if out.duration is not None:
    threading.Timer(out.duration + 1, lambda: os._exit(out.finish())).start()
while True:
    out.status("connecting")
    what, reason = session()
    if what == "stopped":
        out.status("stopped", reason)
        break
    out.status("lost", reason)
    out.status("reconnecting", delay=delay)
    time.sleep(delay)
sys.exit(out.finish())
