import WSFrame

/// The messages of one WebSocket connection, in order, for a single `for try await` loop.
///
/// Ends (nil) after the closing handshake; throws `WebSocketConnectionError` when the connection failed. Reading
/// is paced by this loop: a slow consumer stops socket reads rather than buffering without bound. Leaving the
/// loop early discards later messages (control frames and the closing handshake still run).
public struct WebSocketMessageSequence: AsyncSequence, Sendable {
    public typealias Element = WebSocketMessage

    let queue: InboundMessageQueue

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(token: ConsumerToken(queue: queue))
    }

    /// Iterator over the messages; one per connection.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let token: ConsumerToken

        public mutating func next() async throws -> WebSocketMessage? {
            try await token.queue.next()
        }
    }

    /// Tells the queue when the iterator is gone, so the handler stops waiting for a consumer.
    final class ConsumerToken: Sendable {
        let queue: InboundMessageQueue

        init(queue: InboundMessageQueue) { self.queue = queue }

        deinit { queue.consumerTerminated() }
    }
}
