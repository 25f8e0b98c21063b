"""What pyisyox 6.0.1 makes of an eisy WebSocket frame, in the shape `harness decode isy --messages` prints.

pyisyox's `parse_event_frame` is the reference for every field it models. `sid` is not in pyisyox's `Event`,
so it is read with the same ElementTree parse pyisyox performs (including its stray-`&` repair). `eventInfo` is
compared as XML, not bytes: pyisyox re-serialises it, we keep it verbatim (see `event_info_equal`).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from pyisyox.runtime import events as E


def _payload_root(raw: str):
    """The ElementTree root pyisyox parses for `raw` (after envelope unwrap and `&` repair), or None."""
    payload = E._maybe_unwrap_json_envelope(raw)
    if payload is None:
        return None
    try:
        return ET.fromstring(payload)
    except ET.ParseError:
        repaired = E._escape_stray_ampersands(payload)
        if repaired == payload:
            return None
        try:
            return ET.fromstring(repaired)
        except ET.ParseError:
            return None


def reference(raw: str) -> dict | None:
    """pyisyox's fields for `raw` in the harness schema, or None when pyisyox returns None."""
    event = E.parse_event_frame(raw)
    if event is None:
        return None
    root = _payload_root(raw)
    sid = root.get("sid") if root is not None else None
    return {
        "seqnum": event.seqnum,
        "sid": sid,
        "timestamp": event.timestamp,
        "control": event.control,
        "action": event.action,
        "node": event.node_address,
        "uom": event.uom,
        "prec": event.precision,
        "fmtAct": event.formatted_action,
        "fmtName": event.formatted_name,
        "eventInfo": event.event_info,
    }


def envelope_type(raw: str) -> str | None:
    """The `type` of a JSON envelope frame, or None when `raw` is not one with a string type."""
    if not raw.lstrip().startswith("{"):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    if isinstance(value, dict) and isinstance(value.get("type"), str):
        return value["type"]
    return None


def _as_pyisyox_reads(fragment: str) -> str | None:
    """`fragment` (our verbatim inner XML) parsed as XML and rendered by pyisyox's own `_extract_event_info`:
    text decoded, children re-serialised. Comparing this with pyisyox's string compares the XML content, with
    pyisyox's rendering quirks (decoded text, re-serialised children, tails repeated) applied to both sides."""
    document = f"<Event><eventInfo>{fragment}</eventInfo></Event>"
    try:
        root = ET.fromstring(document)
    except ET.ParseError:
        try:
            root = ET.fromstring(E._escape_stray_ampersands(document))
        except ET.ParseError:
            return None
    return E._extract_event_info(root)


def event_info_equal(ours: str, theirs: str) -> bool:
    """True when our verbatim `eventInfo` holds the same XML content as pyisyox's rendering of it."""
    return _as_pyisyox_reads(ours) == theirs


def compare(ours: dict, raw: str) -> list[str]:
    """Differences between our output line for `raw` and pyisyox's verdict (empty when they agree)."""
    expected = reference(raw)
    if expected is None:
        if "event" in ours or "seqnum" in ours:
            return ["pyisyox returns None but we decoded an event"]
        if "ignored" in ours or "error" in ours:
            return []
        return [f"unexpected output {ours}"]
    if "error" in ours or "ignored" in ours:
        return [f"pyisyox decoded an event but we printed {ours}"]
    problems = []
    for key, value in expected.items():
        mine = ours.get(key)
        if key == "seqnum" and mine is None:
            mine = 0  # pyisyox: a missing or unparsable seqnum becomes 0
        if key == "eventInfo":
            if not event_info_equal(mine, value):
                problems.append(f"eventInfo: ours {mine!r} pyisyox {value!r}")
        elif mine != value:
            problems.append(f"{key}: ours {mine!r} pyisyox {value!r}")
    return problems
