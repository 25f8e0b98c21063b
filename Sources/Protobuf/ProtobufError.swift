public import Codecs

/// A protobuf decoding or JSON-rendering failure, with the byte offset in the message where it was detected.
/// Every case matches a rejection by the reference (python `protobuf` on upb): `DecodeError` while parsing, or
/// `ValueError`/`SerializeToJsonError` from `MessageToDict`.
public struct ProtobufError: CodecError, Equatable {
    /// What went wrong; `code` is derived from it.
    public enum Kind: Sendable, Equatable {
        /// A field, length or varint runs past the end of its enclosing message.
        case truncated
        /// A varint longer than 10 bytes (tags and lengths: longer than 5 bytes).
        case varintTooLong
        /// A tag above 2^32-1 or with field number 0.
        case invalidTag(field: UInt64)
        /// Wire type 6 or 7.
        case invalidWireType(Int)
        /// A length of 2^31 or more, or one running past the enclosing message.
        case lengthOutOfBounds(length: UInt64, available: Int)
        /// An end-group tag without its start, or closing a different group.
        case unmatchedEndGroup(field: UInt32)
        /// A start-group tag whose end never comes.
        case unterminatedGroup(field: UInt32)
        /// Sub-messages and groups nested deeper than `ProtobufLimits.recursionLimit`.
        case recursionLimit(Int)
        /// A proto3 `string` field holding bytes that are not UTF-8.
        case invalidUTF8(field: UInt32)
        /// A message larger than `ProtobufLimits.maxMessageSize`.
        case messageTooLarge(size: Int, limit: Int)
        /// `Value.number_value` is NaN or infinite: the JSON mapping has no spelling for it.
        case nonFiniteNumber
        /// A Timestamp outside 0001-01-01..9999-12-31 or with nanos outside 0..999999999.
        case timestampOutOfRange(seconds: Int64, nanos: Int32)
        /// An `Any` whose type URL names no message this module decodes.
        case unknownAnyType(length: Int)
        /// A topic this module has no decoder for.
        case unsupportedTopic
        /// A packed run of fixed-size values whose length is not a multiple of the value size (upb: malformed).
        case packedLengthMismatch(length: Int, elementSize: Int)
    }

    public let kind: Kind
    public let offset: Int?

    public init(_ kind: Kind, offset: Int?) {
        self.kind = kind
        self.offset = offset
    }

    public var code: String {
        switch kind {
        case .truncated: "truncated-message"
        case .varintTooLong: "varint-too-long"
        case .invalidTag: "invalid-tag"
        case .invalidWireType: "invalid-wire-type"
        case .lengthOutOfBounds: "length-out-of-bounds"
        case .unmatchedEndGroup: "unmatched-end-group"
        case .unterminatedGroup: "unterminated-group"
        case .recursionLimit: "recursion-limit-exceeded"
        case .invalidUTF8: "invalid-utf8"
        case .messageTooLarge: "message-too-large"
        case .nonFiniteNumber: "non-finite-number"
        case .timestampOutOfRange: "timestamp-out-of-range"
        case .unknownAnyType: "unknown-any-type"
        case .unsupportedTopic: "unsupported-topic"
        case .packedLengthMismatch: "packed-length-mismatch"
        }
    }

    public var message: String {
        switch kind {
        case .truncated: "field runs past the end of its message"
        case .varintTooLong: "varint longer than its maximum size"
        case let .invalidTag(field): "tag with field number \(field) is not allowed"
        case let .invalidWireType(type): "wire type \(type) is not valid"
        case let .lengthOutOfBounds(length, available): "length \(length) exceeds the \(available) bytes left"
        case let .unmatchedEndGroup(field): "end-group tag for field \(field) without a matching start"
        case let .unterminatedGroup(field): "group of field \(field) is never closed"
        case let .recursionLimit(limit): "message nesting exceeds the limit of \(limit)"
        case let .invalidUTF8(field): "string field \(field) is not valid UTF-8"
        case let .messageTooLarge(size, limit): "message of \(size) bytes exceeds the limit of \(limit)"
        case .nonFiniteNumber: "Value.number_value is NaN or infinite, which JSON cannot represent"
        case let .timestampOutOfRange(seconds, nanos): "timestamp seconds \(seconds) nanos \(nanos) out of range"
        case let .unknownAnyType(length): "Any type URL of \(length) bytes names no known message"
        case .unsupportedTopic: "topic has no decoder"
        case let .packedLengthMismatch(length, size): "packed run of \(length) bytes is not a multiple of \(size)"
        }
    }
}
