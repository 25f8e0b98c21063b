"""Builds (or, with --check, verifies) the eisy fixtures from the anonymised real-device captures published in
shbatm/pyisyox (`tests/fixtures/eisy6/ws-frames.jsonl`, `/api/events/subscribe`; `ws-frames-pyisy.log`,
`/rest/subscribe`), with expected output computed by pyisyox 6.0.1 `parse_event_frame` (see
Tests/Differential/ISYXML/pyisyox_reference.py). The selected frames are committed in each fixture's input,
so only --rebuild needs the capture files (pass --captures DIR holding them).

Expected `eventInfo` is the frame's own inner XML (trimmed), kept only after checking that it is XML-equal to
pyisyox's re-serialised `event_info`; `{"ignored": type}` is written where pyisyox returns None for a non-event
envelope.

Usage: python record.py --check | --rebuild --captures DIR
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "Tests" / "Differential" / "ISYXML"))
from pyisyox_reference import envelope_type, event_info_equal, reference  # noqa: E402

# The `_7` REST log with a stray `&` is not in the public captures; this is the frame from pyisyox's
# tests/test_runtime/test_events.py::test_parse_recovers_from_unescaped_ampersand_in_event_info, which documents
# what the eisy sends (seqnum and sid set to fit the recorded connection).
STRAY_AMPERSAND_LOG = ('<?xml version="1.0" encoding="UTF-8"?><Event seqnum="{seq}" sid="{sid}"><control>_7</control>'
                       '<action>1</action><node></node><eventInfo>U7 Rest:  submitCmd([ZW003_1],[CONFIG],'
                       '[NUM.107=24&VAL.111=1])</eventInfo></Event>')


def inner_event_info(xml: str) -> str:
    match = re.search(r"<eventInfo>(.*)</eventInfo>", xml, re.S)
    if match:
        return match.group(1).strip(" \t\r\n")
    return ""


def expected_line(raw: str) -> str:
    ref = reference(raw)
    if ref is None:
        kind = envelope_type(raw)
        if kind is None or kind == "event":
            raise SystemExit(f"frame pyisyox rejects without a non-event type: {raw[:80]!r}")
        return json.dumps({"ignored": kind}, ensure_ascii=False, separators=(",", ":"))
    payload = json.loads(raw)["data"] if raw.lstrip().startswith("{") else raw
    verbatim = inner_event_info(payload)
    if not event_info_equal(verbatim, ref["eventInfo"]):
        raise SystemExit(f"eventInfo of {raw[:80]!r} does not match pyisyox")
    ref["eventInfo"] = verbatim
    return json.dumps(ref, ensure_ascii=False, separators=(",", ":"))


def messages_fixture(captures: Path) -> list[str]:
    """/api/events/subscribe: the connect burst (first 40 of 424 replayed frames), the spolisy envelope, the
    live frames that follow (heartbeats every 30 s, program runs, a variable change), and the `_7` `&` log."""
    received = [json.loads(line) for line in (captures / "ws-frames.jsonl").read_text().splitlines()]
    received = [frame["data"] for frame in received if frame["direction"] == "receive"]
    frames = received[:40] + received[424:442]
    frames.append(json.dumps({"type": "event", "data": STRAY_AMPERSAND_LOG.format(seq=442, sid="uuid:1")},
                             separators=(",", ":")))
    return frames


def stream_fixture(captures: Path) -> list[str]:
    """/rest/subscribe: the de-duplicated pyisy log, one document per line, then the `_7` `&` log."""
    lines = [line for line in (captures / "ws-frames-pyisy.log").read_text().splitlines() if line.strip()]
    return lines + [STRAY_AMPERSAND_LOG.format(seq=292, sid="uuid:test-session")]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--captures", type=Path)
    args = parser.parse_args()
    fixtures = {
        "eisy6-api-events-subscribe": ("messages", messages_fixture),
        "eisy6-rest-subscribe-stream": ("stream", stream_fixture),
    }
    status = 0
    for name, (mode, build) in fixtures.items():
        folder = HERE / name
        if args.rebuild:
            frames = build(args.captures)
            folder.mkdir(exist_ok=True)
            if mode == "messages":
                text = "".join(json.dumps({"text": f}, ensure_ascii=False) + "\n" for f in frames)
            else:
                text = "".join(f + "\n" for f in frames)
            (folder / "input.bin").write_text(text, encoding="utf-8")
        text = (folder / "input.bin").read_text(encoding="utf-8")
        if mode == "messages":
            frames = [json.loads(line)["text"] for line in text.splitlines()]
        else:
            frames = [line for line in text.splitlines() if line.strip()]
        expected = "".join(expected_line(frame) + "\n" for frame in frames)
        if args.rebuild:
            (folder / "expected.ndjson").write_text(expected, encoding="utf-8")
        elif (folder / "expected.ndjson").read_text(encoding="utf-8") != expected:
            print(f"{name}: expected.ndjson differs from pyisyox's output")
            status = 1
        else:
            print(f"{name}: {len(frames)} frames, expected output matches pyisyox 6.0.1")
    return status


if __name__ == "__main__":
    sys.exit(main())
