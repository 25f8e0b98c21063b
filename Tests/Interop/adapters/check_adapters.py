"""Runs every adapter of this folder against `harness serve` mocks the way `harness verify --client` does (env
HARNESS_SERVICE/URL/CA_CERT/TOKEN/CONNECT_ARGS, /bin/sh -c, a time limit), checks its stdout against the connect
contract (docs/VERIFY.md) and asserts what each seed client does under each fault, from its NDJSON and the
mock's --log. Each row's `what` is the observed behaviour and `rule` the service-profiles section; a row marked
`defect` is a seed defect (README.md's table). The deliberately broken adapters must show their break, and the
reference adapter (our own `harness connect`) must not, on the same mock. Prints the table, then
`N passed, N failed`.
Usage: check_adapters.py HARNESS PYTHON PYCENTRAL_PYTHON"""

import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from mockserve import Mock, harness_decode, harness_decode_messages, sent_payloads  # noqa: E402

harness, python, central_python = sys.argv[1:4]
CERT = os.path.join(tempfile.mkdtemp(prefix="adapters-"), "mock.pem")
STATUSES = {"connecting", "syncing", "connected", "lost", "reconnecting", "stopped", "failed"}
STREAM = ["--api-key", "key123", "--user-id", "alice", "--api-secret", "s" * 32]
EISY = ["--user", "admin", "--password", "secret"]


class Run:
    def __init__(self, exit, lines, log, elapsed):
        self.exit, self.lines, self.log, self.elapsed = exit, lines, log, elapsed
        self.events = [l["event"] for l in lines if "event" in l]
        self.statuses = [l for l in lines if "status" in l]

    def trace(self):
        return [s["status"] + (f"({s['reason']})" if "reason" in s and s["status"] != "reconnecting" else "")
                for s in self.statuses]

    def mock(self, event):
        return [l for l in self.log if l["event"] == event]

    def attempts(self):
        return len(self.mock("connect"))

    def gaps(self):
        """Seconds from each `lost` to the next `connecting`, as the runner measures delays."""
        out, lost = [], None
        for s in self.statuses:
            if s["status"] == "lost":
                lost = s["t"]
            elif s["status"] == "connecting" and lost is not None:
                out.append(s["t"] - lost)
                lost = None
        return out


def contract_problems(exit, stdout):
    """What in a run breaks the connect contract (docs/VERIFY.md); [] when it keeps it."""
    problems, lines = [], []
    texts = stdout.split("\n")   # not splitlines(): U+2028 inside a JSON string is no line end
    if texts[-1] == "":
        texts.pop()
    for number, text in enumerate(texts, 1):
        try:
            line = json.loads(text)
        except json.JSONDecodeError:
            return [f"stdout line {number} is not JSON: {text[:80]!r}"], []
        if isinstance(line, dict) and isinstance(line.get("omits"), list):
            continue
        if not isinstance(line, dict) or not ({"event", "status", "error", "heartbeat"} & line.keys()):
            return [f"stdout line {number} is not a contract object: {text[:80]!r}"], []
        if "status" in line and line["status"] not in STATUSES:
            problems.append(f"unknown status {line['status']}")
        if line.get("status") in ("lost", "stopped", "failed") and "reason" not in line:
            problems.append(f"{line['status']} without a reason")
        lines.append(line)
    failed = [l for l in lines if l.get("status") == "failed"]
    if exit == 69 and not (failed and "error" in lines[-1]):
        problems.append("exit 69 without failed(...) and a last error line")
    if exit == 0 and (failed or any("error" in l for l in lines)):
        problems.append("exit 0 after failed/error")
    if exit not in (0, 69, None):
        problems.append(f"exit status {exit}")
    return problems, lines


