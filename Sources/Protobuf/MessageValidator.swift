import Codecs

/// The validating pass every typed decode starts with: it walks the whole message tree once, exactly as the
/// reference parser does (wire format, proto3 UTF-8 on every string field, nesting budget, unknown fields and
/// groups skipped), so the typed views built afterwards only read bytes already known to be well-formed.
enum MessageValidator {
    /// Validates `bytes[range]` as a message of `schema` with `depthBudget` levels of nesting still allowed.
    static func validate(
        _ bytes: UnsafeRawBufferPointer, range: Range<Int>, schema: MessageSchema, depthBudget: Int,
        limits: ProtobufLimits
    ) throws(ProtobufError) {
        var reader = WireReader(bytes)
        reader.maxLengthPrefixBytes = limits.maxLengthPrefixBytes
        reader.position = range.lowerBound
        reader.end = range.upperBound
        while let tag = try reader.readTag() {
            guard let kind = schema.kind(of: tag.field), kind.accepts(tag.wireType) else {
                try reader.skipField(field: tag.field, wireType: tag.wireType, depthBudget: depthBudget,
                                     recursionLimit: limits.recursionLimit)
                continue
            }
            switch kind {
            case .varint: _ = try reader.readVarint()
            case .fixed64: _ = try reader.readFixed64()
            case .fixed32: _ = try reader.readFixed32()
            case .packedVarint: try reader.readVarints(wireType: tag.wireType) { _ in }
            case .packedFixed64, .packedFixed32:
                let size = kind.wireType == .fixed64 ? 8 : 4
                if tag.wireType != .lengthDelimited {
                    if size == 8 { _ = try reader.readFixed64() } else { _ = try reader.readFixed32() }
                    continue
                }
                let value = try reader.readLengthDelimited()
                guard value.count % size == 0 else {
                    throw ProtobufError(.packedLengthMismatch(length: value.count, elementSize: size),
                                        offset: value.lowerBound)
                }
            case .bytes: _ = try reader.readLengthDelimited()
            case .string:
                let value = try reader.readLengthDelimited()
                guard UTF8Validation.isValid(UnsafeRawBufferPointer(rebasing: bytes[value])) else {
                    throw ProtobufError(.invalidUTF8(field: tag.field), offset: value.lowerBound)
                }
            case let .message(sub):
                let value = try reader.readLengthDelimited()
                guard depthBudget > 0 else {
                    throw ProtobufError(.recursionLimit(limits.recursionLimit), offset: value.lowerBound)
                }
                try validate(bytes, range: value, schema: sub, depthBudget: depthBudget &- 1, limits: limits)
            }
        }
    }

    /// Validates a whole top-level message held in `message`.
    static func validate(
        _ message: ProtobufBytes, schema: MessageSchema, limits: ProtobufLimits
    ) throws(ProtobufError) {
        guard message.count <= limits.maxMessageSize else {
            throw ProtobufError(.messageTooLarge(size: message.count, limit: limits.maxMessageSize), offset: 0)
        }
        let range = message.range
        let failure: ProtobufError? = message.storage.withUnsafeBytes { raw in
            do throws(ProtobufError) {
                try validate(raw, range: range, schema: schema, depthBudget: limits.recursionLimit, limits: limits)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }
}
