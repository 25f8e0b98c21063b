public import Codecs

/// Renders decoded views as the JSON of the reference's `MessageToDict(msg, preserving_proto_field_name=True)`:
/// proto field names, fields in field-number order, proto3 defaults left out (oneof members printed when set,
/// even to a default), int64 as decimal strings, bytes as base64, Timestamp as RFC 3339, Struct/Value as plain
/// JSON with numbers as Python prints floats. Map and Struct keys come in wire order (the reference's order is
/// that of a hash table seeded per process, so no fixed order can match it); a repeated key keeps its last value.
///
/// Fails where the reference raises: a NaN or infinite `number_value`, a Timestamp out of range. On failure the
/// writer holds a partial object; callers render into a scratch writer.
public enum DictRenderer {
    /// Writes an AuditTrail as a JSON object.
    public static func write(_ trail: AuditTrailView, into writer: inout JSONWriter) throws(ProtobufError) {
        // String fields come from the index the validating pass recorded: no scan of the trail here.
        let fields = trail.fields
        func string(_ field: UInt32, _ name: String) {
            guard let bytes = fields.lengthDelimited(field), !bytes.isEmpty else { return }
            writer.key(name)
            bytes.withUnsafeBytes { writer.string(utf8: $0) }
        }
        writer.beginObject()
        string(1, "tenant_id")
        let occurredOn = trail.occurredOn
        if occurredOn != 0 {
            writer.key("occurred_on")
            writer.string(String(occurredOn))
        }
        string(3, "action")
        string(4, "category")
        string(5, "sub_category")
        string(6, "destination")
        string(7, "destination_name")
        if let scope = trail.scopeInfo {
            writer.key("scope_info")
            writer.beginObject()
            stringField(scope.message, 1, "scope_type", &writer)
            repeatedStrings(scope.scopeIDs, "scope_ids", &writer)
            writer.endObject()
        }
        string(9, "ip_address")
        string(10, "description")
        string(11, "source")
        string(12, "service_name")
        if let details = trail.logDetails {
            writer.key("log_details")
            try write(details, into: &writer)
        }
        string(14, "additional_info")
        writer.endObject()
    }

    /// Writes a LogDetails as a JSON object.
    public static func write(_ details: LogDetailsView, into writer: inout JSONWriter) throws(ProtobufError) {
        writer.beginObject()
        var changed = details.changedFields.makeIterator()
        if var field = changed.next() {
            writer.key("changed_fields")
            writer.beginArray()
            while true {
                writer.beginObject()
                stringField(field.message, 1, "field_label_key", &writer)
                repeatedStrings(field.beforeTransaction, "before_transaction", &writer)
                repeatedStrings(field.afterTransaction, "after_transaction", &writer)
                writer.endObject()
                guard let next = changed.next() else { break }
                field = next
            }
            writer.endArray()
        }
        var impacts = details.impactRadius.makeIterator()
        if var impact = impacts.next() {
            writer.key("impact_radius")
            writer.beginArray()
            while true {
                writer.beginObject()
                stringField(impact.message, 1, "context", &writer)
                repeatedStrings(impact.values, "values", &writer)
                writer.endObject()
                guard let next = impacts.next() else { break }
                impact = next
            }
            writer.endArray()
        }
        if let json = details.changedJSON {
            writer.key("changed_json")
            writer.beginObject()
            if let before = json.beforeTransaction {
                writer.key("before_transaction")
                try write(before, into: &writer)
            }
            if let after = json.afterTransaction {
                writer.key("after_transaction")
                try write(after, into: &writer)
            }
            writer.endObject()
        }
        writer.endObject()
    }