def run(adapter, service, mock_args, connect, limit, interpreter=None, token=""):
    """One adapter run against a fresh mock; returns a Run (exit None: killed at the time limit)."""
    if service == "central":
        mock_args = ["--cert-out", CERT, *mock_args]
    with Mock(harness, service, *mock_args) as mock:
        url = mock.url + ("/api/v1/events" if service == "sse" else "")
        origin = mock.url.replace("wss://", "https://").replace("ws://", "http://")
        args = [a.replace("{origin}", origin) for a in connect]
        path = os.path.join(HERE, adapter)
        command = path if adapter.endswith(".sh") else f"{interpreter or python} {path}"
        env = dict(os.environ, HARNESS_SERVICE=service, HARNESS_URL=url, HARNESS_TOKEN=token,
                   HARNESS_CA_CERT=CERT if service == "central" else "", HARNESS_CONNECT_ARGS=json.dumps(args),
                   HARNESS_BIN=harness)
        started = time.monotonic()
        proc = subprocess.Popen(["/bin/sh", "-c", command], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env, start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=limit)
            exit = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 15)
            try:
                stdout, stderr = proc.communicate(timeout=3)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                stdout, stderr = proc.communicate()
            exit = None
        elapsed = time.monotonic() - started
        time.sleep(0.1)
        log = mock.log()
    problems, lines = contract_problems(exit, stdout)
    if problems:
        tail = "\n".join(stderr.splitlines()[-8:])
        raise AssertionError(f"{adapter}: contract: {problems[0]}\n  stderr tail:\n{tail}")
    return Run(exit, lines, log, elapsed)


def content(r, service):
    """The events the mock sent whole, decoded as `harness decode` prints them (what the runner expects)."""
    sent = [l for l in r.log if l["event"] == "sent" and "form" not in l]
    if service == "sse":
        return harness_decode(harness, "sse", b"".join(sent_payloads(sent)))
    if service == "eventstreamer":
        return [d for d in harness_decode(harness, "eventstreamer", b"".join(sent_payloads(sent)))
                if d.get("type") == "event_batch"]
    if service == "stream":
        return [json.loads(p) for l, p in zip(sent, sent_payloads(sent)) if l.get("type") == "message.new"]
    codec = "isy" if service == "eisy" else service
    decoded = harness_decode_messages(harness, codec, sent_payloads(sent))
    return [d for d in decoded if not (service == "eisy" and d.get("control") == "_0")]


def same_events(r, service, ignore=()):
    """Delivered events equal the mock's content (in order, once), on the members the adapter printed; returns
    the members of ours the adapter never printed."""
    wanted = content(r, service)
    missing = sorted({k for w in wanted for k in w} - {k for e in r.events for k in e}) if r.events else []
    project = [{k: v for k, v in w.items() if k not in missing and k not in ignore} for w in wanted]
    got = [{k: v for k, v in e.items() if k not in ignore} for e in r.events]
    assert got == project[:len(got)] and len(got) == len(project), \
        f"events differ: {len(got)} delivered, {len(project)} sent; first: {next(((i, g) for i, (g, p) in enumerate(zip(got, project)) if g != p), None)}"
    return missing


rows, failures = [], []


def case(adapter, rule, what, check, *run_args, defect=False, **run_kwargs):
    label = f"{adapter:22} {rule:34}"
    try:
        r = run(adapter, *run_args, **run_kwargs)
        note = check(r)
        rows.append((adapter, rule, what + (f" ({note})" if note else ""), defect, r.elapsed))
        print(f"  ok   {label} {r.elapsed:5.1f}s  {what}" + (f" ({note})" if note else ""), flush=True)
    except AssertionError as error:
        failures.append((adapter, rule, str(error)))
        print(f"  FAIL {label} {error}", flush=True)


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


# ---- pycentral (§1) ---------------------------------------------------------------------------------------------
CENTRAL_REFRESH = ["--token", "tok-1", "--client-id", "cid", "--client-secret", "cs", "--token-url", "{origin}/token",
                   "--backoff", "fixed:0.2"]


def central_refresh(r):
    expect(r.trace() == ["connecting", "connected", "lost(ws-close-1006)", "reconnecting", "connecting",
                         "lost(http-401)", "reconnecting", "connecting", "connected", "lost(ws-close-1011)",
                         "reconnecting", "connecting", "lost(http-403)", "failed(http-403)"], r.trace())
    expect([u.get("token") for u in r.mock("upgrade")] == [0, 1], "tok-1, then the refreshed tok-2")
    expect(all(abs(g - 0.2) < 0.25 for g in r.gaps()), f"fixed reconnect_delay: {r.gaps()}")
    same_events(r, "central")


