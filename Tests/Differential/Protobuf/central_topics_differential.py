"""Differential test of `harness decode central --topic T` for pycentral's seven non-audit streaming topics against
the reference itself: pycentral 2.0a25's compiled `_pb2` modules on python protobuf (upb), decoding exactly as
`Streaming._on_message` does (fixed message per topic whatever the type URL; ap-events picks the class by the
type URL with the symbol database, then `getattr(ap_events_pb2, short_name)`), then
`MessageToDict(..., preserving_proto_field_name=True)`. Any exception is a failure our decoder must also report.

Inputs are generated from the descriptors at the wire level: seeded random valid messages (every field kind,
presence, oneofs with several members on the wire, repeated singular fields and messages, packed, unpacked and
mixed repeated numbers, unknown fields and wrong wire types, non-minimal varints, enum numbers unknown or over 32
bits, float/double specials) and malformed ones (every truncation, random corruptions, bad UTF-8, Timestamps out
of range, odd packed runs, nesting past 100). Run with the pycentral venv's python.

Usage: central_topics_differential.py HARNESS [--count N] [--seed S] [--topic T ...]"""
import argparse
import base64
import json
import struct
import subprocess
import sys

from google.protobuf import symbol_database
from google.protobuf.descriptor import FieldDescriptor as FD
from google.protobuf.json_format import MessageToDict
from pycentral.streaming import streaming
from pycentral.streaming.events.ap import ap_events_pb2
from pycentral.streaming.events.event import event_pb2

from dict_compare import canon, first_difference, ours_parse, strip_order
from wire_gen import INT64_POOL, Gen

TOPICS = {name: cls for versions in streaming.SUPPORTED_EVENTS.values() for events in versions.values()
          for name, cls in events.items() if name != "audit-trail-events"}
AP_FILE = ap_events_pb2.DESCRIPTOR
AP_MESSAGES = list(AP_FILE.message_types_by_name.values())
FLOAT_BITS = [0x00000000, 0x80000000, 0x3DCCCCCD, 0x7F7FFFFF, 0x00000001, 0x00800000, 0x007FFFFF, 0x7F800000,
              0xFF800000, 0x7FC00000, 0xFFC00001, 0x3F800000, 0x4B189680, 0x4CBEBC20, 0x3EAAAAAB, 0x42F6E979,
              0x33D6BF95, 0x5F000000]
DOUBLES = [0.0, -0.0, 0.1, 1e-5, 1e16, 1e22, 5e-324, 1.7976931348623157e308, float("nan"), float("inf"),
           float("-inf"), -2.5, 1 / 3, 123456789012345678.0, 2**53 + 0.0]
VARINTS = INT64_POOL + [2**32, 2**32 + 7, 2**31 - 1, 2**64 - 1, 300, 127, 128, 16383]


def reference(data, topic):
    """What pycentral hands its callback for one WebSocket message, or the exception it hits."""
    try:
        event = event_pb2.CloudEvent()
        event.ParseFromString(data)
        cls = TOPICS[topic]
        if cls is None:
            type_name = event.proto_data.type_url.rsplit("/", 1)[-1]
            short_name = type_name.rsplit(".", 1)[-1]
            try:
                cls = symbol_database.Default().GetSymbol(type_name)
            except KeyError:
                cls = getattr(ap_events_pb2, short_name, None)
            if cls is None:
                raise LookupError(f"unknown ap-events type {type_name!r}")
        message = cls()
        message.ParseFromString(event.proto_data.value)
        return MessageToDict(message, preserving_proto_field_name=True)
    except Exception as error:  # DecodeError, TypeError, ValueError, SerializeToJsonError, LookupError
        return error


