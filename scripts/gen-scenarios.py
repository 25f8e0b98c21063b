#!/usr/bin/env python3
"""Writes the built-in `harness verify` matrix, Scenarios/<service>/<name>.json (docs/VERIFY.md). Expectations
come from shared/service-profiles.md (the section is in each description) and our recommended profile's rules
(README: compatible vs recommended). Run from the repository root; commit the output."""
import json, os, shutil

ROOT = "Scenarios"
STREAM = ["--api-key", "key123", "--user-id", "alice", "--api-secret", "s" * 32]
CENTRAL = ["--token", "{token}", "--client-id", "cid", "--client-secret", "cs", "--token-url", "{origin}/token"]
EISY = ["--user", "admin", "--password", "secret"]
ES = ["--subscription", "123"]
FAST = ["--backoff", "fixed:0.05"]
MOCK = {"central": {"tokens": ["tok-1", "tok-2"]}, "eisy": {"user": "admin", "password": "secret"},
        "stream": {}, "eventstreamer": {"count": 40}, "sse": {"tokens": ["tok-1"], "count": 40}}
ARGS = {"central": CENTRAL, "eisy": EISY, "stream": STREAM, "eventstreamer": ES, "sse": ["--token", "{token}"]}
DELIVERY = {"sse": "exactly-once", "eventstreamer": "exactly-once"}
scenarios = {}


def add(service, name, description, faults=(), events=6, statuses=None, final="stopped(stop-requested)",
        extra_mock=None, extra_args=(), time_limit=10, **expect):
    mock = dict(MOCK[service], faults=list(faults), **(extra_mock or {}))
    connect = [*ARGS[service], *FAST, *extra_args]
    if events:
        connect += ["--max-events", str(events)]
        expect["events"] = {"delivery": DELIVERY.get(service, "at-least-once"), "count": events}
    if statuses is not None:
        expect["statuses"] = statuses
        expect["statusMatch"] = "subsequence"
    if final:
        expect["final"] = final
    if service == "eisy" and statuses and name != "syncing-then-connected":
        # eisy is SYNCING through the replay burst (§2.5), which a short run never leaves.
        statuses = ["syncing" if s == "connected" else s for s in statuses]
        expect["statuses"] = statuses
    scenarios[f"{service}/{name}"] = {"service": service, "description": description, "mock": mock,
                                      "connect": connect, "timeLimit": time_limit, "expect": expect}


for service in MOCK:
    ws = service in ("central", "eisy", "stream")
    add(service, "baseline", "no fault: events decode exactly as the mock encoded them, then a clean stop",
        statuses=["connecting", "connected", "stopped(stop-requested)"], attempts=1)
    add(service, "drop-after", "TCP closed after 3 events: lost, reconnect after the policy delay, no event lost",
        faults=["drop-after:3@1"], statuses=["connected", "lost", "reconnecting", "connecting", "connected"], attempts=2)
    add(service, "drop-mid", "TCP closed in the middle of event 4: the half event is never delivered, the next connection goes on",
        faults=["drop-mid:3@1"], statuses=["connected", "lost", "reconnecting", "connecting", "connected"], attempts=2)
    add(service, "drip", "every byte its own TCP write: the head and every event arrive byte by byte; no reconnect",
        faults=["drip@1"], events=4, attempts=1, extra_args=())
    if service in ("sse", "eventstreamer"):
        scenarios[f"{service}/drip"]["expect"].pop("events")
    add(service, "status-503", "503 on the stream request is transient: retried after the delay (service-profiles table)",
        faults=["status:503@1"], statuses=["connecting", "lost(http-503)", "reconnecting", "connecting", "connected"], attempts=2)
    add(service, "status-503-twice", "two 503s in a row: each retried, the second delay per the policy",
        faults=["status:503@1", "status:503@2"], statuses=["lost(http-503)", "reconnecting", "lost(http-503)", "reconnecting", "connected"],
        attempts=3, delays={"values": [0.05, 0.05], "tolerance": 0.3})
    add(service, "status-500", "500 is transient: retried", faults=["status:500@1"],
        statuses=["lost(http-500)", "reconnecting", "connected"], attempts=2)
    add(service, "status-429-retry-after", "429 with Retry-After 1: retried no sooner than the server asked",
        faults=["status:429,retry-after:1@1"], statuses=["lost(http-429)", "reconnecting", "connected"], attempts=2,
        delays={"values": [[1.0, 1.6]], "tolerance": 0.25})
    add(service, "slow-accept", "the server answers the stream request after 1.5 s: within the handshake timeout, no reconnect",
        faults=["slow-accept:1500@1"], events=3, attempts=1)
    add(service, "refuse", "the port refuses connections for 0.5 s: retried until it is back",
        faults=["refuse:500@1"], statuses=["connecting", "lost", "reconnecting", "connected"], events=3, time_limit=15)
    add(service, "garbage", "one malformed message: skipped (logged), the connection goes on, later events arrive",
        faults=["garbage:2@1"], attempts=1)
    if service in ("central", "stream"):
      add(service, "stall-reconnects", "the server goes silent after 2 events: liveness (ping/heartbeat/idle timeout) declares it dead and reconnects",
        faults=["stall:2@1"], statuses=["connected", "lost", "reconnecting", "connected"], events=4, time_limit=40,
        extra_mock={"heartbeat": 0.5} if service != "central" else None)
    if ws:
        add(service, "close-1011", "close 1011 after 3 events: a server error, reconnect",
            faults=["close:1011/3@1"], statuses=["connected", "lost(ws-close-1011)", "reconnecting", "connected"], attempts=2)
        add(service, "close-4001", "an application close code: reconnect", faults=["close:4001/2@1"],
            statuses=["connected", "lost(ws-close-4001)", "reconnecting", "connected"], attempts=2)
        add(service, "bad-deflate", "RSV1 on a frame without negotiated deflate: a protocol error (RFC 7692 §6), reconnect",
            faults=["bad-deflate:2@1"], statuses=["connected", "lost", "reconnecting", "connected"], events=4)
        add(service, "oversize", "an 8 MiB message above the client's limit: the connection fails with a size error and reconnects",
            faults=["oversize:2@1"], statuses=["connected", "lost", "reconnecting", "connected"], events=4, time_limit=15)
    add(service, "random-drops", "drops on attempts 1, 2 and 3: every outage reconnects",
        faults=["drop-after:2@1", "drop-mid:1@2", "drop-after:3@3"], events=8, attempts=4)