    /// Writes a CloudEvent as a JSON object, leaving out `proto_data` (printed separately, decoded by topic).
    public static func writeEnvelope(_ event: CloudEventView, into writer: inout JSONWriter) throws(ProtobufError) {
        writer.beginObject()
        let message = event.message
        stringField(message, 1, "id", &writer)
        stringField(message, 2, "source", &writer)
        stringField(message, 3, "specversion", &writer)
        stringField(message, 4, "type", &writer)
        var entries = event.attributeEntries.makeIterator()
        if entries.next() != nil {
            writer.key("attributes")
            writer.beginObject()
            var failure: ProtobufError?
            forEachWinningEntry(event.attributeEntries) { entry in
                guard failure == nil else { return }
                entry.key.utf8.withUnsafeBytes { writer.key(utf8: $0) }
                do throws(ProtobufError) {
                    try write(entry.value, into: &writer)
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            writer.endObject()
        }
        switch event.dataCase {
        case .binaryData:
            writer.key("binary_data")
            base64(message.lengthDelimited(6) ?? ProtobufBytes([]), &writer)
        case .textData:
            writer.key("text_data")
            writeString(message.string(7), &writer)
        case .protoData, nil:
            break
        }
        if let time = event.time {
            writer.key("time")
            try write(time, into: &writer)
        }
        stringField(message, 10, "datacontenttype", &writer)
        stringField(message, 11, "dataschema", &writer)
        writer.endObject()
    }

    /// Writes a CloudEventAttributeValue (nil: the default instance) as a JSON object.
    public static func write(_ value: CloudEventAttributeValueView?, into writer: inout JSONWriter) throws(ProtobufError) {
        writer.beginObject()
        switch value?.value {
        case let .boolean(flag)?:
            writer.key("ce_boolean")
            writer.bool(flag)
        case let .integer(number)?:
            writer.key("ce_integer")
            writer.int(number)
        case let .string(text)?:
            writer.key("ce_string")
            writeString(text, &writer)
        case let .bytes(bytes)?:
            writer.key("ce_bytes")
            base64(bytes, &writer)
        case let .uri(text)?:
            writer.key("ce_uri")
            writeString(text, &writer)
        case let .uriRef(text)?:
            writer.key("ce_uri_ref")
            writeString(text, &writer)
        case let .timestamp(time)?:
            writer.key("ce_timestamp")
            try write(time, into: &writer)
        case nil:
            break
        }
        writer.endObject()
    }

    /// Writes a Timestamp as its RFC 3339 string.
    public static func write(_ time: TimestampView, into writer: inout JSONWriter) throws(ProtobufError) {
        let seconds = time.seconds
        let nanos = time.nanos
        guard let text = TimestampFormat.string(seconds: seconds, nanos: nanos) else {
            throw ProtobufError(.timestampOutOfRange(seconds: seconds, nanos: nanos),
                                offset: time.message.bytes.range.lowerBound)
        }
        writer.string(text)
    }

    /// Writes a Struct as a plain JSON object.
    public static func write(_ value: StructView, into writer: inout JSONWriter) throws(ProtobufError) {
        writer.beginObject()
        var failure: ProtobufError?
        forEachWinningEntry(value.fields) { entry in
            guard failure == nil else { return }
            entry.key.utf8.withUnsafeBytes { writer.key(utf8: $0) }
            do throws(ProtobufError) {
                try write(entry.value, into: &writer)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        writer.endObject()
    }

    /// Writes a Value (nil or no kind: `null`) as plain JSON.
    public static func write(_ value: ValueView?, into writer: inout JSONWriter) throws(ProtobufError) {
        guard let value, let kind = value.kind else {
            writer.null()
            return
        }
        switch kind {
        case .null: writer.null()
        case let .number(number):
            guard number.isFinite else {
                throw ProtobufError(.nonFiniteNumber, offset: value.message.bytes.range.lowerBound)
            }
            writer.pythonFloat(number)
        case let .string(text): writeString(text, &writer)
        case let .bool(flag): writer.bool(flag)
        case let .structValue(object): try write(object, into: &writer)
        case let .listValue(list): try write(list, into: &writer)
        }
    }

    /// Writes a ListValue as a JSON array.
    public static func write(_ list: ListValueView, into writer: inout JSONWriter) throws(ProtobufError) {
        writer.beginArray()
        for element in list.values { try write(element, into: &writer) }
        writer.endArray()
    }

    static func writeString(_ text: ProtobufString, _ writer: inout JSONWriter) {
        text.utf8.withUnsafeBytes { writer.string(utf8: $0) }
    }

    static func stringField(_ message: MessageView, _ field: UInt32, _ name: String, _ writer: inout JSONWriter) {
        let text = message.string(field)
        guard !text.isEmpty else { return }
        writer.key(name)
        writeString(text, &writer)
    }

    static func repeatedStrings(_ values: RepeatedStringView, _ name: String, _ writer: inout JSONWriter) {
        var iterator = values.makeIterator()
        guard var value = iterator.next() else { return }
        writer.key(name)
        writer.beginArray()
        while true {
            writeString(value, &writer)
            guard let next = iterator.next() else { break }
            value = next
        }
        writer.endArray()
    }

    static func base64(_ bytes: ProtobufBytes, _ writer: inout JSONWriter) {
        var encoded: [UInt8] = []
        bytes.withUnsafeBytes { Base64.encode($0, into: &encoded) }
        encoded.withUnsafeBytes { writer.string(utf8: $0) }
    }

    /// Map entries small enough to check for later duplicates by rescanning.
    static let smallMapEntries = 32

    /// Calls `body` for each entry of `map` that no later entry with the same key replaces, in wire order.
    static func forEachWinningEntry<Value>(_ map: MapEntriesView<Value>, _ body: (MapEntriesView<Value>.Entry) -> Void) {
        var count = 0
        for _ in map {
            count &+= 1
            if count > smallMapEntries { break }
        }
        if count <= smallMapEntries {
            for entry in map where !map.isShadowed(entry) { body(entry) }
            return
        }
        var lastStart: [[UInt8]: Int] = [:]
        for entry in map { lastStart[entry.key.utf8.bytes] = entry.entryStart }
        for entry in map where lastStart[entry.key.utf8.bytes] == entry.entryStart { body(entry) }
    }
}
