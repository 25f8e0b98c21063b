import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import WSFrame

/// One accepted TCP connection of a mock: raw byte writes (so faults can cut anywhere), `drip` (one byte per
/// write), clean close, abortive close, and the switch to WebSocket after a 101.
public final class MockConnection: Sendable {
    let channel: any Channel
    private let dripping = NIOLockedValueBox(false)

    init(channel: any Channel) {
        self.channel = channel
    }

    /// True while the TCP connection is open.
    public var isActive: Bool { channel.isActive }

    /// From now on every write goes out one byte at a time (`drip`).
    public func startDripping() { dripping.withLockedValue { $0 = true } }

    /// Writes `bytes` and waits until the socket took them (so a fast sender is paced by the peer).
    public func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        if dripping.withLockedValue({ $0 }) {
            for byte in bytes {
                try await channel.writeAndFlush(ByteBuffer(bytes: [byte])).get()
            }
        } else {
            try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
        }
    }

    /// Closes after everything written has gone out (FIN).
    public func close() async {
        try? await channel.close().get()
    }

    /// Closes at once, before any response (for `refuse`: the peer sees the connection end unanswered).
    public func reset() async {
        try? await channel.close().get()
    }

    /// Waits until the connection is closed (by either side).
    public func waitClosed() async {
        try? await channel.closeFuture.get()
    }

    /// Writes the 101 `response`, then takes the connection over from the HTTP decoder: bytes after the request
    /// (already read or still to come) go to a WebSocket connection (our codec, server role) with `configuration`.
    func upgrade(response: [UInt8], configuration: WebSocketConnection.Configuration, log: ServerLog, attempt: Int)
        async throws -> MockWebSocket
    {
        let channel = self.channel
        let (stream, continuation) = AsyncStream<MockWebSocketInbound>.makeStream()
        let handlerBox = try await channel.eventLoop.submit { () throws -> NIOLoopBound<MockWebSocketHandler> in
            let handler = MockWebSocketHandler(configuration: configuration, continuation: continuation)
            let sync = channel.pipeline.syncOperations
            let decoder = try sync.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            let http = try sync.handler(type: MockHTTPHandler.self)
            channel.writeAndFlush(ByteBuffer(bytes: response), promise: nil)
            try sync.addHandler(handler, position: .after(decoder))
            sync.removeHandler(http, promise: nil)
            sync.removeHandler(decoder, promise: nil)
            return NIOLoopBound(handler, eventLoop: channel.eventLoop)
        }.get()
        return MockWebSocket(connection: self, handler: handlerBox, inbound: stream, deflate: configuration.deflate)
    }
}
