import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// The listening socket of a mock: accepts connections (TLS first when configured, then NIOHTTP1's request
/// decoder and `MockHTTPHandler`), runs one request loop task per connection, and can stop listening for a
/// while (`refuse`) and bind the same port again.
final class MockListener: Sendable {
    typealias Route = @Sendable (MockRequest, MockConnection) async -> Void

    let host: String
    private let state: NIOLockedValueBox<(channel: (any Channel)?, port: Int, stopped: Bool)>
    private let tls: (any MockTLSProvider)?
    private let route: NIOLockedValueBox<Route?>
    private let group: any EventLoopGroup

    init(host: String, tls: (any MockTLSProvider)?, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.host = host
        self.tls = tls
        self.group = group
        state = NIOLockedValueBox((nil, 0, false))
        route = NIOLockedValueBox(nil)
    }

    var port: Int { state.withLockedValue { $0.port } }

    func setRoute(_ route: @escaping Route) { self.route.withLockedValue { $0 = route } }

    /// Binds `port` (0: ephemeral) and starts accepting.
    func bind(port: Int) async throws {
        let channel = try await makeBootstrap().bind(host: host, port: port).get()
        let bound = channel.localAddress?.port ?? port
        state.withLockedValue { $0 = (channel, bound, false) }
    }

    /// Closes the listening socket for `duration` (connection attempts are refused by the kernel), then binds
    /// the same port again.
    func refuse(for duration: TimeAmount) async {
        let channel = state.withLockedValue { state -> (any Channel)? in
            defer { state.channel = nil }
            return state.channel
        }
        guard let channel else { return }
        try? await channel.close().get()
        let port = self.port
        Task {
            try? await Task.sleep(for: .nanoseconds(duration.nanoseconds))
            guard !self.state.withLockedValue({ $0.stopped }) else { return }
            for _ in 0..<50 {
                if (try? await self.bind(port: port)) != nil { return }
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    func stop() async {
        let channel = state.withLockedValue { state -> (any Channel)? in
            state.stopped = true
            defer { state.channel = nil }
            return state.channel
        }
        try? await channel?.close().get()
    }

    private func makeBootstrap() -> ServerBootstrap {
        let tls = self.tls
        let route = self.route
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try tls?.addServerHandlers(to: channel)
                    let (requests, continuation) = AsyncStream<MockRequest>.makeStream()
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)))
                    try sync.addHandler(MockHTTPHandler(continuation: continuation))
                    let connection = MockConnection(channel: channel)
                    let handle = route.withLockedValue { $0 }
                    Task {
                        for await request in requests {
                            await handle?(request, connection)
                            if request.header("connection")?.lowercased() == "close" {
                                await connection.close()
                            }
                            if !connection.isActive { break }
                        }
                    }
                }
            }
    }
}
