"""pyisyox 6.0.1 `WebSocketEventStream` (LocalAuth, /rest/subscribe) against `harness serve eisy` (§2.8).

Faults: attempt 1 served, then close 1011 after 60 events; attempt 2 status:503; attempt 3 refuse:3000 (closed
unanswered, listener down 3 s); attempt 4 served, and its Basic credential expires after 50 events, then the
connection drops; attempt 5 gets 401. Checks: status sequence (SYNCING then CONNECTED after the burst's quiet
gap; RECONNECT_FAILED on the Local 401, which ends the task); backoff 1, 2, 5 s on consecutive failures and 1 s
again after a connection that opened; every frame the mock sent reached the listener with the seqnum, control,
action and node our decoder reads from those bytes (eventInfo is re-serialised by pyisyox, compared elsewhere).
Usage: eisy.py HARNESS"""

import asyncio
import logging
import sys

import aiohttp
from pyisyox.auth import LocalAuth
from pyisyox.client import IoXClient
from pyisyox.runtime.events import EventDispatcher
from pyisyox.runtime.ws import WebSocketEventStream

from mockserve import Mock, between, check, harness_decode_messages, sent_payloads

harness = sys.argv[1]
logging.getLogger("pyisyox").setLevel(logging.CRITICAL)  # its reconnect tracebacks are expected here


async def run(mock):
    events, statuses = [], []
    async with aiohttp.ClientSession() as session:
        client = IoXClient(mock.url.replace("ws://", "http://"), LocalAuth("admin", "secret"), session)
        dispatcher = EventDispatcher({})
        dispatcher.add_listener(lambda e: events.append(e))
        stream = WebSocketEventStream(client, dispatcher)
        stream.add_status_listener(lambda st: statuses.append(st.value))
        stream.start()
        for _ in range(400):
            if statuses and statuses[-1] == "reconnect_failed":
                break
            await asyncio.sleep(0.1)
        await stream.stop()
    return events, statuses


with Mock(harness, "eisy", "--rate", "40", "--heartbeat", "0.5", "--quiet", "2.5", "--user", "admin",
          "--password", "secret", "--fault", "close:1011/60@1", "--fault", "status:503@2",
          "--fault", "refuse:3000@3", "--fault", "expire-token:50@4", "--fault", "drop-after:70@4") as mock:
    events, statuses = asyncio.run(run(mock))
    log = mock.log()
    print("  statuses:", " ".join(statuses))
    expected = ["stream_initializing", "stream_syncing", "connected", "lost_connection", "reconnecting",
                "stream_initializing", "lost_connection", "reconnecting",
                "stream_initializing", "lost_connection", "reconnecting",
                "stream_initializing", "stream_syncing", "connected", "lost_connection", "reconnecting",
                "stream_initializing", "reconnect_failed", "disconnected"]
    check(statuses == expected, "SYNCING -> CONNECTED on each opened connection; Local 401 -> RECONNECT_FAILED")

    def t(event, conn):
        return next(l["t"] for l in log if l["event"] == event and l["conn"] == conn)

    between(t("connect", 2) - t("close", 1), 0.9, 1.6, "delay after close 1011 (attempt 1 -> 2)")
    between(t("connect", 3) - t("reject", 2), 1.9, 2.7, "delay after 503 (attempt 2 -> 3)")
    between(t("connect", 4) - t("drop", 3), 4.9, 5.8, "delay after the refused attempt (3 -> 4)")
    between(t("connect", 5) - t("drop", 4), 0.9, 1.6, "delay after a connection that opened (4 -> 5: reset)")
    check(next(l for l in log if l["event"] == "reject" and l["conn"] == 5)["status"] == 401,
          "attempt 5 (expired credential) got 401")

    sent = [l for l in log if l["event"] == "sent"]
    ours = harness_decode_messages(harness, "isy", sent_payloads(sent))
    theirs = [(e.seqnum, e.control, e.action, e.node_address) for e in events]
    mine = [(o["seqnum"], o["control"], o["action"], o["node"]) for o in ours]
    check(len(sent) == 60 + 70, f"the mock sent 60 + 70 frames ({len(sent)})")
    check(theirs == mine, "every frame sent reached pyisyox's listener with our decoder's seqnum/control/action/node")
    check([s for s in (o["seqnum"] for o in ours)][:3] == [0, 1, 2] and any(o["control"] == "_1" and o["action"] == "8" for o in ours),
          "seqnum restarts at 0 and the burst carries the _1 8 subscription key")
print("eisy interop (pyisyox 6.0.1): passed")
