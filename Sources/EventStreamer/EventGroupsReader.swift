import Codecs

/// Reads a batch's `events` value straight into event groups while the line is validated, with the result
/// `JSONReader.readValue` followed by the SDK model's shape check would give (`dict[str, list[dict]]`; duplicate
/// event names: last list, first position), without building the intermediate `JSONValue` tree.
enum EventGroupsReader {
    /// The groups, or nil when the value is valid JSON of another shape (the model rejects the field).
    static func read(
        _ reader: inout JSONReader, keyCache: inout JSONKeyCache
    ) throws(JSONReaderError) -> [StreamingEventGroup]? {
        guard try reader.peek() == .object else {
            _ = try reader.readValue()
            return nil
        }
        try reader.beginObject()
        var groups: [StreamingEventGroup] = []
        var index: [ExactStringKey: Int]? = nil
        // Groups whose latest list is not a list of objects; a later valid duplicate clears its entry.
        var invalid: [Int] = []
        while let key = try reader.nextKey() {
            try reader.checkContainerCount(groups.count &+ 1)
            let name = keyCache.string(for: key)
            let events = try readGroup(&reader, keyCache: &keyCache)
            let position: Int
            if let existing = groupIndex(of: name, in: groups, index: &index) {
                groups[existing].events = events ?? []
                position = existing
            } else {
                index?[ExactStringKey(name)] = groups.count
                position = groups.count
                groups.append(StreamingEventGroup(name: name, events: events ?? []))
            }
            if events == nil {
                if !invalid.contains(position) { invalid.append(position) }
            } else if !invalid.isEmpty {
                invalid.removeAll(where: { $0 == position })
            }
        }
        return invalid.isEmpty ? groups : nil
    }

    /// One group's list: its events, or nil when it is not an array of objects (still read whole, so JSON
    /// errors and limits surface exactly as `readValue` reports them).
    static func readGroup(
        _ reader: inout JSONReader, keyCache: inout JSONKeyCache
    ) throws(JSONReaderError) -> [StreamingEvent]? {
        guard try reader.peek() == .array else {
            _ = try reader.readValue()
            return nil
        }
        try reader.beginArray()
        var events: [StreamingEvent] = []
        var count = 0
        var valid = true
        while try reader.nextElement() {
            count &+= 1
            try reader.checkContainerCount(count)
            if try reader.peek() == .object {
                let fields = try reader.readObjectMembers(keyCache: &keyCache)
                if valid { events.append(StreamingEvent(fields: fields)) }
            } else {
                _ = try reader.readValue()
                valid = false
            }
        }
        return valid ? events : nil
    }

    /// Objects with more groups than this find duplicate names through a dictionary instead of a scan.
    static let linearScanLimit = 16

    /// Position of the group named `name` (compared by code points), if any.
    static func groupIndex(
        of name: String, in groups: [StreamingEventGroup], index: inout [ExactStringKey: Int]?
    ) -> Int? {
        if let index { return index[ExactStringKey(name)] }
        if groups.count < linearScanLimit {
            return groups.firstIndex(where: { $0.name.utf8.count == name.utf8.count && $0.name.utf8.elementsEqual(name.utf8) })
        }
        var built: [ExactStringKey: Int] = [:]
        for (position, group) in groups.enumerated() { built[ExactStringKey(group.name)] = position }
        index = built
        return built[ExactStringKey(name)]
    }
}
