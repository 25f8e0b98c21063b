"""Seeded generator of Event Streamer lines: valid messages (1-50 events per batch, several event names, extra
fields, unicode, big integers, floats, lax-typed ints and bools) and invalid ones (bad JSON, missing required
fields, wrong JSON types, unknown or missing type, non-objects). Verdicts come from the SDK, not from here."""

import json
import random

EVENT_NAMES = ["Transfer", "Approval", "Swap", "Sync", "Mint", "Burn", "Deposit", "Withdrawal", "Ünïcødé", "名前"]
UNICODE = ["é", "€", "😀", "\u2028", "\u0000", "\t", "\n", "\"", "\\", "/", "ß", "中文", "\U0010FFFF", "\x7f", "\u00a0"]


def rand_text(rng, length=None):
    length = rng.randint(0, 24) if length is None else length
    parts = []
    for _ in range(length):
        if rng.random() < 0.15:
            parts.append(rng.choice(UNICODE))
        else:
            parts.append(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_-:.ABCDEF "))
    return "".join(parts)


def rand_hex(rng, n):
    return "0x" + "".join(rng.choice("0123456789abcdef") for _ in range(n))


class Raw:
    """A number literal written verbatim into the JSON text (exponents, big ints, odd spellings)."""

    def __init__(self, text):
        self.text = text


def rand_number(rng):
    choice = rng.randrange(10)
    if choice == 0:
        return rng.randint(-(2**63), 2**63 - 1)
    if choice == 1:
        return rng.randint(2**64, 2**200) * rng.choice([1, -1])
    if choice == 2:
        return rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30)
    if choice == 3:
        return Raw(rng.choice(["1E5", "1.50e+3", "-0", "-0.0", "0.1", "1e-7", "2.5E-10", "1e400", "-1e400",
                               "123456789012345678901234567890", "0e0", "1E+2", "3.0", "1e22", "9007199254740993"]))
    if choice == 4:
        return rng.randint(0, 10)
    return rng.randint(0, 2**40)