class TopicGen(Gen):
    """Random wire-level messages of a descriptor."""
    UNKNOWN_NUMBERS = [536870911, 2047, 9999, 100000]  # above every field number of the topic files

    def unknown_field(self, depth=0):
        r = self.r
        field = r.choice(self.UNKNOWN_NUMBERS)
        kind = r.choice([0, 1, 2, 5, 3]) if depth < 3 else r.choice([0, 1, 2, 5])
        if kind == 0:
            return self.tag(field, 0) + self.varint(r.choice(INT64_POOL))
        if kind == 1:
            return self.tag(field, 1) + r.randbytes(8)
        if kind == 5:
            return self.tag(field, 5) + r.randbytes(4)
        if kind == 2:
            return self.ld(field, r.randbytes(r.randint(0, 6)))
        body = b"".join(self.unknown_field(depth + 1) for _ in range(r.randint(0, 2)))
        return self.tag(field, 3) + body + self.tag(field, 4)

    def scalar(self, field, wire):
        r = self.r
        t = field.type
        if wire == 0:
            if t == FD.TYPE_BOOL:
                value = r.choice([0, 1, 1, 2, 2**32, 2**63])
            elif t == FD.TYPE_ENUM:
                known = [v.number for v in field.enum_type.values]
                value = r.choice(known + known + [len(known) + 3, -1, 2**32 + 1, 2**31, 2**40 + known[-1]])
            elif t in (FD.TYPE_SINT32, FD.TYPE_SINT64):
                value = r.choice(VARINTS)
            else:
                value = r.choice(VARINTS + [r.getrandbits(r.choice([7, 14, 32, 64]))])
            return self.varint(value)
        if wire == 1:
            if t == FD.TYPE_DOUBLE:
                x = r.choice(DOUBLES) if r.random() < 0.6 else r.choice(
                    [r.uniform(-1e6, 1e6), r.uniform(-1, 1) * 10 ** r.randint(-300, 300)])
                return struct.pack("<d", x) if r.random() < 0.9 else r.randbytes(8)
            return r.randbytes(8) if r.random() < 0.5 else struct.pack("<q", r.choice(INT64_POOL))
        if t == FD.TYPE_FLOAT:
            if r.random() < 0.5:
                return struct.pack("<I", r.choice(FLOAT_BITS))
            if r.random() < 0.5:
                return struct.pack("<f", r.uniform(-1, 1) * 10 ** r.randint(-40, 38))
            return r.randbytes(4)
        return r.randbytes(4)

    @staticmethod
    def wire_of(field):
        t = field.type
        if t in (FD.TYPE_DOUBLE, FD.TYPE_FIXED64, FD.TYPE_SFIXED64):
            return 1
        if t in (FD.TYPE_FLOAT, FD.TYPE_FIXED32, FD.TYPE_SFIXED32):
            return 5
        if t in (FD.TYPE_STRING, FD.TYPE_BYTES, FD.TYPE_MESSAGE):
            return 2
        return 0

    def value_record(self, field, depth):
        wire = self.wire_of(field)
        if field.type == FD.TYPE_MESSAGE:
            return self.ld(field.number, self.message_body(field.message_type, depth + 1))
        if field.type == FD.TYPE_STRING:
            return self.ld(field.number, self.string())
        if field.type == FD.TYPE_BYTES:
            return self.ld(field.number, self.r.randbytes(self.r.randint(0, 6)))
        return self.tag(field.number, wire) + self.scalar(field, wire)

    def timestamp_body(self):
        r = self.r
        seconds = r.choice([0, 1, -1, 1767225600, -62135596800, 253402300799, r.randint(-62135596800, 253402300799)])
        nanos = r.choice([0, 500000000, 1000, 1, 999999999, r.randint(0, 999999999)])
        body = b""
        if seconds or r.random() < 0.1:
            body += self.tag(1, 0) + self.varint(seconds)
        if nanos or r.random() < 0.1:
            body += self.tag(2, 0) + self.varint(nanos)
        return body

    def message_body(self, desc, depth=0):
        r = self.r
        if desc.full_name == "google.protobuf.Timestamp":
            return self.timestamp_body()
        parts = []
        dense = r.random() < 0.3
        for field in desc.fields:
            if depth > 4 and field.type == FD.TYPE_MESSAGE:
                continue
            if field.is_repeated:
                n = r.choice([0, 0, 1, 2, 4]) if not dense else r.randint(1, 4)
                wire = self.wire_of(field)
                if wire != 2 and n and r.random() < 0.5:  # packed run(s), sometimes mixed with unpacked values
                    run = b"".join(self.scalar(field, wire) for _ in range(n))
                    parts.append(self.ld(field.number, run))
                    if r.random() < 0.3:
                        parts.append(self.tag(field.number, wire) + self.scalar(field, wire))
                    if r.random() < 0.1:
                        parts.append(self.ld(field.number, b""))
                else:
                    parts += [self.value_record(field, depth) for _ in range(n)]
                continue
            if r.random() >= (0.85 if dense else 0.45):
                continue
            times = r.choice([1, 1, 1, 2, 3]) if self.duplicates else 1
            parts += [self.value_record(field, depth) for _ in range(times)]
            if r.random() < 0.03:  # a known field with a wrong wire type is an unknown field
                other = r.choice([w for w in (0, 1, 2, 5) if w != self.wire_of(field)])
                parts.append(self.tag(field.number, other) + (self.varint(5) if other == 0 else self.length(1) + b"x"
                             if other == 2 else r.randbytes(8 if other == 1 else 4)))
        return self.fields(parts)

    def cloud_event(self, inner, type_url):
        r = self.r
        parts = [self.ld(1, b"evt-" + str(r.randint(0, 999)).encode())] if r.random() < 0.8 else []
        if r.random() < 0.5:
            parts.append(self.ld(4, b"com.hpe.central"))
        if type_url is None:
            parts.append(self.ld(8, self.ld(2, inner)))
        elif r.random() < 0.97:
            parts.append(self.ld(8, self.ld(1, type_url) + self.ld(2, inner)))
        if r.random() < 0.3:
            parts.append(self.ld(9, self.timestamp_body()))
        return self.fields(parts)