case("pycentral.py", "401 refresh, any close reconnects, 403 stop", "drop/1011 reconnect after reconnect_delay; 401 → POST /token → tok-2; 403 → failed",
     central_refresh, "central", ["--rate", "40", "--token", "tok-1", "--token", "tok-2", "--fault", "expire-token:2@1",
                                  "--fault", "drop-after:3@1", "--fault", "close:1011/4@3", "--fault", "status:403@4"],
     CENTRAL_REFRESH, 20, interpreter=central_python)
case("pycentral.py", "503 is transient (§1.7 table)", "a 503 on the upgrade is fatal: failed(http-503), no retry",
     lambda r: expect(r.attempts() == 1 and r.trace()[-1] == "failed(http-503)", r.trace()),
     "central", ["--token", "tok-1", "--fault", "status:503@1"], CENTRAL_REFRESH, 10,
     interpreter=central_python, defect=True)
case("pycentral.py", "retry counter per outage (§1.7)", "max_retries counts attempts over the whole stream, never reset: gives up after 3 connections that all opened",
     lambda r: expect(len(r.mock("upgrade")) == 3 and r.trace()[-1] == "failed(retries-exhausted)", r.trace()),
     "central", ["--rate", "40", "--token", "tok-1", "--fault", "drop-after:2"], [*CENTRAL_REFRESH, "--max-retries", "2"],
     10, interpreter=central_python, defect=True)
case("pycentral.py", "close 1000 (§1.6)", "reconnects after close 1000 too",
     lambda r: expect(r.attempts() >= 2 and "lost(ws-close-1000)" in r.trace(), r.trace()),
     "central", ["--rate", "40", "--token", "tok-1", "--fault", "close:1000/2@1"], [*CENTRAL_REFRESH, "--max-events", "4"],
     10, interpreter=central_python)

# ---- pyisyox (§2) -----------------------------------------------------------------------------------------------


def eisy_run(r):
    expect(r.trace() == ["connecting", "syncing", "connected", "lost(ws-close-1011)", "reconnecting", "connecting",
                         "lost(http-503)", "reconnecting", "connecting", "lost(http-401)", "failed(http-401)"], r.trace())
    gaps = r.gaps()
    expect(0.9 < gaps[0] < 1.5 and 1.9 < gaps[1] < 2.6, f"backoff 1 s, 2 s (schedule, --backoff ignored): {gaps}")
    missing = same_events(r, "eisy", ignore=("eventInfo",))
    return "does not expose " + ", ".join(missing) if missing else None


case("pyisyox.py", "SYNCING, backoff schedule, Local 401", "syncing → connected after the quiet gap; 1, 2 s schedule whatever --backoff says; Local 401 → failed",
     eisy_run, "eisy", ["--rate", "40", "--quiet", "2.5", "--heartbeat", "0.5", *EISY, "--fault", "close:1011/60@1",
                        "--fault", "status:503@2", "--fault", "status:401@3"], [*EISY, "--backoff", "fixed:0.05"], 15)
case("pyisyox.py", "heartbeat liveness (§2.6)", "a stalled socket stays CONNECTED: no lost within 5 s although the _0 heartbeats stopped",
     lambda r: expect(r.exit is None and "lost" not in [s["status"] for s in r.statuses] and "connected" in r.trace(), r.trace()),
     "eisy", ["--rate", "40", "--quiet", "0.3", "--heartbeat", "0.5", *EISY, "--fault", "stall:40"], EISY, 5, defect=True)

# ---- event-streamer-sdk (§3) --------------------------------------------------------------------------------------
ES = ["--subscription", "123", "--backoff", "fixed:0.1"]


def es_resume(r):
    resumes = [l.get("query", {}).get("resume_token") for l in r.log
               if l["event"] in ("request", "reject") and l["path"].endswith("/stream")]
    expect(resumes == [None, "rt_4", "rt_4"], f"resume tokens {resumes}")
    same_events(r, "eventstreamer")


