"""`harness record --listen` (issue 18, proxy mode) with the real seed clients: each seed adapter of
adapters/ connects to the recording proxy, the proxy to `harness serve`; a fault injected by the proxy at the
upstream's message boundaries must reach the seed client (it reconnects through the proxy). Checks: the recorder
exits 0 and writes one fixture folder per stream attempt; `harness replay` passes on it; the events the seed
client printed are the recording's content events (on the members it prints), and the recording's are what the
mock's --log says it sent. Prints one line per client, then `N passed, N failed`.
Usage: record_proxy.py HARNESS PYTHON PYCENTRAL_PYTHON"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from mockserve import Mock  # noqa: E402

harness, python, central_python = sys.argv[1:4]
WORK = tempfile.mkdtemp(prefix="record-proxy-")
EISY = ["--user", "admin", "--password", "secret"]
STREAM = ["--api-key", "key123", "--user-id", "alice", "--api-secret", "s" * 32]

# adapter, service, mock args, connect args, proxy fault, content events the fault lets through on attempt 1,
# interpreter, path the client asks for. Stream's first message (connection.ok) counts as a message on the wire
# (the fault grammar counts every message) but is no content event.
CASES = [
    ("pycentral.py", "central", ["--rate", "40", "--token", "tok-central-1"],
     ["--token", "tok-central-1", "--backoff", "fixed:0.2", "--max-events", "5"], "drop-after:2@1", 2, central_python, ""),
    ("pyisyox.py", "eisy", ["--rate", "40", "--quiet", "0.2", *EISY], [*EISY, "--max-events", "5"],
     "close:1011/2@1", 2, python, ""),
    ("streamws.py", "stream", ["--rate", "20"], [*STREAM, "--max-events", "4"], "drop-after:3@1", 2, python, ""),
    ("ctfy.py", "sse", ["--rate", "40", "--token", "tok-ctfy-1"], ["--token", "tok-ctfy-1", "--max-events", "5"],
     "drop-after:2@1", 2, python, "/api/v1/events"),
    ("eventstreamer_sdk.py", "eventstreamer", ["--rate", "20", "--heartbeat", "60"],
     ["--subscription", "123", "--backoff", "fixed:0.1", "--max-events", "3"], None, 0, python, ""),
]


def content(service, lines):
    """Content events of decoded NDJSON lines, as the harness compares them."""
    out = []
    for line in lines:
        if "error" in line or "ignored" in line or "comment" in line:
            continue
        if service == "eisy" and line.get("control") == "_0":
            continue
        if service == "stream" and line.get("type") != "message.new":
            continue
        if service == "eventstreamer" and line.get("type") != "event_batch":
            continue
        out.append(line)
    return out


def recorded(out_dir, service):
    """Content events per connection folder of the recording, in attempt order."""
    with open(os.path.join(out_dir, "recording.json")) as f:
        folders = json.load(f)["connections"]
    result = []
    for folder in folders:
        with open(os.path.join(out_dir, folder, "expected.ndjson")) as f:
            result.append(content(service, [json.loads(l) for l in f if l.strip()]))
    return result


def run_case(adapter, service, mock_args, connect, fault, first, interpreter, path):
    mock_cert = os.path.join(WORK, f"{service}-mock.pem")
    proxy_cert = os.path.join(WORK, f"{service}-proxy.pem")
    out_dir = os.path.join(WORK, f"{service}-recording")
    if service == "central":
        mock_args = ["--cert-out", mock_cert, *mock_args]
    with Mock(harness, service, *mock_args) as mock:
        recorder = [harness, "record", service, "--listen", "--upstream", mock.url + path, "--out", out_dir,
                    "--cert-out", proxy_cert, "--tls"] if service == "central" else \
                   [harness, "record", service, "--listen", "--upstream", mock.url + path, "--out", out_dir]
        if service == "central":
            recorder += ["--ca-cert", mock_cert]
        if fault:
            recorder += ["--fault", fault]
        proxy = subprocess.Popen(recorder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        listening = proxy.stdout.readline()
        try:
            url = json.loads(listening)["listening"]
        except (ValueError, KeyError):
            proxy.kill()
            raise AssertionError(f"no listening line: {listening!r} {proxy.stderr.read()[:300]}")
        env = dict(os.environ, HARNESS_SERVICE=service, HARNESS_URL=url, HARNESS_TOKEN="",
                   HARNESS_CA_CERT=proxy_cert if service == "central" else "", HARNESS_CONNECT_ARGS=json.dumps(connect),
                   HARNESS_BIN=harness)
        client = subprocess.Popen(["/bin/sh", "-c", f"{interpreter} {os.path.join(HERE, 'adapters', adapter)}"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                  start_new_session=True)
        try:
            stdout, stderr = client.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(client.pid, signal.SIGKILL)
            stdout, stderr = client.communicate()
            proxy.kill()
            raise AssertionError(f"the client did not finish in 30 s: {stderr[-300:]}")
        time.sleep(0.2)
        proxy.send_signal(signal.SIGINT)
        try:
            _, proxy_err = proxy.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proxy.kill()
            raise AssertionError("the recorder did not stop on SIGINT within 20 s")
        log = mock.log()
    assert client.returncode == 0, f"client exit {client.returncode}: {stderr[-300:]}"
    assert proxy.returncode == 0, f"recorder exit {proxy.returncode}: {proxy_err[-300:]}"
    lines = [json.loads(l) for l in stdout.split("\n") if l.strip()]
    omitted = set(next((l["omits"] for l in lines if "omits" in l), []))
    events = [l["event"] for l in lines if "event" in l]
    statuses = [l for l in lines if "status" in l]
    connections = recorded(out_dir, service)
    replay = subprocess.run([harness, "replay", out_dir], capture_output=True, text=True, timeout=120)
    assert replay.returncode == 0, f"harness replay failed: {replay.stdout[-300:]} {replay.stderr[-300:]}"
    flat = [e for c in connections for e in c]
    project = [{k: v for k, v in e.items() if k not in omitted} for e in flat]
    got = [{k: v for k, v in e.items() if k not in omitted} for e in events]
    assert got == project[:len(got)] and len(got) >= 3, \
        f"client events differ from the recording: {len(got)} vs {len(project)}: {got[:1]} / {project[:1]}"
    sent_conns = sorted({l["conn"] for l in log if l["event"] == "sent"})
    assert len(connections) >= len([c for c in sent_conns if c <= len(connections)]), "a connection is missing"
    if fault:
        assert len(connections) >= 2, f"the fault on attempt 1 should make the client reconnect: {len(connections)} folder(s)"
        assert any(s["status"] == "lost" for s in statuses), f"the client never saw the fault: {[s['status'] for s in statuses]}"
        assert len(connections[0]) == first, f"attempt 1 recorded {len(connections[0])} content events, not {first}"
    return f"{len(events)} events over {len(connections)} connection(s)" + (f", {fault} reached the client" if fault else "")


passed = failed = 0
for case in CASES:
    started = time.monotonic()
    try:
        note = run_case(*case)
        passed += 1
        print(f"  ok   {case[0]:22} {time.monotonic() - started:5.1f}s  {note}", flush=True)
    except AssertionError as error:
        failed += 1
        print(f"  FAIL {case[0]:22} {error}", flush=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
