"""Shared by the deliberately broken adapters that wrap our own `harness connect` (the reference adapter,
harness_connect.sh): the command line for one run, and a line reader."""

import json
import os
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))


def connect_argv():
    """`harness connect SERVICE URL <HARNESS_CONNECT_ARGS>` (+ `--ca-cert HARNESS_CA_CERT`), as harness_connect.sh."""
    harness = os.environ.get("HARNESS_BIN") or os.path.join(REPO, ".build", "debug", "harness")
    args = json.loads(os.environ.get("HARNESS_CONNECT_ARGS") or "[]")
    ca = os.environ.get("HARNESS_CA_CERT", "")
    if ca and "--ca-cert" not in args and "--pin-sha256" not in args:
        args += ["--ca-cert", ca]
    return [harness, "connect", os.environ["HARNESS_SERVICE"], os.environ["HARNESS_URL"], *args]


def start():
    """Our client, its stdout piped to us line by line, its stderr ours."""
    return subprocess.Popen(connect_argv(), stdout=subprocess.PIPE, text=True, bufsize=1)


def emit(line):
    sys.stdout.write(line if line.endswith("\n") else line + "\n")
    sys.stdout.flush()
