import Codecs

/// The seam between `HTTPEventStream` and a format decoder: bytes of the response body in, items out, pushed.
///
/// `HTTPEventStream` calls `decode(_:onItem:)` once per body `ByteBuffer`, with the buffer's readable bytes lent
/// in place (`ByteBuffer.withUnsafeReadableBytes`, no copy), and `finish(onItem:)` once when the body ends. An
/// adapter is a few lines around a decoder's push API (`SSEBodyDecoder`, `EventStreamBodyDecoder`), so when a
/// decoder's method names change only the adapter's one call changes. A session that decodes a typed event in
/// place can conform its own adapter and map lent views to owned items inside `decode`.
public protocol HTTPBodyDecoder: Sendable {
    /// What the consumer receives: an owned value (it may be kept after `decode` returns).
    associatedtype Item: Sendable
    /// The error that ends the stream (a decoder limit); the body is not read further after it.
    associatedtype Failure: CodecError

    /// Decodes the next bytes of the body (valid only during the call) and calls `onItem` with every item they
    /// complete, in stream order; throws after the items that preceded a stream-ending error.
    mutating func decode(_ bytes: UnsafeRawBufferPointer, onItem: (Item) -> Void) throws(Failure)

    /// The body has ended: calls `onItem` with what the buffered input still completes, and says whether the body
    /// ended cleanly or in the middle of a line or an item (`HTTPStreamEnd.truncated`).
    mutating func finish(onItem: (Item) -> Void) throws(Failure) -> HTTPStreamEnd
}
