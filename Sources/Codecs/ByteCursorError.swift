/// A read past the end of a `ByteCursor`'s bytes or a malformed varint, with the absolute offset of the read.
public struct ByteCursorError: CodecError, Equatable {
    /// What went wrong; `code` is derived from it.
    public enum Kind: Sendable, Equatable {
        /// `needed` bytes were requested but only `available` remained.
        case truncated(needed: Int, available: Int)
        /// A varint ran past 10 bytes.
        case varintTooLong
        /// A 10-byte varint carried bits above bit 63.
        case varintOverflow
        /// A requested index range lies outside the bytes.
        case rangeOutOfBounds(lower: Int, upper: Int, count: Int)
    }

    public let kind: Kind
    public let offset: Int?

    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var code: String {
        switch kind {
        case .truncated: "truncated-input"
        case .varintTooLong: "varint-too-long"
        case .varintOverflow: "varint-overflow"
        case .rangeOutOfBounds: "range-out-of-bounds"
        }
    }

    public var message: String {
        switch kind {
        case let .truncated(needed, available): "needed \(needed) bytes, \(available) available"
        case .varintTooLong: "varint longer than 10 bytes"
        case .varintOverflow: "varint exceeds 64 bits"
        case let .rangeOutOfBounds(lower, upper, count): "range \(lower)..<\(upper) outside \(count) bytes"
        }
    }
}
