import NIOCore
import NIOPosix

/// Connects WebSocket clients over SwiftNIO: resolves and connects the URL, runs the opening handshake (headers
/// such as `Authorization: Bearer …`, subprotocols, permessage-deflate offer) and returns the open `WebSocket`.
public struct WebSocketClient: Sendable {
    public var configuration: WebSocketClientConfiguration
    public var eventLoopGroup: any EventLoopGroup

    public init(configuration: WebSocketClientConfiguration = .init(),
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
    }

    /// Opens a connection to `url` (`ws://host[:port]/path?query`); throws `WebSocketClientError`, or the
    /// codec's `WebSocketHandshakeError` (e.g. `.unexpectedStatus` with status, headers and body for a 401).
    public func connect(to url: String) async throws -> WebSocket {
        let target = try WebSocketURL(url)
        return try await connect(to: target)
    }

    /// Opens a connection to a parsed URL.
    public func connect(to url: WebSocketURL) async throws -> WebSocket {
        let configuration = self.configuration
        if url.scheme == .wss && configuration.transportSecurity == nil { throw WebSocketClientError.tlsUnavailable }
        let handshake = try ClientHandshakeDriver(url: url, configuration: configuration)
        let eventLoop = eventLoopGroup.next()
        let opened = eventLoop.makePromise(of: WebSocket.self)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                let secured: EventLoopFuture<Void> =
                    if url.scheme == .wss, let security = configuration.transportSecurity {
                        security.addClientHandlers(to: channel, serverHostname: url.host)
                    } else {
                        channel.eventLoop.makeSucceededVoidFuture()
                    }
                return secured.flatMapThrowing {
                    let handler = WebSocketChannelHandler(
                        client: handshake, bufferCapacity: configuration.maxBufferedMessages,
                        bufferByteCapacity: configuration.maxBufferedBytes,
                        handshakeTimeout: TimeAmount(configuration.handshakeTimeout)
                    ) { result in opened.completeWith(result) }
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        do {
            _ = try await bootstrap.connect(host: url.host, port: url.port).get()
        } catch {
            opened.fail(error)
        }
        return try await opened.futureResult.get()
    }

    /// Opens a connection with `configuration` on the shared event loop group.
    public static func connect(to url: String, configuration: WebSocketClientConfiguration = .init())
        async throws -> WebSocket
    {
        try await WebSocketClient(configuration: configuration).connect(to: url)
    }
}

extension TimeAmount {
    /// `duration` in NIO's nanosecond time amount, saturating.
    init(_ duration: Duration) {
        self = .nanoseconds(duration.nanosecondsSaturating)
    }
}
