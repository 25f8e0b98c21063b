"""pycentral 2.0a25 `Streaming` (audit-trail-events) against `harness serve central` (service-profiles §1.8, §1.9).

Trust: pycentral's websocket always runs with `sslopt={"cert_reqs": CERT_NONE}` (§1.2), so the wss side needs
nothing; its token refresh goes through requests, which verifies TLS: REQUESTS_CA_BUNDLE is set to the mock's
--cert-out PEM (a generated self-signed certificate for 127.0.0.1). No monkeypatching.

Part 1 (asserted): base URL with a path prefix, filters CONFIG,FIRMWARE, reconnect_delay=1, tokens tok-1, tok-2.
  attempt 1: 20 events, close 1011          -> reconnect after 1 s (any close code reconnects, §1.6)
  attempt 2: 15 events, TCP drop            -> reconnect after 1 s
  attempt 3: tok-1 expires after 10 events, drop after 12 -> reconnect after 1 s
  attempt 4: 401 (tok-1 revoked)            -> POST /token (client credentials) -> tok-2, reconnect after 1 s
  attempt 5: Bearer tok-2; garbage as event 3 (pycentral logs the DecodeError, the connection goes on); drop after 8
  attempt 6: 403                            -> stream() returns (fatal, §1.7)
  and every event the mock sent reached the callback as the dict `harness decode central --messages` gives.
Part 2 (survey, each fault on attempt 1 only, max_retries=2, reconnect_delay=0.5): what pycentral does under each
  fault kind; the documented outcome (§1.7 table) is asserted per row and the table printed for the notes.
Usage: central.py HARNESS"""

import logging
import os
import sys
import tempfile
import threading
import time

from mockserve import Mock, between, check, harness_decode_messages, sent_payloads

harness = sys.argv[1]
cert = os.path.join(tempfile.mkdtemp(prefix="central-cert-"), "mock.pem")

from pycentral import NewCentralBase  # noqa: E402  (pycentral/__init__.py re-points pycentral.base, §1.9)
from pycentral.streaming.streaming import Streaming  # noqa: E402

logging.basicConfig(level=logging.CRITICAL)


