"""The Aruba Central schemas of issue 5 (cloudevents.v1 and audittrail, proto3, as in pycentral 2.0's generated
modules), built from descriptors at run time so no protoc is needed. Reference peer only: python `protobuf`."""
from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, struct_pb2, timestamp_pb2  # noqa: F401
from google.protobuf import message_factory

F = descriptor_pb2.FieldDescriptorProto
OPT, REP = F.LABEL_OPTIONAL, F.LABEL_REPEATED


def _field(msg, name, number, ftype, label=OPT, type_name=None, oneof=None):
    f = msg.field.add(name=name, number=number, type=ftype, label=label)
    if type_name:
        f.type_name = type_name
    if oneof is not None:
        f.oneof_index = oneof
    return f


def _cloudevents():
    fd = descriptor_pb2.FileDescriptorProto(name="cloudevents.proto", package="cloudevents.v1", syntax="proto3")
    fd.dependency.extend(["google/protobuf/any.proto", "google/protobuf/timestamp.proto"])
    ce = fd.message_type.add(name="CloudEvent")
    ce.oneof_decl.add(name="data")
    _field(ce, "id", 1, F.TYPE_STRING)
    _field(ce, "source", 2, F.TYPE_STRING)
    _field(ce, "specversion", 3, F.TYPE_STRING)
    _field(ce, "type", 4, F.TYPE_STRING)
    _field(ce, "attributes", 5, F.TYPE_MESSAGE, REP, ".cloudevents.v1.CloudEvent.AttributesEntry")
    _field(ce, "binary_data", 6, F.TYPE_BYTES, oneof=0)
    _field(ce, "text_data", 7, F.TYPE_STRING, oneof=0)
    _field(ce, "proto_data", 8, F.TYPE_MESSAGE, type_name=".google.protobuf.Any", oneof=0)
    _field(ce, "time", 9, F.TYPE_MESSAGE, type_name=".google.protobuf.Timestamp")
    _field(ce, "datacontenttype", 10, F.TYPE_STRING)
    _field(ce, "dataschema", 11, F.TYPE_STRING)
    entry = ce.nested_type.add(name="AttributesEntry")
    entry.options.map_entry = True
    _field(entry, "key", 1, F.TYPE_STRING)
    _field(entry, "value", 2, F.TYPE_MESSAGE, type_name=".cloudevents.v1.CloudEventAttributeValue")
    av = fd.message_type.add(name="CloudEventAttributeValue")
    av.oneof_decl.add(name="value")
    _field(av, "ce_boolean", 1, F.TYPE_BOOL, oneof=0)
    _field(av, "ce_integer", 2, F.TYPE_INT32, oneof=0)
    _field(av, "ce_string", 3, F.TYPE_STRING, oneof=0)
    _field(av, "ce_bytes", 4, F.TYPE_BYTES, oneof=0)
    _field(av, "ce_uri", 5, F.TYPE_STRING, oneof=0)
    _field(av, "ce_uri_ref", 6, F.TYPE_STRING, oneof=0)
    _field(av, "ce_timestamp", 7, F.TYPE_MESSAGE, type_name=".google.protobuf.Timestamp", oneof=0)
    return fd


def _audittrail():
    fd = descriptor_pb2.FileDescriptorProto(name="audittrail.proto", package="audittrail", syntax="proto3")
    fd.dependency.append("google/protobuf/struct.proto")
    at = fd.message_type.add(name="AuditTrail")
    for number, name in [(1, "tenant_id"), (3, "action"), (4, "category"), (5, "sub_category"), (6, "destination"),
                         (7, "destination_name"), (9, "ip_address"), (10, "description"), (11, "source"),
                         (12, "service_name"), (14, "additional_info")]:
        _field(at, name, number, F.TYPE_STRING)
    _field(at, "occurred_on", 2, F.TYPE_INT64)
    _field(at, "scope_info", 8, F.TYPE_MESSAGE, type_name=".audittrail.ScopeInfo")
    _field(at, "log_details", 13, F.TYPE_MESSAGE, type_name=".audittrail.LogDetails")
    at.field.sort(key=lambda f: f.number)
    si = fd.message_type.add(name="ScopeInfo")
    _field(si, "scope_type", 1, F.TYPE_STRING)
    _field(si, "scope_ids", 2, F.TYPE_STRING, REP)
    ld = fd.message_type.add(name="LogDetails")
    _field(ld, "changed_fields", 1, F.TYPE_MESSAGE, REP, ".audittrail.ChangedField")
    _field(ld, "impact_radius", 2, F.TYPE_MESSAGE, REP, ".audittrail.ImpactRadius")
    _field(ld, "changed_json", 3, F.TYPE_MESSAGE, type_name=".audittrail.ChangedJSON")
    cf = fd.message_type.add(name="ChangedField")
    _field(cf, "field_label_key", 1, F.TYPE_STRING)
    _field(cf, "before_transaction", 2, F.TYPE_STRING, REP)
    _field(cf, "after_transaction", 3, F.TYPE_STRING, REP)
    ir = fd.message_type.add(name="ImpactRadius")
    _field(ir, "context", 1, F.TYPE_STRING)
    _field(ir, "values", 2, F.TYPE_STRING, REP)
    cj = fd.message_type.add(name="ChangedJSON")
    _field(cj, "before_transaction", 1, F.TYPE_MESSAGE, type_name=".google.protobuf.Struct")
    _field(cj, "after_transaction", 2, F.TYPE_MESSAGE, type_name=".google.protobuf.Struct")
    return fd


_pool = descriptor_pool.Default()
_pool.Add(_cloudevents())
_pool.Add(_audittrail())


def _cls(name):
    return message_factory.GetMessageClass(_pool.FindMessageTypeByName(name))


CloudEvent = _cls("cloudevents.v1.CloudEvent")
CloudEventAttributeValue = _cls("cloudevents.v1.CloudEventAttributeValue")
AuditTrail = _cls("audittrail.AuditTrail")
ScopeInfo = _cls("audittrail.ScopeInfo")
LogDetails = _cls("audittrail.LogDetails")
ChangedField = _cls("audittrail.ChangedField")
ImpactRadius = _cls("audittrail.ImpactRadius")
ChangedJSON = _cls("audittrail.ChangedJSON")
Any = any_pb2.Any
Struct = struct_pb2.Struct
Timestamp = timestamp_pb2.Timestamp
