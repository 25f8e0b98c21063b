/// Protobuf wire reader and the Aruba Central CloudEvent/AuditTrail decoders, sans-I/O.
///
/// Namespace for module-level constants; the codec's types live in their own files.
public enum ProtobufModule {}
