#!/usr/bin/env python3
"""Differential check: `harness decode sse` against a live sse-starlette server (the reference peer).

Generates seeded random event streams (multi-line data with every kind of line end, UTF-8, colons, leading
spaces, NUL, ids, event types, retries, comments, CRLF/LF/CR separators), serves them with sse-starlette on uvicorn,
records each body over a raw socket (Fixtures/sse/record.py), decodes it with the harness at a random chunk size
and compares the NDJSON byte for byte with what the server-side generator sent (the peer's view).

Usage: starlette_differential.py HARNESS_BINARY [STREAMS]
Prints one line per mismatch and closes with "N passed, N failed" (streams); exit 1 on any failure.
"""
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "Fixtures", "sse"))
import record  # noqa: E402
from sse_starlette import ServerSentEvent  # noqa: E402

PIECES = ["a", "bc", "data:", ":", " ", "  ", "é", "😀", "\u2028", "\0", "id", "retry: 5", "\t", "{\"k\":1}",
          "\n", "\r", "\r\n", "\n\n", "\ufeff"]
NAME_PIECES = ["update", "x", "é", " ", ":", "message", "a-b", "0"]


def text(rng, pieces, most):
    return "".join(rng.choice(pieces) for _ in range(rng.randrange(most)))


def random_stream(seed):
    rng = random.Random(seed)
    events = []
    for _ in range(rng.randrange(1, 40)):
        kind = rng.random()
        if kind < 0.1:
            events.append((0, ServerSentEvent(comment=text(rng, PIECES, 6))))
            continue
        events.append((0, ServerSentEvent(
            data=text(rng, PIECES, 12) if kind < 0.95 else None,
            event=text(rng, NAME_PIECES, 3) if rng.random() < 0.5 else None,
            id=text(rng, [p for p in PIECES if p != "\0"], 4) if rng.random() < 0.4 else None,
            retry=rng.randrange(0, 100000) if rng.random() < 0.15 else None,
        )))
    return dict(options=dict(ping=0, sep=rng.choice(["\r\n", "\n", "\r"])), recv_size=rng.choice([7, 512, 65536]),
                events=events)


def main():
    harness = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    streams = {f"s{seed}": random_stream(seed) for seed in range(count)}
    passed = failed = events = 0
    with record.Server(streams) as server, tempfile.TemporaryDirectory() as tmp:
        for seed, (name, spec) in enumerate(streams.items()):
            status, body, _, _ = record.fetch(server.port, name, spec["recv_size"])
            path = os.path.join(tmp, name + ".bin")
            with open(path, "wb") as f:
                f.write(body)
            chunk = random.Random(seed).choice([1, 2, 3, 5, 16, 1000])
            result = subprocess.run([harness, "decode", "sse", "--chunk", str(chunk), path], capture_output=True)
            expected_objects = record.expected_lines(spec["events"])
            expected = record.to_ndjson(expected_objects)
            events += len(expected_objects)
            if status == 200 and result.returncode == 0 and result.stdout == expected:
                passed += 1
            else:
                failed += 1
                print(f"MISMATCH {name} (chunk {chunk}, status {status}, exit {result.returncode})")
                print("  expected:", expected[:400])
                print("  actual:  ", result.stdout[:400])
    print(f"sse differential vs sse-starlette: {events} expected items compared")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
