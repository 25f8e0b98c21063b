"""Differential test: `harness decode central` against the reference, python `protobuf` (upb) with the schemas
of issue 5, on seeded random valid messages and on malformed ones.

For each message the reference does what pycentral does: `CloudEvent.ParseFromString`, then
`AuditTrail.ParseFromString(event.proto_data.value)`, then `MessageToDict(..., preserving_proto_field_name=True)`
(with --envelope also `MessageToDict` of the CloudEvent without proto_data). Any exception is a failure, which
our decoder must also report (an error line). Otherwise the dicts must be equal: same keys and values, ints vs
floats vs bools kept apart, floats printed exactly as Python's repr, and message fields in the reference's order
(map and Struct keys are compared as sets: the reference's order is its hash table's, seeded per process).

Usage: differential.py HARNESS [--count N] [--seed S]"""
import argparse
import base64
import json
import subprocess
import sys

from central_schema import AuditTrail, CloudEvent
from dict_compare import canon, first_difference, ours_parse, strip_order
from google.protobuf.json_format import MessageToDict
from wire_gen import Gen

MESSAGE_PATHS = {  # objects that are messages (ordered keys), by path of keys with lists flattened as []
    (), ("scope_info",), ("log_details",), ("log_details", "changed_fields", "[]"),
    ("log_details", "impact_radius", "[]"), ("log_details", "changed_json",),
}


def reference(data, envelope):
    try:
        event = CloudEvent.FromString(data)
        inner = MessageToDict(AuditTrail.FromString(event.proto_data.value), preserving_proto_field_name=True)
        if not envelope:
            return inner
        event.ClearField("proto_data")
        return {"cloudevent": MessageToDict(event, preserving_proto_field_name=True), "data": inner}
    except Exception as error:  # DecodeError, ValueError, SerializeToJsonError: all are failures
        return error


def compare(ref, ours_line, envelope):
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
    for path, order in ordered:
        shape = tuple("[]" if isinstance(key, int) else key for key in path)
        if envelope:
            if shape[:1] != ("data",) and shape not in ((), ("cloudevent",)):
                continue
            shape = shape[1:] if shape[:1] == ("data",) else ()
        if shape in MESSAGE_PATHS:
            node = ref
            for key in path:
                node = node[key]
            if list(node.keys()) != order:
                return f"key order differs at {path}: ref {list(node.keys())}, ours {order}"
    return None


def run_harness(harness, messages, envelope, topic=True):
    lines = "".join(json.dumps({"base64": base64.b64encode(m).decode()}) + "\n" for m in messages)
    args = [harness, "decode", "central", "--messages"] + (["--topic", "audit-trail-events"] if topic else [])
    if envelope:
        args.append("--envelope")
    out = subprocess.run(args, input=lines.encode(), capture_output=True, check=True).stdout.decode()
    result = out.splitlines()
    if len(result) != len(messages):
        sys.exit(f"harness printed {len(result)} lines for {len(messages)} messages")
    return result


def nested_struct(levels):
    g = Gen(0, nonminimal=False, unknowns=False, duplicates=False)
    body = b""
    for _ in range(levels):  # Struct{fields{key "k", value Value{struct_value: body}}}: 3 submessages per level
        body = g.ld(1, g.ld(1, b"k") + g.ld(2, g.ld(5, body)))
    return body


