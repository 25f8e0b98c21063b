"""Records the Central fixtures with the reference: python `protobuf` (upb) and issue 5's schemas
(Tests/Differential/Protobuf/central_schema.py). Messages are built with the generated classes and serialized by
the reference (`SerializeToString(deterministic=True)`); the expected output is the reference's
`MessageToDict(..., preserving_proto_field_name=True)` of what pycentral hands its callback, printed as compact
JSON. The reference keeps map and Struct keys in a per-process hash order, so its keys are printed in the order
they were serialized in (upb's deterministic key order), which is also the order the decoder sees them.

Usage: python Fixtures/central/record.py   (from the repository root; rewrites both fixtures)"""
import base64
from functools import cmp_to_key
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "Tests", "Differential", "Protobuf"))
from central_schema import AuditTrail, CloudEvent  # noqa: E402
from google.protobuf.json_format import MessageToDict  # noqa: E402

TYPE_URL = "type.googleapis.com/audittrail.AuditTrail"


def ordered(value, is_map=False):
    if isinstance(value, dict):
        keys = list(value.keys())
        if is_map:
            def cmp(a, b):
                x, y = a.encode(), b.encode()
                for p, q in zip(x, y):
                    if p != q:
                        return -1 if p < q else 1
                return -1 if len(x) > len(y) else (1 if len(x) < len(y) else 0)
            keys.sort(key=cmp_to_key(cmp))
        return {k: ordered(value[k], is_map=is_map) for k in keys}
    if isinstance(value, list):
        return [ordered(v, is_map=is_map) for v in value]
    return value


def order_trail(d):
    changed = d.get("log_details", {}).get("changed_json")
    if changed:
        for side in ("before_transaction", "after_transaction"):
            if side in changed:
                changed[side] = ordered(changed[side], is_map=True)
    return d


def dumps(value):
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def callback_dict(data, envelope):
    event = CloudEvent.FromString(data)
    inner = order_trail(MessageToDict(AuditTrail.FromString(event.proto_data.value), preserving_proto_field_name=True))
    if not envelope:
        return inner
    event.ClearField("proto_data")
    outer = MessageToDict(event, preserving_proto_field_name=True)
    if "attributes" in outer:
        attributes = ordered(outer["attributes"], is_map=True)
        outer["attributes"] = {k: outer["attributes"][k] for k in attributes}
    return {"cloudevent": outer, "data": inner}


def make_trail(r, index):
    trail = AuditTrail()
    trail.tenant_id = r.choice(["7f3c1c0e-51b1-4c0e-9f54-2b8c1f0a9d11", "tenant-eu-2", "t-1"])
    trail.occurred_on = 1767225600000 + index * 61_337 + r.randint(0, 999)
    trail.action = r.choice(["UPDATE", "CREATE", "DELETE", "LOGIN", "FIRMWARE_UPGRADE"])
    trail.category = r.choice(["config", "firmware", "user-management", "device-management"])
    if r.random() < 0.6:
        trail.sub_category = r.choice(["wlan", "vlan", "radius", "ssid", "port-profile"])
    if r.random() < 0.7:
        trail.destination = r.choice(["AP-515-Lobby", "CX-6300-Core", "GW-9004-Branch", "Kühlhaus AP 3"])
        trail.destination_name = trail.destination.lower().replace(" ", "-")
    trail.scope_info.scope_type = r.choice(["site", "group", "device", "global"])
    trail.scope_info.scope_ids.extend(f"s-{r.randint(1, 9999)}" for _ in range(r.randint(0, 3)))
    trail.ip_address = r.choice(["10.1.20.7", "192.0.2.44", "2001:db8::17", ""])
    trail.description = r.choice(["first", "SSID corp updated", "VLAN 10 → 20 on uplink", "Firmware 10.7.1.0 staged",
                                  "Benutzer „admin“ angemeldet", "設定を更新しました", "quote \" and \\ and\ttab"])
    trail.source = r.choice(["UI", "API", "NB-API", ""])
    trail.service_name = r.choice(["svc", "network-config", "firmware-management", "iam"])
    details = trail.log_details
    for _ in range(r.randint(0, 3)):
        field = details.changed_fields.add(field_label_key=r.choice(["ssid.name", "vlan.id", "radius.server", "port.mode"]))
        field.before_transaction.extend(r.choice([["corp"], ["10"], [], ["access", "trunk"]]))
        field.after_transaction.extend(r.choice([["corp-5g"], ["20"], ["trunk"], []]))
    for _ in range(r.randint(0, 2)):
        impact = details.impact_radius.add(context=r.choice(["site", "group", "devices"]))
        impact.values.extend(f"d-{r.randint(100, 999)}" for _ in range(r.randint(1, 3)))
    if r.random() < 0.75:
        after = details.changed_json.after_transaction
        after.update({"vlan": float(r.choice([10, 20, 4094])), "ssid": r.choice(["corp", "guest", "iot"]),
                      "enabled": r.random() < 0.5, "note": None,
                      "radius": {"servers": ["10.0.0.5", "10.0.0.6"], "timeout": r.choice([1.5, 5.0, 1e-05, 1e16])},
                      "tags": ["a", 1.0, False, None, {"nested": []}]})
        if r.random() < 0.6:
            before = details.changed_json.before_transaction
            before.update({"vlan": 10.0, "ssid": "corp", "ratio": 0.1, "big": 123456789012345678.0})
    if r.random() < 0.2:
        trail.additional_info = json.dumps({"ticket": f"CHG{r.randint(1000, 9999)}"})
    return trail


