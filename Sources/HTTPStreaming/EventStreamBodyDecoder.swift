import EventStreamer

/// `EventStreamDecoder` (Event Streamer NDJSON) behind the `HTTPBodyDecoder` seam: each body buffer goes to
/// `EventStreamDecoder.feed(_:onItem:)`, which decodes complete lines where they lie. A rejected line (including
/// `line-too-long`, whose bytes are dropped with at most the line limit buffered) is an item, as in the SDK, and
/// the stream goes on; a consumer that wants to end on it throws from its item handler.
public struct EventStreamBodyDecoder: HTTPBodyDecoder {
    /// The wrapped decoder.
    public private(set) var decoder: EventStreamDecoder
    /// The body's last byte so far was not an LF.
    var endsMidLine = false

    /// Wraps `decoder`.
    public init(_ decoder: EventStreamDecoder = EventStreamDecoder()) {
        self.decoder = decoder
    }

    public mutating func decode(
        _ bytes: UnsafeRawBufferPointer, onItem: (EventStreamDecoder.Item) -> Void
    ) throws(EventStreamerError) {
        if let last = bytes.last { endsMidLine = last != 0x0A }
        decoder.feed(bytes, onItem: onItem)
    }

    /// Ends the body: an unterminated last line is still decoded (as the SDK does), and the end is `truncated`.
    public mutating func finish(
        onItem: (EventStreamDecoder.Item) -> Void
    ) throws(EventStreamerError) -> HTTPStreamEnd {
        decoder.finish(onItem: onItem)
        return endsMidLine ? .truncated : .complete
    }
}
