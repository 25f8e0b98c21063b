"""Builds the Event Streamer fixtures and their expected output.

There is no public Event Streamer server to record, so the bodies are written in the service's wire format as the
SDK (event-streamer-sdk 0.5.0) defines it: NDJSON lines of event_batch / heartbeat / error objects, with the
field values of the SDK's schema examples. Accepted lines' expected output is the SDK's own
`model_dump(mode="json")` (Tests/Differential/EventStreamer/sdk_reference.py). A rejected line's expected error
object (code, message, offset, line) follows the documented contract: the offset is the first byte that breaks
RFC 8259 or the start of the offending value, counted from the start of the body; the line is the physical line.

Run with the CI venv: .venv-ci/bin/python Fixtures/eventstreamer/record.py
"""

import base64
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "Tests", "Differential", "EventStreamer"))
from sdk_reference import dump, reference_body, reference_line  # noqa: E402

CONN = "550e8400-e29b-41d4-a716-446655440000"


def heartbeat(ts):
    return json.dumps({"type": "heartbeat", "connection_id": CONN, "subscription_id": 123, "timestamp": ts},
                      separators=(",", ":"))


def batch(n, events, ensure_ascii=False):
    return json.dumps({
        "type": "event_batch", "response_id": "660e8400-e29b-41d4-a716-44665544000%d" % n, "subscription_id": 123,
        "connection_id": CONN, "resume_token": "rt_eyJzdWJzY3JpcHRpb25faWQiOjEyMywi%d" % n, "events": events,
        "batch_size": sum(len(v) for v in events.values()), "timestamp": "2024-05-23T10:30:0%d.000Z" % n,
        "batch_id": "batch_550e8400-e29b-41d4-a716-44665544000%d" % n,
        "server_debug": {"shard": 3},  # unknown top-level field: dropped by the models
    }, separators=(",", ":"), ensure_ascii=ensure_ascii)


def transfer(block, index, value):
    return {"from": "0x1234567890123456789012345678901234567890", "to": "0x0987654321098765432109876543210987654321",
            "value": value, "block_number": block, "transaction_hash": "0xabcdef%058x" % block, "log_index": index,
            "address": "0xA0b86a33E6417b3c4555ba476F04245600306D5D"}


def body_lines():
    swap = {"sender": "0x7a250d5630b4cf539739df2c5dacb4c659f2488d", "amount0In": 0, "amount1Out": 1.5e-07,
            "price": 1234.5678, "block_number": 19000002, "transaction_hash": "0xfeed", "log_index": 3,
            "address": "0xB4e16d0168e52d35CaCD2c6185b44281Ec28C9Dc", "timestamp": "2024-05-23T10:30:01.000Z",
            "memo": "naïve café — 😀 \u2028 tab\t", "big": 2**80, "nested": {"path": [1, None, True, "x"]}}
    return [
        heartbeat("2024-05-23T10:30:00.000Z"),
        batch(1, {"Transfer": [dict(transfer(19000001, 0, "1000000000000000000"), note="café € 😀")]}),
        "",
        batch(2, {"Transfer": [transfer(19000002, i, str(10**18 * (i + 1))) for i in range(3)], "Swap": [swap]},
              ensure_ascii=True),
        heartbeat("2024-05-23T10:30:30.000Z"),
        '{"type":"heartbeat","connection_id":"%s","subscription_id":123,"timestamp":"2024-05-23T10:31:00.000Z"' % CONN,
        '{"type":"ack","connection_id":"%s"}' % CONN,
        json.dumps({"type": "error", "connection_id": CONN, "subscription_id": 123, "error_code": "CONNECTION_LOST",
                    "error_message": "Connection lost due to network timeout", "timestamp": "2024-05-23T10:31:05.000Z"},
                   separators=(",", ":")),
    ]


