import Codecs

/// One Stream coordinator event: a JSON object read with our `JSONReader` into a `JSONValue`, and its `type`
/// (service-profiles §5.4).
public struct StreamCoordinatorEvent: Sendable, Equatable {
    /// The event's `type` (`message.new`, `health.check`, …); empty when the object has none.
    public let type: String
    /// The whole object, members in document order.
    public let object: JSONValue

    public init(type: String, object: JSONValue) {
        self.type = type
        self.object = object
    }
}