def ap_type_urls(desc):
    full = desc.full_name
    return [f"type.googleapis.com/{full}", full, f"x/ap.{desc.name}", desc.name, f"a/b/c/{full}", f".{full}",
            f"type.googleapis.com/.{desc.name}", f"/{desc.name}"]


AP_BAD_URLS = ["", "apinfo", "APInfo/", "APInfo ", " APInfo", "type.googleapis.com/", "DESCRIPTOR",
               "RadioBand" if hasattr(ap_events_pb2, "RadioBand") else "DESCRIPTOR", "_sym_db", "__name__",
               "network_monitoring.ap.v1alpha1.NoSuch", "APINFO", "Apinfo"]
AP_BAD_URLS += [name for name in list(AP_FILE.enum_types_by_name)[:3]]
AP_BAD_URLS += [v.name for v in list(AP_FILE.enum_types_by_name.values())[0].values[:2]]


def topic_messages(gen, topic, count):
    r = gen.r
    cls = TOPICS[topic]
    out = []
    for index in range(count):
        if cls is None:
            roll = r.random()
            if roll < 0.85:
                desc = r.choice(AP_MESSAGES)
                url = r.choice(ap_type_urls(desc))
            elif roll < 0.93:  # full names outside the AP module resolve through the symbol database
                desc = r.choice([c.DESCRIPTOR for c in TOPICS.values() if c is not None])
                url = "type.googleapis.com/" + desc.full_name
            else:
                desc = r.choice(AP_MESSAGES)
                url = r.choice(AP_BAD_URLS)
            out.append(gen.cloud_event(gen.message_body(desc), url.encode()))
        else:
            urls = [b"type.googleapis.com/" + cls.DESCRIPTOR.full_name.encode(), b"", b"garbage",
                    b"type.googleapis.com/audittrail.AuditTrail", None]
            out.append(gen.cloud_event(gen.message_body(cls.DESCRIPTOR), urls[index % len(urls)]))
    return out


