import Codecs

/// Reads one SDK model's fields from the spots `StreamingMessageDecoder` noted, applying pydantic's lax rules
/// and reporting the first missing or invalid field.
struct ModelReader {
    let reader: JSONReader
    let spans: StreamingMessageDecoder.FieldSpans
    let baseOffset: Int

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

    /// `events: dict[str, list[dict[str, Any]]]`: an object of arrays of objects, kept whole.
    func events() throws -> [StreamingEventGroup] {
        let span = try span(.events)
        var sub = reader.subReader(span)
        let expected = "an object of arrays of objects"
        guard try sub.peek() == .object else { throw invalid(.events, span, expected: expected) }
        try sub.beginObject()
        var groups: [StreamingEventGroup] = []
        // Duplicate names: last list wins at the first position (Python dict); indexed so many names stay linear.
        var positions: [String: Int] = [:]
        while let key = try sub.nextKey() {
            let name = key.string
            guard try sub.peek() == .array else { throw invalid(.events, span, expected: expected) }
            try sub.beginArray()
            var events: [StreamingEvent] = []
            while try sub.nextElement() {
                guard try sub.peek() == .object, case let .object(fields) = try sub.readValue() else {
                    throw invalid(.events, span, expected: expected)
                }
                events.append(StreamingEvent(fields: fields))
            }
            if groups.isEmpty {
                groups.append(StreamingEventGroup(name: name, events: events))
            } else {
                if positions.isEmpty { positions[groups[0].name] = 0 }
                if let existing = positions[name] {
                    groups[existing].events = events
                } else {
                    positions[name] = groups.count
                    groups.append(StreamingEventGroup(name: name, events: events))
                }
            }
        }
        return groups
    }
}
