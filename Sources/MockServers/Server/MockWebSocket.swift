import Codecs
import NIOCore
import WSFrame

/// What a mock's WebSocket peer sent.
public enum MockWebSocketInbound: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
    case ping([UInt8])
    /// The peer's close frame (code nil for an empty one); the codec has echoed it.
    case closed(code: UInt16?)
    /// The peer broke the protocol or the connection ended abnormally (the codec's stable error code).
    case failed(code: String)
}

/// A mock's open WebSocket: data frames are encoded by the script with `encoder` (our `WebSocketEncoder`,
/// server role, compressing when permessage-deflate was negotiated) and written raw, so faults can cut or
/// corrupt them; control frames (pongs, the close handshake) are the codec's `WebSocketConnection`'s.
public final class MockWebSocket: Sendable {
    public let connection: MockConnection
    /// Messages, pings and the close from the peer, in order; ends when the connection does.
    public let inbound: AsyncStream<MockWebSocketInbound>
    /// The negotiated permessage-deflate parameters (nil: none).
    public let deflate: PerMessageDeflateParameters?
    private let handler: NIOLoopBound<MockWebSocketHandler>

    init(connection: MockConnection, handler: NIOLoopBound<MockWebSocketHandler>,
         inbound: AsyncStream<MockWebSocketInbound>, deflate: PerMessageDeflateParameters?) {
        self.connection = connection
        self.handler = handler
        self.inbound = inbound
        self.deflate = deflate
    }

    /// A fresh encoder for this connection's data frames (one per connection: it holds the deflate context).
    public func makeEncoder() -> WebSocketEncoder {
        WebSocketEncoder(role: .server, deflate: deflate)
    }

    /// Starts the closing handshake with `code` and waits (at most 2 s) for the peer's answer and the close.
    public func close(code: UInt16, reason: String = "") async {
        let handler = self.handler
        try? await handler.eventLoop.submit { handler.value.startClose(code: code, reason: reason) }.get()
        let channel = connection.channel
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
        await connection.waitClosed()
        timeout.cancel()
    }

    /// Stops reading: nothing received is processed any more, so pings go unanswered (`stall`).
    public func stall() async {
        let handler = self.handler
        try? await handler.eventLoop.submit { handler.value.stalled = true }.get()
    }
}

/// Feeds the bytes after the upgrade to the codec's server-side `WebSocketConnection`, writes what it answers
/// (pongs, the close echo), and passes data messages, pings and the close to the mock's script.
final class MockWebSocketHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var connection: WebSocketConnection
    private let continuation: AsyncStream<MockWebSocketInbound>.Continuation
    private var context: ChannelHandlerContext?
    /// True after `stall`: received bytes are dropped unread.
    var stalled = false

    init(configuration: WebSocketConnection.Configuration, continuation: AsyncStream<MockWebSocketInbound>.Continuation) {
        connection = WebSocketConnection(role: .server, configuration: configuration, now: Self.now())
        self.continuation = continuation
    }

    static func now() -> MonotonicInstant { MonotonicInstant(nanoseconds: NIODeadline.now().uptimeNanoseconds) }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        continuation.finish()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !stalled else { return }
        let buffer = unwrapInboundIn(data)
        let now = Self.now()
        buffer.withUnsafeReadableBytes { connection.feed($0, now: now) }
        drive(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.finish(now: Self.now())
        drive(context: context)
        continuation.finish()
        context.fireChannelInactive()
    }

    func startClose(code: UInt16, reason: String) {
        guard let context else { return }
        try? connection.close(code: code, reason: reason, now: Self.now())
        drive(context: context)
    }

    private func drive(context: ChannelHandlerContext) {
        do throws(WebSocketConnectionError) {
            while let event = try connection.next() {
                switch event {
                case .message(.text(let text)): continuation.yield(.text(text))
                case .message(.binary(let bytes)): continuation.yield(.binary(bytes))
                case .ping(let payload): continuation.yield(.ping(payload))
                case .close(let code, _): continuation.yield(.closed(code: code))
                case .pong, .fragment: break
                }
            }
        } catch {
            continuation.yield(.failed(code: error.code))
        }
        if !connection.pendingWrites.isEmpty {
            context.writeAndFlush(NIOAny(ByteBuffer(bytes: connection.pendingWrites)), promise: nil)
            connection.clearPendingWrites()
        }
        if connection.shouldCloseTransport {
            context.close(promise: nil)
        }
    }
}
