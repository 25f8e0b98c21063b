/// Appends protobuf wire-format records to a byte buffer: the encoder half of `WireReader`. Varints are written
/// minimally, negative int32/int64 as 10 bytes (sign-extended), as every reference serializer does.
public struct ProtobufWriter: Sendable {
    /// The bytes written so far.
    public var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    public mutating func writeTag(_ field: UInt32, _ wireType: WireType) {
        writeVarint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    public mutating func writeVarintField(_ field: UInt32, _ value: UInt64) {
        writeTag(field, .varint)
        writeVarint(value)
    }

    public mutating func writeFixed64Field(_ field: UInt32, _ value: UInt64) {
        writeTag(field, .fixed64)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func writeBytesField<C: Collection>(_ field: UInt32, _ value: C) where C.Element == UInt8 {
        writeTag(field, .lengthDelimited)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func writeStringField(_ field: UInt32, _ value: String) {
        writeBytesField(field, value.utf8)
    }

    /// Writes `field` as an embedded message whose body `body` writes.
    public mutating func writeMessageField(_ field: UInt32, _ body: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter(capacity: 64)
        body(&inner)
        writeBytesField(field, inner.bytes)
    }

    /// Writes already-encoded records (e.g. retained unknown fields).
    public mutating func writeRaw(_ records: [UInt8]) {
        bytes.append(contentsOf: records)
    }

    /// The order upb's deterministic serializer gives string map keys: bytewise over the common prefix, and
    /// when one key is a prefix of the other, the longer first.
    public static func mapKeyPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        for index in 0..<min(a.count, b.count) where a[index] != b[index] {
            return a[index] < b[index]
        }
        return a.count > b.count
    }
}
