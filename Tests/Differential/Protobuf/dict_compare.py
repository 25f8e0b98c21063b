"""Comparing our JSON lines with the reference's MessageToDict dicts, shared by the protobuf differentials: ints,
floats (as Python's repr), bools and strings kept apart; our objects' key order recorded for the order checks."""
import json


def canon(value):
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int):
        return ("i", value)
    if isinstance(value, float):
        return ("f", repr(value))
    if isinstance(value, str):
        return ("s", value)
    if value is None:
        return None
    if isinstance(value, list):
        return [canon(v) for v in value]
    if isinstance(value, tuple):  # from our parser: ("f", text) / ("i", n)
        return value
    return {k: canon(v) for k, v in value.items()}


def ours_parse(line):
    pairs = lambda items: {"__order__": [k for k, _ in items], **dict(items)}
    return json.loads(line, parse_float=lambda s: ("f", s), parse_int=lambda s: ("i", int(s)),
                      object_pairs_hook=pairs)


def strip_order(value, path, ordered, problems):
    if isinstance(value, dict):
        order = value.pop("__order__")
        if len(order) != len(set(order)):
            problems.append(f"duplicate keys at {path}")
        ordered.append((path, order))
        return {k: strip_order(v, path + (k,), ordered, problems) for k, v in value.items()}
    if isinstance(value, list):
        return [strip_order(v, path + (i,), ordered, problems) for i, v in enumerate(value)]
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, str):
        return ("s", value)
    return value


def first_difference(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return f"{path}: keys {sorted(set(a) ^ set(b))} differ"
        for key in a:
            if a[key] != b[key]:
                return first_difference(a[key], b[key], path + (key,))
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, path + (index,))
    return f"{path}: reference {a!r}, ours {b!r}"
