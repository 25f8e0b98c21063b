import Codecs

/// The validating pass every typed decode starts with: it walks the whole message tree once, exactly as the
/// reference parser does (wire format, proto3 UTF-8 on every string field, nesting budget, unknown fields and
/// groups skipped), so the typed views built afterwards only read bytes already known to be well-formed.
enum MessageValidator {
    /// Validates `bytes[range]` as a message of `schema` with `depthBudget` levels of nesting still allowed,
    /// recording each top-level record (known or not; groups aside) in `index` when given.
    static func validate(
        _ bytes: UnsafeRawBufferPointer, range: Range<Int>, schema: MessageSchema, depthBudget: Int,
        limits: ProtobufLimits, index: UnsafeMutablePointer<FieldIndex>? = nil
    ) throws(ProtobufError) {
        var reader = WireReader(bytes)
        reader.maxLengthPrefixBytes = limits.maxLengthPrefixBytes
        reader.position = range.lowerBound
        reader.end = range.upperBound
        while true {
            let tagStart = reader.position
            guard let tag = try reader.readTag() else { return }
            guard let kind = schema.kind(of: tag.field), kind.accepts(tag.wireType) else {
                let valueStart = reader.position
                // The same checks as `skipField`; the payload range is what the index keeps.
                var payload: Range<Int>?
                if tag.wireType == .lengthDelimited {
                    payload = try reader.readLengthDelimited()
                } else {
                    try reader.skipField(field: tag.field, wireType: tag.wireType, depthBudget: depthBudget,
                                         recursionLimit: limits.recursionLimit)
                }
                // Unknown fields are indexed too, so that the index answers exactly what a scan would.
                if let index, tag.wireType != .startGroup {
                    index.pointee.record(tag.field, tag.wireType, tagStart: tagStart,
                                         value: payload ?? valueStart..<reader.position)
                }
                continue
            }
            let valueStart = reader.position
            var payload: Range<Int>?
            switch kind {
            case .varint: _ = try reader.readVarint()
            case .fixed64: _ = try reader.readFixed64()
            case .fixed32: _ = try reader.readFixed32()
            case .packedVarint:
                if tag.wireType == .lengthDelimited {
                    var run = reader
                    payload = try run.readLengthDelimited()
                }
                try reader.readVarints(wireType: tag.wireType) { _ in }
            case .packedFixed64, .packedFixed32:
                let size = kind.wireType == .fixed64 ? 8 : 4
                if tag.wireType != .lengthDelimited {
                    if size == 8 { _ = try reader.readFixed64() } else { _ = try reader.readFixed32() }
                } else {
                    let value = try reader.readLengthDelimited()
                    guard value.count % size == 0 else {
                        throw ProtobufError(.packedLengthMismatch(length: value.count, elementSize: size),
                                            offset: value.lowerBound)
                    }
                    payload = value
                }
            case .bytes: payload = try reader.readLengthDelimited()
            case .string:
                let value = try reader.readLengthDelimited()
                let text = UnsafeRawBufferPointer(rebasing: bytes[value])
                guard isShortASCII(text) || UTF8Validation.isValid(text) else {
                    throw ProtobufError(.invalidUTF8(field: tag.field), offset: value.lowerBound)
                }
                payload = value
            case let .message(sub):
                let value = try reader.readLengthDelimited()
                guard depthBudget > 0 else {
                    throw ProtobufError(.recursionLimit(limits.recursionLimit), offset: value.lowerBound)
                }
                try validate(bytes, range: value, schema: sub, depthBudget: depthBudget &- 1, limits: limits)
                payload = value
            }
            if let index {
                index.pointee.record(tag.field, tag.wireType, tagStart: tagStart,
                                     value: payload ?? valueStart..<reader.position)
            }
        }
    }

    /// True for a string field of at most 64 bytes, all ASCII, checked inline eight bytes at a time: most string
    /// fields of Central's events are short identifiers, and the call into the general validator cost more than
    /// the check.
    @inline(__always) static func isShortASCII(_ text: UnsafeRawBufferPointer) -> Bool {
        let count = text.count
        guard count <= 64, let base = text.baseAddress else { return count == 0 }
        var bits: UInt64 = 0
        var index = 0
        while index &+ 8 <= count {
            bits |= base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index &+= 8
        }
        while index < count {
            bits |= UInt64(base.load(fromByteOffset: index, as: UInt8.self))
            index &+= 1
        }
        return bits & 0x8080_8080_8080_8080 == 0
    }

    /// Validates a whole top-level message held in `message`.
    static func validate(
        _ message: ProtobufBytes, schema: MessageSchema, limits: ProtobufLimits
    ) throws(ProtobufError) {
        try validate(message, schema: schema, limits: limits, index: nil)
    }

    /// Validates a whole top-level message held in `message`, recording its fields in `index` on the way (so the
    /// typed view that holds `index` never rescans the message). In place: the view is built first and its index
    /// filled, not returned and copied (copies of the index were a fifth of the read-all profile).
    static func validate(
        _ message: ProtobufBytes, schema: MessageSchema, limits: ProtobufLimits, index: inout FieldIndex
    ) throws(ProtobufError) {
        try withUnsafeMutablePointer(to: &index) { pointer throws(ProtobufError) in
            try validate(message, schema: schema, limits: limits, index: pointer)
        }
    }

    private static func validate(
        _ message: ProtobufBytes, schema: MessageSchema, limits: ProtobufLimits,
        index: UnsafeMutablePointer<FieldIndex>?
    ) throws(ProtobufError) {
        guard message.count <= limits.maxMessageSize else {
            throw ProtobufError(.messageTooLarge(size: message.count, limit: limits.maxMessageSize), offset: 0)
        }
        let range = message.range
        let failure: ProtobufError? = message.storage.withUnsafeBytes { raw in
            do throws(ProtobufError) {
                try validate(raw, range: range, schema: schema, depthBudget: limits.recursionLimit,
                             limits: limits, index: index)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }
}
