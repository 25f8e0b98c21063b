"""Writes central-topic-vectors.ndjson: one line per vector, the expected output being what pycentral 2.0a25's own
`_pb2` modules on python protobuf (upb) give (`Streaming._on_message`'s decoding, then
`MessageToDict(..., preserving_proto_field_name=True)`, printed by json.dumps with Python's float repr), or null
when the reference raises. Each vector targets one rule of issue 19. Run with the pycentral venv:

    .venv-pycentral/bin/python Tests/ProtobufTests/Vectors/make_central_topic_vectors.py"""
import json
import pathlib
import struct
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Differential/Protobuf"))
from central_topics_differential import reference  # noqa: E402  (pycentral's decoding, verbatim)


def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def tag(f, w):
    return varint(f << 3 | w)


def ld(f, payload):
    return tag(f, 2) + varint(len(payload)) + payload


def v(f, n):
    return tag(f, 0) + varint(n)


def f32(f, bits):
    return tag(f, 5) + struct.pack("<I", bits)


def f64(f, x):
    return tag(f, 1) + struct.pack("<d", x)


def ts(seconds, nanos=0):
    return (v(1, seconds) if seconds else b"") + (v(2, nanos) if nanos else b"")


def event(inner, url=b"type.googleapis.com/x", proto=True):
    return ld(1, b"evt-1") + (ld(8, (ld(1, url) if url is not None else b"") + ld(2, inner)) if proto else b"")


# switch-events: StreamSwitchMessage oneof {switch_state=1, interface_state=2, ..., device_stats=6}
# Interface: operation=1 (enum), timestamp=2, vlan=14 (optional uint32), allowed_vlan=25 (repeated uint32),
# vsx_enabled=27 (optional bool)
VECTORS = [
    ("ap-events", "float 0.1 prints 0.1", f32(5, 0x3DCCCCCD)),
    ("ap-events", "float FLT_MAX prints 3.4028235e+38", f32(5, 0x7F7FFFFF)),
    ("ap-events", "float smallest subnormal prints 1.4013e-45", f32(5, 0x00000001)),
    ("ap-events", "float 1/3 prints 0.33333334", f32(5, 0x3EAAAAAB)),
    ("ap-events", "float NaN prints the string NaN", f32(5, 0x7FC00000)),
    ("ap-events", "float -Infinity prints the string", f32(5, 0xFF800000)),
    ("ap-events", "double Infinity prints the string", f64(7, float("inf"))),
    ("ap-events", "double prints Python's repr and float -0.0 is set", f64(7, 1e16) + f32(5, 0x80000000)),
    ("switch-events", "optional set to default is printed", ld(2, v(14, 0) + v(27, 0) + v(1, 0))),
    ("switch-events", "unknown enum number prints the number", ld(2, v(1, 77))),
    ("switch-events", "enum varint over 32 bits is truncated", ld(2, v(1, (1 << 32) + 1))),
    ("switch-events", "negative enum number", ld(2, v(1, -5))),
    ("switch-events", "uint32 varint over 32 bits is truncated", ld(2, v(14, (1 << 32) + 9))),
    ("switch-events", "bool over 32 bits is true", ld(2, v(27, 1 << 40))),
    ("switch-events", "packed repeated uint32", ld(2, ld(25, varint(1) + varint(300) + varint(0)))),
    ("switch-events", "unpacked repeated uint32", ld(2, v(25, 7) + v(25, 8))),
    ("switch-events", "mixed packed and unpacked repeated", ld(2, v(25, 7) + ld(25, varint(1) + varint(2)) + v(25, 3))),
    ("switch-events", "empty packed run prints nothing", ld(2, ld(25, b""))),
    ("switch-events", "last oneof member on the wire wins", ld(1, b"") + ld(2, v(14, 5))),
    ("switch-events", "last oneof member wins, the other way", ld(2, v(14, 5)) + ld(6, f32(5, 0x3F800000))),
    ("switch-events", "repeated oneof message member merges", ld(2, v(14, 5)) + ld(2, v(27, 1)) + ld(2, v(14, 6))),
    ("switch-events", "oneof member before another is dropped", ld(2, v(14, 5)) + ld(6, b"") + ld(2, v(27, 1))),
    ("switch-events", "Timestamp without fraction", ld(2, ld(2, ts(1767225600)))),
    ("switch-events", "Timestamp with 3 fraction digits", ld(2, ld(2, ts(1767225600, 500_000_000)))),
    ("switch-events", "Timestamp with 6 fraction digits", ld(2, ld(2, ts(1, 1000)))),
    ("switch-events", "Timestamp with 9 fraction digits", ld(2, ld(2, ts(1, 1)))),
    ("switch-events", "Timestamp at year 1", ld(2, ld(2, ts(-62135596800)))),
    ("switch-events", "Timestamp before year 1 fails", ld(2, ld(2, ts(-62135596801)))),
    ("switch-events", "Timestamp after year 9999 fails", ld(2, ld(2, ts(253402300800)))),
    ("switch-events", "Timestamp nanos 1e9 fails", ld(2, ld(2, ts(0, 10**9)))),
    ("switch-events", "Timestamp negative nanos fails", ld(2, ld(2, ts(0, -1)))),
    ("switch-events", "empty Timestamp prints the epoch", ld(2, ld(2, b""))),
    ("switch-events", "truncated varint in a packed run fails", ld(2, ld(25, b"\x80"))),
    ("switch-events", "unknown fields are skipped", ld(2, v(14, 5) + v(2047, 1) + tag(99, 3) + tag(99, 4))),
    ("switch-events", "invalid UTF-8 in a string fails", ld(3, ld(8, b"\xff"))),
    ("switch-events", "six-byte length prefix accepted by protobuf 6 upb",
     ld(2, tag(14, 0) + b"\x05") + tag(3, 2) + b"\x80\x80\x80\x80\x80\x00"),
    # clients-events: ClientStats tx_bytes=9 (uint64)
    ("clients-events", "uint64 prints as a decimal string", ld(2, v(9, 2**64 - 1))),
    ("clients-events", "int32 prints as a number", ld(2, v(21, -7))),
    ("location", "no proto_data gives {}", None),
    ("location", "garbage type URL is ignored", ld(1, ld(1, b"ap-1"))),
    ("geofence", "absent type URL is ignored", ld(1, b"")),
    ("rssi-events", "empty message gives {}", b""),
    ("alert-events", "map field prints an object", ld(20, ld(1, ld(1, b"k") + ld(2, b"v")))),
    ("alert-events", "map entry with a later duplicate key keeps the last", ld(20, ld(1, ld(1, b"k") + ld(2, b"a")) + ld(1, ld(1, b"k") + ld(2, b"b")))),
    ("alert-events", "optional string set to empty is printed", ld(5, b"")),
    ("alert-events", "implicit string empty is omitted", ld(2, b"")),
]
AP_BODY = ld(1, b"cluster-1")
AP_URLS = [
    ("full name with type.googleapis.com", b"type.googleapis.com/network_monitoring.ap.v1alpha1.ClusterInfo"),
    ("bare full name", b"network_monitoring.ap.v1alpha1.ClusterInfo"),
    ("short package path ap.Name", b"type.googleapis.com/ap.ClusterInfo"),
    ("bare simple name", b"ClusterInfo"),
    ("any prefix path", b"a/b/c/d/ClusterInfo"),
    ("leading dot", b".network_monitoring.ap.v1alpha1.ClusterInfo"),
    ("full name of another topic's message", b"type.googleapis.com/network_monitoring.switch.v1.Switch"),
    ("nested message full name", b"network_monitoring.switch.v1.Switch.PowerSupply"),
    ("empty type URL fails", b""),
    ("wrongly cased name fails", b"type.googleapis.com/ap.clusterinfo"),
    ("trailing slash fails", b"ClusterInfo/"),
    ("trailing space fails", b"ClusterInfo "),
    ("unknown name fails", b"ap.NoSuchMessage"),
    ("module attribute fails", b"DESCRIPTOR"),
]


