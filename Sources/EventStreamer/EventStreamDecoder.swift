public import Codecs

/// Decodes an Event Streamer HTTP response body (NDJSON) incrementally, in the decoder convention (DecoderConvention
/// article): `feed(_:)` + `next()`, or push with `feed(_:onItem:)`; `finish()` (or `finish(onItem:)`) at end of
/// body. Items are owned values either way (there is no lent form: a message's Strings are what it is made of). A
/// rejected line (bad JSON, unknown type, invalid fields, over-long) is reported with its
/// physical line number and the stream goes on, as the SDK's client logs and skips it.
public struct EventStreamDecoder: Sendable {
    /// One item of the stream.
    public enum Item: Sendable, Equatable {
        case message(StreamingMessage, line: Int)
        case rejected(EventStreamerError, line: Int)
    }

    var framer: NDJSONFramer
    let decoder: StreamingMessageDecoder
    /// Field names repeat on every line: their strings are built once.
    var keyCache = JSONKeyCache()

    public init(lineLimits: NDJSONLimits = NDJSONLimits(), jsonLimits: JSONLimits = JSONLimits()) {
        framer = NDJSONFramer(limits: lineLimits)
        decoder = StreamingMessageDecoder(limits: jsonLimits)
    }

    /// Appends a chunk of the body.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        framer.feed(chunk)
    }

    /// The body has ended; a last line without LF is decoded too.
    public mutating func finish() {
        framer.finish()
    }

    /// The next message or rejected line, or nil when more input is needed.
    public mutating func next() -> Item? {
        // The framer is moved out while it runs, so the body may use the key cache in place.
        var lines = framer
        framer = NDJSONFramer(limits: lines.limits)
        defer { framer = lines }
        return lines.next { frame -> Item in item(for: frame) }
    }

    /// Decodes `chunk` and calls `onItem` with every message or rejected line it completes, in order: the same
    /// items `feed(_:)` and draining `next()` give, but complete lines are decoded where they lie in `chunk`
    /// instead of being copied into the decoder first. Fast path; its reference is `feed(_:)` + `next()`
    /// (`EventStreamDecoderTests` and the `FuzzEventStream` oracle compare the two under every chunking).
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, onItem: (Item) -> Void) {
        var lines = framer
        framer = NDJSONFramer(limits: lines.limits)
        defer { framer = lines }
        lines.feed(chunk, onItem: { frame in onItem(item(for: frame)) })
    }

    /// The body has ended: calls `onItem` with the last line's item, if a line without LF was left.
    public mutating func finish(onItem: (Item) -> Void) {
        finish()
        while let item = next() { onItem(item) }
    }

    /// The item for one framed line.
    mutating func item(for frame: NDJSONFramer.Frame) -> Item {
        switch frame {
        case let .line(bytes, number, offset):
            do throws(EventStreamerError) {
                return .message(try decoder.decode(bytes, baseOffset: offset, keyCache: &keyCache), line: number)
            } catch {
                return .rejected(error, line: number)
            }
        case let .lineTooLong(number, offset):
            let limit = framer.limits.maxLineLength
            return .rejected(EventStreamerError(.lineTooLong(limit: limit), offset: offset), line: number)
        }
    }
}