# Service rules.
add("central", "status-401-refresh", "401 on the upgrade: one OAuth client-credentials refresh, then the new token (§1.7)",
    faults=["status:401@1"], statuses=["lost(http-401)", "reconnecting", "connected"], attempts=2)
add("central", "expire-token-refresh", "the token expires: the next upgrade gets 401 with it, refresh, tok-2 accepted (§1.7)",
    faults=["expire-token:2@1", "drop-after:3@1"], credentials=["token:0", "token:0", "token:1"], attempts=3,
    statuses=["lost", "reconnecting", "lost(http-401)", "reconnecting", "connected"])
add("central", "status-403-stop", "403 is not retried: failed(http-403) (§1.7)", faults=["status:403"], events=0,
    final="failed(http-403)", attempts=1, statuses=["connecting", "lost(http-403)", "failed(http-403)"])
add("central", "status-404-stop", "404 (unknown topic path) is not retried", faults=["status:404"], events=0,
    final="failed(http-404)", attempts=1)
add("eisy", "syncing-then-connected", "the replay burst is SYNCING, the quiet gap after it CONNECTED (§2.5)",
    extra_mock={"quiet": 1.5}, statuses=["connecting", "syncing", "connected"], events=0, extra_args=["--duration", "5"],
    time_limit=15)
add("eisy", "status-401-stop", "Basic credentials refused: stop, no retry loop (§2.4)", faults=["status:401"], events=0,
    final="failed(http-401)", attempts=1)
add("stream", "code-40-refresh", "connection.error code 40: a fresh JWT on the next attempt (§5.4)",
    faults=["expire-token:2@1", "drop-after:3@1"], statuses=["lost", "reconnecting", "lost(token-expired)", "reconnecting", "connected"], attempts=3)
add("stream", "close-1000-stops", "close 1000 from the server: stopped for good, no reconnect (§5.6)",
    faults=["close:1000/3@1"], events=0, final="stopped(ws-close-1000)", attempts=1)
add("stream", "status-401-stop", "401 on the upgrade: one retry with a freshly minted token, then stop (§5.4)",
    faults=["status:401"], events=0, final="failed(http-401)", attempts=2)
add("eventstreamer", "resume-token", "a drop mid-batch: the next request carries the last delivered batch's resume token, exactly once (§3.5)",
    faults=["drop-mid:4@1"], resume=[None, "rt_4"], attempts=2, events=8)
add("eventstreamer", "status-403-stop", "403: not retried", faults=["status:403"], events=0, final="failed(http-403)", attempts=1)
add("eventstreamer", "expire-connection", "the service forgets the connection: heartbeat/ack 404 is a lost connection, resume (§3.4)",
    faults=["expire-token:2@1"], events=8, statuses=["connected"])
add("sse", "last-event-id", "a drop in the middle of event 4: the reconnect sends Last-Event-ID 3 (WHATWG §9.2.3)",
    faults=["drop-mid:3@1"], resume=[None, "3"], attempts=2, credentials=["token:0", "token:0"])
add("sse", "retry-field", "retry: 300 replaces the reconnect delay (WHATWG)", faults=["drop-after:2@1"],
    extra_mock={"retry": 300}, delays={"values": [0.3], "tolerance": 0.2}, attempts=2, extra_args=())
add("sse", "status-204-stop", "204 No Content: stop for good (WHATWG)", faults=["status:204"], events=0,
    final="stopped(http-204)", attempts=1)
add("sse", "status-401-stop", "401: stop (ctfy retries it for ever; §4.4)", faults=["status:401"], events=0,
    final="failed(http-401)", attempts=1)
add("sse", "status-403-stop", "403: stop", faults=["status:403"], events=0, final="failed(http-403)", attempts=1)

# The Event Streamer mock's garbage line takes the place of batch 3, which therefore never exists: nothing to
# resume at, so the check is at-least-once (no other batch lost, none out of order).
scenarios["eventstreamer/garbage"]["expect"]["events"]["delivery"] = "at-least-once"

shutil.rmtree(ROOT, ignore_errors=True)
for name, body in sorted(scenarios.items()):
    path = os.path.join(ROOT, name + ".json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(body, f, indent=2)
        f.write("\n")
print(f"{len(scenarios)} scenarios under {ROOT}/")
