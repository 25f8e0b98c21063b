public import Codecs

/// One event of a batch: a JSON object kept whole (the SDK types it `dict[str, Any]`, so every field survives),
/// with accessors for the metadata fields the service always sends.
public struct StreamingEvent: Sendable, Equatable {
    /// Every field in document order (duplicate keys: last value at the first position, as Python's `json`).
    public var fields: [JSONMember]

    public init(fields: [JSONMember]) {
        self.fields = fields
    }

    /// The value of field `name`, if present.
    public subscript(name: String) -> JSONValue? {
        fields.first(where: { $0.key.utf8.elementsEqual(name.utf8) })?.value
    }

    /// `block_number`, when it is an integer in Int64's range.
    public var blockNumber: Int64? { integer("block_number") }
    /// `log_index`, when it is an integer in Int64's range.
    public var logIndex: Int64? { integer("log_index") }
    /// `transaction_hash`, when it is a string.
    public var transactionHash: String? { text("transaction_hash") }
    /// `address` (the emitting contract), when it is a string.
    public var address: String? { text("address") }
    /// `timestamp` (ISO 8601 block time), when present as a string.
    public var timestamp: String? { text("timestamp") }

    func integer(_ name: String) -> Int64? {
        guard case let .number(number)? = self[name] else { return nil }
        return number.int64
    }

    func text(_ name: String) -> String? {
        guard case let .string(value)? = self[name] else { return nil }
        return value
    }
}

/// The events of one name in a batch (`events` maps event name → list of events).
public struct StreamingEventGroup: Sendable, Equatable {
    /// The event name, e.g. `Transfer`.
    public var name: String
    public var events: [StreamingEvent]

    public init(name: String, events: [StreamingEvent]) {
        self.name = name
        self.events = events
    }
}
