import Codecs

/// Reads one SDK model's fields from the spots `StreamingMessageDecoder` noted, applying pydantic's lax rules
/// and reporting the first missing or invalid field.
struct ModelReader {
    let reader: JSONReader
    let spans: StreamingMessageDecoder.FieldSpans
    let baseOffset: Int
    /// The last `events` value, read during validation.
    let eventsValue: JSONValue?

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

    /// `events: dict[str, list[dict[str, Any]]]`: an object of arrays of objects, kept whole. The value was
    /// materialised in the validating pass (duplicate names already resolved: last list, first position).
    func events() throws -> [StreamingEventGroup] {
        let span = try span(.events)
        let failure = invalid(.events, span, expected: "an object of arrays of objects")
        guard case let .object(members)? = eventsValue else { throw failure }
        var groups: [StreamingEventGroup] = []
        groups.reserveCapacity(members.count)
        for member in members {
            guard case let .array(elements) = member.value else { throw failure }
            var events: [StreamingEvent] = []
            events.reserveCapacity(elements.count)
            for element in elements {
                guard case let .object(fields) = element else { throw failure }
                events.append(StreamingEvent(fields: fields))
            }
            groups.append(StreamingEventGroup(name: member.key, events: events))
        }
        return groups
    }
}
