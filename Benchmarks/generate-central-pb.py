"""Generates Benchmarks/Sources/bench/Central/*.pb.swift (the swift-protobuf peer of the Central benchmark) without
protoc: builds a CodeGeneratorRequest from issue 5's schemas (Tests/Differential/Protobuf/central_schema.py) and
pipes it to protoc-gen-swift 1.39.0. Run once by hand; the output is committed (never built in CI).

    git clone /opt/swift-packages/apple/swift-protobuf.git /tmp/swift-protobuf
    git -C /tmp/swift-protobuf checkout 1.39.0
    swift build -c release --product protoc-gen-swift --package-path /tmp/swift-protobuf
    python Benchmarks/generate-central-pb.py /tmp/swift-protobuf/.build/release/protoc-gen-swift"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "Differential", "Protobuf"))
import central_schema  # noqa: E402,F401
from google.protobuf import descriptor_pb2, descriptor_pool  # noqa: E402
from google.protobuf.compiler import plugin_pb2  # noqa: E402

pool = descriptor_pool.Default()
request = plugin_pb2.CodeGeneratorRequest(parameter="Visibility=Internal")
request.file_to_generate.extend(["cloudevents.proto", "audittrail.proto"])
for name in ["google/protobuf/any.proto", "google/protobuf/timestamp.proto", "google/protobuf/struct.proto",
             "cloudevents.proto", "audittrail.proto"]:
    proto = descriptor_pb2.FileDescriptorProto()
    file = pool.FindFileByName(name)
    file.CopyToProto(proto)

    def add_json_names(messages, descriptors):  # protoc always sets json_name; the plugin requires it
        for message in messages:
            descriptor = descriptors[message.name]
            for field in message.field:
                field.json_name = descriptor.fields_by_name[field.name].json_name
            add_json_names(message.nested_type, descriptor.nested_types_by_name)
    add_json_names(proto.message_type, file.message_types_by_name)
    request.proto_file.append(proto)
response = plugin_pb2.CodeGeneratorResponse.FromString(
    subprocess.run([sys.argv[1]], input=request.SerializeToString(), capture_output=True, check=True).stdout)
if response.error:
    sys.exit(response.error)
out = os.path.join(HERE, "Sources", "bench", "Central")
os.makedirs(out, exist_ok=True)
for file in response.file:
    with open(os.path.join(out, file.name), "w") as f:
        f.write(file.content)
    print("wrote", file.name)
