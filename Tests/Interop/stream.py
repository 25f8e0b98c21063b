"""`harness serve stream` against a Stream coordinator client written from §5 (stream_client.py; the real
`StreamWS` is in no release, see its docstring) on websockets.

Faults: attempt 1 serves, its token expires after 4 events, close 1011 after 8; attempt 2 status:503;
attempt 3 reuses the expired token -> connection.error 40 -> fresh JWT; attempt 4 serves, then close 1000
after 6 events. Checks: connection.ok first with a connection_id; every array health.check got a health.check
event back; every event the mock sent reached the listener with the same JSON value; delays within §5.5's
ranges (attempt k: [0.25, 0.5) * 2**(k-1)); code 40 took a fresh token; close 1000 ended it for good (no 5th).
Usage: stream.py HARNESS"""

import asyncio
import json
import sys

from mockserve import Mock, between, check, sent_payloads
from stream_client import StreamWS

harness = sys.argv[1]


async def run(mock):
    ws = StreamWS(api_key="key123", api_secret="s" * 32, user_id="alice", base_url=mock.url.replace("ws://", "http://"),
                  healthcheck_interval=0.3, healthcheck_timeout=5.0)
    events = []
    ws.listeners.append(events.append)
    ok = await ws.connect()
    for _ in range(200):
        if not ws.connected and not ws.reconnecting:
            break
        await asyncio.sleep(0.1)
    stopped = not ws.connected
    await ws.disconnect()
    return ok, events, stopped, ws.log


with Mock(harness, "stream", "--rate", "5", "--fault", "expire-token:4@1", "--fault", "close:1011/8@1",
          "--fault", "status:503@2", "--fault", "close:1000/6@4") as mock:
    ok, events, stopped, client_log = asyncio.run(run(mock))
    log = mock.log()
    check(ok["type"] == "connection.ok" and ok["connection_id"] == "conn-1", "connect() returned connection.ok")
    check(stopped, "close 1000 stopped the client for good")
    connects = [l for l in log if l["event"] == "connect"]
    check(len(connects) == 4, f"exactly 4 attempts ({len(connects)})")
    auths = [l for l in log if l["event"] == "received" and l.get("type") == "auth"]
    check([a["auth"] for a in auths] == ["accepted", "rejected", "accepted"], "attempt 3 presented the expired token")
    sent = [l for l in log if l["event"] == "sent"]
    check([s["type"] for s in sent if s["conn"] == 3] == ["connection.error"], "attempt 3 got connection.error (code 40)")
    delivered = [p for l, p in zip(sent, sent_payloads(sent))
                 if l["type"] not in ("connection.ok", "connection.error")]
    check([json.loads(p) for p in delivered] == events,
          "every event after connection.ok reached the listener with the JSON value sent")
    checks = [l for l in log if l["event"] == "received" and l.get("type") == "health.check"]
    closes = {l["conn"]: l["t"] for l in log if l["event"] == "close" and l.get("by") == "server"}
    # A check that arrives as the scripted close goes out cannot be answered; all others must be, in order.
    settled = [c for c in checks if c["t"] < closes.get(c["conn"], 1e9) - 0.05]
    answered = [any(a["conn"] == c["conn"] and c["t"] <= a["t"] < c["t"] + 0.1 for a in sent if a["type"] == "health.check")
                for c in settled]
    check(len(settled) >= 2 and all(answered), f"each of {len(settled)} client health checks got a health.check back")

    def t(event, conn):
        return next(l["t"] for l in log if l["event"] == event and l["conn"] == conn)

    between(t("connect", 2) - t("close", 1), 0.25, 0.6, "delay before attempt 1 of the episode")
    between(t("connect", 3) - t("reject", 2), 0.5, 1.1, "delay before attempt 2 (after 503)")
    between(t("connect", 4) - t("connect", 3), 1.0, 2.2, "delay before attempt 3 (after code 40)")
print("stream interop (section-5 client on websockets 17.4): passed")
