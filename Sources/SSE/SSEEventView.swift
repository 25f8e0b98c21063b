/// A dispatched event lent as UTF-8 bytes instead of Strings, for consumers that parse or forward the payload
/// without keeping it: no allocation per event. The buffers are valid only during the `feed(_:onItem:)` call that
/// lends the value; the bytes are exactly the UTF-8 of the Strings `SSEEvent` would hold (invalid input already
/// U+FFFD-replaced).
public struct SSEEventView {
    /// The event type's UTF-8 (`message` when none was set).
    public let type: UnsafeRawBufferPointer
    /// The data lines joined with LF, without a final LF.
    public let data: UnsafeRawBufferPointer
    /// The last event ID string at dispatch.
    public let lastEventID: UnsafeRawBufferPointer

    @usableFromInline init(type: UnsafeRawBufferPointer, data: UnsafeRawBufferPointer,
                           lastEventID: UnsafeRawBufferPointer) {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }

    /// The same event as Strings (copies), to keep it past the call.
    @inlinable public var event: SSEEvent {
        SSEEvent(type: SSEDecoder.string(fromUTF8: type), data: SSEDecoder.string(fromUTF8: data),
                 lastEventID: SSEDecoder.string(fromUTF8: lastEventID))
    }
}
