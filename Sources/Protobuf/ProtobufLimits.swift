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
    /// Longest length prefix, in bytes, of a length-delimited field. 5 is upb's limit in python protobuf 7.x (the
    /// audit-trail reference); upb in protobuf 6.33 (what pycentral 2.0a25 runs on, as it needs protobuf < 7)
    /// accepts up to 10 bytes as long as the value stays below 2^31: `pycentralRuntime` sets that.
    public var maxLengthPrefixBytes: Int = 5

    public init() {}

    /// The limits of the reference runtime of pycentral 2.0a25 (python protobuf 6.33.5, upb): length prefixes
    /// of up to 10 bytes. The Central topic decoders use it, since pycentral's callback dicts are their reference.
    public static var pycentralRuntime: ProtobufLimits {
        var limits = ProtobufLimits()
        limits.maxLengthPrefixBytes = 10
        return limits
    }
}