def rand_value(rng, depth=0):
    choice = rng.randrange(9 if depth < 3 else 6)
    if choice == 0:
        return None
    if choice == 1:
        return rng.random() < 0.5
    if choice in (2, 3):
        return rand_number(rng)
    if choice in (4, 5):
        return rand_text(rng)
    if choice in (6, 7):
        return [rand_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rand_text(rng, rng.randint(1, 8)): rand_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def rand_event(rng):
    event = {
        "block_number": rng.randint(1, 30_000_000),
        "transaction_hash": rand_hex(rng, 64),
        "log_index": rng.randint(0, 500),
        "address": rand_hex(rng, 40),
    }
    if rng.random() < 0.5:
        event["timestamp"] = "2024-05-23T10:%02d:%02d.000Z" % (rng.randint(0, 59), rng.randint(0, 59))
    event["from"] = rand_hex(rng, 40)
    event["to"] = rand_hex(rng, 40)
    event["value"] = str(rng.randint(0, 10**30)) if rng.random() < 0.7 else Raw(str(rng.randint(10**20, 10**40)))
    for _ in range(rng.randint(0, 4)):
        event[rand_text(rng, rng.randint(1, 10))] = rand_value(rng)
    return shuffled(rng, event)


def shuffled(rng, mapping):
    items = list(mapping.items())
    if rng.random() < 0.5:
        rng.shuffle(items)
    return dict(items)


def lax_int(rng, value):
    choice = rng.randrange(12)
    if choice == 0:
        return str(value)
    if choice == 1:
        return " %d " % value
    if choice == 2:
        return float(value) if value < 2**53 else value
    if choice == 3:
        return "%d.0" % value
    return value


def lax_bool(rng, value):
    return rng.choice([value, value, int(value), ["false", "true"][value], ["no", "yes"][value], ["OFF", "ON"][value],
                       float(value), ["0", "1"][value], ["f", "t"][value]])


def valid_message(rng):
    kind = rng.choice(["event_batch", "event_batch", "heartbeat", "error"])
    common = {"connection_id": rand_text(rng, 36), "subscription_id": lax_int(rng, rng.choice([1, 123, 2**40, 2**70])),
              "timestamp": "2024-05-23T10:30:00.000Z"}
    if kind == "heartbeat":
        message = {"type": "heartbeat", **common}
    elif kind == "error":
        message = {"type": "error", **common, "error_code": rng.choice(["CONNECTION_LOST", "INVALID_RESUME_TOKEN"]),
                   "error_message": rand_text(rng)}
        if rng.random() < 0.7:
            message["recoverable"] = lax_bool(rng, rng.random() < 0.5)
    else:
        count = rng.randint(1, 50)
        events = {}
        for _ in range(count):
            events.setdefault(rng.choice(EVENT_NAMES), []).append(rand_event(rng))
        message = {"type": "event_batch", "response_id": rand_text(rng, 36), **common,
                   "resume_token": "rt_" + rand_text(rng, 20), "events": events,
                   "batch_size": lax_int(rng, count), "batch_id": "batch_" + rand_text(rng, 12)}
    for _ in range(rng.randint(0, 3)):
        message["x_" + rand_text(rng, 6)] = rand_value(rng)
    return shuffled(rng, message)


def serialise(rng, message):
    raws = []

    def default(value):
        if isinstance(value, Raw):
            raws.append(value.text)
            return "__RAW_%d__" % (len(raws) - 1)
        raise TypeError(value)

    text = json.dumps(message, ensure_ascii=rng.random() < 0.5, default=default,
                      separators=rng.choice([(",", ":"), (", ", ": "), (" ,", " : ")]))
    for index, raw in enumerate(raws):
        text = text.replace('"__RAW_%d__"' % index, raw, 1)
    if rng.random() < 0.1:
        text = text.replace("/", "\\/")
    return text


def duplicate_key(rng, text):
    """Appends a duplicate of a top-level key (last wins in both readers)."""
    return text[:-1] + ', "batch_id": "dup_%d"}' % rng.randint(0, 99) if text.endswith("}") else text


BAD_JSON = [
    lambda t: t[:-1],
    lambda t: t[: len(t) // 2],
    lambda t: t.replace('"', "'", 1),
    lambda t: t[:-1] + ",}",
    lambda t: t.replace(":", "", 1),
    lambda t: t + " x",
    lambda t: t.replace("{", "{01:", 1),
    lambda t: "[" + t,
    lambda t: t.replace('"type"', "type", 1),
    lambda t: t.replace(",", ",,", 1),
]


def invalid_message(rng):
    message = valid_message(rng)
    kind = message["type"]
    choice = rng.randrange(7)
    if choice == 0:
        return rng.choice(BAD_JSON)(serialise(rng, message))
    if choice == 1:
        required = {"heartbeat": ["connection_id", "subscription_id", "timestamp"],
                    "error": ["connection_id", "subscription_id", "error_code", "error_message", "timestamp"],
                    "event_batch": ["response_id", "subscription_id", "connection_id", "resume_token", "events",
                                    "batch_size", "timestamp", "batch_id"]}[kind]
        message.pop(rng.choice(required), None)
    elif choice == 2:
        field = rng.choice(["connection_id", "timestamp"])
        message[field] = rng.choice([5, 1.5, True, None, [], {}])
    elif choice == 3:
        message["subscription_id"] = rng.choice(["abc", 5.5, [], {}, None, "0x10", "1e3", "5.", 1e20, "", "_1"])
    elif choice == 4:
        if kind == "event_batch":
            message["events"] = rng.choice([[], {"T": {}}, {"T": [1]}, {"T": [[]]}, {"T": None}, "x"])
        else:
            message["recoverable"] = rng.choice(["maybe", 2, 0.5, None, [], " true"])
            message["type"] = "error"
    elif choice == 5:
        message["type"] = rng.choice(["nope", "Heartbeat", 5, None, ["event_batch"], ""])
        if rng.random() < 0.3:
            message.pop("type")
    else:
        return rng.choice(["[1,2]", '"heartbeat"', "42", "null", "true", "[]"])
    return serialise(rng, message)


def generate(seed, valid_count, invalid_count):
    """[(line_text, intended_valid)] in a seeded order."""
    rng = random.Random(seed)
    lines = []
    for _ in range(valid_count):
        text = serialise(rng, valid_message(rng))
        if rng.random() < 0.05 and '"type": "event_batch"' in text or '"type":"event_batch"' in text and rng.random() < 0.05:
            text = duplicate_key(rng, text)
        lines.append((text, True))
    for _ in range(invalid_count):
        lines.append((invalid_message(rng), False))
    rng.shuffle(lines)
    return lines