case("eventstreamer_sdk.py", "resume token after a cut", "STREAM_ERROR → the application resumes with the last batch's token; exactly once",
     es_resume, "eventstreamer", ["--rate", "20", "--count", "12", "--heartbeat", "60", "--fault", "drop-mid:4@1",
                                  "--fault", "status:503@2"], [*ES, "--max-events", "8"], 15)
case("eventstreamer_sdk.py", "end of stream is a reconnect (§3.5)", "a clean end of the body goes unnoticed: no lost, stuck until the time limit",
     lambda r: expect(r.exit is None and "lost" not in [s["status"] for s in r.statuses] and len(r.events) == 3, r.trace()),
     "eventstreamer", ["--rate", "20", "--count", "3", "--heartbeat", "60"], ES, 5, defect=True)
case("eventstreamer_sdk.py", "403 is fatal", "every error is STREAM_ERROR recoverable=True, so a 403 is retried for ever",
     lambda r: expect(r.attempts() >= 3 and r.exit is None, f"{r.attempts()} attempts"),
     "eventstreamer", ["--fault", "status:403"], ES, 6, defect=True)
case("eventstreamer_sdk.py", "stream auth (§3.2)", "the stream GET carries no Authorization although a token is configured (control plane only)",
     lambda r: expect(r.mock("request") and all(l.get("auth") == "missing" for l in r.mock("request") if l["path"].endswith("/stream")),
                      r.mock("request")[:1]),
     "eventstreamer", ["--token", "tok-1", "--rate", "20"], [*ES, "--token", "tok-1", "--max-events", "2"], 5, defect=True)

# ---- ctfy (§4) ----------------------------------------------------------------------------------------------------


def ctfy_cut(r):
    expect(all(l.get("last_event_id") is None for l in r.mock("request")), "never sends Last-Event-ID")
    ids = [e["id"] for e in content(r, "sse")]
    expect("4" not in ids, "event 4 (cut) never delivered")
    missing = same_events(r, "sse")
    return "does not expose " + ", ".join(missing)


case("ctfy.py", "Last-Event-ID resume (§4.3)", "ignores id:, reconnects without Last-Event-ID: the event cut by drop-mid is lost",
     ctfy_cut, "sse", ["--rate", "40", "--count", "8", "--token", "pf", "--fault", "drop-mid:3@1"],
     ["--token", "pf", "--max-events", "6"], 10, defect=True)
case("ctfy.py", "401/403 stop", "every HTTP status is retried for ever (1, 2, 4 s …)",
     lambda r: expect(r.exit is None and r.attempts() >= 3, f"{r.attempts()} attempts"),
     "sse", ["--token", "pf", "--fault", "status:403"], ["--token", "pf"], 5, defect=True)
case("ctfy.py", "retry: field (§4.3)", "ignores retry: 100 and its own backoff starts at 1 s",
     lambda r: expect(r.gaps() and r.gaps()[0] > 0.9, f"gaps {r.gaps()}"),
     "sse", ["--rate", "40", "--count", "6", "--retry", "100", "--fault", "drop-after:2@1"], ["--max-events", "4"], 10, defect=True)
case("ctfy.py", "delay after a clean end (§4.4)", "reconnects at once after every clean end, no delay: a hot loop against a server that keeps ending the stream",
     lambda r: expect(r.attempts() >= 10 and max(r.gaps()) < 0.2, f"{r.attempts()} attempts, gaps up to {max(r.gaps() or [0]):.2f} s"),
     "sse", ["--rate", "40", "--count", "3"], [], 3, defect=True)

# ---- StreamWS, §5 client ----------------------------------------------------------------------------------------


