/// A dispatched event lent as UTF-8 bytes instead of Strings, for consumers that parse or forward the payload
/// without keeping it: no allocation per event. The buffers are valid only during the call that lends the value;
/// the bytes are exactly the UTF-8 of the Strings `SSEEvent` would hold (invalid input already U+FFFD-replaced).
public struct SSEEventBytes {
    /// The event type's UTF-8 (`message` when none was set).
    public let type: UnsafeRawBufferPointer
    /// The data lines joined with LF, without a final LF.
    public let data: UnsafeRawBufferPointer
    /// The last event ID string at dispatch.
    public let lastEventID: UnsafeRawBufferPointer

    /// The same event as Strings (copies), e.g. to keep it past the call.
    public var event: SSEEvent {
        SSEEvent(type: String(decoding: type, as: UTF8.self), data: String(decoding: data, as: UTF8.self),
                 lastEventID: String(decoding: lastEventID, as: UTF8.self))
    }
}

/// What `SSEDecoder.feed(_:borrowing:)` lends, in stream order: events as bytes, and reconnection-time changes.
public enum SSEBorrowedItem {
    /// An event dispatched by a blank line; its buffers are valid only during the call.
    case event(SSEEventBytes)
    /// A valid `retry` field set the reconnection time to this many milliseconds.
    case retry(milliseconds: Int)
}
