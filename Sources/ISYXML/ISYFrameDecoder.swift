/// What one WebSocket message from an eisy holds.
public enum ISYFrame {
    /// An `<Event>`, raw or unwrapped from an `event` envelope.
    case event(ISYEventView)
    /// Not an event: an envelope of another type (its `type` bytes, e.g. `spolisy`), or an empty message (empty).
    case ignored(UnsafeRawBufferPointer)
}

/// Decodes one WebSocket message from either eisy transport, as pyisyox 6.0.1 `parse_event_frame` accepts them:
/// raw XML (`/rest/subscribe`) or `{"type":"event","data":"<xml>"}` (`/api/events/subscribe`).
public struct ISYFrameDecoder: Sendable {
    /// The XML event decoder.
    public var decoder: ISYEventDecoder

    public init(decoder: ISYEventDecoder = ISYEventDecoder()) {
        self.decoder = decoder
    }

    /// Decodes `message` and lends `body` what it holds (views valid only during the call).
    public func decode<R>(_ message: UnsafeRawBufferPointer, _ body: (ISYFrame) -> R) throws(ISYEventError) -> R {
        var first = 0
        while first < message.count, XMLCharacters.isSpace(message[first]) { first &+= 1 }
        guard first < message.count else { return body(.ignored(UnsafeRawBufferPointer(rebasing: message[0..<0]))) }
        switch message[first] {
        case UInt8(ascii: "<"):
            return try decoder.decode(message) { body(.event($0)) }
        case UInt8(ascii: "{"):
            return try decodeEnvelope(message, body)
        default:
            throw ISYEventError(.notXMLOrEnvelope, offset: first)
        }
    }
}
