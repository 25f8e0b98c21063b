"""Deliberately broken adapter: our own `harness connect`, started again whenever it gives up on an HTTP 403 —
the client that retries a 403 (service-profiles §1.7: Central's 403 is fatal; issue 18 Checks). The run that
gave up loses its `failed` and `error` lines; `reconnecting` (delay 0.1 s) and the next run's lines follow, with
`attempt` numbers continued. At most 20 runs, then its last lines pass through."""

import json
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from broken_wrapper import emit, start  # noqa: E402

RUNS, DELAY = 20, 0.1
started = time.monotonic()
proc = None
signal.signal(signal.SIGTERM, lambda *_: (proc and proc.terminate(), sys.exit(143)))
offset = 0
for run in range(1, RUNS + 1):
    proc = start()
    held, attempt = [], 0
    for text in proc.stdout:
        if not text.strip():
            continue
        line = json.loads(text)
        if "status" in line:
            line["attempt"] = line.get("attempt", 0) + offset
            line["t"] = round(time.monotonic() - started, 3)
            attempt = max(attempt, line["attempt"])
        if line.get("status") == "failed" or "error" in line:
            held.append(line)
            continue
        emit(json.dumps(line))
    status = proc.wait()
    gave_up_on_403 = status == 69 and any(l.get("reason") == "http-403" or
                                          l.get("error", {}).get("code") == "http-403" for l in held)
    if not gave_up_on_403 or run == RUNS:
        for line in held:
            emit(json.dumps(line))
        sys.exit(status)
    offset = attempt
    emit(json.dumps({"status": "reconnecting", "attempt": offset + 1, "t": round(time.monotonic() - started, 3),
                     "delay": DELAY}))
    time.sleep(DELAY)