def malformed_cases(gen, valid, topic):
    r = gen.r
    cases = []
    for data in valid[:20]:
        cases += [data[:cut] for cut in range(0, len(data), max(1, len(data) // 60))]
    for data in valid[20:40]:  # truncations of the inner message in a valid envelope
        event = event_pb2.CloudEvent.FromString(data)
        inner = event.proto_data.value
        for cut in range(0, len(inner), max(1, len(inner) // 40)):
            event.proto_data.value = inner[:cut]
            cases.append(event.SerializeToString())
    for data in valid[40:1040]:
        event = event_pb2.CloudEvent.FromString(data)
        inner = bytearray(event.proto_data.value)
        for _ in range(r.randint(1, 3)):
            if not inner:
                break
            at = r.randrange(len(inner))
            op = r.randint(0, 4)
            if op == 0:
                inner[at] = (inner[at] & 0xF8) | r.choice([6, 7])
            elif op == 1:
                inner[at] = 0xFF
            elif op == 2:
                inner[at:at] = bytes([r.choice([0xC0, 0xED, 0xF5, 0x80, 0xFF, 0x7C, 0x0B])])
            elif op == 3:
                del inner[at]
            else:
                inner[at] ^= 1 << r.randrange(8)
        event.proto_data.value = bytes(inner)
        cases.append(event.SerializeToString())
    cls = TOPICS[topic] or ap_events_pb2.APInfo
    url = b"type.googleapis.com/" + cls.DESCRIPTOR.full_name.encode()
    g = Gen(5, nonminimal=False, unknowns=False, duplicates=False)
    wrap = lambda inner: g.ld(8, g.ld(1, url) + g.ld(2, inner))
    for levels in (98, 99, 100, 101):  # unknown groups around the recursion limit
        cases.append(wrap(b"\x7b" * levels + b"\x7c" * levels))

    def fields_of(desc, seen=()):
        for field in desc.fields:
            yield desc, field
            if field.type == FD.TYPE_MESSAGE and field.message_type.full_name not in seen and len(seen) < 4:
                yield from ((d, f) for d, f in fields_of(field.message_type, seen + (desc.full_name,)))

    def nest(path, leaf):
        for field in reversed(path):
            leaf = g.ld(field.number, leaf)
        return leaf

    def paths(desc, prefix=()):
        for field in desc.fields:
            yield prefix, field
            if field.type == FD.TYPE_MESSAGE and len(prefix) < 3 and field.message_type.full_name != \
                    "google.protobuf.Timestamp":
                yield from paths(field.message_type, prefix + (field,))

    for prefix, field in paths(cls.DESCRIPTOR):
        if field.type == FD.TYPE_STRING:
            for bad in (b"\xff", b"\xed\xa0\x80", b"ok\xe2\x82"):
                cases.append(wrap(nest(prefix, g.ld(field.number, bad))))
        elif field.type == FD.TYPE_MESSAGE and field.message_type.full_name == "google.protobuf.Timestamp":
            for seconds, nanos in ((-62135596801, 0), (253402300800, 0), (0, -1), (0, 10**9), (5, 0)):
                body = g.tag(1, 0) + g.varint(seconds) + g.tag(2, 0) + g.varint(nanos)
                cases.append(wrap(nest(prefix, g.ld(field.number, body))))
        elif field.is_repeated and TopicGen.wire_of(field) != 2:
            for run in (b"\x80", b"\x01\xff", b"\x01\x02\x03", b"\x00" * 5, b"\x00" * 8):
                cases.append(wrap(nest(prefix, g.ld(field.number, run))))
    return cases


def compare(ref, ours_line, desc):
    parsed = ours_parse(ours_line)
    is_error = isinstance(parsed, dict) and list(parsed.keys()) == ["__order__", "error"]
    if isinstance(ref, Exception):
        return None if is_error else f"reference fails ({type(ref).__name__}: {ref}), ours accepts"
    if is_error:
        return f"reference accepts, ours fails: {ours_line.strip()}"
    ordered, problems = [], []
    mine = strip_order(parsed, (), ordered, problems)
    if problems:
        return problems[0]
    if canon(ref) != mine:
        return "dicts differ at " + first_difference(canon(ref), mine, ())
    orders = dict(ordered)

    def check(node, d, path):  # message dicts must list keys in the reference's order (maps: any order)
        if d is None or not isinstance(node, dict):
            return None
        if list(node.keys()) != orders.get(path):
            return f"key order differs at {path}: ref {list(node.keys())}, ours {orders.get(path)}"
        for key, value in node.items():
            field = d.fields_by_name[key]
            if field.type != FD.TYPE_MESSAGE or field.message_type.GetOptions().map_entry:
                continue
            sub = field.message_type if field.message_type.full_name.startswith(("network_", "audittrail")) else None
            items = enumerate(value) if isinstance(value, list) else [(None, value)]
            for index, item in items:
                problem = check(item, sub, path + ((key,) if index is None else (key, index)))
                if problem:
                    return problem
        return None

    return check(ref, desc, ())


def check_unknown_numbers():
    for cls in TOPICS.values():
        for desc in [cls.DESCRIPTOR] if cls else AP_MESSAGES:
            stack = [desc]
            while stack:
                d = stack.pop()
                if any(f.number >= min(TopicGen.UNKNOWN_NUMBERS) for f in d.fields):
                    sys.exit(f"{d.full_name}: a field number reaches the unknown-field numbers")
                stack += [f.message_type for f in d.fields if f.message_type is not None and
                          f.message_type.full_name.startswith("network_")]


def main():
    check_unknown_numbers()
    parser = argparse.ArgumentParser()
    parser.add_argument("harness")
    parser.add_argument("--count", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--topic", action="append")
    args = parser.parse_args()
    failures = []
    for topic in args.topic or list(TOPICS):
        gen = TopicGen(args.seed + sum(topic.encode()))
        valid = topic_messages(gen, topic, args.count)
        malformed = malformed_cases(gen, valid, topic)
        for name, messages in (("valid", valid), ("malformed", malformed)):
            refs = [reference(m, topic) for m in messages]
            lines = "".join(json.dumps({"base64": base64.b64encode(m).decode()}) + "\n" for m in messages)
            out = subprocess.run([args.harness, "decode", "central", "--messages", "--topic", topic],
                                 input=lines.encode(), capture_output=True, check=True).stdout.decode().splitlines()
            if len(out) != len(messages):
                sys.exit(f"harness printed {len(out)} lines for {len(messages)} messages")
            rejected = 0
            mismatches = 0
            for index, (ref, line) in enumerate(zip(refs, out)):
                rejected += isinstance(ref, Exception)
                desc = None
                if not isinstance(ref, Exception):
                    event = event_pb2.CloudEvent.FromString(messages[index])
                    cls = TOPICS[topic]
                    if cls is None:
                        type_name = event.proto_data.type_url.rsplit("/", 1)[-1]
                        try:
                            cls = symbol_database.Default().GetSymbol(type_name)
                        except KeyError:
                            cls = getattr(ap_events_pb2, type_name.rsplit(".", 1)[-1])
                    desc = cls.DESCRIPTOR
                problem = compare(ref, line, desc)
                if problem:
                    mismatches += 1
                    failures.append(f"[{topic} {name} #{index}] {messages[index].hex()}\n  {problem}")
            print(f"central topics differential: {topic} {name}: {len(messages)} messages, "
                  f"{len(messages) - rejected} accepted and {rejected} rejected by the reference, "
                  f"{mismatches} mismatches")
    if failures:
        print(f"{len(failures)} mismatches; first ones:")
        for failure in failures[:12]:
            print(failure)
        sys.exit(1)
    print("central topics differential: all outputs match the reference")


if __name__ == "__main__":
    main()