def main():
    out = pathlib.Path(__file__).with_name("central-topic-vectors.ndjson")
    lines = []
    for topic, name, inner in VECTORS:
        url = b"garbage" if "garbage" in name else None if "absent" in name else b"type.googleapis.com/x"
        if topic == "ap-events":
            url = b"type.googleapis.com/ap.APSystemStat"
        data = event(b"", proto=False) if inner is None else event(inner, url=url)
        lines.append((topic, name, data))
    from pycentral.streaming.events.ap import ap_events_pb2 as ap
    enum_name = next(iter(ap.DESCRIPTOR.enum_types_by_name))
    enum_value = ap.DESCRIPTOR.enum_types_by_name[enum_name].values[0].name
    for name, url in AP_URLS + [("enum name fails", enum_name.encode()), ("enum value name fails", enum_value.encode())]:
        lines.append(("ap-events", "ap-events type URL: " + name, event(AP_BODY, url=url)))
    lines.append(("ap-events", "ap-events without proto_data fails", event(b"", proto=False)))
    with out.open("w") as handle:
        for topic, name, data in lines:
            ref = reference(data, topic)
            expected = None if isinstance(ref, Exception) else json.dumps(ref, separators=(",", ":"), ensure_ascii=False)
            handle.write(json.dumps({"topic": topic, "name": name, "hex": data.hex(), "expected": expected}) + "\n")
    print(f"wrote {len(lines)} vectors to {out}")


if __name__ == "__main__":
    main()
