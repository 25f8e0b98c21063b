public import Codecs

/// Decodes one NDJSON line into a `StreamingMessage` as the SDK does: the line must be strict JSON (whole line
/// first, like `json.loads`), an object whose `type` is `event_batch`, `heartbeat` or `error`, and whose fields
/// pass that model's lax pydantic validation. Unknown top-level fields are ignored; duplicate keys: last wins.
///
/// One pass validates the whole line and reads each known field's value with its model coercion (noting where
/// it lies, for errors); unknown fields are validated and skipped, nothing else is built.
public struct StreamingMessageDecoder: Sendable {
    public var limits: JSONLimits

    public init(limits: JSONLimits = JSONLimits()) {
        self.limits = limits
    }

    /// The fields of the three models, in one numbering.
    enum Field: Int, CaseIterable {
        case type, responseID, subscriptionID, connectionID, resumeToken, events, batchSize, timestamp, batchID
        case errorCode, errorMessage, recoverable

        var name: StaticString {
            switch self {
            case .type: "type"
            case .responseID: "response_id"
            case .subscriptionID: "subscription_id"
            case .connectionID: "connection_id"
            case .resumeToken: "resume_token"
            case .events: "events"
            case .batchSize: "batch_size"
            case .timestamp: "timestamp"
            case .batchID: "batch_id"
            case .errorCode: "error_code"
            case .errorMessage: "error_message"
            case .recoverable: "recoverable"
            }
        }

        /// The field a key names, compared on decoded bytes; the length picks the one or two candidates.
        static func named(_ key: JSONString) -> Field? {
            guard !key.hasEscapes else { return key.withUTF8 { named(count: $0.count, key) } }
            return named(count: key.rawBytes.count, key)
        }

        static func named(count: Int, _ key: JSONString) -> Field? {
            let candidates: (Field, Field?)
            switch count {
            case 4: candidates = (.type, nil)
            case 6: candidates = (.events, nil)
            case 8: candidates = (.batchID, nil)
            case 9: candidates = (.timestamp, nil)
            case 10: candidates = (.batchSize, .errorCode)
            case 11: candidates = (.responseID, .recoverable)
            case 12: candidates = (.resumeToken, nil)
            case 13: candidates = (.connectionID, .errorMessage)
            case 15: candidates = (.subscriptionID, nil)
            default: return nil
            }
            if key.equals(candidates.0.name) { return candidates.0 }
            if let second = candidates.1, key.equals(second.name) { return second }
            return nil
        }
    }

    /// Where each known field's value lies in the line (last occurrence); inline, no heap.
    struct FieldSpans {
        var spans = InlineArray<12, Range<Int>?>(repeating: nil)
        subscript(field: Field) -> Range<Int>? {
            get { spans[field.rawValue] }
            set { spans[field.rawValue] = newValue }
        }
    }

    /// Decodes `line` (no terminator); `baseOffset` is the line's offset in the stream, for error offsets.
    public func decode(_ line: UnsafeRawBufferPointer, baseOffset: Int = 0) throws(EventStreamerError) -> StreamingMessage {
        var keys = JSONKeyCache()
        return try decode(line, baseOffset: baseOffset, keyCache: &keys)
    }

    /// Decodes `line`, taking repeated object keys' strings from `keyCache` (one per stream).
    public func decode(
        _ line: UnsafeRawBufferPointer, baseOffset: Int = 0, keyCache: inout JSONKeyCache
    ) throws(EventStreamerError) -> StreamingMessage {
        do {
            return try decodeLine(line, baseOffset: baseOffset, keyCache: &keyCache)
        } catch let error as EventStreamerError {
            throw error
        } catch let error as JSONReaderError {
            throw EventStreamerError(.json(error), offset: error.offset)
        } catch {
            throw EventStreamerError(.notAnObject, offset: baseOffset)
        }
    }

    /// Validates the whole line first (JSON errors win, as `json.loads` runs before the models), then reads the
    /// model its `type` names.
    func decodeLine(
        _ line: UnsafeRawBufferPointer, baseOffset: Int, keyCache: inout JSONKeyCache
    ) throws -> StreamingMessage {
        var reader = try JSONReader(line, limits: limits, baseOffset: baseOffset)
        guard try reader.peek() == .object else {
            try reader.skipValue()
            try reader.finish()
            throw (EventStreamerError(.notAnObject, offset: baseOffset))
        }
        var model = ModelReader()
        model.baseOffset = baseOffset
        try reader.beginObject()
        while let key = try reader.nextKey() {
            if let field = Field.named(key) {
                try model.read(field, from: &reader, keyCache: &keyCache)
            } else {
                try reader.skipValue()
            }
        }
        try reader.finish()

        guard let typeSpan = model.spans[.type] else {
            throw (EventStreamerError(.missingType, offset: baseOffset))
        }
        var typeReader = reader.subReader(typeSpan)
        guard try typeReader.peek() == .string else {
            throw (EventStreamerError(.unknownType, offset: baseOffset &+ typeSpan.lowerBound))
        }
        let type = try typeReader.readString()
        if type.equals("event_batch") {
            return .eventBatch(StreamingEventBatch(
                responseID: try model.string(.responseID),
                subscriptionID: try model.integer(.subscriptionID),
                connectionID: try model.string(.connectionID),
                resumeToken: try model.string(.resumeToken),
                events: try model.events(),
                batchSize: try model.integer(.batchSize),
                timestamp: try model.string(.timestamp),
                batchID: try model.string(.batchID)))
        }
        if type.equals("heartbeat") {
            return .heartbeat(StreamingHeartbeat(
                connectionID: try model.string(.connectionID),
                subscriptionID: try model.integer(.subscriptionID),
                timestamp: try model.string(.timestamp)))
        }
        if type.equals("error") {
            return .error(StreamingErrorMessage(
                connectionID: try model.string(.connectionID),
                subscriptionID: try model.integer(.subscriptionID),
                errorCode: try model.string(.errorCode),
                errorMessage: try model.string(.errorMessage),
                timestamp: try model.string(.timestamp),
                recoverable: try model.bool(.recoverable, default: true)))
        }
        throw (EventStreamerError(.unknownType, offset: baseOffset &+ typeSpan.lowerBound))
    }
}
