"""Deliberately broken adapter: our own `harness connect`, with every 3rd event line dropped (issue 18: the
harness must fail a client that loses events). Everything else passes through unchanged."""

import json
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from broken_wrapper import emit, start  # noqa: E402

proc = start()
signal.signal(signal.SIGTERM, lambda *_: (proc.terminate(), sys.exit(143)))
events = 0
for line in proc.stdout:
    if line.strip() and "event" in json.loads(line):
        events += 1
        if events % 3 == 0:
            continue
    emit(line)
sys.exit(proc.wait())
