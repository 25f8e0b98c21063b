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
    ///
    /// One UTF-8 byte order mark at the start of the message is skipped before its shape is sniffed (XML 1.0
    /// §4.3.3, RFC 8259 §8.1 allow a reader to ignore it): pyisyox drops such a frame only because its
    /// `str.lstrip()` sniffing does not strip U+FEFF, while ElementTree itself accepts the mark, so we keep the
    /// event (a documented divergence, see the ISYXML conformance notes).
    public func decode<R>(_ message: UnsafeRawBufferPointer, _ body: (ISYFrame) -> R) throws(ISYEventError) -> R {
        var first = 0
        if message.count >= 3, message[0] == 0xEF, message[1] == 0xBB, message[2] == 0xBF { first = 3 }
        while first < message.count, XMLCharacters.isSpace(message[first]) { first &+= 1 }
        guard first < message.count else { return body(.ignored(UnsafeRawBufferPointer(rebasing: message[0..<0]))) }
        switch message[first] {
        case UInt8(ascii: "<"):
            return try decoder.decode(message) { body(.event($0)) }
        case UInt8(ascii: "{"):
            let skipped = message.count >= 3 && message[0] == 0xEF && message[1] == 0xBB && message[2] == 0xBF ? 3 : 0
            do throws(ISYEventError) {
                return try decodeEnvelope(UnsafeRawBufferPointer(rebasing: message[skipped...]), body)
            } catch {
                // Envelope offsets count from the message's first byte, the mark included; offsets into the
                // unescaped `data` document stay relative to it.
                if case .xml = error.kind { throw error }
                throw ISYEventError(error.kind, offset: error.offset.map { $0 &+ skipped })
            }
        default:
            throw ISYEventError(.notXMLOrEnvelope, offset: first)
        }
    }
}
