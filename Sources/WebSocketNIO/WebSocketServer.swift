import NIOCore
import NIOPosix

/// An in-process WebSocket server on the same codec, for mock servers and tests: listens (loopback and an
/// ephemeral port by default), answers upgrades per its configuration and runs `onConnection` for each socket.
public final class WebSocketServer: Sendable {
    /// The TCP port bound (useful with port 0).
    public let port: Int
    /// The host the server listens on.
    public let host: String
    /// Whether connections run TLS (`wss://`).
    public let isSecure: Bool
    private let channel: any Channel

    /// `ws://host:port` (or `wss://` with TLS), the URL clients connect to.
    public var url: String {
        let scheme = isSecure ? "wss" : "ws"
        return host.contains(":") ? "\(scheme)://[\(host)]:\(port)" : "\(scheme)://\(host):\(port)"
    }

    private init(channel: any Channel, host: String, port: Int, isSecure: Bool) {
        self.channel = channel
        self.host = host
        self.port = port
        self.isSecure = isSecure
    }

    /// Starts listening (TLS first when `configuration.transportSecurity` is set); `onConnection` runs in its own
    /// task per upgraded connection. When it returns, a connection still open is closed with 1000.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, configuration: WebSocketServerConfiguration = .init(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        onConnection: @escaping @Sendable (WebSocket) async -> Void
    ) async throws -> WebSocketServer {
        let bootstrap = ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let secured: EventLoopFuture<Void> =
                    configuration.transportSecurity?.addServerHandlers(to: channel)
                    ?? channel.eventLoop.makeSucceededVoidFuture()
                return secured.flatMapThrowing {
                    let handler = WebSocketChannelHandler(
                        server: ServerHandshakeDriver(configuration: configuration),
                        bufferCapacity: configuration.maxBufferedMessages,
                        bufferByteCapacity: configuration.maxBufferedBytes,
                        handshakeTimeout: TimeAmount(configuration.handshakeTimeout)
                    ) { result in
                        guard case .success(let socket) = result else { return }
                        Task {
                            await onConnection(socket)
                            _ = try? await socket.close(code: 1000, reason: "")
                        }
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        let boundPort = channel.localAddress?.port ?? port
        return WebSocketServer(
            channel: channel, host: host, port: boundPort, isSecure: configuration.transportSecurity != nil)
    }

    /// Stops accepting connections (open connections keep running until they end).
    public func stop() async throws {
        try await channel.close()
    }
}