def malformed_cases(gen, valid):
    cases = []
    for data in valid[:25]:  # every truncation of the CloudEvent
        cases += [data[:cut] for cut in range(len(data))]
    for data in valid[25:40]:  # every truncation of the inner AuditTrail, in a valid envelope
        event = CloudEvent.FromString(data)
        inner = event.proto_data.value
        for cut in range(len(inner)):
            event.proto_data.value = inner[:cut]
            cases.append(event.SerializeToString())
    r = gen.r
    for data in valid[40:1040]:  # random corruptions: wire types 6/7, bytes 0xff, insertions, deletions
        data = bytearray(data)
        for _ in range(r.randint(1, 3)):
            if not data:
                break
            at = r.randrange(len(data))
            op = r.randint(0, 4)
            if op == 0:
                data[at] = (data[at] & 0xF8) | r.choice([6, 7])
            elif op == 1:
                data[at] = 0xFF
            elif op == 2:
                data[at:at] = bytes([r.choice([0xC0, 0xED, 0xF5, 0x80, 0xFF, 0x7C, 0x0B])])
            elif op == 3:
                del data[at]
            else:
                data[at] ^= 1 << r.randrange(8)
        cases.append(bytes(data))
    wrap = lambda inner: Gen(1, False, False, False).cloud_event(inner)
    g = Gen(2, nonminimal=False, unknowns=False, duplicates=False)
    for levels in (30, 31, 32, 33, 34, 35, 40):  # Struct nesting around the limit of 100 submessages
        cases.append(wrap(g.ld(13, g.ld(3, g.ld(2, nested_struct(levels))))))
    for levels in (98, 99, 100, 101, 150):  # unknown groups around the limit
        cases.append(wrap(b"\x7b" * levels + b"\x7c" * levels))
        cases.append(b"\x7b" * levels + b"\x7c" * levels)
    for bad in (b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"ok\xe2\x82"):
        cases.append(wrap(g.ld(1, bad)))  # tenant_id
        cases.append(wrap(g.ld(13, g.ld(3, g.ld(2, g.ld(1, g.ld(1, bad)))))))  # Struct key
        cases.append(g.ld(1, bad) + g.ld(8, g.ld(1, b"t")))  # CloudEvent.id
        cases.append(g.ld(8, g.ld(1, bad)))  # Any.type_url
    for x in (float("nan"), float("inf"), float("-inf")):  # MessageToDict refuses them
        import struct
        cases.append(wrap(g.ld(13, g.ld(3, g.ld(2, g.ld(1, g.ld(1, b"n") + g.ld(2, b"\x11" + struct.pack("<d", x))))))))
    for seconds, nanos in ((-62135596801, 0), (253402300800, 0), (0, -1), (0, 10**9)):
        cases.append(Gen(3, False, False, False).ld(9, g.tag(1, 0) + g.varint(seconds) + g.tag(2, 0) + g.varint(nanos)))
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("harness")
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()
    gen = Gen(args.seed)
    valid = [gen.cloud_event(gen.audit_trail()) for _ in range(args.count)]
    malformed = malformed_cases(gen, valid)
    # pycentral ignores the Any type URL for a fixed topic (service profile §1.4): empty, absent, naming another
    # message or garbage, the payload is still decoded as the topic's message; an empty Any gives {}.
    urls = [b"", b"type.googleapis.com/google.protobuf.Struct", b"garbage", b"/audittrail.AuditTrail", b"x/y/z"]
    type_url_variants = [gen.cloud_event(gen.audit_trail(), type_url=urls[i % len(urls)]) for i in range(250)]
    type_url_variants += [gen.ld(8, gen.ld(2, gen.audit_trail())) for _ in range(40)]  # no type_url field
    type_url_variants += [gen.ld(8, b""), gen.ld(1, b"evt") + gen.ld(8, b"")]  # empty Any
    failures = []
    totals = {}
    for name, messages, envelope in (("valid", valid, False), ("valid --envelope", valid[: args.count // 3], True),
                                     ("malformed", malformed, False), ("malformed --envelope", malformed[::7], True),
                                     ("type-url variants", type_url_variants, False),
                                     ("type-url variants, default topic", type_url_variants, False)):
        refs = [reference(m, envelope) for m in messages]
        outs = run_harness(args.harness, messages, envelope, topic=not name.endswith("default topic"))
        rejected = 0
        for index, (ref, out) in enumerate(zip(refs, outs)):
            rejected += isinstance(ref, Exception)
            problem = compare(ref, out, envelope)
            if problem:
                failures.append(f"[{name} #{index}] {messages[index].hex()}\n  {problem}")
        totals[name] = (len(messages), rejected)
    for name, (count, rejected) in totals.items():
        print(f"protobuf differential: {name}: {count} messages, {count - rejected} accepted and "
              f"{rejected} rejected by the reference")
    if failures:
        print(f"{len(failures)} mismatches; first ones:")
        for failure in failures[:10]:
            print(failure)
        sys.exit(1)
    print("protobuf differential: all outputs match the reference")


if __name__ == "__main__":
    main()