def run_stream(mock, timeout, prefix="", filters=None, reconnect_delay=1, max_retries=None, until=None,
               topic="audit-trail-events"):
    """Runs Streaming.stream in a thread until it returns, `until(log, received)` holds, or `timeout` (then
    stop()); returns (callback dicts, whether stream() returned by itself, the NewCentralBase)."""
    os.environ["REQUESTS_CA_BUNDLE"] = cert
    origin = mock.url.replace("wss://", "https://")
    conn = NewCentralBase(token_info={"new_central": {
        "base_url": origin + prefix, "access_token": "tok-1", "client_id": "cid", "client_secret": "csecret",
        "token_endpoint": origin + "/token"}}, log_level="CRITICAL")
    stream = Streaming(conn, topic, reconnect_delay=reconnect_delay, max_retries=max_retries,
                       filters=filters)
    stream.logger.setLevel(logging.CRITICAL)
    received = []
    thread = threading.Thread(target=stream.stream, kwargs={"callback": received.append}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while thread.is_alive() and time.monotonic() < deadline:
        if until is not None and until(mock.log(), received):
            break
        thread.join(0.1)
    returned = not thread.is_alive()
    if not returned:
        stream.stop()
        thread.join(10)
    return received, returned, conn


def first(log, event, conn):
    return next((l for l in log if l["event"] == event and l["conn"] == conn), None)


# ---- part 1 ---------------------------------------------------------------------------------------------------
with Mock(harness, "central", "--cert-out", cert, "--token", "tok-1", "--token", "tok-2", "--rate", "50",
          "--fault", "close:1011/20@1", "--fault", "drop-after:15@2", "--fault", "expire-token:10@3",
          "--fault", "drop-after:12@3", "--fault", "garbage:2@5", "--fault", "drop-after:8@5",
          "--fault", "status:403@6") as mock:
    check(mock.url.startswith("wss://127.0.0.1:"), f"the URL line is wss:// ({mock.url})")
    received, returned, conn = run_stream(mock, 60, prefix="/prefix/", filters=["CONFIG", "FIRMWARE"])
    log = mock.log()
    check(returned, "stream() returned by itself after the 403 (fatal)")
    upgrades = [l for l in log if l["event"] == "upgrade"]
    rejects = [l for l in log if l["event"] == "reject"]
    check([u["conn"] for u in upgrades] == [1, 2, 3, 5], f"attempts 1, 2, 3, 5 opened ({[u['conn'] for u in upgrades]})")
    check(all(u["path"] == "/prefix/network-services/v1alpha1/audit-trail-events" for u in upgrades),
          "the path prefix of the base URL is kept")
    check(all(u.get("event_types") == ["CONFIG", "FIRMWARE"] for u in upgrades), "event-types=CONFIG,FIRMWARE recorded")
    check([u.get("token") for u in upgrades] == [0, 0, 0, 1], "Bearer tok-1 on attempts 1-3, tok-2 on attempt 5 (log index)")
    check([(r["conn"], r["status"]) for r in rejects] == [(4, 401), (6, 403)], "attempt 4 got 401, attempt 6 403")
    refreshes = [l for l in log if l["event"] == "request"]
    check(len(refreshes) == 1 and refreshes[0]["status"] == 200 and refreshes[0]["token"] == 1
          and refreshes[0]["grant_type"] == "client_credentials", "one client-credentials POST /token issued tok-2")
    check(conn.token_info["new_central"]["access_token"] == "tok-2", "pycentral took the refreshed token")
    with open(mock.log_path) as f:
        check("tok-" not in f.read(), "no token value in the mock's log")

    def t(line):
        return line["t"]

    between(t(first(log, "connect", 2)) - t(first(log, "close", 1)), 0.9, 1.8, "reconnect after close 1011 (1 -> 2)")
    between(t(first(log, "connect", 3)) - t(first(log, "drop", 2)), 0.9, 1.8, "reconnect after a TCP drop (2 -> 3)")
    between(t(first(log, "connect", 4)) - t(first(log, "drop", 3)), 0.9, 1.8, "reconnect after a TCP drop (3 -> 4)")
    between(t(refreshes[0]) - t(first(log, "reject", 4)), 0.0, 0.8, "POST /token right after the 401")
    between(t(first(log, "connect", 5)) - t(refreshes[0]), 0.9, 1.8, "reconnect after the refresh (4 -> 5)")
    between(t(first(log, "connect", 6)) - t(first(log, "drop", 5)), 0.9, 1.8, "reconnect after a TCP drop (5 -> 6)")

    sent = [l for l in log if l["event"] == "sent"]
    normal = [l for l in sent if "form" not in l]
    check(len(sent) == 20 + 15 + 12 + 8 and len(normal) == len(sent) - 1, f"the mock sent 55 messages, 1 garbage ({len(sent)})")
    ours = harness_decode_messages(harness, "central", sent_payloads(normal))
    check(len(ours) == len(normal) and received == ours,
          f"every event sent reached the callback as our decoder reads it ({len(received)} received, {len(ours)} decoded)")
    ids = [l["id"] for l in normal]
    check(len(set(ids)) == len(ids), "no CloudEvent id repeats across connections")

# ---- negative control: the comparison above can fail ------------------------------------------------------------
# pycentral on the `location` topic decodes the same audit-trail payloads with StreamLocationMessage (the decoder
# is fixed per topic, the type URL ignored, §1.4): what reaches its callback then differs from our decoder's view.
with Mock(harness, "central", "--cert-out", cert, "--rate", "50", "--count", "5") as mock:
    received, _, _ = run_stream(mock, 10, reconnect_delay=0.5, topic="location",
                                until=lambda log, got: any(l["event"] == "close" and l.get("reason") == "count" for l in log))
    sent = [l for l in mock.log() if l["event"] == "sent"]
    ours = harness_decode_messages(harness, "central", sent_payloads(sent))
    check(len(ours) == 5 and received != ours,
          "negative control: a client decoding with the wrong message type fails the event comparison")

# ---- part 2: survey ---------------------------------------------------------------------------------------------
# Each fault on attempt 1 only, --count 10; reconnect_delay=0.5. A row is done when pycentral stopped by itself or
# every non-garbage message the mock sent (oversize included) reached the callback. (fault, time budget, fatal, reconnects, note)
survey = [
    ("status:401", 8, False, True, "refreshes via POST /token, reconnects with tok-2"),
    ("status:403", 8, True, False, "fatal: stream() returns"),
    ("status:404", 8, True, False, "fatal: stream() returns"),
    ("status:429,retry-after:1", 8, True, False, "fatal: stream() returns (Retry-After ignored)"),
    ("status:500", 8, True, False, "fatal: stream() returns"),
    ("status:503,retry-after:1", 8, True, False, "fatal: stream() returns (Retry-After ignored)"),
    ("drop-after:5", 10, False, True, "reconnects after the delay"),
    ("drop-mid:5", 10, False, True, "reconnects after the delay (the cut event is lost)"),
    ("close:1000/5", 10, False, True, "reconnects after the delay, even for 1000"),
    ("close:4001/5", 10, False, True, "reconnects after the delay"),
    ("garbage:2", 10, False, False, "logs the DecodeError, keeps the connection"),
    ("oversize:2", 30, False, False, "no size limit: decodes the 8 MiB event"),
    ("bad-deflate:2", 10, False, True, "RSV1 without negotiation: protocol error, reconnects"),
    ("drip", 15, False, False, "reads byte by byte, works"),
    ("slow-accept:1500", 10, False, False, "waits (no handshake timeout)"),
    ("expire-token:3", 10, False, False, "the open connection goes on (the revoked token is never used again)"),
    ("refuse:1200", 12, False, True, "reset, then refused: retries after each delay"),
    ("stall:3", 35, False, True, "ping/pong timeout 15-20 s after connect, then reconnects"),
]
rows = []
for spec, seconds, fatal, reconnects, note in survey:
    with Mock(harness, "central", "--cert-out", cert, "--token", "tok-1", "--token", "tok-2", "--rate", "20",
              "--count", "10", "--fault", spec + "@1") as mock:

        def done(log, received):
            normal = [l for l in log if l["event"] == "sent" and l.get("form") not in ("garbage", "bad-deflate")]
            return any(l["event"] == "close" and l.get("reason") == "count" for l in log) and len(received) >= len(normal)

        received, returned, _ = run_stream(mock, seconds, reconnect_delay=0.5, until=done)
        log = mock.log()
        attempts = sum(1 for l in log if l["event"] == "connect")
        ended = next((l for l in log if l["conn"] == 1 and l["event"] in ("close", "drop", "reject")), None)
        nxt = first(log, "connect", 2)
        gap = nxt["t"] - ended["t"] if nxt and ended else None
        normal = [l for l in log if l["event"] == "sent" and l.get("form") not in ("garbage", "bad-deflate")]  # oversize is a valid event
        ours = harness_decode_messages(harness, "central", sent_payloads(normal))
        rows.append((spec, attempts, len(received), returned, gap, note))
        if fatal:
            check(returned and attempts == 1 and not received, f"{spec}: {note}")
            continue
        check(not returned and received == ours and len(ours) >= 9,
              f"{spec}: every message sent reached the callback as our decoder reads it ({len(received)}/{len(ours)})")
        check((attempts >= 2) == reconnects, f"{spec}: {note} ({attempts} attempts)")
        if reconnects and not spec.startswith(("stall", "refuse")):
            between(gap, 0.4, 1.3, f"{spec}: next attempt after reconnect_delay 0.5 s")
        if spec.startswith("stall"):
            # The ping goes at +10 s; the pong deadline is checked when select (5 s timeout) returns, so the
            # timeout is seen 15-20 s after connect (§1.5), then reconnect_delay.
            between(nxt["t"] - first(log, "connect", 1)["t"], 14.5, 21.5,
                    "stall: next attempt after the ping/pong timeout (ping +10 s, 5 s pong deadline, 5 s select) + 0.5 s")
        if spec.startswith("status:401"):
            check(first(log, "upgrade", 2).get("token") == 1, "status:401: attempt 2 carries the refreshed tok-2")
        if spec.startswith("oversize"):
            check(any(len(d.get("description", "")) > 8_000_000 for d in received), "oversize: the 8 MiB event reached the callback")

print("  pycentral under each fault (attempt 1 only; reconnect_delay=0.5):")
for spec, attempts, events, returned, gap, note in rows:
    gap_text = f"{gap:.2f}s" if gap is not None else "-"
    print(f"    {spec:26} attempts={attempts:<3} events={events:<3} stopped={str(returned):5} next-after={gap_text:7} {note}")
print("central interop (pycentral 2.0a25): passed")
