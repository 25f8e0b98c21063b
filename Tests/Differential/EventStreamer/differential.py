"""Differential test of `harness decode eventstreamer` against event-streamer-sdk 0.5.0's models.

Usage: differential.py HARNESS [--seed N] [--valid N] [--invalid N]
Runs every generated line through both (as `--messages` payloads, and again as one raw body with CRLF/LF and blank
lines, fed in 7-byte chunks) and requires the same verdict and, for accepted lines, byte-identical
model_dump(mode="json") output. Prints the counts; exits 1 on any disagreement.
"""

import argparse
import base64
import json
import random
import subprocess
import sys

from generate import generate
from sdk_reference import reference_body, reference_line

# Documented divergences (README, Event Streamer section): the SDK's json.loads is laxer than RFC 8259.
DIVERGENT = [
    ('{"type":"heartbeat","connection_id":"c","subscription_id":1,"timestamp":"t","x":NaN}', "NaN literal"),
    ('{"type":"heartbeat","connection_id":"c","subscription_id":1,"timestamp":"t","x":-Infinity}', "Infinity literal"),
    ('{"type":"heartbeat","connection_id":"\\ud800","subscription_id":1,"timestamp":"t"}', "lone surrogate escape"),
    ('\u00a0{"type":"heartbeat","connection_id":"c","subscription_id":1,"timestamp":"t"}', "non-JSON whitespace"),
    ('{"type":"heartbeat","connection_id":"c","subscription_id":1,"timestamp":"t","x":%s}' % ("9" * 2000),
     "integer literal over JSONLimits.maxNumberLength"),
]


def run_harness(harness, args, data):
    result = subprocess.run([harness, "decode", "eventstreamer", *args], input=data, capture_output=True, check=False)
    if result.returncode != 0:
        sys.exit("harness exited %d: %s" % (result.returncode, result.stderr.decode(errors="replace")))
    return result.stdout.decode("utf-8").splitlines()


def verdict_of(output_line):
    parsed = json.loads(output_line)
    return ("rejected", parsed["error"]) if "error" in parsed else ("ok", output_line)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("harness")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--valid", type=int, default=400)
    parser.add_argument("--invalid", type=int, default=400)
    options = parser.parse_args()

    lines = generate(options.seed, options.valid, options.invalid)
    payloads = [text.encode("utf-8") for text, _ in lines]

    # 1. --messages: one payload per line.
    message_input = "".join(json.dumps({"base64": base64.b64encode(p).decode()}) + "\n" for p in payloads).encode()
    ours = run_harness(options.harness, ["--messages"], message_input)
    assert len(ours) == len(payloads), (len(ours), len(payloads))
    counts = {"accepted": 0, "rejected": 0, "disagree": 0}
    for payload, our_line in zip(payloads, ours):
        theirs = reference_line(payload)
        mine = verdict_of(our_line)
        if theirs[0] != mine[0] or (theirs[0] == "ok" and theirs[1] != mine[1]):
            counts["disagree"] += 1
            if counts["disagree"] <= 5:
                print("DISAGREE on %r\n  sdk:  %r\n  ours: %r" % (payload[:300], theirs, our_line[:300]))
        else:
            counts["accepted" if theirs[0] == "ok" else "rejected"] += 1
    intended = sum(1 for _, valid in lines if valid)
    print("messages: %d lines (%d generated valid, %d generated invalid): both accept %d, both reject %d, disagree %d"
          % (len(payloads), intended, len(payloads) - intended, counts["accepted"], counts["rejected"],
             counts["disagree"]))

    # 2. Raw body: LF or CRLF, blank lines, fed in 7-byte chunks; line numbers must agree.
    rng = random.Random(options.seed)
    body = bytearray()
    for payload in payloads:
        if rng.random() < 0.1:
            body += rng.choice([b"\n", b"\r\n", b"  \n"])
        body += payload + rng.choice([b"\n", b"\r\n"])
    expected = reference_body(bytes(body))
    ours_body = run_harness(options.harness, ["--chunk", "7"], bytes(body))
    body_disagree = 0
    if len(expected) != len(ours_body):
        body_disagree += 1
        print("body: %d reference items, %d ours" % (len(expected), len(ours_body)))
    for (number, verdict, value), our_line in zip(expected, ours_body):
        mine = verdict_of(our_line)
        same = mine[0] == verdict and (value == mine[1] if verdict == "ok" else mine[1].get("line") == number)
        if not same:
            body_disagree += 1
            if body_disagree <= 5:
                print("BODY DISAGREE at line %d: sdk %s, ours %r" % (number, verdict, our_line[:200]))
    print("body: %d bytes, %d non-blank lines, disagree %d" % (len(body), len(expected), body_disagree))

    # 3. Documented divergences: the SDK accepts these, we reject them.
    message_input = "".join(json.dumps({"base64": base64.b64encode(t.encode()).decode()}) + "\n" for t, _ in DIVERGENT)
    ours_divergent = run_harness(options.harness, ["--messages"], message_input.encode())
    unexpected = 0
    for (text, reason), our_line in zip(DIVERGENT, ours_divergent):
        if reference_line(text.encode())[0] != "ok" or verdict_of(our_line)[0] != "rejected":
            unexpected += 1
            print("divergence no longer as documented: %s" % reason)
    print("documented divergences (SDK accepts, strict reader rejects): %d, as documented: %d"
          % (len(DIVERGENT), len(DIVERGENT) - unexpected))

    sys.exit(1 if counts["disagree"] or body_disagree or unexpected else 0)


if __name__ == "__main__":
    main()
