"""ctfy 0.7.0 `EventStream` (the --no-deps wheel + httpx, service-profiles §4.5) against `harness serve sse`.

Faults: attempt 1 drop-mid:3 (body cut inside event 4's chunk), attempt 2 status:500, attempt 3 drop-after:2,
attempt 4 served until --count, then clean ends. Checks: every event the mock logged as sent reached ctfy's
iterator with the value our decoder gives for those bytes; ctfy never sends Last-Event-ID (it cannot resume, so
the cut event 4 is lost); backoff 1 s after the cut, 2 s after the 500, 4 s after the next cut (an unclean end
does not reset it), and no delay after a clean end (§4.4).
Usage: sse.py HARNESS"""

import sys
import threading
import time

import importlib.util
import json

import httpx

# ctfy/sdk/__init__.py imports the whole platform (yaml, fastapi, …); the --no-deps wheel's events module needs
# only httpx, so it is loaded from its file (the same code `PlatformClient.events()` runs).
_spec = importlib.util.find_spec("ctfy")
_path = _spec.submodule_search_locations[0] + "/sdk/events.py"
_events = importlib.util.spec_from_file_location("ctfy_sdk_events", _path)
_module = importlib.util.module_from_spec(_events)
_events.loader.exec_module(_module)
EventStream = _module.EventStream

from mockserve import Mock, between, check, harness_decode, sent_payloads

harness = sys.argv[1]
COUNT = 12
with Mock(harness, "sse", "--rate", "50", "--count", str(COUNT), "--token", "pf_test_token",
          "--fault", "drop-mid:3@1", "--fault", "status:500@2", "--fault", "drop-after:2@3") as mock:
    received = []
    stream = EventStream(client_factory=lambda: httpx.Client(base_url=mock.url + "/api/v1", timeout=None),
                         path="/events", token="pf_test_token", auto_reconnect=True)

    def consume():
        for event in stream:
            received.append(event)
            if len(received) >= COUNT - 1:  # all but the event cut by drop-mid
                stream.close()
                return

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    thread.join(timeout=30)
    check(not thread.is_alive(), f"ctfy received {len(received)} events within 30 s")
    # The mock logs `sent` once the write completed, so the client can be a moment ahead of the log.
    mock.wait_for(lambda lines: sum(1 for l in lines if l["event"] == "sent") >= COUNT - 1, 5, "the sent lines")
    log = mock.log()

    sent = sent_payloads(log)
    ours = harness_decode(harness, "sse", b"".join(sent))
    ctfy_view = [{"event": e["event"], "data": e["data"]} for e in received]
    def json_or_text(text):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text

    our_view = [{"event": e["event"], "data": json_or_text(e["data"])} for e in ours]
    check(len(sent) == COUNT - 1, f"the mock sent {COUNT - 1} whole events ({len(sent)})")
    check(ctfy_view == our_view, "every event sent reached ctfy decoded to the value our decoder gives")
    ids = [e["id"] for e in ours]
    check("4" not in ids and ids[:3] == ["1", "2", "3"], "event 4 (cut mid-chunk) was never delivered: no resume")
    requests = [l for l in log if l["event"] in ("request", "reject")]
    check(all(r.get("last_event_id") is None for r in requests), "ctfy never sent Last-Event-ID")
    check(all(r.get("auth") == "accepted" and r.get("token") == 0 for r in requests if r["event"] == "request"),
          "ctfy sent ?token= on every attempt")

    def t(event, conn):
        return next(l["t"] for l in log if l["event"] == event and l["conn"] == conn)

    between(t("connect", 2) - t("drop", 1), 0.9, 1.6, "delay after the cut body (attempt 1 -> 2)")
    between(t("connect", 3) - t("reject", 2), 1.9, 2.7, "delay after 500 (attempt 2 -> 3)")
    between(t("connect", 4) - t("drop", 3), 3.9, 4.8, "delay after the second cut (attempt 3 -> 4: not reset)")
print("sse interop (ctfy 0.7.0): passed")
