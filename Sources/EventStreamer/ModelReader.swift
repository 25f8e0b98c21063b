import Codecs

/// One SDK model's fields as the validating pass found them: where each known field lies (last occurrence) and
/// its value under pydantic's lax rules, read in that same pass; reports the first missing or invalid field.
struct ModelReader {
    /// Where each known field's value lies in the line; a field without a span is missing.
    var spans = StreamingMessageDecoder.FieldSpans()
    /// String fields' values (`pydantic str`), nil when the value is not a string.
    var strings = InlineArray<12, String?>(repeating: nil)
    var subscriptionID: JSONNumber?
    var batchSize: JSONNumber?
    var recoverable: Bool?
    /// The last `events` value's groups; nil when absent or not of the model's shape.
    var eventGroups: [StreamingEventGroup]?
    var baseOffset = 0

    /// Reads the value of `field` (next in `reader`) with that field's coercion, and notes where it lies.
    mutating func read(_ field: StreamingMessageDecoder.Field, from reader: inout JSONReader, keyCache: inout JSONKeyCache)
        throws(JSONReaderError)
    {
        _ = try reader.peek()
        let start = reader.position
        switch field {
        case .events: eventGroups = try EventGroupsReader.read(&reader, keyCache: &keyCache)
        case .subscriptionID: subscriptionID = try LaxCoercion.integer(&reader)
        case .batchSize: batchSize = try LaxCoercion.integer(&reader)
        case .recoverable: recoverable = try LaxCoercion.bool(&reader)
        case .type: try reader.skipValue()
        case .responseID, .connectionID, .resumeToken, .timestamp, .batchID, .errorCode, .errorMessage:
            let value = try LaxCoercion.string(&reader)
            if value == nil { try reader.skipValue() }
            strings[field.rawValue] = value
        }
        spans[field] = start..<reader.position
    }

    func fieldName(_ field: StreamingMessageDecoder.Field) -> String {
        field.name.description
    }

    func span(_ field: StreamingMessageDecoder.Field) throws(EventStreamerError) -> Range<Int> {
        guard let span = spans[field] else {
            throw EventStreamerError(.missingField(fieldName(field)), offset: baseOffset)
        }
        return span
    }

    func invalid(_ field: StreamingMessageDecoder.Field, _ span: Range<Int>, expected: String) -> EventStreamerError {
        EventStreamerError(.invalidField(fieldName(field), expected: expected), offset: baseOffset &+ span.lowerBound)
    }

    func string(_ field: StreamingMessageDecoder.Field) throws(EventStreamerError) -> String {
        let span = try span(field)
        guard let value = strings[field.rawValue] else { throw invalid(field, span, expected: "a string") }
        return value
    }

    func integer(_ field: StreamingMessageDecoder.Field) throws(EventStreamerError) -> JSONNumber {
        let span = try span(field)
        guard let value = field == .batchSize ? batchSize : subscriptionID else {
            throw invalid(field, span, expected: "an integer")
        }
        return value
    }

    func bool(_ field: StreamingMessageDecoder.Field, default fallback: Bool) throws(EventStreamerError) -> Bool {
        guard let span = spans[field] else { return fallback }
        guard let value = recoverable else { throw invalid(field, span, expected: "a boolean") }
        return value
    }

    /// `events: dict[str, list[dict[str, Any]]]`: an object of arrays of objects, kept whole (duplicate names
    /// already resolved: last list, first position).
    func events() throws(EventStreamerError) -> [StreamingEventGroup] {
        let span = try span(.events)
        guard let eventGroups else { throw invalid(.events, span, expected: "an object of arrays of objects") }
        return eventGroups
    }
}