def make_event(r, index, trail):
    event = CloudEvent(id=f"evt-{index:04d}", source="//central/audit", specversion="1.0", type="audit-trail",
                       datacontenttype="application/protobuf")
    event.time.seconds = 1767225600 + index * 61
    event.time.nanos = r.choice([0, 500_000_000, 123_000, 7])
    if r.random() < 0.3:
        event.attributes["partitionkey"].ce_string = "t-1"
        event.attributes["sequence"].ce_integer = index
        event.attributes["traceparent"].ce_uri_ref = "00-abc-def-01"
    if trail is None:
        event.text_data = "heartbeat"
    else:
        event.proto_data.type_url = TYPE_URL
        event.proto_data.value = trail.SerializeToString(deterministic=True)
    return event.SerializeToString(deterministic=True)


def write_fixture(name, fixture, input_bytes, expected):
    folder = os.path.join(HERE, name)
    with open(os.path.join(folder, fixture["input"]), "wb") as f:
        f.write(input_bytes)
    with open(os.path.join(folder, "expected.ndjson"), "w", encoding="utf-8") as f:
        f.write(expected)
    with open(os.path.join(folder, "fixture.json"), "w") as f:
        json.dump(fixture, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main():
    r = random.Random(2026)
    messages = []
    for index in range(48):
        trail = None if index in (17, 33) else make_trail(r, index)
        messages.append(make_event(r, index, trail))
    lines = "".join(json.dumps({"base64": base64.b64encode(m).decode()}) + "\n" for m in messages)
    expected = "".join(dumps(callback_dict(m, envelope=False)) + "\n" for m in messages)
    source = ("python protobuf 7.36.2 (upb) reference encoder and MessageToDict; Fixtures/central/record.py, seed 2026")
    write_fixture("audit-trail-stream", {
        "format": 1, "codec": "central",
        "description": "48 Central audit-trail CloudEvents (2 without proto_data), one WebSocket message per line",
        "source": source, "options": {"messages": True, "topic": "audit-trail-events"},
        "input": "input.ndjson", "expected": "expected.ndjson", "exit": 0}, lines.encode(), expected)
    example = bytes.fromhex(
        "0a056576742d31120f2f2f63656e7472616c2f61756469741a03312e30220b61756469742d747261696c428b010a29747970"
        "652e676f6f676c65617069732e636f6d2f6175646974747261696c2e4175646974547261696c125e0a03742d311080d0eab6"
        "b7331a065550444154452206636f6e666967420b0a04736974651203732d315205666972737462037376636a271a2512230a"
        "0e0a047373696412061a04636f72700a110a04766c616e120911000000000000244052146170706c69636174696f6e2f7072"
        "6f746f627566")
    write_fixture("service-profile-example", {
        "format": 1, "codec": "central",
        "description": "the 206-byte audit-trail message of shared/service-profiles.md §1.4 as one raw message, "
                       "with the CloudEvent envelope",
        "source": "bytes from the pycentral 2.0a25 mock capture; expected output from python protobuf 7.36.2 "
                  "MessageToDict (Fixtures/central/record.py)",
        "options": {"topic": "audit-trail-events", "envelope": True},
        "input": "input.bin", "expected": "expected.ndjson", "exit": 0},
        example, dumps(callback_dict(example, envelope=True)) + "\n")


if __name__ == "__main__":
    main()