def expected_errors(body, lines):
    """The contract's error objects for the two rejected lines, by line number."""
    starts = []
    offset = 0
    for line in body.split(b"\n"):
        starts.append(offset)
        offset += len(line) + 1
    truncated = lines.index(next(l for l in lines if l.endswith('10:31:00.000Z"'))) + 1
    unknown = lines.index(next(l for l in lines if '"ack"' in l)) + 1
    return {
        # Ends without `}`: the document runs out at the line's end (CR stripped), RFC 8259 §4.
        truncated: {"code": "json-unexpected-end", "message": "document ends inside a value",
                    "offset": starts[truncated - 1] + len(lines[truncated - 1].encode())},
        # `type` is "ack": the SDK prints "Unknown message type"; offset of the type value.
        unknown: {"code": "message-unknown-type", "message": "type is not event_batch, heartbeat or error",
                  "offset": starts[unknown - 1] + len(b'{"type":')},
    }


def write_fixture(name, files, manifest):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    for filename, data in files.items():
        with open(os.path.join(folder, filename), "wb") as handle:
            handle.write(data)
    with open(os.path.join(folder, "fixture.json"), "w") as handle:
        json.dump(manifest, handle, indent=2)
        handle.write("\n")


def main():
    lines = body_lines()
    body = ("\r\n".join(lines[:3]) + "\r\n" + "\n".join(lines[3:]) + "\n").encode("utf-8")
    errors = expected_errors(body, lines)
    out = []
    for number, verdict, value in reference_body(body):
        if verdict == "ok":
            out.append(value)
        else:
            error = dict(errors[number])
            error["line"] = number
            out.append(dump({"error": error}))
    # Awkward reads: inside a UTF-8 sequence, between CR and LF, inside a \\u surrogate pair, inside numbers.
    cuts = sorted({
        body.index("é".encode()) + 1,
        body.index(b"\r\n") + 1,
        body.index(b"\\ud83d") + 3,
        body.index(b"\\ude00") + 1,
        body.index(b"19000002") + 4,
        body.index(b'"events"') + 5,
        body.index(b"CONNECTION_LOST") + 7,
        len(body) - 1,
    })
    chunks = [b - a for a, b in zip([0] + cuts, cuts + [len(body)])]
    write_fixture("stream-heartbeats-batches-error", {"input.bin": body, "expected.ndjson": ("\n".join(out) + "\n").encode()}, {
        "format": 1,
        "codec": "eventstreamer",
        "description": "NDJSON body: heartbeats, batches (ASCII-escaped and raw UTF-8, unknown top-level field, "
                       "big ints, floats), a blank line, CRLF and LF, a truncated line, an unknown type, an error "
                       "message; reads cut inside UTF-8, CRLF, a surrogate pair and numbers",
        "source": "written in the SDK's wire format by record.py (no public server to record); accepted lines' "
                  "output from event-streamer-sdk 0.5.0 model_dump(mode='json'), error lines per the contract",
        "input": "input.bin",
        "chunks": chunks,
        "expected": "expected.ndjson",
        "exit": 0,
    })

    message_lines = [lines[0], lines[1], lines[7],
                     '{"type":"error","connection_id":"c","subscription_id":"42","error_code":"E","error_message":"m",'
                     '"timestamp":"t","recoverable":"no"}']
    message_input = "".join(json.dumps({"text": text}) + "\n" for text in message_lines).encode()
    message_output = [reference_line(text.encode())[1] for text in message_lines]
    write_fixture("messages-lax-fields", {"input.bin": message_input, "expected.ndjson": ("\n".join(message_output) + "\n").encode()}, {
        "format": 1,
        "codec": "eventstreamer",
        "description": "--messages: heartbeat, batch, error, and an error whose int and bool fields are strings "
                       "(pydantic lax mode coerces them)",
        "source": "record.py; output from event-streamer-sdk 0.5.0 model_dump(mode='json')",
        "options": {"messages": True},
        "expected": "expected.ndjson",
        "exit": 0,
    })


if __name__ == "__main__":
    main()
