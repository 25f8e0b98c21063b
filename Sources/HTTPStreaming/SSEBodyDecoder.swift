import SSE

/// `SSEDecoder` behind the `HTTPBodyDecoder` seam: each body buffer goes to `SSEDecoder.feed(_:onItem:)`, which
/// parses it where it lies (only its unfinished last line is kept) and lends each event as an `SSEEventView`;
/// the adapter turns the view into an owned `SSEEvent` (its Strings: the one copy an owned item needs).
public struct SSEBodyDecoder: HTTPBodyDecoder {
    /// The wrapped decoder; read `decoder.lastEventID` and `decoder.reconnectionTime` after a stream to resume.
    public private(set) var decoder: SSEDecoder
    /// The last byte fed, to tell whether the body ended mid-line.
    var lastByte: UInt8?

    /// Wraps `decoder` (seed it with the previous connection's last event ID when reconnecting).
    public init(_ decoder: SSEDecoder = SSEDecoder()) {
        self.decoder = decoder
    }

    public mutating func decode(
        _ bytes: UnsafeRawBufferPointer, onItem: (SSEItem<SSEEvent>) -> Void
    ) throws(SSEDecodingError) {
        if let last = bytes.last { lastByte = last }
        try decoder.feed(bytes) { onItem($0.map(\.event)) }
    }

    /// Ends the body. It was cut off when it does not end in a line end, or when a complete `data` or `id` line
    /// waits for the blank line that dispatches it: found by feeding a copy of the decoder two line ends.
    public mutating func finish(onItem: (SSEItem<SSEEvent>) -> Void) throws(SSEDecodingError) -> HTTPStreamEnd {
        var truncated = false
        if let lastByte, lastByte != 0x0A, lastByte != 0x0D { truncated = true }
        if !truncated, !decoder.hasFailed {
            var probe = decoder
            let idBefore = probe.lastEventID
            var dispatched = false
            let lineEnds: [UInt8] = [0x0A, 0x0A]
            lineEnds.withUnsafeBytes { probe.feed($0) }
            while let item = try? probe.next() {
                if case .event = item { dispatched = true }
            }
            truncated = dispatched || probe.lastEventID != idBefore
        }
        try decoder.finish { onItem($0.map(\.event)) }
        return truncated ? .truncated : .complete
    }
}
