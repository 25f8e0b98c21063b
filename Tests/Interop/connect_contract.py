"""The `harness connect` contract of issue 16, run on the built CLI against `harness serve` mocks (eisy, stream, central,
with and without --tls): stdout is NDJSON only, one object per line; status lines carry status/attempt/t (and
reason, delay); exit 0 when stopped (--max-events, --duration, close 1000), 69 after a last {"error":{"code"}}
line (retries exhausted, TLS refusals by name), 64 for bad options. Each check is a function of the run
(exit status, lines); before the real runs, the same checks are run on deliberately broken runs (the PR-head
defect that reconnects once, a missing error line, a wrong exit status, a non-JSON line on stdout) and must fail
them. Usage: connect_contract.py HARNESS"""

import hashlib
import json
import os
import ssl
import subprocess
import sys
import tempfile

from mockserve import Mock

harness = sys.argv[1]
STREAM = ["--api-key", "key123", "--user-id", "alice", "--api-secret", "s" * 32, "--backoff", "fixed:0.05"]
EISY = ["--user", "admin", "--password", "secret", "--backoff", "fixed:0.05"]


def connect(service, url, *args, timeout=60):
    proc = subprocess.run([harness, "connect", service, url, *args], capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stdout


def parse(stdout):
    """The lines as objects; raises on anything that is not one JSON object per line."""
    lines = []
    for text in stdout.splitlines():
        value = json.loads(text)
        if not isinstance(value, dict):
            raise ValueError(f"not an object: {text[:80]}")
        lines.append(value)
    return lines


def trace(lines):
    out = []
    for line in lines:
        if "status" in line:
            for key in ("status", "attempt", "t"):
                if key not in line:
                    raise ValueError(f"status line without {key}: {line}")
            name = line["status"]
            out.append(name if name == "reconnecting" or "reason" not in line else f"{name}({line['reason']})")
    return out


def expect_stopped(run, events=None):
    status, stdout = run
    lines = parse(stdout)
    assert status == 0, f"exit {status}, want 0"
    assert trace(lines)[-1].startswith("stopped"), f"last status {trace(lines)[-1:]}"
    assert not any("error" in line for line in lines), "error line on a stop"
    if events is not None:
        got = sum(1 for line in lines if "event" in line)
        assert got == events, f"{got} events, want {events}"
    return lines


def expect_gave_up(run, code):
    status, stdout = run
    lines = parse(stdout)
    assert status == 69, f"exit {status}, want 69"
    assert "error" in lines[-1], f"last line is not an error line: {lines[-1:]}"
    assert lines[-1]["error"]["code"] == code, f"error code {lines[-1]['error']['code']}, want {code}"
    return lines


def expect_reconnects_every_time(run, drops):
    lines = expect_stopped(run)
    t = trace(lines)
    assert t.count("connected") == drops + 1, f"{t.count('connected')} connections, want {drops + 1}: {t}"
    delays = [line["delay"] for line in lines if line.get("status") == "reconnecting"]
    assert delays == [0.05] * drops, f"delays {delays}"
    ids = [line["event"]["message"]["id"] for line in lines if "event" in line]
    assert len(ids) == len(set(ids)), "an event delivered twice"


def must_fail(name, check, *args):
    try:
        check(*args)
    except (AssertionError, ValueError, KeyError, IndexError):
        print(f"  broken run rejected: {name}")
        return
    raise SystemExit(f"the check passed a deliberately broken run: {name}")


def status_line(status, attempt, **extra):
    return json.dumps({"status": status, "attempt": attempt, "t": 0.1, **extra})


def event_line(n):
    return json.dumps({"event": {"type": "message.new", "message": {"id": f"m{n}"}}})


def self_check():
    """The checks reject runs a broken client would produce."""
    ok = [status_line("connecting", 1), status_line("connected", 1), event_line(1),
          status_line("lost", 1, reason="ws-close-1006"), status_line("reconnecting", 2, delay=0.05),
          status_line("connecting", 2), status_line("connected", 2), event_line(2),
          status_line("stopped", 2, reason="stop-requested")]
    expect_reconnects_every_time((0, "\n".join(ok) + "\n"), 1)  # the good run passes
    # PR-head StreamChatWS: reconnects once, then sticks (no second reconnect).
    stuck = ok[:8] + [status_line("lost", 2, reason="ws-close-1006"), status_line("stopped", 2, reason="stop-requested")]
    must_fail("reconnects only once", expect_reconnects_every_time, (0, "\n".join(stuck) + "\n"), 2)
    must_fail("same event twice", expect_reconnects_every_time,
              (0, "\n".join(ok[:7] + [event_line(1), ok[8]]) + "\n"), 1)
    failed = [status_line("connecting", 1), status_line("lost", 1, reason="tls-untrusted"),
              status_line("failed", 1, reason="tls-untrusted")]
    must_fail("gave up without an error line", expect_gave_up, (69, "\n".join(failed) + "\n"), "tls-untrusted")
    must_fail("gave up with exit 1", expect_gave_up,
              (1, "\n".join(failed + ['{"error":{"code":"tls-untrusted","message":"x"}}']) + "\n"), "tls-untrusted")
    must_fail("generic TLS code", expect_gave_up,
              (69, "\n".join(failed + ['{"error":{"code":"io-error","message":"x"}}']) + "\n"), "tls-untrusted")
    must_fail("a log line on stdout", expect_stopped, (0, "connecting to ...\n" + "\n".join(ok) + "\n"))


def main():
    self_check()
    checks = 0
    with Mock(harness, "stream", "--rate", "20", "--fault", "drop-after:3") as mock:
        expect_reconnects_every_time(connect("stream", mock.url, *STREAM, "--max-events", "12"), 5)
        checks += 1
    with Mock(harness, "stream", "--rate", "20", "--fault", "close:1011/2@1", "--fault", "close:1000/2@2") as mock:
        lines = expect_stopped(connect("stream", mock.url, *STREAM))
        assert trace(lines)[-1] == "stopped(ws-close-1000)", trace(lines)
        checks += 1
    with Mock(harness, "stream", "--rate", "20") as mock:
        expect_stopped(connect("stream", mock.url, *STREAM, "--duration", "0.5"))
        checks += 1
    with Mock(harness, "stream", "--fault", "status:500") as mock:
        lines = expect_gave_up(connect("stream", mock.url, *STREAM, "--max-retries", "2"), "retries-exhausted")
        assert [l["attempt"] for l in lines if l.get("status") == "connecting"] == [1, 2, 3], trace(lines)
        checks += 1
    with Mock(harness, "eisy", "--rate", "20", "--quiet", "0.2", "--user", "admin", "--password", "secret") as mock:
        lines = expect_stopped(connect("eisy", mock.url, *EISY, "--max-events", "3"), events=3)
        assert trace(lines)[:2] == ["connecting", "syncing"], trace(lines)
        checks += 1
    status, stdout = connect("stream", "ws://127.0.0.1:9", *STREAM, "--backoff", "linear:1")
    assert status == 64 and "error" in parse(stdout)[-1], (status, stdout)
    checks += 1

    workdir = tempfile.mkdtemp(prefix="connect-contract-")
    cert = os.path.join(workdir, "mock.pem")
    with Mock(harness, "stream", "--rate", "20", "--tls", "--cert-out", cert) as mock:
        assert mock.url.startswith("wss://"), mock.url
        expect_stopped(connect("stream", mock.url, *STREAM, "--ca-cert", cert, "--max-events", "2"), events=2)
        expect_gave_up(connect("stream", mock.url, *STREAM, "--max-events", "2"), "tls-untrusted")
        expect_gave_up(connect("stream", mock.url, *STREAM, "--pin-sha256", "00" * 32), "tls-untrusted")
        with open(cert) as f:
            pin = hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest()
        expect_stopped(connect("stream", mock.url, *STREAM, "--pin-sha256", pin, "--max-events", "1"), events=1)
        checks += 4
    with Mock(harness, "stream", "--rate", "20") as mock:
        expect_gave_up(connect("stream", mock.url.replace("ws://", "wss://"), *STREAM), "tls-handshake-failed")
        checks += 1
    # Central (§1.3): the token expires, the handshake gets 401, the CLI POSTs client credentials to the mock's
    # /token over the same TLS (--ca-cert covers it) and reconnects with the next token.
    central_cert = os.path.join(workdir, "central.pem")
    with Mock(harness, "central", "--tls", "--cert-out", central_cert, "--rate", "20", "--token", "tok-1",
              "--token", "tok-2", "--fault", "expire-token:2@1", "--fault", "drop-after:3@1") as mock:
        token_url = mock.url.replace("wss://", "https://") + "/token"
        lines = expect_stopped(connect("central", mock.url, "--token", "tok-1", "--client-id", "cid",
                                       "--client-secret", "csecret", "--token-url", token_url, "--ca-cert",
                                       central_cert, "--backoff", "fixed:0.05", "--max-events", "5"), events=5)
        assert "lost(http-401)" in trace(lines) and trace(lines).count("connected") == 2, trace(lines)
        expect_gave_up(connect("central", mock.url, "--token", "tok-1", "--max-events", "1"), "tls-untrusted")
        checks += 2
    print(f"connect contract: {checks} checks passed")


main()
