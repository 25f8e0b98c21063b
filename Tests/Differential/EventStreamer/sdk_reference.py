"""What event-streamer-sdk 0.5.0 makes of Event Streamer lines, printed in `harness decode eventstreamer`'s format.

The SDK's client (`event_streamer_sdk/streaming_client.py`) reads the body line by line, decodes UTF-8, strips
whitespace, skips empty lines, `json.loads` each line, dispatches on `data.get("type")` and validates with
`StreamingEventBatch(**data)` / `StreamingHeartbeat(**data)` / `StreamingError(**data)`. This module does exactly
that and prints each accepted message as `model.model_dump(mode="json")`, serialised like the harness's JSONWriter
(compact, keys in order, non-ASCII raw, control characters and U+2028/U+2029 escaped, floats as Python repr).
"""

import json
import math

from pydantic import ValidationError
from event_streamer_schemas.streaming import StreamingError, StreamingEventBatch, StreamingHeartbeat

MODELS = {"event_batch": StreamingEventBatch, "heartbeat": StreamingHeartbeat, "error": StreamingError}

SKIP = ("skip", None)


def dump_string(text):
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code in (0x2028, 0x2029):
            out.append("\\u%04x" % code)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def dump(value):
    """JSON text of a model_dump(mode="json") value in the harness's output format."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        return dump_string(value)
    if isinstance(value, list):
        return "[" + ",".join(dump(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(dump_string(k) + ":" + dump(v) for k, v in value.items()) + "}"
    raise TypeError(type(value))


def reference_line(raw):
    """("ok", dumped) for an accepted line, ("rejected", reason) or SKIP for a blank one."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ("rejected", "utf-8")
    text = text.strip()
    if not text:
        return SKIP
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return ("rejected", "json")
    if not isinstance(data, dict):
        return ("rejected", "not-object")
    message_type = data.get("type")
    model = MODELS.get(message_type) if isinstance(message_type, str) else None
    if model is None:
        return ("rejected", "type")
    try:
        message = model(**data)
    except ValidationError:
        return ("rejected", "model")
    return ("ok", dump(message.model_dump(mode="json")))


def reference_body(body):
    """[(line_number, verdict, value)] for a whole body, lines split on LF as aiohttp's StreamReader does."""
    results = []
    lines = body.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for number, raw in enumerate(lines, start=1):
        verdict = reference_line(raw)
        if verdict == SKIP:
            continue
        results.append((number, verdict[0], verdict[1]))
    return results
