import NIOCore
import WSFrame

/// An open WebSocket connection, client or server side: read `messages`, `send`, `ping`, `close`.
///
/// All protocol work happens in the codec on the channel's event loop; this type only hops there.
public final class WebSocket: Sendable {
    /// What the opening handshake agreed on.
    public let negotiated: WebSocketNegotiated
    /// The connection's data messages, for one `for try await` loop.
    public let messages: WebSocketMessageSequence
    private let channel: any Channel
    private let handler: NIOLoopBound<WebSocketChannelHandler>
    private let closedFuture: EventLoopFuture<WebSocketCloseInfo>

    init(channel: any Channel, handler: NIOLoopBound<WebSocketChannelHandler>, queue: InboundMessageQueue,
         negotiated: WebSocketNegotiated, closed: EventLoopFuture<WebSocketCloseInfo>) {
        self.channel = channel
        self.handler = handler
        self.messages = WebSocketMessageSequence(queue: queue)
        self.negotiated = negotiated
        self.closedFuture = closed
    }

    /// Sends a text message; returns once it is written to the socket (so a fast sender is paced by the network).
    public func send(text: String) async throws {
        try await send(.text(text))
    }

    /// Sends a binary message; returns once it is written to the socket.
    public func send(binary: [UInt8]) async throws {
        try await send(.binary(binary))
    }

    /// Sends `message`; fails with `WebSocketClientError.notOpen` once the closing handshake has started.
    public func send(_ message: WebSocketMessage) async throws {
        let handler = self.handler
        try await handler.eventLoop.flatSubmit { handler.value.send(message, on: handler.eventLoop) }.get()
    }

    /// Sends a ping (payload at most 125 bytes, RFC 6455 §5.5); the codec answers the peer's pings by itself.
    public func ping(_ payload: [UInt8] = []) async throws {
        let handler = self.handler
        try await handler.eventLoop.flatSubmit { handler.value.ping(payload, on: handler.eventLoop) }.get()
    }

    /// Starts the closing handshake with `code` and `reason` and waits until the transport has closed.
    @discardableResult
    public func close(code: UInt16 = 1000, reason: String = "") async throws -> WebSocketCloseInfo {
        let handler = self.handler
        try? await handler.eventLoop.flatSubmit {
            handler.value.close(code: code, reason: reason, on: handler.eventLoop)
        }.get()
        return try await closed()
    }

    /// Waits until the connection has ended and says how (peer's close code and reason, clean or not).
    public func closed() async throws -> WebSocketCloseInfo {
        try await closedFuture.get()
    }

    /// Drops the TCP connection without a closing handshake (peer sees 1006).
    public func abort() {
        channel.close(promise: nil)
    }

    /// Messages decoded but not yet taken by the application (for tests of the memory bound).
    var bufferedMessageCount: Int {
        get async throws {
            let handler = self.handler
            return try await handler.eventLoop.submit { handler.value.bufferedMessageCount }.get()
        }
    }
}
