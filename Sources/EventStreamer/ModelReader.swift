import Codecs

/// Reads one SDK model's fields from the spots `StreamingMessageDecoder` noted, applying pydantic's lax rules
/// and reporting the first missing or invalid field.
struct ModelReader {
    let reader: JSONReader
    let spans: StreamingMessageDecoder.FieldSpans
    let baseOffset: Int
    /// The last `events` value's groups, read during validation; nil when absent or not of the model's shape.
    let eventGroups: [StreamingEventGroup]?

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

    func string(_ field: StreamingMessageDecoder.Field) throws -> String {
        let span = try span(field)
        var sub = reader.subReader(span)
        guard let value = try LaxCoercion.string(&sub) else { throw invalid(field, span, expected: "a string") }
        return value
    }

    func integer(_ field: StreamingMessageDecoder.Field) throws -> JSONNumber {
        let span = try span(field)
        var sub = reader.subReader(span)
        guard let value = try LaxCoercion.integer(&sub) else { throw invalid(field, span, expected: "an integer") }
        return value
    }

    func bool(_ field: StreamingMessageDecoder.Field, default fallback: Bool) throws -> Bool {
        guard let span = spans[field] else { return fallback }
        var sub = reader.subReader(span)
        guard let value = try LaxCoercion.bool(&sub) else { throw invalid(field, span, expected: "a boolean") }
        return value
    }

    /// `events: dict[str, list[dict[str, Any]]]`: an object of arrays of objects, kept whole. The groups were
    /// read in the validating pass (duplicate names already resolved: last list, first position).
    func events() throws -> [StreamingEventGroup] {
        let span = try span(.events)
        guard let eventGroups else { throw invalid(.events, span, expected: "an object of arrays of objects") }
        return eventGroups
    }
}
