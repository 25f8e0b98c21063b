"""Generates Benchmarks/Sources/bench/Central/sw.pb.swift (the swift-protobuf peer of the switch-events benchmark)
without protoc: a CodeGeneratorRequest holding the FileDescriptorProto compiled into pycentral 2.0a25's
`sw_pb2` (and google/protobuf/timestamp.proto), piped to protoc-gen-swift 1.39.0. Run once by hand with the
pycentral venv; the output is committed (never built in CI).

    git clone /opt/swift-packages/apple/swift-protobuf.git /tmp/swift-protobuf
    git -C /tmp/swift-protobuf checkout 1.39.0
    swift build -c release --product protoc-gen-swift --package-path /tmp/swift-protobuf
    .venv-pycentral/bin/python Benchmarks/generate-central-topics-pb.py /tmp/swift-protobuf/.build/release/protoc-gen-swift"""
import os
import subprocess
import sys

from google.protobuf import descriptor_pb2, timestamp_pb2
from google.protobuf.compiler import plugin_pb2
from pycentral.streaming.events.switch import sw_pb2

HERE = os.path.dirname(os.path.abspath(__file__))
request = plugin_pb2.CodeGeneratorRequest(parameter="Visibility=Internal")
request.file_to_generate.append(sw_pb2.DESCRIPTOR.name)
for file in (timestamp_pb2.DESCRIPTOR, sw_pb2.DESCRIPTOR):
    proto = descriptor_pb2.FileDescriptorProto.FromString(file.serialized_pb)

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
for file in response.file:
    with open(os.path.join(out, file.name), "w") as f:
        f.write(file.content)
    print("wrote", file.name)