def stream_run(r):
    expect(r.trace() == ["connecting", "connected", "lost(ws-close-1011)", "reconnecting", "connecting",
                         "lost(http-503)", "reconnecting", "connecting", "lost(token-expired)", "reconnecting",
                         "connecting", "connected", "stopped(ws-close-1000)"], r.trace())
    delays = [s["delay"] for s in r.statuses if s["status"] == "reconnecting"]
    expect(all(0.25 * 2 ** k <= d < 0.5 * 2 ** k + 0.01 for k, d in enumerate(delays)), f"§5.5 ranges: {delays}")
    same_events(r, "stream")


case("streamws.py", "code 40 refresh, close 1000 stop", "1011/503 retried with jittered backoff; code 40 → fresh JWT; close 1000 → stopped",
     stream_run, "stream", ["--rate", "20", "--fault", "expire-token:2@1", "--fault", "close:1011/4@1",
                            "--fault", "status:503@2", "--fault", "close:1000/3@4"], STREAM, 15)
case("streamws.py", "first connect retried", "the initial connect() never retries: a 503 on attempt 1 is final",
     lambda r: expect(r.attempts() == 1 and r.trace()[-1] == "failed(http-503)", r.trace()),
     "stream", ["--fault", "status:503@1"], STREAM, 10, defect=True)
case("streamws.py", "retries exhausted (§5.5)", "gives up after 5 failed attempts in one episode",
     lambda r: expect(r.attempts() == 6 and r.trace()[-1] == "failed(retries-exhausted)", r.trace()),
     "stream", ["--rate", "20", "--fault", "close:1011/1@1", "--fault", "status:503@2-"], STREAM, 25)

# ---- the deliberately broken adapters fail, the reference on the same mock does not --------------------------------
SSE_CUT = ["--rate", "40", "--count", "8", "--token", "pf", "--fault", "drop-mid:3@1"]
SSE_ARGS = ["--token", "pf", "--backoff", "fixed:0.1", "--max-events", "7"]


def loses_events(r):
    try:
        same_events(r, "stream")
    except AssertionError as error:
        return f"detected: {str(error)[:60]}"
    raise AssertionError("the event comparison passed a client that drops every 3rd event")


case("harness_connect.sh", "reference: every event once", "ours: every event once, in order", lambda r: same_events(r, "stream") and None,
     "stream", ["--rate", "40"], [*STREAM, "--max-events", "9"], 10)
case("drop_every_third.py", "broken: drops every 3rd event", "fails the event comparison", loses_events,
     "stream", ["--rate", "40"], [*STREAM, "--max-events", "9"], 10)
case("harness_connect.sh", "reference: Last-Event-ID", "ours resumes with Last-Event-ID 3: exactly once",
     lambda r: expect([l.get("last_event_id") for l in r.mock("request")] == [None, "3"], r.mock("request"))
     or same_events(r, "sse") and None, "sse", SSE_CUT, SSE_ARGS, 10)
case("no_last_event_id.py", "broken: never sends Last-Event-ID", "fails the resume check: no Last-Event-ID, event 4 lost",
     lambda r: expect([l.get("last_event_id") for l in r.mock("request")] == [None, None]
                      and "4" not in [e["id"] for e in r.events], r.mock("request")),
     "sse", SSE_CUT, SSE_ARGS, 10)
case("harness_connect.sh", "reference: 403 stops", "ours: one attempt, failed(http-403)",
     lambda r: expect(r.attempts() == 1 and r.trace()[-1] == "failed(http-403)", r.trace()),
     "central", ["--token", "tok-1", "--fault", "status:403"], CENTRAL_REFRESH, 10)
case("retry_403.py", "broken: retries a 403", "fails the stop rule: attempts after the 403",
     lambda r: expect(r.attempts() >= 3, f"{r.attempts()} attempts"),
     "central", ["--token", "tok-1", "--fault", "status:403"], CENTRAL_REFRESH, 4)

print()
print("| adapter | rule (service-profiles) | observed | seed defect |")
print("| --- | --- | --- | --- |")
for adapter, rule, what, defect, _ in rows:
    print(f"| {adapter} | {rule} | {what} | {'yes' if defect else ''} |")
total = sum(r[4] for r in rows)
print(f"\nadapter checks: {len(rows)} rows in {total:.0f} s")
print(f"{len(rows)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
