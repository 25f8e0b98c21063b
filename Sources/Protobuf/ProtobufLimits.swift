/// Bounds for the protobuf wire reader.
///
/// A decoder checks a declared size against its limit before reading or reserving anything, and accumulated sizes
/// as they grow; exceeding a limit is a typed error, never truncation. Widen a field for a trusted peer, never
/// remove the check.
public struct ProtobufLimits: Sendable, Equatable {
    /// Deepest message nesting (sub-messages, groups, Struct/ListValue); 100, as upb and protobuf-java.
    public var recursionLimit: Int = 100
    /// Largest message accepted; protobuf's own hard ceiling is 2 GiB, real Central events are under 64 KiB.
    public var maxMessageSize: Int = 64 << 20

    public init() {}
}
