"""Writes Tests/ProtobufTests/Vectors/encoder-vectors.ndjson: seeded random non-canonical CloudEvents (repeated and
merged fields, non-minimal varints, unknown fields outside Struct and map entries) with what the reference,
python protobuf 7.36.2 (upb), re-serializes them to with `deterministic=True`: the CloudEvent, and the AuditTrail
in its proto_data. The Swift encoder must produce the same bytes from the decoded message.

Usage: python Tests/Differential/Protobuf/make_encoder_vectors.py   (from the repository root)"""
import base64
import json
import os

from central_schema import AuditTrail, CloudEvent
from wire_gen import Gen

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "ProtobufTests", "Vectors", "encoder-vectors.ndjson")

gen = Gen(424242, struct_unknowns=False)
b64 = lambda data: base64.b64encode(data).decode()
with open(OUT, "w") as out:
    written = 0
    while written < 120:
        data = gen.cloud_event(gen.audit_trail())
        if len(data) > 900:  # keep the committed file small
            continue
        written += 1
        event = CloudEvent.FromString(data)
        trail = AuditTrail.FromString(event.proto_data.value)
        out.write(json.dumps({"input": b64(data), "cloudevent": b64(event.SerializeToString(deterministic=True)),
                              "audittrail": b64(trail.SerializeToString(deterministic=True))}) + "\n")
